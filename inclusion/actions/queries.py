"""Digital-skills actions and POP-gesprekken: the reads other parts use (POP coverage
per unit for dashboards, the lessons and the reports).

Every read here runs a fixed number of queries, however many employees there are.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Count,
    FilteredRelation,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from inclusion.figures import Figure, Share, SmallGroups, id_keys
from inclusion.models import ActionStatus, Competence, Employee, SkillsAction
from organisations.counts import count_of
from organisations.forms import search_text
from organisations.models import OrganisationUnit
from organisations.numbers import percentage

# --- POP coverage: seed 000's fourth intervention, measured --------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How many of a group's employees who work here had this year's POP-gesprek,
    and in how many of them digital skills came up: the exact counts."""

    active: int
    held: int
    covered: int
    unit: OrganisationUnit | None = None

    @property
    def share(self) -> float | None:
        """Covered as a fraction of the employees who work here (0 to 1)."""
        return self.covered / self.active if self.active else None

    @property
    def percentage(self) -> int | None:
        return percentage(self.covered, self.active)


@dataclass(frozen=True)
class ShownCoverage:
    """A Coverage as the reader may see it."""

    unit: OrganisationUnit | None
    active: Figure
    held: Figure
    covered: Figure
    share: Share


@dataclass(frozen=True)
class CoverageTable:
    rows: list[ShownCoverage]
    total: ShownCoverage
    groups: SmallGroups


def _counts() -> dict:
    """The three counts of a group of employees, read through `this_year` (below): an
    employee has at most one POP-gesprek a year, so nothing is counted twice and no
    count needs DISTINCT."""
    active = Q(active=True)
    return {
        "active_count": Count("pk", filter=active),
        "held_count": Count("this_year__pk", filter=active),
        "covered_count": Count("this_year__pk", filter=active & Q(this_year__digital_skills=True)),
    }


def _with_this_year(organisation, year: int) -> QuerySet[Employee]:
    """The organisation's employees, each beside their POP-gesprek of `year` if any."""
    return Employee.objects.for_organisation(organisation).alias(
        this_year=FilteredRelation("pop_conversations", condition=Q(pop_conversations__year=year))
    )


def _counts_per_unit(organisation, year: int) -> dict[int | None, tuple[int, int, int]]:
    """{unit id (None: without a unit): (active, held, covered)} for every unit with
    employees who work here: one pass over the employees, only those who work here."""
    return {
        unit_id: (active, held, covered)
        for unit_id, active, held, covered in _with_this_year(organisation, year)
        .filter(active=True)
        .values("unit_id")
        .annotate(**_counts())
        .values_list("unit_id", "active_count", "held_count", "covered_count")
        .order_by()
    }


def _units_in_order(organisation):
    """The units with employees who work here, by name: the coverage page's rows."""
    working_here = Employee.objects.for_organisation(organisation).filter(active=True)
    return OrganisationUnit.objects.filter(
        organisation=organisation, pk__in=working_here.values("unit_id")
    ).order_by("name", "pk")


def pop_coverage(organisation, year: int) -> list[Coverage]:
    """POP coverage per unit with employees who work here, by unit name, and of those
    without a unit last, so that the rows add up to the organisation: two queries, the
    counts grouped per employee's unit in one pass over the employees."""
    per_unit = _counts_per_unit(organisation, year)
    # The same units as the counts', as a list to look in: two queries whatever is found.
    rows = [Coverage(*per_unit[unit.pk], unit=unit) for unit in _units_in_order(organisation)]
    if None in per_unit:
        rows.append(Coverage(*per_unit[None]))
    return rows


def _coverage(counts: dict) -> Coverage:
    return Coverage(
        active=counts["active_count"], held=counts["held_count"], covered=counts["covered_count"]
    )


def pop_coverage_total(organisation, year: int) -> Coverage:
    """POP coverage of the whole organisation, employees without a unit included: one query."""
    return _coverage(_with_this_year(organisation, year).aggregate(**_counts()))


