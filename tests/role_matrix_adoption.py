"""Role-matrix entries for the adoption board's steps (undo, a director's confirmation)
and the organisation admin's checklist settings."""

from organisations.models import Role
from tests.role_matrix import obj, only


def entries() -> dict:
    pm, director, admin = Role.PROGRAMME_MANAGER, Role.DIRECTOR, Role.ORGANISATION_ADMIN
    step = lambda world: {"pk": world["override"].pk}  # noqa: E731
    item = lambda world: {"pk": world["checklist_item"].pk}  # noqa: E731
    return {
        # Undoing a step is the programme manager's; confirming an override the director's.
        "adoption:move_undo": obj(pm, kwargs=step, method="post", status=302),
        "adoption:move_confirm": obj(director, kwargs=step, method="post", status=302),
        # The checklist is reference data: the organisation admin's.
        "adoption:checklist": only(admin),
        "adoption:checklist_create": only(admin),
        "adoption:checklist_edit": obj(admin, kwargs=item),
        # Asks first: the confirmation page.
        "adoption:checklist_delete": obj(admin, kwargs=item),
    }


def extend_world(world: dict) -> dict:
    if "override" in world:
        return world
    from adoption.models import ChecklistItem
    from tests import worlds

    override = worlds.gate_override(
        world["programme"], world["members"][Role.PROGRAMME_MANAGER], title="Over de poort"
    )
    # An item no track has ticked: it may be removed.
    item = ChecklistItem.objects.create(
        organisation=world["programme"].organisation, phase=1, text="Een extra punt"
    )
    return {**world, "override": override, "checklist_item": item}
