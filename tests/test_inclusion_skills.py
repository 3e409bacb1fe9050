"""Digital skills: the framework, target levels per job, assessments per employee
(personal data), gaps and the gap heatmap with small groups hidden."""

import datetime
import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from inclusion.figures import SmallGroups
from inclusion.models import (
    AccessLogEntry,
    Assessment,
    Competence,
    CompetenceArea,
    Employee,
    InclusionSettings,
    TargetLevel,
)
from inclusion.skills import queries as skills
from inclusion.skills.services import OWN_AREA_NL
from organisations.models import Role
from tests.factories import (
    EmployeeFactory,
    JobFactory,
    OrganisationUnitFactory,
    SkillsActionFactory,
)
from tests.helpers import HTMX, urls_of

pytestmark = pytest.mark.django_db

HR, ADMIN, DIRECTOR, PM = (
    Role.HR_ADVISER,
    Role.ORGANISATION_ADMIN,
    Role.DIRECTOR,
    Role.PROGRAMME_MANAGER,
)
DAY = datetime.date(2026, 1, 15)


url = urls_of("inclusion")


def competence(organisation, code):
    return Competence.objects.get(organisation=organisation, code=code)


def target(job, code, level):
    return TargetLevel.objects.create(
        organisation=job.organisation,
        job=job,
        competence=competence(job.organisation, code),
        level=level,
    )


def assess(employee, code, level, day=DAY, source="hr"):
    return Assessment.objects.create(
        organisation=employee.organisation,
        employee=employee,
        competence=competence(employee.organisation, code),
        level=level,
        assessed_on=day,
        source=source,
    )


# --- Gap computation ----------------------------------------------------------------------------


def test_a_gap_is_the_target_minus_the_latest_level(employees):
    employee = employees[1]
    target(employee.job, "1.1", 4)
    target(employee.job, "2.1", 3)
    target(employee.job, "4.2", 5)
    assess(employee, "1.1", 2)
    assess(employee, "2.1", 5)  # above the target: no gap
    # 4.2 never assessed: not a gap, "not assessed"
    rows = {row.competence.code: row for row in skills.employee_skills(employee).rows}
    assert rows["1.1"].gap == 2
    assert rows["2.1"].gap is None
    assert rows["4.2"].gap is None and rows["4.2"].not_assessed
    assert skills.employee_skills(employee).gap_count == 1


def test_the_latest_assessment_wins(employees):
    employee = employees[1]
    target(employee.job, "1.1", 4)
    assess(employee, "1.1", 4, day=DAY)
    assess(employee, "1.1", 1, day=DAY - datetime.timedelta(days=30))
    row = skills.employee_skills(employee).rows[0]
    assert (row.latest.level, row.gap) == (4, None)
    assess(employee, "1.1", 3, day=DAY + datetime.timedelta(days=1))
    row = skills.employee_skills(employee).rows[0]
    assert (row.latest.level, row.gap) == (3, 1)
    assert len(skills.employee_skills(employee).history) == 3


def test_only_the_targets_of_the_employees_own_job_count(employees, voorbeeldstad):
    employee = employees[1]
    other_job = JobFactory(organisation=voorbeeldstad)
    target(other_job, "1.1", 8)
    assess(employee, "1.1", 2)
    rows = skills.employee_skills(employee).rows
    assert [(r.competence.code, r.target, r.gap) for r in rows] == [("1.1", None, None)]
    # The manager has no job at all: no targets, no gaps.
    assess(employees[0], "1.1", 1)
    assert skills.employee_skills(employees[0]).gap_count == 0


def test_gap_counts_per_unit_and_area(employees, units, voorbeeldstad):
    job = employees[1].job
    target(job, "1.1", 4)
    target(job, "1.2", 4)
    target(job, "4.2", 3)
    assess(employees[1], "1.1", 2)
    assess(employees[1], "1.2", 2)  # two gaps in area 1: counted once
    assess(employees[2], "4.2", 1)
    assess(employees[3], "1.1", 4)  # meets the target
    assess(employees[4], "1.1", 1, day=DAY - datetime.timedelta(days=9))
    assess(employees[4], "1.1", 5)  # the latest meets it
    Employee.objects.filter(pk=employees[5].pk).update(active=False)
    assess(employees[5], "1.1", 1)  # left: not counted
    area1 = CompetenceArea.objects.get(organisation=voorbeeldstad, number=1)
    area4 = CompetenceArea.objects.get(organisation=voorbeeldstad, number=4)
    areas = CompetenceArea.objects.filter(organisation=voorbeeldstad)
    counts, totals = skills.gap_counts(voorbeeldstad, areas)
    assert counts == {(units[0].pk, area1.pk): 1, (units[0].pk, area4.pk): 1}
    assert totals == skills.gap_totals(voorbeeldstad) == {units[0].pk: 2}


