"""What needs the organisation admin's attention in retention: a nightly run in which
a kind failed, or no nightly run for two days."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.attention import Item, Urgency
from organisations.models import Membership
from privacy.models import RetentionKind, RetentionRun

# The job runs every night; two nights without a run means it does not run.
QUIET_DAYS = 2


def retention_items(membership: Membership, today: datetime.date) -> list[Item]:
    """One query: the latest run that was not a dry run."""
    url = reverse("privacy:retention")
    latest = (
        RetentionRun.objects.for_organisation(membership.organisation)
        .filter(dry_run=False)
        .order_by("-started_at", "-pk")
        .first()
    )
    category = gettext_lazy("Retention")
    if latest is not None and latest.failed:
        kinds = [str(RetentionKind(code).label) for code in latest.failed if code in RetentionKind]
        return [
            Item(
                kind="retention_failed",
                category=category,
                title=_("Retention of %(date)s partly failed")
                % {"date": formats.date_format(timezone.localdate(latest.started_at))},
                reason=_("Not applied to: %(kinds)s. The next night tries again.")
                % {"kinds": ", ".join(kinds)},
                url=url,
                urgency=Urgency.NOW,
                since=timezone.localdate(latest.started_at),
            )
        ]
    last_day = timezone.localdate(latest.finished_at) if latest and latest.finished_at else None
    if last_day is None or (today - last_day).days > QUIET_DAYS:
        return [
            Item(
                kind="retention_quiet",
                category=category,
                title=_("Retention has not run for more than two days")
                if last_day
                else _("Retention has not run yet"),
                reason=_(
                    "Records past their retention period are kept until it runs; check "
                    "that the nightly job (beat and a worker) runs, or apply it now."
                ),
                url=url,
                urgency=Urgency.SOON,
                since=last_day,
                action=_("Apply it now"),
            )
        ]
    return []
