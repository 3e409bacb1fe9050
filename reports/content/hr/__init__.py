"""The HR report: digital-skills actions, skills gaps per unit and DigComp area,
POP coverage, vulnerable jobs and mobility trajectories.

Its readers are HR advisers, who may see individual employees: every figure is
exact (no small group is hidden), and the list of mobility trajectories names the
employee. Nothing else names anyone. The snapshot keeps employee ids, never names,
so the stored figures hold no more personal data than the comparison needs; the
names are read with the figures, for the document only.

In layers, each in its own module:

- ``snapshot``: the figures, read once from the database and stored with the report
  (``snapshot``), and the names of the employees the document lists (``names``);
- ``context``: what the template shows, made from the snapshot and those names alone;
- ``highlights``: the summary's sentences;
- ``changes``: what changed since the previous report, snapshot beside snapshot.

The package exposes the surface every kind of report has (``reports.content``); the
modules' names are also those of their main functions, which the package exposes.
"""

from __future__ import annotations

from pathlib import Path

from reports.content.hr.changes import COMPARED_KEYS, changes
from reports.content.hr.context import context, sections
from reports.content.hr.highlights import highlights
from reports.content.hr.snapshot import VERSION, named, names, snapshot

template = "reports/pdf/hr.html"
stylesheets = (Path(__file__).resolve().parent.parent.parent / "pdf" / "hr.css",)

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
