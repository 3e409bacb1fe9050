"""What needs attention: the data telling each role what to act on next.

Each part of the method registers its sources in `hooks.attention_sources`; a source
reads its own data for one organisation in a fixed number of queries and returns the
items a role should act on. The dashboard lists them, most urgent first; the header
shows how many there are; the weekly digest counts them per kind, naming nobody.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from organisations import hooks
from organisations.models import Membership

# Counts in the header are this fresh at the latest; the dashboard refreshes them.
COUNT_SECONDS = 300


class Urgency(IntEnum):
    NOW = 0
    SOON = 1
    WATCH = 2

    @property
    def label(self) -> str:
        return str(URGENCY_LABELS[self])


URGENCY_LABELS = {
    Urgency.NOW: _("act now"),
    Urgency.SOON: _("soon"),
    Urgency.WATCH: _("keep an eye on"),
}


@dataclass(frozen=True)
class Item:
    """One thing that needs attention: what, why, since when, and where to act."""

    # What kind of thing, as a stable code (tests, the digest's counts) and in words
    # that name nobody (the digest's lines: "Initiatives red or amber").
    kind: str
    category: str
    title: str
    reason: str
    url: str
    urgency: Urgency
    since: datetime.date | None = None
    # The link's text when "Open" says too little ("Confirm or reject").
    action: str = ""
    # How many of what its category names the item stands for: one item can speak of many
    # ("2,290 planned actions past their date", one line per job for its trajectories).
    stands_for: int = 1

    def days(self, today: datetime.date) -> int | None:
        return (today - self.since).days if self.since else None


@dataclass(frozen=True)
class Summary:
    """The items of one kind: the digest's line and the dashboard's overview. `count` is
    how many of what the category names ("Planned actions past their date": actions),
    `items` how many lines of the list they take."""

    kind: str
    category: str
    count: int
    urgency: Urgency
    items: int


class Links:
    """Links to one view for many objects, the URL reversed once per set of the other
    arguments: a source links hundreds of items to the same view (at scale 20 a
    programme manager's list holds 900), and reversing each took a tenth of the list's
    time. Made anew for each list, so that it always follows the URLconf and the
    request's script prefix."""

    # Stands in for the object's id while reversing; never a real id.
    PLACEHOLDER = 987_654_321_012

    def __init__(self, name: str):
        self.name = name
        self.parts: dict[tuple, list[str]] = {}

    def __call__(self, pk: int, *rest) -> str:
        if rest not in self.parts:
            self.parts[rest] = reverse(self.name, args=[self.PLACEHOLDER, *rest]).split(
                str(self.PLACEHOLDER)
            )
        parts = self.parts[rest]
        if len(parts) != 2:  # the id not in the path once: no shortcut
            return reverse(self.name, args=[pk, *rest])
        return f"{parts[0]}{pk}{parts[1]}"


def _word(make: Callable[..., str], *args) -> str:
    return make(*args)


# An item's text made only when it is shown: `worded(make, *args)` is `make(*args)`,
# called when the text is printed. A list holds hundreds of items and the dashboard
# shows a few; formatting every item's figures and dates (a date or a number in the
# reader's locale takes tens of microseconds) was a third of some sources' time.
worded = lazy(_word, str)


def items_for(membership: Membership, today: datetime.date | None = None) -> list[Item]:
    """Every item for this membership's role, most urgent first, then oldest first."""
    today = today or timezone.localdate()
    items = [
        item
        for source in hooks.attention_sources
        if membership.role in source.roles
        for item in source.items(membership, today)
    ]
    items.sort(key=lambda i: (i.urgency, i.since or today, str(i.title)))
    remember_count(membership, len(items))
    return items


def summaries(items: list[Item]) -> list[Summary]:
    """The items counted per kind, in the order of their most urgent item."""
    counts: Counter[str] = Counter()
    lines: Counter[str] = Counter()
    for item in items:
        counts[item.kind] += item.stands_for
        lines[item.kind] += 1
    seen: dict[str, Summary] = {}
    for item in items:
        if item.kind not in seen:
            seen[item.kind] = Summary(
                item.kind, str(item.category), counts[item.kind], item.urgency, lines[item.kind]
            )
    return list(seen.values())


def _count_key(membership: Membership) -> str:
    # With the moment it was made: a membership made again under the same id (a
    # database restored or made anew) never reads the count of the one before.
    return f"attention:{membership.pk}:{membership.created_at.timestamp()}"


def remember_count(membership: Membership, count: int) -> None:
    cache.set(_count_key(membership), count, COUNT_SECONDS)


def known_count(membership: Membership) -> int | None:
    """The count as last worked out, if it is fresh: reading it costs no query."""
    return cache.get(_count_key(membership))


def count_for(membership: Membership) -> int:
    count = known_count(membership)
    return count if count is not None else len(items_for(membership))
