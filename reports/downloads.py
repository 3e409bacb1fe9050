"""A finished report's PDF as a download: the reports page and the API hand it out the
same way, with the same record of who read what."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from inclusion.models import AccessAction
from inclusion.privacy import about, nothing_shown
from reports.models import ReportStatus

if TYPE_CHECKING:
    from django.http import HttpRequest

    from reports.models import ReportRequest


def report_file_response(request: HttpRequest, report: ReportRequest) -> FileResponse:
    """The PDF of `report`, which the caller found among the reports the reader may see.

    Http404 until it is made, and when its file is gone (a database restored without its
    files): the row then says to request it again. Reading a report that names employees
    is on record in the access log; only once the file is there to be read.
    """
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The file of this report is missing: request it again.")) from error
    if report.is_personal_data:
        # The HR report names employees: who read it is on record.
        about(
            request,
            detail=_("HR report %(id)s, %(file)s") % {"id": report.pk, "file": report.filename()},
            action=AccessAction.EXPORT,
        )
    else:
        nothing_shown(request)
    response = FileResponse(
        handle, as_attachment=True, filename=report.filename(), content_type="application/pdf"
    )
    if not report.is_personal_data:
        response["Cache-Control"] = "private, max-age=0"
    return response
