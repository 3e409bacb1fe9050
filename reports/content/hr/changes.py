"""What changed since the previous HR report: its snapshot beside this one's.

A part the previous snapshot lacks, or keeps in a shape this version does not know
(it was made by an older version), is left out, never guessed. Only codes and numbers
are compared, so a previous report made in another language compares all the same.
Counts over the period (actions done, employees who took part) compare like for like
(``reports.content.periods``); the others are states and compare as they are.
"""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from inclusion.models import ActionKind, ActionStatus, TrajectoryStatus, Vulnerability
from organisations.i18n import localised
from organisations.numbers import grouped, percentage
from reports.content.common import Change, as_int, get, label
from reports.content.hr.snapshot import VULNERABLE
from reports.content.periods import Periods

# The parts of a snapshot that are compared.
COMPARED_KEYS = ("actions", "pop", "skills", "jobs", "trajectories")


def _done(actions: dict) -> dict[str, int]:
    by_kind = actions.get("by_kind")
    return {
        kind: count
        for kind, entry in (by_kind if isinstance(by_kind, dict) else {}).items()
        if (count := as_int(get(entry, "statuses", ActionStatus.DONE.value, default=0))) is not None
    }


def vulnerable_employees(jobs) -> dict[str, int]:
    counts = {level.value: 0 for level in VULNERABLE}
    for job in jobs if isinstance(jobs, list) else []:
        level, employees = get(job, "vulnerability"), as_int(get(job, "employees"))
        if level in counts and employees is not None:
            counts[level] += employees
    return counts


def status_counts(trajectories) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in get(trajectories, "counts", default=[]) or []:
        status, n = get(row, "status"), as_int(get(row, "n"))
        if isinstance(status, str) and n is not None:
            counts[status] = counts.get(status, 0) + n
    return counts


def _coverage_text(pop) -> str | None:
    year, active, covered = (as_int(get(pop, key)) for key in ("year", "active", "covered"))
    if year is None or active is None or covered is None:
        return None
    if not active:
        return _("no employees (%(year)s)") % {"year": year}
    return _("%(covered)s of %(active)s (%(percentage)s%%) in %(year)s") % {
        "covered": grouped(covered),
        "active": grouped(active),
        "percentage": percentage(covered, active),
        "year": year,
    }


def changes(current: dict, previous: dict | None) -> list[Change]:
    """What differs from the previous report's snapshot. A part the previous snapshot
    lacks (it was made by an older version) is left out, never guessed."""
    if not isinstance(previous, dict) or not previous:
        return []
    found: list[Change] = []
    periods = Periods.of(current, previous)

    def counted(subject, before, after) -> None:
        before, after = as_int(before), as_int(after)
        if before is not None and after is not None and before != after:
            found.append(Change(subject, grouped(before), grouped(after)))

    def counted_in_period(subject, before, after) -> None:
        if (change := periods.change(subject, before, after)) is not None:
            found.append(change)

    if isinstance(previous.get("actions"), dict):
        before, after = _done(previous["actions"]), _done(current["actions"])
        for kind in [*ActionKind.values, *sorted(set(before) - set(ActionKind.values))]:
            if kind in before or kind in after:
                counted_in_period(
                    _("Actions done in the period: %(type)s") % {"type": label(ActionKind, kind)},
                    before.get(kind, 0),
                    after.get(kind, 0),
                )
        counted_in_period(
            _("Employees who took part in an action in the period"),
            get(previous, "actions", "reached"),
            current["actions"]["reached"],
        )

    if isinstance(previous.get("pop"), dict):
        before, after = _coverage_text(previous["pop"]), _coverage_text(current["pop"])
        if before is not None and before != after:
            found.append(
                Change(_("Employees with digital skills in their POP-gesprek"), before, after)
            )

    if isinstance(previous.get("skills"), dict):
        counted(
            _("Employees with a skills gap"),
            get(previous, "skills", "with_gap"),
            current["skills"]["with_gap"],
        )
        before = get(previous, "skills", "gaps_by_area", default={})
        after = current["skills"]["gaps_by_area"]
        if isinstance(before, dict):
            names = {
                str(area.get("number")): str(
                    localised(area.get("name") or "", area.get("name_en") or "")
                )
                for source in (previous, current)
                for area in get(source, "skills", "areas", default=[]) or []
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
            if then is None or get(then, "vulnerability", default="") == job["vulnerability"]:
                continue
            found.append(
                Change(
                    _("Vulnerability of %(job)s") % {"job": job["name"]},
                    capfirst(label(Vulnerability, then.get("vulnerability") or "")),
                    capfirst(label(Vulnerability, job["vulnerability"])),
                )
            )
        before, after = (
            vulnerable_employees(previous["jobs"]),
            vulnerable_employees(current["jobs"]),
        )
        for level in VULNERABLE:
            counted(
                _("Employees in jobs with %(level)s vulnerability")
                % {"level": label(Vulnerability, level)},
                before[level],
                after[level],
            )

    if isinstance(previous.get("trajectories"), dict):
        before, after = (
            status_counts(previous["trajectories"]),
            status_counts(current["trajectories"]),
        )
        for status in TrajectoryStatus.values:
            counted(
                _("Mobility trajectories %(status)s") % {"status": label(TrajectoryStatus, status)},
                before.get(status, 0),
                after.get(status, 0),
            )
    return found


def _area_order(number: str):
    return (0, int(number)) if number.isdigit() else (1, number)
