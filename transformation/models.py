"""The information vision, the change programme and its initiatives.

Vocabulary from the sources: the informatievisie sets the course; the programme
works programmatically and has no required end date; an initiative is a
concrete change on the shop floor touching technology, processes and human
action; the five interventions are a health check of the programme;
co-determination (medezeggenschap) is recorded per initiative and phase;
benefits are measured against their targets.

Longer than the house's 600 lines on purpose: one models module per app keeps one
migration history readable and the foreign keys between vision, programme,
initiative, co-determination and benefit in one place; each part has its own
section below, and its rules live on the models (or in services.py for writes).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.badges import Colour, Coloured
from organisations.i18n import localised
from organisations.models import OrganisationOwned, OrganisationScopedQuerySet, OrganisationUnit
from organisations.months import add_months

User = settings.AUTH_USER_MODEL


# --- Information vision -------------------------------------------------------------------------


class Theme(OrganisationOwned):
    """A theme the organisation's information vision speaks about (its sections)."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["organisation", "position", "name"]
        verbose_name = _("vision theme")
        verbose_name_plural = _("vision themes")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="theme_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class VisionStatus(Coloured, models.TextChoices):
    DRAFT = "draft", _("draft")
    CONSULTATION = "consultation", _("in consultation")
    APPROVED = "approved", _("approved")
    SUPERSEDED = "superseded", _("superseded")

    @property
    def colour(self) -> Colour:
        return {
            VisionStatus.CONSULTATION: Colour.AMBER,
            VisionStatus.APPROVED: Colour.GREEN,
        }.get(self, Colour.GREY)


class VisionQuerySet(OrganisationScopedQuerySet):
    def approved(self) -> VisionQuerySet:
        return self.filter(status=VisionStatus.APPROVED)


class Vision(OrganisationOwned):
    """One version of the organisation's informatievisie."""

    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VisionStatus.choices, default=VisionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("based on"),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # When it last went into consultation: since when it waits for the directors, whatever
    # is corrected in it meanwhile.
    in_consultation_since = models.DateTimeField(
        _("in consultation since"), null=True, blank=True, editable=False
    )
    approved_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approval_note = models.TextField(_("approval note"), blank=True)

    # The audit trail of a programme decision: who changed what, when, before and after.
    history = HistoricalRecords(excluded_fields=["updated_at", "in_consultation_since"])

    objects = VisionQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-number"]
        verbose_name = _("information vision")
        verbose_name_plural = _("information visions")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="vision_number_unique"),
            # The course is set by one approved version at a time.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="approved"),
                name="vision_one_approved_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(status__in=VisionStatus.values), name="vision_status_is_known"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "superseded"]) | Q(approved_at__isnull=False),
                name="vision_approval_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return _("%(title)s (version %(number)s)") % {"title": self.title, "number": self.number}

    @property
    def is_editable(self) -> bool:
        """Approved and superseded versions are the record of what was decided."""
        return self.status in {VisionStatus.DRAFT, VisionStatus.CONSULTATION}

    @property
    def can_be_approved(self) -> bool:
        return self.status == VisionStatus.CONSULTATION


