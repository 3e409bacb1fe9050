"""Inclusie: the organisation's own employees and their digital development.

Employee records are personal data (AVG/GDPR): only HR advisers and organisation
admins see individuals, every view and change is logged, and everyone else sees
aggregates.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.badges import Colour, Coloured
from organisations.i18n import localised
from organisations.models import OrganisationOwned, OrganisationScopedQuerySet, OrganisationUnit

User = settings.AUTH_USER_MODEL


class Vulnerability(Coloured, models.TextChoices):
    NONE = "", _("not assessed")
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")

    @property
    def colour(self) -> Colour | None:
        return {
            Vulnerability.LOW: Colour.GREEN,
            Vulnerability.MEDIUM: Colour.AMBER,
            Vulnerability.HIGH: Colour.RED,
        }.get(self)  # not assessed: plain text


class Job(OrganisationOwned):
    """A job (functie) as the HR system names it; functiemetamorfose rates how
    vulnerable it is to digitalisation."""

    name = models.CharField(_("name"), max_length=200)
    vulnerability = models.CharField(
        _("vulnerability"), max_length=10, choices=Vulnerability.choices, blank=True
    )
    vulnerability_reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Which tasks of this job digitalisation takes over."),
    )
    horizon = models.CharField(
        _("horizon"),
        max_length=100,
        blank=True,
        help_text=_("When the change is expected, for example: within two years."),
    )

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="job_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class EmployeeQuerySet(OrganisationScopedQuerySet):
    def active(self) -> EmployeeQuerySet:
        return self.filter(active=True)

    def search(self, query: str) -> EmployeeQuerySet:
        """Employees whose name holds every word of `query` ("jan bakk" finds Jan de
        Bakker), or whose personnel number is `query` or starts with it."""
        query = query.strip()
        if not query:
            return self
        by_name = Q()
        for word in query.split():
            by_name &= Q(name__icontains=word)
        return self.filter(by_name | Q(personnel_number__istartswith=query))


class Employee(OrganisationOwned):
    personnel_number = models.CharField(_("personnel number"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    unit = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("organisational unit"),
    )
    job = models.ForeignKey(
        Job,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("job"),
    )
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("manager"),
    )
    active = models.BooleanField(_("employed"), default=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # Erasure (AVG art. 17): the record stays for the figures, without anyone in it.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    anonymisation_reason = models.CharField(_("reason for anonymising"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The audit trail (AVG): who changed the record, when, before and after.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "personnel_number"], name="employee_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.personnel_number})"

    @classmethod
    def from_db(cls, db, field_names, values):
        employee = super().from_db(db, field_names, values)
        # The job as stored, so that save() knows when the target levels to compare the
        # latest levels with change (a deferred job counts as changed).
        employee._stored_job_id = employee.__dict__.get("job_id", _UNKNOWN)
        return employee

    def save(self, *args, **kwargs) -> None:
        adding = self._state.adding
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        job_saved = fields is None or "job" in fields or "job_id" in fields
        if job_saved and not adding and self.job_id != getattr(self, "_stored_job_id", _UNKNOWN):
            LatestLevel.follow_jobs(Employee.objects.filter(pk=self.pk))
        if job_saved:
            self._stored_job_id = self.job_id


_UNKNOWN = object()


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    IMPORT = "import", _("imported")
    EXPORT = "export", _("exported")
    ERASE = "erase", _("anonymised")


class AccessLogEntry(OrganisationOwned):
    """Who saw or changed whose personal data, and when. Never edited; removed only by
    the organisation's retention period for the access log (privacy.retention).

    The entry keeps the user's username and name of that moment, and a user who has
    entries cannot be deleted (PROTECT): the administration deactivates them instead,
    so the log never loses who it was."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("user")
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    user_name = models.CharField(_("name"), max_length=300, blank=True)
    employee = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name=_("employee"),
    )
    # Kept apart from the link, so the entry still says whom it was about.
    personnel_number = models.CharField(_("personnel number"), max_length=30, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.personnel_number}"

    @classmethod
    def new(cls, *, user, employee=None, detail: str = "", **fields) -> AccessLogEntry:
        """An entry, not saved yet, with who did it and whom it was about kept in it."""
        return cls(
            user=user,
            username=user.get_username() if user is not None else "",
            user_name=(user.get_full_name() or user.get_username()) if user is not None else "",
            employee=employee,
            personnel_number=employee.personnel_number if employee is not None else "",
            detail=detail[:300],
            **fields,
        )

    @property
    def who(self) -> str:
        return self.user_name or self.username


