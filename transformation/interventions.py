"""What the data says about the five interventions, next to the status the programme
manager sets, and where the two contradict each other.

The programme manager keeps the status of each of seed 000's five interventions (not
started, in progress, anchored). The application's own data can often say something
about the same thing: how many initiatives have an adoption track, how many
POP-gesprekken covered digital skills. This module holds the evidence and the one rule
for a contradiction; the figures come from the layers that own the data (adoption,
inclusion), registered in `hooks.intervention_evidence`, and from this layer itself
(the approved information vision, for the second intervention).

A contradiction is a status the data clearly does not bear out:

- "anchored" while the figure is short of `anchored_at` percent (80 % by default; 100 %
  where the intervention says "every", such as an adoption track for every initiative);
- "not started" while the figure shows substantial activity (`started_at`, 50 %).

Evidence that cannot be shown (nothing to count yet, or hidden by the small-group rule)
never contradicts: it says that there is too little data to check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from organisations.badges import Colour, Coloured
from organisations.numbers import grouped, percentage
from organisations.permissions import Perm
from transformation import hooks
from transformation.models import (
    InterventionKind,
    InterventionStatus,
    VisionSection,
    VisionStatus,
)

# "Anchored" asks for at least this share; "not started" is contradicted from this share.
ANCHORED_AT = 80
STARTED_AT = 50


class Verdict(Coloured, models.TextChoices):
    """What the data says about the status the programme manager set. The badge says
    it in words; its colour only repeats them."""

    SUPPORTS = "supports", gettext_lazy("matches the data")
    CONTRADICTS = "contradicts", gettext_lazy("contradicts the data")
    INSUFFICIENT = "insufficient", gettext_lazy("too little data to check")

    @property
    def colour(self) -> Colour:
        return {Verdict.SUPPORTS: Colour.GREEN, Verdict.CONTRADICTS: Colour.RED}.get(
            self, Colour.GREY
        )


@dataclass(frozen=True)
class Evidence:
    """One figure from the data about one intervention.

    `label` says what is counted, with its unit ("initiatives with an adoption
    track"); `part` of `whole` is the figure, both None when it may not be shown (the
    small-group rule) or cannot be known; `figure` is the figure as printed. `url` is
    where to act on it, shown to those with `perm`. `status` and `verdict` are filled
    in by `evidence_for`, against the status the programme manager set.
    """

    kind: int
    label: str
    part: int | None = None
    whole: int | None = None
    figure: str = "—"
    note: str = ""
    url: str = ""
    action: str = ""
    perm: str = Perm.VIEW_WORKSPACE
    anchored_at: int = ANCHORED_AT
    started_at: int = STARTED_AT
    status: str = ""
    verdict: Verdict = Verdict.INSUFFICIENT

    # --- how the layers make it ----------------------------------------------------------

    @classmethod
    def count(cls, kind: int, label: str, part: int, whole: int, **kwargs) -> Evidence:
        """`part` of `whole` things (initiatives, scenarios): "5 of 7 (71%)"."""
        if not whole:
            kwargs.setdefault("note", _("There is nothing to count yet."))
            return cls(kind, label, part=None, whole=None, figure="—", **kwargs)
        shown = percentage(part, whole)
        marks = (kwargs.get("anchored_at", ANCHORED_AT), kwargs.get("started_at", STARTED_AT))
        if shown in marks and part * 100 < shown * whole:
            # Rounded up to a mark it falls short of (79.6 % is not 80 %): to the tenth,
            # cut off, so that the figure says what the verdict judges.
            shown = formats.number_format(Decimal(part * 1000 // whole) / 10, 1)
        figure = _("%(part)s of %(whole)s (%(percentage)s%%)") % {
            "part": grouped(part),
            "whole": grouped(whole),
            "percentage": shown,
        }
        return cls(kind, label, part=part, whole=whole, figure=figure, **kwargs)

    @classmethod
    def yes_no(cls, kind: int, label: str, yes: bool, **kwargs) -> Evidence:
        """A fact that holds or does not: counted as 1 of 1 or 0 of 1."""
        figure = _("yes") if yes else _("no")
        return cls(kind, label, part=int(yes), whole=1, figure=figure, **kwargs)

    @classmethod
    def withheld(cls, kind: int, label: str, figure: str, note: str, **kwargs) -> Evidence:
        """A figure the reader may not see, as the small-group rule prints it."""
        return cls(kind, label, part=None, whole=None, figure=figure, note=note, **kwargs)

    # --- what it says ----------------------------------------------------------------------

    @property
    def percentage(self) -> int | None:
        return None if self.part is None else percentage(self.part, self.whole)

    def judged(self, status: str) -> Evidence:
        """This evidence held against the status the programme manager set."""
        return replace(self, status=status, verdict=self._verdict(status))

    def _verdict(self, status: str) -> Verdict:
        if self.part is None or not self.whole:
            return Verdict.INSUFFICIENT
        # In whole numbers: 79.6 % is short of 80 %, whatever it rounds to.
        share = self.part * 100
        if status == InterventionStatus.ANCHORED and share < self.anchored_at * self.whole:
            return Verdict.CONTRADICTS
        if status == InterventionStatus.NOT_STARTED and share >= self.started_at * self.whole:
            return Verdict.CONTRADICTS
        return Verdict.SUPPORTS

    @property
    def contradicts(self) -> bool:
        return self.verdict == Verdict.CONTRADICTS

    @property
    def message(self) -> str:
        """The contradiction in words, for the flag on the page and on dashboards."""
        status = InterventionStatus(self.status).label if self.status else ""
        if self.status == InterventionStatus.ANCHORED:
            return _(
                "The status is “%(status)s”, but the data shows %(label)s: %(figure)s; "
                "“%(status)s” asks for at least %(anchored_at)s%%."
            ) % {
                "status": status,
                "label": self.label,
                "figure": self.figure,
                "anchored_at": self.anchored_at,
            }
        return _("The status is “%(status)s”, but the data shows %(label)s: %(figure)s.") % {
            "status": status,
            "label": self.label,
            "figure": self.figure,
        }


@dataclass(frozen=True)
class Check:
    """One intervention with what the data says about it."""

    intervention: object
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def contradictions(self) -> list[Evidence]:
        return [item for item in self.evidence if item.contradicts]


@dataclass(frozen=True)
class Contradiction:
    """A status the data does not bear out, for the lead's dashboards."""

    intervention: object
    evidence: Evidence

    @property
    def message(self) -> str:
        return self.evidence.message