class VisionSection(models.Model):
    """What one vision version says about one theme."""

    vision = models.ForeignKey(
        Vision, on_delete=models.CASCADE, related_name="sections", verbose_name=_("vision")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="sections", verbose_name=_("theme")
    )
    introduction = models.TextField(_("text"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["vision", "position", "theme__name"]
        verbose_name = _("vision section")
        verbose_name_plural = _("vision sections")
        constraints = [
            models.UniqueConstraint(fields=["vision", "theme"], name="section_theme_once"),
        ]

    def __str__(self) -> str:
        return str(self.theme)


class StatementKind(models.TextChoices):
    PRINCIPLE = "principle", _("principle")
    AMBITION = "ambition", _("ambition")


class VisionStatement(models.Model):
    """A principle or an ambition within a section."""

    section = models.ForeignKey(VisionSection, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("kind"), max_length=20, choices=StatementKind.choices)
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["section", "kind", "position", "pk"]
        verbose_name = _("principle or ambition")
        verbose_name_plural = _("principles and ambitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=StatementKind.values), name="statement_kind_is_known"
            ),
        ]

    def __str__(self) -> str:
        return self.text


# --- Programme ----------------------------------------------------------------------------------


class Programme(OrganisationOwned):
    """The change programme (veranderprogramma)."""

    name = models.CharField(_("name"), max_length=200)
    aim = models.TextField(_("aim"))
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("owner")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_(
            "Optional, and usually empty: working digitally is not a project with an end. "
            "Functiemetamorfose is the new reality, so the programme keeps going until you "
            "decide otherwise."
        ),
    )
    vision = models.ForeignKey(
        Vision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("information vision"),
        help_text=_("The version of the information vision this programme puts into practice."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="programme_name_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="programme_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


class RAG(Coloured, models.TextChoices):
    GREEN = "green", _("green")
    AMBER = "amber", _("amber")
    RED = "red", _("red")

    @property
    def colour(self) -> Colour:
        return Colour(self.value)


# Sort order for "worst first".
RAG_SEVERITY = {RAG.RED: 0, RAG.AMBER: 1, RAG.GREEN: 2}

READINESS = [MinValueValidator(1), MaxValueValidator(5)]


class InitiativeQuerySet(OrganisationScopedQuerySet):
    def for_list(self) -> InitiativeQuerySet:
        return self.select_related("owner").prefetch_related("units")


class Initiative(OrganisationOwned):
    """A concrete change on the shop floor, e.g. Microsoft 365 voor Burgerzaken."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="initiatives", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("owner")
    )
    units = models.ManyToManyField(
        OrganisationUnit, related_name="initiatives", verbose_name=_("organisational units")
    )
    start_date = models.DateField(_("start date"))
    technology = models.TextField(
        _("technology"), help_text=_("Which technology changes, and what it asks of people.")
    )
    technology_readiness = models.PositiveSmallIntegerField(
        _("readiness of the technology"), validators=READINESS
    )
    processes = models.TextField(
        _("processes"), help_text=_("Which work processes and services change.")
    )
    processes_readiness = models.PositiveSmallIntegerField(
        _("readiness of the processes"), validators=READINESS
    )
    human_action = models.TextField(
        _("human action"),
        help_text=_("What employees and managers will do differently, and what they need for it."),
    )
    human_action_readiness = models.PositiveSmallIntegerField(
        _("readiness of human action"), validators=READINESS
    )
    status = models.CharField(_("status"), max_length=10, choices=RAG.choices, default=RAG.GREEN)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Beside InitiativeStatusChange (the status log with its reasons): every field.
    # The units (many-to-many) are not in it.
    history = HistoricalRecords()

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "title"], name="initiative_title_unique_in_programme"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RAG.values), name="initiative_status_is_known"
            ),
            models.CheckConstraint(
                condition=Q(status="green") | ~Q(status_reason=""),
                name="initiative_amber_or_red_has_a_reason",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"initiative_{name}_1_to_5",
                )
                for name in (
                    "technology_readiness",
                    "processes_readiness",
                    "human_action_readiness",
                )
            ],
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def dimensions(self) -> list[tuple[str, str, int]]:
        """Seed 000's three dimensions: (name, description, readiness)."""
        return [
            (_("Technology"), self.technology, self.technology_readiness),
            (_("Processes"), self.processes, self.processes_readiness),
            (_("Human action"), self.human_action, self.human_action_readiness),
        ]


class InitiativeStatusChange(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_changes"
    )
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=10, choices=RAG.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=RAG.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_status} → {self.to_status}"


# --- The five interventions ---------------------------------------------------------------------


class InterventionKind(models.IntegerChoices):
    """Seed 000's five interventions that give digital inclusion its place."""

    HR_ADVISER = 1, _("The strategic HR adviser has an active role from the start")
    DIRECTOR_LEVEL = (
        2,
        _(
            "The directors recognise that investing in digital inclusion is needed to realise "
            "the ambitions of the information vision"
        ),
    )
    OWNERSHIP = 3, _("A change strategy built on employees' ownership of their digital development")
    LINE_MANAGER = (
        4,
        _(
            "Line managers stimulate digital ownership; "
            "digital skills are part of every POP-gesprek"
        ),
    )
    PROGRAMMATIC = 5, _("Work programmatically")


INTERVENTION_GUIDANCE = {
    InterventionKind.HR_ADVISER: _(
        "Digital work is and remains people's work: the HR adviser reframes the change task "
        "(technology, processes and human action) and anchors digital competences in "
        "strategic personnel management."
    ),
    InterventionKind.DIRECTOR_LEVEL: _(
        "Without investment in digital inclusion, the investments in information provision "
        "do not pay off."
    ),
    InterventionKind.OWNERSHIP: _(
        "For example: involve employees in building solutions from the start, combine "
        "training with intervisie on real cases, and ask for digital skills when recruiting."
    ),
    InterventionKind.LINE_MANAGER: _(
        "Digital resilience and skills are a regular part of the POP-gesprek."
    ),
    InterventionKind.PROGRAMMATIC: _(
        "Digital inclusion is part of the whole change task, not a side project: concrete "
        "changes on the shop floor are the best hooks."
    ),
}


class InterventionStatus(Coloured, models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    ANCHORED = "anchored", _("anchored")

    @property
    def colour(self) -> Colour:
        return {
            InterventionStatus.IN_PROGRESS: Colour.AMBER,
            InterventionStatus.ANCHORED: Colour.GREEN,
        }.get(self, Colour.GREY)


class Intervention(OrganisationOwned):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="interventions")
    kind = models.PositiveSmallIntegerField(_("intervention"), choices=InterventionKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterventionStatus.choices,
        default=InterventionStatus.NOT_STARTED,
    )
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("What shows that this intervention is happening.")
    )
    owner = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "kind"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="intervention_once"),
            models.CheckConstraint(
                condition=Q(kind__in=InterventionKind.values), name="intervention_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=InterventionStatus.values),
                name="intervention_status_is_known",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def guidance(self) -> str:
        return INTERVENTION_GUIDANCE[InterventionKind(self.kind)]


class InterventionChange(models.Model):
    """The intervention as it was saved: who changed it, when, and to what."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=InterventionStatus.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    owner_name = models.CharField(_("owner"), max_length=300, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("intervention change")
        verbose_name_plural = _("intervention changes")

    def __str__(self) -> str:
        return f"{self.intervention_id}: {self.status}"


# --- Co-determination ---------------------------------------------------------------------------


class CodeterminationPhase(models.TextChoices):
    """Seed 002's phases of a digitalisation project."""

    IDEA = "idea", _("idea")
    DEVELOPMENT = "development", _("development")
    IMPLEMENTATION = "implementation", _("implementation")


class CodeterminationBody(OrganisationOwned):
    """The works council or committee involved: ondernemingsraad, MED, SU, …"""

    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("co-determination body")
        verbose_name_plural = _("co-determination bodies")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="body_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CodeterminationQuestion(OrganisationOwned):
    """A question the works council asks in one phase; editable per organisation."""

    phase = models.CharField(_("phase"), max_length=20, choices=CodeterminationPhase.choices)
    text = models.TextField(_("question (Dutch)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Questions no longer in use keep their earlier answers."),
    )

    class Meta:
        ordering = ["organisation", "phase", "position", "pk"]
        verbose_name = _("co-determination question")
        verbose_name_plural = _("co-determination questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__in=CodeterminationPhase.values),
                name="question_phase_is_known",
            ),
        ]

    def __str__(self) -> str:
        return self.localised_text

    @property
    def localised_text(self) -> str:
        return localised(self.text, self.text_en)


