"""Reading CSV files people save from a spreadsheet or an HR system; shared by every
import, which then checks the rows itself."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

DELIMITERS = (",", ";", "\t")  # on a tie the first wins


def decode(data: bytes) -> str | None:
    """UTF-8 with or without BOM, else Excel's Windows encoding; None if it is not text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves unused would fail it too
        text = data.decode("cp1252", errors="replace")
    return None if "\x00" in text else text  # a spreadsheet, UTF-16 or other binary file


def records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(Row number, stripped cells) of every row with something in it."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=lambda d: len(next(csv.reader([header], delimiter=d))))
    # A quoted cell may hold a line break; the reader counts rows, as a spreadsheet does.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, cells in enumerate(reader, start=1):
        if any(cell.strip() for cell in cells):  # Excel writes empty rows as ";;"
            yield number, [cell.strip() for cell in cells]


# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: str) -> str:
    """A cell a spreadsheet shows as the text it is, never runs as a formula (CSV
    injection): a leading quote before what would start one."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
