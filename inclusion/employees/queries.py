"""The employee's profile: what HR keeps about one employee, read for one page.

A fixed number of queries, however many actions, POP-gesprekken, assessments or
trajectories the employee has: the long lists show their latest rows and a count, and
lead to their own pages for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from inclusion.models import (
    Competence,
    Employee,
    MobilityTrajectory,
    PopConversation,
    SkillsAction,
    TrajectoryStatus,
)
from inclusion.skills.queries import (
    EmployeeSkills,
    JobSkills,
    employee_skills,
    employee_skills_against,
)
from organisations.history import Change, changes

LATEST_POPS = 3
LATEST_ACTIONS = 20
# The people someone manages, named on their profile; the list of employees has them all.
REPORTS_SHOWN = 50

# A trajectory that still leads somewhere: the new job's target levels are worth showing.
UNDER_WAY = (TrajectoryStatus.PLANNED, TrajectoryStatus.ACTIVE)


@dataclass
class Profile:
    employee: Employee
    reports: list[Employee]
    report_count: int
    skills: EmployeeSkills
    # The employee's levels against the new job of each trajectory still under way.
    new_jobs: list[JobSkills]
    pops: list[PopConversation]
    pop_count: int
    actions: list[SkillsAction]
    action_count: int
    trajectories: list[MobilityTrajectory]
    changes: list[Change]


def _latest(queryset, limit: int) -> tuple[list, int]:
    """The first `limit` rows of `queryset` and how many there are in all (always
    counted, so that the page asks the same queries whatever the history's length)."""
    return list(queryset[:limit]), queryset.count()


def employee_profile(employee: Employee) -> Profile:
    """Everything on the profile of `employee` (fetched with its unit, job and manager)."""
    reports = employee.reports.filter(active=True).order_by("name", "pk")
    trajectories = list(
        employee.trajectories.select_related("from_job", "destination_job").order_by(
            "-started_on", "-pk"
        )
    )
    new_jobs = []
    for trajectory in trajectories:
        job = trajectory.destination_job
        if (
            trajectory.status in UNDER_WAY
            and job is not None
            and job.pk != employee.job_id
            and job not in new_jobs
        ):
            new_jobs.append(job)
    skills = employee_skills(employee)
    pops = employee.pop_conversations.order_by("-year", "-pk")
    actions = (
        employee.skills_actions.select_related("unit")
        .prefetch_related(Prefetch("competences", Competence.objects.order_by("code")))
        .order_by("-held_on", "-pk")
    )
    reports, report_count = _latest(reports, REPORTS_SHOWN)
    pops, pop_count = _latest(pops, LATEST_POPS)
    actions, action_count = _latest(actions, LATEST_ACTIONS)
    return Profile(
        employee=employee,
        reports=reports,
        report_count=report_count,
        skills=skills,
        new_jobs=employee_skills_against(skills, new_jobs),
        pops=pops,
        pop_count=pop_count,
        actions=actions,
        action_count=action_count,
        trajectories=trajectories,
        changes=changes(employee),
    )
