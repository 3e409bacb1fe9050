"""Reads about digital skills: an employee's gaps and the gap heatmap.

A gap is the target level of the employee's job minus the employee's latest
assessed level, only where that is positive. A competence without any
assessment has no gap yet: it is "not assessed", and is not counted as a gap.

Every function here runs a fixed number of queries, whatever the number of
employees, competences or assessments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from inclusion.figures import Figure, Share, SmallGroups, id_keys
from inclusion.metamorphosis.queries import job_figures
from inclusion.models import (
    Assessment,
    Competence,
    CompetenceArea,
    Employee,
    Job,
    LatestLevel,
    TargetLevel,
)
from inclusion.skills.frameworks import LEVEL_GROUPS, LEVELS
from organisations.counts import count_of
from organisations.i18n import english
from organisations.models import OrganisationUnit

# --- Levels -------------------------------------------------------------------------------------


def level_groups() -> list[dict]:
    """The eight levels in their four groups, in the active language."""
    in_english = english()
    groups: dict[str, dict] = {}
    for level in LEVELS:
        group = groups.setdefault(
            level.group,
            {
                "key": level.group,
                "name": getattr(LEVEL_GROUPS[level.group], "en" if in_english else "nl"),
                "levels": [],
            },
        )
        group["levels"].append(
            {
                "number": level.number,
                "description": level.description.en if in_english else level.description.nl,
            }
        )
    return list(groups.values())


def level_choices(blank_label: str | None = None) -> list[tuple]:
    """Choices for a level select: "3 · Intermediate"; with an empty first choice if asked."""
    in_english = english()
    choices = [
        (
            level.number,
            f"{level.number} · {getattr(LEVEL_GROUPS[level.group], 'en' if in_english else 'nl')}",
        )
        for level in LEVELS
    ]
    return ([("", blank_label)] if blank_label is not None else []) + choices


# --- One employee -------------------------------------------------------------------------------


@dataclass
class SkillRow:
    competence: Competence
    latest: Assessment | None
    target: int | None

    @property
    def gap(self) -> int | None:
        """Target minus latest level where positive; None when there is no gap to state."""
        if self.target is None or self.latest is None:
            return None
        difference = self.target - self.latest.level
        return difference if difference > 0 else None

    @property
    def not_assessed(self) -> bool:
        return self.latest is None


@dataclass
class EmployeeSkills:
    rows: list[SkillRow]
    history: list[Assessment]
    target_count: int = 0
    gap_count: int = field(init=False)

    def __post_init__(self) -> None:
        self.gap_count = sum(1 for row in self.rows if row.gap)


def employee_skills(employee: Employee) -> EmployeeSkills:
    """The latest level per competence, the job's target and the gap; plus the history.

    Three queries: the competences, the job's targets and the employee's assessments.
    """
    competences = list(
        Competence.objects.for_organisation(employee.organisation_id).select_related("area")
    )
    targets = (
        dict(
            TargetLevel.objects.filter(
                organisation_id=employee.organisation_id, job_id=employee.job_id
            ).values_list("competence_id", "level")
        )
        if employee.job_id
        else {}
    )
    history = list(
        Assessment.objects.filter(
            organisation_id=employee.organisation_id, employee=employee
        ).order_by("-assessed_on", "-pk")
    )
    by_pk = {competence.pk: competence for competence in competences}
    latest: dict[int, Assessment] = {}
    for assessment in history:
        latest.setdefault(assessment.competence_id, assessment)
        assessment.competence = by_pk[assessment.competence_id]
    rows = [
        SkillRow(competence=c, latest=latest.get(c.pk), target=targets.get(c.pk))
        for c in competences
        if c.pk in latest or c.pk in targets
    ]
    return EmployeeSkills(rows=rows, history=history, target_count=len(targets))


@dataclass
class JobSkills:
    """An employee's latest levels against the target levels of a job they do not have
    (the new job a mobility trajectory leads to)."""

    job: Job
    rows: list[SkillRow]

    @property
    def target_count(self) -> int:
        return len(self.rows)

    @property
    def gap_count(self) -> int:
        return sum(1 for row in self.rows if row.gap)


def employee_skills_against(skills: EmployeeSkills, jobs: list[Job]) -> list[JobSkills]:
    """`skills` (from `employee_skills`) against each of `jobs`' target levels, in the
    order of `jobs`: one query, however many jobs."""
    if not jobs:
        return []
    latest = {row.competence.pk: row.latest for row in skills.rows if row.latest is not None}
    rows: dict[int, list[SkillRow]] = {job.pk: [] for job in jobs}
    targets = (
        TargetLevel.objects.filter(job__in=jobs)
        .select_related("competence__area")
        .order_by("competence__area__number", "competence__code")
    )
    for target in targets:
        rows[target.job_id].append(
            SkillRow(
                competence=target.competence,
                latest=latest.get(target.competence_id),
                target=target.level,
            )
        )
    return [JobSkills(job=job, rows=rows[job.pk]) for job in jobs]


# --- Jobs ---------------------------------------------------------------------------------------


def jobs_with_target_counts(organisation):
    return (
        Job.objects.for_organisation(organisation)
        .annotate(
            target_count=count_of(TargetLevel.objects.all(), "job"),
            employee_count=count_of(Employee.objects.filter(active=True), "job"),
        )
        .order_by("name")
    )


# --- Heatmap ------------------------------------------------------------------------------------


def _gaps(organisation, job=None):
    """Each active employee's latest level of a competence (LatestLevel) where it is
    below the target level of the employee's job, kept beside it: one row per
    (employee, competence) gap, read through the partial index of the gaps. A
    competence never assessed is not a gap here: it is "not assessed" (the employee's
    skills page says so)."""
    latest = LatestLevel.objects.filter(
        employee__organisation=organisation, employee__active=True, level__lt=F("target")
    )
    if job is not None:
        latest = latest.filter(employee__job=job)
    return latest


def gap_counts(
    organisation, areas, *, job=None
) -> tuple[dict[tuple[int | None, int], int], dict[int | None, int]]:
    """({(unit_id, area_id): active employees with at least one gap in the area},
    {unit_id: those with at least one gap in any area}): one query grouped per unit, a
    count for each of the `areas` beside the total, rather than a query per grouping
    (at scale 20, 75 -> 42 ms)."""
    per_area = {
        f"area_{area.pk}": Count("employee_id", distinct=True, filter=Q(competence__area=area))
        for area in areas
    }
    rows = (
        _gaps(organisation, job)
        .values("employee__unit_id")
        .annotate(total=Count("employee_id", distinct=True), **per_area)
        .order_by()
    )
    counts, totals = {}, {}
    for row in rows:
        unit = row["employee__unit_id"]
        totals[unit] = row["total"]
        for area in areas:
            if count := row[f"area_{area.pk}"]:
                counts[(unit, area.pk)] = count
    return counts, totals


def gap_totals(organisation, *, job=None) -> dict[int | None, int]:
    """{unit_id: active employees with at least one gap in any area}. One query."""
    rows = (
        _gaps(organisation, job)
        .values("employee__unit_id")
        .annotate(count=Count("employee_id", distinct=True))
        .order_by()
    )
    return {row["employee__unit_id"]: row["count"] for row in rows}


@dataclass(frozen=True)
class HeatCell:
    """Employees of a unit with a gap, as the reader may see them, with their share."""

    figure: Figure
    share: Share
    employees: int

    @property
    def count(self) -> int:
        return self.figure.count

    @property
    def intensity(self) -> str:
        """One of four steps, for the cell's colour (the number is always shown too)."""
        if self.figure.hidden:
            return "hidden"
        if self.share.hidden:
            # The unit's size is hidden: a colour worked out from it would narrow it.
            return "unrated"
        if self.count == 0:
            return "none"
        share = self.count / self.employees
        return "high" if share >= 0.5 else "medium" if share >= 0.25 else "low"


