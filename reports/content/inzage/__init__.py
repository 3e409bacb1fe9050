"""The inzage (AVG art. 15): everything Mensenwerk holds about one employee, as the
JSON download gives it (``inclusion.employees.inzage``), printed.

Unlike the other kinds it is about one person and made for them: the snapshot is that
person's data, kept with the document and removed with it (the HR reports' retention,
and anonymising the employee). It compares with nothing and names only them.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from inclusion.employees.inzage import VERSION, everything_about
from reports.content.common import Change, Section, base_context, stored_date

template = "reports/pdf/inzage.html"
# report.css alone: like the other reports, its chapters follow each other on the page.
stylesheets = ()
COMPARED_KEYS = ()


def snapshot(report) -> dict:
    return everything_about(report.employee)


def named(snapshot: dict) -> set[int]:
    employee = snapshot.get("employee") or {}
    return {employee["id"]} if "id" in employee else set()


def names(report, snapshot: dict) -> dict[int, str]:
    """The name is in the snapshot itself: nothing to look up."""
    return {}


def changes(current: dict, previous: dict | None) -> list[Change]:
    return []


def highlights(context: dict) -> list[str]:
    return []


def sections() -> list[Section]:
    return [
        Section("record", _("The record")),
        Section("assessments", _("Assessments of digital skills")),
        Section("actions", _("Digital-skills actions")),
        Section("pop", _("POP-gesprekken")),
        Section("trajectories", _("Mobility trajectories")),
        Section("access", _("Who looked at this data")),
    ]


def _dated(rows: list[dict], *fields: str) -> list[dict]:
    return [
        row | {field: stored_date((row.get(field) or "")[:10]) for field in fields} for row in rows
    ]


def _moment(value):
    moment = parse_datetime(value) if isinstance(value, str) else None
    return timezone.localtime(moment) if moment else None


def context(report, snapshot: dict, previous, *, names: Mapping[int, str] | None = None) -> dict:
    data = {
        "employee": snapshot.get("employee", {}),
        "assessments": _dated(snapshot.get("assessments", []), "assessed_on"),
        "actions": _dated(snapshot.get("skills_actions", []), "held_on"),
        "pops": _dated(snapshot.get("pop_conversations", []), "held_on"),
        "trajectories": _dated(snapshot.get("mobility_trajectories", []), "started_on", "ended_on"),
        "access": [row | {"at": _moment(row.get("at"))} for row in snapshot.get("access_log", [])],
    }
    employee = data["employee"]
    data["employee"] = employee | {
        "left_on": stored_date(employee.get("left_on")),
        "registered_on": stored_date((employee.get("registered_at") or "")[:10]),
    }
    return base_context(report, None, sections=sections(), changes=[]) | data | {"compares": False}


__all__ = [
    "COMPARED_KEYS",
    "VERSION",
    "changes",
    "context",
    "highlights",
    "named",
    "names",
    "sections",
    "snapshot",
    "stylesheets",
    "template",
]
