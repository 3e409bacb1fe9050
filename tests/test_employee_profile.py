"""The employee's profile: one page per employee for HR advisers and organisation
admins, logged once per opening, with the record, skills against the job (and the
new job a trajectory leads to), POP-gesprekken, actions, trajectories and changes, in
a number of queries that does not grow with the employee's history. And the employee
list's search and filters."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from inclusion.employees import queries
from inclusion.models import (
    AccessLogEntry,
    ActionStatus,
    Assessment,
    Competence,
    Employee,
    TargetLevel,
    TrajectoryStatus,
    Vulnerability,
)
from organisations.models import Role
from tests.factories import (
    EmployeeFactory,
    JobFactory,
    MobilityTrajectoryFactory,
    PopConversationFactory,
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
DAY = datetime.date(2026, 3, 2)

url = urls_of("inclusion")


def competence(organisation, code):
    return Competence.objects.get(organisation=organisation, code=code)


def target(job, code, level):
    TargetLevel.objects.create(
        organisation=job.organisation,
        job=job,
        competence=competence(job.organisation, code),
        level=level,
    )


def assess(employee, code, level, day=DAY):
    Assessment.objects.create(
        organisation=employee.organisation,
        employee=employee,
        competence=competence(employee.organisation, code),
        level=level,
        assessed_on=day,
        source="hr",
    )


def history(employee, size: int, first: int = 0):
    """`size` of everything: assessments, POP-gesprekken, actions, trajectories (the
    `first`th and on, so that a second call adds to the first)."""
    organisation = employee.organisation
    codes = list(
        Competence.objects.for_organisation(organisation).values_list("code", flat=True)[:size]
    )
    for n in range(first, first + size):
        assess(employee, codes[n % len(codes)], 1 + n % 8, DAY - datetime.timedelta(days=n))
        PopConversationFactory(employee=employee, held_on=datetime.date(2000 + n, 5, 1))
        action = SkillsActionFactory(
            organisation=organisation,
            employees=[employee],
            held_on=DAY - datetime.timedelta(days=n),
            status=ActionStatus.PLANNED if n % 2 else ActionStatus.DONE,
        )
        action.competences.set(Competence.objects.for_organisation(organisation)[:2])
        MobilityTrajectoryFactory(
            employee=employee,
            destination="internal_job",
            destination_job=JobFactory(organisation=organisation),
            status=TrajectoryStatus.ACTIVE,
        )


@pytest.fixture
def employee(employees):
    employee = employees[1]
    target(employee.job, "1.1", 4)
    target(employee.job, "2.1", 3)
    assess(employee, "1.1", 2)
    assess(employee, "2.1", 3)
    return employee


def test_the_profile_shows_every_section(login, members, employee, voorbeeldstad):
    new_job = JobFactory(organisation=voorbeeldstad, name="Informatiebeheerder")
    target(new_job, "1.1", 5)
    target(new_job, "3.3", 4)
    MobilityTrajectoryFactory(
        employee=employee,
        destination="internal_job",
        destination_job=new_job,
        status=TrajectoryStatus.ACTIVE,
        started_on=DAY,
    )
    PopConversationFactory(
        employee=employee, held_on=DAY, digital_skills=True, agreements="Cursus Excel"
    )
    SkillsActionFactory(
        organisation=voorbeeldstad, employees=[employee], status=ActionStatus.PLANNED
    )
    SkillsActionFactory(organisation=voorbeeldstad, employees=[employee], status=ActionStatus.DONE)

    response = login(members[HR]).get(url("employees:detail", employee.pk))
    assert response.status_code == 200
    page = response.text
    for section in ("record", "skills", "pop", "actions", "trajectories", "changes", "inzage"):
        assert f'href="#{section}"' in page and f'id="{section}"' in page
    profile = response.context["profile"]
    own = {row.competence.code: row.gap for row in profile.skills.rows}
    assert own == {"1.1": 2, "2.1": None}
    [against] = profile.new_jobs
    assert against.job == new_job
    assert {row.competence.code: row.gap for row in against.rows} == {"1.1": 3, "3.3": None}
    assert 'id="skills-job"' in page and f'id="skills-job-{new_job.pk}"' in page
    assert "Cursus Excel" in page
    # Planned and done differ in colour and in text.
    assert 'mw-badge--planned">Gepland<' in page and 'mw-badge--done">Afgerond<' in page
    assert "Informatiebeheerder" in page
    log = reverse("inclusion:actions:log") + "?" + urlencode({"employees": employee.pk})
    assert f'href="{log}"' in page


def test_opening_the_profile_writes_one_entry_about_the_employee(login, members, employee):
    before = AccessLogEntry.objects.count()
    response = login(members[ADMIN]).get(url("employees:detail", employee.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.latest("pk")
    assert (entry.employee, entry.user, entry.action) == (employee, members[ADMIN], "view")
    # An organisation admin reads, but does not log actions or edit.
    assert reverse("inclusion:actions:log") not in response.text


@pytest.mark.parametrize("role", [DIRECTOR, PM], ids=str)
def test_who_may_not_see_names_gets_no_profile(login, members, employee, role):
    response = login(members[role]).get(url("employees:detail", employee.pk))
    assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(employee=employee).exists()


def test_another_organisations_hr_adviser_finds_nothing(login, other_members, employee):
    response = login(other_members[HR]).get(url("employees:detail", employee.pk))
    assert response.status_code == 404


def test_long_histories_show_their_latest_and_lead_to_the_rest(login, members, employee):
    history(employee, queries.LATEST_ACTIONS + 3)
    response = login(members[HR]).get(url("employees:detail", employee.pk))
    profile = response.context["profile"]
    assert len(profile.actions) == queries.LATEST_ACTIONS
    assert profile.action_count == queries.LATEST_ACTIONS + 3
    dates = [action.held_on for action in profile.actions]
    assert dates == sorted(dates, reverse=True), "most recent first"
    assert len(profile.pops) == queries.LATEST_POPS and profile.pop_count == 23
    assert [pop.year for pop in profile.pops] == [2022, 2021, 2020]
    pop_page = reverse("inclusion:actions:employee_pop", args=[employee.pk])
    assert f'href="{pop_page}#actions-heading"' in response.text


def test_a_finished_trajectory_or_one_to_the_own_job_adds_no_comparison(
    login, members, employee, voorbeeldstad
):
    elsewhere = JobFactory(organisation=voorbeeldstad)
    MobilityTrajectoryFactory(
        employee=employee,
        destination="internal_job",
        destination_job=elsewhere,
        status=TrajectoryStatus.COMPLETED,
        started_on=DAY,
        ended_on=DAY,
    )
    MobilityTrajectoryFactory(employee=employee, status=TrajectoryStatus.PLANNED)
    response = login(members[HR]).get(url("employees:detail", employee.pk))
    assert response.context["profile"].new_jobs == []
    assert len(response.context["profile"].trajectories) == 2


def test_an_employee_without_anything_gets_a_calm_profile(login, members, voorbeeldstad):
    nobody = EmployeeFactory(organisation=voorbeeldstad, name="Nieuwe Collega")
    response = login(members[HR]).get(url("employees:detail", nobody.pk))
    assert response.status_code == 200
    profile = response.context["profile"]
    assert (profile.actions, profile.pops, profile.trajectories) == ([], [], [])
    assert profile.action_count == 0


@pytest.mark.parametrize("role", [HR, ADMIN], ids=str)
def test_the_profile_needs_a_number_of_queries_that_does_not_grow(
    login, members, employee, voorbeeldstad, django_assert_max_num_queries, role
):
    client = login(members[role])
    history(employee, 2)
    client.get(url("employees:detail", employee.pk))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url("employees:detail", employee.pk)).status_code == 200
    history(employee, 30, first=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("employees:detail", employee.pk))
    assert response.context["profile"].action_count == 32
    assert len(response.context["profile"].new_jobs) == 32


# --- The employee list --------------------------------------------------------------------------


@pytest.fixture
def staff(voorbeeldstad, units, employees):
    """Three more: a clerk in a job rated high, one rated medium, one in a safe job."""
    high = JobFactory(organisation=voorbeeldstad, name="Archief", vulnerability=Vulnerability.HIGH)
    medium = JobFactory(
        organisation=voorbeeldstad, name="Balie", vulnerability=Vulnerability.MEDIUM
    )
    low = JobFactory(organisation=voorbeeldstad, name="Beleid", vulnerability=Vulnerability.LOW)
    return {
        "high": EmployeeFactory(
            organisation=voorbeeldstad, name="Hanna Hoog", personnel_number="7001", job=high
        ),
        "medium": EmployeeFactory(
            organisation=voorbeeldstad, name="Mo Midden", personnel_number="7002", job=medium
        ),
        "low": EmployeeFactory(
            organisation=voorbeeldstad, name="Lea Laag", personnel_number="7003", job=low
        ),
    }


def names(response) -> set[str]:
    return {employee.name for employee in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"q": "hanna hoog"}, {"Hanna Hoog"}),
        ({"q": "700"}, {"Hanna Hoog", "Mo Midden", "Lea Laag"}),
        ({"vulnerability": "vulnerable"}, {"Hanna Hoog", "Mo Midden"}),
        ({"vulnerability": "high"}, {"Hanna Hoog"}),
        ({"vulnerability": "medium", "q": "mo"}, {"Mo Midden"}),
        ({"vulnerability": "nonsense", "q": "700"}, {"Hanna Hoog", "Mo Midden", "Lea Laag"}),
    ],
)
def test_the_list_searches_and_filters(login, members, staff, query, found):
    response = login(members[HR]).get(url("employees:list"), query)
    assert response.status_code == 200
    assert names(response) == found


def test_the_list_filters_by_job(login, members, staff, employees):
    client = login(members[HR])
    job = staff["low"].job
    assert names(client.get(url("employees:list"), {"job": job.pk})) == {"Lea Laag"}
    team = client.get(
        url("employees:list"), {"job": employees[1].job_id, "unit": employees[1].unit_id}
    )
    assert names(team) == {e.name for e in employees[1:]}


def test_the_list_searches_through_htmx_and_keeps_its_filters_in_the_pages(
    login, members, staff, voorbeeldstad
):
    EmployeeFactory.create_batch(
        60, organisation=voorbeeldstad, job=staff["high"].job, name="Archivaris"
    )
    client = login(members[HR])
    response = client.get(url("employees:list"), {"vulnerability": "high"}, headers=HTMX)
    assert response.text.lstrip().startswith('<div id="results"')
    assert response.context["page"].paginator.count == 61
    assert "vulnerability=high" in response.text and "page=2" in response.text
    second = client.get(url("employees:list"), {"vulnerability": "high", "page": 2})
    assert len(second.context["page"].object_list) == 11


def test_the_filtered_list_needs_a_number_of_queries_that_does_not_grow(
    login, members, staff, voorbeeldstad, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(members[HR])
    query = {"vulnerability": "vulnerable", "q": "a", "job": staff["high"].job_id}
    client.get(url("employees:list"), query)
    with CaptureQueriesContext(connection) as small:
        client.get(url("employees:list"), query)
    EmployeeFactory.create_batch(80, organisation=voorbeeldstad, job=staff["high"].job)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("employees:list"), query)
    assert response.context["page"].paginator.count == 81
    assert Employee.objects.count() > 80