def _columns(
    groups: SmallGroups, rows: list[tuple[int, int, int]], units: list[int | None]
) -> tuple[list[Figure], list[Figure], list[Figure], ShownCoverage]:
    """The three columns of (active, held, covered) rows of `units` as the reader may see
    them, and their total: each column goes through the small-group rule as the parts of
    the organisation's total, which the dashboards show too."""
    keys = id_keys(units)
    actives = [active for active, _held, _covered in rows]
    active, active_total = groups.column(actives, listed=True, keys=keys)
    held, held_total = groups.column(
        [held for _active, held, _covered in rows],
        actives,
        whole_of=(active_total.count,),
        keys=keys,
    )
    covered, covered_total = groups.column(
        [covered for _active, _held, covered in rows],
        [(active, held) for active, held, _covered in rows],
        whole_of=(active_total.count, held_total.count),
        keys=keys,
    )
    total = ShownCoverage(
        None, active_total, held_total, covered_total, groups.share(covered_total, active_total)
    )
    return active, held, covered, total


def coverage_table(groups: SmallGroups, rows: list[Coverage]) -> CoverageTable:
    """The rows and their total as the reader may see them (`_columns`)."""
    active, held, covered, total = _columns(
        groups,
        [(row.active, row.held, row.covered) for row in rows],
        [row.unit.pk if row.unit else None for row in rows],
    )
    table = [
        ShownCoverage(row.unit, a, h, c, groups.share(c, a))
        for row, a, h, c in zip(rows, active, held, covered, strict=True)
    ]
    return CoverageTable(table, total, groups)


def _in_page_order(organisation, year: int) -> tuple[list[int | None], list[tuple[int, int, int]]]:
    """The coverage page's rows as unit ids and counts, without making the units: two
    queries."""
    per_unit = _counts_per_unit(organisation, year)
    order = [*_units_in_order(organisation).values_list("pk", flat=True)]
    if None in per_unit:
        order.append(None)
    return order, [per_unit[unit] for unit in order]


def organisation_coverage(organisation, year: int, groups: SmallGroups) -> ShownCoverage:
    """The organisation's coverage as the coverage page's total row shows it (hidden
    there, hidden everywhere): the same counts in the same order, two queries. Only
    the total is worked out, not each unit's row (at scale 20, 890 units)."""
    order, rows = _in_page_order(organisation, year)
    return _columns(groups, rows, order)[3]


@dataclass(frozen=True)
class HiddenUnits:
    """The units whose employees (`active`) and covered count (`covered`) the coverage
    page hides from a reader."""

    active: set[int]
    covered: set[int]


def units_with_coverage_hidden(organisation, year: int, groups: SmallGroups) -> HiddenUnits:
    """The units whose size and covered count the coverage page hides from this reader:
    a page that shows a unit's size or coverage hides it too, or the two would subtract.
    Two queries."""
    order, rows = _in_page_order(organisation, year)
    active, _held, covered, _total = _columns(groups, rows, order)

    def hidden(figures: list[Figure]) -> set[int]:
        return {
            unit
            for unit, figure in zip(order, figures, strict=True)
            if unit is not None and figure.hidden
        }

    return HiddenUnits(hidden(active), hidden(covered))


# --- Actions as the list, the export and the bulk changes read them -----------------------------

ActionsEmployees = SkillsAction.employees.through
# How many matches the picker shows; more means: type more of the name.
PICKER_MATCHES = 20


def filtered_actions(organisation, filters: dict) -> QuerySet[SkillsAction]:
    """The organisation's actions that pass the list's filters (ActionFilterForm.values()):
    an action for a unit's employee counts for that unit, as does a whole-unit action."""
    actions = SkillsAction.objects.for_organisation(organisation)
    if filters.get("unit"):
        in_unit = ActionsEmployees.objects.filter(employee__unit_id=filters["unit"]).values(
            "skillsaction_id"
        )
        actions = actions.filter(Q(unit_id=filters["unit"]) | Q(pk__in=in_unit))
    if filters.get("kind"):
        actions = actions.filter(kind=filters["kind"])
    if filters.get("status"):
        actions = actions.filter(status=filters["status"])
    if filters.get("start"):
        actions = actions.filter(held_on__gte=filters["start"])
    if filters.get("end"):
        actions = actions.filter(held_on__lte=filters["end"])
    return actions.order_by("-held_on", "-pk")


