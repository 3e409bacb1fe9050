"""Reports in a real Chromium: requesting one and downloading the PDF, watching an
open report's progress change without a reload, asking again after a failure, the
HR report's download headers, and planning monthly reports; axe-core on every page.

The sessions switch to English first and read the source strings; the journey
with a real worker (test_reports_worker.py) goes through the Dutch interface.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from organisations.models import Role
from reports.models import (
    ReportKind,
    ReportRequest,
    ReportSchedule,
    ReportStage,
    ReportStatus,
)
from tests.browser.helpers import assert_not_reloaded, log_in, mark_page, url
from tests.factories import ReportRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# htmx asks every 2 s; a change must show well within this.
POLL_TIMEOUT_MS = 10_000
# WeasyPrint makes the real PDF inside the request (Celery runs eagerly in tests).
MAKING_TIMEOUT_MS = 90_000


@pytest.fixture
def director(members):
    return members[Role.DIRECTOR]


@pytest.fixture
def last_month():
    end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def in_english(page):
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def log_in_in_english(page, live_server, user):
    log_in(page, live_server, user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    in_english(page)


def go_to_reports(page):
    navigation = page.get_by_role("navigation", name="Main navigation")
    navigation.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    expect(navigation.get_by_role("link", name="Reports")).to_have_attribute("aria-current", "page")


def finish_behind_the_page(report):
    """Make `report` done with a stored file, as a worker would, in the database only."""
    # The donor row lives in an organisation of its own, out of every list the tests read.
    made = ReportRequestFactory(done=True)
    ReportRequest.objects.filter(pk=report.pk).update(
        status=ReportStatus.DONE,
        stage=ReportStage.FINISHED,
        progress=100,
        file=made.file.name,
        page_count=made.page_count,
        size=made.size,
        checksum=made.checksum,
        finished_at=made.finished_at,
    )


def download_from(page, link):
    with page.expect_download() as info:
        link.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_director_requests_downloads_and_finds_a_management_report(
    page, live_server, director, programme, check_accessibility
):
    log_in_in_english(page, live_server, director)
    check_accessibility(page)
    go_to_reports(page)
    check_accessibility(page)

    page.get_by_role("link", name="Request a management status report").click()
    expect(page).to_have_url(url(live_server, "reports:request", "management"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Request a management status report")
    today = timezone.localdate()
    first_day = today.replace(day=1)
    expect(page.locator("#id_programme")).to_have_value(str(programme.pk))
    expect(page.locator("#id_programme option:checked")).to_have_text(programme.name)
    expect(page.locator("#id_period_start")).to_have_value(first_day.isoformat())
    expect(page.locator("#id_period_end")).to_have_value(today.isoformat())
    check_accessibility(page)

    # The period ends before it starts: the error is at the first day, nothing is saved.
    page.locator("#id_period_end").fill((first_day - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Request the report").click()
    error = page.locator("#id_period_start_error")
    expect(error).to_contain_text("The period starts after it ends")
    start = page.locator("#id_period_start")
    expect(start).to_have_attribute("aria-invalid", "true")
    expect(start).to_have_attribute("aria-describedby", re.compile(r"\bid_period_start_error\b"))
    expect(page.locator("#id_period_end_error")).to_have_count(0)
    check_accessibility(page)
    assert not ReportRequest.objects.exists()

    page.locator("#id_period_end").fill(today.isoformat())
    page.get_by_role("button", name="Request the report").click()
    expect(page).to_have_url(re.compile(r"/rapportages/\d+/$"), timeout=MAKING_TIMEOUT_MS)
    report = ReportRequest.objects.get()
    assert page.url == url(live_server, "reports:detail", report.pk)
    assert (report.kind, report.programme, report.requested_by) == (
        ReportKind.MANAGEMENT,
        programme,
        director,
    )
    assert (report.period_start, report.period_end) == (first_day, today)
    assert report.status == ReportStatus.DONE, report.error
    progress = page.locator("#report-progress")
    expect(progress).to_contain_text("Ready.")
    expect(progress.locator("progress")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(programme.name)
    check_accessibility(page)

    filename, content = download_from(page, page.get_by_role("link", name="Download PDF"))
    assert "voorbeeldstad" in filename
    assert filename.endswith(".pdf")
    assert filename == report.filename()
    assert content.startswith(b"%PDF")

    detail = reverse("reports:detail", args=[report.pk])
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Dashboard"
    ).click()
    latest = page.locator("section[aria-labelledby=latest-reports-heading]")
    expect(latest.get_by_role("heading", level=2)).to_have_text("Latest reports")
    expect(latest.locator(f"a[href='{detail}']")).to_contain_text(programme.name)
    expect(
        latest.locator(f"a[href='{reverse('reports:download', args=[report.pk])}']")
    ).to_be_visible()
    check_accessibility(page)

    page.goto(url(live_server, "transformation:programme_detail", programme.pk))
    panel = page.locator("section[aria-labelledby=programme-reports-heading]")
    expect(panel.get_by_role("heading", level=2)).to_have_text(
        "Management reports of this programme"
    )
    expect(panel.locator(f"a[href='{detail}']")).to_be_visible()
    check_accessibility(page)


def test_an_open_report_shows_its_progress_and_download_without_a_reload(
    page, live_server, voorbeeldstad, director, programme, check_accessibility
):
    report = ReportRequestFactory(
        organisation=voorbeeldstad, programme=programme, requested_by=director
    )
    assert report.status == ReportStatus.QUEUED
    detail_url = url(live_server, "reports:detail", report.pk)

    log_in_in_english(page, live_server, director)
    page.goto(detail_url)
    progress = page.locator("#report-progress")
    expect(progress).to_contain_text("In the queue.")
    bar = page.locator("progress#report-progress-bar")
    expect(bar).to_have_attribute("value", "0")
    expect(page.get_by_label("Progress")).to_be_visible()
    expect(page.get_by_role("link", name="Download PDF")).to_have_count(0)
    check_accessibility(page)
    mark_page(page)

    ReportRequest.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, stage=ReportStage.LAYOUT, progress=60
    )
    expect(progress).to_contain_text("60%", timeout=POLL_TIMEOUT_MS)
    expect(bar).to_have_attribute("value", "60")
    expect(progress).to_contain_text("laying out the pages")
    # The one live region says so once, outside what the polling replaces.
    expect(page.locator("#report-announcement")).to_contain_text("is being made.")
    assert_not_reloaded(page)

    finish_behind_the_page(report)
    download = page.get_by_role("link", name="Download PDF")
    expect(download).to_be_visible(timeout=POLL_TIMEOUT_MS)
    expect(download).to_have_attribute("href", reverse("reports:download", args=[report.pk]))
    expect(progress).to_contain_text("Ready.")
    expect(page.locator("#report-announcement")).to_contain_text("is ready to download.")
    expect(bar).to_have_count(0)
    # Done: the section no longer asks for its progress.
    expect(progress).not_to_have_attribute("hx-get", re.compile("."))
    assert_not_reloaded(page)
    check_accessibility(page)


def test_an_open_report_page_works_without_javascript(
    browser, live_server, voorbeeldstad, director, programme
):
    report = ReportRequestFactory(
        organisation=voorbeeldstad, programme=programme, requested_by=director
    )
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        log_in_in_english(page, live_server, director)
        page.goto(url(live_server, "reports:detail", report.pk))
        expect(page.locator("#report-progress")).to_contain_text("In the queue.")
        reload = page.get_by_role("link", name="Reload to see the progress")
        expect(reload).to_be_visible()
        expect(reload).to_have_attribute("href", reverse("reports:detail", args=[report.pk]))

        # Reloading by that link is how the page learns of progress.
        ReportRequest.objects.filter(pk=report.pk).update(
            status=ReportStatus.RUNNING, stage=ReportStage.WRITING, progress=85
        )
        reload.click()
        expect(page.locator("#report-progress")).to_contain_text("85%")
    finally:
        context.close()


def test_a_failed_report_shows_why_and_can_be_requested_again(
    page, live_server, voorbeeldstad, director, programme, last_month, check_accessibility
):
    message = "De cijfers van het programma waren niet te lezen."
    failed = ReportRequestFactory(
        organisation=voorbeeldstad,
        programme=programme,
        requested_by=director,
        period_start=last_month[0],
        period_end=last_month[1],
        status=ReportStatus.FAILED,
        error=message,
        language="en",
    )
    log_in_in_english(page, live_server, director)
    page.goto(url(live_server, "reports:detail", failed.pk))
    alert = page.locator("#report-progress .mw-panel--red")
    expect(alert).to_contain_text("The report could not be made.")
    expect(alert).to_contain_text(message)
    expect(page.get_by_role("link", name="Download PDF")).to_have_count(0)
    check_accessibility(page)

    page.get_by_role("button", name="Request it again").click()
    expect(page).not_to_have_url(
        url(live_server, "reports:detail", failed.pk), timeout=MAKING_TIMEOUT_MS
    )
    expect(page).to_have_url(re.compile(r"/rapportages/\d+/$"))
    again = ReportRequest.objects.exclude(pk=failed.pk).get()
    assert page.url == url(live_server, "reports:detail", again.pk)
    assert (again.kind, again.programme, again.period_start, again.period_end) == (
        failed.kind,
        programme,
        *last_month,
    )
    assert again.requested_by == director
    expect(page.locator("#report-progress")).not_to_contain_text(message)
    check_accessibility(page)
    # The failed one stays as it was.
    failed.refresh_from_db()
    assert (failed.status, failed.error) == (ReportStatus.FAILED, message)


def test_hr_adviser_requests_and_downloads_an_uncached_hr_report(
    page, live_server, voorbeeldstad, members, employees, check_accessibility
):
    management = ReportRequestFactory(done=True, organisation=voorbeeldstad)
    adviser = members[Role.HR_ADVISER]
    log_in_in_english(page, live_server, adviser)
    go_to_reports(page)
    expect(
        page.locator(f"a[href='{reverse('reports:detail', args=[management.pk])}']")
    ).to_have_count(0)
    expect(
        page.locator(f"a[href='{reverse('reports:request', args=['management'])}']")
    ).to_have_count(0)
    check_accessibility(page)

    page.get_by_role("link", name=re.compile(r"^Request an? HR report$")).click()
    expect(page).to_have_url(url(live_server, "reports:request", "hr"))
    expect(page.locator("#id_programme")).to_have_count(0)
    expect(page.locator("#id_period_start")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Request the report").click()
    expect(page).to_have_url(re.compile(r"/rapportages/\d+/$"), timeout=MAKING_TIMEOUT_MS)
    report = ReportRequest.objects.get(kind=ReportKind.HR)
    assert report.status == ReportStatus.DONE, report.error
    assert report.programme is None
    expect(page.locator("#report-progress")).to_contain_text("Ready.")
    expect(page.locator("#report-progress")).to_contain_text("personal data")
    check_accessibility(page)

    link = page.get_by_role("link", name="Download PDF")
    filename, content = download_from(page, link)
    assert filename == report.filename()
    assert filename.startswith("voorbeeldstad-")
    assert filename.endswith(".pdf")
    assert content.startswith(b"%PDF")

    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert "no-store" in response.headers["cache-control"]
    assert response.body().startswith(b"%PDF")

    # Her list holds her HR report and no management report.
    go_to_reports(page)
    listed = page.locator("#report-list")
    expect(
        listed.locator(f"a[href='{reverse('reports:detail', args=[report.pk])}']")
    ).to_be_visible()
    expect(
        listed.locator(f"a[href='{reverse('reports:detail', args=[management.pk])}']")
    ).to_have_count(0)
    expect(listed).not_to_contain_text(management.programme.name)
    check_accessibility(page)


def test_organisation_admin_plans_changes_and_removes_a_monthly_report(
    page, live_server, members, programme, check_accessibility
):
    admin = members[Role.ORGANISATION_ADMIN]
    log_in_in_english(page, live_server, admin)
    go_to_reports(page)
    check_accessibility(page)

    page.get_by_role("link", name="Plan monthly reports").click()
    expect(page).to_have_url(url(live_server, "reports:schedules"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Monthly reports")
    expect(page.locator("main")).to_contain_text("No monthly reports are planned.")
    check_accessibility(page)

    page.get_by_role("link", name="Plan a monthly report").click()
    expect(page).to_have_url(url(live_server, "reports:schedule_add"))
    check_accessibility(page)
    page.get_by_role("radio", name="management status report").check()
    page.locator("#id_programme").select_option(str(programme.pk))
    page.locator("#id_day_of_month").fill("3")
    page.locator("#id_recipients").fill("directie@voorbeeldstad.nl, wethouder-zonder-domein")
    page.get_by_role("button", name="Save").click()

    error = page.locator("#id_recipients_error")
    expect(error).to_contain_text("wethouder-zonder-domein")
    recipients = page.locator("#id_recipients")
    expect(recipients).to_have_attribute("aria-invalid", "true")
    expect(recipients).to_have_attribute("aria-describedby", re.compile(r"\bid_recipients_error\b"))
    # The other choices are kept.
    expect(page.locator("#id_day_of_month")).to_have_value("3")
    expect(page.locator("#id_programme")).to_have_value(str(programme.pk))
    check_accessibility(page)
    assert not ReportSchedule.objects.exists()

    recipients.fill("directie@voorbeeldstad.nl\nwethouder@voorbeeldstad.nl")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(url(live_server, "reports:schedules"))
    expect(page.locator("main")).to_contain_text("The schedule is saved.")
    schedule = ReportSchedule.objects.get()
    assert (schedule.kind, schedule.programme, schedule.day_of_month) == (
        ReportKind.MANAGEMENT,
        programme,
        3,
    )
    assert schedule.recipient_addresses() == [
        "directie@voorbeeldstad.nl",
        "wethouder@voorbeeldstad.nl",
    ]
    assert schedule.created_by == admin
    row = page.locator("main tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(programme.name)
    expect(row).to_contain_text("day 3 of every month")
    expect(row).to_contain_text("wethouder@voorbeeldstad.nl")
    check_accessibility(page)

    # Change it: another day, and paused.
    row.get_by_role("link").click()
    expect(page).to_have_url(url(live_server, "reports:schedule_edit", schedule.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the monthly report")
    expect(page.locator("#id_day_of_month")).to_have_value("3")
    check_accessibility(page)
    page.locator("#id_day_of_month").fill("15")
    page.locator("#id_active").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(url(live_server, "reports:schedules"))
    expect(row).to_contain_text("day 15 of every month")
    expect(row).to_contain_text("paused")
    schedule.refresh_from_db()
    assert (schedule.day_of_month, schedule.active) == (15, False)
    check_accessibility(page)

    # Remove it.
    row.get_by_role("link").click()
    page.get_by_role("button", name="Remove this schedule").click()
    # Asked first, on a page of its own.
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove this schedule")
    expect(page.locator("main")).to_contain_text("the reports it already made are kept")
    check_accessibility(page)
    page.locator("main form").get_by_role("button", name="Remove").click()
    expect(page).to_have_url(url(live_server, "reports:schedules"))
    expect(page.locator("main")).to_contain_text("The schedule is removed.")
    expect(page.locator("main")).to_contain_text("No monthly reports are planned.")
    assert not ReportSchedule.objects.exists()
    check_accessibility(page)


def test_the_report_list_shows_a_finished_report_without_a_reload(
    page, live_server, voorbeeldstad, director, programme, check_accessibility
):
    report = ReportRequestFactory(
        organisation=voorbeeldstad, programme=programme, requested_by=director
    )
    log_in_in_english(page, live_server, director)
    go_to_reports(page)
    row = page.locator("#report-list tbody tr").filter(
        has=page.locator(f"a[href='{reverse('reports:detail', args=[report.pk])}']")
    )
    expect(row).to_contain_text("Queued")
    expect(row.get_by_role("link", name=re.compile("^Download PDF"))).to_have_count(0)
    check_accessibility(page)
    mark_page(page)

    ReportRequest.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, stage=ReportStage.COLLECTING, progress=20
    )
    expect(row).to_contain_text("20%", timeout=POLL_TIMEOUT_MS)

    finish_behind_the_page(report)
    download = row.get_by_role("link", name=re.compile("^Download PDF"))
    expect(download).to_be_visible(timeout=POLL_TIMEOUT_MS)
    expect(download).to_have_attribute("href", reverse("reports:download", args=[report.pk]))
    expect(row).to_contain_text("Ready")
    # Nothing is open any more: the list stops asking.
    expect(page.locator("#report-list")).not_to_have_attribute("hx-get", re.compile("."))
    assert_not_reloaded(page)
    check_accessibility(page)
