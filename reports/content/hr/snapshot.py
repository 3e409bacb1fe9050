"""The HR report's snapshot: every figure it shows, read once from the database.

Two kinds of figures: the state (employees, gaps, POP coverage of the year, jobs,
trajectories by status) as it is when the report is made, and the events of the
report's period (actions held, POP-gesprekken held, trajectories started), both
days included.

`snapshot` runs a fixed number of queries, however many employees, units, actions
or trajectories there are: everything is counted in the database. It keeps employee
ids, never names, so the stored figures hold no more personal data than the
comparison with the next report needs. The names the document shows are read here
too (`names`), at the same moment, but never stored: the context reads no database.
"""

from __future__ import annotations

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from inclusion.actions.queries import pop_coverage, pop_coverage_total
from inclusion.figures import SmallGroups
from inclusion.models import (
    ActionStatus,
    Employee,
    MobilityTrajectory,
    PopConversation,
    SkillsAction,
    TrajectoryStatus,
    Vulnerability,
)
from inclusion.skills import queries as skills
from organisations.models import OrganisationUnit

# Raised when the snapshot's shape changes; older snapshots are still read.
VERSION = 1

# The most vulnerable first, as on the functiemetamorfose page.
VULNERABLE = (Vulnerability.HIGH, Vulnerability.MEDIUM, Vulnerability.LOW)
OPEN = (TrajectoryStatus.PLANNED, TrajectoryStatus.ACTIVE)


def snapshot(report) -> dict:
    """The report's figures as JSON-ready codes and numbers, in a fixed number of queries."""
    organisation = report.organisation
    period = (report.period_start, report.period_end)
    heat = skills.heatmap(organisation, groups=SmallGroups.of(organisation, exact=True))
    headcount = {row.unit.pk if row.unit else None: row.employees for row in heat.rows}
    return {
        "version": VERSION,
        "period": [report.period_start, report.period_end],
        "employees": sum(headcount.values()),
        "employees_without_unit": headcount.get(None, 0),
        "units": [
            {
                "id": unit.pk,
                "parent": unit.parent_id,
                "name": unit.name,
                "depth": depth,
                "employees": headcount.get(unit.pk, 0),
            }
            for unit, depth in OrganisationUnit.objects.for_organisation(organisation).as_tree()
        ],
        "actions": _actions(organisation, period),
        "skills": _skills(organisation, heat),
        "pop": _pop(organisation, report.period_end.year, period),
        "jobs": _jobs(organisation),
        "vulnerable_in_trajectory": _vulnerable_in_trajectory(organisation),
        "trajectories": _trajectories(organisation, period),
    }


def _actions(organisation, period) -> dict:
    """Actions held in the period by type and status; the done ones by unit, and the
    employees who work here now and took part in at least one of them."""
    held = SkillsAction.objects.for_organisation(organisation).filter(held_on__range=period)
    done = held.filter(status=ActionStatus.DONE)
    by_kind: dict[str, dict] = {}

    def entry(kind: str) -> dict:
        return by_kind.setdefault(kind, {"statuses": {}, "hours": "0", "reached": 0})

    for row in held.values("kind", "status").annotate(n=Count("pk"), hours=Sum("hours")).order_by():
        entry(row["kind"])["statuses"][row["status"]] = row["n"]
        if row["status"] == ActionStatus.DONE:
            entry(row["kind"])["hours"] = str(row["hours"] or 0)

    taking_part = SkillsAction.employees.through.objects.filter(
        skillsaction__organisation=organisation,
        skillsaction__held_on__range=period,
        skillsaction__status=ActionStatus.DONE,
        employee__active=True,
    )
    for row in (
        taking_part.values("skillsaction__kind")
        .annotate(n=Count("employee_id", distinct=True))
        .order_by()
    ):
        entry(row["skillsaction__kind"])["reached"] = row["n"]
    reached = taking_part.aggregate(n=Count("employee_id", distinct=True))["n"]
    reached_by_unit = [
        {"unit": row["employee__unit_id"], "reached": row["n"]}
        for row in taking_part.values("employee__unit_id")
        .annotate(n=Count("employee_id", distinct=True))
        .order_by()
    ]
    # An action for a whole unit counts for that unit; one for chosen employees
    # counts for each unit they work in, once per unit.
    by_unit = [
        {"unit": row["for_unit"], "kind": row["kind"], "n": row["n"]}
        for row in done.annotate(for_unit=Coalesce(F("unit_id"), F("employees__unit_id")))
        .values("for_unit", "kind")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ]
    return {
        "by_kind": by_kind,
        "reached": reached,
        "by_unit": by_unit,
        "reached_by_unit": reached_by_unit,
    }


