"""Our own date formats per language (FORMAT_MODULE_PATH): one way to write a date.

Django's own locale formats fill in everything not set here (numbers, for one).
Pages, charts, e-mails and PDFs print dates only through these names
(`{{ day|date }}`, `|date:"DATETIME_FORMAT"`, `formats.date_format(day)`), never
with a format string of their own. Machine places keep ISO 8601: the `datetime`
attribute of <time>, CSV, JSON and the value of <input type="date">.
"""
