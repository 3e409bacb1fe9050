"""Role-matrix entries for digital-skills actions, POP-gesprekken and training attendance."""

import datetime

from organisations.models import Role
from tests.factories import PopConversationFactory
from tests.role_matrix import members_only, obj, only


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
    return {**world, "pop": pop}
