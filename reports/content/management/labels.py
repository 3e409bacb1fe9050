"""Words for what the management report's snapshot keeps (codes, numbers and dates),
in the language the report is made in. The context and "what changed" word the same
codes alike."""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from adoption.models import Phase
from organisations.numbers import grouped
from reports.content.common import label, stored_date
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


def stage_label(code, legal_basis=None) -> str:
    """A co-determination stage in the words of its legal basis (advice or consent), as
    the snapshot kept both; a snapshot without the basis gets the plain words."""
    return CodeterminationStep.stage_label(
        code, legal_basis if isinstance(legal_basis, str) else ""
    )


def count_text(value) -> str:
    """An inclusion figure as kept in the snapshot: a number, or "<5" or the mask as they are."""
    if isinstance(value, bool) or value is None:
        return "—"
    if isinstance(value, int):
        return grouped(value)
    return str(value)


def evidence_text(key: str, kept: dict) -> str | None:
    """A lesson's evidence as a phrase that says what its figure counts, from what the
    snapshot kept (the context adds the figures it shows elsewhere: the POP coverage,
    the mobility trajectories and the number of initiatives): "7 of 7 initiatives have
    an adoption track", "62% of the employees who work here had a POP-gesprek this year
    in which digital skills came up", "information vision approved on 2 December 2026".
    None when there is no figure to word: nothing kept, or a share or count the
    small-group rule hides."""
    if key == "programme_age":
        start, on = stored_date(kept.get("start")), stored_date(kept.get("on"))
        if start is None or on is None:
            return None
        if start > on:
            return _("the programme starts on %(date)s") % {"date": formats.date_format(start)}
        return _("the programme has run for %(duration)s") % {"duration": _duration(start, on)}
    if key == "vision_approved":
        approved_on = stored_date(kept.get("on"))
        if approved_on is None:
            return _("no information vision has been approved")
        return _("information vision approved on %(date)s") % {
            "date": formats.date_format(approved_on)
        }
    if key == "programme_without_end":
        end = stored_date(kept.get("end"))
        if end is None:
            return _("the programme has no end date")
        return _("the programme ends on %(date)s") % {"date": formats.date_format(end)}
    count = _count(kept.get("value"))
    if key == "initiatives_started" and count is not None:
        return ngettext("%(count)s initiative started", "%(count)s initiatives started", count) % {
            "count": count
        }
    if key == "adoption_tracks" and count is not None:
        total = kept.get("of")
        if isinstance(total, int) and not isinstance(total, bool) and total >= count:
            return ngettext(
                "%(count)s of %(total)s initiatives has an adoption track",
                "%(count)s of %(total)s initiatives have an adoption track",
                count,
            ) % {"count": count, "total": total}
        return ngettext(
            "%(count)s initiative has an adoption track",
            "%(count)s initiatives have an adoption track",
            count,
        ) % {"count": count}
    if key == "mobility_trajectories" and count is not None:
        return ngettext(
            "%(count)s mobility trajectory registered",
            "%(count)s mobility trajectories registered",
            count,
        ) % {"count": count}
    share = _percentage(kept.get("value"))
    if share is None:
        return None
    target, year = kept.get("target"), kept.get("year")
    if key == "pop_coverage" and isinstance(target, int) and isinstance(year, int):
        # Judged against the organisation's target (snapshots from version 6 on).
        return _(
            "%(percentage)s%% of the employees who work here had a POP-gesprek in %(year)s in "
            "which digital skills came up; the organisation's target is %(target)s%%"
        ) % {"percentage": share, "year": year, "target": target}
    sentences = {
        "employees_in_scenarios": _(
            "%(percentage)s%% of the employees who work here helped write the business scenarios"
        ),
        "own_development_actions": _(
            "%(percentage)s%% of the employees who work here completed a digital-skills action "
            "in the past twelve months"
        ),
        "pop_coverage": _(
            "%(percentage)s%% of the employees who work here had a POP-gesprek this year in "
            "which digital skills came up"
        ),
    }
    return sentences[key] % {"percentage": share} if key in sentences else None


def _count(value) -> int | None:
    """A count as the snapshot kept it: a number, or its digits as text ("7")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _percentage(value) -> int | None:
    """A share as the snapshot kept it ("62%"); None for a hidden one ("<5", the mask)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.endswith("%") and value[:-1].isdigit():
        return int(value[:-1])
    return None


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
