"""A choice among many of an organisation's units, jobs, initiatives or employees is a
search box above a limit (organisations.forms.SearchSelectWidget), so that a page stays
the same size however large the organisation: the employee form (unit, job, manager),
the job filters, the initiative on the logging page, and the attendance page's unit.

Typed without JavaScript, a text that names one is that one; a text that names several
or none is an error at the field in a form (with the text kept and the matches offered)
and no filter in a list. The unit filter's own cases are in test_filter_forms.py; the
boxes in a real browser in tests/browser/test_unit_filter.py."""

import re

import pytest
from django.urls import reverse
from django.utils.timezone import localdate as today

from inclusion.actions import views as action_views
from inclusion.models import AccessLogEntry, Employee, SkillsAction, TargetLevel
from organisations import forms as organisation_forms
from organisations.models import Role
from tests.factories import (
    EmployeeFactory,
    InitiativeFactory,
    JobFactory,
    OrganisationUnitFactory,
    ProgrammeFactory,
)
from tests.helpers import HTMX, urls_of

pytestmark = pytest.mark.django_db

HR = Role.HR_ADVISER
url = urls_of("inclusion")


def url_of(name, *args):
    return reverse(name, args=args)


@pytest.fixture
def many(voorbeeldstad, buurdorp, units, monkeypatch):
    """More jobs, units, initiatives and employees than a select shows (three here),
    and Buurdorp's, which are never offered."""
    monkeypatch.setattr(organisation_forms, "SELECT_MAX", 3)
    jobs = {
        name: JobFactory(organisation=voorbeeldstad, name=name)
        for name in ("Beleidsmedewerker", "Beleidsadviseur", "Jurist", "Archivaris")
    }
    JobFactory(organisation=buurdorp, name="Beleidsmedewerker Buurdorp")
    team = OrganisationUnitFactory(organisation=voorbeeldstad, name="Team Vergunningen")
    people = {
        name: EmployeeFactory(organisation=voorbeeldstad, unit=team, name=name)
        for name in ("Anna de Boer", "Anne Jansen", "Bram Smit", "Carla Visser")
    }
    people["Anouk Oud"] = EmployeeFactory(
        organisation=voorbeeldstad, unit=team, name="Anouk Oud", active=False, left_on=today()
    )
    EmployeeFactory(organisation=buurdorp, name="Anna Elders")
    programme = ProgrammeFactory(organisation=voorbeeldstad, name="Digitaal werken")
    initiatives = {
        title: InitiativeFactory(programme=programme, title=title)
        for title in ("Zaakgericht werken", "Zaaksysteem", "Digitale handtekening", "E-factuur")
    }
    InitiativeFactory(
        programme=ProgrammeFactory(organisation=buurdorp), title="Zaakgericht werken Buurdorp"
    )
    return {"jobs": jobs, "team": team, "people": people, "initiatives": initiatives}


def employee_data(**overrides):
    data = {
        "personnel_number": "900001",
        "name": "Nieuwe Collega",
        "email": "",
        "unit": "",
        "unit_search": "Team Vergunningen",
        "job": "",
        "job_search": "Jurist",
        "manager": "",
        "manager_search": "",
        "active": "on",
        "left_on": "",
    }
    data.update(overrides)
    return data


def box(html, name) -> bool:
    return bool(re.search(rf'<input type="search" name="{name}_search"[^>]*role="combobox"', html))


# --- The employee form --------------------------------------------------------------------------


def test_the_employee_form_searches_instead_of_listing_everyone(login, members, many):
    page = login(members[HR]).get(url("employees:create"))

    assert page.status_code == 200
    assert all(box(page.text, name) for name in ("unit", "job", "manager"))
    assert "<option" not in page.text.split('id="id_left_on"')[0].split('name="email"')[1]
    assert "Carla Visser" not in page.text


def test_the_employee_form_finds_unit_job_and_manager_by_the_names_typed(login, members, many):
    response = login(members[HR]).post(
        url("employees:create"), employee_data(manager_search="carla")
    )

    assert response.status_code == 302
    employee = Employee.objects.get(personnel_number="900001")
    assert (employee.unit, employee.job, employee.manager) == (
        many["team"],
        many["jobs"]["Jurist"],
        many["people"]["Carla Visser"],
    )