@dataclass
class HeatRow:
    unit: OrganisationUnit | None
    depth: int
    employees: int
    total: Figure
    cells: list[HeatCell]
    any_gap: HeatCell


class HeatRows(Sequence):
    """The heatmap's rows, each made when it is first read. Every unit's figures are
    worked out, because the small-group rule hides cells with the whole column in view,
    but a page shows 25 units of hundreds: their cells and shares are made for those."""

    def __init__(self, units, sizes, shown_sizes, by_area, any_gap, groups: SmallGroups):
        self._units = units
        self._sizes = sizes
        self._shown_sizes = shown_sizes
        self._by_area = by_area
        self._any_gap = any_gap
        self._groups = groups
        self._made: list[HeatRow | None] = [None] * len(units)

    def __len__(self) -> int:
        return len(self._units)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._row(index)

    def __eq__(self, other) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def _row(self, index: int) -> HeatRow:
        if (row := self._made[index]) is not None:
            return row
        unit, depth = self._units[index]
        size, size_figure = self._sizes[index], self._shown_sizes[index]

        def cell(figure: Figure) -> HeatCell:
            return HeatCell(figure, self._groups.share(figure, size_figure), size)

        row = self._made[index] = HeatRow(
            unit=unit,
            depth=depth,
            employees=size,
            total=size_figure,
            cells=[cell(column[index]) for column in self._by_area],
            any_gap=cell(self._any_gap[index]),
        )
        return row


@dataclass
class Heatmap:
    areas: list[CompetenceArea]
    rows: Sequence[HeatRow]
    groups: SmallGroups
    # For a job: its figures cannot be shown per unit without giving a small group
    # away (no rows then).
    withheld: bool = False
    # The employees with a gap in any area, in all: the whole of that column, hidden
    # where the column had to hide it. Other pages show this whole too (the dashboard,
    # the management report): they take it from here (inclusion.wholes).
    any_gap_whole: Figure | None = None


@dataclass(frozen=True)
class _HiddenParts:
    """Per unit (in the heatmap's order): whether the job's size, its count in each
    area and its count with any gap are hidden as one part of the unit's."""

    sizes: list[bool]
    by_area: list[list[bool]]
    any_gap: list[bool]


