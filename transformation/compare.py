"""Two versions of the information vision side by side, with the changes marked.

Sections are matched by theme; principles and ambitions by their order, with
difflib finding what was added, removed or reworded. Reworded text is shown
word by word: removed words in the older version, added words in the newer.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from transformation.models import StatementKind, Theme, Vision, VisionSection


class Change(StrEnum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass
class Line:
    change: Change
    left: SafeString | None = None
    right: SafeString | None = None


@dataclass
class ThemeComparison:
    theme: Theme
    change: Change
    introduction: Line
    principles: list[Line] = field(default_factory=list)
    ambitions: list[Line] = field(default_factory=list)


@dataclass
class VisionComparison:
    left: Vision
    right: Vision
    title: Line
    introduction: Line
    themes: list[ThemeComparison]

    @property
    def has_changes(self) -> bool:
        return (
            self.title.change != Change.SAME
            or self.introduction.change != Change.SAME
            or any(theme.change != Change.SAME for theme in self.themes)
        )


def compare_text(old: str, new: str) -> Line:
    if old == new:
        return Line(Change.SAME, escape(old), escape(new))
    if not old:
        return Line(Change.ADDED, None, escape(new))
    if not new:
        return Line(Change.REMOVED, escape(old), None)
    old_words, new_words = old.split(" "), new.split(" ")
    left, right = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        old_part = escape(" ".join(old_words[a1:a2]))
        new_part = escape(" ".join(new_words[b1:b2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if a2 > a1:
            left.append(f"<del>{old_part}</del>")
        if b2 > b1:
            right.append(f"<ins>{new_part}</ins>")
    # Every word was escaped above; only our own <del> and <ins> are markup.
    return Line(
        Change.CHANGED,
        mark_safe(" ".join(left)),  # noqa: S308
        mark_safe(" ".join(right)),  # noqa: S308
    )


def compare_lists(old: list[str], new: list[str]) -> list[Line]:
    lines: list[Line] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            lines.extend(Line(Change.SAME, escape(text), escape(text)) for text in old[a1:a2])
            continue
        # A replaced block pairs its lines one to one; what is left over was
        # added or removed.
        pairs = min(a2 - a1, b2 - b1) if op == "replace" else 0
        lines.extend(compare_text(old[a1 + i], new[b1 + i]) for i in range(pairs))
        lines.extend(Line(Change.REMOVED, escape(text), None) for text in old[a1 + pairs : a2])
        lines.extend(Line(Change.ADDED, None, escape(text)) for text in new[b1 + pairs : b2])
    return lines


def _statements(section: VisionSection | None, kind: str) -> list[str]:
    if section is None:
        return []
    return [s.text for s in section.statements.all() if s.kind == kind]


def compare_visions(left: Vision, right: Vision) -> VisionComparison:
    """Compare two versions whose sections and statements are prefetched."""
    left_sections = {s.theme_id: s for s in left.sections.all()}
    right_sections = {s.theme_id: s for s in right.sections.all()}
    themes: dict[int, Theme] = {}
    for section in [*left.sections.all(), *right.sections.all()]:
        themes.setdefault(section.theme_id, section.theme)

    comparisons = []
    for theme_id, theme in themes.items():
        old, new = left_sections.get(theme_id), right_sections.get(theme_id)
        introduction = compare_text(
            old.introduction if old else "", new.introduction if new else ""
        )
        principles = compare_lists(
            _statements(old, StatementKind.PRINCIPLE), _statements(new, StatementKind.PRINCIPLE)
        )
        ambitions = compare_lists(
            _statements(old, StatementKind.AMBITION), _statements(new, StatementKind.AMBITION)
        )
        if old is None:
            change = Change.ADDED
        elif new is None:
            change = Change.REMOVED
        elif all(line.change == Change.SAME for line in [introduction, *principles, *ambitions]):
            change = Change.SAME
        else:
            change = Change.CHANGED
        comparisons.append(ThemeComparison(theme, change, introduction, principles, ambitions))

    return VisionComparison(
        left=left,
        right=right,
        title=compare_text(left.title, right.title),
        introduction=compare_text(left.introduction, right.introduction),
        themes=comparisons,
    )
