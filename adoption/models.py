"""User adoption: the four phases an initiative goes through before people
really work the new way (seed 001). Deployment is not adoption: training
comes last, after stakeholders and champions, business scenarios and awareness.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organisations.badges import Colour, Coloured
from organisations.i18n import localised
from organisations.models import OrganisationOwned, OrganisationScopedQuerySet, OrganisationUnit
from organisations.numbers import percentage
from transformation.models import Initiative

User = settings.AUTH_USER_MODEL
ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class Phase(models.IntegerChoices):
    STAKEHOLDERS = 1, _("Stakeholders and champions")
    SCENARIOS = 2, _("Business scenarios")
    AWARENESS = 3, _("Awareness")
    TRAINING = 4, _("Training")


PHASE_PURPOSE = {
    Phase.STAKEHOLDERS: _(
        "Management stakeholders on board, and the believers and front-runners in pole "
        "position as champions."
    ),
    Phase.SCENARIOS: _(
        "Concrete scenarios that solve today's problems in collaboration and communication."
    ),
    Phase.AWARENESS: _(
        "Create the buzz: every employee knows why and how, and feels what is in it for them."
    ),
    Phase.TRAINING: _(
        "Training through several channels, once the other three phases have done their work."
    ),
}


class PhaseStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    ACTIVE = "active", _("active")
    DONE = "done", _("done")


class Derivation(models.TextChoices):
    """What the application can judge from its own data, for a checklist item.

    The judgement stands beside the manual tick and never replaces it (see
    AdoptionTrack.item_satisfied): the people on the shop floor may know more.
    """

    CHAMPION_COVERAGE = "champion_coverage", _("every unit of the initiative has a champion")
    SCENARIO_CONTRIBUTORS = (
        "scenario_contributors",
        _("every business scenario names the employees who wrote it"),
    )
    AWARENESS_MESSAGES = (
        "awareness_messages",
        _("there are awareness activities, each with a 'what's in it for me' message"),
    )
    TRAINING_ATTENDANCE = (
        "training_attendance",
        _("every training session held has its attendance recorded"),
    )

    @property
    def phase(self) -> int:
        return DERIVATION_PHASE[self]


DERIVATION_PHASE = {
    Derivation.CHAMPION_COVERAGE: 1,
    Derivation.SCENARIO_CONTRIBUTORS: 2,
    Derivation.AWARENESS_MESSAGES: 3,
    Derivation.TRAINING_ATTENDANCE: 4,
}


class ChecklistItem(OrganisationOwned):
    """What a phase should achieve; the organisation keeps its own list."""

    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    text = models.CharField(_("item (Dutch)"), max_length=300)
    text_en = models.CharField(_("item (English)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(
        _("in use"), default=True, help_text=_("Items no longer in use keep their earlier ticks.")
    )
    derived_from = models.CharField(
        _("judged from the data"),
        max_length=30,
        choices=Derivation.choices,
        blank=True,
        help_text=_(
            "Optional: what the application can check in its own data for this item. "
            "The judgement is shown beside the tick; a tick is still needed when the data "
            "says no."
        ),
    )

    class Meta:
        ordering = ["organisation", "phase", "position", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__in=Phase.values), name="checklist_phase_is_known"
            ),
            # A derivation judges the data of one phase: it belongs to that phase's items.
            models.CheckConstraint(
                condition=Q(derived_from="")
                | Q(
                    *[
                        Q(phase=phase, derived_from=derivation)
                        for derivation, phase in DERIVATION_PHASE.items()
                    ],
                    _connector=Q.OR,
                ),
                name="checklist_derivation_fits_the_phase",
            ),
        ]

    def __str__(self) -> str:
        return self.localised_text

    @property
    def localised_text(self) -> str:
        return localised(self.text, self.text_en)


GATES = {4: (1, 2, 3), 3: (2,)}


class TrackQuerySet(OrganisationScopedQuerySet):
    def for_checklist(self) -> TrackQuerySet:
        """What judging the checklist of many tracks at once reads (`open_items`,
        `phase_done`, each phase's status and dates), and no more: the phases, the ticks,
        the organisation's items in use, the initiative's units and only the fields the
        derivations read of the registers. A fixed number of queries; `for_gate()` is
        what a page of cards reads."""
        return self.select_related("initiative", "organisation").prefetch_related(
            "phases",
            Prefetch("ticks", queryset=ChecklistTick.objects.only("track_id", "item_id")),
            Prefetch(
                "organisation__checklistitem_set",
                queryset=ChecklistItem.objects.filter(active=True),
                to_attr="checklist_in_use",
            ),
            Prefetch("initiative__units", queryset=OrganisationUnit.objects.only("pk")),
            Prefetch("champions", queryset=Champion.objects.only("track_id", "unit_id")),
            Prefetch(
                "scenarios", queryset=BusinessScenario.objects.only("track_id", "written_with")
            ),
            Prefetch(
                "awareness_activities",
                queryset=AwarenessActivity.objects.only("track_id", "message", "reached"),
            ),
            Prefetch(
                "training_sessions",
                queryset=TrainingSession.objects.only("track_id", "held_on", "attendance"),
            ),
        )

    def for_gate(self) -> TrackQuerySet:
        """Everything the gate and the derived checklist items read, in a fixed number of
        queries however many tracks: the phases, the ticks, the organisation's checklist
        items in use (`track.checklist`), the initiative's units and the registers the
        derivations judge (champions, business scenarios, awareness activities, training
        sessions), and the moves with who made and confirmed them."""
        return self.select_related("initiative", "organisation").prefetch_related(
            "phases",
            "ticks",
            Prefetch(
                "organisation__checklistitem_set",
                queryset=ChecklistItem.objects.filter(active=True),
                to_attr="checklist_in_use",
            ),
            "initiative__units",
            "champions",
            "scenarios",
            "awareness_activities",
            "training_sessions",
            Prefetch(
                "moves",
                queryset=PhaseMove.objects.select_related(
                    "moved_by", "confirmed_by", "undone_by__moved_by"
                ),
            ),
        )

    def with_figures(self) -> TrackQuerySet:
        return self.select_related("initiative").prefetch_related(
            "phases",
            "initiative__units",
            "champions",
            "awareness_activities",
            "training_sessions",
            "usage",
        )


class AdoptionTrack(OrganisationOwned):
    """The adoption track of one initiative that brings a new way of working."""

    initiative = models.OneToOneField(
        Initiative,
        on_delete=models.CASCADE,
        related_name="adoption_track",
        verbose_name=_("initiative"),
    )
    current_phase = models.PositiveSmallIntegerField(
        _("current phase"), choices=Phase.choices, default=Phase.STAKEHOLDERS
    )
    target_group_size = models.PositiveIntegerField(
        _("target group"),
        null=True,
        blank=True,
        help_text=_("How many people should work the new way."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TrackQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption track")
        verbose_name_plural = _("adoption tracks")
        constraints = [
            models.CheckConstraint(
                condition=Q(current_phase__in=Phase.values), name="track_phase_is_known"
            ),
        ]

    def __str__(self) -> str:
        return str(self.initiative)

    def phase(self, number: int) -> TrackPhase:
        return next(p for p in self.phases.all() if p.phase == number)

    def gate(self, number: int, items: list[ChecklistItem] | None = None) -> list[int]:
        """The phases that should be done before phase `number` starts, and are not.

        Training before stakeholders, scenarios and awareness is the classic failure
        ("install - explain - done?"); awareness before the scenarios are done
        has nothing concrete to tell.

        A phase counts as done only when its status is done *and* its checklist items
        in use are satisfied (see `item_satisfied`): a status set to done while half the
        list is open does not open the gate. `items` are the organisation's items in
        use; by default `self.checklist` (prefetched by `for_gate()`).
        """
        required = GATES.get(number, ())
        return [p for p in required if not self.phase_done(p, items)]

    @property
    def checklist(self) -> list[ChecklistItem]:
        """The organisation's checklist items in use: prefetched by `for_gate()`, else read."""
        if not hasattr(self, "_checklist"):
            prefetched = getattr(self.organisation, "checklist_in_use", None)
            self._checklist = (
                prefetched
                if prefetched is not None
                else list(
                    ChecklistItem.objects.filter(organisation_id=self.organisation_id, active=True)
                )
            )
        return self._checklist

    @checklist.setter
    def checklist(self, items: list[ChecklistItem]) -> None:
        self._checklist = items

    def phase_done(self, number: int, items: list[ChecklistItem] | None = None) -> bool:
        """Done for the gate: the status says done and no checklist item of it is open."""
        return self.phase(number).status == PhaseStatus.DONE and not self.open_items(
            self.checklist if items is None else items, number
        )

    def open_items(self, items: list[ChecklistItem], phase: int) -> list[ChecklistItem]:
        """The items of `phase` (of `items`, the organisation's list) in use and not
        satisfied: neither ticked nor, for a derived item, confirmed by the data."""
        return [
            item
            for item in items
            if item.phase == phase and item.active and not self.item_satisfied(item)
        ]

    @property
    def ticked_ids(self) -> set[int]:
        return {t.item_id for t in self.ticks.all()}

    def item_satisfied(self, item: ChecklistItem) -> bool:
        """Ticked, or derived and the data says yes. A tick the data contradicts still
        counts (people may know what the data does not), but is shown as a contradiction."""
        return item.pk in self.ticked_ids or self.judge(item) is True

    def judge(self, item: ChecklistItem) -> bool | None:
        """What the data says about a derived item; None for an item judged by hand only."""
        if not item.derived_from:
            return None
        return self.judgement(item.derived_from)

    def judgement(self, derivation: str) -> bool:
        """One derivation, read from the prefetched registers (see `for_gate()`)."""
        if derivation == Derivation.CHAMPION_COVERAGE:
            covered, units = self.champion_coverage
            return units > 0 and covered == units
        if derivation == Derivation.SCENARIO_CONTRIBUTORS:
            scenarios = list(self.scenarios.all())
            return bool(scenarios) and all(s.contributors for s in scenarios)
        if derivation == Derivation.AWARENESS_MESSAGES:
            activities = list(self.awareness_activities.all())
            return bool(activities) and all(a.message.strip() for a in activities)
        if derivation == Derivation.TRAINING_ATTENDANCE:
            held = [t for t in self.training_sessions.all() if t.held_on <= today()]
            return bool(held) and all(t.attendance > 0 for t in held)
        raise ValueError(derivation)

    def item_state(self, item: ChecklistItem) -> ItemState:
        ticked = item.pk in self.ticked_ids
        return ItemState(item=item, ticked=ticked, data=self.judge(item))

    def phase_checklist(self, items: list[ChecklistItem], phase: int) -> list[ItemState]:
        return [self.item_state(item) for item in items if item.phase == phase and item.active]

    def earlier_phases(self, number: int, items: list[ChecklistItem] | None = None) -> list:
        """Phases 1 to `number` - 1 that are not done (status or checklist), each with its
        open items and whether the gate to `number` asks for it: what the confirmation
        of a move says, so it never calls a phase done that is not."""
        items = self.checklist if items is None else items
        required = GATES.get(number, ())
        return [
            OpenPhase(
                phase=Phase(p),
                status=self.phase(p).get_status_display(),
                items=self.open_items(items, p),
                required=p in required,
            )
            for p in range(1, number)
            if not self.phase_done(p, items)
        ]

    @property
    def latest_move(self) -> PhaseMove | None:
        moves = sorted(self.moves.all(), key=lambda m: (m.moved_at, m.pk))
        return moves[-1] if moves else None

    @property
    def undoable_move(self) -> PhaseMove | None:
        """The latest move, when it can be undone: not an undo itself, and the track is
        still in the phase it went to."""
        move = self.latest_move
        if move is None or move.undoes_id or move.to_phase != self.current_phase:
            return None
        return move

    # Figures: read from prefetched rows (see TrackQuerySet.with_figures).

    @property
    def reached(self) -> int:
        return sum(a.reached for a in self.awareness_activities.all())

    @property
    def trained(self) -> int:
        return sum(t.attendance for t in self.training_sessions.all())

    @property
    def reached_share(self) -> int | None:
        return percentage(self.reached, self.target_group_size)

    @property
    def trained_share(self) -> int | None:
        return percentage(self.trained, self.target_group_size)

    @property
    def champion_coverage(self) -> tuple[int, int]:
        """How many of the initiative's units have a champion, of how many."""
        units = {u.pk for u in self.initiative.units.all()}
        covered = {c.unit_id for c in self.champions.all()} & units
        return len(covered), len(units)

    @property
    def champion_coverage_share(self) -> int | None:
        covered, total = self.champion_coverage
        return percentage(covered, total)

    @property
    def latest_usage(self) -> UsageMeasurement | None:
        measurements = sorted(self.usage.all(), key=lambda m: m.measured_on)
        return measurements[-1] if measurements else None

    @property
    def usage_share(self) -> int | None:
        latest = self.latest_usage
        return percentage(latest.active_users, self.target_group_size) if latest else None

    def checklist_progress(self, items: list[ChecklistItem], phase: int) -> tuple[int, int]:
        """Ticked items of `phase`, of the organisation's items in use for it."""
        items = [i for i in items if i.phase == phase]
        ticked = {t.item_id for t in self.ticks.all()}
        return sum(1 for i in items if i.pk in ticked), len(items)


@dataclass(frozen=True)
class ItemState:
    """A checklist item on one track: the manual tick and what the data says."""

    item: ChecklistItem
    ticked: bool
    data: bool | None  # None: judged by hand only

    @property
    def satisfied(self) -> bool:
        return self.ticked or self.data is True

    @property
    def contradicted(self) -> bool:
        return self.ticked and self.data is False


@dataclass(frozen=True)
class OpenPhase:
    phase: Phase
    status: str
    items: list[ChecklistItem]
    required: bool


class TrackPhase(models.Model):
    track = models.ForeignKey(AdoptionTrack, on_delete=models.CASCADE, related_name="phases")
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=PhaseStatus.choices, default=PhaseStatus.NOT_STARTED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["track", "phase"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["track", "phase"], name="track_phase_once"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="track_phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.get_phase_display()

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


class ChecklistTick(models.Model):
    track = models.ForeignKey(AdoptionTrack, on_delete=models.CASCADE, related_name="ticks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="ticks")
    ticked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    ticked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["track", "item"], name="tick_once"),
        ]

    def __str__(self) -> str:
        return str(self.item)


class MoveQuerySet(models.QuerySet):
    def for_organisation(self, organisation) -> MoveQuerySet:
        return self.filter(track__organisation=organisation)

    def overrides(self) -> MoveQuerySet:
        """Moves past a closed gate: phases or checklist items were still open."""
        return self.exclude(Q(open_phases=[]) & Q(open_items=[]))

    def awaiting_confirmation(self) -> MoveQuerySet:
        """Overrides a director has not confirmed yet, and that were not undone."""
        return self.overrides().filter(
            confirmed_at__isnull=True, undoes__isnull=True, undone_by__isnull=True
        )


class PhaseMove(models.Model):
    """A step from one phase to the next; with an override when the gate was passed.

    An undo is a move too, back to the phase before (`undoes` the move it reverses),
    so the history keeps who went where and when. A director confirms an override.
    """

    track = models.ForeignKey(AdoptionTrack, on_delete=models.CASCADE, related_name="moves")
    from_phase = models.PositiveSmallIntegerField(_("from"), choices=Phase.choices)
    to_phase = models.PositiveSmallIntegerField(_("to"), choices=Phase.choices)
    moved_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    moved_at = models.DateTimeField(_("when"), default=timezone.now)
    open_phases = models.JSONField(_("phases not done"), default=list, blank=True)
    # [{"id": 3, "phase": 1, "text": "...", "text_en": "..."}]: the texts as they were,
    # should the item change, each shown in the reader's language. Moves recorded before
    # "text_en" was kept got both from the item where it was unchanged (migration 0003);
    # the others keep their one text, in the language of the person who moved.
    open_items = models.JSONField(_("checklist items still open"), default=list, blank=True)
    override_reason = models.TextField(_("reason for going on anyway"), blank=True)
    # The move started the phase it went to (not started → active): an undo resets it.
    started_phase = models.BooleanField(default=False)
    # Whether the move gave that phase its start date (today), rather than a date planned
    # before: an undo takes back only what the move did.
    filled_start_date = models.BooleanField(default=False)
    undoes = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="undone_by",
        verbose_name=_("undoes"),
    )
    confirmed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = MoveQuerySet.as_manager()

    class Meta:
        ordering = ["-moved_at", "-pk"]
        verbose_name = _("phase move")
        verbose_name_plural = _("phase moves")
        constraints = [
            # Passing the gate is always explained.
            models.CheckConstraint(
                condition=(Q(open_phases=[]) & Q(open_items=[])) | ~Q(override_reason=""),
                name="move_override_has_a_reason",
            ),
            # Only an override is confirmed.
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | ~(Q(open_phases=[]) & Q(open_items=[])),
                name="move_only_an_override_is_confirmed",
            ),
            # An undo goes back: it never passes a gate.
            models.CheckConstraint(
                condition=Q(undoes__isnull=True) | Q(to_phase__lt=F("from_phase")),
                name="move_undo_goes_back",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_phase} → {self.to_phase}"

    @property
    def is_override(self) -> bool:
        return bool(self.open_phases or self.open_items)

    @property
    def is_undone(self) -> bool:
        return hasattr(self, "undone_by")

    @property
    def awaits_confirmation(self) -> bool:
        return (
            self.is_override
            and self.confirmed_at is None
            and not self.undoes_id
            and not self.is_undone
        )

    @property
    def open_item_texts(self) -> list[str]:
        return [
            localised(item.get("text", ""), item.get("text_en", "")) for item in self.open_items
        ]

    @property
    def open_phase_labels(self) -> list[str]:
        return [Phase(number).label for number in self.open_phases]