def _hidden_as_part_of_the_unit(organisation, areas, job, keys, groups) -> _HiddenParts:
    """A job's figures in a unit beside the unit's own, which the heatmap without a job
    shows: the unit's figure minus the job's is the rest of the unit's people, often a
    team leader alone, and the figures of the unit's other jobs subtract in the same way.
    So each of the unit's figures is split by job, as the parts of a whole the reader
    knows (`SmallGroups.column`), and the chosen job's part is hidden where the split
    hides it. Two queries."""
    employees = Employee.objects.for_organisation(organisation).active()
    headcount = {
        (row["unit_id"], row["job_id"]): row["count"]
        for row in employees.values("unit_id", "job_id").annotate(count=Count("pk")).order_by()
    }
    per_area = {
        f"area_{area.pk}": Count("employee_id", distinct=True, filter=Q(competence__area=area))
        for area in areas
    }
    gaps = {
        (row["employee__unit_id"], row["employee__job_id"]): row
        for row in _gaps(organisation)
        .values("employee__unit_id", "employee__job_id")
        .annotate(total=Count("employee_id", distinct=True), **per_area)
        .order_by()
    }
    jobs_in: dict[int | None, list[int | None]] = {}
    for unit, in_job in sorted(headcount, key=lambda key: (str(key[0]), str(key[1]))):
        jobs_in.setdefault(unit, []).append(in_job)
    sizes, by_area, any_gap = [], [[] for _area in areas], []
    for unit in keys:
        jobs = jobs_in[unit]
        chosen = jobs.index(job.pk)
        parts = [headcount[(unit, in_job)] for in_job in jobs]
        # A job is a row of a unit's split when it has people there: at least 1 each.
        order = id_keys(jobs)
        sizes.append(groups.column(parts, listed=True, keys=order)[0][chosen].hidden)

        def hidden(
            name: str, unit=unit, jobs=jobs, parts=parts, chosen=chosen, order=order
        ) -> bool:
            counts = [gaps.get((unit, in_job), {}).get(name, 0) for in_job in jobs]
            return groups.column(counts, parts, keys=order)[0][chosen].hidden

        for index, area in enumerate(areas):
            by_area[index].append(hidden(f"area_{area.pk}"))
        any_gap.append(hidden("total"))
    return _HiddenParts(sizes, by_area, any_gap)


def heatmap(organisation, *, groups: SmallGroups, job=None) -> Heatmap:
    """Units by competence areas: how many employees have at least one gap there.

    Every figure goes through `groups`, the small-group rule for the reader: a unit's
    employees (of the job, when a job narrows the group) are the group each count is
    part of, and a job's figures are also one part of the unit's, which the heatmap
    without a job shows. Five queries in all, three more for a job and a reader of rounded
    figures.
    """
    areas = list(CompetenceArea.objects.for_organisation(organisation).order_by("number"))
    employees = Employee.objects.for_organisation(organisation).active()
    if job is not None:
        employees = employees.filter(job=job)
    headcount = {
        row["unit_id"]: row["count"]
        for row in employees.values("unit_id").annotate(count=Count("pk")).order_by()
    }
    counts, totals = gap_counts(organisation, areas, job=job)
    units = [
        (unit, depth)
        for unit, depth in OrganisationUnit.objects.for_organisation(organisation).as_tree()
        if unit.pk in headcount
    ]
    if None in headcount:
        units.append((None, 0))
    keys = [unit.pk if unit is not None else None for unit, _depth in units]
    sizes = [headcount[key] for key in keys]
    # Ordered by the units' ids, as the coverage page's sizes are: the two hide the same.
    order = id_keys(keys)
    parts = None
    if job is not None and not groups.exact:
        # A job's figures per unit are parts of the unit's too: hidden where the unit's
        # split by job hides them, before each column is weighed against its whole.
        parts = _hidden_as_part_of_the_unit(organisation, areas, job, keys, groups)
    shown_sizes, whole = groups.column(
        sizes, listed=True, keys=order, hidden=parts.sizes if parts else ()
    )
    if parts is not None and (
        whole.hidden or job_figures(organisation, groups)[job.pk].employees.hidden
    ):
        # The job's employees in all are on the lists of jobs: beside them, its units'
        # sizes would give a hidden one back, however many more were hidden; and where
        # the lists hide them, the units' sizes would add up to what they hide.
        return Heatmap(areas=areas, rows=[], groups=groups, withheld=True)

    def column(values: list[int], hidden: Sequence[bool] = ()) -> tuple[list[Figure], Figure]:
        return groups.column(values, sizes, keys=order, hidden=hidden)

    by_area = [
        column(
            [counts.get((key, area.pk), 0) for key in keys],
            parts.by_area[index] if parts else (),
        )[0]
        for index, area in enumerate(areas)
    ]
    any_gap, any_gap_whole = column(
        [totals.get(key, 0) for key in keys], parts.any_gap if parts else ()
    )
    return Heatmap(
        areas=areas,
        rows=HeatRows(units, sizes, shown_sizes, by_area, any_gap, groups),
        groups=groups,
        any_gap_whole=any_gap_whole,
    )