def log_access(*, user, organisation, action: str, employee=None, detail: str = "") -> None:
    AccessLogEntry.new(
        user=user, organisation=organisation, action=action, employee=employee, detail=detail
    ).save()


# --- Settings -----------------------------------------------------------------------------------


class InclusionSettings(OrganisationOwned):
    """How small a group may be before its figures are hidden ("<5")."""

    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=5,
        validators=[MinValueValidator(5)],
        help_text=_("Figures about fewer employees than this are shown as “<5”. At least 5."),
    )
    pop_coverage_target = models.PositiveSmallIntegerField(
        _("POP coverage target (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "The share of employees whose POP-gesprek this year covered digital skills that "
            "every unit should reach. Units below it need HR's attention."
        ),
    )

    class Meta:
        verbose_name = _("inclusion settings")
        verbose_name_plural = _("inclusion settings")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="inclusion_settings_once"),
            models.CheckConstraint(condition=Q(min_group_size__gte=5), name="min_group_at_least_5"),
            models.CheckConstraint(
                condition=Q(pop_coverage_target__gte=1, pop_coverage_target__lte=100),
                name="pop_coverage_target_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


def min_group_size(organisation) -> int:
    settings_row = InclusionSettings.objects.filter(organisation=organisation).first()
    return settings_row.min_group_size if settings_row else 5


def inclusion_settings(organisation) -> InclusionSettings:
    """The organisation's settings, or the defaults when it never saved any (not stored)."""
    return InclusionSettings.objects.filter(organisation=organisation).first() or InclusionSettings(
        organisation=organisation
    )


# --- Skills framework ---------------------------------------------------------------------------


class LevelGroup(models.TextChoices):
    FOUNDATION = "foundation", _("foundation")
    INTERMEDIATE = "intermediate", _("intermediate")
    ADVANCED = "advanced", _("advanced")
    HIGHLY_SPECIALISED = "highly_specialised", _("highly specialised")


# DigComp 2.2's eight proficiency levels, two per group.
LEVEL_CHOICES = [(n, str(n)) for n in range(1, 9)]
LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(8)]


class CompetenceArea(OrganisationOwned):
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["organisation", "number"]
        verbose_name = _("competence area")
        verbose_name_plural = _("competence areas")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="area_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.localised_name}"

    @property
    def localised_name(self) -> str:
        return localised(self.name, self.name_en)


