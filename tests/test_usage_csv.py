"""Reading usage measurements from CSV: what Excel and Microsoft 365 write, and every mistake
reported at the row a spreadsheet shows."""

import datetime

import pytest
from django.utils import timezone, translation

from adoption.usage_csv import ParseResult, RowError, UsageRow, parse_usage_csv

LATEST = datetime.date(2026, 4, 30)
BOM = b"\xef\xbb\xbf"
M365_HEADER = (
    "Report Refresh Date,Office 365,Exchange,OneDrive,SharePoint,"
    "Skype For Business,Yammer,Teams,Report Date,Report Period"
)
# As the admin centre exports it: BOM, CRLF, newest first, one refresh date on every row.
M365_EXPORT = (
    BOM
    + (
        "\r\n".join(
            [
                M365_HEADER,
                "2026-04-02,1250,1190,870,640,0,12,1010,2026-03-31,7",
                "2026-04-02,1203,1150,850,600,0,11,988,2026-03-30,7",
                "2026-04-02,1180,1120,800,590,0,10,960,2026-03-29,7",
            ]
        )
        + "\r\n"
    ).encode()
)


def day(month: int, date: int) -> datetime.date:
    return datetime.date(2026, month, date)


def parse(text: str, encoding: str = "utf-8", **options) -> ParseResult:
    options.setdefault("latest", LATEST)
    with translation.override("en"):
        return parse_usage_csv(text.encode(encoding), **options)


def test_microsoft_365_export_uses_report_date_and_office_365_by_default():
    result = parse_usage_csv(M365_EXPORT, latest=LATEST)

    assert result.ok
    assert result.column == "Office 365"
    # Sorted by date, and the dates are the Report Date, not the Report Refresh Date.
    assert result.rows == [
        UsageRow(day(3, 29), 1180),
        UsageRow(day(3, 30), 1203),
        UsageRow(day(3, 31), 1250),
    ]


def test_microsoft_365_export_uses_the_column_asked_for_whatever_its_case():
    result = parse_usage_csv(M365_EXPORT, column=" teams ", latest=LATEST)

    assert result.ok
    assert result.column == "Teams"
    assert [row.active_users for row in result.rows] == [960, 988, 1010]


def test_report_refresh_date_is_never_taken_for_the_measurement_date():
    result = parse("Report Refresh Date,Active users\n2026-04-02,5\n")

    assert not result.ok
    assert result.rows == []
    [error] = result.errors
    assert error.row == 1
    assert "There is no column with the date." in error.message


def test_dutch_excel_file_with_semicolons_and_short_dates():
    text = "Datum;Actieve gebruikers\r\n31-3-2026;1.234\r\n;\r\n1-4-2026;1 300\r\n02/04/2026;7\r\n"

    result = parse(text, encoding="cp1252")

    assert result.ok
    assert result.column == "Actieve gebruikers"
    assert result.rows == [
        UsageRow(day(3, 31), 1234),
        UsageRow(day(4, 1), 1300),
        UsageRow(day(4, 2), 7),
    ]


def test_headers_match_whatever_the_case_and_spaces():
    result = parse("  DATUM \t actieve GEBRUIKERS \n2026-01-05\t40\n")

    assert result.ok
    assert result.rows == [UsageRow(day(1, 5), 40)]


def test_windows_encoding_with_a_non_ascii_header_is_read():
    data = "Datum;Gebruikers privé;Kosten in €\n05-01-2026;12;300\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # so this really is the fallback

    result = parse_usage_csv(data, column="GEBRUIKERS PRIVÉ", latest=LATEST)

    assert result.ok
    assert result.column == "Gebruikers privé"
    assert result.rows == [UsageRow(day(1, 5), 12)]
    # cp1252, not Latin-1: there the euro sign's byte is a control character.
    assert parse_usage_csv(data, column="kosten in €", latest=LATEST).column == "Kosten in €"


def test_missing_columns_give_one_error_at_the_header_listing_what_is_there():
    result = parse("Dag,Aantal\n2026-01-01,5\n2026-01-02,6\n")

    assert not result.ok
    assert result.rows == []
    assert result.errors == [
        RowError(
            1,
            "There is no column with the date. Call it one of: “Report Date”, “Date”, "
            "“Datum”, “Rapportdatum”. There is no column with the active users. Call it one "
            "of: “Active users”, “Actieve gebruikers”, “Office 365”, “Teams”. "
            "The columns in the file are: “Dag”, “Aantal”.",
        )
    ]


