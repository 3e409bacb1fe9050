"""Like for like: figures counted over a report's period (actions done in it, people
who took part, benefit measurements, status changes) beside the previous report's.

A count over a period says as much about the period's length as about the work: a
month's actions are not fewer than two days' because less was done. So:

- two periods of the same length compare as they are, and so do two whole calendar
  months (February beside March is month beside month);
- periods of other lengths, each at least two weeks, compare per month: each count
  becomes an average per month (over whole calendar months by their number, over any
  other period by its days, 365.25 / 12 to a month) and the row says "per month";
- when either period is shorter than two weeks, a month's rate of it would be
  guesswork: the counts over the period are left out, and the report says why in one
  sentence (``Periods.note``);
- a previous report that did not keep its period compares no counts over it either.

Figures that are a state at the moment a report is made (initiatives on red,
employees with a skills gap) are not for this module: they compare as they are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organisations.numbers import grouped
from reports.content.common import Change, as_int, stored_date

# Shorter than this, a period says too little to be scaled to a month.
MIN_DAYS = 14
# The average month, in days.
MONTH_DAYS = Decimal("365.25") / 12

SAME = "same"
PER_MONTH = "per_month"
NOT_COMPARED = "not_compared"


def period_of(snapshot) -> tuple[datetime.date, datetime.date] | None:
    """The period a snapshot kept: {"start": …, "end": …} (management) or [start, end]
    (HR), as dates or ISO text; None when it kept none this version can read."""
    kept = snapshot.get("period") if isinstance(snapshot, dict) else None
    if isinstance(kept, dict):
        start, end = kept.get("start"), kept.get("end")
    elif isinstance(kept, list | tuple) and len(kept) == 2:
        start, end = kept
    else:
        return None
    start, end = stored_date(start), stored_date(end)
    if start is None or end is None or end < start:
        return None
    return start, end


def _days(period: tuple[datetime.date, datetime.date]) -> int:
    """Both days included."""
    return (period[1] - period[0]).days + 1


def _whole_months(period: tuple[datetime.date, datetime.date]) -> int:
    """How many whole calendar months the period is (1 for November, 3 for a quarter);
    0 when it does not start on a first and end on a last day of a month."""
    start, end = period
    following = end + datetime.timedelta(days=1)
    if start.day != 1 or following.day != 1:
        return 0
    return (following.year - start.year) * 12 + following.month - start.month


def _whole_month(period: tuple[datetime.date, datetime.date]) -> bool:
    return _whole_months(period) == 1


def _days_text(days: int) -> str:
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": grouped(days)}


@dataclass(frozen=True)
class Periods:
    """This report's period beside the previous report's, and how counts over them
    compare (``SAME``, ``PER_MONTH`` or ``NOT_COMPARED``)."""

    before: tuple[datetime.date, datetime.date] | None
    now: tuple[datetime.date, datetime.date] | None

    @classmethod
    def of(cls, current, previous) -> Periods:
        return cls(period_of(previous), period_of(current))

    @property
    def basis(self) -> str:
        if self.before is None or self.now is None:
            return NOT_COMPARED
        if _days(self.before) == _days(self.now) or (
            _whole_month(self.before) and _whole_month(self.now)
        ):
            return SAME
        if min(_days(self.before), _days(self.now)) < MIN_DAYS:
            return NOT_COMPARED
        return PER_MONTH

    def note(self) -> str:
        """One sentence on how the counts over the period were compared; "" when they
        compare as they are."""
        basis = self.basis
        if basis == SAME:
            return ""
        if self.before is None or self.now is None:
            return _(
                "The previous report did not keep its period, so counts over the period "
                "are not compared with it."
            )
        lengths = {"before": _days_text(_days(self.before)), "now": _days_text(_days(self.now))}
        if basis == PER_MONTH:
            return (
                _(
                    "The previous report covered %(before)s and this one %(now)s: counts "
                    "over the period are compared per month."
                )
                % lengths
            )
        return (
            _(
                "The previous report covered %(before)s and this one %(now)s: too short a "
                "period to compare counts over it, so they are left out."
            )
            % lengths
        )

    def change(self, subject: str, before, after) -> Change | None:
        """The row for a count over the period, like for like; None when it did not
        change, when either count is missing (or hidden), or when the periods do not
        compare."""
        before, after = as_int(before), as_int(after)
        if before is None or after is None:
            return None
        basis = self.basis
        if basis == SAME:
            return Change(subject, grouped(before), grouped(after)) if before != after else None
        if basis == NOT_COMPARED:
            return None
        then, now = _per_month(before, self.before), _per_month(after, self.now)
        if then == now:
            return None
        return Change(_("%(figure)s, per month") % {"figure": subject}, then, now)


def _per_month(count: int, period: tuple[datetime.date, datetime.date]) -> str:
    """A count over `period` as an average per month: over whole calendar months by
    their number (November's 38 actions are 38 a month, not 38.6 for being 30 days),
    over any other period by its days. Whole from ten up, else with one decimal (3.5
    actions a month says more than 4)."""
    months = _whole_months(period)
    rate = Decimal(count) / months if months else Decimal(count) * MONTH_DAYS / _days(period)
    places = 0 if rate >= 10 else 1
    rounded = rate.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        places = 0
    return formats.number_format(rounded, decimal_pos=places, force_grouping=True)
