"""Inclusion tied to the initiatives (seed 000: work programmatically; concrete changes
on the shop floor give digital inclusion its meaning).

An initiative's people are the employees who work here in its units (Initiative.units,
each unit as chosen, not its sub-units). Their gap is measured on the competences the
initiative asks (InitiativeCompetence): an employee is below the level asked when, in
at least one of them, their latest assessment is below the initiative's level, or,
where the initiative gives none, below their job's target level. Not assessed is no
gap, as everywhere in Inclusie.

"Three months ago" takes the latest assessment as of that day, against today's
units, jobs and levels: whether the same people were below then, so that the change
is what they learnt, not who came or went.

An action serves the initiative when it is linked to it (SkillsAction.initiative), or
when it was logged for one of its units as a whole on or after the initiative's start.

Every function here runs a fixed number of queries, however many employees, actions,
assessments or initiatives there are.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce

from inclusion.figures import MASK, Figure, Share, SmallGroups
from inclusion.models import (
    ActionStatus,
    Assessment,
    Employee,
    InitiativeCompetence,
    PopConversation,
    SkillsAction,
    TargetLevel,
)
from organisations.counts import count_of
from organisations.models import OrganisationUnit
from transformation.models import Initiative

# How far back "is the gap closing?" looks: a quarter, the rhythm of the reports.
LOOK_BACK = datetime.timedelta(days=91)


def looked_back_on(today: datetime.date) -> datetime.date:
    return today - LOOK_BACK


# --- The building blocks, for an employee row ---------------------------------------------------


def _below(initiative, *, as_of: datetime.date | None = None) -> Exists:
    """Whether the outer employee is below the level asked in one of `initiative`'s
    competences (an id or an OuterRef), by their latest assessment as of `as_of`."""
    latest = Assessment.objects.filter(
        employee_id=OuterRef(OuterRef("pk")), competence_id=OuterRef("competence_id")
    )
    if as_of is not None:
        latest = latest.filter(assessed_on__lte=as_of)
    target = TargetLevel.objects.filter(
        job_id=OuterRef(OuterRef("job_id")), competence_id=OuterRef("competence_id")
    ).values("level")[:1]
    return Exists(
        InitiativeCompetence.objects.filter(initiative_id=initiative)
        .annotate(
            required=Coalesce("level", Subquery(target, output_field=IntegerField())),
            latest=Subquery(
                latest.order_by("-assessed_on", "-pk").values("level")[:1],
                output_field=IntegerField(),
            ),
        )
        .filter(latest__lt=F("required"))
    )


def _reached(initiative, start, status: str) -> Exists:
    """Whether the outer employee has an action with `status` that serves the initiative
    (an id or an OuterRef, as `start`).

    One lookup driven by the employee's own actions (its index), each checked against
    the initiative: linked to it, or for one of its units since its start, the units as
    a list rather than a join (with a join, PostgreSQL went from the units' actions to
    their employees, for every employee: a second per 4,000 employees)."""
    units = Initiative.units.through.objects.filter(initiative_id=_deeper(initiative)).values(
        "organisationunit_id"
    )
    return Exists(
        SkillsAction.objects.filter(employees=OuterRef("pk"), status=status).filter(
            Q(initiative_id=initiative) | Q(unit_id__in=units, held_on__gte=start)
        )
    )


def _deeper(value):
    """`value` for a query one level further in: an OuterRef refers out once more."""
    return OuterRef(value) if isinstance(value, OuterRef) else value


def _people_counts(**below) -> dict:
    """Employees, and those of them for whom each of the Exists in `below` holds."""
    return {
        "people": Count("pk", distinct=True),
        **{name: Count("pk", filter=exists, distinct=True) for name, exists in below.items()},
    }


# --- One initiative, per unit: the initiative's page --------------------------------------------


@dataclass(frozen=True)
class UnitCounts:
    """The exact counts of one unit's employees for an initiative."""

    unit: OrganisationUnit
    people: int
    below: int
    below_before: int
    pop_covered: int
    reached: int
    planned: int


