"""What needs attention in Rapportages: new reports for those who read them, and
scheduled reports that failed for the organisation admin."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.attention import Item, Urgency
from organisations.models import Membership
from organisations.permissions import can
from reports.models import ReportKind, ReportRequest, ReportStatus

# A report is new for a week after it is ready.
NEW_DAYS = 7
# A failed scheduled report is followed up within a month, or made again.
FAILED_DAYS = 31


def _title(report: ReportRequest) -> str:
    """As the report lists name it: kind, programme, period."""
    parts = [capfirst(report.get_kind_display())]
    if report.programme is not None:
        parts.append(report.programme.name)
    parts.append(
        f"{formats.date_format(report.period_start)} \N{EN DASH} "
        f"{formats.date_format(report.period_end)}"
    )
    return ", ".join(parts)


def new_report_items(membership: Membership, today: datetime.date) -> list[Item]:
    """The periodic reports of the kinds this role reads, ready this past week. One query."""
    kinds = [kind for kind in ReportKind.periodic() if can(membership, kind.permission)]
    reports = (
        ReportRequest.objects.for_organisation(membership.organisation)
        .filter(
            kind__in=kinds,
            status=ReportStatus.DONE,
            finished_at__date__gt=today - datetime.timedelta(days=NEW_DAYS),
        )
        .select_related("programme")
        .order_by("-finished_at")
    )
    return [
        Item(
            kind="report_ready",
            category=gettext_lazy("New reports ready"),
            title=_title(report),
            reason=_("Ready since %(date)s.")
            % {"date": formats.date_format(timezone.localdate(report.finished_at))},
            url=reverse("reports:detail", args=[report.pk]),
            urgency=Urgency.WATCH,
            since=timezone.localdate(report.finished_at),
            action=_("Read the report"),
        )
        for report in reports
    ]


def failed_schedule_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Reports a schedule made this past month that failed, unless a later one of the
    same schedule succeeded. One query."""
    later_success = ReportRequest.objects.filter(
        schedule=OuterRef("schedule"),
        status=ReportStatus.DONE,
        created_at__gt=OuterRef("created_at"),
    )
    failed = (
        ReportRequest.objects.for_organisation(membership.organisation)
        .filter(
            schedule__isnull=False,
            status=ReportStatus.FAILED,
            created_at__date__gt=today - datetime.timedelta(days=FAILED_DAYS),
        )
        .exclude(Exists(later_success))
        .select_related("programme")
        .order_by("created_at")
    )
    return [
        Item(
            kind="scheduled_report_failed",
            category=gettext_lazy("Scheduled reports that failed"),
            title=_title(report),
            reason=_("The scheduled report of %(date)s failed: %(error)s")
            % {
                "date": formats.date_format(timezone.localdate(report.created_at)),
                "error": report.error or _("no reason recorded"),
            },
            # The organisation admin keeps the schedules; reading reports is for the roles
            # they are made for.
            url=reverse("reports:schedule_edit", args=[report.schedule_id]),
            urgency=Urgency.NOW,
            since=timezone.localdate(report.created_at),
            action=_("Check the schedule"),
        )
        for report in failed
    ]
