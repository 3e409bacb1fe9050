"""What both reports share: the cover, the contents, "what changed", and reading
back what a snapshot stored (through JSON, and perhaps by an older version).

A snapshot is read defensively: the previous report's was made by whatever version
of this code ran then, and a figure it lacks or keeps in another shape is left out,
never guessed and never a reason for the report to fail. The readers below are the
one way both kinds do that."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone


@dataclass(frozen=True)
class Section:
    """A chapter: its anchor in the document and its title in the contents."""

    anchor: str
    title: str


@dataclass(frozen=True)
class Change:
    """One figure or state that differs from the previous report's."""

    subject: str
    before: str
    after: str


def author(report) -> str:
    if report.requested_by:
        return f"{report.requested_by} ({report.organisation.name})"
    return report.organisation.name


def base_context(report, previous, *, sections: list[Section], changes: list[Change]) -> dict:
    """The context every report template needs; content modules add their own."""
    return {
        "report": report,
        "organisation": report.organisation,
        "programme": report.programme,
        "previous": previous,
        "author": author(report),
        "made_at": timezone.localtime(),
        "sections": sections,
        "changes": changes,
        # Whether the document is one of a series (the inzage is not).
        "compares": True,
    }


# --- Reading a stored snapshot ------------------------------------------------------------------


def label(choices, code) -> str:
    """The label of a code in the current language; a code this version no longer
    knows is shown as it is."""
    try:
        return str(choices(code).label)
    except (TypeError, ValueError):
        return str(code) if code not in (None, "") else ""


def stored_date(value) -> datetime.date | None:
    """A date as the snapshot kept it: ISO text once it went through JSON."""
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def stored_decimal(value) -> Decimal | None:
    """A decimal as the snapshot kept it (text, so that nothing is rounded)."""
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        return None


def as_dict(value) -> dict:
    """`value` if it is a dict, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value) -> list:
    """The dicts in `value` if it is a list, else an empty list."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def get(data, *keys, default=None):
    """data[k1][k2]…, or `default` where a key is missing or a level is not a dict."""
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return default
        data = data[key]
    return data


def as_int(value) -> int | None:
    """A stored count, or None for anything else (a bool is not a count)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
