"""The small-group rule: every figure about employees that Mensenwerk shows goes
through one `SmallGroups` policy, built from the organisation's threshold and from
whether the reader may see individual employees.

For a reader who may not (programme managers, directors, the management report):

- a count is hidden when it, or its complement within its group (group minus count),
  is below the threshold. "8 of 9 have a gap" says as much about the ninth person as
  "1 of 9" does, so both are hidden.
- zero is a count like any other and is hidden too: "none of the 9" tells as much
  about each of them as "all 9", and if zero were shown, "<5" would come to mean
  "1 to 4". A group with nobody in it is not a row at all.
- a share is hidden when its part or its whole is: a percentage of a known whole
  gives the part back.
- a total is hidden when a cell it adds up is hidden, and a grand total when any
  row or column total is: otherwise subtraction gives the hidden cell back.
- what the reader knows besides the marks counts: a group listed because it has people
  in it (a unit with employees) has at least one, the hidden counts of a column together
  are never a count below the threshold, and pages that list the same groups in another
  order hide the same ones (`column`'s `listed` and `keys`).
- filters that narrow a group (a job within a unit) narrow the group the rule is
  applied to: the caller passes the narrowed group. The narrowed figure is also one
  part of the figure without the filter, which the reader sees too: it is hidden where
  that figure split by the filter's values (all the unit's jobs, as a `column`) hides
  it, or the two would subtract to the rest of the unit, often one team leader.

A count below the threshold shows as "<5" (the threshold's number); any other hidden
figure shows as an en dash, the mark the legends explain. In a group smaller than twice
the threshold every count is hidden, all with the dash, so that the two marks cannot
tell its halves apart. Readers who may see
individuals (HR advisers) get every figure exact. Templates print figures; they
never decide what is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from organisations.numbers import grouped, percentage

# An en dash: hidden, because it would give a small group away.
MASK = "\u2013"


@dataclass(frozen=True)
class Figure:
    """A count as this reader sees it. `text` is the bare number or the mark shown
    instead, for what machines read (the API, a report's stored snapshot); printed
    (`str()`, a template), a shown count is grouped in thousands as the current language
    writes it: "3.869", "3,869"."""

    count: int
    text: str

    @property
    def hidden(self) -> bool:
        return self.text != str(self.count)

    def __str__(self) -> str:
        return self.text if self.hidden else grouped(self.count)

    def masked(self) -> Figure:
        """This count hidden with the dash, as a count is that would give a hidden one
        away; a count hidden already keeps its mark."""
        return self if self.hidden else Figure(self.count, MASK)


@dataclass(frozen=True)
class Share:
    """A whole percentage of a group, or None when hidden or nobody to count."""

    percentage: int | None
    hidden: bool = False

    def __str__(self) -> str:
        if self.hidden:
            return MASK
        return "—" if self.percentage is None else f"{self.percentage}%"


@dataclass(frozen=True)
class Table:
    """Counts in rows and columns that partition a whole (each person in one cell),
    with the totals of each row, each column and the whole."""

    rows: list[list[Figure]]
    row_totals: list[Figure]
    column_totals: list[Figure]
    total: Figure


def id_keys(ids: Iterable[int | None]) -> list[int]:
    """The groups' ids (units, jobs) as `SmallGroups.column` orders equal counts by (0:
    without a unit or job): the same on every page that lists the same groups, in
    whatever order."""
    return [pk or 0 for pk in ids]


@dataclass(frozen=True)
class SmallGroups:
    threshold: int
    exact: bool

    @classmethod
    def of(cls, organisation, *, exact: bool) -> SmallGroups:
        from inclusion.models import min_group_size

        return cls(min_group_size(organisation), exact=exact)

    @classmethod
    def for_reader(cls, request) -> SmallGroups:
        """The policy for the signed-in user: exact for those who may see employees."""
        from organisations.permissions import Perm

        workspace = request.workspace
        return cls.of(workspace.organisation, exact=workspace.can(Perm.VIEW_EMPLOYEES))

    # --- single figures ------------------------------------------------------------------

    def _small(self, count: int) -> bool:
        return count < self.threshold

    def count(self, count: int | None, *groups: int | None) -> Figure:
        """A count of people, hidden when it or its complement in any of `groups` (the
        groups it is part of, the narrowed group first) is below the threshold.

        In a group smaller than twice the threshold every count is hidden, and all with
        the same mark, the dash: "<5" beside the dash would tell the two halves of such a
        group apart (in a group of five, the dash could only mean all five)."""
        count = count or 0
        if self.exact:
            return Figure(count, str(count))
        # An empty group (nobody held a POP-gesprek, say) has nobody in it to protect.
        # Most counts are shown: that is decided first, in one pass (a heatmap asks
        # thousands of times a page).
        threshold = self.threshold
        if count >= threshold:
            for group in groups:
                if group and group - count < threshold:
                    break
            else:
                return Figure(count, str(count))
        known = [group for group in groups if group]
        if self._small(count) and not any(group < 2 * self.threshold for group in known):
            return Figure(count, f"<{self.threshold}")
        return Figure(count, MASK)

    def group(self, size: int | None) -> Figure:
        """The size of a group itself (its complement is everyone else: large)."""
        return self.count(size)

    def share(self, part: Figure, whole: Figure) -> Share:
        if part.hidden or whole.hidden:
            return Share(None, hidden=True)
        return Share(percentage(part.count, whole.count))

    def total(self, count: int | None, parts: Iterable[Figure], *groups: int | None) -> Figure:
        """A total of `parts`: hidden as soon as one of them is."""
        figure = self.count(count, *groups)
        if any(part.hidden for part in parts):
            return figure.masked()
        return figure

    # --- columns and tables ---------------------------------------------------------------

    def _range(
        self, figure: Figure, groups: tuple, whole: int, listed: bool = False
    ) -> tuple[int, int]:
        """What a reader can tell of a hidden count from its mark alone. An empty group
        does not bound it: a count of 0 is always hidden from such a reader, so the
        reader never knows that a group is empty (that nobody in a unit had a
        POP-gesprek, say), only that it is small. Bounding by it made the count look
        given away whatever else was hidden, so that every count and the whole went.
        A `listed` count is the size of a group that is a row because it has people in
        it: the reader knows it is at least 1."""
        smallest = min((group for group in groups if group), default=whole)
        lowest = 1 if listed else 0
        if figure.text.startswith("<"):
            return lowest, min(self.threshold - 1, smallest)
        if smallest < 2 * self.threshold:
            return lowest, smallest
        return self.threshold, smallest

    @staticmethod
    def _determined(ranges: list[tuple[int, int]], rest: int) -> bool:
        """Whether `rest`, shared among hidden counts with these ranges, narrows one of
        them to a single value."""
        lowest, highest = sum(low for low, _ in ranges), sum(high for _, high in ranges)
        return any(
            max(low, rest - (highest - high)) >= min(high, rest - (lowest - low))
            for low, high in ranges
        )

    def column(
        self,
        counts: Sequence[int],
        groups: Sequence = (),
        *,
        whole_of: tuple = (),
        hidden: Sequence[bool] = (),
        listed: bool = False,
        keys: Sequence = (),
    ) -> tuple[list[Figure], Figure]:
        """The counts of the parts of a whole (the units of the organisation, say) and
        the whole, which other pages show too. `groups` gives, per count, the group it is
        part of (or a tuple of them). After the rule per count, more counts are hidden,
        smallest first, until the whole minus the shown counts narrows no hidden count
        to a single value and is not itself a count below the threshold (the hidden
        groups together); if that cannot be reached, the whole is hidden. `whole_of`
        are the groups the whole is part of (the organisation's employees, say);
        `hidden` marks, per count, those another page hides for reasons of its own,
        which are hidden here too before the whole is weighed.

        `listed`: the counts are the sizes of the rows' own groups, listed because they
        have people in them (units with employees), so each is at least 1. `keys` (unit
        ids, say) order equal counts when the smallest is hidden first, so that pages
        that list the same groups in another order hide the same ones: otherwise one
        page shows the count the other hides, and the whole gives a third back."""
        of = [
            group if isinstance(group, tuple) else (group,)
            for group in (list(groups) or [None] * len(counts))
        ]
        figures = [self.count(count, *group) for count, group in zip(counts, of, strict=True)]
        if not self.exact:
            for index, hide in enumerate(hidden):
                if hide:
                    figures[index] = figures[index].masked()
        whole = sum(counts)
        total = self.count(whole, *whole_of)
        if self.exact or not any(figure.hidden for figure in figures):
            return figures, total
        ranges = [
            self._range(figure, group, whole, listed)
            for figure, group in zip(figures, of, strict=True)
            if figure.hidden
        ]
        rest = whole - sum(figure.count for figure in figures if not figure.hidden)
        order = list(keys) or list(range(len(counts)))
        # Smallest first: the least said by hiding one more.
        shown = sorted(
            (index for index, figure in enumerate(figures) if not figure.hidden),
            key=lambda index: (figures[index].count, order[index]),
            reverse=True,
        )
        while self._determined(ranges, rest) or 0 < rest < self.threshold:
            if not shown:
                return figures, total if total.hidden else Figure(whole, MASK)
            index = shown.pop()
            figures[index] = figures[index].masked()
            ranges.append(self._range(figures[index], of[index], whole, listed))
            rest += figures[index].count
        return figures, total

    def table(self, counts: Sequence[Sequence[int]]) -> Table:
        """A partition table with its margins. A cell's complement is the rest of the
        whole; a row or column total with a hidden cell is hidden, and the grand total
        with any hidden total, so that no hidden cell can be worked out."""
        columns = len(counts[0]) if counts else 0
        whole = sum(sum(row) for row in counts)
        rows = [[self.count(cell, whole) for cell in row] for row in counts]
        row_totals = [
            self.total(sum(row), shown, whole) for row, shown in zip(counts, rows, strict=True)
        ]
        column_totals = [
            self.total(
                sum(row[index] for row in counts),
                [shown[index] for shown in rows],
                whole,
            )
            for index in range(columns)
        ]
        total = self.total(whole, [*row_totals, *column_totals])
        return Table(rows, row_totals, column_totals, total)
