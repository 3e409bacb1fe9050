"""POP-gesprekken: recording one with the actions agreed in it, its date and year, who
may read and record them; and the coverage per unit, with small groups hidden from
those who may not see individuals."""

import pytest
from django.utils.timezone import localdate as today

from inclusion.actions import queries
from inclusion.figures import SmallGroups
from inclusion.models import AccessLogEntry, Employee, InclusionSettings, PopConversation
from organisations.models import Role
from tests.factories import EmployeeFactory, OrganisationUnitFactory, PopConversationFactory
from tests.helpers import HTMX, urls_of

pytestmark = pytest.mark.django_db

HR, ADMIN, DIRECTOR, PM = (
    Role.HR_ADVISER,
    Role.ORGANISATION_ADMIN,
    Role.DIRECTOR,
    Role.PROGRAMME_MANAGER,
)

url = urls_of("inclusion")


# --- POP-gesprekken -----------------------------------------------------------------------------


def pop_data(**overrides):
    data = {
        "year": str(today().year),
        "held_on": today().isoformat(),
        "digital_skills": "on",
        "agreements": "Cursus Teams volgen",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_pop_gesprek_is_recorded_with_its_agreed_actions(
    login, members, employees, logged_actions
):
    employee = employees[1]
    client = login(members[HR])
    response = client.post(
        url("actions:pop_create", employee.pk), pop_data(actions=[logged_actions[0].pk])
    )
    assert response.status_code == 302
    pop = PopConversation.objects.get()
    assert (pop.employee, pop.year, pop.digital_skills) == (employee, today().year, True)
    assert list(pop.actions.all()) == [logged_actions[0]]
    assert AccessLogEntry.objects.filter(employee=employee, action="create").exists()

    page = client.get(url("actions:employee_pop", employee.pk))
    assert page.status_code == 200
    assert "Cursus Teams volgen" in page.text
    assert "no-store" in page["Cache-Control"]
    assert AccessLogEntry.objects.filter(employee=employee, action="view").count() == 1

    # Editing unlinks an action no longer ticked.
    response = client.post(url("actions:pop_edit", pop.pk), pop_data(digital_skills=None))
    assert response.status_code == 302
    pop.refresh_from_db()
    assert not pop.digital_skills
    assert not pop.actions.exists()


def test_only_the_employees_own_actions_can_be_linked(login, members, employees, logged_actions):
    response = login(members[HR]).post(
        url("actions:pop_create", employees[1].pk), pop_data(actions=[logged_actions[2].pk])
    )
    assert response.status_code == 200
    assert "actions" in response.context["form"].errors


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"held_on": "2100-01-01", "year": None}, "held_on"),
        ({"year": "YEAR", "held_on": "LAST_YEAR_DATE"}, "held_on"),
        ({"year": "1999"}, "year"),
    ],
)
def test_a_pop_gesprek_date_is_in_its_year_and_not_in_the_future(
    login, members, employees, overrides, field
):
    last_year_date = today().replace(year=today().year - 1, month=6, day=1).isoformat()
    overrides = {
        k: (
            v.replace("LAST_YEAR_DATE", last_year_date).replace("YEAR", str(today().year))
            if v
            else v
        )
        for k, v in overrides.items()
    }
    response = login(members[HR]).post(
        url("actions:pop_create", employees[1].pk), pop_data(**overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not PopConversation.objects.exists()


def test_one_pop_gesprek_per_employee_per_year(login, members, employees):
    employee = employees[1]
    PopConversationFactory(employee=employee, held_on=today())
    response = login(members[HR]).post(url("actions:pop_create", employee.pk), pop_data())
    assert response.status_code == 200
    assert "year" in response.context["form"].errors
    assert 'id="id_year_error"' in response.text
    assert PopConversation.objects.count() == 1
    # Last year's is another matter.
    last = today().replace(year=today().year - 1, month=6, day=1)
    response = login(members[HR]).post(
        url("actions:pop_create", employee.pk),
        pop_data(year=str(last.year), held_on=last.isoformat()),
    )
    assert response.status_code == 302
    assert PopConversation.objects.count() == 2


def test_another_organisations_employee_or_pop_is_not_found(
    login, members, other_members, employees
):
    employee = employees[1]
    pop = PopConversationFactory(employee=employee)
    client = login(other_members[HR])
    assert client.get(url("actions:employee_pop", employee.pk)).status_code == 404
    assert client.get(url("actions:pop_create", employee.pk)).status_code == 404
    assert client.post(url("actions:pop_edit", pop.pk), pop_data()).status_code == 404


def test_the_admin_reads_pop_gesprekken_but_does_not_record_them(login, members, employees):
    client = login(members[ADMIN])
    assert client.get(url("actions:employee_pop", employees[1].pk)).status_code == 200
    assert client.get(url("actions:pop_create", employees[1].pk)).status_code == 403


def test_a_new_pop_gesprek_starts_today_in_this_year(login, members, employees):
    response = login(members[HR]).get(url("actions:pop_create", employees[1].pk))
    form = response.context["form"]
    assert form["held_on"].value() == today()
    assert form["year"].value() == today().year


# --- POP coverage -------------------------------------------------------------------------------


@pytest.fixture
def coverage_world(voorbeeldstad, employees, units):
    """Unit 0: six employees, four of whom had this year's POP, three with digital
    skills. Unit 1: two employees, one covered. Last year: everyone in unit 0 covered."""
    year = today().year
    small = [EmployeeFactory(name=f"Klein {n}", unit=units[1]) for n in range(2)]
    for employee, skills in zip(employees[:4], [True, True, True, False], strict=True):
        PopConversationFactory(employee=employee, held_on=today(), digital_skills=skills)
    for employee in employees:
        PopConversationFactory(
            employee=employee,
            held_on=today().replace(year=year - 1, month=6, day=1),
            digital_skills=True,
        )
    PopConversationFactory(employee=small[0], held_on=today(), digital_skills=True)
    return {"year": year, "small": small}


def test_pop_coverage_per_unit(voorbeeldstad, coverage_world, units):
    rows = queries.pop_coverage(voorbeeldstad, coverage_world["year"])
    by_unit = {row.unit: row for row in rows}
    assert set(by_unit) == {units[0], units[1]}, "a unit without employees is left out"
    big, small = by_unit[units[0]], by_unit[units[1]]
    assert (big.active, big.held, big.covered, big.percentage) == (6, 4, 3, 50)
    assert (small.active, small.held, small.covered) == (2, 1, 1)
    total = queries.pop_coverage_total(voorbeeldstad, coverage_world["year"])
    assert (total.active, total.held, total.covered) == (8, 5, 4)
    assert total.share == 0.5
    last = queries.pop_coverage(voorbeeldstad, coverage_world["year"] - 1)
    assert [(r.active, r.covered) for r in last] == [(6, 6), (2, 0)]


def test_coverage_counts_only_employees_who_work_here(voorbeeldstad, coverage_world, employees):
    Employee.objects.filter(pk=employees[0].pk).update(active=False)
    rows = queries.pop_coverage(voorbeeldstad, coverage_world["year"])
    assert (rows[0].active, rows[0].covered) == (5, 2)


@pytest.mark.parametrize("threshold", [1, 2, 3, 5, 7, 9])
def test_the_organisations_coverage_and_its_hidden_units_are_the_coverage_pages(
    voorbeeldstad, coverage_world, employees, threshold
):
    """The dashboards, the programme page and the lessons read only the total, an
    initiative's page only which units' covered counts are hidden; both are worked out
    from the same counts in the same order as the page's rows: hidden there, hidden
    everywhere. Someone without a unit and someone who left are in the world."""
    Employee.objects.filter(pk=employees[0].pk).update(active=False)
    EmployeeFactory(organisation=voorbeeldstad, unit=None, name="Zonder afdeling")
    groups = SmallGroups(threshold, exact=False)
    year = coverage_world["year"]

    page = queries.coverage_table(groups, queries.pop_coverage(voorbeeldstad, year))
    total = queries.organisation_coverage(voorbeeldstad, year, groups)

    assert total == page.total
    assert total.active.count == 8
    hidden = queries.units_with_coverage_hidden(voorbeeldstad, year, groups)
    assert hidden.covered == {row.unit.pk for row in page.rows if row.unit and row.covered.hidden}
    assert hidden.active == {row.unit.pk for row in page.rows if row.unit and row.active.hidden}


def test_the_threshold_follows_the_organisations_setting(voorbeeldstad, coverage_world):
    InclusionSettings.objects.create(organisation=voorbeeldstad, min_group_size=7)
    groups = SmallGroups.of(voorbeeldstad, exact=False)
    table = queries.coverage_table(
        groups, queries.pop_coverage(voorbeeldstad, coverage_world["year"])
    )
    assert groups.threshold == 7
    assert [str(row.active) for row in table.rows] == ["<7", "<7"]


def test_a_director_sees_small_units_as_under_the_threshold(login, members, coverage_world, units):
    response = login(members[DIRECTOR]).get(url("actions:pop_coverage"))
    assert response.status_code == 200
    assert "&lt;5" in response.text
    assert "Klein 0" not in response.text and "Medewerker 0" not in response.text
    text = response.content.decode()
    row = text[text.index(units[1].name) :].split("</tr>")[0]
    assert "&lt;5" in row and ">2<" not in row and ">1<" not in row
    # The organisation's 8 is shown, so the big unit's 6 would give the 2 away.
    big = text[text.index(units[0].name) :].split("</tr>")[0]
    assert ">6<" not in big and ">\u2013<" in big and "50%" not in big
    total = text[text.index("<tfoot") :].split("</tr>")[0]
    assert ">8<" in total


def test_a_director_is_told_why_no_units_coverage_is_shown(login, members, coverage_world):
    """Both units' coverage is a mark for a director: the page says why, and points to
    the organisation's figures, which it shows."""
    response = login(members[DIRECTOR]).get(url("actions:pop_coverage"))
    assert response.context["all_hidden"]
    assert "Te weinig medewerkers per organisatieonderdeel" in response.text
    hr = login(members[HR]).get(url("actions:pop_coverage"))
    assert not hr.context["all_hidden"]
    assert "Te weinig medewerkers per organisatieonderdeel" not in hr.text


def test_the_coverage_page_shows_the_target_and_the_units_below_it(
    login, members, coverage_world, units, voorbeeldstad
):
    """Unit 0 at 50% and unit 1 at 50% against the default target of 80%."""
    response = login(members[HR]).get(url("actions:pop_coverage"))
    text = response.content.decode()
    assert response.context["target"] == 80
    assert ">80%<" in text
    big = text[text.index(units[0].name) :].split("</tr>")[0]
    assert "50%" in big and "onder het doel" in big
    InclusionSettings.objects.create(organisation=voorbeeldstad, pop_coverage_target=40)
    text = login(members[HR]).get(url("actions:pop_coverage")).content.decode()
    assert ">40%<" in text and "onder het doel" not in text


def test_hr_sees_the_numbers_of_small_units(login, members, coverage_world, units):
    response = login(members[HR]).get(url("actions:pop_coverage"))
    text = response.content.decode()
    row = text[text.index(units[1].name) :].split("</tr>")[0]
    assert ">2<" in row and ">50% <span" in row
    assert "no-store" in response["Cache-Control"]


def test_the_coverage_year_is_chosen_through_htmx_too(login, members, coverage_world):
    year = coverage_world["year"] - 1
    response = login(members[PM]).get(url("actions:pop_coverage") + f"?jaar={year}", headers=HTMX)
    assert "<html" not in response.text and 'id="coverage"' in response.text
    full = login(members[PM]).get(url("actions:pop_coverage") + f"?jaar={year}")
    assert full.context["year"] == year
    assert full.context["table"].total.covered.count == 6
    assert response.text.strip() in full.text
    hr = login(members[HR]).get(url("actions:pop_coverage") + f"?jaar={year}", headers=HTMX)
    assert ">75%<" in hr.text  # six of eight
    assert ">75%" not in response.text, "two of eight without: too few to say"
    # Anything else is this year.
    response = login(members[PM]).get(url("actions:pop_coverage") + "?jaar=1900")
    assert response.context["year"] == coverage_world["year"]


def test_a_small_organisation_shows_no_total_to_a_director(login, members, units):
    EmployeeFactory(name="Alleen", unit=units[0])
    response = login(members[DIRECTOR]).get(url("actions:pop_coverage"))
    assert response.context["table"].total.active.hidden
    assert ">1<" not in response.text and "&lt;5" in response.text


def test_the_new_unit_is_someone_elses_concern(voorbeeldstad):
    """A unit made after the fact holds nobody: an empty coverage row is left out."""
    OrganisationUnitFactory(organisation=voorbeeldstad)
    assert queries.pop_coverage(voorbeeldstad, today().year) == []


def test_the_coverage_shows_25_units_a_page_with_the_whole_total(
    login, members, voorbeeldstad, coverage_world, django_assert_max_num_queries
):
    """Thirty more units: the table pages through them by name, each page with the
    organisation's total, and the small-group rule judged on every unit's row."""
    for n in range(30):
        unit = OrganisationUnitFactory(organisation=voorbeeldstad, name=f"Team {n:02d}")
        EmployeeFactory(organisation=voorbeeldstad, unit=unit)
    client = login(members[DIRECTOR])
    with django_assert_max_num_queries(20) as first_queries:
        first = client.get(url("actions:pop_coverage"))
    rows = first.context["table"].rows
    assert len(rows) == 32 and len(first.context["page"]) == 25
    body = first.text.split("<tbody")[1].split("</tbody>")[0]
    assert body.count("<tr") == 25
    assert "Pagina 1 van 2" in first.text or "Page 1 of 2" in first.text

    with django_assert_max_num_queries(len(first_queries.captured_queries)):
        second = client.get(first.context["page"].next_url)
    assert [row.unit for row in second.context["page"]] == [row.unit for row in rows[25:]]
    body = second.text.split("<tbody")[1].split("</tbody>")[0]
    assert body.count("<tr") == 7 and "Team 00" not in body
    total = second.text[second.text.index("<tfoot") :].split("</tr>")[0]
    assert ">38<" in total  # the whole organisation's employees, on every page

    # A year chosen keeps its page links.
    year = coverage_world["year"] - 1
    other = client.get(url("actions:pop_coverage"), {"jaar": year})
    assert f"jaar={year}" in other.context["page"].next_url
