"""Reports on the pages: requesting one, following it while it is made, downloading it,
the lists that show it, and the queries those pages need.

The rest of the reports is beside this module: the job (test_reports_job.py),
schedules and their emails (test_reports_schedules.py), the documents
(test_reports_documents.py), a real worker on Redis (test_reports_celery.py) and the
content of each kind (test_report_management.py, test_report_hr.py). The shared
fixtures (`programme`, `queued_report`) are in conftest.py.
"""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from inclusion.models import AccessAction, AccessLogEntry
from organisations.models import Role
from reports.models import ReportRequest, ReportSchedule, ReportStage, ReportStatus
from reports.tasks import make_report
from tests.factories import ProgrammeFactory, ReportRequestFactory
from tests.helpers import HTMX

PM, HR, DIRECTOR, ADMIN = (
    Role.PROGRAMME_MANAGER,
    Role.HR_ADVISER,
    Role.DIRECTOR,
    Role.ORGANISATION_ADMIN,
)


def request_form(chosen, **changes):
    return {
        "programme": chosen.pk,
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "annex": "on",
        **changes,
    }


# --- Requesting ------------------------------------------------------------------------------


def test_a_director_requests_a_management_report_which_is_enqueued_after_commit(
    login, members, programme, django_capture_on_commit_callbacks
):
    client = login(members[DIRECTOR])
    with (
        mock.patch.object(make_report, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = client.post(
            reverse("reports:request", args=["management"]), request_form(programme)
        )
    report = ReportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    assert len(callbacks) == 1
    apply_async.assert_called_once_with((report.pk,), retry=False)
    assert report.status == ReportStatus.QUEUED
    assert report.enqueued_at is not None
    assert report.requested_by == members[DIRECTOR]
    assert report.language == "nl"
    assert report.annex is True


def test_the_report_is_made_in_the_language_of_the_person_who_asks(
    login, members, programme, django_capture_on_commit_callbacks
):
    client = login(members[PM])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with mock.patch.object(make_report, "apply_async"):
        client.post(reverse("reports:request", args=["management"]), request_form(programme))
    assert ReportRequest.objects.get().language == "en"


def test_the_request_form_starts_after_the_previous_report_and_ends_today(
    login, members, programme, voorbeeldstad
):
    ReportRequestFactory(
        organisation=voorbeeldstad,
        programme=programme,
        done=True,
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2026, 9, 30),
    )
    response = login(members[DIRECTOR]).get(reverse("reports:request", args=["management"]))
    form = response.context["form"]
    assert form["period_start"].value() == datetime.date(2026, 10, 1)
    assert form["period_end"].value() == timezone.localdate()
    assert form["programme"].value() == programme.pk


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"period_start": "2026-10-31", "period_end": "2026-10-01"},
            "period_start",
            "The period starts after it ends",
        ),
        ({"period_end": "2100-12-31"}, "period_end", "A report cannot look ahead"),
        ({"period_start": "gisteren"}, "period_start", "Enter a valid date."),
        ({"programme": ""}, "programme", "This field is required."),
    ],
)
def test_a_bad_request_is_refused_at_its_field_and_nothing_is_saved(
    login, members, programme, changes, field, message
):
    client = login(members[DIRECTOR])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(
        reverse("reports:request", args=["management"]), request_form(programme, **changes)
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert ReportRequest.objects.count() == 0


def test_another_organisations_programme_cannot_be_chosen(login, members, programme, buurdorp):
    theirs = ProgrammeFactory(organisation=buurdorp)
    response = login(members[DIRECTOR]).post(
        reverse("reports:request", args=["management"]),
        request_form(programme, programme=theirs.pk),
    )
    assert "programme" in response.context["form"].errors
    assert ReportRequest.objects.count() == 0


def test_the_hr_report_has_no_programme_and_is_only_the_hr_advisers(login, members):
    hr_page = login(members[HR]).get(reverse("reports:request", args=["hr"]))
    assert hr_page.status_code == 200
    assert "programme" not in hr_page.context["form"].fields
    assert "annex" not in hr_page.context["form"].fields
    assert login(members[DIRECTOR]).get(reverse("reports:request", args=["hr"])).status_code == 403
    assert (
        login(members[HR]).get(reverse("reports:request", args=["management"])).status_code == 403
    )
    assert login(members[HR]).get(reverse("reports:request", args=["annual"])).status_code == 404


def test_without_a_broker_the_request_stays_queued_and_the_page_says_so(
    login, members, programme, django_capture_on_commit_callbacks
):
    client = login(members[DIRECTOR])
    with (
        mock.patch.object(make_report, "apply_async", side_effect=BrokerError("refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("reports:request", args=["management"]), request_form(programme), follow=True
        )
    report = ReportRequest.objects.get()
    assert response.status_code == 200
    assert report.status == ReportStatus.QUEUED
    assert report.enqueued_at is None
    assert "In de wachtrij" in response.text or "In the queue" in response.text


# --- Following and downloading ---------------------------------------------------------------


def test_an_open_reports_page_polls_its_progress_and_stops_when_it_is_done(
    login, members, queued_report
):
    client = login(members[DIRECTOR])
    url = reverse("reports:detail", args=[queued_report.pk])
    page = client.get(url)
    assert 'hx-trigger="every 2s"' in page.text
    assert "no-cache" in page["Cache-Control"]

    ReportRequest.objects.filter(pk=queued_report.pk).update(
        status=ReportStatus.RUNNING, stage=ReportStage.LAYOUT, progress=60
    )
    fragment = client.get(url, headers=HTMX)
    assert "<html" not in fragment.text
    assert 'value="60"' in fragment.text
    assert 'hx-trigger="every 2s"' in fragment.text

    done = ReportRequestFactory(
        organisation=queued_report.organisation, programme=queued_report.programme, done=True
    )
    fragment = client.get(reverse("reports:detail", args=[done.pk]), headers=HTMX)
    assert "hx-trigger" not in fragment.text
    assert reverse("reports:download", args=[done.pk]) in fragment.text


def test_a_screen_reader_hears_once_that_a_polled_report_is_ready(login, members, queued_report):
    client = login(members[DIRECTOR])
    url = reverse("reports:detail", args=[queued_report.pk])
    page = client.get(url)
    # The live region is on the page from the start, empty, and outside what is swapped.
    assert (
        '<div id="report-announcement" class="mw-visually-hidden" role="status"></div>' in page.text
    )
    polled = client.get(url + "?shown=queued", headers=HTMX)
    assert "hx-swap-oob" not in polled.text

    done = ReportRequestFactory(
        organisation=queued_report.organisation, programme=queued_report.programme, done=True
    )
    ReportRequest.objects.filter(pk=queued_report.pk).update(
        status=ReportStatus.DONE,
        file=done.file.name,
        finished_at=done.finished_at,
        page_count=done.page_count,
        size=done.size,
    )
    polled = client.get(url + "?shown=queued", headers=HTMX)
    assert 'hx-swap-oob="innerHTML"' in polled.text
    assert "klaar om te downloaden" in polled.text

    listed = client.get(reverse("reports:overview") + f"?open={queued_report.pk}", headers=HTMX)
    assert "klaar om te downloaden" in listed.text


def test_the_download_is_named_for_organisation_kind_and_date(
    login, members, voorbeeldstad, programme
):
    report = ReportRequestFactory(organisation=voorbeeldstad, programme=programme, done=True)
    response = login(members[DIRECTOR]).get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    day = timezone.localdate(report.finished_at)
    assert (
        f'filename="voorbeeldstad-managementrapportage-{day:%Y-%m-%d}.pdf"'
        in response["Content-Disposition"]
    )
    assert "no-store" not in response.get("Cache-Control", "")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_hr_report_is_never_cached_and_its_download_is_on_record(login, members, voorbeeldstad):
    report = ReportRequestFactory(organisation=voorbeeldstad, kind="hr", done=True)
    response = login(members[HR]).get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    entry = AccessLogEntry.objects.get()
    assert entry.user == members[HR]
    assert entry.action == AccessAction.EXPORT
    # The director, who may not read HR reports, does not learn it exists.
    assert (
        login(members[DIRECTOR]).get(reverse("reports:download", args=[report.pk])).status_code
        == 404
    )


def test_a_report_whose_file_is_gone_is_not_found_and_nobody_is_on_record(
    login, members, voorbeeldstad
):
    """A database restored without its files: the row says done, the PDF is not there."""
    report = ReportRequestFactory(organisation=voorbeeldstad, kind="hr", done=True)
    report.file.storage.delete(report.file.name)
    response = login(members[HR]).get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_a_report_that_is_not_ready_has_nothing_to_download(login, members, queued_report):
    assert (
        login(members[DIRECTOR])
        .get(reverse("reports:download", args=[queued_report.pk]))
        .status_code
        == 404
    )


def test_a_failed_report_shows_its_message_and_can_be_requested_again(
    login, members, voorbeeldstad, programme, django_capture_on_commit_callbacks
):
    failed = ReportRequestFactory(
        organisation=voorbeeldstad,
        programme=programme,
        status=ReportStatus.FAILED,
        error="Het maken duurde te lang.",
        annex=True,
    )
    client = login(members[PM])
    page = client.get(reverse("reports:detail", args=[failed.pk]))
    assert "mw-panel--red" in page.text
    assert "Het maken duurde te lang." in page.text
    with (
        mock.patch.object(make_report, "apply_async"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("reports:request_again", args=[failed.pk]))
    again = ReportRequest.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == reverse("reports:detail", args=[again.pk])
    assert (again.period_start, again.period_end, again.programme, again.annex) == (
        failed.period_start,
        failed.period_end,
        failed.programme,
        True,
    )
    assert again.requested_by == members[PM]


def test_the_list_shows_only_the_kinds_a_role_may_read(login, members, voorbeeldstad, programme):
    management = ReportRequestFactory(organisation=voorbeeldstad, programme=programme, done=True)
    hr = ReportRequestFactory(organisation=voorbeeldstad, kind="hr", done=True)
    director_page = login(members[DIRECTOR]).get(reverse("reports:overview"))
    hr_page = login(members[HR]).get(reverse("reports:overview"))
    admin_page = login(members[ADMIN]).get(reverse("reports:overview"))
    assert list(director_page.context["page"]) == [management]
    assert list(hr_page.context["page"]) == [hr]
    assert reverse("reports:schedules") in admin_page.text
    assert reverse("reports:download", args=[management.pk]) not in admin_page.text


def test_directors_see_their_latest_reports_on_the_dashboard_and_programmes_list_theirs(
    login, members, voorbeeldstad, programme
):
    report = ReportRequestFactory(organisation=voorbeeldstad, programme=programme, done=True)
    other_programme = ProgrammeFactory(organisation=voorbeeldstad)
    elsewhere = ReportRequestFactory(
        organisation=voorbeeldstad, programme=other_programme, done=True
    )
    client = login(members[DIRECTOR])
    dashboard = client.get(reverse("organisations:dashboard"))
    assert reverse("reports:download", args=[report.pk]) in dashboard.text
    programme_page = client.get(reverse("transformation:programme_detail", args=[programme.pk]))
    assert reverse("reports:detail", args=[report.pk]) in programme_page.text
    assert reverse("reports:detail", args=[elsewhere.pk]) not in programme_page.text
    # The organisation admin reads no reports: no panel for her.
    admin_dashboard = login(members[ADMIN]).get(reverse("organisations:dashboard"))
    assert reverse("reports:detail", args=[report.pk]) not in admin_dashboard.text


def more_reports(organisation, programme, members, count=6):
    for _ in range(count):
        ReportRequestFactory(
            organisation=organisation, programme=programme, requested_by=members[PM], done=True
        )
        ReportRequestFactory(
            organisation=organisation, kind="hr", requested_by=members[HR], done=True
        )
        ReportSchedule.objects.create(
            organisation=organisation, kind="hr", day_of_month=2, created_by=members[ADMIN]
        )


@pytest.mark.parametrize(
    ("role", "name", "target"),
    [
        (DIRECTOR, "reports:overview", None),
        (HR, "reports:overview", None),
        (DIRECTOR, "reports:detail", "report"),
        (DIRECTOR, "reports:request", "management"),
        (HR, "reports:request", "hr"),
        (ADMIN, "reports:schedules", None),
        (DIRECTOR, "organisations:dashboard", None),
        (DIRECTOR, "transformation:programme_detail", "programme"),
    ],
)
def test_pages_need_a_number_of_queries_that_does_not_grow(
    login, members, voorbeeldstad, programme, role, name, target, django_assert_max_num_queries
):
    more_reports(voorbeeldstad, programme, members, count=1)
    report = ReportRequest.objects.filter(kind="management").first()
    args = {
        None: [],
        "report": [report.pk if report else None],
        "management": ["management"],
        "hr": ["hr"],
        "programme": [programme.pk],
    }[target]
    client = login(members[role])
    url = reverse(name, args=args)
    client.get(url)
    # The programme page's panel of Inclusie counts each initiative's people in 5, and
    # the page reads its lists of initiatives and benefits a page at a time.
    with django_assert_max_num_queries(36) as small:
        assert client.get(url).status_code == 200
    more_reports(voorbeeldstad, programme, members, count=8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
