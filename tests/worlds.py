"""The worlds tests work in, as plain functions.

The fixtures in conftest.py call them for one test; a module that only reads its
world builds it once with `kept_for_the_module` (see test_role_matrix.py), which is
much quicker than building it again for each of hundreds of cases.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager

from django.db import transaction

from organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, OrganisationUnitFactory

ROLES = list(Role)


@contextmanager
def kept_for_the_module(django_db_blocker):
    """Data made inside stays for the tests of one module, then is rolled back.

    Each test still runs in a savepoint of its own (pytest-django's `db`), so
    whatever a test changes is undone before the next one starts.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def voorbeeldstad():
    return OrganisationFactory(slug="voorbeeldstad", name="Gemeente Voorbeeldstad")


def buurdorp():
    return OrganisationFactory(slug="buurdorp", name="Gemeente Buurdorp")


def members(organisation, prefix: str) -> dict:
    """One user per role in `organisation`, keyed by role."""
    return {
        role: MembershipFactory(
            organisation=organisation, role=role, user__username=f"{prefix}-{role}"
        ).user
        for role in ROLES
    }


def units(organisation) -> list:
    return [OrganisationUnitFactory(organisation=organisation) for _ in range(3)]


def programme_world(organisation, members: dict, units: list) -> dict:
    """A vision in three versions, a programme and one of everything in it."""
    from tests.factories import BenefitFactory, InitiativeFactory, ProgrammeFactory
    from transformation import services
    from transformation.models import BenefitMeasurement, CodeterminationPhase

    pm = members[Role.PROGRAMME_MANAGER]
    approved = services.vision_create(organisation=organisation, title="Visie 1", by=pm)
    services.vision_send_to_consultation(vision=approved)
    services.vision_approve(vision=approved, by=members[Role.DIRECTOR])
    draft = services.vision_create(
        organisation=organisation, title="Visie 2", by=pm, based_on=approved
    )
    consultation = services.vision_create(
        organisation=organisation, title="Visie 3", by=pm, based_on=approved
    )
    services.vision_send_to_consultation(vision=consultation)
    programme = ProgrammeFactory(organisation=organisation, owner=pm, vision=approved)
    initiative = InitiativeFactory(programme=programme, owner=pm, units=units[:2])
    benefit = BenefitFactory(initiative=initiative, owner=pm)
    measurement = BenefitMeasurement.objects.create(
        benefit=benefit, measured_on=benefit.baseline_on.replace(month=6), value=9
    )
    return {
        "approved": approved,
        "draft": draft,
        "consultation": consultation,
        "section": draft.sections.first(),
        "programme": programme,
        "intervention": programme.interventions.first(),
        "initiative": initiative,
        "phase": CodeterminationPhase.DEVELOPMENT,
        "benefit": benefit,
        "measurement": measurement,
    }


def adoption_world(programme_world: dict, units: list) -> dict:
    """The programme world's initiative with an adoption track and one row of each register."""
    from adoption.models import (
        AwarenessActivity,
        BusinessScenario,
        Champion,
        InspirationSession,
        Stakeholder,
        UsageMeasurement,
    )
    from tests.factories import AdoptionTrackFactory, InitiativeFactory, TrainingSessionFactory

    track = AdoptionTrackFactory(initiative=programme_world["initiative"], target_group_size=40)
    common = {"organisation": track.organisation, "track": track}
    day = datetime.date(2026, 3, 2)
    champion = Champion.objects.create(**common, name="Sanne", unit=units[0])
    rows = {
        "belanghebbende": Stakeholder.objects.create(
            **common, name="Afdelingshoofd", influence=5, interest=4, attitude="supporter"
        ),
        "champion": champion,
        "inspiratiesessie": InspirationSession.objects.create(**common, held_on=day, attendance=8),
        "scenario": BusinessScenario.objects.create(
            **common, title="Teams", problem="Bijlagen", desired_way="Links", applications="Teams"
        ),
        "bewustwording": AwarenessActivity.objects.create(
            **common, channel="video", held_on=day, reached=10, message="Minder zoeken"
        ),
        "training": TrainingSessionFactory(
            track=track, title="Teams", channel="classroom", held_on=day, trainer="X", attendance=6
        ),
        "gebruik": UsageMeasurement.objects.create(**common, measured_on=day, active_users=12),
    }
    without_track = InitiativeFactory(programme=programme_world["programme"])
    return {**programme_world, "track": track, "rows": rows, "draft_initiative": without_track}


def gate_override(programme, by, *, title: str = "Teams"):
    """A new initiative of `programme` whose track, in phase 3 with phases 1 to 3 not
    done, `by` moves on to training past the gate: the move waits for the directors."""
    from adoption import services
    from tests.factories import AdoptionTrackFactory, InitiativeFactory

    track = AdoptionTrackFactory(
        initiative=InitiativeFactory(programme=programme, title=title), current_phase=3
    )
    return services.track_move(track=track, by=by, override_reason="De leverancier kan alleen nu")


def employees(organisation, units: list) -> list:
    """Six employees: a manager and five in her team."""
    from tests.factories import EmployeeFactory, JobFactory

    job = JobFactory(organisation=organisation, name="Medewerker")
    manager = EmployeeFactory(
        organisation=organisation, personnel_number="1000", name="Marieke Bos", unit=units[0]
    )
    team = [
        EmployeeFactory(
            organisation=organisation,
            personnel_number=str(1001 + n),
            name=f"Medewerker {n}",
            unit=units[0],
            job=job,
            manager=manager,
        )
        for n in range(5)
    ]
    return [manager, *team]


def skills_actions(organisation, hr, employees: list, units: list) -> list:
    """Three digital-skills actions the HR adviser `hr` logged: an intervisie in March
    for one of the team, a training in April for the whole of unit 0, and a coaching
    planned in May for "Elders", who works in unit 1."""
    from inclusion.actions import services
    from tests.factories import EmployeeFactory

    other = EmployeeFactory(name="Elders", unit=units[1])
    first = services.skills_action_log(
        organisation=organisation,
        by=hr,
        kind="intervisie",
        held_on=datetime.date(2026, 3, 2),
        employees=[employees[1]],
    )
    second = services.skills_action_log(
        organisation=organisation,
        by=hr,
        kind="training",
        held_on=datetime.date(2026, 4, 10),
        unit=units[0],
        whole_unit=True,
    )
    third = services.skills_action_log(
        organisation=organisation,
        by=hr,
        kind="champion_coaching",
        held_on=datetime.date(2026, 5, 1),
        employees=[other],
        status="planned",
    )
    return [first, second, third]
