"""Inzage (AVG art. 15): an HR adviser gives an employee everything Mensenwerk holds
about them, as JSON at once and as a PDF made by the worker."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from inclusion.employees import services as employee_services
from inclusion.models import AccessAction, AccessLogEntry
from organisations.models import Role
from reports.models import ReportKind, ReportRequest, ReportStatus
from tests.factories import (
    MobilityTrajectoryFactory,
    PopConversationFactory,
    SkillsActionFactory,
)

HR, PM = Role.HR_ADVISER, Role.PROGRAMME_MANAGER


@pytest.fixture
def subject(employees, members):
    employee = employees[1]
    PopConversationFactory(employee=employee, digital_skills=True, agreements="Cursus Excel")
    MobilityTrajectoryFactory(employee=employee, outcome="Naar Informatievoorziening")
    from tests.factories import InitiativeFactory, ProgrammeFactory

    initiative = InitiativeFactory(
        programme=ProgrammeFactory(organisation=employee.organisation), title="Zaakgericht werken"
    )
    SkillsActionFactory(
        organisation=employee.organisation,
        employees=[employee],
        notes="Teams",
        initiative=initiative,
    )
    return employee


def test_the_json_holds_everything_and_its_download_is_logged(login, members, subject):
    client = login(members[HR])
    client.get(reverse("inclusion:employees:detail", args=[subject.pk]))
    response = client.get(reverse("inclusion:employees:inzage_json", args=[subject.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["employee"]["name"] == subject.name
    assert data["pop_conversations"][0]["agreements"] == "Cursus Excel"
    assert data["mobility_trajectories"][0]["outcome"] == "Naar Informatievoorziening"
    assert data["skills_actions"][0]["notes"] == "Teams"
    assert data["skills_actions"][0]["initiative"] == "Zaakgericht werken"
    assert data["access_log"][0]["who"] == members[HR].get_full_name()
    latest = AccessLogEntry.objects.latest("pk")
    assert (latest.action, latest.employee) == (AccessAction.EXPORT, subject)


def test_the_json_takes_a_fixed_number_of_queries(
    login, members, subject, django_assert_max_num_queries
):
    client = login(members[HR])
    url = reverse("inclusion:employees:inzage_json", args=[subject.pk])
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for year in range(2010, 2020):
        PopConversationFactory(employee=subject, held_on=datetime.date(year, 5, 1))
        SkillsActionFactory(organisation=subject.organisation, employees=[subject])
        MobilityTrajectoryFactory(employee=subject)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_only_hr_gets_it(login, members, other_members, subject):
    url = reverse("inclusion:employees:inzage_json", args=[subject.pk])
    assert login(members[PM]).get(url).status_code == 403
    assert login(other_members[HR]).get(url).status_code == 404


def test_the_pdf_is_made_by_the_worker_and_names_only_them(
    login, members, subject, employees, django_capture_on_commit_callbacks
):
    client = login(members[HR])
    detail = client.get(reverse("inclusion:employees:detail", args=[subject.pk]))
    assert reverse("reports:inzage_request", args=[subject.pk]) in detail.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:inzage_request", args=[subject.pk]))
    report = ReportRequest.objects.get(kind=ReportKind.INZAGE)
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    assert report.status == ReportStatus.DONE, report.error
    assert report.employee == subject and report.is_personal_data

    download = client.get(reverse("reports:download", args=[report.pk]))
    document = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = " ".join(" ".join(page.extract_text() for page in document.pages).split())
    assert subject.name in text and "Cursus Excel" in text
    assert employees[2].name not in text
    assert AccessLogEntry.objects.latest("pk").action == AccessAction.EXPORT

    # The employee's page lists it; the reports page offers no inzage for a period.
    detail = client.get(reverse("inclusion:employees:detail", args=[subject.pk]))
    assert reverse("reports:download", args=[report.pk]) in detail.text
    assert client.get(reverse("reports:request", args=["inzage"])).status_code == 404

    # Anonymising the employee removes it.
    subject.active = False
    subject.save()
    employee_services.employee_anonymise(employee=subject, reason="Verzoek", by=members[HR])
    assert not ReportRequest.objects.filter(pk=report.pk).exists()


def test_a_programme_manager_cannot_ask_for_one(login, members, subject):
    response = login(members[PM]).post(reverse("reports:inzage_request", args=[subject.pk]))
    assert response.status_code == 403
    assert not ReportRequest.objects.exists()
