"""Dates in Dutch: "2 december 2026", with the month written out, everywhere a
person reads a date (pages, tables, charts, PDFs, e-mails)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# How a person types a date in a text field (the meeting dates of co-determination):
# a form shows a date it expects back in this form, never as text to read.
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
# Typed as 12-03-2026 or 12-3-26; ISO 8601 (what <input type="date"> sends) is
# always accepted besides these.
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d-%m-%y", "%d/%m/%Y", "%Y-%m-%d"]