def test_a_name_that_names_several_is_an_error_at_the_field_with_the_text_kept(
    login, members, many
):
    client = login(members[HR])
    before = Employee.objects.count()

    response = client.post(url("employees:create"), employee_data(manager_search="Ann"))

    assert response.status_code == 200
    assert Employee.objects.count() == before
    assert list(response.context["form"].errors) == ["manager"]
    assert 'id="id_manager_error"' in response.text
    assert re.search(r'name="manager_search" id="id_manager" value="Ann"', response.text)
    assert re.search(r'id="id_manager"[^>]*aria-describedby="[^"]*id_manager_error', response.text)
    # The two who work here are offered, not the one who left nor Buurdorp's.
    offered = re.findall(r'name="manager" value="(\d+)"', response.text)
    people = many["people"]
    assert offered == [str(people["Anna de Boer"].pk), str(people["Anne Jansen"].pk)]
    # The other fields keep what was typed, resolved.
    assert 'value="Jurist"' in response.text and 'value="Nieuwe Collega"' in response.text

    chosen = employee_data(manager=people["Anne Jansen"].pk, manager_search="Ann")
    assert client.post(url("employees:create"), chosen).status_code == 302
    assert Employee.objects.get(personnel_number="900001").manager == people["Anne Jansen"]


def test_a_name_that_names_nobody_says_so_in_dutch_and_english(login, members, many):
    client = login(members[HR])
    response = client.post(url("employees:create"), employee_data(job_search="Astronaut"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["job"]
    assert "Geen functie heeft “Astronaut” in de naam." in response.text
    assert "Kies een van de gevonden mogelijkheden" in response.text
    client.cookies["mensenwerk_language"] = "en"
    english = client.post(url("employees:create"), employee_data(job_search="Astronaut"))
    assert "No job&#x27;s name contains “Astronaut”." in english.text
    assert "Choose one of those found" in english.text


def test_the_employee_form_stays_the_same_size_and_queries_however_many_employees(
    login, members, many, voorbeeldstad, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    employee = many["people"]["Bram Smit"]
    EmployeeFactory(organisation=voorbeeldstad, unit=many["team"])  # above the limit
    client = login(members[HR])
    client.get(url("employees:edit", employee.pk))
    with CaptureQueriesContext(connection) as small:
        first = client.get(url("employees:edit", employee.pk))
    EmployeeFactory.create_batch(60, organisation=voorbeeldstad, unit=many["team"])
    for n in range(20):
        JobFactory(organisation=voorbeeldstad, name=f"Functie extra {n}")
        OrganisationUnitFactory(organisation=voorbeeldstad, name=f"Team extra {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        second = client.get(url("employees:edit", employee.pk))
    token = re.compile(r'value="[^"]{20,}"')
    assert len(token.sub("", second.text)) == len(token.sub("", first.text))


# --- What the boxes find as one types -----------------------------------------------------------


def test_the_job_box_finds_this_organisations_jobs(login, members, many):
    response = login(members[Role.DIRECTOR]).get(
        reverse("inclusion:employees:job_options"),
        {"field": "filter-job", "search": "job_search", "job_search": "beleid"},
    )

    assert response.status_code == 200
    assert re.findall(r'data-name="([^"]+)"', response.text) == [
        "Beleidsadviseur",
        "Beleidsmedewerker",
    ]
    assert 'id="filter-job-status"' in response.text and "2 functies gevonden." in response.text
    assert 'aria-label="Gevonden functies"' in response.text


def test_the_initiative_box_finds_this_organisations_initiatives_with_their_programme(
    login, members, many
):
    response = login(members[HR]).get(
        reverse("transformation:initiative_options"),
        {"field": "id_initiative", "search": "initiative_search", "initiative_search": "zaak"},
    )

    assert re.findall(r'data-name="([^"]+)"', response.text) == [
        "Zaakgericht werken",
        "Zaaksysteem",
    ]
    assert response.text.count('data-detail="Digitaal werken"') == 2


def test_the_manager_box_finds_who_works_here_and_logs_the_read(login, members, many):
    client = login(members[HR])
    answer = reverse("inclusion:employees:employee_options")
    query = {"field": "id_manager", "search": "manager_search", "manager_search": "an"}
    before = AccessLogEntry.objects.count()

    response = client.get(answer, query, headers=HTMX)

    names = re.findall(r'data-name="([^"]+)"', response.text)
    assert names == ["Anna de Boer", "Anne Jansen"]
    assert "Team Vergunningen" in response.text
    assert AccessLogEntry.objects.count() == before + 1
    assert "no-store" in response["Cache-Control"]
    # Nobody found: nobody read.
    client.get(answer, {**query, "manager_search": "qqq"}, headers=HTMX)
    assert AccessLogEntry.objects.count() == before + 1


# --- The job filters ----------------------------------------------------------------------------


def test_the_employee_list_filters_on_a_job_typed_by_name(login, members, many, voorbeeldstad):
    jurist = EmployeeFactory(
        organisation=voorbeeldstad, name="Jet Jurist", job=many["jobs"]["Jurist"]
    )
    client = login(members[HR])

    page = client.get(url("employees:list"), {"job": "", "job_search": "jurist"})

    assert box(page.text, "job")
    assert [e.pk for e in page.context["page"].object_list] == [jurist.pk]
    # Several jobs match: offered, and the list is not filtered on a job.
    several = client.get(url("employees:list"), {"job": "", "job_search": "beleid"})
    assert len(re.findall(r'name="job" value="\d+"', several.text)) == 2
    assert several.context["page"].paginator.count > 1


def test_the_heatmap_filters_on_a_job_typed_by_name(login, members, many, voorbeeldstad):
    from inclusion.models import Competence

    first = Competence.objects.filter(organisation=voorbeeldstad).order_by("pk").first()
    for job in many["jobs"].values():
        TargetLevel.objects.create(organisation=voorbeeldstad, job=job, competence=first, level=2)
    client = login(members[Role.DIRECTOR])

    page = client.get(url("skills:heatmap"), {"job": "", "job_search": "jurist"})

    assert box(page.text, "job")
    assert page.context["job"] == many["jobs"]["Jurist"]
    assert not client.get(url("skills:heatmap"), {"job_search": "beleid"}).context["job"]


# --- The logging page's initiative --------------------------------------------------------------


def test_an_action_is_logged_for_an_initiative_typed_by_name(login, members, many):
    from tests.test_inclusion_actions import action_data

    client = login(members[HR])
    page = client.get(url("actions:log"))
    assert box(page.text, "initiative")
    assert "E-factuur" not in page.text

    response = client.post(
        url("actions:log"),
        action_data(
            employees=[many["people"]["Bram Smit"].pk],
            initiative="",
            initiative_search="handtekening",
        ),
    )

    assert response.status_code == 302
    assert SkillsAction.objects.get().initiative == many["initiatives"]["Digitale handtekening"]


# --- The attendance page ------------------------------------------------------------------------


@pytest.fixture
def session(adoption_world):
    return adoption_world["rows"]["training"]


def test_a_large_organisations_attendance_lists_a_unit_or_who_attended(
    login, members, many, session, monkeypatch
):
    monkeypatch.setattr(action_views, "ATTENDANCE_LIST_MAX", 2)
    people = many["people"]
    client = login(members[HR])
    attendance = url("actions:training_attendance", session.pk)
    client.post(attendance, {"unit": many["team"].pk, "attendees": [people["Bram Smit"].pk]})

    page = client.get(attendance)

    # Not everyone: who attended, to untick, and the unit to choose for the others.
    assert box(page.text, "unit")
    assert re.findall(r'name="attendees" value="(\d+)"', page.text) == [str(people["Bram Smit"].pk)]
    assert "choose a unit above" in page.text or "kies hierboven" in page.text
    unit = client.get(attendance, {"unit": "", "unit_search": "vergunningen"}, headers=HTMX)
    assert len(re.findall(r'name="attendees" value="\d+"', unit.text)) == 4

    # Without a unit, who attended can be unticked.
    both = [people["Anna de Boer"].pk, people["Bram Smit"].pk]
    client.post(attendance, {"unit": many["team"].pk, "attendees": both})
    client.post(attendance, {"unit": "", "attendees": [people["Anna de Boer"].pk]})
    action = SkillsAction.objects.get(training_session=session)
    assert list(action.employees.all()) == [people["Anna de Boer"]]


# --- Several units: the initiative's, a business scenario's, an awareness activity's -----------


def test_an_initiatives_units_are_ticked_boxes_above_a_search_box(
    login, members, many, programme_world, units
):
    from tests.test_transformation_initiatives import initiative_data
    from transformation.models import Initiative

    programme = programme_world["programme"]
    client = login(members[Role.PROGRAMME_MANAGER])
    page = client.get(url_of("transformation:initiative_create", programme.pk))
    assert box(page.text, "units")
    assert 'type="checkbox" name="units"' not in page.text  # nobody chosen, nothing listed

    # A unit ticked and one typed: both.
    data = initiative_data(members, units, units=[units[1].pk], units_search="vergunning")
    assert (
        client.post(url_of("transformation:initiative_create", programme.pk), data).status_code
        == 302
    )
    initiative = Initiative.objects.get(title="Microsoft 365 voor Burgerzaken")
    assert set(initiative.units.all()) == {units[1], many["team"]}

    # The edit page shows them ticked; unticking one leaves it out.
    edit = url_of("transformation:initiative_edit", initiative.pk)
    page = client.get(edit)
    ticked = re.findall(r'type="checkbox"[^>]*name="units" value="(\d+)"[^>]*checked', page.text)
    assert sorted(ticked) == sorted([str(units[1].pk), str(many["team"].pk)])
    kept = initiative_data(members, units, title=initiative.title, units=[many["team"].pk])
    assert client.post(edit, {**kept, "units_search": ""}).status_code == 302
    assert list(initiative.units.all()) == [many["team"]]


def test_a_unit_text_that_names_several_is_an_error_with_the_text_and_the_ticks_kept(
    login, members, many, programme_world, units
):
    from tests.test_transformation_initiatives import initiative_data
    from transformation.models import Initiative

    programme = programme_world["programme"]
    before = Initiative.objects.count()
    OrganisationUnitFactory(organisation=many["team"].organisation, name="Team Vergunningen Zuid")
    data = initiative_data(members, units, units=[units[1].pk], units_search="vergunning")

    response = login(members[Role.PROGRAMME_MANAGER]).post(
        url_of("transformation:initiative_create", programme.pk), data
    )

    assert response.status_code == 200
    assert Initiative.objects.count() == before
    assert list(response.context["form"].errors) == ["units"]
    assert re.search(r'name="units_search" id="id_units" value="vergunning"', response.text)
    assert re.search(rf'name="units" value="{units[1].pk}"[^>]*checked', response.text)
    offered = re.findall(r'id="id_units-match-(\d+)"', response.text)
    assert len(offered) == 2
    assert "tick those to add" in response.text or "vink aan" in response.text


def test_a_stakeholders_unit_and_an_awareness_activitys_units_are_found_by_name(
    login, members, many, adoption_world
):
    from adoption.models import AwarenessActivity, Stakeholder

    track = adoption_world["track"]
    client = login(members[Role.PROGRAMME_MANAGER])
    create = reverse("adoption:item_create", args=[track.pk, "belanghebbende"])
    page = client.get(create)
    assert box(page.text, "unit")
    response = client.post(
        create,
        {
            "name": "Teamleider vergunningen",
            "unit": "",
            "unit_search": "Team Vergunningen",
            "influence": "4",
            "interest": "5",
            "attitude": "supporter",
            "engagement": "",
        },
    )
    assert response.status_code == 302
    assert Stakeholder.objects.get(name="Teamleider vergunningen").unit == many["team"]

    create = reverse("adoption:item_create", args=[track.pk, "bewustwording"])
    response = client.post(
        create,
        {
            "channel": "intranet",
            "held_on": "2026-03-02",
            "units_search": "vergunningen",
            "reached": "12",
            "message": "Minder zoeken naar documenten",
        },
    )
    assert response.status_code == 302
    activity = AwarenessActivity.objects.get(message="Minder zoeken naar documenten")
    assert list(activity.units.all()) == [many["team"]]


# --- A decision request's benefit, a trajectory's jobs --------------------------------------------


def test_a_decision_requests_benefit_is_found_by_name_with_its_initiative(many, voorbeeldstad):
    from tests.factories import BenefitFactory
    from transformation.forms import DecisionRequestForm

    initiative = many["initiatives"]["Zaaksysteem"]
    for title in ("Kortere doorlooptijd", "Minder papier", "Minder fouten", "Tevreden inwoners"):
        BenefitFactory(initiative=initiative, title=title)
    form = DecisionRequestForm(
        {
            "title": "Zaaksysteem doorzetten",
            "question": "Gaan we door?",
            "options": "",
            "advice": "",
            "initiative": "",
            "benefit": "",
            "benefit_search": "papier",
            "meeting": "",
            "meeting_on": "",
            "source": "",
        },
        programme=initiative.programme,
    )

    assert 'name="benefit_search"' in str(form["benefit"])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["benefit"].title == "Minder papier"
    assert form.cleaned_data["initiative"] == initiative


def test_a_trajectorys_jobs_are_found_by_name(login, members, many, voorbeeldstad):
    from inclusion.models import MobilityTrajectory
    from tests.test_inclusion_metamorphosis import trajectory_data

    employee = many["people"]["Bram Smit"]
    client = login(members[HR])
    create = url("metamorphosis:trajectory_create", employee.pk)
    assert box(client.get(create).text, "from_job")

    response = client.post(
        create,
        trajectory_data(
            from_job="",
            from_job_search="archivaris",
            destination="internal_job",
            destination_job="",
            destination_job_search="jurist",
        ),
    )

    assert response.status_code == 302
    trajectory = MobilityTrajectory.objects.get(employee=employee)
    assert (trajectory.from_job, trajectory.destination_job) == (
        many["jobs"]["Archivaris"],
        many["jobs"]["Jurist"],
    )
