"""Report requests: each row is the truth about one PDF progress report and its job.

The web process only writes rows and enqueues their ids; a Celery worker makes the
document (`reports.services.report_make`). Whatever the broker or a worker does, the row
says where the report is: queued, running (with its progress), done (with its file)
or failed (with a message meant for the person who asked).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_email
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from organisations.badges import Colour, Coloured
from organisations.models import OrganisationOwned, OrganisationScopedQuerySet
from organisations.permissions import Perm


class ReportKind(models.TextChoices):
    MANAGEMENT = "management", _("management status report")
    HR = "hr", _("HR report")
    # AVG art. 15: everything Mensenwerk holds about one employee, asked from their page.
    INZAGE = "inzage", _("inzage: personal data held")

    @classmethod
    def periodic(cls) -> list[ReportKind]:
        """The kinds asked for a period on the reports page, and made by a schedule."""
        return [cls.MANAGEMENT, cls.HR]

    @property
    def permission(self) -> Perm:
        """Who may request and read this kind: the HR report names employees."""
        return {
            ReportKind.MANAGEMENT: Perm.REQUEST_MANAGEMENT_REPORT,
            ReportKind.HR: Perm.REQUEST_HR_REPORT,
            ReportKind.INZAGE: Perm.MANAGE_EMPLOYEES,
        }[self]

    @property
    def request_label(self):
        return {
            ReportKind.MANAGEMENT: _("Request a management status report"),
            ReportKind.HR: _("Request an HR report"),
            ReportKind.INZAGE: _("Make the inzage as PDF"),
        }[self]

    @property
    def file_label(self):
        return {
            ReportKind.MANAGEMENT: _("management report"),
            ReportKind.HR: _("HR report"),
            ReportKind.INZAGE: _("inzage"),
        }[self]


# The kinds that name employees: read by HR only, logged, and removed by retention.
PERSONAL_KINDS = frozenset({ReportKind.HR, ReportKind.INZAGE})


class ReportStatus(Coloured, models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("in progress")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")

    @property
    def colour(self) -> Colour:
        return {
            ReportStatus.QUEUED: Colour.GREY,
            ReportStatus.RUNNING: Colour.BLUE,
            ReportStatus.DONE: Colour.GREEN,
            ReportStatus.FAILED: Colour.RED,
        }[self]


class ReportStage(models.TextChoices):
    """What a running job is doing now, shown next to the progress bar."""

    WAITING = "waiting", _("waiting for a worker")
    RETRYING = "retrying", _("waiting to try again")
    COLLECTING = "collecting", _("collecting the figures")
    COMPOSING = "composing", _("composing the document")
    LAYOUT = "layout", _("laying out the pages")
    WRITING = "writing", _("writing the PDF/A file")
    STORING = "storing", _("storing the file")
    FINISHED = "finished", _("finished")


def default_language() -> str:
    return settings.LANGUAGE_CODE


class ReportRequestQuerySet(OrganisationScopedQuerySet):
    def visible_to(self, workspace) -> ReportRequestQuerySet:
        """The reports of the kinds this membership may read, in its organisation."""
        kinds = [kind for kind in ReportKind if workspace.can(kind.permission)]
        return self.for_organisation(workspace.organisation).filter(kind__in=kinds)


class ReportRequest(OrganisationOwned):
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    programme = models.ForeignKey(
        "transformation.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("programme"),
    )
    # The employee an inzage is about; deleted with them.
    employee = models.ForeignKey(
        "inclusion.Employee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employee"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=default_language
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    schedule = models.ForeignKey(
        "ReportSchedule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("schedule"),
    )
    annex = models.BooleanField(
        _("with the annex"),
        default=False,
        help_text=_(
            "An annex after the report with every initiative, benefit chart and "
            "co-determination step in full."
        ),
    )
    notify = models.BooleanField(
        _("email me a link when it is ready"),
        default=False,
    )

    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=ReportStage.choices, default=ReportStage.WAITING
    )
    progress = models.PositiveSmallIntegerField(
        _("progress"), default=0, validators=[MaxValueValidator(100)]
    )
    error = models.TextField(_("message"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    worker = models.CharField(_("worker"), max_length=200, blank=True)

    file = models.FileField(_("file"), max_length=300, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    snapshot = models.JSONField(_("figures"), default=dict, blank=True)

    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("last enqueued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("email sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["organisation", "kind", "-created_at"]),
            models.Index(fields=["status", "updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="report_period_in_order",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_le_100"),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.DONE) | ~Q(file=""),
                name="report_done_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ReportKind.MANAGEMENT) | Q(programme__isnull=False),
                name="management_report_has_programme",
            ),
            models.CheckConstraint(
                condition=(Q(kind=ReportKind.INZAGE) & Q(employee__isnull=False))
                | (~Q(kind=ReportKind.INZAGE) & Q(employee__isnull=True)),
                name="inzage_and_only_inzage_has_employee",
            ),
            # A schedule makes one report per period, however often beat looks.
            models.UniqueConstraint(
                fields=["schedule", "period_start"],
                condition=Q(schedule__isnull=False),
                name="one_scheduled_report_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start:%Y-%m-%d}/{self.period_end:%Y-%m-%d}"

    @property
    def report_kind(self) -> ReportKind:
        return ReportKind(self.kind)

    @property
    def is_open(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)

    @property
    def is_personal_data(self) -> bool:
        return self.kind in PERSONAL_KINDS

    @property
    def title(self) -> str:
        with override(self.language):
            return capfirst(str(self.report_kind.label))

    def filename(self) -> str:
        """What the download is called: organisation, kind and date, in the report's language."""
        day = timezone.localdate(self.finished_at or self.created_at or timezone.now())
        with override(self.language):
            kind = slugify(str(self.report_kind.file_label))
        return f"{self.organisation.slug}-{kind}-{day:%Y-%m-%d}.pdf"

    def storage_name(self) -> str:
        """One fixed place per request, so that a rerun replaces rather than adds a file."""
        return f"reports/{self.organisation.slug}/{self.pk}/{self.filename()}"

    def previous(self) -> ReportRequest | None:
        """The report this one is compared with: the finished report of the same kind,
        organisation and programme, made before this one, about the latest period that
        ended before this one's began (of two about that period, the one made last).

        A report about the same or an overlapping period would compare the period with
        itself (November beside a quarter that holds November), and one about a later
        period, made before this one, is no "previous report" of it."""
        return (
            ReportRequest.objects.filter(
                organisation_id=self.organisation_id,
                kind=self.kind,
                programme_id=self.programme_id,
                status=ReportStatus.DONE,
                created_at__lt=self.created_at,
                period_end__lt=self.period_start,
            )
            .exclude(pk=self.pk)
            .order_by("-period_end", "-created_at", "-id")
            .only("id", "snapshot", "created_at", "period_start", "period_end", "finished_at")
            .first()
        )


