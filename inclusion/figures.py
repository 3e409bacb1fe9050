"""Counts of people as a reader may see them: exact for those who may see individual
employees, otherwise "<5" (the organisation's threshold) for a group too small to
count out loud, and a dash for a total that, with the cells beside it, would give
such a group away. The inclusion pages and the management report show them alike."""

from __future__ import annotations

from dataclasses import dataclass

# An en dash: "hidden", for a total that would give a small group away.
MASK = "\u2013"


@dataclass(frozen=True)
class Figure:
    """A count as shown to this user: exact, or "<5" when the group is too small."""

    count: int
    threshold: int
    exact: bool
    # A total hidden because, with the other cells, it would give a small group away.
    masked: bool = False

    @property
    def hidden(self) -> bool:
        return self.masked or (not self.exact and self.count < self.threshold)

    def __str__(self) -> str:
        if self.masked:
            return MASK
        return f"<{self.threshold}" if self.hidden else str(self.count)

    def masking(self) -> Figure:
        # A total that is small itself already shows "<5".
        masked = not self.exact and self.count >= self.threshold
        return Figure(self.count, self.threshold, self.exact, masked=masked)
