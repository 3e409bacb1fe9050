"""The HR report: digital-skills actions, skills gaps per unit and DigComp area,
POP coverage, vulnerable jobs and mobility trajectories.

Its readers are HR advisers, who may see individual employees: every figure is
exact (no small group is hidden), and the list of mobility trajectories names the
employee. Nothing else names anyone. The snapshot keeps employee ids, never names,
so the stored figures hold no more personal data than the comparison needs; the
names are read when the document is composed.

Two kinds of figures: the state (employees, gaps, POP coverage of the year, jobs,
trajectories by status) as it is when the report is made, and the events of the
report's period (actions held, POP-gesprekken held, trajectories started), both
days included.

`snapshot` runs a fixed number of queries, however many employees, units, actions
or trajectories there are: everything is counted in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption.models import share
from inclusion.actions.queries import Coverage, pop_coverage, pop_coverage_total
from inclusion.models import (
    ActionKind,
    ActionStatus,
    Destination,
    Employee,
    MobilityTrajectory,
    PopConversation,
    SkillsAction,
    TrajectoryStatus,
    Vulnerability,
)
from inclusion.skills import queries as skills
from inclusion.skills.queries import HeatCell
from organisations.i18n import localised
from organisations.models import OrganisationUnit
from reports.content.common import Change, Section, base_context, stored_date, stored_decimal
from reports.content.common import label as _label

template = "reports/pdf/hr.html"
stylesheets = (Path(__file__).resolve().parent.parent / "pdf" / "hr.css",)

# Raised when the snapshot's shape changes; older snapshots are still read.
VERSION = 1

# The most vulnerable first, as on the functiemetamorfose page.
VULNERABLE = (Vulnerability.HIGH, Vulnerability.MEDIUM, Vulnerability.LOW)
# Trajectories that still ask for attention first.
STATUS_ORDER = (
    TrajectoryStatus.ACTIVE,
    TrajectoryStatus.PLANNED,
    TrajectoryStatus.COMPLETED,
    TrajectoryStatus.STOPPED,
)
OPEN = (TrajectoryStatus.PLANNED, TrajectoryStatus.ACTIVE)

# Column headings for the table of units by type: the full names are too long for
# a column; the table of types above it gives them in full.
SHORT_KIND = {
    ActionKind.TRAINING: gettext_lazy("Training"),
    ActionKind.INTERVISIE: gettext_lazy("Intervisie"),
    ActionKind.POP_AGREEMENT: gettext_lazy("POP agreement"),
    ActionKind.CHAMPION_COACHING: gettext_lazy("Champion coaching"),
    ActionKind.MOBILITY_STEP: gettext_lazy("Mobility step"),
    ActionKind.RECRUITMENT: gettext_lazy("Recruitment"),
    ActionKind.LEARNING_NETWORK: gettext_lazy("Learning network"),
}


# --- The figures ---------------------------------------------------------------------------------


def snapshot(report) -> dict:
    organisation = report.organisation
    period = (report.period_start, report.period_end)
    heat = skills.heatmap(organisation, exact=True)
    headcount = {row.unit.pk if row.unit else None: row.total for row in heat.rows}
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
            "employees": row.total,
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
            {"unit": row.unit.pk, "active": row.active, "held": row.held, "covered": row.covered}
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


# --- Reading a snapshot, an older one too --------------------------------------------------------


def _get(data, *keys, default=None):
    """data[k1][k2]…, or `default` where a key is missing or a level is not a dict."""
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return default
        data = data[key]
    return data


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value) -> str:
    return formats.number_format(value, force_grouping=True)


# --- What changed --------------------------------------------------------------------------------


def _done(actions: dict) -> dict[str, int]:
    by_kind = actions.get("by_kind")
    return {
        kind: count
        for kind, entry in (by_kind if isinstance(by_kind, dict) else {}).items()
        if (count := _int(_get(entry, "statuses", ActionStatus.DONE.value, default=0))) is not None
    }


def _vulnerable_employees(jobs) -> dict[str, int]:
    counts = {level.value: 0 for level in VULNERABLE}
    for job in jobs if isinstance(jobs, list) else []:
        level, employees = _get(job, "vulnerability"), _int(_get(job, "employees"))
        if level in counts and employees is not None:
            counts[level] += employees
    return counts


def _status_counts(trajectories) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in _get(trajectories, "counts", default=[]) or []:
        status, n = _get(row, "status"), _int(_get(row, "n"))
        if isinstance(status, str) and n is not None:
            counts[status] = counts.get(status, 0) + n
    return counts


def _coverage_text(pop) -> str | None:
    year, active, covered = (_int(_get(pop, key)) for key in ("year", "active", "covered"))
    if year is None or active is None or covered is None:
        return None
    if not active:
        return _("no employees (%(year)s)") % {"year": year}
    return _("%(covered)s of %(active)s (%(percentage)s%%) in %(year)s") % {
        "covered": _number(covered),
        "active": _number(active),
        "percentage": share(covered, active),
        "year": year,
    }


def changes(current: dict, previous: dict | None) -> list[Change]:
    """What differs from the previous report's snapshot. A part the previous snapshot
    lacks (it was made by an older version) is left out, never guessed."""
    if not isinstance(previous, dict) or not previous:
        return []
    found: list[Change] = []

    def counted(subject, before, after) -> None:
        before, after = _int(before), _int(after)
        if before is not None and after is not None and before != after:
            found.append(Change(subject, _number(before), _number(after)))

    if isinstance(previous.get("actions"), dict):
        before, after = _done(previous["actions"]), _done(current["actions"])
        for kind in [*ActionKind.values, *sorted(set(before) - set(ActionKind.values))]:
            if kind in before or kind in after:
                counted(
                    _("Actions done in the period: %(type)s") % {"type": _label(ActionKind, kind)},
                    before.get(kind, 0),
                    after.get(kind, 0),
                )
        counted(
            _("Employees who took part in an action in the period"),
            _get(previous, "actions", "reached"),
            current["actions"]["reached"],
        )

    if isinstance(previous.get("pop"), dict):
        before, after = _coverage_text(previous["pop"]), _coverage_text(current["pop"])
        if before is not None and before != after:
            found.append(Change(_("POP-gesprekken that covered digital skills"), before, after))

    if isinstance(previous.get("skills"), dict):
        counted(
            _("Employees with a skills gap"),
            _get(previous, "skills", "with_gap"),
            current["skills"]["with_gap"],
        )
        before = _get(previous, "skills", "gaps_by_area", default={})
        after = current["skills"]["gaps_by_area"]
        if isinstance(before, dict):
            names = {
                str(area.get("number")): str(
                    localised(area.get("name") or "", area.get("name_en") or "")
                )
                for source in (previous, current)
                for area in _get(source, "skills", "areas", default=[]) or []
                if isinstance(area, dict)
            }
            for number in sorted(set(before) | set(after), key=_area_order):
                counted(
                    _("Employees with a gap in %(area)s")
                    % {"area": f"{number}. {names.get(number, '')}".strip()},
                    before.get(number, 0),
                    after.get(number, 0),
                )

    if isinstance(previous.get("jobs"), list):
        before_jobs = {
            job["id"]: job for job in previous["jobs"] if isinstance(job, dict) and "id" in job
        }
        for job in current["jobs"]:
            then = before_jobs.get(job["id"])
            if then is None or _get(then, "vulnerability", default="") == job["vulnerability"]:
                continue
            found.append(
                Change(
                    _("Vulnerability of %(job)s") % {"job": job["name"]},
                    capfirst(_label(Vulnerability, then.get("vulnerability") or "")),
                    capfirst(_label(Vulnerability, job["vulnerability"])),
                )
            )
        before, after = (
            _vulnerable_employees(previous["jobs"]),
            _vulnerable_employees(current["jobs"]),
        )
        for level in VULNERABLE:
            counted(
                _("Employees in jobs with %(level)s vulnerability")
                % {"level": _label(Vulnerability, level)},
                before[level],
                after[level],
            )

    if isinstance(previous.get("trajectories"), dict):
        before, after = (
            _status_counts(previous["trajectories"]),
            _status_counts(current["trajectories"]),
        )
        for status in TrajectoryStatus.values:
            counted(
                _("Mobility trajectories %(status)s")
                % {"status": _label(TrajectoryStatus, status)},
                before.get(status, 0),
                after.get(status, 0),
            )
    return found


def _area_order(number: str):
    return (0, int(number)) if number.isdigit() else (1, number)


# --- The document --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    name: str
    depth: int
    employees: int
    # Shown only to place the units below it in the tree: it has no figures of its own.
    heading: bool = False


def _unit_rows(snapshot: dict, unit_ids) -> list[tuple[int | None, UnitRow]]:
    """The units among `unit_ids` in the organisation's tree order, with the units
    they are part of as headings, and "no unit" last."""
    wanted = set(unit_ids)
    parents = {unit["id"]: unit.get("parent") for unit in snapshot["units"]}
    above: set[int] = set()
    for unit_id in wanted:
        parent = parents.get(unit_id)
        while parent is not None and parent not in above:
            above.add(parent)
            parent = parents.get(parent)
    rows = [
        (
            unit["id"],
            UnitRow(
                unit["name"], unit["depth"], unit["employees"], heading=unit["id"] not in wanted
            ),
        )
        for unit in snapshot["units"]
        if unit["id"] in wanted or unit["id"] in above
    ]
    if None in wanted:
        rows.append((None, UnitRow(_("No unit"), 0, snapshot["employees_without_unit"])))
    return rows


def _actions_context(snapshot: dict) -> dict:
    actions = snapshot["actions"]
    by_kind = actions["by_kind"]
    kinds = [*ActionKind.values, *sorted(set(by_kind) - set(ActionKind.values))]
    rows = []
    for kind in kinds:
        entry = by_kind.get(kind, {"statuses": {}, "hours": "0", "reached": 0})
        statuses = entry["statuses"]
        rows.append(
            {
                "code": kind,
                "label": capfirst(_label(ActionKind, kind)),
                "short": capfirst(str(SHORT_KIND.get(kind) or _label(ActionKind, kind))),
                "done": statuses.get(ActionStatus.DONE, 0),
                "planned": statuses.get(ActionStatus.PLANNED, 0),
                "cancelled": statuses.get(ActionStatus.CANCELLED, 0),
                "hours": stored_decimal(entry["hours"]) or Decimal(0),
                "reached": entry["reached"],
            }
        )
    shown = [row for row in rows if row["done"]]
    counts: dict[tuple[int | None, str], int] = {
        (row["unit"], row["kind"]): row["n"] for row in actions["by_unit"]
    }
    reached = {row["unit"]: row["reached"] for row in actions["reached_by_unit"]}
    units = {unit for unit, _kind in counts} | {
        unit["id"] for unit in snapshot["units"] if unit["employees"]
    }
    if snapshot["employees_without_unit"]:
        units.add(None)
    unit_rows = []
    for unit_id, unit in _unit_rows(snapshot, units):
        if unit.heading:
            unit_rows.append({"unit": unit})
            continue
        unit_reached = reached.get(unit_id, 0)
        unit_rows.append(
            {
                "unit": unit,
                "counts": [counts.get((unit_id, kind["code"]), 0) for kind in shown],
                "total": sum(counts.get((unit_id, kind["code"]), 0) for kind in shown),
                "reached": unit_reached,
                "reached_percentage": share(unit_reached, unit.employees),
            }
        )
    return {
        "kinds": rows,
        "kinds_shown": shown,
        "units": unit_rows,
        "total": {
            "done": sum(row["done"] for row in rows),
            "planned": sum(row["planned"] for row in rows),
            "cancelled": sum(row["cancelled"] for row in rows),
            "hours": sum((row["hours"] for row in rows), Decimal(0)),
            "reached": actions["reached"],
            "reached_percentage": share(actions["reached"], snapshot["employees"]),
        },
    }


def _skills_context(snapshot: dict) -> dict:
    data = snapshot["skills"]
    areas = [
        {"number": area["number"], "name": localised(area["name"], area["name_en"])}
        for area in data["areas"]
    ]
    by_unit = {row["unit"]: row for row in data["rows"]}
    rows = []
    for unit_id, unit in _unit_rows(snapshot, by_unit):
        if unit.heading:
            rows.append({"unit": unit})
            continue
        row = by_unit[unit_id]
        rows.append(
            {
                "unit": unit,
                "assessed": row["assessed"],
                # The heatmap page's own cells: the same shares and the same four steps.
                "cells": [
                    HeatCell(count=count, total=row["employees"], suppressed=False)
                    for count in row["gaps"]
                ],
                "any": HeatCell(count=row["any"], total=row["employees"], suppressed=False),
            }
        )
    employees = snapshot["employees"]
    return {
        "areas": [
            {
                **area,
                "count": data["gaps_by_area"].get(str(area["number"]), 0),
                "percentage": share(data["gaps_by_area"].get(str(area["number"]), 0), employees),
            }
            for area in areas
        ],
        "rows": rows,
        "with_gap": data["with_gap"],
        "with_gap_percentage": share(data["with_gap"], employees),
        "assessed": data["assessed"],
        "assessed_percentage": share(data["assessed"], employees),
        "jobs_with_targets": sum(1 for job in snapshot["jobs"] if job["targets"]),
    }


def _pop_context(snapshot: dict) -> dict:
    pop = snapshot["pop"]

    def coverage(row) -> Coverage:
        # HR advisers see every group: nothing is small to them.
        return Coverage(
            active=row["active"], held=row["held"], covered=row["covered"], small=False, threshold=0
        )

    by_unit = {row["unit"]: row for row in pop["units"]}
    return {
        "year": pop["year"],
        "total": coverage(pop),
        "units": [
            {"unit": unit, "coverage": None if unit.heading else coverage(by_unit[unit_id])}
            for unit_id, unit in _unit_rows(snapshot, by_unit)
        ],
        "in_period": pop["in_period"],
    }


def _jobs_context(snapshot: dict) -> dict:
    jobs = snapshot["jobs"]
    order = {level.value: index for index, level in enumerate(VULNERABLE)}
    rated = sorted(
        (job for job in jobs if job["vulnerability"] in order),
        key=lambda job: (order[job["vulnerability"]], job["name"]),
    )
    employees = _vulnerable_employees(jobs)
    return {
        "rated": [
            {**job, "label": capfirst(_label(Vulnerability, job["vulnerability"]))} for job in rated
        ],
        "unrated": [job for job in jobs if job["vulnerability"] not in order],
        "levels": [
            {
                "code": level.value,
                "label": capfirst(_label(Vulnerability, level)),
                "employees": employees[level.value],
                "in_trajectory": snapshot["vulnerable_in_trajectory"].get(level.value, 0),
                "jobs": sum(1 for job in rated if job["vulnerability"] == level.value),
            }
            for level in VULNERABLE
        ],
    }


def _trajectories_context(report, snapshot: dict) -> dict:
    data = snapshot["trajectories"]
    counts = {(row["destination"], row["status"]): row["n"] for row in data["counts"]}
    statuses = TrajectoryStatus.values
    table = [
        {
            "label": capfirst(_label(Destination, destination)),
            "cells": [counts.get((destination, status), 0) for status in statuses],
            "total": sum(counts.get((destination, status), 0) for status in statuses),
        }
        for destination in Destination.values
    ]
    ids = {row["employee"] for row in data["listed"]}
    names = dict(
        Employee.objects.for_organisation(report.organisation)
        .filter(pk__in=ids)
        .values_list("pk", "name")
    )
    order = {status.value: index for index, status in enumerate(STATUS_ORDER)}
    listed = sorted(
        data["listed"],
        key=lambda row: (order.get(row["status"], len(order)), names.get(row["employee"], "")),
    )
    by_status = _status_counts(data)
    return {
        "statuses": [capfirst(_label(TrajectoryStatus, status)) for status in statuses],
        "table": table,
        "totals": [
            sum(counts.get((d, status), 0) for d in Destination.values) for status in statuses
        ],
        "total": sum(counts.values()),
        "open": sum(by_status.get(status, 0) for status in OPEN),
        "started_in_period": sum(1 for row in data["listed"] if row["started_in_period"]),
        # Snapshots from before trajectories had an end date have no "ended_in_period".
        "ended_in_period": sum(1 for row in data["listed"] if row.get("ended_in_period")),
        "listed": [
            {
                "employee": names.get(row["employee"]) or _("(no longer registered)"),
                "from_job": row["from_job"],
                "destination": capfirst(_label(Destination, row["destination"])),
                "destination_job": row["destination_job"],
                "status": capfirst(_label(TrajectoryStatus, row["status"])),
                "started_on": stored_date(row["started_on"]),
                "started_in_period": row["started_in_period"],
                "ended_on": stored_date(row.get("ended_on")),
                "ended_in_period": bool(row.get("ended_in_period")),
            }
            for row in listed
        ],
    }


def highlights(actions: dict, skills_data: dict, pop: dict, jobs: dict) -> list[str]:
    """A few sentences for the summary, each only where the figures carry it."""
    found = []
    areas = [area for area in skills_data["areas"] if area["count"]]
    if areas:
        area = max(areas, key=lambda area: area["count"])
        found.append(
            _("Most skills gaps are in %(area)s: %(count)s employees (%(percentage)s%%).")
            % {
                "area": f"{area['number']}. {area['name']}",
                "count": _number(area["count"]),
                "percentage": area["percentage"],
            }
        )
    covered = [
        (row["unit"].name, row["coverage"].percentage)
        for row in pop["units"]
        if row["coverage"] is not None and row["coverage"].percentage is not None
    ]
    if len(covered) > 1:
        low, high = min(covered, key=lambda u: u[1]), max(covered, key=lambda u: u[1])
        if low[1] != high[1]:
            found.append(
                _(
                    "POP coverage %(year)s is lowest in %(low)s (%(low_percentage)s%%) "
                    "and highest in %(high)s (%(high_percentage)s%%)."
                )
                % {
                    "year": pop["year"],
                    "low": low[0],
                    "low_percentage": low[1],
                    "high": high[0],
                    "high_percentage": high[1],
                }
            )
    missed = [
        row["unit"].name
        for row in actions["units"]
        if not row["unit"].heading and row["unit"].employees and not row["reached"]
    ]
    if missed:
        found.append(
            _("Nobody in these units took part in an action in this period: %(units)s.")
            % {"units": ", ".join(missed)}
        )
    elif actions["units"] and actions["total"]["done"]:
        found.append(
            _("In every unit with employees, someone took part in an action in this period.")
        )
    high = jobs["levels"][0]
    if high["employees"]:
        found.append(
            _(
                "%(in_trajectory)s of the %(employees)s employees in jobs with high vulnerability "
                "have a mobility trajectory planned or under way."
            )
            % {"in_trajectory": high["in_trajectory"], "employees": high["employees"]}
        )
    return found


def sections() -> list[Section]:
    return [
        Section("summary", _("Summary")),
        Section("actions", _("Digital-skills actions")),
        Section("skills", _("Digital skills per unit and DigComp area")),
        Section("pop", _("POP-gesprekken")),
        Section("metamorphosis", _("Functiemetamorfose")),
    ]


def context(report, snapshot: dict, previous) -> dict:
    found = changes(snapshot, previous.snapshot if previous is not None else None)
    actions = _actions_context(snapshot)
    skills_data = _skills_context(snapshot)
    pop = _pop_context(snapshot)
    jobs = _jobs_context(snapshot)
    trajectories = _trajectories_context(report, snapshot)
    return base_context(report, previous, sections=sections(), changes=found) | {
        "employees": snapshot["employees"],
        "actions": actions,
        "skills": skills_data,
        "pop": pop,
        "jobs": jobs,
        "trajectories": trajectories,
        "high_vulnerability": jobs["levels"][0],
        "highlights": highlights(actions, skills_data, pop, jobs),
    }
