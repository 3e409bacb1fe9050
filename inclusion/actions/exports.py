"""The action list as a file: XLSX for a spreadsheet, CSV for anything else. The same
columns in both, and a cell a spreadsheet would run as a formula is neutralised the way
the employee export does it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inclusion.models import SkillsAction
from organisations.csv_files import neutralised

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def headers() -> list[str]:
    return [
        _("Date"),
        _("Type"),
        _("Status"),
        _("Employees"),
        _("Personnel numbers"),
        _("Competences"),
        _("Hours"),
        _("Notes"),
        _("Training session"),
        _("Logged at"),
    ]


def _employees(action: SkillsAction) -> str:
    if action.unit_id:
        return ngettext(
            "the whole %(unit)s (%(count)s employee)",
            "the whole %(unit)s (%(count)s employees)",
            action.employee_count,
        ) % {"unit": action.unit.name, "count": action.employee_count}
    return ", ".join(employee.name for employee in action.people)


def rows(actions: Iterable[SkillsAction], text=neutralised):
    """Each action as a row of values: text through `text` (neutralised for CSV, where
    a cell is whatever it starts with; as it is for XLSX, whose cells are typed as text),
    dates and numbers as they are."""
    for action in actions:
        yield [
            action.held_on,
            text(capfirst(action.get_kind_display())),
            text(capfirst(action.get_status_display())),
            text(_employees(action)),
            text(", ".join(e.personnel_number for e in action.people)),
            text(", ".join(c.code for c in action.competences.all())),
            action.hours,
            text(action.notes),
            text(action.training_session.title if action.training_session_id else ""),
            timezone.localtime(action.created_at).replace(tzinfo=None, microsecond=0),
        ]


class _Line:
    """A file-like object that hands back what the CSV writer writes."""

    def write(self, text: str) -> str:
        return text


def as_csv(actions: Iterable[SkillsAction]) -> Iterator[bytes]:
    """Semicolon-separated with a byte order mark, as the employee export: Excel reads
    the accents right. Line by line, for a response that streams."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield ("\ufeff" + writer.writerow(headers())).encode()
    for row in rows(actions):
        yield writer.writerow(
            "" if value is None else value.isoformat() if hasattr(value, "isoformat") else value
            for value in row
        ).encode()


def as_xlsx(actions: Iterable[SkillsAction]) -> bytes:
    # Imported here: only this export needs it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Actions")[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows(actions, text=str):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=float(value) if hasattr(value, "as_tuple") else value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
            elif hasattr(value, "hour"):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def response(actions: list[SkillsAction], fmt: str) -> StreamingHttpResponse:
    filename = f"acties-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "xlsx":
        return FileResponse(
            io.BytesIO(as_xlsx(actions)),
            as_attachment=True,
            filename=filename,
            content_type=FORMATS[fmt],
        )
    answer = StreamingHttpResponse(as_csv(actions), content_type=FORMATS[fmt])
    answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    return answer
