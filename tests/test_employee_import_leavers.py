"""The complete HR export: whoever works here and is not in it has left."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from inclusion.employees.imports import apply_import, plan_import
from inclusion.models import AccessLogEntry, Employee
from organisations.models import Role
from tests.factories import EmployeeFactory
from tests.helpers import csv_bytes, good_file

pytestmark = pytest.mark.django_db

DAY = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def staff(voorbeeldstad, units):
    """Two who are in the file, one who is not, and one who left long ago."""
    return {
        "stays": EmployeeFactory(unit=units[0], personnel_number="1001", name="Jan de Vries"),
        "goes": EmployeeFactory(unit=units[0], personnel_number="2001", name="Els Vertrek"),
        "gone": EmployeeFactory(
            unit=units[0], personnel_number="2002", active=False, left_on=datetime.date(2024, 1, 1)
        ),
    }


def test_the_preview_lists_who_is_not_in_the_complete_export(voorbeeldstad, units, staff):
    complete = plan_import(good_file(units), organisation=voorbeeldstad, complete=True)
    assert complete.to_leave == [staff["goes"]]
    partial = plan_import(good_file(units), organisation=voorbeeldstad)
    assert partial.to_leave == []


@time_machine.travel(DAY)
def test_confirming_marks_them_as_left_today_and_logs_it(members, voorbeeldstad, units, staff):
    hr = members[Role.HR_ADVISER]
    plan = plan_import(good_file(units), organisation=voorbeeldstad, complete=True)
    counts = apply_import(plan, organisation=voorbeeldstad, by=hr)
    assert counts["left"] == 1
    goes = Employee.objects.get(pk=staff["goes"].pk)
    assert (goes.active, goes.left_on) == (False, datetime.date(2026, 3, 2))
    gone = Employee.objects.get(pk=staff["gone"].pk)
    assert gone.left_on == datetime.date(2024, 1, 1), "who had left keeps the day they left"
    assert Employee.objects.get(pk=staff["stays"].pk).active
    entry = AccessLogEntry.objects.get(employee=goes)
    assert entry.username == hr.username and "export" in entry.detail


def test_a_file_with_problems_marks_nobody(voorbeeldstad, units, staff):
    broken = csv_bytes(["Personeelsnummer;Naam", "1001;"])
    plan = plan_import(broken, organisation=voorbeeldstad, complete=True)
    assert not plan.ok and plan.to_leave == []
    assert Employee.objects.get(pk=staff["goes"].pk).active


@time_machine.travel(DAY)
def test_the_hr_adviser_sees_them_and_confirms_in_the_browser_flow(login, members, units, staff):
    client = login(members[Role.HR_ADVISER])
    url = reverse("inclusion:employees:import")
    upload = good_file(units)
    preview = client.post(
        url, {"file": SimpleUploadedFile("hr.csv", upload, "text/csv"), "complete": "on"}
    )
    assert preview.status_code == 200
    assert "Els Vertrek (2001)" in preview.text
    assert Employee.objects.get(pk=staff["goes"].pk).active, "the preview changes nothing"
    done = client.post(url, {"confirm": "1"}, follow=True)
    assert done.status_code == 200
    assert not Employee.objects.get(pk=staff["goes"].pk).active


def test_the_command_takes_the_complete_export_too(voorbeeldstad, units, staff, tmp_path, capsys):
    path = tmp_path / "hr.csv"
    path.write_bytes(good_file(units))
    call_command(
        "import_employees", str(path), organisation=voorbeeldstad.slug, complete=True, dry_run=True
    )
    assert "2001" in capsys.readouterr().out
    assert Employee.objects.get(pk=staff["goes"].pk).active
