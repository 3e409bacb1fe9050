"""A director asks for a management report in the browser, watches a real Celery
worker on Redis make it, and downloads the PDF/A document: the whole way, in Dutch."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from organisations.models import Role
from reports.models import ReportRequest, ReportStatus
from tests.browser.helpers import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
]

# A fresh worker imports WeasyPrint before its first document.
MAKING_TIMEOUT_MS = 120_000


def test_a_director_watches_a_real_worker_make_the_report_and_downloads_it(
    page,
    live_server,
    worker,
    programme_world,
    members,
    check_accessibility,
):
    director = members[Role.DIRECTOR]
    log_in(page, live_server, director.username)
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Rapportages"
    ).click()
    page.get_by_role("link", name="Managementrapportage aanvragen").click()
    page.get_by_label("Met bijlage").check()
    page.get_by_role("button", name="Rapportage aanvragen").click()

    # The page is there at once, before the worker is done: the job runs elsewhere.
    expect(page.get_by_role("heading", level=1)).to_have_text("Managementrapportage")
    report = ReportRequest.objects.get()
    assert report.requested_by == director
    assert report.annex
    progress = page.locator("#report-progress")
    expect(progress).to_contain_text(re.compile("In de wachtrij|Wordt gemaakt|Klaar"))
    check_accessibility(page)

    download_link = page.get_by_role("link", name="PDF downloaden")
    expect(download_link).to_be_visible(timeout=MAKING_TIMEOUT_MS)
    expect(page.locator("#report-announcement")).to_contain_text("klaar om te downloaden")
    check_accessibility(page)

    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.worker.startswith(worker.name)
    assert download.suggested_filename == report.filename()
    with open(download.path(), "rb") as pdf:
        reader = PdfReader(pdf)
        text = " ".join(p.extract_text() for p in reader.pages)
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert "Op één pagina" in re.sub(r"\s+", " ", text)
