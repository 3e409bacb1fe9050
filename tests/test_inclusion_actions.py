"""Digital-skills actions: logging them, their list, and training attendance per
employee; and the queries of every page of this part, the POP pages included.

POP-gesprekken and their coverage per unit are in test_inclusion_pop.py; the three
actions both modules start from (`logged_actions`) are in conftest.py.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.timezone import localdate as today

from adoption.models import TrainingSession
from inclusion.actions import queries, services
from inclusion.models import AccessLogEntry, ActionDays, Competence, SkillsAction
from organisations.models import Role
from tests.factories import EmployeeFactory, PopConversationFactory
from tests.helpers import HTMX, urls_of

pytestmark = pytest.mark.django_db

HR, ADMIN, DIRECTOR, PM = (
    Role.HR_ADVISER,
    Role.ORGANISATION_ADMIN,
    Role.DIRECTOR,
    Role.PROGRAMME_MANAGER,
)

url = urls_of("inclusion")


def action_data(**overrides):
    data = {
        "kind": "intervisie",
        "held_on": today().isoformat(),
        "unit": "",
        "status": "done",
        "hours": "1,5",
        "notes": "Casus over zaakgericht werken",
    }
    data.update(overrides)
    return data


def is_checked(html, name, value) -> bool:
    return bool(re.search(rf'<input[^>]*name="{name}" value="{value}"[^>]*checked', html))


def without_token(html) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def options(response) -> list[int]:
    """The employees the picker offers, in order."""
    return [int(pk) for pk in re.findall(r'role="option"[^>]*data-pk="(\d+)"', response.text, re.S)]


def has_chip(html, pk) -> bool:
    return f'<input type="hidden" name="employees" value="{pk}">' in html


def competence(organisation, code="1.1"):
    return Competence.objects.get(organisation=organisation, code=code)


# --- Logging actions ----------------------------------------------------------------------------


def test_a_logged_action_keeps_the_last_choices_through_htmx(
    login, members, employees, units, voorbeeldstad
):
    client = login(members[HR])
    chosen = competence(voorbeeldstad)
    response = client.post(
        url("actions:log"),
        action_data(
            unit=units[0].pk,
            employees=[employees[1].pk, employees[2].pk],
            competences=[chosen.pk],
            held_on="2026-03-02",
        ),
        headers=HTMX,
    )
    assert response.status_code == 200
    # A fragment: the form, the announcement and the recent list, no page around it.
    assert "<html" not in response.text
    assert 'id="action-form"' in response.text
    assert 'hx-swap-oob="innerHTML"' in response.text
    assert "Logged: " in response.text or "Vastgelegd" in response.text
    action = SkillsAction.objects.get()
    assert set(action.employees.all()) == {employees[1], employees[2]}
    assert action.unit is None
    assert action.hours == Decimal("1.5")
    assert list(action.competences.all()) == [chosen]
    assert action.created_by == members[HR]

    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["kind"] == "intervisie"
    assert form.initial["held_on"] == datetime.date(2026, 3, 2)
    assert form.initial["unit"] == units[0]
    assert form.initial["status"] == "done"
    assert form.initial["competences"] == [chosen]
    # The employees and the notes are cleared; the first field has the focus.
    assert "employees" not in form.initial and "notes" not in form.initial
    assert 'value="2026-03-02"' in response.text
    assert not has_chip(response.text, employees[1].pk)
    assert is_checked(response.text, "competences", chosen.pk)
    assert "autofocus" in str(form["kind"])


def test_the_announcement_names_what_was_logged(login, members, employees):
    response = login(members[HR]).post(
        url("actions:log"),
        action_data(employees=[employees[1].pk], held_on="2026-03-02"),
        headers=HTMX,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    announcement = response.context["announcement"]
    assert "Medewerker 0" in announcement
    assert "2026" in announcement


def test_nothing_logged_is_announced_as_an_error_not_as_success(login, members, employees):
    client = login(members[HR])
    failed = client.post(url("actions:log"), action_data(employees=[]), headers=HTMX)
    assert failed.context["nothing_logged"]
    assert 'class="utrecht-paragraph mw-saved mw-saved--not"' in failed.text
    logged = client.post(
        url("actions:log"),
        action_data(employees=[employees[1].pk], held_on="2026-03-02"),
        headers=HTMX,
    )
    assert "mw-saved--not" not in logged.text and "mw-saved" in logged.text


def test_without_javascript_the_form_redirects_with_the_last_choices(
    login, members, employees, units, voorbeeldstad
):
    client = login(members[HR])
    chosen = competence(voorbeeldstad)
    response = client.post(
        url("actions:log"),
        action_data(
            unit=units[0].pk,
            employees=[employees[1].pk],
            competences=[chosen.pk],
            held_on="2026-03-02",
            status="planned",
        ),
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(url("actions:log") + "?")
    for part in ("kind=intervisie", "held_on=2026-03-02", f"unit={units[0].pk}", "status=planned"):
        assert part in location
    page = client.get(location)
    form = page.context["form"]
    assert form.initial["kind"] == "intervisie"
    assert form.initial["held_on"] == datetime.date(2026, 3, 2)
    assert form.initial["unit"] == units[0].pk
    assert form.initial["status"] == "planned"
    assert form.initial["competences"] == [chosen.pk]
    assert is_checked(page.text, "competences", chosen.pk)
    assert len(page.context["messages"]) == 1
    assert SkillsAction.objects.count() == 1


def test_the_page_lists_nobody_until_searched(login, members, employees, units):
    EmployeeFactory(name="Elders", unit=units[1])
    page = login(members[HR]).get(url("actions:log"))
    assert page.status_code == 200
    assert "<html" in page.text and 'id="action-status"' in page.text
    assert "Elders" not in page.text and "Medewerker 0" not in page.text
    # Nobody named: no read to log.
    assert not AccessLogEntry.objects.exists()
    assert 'role="combobox"' in page.text and 'role="listbox"' in page.text


def test_without_javascript_the_search_button_shows_matches_and_saves_nothing(
    login, members, employees, units
):
    EmployeeFactory(name="Medewerker Elders", unit=units[1])
    client = login(members[HR])
    response = client.post(
        url("actions:log"),
        action_data(
            unit=units[0].pk,
            q="medewerker",
            search_employees="1",
            notes="Nog niet klaar",
            employees=[employees[2].pk],
        ),
    )
    assert response.status_code == 200
    assert SkillsAction.objects.count() == 0
    assert not response.context["form"].errors
    assert "Nog niet klaar" in response.text
    # The unit narrows the search; who is chosen already is a chip, not a match.
    assert [e.pk for e in response.context["matches"]] == [
        e.pk for e in employees[1:] if e != employees[2]
    ]
    assert "Medewerker Elders" not in response.text
    assert has_chip(response.text, employees[2].pk)
    assert f'type="checkbox" name="employees" value="{employees[1].pk}"' in response.text
    assert re.search(r'id="employee-search"[^>]*autofocus', response.text, re.S)
    # A chip's button sends the form back without that person.
    removed = client.post(
        url("actions:log"),
        action_data(
            employees=[employees[2].pk, employees[3].pk], remove_employee=str(employees[2].pk)
        ),
    )
    assert not has_chip(removed.text, employees[2].pk)
    assert has_chip(removed.text, employees[3].pk)
    assert SkillsAction.objects.count() == 0


def test_the_search_finds_by_name_and_number_with_team_and_job(login, members, employees, units):
    client = login(members[HR])
    response = client.get(url("actions:employee_search"), {"q": "medewerker 3"}, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert options(response) == [employees[4].pk]
    assert 'role="option"' in response.text and 'aria-selected="false"' in response.text
    assert units[0].name in response.text and "· Medewerker ·" in response.text  # team, job
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.filter(user=members[HR], action="view").count() == 1
    by_number = client.get(url("actions:employee_search"), {"q": "100"}, headers=HTMX)
    assert len(options(by_number)) == 6
    chosen = client.get(
        url("actions:employee_search"),
        {"q": "100", "employees": [employees[0].pk, employees[1].pk], "unit": units[0].pk},
        headers=HTMX,
    )
    assert options(chosen) == [e.pk for e in employees[2:]]
    # Nothing typed, nothing found: no personal data shown, nothing logged.
    before = AccessLogEntry.objects.count()
    empty = client.get(url("actions:employee_search"), {"q": "  "}, headers=HTMX)
    assert 'role="option"' not in empty.text
    assert AccessLogEntry.objects.count() == before


def test_the_search_shows_at_most_twenty(login, members, employees, units, voorbeeldstad):
    for n in range(30):
        EmployeeFactory(organisation=voorbeeldstad, name=f"Jansen {n:02}", unit=units[1])
    response = login(members[HR]).get(url("actions:employee_search"), {"q": "jansen"}, headers=HTMX)
    assert len(options(response)) == 20
    assert "type more of the name" in response.text or "typ meer van de naam" in response.text


@pytest.mark.parametrize("role", [PM, DIRECTOR, ADMIN])
def test_only_the_hr_adviser_searches_employees_here(login, members, employees, role):
    response = login(members[role]).get(url("actions:employee_search"), {"q": "medewerker"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({}, "employees"),
        ({"whole_unit": "on"}, "unit"),
        ({"kind": "iets"}, "kind"),
        ({"hours": "-2"}, "hours"),
        ({"held_on": "2100-01-01"}, "held_on"),
    ],
)
def test_an_invalid_action_is_answered_at_the_field_and_nothing_is_saved(
    login, members, employees, overrides, field
):
    if field != "employees":
        overrides = {"employees": [employees[1].pk], **overrides}
    response = login(members[HR]).post(url("actions:log"), action_data(**overrides), headers=HTMX)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert f'id="id_{field}_error"' in response.text
    if field == "employees":
        # The picker's search box gets the cursor.
        assert form.focus == "search"
        assert re.search(r'id="employee-search"[^>]*autofocus', response.text, re.S)
    else:
        assert "autofocus" in str(form[field])
    assert "autofocus" not in str(form["kind"]) or field == "kind"
    assert SkillsAction.objects.count() == 0
    assert 'hx-swap-oob="innerHTML"' in response.text


def test_a_planned_action_may_be_in_the_future(login, members, employees):
    future = (today() + datetime.timedelta(days=30)).isoformat()
    login(members[HR]).post(
        url("actions:log"),
        action_data(employees=[employees[1].pk], held_on=future, status="planned"),
    )
    assert SkillsAction.objects.get().status == "planned"


def test_another_organisations_employee_cannot_be_chosen(
    login, members, employees, buurdorp, voorbeeldstad
):
    theirs = EmployeeFactory(organisation=buurdorp, name="Buur")
    response = login(members[HR]).post(url("actions:log"), action_data(employees=[theirs.pk]))
    assert response.status_code == 200
    assert "employees" in response.context["form"].errors
    assert not SkillsAction.objects.exists()


def test_a_whole_unit_gets_one_action_with_only_its_active_employees(
    login, members, employees, units
):
    leaver = employees[5]
    leaver.active = False
    leaver.left_on = today()
    leaver.save()
    elsewhere = EmployeeFactory(name="Elders", unit=units[1])
    response = login(members[HR]).post(
        url("actions:log"),
        action_data(kind="training", unit=units[0].pk, whole_unit="on"),
        headers=HTMX,
    )
    assert response.status_code == 200
    action = SkillsAction.objects.get()
    assert action.unit == units[0]
    assert set(action.employees.all()) == set(employees[:5])
    assert leaver not in action.employees.all() and elsewhere not in action.employees.all()
    # One access-log entry per employee whose record got the action.
    assert AccessLogEntry.objects.filter(action="create").count() == 5
    # The whole unit is not kept: the next entry is for individuals again.
    assert not response.context["form"].initial.get("whole_unit")


def test_in_a_large_organisation_the_unit_is_found_by_its_name(
    login, members, employees, units, monkeypatch, django_assert_max_num_queries
):
    """More units than a select shows: the unit is a search box, and logging for a whole
    unit works by the name typed (without JavaScript) as by the unit chosen."""
    from organisations import forms as organisation_forms

    monkeypatch.setattr(organisation_forms, "SELECT_MAX", 2)
    client = login(members[HR])
    page = client.get(url("actions:log"))
    assert re.search(
        r'<input type="search" name="unit_search" id="id_unit"[^>]*role="combobox"', page.text
    )
    assert f'<option value="{units[0].pk}"' not in page.text
    # The picker narrows its search to the unit chosen in the box.
    assert 'hx-include="#id_unit, #id_unit-value, #employee-chips"' in page.text

    with django_assert_max_num_queries(60):
        response = client.post(
            url("actions:log"),
            action_data(kind="training", unit="", unit_search=units[0].name, whole_unit="on"),
        )
    assert response.status_code == 302
    action = SkillsAction.objects.get()
    assert action.unit == units[0]
    assert set(action.employees.all()) == set(employees)

    # The unit is kept for the next entry: the box shows its name.
    again = client.get(response["Location"])
    assert f'value="{units[0].name}"' in again.text

    # A text that several units contain: nothing is logged, the units are offered.
    response = client.post(
        url("actions:log"),
        action_data(kind="training", unit="", unit_search="afdeling", whole_unit="on"),
    )
    assert response.status_code == 200 and SkillsAction.objects.count() == 1
    assert response.context["form"].errors["unit"]
    offered = re.findall(r'type="radio"[^>]*name="unit" value="(\d+)"', response.text)
    assert {int(pk) for pk in offered} == {unit.pk for unit in units}


def test_whole_unit_and_chosen_employees_do_not_go_together(login, members, employees, units):
    response = login(members[HR]).post(
        url("actions:log"),
        action_data(unit=units[0].pk, whole_unit="on", employees=[employees[1].pk]),
    )
    assert "employees" in response.context["form"].errors
    assert not SkillsAction.objects.exists()


def test_a_unit_without_employees_cannot_have_a_whole_unit_action(login, members, employees, units):
    response = login(members[HR]).post(
        url("actions:log"), action_data(unit=units[2].pk, whole_unit="on")
    )
    assert "whole_unit" in response.context["form"].errors


@pytest.mark.parametrize("role", [PM, DIRECTOR, ADMIN])
def test_only_the_hr_adviser_logs_actions(login, members, employees, role):
    client = login(members[role])
    assert client.get(url("actions:log")).status_code == 403
    response = client.post(url("actions:log"), action_data(employees=[employees[1].pk]))
    assert response.status_code == 403
    assert not SkillsAction.objects.exists()


# --- The action list ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [2, 1, 0]),
        ("kind=training", [1]),
        ("status=planned", [2]),
        ("start=2026-04-01", [2, 1]),
        ("end=2026-04-10", [1, 0]),
        ("start=2026-03-01&end=2026-03-31", [0]),
        ("unit=UNIT0", [1, 0]),
        ("unit=UNIT1", [2]),
        ("kind=nonsense&start=not-a-date", [2, 1, 0]),
    ],
)
def test_the_list_filters(login, members, logged_actions, units, query, expected):
    query = query.replace("UNIT0", str(units[0].pk)).replace("UNIT1", str(units[1].pk))
    client = login(members[HR])
    page = client.get(url("actions:list") + "?" + query)
    assert page.status_code == 200
    assert [a.pk for a in page.context["page"].object_list] == [
        logged_actions[i].pk for i in expected
    ]
    fragment = client.get(url("actions:list") + "?" + query, headers=HTMX)
    assert "<html" not in fragment.text and 'id="results"' in fragment.text
    # The fragment is the page's list, no more and no less (each has its own CSRF token).
    assert without_token(fragment.text).strip() in without_token(page.text)


def test_the_list_names_employees_is_logged_and_not_cached(login, members, logged_actions):
    response = login(members[ADMIN]).get(url("actions:list"))
    assert response.status_code == 200
    assert "Medewerker 0" in response.text and "Elders" in response.text
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.filter(user=members[ADMIN], action="view").count() == 1


@pytest.mark.parametrize("role", [PM, DIRECTOR])
def test_the_list_is_not_for_managers(login, members, logged_actions, role):
    assert login(members[role]).get(url("actions:list")).status_code == 403


def test_the_list_pages(login, members, employees, voorbeeldstad):
    for day in range(30):
        services.skills_action_log(
            organisation=voorbeeldstad,
            by=members[HR],
            kind="training",
            held_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=day),
            employees=[employees[1]],
        )
    client = login(members[HR])
    first = client.get(url("actions:list") + "?kind=training")
    assert len(first.context["page"].object_list) == 25
    assert "kind=training&amp;page=2" in first.text
    second = client.get(url("actions:list") + "?kind=training&page=2")
    assert len(second.context["page"].object_list) == 5


# --- Training attendance ------------------------------------------------------------------------


@pytest.fixture
def session(adoption_world):
    return adoption_world["rows"]["training"]


def test_attendance_creates_one_action_and_sets_the_count(
    login, members, employees, session, units
):
    client = login(members[HR])
    page = client.get(url("actions:training_attendance", session.pk))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    response = client.post(
        url("actions:training_attendance", session.pk), {"attendees": [e.pk for e in employees[:3]]}
    )
    assert response.status_code == 302
    action = SkillsAction.objects.get(training_session=session)
    assert (action.kind, action.status, action.held_on) == ("training", "done", session.held_on)
    assert set(action.employees.all()) == set(employees[:3])
    session.refresh_from_db()
    assert session.attendance == 3

    # Saving again, with one more and one fewer, changes the same action.
    client.post(
        url("actions:training_attendance", session.pk),
        {"attendees": [employees[0].pk, employees[1].pk, employees[4].pk]},
    )
    assert SkillsAction.objects.filter(training_session=session).count() == 1
    assert set(action.employees.all()) == {employees[0], employees[1], employees[4]}
    session.refresh_from_db()
    assert session.attendance == 3


def test_attendance_filtered_by_unit_keeps_the_others(login, members, employees, session, units):
    elders = EmployeeFactory(name="Elders", unit=units[1])
    client = login(members[HR])
    client.post(
        url("actions:training_attendance", session.pk), {"attendees": [employees[1].pk, elders.pk]}
    )
    page = client.get(
        url("actions:training_attendance", session.pk) + f"?unit={units[1].pk}", headers=HTMX
    )
    assert "<html" not in page.text and 'id="attendance"' in page.text
    assert "Medewerker 0" in page.text  # named under "also attended"
    client.post(
        url("actions:training_attendance", session.pk), {"unit": units[1].pk, "attendees": []}
    )
    action = SkillsAction.objects.get(training_session=session)
    assert list(action.employees.all()) == [employees[1]]
    session.refresh_from_db()
    assert session.attendance == 1


def test_attendance_cannot_exceed_the_capacity(login, members, employees, session):
    TrainingSession.objects.filter(pk=session.pk).update(capacity=2, attendance=0)
    response = login(members[HR]).post(
        url("actions:training_attendance", session.pk), {"attendees": [e.pk for e in employees[:3]]}
    )
    assert response.status_code == 200
    assert "attendees" in response.context["form"].errors
    assert not SkillsAction.objects.exists()


def test_who_came_cannot_be_ticked_before_the_training(login, members, employees, session):
    later = today() + datetime.timedelta(days=10)
    TrainingSession.objects.filter(pk=session.pk).update(held_on=later)
    client = login(members[HR])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        url("actions:training_attendance", session.pk), {"attendees": [employees[1].pk]}
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors["attendees"]
    assert "from the day of the training" in error
    assert not SkillsAction.objects.exists()


def test_the_attendance_follows_its_session_and_outlives_it(login, members, employees, session):
    login(members[HR]).post(
        url("actions:training_attendance", session.pk), {"attendees": [employees[1].pk]}
    )
    action = SkillsAction.objects.get(training_session=session)
    edit = reverse("adoption:item_edit", args=["training", session.pk])
    client = login(members[PM])
    form = client.get(edit).context["form"]
    # The count is the ticks', not to be typed over.
    assert form.fields["attendance"].disabled
    data = {
        "title": session.title,
        "channel": session.channel,
        "trainer": session.trainer or "Trainer",
        "capacity": "",
        "attendance": "12",
    }

    earlier = session.held_on - datetime.timedelta(days=20)
    assert client.post(edit, data | {"held_on": earlier.isoformat()}).status_code == 302
    action.refresh_from_db()
    session.refresh_from_db()
    # Attended on the day it was held; the count still the ticks'.
    assert (action.held_on, session.attendance) == (earlier, 1)
    assert ActionDays.objects.get(employee=employees[1]).done_on == earlier

    later = today() + datetime.timedelta(days=3)
    response = client.post(edit, data | {"held_on": later.isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["held_on"]
    action.refresh_from_db()
    assert action.held_on == earlier

    remove = reverse("adoption:item_delete", args=["training", session.pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # Asked first, saying what becomes of HR's record.
    asked = client.post(remove)
    assert "only its link to this session goes" in asked.text
    assert TrainingSession.objects.filter(pk=session.pk).exists()
    client.post(remove, {"confirm": "1"})
    assert not TrainingSession.objects.filter(pk=session.pk).exists()
    action.refresh_from_db()
    # The training happened: who attended keeps it, without the session.
    assert (action.training_session, action.held_on, action.kind) == (None, earlier, "training")
    assert list(action.employees.all()) == [employees[1]]


def test_attended_training_counts_in_the_action_list(login, members, employees, session):
    login(members[HR]).post(
        url("actions:training_attendance", session.pk), {"attendees": [employees[1].pk]}
    )
    response = login(members[HR]).get(url("actions:list") + "?kind=training")
    assert session.title in response.text
    assert employees[1].name in response.text


def test_another_organisations_session_or_employee_is_not_found(
    login, members, other_members, employees, session, buurdorp
):
    assert (
        login(other_members[HR]).get(url("actions:training_attendance", session.pk)).status_code
        == 404
    )
    theirs = EmployeeFactory(organisation=buurdorp, name="Buur")
    response = login(members[HR]).post(
        url("actions:training_attendance", session.pk), {"attendees": [theirs.pk]}
    )
    assert response.status_code == 200
    assert "attendees" in response.context["form"].errors


@pytest.mark.parametrize("role", [PM, DIRECTOR, ADMIN])
def test_attendance_by_name_is_for_hr_only(login, members, session, role):
    assert (
        login(members[role]).get(url("actions:training_attendance", session.pk)).status_code == 403
    )


def test_the_adoption_track_links_each_training_to_its_attendance(login, members, adoption_world):
    session = adoption_world["rows"]["training"]
    link = reverse("inclusion:actions:training_attendance", args=[session.pk])
    track_page = reverse("adoption:track_detail", args=[adoption_world["track"].pk])
    assert link in login(members[Role.HR_ADVISER]).get(track_page).text
    for role in (Role.PROGRAMME_MANAGER, Role.DIRECTOR):
        assert link not in login(members[role]).get(track_page).text


# --- Queries ------------------------------------------------------------------------------------


def grow(voorbeeldstad, units, members, n=30):
    new = [EmployeeFactory(name=f"Extra {i}", unit=units[i % 2]) for i in range(n)]
    chosen = list(Competence.objects.filter(organisation=voorbeeldstad)[:2])
    for i, employee in enumerate(new):
        services.skills_action_log(
            organisation=voorbeeldstad,
            by=members[HR],
            kind="training",
            held_on=datetime.date(2026, 2, 1) + datetime.timedelta(days=i),
            employees=[employee, new[i - 1]],
            competences=chosen,
        )
        PopConversationFactory(employee=employee, held_on=today(), digital_skills=i % 3 == 0)
    services.skills_action_log(
        organisation=voorbeeldstad,
        by=members[HR],
        kind="intervisie",
        held_on=datetime.date(2026, 3, 1),
        unit=units[0],
        whole_unit=True,
    )


@pytest.mark.parametrize(
    "name",
    [
        "actions:log",
        "actions:list",
        "actions:employee_pop",
        "actions:pop_coverage",
        "actions:training_attendance",
    ],
)
def test_pages_need_a_number_of_queries_that_does_not_grow(
    login,
    members,
    employees,
    units,
    voorbeeldstad,
    logged_actions,
    adoption_world,
    name,
    django_assert_max_num_queries,
):
    args = {
        "actions:employee_pop": [employees[1].pk],
        "actions:training_attendance": [adoption_world["rows"]["training"].pk],
    }.get(name, [])
    client = login(members[HR])
    client.get(url(name, *args))
    with django_assert_max_num_queries(30) as small:
        assert client.get(url(name, *args)).status_code == 200
    grow(voorbeeldstad, units, members)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(name, *args)).status_code == 200


def test_coverage_reads_need_a_fixed_number_of_queries(
    voorbeeldstad, units, members, employees, django_assert_num_queries
):
    year = today().year
    with django_assert_num_queries(3):
        queries.pop_coverage(voorbeeldstad, year)
        queries.pop_coverage_total(voorbeeldstad, year)
    grow(voorbeeldstad, units, members)
    with django_assert_num_queries(3):
        queries.pop_coverage(voorbeeldstad, year)
        queries.pop_coverage_total(voorbeeldstad, year)


def test_logging_an_action_needs_a_fixed_number_of_queries(
    login, members, employees, units, voorbeeldstad, django_assert_max_num_queries
):
    client = login(members[HR])
    chosen = [c.pk for c in Competence.objects.filter(organisation=voorbeeldstad)[:3]]
    data = action_data(unit=units[0].pk, whole_unit="on", competences=chosen, save_anyway="1")
    client.post(url("actions:log"), action_data(employees=[employees[1].pk]), headers=HTMX)
    client.post(url("actions:log"), data, headers=HTMX)
    with django_assert_max_num_queries(40) as small:
        client.post(url("actions:log"), data, headers=HTMX)
    grow(voorbeeldstad, units, members)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.post(url("actions:log"), data, headers=HTMX)


def test_a_link_from_an_employee_brings_her_along_as_a_chip(login, members, employees, buurdorp):
    theirs = EmployeeFactory(organisation=buurdorp, name="Buur")
    page = login(members[HR]).get(
        url("actions:log"), {"employees": [employees[2].pk, theirs.pk, "x"]}
    )
    assert has_chip(page.text, employees[2].pk)
    assert not has_chip(page.text, theirs.pk) and "Buur" not in page.text