def changeable(actions: QuerySet[SkillsAction], status: str) -> QuerySet[SkillsAction]:
    """Those of `actions` that a change to `status` changes: planned ones, and to done
    only those whose day has come (as `services.skills_actions_set_status` decides)."""
    changing = actions.filter(status=ActionStatus.PLANNED)
    if status == ActionStatus.DONE:
        changing = changing.filter(held_on__lte=timezone.localdate())
    return changing


def with_people(actions: QuerySet[SkillsAction]) -> QuerySet[SkillsAction]:
    """Actions with their unit, training session, competences and number of employees.
    The names come with `named()`: only for actions not for a whole unit, so that a unit
    of a thousand costs a number, not a thousand names."""
    # A count per row, not a GROUP BY over every action: the database counts only the
    # rows a page or a "latest" list shows (200,000 actions: 13 s to a few ms).
    return (
        actions.select_related("unit", "training_session")
        .annotate(employee_count=count_of(ActionsEmployees.objects.all(), "skillsaction"))
        .prefetch_related(Prefetch("competences", Competence.objects.order_by("code")))
    )


def named(actions: Iterable[SkillsAction]) -> list[SkillsAction]:
    """The actions, each with `people`: its employees by name, or [] for a whole-unit
    action (which shows its unit and its count). One query."""
    actions = list(actions)
    wanted = [a.pk for a in actions if a.unit_id is None]
    people = defaultdict(list)
    if wanted:
        rows = (
            ActionsEmployees.objects.filter(skillsaction_id__in=wanted)
            .select_related("employee")
            .order_by("employee__name", "employee__pk")
        )
        for row in rows:
            people[row.skillsaction_id].append(row.employee)
    for action in actions:
        action.people = people.get(action.pk, [])
    return actions


def session_of(action: SkillsAction) -> QuerySet[SkillsAction]:
    """The planned actions logged as one session with `action`: by the same person, of
    the same type on the same date (the log form keeps both for the next entry), apart
    from training attendance, which has a page of its own. Another adviser's actions of
    that day are another session."""
    return SkillsAction.objects.filter(
        organisation_id=action.organisation_id,
        created_by_id=action.created_by_id,
        kind=action.kind,
        held_on=action.held_on,
        status=ActionStatus.PLANNED,
        training_session__isnull=True,
    )


def duplicate_count(
    organisation,
    *,
    kind: str,
    held_on: datetime.date,
    competences: Iterable[Competence],
    employees,
    besides: SkillsAction | None = None,
) -> int:
    """How many of `employees` (a list or a queryset) already have an action of this type
    on this date with the same competences, not cancelled: what looks like a duplicate.
    Three queries at most, however many employees."""
    if isinstance(employees, list):
        employees = [e.pk for e in employees]
        if not employees:
            return 0
    candidates = (
        SkillsAction.objects.for_organisation(organisation)
        .filter(kind=kind, held_on=held_on)
        .exclude(status=ActionStatus.CANCELLED)
        .filter(
            pk__in=ActionsEmployees.objects.filter(employee_id__in=employees).values(
                "skillsaction_id"
            )
        )
        .prefetch_related(Prefetch("competences", Competence.objects.only("pk")))
    )
    if besides is not None and besides.pk:
        candidates = candidates.exclude(pk=besides.pk)
    wanted = {c.pk for c in competences}
    same = [a.pk for a in candidates if {c.pk for c in a.competences.all()} == wanted]
    if not same:
        return 0
    return (
        ActionsEmployees.objects.filter(skillsaction_id__in=same, employee_id__in=employees)
        .values("employee_id")
        .distinct()
        .count()
    )


def picker_matches(organisation, query: str, *, unit=None, besides=()) -> list[Employee]:
    """The picker's matches for what was typed: active employees by name or personnel
    number, with team and job, at most PICKER_MATCHES and one more to tell there are more."""
    query = search_text(query)
    if not query:
        return []
    found = Employee.objects.for_organisation(organisation).active().search(query)
    if unit is not None:
        found = found.filter(unit=unit)
    if besides:
        # Who is chosen already is not offered again.
        found = found.exclude(pk__in=list(besides))
    return list(found.select_related("unit", "job").order_by("name", "pk")[: PICKER_MATCHES + 1])
