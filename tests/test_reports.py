"""Reports: requesting, the job's rules (once, in place, honest failures), the
sweeper, schedules and their emails, downloads, and what the PDF is made of.

The real worker on Redis, a killed worker and a broker that is down are in
test_reports_celery.py.
"""

import datetime
import hashlib
import inspect
import io
import os
import re
import subprocess
import sys
import zoneinfo
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError
from pypdf import PdfReader

from inclusion.models import AccessAction, AccessLogEntry
from organisations.models import Role, validate_theme_colour
from reports import services
from reports.content import CONTENT, SURFACE
from reports.forms import ReportScheduleForm
from reports.models import (
    ReportKind,
    ReportRequest,
    ReportSchedule,
    ReportStage,
    ReportStatus,
)
from reports.tasks import make_report
from tests.factories import ProgrammeFactory, ReportRequestFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")

PM, HR, DIRECTOR, ADMIN = (
    Role.PROGRAMME_MANAGER,
    Role.HR_ADVISER,
    Role.DIRECTOR,
    Role.ORGANISATION_ADMIN,
)


@pytest.fixture
def programme(programme_world):
    return programme_world["programme"]


@pytest.fixture
def queued(voorbeeldstad, programme, members):
    return ReportRequestFactory(
        organisation=voorbeeldstad, programme=programme, requested_by=members[DIRECTOR]
    )


