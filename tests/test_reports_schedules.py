"""Monthly reports: schedules, the reports they make, and the emails with a link when
a report is ready."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from organisations.models import Role
from reports import services
from reports.forms import ReportScheduleForm
from reports.models import ReportKind, ReportSchedule
from reports.tasks import make_report
from tests.factories import ReportRequestFactory

HR, DIRECTOR, ADMIN = Role.HR_ADVISER, Role.DIRECTOR, Role.ORGANISATION_ADMIN


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
        assert services.schedules_run(datetime.date(2026, 11, 2)) == []
        with django_capture_on_commit_callbacks(execute=True):
            made = services.schedules_run(datetime.date(2026, 11, 3))
            again = services.schedules_run(datetime.date(2026, 11, 20))
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
    assert services.report_send_link(report.pk) is True
    assert services.report_send_link(report.pk) is False
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
    assert services.report_send_link(wanted.pk) is True
    assert services.report_send_link(unwanted.pk) is False
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
    remove = reverse("reports:schedule_delete", args=[schedule.pk])
    # Asked first.
    asked = client.get(remove)
    assert 'name="confirm" value="1"' in asked.text
    assert ReportSchedule.objects.exists()
    client.post(remove, {"confirm": "1"})
    assert not ReportSchedule.objects.exists()