def validate_recipients(value: str) -> None:
    for address in recipient_list(value):
        try:
            validate_email(address)
        except ValidationError as error:
            raise ValidationError(
                _("%(address)s is not an email address."),
                code="invalid_recipient",
                params={"address": address},
            ) from error


def recipient_list(value: str) -> list[str]:
    return [
        part.strip()
        for part in value.replace(";", ",").replace("\n", ",").split(",")
        if part.strip()
    ]


class ReportSchedule(OrganisationOwned):
    """A monthly report an organisation admin has planned; beat makes it."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    programme = models.ForeignKey(
        "transformation.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_schedules",
        verbose_name=_("programme"),
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_(
            "The report covers the previous calendar month and is made on this day "
            "(1 to 28, so that every month has it)."
        ),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=default_language
    )
    recipients = models.TextField(
        _("recipients"),
        blank=True,
        validators=[validate_recipients],
        help_text=_(
            "Email addresses, separated by commas or one per line. They receive a link, "
            "never the file itself. Empty: the person who planned the report."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "day_of_month", "id"]
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(day_of_month__gte=1, day_of_month__lte=28),
                name="schedule_day_1_to_28",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ReportKind.MANAGEMENT) | Q(programme__isnull=False),
                name="management_schedule_has_programme",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.day_of_month})"

    def clean(self) -> None:
        if self.kind == ReportKind.MANAGEMENT and not self.programme_id:
            raise ValidationError(
                {"programme": _("A management report is about a programme: choose one.")}
            )

    def recipient_addresses(self) -> list[str]:
        addresses = recipient_list(self.recipients)
        if not addresses and self.created_by and self.created_by.email:
            addresses = [self.created_by.email]
        return addresses

    @staticmethod
    def period_for(day: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The previous calendar month, seen from `day`."""
        end = day.replace(day=1) - datetime.timedelta(days=1)
        return end.replace(day=1), end

    def is_due(self, day: datetime.date) -> bool:
        return self.active and day.day >= self.day_of_month
