"""The management report's opening page and its decisions: the key figures beside the
previous report's, and the decision requests as the snapshot kept them.

Key figures are states (how many initiatives are on red now), never counts over a
period, so that two reports of different lengths compare like with like. Nothing here
reads the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.content.common import as_dict, as_int, as_list, get, label, stored_date
from transformation.decisions import proposal_title
from transformation.models import RAG, BenefitTrack, DecisionOutcome, InterventionStatus

# The opening page lists this many decision requests; chapter "Decisions" has them all.
OPENING_DECISIONS = 5
# The decisions chapter names this many of the data's signals nobody took up, and counts
# the rest: at a large programme they would fill pages.
NAMED_PROPOSALS = 10


@dataclass(frozen=True)
class KeyFigure:
    """One line of the opening's key figures: what it counts and how to read it from a
    snapshot (None where that snapshot does not hold it)."""

    label: str
    read: Callable[[dict], int | None]
    percentage: bool = False
    # Whether two snapshots' figures compare at all (the POP coverage starts again each
    # year: only the same year's compares).
    comparable: Callable[[dict, dict], bool] = lambda now, then: True


def _initiatives(snap: dict) -> int | None:
    items = snap.get("initiatives")
    return len(items) if isinstance(items, list) else None


def _status(code: str) -> Callable[[dict], int | None]:
    return lambda snap: as_int(get(snap, "status_counts", code))


def _track(*codes: str) -> Callable[[dict], int | None]:
    def read(snap: dict) -> int | None:
        counts = [as_int(get(snap, "benefit_counts", code)) for code in codes]
        return None if None in counts else sum(counts)

    return read


def _anchored(snap: dict) -> int | None:
    items = snap.get("interventions")
    if not isinstance(items, list):
        return None
    return sum(1 for item in as_list(items) if item.get("status") == InterventionStatus.ANCHORED)


def _pop(snap: dict) -> int | None:
    return as_int(get(snap, "inclusion", "pop_percentage"))


def _same_pop_year(now: dict, then: dict) -> bool:
    year = get(now, "inclusion", "year")
    return year is not None and year == get(then, "inclusion", "year")


def _open_decisions(snap: dict) -> int | None:
    asked = get(snap, "decisions", "asked")
    return len(asked) if isinstance(asked, list) else None


KEY_FIGURES = (
    KeyFigure(gettext_lazy("Initiatives"), _initiatives),
    KeyFigure(gettext_lazy("Initiatives on red"), _status(RAG.RED)),
    KeyFigure(gettext_lazy("Initiatives on amber"), _status(RAG.AMBER)),
    KeyFigure(
        gettext_lazy("Benefits on track or reached"),
        _track(BenefitTrack.ON_TRACK, BenefitTrack.ACHIEVED),
    ),
    KeyFigure(gettext_lazy("Benefits off track"), _track(BenefitTrack.OFF_TRACK)),
    KeyFigure(gettext_lazy("Interventions anchored (of 5)"), _anchored),
    # A share of the employees in service, not of the POP-gesprekken held.
    KeyFigure(
        gettext_lazy("Employees whose POP-gesprek covered digital skills"),
        _pop,
        percentage=True,
        comparable=_same_pop_year,
    ),
    KeyFigure(gettext_lazy("Decision requests open"), _open_decisions),
)


def key_figures(snap: dict, before: dict) -> list[dict]:
    """Each key figure now, in the previous report and the difference; a figure the
    previous report did not keep (or hid), or one that does not compare with it (the POP
    coverage of another year), shows no difference."""
    rows = []
    for figure in KEY_FIGURES:
        now = figure.read(snap)
        then = figure.read(before) if before and figure.comparable(snap, before) else None
        rows.append(
            {
                "label": str(figure.label),
                "now": _value(now, figure.percentage),
                "then": _value(then, figure.percentage) if before else "",
                "change": _difference(now, then, figure.percentage) if before else "",
            }
        )
    return rows


def _value(value: int | None, percentage: bool) -> str:
    if value is None:
        return "—"
    return f"{value}%" if percentage else str(value)


def _difference(now: int | None, then: int | None, percentage: bool) -> str:
    if now is None or then is None:
        return "—"
    if now == then:
        return _("unchanged")
    sign = "+" if now > then else "−"  # noqa: RUF001 (a minus sign, not a hyphen)
    amount = abs(now - then)
    if percentage:
        return _("%(sign)s%(amount)s points") % {"sign": sign, "amount": amount}
    return f"{sign}{amount}"


def decisions(snap: dict) -> dict:
    """The decision requests as the report shows them: asked (open), decided since the
    period began, and the data's proposals nobody took up."""
    data = as_dict(snap.get("decisions"))
    proposed = [
        proposal_title(str(item.get("kind", "")), str(item.get("subject", "")))
        for item in as_list(data.get("proposed"))
    ]
    asked = [_request(item) for item in as_list(data.get("asked"))]
    decided = [
        _request(item)
        | {
            "outcome": item.get("outcome", ""),
            "outcome_label": capfirst(label(DecisionOutcome, item.get("outcome"))),
            "mark": _outcome_mark(item.get("outcome")),
            "decided_by": item.get("decided_by", ""),
            "decided_on": stored_date(item.get("decided_on")),
            "note": item.get("note", ""),
        }
        for item in as_list(data.get("decided"))
    ]
    return {
        "asked": asked,
        "opening": asked[:OPENING_DECISIONS],
        "more": max(len(asked) - OPENING_DECISIONS, 0),
        "decided": decided,
        "proposed": proposed[:NAMED_PROPOSALS],
        "proposed_count": len(proposed),
        "proposed_more": max(len(proposed) - NAMED_PROPOSALS, 0),
        # A snapshot from before requests were kept says nothing about them.
        "kept": "decisions" in snap,
    }


def _request(item: dict) -> dict:
    options = item.get("options")
    return {
        "title": item.get("title", ""),
        "question": item.get("question", ""),
        "options": [o for o in options if isinstance(o, str)] if isinstance(options, list) else [],
        "advice": item.get("advice", ""),
        "initiative": item.get("initiative", ""),
        "benefit": item.get("benefit", ""),
        "meeting": item.get("meeting", ""),
        "meeting_on": stored_date(item.get("meeting_on")),
        "prepared_by": item.get("prepared_by", ""),
    }


def _outcome_mark(code) -> str:
    try:
        colour = str(DecisionOutcome(code).colour)
    except ValueError:
        return "none"
    return colour if colour in ("green", "amber", "red") else "none"