# --- Framework ----------------------------------------------------------------------------------


def test_the_framework_is_readable_by_everyone_in_the_users_language(login, members):
    client = login(members[PM])
    response = client.get(url("skills:framework"))
    assert response.status_code == 200
    assert "Beheren van de digitale identiteit" in response.text
    assert "Hooggespecialiseerd" in response.text
    assert "Add a competence" not in response.text
    assert url("skills:competence_create") not in response.text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(url("skills:framework"))
    assert "Managing digital identity" in response.text
    assert "Highly specialised" in response.text


def test_each_competence_says_whether_it_is_digcomp_2_2_or_the_organisations_own(
    login, members, voorbeeldstad
):
    area = CompetenceArea.objects.for_organisation(voorbeeldstad).get(number=1)
    Competence.objects.create(
        organisation=voorbeeldstad, area=area, code="O.9", name="Eigen", digcomp=False
    )
    response = login(members[PM]).get(url("skills:framework"))
    rows = re.findall(
        r'scope="row">([^<]+)</th>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>\s*([^<]+?)\s*</td>',
        response.text,
    )
    sources = dict(rows)
    assert len(rows) == len(sources) == 22
    assert sources.pop("O.9") == "Eigen competentie"
    assert set(sources.values()) == {"DigComp 2.2"}
    assert "DigComp 2.2, " in response.text


def test_hr_adds_an_own_competence_in_a_new_area(login, members, voorbeeldstad):
    client = login(members[HR])
    response = client.post(
        url("skills:competence_create"),
        {"area": "", "code": "O.7", "name": "Werken met AI", "name_en": "Working with AI"},
    )
    assert response.status_code == 302
    own = Competence.objects.get(organisation=voorbeeldstad, code="O.7")
    assert not own.digcomp
    assert own.area.name == OWN_AREA_NL and own.area.number == 6
    # A second one goes into the same own area.
    client.post(url("skills:competence_create"), {"area": "", "code": "O.8", "name": "Nog een"})
    assert Competence.objects.get(code="O.8").area == own.area