# --- Phase 1 ------------------------------------------------------------------------------------


class Attitude(models.TextChoices):
    OPPONENT = "opponent", _("opponent")
    CRITIC = "critic", _("critic")
    NEUTRAL = "neutral", _("neutral")
    SUPPORTER = "supporter", _("supporter")
    CHAMPION = "champion", _("champion")


class Stakeholder(OrganisationOwned):
    track = models.ForeignKey(AdoptionTrack, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name or role"), max_length=200)
    unit = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisational unit"),
    )
    influence = models.PositiveSmallIntegerField(_("influence"), validators=ONE_TO_FIVE)
    interest = models.PositiveSmallIntegerField(_("interest"), validators=ONE_TO_FIVE)
    attitude = models.CharField(_("attitude"), max_length=20, choices=Attitude.choices)
    engagement = models.TextField(
        _("planned engagement"), blank=True, help_text=_("How and when you involve them.")
    )

    class Meta:
        ordering = ["track", "-influence", "-interest", "name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.CheckConstraint(
                condition=Q(influence__gte=1, influence__lte=5, interest__gte=1, interest__lte=5),
                name="stakeholder_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Champion(OrganisationOwned):
    """A believer or front-runner (voortrekker) who coaches colleagues in a team or unit."""

    track = models.ForeignKey(AdoptionTrack, on_delete=models.CASCADE, related_name="champions")
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("team or unit"),
    )
    facilitator = models.CharField(
        _("facilitator"),
        max_length=200,
        blank=True,
        help_text=_("Who coaches the champion and keeps the connection with the IT partners."),
    )
    trained = models.BooleanField(_("trained"), default=False)

    class Meta:
        ordering = ["track", "unit__name", "name"]
        verbose_name = _("champion")
        verbose_name_plural = _("champions")

    def __str__(self) -> str:
        return self.name


