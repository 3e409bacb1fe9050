"""Role-matrix entries for inclusion tied to the initiatives; collected by
tests/test_role_matrix.py."""

from organisations.models import Role
from tests.role_matrix import obj


def entries() -> dict:
    return {
        # What an initiative asks of people: the programme manager and the HR adviser.
        "inclusion:initiatives:competences": obj(
            Role.PROGRAMME_MANAGER,
            Role.HR_ADVISER,
            kwargs=lambda world: {"pk": world["initiative"].pk},
        ),
    }


def extend_world(world: dict) -> dict:
    return world