class LegalBasis(models.TextChoices):
    NONE = "", _("not applicable")
    WOR_25_1_K = (
        "wor_25_1_k",
        _("WOR art. 25 lid 1 sub k: advice on an important technological facility"),
    )
    WOR_27_1_K = (
        "wor_27_1_k",
        _("WOR art. 27 lid 1 sub k: consent on rules for handling personal data"),
    )
    WOR_27_1_L = (
        "wor_27_1_l",
        _("WOR art. 27 lid 1 sub l: consent on facilities that can monitor employees"),
    )
    OTHER = "other", _("another basis (see the note)")

    @classmethod
    def is_consent(cls, value: str) -> bool:
        """Whether the works council's say is consent (WOR art. 27) rather than advice."""
        return value in (cls.WOR_27_1_K, cls.WOR_27_1_L)


class Outcome(models.TextChoices):
    PENDING = "", _("not yet known")
    POSITIVE = "positive", _("positive")
    CONDITIONS = "conditions", _("positive with conditions")
    NEGATIVE = "negative", _("negative")
    NOT_REQUIRED = "not_required", _("not required")


class CodeterminationStep(OrganisationOwned):
    """Where co-determination stands for one initiative in one phase."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="codetermination_steps"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=CodeterminationPhase.choices)
    body = models.ForeignKey(
        CodeterminationBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("body involved"),
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices, blank=True
    )
    legal_basis_note = models.CharField(_("note on the legal basis"), max_length=300, blank=True)
    # A short list of dates; a model of its own would add nothing but a join.
    meeting_dates = models.JSONField(_("meeting dates"), default=list, blank=True)
    advice_requested_on = models.DateField(_("advice requested on"), null=True, blank=True)
    advice_given_on = models.DateField(_("advice given on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(
        _("conditions or reason"),
        blank=True,
        help_text=_(
            "The conditions of a positive advice with conditions, or why co-determination "
            "is not required."
        ),
    )
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Who saved it is the trail's own; the answers (rows of their own) are not in it.
    history = HistoricalRecords(excluded_fields=["updated_at", "updated_by"])

    class Meta:
        ordering = ["initiative", "phase"]
        verbose_name = _("co-determination step")
        verbose_name_plural = _("co-determination steps")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "phase"], name="step_once_per_phase"),
            models.CheckConstraint(
                condition=Q(phase__in=CodeterminationPhase.values), name="step_phase_is_known"
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=["conditions", "not_required"]) | ~Q(outcome_note=""),
                name="step_conditions_or_reason_given",
            ),
            models.CheckConstraint(
                condition=Q(advice_given_on__isnull=True)
                | Q(advice_requested_on__isnull=True)
                | Q(advice_given_on__gte=F("advice_requested_on")),
                name="step_advice_after_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} — {self.get_phase_display()}"

    @property
    def meetings(self) -> list[datetime.date]:
        return [datetime.date.fromisoformat(day) for day in self.meeting_dates]

    def clean(self) -> None:
        errors = {}
        if self.outcome in {Outcome.CONDITIONS, Outcome.NOT_REQUIRED} and not self.outcome_note:
            errors["outcome_note"] = (
                _("Write down the conditions.")
                if self.outcome == Outcome.CONDITIONS
                else _("Write down why co-determination is not required.")
            )
        if self.legal_basis == LegalBasis.OTHER and not self.legal_basis_note:
            errors["legal_basis_note"] = _("Name the legal basis.")
        if (
            self.advice_given_on
            and self.advice_requested_on
            and self.advice_given_on < self.advice_requested_on
        ):
            errors["advice_given_on"] = (
                _("The decision on consent cannot come before consent was requested.")
                if self.consent
                else _("The advice cannot come before it was requested.")
            )
        if errors:
            raise ValidationError(errors)

    # How far a step without an outcome got; with one, the outcome's own value.
    ADVICE_REQUESTED = "requested"
    UNDER_DISCUSSION = "discussion"
    NOT_STARTED = "not_started"

    @property
    def stage_code(self) -> str:
        """The stage as a code (kept in report snapshots; compared across languages)."""
        if self.outcome:
            return self.outcome
        if self.advice_requested_on:
            return self.ADVICE_REQUESTED
        if self.meeting_dates or self.body_id:
            return self.UNDER_DISCUSSION
        return self.NOT_STARTED

    @classmethod
    def stage_label(cls, code: str, legal_basis: str | None = "") -> str:
        """The stage in words. With the legal basis, in the words of the works council's
        right: advice (WOR art. 25) is positive, positive with conditions or negative;
        consent (art. 27) is granted, granted with conditions or refused. Without one, or
        on another basis, the plain outcome."""
        words = {
            cls.ADVICE_REQUESTED: _("advice requested"),
            cls.UNDER_DISCUSSION: _("under discussion"),
            cls.NOT_STARTED: _("not started"),
        }
        if LegalBasis.is_consent(legal_basis):
            words |= {
                cls.ADVICE_REQUESTED: _("consent requested"),
                Outcome.POSITIVE: _("consent granted"),
                Outcome.CONDITIONS: _("consent granted with conditions"),
                Outcome.NEGATIVE: _("consent refused"),
            }
        elif legal_basis == LegalBasis.WOR_25_1_K:
            words |= {
                Outcome.POSITIVE: _("positive advice"),
                Outcome.CONDITIONS: _("positive advice with conditions"),
                Outcome.NEGATIVE: _("negative advice"),
            }
        if code in words:
            return str(words[code])
        return str(Outcome(code).label) if code in Outcome.values else str(code)

    @property
    def consent(self) -> bool:
        """Whether the works council's say is consent (WOR art. 27) rather than advice."""
        return LegalBasis.is_consent(self.legal_basis)

    @property
    def stage(self) -> str:
        """A short word for the at-a-glance view, in the words of the legal basis."""
        return self.stage_label(self.stage_code, self.legal_basis)