class Competence(OrganisationOwned):
    area = models.ForeignKey(
        CompetenceArea, on_delete=models.PROTECT, related_name="competences", verbose_name=_("area")
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    digcomp = models.BooleanField(_("part of DigComp"), default=False)

    class Meta:
        ordering = ["organisation", "area__number", "code"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="competence_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.localised_name}"

    @property
    def localised_name(self) -> str:
        return localised(self.name, self.name_en)


class TargetLevel(OrganisationOwned):
    """The level a job asks for in one competence."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="target_levels")
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("target level"), choices=LEVEL_CHOICES, validators=LEVEL_VALIDATORS
    )

    class Meta:
        verbose_name = _("target level")
        verbose_name_plural = _("target levels")
        constraints = [
            models.UniqueConstraint(fields=["job", "competence"], name="target_once"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=8), name="target_level_1_to_8"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.competence_id}: {self.level}"


class AssessmentSource(models.TextChoices):
    SELF = "self", _("self-assessment")
    MANAGER = "manager", _("manager")
    HR = "hr", _("HR")


class Assessment(OrganisationOwned):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="assessments")
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="+", verbose_name=_("competence")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=LEVEL_CHOICES, validators=LEVEL_VALIDATORS
    )
    assessed_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=10, choices=AssessmentSource.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["employee", "competence", "-assessed_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [
            # "The latest assessment of this employee in this competence" (the skills
            # gaps, the heatmap, the reports) is one index lookup per target level,
            # whatever the planner knows about the tables; with the level in the index
            # (PostgreSQL), without a visit to the table: 48 → 40 ms for the 25,000
            # lookups of a heatmap of 4,000 employees.
            models.Index(
                fields=["employee", "competence", "-assessed_on", "-id"],
                include=["level"],
                name="assessment_latest_level",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=8), name="assessment_level_1_to_8"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.competence_id}: {self.level}"

    def save(self, *args, **kwargs):
        before = None
        if self.pk is not None:
            before = (
                Assessment.objects.filter(pk=self.pk)
                .values_list("employee_id", "competence_id")
                .first()
            )
        with transaction.atomic():
            super().save(*args, **kwargs)
            LatestLevel.keep(self.employee_id, self.competence_id)
            if before and before != (self.employee_id, self.competence_id):
                LatestLevel.keep(*before)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            LatestLevel.keep(self.employee_id, self.competence_id)
        return result


class LatestLevel(models.Model):
    """The level of an employee's latest assessment of a competence (the latest date,
    then the latest entered), beside the level their job asks for in it: the skills
    gaps are the rows whose level is below the target, read through a partial index
    instead of joining every latest level with the job's target levels.

    Kept by Assessment.save() and delete(); after a bulk write of assessments,
    `refresh_latest_levels` makes it anew for the employees concerned. The target
    follows the job: Employee.save() when the job changes, `follow_jobs` after a bulk
    write of employees' jobs or of target levels (`target_levels_set`, the import),
    receivers for a target level saved or removed on its own (removed with its job
    too). Goes with its employee."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVEL_CHOICES)
    # The employee's job's target level for the competence; empty when it asks none.
    target = models.PositiveSmallIntegerField(
        _("target level"), choices=LEVEL_CHOICES, null=True, blank=True
    )

    class Meta:
        verbose_name = _("latest level")
        verbose_name_plural = _("latest levels")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "competence"], name="latest_level_once_per_competence"
            ),
        ]
        indexes = [
            # The gaps only (about one row in six): what the heatmap and the counts read.
            models.Index(
                fields=["employee", "competence"],
                condition=Q(level__lt=F("target")),
                name="latest_level_gap",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.competence_id}: {self.level}"

    @classmethod
    def keep(cls, employee_id: int, competence_id: int) -> None:
        """The pair's row as its assessments say now: two queries."""
        latest = (
            Assessment.objects.filter(employee_id=employee_id, competence_id=competence_id)
            .order_by("-assessed_on", "-pk")
            .values_list("level", flat=True)
            .first()
        )
        if latest is None:
            cls.objects.filter(employee_id=employee_id, competence_id=competence_id).delete()
            return
        target = (
            TargetLevel.objects.filter(job__employees=employee_id, competence_id=competence_id)
            .values_list("level", flat=True)
            .first()
        )
        cls.objects.update_or_create(
            employee_id=employee_id,
            competence_id=competence_id,
            defaults={"level": latest, "target": target},
        )

    @classmethod
    def follow_jobs(cls, employees: models.QuerySet) -> int:
        """The target levels of `employees` (a queryset) copied anew from their jobs,
        after their job or their job's target levels changed in bulk: one UPDATE."""
        target = TargetLevel.objects.filter(
            job__employees=OuterRef("employee_id"), competence_id=OuterRef("competence_id")
        ).values("level")[:1]
        return cls.objects.filter(employee__in=employees.values("pk")).update(
            target=Subquery(target)
        )


@receiver(post_save, sender=TargetLevel)
def _target_saved(sender, instance: TargetLevel, raw=False, **kwargs) -> None:
    """A target level saved on its own (not through `target_levels_set`'s bulk write)."""
    if not raw:
        LatestLevel.objects.filter(
            employee__job_id=instance.job_id, competence_id=instance.competence_id
        ).update(target=instance.level)


@receiver(pre_delete, sender=TargetLevel)
def _target_removed(sender, instance: TargetLevel, **kwargs) -> None:
    """A target level removed, also with its job or competence: before the job's
    employees lose their job, so they can still be found."""
    LatestLevel.objects.filter(
        employee__job_id=instance.job_id, competence_id=instance.competence_id
    ).update(target=None)


def refresh_latest_levels(employees: models.QuerySet) -> int:
    """LatestLevel made anew for `employees` (a queryset), after assessments were
    written in bulk (the demo, the generated organisation): the assessments are read
    once, in order, and the rows written in batches, each with its target level as the
    employee's job asks it. Returns how many rows there are."""
    latest: dict[tuple[int, int], int] = {}
    rows = (
        Assessment.objects.filter(employee__in=employees)
        .order_by("employee_id", "competence_id", "assessed_on", "pk")
        .values_list("employee_id", "competence_id", "level")
    )
    for employee_id, competence_id, level in rows.iterator(chunk_size=10_000):
        latest[(employee_id, competence_id)] = level  # the last one read is the latest
    with transaction.atomic():
        jobs = dict(employees.values_list("pk", "job_id"))
        targets = {
            (job_id, competence_id): level
            for job_id, competence_id, level in TargetLevel.objects.filter(
                job_id__in=set(jobs.values())  # None, for no job, matches nothing
            ).values_list("job_id", "competence_id", "level")
        }
        LatestLevel.objects.filter(employee__in=employees).delete()
        LatestLevel.objects.bulk_create(
            (
                LatestLevel(
                    employee_id=employee_id,
                    competence_id=competence_id,
                    level=level,
                    target=targets.get((jobs[employee_id], competence_id)),
                )
                for (employee_id, competence_id), level in latest.items()
            ),
            batch_size=5_000,
        )
    return len(latest)


# --- Digital-skills actions and POP-gesprekken ---------------------------------------------------


class ActionKind(models.TextChoices):
    TRAINING = "training", _("training")
    INTERVISIE = "intervisie", _("intervisie on practice cases")
    POP_AGREEMENT = "pop_agreement", _("POP-gesprek agreement")
    CHAMPION_COACHING = "champion_coaching", _("coaching by a champion")
    MOBILITY_STEP = "mobility_step", _("step in a mobility trajectory")
    RECRUITMENT = "recruitment", _("digital skills as a recruitment requirement")
    LEARNING_NETWORK = "learning_network", _("learning network or experiment")


class ActionStatus(Coloured, models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")

    @property
    def colour(self) -> Colour:
        return {
            # Still to do: it needs someone's attention.
            "planned": Colour.AMBER,
            "done": Colour.GREEN,
            "cancelled": Colour.GREY,
        }[self.value]


class PopConversation(OrganisationOwned):
    """The yearly POP-gesprek: did digital skills and resilience come up?"""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="pop_conversations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    held_on = models.DateField(_("held on"))
    digital_skills = models.BooleanField(_("digital skills discussed"), default=False)
    digital_resilience = models.BooleanField(_("digital resilience discussed"), default=False)
    agreements = models.TextField(_("agreements"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["employee", "-year"]
        verbose_name = _("POP-gesprek")
        verbose_name_plural = _("POP-gesprekken")
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="pop_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}"

    @property
    def covered_digital_skills(self) -> bool:
        return self.digital_skills


class SkillsAction(OrganisationOwned):
    """A digital-skills action an HR adviser logs for one employee, several or a unit."""

    kind = models.CharField(_("type"), max_length=30, choices=ActionKind.choices)
    employees = models.ManyToManyField(
        Employee, related_name="skills_actions", verbose_name=_("employees")
    )
    unit = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for the whole unit"),
    )
    competences = models.ManyToManyField(
        Competence, related_name="+", blank=True, verbose_name=_("competences addressed")
    )
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.DONE
    )
    notes = models.TextField(_("notes"), blank=True)
    pop_conversation = models.ForeignKey(
        PopConversation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("agreed in the POP-gesprek"),
    )
    # Attendance of an adoption training session counts as a training action.
    # A session deleted on the adoption track leaves who attended it as it was: their
    # training happened (the action keeps its day, kind and initiative).
    training_session = models.ForeignKey(
        "adoption.TrainingSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skills_actions",
        verbose_name=_("training session"),
    )
    # The initiative the action prepares people for (seed 000: work programmatically).
    # Attendance of an initiative's training session links itself (save()).
    initiative = models.ForeignKey(
        "transformation.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skills_actions",
        verbose_name=_("for the initiative"),
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    # The employees and competences (many-to-many) are not in the trail: the access log
    # records each employee an action is logged for.
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-held_on", "-pk"]
        verbose_name = _("digital-skills action")
        verbose_name_plural = _("digital-skills actions")
        indexes = [
            # "Logged by you, last" on the logging page: the newest few of one person's
            # actions, without sorting all of them (200,000 by one HR adviser: 122 → 1 ms).
            models.Index(
                fields=["created_by", "-created_at", "-id"], name="action_logged_by_latest"
            ),
            # The organisation's actions of one status in a period: those planned from
            # today (the attention list), done in the last year (the lessons' evidence),
            # overdue. At scale 20 the director's dashboard 169 → 112 ms.
            models.Index(
                fields=["organisation", "status", "held_on"], name="action_by_status_and_day"
            ),
            # The list of actions, newest first, a page at a time: the page read in
            # order, not all of them sorted for it (at scale 20, 104 -> 1 ms).
            models.Index(fields=["organisation", "-held_on", "-id"], name="action_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0), name="action_hours_not_negative"
            ),
            models.UniqueConstraint(
                fields=["training_session"],
                condition=Q(training_session__isnull=False),
                name="one_action_per_training_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {formats.date_format(self.held_on)}"

    def save(self, *args, **kwargs) -> None:
        # Attendance of a training session serves the initiative whose adoption track
        # holds the session, unless someone chose otherwise.
        if self.training_session_id and self.initiative_id is None:
            from adoption.models import TrainingSession

            self.initiative_id = (
                TrainingSession.objects.filter(pk=self.training_session_id)
                .values_list("track__initiative_id", flat=True)
                .first()
            )
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and self.initiative_id is not None:
                kwargs["update_fields"] = {*update_fields, "initiative"}
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            # Its status or day may have changed: the days of its employees (a new
            # action has none yet; they come through m2m_changed).
            if not adding:
                ActionDays.keep(self.employees.all())

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            employees = list(self.employees.values_list("pk", flat=True))
            result = super().delete(*args, **kwargs)
            ActionDays.keep(employees)
        return result


class ActionDays(models.Model):
    """The days of an employee's actions that figures over many employees ask about, so
    that they are one join over the employees instead of a search through every
    action's employees (at scale 20, 627,000 pairs): the latest done action ("developing
    in the past twelve months", the lessons' evidence) and the latest planned one
    (anything planned from a day on, the HR adviser's attention list).

    Kept by SkillsAction.save() and delete() and by a change of an action's employees
    (`_employees_changed`), for the employees concerned; code that writes past them
    (the bulk status change, the demo's and the generated organisation's bulk_create)
    calls `keep` itself. An employee without a done or planned action has no row. Goes
    with its employee."""

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, primary_key=True, related_name="action_days"
    )
    done_on = models.DateField(_("latest done action"), null=True)
    planned_until = models.DateField(_("latest planned action"), null=True)

    class Meta:
        verbose_name = _("days of an employee's actions")
        verbose_name_plural = _("days of employees' actions")

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.done_on}, {self.planned_until}"

    @classmethod
    def keep(cls, employees) -> None:
        """The rows of `employees` (ids, employees, or a queryset of employees) as their
        actions say now: two statements however many, the rows made in the database."""
        if isinstance(employees, models.QuerySet):
            employees = employees.values("pk")
        else:
            employees = sorted({getattr(e, "pk", e) for e in employees})
            if not employees:
                return
        days = (
            SkillsAction.employees.through.objects.filter(
                employee_id__in=employees,
                skillsaction__status__in=[ActionStatus.DONE, ActionStatus.PLANNED],
            )
            .values("employee_id")
            .annotate(**_latest_days())
            .order_by()
            .values_list("employee_id", "done_on", "planned_until")
        )
        select, params = days.query.sql_with_params()
        table = connection.ops.quote_name(cls._meta.db_table)
        with transaction.atomic():
            cls.objects.filter(employee_id__in=employees).delete()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (employee_id, done_on, planned_until) {select}", params
                )


def _latest_days() -> dict:
    """ActionDays' two days, over an employee's rows of SkillsAction.employees.through."""
    day = "skillsaction__held_on"
    return {
        "done_on": models.Max(day, filter=Q(skillsaction__status=ActionStatus.DONE)),
        "planned_until": models.Max(day, filter=Q(skillsaction__status=ActionStatus.PLANNED)),
    }


@receiver(m2m_changed, sender=SkillsAction.employees.through)
def _employees_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """An action's employees changed (or an employee's actions): keep the days of the
    employees concerned. Clearing is seen before (who was there) and after (kept)."""
    if reverse:
        concerned = [instance.pk]
    elif action == "pre_clear":
        instance._cleared_employees = list(instance.employees.values_list("pk", flat=True))
        return
    elif action == "post_clear":
        concerned = instance.__dict__.pop("_cleared_employees", [])
    else:
        concerned = pk_set or []
    if action in ("post_add", "post_remove", "post_clear"):
        ActionDays.keep(concerned)


class InitiativeCompetence(OrganisationOwned):
    """A competence an initiative asks of the people in its units (seed 000: concrete
    changes on the shop floor give digital inclusion its meaning). Without a level, the
    level each employee's job asks for (its target level) counts."""

    initiative = models.ForeignKey(
        "transformation.Initiative",
        on_delete=models.CASCADE,
        related_name="competences_asked",
        verbose_name=_("initiative"),
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.CASCADE, related_name="+", verbose_name=_("competence")
    )
    level = models.PositiveSmallIntegerField(
        _("level asked"),
        choices=LEVEL_CHOICES,
        validators=LEVEL_VALIDATORS,
        null=True,
        blank=True,
        help_text=_("Empty: the target level of each employee's job."),
    )

    class Meta:
        ordering = ["initiative", "competence__code"]
        verbose_name = _("competence asked by an initiative")
        verbose_name_plural = _("competences asked by initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "competence"], name="initiative_competence_once"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=8),
                name="initiative_competence_level_1_to_8",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.competence_id}: {self.level or '-'}"


# --- Functiemetamorfose -------------------------------------------------------------------------


class Destination(models.TextChoices):
    INTERNAL_JOB = "internal_job", _("a new internal job")
    UPSKILLED = "upskilled", _("upskilled in the own job")
    EXTERNAL = "external", _("outside the organisation")


class TrajectoryStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ACTIVE = "active", _("under way")
    COMPLETED = "completed", _("completed")
    STOPPED = "stopped", _("stopped")


class MobilityTrajectory(OrganisationOwned):
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="trajectories", verbose_name=_("employee")
    )
    from_job = models.ForeignKey(
        Job, on_delete=models.PROTECT, related_name="trajectories_from", verbose_name=_("from job")
    )
    destination = models.CharField(_("destination"), max_length=20, choices=Destination.choices)
    destination_job = models.ForeignKey(
        Job,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajectories_to",
        verbose_name=_("new job"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TrajectoryStatus.choices,
        default=TrajectoryStatus.PLANNED,
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("The day a completed or stopped trajectory ended."),
    )
    outcome = models.TextField(_("outcome"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-started_on", "-pk"]
        verbose_name = _("mobility trajectory")
        verbose_name_plural = _("mobility trajectories")
        constraints = [
            models.CheckConstraint(
                condition=~Q(destination="internal_job") | Q(destination_job__isnull=False),
                name="internal_move_names_the_job",
            ),
            models.CheckConstraint(
                condition=~Q(destination_job=F("from_job")), name="new_job_differs"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="trajectory_ends_after_it_starts",
            ),
            # Only a trajectory that is over has an end.
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(status__in=["completed", "stopped"]),
                name="only_an_ended_trajectory_has_an_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.get_destination_display()}"


# --- The nine lessons ---------------------------------------------------------------------------


class LessonAssessment(OrganisationOwned):
    """A programme's self-assessment against one of seed 004's nine lessons."""

    programme = models.ForeignKey(
        "transformation.Programme", on_delete=models.CASCADE, related_name="lesson_assessments"
    )
    lesson = models.PositiveSmallIntegerField(
        _("lesson"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = not at all, 5 = fully."),
    )
    notes = models.TextField(_("notes"), blank=True)
    assessed_on = models.DateField(_("date"))
    assessed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["programme", "lesson", "-assessed_on", "-pk"]
        verbose_name = _("lesson self-assessment")
        verbose_name_plural = _("lesson self-assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(lesson__gte=1, lesson__lte=9, score__gte=1, score__lte=5),
                name="lesson_and_score_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} lesson {self.lesson}: {self.score}"
