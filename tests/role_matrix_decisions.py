"""Role-matrix entries for the decision requests (besluitvragen): everyone who sees the
programme reads them, the programme manager prepares them, a director decides; another
organisation's request is a 404. Collected by tests/test_role_matrix.py."""

import datetime

from organisations.models import Role
from tests.role_matrix import ALL_ROLES, obj, pk

PM, DIRECTOR = Role.PROGRAMME_MANAGER, Role.DIRECTOR


def entries() -> dict:
    return {
        "transformation:decision_list": obj(*ALL_ROLES, kwargs=pk("programme")),
        "transformation:decision_detail": obj(*ALL_ROLES, kwargs=pk("open_request")),
        "transformation:decision_create": obj(PM, kwargs=pk("programme")),
        "transformation:decision_edit": obj(PM, kwargs=pk("open_request")),
        # Asks first: the confirmation page.
        "transformation:decision_delete": obj(PM, kwargs=pk("open_request")),
        "transformation:proposal_dismiss": obj(
            PM,
            kwargs=pk("programme"),
            method="post",
            status=302,
            data={"source": "red:0:0", "reason": "Matrix"},
        ),
        "transformation:decision_outcome": obj(DIRECTOR, kwargs=pk("open_request")),
        "transformation:decision_ask_again": obj(
            PM, kwargs=pk("postponed_request"), method="post", status=302
        ),
    }


def extend_world(world: dict) -> dict:
    """An open request of Voorbeeldstad's programme, and one the directors postponed."""
    from transformation.models import DecisionOutcome, DecisionRequest

    if "open_request" in world:
        return world
    programme = world["programme"]
    common = {"organisation": programme.organisation, "programme": programme}
    return {
        **world,
        "open_request": DecisionRequest.objects.create(
            **common, title="Matrixbesluit", question="Besluit de directie?"
        ),
        "postponed_request": DecisionRequest.objects.create(
            **common,
            title="Uitgesteld besluit",
            question="Later?",
            outcome=DecisionOutcome.POSTPONED,
            decided_on=datetime.date(2026, 10, 1),
            outcome_note="Na de zomer",
        ),
    }