def _skills(organisation, heat) -> dict:
    """The gap heatmap as HR sees it (every figure exact), with how many were assessed."""
    assessed = {
        row["unit_id"]: row["n"]
        for row in Employee.objects.for_organisation(organisation)
        .active()
        .values("unit_id")
        .annotate(n=Count("pk", filter=Q(assessments__isnull=False), distinct=True))
        .order_by()
    }
    rows = [
        {
            "unit": row.unit.pk if row.unit else None,
            "employees": row.employees,
            "assessed": assessed.get(row.unit.pk if row.unit else None, 0),
            "gaps": [cell.count for cell in row.cells],
            "any": row.any_gap.count,
        }
        for row in heat.rows
    ]
    return {
        "areas": [
            {"id": area.pk, "number": area.number, "name": area.name, "name_en": area.name_en}
            for area in heat.areas
        ],
        "rows": rows,
        # Every employee is in one row, so the sums count each employee once.
        "gaps_by_area": {
            str(area.number): sum(row["gaps"][index] for row in rows)
            for index, area in enumerate(heat.areas)
        },
        "with_gap": sum(row["any"] for row in rows),
        "assessed": sum(assessed.values()),
    }


def _pop(organisation, year: int, period) -> dict:
    total = pop_coverage_total(organisation, year)
    held = PopConversation.objects.for_organisation(organisation).filter(held_on__range=period)
    return {
        "year": year,
        "active": total.active,
        "held": total.held,
        "covered": total.covered,
        "units": [
            {
                "unit": row.unit.pk if row.unit else None,
                "active": row.active,
                "held": row.held,
                "covered": row.covered,
            }
            for row in pop_coverage(organisation, year)
        ],
        "in_period": held.aggregate(
            held=Count("pk"),
            digital_skills=Count("pk", filter=Q(digital_skills=True)),
            digital_resilience=Count("pk", filter=Q(digital_resilience=True)),
        ),
    }


def _jobs(organisation) -> list[dict]:
    # Counted apart: joined with the targets and employees, trajectories would multiply rows.
    trajectories = dict(
        MobilityTrajectory.objects.for_organisation(organisation)
        .values("from_job")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("from_job", "n")
    )
    return [
        {
            "id": job.pk,
            "name": job.name,
            "vulnerability": job.vulnerability,
            "reason": job.vulnerability_reason,
            "horizon": job.horizon,
            "employees": job.employee_count,
            "targets": job.target_count,
            "trajectories": trajectories.get(job.pk, 0),
        }
        for job in skills.jobs_with_target_counts(organisation)
    ]


def _vulnerable_in_trajectory(organisation) -> dict[str, int]:
    """{vulnerability: employees who work here in such a job and have a trajectory
    planned or under way}."""
    return {
        row["job__vulnerability"]: row["n"]
        for row in Employee.objects.for_organisation(organisation)
        .active()
        .filter(job__vulnerability__in=VULNERABLE)
        .values("job__vulnerability")
        .annotate(n=Count("pk", filter=Q(trajectories__status__in=OPEN), distinct=True))
        .order_by()
    }


def _trajectories(organisation, period) -> dict:
    """Counts by destination and status; listed: those planned or under way, and
    those that started or ended in the period (whatever their status now)."""
    trajectories = MobilityTrajectory.objects.for_organisation(organisation)
    counts = [
        {"destination": row["destination"], "status": row["status"], "n": row["n"]}
        for row in trajectories.values("destination", "status").annotate(n=Count("pk")).order_by()
    ]
    listed = (
        trajectories.filter(
            Q(status__in=OPEN) | Q(started_on__range=period) | Q(ended_on__range=period)
        )
        .select_related("from_job", "destination_job")
        .order_by("-started_on", "pk")
    )
    return {
        "counts": counts,
        "listed": [
            {
                "id": trajectory.pk,
                "employee": trajectory.employee_id,
                "from_job": trajectory.from_job.name,
                "destination": trajectory.destination,
                "destination_job": trajectory.destination_job.name
                if trajectory.destination_job
                else None,
                "status": trajectory.status,
                "started_on": trajectory.started_on,
                "started_in_period": trajectory.started_on is not None
                and period[0] <= trajectory.started_on <= period[1],
                "ended_on": trajectory.ended_on,
                "ended_in_period": trajectory.ended_on is not None
                and period[0] <= trajectory.ended_on <= period[1],
            }
            for trajectory in listed
        ],
    }


def named(snapshot: dict) -> set[int]:
    """The ids of the employees a document with this snapshot names."""
    return {row["employee"] for row in snapshot.get("trajectories", {}).get("listed", [])}


def names(report, snapshot: dict) -> dict[int, str]:
    """The employees the document names, by id: those in the trajectories it lists.
    Personal data, read with the figures for the document only, never stored."""
    ids = named(snapshot)
    return dict(
        Employee.objects.for_organisation(report.organisation)
        .filter(pk__in=ids)
        .values_list("pk", "name")
    )
