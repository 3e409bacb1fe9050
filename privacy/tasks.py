"""Celery tasks: thin wrappers that take ids and call `privacy.retention`."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from organisations.models import Organisation, User
from privacy import retention


@shared_task
def apply_retention_everywhere() -> int:
    """Beat, every night: one task per organisation, so that each has its own time limit
    and one organisation's failure is not another's. The number of organisations."""
    ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    for organisation_id in ids:
        apply_retention.delay(organisation_id)
    return len(ids)


# Anonymising thousands of leavers at once (the first night after a large import) takes
# longer than the default limit allows; the broker's visibility timeout is an hour.
@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=1800, time_limit=1900)
def apply_retention(organisation_id: int, user_id: int | None = None) -> int | None:
    """Apply one organisation's policy as on today; the run's id. Delivered twice, the
    second run finds nothing left to remove."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return None
    by = User.objects.filter(pk=user_id).first() if user_id is not None else None
    run = retention.retention_apply(
        organisation=organisation, today=timezone.localdate(), dry_run=False, by=by
    )
    return run.pk
