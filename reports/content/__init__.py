"""What each kind of report holds. Each kind is a package with the same surface, so
that ``reports.services`` makes any of them without knowing which:

- ``template``: the PDF template, extending ``reports/pdf/base.html``, and
  ``stylesheets``: paths of CSS files used after ``reports/pdf/report.css``;
- ``snapshot(report) -> dict``: every figure the report shows, read from the database
  once and stored with the report. JSON-serialisable; codes, numbers and dates rather
  than translated labels (the next report compares them with its own, in whatever
  language it is made), and aggregates only where the readers may not see
  individuals. ``VERSION`` is its shape's number, stored in it as ``"version"``;
- ``names(report, snapshot) -> dict[int, str]``: the employees the document names,
  by id, read with the snapshot but never stored (personal data); ``named(snapshot)``
  their ids alone, so that anonymising an employee removes the documents naming them;
- ``context(report, snapshot, previous, *, names=None) -> dict``: the template's
  context, built on ``reports.content.common.base_context`` from the snapshot alone,
  without a query; ``previous`` is the last finished report of the same kind, whose
  ``snapshot`` gives "what changed since the previous report";
- ``changes(current, previous) -> list[Change]``: that comparison of two snapshots,
  reading the previous one (perhaps older in shape) as far as it goes;
  ``COMPARED_KEYS`` are the parts it compares;
- ``highlights(context) -> list[str]``: the summary's sentences;
- ``sections() -> list[Section]``: the chapters, for the contents.

Inside each package the layers are modules of those names: ``snapshot`` alone reads
the database; ``context`` reads the snapshot; ``highlights`` and ``changes`` are prose
and comparison on top of it.
"""

from reports.content import hr, inzage, management
from reports.models import ReportKind

SURFACE = (
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
)

CONTENT = {ReportKind.MANAGEMENT: management, ReportKind.HR: hr, ReportKind.INZAGE: inzage}
