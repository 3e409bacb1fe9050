"""Role-matrix entries for digital-skills actions, POP-gesprekken and training attendance."""

import datetime

from organisations.models import Role
from tests.factories import PopConversationFactory, SkillsActionFactory
from tests.role_matrix import (
    ANONYMOUS,
    LOGIN,
    OTHER_ORGANISATION,
    Entry,
    members_only,
    obj,
    only,
)


def _action(world):
    return {"pk": world["planned_action"].pk}


def entries() -> dict:
    hr, admin = Role.HR_ADVISER, Role.ORGANISATION_ADMIN
    return {
        # Logging is the HR adviser's; the list names employees, so it is HR's and the admin's.
        "inclusion:actions:log": only(hr),
        "inclusion:actions:list": only(hr, admin),
        "inclusion:actions:employee_pop": obj(
            hr, admin, kwargs=lambda world: {"pk": world["employee"].pk}
        ),
        "inclusion:actions:pop_create": obj(hr, kwargs=lambda world: {"pk": world["employee"].pk}),
        "inclusion:actions:pop_edit": obj(hr, kwargs=lambda world: {"pk": world["pop"].pk}),
        # Searching employees, correcting and completing actions: the HR adviser's.
        "inclusion:actions:employee_search": only(hr),
        "inclusion:actions:edit": obj(hr, kwargs=_action),
        "inclusion:actions:delete": obj(hr, kwargs=_action),
        "inclusion:actions:status": obj(
            hr, kwargs=_action, method="post", status=302, data={"to": "cancelled"}
        ),
        # Ticked actions of another organisation are not found: nothing changes for them.
        "inclusion:actions:bulk": Entry(
            expected={
                ANONYMOUS: 302,
                **{role: 302 if role == hr else 403 for role in Role},
                OTHER_ORGANISATION: 302,
            },
            method="post",
            redirects_to={ANONYMOUS: LOGIN},
            other_role=hr,
            data={"to": "done"},
        ),
        # The list as a file: whoever may read the list.
        "inclusion:actions:export": Entry(
            expected={
                ANONYMOUS: 302,
                **{role: 200 if role in (hr, admin) else 403 for role in Role},
                OTHER_ORGANISATION: 200,
            },
            kwargs=lambda world: {"fmt": "xlsx"},
            redirects_to={ANONYMOUS: LOGIN},
        ),
        # Aggregates only: everyone in the organisation.
        "inclusion:actions:pop_coverage": members_only(),
        # Attendance by name is HR's; the programme manager keeps it as a number.
        "inclusion:actions:training_attendance": obj(
            hr, kwargs=lambda world: {"session_pk": world["rows"]["training"].pk}
        ),
    }


def extend_world(world: dict) -> dict:
    if "pop" in world:
        return world
    pop = PopConversationFactory(
        employee=world["employee"], held_on=datetime.date(2025, 5, 12), digital_skills=True
    )
    planned = SkillsActionFactory(
        organisation=world["employee"].organisation,
        employees=[world["employee"]],
        status="planned",
        held_on=datetime.date(2025, 5, 12),
    )
    return {**world, "pop": pop, "planned_action": planned}
