"""The management status report: what the directors read about one programme.

In layers, each in its own module:

- ``snapshot``: the figures, read once from the database and stored with the report
  (``snapshot``), and the people the document names (``names``: nobody here);
- ``context``: what the template shows, made from the snapshot alone;
- ``highlights``: the summary's sentences and the decisions the figures put forward;
- ``changes``: what changed since the previous report, snapshot beside snapshot.

The package exposes the surface every kind of report has (``reports.content``); the
modules' names are also those of their main functions, which the package exposes.

Inclusion figures are aggregates only: a group smaller than the organisation's
threshold is shown as "<5", never as its count, and a total that would give such a
group away is hidden too (an en dash), as on the functiemetamorfose pages.
"""

from __future__ import annotations

from pathlib import Path

from reports.content.management.changes import COMPARED_KEYS, changes
from reports.content.management.context import context, sections
from reports.content.management.highlights import highlights
from reports.content.management.snapshot import VERSION, named, names, snapshot

template = "reports/pdf/management.html"
stylesheets = (Path(__file__).resolve().parent.parent.parent / "pdf" / "management.css",)

__all__ = [
    "COMPARED_KEYS",
    "VERSION",
    "changes",
    "context",
    "highlights",
    "named",
    "names",
    "sections",
    "snapshot",
    "stylesheets",
    "template",
]