def request_form(chosen, **changes):
    return {
        "programme": chosen.pk,
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "decisions": "Besluit over de inzet van champions\n\nBudget voor training 2027",
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
    assert report.decision_lines() == [
        "Besluit over de inzet van champions",
        "Budget voor training 2027",
    ]


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
        ({"period_end": "2999-01-01"}, "period_end", "A report cannot look ahead"),
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
    assert "decisions" not in hr_page.context["form"].fields
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


def test_an_open_reports_page_polls_its_progress_and_stops_when_it_is_done(login, members, queued):
    client = login(members[DIRECTOR])
    url = reverse("reports:detail", args=[queued.pk])
    page = client.get(url)
    assert 'hx-trigger="every 2s"' in page.text
    assert "no-cache" in page["Cache-Control"]

    ReportRequest.objects.filter(pk=queued.pk).update(
        status=ReportStatus.RUNNING, stage=ReportStage.LAYOUT, progress=60
    )
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text
    assert 'value="60"' in fragment.text
    assert 'hx-trigger="every 2s"' in fragment.text

    done = ReportRequestFactory(
        organisation=queued.organisation, programme=queued.programme, done=True
    )
    fragment = client.get(reverse("reports:detail", args=[done.pk]), headers={"HX-Request": "true"})
    assert "hx-trigger" not in fragment.text
    assert reverse("reports:download", args=[done.pk]) in fragment.text


def test_a_screen_reader_hears_once_that_a_polled_report_is_ready(login, members, queued):
    client = login(members[DIRECTOR])
    url = reverse("reports:detail", args=[queued.pk])
    page = client.get(url)
    # The live region is on the page from the start, empty, and outside what is swapped.
    assert (
        '<div id="report-announcement" class="mw-visually-hidden" role="status"></div>' in page.text
    )
    polled = client.get(url + "?shown=queued", headers={"HX-Request": "true"})
    assert "hx-swap-oob" not in polled.text

    done = ReportRequestFactory(
        organisation=queued.organisation, programme=queued.programme, done=True
    )
    ReportRequest.objects.filter(pk=queued.pk).update(
        status=ReportStatus.DONE,
        file=done.file.name,
        finished_at=done.finished_at,
        page_count=done.page_count,
        size=done.size,
    )
    polled = client.get(url + "?shown=queued", headers={"HX-Request": "true"})
    assert 'hx-swap-oob="innerHTML"' in polled.text
    assert "klaar om te downloaden" in polled.text

    listed = client.get(
        reverse("reports:overview") + f"?open={queued.pk}", headers={"HX-Request": "true"}
    )
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


def test_a_report_that_is_not_ready_has_nothing_to_download(login, members, queued):
    assert (
        login(members[DIRECTOR]).get(reverse("reports:download", args=[queued.pk])).status_code
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
        decisions="Besluit A",
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
    assert (again.period_start, again.period_end, again.programme, again.decisions) == (
        failed.period_start,
        failed.period_end,
        failed.programme,
        "Besluit A",
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
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200
    more_reports(voorbeeldstad, programme, members, count=8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


# --- The job -----------------------------------------------------------------------------------


@pytest.fixture
def no_rendering():
    """Fails the test if a document would be laid out."""
    with mock.patch("reports.pdf.render", side_effect=AssertionError("rendered")) as render:
        yield render


def test_every_kind_of_report_has_the_same_surface():
    """`make` uses each kind without knowing which it is."""
    assert set(CONTENT) == set(ReportKind)
    first, *others = CONTENT.values()
    for content in CONTENT.values():
        assert sorted(content.__all__) == sorted(SURFACE), content.__name__
        assert content.template.startswith("reports/pdf/")
        assert all(Path(sheet).is_file() for sheet in content.stylesheets)
    for content in others:
        for name in SURFACE:
            if callable(getattr(first, name)):
                signature = inspect.signature(getattr(content, name))
                assert signature == inspect.signature(getattr(first, name)), name


def test_a_finished_report_is_never_made_again(voorbeeldstad, programme, no_rendering):
    report = ReportRequestFactory(organisation=voorbeeldstad, programme=programme, done=True)
    checksum, attempts = report.checksum, report.attempts
    services.make(report.pk)
    report.refresh_from_db()
    assert (report.status, report.checksum, report.attempts) == (
        ReportStatus.DONE,
        checksum,
        attempts,
    )


def test_a_report_held_by_another_worker_is_left_to_it(queued, no_rendering):
    with mock.patch("reports.locks.exclusive") as exclusive:
        exclusive.return_value.__enter__.return_value = False
        assert services.make(queued.pk) is None
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (ReportStatus.QUEUED, 0)


def test_a_rerun_replaces_the_file_an_interrupted_attempt_left(queued):
    # An attempt that died while storing left half a file at the report's place.
    ReportRequest.objects.filter(pk=queued.pk).update(status=ReportStatus.RUNNING, attempts=1)
    queued.refresh_from_db()
    half = default_storage.save(queued.storage_name(), io.BytesIO(b"%PDF-1.7 half"))
    assert half == queued.storage_name()

    report = services.make(queued.pk)

    assert report.status == ReportStatus.DONE
    assert report.attempts == 2
    assert report.file.name == queued.storage_name()
    folder = Path(default_storage.path(report.file.name)).parent
    assert [path.name for path in folder.iterdir()] == [report.filename()]
    data = Path(default_storage.path(report.file.name)).read_bytes()
    assert hashlib.sha256(data).hexdigest() == report.checksum
    assert len(data) == report.size


def test_a_fault_in_the_report_fails_it_with_a_message_for_the_user(queued):
    with mock.patch("reports.content.management.snapshot", side_effect=KeyError("kapot")):
        report = services.make(queued.pk)
    assert report.status == ReportStatus.FAILED
    assert "Er ging iets mis" in report.error
    assert not report.file
    assert report.finished_at is not None


def test_the_message_of_a_failed_report_is_in_the_reports_own_language(queued):
    ReportRequest.objects.filter(pk=queued.pk).update(language="en")
    with (
        translation.override("nl"),
        mock.patch("reports.content.management.snapshot", side_effect=KeyError("kapot")),
    ):
        report = services.make(queued.pk)
    assert report.error.startswith("Something went wrong while making the report.")


def test_a_transient_fault_puts_the_report_back_in_the_queue_for_a_retry(queued):
    with (
        mock.patch("reports.content.management.snapshot", side_effect=OperationalError("gone")),
        pytest.raises(OperationalError),
    ):
        services.make(queued.pk, may_retry=True)
    queued.refresh_from_db()
    assert (queued.status, queued.stage, queued.attempts) == (
        ReportStatus.QUEUED,
        ReportStage.RETRYING,
        1,
    )


def test_a_transient_fault_with_no_retries_left_fails_the_report(queued):
    with mock.patch("reports.content.management.snapshot", side_effect=OperationalError("gone")):
        report = services.make(queued.pk, may_retry=False)
    assert report.status == ReportStatus.FAILED
    assert "niet beschikbaar" in report.error


def test_the_task_retries_transient_faults_only(queued):
    with (
        mock.patch("reports.content.management.snapshot", side_effect=OperationalError("gone")),
        mock.patch.object(make_report, "retry", side_effect=RuntimeError("retry")) as retry,
    ):
        make_report.apply(args=[queued.pk], throw=False)
    # Eagerly, in this process, there is nobody to retry later: it fails at once.
    retry.assert_not_called()
    queued.refresh_from_db()
    assert queued.status == ReportStatus.FAILED


def test_a_report_that_keeps_killing_its_worker_is_given_up(queued, no_rendering):
    ReportRequest.objects.filter(pk=queued.pk).update(
        status=ReportStatus.RUNNING, attempts=services.MAX_ATTEMPTS
    )
    report = services.make(queued.pk)
    assert report.status == ReportStatus.FAILED
    assert str(services.MAX_ATTEMPTS) in report.error


# --- The sweeper -----------------------------------------------------------------------------


def test_the_sweeper_enqueues_what_the_broker_lost_and_nothing_else(voorbeeldstad, programme):
    now = timezone.now()
    long_ago = now - datetime.timedelta(hours=1)

    def report(**fields):
        made = ReportRequestFactory(organisation=voorbeeldstad, programme=programme)
        ReportRequest.objects.filter(pk=made.pk).update(**fields)
        return made.pk

    never_enqueued = report(created_at=long_ago, enqueued_at=None)
    just_requested = report(created_at=now, enqueued_at=None)
    lost = report(created_at=long_ago, enqueued_at=long_ago)
    waiting = report(created_at=long_ago, enqueued_at=now)
    dead_worker = report(status=ReportStatus.RUNNING, created_at=long_ago, updated_at=long_ago)
    working = report(status=ReportStatus.RUNNING, created_at=long_ago, updated_at=now)
    done = ReportRequestFactory(organisation=voorbeeldstad, programme=programme, done=True)
    ReportRequest.objects.filter(pk=done.pk).update(created_at=long_ago, updated_at=long_ago)

    with mock.patch.object(make_report, "apply_async") as apply_async:
        swept = services.sweep(now=now)

    assert sorted(swept) == sorted([never_enqueued, lost, dead_worker])
    assert sorted(call.args[0][0] for call in apply_async.call_args_list) == sorted(swept)
    assert {waiting, just_requested, working}.isdisjoint(swept)


def test_the_sweeper_stops_at_once_when_the_broker_is_still_away(voorbeeldstad, programme):
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    for _ in range(3):
        made = ReportRequestFactory(organisation=voorbeeldstad, programme=programme)
        ReportRequest.objects.filter(pk=made.pk).update(created_at=long_ago)
    with mock.patch.object(make_report, "apply_async", side_effect=BrokerError("down")) as apply:
        services.sweep()
    assert apply.call_count == 1
    assert ReportRequest.objects.filter(status=ReportStatus.QUEUED).count() == 3


# --- Schedules and emails ------------------------------------------------------------------------


@pytest.fixture
def schedule(voorbeeldstad, programme, members):
    return ReportSchedule.objects.create(
        organisation=voorbeeldstad,
        kind=ReportKind.MANAGEMENT,
        programme=programme,
        day_of_month=3,
        language="en",
        recipients="bestuur@voorbeeldstad.nl, directie@voorbeeldstad.nl",
        created_by=members[ADMIN],
    )


def test_a_schedule_makes_one_report_a_month_about_the_previous_month(
    schedule, voorbeeldstad, django_capture_on_commit_callbacks
):
    inactive = ReportSchedule.objects.create(
        organisation=voorbeeldstad, kind=ReportKind.HR, day_of_month=1, active=False
    )
    with mock.patch.object(make_report, "apply_async"):
        assert services.make_scheduled_reports(datetime.date(2026, 11, 2)) == []
        with django_capture_on_commit_callbacks(execute=True):
            made = services.make_scheduled_reports(datetime.date(2026, 11, 3))
            again = services.make_scheduled_reports(datetime.date(2026, 11, 20))
    assert len(made) == 1
    assert again == []
    report = made[0]
    assert (report.period_start, report.period_end) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 10, 31),
    )
    assert (report.schedule, report.language, report.requested_by) == (schedule, "en", None)
    assert not inactive.reports.exists()


def test_when_a_scheduled_report_is_ready_its_recipients_get_a_link_once(
    schedule, voorbeeldstad, programme
):
    report = ReportRequestFactory(
        organisation=voorbeeldstad, programme=programme, schedule=schedule, language="en", done=True
    )
    assert services.send_link(report.pk) is True
    assert services.send_link(report.pk) is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bestuur@voorbeeldstad.nl", "directie@voorbeeldstad.nl"]
    assert message.attachments == []
    assert "Management status report of Gemeente Voorbeeldstad is ready" in message.subject
    assert (
        settings.MENSENWERK_BASE_URL + reverse("reports:detail", args=[report.pk]) in message.body
    )


def test_the_requester_who_asked_for_it_gets_a_link_and_others_do_not(
    voorbeeldstad, programme, members
):
    members[DIRECTOR].email = "directeur@voorbeeldstad.nl"
    members[DIRECTOR].save()
    wanted = ReportRequestFactory(
        organisation=voorbeeldstad,
        programme=programme,
        requested_by=members[DIRECTOR],
        notify=True,
        done=True,
    )
    unwanted = ReportRequestFactory(
        organisation=voorbeeldstad, programme=programme, requested_by=members[DIRECTOR], done=True
    )
    assert services.send_link(wanted.pk) is True
    assert services.send_link(unwanted.pk) is False
    assert [m.to for m in mail.outbox] == [["directeur@voorbeeldstad.nl"]]
    assert "Managementrapportage" in mail.outbox[0].subject


def test_a_schedule_for_a_management_report_needs_a_programme_and_real_addresses(voorbeeldstad):
    with translation.override("en"):
        form = ReportScheduleForm(
            {
                "kind": "management",
                "day_of_month": 31,
                "language": "nl",
                "recipients": "bestuur@voorbeeldstad.nl, geen-adres",
            },
            organisation=voorbeeldstad,
        )
        assert not form.is_valid()
        assert "choose one" in form.errors["programme"][0]
        assert "geen-adres is not an email address" in form.errors["recipients"][0]
        assert "day_of_month" in form.errors


def test_the_organisation_admin_plans_changes_and_removes_a_schedule(login, members, programme):
    client = login(members[ADMIN])
    response = client.post(
        reverse("reports:schedule_add"),
        {
            "kind": "hr",
            "programme": programme.pk,
            "day_of_month": 5,
            "language": "nl",
            "active": "on",
        },
    )
    assert response.status_code == 302
    schedule = ReportSchedule.objects.get()
    # The HR report covers the whole organisation: a programme chosen with it is not kept.
    assert (schedule.kind, schedule.programme, schedule.created_by) == ("hr", None, members[ADMIN])
    client.post(
        reverse("reports:schedule_edit", args=[schedule.pk]),
        {"kind": "hr", "day_of_month": 9, "language": "en", "recipients": "hr@voorbeeldstad.nl"},
    )
    schedule.refresh_from_db()
    assert (schedule.day_of_month, schedule.active, schedule.recipient_addresses()) == (
        9,
        False,
        ["hr@voorbeeldstad.nl"],
    )
    client.post(reverse("reports:schedule_delete", args=[schedule.pk]))
    assert not ReportSchedule.objects.exists()


# --- The documents -----------------------------------------------------------------------------


@pytest.fixture
def made(voorbeeldstad, programme, members, django_capture_on_commit_callbacks):
    def make(kind="management", language="nl"):
        with django_capture_on_commit_callbacks(execute=True):
            report = services.request_report(
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
