"""The organisation's figures that are the wholes of columns other pages show part by
part, as a reader may see them.

A list shows its parts (units, jobs, statuses) and hides the small ones, and then as many
more as it takes for the whole minus the shown parts to give no hidden one back; where
that cannot be done, it hides the whole (`SmallGroups.column`). A page that shows such a
whole on its own (the Inclusie dashboard, the management report, the lessons) takes it
from here, so that it is hidden wherever the list that splits it had to hide it. Counted
beside the list, it gave the hidden parts back: 14 people with a gap beside a heatmap
showing "<5" and the dash for its only two units.
"""

from __future__ import annotations

from dataclasses import dataclass

from inclusion.figures import Figure, SmallGroups
from inclusion.metamorphosis.queries import job_columns, trajectories_by_status
from inclusion.models import Vulnerability
from inclusion.skills.queries import heatmap


@dataclass(frozen=True)
class Wholes:
    # Employees with a gap in any area: the heatmap's column of units.
    gaps: Figure
    # Employees in jobs of high and of medium vulnerability: the lists of those jobs.
    high: Figure
    medium: Figure
    # All trajectories: the statuses' and the jobs' column (`trajectories_by_status`).
    trajectories: Figure
    statuses: dict[str, Figure]


def wholes(organisation, groups: SmallGroups, *, active: int) -> Wholes:
    """`active`: the employees who work here, of whom the people counted are a group (its
    complement hides a figure too). Seven queries."""
    jobs = job_columns(organisation, groups)
    statuses, trajectories = trajectories_by_status(organisation, groups, jobs=jobs)
    gaps = heatmap(organisation, groups=groups).any_gap_whole

    def of_the_employees(whole: Figure | None) -> Figure:
        if whole is None:  # nobody in such a job: a count of none
            return groups.count(0, active)
        figure = groups.count(whole.count, active)
        return figure.masked() if whole.hidden else figure

    return Wholes(
        gaps=of_the_employees(gaps),
        high=of_the_employees(jobs.employees_by_vulnerability.get(Vulnerability.HIGH)),
        medium=of_the_employees(jobs.employees_by_vulnerability.get(Vulnerability.MEDIUM)),
        trajectories=trajectories,
        statuses=statuses,
    )
