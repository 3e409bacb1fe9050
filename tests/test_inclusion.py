"""Inclusie: employees are personal data, seen only by HR and organisation admins,
logged on every view and change, and never cached."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from inclusion.models import AccessLogEntry, Employee, InclusionSettings
from organisations.models import Role
from tests.factories import EmployeeFactory, OrganisationUnitFactory
from tests.helpers import HTMX, urls_of

pytestmark = pytest.mark.django_db

HR, ADMIN, DIRECTOR, PM = (
    Role.HR_ADVISER,
    Role.ORGANISATION_ADMIN,
    Role.DIRECTOR,
    Role.PROGRAMME_MANAGER,
)


url = urls_of("inclusion")


def test_opening_a_record_is_logged_and_never_cached(login, members, employees):
    employee = employees[1]
    response = login(members[HR]).get(url("employees:detail", employee.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'hx-history="false"' in response.text
    entry = AccessLogEntry.objects.get(employee=employee)
    assert (entry.user, entry.action, entry.personnel_number) == (members[HR], "view", "1001")


def test_the_list_is_logged_too(login, members, employees):
    response = login(members[ADMIN]).get(url("employees:list"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.filter(action="view", employee=None).count() == 1


def test_directors_and_programme_managers_see_only_a_count(login, members, employees):
    for role in (DIRECTOR, PM):
        response = login(members[role]).get(url("overview"))
        assert "Marieke Bos" not in response.text
        assert "6" in response.text
        assert login(members[role]).get(url("employees:list")).status_code == 403


def test_a_group_under_five_is_not_counted(login, members, employees):
    Employee.objects.filter(pk__in=[e.pk for e in employees[2:]]).update(active=False)
    response = login(members[DIRECTOR]).get(url("overview"))
    assert response.context["working"].count == 2
    assert ">2<" not in response.text and " 2 " not in response.text
    assert "minder dan 5 medewerkers vastgelegd" in response.text


def test_the_organisations_own_threshold_decides_whether_its_size_is_shown(
    login, members, employees, voorbeeldstad
):
    """Six employees are a group of six: shown under the default threshold of five,
    not under a threshold of seven."""
    director = login(members[DIRECTOR])
    assert "6 medewerkers zijn in dienst." in director.get(url("overview")).text
    InclusionSettings.objects.create(organisation=voorbeeldstad, min_group_size=7)
    page = director.get(url("overview")).text
    assert "6 medewerkers" not in page
    assert "minder dan 7 medewerkers vastgelegd" in page
    # HR advisers may see every employee: the exact number, whatever the threshold.
    assert "6 medewerkers zijn in dienst" in login(members[HR]).get(url("overview")).text


@pytest.mark.parametrize(
    ("language", "working", "listed"),
    [
        ("en", "1,234 employees work here.", "1,234 employees"),
        ("nl", "1.234 medewerkers zijn in dienst.", "1.234 medewerkers"),
    ],
)
def test_a_large_organisation_is_counted_in_thousands(
    login, members, voorbeeldstad, units, language, working, listed
):
    Employee.objects.bulk_create(
        Employee(
            organisation=voorbeeldstad,
            unit=units[0],
            name=f"Medewerker {n}",
            personnel_number=f"P{n:05}",
        )
        for n in range(1234)
    )
    programme_manager, hr = login(members[PM]), login(members[HR])
    for client in (programme_manager, hr):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    overview = programme_manager.get(url("overview")).text
    assert working in overview and "1234" not in overview
    employees = hr.get(url("employees:list")).text
    assert listed in employees and "1234 " not in employees


def test_a_change_is_logged_with_the_fields(login, members, employees, units):
    employee = employees[1]
    response = login(members[HR]).post(
        url("employees:edit", employee.pk),
        {
            "personnel_number": "1001",
            "name": "Medewerker Nul",
            "email": "",
            "unit": units[1].pk,
            "job": employee.job_id,
            "manager": employees[0].pk,
            "active": "on",
        },
    )
    assert response.status_code == 302
    entry = AccessLogEntry.objects.get(action="update")
    assert entry.employee == employee
    assert "name" in entry.detail and "unit" in entry.detail


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"personnel_number": "1002"}, "personnel_number"),
        ({"email": "geen-adres"}, "email"),
        ({"active": ""}, "left_on"),
        # Marked as left from a day to come: they would leave every figure today.
        ({"active": "", "left_on": "2100-01-01"}, "left_on"),
    ],
)
def test_bad_employee_input_is_answered_at_the_field(
    login, members, employees, units, overrides, field
):
    employee = employees[1]
    data = {
        "personnel_number": "1001",
        "name": "X",
        "unit": units[0].pk,
        "active": "on",
        **overrides,
    }
    response = login(members[HR]).post(url("employees:edit", employee.pk), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    employee.refresh_from_db()
    assert employee.name == "Medewerker 0"


def test_another_organisations_unit_cannot_be_chosen(login, members, employees, buurdorp):
    theirs = OrganisationUnitFactory(organisation=buurdorp)
    response = login(members[HR]).post(
        url("employees:edit", employees[1].pk),
        {"personnel_number": "1001", "name": "X", "unit": theirs.pk, "active": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]


def test_names_are_shown_as_text(login, members, employees):
    Employee.objects.filter(pk=employees[1].pk).update(name="<script>alert(1)</script>")
    response = login(members[HR]).get(url("employees:list"))
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_the_export_is_logged_and_safe_for_spreadsheets(login, members, employees):
    Employee.objects.filter(pk=employees[1].pk).update(name="=HYPERLINK(1)")
    response = login(members[HR]).get(url("employees:export"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "'=HYPERLINK(1)" in text
    assert AccessLogEntry.objects.filter(action="export").exists()


def test_the_access_log_shows_who_saw_what(login, members, employees):
    login(members[HR]).get(url("employees:detail", employees[1].pk))
    response = login(members[ADMIN]).get(url("employees:access_log"))
    assert response.status_code == 200
    assert "1001" in response.text
    assert escape(str(members[HR])) in response.text  # a name such as 's Gravensande


def test_the_list_filters_through_htmx(login, members, employees):
    client = login(members[HR])
    response = client.get(url("employees:list"), {"q": "Marieke"}, headers=HTMX)
    assert response.text.lstrip().startswith('<div id="results"')
    assert "Marieke Bos" in response.text
    assert "Medewerker 1" not in response.text


IMPORT = (
    "personeelsnummer;naam;e-mail;afdeling;functie;leidinggevende\n"
    "2001;Anouk Visser;anouk@example.org;Burgerzaken;Adviseur;\n"
    "2002;Bas Kok;bas@example.org;Burgerzaken;Adviseur;2001\n"
)


def test_import_previews_first_and_imports_on_confirmation(login, members, employees):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(members[HR])
    upload = SimpleUploadedFile("hr.csv", IMPORT.encode(), content_type="text/csv")
    preview = client.post(url("employees:import"), {"file": upload})
    assert preview.status_code == 200
    assert preview.context["plan"].ok
    assert len(preview.context["plan"].to_create) == 2
    assert not Employee.objects.filter(personnel_number="2001").exists()

    response = client.post(url("employees:import"), {"confirm": "1"})
    assert response.status_code == 302
    assert Employee.objects.get(personnel_number="2002").manager.personnel_number == "2001"


def test_a_bad_import_reports_by_row_and_imports_nothing(login, members, employees):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = IMPORT + "2002;Dubbel;geen-adres;;;9999\n"
    upload = SimpleUploadedFile("hr.csv", bad.encode(), content_type="text/csv")
    response = login(members[HR]).post(url("employees:import"), {"file": upload})
    assert response.status_code == 200
    plan = response.context["plan"]
    assert not plan.ok
    assert {p.row for p in plan.problems} == {4}
    assert 'id="import-problems"' in response.text
    assert Employee.objects.count() == len(employees)
    confirm = login(members[HR]).post(url("employees:import"), {"confirm": "1"})
    assert confirm.status_code == 302
    assert Employee.objects.count() == len(employees)


def data_queries(context) -> int:
    """Queries about the data, leaving out the session, which is saved now and then."""
    return sum(
        1
        for q in context.captured_queries
        if "django_session" not in q["sql"] and not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    )


@pytest.mark.parametrize("name", ["employees:list", "employees:access_log"])
def test_pages_need_a_number_of_queries_that_does_not_grow(
    login, members, employees, voorbeeldstad, name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(members[ADMIN])
    login(members[HR]).get(url("employees:detail", employees[1].pk))  # a first log entry
    client.get(url(name))
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(name)).status_code == 200
    bound = data_queries(small)
    assert bound <= 12
    EmployeeFactory.create_batch(40, organisation=voorbeeldstad)
    for _ in range(30):
        client.get(url("employees:list"))
    with CaptureQueriesContext(connection) as large:
        assert client.get(url(name)).status_code == 200
    assert data_queries(large) == bound


def test_the_organisation_admin_raises_the_threshold(login, members, employees, voorbeeldstad):
    from inclusion.models import InclusionSettings, min_group_size

    client = login(members[ADMIN])
    add = reverse("admin:inclusion_inclusionsettings_add")
    too_low = client.post(
        add, {"organisation": voorbeeldstad.pk, "min_group_size": 3, "pop_coverage_target": 80}
    )
    assert too_low.status_code == 200
    assert not InclusionSettings.objects.exists()
    response = client.post(
        add, {"organisation": voorbeeldstad.pk, "min_group_size": 10, "pop_coverage_target": 80}
    )
    assert response.status_code == 302
    assert min_group_size(voorbeeldstad) == 10


def test_saving_an_employee_keeps_a_manager_who_has_left(login, members, employees):
    manager, employee = employees[0], employees[1]
    Employee.objects.filter(pk=manager.pk).update(active=False, left_on="2026-06-30")
    client = login(members[HR])

    page = client.get(url("employees:edit", employee.pk))
    # The manager the employee has now is chosen in the form, not an empty choice.
    assert page.context["form"]["manager"].value() == manager.pk
    assert f'value="{manager.pk}" selected' in page.text
    response = client.post(
        url("employees:edit", employee.pk),
        {
            "personnel_number": employee.personnel_number,
            "name": employee.name,
            "email": "nieuw@voorbeeldstad.nl",
            "unit": employee.unit_id,
            "job": employee.job_id,
            "manager": manager.pk,
            "active": "on",
        },
    )

    assert response.status_code == 302
    employee.refresh_from_db()
    assert (employee.email, employee.manager_id) == ("nieuw@voorbeeldstad.nl", manager.pk)
    # Someone else who has left is still no manager to choose.
    other = EmployeeFactory(organisation=employee.organisation, active=False, left_on="2026-01-31")
    response = client.post(
        url("employees:edit", employee.pk),
        {
            "personnel_number": employee.personnel_number,
            "name": employee.name,
            "manager": other.pk,
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["manager"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The managers go round in a circle: Marieke Bos → Medewerker 0 → Marieke Bos."),
        ("nl", "De leidinggevenden"),
    ],
)
def test_a_circle_of_managers_is_answered_at_the_field(
    login, members, employees, language, expected
):
    manager, employee = employees[0], employees[1]  # the employee reports to the manager
    client = login(members[HR])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.post(
        url("employees:edit", manager.pk),
        {
            "personnel_number": manager.personnel_number,
            "name": manager.name,
            "manager": employee.pk,
            "active": "on",
        },
    )

    assert response.status_code == 200
    (message,) = response.context["form"].errors["manager"]
    assert message.startswith(expected)
    manager.refresh_from_db()
    assert manager.manager_id is None