def test_a_competence_code_is_unique_and_answered_at_the_field(login, members, voorbeeldstad):
    before = Competence.objects.count()
    response = login(members[HR]).post(
        url("skills:competence_create"), {"area": "", "code": "1.1", "name": "Dubbel"}
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert Competence.objects.count() == before
    assert not CompetenceArea.objects.filter(name=OWN_AREA_NL).exists()


def test_seed_003s_extras_are_one_click_away_and_added_once(login, members, voorbeeldstad):
    client = login(members[HR])
    assert "Datagedreven werken" in client.get(url("skills:framework")).text
    client.post(url("skills:competence_add_suggested"))
    client.post(url("skills:competence_add_suggested"))
    extras = Competence.objects.filter(organisation=voorbeeldstad, digcomp=False)
    assert sorted(extras.values_list("name", flat=True)) == [
        "Datagedreven werken",
        "Ethisch denken en handelen",
        "Verandermanagement",
    ]
    assert "Add the suggested competences" not in client.get(url("skills:framework")).text


def test_hr_cannot_edit_or_delete_digcomp_competences(login, members, voorbeeldstad):
    digcomp = competence(voorbeeldstad, "1.1")
    client = login(members[HR])
    assert client.get(url("skills:competence_edit", digcomp.pk)).status_code == 404
    response = client.post(
        url("skills:competence_edit", digcomp.pk), {"code": "1.1", "name": "Anders"}
    )
    assert response.status_code == 404
    assert client.post(url("skills:competence_delete", digcomp.pk)).status_code == 404
    digcomp.refresh_from_db()
    assert digcomp.name.startswith("Browsen")


def test_hr_edits_and_deletes_an_own_competence(login, members, employees, voorbeeldstad):
    client = login(members[HR])
    client.post(url("skills:competence_add_suggested"))
    own = competence(voorbeeldstad, "O.1")
    response = client.post(
        url("skills:competence_edit", own.pk),
        {"area": own.area_id, "code": "O.1", "name": "Datagedreven werken", "name_en": "Data"},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name_en == "Data"
    # An assessed competence stays: its history is kept.
    assess(employees[1], "O.1", 3)
    client.post(url("skills:competence_delete", own.pk), {"confirm": "1"})
    assert Competence.objects.filter(pk=own.pk).exists()
    other = competence(voorbeeldstad, "O.2")
    assert (
        client.post(url("skills:competence_delete", other.pk), {"confirm": "1"}).status_code == 302
    )
    assert not Competence.objects.filter(pk=other.pk).exists()


def test_removing_an_own_competence_asks_first_and_names_what_goes_with_it(
    login, members, employees, voorbeeldstad, programme_world, django_assert_max_num_queries
):
    from inclusion.models import InitiativeCompetence

    client = login(members[HR])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(url("skills:competence_add_suggested"))
    own = competence(voorbeeldstad, "O.1")
    target(employees[1].job, "O.1", 3)
    target(JobFactory(organisation=voorbeeldstad), "O.1", 2)
    InitiativeCompetence.objects.create(
        organisation=voorbeeldstad, initiative=programme_world["initiative"], competence=own
    )
    action = SkillsActionFactory(organisation=voorbeeldstad)
    action.competences.add(own)
    remove = url("skills:competence_delete", own.pk)
    assert remove in client.get(url("skills:competence_edit", own.pk)).text
    for asked in (client.get(remove), client.post(remove)):
        assert asked.status_code == 200
        assert "Its target levels in 2 jobs go with it." in asked.text
        assert "The level 1 initiative asks of it goes with it." in asked.text
        assert "1 digital-skills action no longer names it." in asked.text
        assert Competence.objects.filter(pk=own.pk).exists()
    with django_assert_max_num_queries(12):
        client.get(remove)
    assert client.post(remove, {"confirm": "1"}).status_code == 302
    assert not Competence.objects.filter(pk=own.pk).exists()
    assert not TargetLevel.objects.filter(competence_id=own.pk).exists()
    # The action itself stays, without the competence.
    assert list(action.competences.all()) == []


def test_a_competence_nothing_uses_says_so_when_asked(login, members, voorbeeldstad, settings):
    client = login(members[HR])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(url("skills:competence_add_suggested"))
    own = competence(voorbeeldstad, "O.2")
    asked = client.get(url("skills:competence_delete", own.pk))
    assert "No job, initiative or digital-skills action uses it." in asked.text
    assert " 0 " not in asked.text.split("<main")[1]


def test_an_assessed_competence_is_not_offered_for_removal(
    login, members, employees, voorbeeldstad
):
    client = login(members[HR])
    client.post(url("skills:competence_add_suggested"))
    own = competence(voorbeeldstad, "O.1")
    assess(employees[1], "O.1", 3)
    response = client.get(url("skills:competence_delete", own.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("skills:framework")
    assert [m.level_tag for m in response.context["messages"]][-1] == "error"
    assert Competence.objects.filter(pk=own.pk).exists()


def test_another_organisations_competence_is_404(login, members, buurdorp):
    from inclusion.skills.services import competences_add_suggested

    theirs = competences_add_suggested(organisation=buurdorp)[0]
    client = login(members[HR])
    assert client.get(url("skills:competence_edit", theirs.pk)).status_code == 404
    assert client.post(url("skills:competence_delete", theirs.pk)).status_code == 404


# --- Target levels ------------------------------------------------------------------------------


def targets_data(organisation, levels):
    data = {f"competence_{c.pk}": "" for c in Competence.objects.for_organisation(organisation)}
    for code, level in levels.items():
        data[f"competence_{competence(organisation, code).pk}"] = str(level)
    return data


def test_hr_sets_all_target_levels_of_a_job_at_once(login, members, employees, voorbeeldstad):
    job = employees[1].job
    target(job, "5.4", 2)
    target(job, "4.1", 2)
    client = login(members[HR])
    response = client.post(
        url("skills:job_targets_edit", job.pk),
        targets_data(voorbeeldstad, {"1.1": 3, "2.4": 4, "4.1": 5}),
    )
    assert response.status_code == 302
    assert dict(job.target_levels.values_list("competence__code", "level")) == {
        "1.1": 3,
        "2.4": 4,
        "4.1": 5,
    }
    page = login(members[DIRECTOR]).get(url("skills:job_targets", job.pk))
    assert page.status_code == 200
    assert "Samenwerken via digitale technologieën" in page.text
    jobs = login(members[PM]).get(url("skills:jobs"))
    assert "3 van 21" in jobs.text or "3 of 21" in jobs.text


def test_a_bad_target_level_is_answered_at_the_field_and_nothing_is_saved(
    login, members, employees, voorbeeldstad
):
    job = employees[1].job
    target(job, "1.1", 3)
    data = targets_data(voorbeeldstad, {"1.1": 5, "2.1": 9})
    response = login(members[HR]).post(url("skills:job_targets_edit", job.pk), data)
    assert response.status_code == 200
    bad = f"competence_{competence(voorbeeldstad, '2.1').pk}"
    assert list(response.context["form"].errors) == [bad]
    assert 'aria-invalid="true"' in response.text
    assert dict(job.target_levels.values_list("competence__code", "level")) == {"1.1": 3}


def test_only_hr_edits_target_levels_and_other_organisations_jobs_are_404(
    login, members, employees, buurdorp
):
    job = employees[1].job
    for role in (PM, DIRECTOR, ADMIN):
        assert login(members[role]).get(url("skills:job_targets_edit", job.pk)).status_code == 403
    theirs = JobFactory(organisation=buurdorp, name="Medewerker")
    client = login(members[HR])
    assert client.get(url("skills:job_targets", theirs.pk)).status_code == 404
    assert client.post(url("skills:job_targets_edit", theirs.pk), {}).status_code == 404


# --- Assessments (personal data) ----------------------------------------------------------------


def test_the_skills_page_shows_the_gap_is_logged_and_never_cached(login, members, employees):
    employee = employees[1]
    target(employee.job, "1.1", 5)
    assess(employee, "1.1", 2, source="self")
    response = login(members[ADMIN]).get(url("skills:employee_skills", employee.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'hx-history="false"' in response.text
    assert response.context["skills"].rows[0].gap == 3
    assert 'mw-badge--amber">3 ' in response.text
    entry = AccessLogEntry.objects.get(employee=employee)
    assert (entry.user, entry.action) == (members[ADMIN], "view")
    # An organisation admin reads, but cannot add.
    assert url("skills:assessment_create", employee.pk) not in response.text


def test_hr_adds_an_assessment_and_it_is_logged(login, members, employees, voorbeeldstad):
    employee = employees[1]
    c = competence(voorbeeldstad, "2.4")
    response = login(members[HR]).post(
        url("skills:assessment_create", employee.pk),
        {"competence": c.pk, "level": "4", "assessed_on": DAY.isoformat(), "source": "manager"},
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(employee=employee)
    assert (assessment.competence, assessment.level, assessment.source) == (c, 4, "manager")
    entry = AccessLogEntry.objects.get(action="create")
    assert (entry.employee, entry.user) == (employee, members[HR])
    assert "2.4" in entry.detail


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"assessed_on": "future"}, "assessed_on"),
        ({"level": "9"}, "level"),
        ({"level": "0"}, "level"),
        ({"source": "buurman"}, "source"),
        ({"competence": "other"}, "competence"),
    ],
)
def test_bad_assessment_input_is_answered_at_the_field(
    login, members, employees, voorbeeldstad, buurdorp, overrides, field
):
    from inclusion.skills.services import competences_add_suggested

    data = {
        "competence": competence(voorbeeldstad, "1.1").pk,
        "level": "3",
        "assessed_on": DAY.isoformat(),
        "source": "hr",
        **overrides,
    }
    if data["assessed_on"] == "future":
        data["assessed_on"] = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    if data["competence"] == "other":
        data["competence"] = competences_add_suggested(organisation=buurdorp)[0].pk
    response = login(members[HR]).post(url("skills:assessment_create", employees[1].pk), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Assessment.objects.exists()
    assert not AccessLogEntry.objects.filter(action="create").exists()


def test_a_programme_manager_cannot_add_or_see_assessments(login, members, employees):
    employee = employees[1]
    client = login(members[PM])
    assert client.get(url("skills:employee_skills", employee.pk)).status_code == 403
    response = client.post(
        url("skills:assessment_create", employee.pk),
        {"competence": 1, "level": "3", "assessed_on": DAY.isoformat(), "source": "hr"},
    )
    assert response.status_code == 403
    assert not Assessment.objects.exists()
    assert not AccessLogEntry.objects.exists()


def test_another_organisations_employee_is_404(login, other_members, employees):
    client = login(other_members[HR])
    assert client.get(url("skills:employee_skills", employees[1].pk)).status_code == 404
    assert client.get(url("skills:assessment_create", employees[1].pk)).status_code == 404


# --- Heatmap ------------------------------------------------------------------------------------


@pytest.fixture
def small_gaps(employees, voorbeeldstad):
    """Three of the team's five have a gap in area 1: a group smaller than five."""
    job = employees[1].job
    target(job, "1.1", 4)
    for employee in employees[1:4]:
        assess(employee, "1.1", 2)
    return employees


def heat_cells(response):
    heatmap = response.context["heatmap"]
    return [(row.employees, row.total.hidden, row.cells[0]) for row in heatmap.rows]


def test_a_director_sees_small_groups_as_under_five(login, members, small_gaps, units):
    response = login(members[DIRECTOR]).get(url("skills:heatmap"))
    assert response.status_code == 200
    [(total, total_hidden, cell)] = heat_cells(response)
    assert (total, total_hidden, cell.figure.hidden) == (6, False, True)
    assert "&lt;5" in response.text
    assert ">3 (" not in response.text
    for employee in small_gaps:
        assert employee.name not in response.text
    assert "<th" in response.text and 'scope="row"' in response.text


def test_hr_sees_the_numbers(login, members, small_gaps, units):
    response = login(members[HR]).get(url("skills:heatmap"))
    [(total, total_hidden, cell)] = heat_cells(response)
    assert (total, total_hidden, cell.count, cell.figure.hidden, cell.share.percentage) == (
        6,
        False,
        3,
        False,
        50,
    )
    assert "3 (50%)" in response.text
    for employee in small_gaps:
        assert employee.name not in response.text


def test_a_small_units_total_is_hidden_too(login, members, small_gaps, units, voorbeeldstad):
    Employee.objects.filter(pk__in=[e.pk for e in small_gaps[4:]]).update(unit=units[1])
    response = login(members[PM]).get(url("skills:heatmap"))
    rows = {row.unit: row for row in response.context["heatmap"].rows}
    assert rows[units[0]].total.hidden and rows[units[1]].total.hidden
    assert all(cell.figure.hidden for row in rows.values() for cell in row.cells)
    assert ">4<" not in response.text and ">2<" not in response.text


def test_the_threshold_is_the_organisations_own(login, members, small_gaps, voorbeeldstad):
    InclusionSettings.objects.create(organisation=voorbeeldstad, min_group_size=7)
    response = login(members[DIRECTOR]).get(url("skills:heatmap"))
    [(_total, total_hidden, _cell)] = heat_cells(response)
    assert total_hidden and "&lt;7" in response.text


def test_a_big_enough_group_is_shown_to_a_director(login, members, small_gaps, units):
    """Six with a gap and five without: both parts are groups of five or more."""
    for employee in EmployeeFactory.create_batch(3, unit=units[0], job=small_gaps[1].job):
        assess(employee, "1.1", 1)
    EmployeeFactory.create_batch(2, unit=units[0], job=small_gaps[1].job)
    response = login(members[DIRECTOR]).get(url("skills:heatmap"))
    [(total, _hidden, cell)] = heat_cells(response)
    assert (total, cell.count, cell.figure.hidden, cell.share.percentage) == (11, 6, False, 55)
    assert "6 (55%)" in response.text


def test_a_group_whose_remainder_is_small_is_hidden(login, members, small_gaps, units):
    """Six of nine with a gap says that three have none: the six is hidden."""
    for employee in EmployeeFactory.create_batch(3, unit=units[0], job=small_gaps[1].job):
        assess(employee, "1.1", 1)
    response = login(members[DIRECTOR]).get(url("skills:heatmap"))
    [(total, _hidden, cell)] = heat_cells(response)
    assert (total, cell.count, cell.figure.hidden, str(cell.share)) == (9, 6, True, "\u2013")
    table = response.text.split('id="heatmap-table"')[1].split("</table>")[0]
    assert "6 (" not in table and "\u2013" in table


def test_the_heatmap_filters_by_job_with_htmx_and_without(
    login, members, small_gaps, voorbeeldstad
):
    other = JobFactory(organisation=voorbeeldstad)
    target(other, "2.1", 3)
    client = login(members[HR])
    full = client.get(url("skills:heatmap"), {"job": other.pk})
    assert full.context["job"] == other and "<html" in full.text
    assert full.context["heatmap"].rows == []
    partial = client.get(url("skills:heatmap"), {"job": small_gaps[1].job.pk}, headers=HTMX)
    assert "<html" not in partial.text and 'id="heatmap"' in partial.text
    assert "3 (60%)" in partial.text


@pytest.fixture
def team_and_leader(small_gaps, units, voorbeeldstad):
    """A team of ten in one job, five of them with a gap in area 1, and their manager,
    in a job of her own, with a gap there too: the unit has six of eleven."""
    manager, team_job = small_gaps[0], small_gaps[1].job
    manager.job = JobFactory(organisation=voorbeeldstad, name="Teamleider")
    manager.save()
    target(manager.job, "1.1", 4)
    assess(manager, "1.1", 2)
    for employee in EmployeeFactory.create_batch(2, unit=units[0], job=team_job):
        assess(employee, "1.1", 1)
    EmployeeFactory.create_batch(3, unit=units[0], job=team_job)
    return manager, team_job


def area_one(response):
    [row] = response.context["heatmap"].rows
    return row.total, row.cells[0].figure


@pytest.mark.parametrize("role", [DIRECTOR, PM], ids=str)
def test_a_job_beside_its_whole_unit_gives_nobody_away(login, members, team_and_leader, role):
    """Eleven with six gaps, the team's ten with five: the difference would be the manager
    and her gap. Filtered by the team's job, the director sees neither ten nor five; nor
    the unit as the job's only one, for the lists of jobs show the job's ten in all, and
    the unit's eleven less those ten is the manager again. The page says why."""
    _manager, team_job = team_and_leader
    client = login(members[role])
    size, cell = area_one(client.get(url("skills:heatmap")))
    assert (str(size), str(cell)) == ("11", "6")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url("skills:heatmap"), {"job": team_job.pk})
    heatmap = response.context["heatmap"]
    assert heatmap.withheld and list(heatmap.rows) == []
    assert 'id="heatmap-table"' not in response.text
    assert f"The figures of the job {team_job.name} cannot be shown per unit" in response.text


def test_hr_sees_a_jobs_figures_exactly(login, members, team_and_leader):
    _manager, team_job = team_and_leader
    response = login(members[HR]).get(url("skills:heatmap"), {"job": team_job.pk})
    size, cell = area_one(response)
    assert (str(size), str(cell)) == ("10", "5")


def test_a_job_is_shown_where_the_rest_of_its_unit_is_a_group_too(
    login, members, team_and_leader, units, voorbeeldstad
):
    """Beside the team (ten, five with a gap), ten in another job (the manager among
    them), five with a gap: each job's part and what is left of the unit are groups of
    five or more."""
    manager, team_job = team_and_leader
    other = JobFactory(organisation=voorbeeldstad)
    target(other, "1.1", 4)
    leader_job, manager.job = manager.job, other
    manager.save()
    # A job nobody has any more: on the lists of jobs its 0 would hide the team's 10, and
    # the heatmap would show nothing per unit for the team's job (tested below).
    leader_job.delete()
    for employee in EmployeeFactory.create_batch(4, unit=units[0], job=other):
        assess(employee, "1.1", 1)
    EmployeeFactory.create_batch(5, unit=units[0], job=other)
    client = login(members[DIRECTOR])
    size, cell = area_one(client.get(url("skills:heatmap")))
    assert (str(size), str(cell)) == ("20", "10")
    size, cell = area_one(client.get(url("skills:heatmap"), {"job": team_job.pk}))
    assert (str(size), str(cell)) == ("10", "5")


def test_a_job_whose_number_the_lists_hide_is_not_shown_per_unit(
    login, members, team_and_leader, units, voorbeeldstad
):
    """As above, but the team leader's job is left with nobody: the lists of jobs hide
    its 0, and the team's 10 with it. The team's unit, 10 beside the other job's 10,
    would add up to the 10 the lists hide, and the level's 20 less both to the 0."""
    from inclusion.metamorphosis.queries import job_figures

    manager, team_job = team_and_leader
    other = JobFactory(organisation=voorbeeldstad)
    manager.job = other
    manager.save()
    EmployeeFactory.create_batch(9, unit=units[0], job=other)
    groups = SmallGroups.of(voorbeeldstad, exact=False)
    assert job_figures(voorbeeldstad, groups)[team_job.pk].employees.hidden
    response = login(members[DIRECTOR]).get(url("skills:heatmap"), {"job": team_job.pk})
    assert response.context["heatmap"].withheld
    response = login(members[HR]).get(url("skills:heatmap"), {"job": team_job.pk})
    size, _cell = area_one(response)
    assert str(size) == "10"


def add_employees_with_assessments(organisation, units, job, count):
    """`count` employees of `job`, in each unit and in none in turn, each assessed twice."""
    unit_cycle = [*units, None]
    added = []
    for n in range(count):
        employee = EmployeeFactory(
            organisation=organisation, unit=unit_cycle[n % len(unit_cycle)], job=job
        )
        for code in ("1.1", "2.4", "4.2"):
            assess(employee, code, 1 + n % 4)
            assess(employee, code, 2 + n % 5, day=DAY + datetime.timedelta(days=1))
        added.append(employee)
    return added


@pytest.mark.parametrize("filtered", [False, True], ids=["all jobs", "one job"])
@pytest.mark.parametrize("role", [HR, DIRECTOR], ids=str)
def test_heatmap_queries_do_not_grow_with_employees(
    login, members, employees, units, voorbeeldstad, role, filtered, django_assert_max_num_queries
):
    job = employees[1].job
    for code, level in (("1.1", 4), ("2.4", 5), ("4.2", 3), ("5.1", 4)):
        target(job, code, level)
    client = login(members[role])
    query = {"job": job.pk} if filtered else {}
    add_employees_with_assessments(voorbeeldstad, units, job, 2)
    other = JobFactory(organisation=voorbeeldstad)
    add_employees_with_assessments(voorbeeldstad, units, other, 2)
    with django_assert_max_num_queries(30) as small:
        assert client.get(url("skills:heatmap"), query).status_code == 200
    add_employees_with_assessments(voorbeeldstad, units, job, 30)
    add_employees_with_assessments(voorbeeldstad, units, other, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("skills:heatmap"), query)
    expected = 37 if filtered else 70
    assert sum(row.employees for row in response.context["heatmap"].rows) == expected


def test_reads_run_a_fixed_number_of_queries(
    employees, units, voorbeeldstad, django_assert_num_queries
):
    job = employees[1].job
    target(job, "1.1", 4)
    added = add_employees_with_assessments(voorbeeldstad, units, job, 30)
    with django_assert_num_queries(5):
        skills.heatmap(voorbeeldstad, groups=SmallGroups.of(voorbeeldstad, exact=False))
    employee = added[1]
    with django_assert_num_queries(3):
        skills.employee_skills(employee)


def test_the_employee_skills_page_queries_do_not_grow_with_history(
    login, members, employees, django_assert_max_num_queries
):
    employee = employees[1]
    target(employee.job, "1.1", 4)
    client = login(members[HR])
    assess(employee, "1.1", 1)
    with django_assert_max_num_queries(30) as small:
        client.get(url("skills:employee_skills", employee.pk))
    for n in range(20):
        assess(
            employee,
            ["1.1", "2.4", "3.1", "5.2"][n % 4],
            1 + n % 8,
            day=DAY - datetime.timedelta(days=n),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("skills:employee_skills", employee.pk))


def test_the_heatmap_shows_25_units_a_page_and_says_whose_teams_continue(
    login, members, voorbeeldstad, employees, django_assert_max_num_queries
):
    """A directorate with a department of 30 teams: the first page ends in the middle of
    the department, and the second page names the department and directorate its teams
    belong to. The figures are those of the whole organisation on every page."""
    from organisations.models import UnitKind

    job = employees[1].job
    target(job, "1.1", 4)
    directorate = OrganisationUnitFactory(
        organisation=voorbeeldstad, name="Directie Dienstverlening", kind=UnitKind.DIRECTORATE
    )
    department = OrganisationUnitFactory(
        organisation=voorbeeldstad,
        name="Afdeling Burgerzaken",
        kind=UnitKind.DEPARTMENT,
        parent=directorate,
    )
    teams = [
        OrganisationUnitFactory(
            organisation=voorbeeldstad, name=f"Team {n:02d}", kind=UnitKind.TEAM, parent=department
        )
        for n in range(30)
    ]
    for unit in [directorate, department, *teams]:
        employee = EmployeeFactory(organisation=voorbeeldstad, unit=unit, job=job)
        assess(employee, "1.1", 2)
    client = login(members[HR])
    with django_assert_max_num_queries(30):
        first = client.get(url("skills:heatmap"), {"job": job.pk})
    rows = first.context["heatmap"].rows
    assert len(rows) > 25 and len(first.context["page"]) == 25
    assert "Continued from" not in first.text and "Vervolg van" not in first.text
    assert f"job={job.pk}" in first.context["page"].next_url

    second = client.get(first.context["page"].next_url)
    shown = [row.unit for row in second.context["page"]]
    assert shown == [row.unit for row in rows[25:50]]
    assert all(unit in teams for unit in shown)
    assert [unit.name for unit in second.context["continued_from"]] == [
        "Directie Dienstverlening",
        "Afdeling Burgerzaken",
    ]
    assert "Directie Dienstverlening \u203a Afdeling Burgerzaken" in second.text
    table = second.text.split('id="heatmap-table"')[1].split("</table>")[0]
    assert "Team 00" not in table and shown[0].name in table
    assert second.context["heatmap"].rows == rows


def test_a_unit_without_employees_is_left_out(login, members, small_gaps, voorbeeldstad):
    empty = OrganisationUnitFactory(organisation=voorbeeldstad)
    response = login(members[HR]).get(url("skills:heatmap"))
    assert empty.name not in response.text


def test_the_assessment_form_names_its_fields_in_the_pages_language(login, members, employees):
    client = login(members[HR])
    dutch = client.get(url("skills:assessment_create", employees[1].pk))
    assert ">Competentie<" in dutch.text and ">Competence<" not in dutch.text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url("skills:assessment_create", employees[1].pk))
    assert ">Competence<" in english.text


def test_a_cell_beside_a_hidden_unit_size_has_no_colour():
    """Five with a gap in a unit whose size is hidden: "half or more" in red would say
    the unit has at most ten, narrowing the size the page hides."""
    groups = SmallGroups(5, exact=False)
    size = groups.group(10).masked()
    figure = groups.count(5, 20)
    cell = skills.HeatCell(figure, groups.share(figure, size), 10)
    assert not cell.figure.hidden and cell.share.hidden
    assert cell.intensity == "unrated"
    html = Template('{% include "inclusion/skills/_heat_cell.html" %}').render(
        Context({"cell": cell})
    )
    assert "mw-badge" not in html and "5 (\u2013)" in html
    shown = skills.HeatCell(figure, groups.share(figure, groups.group(10)), 10)
    assert shown.intensity == "high"


def test_the_heatmap_and_the_coverage_page_hide_the_same_unit_sizes(voorbeeldstad):
    """By name the coverage page lists A-team, B-team, M-team, Z-afdeling; the heatmap
    lists the tree: M-team, Z-afdeling, and under it A-team and B-team. B-team's three
    hide one of the two eights: the same one on both pages, or one page would show the
    eight the other hides, and the whole less the rest would give the three back."""
    from inclusion.actions import queries as coverage

    parent = OrganisationUnitFactory(organisation=voorbeeldstad, name="Z-afdeling")
    team_a = OrganisationUnitFactory(organisation=voorbeeldstad, name="A-team", parent=parent)
    team_b = OrganisationUnitFactory(organisation=voorbeeldstad, name="B-team", parent=parent)
    team_m = OrganisationUnitFactory(organisation=voorbeeldstad, name="M-team")
    for unit, size in ((team_a, 8), (team_b, 3), (team_m, 8), (parent, 40)):
        EmployeeFactory.create_batch(size, organisation=voorbeeldstad, unit=unit)
    groups = SmallGroups.of(voorbeeldstad, exact=False)
    rows = coverage.coverage_table(groups, coverage.pop_coverage(voorbeeldstad, 2026)).rows
    by_name = {row.unit.pk for row in rows if row.active.hidden}
    tree = skills.heatmap(voorbeeldstad, groups=groups).rows
    in_tree = {row.unit.pk for row in tree if row.total.hidden}
    assert [row.unit for row in rows] != [row.unit for row in tree]
    assert team_b.pk in by_name and len(by_name & {team_a.pk, team_m.pk}) == 1
    assert by_name == in_tree
