"""The HR report's context: what the template shows, made from the snapshot alone
(the previous report's too, for "what changed") and the names read with it.

Nothing here reads the database. Units are shown in the organisation's tree order,
with the units they are part of as headings; every figure is exact, since the readers
are HR advisers, who may see individual employees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from inclusion.actions.queries import Coverage
from inclusion.figures import SmallGroups
from inclusion.models import ActionKind, ActionStatus, Destination, TrajectoryStatus, Vulnerability
from inclusion.skills.queries import HeatCell
from organisations.i18n import localised
from organisations.numbers import percentage
from reports.content.common import Section, base_context, label, stored_date, stored_decimal
from reports.content.hr.changes import changes, status_counts, vulnerable_employees
from reports.content.hr.highlights import highlights
from reports.content.hr.snapshot import OPEN, VULNERABLE
from reports.content.periods import Periods

# Trajectories that still ask for attention first.
STATUS_ORDER = (
    TrajectoryStatus.ACTIVE,
    TrajectoryStatus.PLANNED,
    TrajectoryStatus.COMPLETED,
    TrajectoryStatus.STOPPED,
)

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
                "label": capfirst(label(ActionKind, kind)),
                "short": capfirst(str(SHORT_KIND.get(kind) or label(ActionKind, kind))),
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
                "reached_percentage": percentage(unit_reached, unit.employees),
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
            "reached_percentage": percentage(actions["reached"], snapshot["employees"]),
        },
    }


# HR advisers see individual employees: every figure exact, through the same rule.
EXACT = SmallGroups(threshold=0, exact=True)


def _heat_cell(count: int, employees: int) -> HeatCell:
    figure = EXACT.count(count)
    return HeatCell(figure, EXACT.share(figure, EXACT.group(employees)), employees)


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
                "cells": [_heat_cell(count, row["employees"]) for count in row["gaps"]],
                "any": _heat_cell(row["any"], row["employees"]),
            }
        )
    employees = snapshot["employees"]
    return {
        "areas": [
            {
                **area,
                "count": data["gaps_by_area"].get(str(area["number"]), 0),
                "percentage": percentage(
                    data["gaps_by_area"].get(str(area["number"]), 0), employees
                ),
            }
            for area in areas
        ],
        "rows": rows,
        "with_gap": data["with_gap"],
        "with_gap_percentage": percentage(data["with_gap"], employees),
        "assessed": data["assessed"],
        "assessed_percentage": percentage(data["assessed"], employees),
        "jobs_with_targets": sum(1 for job in snapshot["jobs"] if job["targets"]),
    }


def _pop_context(snapshot: dict) -> dict:
    pop = snapshot["pop"]

    def coverage(row) -> Coverage:
        # HR advisers see every group: nothing is small to them.
        return Coverage(active=row["active"], held=row["held"], covered=row["covered"])

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
    employees = vulnerable_employees(jobs)
    levels = []
    for level in VULNERABLE:
        count = sum(1 for job in rated if job["vulnerability"] == level.value)
        levels.append(
            {
                "code": level.value,
                "label": capfirst(label(Vulnerability, level)),
                "employees": employees[level.value],
                "in_trajectory": snapshot["vulnerable_in_trajectory"].get(level.value, 0),
                "jobs": count,
                "jobs_text": ngettext("%(count)s job", "%(count)s jobs", count) % {"count": count},
            }
        )
    return {
        "rated": [
            {**job, "label": capfirst(label(Vulnerability, job["vulnerability"]))} for job in rated
        ],
        "unrated": [job for job in jobs if job["vulnerability"] not in order],
        "levels": levels,
    }


def _trajectories_context(snapshot: dict, names: Mapping[int, str]) -> dict:
    data = snapshot["trajectories"]
    counts = {(row["destination"], row["status"]): row["n"] for row in data["counts"]}
    statuses = TrajectoryStatus.values
    table = [
        {
            "label": capfirst(label(Destination, destination)),
            "cells": [counts.get((destination, status), 0) for status in statuses],
            "total": sum(counts.get((destination, status), 0) for status in statuses),
        }
        for destination in Destination.values
    ]
    order = {status.value: index for index, status in enumerate(STATUS_ORDER)}
    listed = sorted(
        data["listed"],
        key=lambda row: (order.get(row["status"], len(order)), names.get(row["employee"], "")),
    )
    by_status = status_counts(data)
    return {
        "statuses": [capfirst(label(TrajectoryStatus, status)) for status in statuses],
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
                "destination": capfirst(label(Destination, row["destination"])),
                "destination_job": row["destination_job"],
                "status": capfirst(label(TrajectoryStatus, row["status"])),
                "started_on": stored_date(row["started_on"]),
                "started_in_period": row["started_in_period"],
                "ended_on": stored_date(row.get("ended_on")),
                "ended_in_period": bool(row.get("ended_in_period")),
            }
            for row in listed
        ],
    }


def sections() -> list[Section]:
    return [
        Section("summary", _("Summary")),
        Section("actions", _("Digital-skills actions")),
        Section("skills", _("Digital skills per unit and DigComp area")),
        Section("pop", _("POP-gesprekken")),
        Section("metamorphosis", _("Functiemetamorfose")),
    ]


def context(report, snapshot: dict, previous, *, names: Mapping[int, str] | None = None) -> dict:
    """The template's context. `previous` is the last finished report of the kind (or
    None); `names` gives the employees the trajectories list, by id (``names()``):
    without them, each is shown as no longer registered."""
    before = previous.snapshot if previous is not None else None
    found = changes(snapshot, before)
    actions = _actions_context(snapshot)
    skills_data = _skills_context(snapshot)
    pop = _pop_context(snapshot)
    jobs = _jobs_context(snapshot)
    trajectories = _trajectories_context(snapshot, names or {})
    result = base_context(report, previous, sections=sections(), changes=found) | {
        "employees": snapshot["employees"],
        "actions": actions,
        "skills": skills_data,
        "pop": pop,
        "jobs": jobs,
        "trajectories": trajectories,
        "high_vulnerability": jobs["levels"][0],
        # How the counts over the period compared with the previous report's, if not as
        # they are.
        "changes_note": Periods.of(snapshot, before).note() if before else "",
    }
    result["highlights"] = highlights(result)
    return result
