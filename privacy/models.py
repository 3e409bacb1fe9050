"""Retention (AVG art. 5(1)(e)): how long an organisation keeps what names people, and
what the nightly job removed.

Each kind of record has a period the organisation admin sets, within bounds: long
enough for what the record is for (the BIO asks for logging to be kept, POP coverage
compares this year with the last), never open-ended. Without a stored policy the
defaults below apply, so an organisation needs no row until its admin changes one.
Sessions and the ceiling on login records are the installation's, not the
organisation's: docs/retention.md says why.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from organisations.models import Organisation, OrganisationOwned
from organisations.months import add_months


class RetentionKind(models.TextChoices):
    """What the nightly job removes, in the order it does so and the page shows it."""

    LEAVERS = "leavers", _("leavers' records")
    POP_CONVERSATIONS = "pop_conversations", _("POP-gesprekken")
    ACCESS_LOG = "access_log", _("access-log entries")
    HR_REPORTS = "hr_reports", _("HR reports (PDF)")
    LOGIN_RECORDS = "login_records", _("login records")

    @property
    def what_happens(self):
        """Leavers are anonymised, so that the figures stay; the rest is removed."""
        return _("anonymised") if self == RetentionKind.LEAVERS else _("removed")


class Unit(models.TextChoices):
    MONTHS = "months", _("months")
    DAYS = "days", _("days")


@dataclass(frozen=True)
class Bounds:
    """A kind's period: in which unit, its default, and the shortest and longest allowed."""

    field: str
    unit: Unit
    default: int
    minimum: int
    maximum: int


# The defaults and bounds, and why (docs/retention.md has the longer story):
# - leavers' records: 24 months after leaving, then anonymised; at least 3 months, so a
#   complete HR export that wrongly marked someone as left can still be put right.
# - POP-gesprekken: 36 months after they were held; at least 24, because a POP-gesprek is
#   recorded for this year or the last, and last year's coverage must stay complete.
# - access-log entries: 24 months; at least 6, the BIO's minimum for keeping logging.
# - HR reports: 90 days after they were made; at least 31, because a monthly schedule
#   knows it made this month's report by the report being there (reports.services).
# - login records: 90 days; at least 7, to look into an incident found after a weekend
#   or a holiday; never longer than LOGIN_RECORDS_RETENTION_DAYS, the installation's own.
BOUNDS: dict[RetentionKind, Bounds] = {
    RetentionKind.LEAVERS: Bounds("leavers_months", Unit.MONTHS, 24, 3, 120),
    RetentionKind.POP_CONVERSATIONS: Bounds("pop_conversations_months", Unit.MONTHS, 36, 24, 120),
    RetentionKind.ACCESS_LOG: Bounds("access_log_months", Unit.MONTHS, 24, 6, 120),
    RetentionKind.HR_REPORTS: Bounds("hr_reports_days", Unit.DAYS, 90, 31, 3650),
    RetentionKind.LOGIN_RECORDS: Bounds("login_records_days", Unit.DAYS, 90, 7, 3650),
}


def _period_field(kind: RetentionKind, verbose_name, help_text) -> models.PositiveSmallIntegerField:
    bounds = BOUNDS[kind]
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=bounds.default,
        validators=[MinValueValidator(bounds.minimum), MaxValueValidator(bounds.maximum)],
        help_text=help_text,
    )


def _within_bounds(kind: RetentionKind) -> models.CheckConstraint:
    bounds = BOUNDS[kind]
    return models.CheckConstraint(
        condition=Q(
            **{f"{bounds.field}__gte": bounds.minimum, f"{bounds.field}__lte": bounds.maximum}
        ),
        name=f"retention_{bounds.field}_in_bounds",
    )


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (see organisations.months)."""
    return add_months(day, -months)


def login_records_ceiling() -> int:
    """The installation's own retention of login records: no organisation keeps longer."""
    return settings.LOGIN_RECORDS_RETENTION_DAYS


