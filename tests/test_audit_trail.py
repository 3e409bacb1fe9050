"""The audit trail (AVG, issue 13 section 4): every change to an HR record or a programme
decision keeps who made it, when, and each field's value before and after, readable on the
object's own page."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from inclusion.employees.imports import apply_import, plan_import
from inclusion.models import Employee
from organisations.history import ChangeKind, changes, in_a_trail
from organisations.models import Role
from tests.factories import InitiativeFactory, MembershipFactory
from tests.helpers import HEADER, csv_bytes, good_file, urls_of
from transformation import services
from transformation.models import Initiative

pytestmark = pytest.mark.django_db

HR, PM, DIRECTOR, ADMIN = (
    Role.HR_ADVISER,
    Role.PROGRAMME_MANAGER,
    Role.DIRECTOR,
    Role.ORGANISATION_ADMIN,
)

inclusion = urls_of("inclusion")
transformation = urls_of("transformation")


def name_of(user) -> str:
    return user.get_full_name() or user.get_username()


def fields_of(change) -> dict:
    return {field.label: (field.before, field.after) for field in change.fields}


def latest(obj):
    with translation.override("en"):
        return changes(obj)[0]


def employee_data(employee, **changed) -> dict:
    data = {
        "personnel_number": employee.personnel_number,
        "name": employee.name,
        "email": employee.email,
        "unit": employee.unit_id or "",
        "job": employee.job_id or "",
        "manager": employee.manager_id or "",
        "active": "on" if employee.active else "",
        "left_on": employee.left_on or "",
    }
    return {**data, **changed}


def initiative_data(initiative, **changed) -> dict:
    data = {
        "title": initiative.title,
        "description": initiative.description,
        "owner": initiative.owner_id or "",
        "units": [unit.pk for unit in initiative.units.all()],
        "start_date": initiative.start_date.isoformat(),
        "technology": initiative.technology,
        "technology_readiness": initiative.technology_readiness,
        "processes": initiative.processes,
        "processes_readiness": initiative.processes_readiness,
        "human_action": initiative.human_action,
        "human_action_readiness": initiative.human_action_readiness,
    }
    return {**data, **changed}


# --- HR records ---------------------------------------------------------------------------------


def test_an_employee_changed_through_the_form_keeps_who_when_before_and_after(
    login, members, employees, units
):
    employee, hr = employees[1], members[HR]
    client = login(hr)
    response = client.post(
        inclusion("employees:edit", employee.pk),
        employee_data(employee, name="Medewerker Nul", unit=units[1].pk),
    )
    assert response.status_code == 302

    change = latest(employee)
    assert (change.who, change.kind) == (name_of(hr), ChangeKind.CHANGED)
    assert timezone.now() - change.when < datetime.timedelta(minutes=1)
    assert fields_of(change) == {
        "name": ("Medewerker 0", "Medewerker Nul"),
        "organisational unit": (str(units[0]), str(units[1])),
    }

    page = client.get(inclusion("employees:detail", employee.pk)).text
    trail = page[page.index('id="changes-heading"') :]
    for shown in ("Medewerker 0", "Medewerker Nul", units[0].name, units[1].name, name_of(hr)):
        assert escape(shown) in trail
    assert "<time datetime=" in trail


def test_the_hr_import_records_its_changes_with_the_importing_user(voorbeeldstad, units, members):
    hr = members[HR]
    plan = plan_import(good_file(units), organisation=voorbeeldstad)
    apply_import(plan, organisation=voorbeeldstad, by=hr)
    numbers = dict(
        Employee.objects.for_organisation(voorbeeldstad).values_list("personnel_number", "pk")
    )
    jan, zoe, fatima = (Employee.objects.get(pk=numbers[n]) for n in ("1001", "1002", "1003"))
    # The employees the import made are created in the trail, each once, managers and all.
    for employee in (jan, zoe, fatima):
        [created] = employee.history.all()
        assert (created.history_type, created.history_user) == ("+", hr)
    assert jan.history.get().manager_id == fatima.pk

    # The complete export again: Jan has no manager now, Zoë another name, Fatima has left.
    again = [
        HEADER,
        f"1001;Jan de Vries;jan@voorbeeldstad.nl;{units[0].name};Beleidsmedewerker;",
        "1002;Zoë Daniëls-Jansen;zoe@voorbeeldstad.nl;Burgerzaken;Klantadviseur;1003",
    ]
    plan = plan_import(csv_bytes(again), organisation=voorbeeldstad, complete=True)
    assert plan.ok, plan.problems
    apply_import(plan, organisation=voorbeeldstad, by=hr)

    for employee in (jan, zoe, fatima):
        assert employee.history.count() == 2  # one row for each import
        assert latest(employee).who == name_of(hr)
    assert fields_of(latest(jan)) == {"manager": ("Fatima el Amrani (1003)", None)}
    assert fields_of(latest(zoe)) == {"name": ("Zoë Daniëls", "Zoë Daniëls-Jansen")}
    assert fields_of(latest(fatima)) == {
        "employed": ("yes", "no"),
        "left on": (None, timezone.localdate()),
    }


def test_an_import_from_the_command_line_is_made_by_the_system(voorbeeldstad, units):
    apply_import(
        plan_import(good_file(units), organisation=voorbeeldstad), organisation=voorbeeldstad
    )
    employee = Employee.objects.for_organisation(voorbeeldstad).first()
    with translation.override("en"):
        assert changes(employee)[0].who == "system"


# --- Programme decisions ------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [PM, DIRECTOR])
def test_an_initiatives_edit_shows_on_its_page_before_and_after(
    login, members, programme_world, reader
):
    initiative, pm = programme_world["initiative"], members[PM]
    old_title = initiative.title
    response = login(pm).post(
        transformation("initiative_edit", initiative.pk),
        initiative_data(initiative, title="Microsoft 365 voor Burgerzaken", technology_readiness=5),
    )
    assert response.status_code == 302

    with translation.override("en"):
        change = changes(initiative)[0]
    assert change.who == name_of(pm)
    assert fields_of(change) == {
        "title": (old_title, "Microsoft 365 voor Burgerzaken"),
        "readiness of the technology": (3, 5),
    }
    page = login(members[reader]).get(transformation("initiative_detail", initiative.pk)).text
    trail = page[page.index('id="changes-heading"') :]
    assert escape(old_title) in trail and escape(name_of(pm)) in trail
    assert "Microsoft 365 voor Burgerzaken" in trail


def test_a_status_change_shows_choices_by_their_labels(members, programme_world):
    initiative = programme_world["initiative"]
    services.initiative_change_status(
        initiative=initiative, status="amber", reason="Later geleverd.", by=members[PM]
    )
    change = latest(initiative)
    assert change.who == name_of(members[PM])
    assert fields_of(change) == {
        "status": ("green", "amber"),
        "reason for the status": (None, "Later geleverd."),
    }


def test_a_director_reads_a_visions_approval_in_its_trail(login, members, programme_world):
    vision, director = programme_world["consultation"], members[DIRECTOR]
    login(director).post(transformation("vision_approve", vision.pk), {"note": "Akkoord."})
    page = login(director).get(transformation("vision_detail", vision.pk)).text
    trail = page[page.index('id="changes-heading"') :]
    assert escape(name_of(director)) in trail
    with translation.override("en"):
        change = changes(vision)[0]
    assert fields_of(change)["status"] == ("in consultation", "approved")
    assert fields_of(change)["approved by"] == (None, name_of(director))


def test_an_intervention_and_a_codetermination_step_show_their_trail(
    login, members, programme_world
):
    pm = members[PM]
    client = login(pm)
    intervention = programme_world["intervention"]
    prefix = f"intervention-{intervention.pk}"
    client.post(
        transformation("intervention_edit", intervention.pk),
        {
            f"{prefix}-status": "in_progress",
            f"{prefix}-evidence": "Staat op de agenda.",
            f"{prefix}-owner": pm.pk,
            f"{prefix}-last_reviewed_on": "",
        },
    )
    page = client.get(transformation("intervention_edit", intervention.pk)).text
    trail = page[page.index('id="changes-heading"') :]
    assert "Staat op de agenda." in trail and escape(name_of(pm)) in trail

    initiative = programme_world["initiative"]
    step_page = transformation("codetermination", initiative.pk, "idea")
    client.post(step_page, {"advice_requested_on": "2026-03-02", "outcome": ""})
    client.post(step_page, {"advice_requested_on": "2026-04-06", "outcome": ""})
    trail = client.get(step_page).text
    trail = trail[trail.index('id="changes-heading"') :]
    assert "2 maart 2026" in trail and "6 april 2026" in trail


# --- The reader ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_reading_a_trail_takes_the_same_queries_for_few_or_many_changes(
    members, programme_world, count, django_assert_num_queries
):
    initiative = programme_world["initiative"]
    owners = [members[PM], members[DIRECTOR]]
    for n in range(count):
        initiative.title = f"Versie {n}"
        initiative.owner = owners[n % 2]
        initiative.save()
    # The history rows with their users, and the owners' names.
    with django_assert_num_queries(2):
        trail = changes(initiative)
    assert len(trail) == min(count + 1, 20)  # the changes, and its creation
    assert [field.after for field in trail[0].fields] == [
        f"Versie {count - 1}",
        name_of(owners[(count - 1) % 2]),
    ]


def test_a_save_that_changes_nothing_is_left_out(members, programme_world):
    initiative = programme_world["initiative"]
    before = changes(initiative)
    initiative.save()
    assert changes(initiative) == before


def test_records_from_before_the_trail_show_their_first_change(members, programme_world):
    initiative = programme_world["initiative"]
    title = initiative.title
    Initiative.history.all().delete()
    migration = importlib.import_module("transformation.migrations.0002_history")
    migration.start_the_trail(apps, None)
    assert changes(initiative) == []  # the starting row is only the "before"

    initiative.title = "Herzien"
    initiative.save()
    assert fields_of(latest(initiative)) == {"title": (title, "Herzien")}


# --- Whoever is in a trail stays ----------------------------------------------------------------


def test_a_user_in_a_trail_is_deactivated_not_deleted(
    login, members, voorbeeldstad, programme, units
):
    editor = MembershipFactory(organisation=voorbeeldstad, role=PM).user
    initiative = InitiativeFactory(programme=programme, owner=members[PM], units=units[:1])
    assert not in_a_trail(editor)
    response = login(editor).post(
        transformation("initiative_edit", initiative.pk),
        initiative_data(initiative, title="Door een collega"),
    )
    assert response.status_code == 302
    assert in_a_trail(editor)

    admin = login(members[ADMIN])
    delete = reverse("admin:organisations_user_delete", args=[editor.pk])
    assert admin.get(delete).status_code == 403
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    # Nor through "delete selected" on the list of users.
    admin.post(
        reverse("admin:organisations_user_changelist"),
        {"action": "delete_selected", "_selected_action": [editor.pk], "post": "yes"},
    )
    editor.refresh_from_db()
    assert latest(initiative).who == name_of(editor)

    # Someone who never changed a record can still be deleted.
    other = MembershipFactory(organisation=voorbeeldstad, role=PM).user
    assert admin.get(reverse("admin:organisations_user_delete", args=[other.pk])).status_code == 200