def test_a_missing_chosen_column_is_named():
    with translation.override("en"):
        result = parse_usage_csv(M365_EXPORT, column="Viva Engage", latest=LATEST)

    [error] = result.errors
    assert error.row == 1
    assert error.message.startswith("There is no column “Viva Engage”. The columns in the file")
    assert "“Report Refresh Date”, “Office 365”, “Exchange”" in error.message


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2026-13-01,5", "“2026-13-01” is not a date. Write dates like 31-03-2026."),
        ("03/31/2026,5", "“03/31/2026” is not a date. Write dates like 31-03-2026."),
        ("gisteren,5", "“gisteren” is not a date. Write dates like 31-03-2026."),
        (",5", "The date is missing."),
        ("2026-01-03,-4", "“-4” is below zero. Write 0 or more."),
        ('2026-01-03,"12,5"', "“12,5” is not a whole number. Write it without decimals: 1234."),
        ("2026-01-03,1.5", "“1.5” is not a whole number. Write it without decimals: 1234."),
        ("2026-01-03,veel", "“veel” is not a whole number. Write it without decimals: 1234."),
        ("2026-01-03,", "The number of active users is missing."),
        ("2026-01-03,99999999999", "“99999999999” is too large for a number of users."),
        ("2026-05-01,5", "“2026-05-01” is a date in the future."),
        ("0026-01-03,5", "“0026-01-03” is too long ago for a day of use."),
        ("01-01-2026,5", "“01-01-2026” is also the date in row 2. Give each date only once."),
        ("2026-01-03,12,5", "This row has too many values. Is there a comma in a number?"),
    ],
)
def test_a_bad_row_is_reported_at_its_row_and_nothing_is_ok(line, message):
    result = parse(f"Date,Active users\n2026-01-01,10\n{line}\n2026-01-04,11\n")

    assert result.errors == [RowError(3, message)]
    assert not result.ok
    assert result.rows == [UsageRow(day(1, 1), 10), UsageRow(day(1, 4), 11)]


def test_every_problem_is_reported_in_row_order():
    text = "Datum;Actieve gebruikers\n2026-01-09;x\n2026-01-01;5\nmorgen;-1\n2026-01-01;6\n"
    text += "1-1-2026;7"  # no line break at the end

    result = parse(text)

    assert [(error.row, error.message[:12]) for error in result.errors] == [
        (2, "“x” is not a"),
        (4, "“morgen” is "),
        (4, "“-1” is belo"),
        (5, "“2026-01-01”"),
        (6, "“1-1-2026” i"),
    ]
    assert result.errors[-1] == RowError(
        6, "“1-1-2026” is also the date in row 3. Give each date only once."
    )
    assert result.rows == [UsageRow(day(1, 1), 5)]


def test_the_future_starts_tomorrow_by_default():
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)

    result = parse(f"Date,Active users\n{today:%Y-%m-%d},5\n{tomorrow:%Y-%m-%d},6\n", latest=None)

    assert result.rows == [UsageRow(today, 5)]
    assert result.errors == [RowError(3, f"“{tomorrow:%Y-%m-%d}” is a date in the future.")]


def test_empty_lines_are_skipped_but_rows_keep_the_numbers_of_the_file():
    text = 'Date,Active users,Note\n\n2026-01-01,5,"two\nlines"\n , \n2026-01-02,x,\n,,\n'
    text += "2026-01-03,7,\n"

    result = parse(text)

    # A spreadsheet shows the quoted line break inside one cell of row 3.
    assert [error.row for error in result.errors] == [5]
    assert result.rows == [UsageRow(day(1, 1), 5), UsageRow(day(1, 3), 7)]


def test_too_many_rows_is_one_error_and_no_rows():
    rows = "".join(f"2026-01-{date:02},{date}\n" for date in range(1, 5))

    assert parse("Date,Active users\n" + rows, max_rows=4).ok
    result = parse("Date,Active users\n" + rows, max_rows=3)

    assert result.rows == []
    assert result.errors == [
        RowError(1, "The file is too long. Import at most 3 measurements at once.")
    ]
    assert not result.ok


@pytest.mark.parametrize("text", ["", "\n\n", "Date,Active users\n", "Date;Active users\n;\n"])
def test_a_file_without_measurements(text):
    result = parse(text)

    assert result.errors == [RowError(1, "The file has no measurements.")]
    assert not result.ok


def test_a_spreadsheet_or_other_binary_file_is_refused():
    with translation.override("en"):
        result = parse_usage_csv(b"PK\x03\x04\x14\x00\x06\x00", latest=LATEST)

    assert result.errors == [
        RowError(1, "The file could not be read. Save it from your spreadsheet as CSV.")
    ]


@pytest.mark.parametrize(
    ("cell", "count"),
    [
        ("1234", 1234),
        ("1.234", 1234),
        ('"1,234"', 1234),
        ("1 234", 1234),
        ("1\xa0234", 1234),
        ("1.234.567", 1234567),
        ("0", 0),
        ("007", 7),
    ],
)
def test_whole_numbers_with_thousands_separators(cell, count):
    result = parse(f"Date,Active users\n2026-01-01,{cell}\n")

    assert result.ok
    assert result.rows == [UsageRow(day(1, 1), count)]


@pytest.mark.parametrize("cell", ["12,5", "0,123", "1.2345", "1.234,5", "1,234.567", "12.34"])
def test_decimals_are_not_taken_for_thousands(cell):
    result = parse(f"Datum;Actieve gebruikers\n2026-01-01;{cell}\n")

    assert result.rows == []
    assert [error.row for error in result.errors] == [2]