class RetentionPolicy(OrganisationOwned):
    """An organisation's retention periods. At most one per organisation; without one,
    `policy_for` gives the defaults."""

    leavers_months = _period_field(
        RetentionKind.LEAVERS,
        _("leavers' records, in months after leaving"),
        _(
            "After this many months the record of someone who left is anonymised: name, "
            "email, personnel number and free texts go, the figures stay. At least 3, at "
            "most 120; 24 unless you change it."
        ),
    )
    pop_conversations_months = _period_field(
        RetentionKind.POP_CONVERSATIONS,
        _("POP-gesprekken, in months after they were held"),
        _(
            "Older POP-gesprekken are removed, with their agreements. At least 24, so that "
            "last year's coverage stays complete; at most 120; 36 unless you change it."
        ),
    )
    access_log_months = _period_field(
        RetentionKind.ACCESS_LOG,
        _("access log, in months"),
        _(
            "Older entries of the access log of personal data are removed. At least 6, as "
            "the BIO asks for logging to be kept; at most 120; 24 unless you change it."
        ),
    )
    hr_reports_days = _period_field(
        RetentionKind.HR_REPORTS,
        _("HR reports, in days after they were made"),
        _(
            "Older HR reports, which name employees, are removed, file and all. At least "
            "31, so that a monthly report is not made twice; at most 3650; 90 unless you "
            "change it."
        ),
    )
    login_records_days = _period_field(
        RetentionKind.LOGIN_RECORDS,
        _("login records, in days"),
        _(
            "Older records of your colleagues' logins and failed attempts (addresses, "
            "browsers, wrong codes of the second step) and of second factors reset are "
            "removed. At least 7; never longer than the installation keeps them; 90 unless "
            "you change it."
        ),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="retention_policy_once"),
            *(_within_bounds(kind) for kind in RetentionKind),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def period(self, kind: RetentionKind) -> int:
        """The period that applies, in the kind's unit: login records never longer than
        the installation keeps them."""
        value = getattr(self, BOUNDS[kind].field)
        if kind == RetentionKind.LOGIN_RECORDS:
            return min(value, login_records_ceiling())
        return value

    def period_text(self, kind: RetentionKind) -> str:
        count = self.period(kind)
        if BOUNDS[kind].unit == Unit.MONTHS:
            return ngettext("%(count)s month", "%(count)s months", count) % {"count": count}
        return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}

    def kept_from(self, kind: RetentionKind, today: datetime.date) -> datetime.date:
        """The first day whose records are kept: what is older goes."""
        if BOUNDS[kind].unit == Unit.MONTHS:
            return months_before(today, self.period(kind))
        return today - datetime.timedelta(days=self.period(kind))


def policy_for(organisation: Organisation) -> RetentionPolicy:
    """The organisation's stored policy, or an unsaved one with the defaults."""
    stored = (
        RetentionPolicy.objects.filter(organisation=organisation)
        .select_related("updated_by")
        .first()
    )
    return stored or RetentionPolicy(organisation=organisation)


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day`, in the installation's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class RetentionRun(OrganisationOwned):
    """One application of the policy, nightly or started by the admin: what went (or,
    in a dry run, would have gone) per kind. Each kind's count is written in the same
    transaction as its removal, so the row never says more or less than happened."""

    day = models.DateField(_("measured from"))
    dry_run = models.BooleanField(_("dry run"), default=False)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
        help_text=_("Empty for the nightly job."),
    )
    # Kept apart from the link, so the run still says who it was.
    started_by_username = models.CharField(_("username"), max_length=150, blank=True)
    counts = models.JSONField(_("records per kind"), default=dict, blank=True)
    failed = models.JSONField(_("kinds that failed"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        indexes = [models.Index(fields=["organisation", "-started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=models.F("started_at")),
                name="retention_run_finishes_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def who(self) -> str:
        return self.started_by_username

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self) -> list[tuple[RetentionKind, int | None, bool]]:
        """Per kind: how many went (None when it did not get there) and whether it failed."""
        return [
            (kind, self.counts.get(kind.value), kind.value in self.failed) for kind in RetentionKind
        ]
