"""Role-matrix entries for retention: the organisation admin's page and its "apply now"."""

from organisations.models import Role
from tests.role_matrix import only


def entries() -> dict:
    return {
        "privacy:retention": only(Role.ORGANISATION_ADMIN),
        # The confirmation step; applying (its POST) is tested in test_retention.py.
        "privacy:apply": only(Role.ORGANISATION_ADMIN),
    }


def extend_world(world: dict) -> dict:
    """A stored policy and a run, so that the page shows both."""
    from django.utils import timezone

    from privacy.models import RetentionPolicy, RetentionRun

    if "retention_run" in world:
        return world
    organisation = world["programme"].organisation
    admin = world["members"][Role.ORGANISATION_ADMIN]
    RetentionPolicy.objects.create(organisation=organisation, updated_by=admin)
    now = timezone.now()
    run = RetentionRun.objects.create(
        organisation=organisation,
        day=timezone.localdate(),
        started_at=now,
        started_by=admin,
        started_by_username=admin.username,
        counts={"leavers": 0, "access_log": 2},
        finished_at=now,
    )
    return {**world, "retention_run": run}