class CodeterminationAnswer(models.Model):
    step = models.ForeignKey(CodeterminationStep, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        CodeterminationQuestion, on_delete=models.PROTECT, related_name="answers"
    )
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["step", "question"], name="answer_once_per_question"),
        ]

    def __str__(self) -> str:
        return self.answer


# --- Benefits -----------------------------------------------------------------------------------


class BenefitTrack(Coloured, models.TextChoices):
    NOT_MEASURED = "not_measured", _("not measured yet")
    ACHIEVED = "achieved", _("target reached")
    ON_TRACK = "on_track", _("on track")
    OFF_TRACK = "off_track", _("off track")

    @property
    def colour(self) -> Colour:
        return {
            BenefitTrack.ACHIEVED: Colour.GREEN,
            BenefitTrack.ON_TRACK: Colour.GREEN,
            BenefitTrack.OFF_TRACK: Colour.RED,
        }.get(self, Colour.GREY)


class BenefitQuerySet(OrganisationScopedQuerySet):
    def with_measurements(self) -> BenefitQuerySet:
        return self.select_related("owner", "initiative").prefetch_related("measurements")

    def with_latest(self) -> BenefitQuerySet:
        """Each with its latest measurement's day and value (`latest_on`, `latest_value`)
        and nothing else of its measurements: enough for `latest` and `track` in a list
        of many benefits, in the same one query."""
        return self.select_related("owner", "initiative").annotate_latest()

    def annotate_latest(self) -> BenefitQuerySet:
        """`latest_on` and `latest_value` alone, without the initiative and owner."""
        latest = BenefitMeasurement.objects.filter(benefit=OuterRef("pk")).order_by("-measured_on")
        return self.annotate(
            latest_on=Subquery(latest.values("measured_on")[:1]),
            latest_value=Subquery(latest.values("value")[:1]),
        )