# --- Evidence from this layer: the information vision (intervention 2) ------------------------


def _about_inclusion(theme_name: str) -> bool:
    """The vision's theme on digital inclusion, as organisations name it: the default
    theme ("Digitale inclusie"), or any theme of their own that says inclusion
    (Danish: inklusion)."""
    name = theme_name.casefold()
    return "inclusi" in name or "inklusi" in name


def _vision_evidence(programme, kinds, *, year: int) -> list[Evidence]:
    """Whether the directors approved an information vision that speaks about digital
    inclusion: what the data can say about their recognition (one query). Whether they
    also budget for it is not in the data."""
    sections = list(
        VisionSection.objects.filter(
            vision__organisation=programme.organisation, vision__status=VisionStatus.APPROVED
        )
        .select_related("vision", "theme")
        .annotate(statement_count=Count("statements"))
    )
    label = _("an approved information vision with a section on digital inclusion")
    if not sections:
        return [
            Evidence.yes_no(
                InterventionKind.DIRECTOR_LEVEL,
                label,
                False,
                note=_("There is no approved information vision yet."),
                url=reverse("transformation:overview"),
                action=_("Go to the information vision"),
            )
        ]
    vision = sections[0].vision
    inclusion = [
        section
        for section in sections
        if _about_inclusion(section.theme.name)
        and (section.introduction.strip() or section.statement_count)
    ]
    approved_on = (
        formats.date_format(timezone.localdate(vision.approved_at)) if vision.approved_at else "—"
    )
    if inclusion:
        statements = sum(section.statement_count for section in inclusion)
        note = ngettext(
            "“%(title)s”, approved on %(date)s, has a section on digital inclusion with "
            "%(count)s principle or ambition.",
            "“%(title)s”, approved on %(date)s, has a section on digital inclusion with "
            "%(count)s principles and ambitions.",
            statements,
        ) % {"title": vision.title, "date": approved_on, "count": statements}
    else:
        note = _(
            "“%(title)s”, approved on %(date)s, has no section on digital inclusion "
            "that says something."
        ) % {"title": vision.title, "date": approved_on}
    return [
        Evidence.yes_no(
            InterventionKind.DIRECTOR_LEVEL,
            label,
            bool(inclusion),
            note=note,
            url=reverse("transformation:vision_detail", args=[vision.pk]),
            action=_("Read the approved information vision"),
        )
    ]


BUILT_IN = [
    hooks.InterventionEvidenceSource(
        kinds=frozenset({InterventionKind.DIRECTOR_LEVEL}), evidence=_vision_evidence
    )
]


# --- The reads the pages and dashboards use ------------------------------------------------------


def evidence_for(
    programme,
    *,
    interventions: Iterable | None = None,
    kinds: Iterable[int] | None = None,
    year: int | None = None,
) -> dict[int, list[Evidence]]:
    """The evidence per intervention kind for one programme, each judged against the
    status set for it: every kind is a key, with an empty list where the data has
    nothing to say. Yearly figures are those of `year` (this year unless given). A fixed
    number of queries (one per source, a few for POP coverage), plus one for the
    statuses when `interventions` is not given."""
    year = year or timezone.localdate().year
    wanted = set(InterventionKind.values if kinds is None else kinds)
    if interventions is None:
        statuses = dict(programme.interventions.values_list("kind", "status"))
    else:
        statuses = {intervention.kind: intervention.status for intervention in interventions}
    found: dict[int, list[Evidence]] = {kind: [] for kind in sorted(wanted)}
    for source in [*BUILT_IN, *hooks.intervention_evidence]:
        asked = wanted & source.kinds
        if not asked:
            continue
        for item in source.evidence(programme, frozenset(asked), year=year):
            if item.kind in asked:
                found[item.kind].append(item.judged(statuses.get(item.kind, "")))
    return found


def checks(programme, interventions: Iterable, *, can: Callable | None = None) -> list[Check]:
    """Each intervention with its evidence, in the order given. A link to act is kept
    only for a reader who `can` use it (`request.workspace.can`)."""
    interventions = list(interventions)
    found = evidence_for(
        programme, interventions=interventions, kinds={i.kind for i in interventions}
    )

    def for_reader(item: Evidence) -> Evidence:
        if item.url and can is not None and not can(Perm(item.perm)):
            return replace(item, url="", action="")
        return item

    return [
        Check(intervention, [for_reader(item) for item in found.get(intervention.kind, [])])
        for intervention in interventions
    ]


def contradictions(programme, interventions: Iterable) -> list[Contradiction]:
    """Every status of `interventions` that the data contradicts, in their order."""
    return [
        Contradiction(check.intervention, item)
        for check in checks(programme, interventions)
        for item in check.contradictions
    ]
