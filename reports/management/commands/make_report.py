"""Make a report now, in this process, with the same code the worker runs.

    python manage.py make_report --organisation voorbeeldstad --kind management \
        [--programme ID] [--from 2026-10-01] [--until 2026-10-31] [--language en] \
        [--output rapport.pdf]

The report is saved like any other (it appears under Reports, and the next one
compares with it); --output also copies the PDF to a file.
"""

from __future__ import annotations

import datetime
import shutil

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from organisations.models import Organisation
from reports import services
from reports.models import ReportKind, ReportStatus
from transformation.models import Programme


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Make a management or HR report synchronously, as the worker would."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="The organisation's short name.")
        parser.add_argument("--kind", required=True, choices=[kind.value for kind in ReportKind])
        parser.add_argument(
            "--programme", type=int, help="The programme's id (management; default: the first)."
        )
        parser.add_argument(
            "--from",
            dest="start",
            help="First day, YYYY-MM-DD (default: the day after the previous report, "
            "or the first of the last day's month).",
        )
        parser.add_argument("--until", dest="end", help="Last day, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
        )
        parser.add_argument("--output", help="Also write the PDF to this file.")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the short name {options['organisation']}.")
        kind = ReportKind(options["kind"])

        programme = None
        if kind == ReportKind.MANAGEMENT:
            programmes = Programme.objects.for_organisation(organisation).order_by("pk")
            if options["programme"]:
                programme = programmes.filter(pk=options["programme"]).first()
                if programme is None:
                    raise CommandError(
                        f"{organisation.name} has no programme with id {options['programme']}."
                    )
            else:
                programme = programmes.first()
                if programme is None:
                    raise CommandError(f"{organisation.name} has no programme to report on.")

        # The default start follows the end asked for: `--until` alone reports on that
        # end's month (or since the report before it), whatever day it is today.
        end = _date(options["end"]) if options["end"] else None
        start, end = services.default_period(organisation, kind, programme, end=end)
        if options["start"]:
            start = _date(options["start"])
        if start > end:
            raise CommandError("The period starts after it ends.")

        report = services.report_make_now(
            worker="make_report",
            organisation=organisation,
            kind=kind,
            programme=programme,
            period_start=start,
            period_end=end,
            language=options["language"],
        )
        if report is None or report.status != ReportStatus.DONE:
            raise CommandError(report.error if report else "The report could not be made.")

        self.stdout.write(
            f"{report.title}: {report.page_count} pages, {report.size} bytes, "
            f"sha256 {report.checksum}\nStored as {report.file.name}"
        )
        if options["output"]:
            with report.file.open("rb") as source, open(options["output"], "wb") as target:
                shutil.copyfileobj(source, target)
            self.stdout.write(f"Written to {options['output']}")