class InspirationSession(OrganisationOwned):
    """A management inspiration session on what working digitally can bring."""

    track = models.ForeignKey(
        AdoptionTrack, on_delete=models.CASCADE, related_name="inspiration_sessions"
    )
    held_on = models.DateField(_("date"))
    attendance = models.PositiveIntegerField(_("attendance"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["track", "held_on"]
        verbose_name = _("management inspiration session")
        verbose_name_plural = _("management inspiration sessions")

    def __str__(self) -> str:
        return gettext("Inspiration session of %(date)s") % {
            "date": formats.date_format(self.held_on)
        }


# --- Phase 2 ------------------------------------------------------------------------------------


class Priority(models.IntegerChoices):
    HIGH = 1, _("high")
    MEDIUM = 2, _("medium")
    LOW = 3, _("low")


class ScenarioStatus(Coloured, models.TextChoices):
    DRAFT = "draft", _("being written")
    AGREED = "agreed", _("agreed")
    IN_USE = "in_use", _("in use")

    @property
    def colour(self) -> Colour:
        return Colour.GREY if self == ScenarioStatus.DRAFT else Colour.GREEN


class BusinessScenario(OrganisationOwned):
    track = models.ForeignKey(AdoptionTrack, on_delete=models.CASCADE, related_name="scenarios")
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(
        _("today's problem"), help_text=_("In collaboration or communication.")
    )
    desired_way = models.TextField(_("the desired way of working"))
    applications = models.TextField(
        _("which application for what"),
        help_text=_("For example: chat in Teams, files in SharePoint."),
    )
    document_structure = models.TextField(_("document structure"), blank=True)
    rules = models.TextField(_("agreements on access and other rules of play"), blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    priority_reason = models.TextField(
        _("why this priority"),
        blank=True,
        help_text=_("Which needs of employees and of the organisation it answers."),
    )
    units = models.ManyToManyField(
        OrganisationUnit, related_name="+", blank=True, verbose_name=_("organisational units")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT
    )
    written_with = models.TextField(
        _("written with"),
        blank=True,
        help_text=_("The employees who helped write it, one per line."),
    )

    class Meta:
        ordering = ["track", "priority", "title"]
        verbose_name = _("business scenario")
        verbose_name_plural = _("business scenarios")

    def __str__(self) -> str:
        return self.title

    @property
    def contributors(self) -> list[str]:
        return [line.strip() for line in self.written_with.splitlines() if line.strip()]


# --- Phase 3 ------------------------------------------------------------------------------------


class AwarenessChannel(models.TextChoices):
    INTRANET = "intranet", _("intranet")
    TEAM_MEETING = "team_meeting", _("team meeting")
    NEWSLETTER = "newsletter", _("newsletter")
    VIDEO = "video", _("video")
    EVENT = "event", _("event")
    WALK_IN = "walk_in", _("walk-in session")


class AwarenessActivity(OrganisationOwned):
    track = models.ForeignKey(
        AdoptionTrack, on_delete=models.CASCADE, related_name="awareness_activities"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=AwarenessChannel.choices)
    units = models.ManyToManyField(
        OrganisationUnit, related_name="+", blank=True, verbose_name=_("audience")
    )
    held_on = models.DateField(_("date"))
    reached = models.PositiveIntegerField(_("people reached"), default=0)
    message = models.TextField(
        _("what's in it for me"), help_text=_("The message: what it brings the people reached.")
    )

    class Meta:
        ordering = ["track", "held_on"]
        verbose_name = _("awareness activity")
        verbose_name_plural = _("awareness activities")

    def __str__(self) -> str:
        return f"{self.get_channel_display().capitalize()}, {formats.date_format(self.held_on)}"


# --- Phase 4 ------------------------------------------------------------------------------------


class TrainingChannel(models.TextChoices):
    CLASSROOM = "classroom", _("classroom")
    E_LEARNING = "e_learning", _("e-learning")
    VIDEO = "video", _("video")
    CHAMPION = "champion", _("coaching by a champion")
    WALK_IN = "walk_in", _("walk-in session")


class TrainingSession(OrganisationOwned):
    track = models.ForeignKey(
        AdoptionTrack, on_delete=models.CASCADE, related_name="training_sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    channel = models.CharField(_("channel"), max_length=20, choices=TrainingChannel.choices)
    held_on = models.DateField(_("date"))
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    champion = models.ForeignKey(
        Champion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("trainer who is a champion"),
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), default=0)

    class Meta:
        ordering = ["track", "held_on"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(attendance__lte=F("capacity")),
                name="training_attendance_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.capacity is not None and self.attendance and self.attendance > self.capacity:
            raise ValidationError(
                {"attendance": _("The attendance cannot be higher than the capacity.")}
            )
        if self.champion_id and self.champion.track_id != self.track_id:
            raise ValidationError({"champion": _("Choose a champion of this initiative.")})

    @property
    def trainer_name(self) -> str:
        return str(self.champion) if self.champion_id else self.trainer


# --- Adoption figures ---------------------------------------------------------------------------


class UsageMeasurement(OrganisationOwned):
    track = models.ForeignKey(AdoptionTrack, on_delete=models.CASCADE, related_name="usage")
    measured_on = models.DateField(_("date"))
    active_users = models.PositiveIntegerField(_("active users"))

    class Meta:
        ordering = ["track", "measured_on"]
        verbose_name = _("usage measurement")
        verbose_name_plural = _("usage measurements")
        constraints = [
            models.UniqueConstraint(fields=["track", "measured_on"], name="usage_once_per_day"),
        ]

    def __str__(self) -> str:
        return gettext("Usage measurement of %(date)s") % {
            "date": formats.date_format(self.measured_on)
        }


def today() -> datetime.date:
    return timezone.localdate()
