"""Usage measurements (date, active users) from a CSV file, such as Microsoft 365's export.

Parse first, save afterwards: this module only reads and checks, and writes nothing. The
caller saves the rows in one transaction, only when there is not a single error, so a
mistake in row 40 cannot leave 39 measurements behind. Each problem is reported at the
row a spreadsheet shows (the header is row 1), so the whole file can be put right at once.
"""

import csv
import datetime
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext

from organisations import csv_files
from organisations.forms import FIRST_DAY

# Names match exactly, so never Microsoft's "Report Refresh Date": the day of the report.
DATE_COLUMNS = ("Report Date", "Date", "Datum", "Rapportdatum")
COUNT_COLUMNS = ("Active users", "Actieve gebruikers", "Office 365", "Teams")  # 365: all apps
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
MAX_COUNT = 2_147_483_647  # the most a PositiveIntegerField holds
# 1234, or 1.234, 1,234 and 1 234: whole groups of three with one kind of separator.
# "0,123" and "12,5" are decimals, not thousands.
WHOLE = re.compile(r"\d+|[1-9]\d{0,2}([., ])\d{3}(?:\1\d{3})*", re.ASCII)


@dataclass(frozen=True)
class UsageRow:
    measured_on: datetime.date
    active_users: int


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet shows it: the header is row 1
    message: str


@dataclass
class ParseResult:
    rows: list[UsageRow]
    errors: list[RowError]
    column: str = ""  # the header of the active-user counts, as written in the file

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def parse_usage_csv(
    data: bytes, *, column: str = "", max_rows: int = 5000, latest: datetime.date | None = None
) -> ParseResult:
    """Read and check `data`; dates after `latest` (default: today) are refused."""
    text = csv_files.decode(data)
    try:
        records = list(itertools.islice(csv_files.records(text), max_rows + 2)) if text else []
    except csv.Error:  # e.g. a cell longer than the csv module allows
        text = None
    if text is None:
        return _failed(gettext("The file could not be read. Save it from your spreadsheet as CSV."))
    if len(records) < 2:
        return _failed(gettext("The file has no measurements."))
    (header_row, headers), data_rows = records[0], records[1:]
    column = column.strip()
    date_at = _find(headers, DATE_COLUMNS)
    count_at = _find(headers, [column] if column else COUNT_COLUMNS)
    if date_at is None or count_at is None:
        return _failed(_missing(headers, date_at is None, count_at is None, column), header_row)
    result = ParseResult([], [], headers[count_at])
    if len(data_rows) > max_rows:
        message = gettext("The file is too long. Import at most %(max)s measurements at once.")
        result.errors.append(RowError(1, message % {"max": max_rows}))
        return result
    latest = latest or timezone.localdate()
    first_row: dict[datetime.date, int] = {}
    for number, cells in data_rows:
        raw_date, raw_count = (cells[at] if at < len(cells) else "" for at in (date_at, count_at))
        problems: list[str] = []
        if any(cells[len(headers) :]):  # 12,5 unquoted in a comma-separated file: "12" and "5"
            problems.append(gettext("This row has too many values. Is there a comma in a number?"))
        try:
            measured_on = _parse_date(raw_date, latest)
            if measured_on in first_row:
                message = gettext(
                    "“%(value)s” is also the date in row %(first)s. Give each date only once."
                )
                problems.append(message % {"value": raw_date, "first": first_row[measured_on]})
            first_row.setdefault(measured_on, number)
        except ValueError as error:
            problems.append(str(error))
        try:
            active_users = _parse_count(raw_count)
        except ValueError as error:
            problems.append(str(error))
        result.errors.extend(RowError(number, problem) for problem in problems)
        if not problems:
            result.rows.append(UsageRow(measured_on, active_users))
    result.rows.sort(key=lambda row: row.measured_on)
    result.errors.sort(key=lambda error: error.row)
    return result


def _failed(message: str, row: int = 1) -> ParseResult:
    return ParseResult([], [RowError(row, message)])


def _find(headers: list[str], names: Iterable[str]) -> int | None:
    keys = [header.casefold() for header in headers]
    return next((keys.index(n.casefold()) for n in names if n.casefold() in keys), None)


def _missing(headers: list[str], no_date: bool, no_count: bool, column: str) -> str:
    def quoted(names: Iterable[str]) -> str:
        return ", ".join(f"“{name}”" for name in names if name)

    parts = []
    if no_date:
        message = gettext("There is no column with the date. Call it one of: %(names)s.")
        parts.append(message % {"names": quoted(DATE_COLUMNS)})
    if no_count and column:
        parts.append(gettext("There is no column “%(name)s”.") % {"name": column})
    elif no_count:
        message = gettext("There is no column with the active users. Call it one of: %(names)s.")
        parts.append(message % {"names": quoted(COUNT_COLUMNS)})
    found = gettext("The columns in the file are: %(found)s.") % {"found": quoted(headers)}
    return " ".join([*parts, found])


def _parse_date(value: str, latest: datetime.date) -> datetime.date:
    if not value:
        raise ValueError(gettext("The date is missing."))
    for date_format in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(value, date_format).date()
        except ValueError:
            continue
        if day > latest:
            raise _refused(gettext("“%(value)s” is a date in the future."), value)
        if day < FIRST_DAY:
            raise _refused(gettext("“%(value)s” is too long ago for a day of use."), value)
        return day
    raise _refused(gettext("“%(value)s” is not a date. Write dates like 31-03-2026."), value)


def _parse_count(value: str) -> int:
    digits = value.replace("\xa0", " ").replace("\u202f", " ")  # Excel's spaces in 1 234
    if not digits:
        raise ValueError(gettext("The number of active users is missing."))
    negative = digits.startswith("-")
    digits = digits.removeprefix("-").strip()
    if not WHOLE.fullmatch(digits):
        message = gettext("“%(value)s” is not a whole number. Write it without decimals: 1234.")
        raise _refused(message, value)
    number = int(re.sub(r"\D", "", digits))
    if negative and number:
        raise _refused(gettext("“%(value)s” is below zero. Write 0 or more."), value)
    if number > MAX_COUNT:
        raise _refused(gettext("“%(value)s” is too large for a number of users."), value)
    return number


def _refused(message: str, value: str) -> ValueError:
    """The error for a cell, cut short when a long cell would flood the message."""
    return ValueError(message % {"value": value if len(value) <= 40 else value[:39] + "…"})
