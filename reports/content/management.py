"""Being written: the management report's content."""

from reports.content.common import Section, base_context

template = "reports/pdf/management.html"


def snapshot(report) -> dict:
    return {}


def context(report, snapshot: dict, previous) -> dict:
    return base_context(report, previous, sections=[Section("summary", "Summary")], changes=[])
