"""The report documents: archivable tagged PDFs in the language asked for, the
`make_report` command, the default period, WeasyPrint kept out of the web process,
and the organisation's colour the documents are printed in."""

import datetime
import hashlib
import io
import os
import re
import subprocess
import sys
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from pypdf import PdfReader

from organisations.models import Role, validate_theme_colour
from reports import services
from reports.models import ReportKind, ReportRequest, ReportStatus
from tests.factories import ReportRequestFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")

HR, DIRECTOR = Role.HR_ADVISER, Role.DIRECTOR


# --- The documents -----------------------------------------------------------------------------


@pytest.fixture
def made(voorbeeldstad, programme, members, django_capture_on_commit_callbacks):
    def make(kind="management", language="nl"):
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_request(
                organisation=voorbeeldstad,
                kind=kind,
                programme=programme if kind == "management" else None,
                period_start=datetime.date(2026, 1, 1),
                period_end=timezone.localdate(),
                requested_by=members[DIRECTOR if kind == "management" else HR],
                language=language,
            )
        report.refresh_from_db()
        assert report.status == ReportStatus.DONE, report.error
        return report

    return make


def test_the_document_is_an_archivable_tagged_pdf_with_its_metadata(made):
    report = made("management", "nl")
    with report.file.open("rb") as file:
        data = file.read()
    assert hashlib.sha256(data).hexdigest() == report.checksum
    assert len(data) == report.size
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == report.page_count
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nl"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    # PDF/A-2, level A (accessible), as attributes or elements of the XMP packet.
    assert re.search(r"pdfaid:part(>|=\")2", xmp)
    assert re.search(r"pdfaid:conformance(>|=\")A", xmp)
    info = reader.metadata
    assert info.title.startswith("Managementrapportage \N{EN DASH} Gemeente Voorbeeldstad")
    assert "Gemeente Voorbeeldstad" in info.author
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Inhoud" in text
    assert report.programme.name in text
    assert "Pagina 2 van" in text


def test_the_document_speaks_the_language_it_was_asked_in(made):
    report = made("hr", "en")
    reader = PdfReader(report.file.open("rb"))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Contents" in text
    assert "Page 2 of" in text
    assert report.filename().startswith("voorbeeldstad-hr-report-")


@time_machine.travel(datetime.datetime(2026, 12, 2, 9, 30, tzinfo=AMSTERDAM), tick=False)
def test_make_report_runs_the_same_code_here_and_now(voorbeeldstad, programme, tmp_path):
    output = tmp_path / "rapport.pdf"
    out = io.StringIO()
    call_command(
        "make_report",
        "--organisation",
        "voorbeeldstad",
        "--kind",
        "management",
        "--until",
        "2026-11-01",
        "--output",
        str(output),
        stdout=out,
    )
    report = ReportRequest.objects.get()
    assert report.status == ReportStatus.DONE
    assert report.programme == programme
    # --until alone: the period is that day's month so far, whatever day it is today.
    assert (report.period_start, report.period_end) == (
        datetime.date(2026, 11, 1),
        datetime.date(2026, 11, 1),
    )
    assert output.read_bytes() == report.file.open("rb").read()
    assert report.checksum in out.getvalue()


@pytest.mark.parametrize(
    ("now", "start", "end"),
    [
        # Just after midnight in Amsterdam is still the day before in UTC.
        (datetime.datetime(2027, 1, 1, 0, 5, tzinfo=AMSTERDAM), (2027, 1, 1), (2027, 1, 1)),
        (datetime.datetime(2028, 2, 29, 23, 50, tzinfo=AMSTERDAM), (2028, 2, 1), (2028, 2, 29)),
    ],
)
def test_the_default_period_is_this_month_in_amsterdam(voorbeeldstad, programme, now, start, end):
    with time_machine.travel(now, tick=False):
        assert services.default_period(voorbeeldstad, ReportKind.HR) == (
            datetime.date(*start),
            datetime.date(*end),
        )


def test_the_default_period_follows_the_previous_report_before_its_end(voorbeeldstad, programme):
    ReportRequestFactory(
        organisation=voorbeeldstad,
        kind=ReportKind.HR,
        done=True,
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2026, 9, 30),
    )
    end = datetime.date(2026, 10, 20)
    assert services.default_period(voorbeeldstad, ReportKind.HR, end=end) == (
        datetime.date(2026, 10, 1),
        end,
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--organisation", "nergensdorp", "--kind", "hr"], "No organisation"),
        (
            ["--organisation", "voorbeeldstad", "--kind", "management", "--programme", "999999"],
            "no programme",
        ),
        (["--organisation", "voorbeeldstad", "--kind", "hr", "--from", "2026-13-01"], "Not a date"),
        (
            [
                "--organisation",
                "voorbeeldstad",
                "--kind",
                "hr",
                "--from",
                "2026-11-02",
                "--until",
                "2026-11-01",
            ],
            "starts after it ends",
        ),
    ],
)
def test_make_report_refuses_what_it_cannot_make(voorbeeldstad, programme, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("make_report", *arguments)
    assert not ReportRequest.objects.exists()


def test_the_web_process_never_imports_weasyprint():
    script = (
        "import sys, django; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "import reports.views, reports.services, reports.tasks, config.urls;"
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        check=True,
    )
    assert result.stdout.strip() == "False"


# --- The organisation's colour -------------------------------------------------------------------


@pytest.mark.parametrize("colour", ["#1b4f84", "#00543A", "#8c1d18"])
def test_a_dark_enough_theme_colour_is_accepted(colour):
    validate_theme_colour(colour)


@pytest.mark.parametrize(
    ("colour", "code"),
    [("#ffcc00", "low_contrast"), ("#77aaff", "low_contrast"), ("blauw", "invalid_colour")],
)
def test_a_theme_colour_white_text_cannot_be_read_on_is_refused(colour, code):
    with pytest.raises(ValidationError) as refused:
        validate_theme_colour(colour)
    assert refused.value.code == code