def unit_counts(initiative: Initiative, units, *, today: datetime.date) -> list[UnitCounts]:
    """Per unit of the initiative with employees who work here, by name: one query."""
    units = {unit.pk: unit for unit in units}
    rows = (
        Employee.objects.filter(organisation_id=initiative.organisation_id, unit_id__in=units)
        .active()
        .values("unit_id")
        .annotate(
            **_people_counts(
                below=_below(initiative.pk),
                below_before=_below(initiative.pk, as_of=looked_back_on(today)),
                pop_covered=Exists(
                    PopConversation.objects.filter(
                        employee=OuterRef("pk"), year=today.year, digital_skills=True
                    )
                ),
                reached=_reached(initiative.pk, initiative.start_date, ActionStatus.DONE),
                planned=_reached(initiative.pk, initiative.start_date, ActionStatus.PLANNED),
            )
        )
        .order_by()
    )
    counts = [
        UnitCounts(
            unit=units[row["unit_id"]],
            people=row["people"],
            below=row["below"],
            below_before=row["below_before"],
            pop_covered=row["pop_covered"],
            reached=row["reached"],
            planned=row["planned"],
        )
        for row in rows
    ]
    return sorted(counts, key=lambda row: (row.unit.name.lower(), row.unit.pk))


def action_counts(initiatives) -> dict[int, tuple[int, int]]:
    """{initiative id: (actions done, actions planned)} that serve each, for many
    initiatives at once: those linked to it, and the whole-unit actions for its units
    since it started that are not (two disjoint counts, each with its index, rather
    than one OR across the joins). One query of two grouped parts: as a subquery per
    initiative, the planner walked every action of a unit for each (33 ms for a page
    of 25 at scale 20)."""
    ids = [initiative.pk for initiative in initiatives]
    if not ids:
        return {}
    statuses = (ActionStatus.DONE, ActionStatus.PLANNED)
    linked = (
        SkillsAction.objects.filter(initiative_id__in=ids, status__in=statuses)
        .annotate(serves=F("initiative_id"))
        .values("serves", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for_its_units = (
        SkillsAction.objects.filter(
            status__in=statuses,
            unit__initiatives__in=ids,
            held_on__gte=F("unit__initiatives__start_date"),
        )
        .annotate(serves=F("unit__initiatives"))
        .exclude(initiative_id=F("serves"))
        .values("serves", "status")
        .annotate(count=Count("pk", distinct=True))
        .order_by()
    )
    counts: Counter = Counter()
    for row in linked.union(for_its_units, all=True):
        counts[(row["serves"], row["status"])] += row["count"]
    return {pk: (counts[(pk, ActionStatus.DONE)], counts[(pk, ActionStatus.PLANNED)]) for pk in ids}


# --- Several initiatives, one row each: the programme's page and the report --------------------


@dataclass(frozen=True)
class Preparation:
    """The exact counts of an initiative's people: are they being prepared?"""

    initiative: Initiative
    asked: int
    people: int = 0
    below: int = 0
    below_before: int = 0
    reached: int = 0
    actions_done: int = 0
    actions_planned: int = 0


def _reached_people(initiative_ids: list[int], organisation_id: int, status: str) -> Counter:
    """{initiative id: how many of its people have an action with `status` that serves
    it}, for many initiatives at once: two grouped queries over the actions' participants
    rather than a lookup per employee and initiative (which read every action of every
    employee: 130 ms for 60 initiatives of 4,000 employees, against 30 ms).

    Counted once each: those in an action linked to the initiative, then those in a
    whole-unit action for one of its units since its start who are in no linked one."""
    participants = SkillsAction.employees.through.objects.filter(
        skillsaction__status=status,
        employee__active=True,
        employee__organisation_id=organisation_id,
    )
    # The initiative's people: the participant works in one of its units.
    theirs = Exists(
        Initiative.units.through.objects.filter(
            initiative_id=OuterRef("initiative"), organisationunit_id=OuterRef("employee__unit_id")
        )
    )
    linked = participants.filter(skillsaction__initiative_id__in=initiative_ids).annotate(
        initiative=F("skillsaction__initiative_id")
    )
    in_a_linked_one = SkillsAction.employees.through.objects.filter(
        employee_id=OuterRef("employee_id"),
        skillsaction__status=status,
        skillsaction__initiative_id=OuterRef("initiative"),
    )
    for_its_units = (
        participants.filter(
            skillsaction__unit__initiatives__in=initiative_ids,
            skillsaction__held_on__gte=F("skillsaction__unit__initiatives__start_date"),
        )
        .annotate(initiative=F("skillsaction__unit__initiatives"))
        .filter(~Exists(in_a_linked_one))
    )
    counts: Counter = Counter()
    for rows in (linked, for_its_units):
        grouped = (
            rows.filter(theirs)
            .values("initiative")
            .annotate(people=Count("employee_id", distinct=True))
            .order_by()
        )
        for row in grouped:
            counts[row["initiative"]] += row["people"]
    return counts


def preparation(initiatives, *, today: datetime.date) -> list[Preparation]:
    """One row per initiative of the queryset `initiatives`, in its order: five queries."""
    initiatives = list(
        initiatives.annotate(asked_count=count_of(InitiativeCompetence.objects.all(), "initiative"))
    )
    if not initiatives:
        return []
    actions = action_counts(initiatives)
    # One row per employee and initiative of their unit.
    rows = (
        Employee.objects.filter(
            organisation_id=initiatives[0].organisation_id,
            unit__initiatives__in=[initiative.pk for initiative in initiatives],
        )
        .active()
        .annotate(initiative=F("unit__initiatives__id"))
        .values("initiative")
        .annotate(
            **_people_counts(
                below=_below(OuterRef("initiative")),
                below_before=_below(OuterRef("initiative"), as_of=looked_back_on(today)),
            )
        )
        .order_by()
    )
    people = {row["initiative"]: row for row in rows}
    reached = _reached_people(
        [initiative.pk for initiative in initiatives],
        initiatives[0].organisation_id,
        ActionStatus.DONE,
    )
    return [
        Preparation(
            initiative=initiative,
            asked=initiative.asked_count,
            people=people.get(initiative.pk, {}).get("people", 0),
            below=people.get(initiative.pk, {}).get("below", 0),
            below_before=people.get(initiative.pk, {}).get("below_before", 0),
            reached=reached[initiative.pk],
            actions_done=actions[initiative.pk][0],
            actions_planned=actions[initiative.pk][1],
        )
        for initiative in initiatives
    ]


# --- As the reader may see them -----------------------------------------------------------------


@dataclass(frozen=True)
class ShownPreparation:
    initiative: Initiative
    asked: int
    people: Figure
    below: Figure
    below_share: Share
    below_before: Figure
    below_before_share: Share
    reached: Figure
    reached_share: Share
    actions_done: Figure
    actions_planned: Figure
    # Whether fewer are below the level asked than three months ago (None: unknown, or
    # too few people to say).
    closing: bool | None = None

    @property
    def all_hidden(self) -> bool:
        """Whether every figure about its people is hidden from this reader."""
        return all(
            figure.hidden for figure in (self.people, self.below, self.below_before, self.reached)
        )


def shown_preparation(groups: SmallGroups, row: Preparation) -> ShownPreparation:
    """One initiative's figures as the reader may see them.

    Exact readers (HR) see every count. For the others, no count or share about the
    initiative's people is shown per initiative, only the direction of its gap: the
    initiatives share units, so two initiatives' counts (or shares, with the units'
    sizes the heatmap shows) subtract to a single unit's, however small, and an
    initiative's total would show what its own page hides to protect its units. The
    direction is said only of an initiative with at least twice the threshold of people:
    it says which way a group moved, never how many are in it."""
    if not row.people:
        # Nobody to protect, and nothing to measure: its units have no employees.
        nobody, nothing = Figure(0, "0"), Share(None)
        return ShownPreparation(
            row.initiative,
            row.asked,
            nobody,
            nobody,
            nothing,
            nobody,
            nothing,
            nobody,
            nothing,
            groups.count(row.actions_done),
            groups.count(row.actions_planned),
        )
    closing = (
        row.below < row.below_before
        if row.asked and (groups.exact or row.people >= 2 * groups.threshold)
        else None
    )
    if not groups.exact:
        hidden, unsaid = Figure(row.people, MASK), Share(None, hidden=True)
        return ShownPreparation(
            row.initiative,
            row.asked,
            hidden,
            Figure(row.below, MASK),
            unsaid,
            Figure(row.below_before, MASK),
            unsaid,
            Figure(row.reached, MASK),
            unsaid,
            groups.count(row.actions_done),
            groups.count(row.actions_planned),
            closing=closing,
        )
    people = groups.group(row.people)
    below = groups.count(row.below, row.people)
    before = groups.count(row.below_before, row.people)
    reached = groups.count(row.reached, row.people)
    return ShownPreparation(
        initiative=row.initiative,
        asked=row.asked,
        people=people,
        below=below,
        below_share=groups.share(below, people),
        below_before=before,
        below_before_share=groups.share(before, people),
        reached=reached,
        reached_share=groups.share(reached, people),
        actions_done=groups.count(row.actions_done),
        actions_planned=groups.count(row.actions_planned),
        closing=closing,
    )
