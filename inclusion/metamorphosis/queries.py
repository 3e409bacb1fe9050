"""Reads about mobility that more than one page shows: the dashboard, the management
report, the jobs and their trajectories."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from inclusion.figures import MASK, Figure, SmallGroups, Table
from inclusion.models import Destination, Employee, Job, MobilityTrajectory, TrajectoryStatus
from organisations.counts import count_of


def trajectories_by_status(
    organisation, groups: SmallGroups, *, jobs: JobColumns | None = None
) -> tuple[dict[str, Figure], Figure]:
    """Mobility trajectories per status and in all, as the reader may see them: the
    statuses are the parts of the total, so one hidden status hides another or the
    total. The jobs they start from split the same total (`job_columns`, read here
    unless given): hidden there, it is hidden here too. Two queries, one with `jobs`."""
    counts = dict(
        MobilityTrajectory.objects.for_organisation(organisation)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    figures, total = groups.column([counts.get(status, 0) for status in TrajectoryStatus.values])
    if (jobs or job_columns(organisation, groups)).trajectories.hidden:
        total = total.masked()
    return dict(zip(TrajectoryStatus.values, figures, strict=True)), total


@dataclass(frozen=True)
class JobFigures:
    """A job's employees and the mobility trajectories from it, as every page shows them."""

    employees: Figure
    trajectories: Figure


def job_figures(organisation, groups: SmallGroups) -> dict[int, JobFigures]:
    """{job id: its figures} for every page that shows them (the jobs by vulnerability,
    a job's page, the target levels per job), so that no two of them subtract. A job's
    employees: the jobs of one vulnerability are the parts of the dashboard's figure of
    that vulnerability, a column each. The trajectories: every job's are the parts of
    the organisation's total, which the lessons show, each of them part of the job's
    employees (a job's page shows this figure as its total, `shown_status_table`). One
    query."""
    return job_columns(organisation, groups).jobs


@dataclass(frozen=True)
class JobColumns:
    """`job_figures` and the wholes of its columns: the employees in jobs of each
    vulnerability, and all trajectories (inclusion.wholes shows them)."""

    jobs: dict[int, JobFigures]
    employees_by_vulnerability: dict[str, Figure]
    trajectories: Figure


def job_columns(organisation, groups: SmallGroups) -> JobColumns:
    """The jobs' figures and their columns' wholes. One query."""
    jobs = list(
        Job.objects.for_organisation(organisation)
        .annotate(
            active_count=count_of(Employee.objects.filter(active=True), "job"),
            trajectory_count=count_of(MobilityTrajectory.objects.all(), "from_job"),
        )
        .order_by("pk")
        .values_list("pk", "vulnerability", "active_count", "trajectory_count")
    )
    employees: dict[int, Figure] = {}
    by_vulnerability: dict[str, Figure] = {}
    for level in {vulnerability for _pk, vulnerability, _active, _moving in jobs}:
        same = [job for job in jobs if job[1] == level]
        figures, by_vulnerability[level] = groups.column(
            [active for _pk, _level, active, _moving in same]
        )
        employees.update(zip([job[0] for job in same], figures, strict=True))
    trajectories, all_trajectories = groups.column(
        [moving for _pk, _level, _active, moving in jobs],
        [active for _pk, _level, active, _moving in jobs],
    )
    return JobColumns(
        jobs={
            job[0]: JobFigures(employees[job[0]], moving)
            for job, moving in zip(jobs, trajectories, strict=True)
        },
        employees_by_vulnerability=by_vulnerability,
        trajectories=all_trajectories,
    )


def shown_status_table(
    groups: SmallGroups, counts: dict[tuple[str, str], int], total: Figure
) -> Table:
    """A job's trajectories per destination and status as its page shows them, beside
    `total`, the job's figure on the list of jobs (`job_figures`). The table shows its
    figures only when the small-group rule hides none of them; otherwise the list's
    total stands alone, for beside a known total any hidden cell could be worked out,
    and a hidden total beside shown cells would add up."""
    table = status_table(groups, counts)
    figures = [
        *(cell for row in table.rows for cell in row),
        *table.row_totals,
        *table.column_totals,
        table.total,
    ]
    if groups.exact or not (total.hidden or any(figure.hidden for figure in figures)):
        return table
    return Table(
        [[Figure(cell.count, MASK) for cell in row] for row in table.rows],
        [Figure(cell.count, MASK) for cell in table.row_totals],
        [Figure(cell.count, MASK) for cell in table.column_totals],
        total,
    )


def status_table(groups: SmallGroups, counts: dict[tuple[str, str], int]) -> Table:
    """A job's trajectories per destination (rows) and status (columns), with totals."""
    return groups.table(
        [
            [counts.get((destination, status), 0) for status in TrajectoryStatus]
            for destination in Destination
        ]
    )
