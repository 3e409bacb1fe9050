"""What each kind of report holds. A content module has three things:

- ``template``: the PDF template, extending ``reports/pdf/base.html``;
- ``snapshot(report) -> dict``: the figures the report shows, JSON-serialisable,
  codes and numbers rather than translated labels (the next report compares them
  with its own, in whatever language it is made), and aggregates only where the
  readers may not see individuals;
- ``context(report, snapshot, previous) -> dict``: the template's context, built on
  ``reports.content.common.base_context``; ``previous`` is the last finished report
  of the same kind, whose ``snapshot`` gives "what changed since the previous report";
- optionally ``stylesheets``: paths of CSS files used after ``reports/pdf/report.css``.
"""

from reports.content import hr, management
from reports.models import ReportKind

CONTENT = {ReportKind.MANAGEMENT: management, ReportKind.HR: hr}
