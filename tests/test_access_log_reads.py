"""Every read of personal data is on record, also where it was easy to forget: a form
shown again with its errors, a form whose drop-down lists employees, an import
preview. tests/test_role_matrix.py walks every page; these are the POSTs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inclusion.models import AccessAction, AccessLogEntry
from organisations.models import Role
from tests.factories import MobilityTrajectoryFactory, PopConversationFactory
from tests.helpers import HTMX, good_file

HR = Role.HR_ADVISER


def entries_of(client, method, url, data=None, **extra):
    before = set(AccessLogEntry.objects.values_list("pk", flat=True))
    response = getattr(client, method)(url, data or {}, **extra)
    return response, list(AccessLogEntry.objects.exclude(pk__in=before))


@pytest.fixture
def hr(login, members):
    return login(members[HR])


@pytest.mark.parametrize(
    "page",
    ["employee_edit", "employee_create", "pop_create", "pop_edit", "trajectory_edit", "assessment"],
)
def test_a_form_shown_again_with_its_errors_logs_one_read(hr, employees, page):
    employee = employees[1]
    pop = PopConversationFactory(employee=employee)
    trajectory = MobilityTrajectoryFactory(employee=employee)
    url = {
        "employee_edit": reverse("inclusion:employees:edit", args=[employee.pk]),
        "employee_create": reverse("inclusion:employees:create"),
        "pop_create": reverse("inclusion:actions:pop_create", args=[employee.pk]),
        "pop_edit": reverse("inclusion:actions:pop_edit", args=[pop.pk]),
        "trajectory_edit": reverse("inclusion:metamorphosis:trajectory_edit", args=[trajectory.pk]),
        "assessment": reverse("inclusion:skills:assessment_create", args=[employee.pk]),
    }[page]
    response, written = entries_of(hr, "post", url, {"name": ""})
    assert response.status_code == 200 and response.context["form"].errors
    assert [entry.action for entry in written] == [AccessAction.VIEW]
    assert "no-store" in response["Cache-Control"]
    assert 'hx-history="false"' in response.text


def test_the_forms_name_whom_they_are_about(hr, employees):
    employee = employees[1]
    _response, [entry] = entries_of(
        hr, "get", reverse("inclusion:employees:edit", args=[employee.pk])
    )
    assert entry.employee == employee and entry.personnel_number == employee.personnel_number


def test_a_saved_change_logs_the_change_and_no_read(hr, employees):
    employee = employees[1]
    url = reverse("inclusion:employees:edit", args=[employee.pk])
    data = hr.get(url).context["form"].initial | {"name": "Nieuwe Naam"}
    data = {key: "" if value is None else value for key, value in data.items()}
    response, written = entries_of(hr, "post", url, data)
    assert response.status_code == 302
    assert [entry.action for entry in written] == [AccessAction.UPDATE]


def test_the_import_preview_logs_one_read_and_the_empty_form_none(hr, units):
    url = reverse("inclusion:employees:import")
    response, written = entries_of(hr, "get", url)
    assert response.status_code == 200 and written == []
    upload = good_file(units)
    response, written = entries_of(
        hr, "post", url, {"file": SimpleUploadedFile("hr.csv", upload, "text/csv")}
    )
    assert response.status_code == 200 and response.context["plan"].ok
    assert [entry.action for entry in written] == [AccessAction.VIEW]


def test_the_pickers_search_logs_one_read(hr, employees):
    employee = employees[1]
    response, written = entries_of(
        hr,
        "get",
        reverse("inclusion:actions:employee_search"),
        {"q": employee.name},
        headers=HTMX,
    )
    assert employee.name in response.text and "<html" not in response.text
    assert len(written) == 1 and "no-store" in response["Cache-Control"]
