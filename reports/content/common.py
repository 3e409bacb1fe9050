"""What both reports share: the cover, the contents, and "what changed"."""

from __future__ import annotations

from dataclasses import dataclass

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
    }