class Benefit(OrganisationOwned):
    """An expected benefit of an initiative (gevinstrealisering), with its owner."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="benefits", verbose_name=_("initiative")
    )
    title = models.CharField(_("benefit"), max_length=200)
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("owner")
    )
    measure = models.CharField(
        _("measure"),
        max_length=300,
        help_text=_("What is measured, for example: average handling time of a passport request."),
    )
    unit = models.CharField(
        _("unit"), max_length=30, help_text=_("For example: %, minutes, requests per week.")
    )
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2)
    baseline_on = models.DateField(_("baseline measured on"))
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    target_date = models.DateField(_("target date"))
    measured_every = models.PositiveSmallIntegerField(
        _("measured every (months)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("A benefit not measured for longer than this needs attention."),
    )
    key = models.BooleanField(
        _("key benefit"),
        default=False,
        help_text=_(
            "The management report draws a chart for key benefits and for those off "
            "track; the others are one line in a table."
        ),
    )

    objects = BenefitQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "title"]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "title"], name="benefit_title_unique_in_initiative"
            ),
            models.CheckConstraint(
                condition=Q(target_date__gt=F("baseline_on")), name="benefit_target_after_baseline"
            ),
            models.CheckConstraint(
                condition=~Q(target=F("baseline")), name="benefit_target_differs_from_baseline"
            ),
            models.CheckConstraint(
                condition=Q(measured_every__gte=1, measured_every__lte=24),
                name="benefit_measured_every_1_to_24_months",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.target_date and self.baseline_on and self.target_date <= self.baseline_on:
            errors["target_date"] = _("The target date must be after the baseline date.")
        if self.target is not None and self.baseline is not None and self.target == self.baseline:
            errors["target"] = _("The target must differ from the baseline.")
        if errors:
            raise ValidationError(errors)

    def expected_on(self, day: datetime.date) -> Decimal:
        """The value on the straight line from baseline to target: the plan."""
        span = (self.target_date - self.baseline_on).days
        elapsed = min(max((day - self.baseline_on).days, 0), span)
        return self.baseline + (self.target - self.baseline) * Decimal(elapsed) / Decimal(span)

    @property
    def latest(self) -> BenefitMeasurement | None:
        if "latest_on" in self.__dict__:  # read by BenefitQuerySet.with_latest()
            if self.latest_on is None:
                return None
            return BenefitMeasurement(
                benefit=self, measured_on=self.latest_on, value=self.latest_value
            )
        # Uses the prefetched measurements when there are any.
        measurements = sorted(self.measurements.all(), key=lambda m: m.measured_on)
        return measurements[-1] if measurements else None

    @property
    def chart_rows(self) -> list[tuple[datetime.date, Decimal, Decimal]]:
        """Each measurement with the value the plan expected on its date."""
        return [
            (m.measured_on, m.value, self.expected_on(m.measured_on))
            for m in sorted(self.measurements.all(), key=lambda m: m.measured_on)
        ]

    @property
    def track(self) -> BenefitTrack:
        """On track when the latest measurement is at least where the plan says it should be."""
        if "latest_on" in self.__dict__:  # with_latest(): no measurement to make
            if self.latest_on is None:
                return BenefitTrack.NOT_MEASURED
            return self.track_at(self.latest_on, self.latest_value)
        latest = self.latest
        if latest is None:
            return BenefitTrack.NOT_MEASURED
        return self.track_at(latest.measured_on, latest.value)

    def track_at(self, measured_on: datetime.date, value: Decimal) -> BenefitTrack:
        """Where a measurement of `value` on `measured_on` stands against the plan."""
        rising = self.target > self.baseline
        reached = value >= self.target if rising else value <= self.target
        if reached:
            return BenefitTrack.ACHIEVED
        expected = self.expected_on(measured_on)
        ahead = value >= expected if rising else value <= expected
        return BenefitTrack.ON_TRACK if ahead else BenefitTrack.OFF_TRACK

    def measurement_due(self, last_measured: datetime.date | None) -> datetime.date:
        """The day by which the next measurement should be in."""
        return add_months(last_measured or self.baseline_on, self.measured_every)


class BenefitMeasurement(models.Model):
    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["benefit", "measured_on"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["benefit", "measured_on"], name="measurement_once_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{formats.date_format(self.measured_on)}: {self.value}"


class DecisionOutcome(Coloured, models.TextChoices):
    """What the directors did with a decision request; open while it has none."""

    OPEN = "", _("open")
    TAKEN = "taken", _("taken")
    POSTPONED = "postponed", _("postponed")
    REJECTED = "rejected", _("rejected")

    @property
    def colour(self) -> Colour:
        return {
            "": Colour.AMBER,
            "taken": Colour.GREEN,
            "postponed": Colour.GREY,
            "rejected": Colour.RED,
        }[self.value]


class DecisionRequestQuerySet(OrganisationScopedQuerySet):
    def open(self) -> DecisionRequestQuerySet:
        return self.filter(outcome=DecisionOutcome.OPEN)

    def decided(self) -> DecisionRequestQuerySet:
        return self.exclude(outcome=DecisionOutcome.OPEN)


class DecisionRequest(OrganisationOwned):
    """A besluitvraag: what the programme asks of the directors, prepared by the
    programme manager for a meeting, and afterwards what the directors decided."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="decision_requests",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(
        _("what is asked"),
        help_text=_("The decision the directors are asked to take, in one or two sentences."),
    )
    options = models.TextField(
        _("options"),
        blank=True,
        help_text=_("The choices the directors have, with what each means. One per line."),
    )
    advice = models.TextField(
        _("advice"), blank=True, help_text=_("What the programme manager advises, and why.")
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision_requests",
        verbose_name=_("initiative"),
    )
    benefit = models.ForeignKey(
        Benefit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision_requests",
        verbose_name=_("benefit"),
    )
    meeting = models.CharField(
        _("meeting"),
        max_length=120,
        blank=True,
        help_text=_("For example: directors' meeting (directieoverleg)."),
    )
    meeting_on = models.DateField(_("meeting date"), null=True, blank=True)
    # What the data put forward, when the request began as a proposal: the same
    # signal is then not proposed again.
    source = models.CharField(_("proposed by the data as"), max_length=80, blank=True)
    prepared_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("prepared by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    outcome = models.CharField(
        _("outcome"), max_length=12, choices=DecisionOutcome.choices, blank=True
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("decided by")
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome_note = models.TextField(
        _("note on the decision"),
        blank=True,
        help_text=_("What was decided, with any conditions, or why it was postponed or rejected."),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = DecisionRequestQuerySet.as_manager()

    class Meta:
        ordering = ["meeting_on", "created_at", "pk"]
        verbose_name = _("decision request")
        verbose_name_plural = _("decision requests")
        indexes = [models.Index(fields=["programme", "outcome", "meeting_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=DecisionOutcome.values), name="decision_outcome_is_known"
            ),
            models.CheckConstraint(
                condition=Q(outcome="", decided_on__isnull=True)
                | (~Q(outcome="") & Q(decided_on__isnull=False)),
                name="decision_decided_on_with_outcome",
            ),
            models.UniqueConstraint(
                fields=["programme", "source"],
                condition=~Q(source=""),
                name="decision_one_request_per_proposal",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.outcome == DecisionOutcome.OPEN

    @property
    def option_lines(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    def clean(self) -> None:
        errors = {}
        if (
            self.initiative_id
            and self.programme_id
            and self.initiative.programme_id != (self.programme_id)
        ):
            errors["initiative"] = _("Choose an initiative of this programme.")
        if (
            self.benefit_id
            and self.initiative_id
            and self.benefit.initiative_id != (self.initiative_id)
        ):
            errors["benefit"] = _("Choose a benefit of the chosen initiative.")
        if self.outcome and not self.decided_on:
            errors["decided_on"] = _("Give the date of the decision.")
        if errors:
            raise ValidationError(errors)


class DismissedProposal(OrganisationOwned):
    """A decision the data proposed that the programme manager chose not to put to the
    directors; the same signal is not proposed again."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name=_("programme")
    )
    source = models.CharField(_("proposed by the data as"), max_length=80)
    reason = models.CharField(_("why not"), max_length=300, blank=True)
    dismissed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("dismissed by")
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed proposal")
        verbose_name_plural = _("dismissed proposals")
        constraints = [
            models.UniqueConstraint(fields=["programme", "source"], name="proposal_dismissed_once"),
        ]

    def __str__(self) -> str:
        return self.source
