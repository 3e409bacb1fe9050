"""Words for what the management report's snapshot keeps (codes, numbers and dates),
in the language the report is made in. The context and "what changed" word the same
codes alike."""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from adoption.models import Phase
from reports.content.common import grouped, label, stored_date
from transformation.models import CodeterminationStep

# Where co-determination stands for one initiative in one phase, before an outcome.
STAGE_REQUESTED = CodeterminationStep.ADVICE_REQUESTED
STAGE_DISCUSSION = CodeterminationStep.UNDER_DISCUSSION
STAGE_NOT_STARTED = CodeterminationStep.NOT_STARTED


def phase_label(value) -> str:
    if value in (None, "none"):
        return _("no adoption track")
    try:
        phase = int(value)
    except (TypeError, ValueError):
        return str(value)
    return _("Phase %(number)s: %(phase)s") % {"number": phase, "phase": label(Phase, phase)}


def stage_label(code) -> str:
    return CodeterminationStep.stage_label(code)


def count_text(value) -> str:
    """An inclusion figure as kept in the snapshot: a number, or "<5" or the mask as they are."""
    if isinstance(value, bool) or value is None:
        return "—"
    if isinstance(value, int):
        return grouped(value)
    return str(value)


def evidence_text(key: str, kept: dict) -> str | None:
    """A lesson's evidence figure as the lessons' pages word it (``inclusion``'s
    ``evidence_for``), from what the snapshot kept: the figure itself, or for the
    dated ones the dates it comes from. None when the snapshot kept neither."""
    if key == "programme_age":
        start, on = stored_date(kept.get("start")), stored_date(kept.get("on"))
        if start is None or on is None:
            return None
        return formats.date_format(start) if start > on else _duration(start, on)
    if key == "vision_approved":
        approved_on = stored_date(kept.get("on"))
        return formats.date_format(approved_on) if approved_on else _("no")
    if key == "programme_without_end":
        end = stored_date(kept.get("end"))
        return formats.date_format(end) if end else _("no end date")
    value = kept.get("value")
    return value if isinstance(value, str) else None


def _duration(start: datetime.date, today: datetime.date) -> str:
    """How long the programme has run, in whole years and months, in the same words
    as its page."""
    months = (today.year - start.year) * 12 + today.month - start.month
    if today.day < start.day:
        months -= 1
    years, months = divmod(max(months, 0), 12)
    parts = []
    if years:
        parts.append(ngettext("%(years)s year", "%(years)s years", years) % {"years": years})
    if months or not years:
        parts.append(ngettext("%(months)s month", "%(months)s months", months) % {"months": months})
    if len(parts) == 2:
        return _("%(years)s and %(months)s") % {"years": parts[0], "months": parts[1]}
    return parts[0]
