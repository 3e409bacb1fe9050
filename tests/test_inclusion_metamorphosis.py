"""Functiemetamorfose and the Inclusie dashboard: counts are computed, small groups are
hidden from those who may not see individuals, and trajectories are personal data.

The nine lessons and the evidence they show are in test_inclusion_lessons.py.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion.models import (
    AccessLogEntry,
    ActionKind,
    ActionStatus,
    Destination,
    Employee,
    Job,
    LessonAssessment,
    MobilityTrajectory,
    TrajectoryStatus,
)
from organisations.models import Role
from tests.factories import (
    EmployeeFactory,
    JobFactory,
    MobilityTrajectoryFactory,
    ProgrammeFactory,
    SkillsActionFactory,
)
from tests.helpers import urls_of

pytestmark = pytest.mark.django_db

HR, DIRECTOR, PM = Role.HR_ADVISER, Role.DIRECTOR, Role.PROGRAMME_MANAGER

url = urls_of("inclusion")


def trajectory(employee, *, status=TrajectoryStatus.ACTIVE):
    """An employee's trajectory from her own job to upskilling in it."""
    return MobilityTrajectoryFactory(
        employee=employee, destination=Destination.UPSKILLED, status=status
    )


def add_employees(job, count):
    return EmployeeFactory.create_batch(count, organisation=job.organisation, job=job)


@pytest.fixture
def job(employees):
    job = employees[1].job
    job.vulnerability = "high"
    job.vulnerability_reason = "Selfservice neemt routineaanvragen over."
    job.horizon = "binnen twee jaar"
    job.save()
    return job


# --- Vulnerable jobs ----------------------------------------------------------------------------


def test_employee_counts_are_computed_from_the_active_employees(login, members, employees, job):
    Employee.objects.filter(pk=employees[5].pk).update(active=False)
    response = login(members[HR]).get(url("metamorphosis:jobs"))
    assert response.status_code == 200
    (row,) = response.context["rated"]
    assert row["job"] == job
    assert row["employees"].count == 4
    assert str(row["employees"]) == "4"
    EmployeeFactory(organisation=job.organisation, job=job)
    response = login(members[HR]).get(url("metamorphosis:jobs"))
    assert response.context["rated"][0]["employees"].count == 5


def test_a_jobs_employees_and_trajectories_are_counted_apart(login, members, employees, job):
    # Five employees and three trajectories: neither count multiplies the other.
    for employee in employees[1:4]:
        trajectory(employee)
    (row,) = login(members[HR]).get(url("metamorphosis:jobs")).context["rated"]
    assert (row["employees"].count, row["trajectories"].count) == (5, 3)


def test_a_small_group_is_hidden_from_a_director_and_shown_to_hr(login, members, employees, job):
    Employee.objects.filter(pk=employees[5].pk).update(active=False)
    director = login(members[DIRECTOR]).get(url("metamorphosis:jobs"))
    assert str(director.context["rated"][0]["employees"]) == "<5"
    assert "&lt;5" in director.text
    hr = login(members[HR]).get(url("metamorphosis:jobs"))
    assert str(hr.context["rated"][0]["employees"]) == "4"


def test_the_threshold_is_the_organisations_own(login, members, employees, job):
    from inclusion.models import InclusionSettings

    InclusionSettings.objects.create(organisation=job.organisation, min_group_size=10)
    response = login(members[DIRECTOR]).get(url("metamorphosis:jobs"))
    assert str(response.context["rated"][0]["employees"]) == "<10"


def test_the_job_lists_show_25_jobs_a_page_each(
    login, members, employees, job, django_assert_max_num_queries
):
    """Thirty rated jobs and thirty not assessed: each list pages on its own, the most
    vulnerable first, and the other list's page stays where it was."""
    for n in range(29):
        JobFactory(organisation=job.organisation, name=f"Functie {n:02d}", vulnerability="low")
    for n in range(30):
        JobFactory(
            organisation=job.organisation, name=f"Nog te beoordelen {n:02d}", vulnerability=""
        )
    client = login(members[DIRECTOR])
    with django_assert_max_num_queries(20) as first_queries:
        first = client.get(url("metamorphosis:jobs"))
    rated, unrated = first.context["rated"], first.context["unrated"]
    assert (len(rated), rated.paginator.count) == (25, 30)
    assert rated[0]["job"] == job  # high before low
    assert len(unrated) == 25 and "Nog te beoordelen 25" not in first.text
    assert first.text.count('class="mw-pagination"') == 2

    with django_assert_max_num_queries(len(first_queries.captured_queries)):
        second = client.get(unrated.next_url)
    assert [row["job"].name for row in second.context["unrated"]] == [
        f"Nog te beoordelen {n:02d}" for n in range(25, 30)
    ]
    assert second.context["rated"].number == 1
    third = client.get(second.context["rated"].next_url)
    assert (third.context["rated"].number, third.context["unrated"].number) == (2, 2)
    assert [row["job"].name for row in third.context["rated"]] == [
        f"Functie {n:02d}" for n in range(24, 29)
    ]


def test_an_hr_adviser_rates_a_job(login, members, employees):
    job = employees[1].job
    client = login(members[HR])
    response = client.post(
        url("metamorphosis:job_edit", job.pk),
        {"vulnerability": "medium", "vulnerability_reason": "Invoer", "horizon": "2028"},
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.vulnerability, job.vulnerability_reason, job.horizon) == (
        "medium",
        "Invoer",
        "2028",
    )


def test_a_vulnerable_rating_needs_a_reason(login, members, employees):
    job = employees[1].job
    response = login(members[HR]).post(
        url("metamorphosis:job_edit", job.pk), {"vulnerability": "high", "horizon": "2028"}
    )
    assert response.status_code == 200
    assert "vulnerability_reason" in response.context["form"].errors
    job.refresh_from_db()
    assert job.vulnerability == ""


def test_a_programme_manager_cannot_edit_a_job(login, members, employees):
    job = employees[1].job
    response = login(members[PM]).post(
        url("metamorphosis:job_edit", job.pk), {"vulnerability": "low"}
    )
    assert response.status_code == 403
    job.refresh_from_db()
    assert job.vulnerability == ""


# --- Mobility trajectories ----------------------------------------------------------------------


def trajectory_data(**overrides):
    return {
        "destination": "upskilled",
        "status": "planned",
        "started_on": "2026-01-05",
        "outcome": "",
        **overrides,
    }


def test_an_internal_move_needs_the_new_job(login, members, employees, job):
    employee = employees[1]
    response = login(members[HR]).post(
        url("metamorphosis:trajectory_create", employee.pk),
        trajectory_data(from_job=job.pk, destination="internal_job"),
    )
    assert response.status_code == 200
    assert "destination_job" in response.context["form"].errors
    assert not MobilityTrajectory.objects.exists()


def test_the_new_job_differs_from_the_old(login, members, employees, job):
    response = login(members[HR]).post(
        url("metamorphosis:trajectory_create", employees[1].pk),
        trajectory_data(from_job=job.pk, destination="internal_job", destination_job=job.pk),
    )
    assert "destination_job" in response.context["form"].errors


def test_starting_a_trajectory_is_logged(login, members, employees, job):
    employee = employees[1]
    new_job = JobFactory(organisation=job.organisation, name="Informatiebeheerder")
    client = login(members[HR])
    response = client.post(
        url("metamorphosis:trajectory_create", employee.pk),
        trajectory_data(
            from_job=job.pk, destination="internal_job", destination_job=new_job.pk, status="active"
        ),
    )
    assert response.status_code == 302
    saved = MobilityTrajectory.objects.get()
    assert (saved.employee, saved.destination_job, saved.status) == (employee, new_job, "active")
    assert AccessLogEntry.objects.filter(employee=employee, action="create").exists()

    response = client.get(url("metamorphosis:employee_trajectories", employee.pk))
    assert "no-store" in response["Cache-Control"]
    assert "Informatiebeheerder" in response.text
    assert AccessLogEntry.objects.filter(employee=employee, action="view").exists()


def test_a_new_job_is_dropped_when_the_destination_is_not_internal(login, members, employees, job):
    new_job = JobFactory(organisation=job.organisation)
    login(members[HR]).post(
        url("metamorphosis:trajectory_create", employees[1].pk),
        trajectory_data(from_job=job.pk, destination="external", destination_job=new_job.pk),
    )
    assert MobilityTrajectory.objects.get().destination_job is None


def test_editing_a_trajectory_is_logged_with_the_fields(login, members, employees, job):
    saved = trajectory(employees[1])
    response = login(members[HR]).post(
        url("metamorphosis:trajectory_edit", saved.pk),
        trajectory_data(
            from_job=job.pk, status="completed", ended_on="2026-06-30", outcome="Bijgeschoold"
        ),
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.status, saved.ended_on) == ("completed", datetime.date(2026, 6, 30))
    entry = AccessLogEntry.objects.get(action="update")
    assert "status" in entry.detail and "outcome" in entry.detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "completed"}, "Give the day the trajectory ended."),
        ({"status": "active", "ended_on": "2026-06-30"}, "Only a completed or stopped trajectory"),
        ({"status": "stopped", "ended_on": "2025-12-31"}, "cannot end before it started"),
    ],
)
def test_the_end_of_a_trajectory_fits_its_status_and_start(
    login, members, employees, job, changes, message
):
    saved = trajectory(employees[1])
    client = login(members[HR])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(
        url("metamorphosis:trajectory_edit", saved.pk), trajectory_data(from_job=job.pk, **changes)
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["ended_on"])
    saved.refresh_from_db()
    assert (saved.status, saved.ended_on) == ("active", None)


def test_a_director_sees_counts_per_status_without_names(login, members, employees, job):
    for employee in employees[1:4]:
        trajectory(employee)
    response = login(members[DIRECTOR]).get(url("metamorphosis:job", job.pk))
    assert response.status_code == 200
    table = response.context["table"]
    # Three of the job's five: the list of jobs hides it with the dash, and the page
    # shows the list's figure.
    assert str(table["total"]) == "\u2013"
    assert table["total"].count == 3
    assert "Medewerker 1" not in response.text
    assert "people" not in response.context
    assert not AccessLogEntry.objects.exists()
    assert (
        login(members[DIRECTOR])
        .get(url("metamorphosis:employee_trajectories", employees[1].pk))
        .status_code
        == 403
    )


def test_hr_sees_the_numbers_and_the_names(login, members, employees, job):
    for employee in employees[1:4]:
        trajectory(employee)
    trajectory(employees[4], status=TrajectoryStatus.COMPLETED)
    response = login(members[HR]).get(url("metamorphosis:job", job.pk))
    table = response.context["table"]
    assert str(table["total"]) == "4"
    upskilled = next(row for row in table["rows"] if row["label"] == Destination.UPSKILLED.label)
    assert [cell.count for cell in upskilled["cells"]] == [0, 3, 1, 0]
    assert "Medewerker 1" in response.text
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.filter(action="view").count() == 1


def test_another_organisations_objects_are_not_found(login, other_members, members, employees, job):
    saved = trajectory(employees[1])
    programme = ProgrammeFactory(organisation=job.organisation)
    theirs = login(other_members[HR])
    assert theirs.get(url("metamorphosis:job", job.pk)).status_code == 404
    assert theirs.get(url("metamorphosis:job_edit", job.pk)).status_code == 404
    assert (
        theirs.get(url("metamorphosis:employee_trajectories", employees[1].pk)).status_code == 404
    )
    assert theirs.get(url("metamorphosis:trajectory_edit", saved.pk)).status_code == 404
    pm = login(other_members[PM])
    assert pm.get(url("metamorphosis:lesson_assess", 2, programme.pk)).status_code == 404


def test_another_organisations_job_cannot_be_chosen(login, members, employees, job, buurdorp):
    theirs = JobFactory(organisation=buurdorp)
    response = login(members[HR]).post(
        url("metamorphosis:trajectory_create", employees[1].pk),
        trajectory_data(from_job=job.pk, destination="internal_job", destination_job=theirs.pk),
    )
    assert "destination_job" in response.context["form"].errors


# --- Dashboard ----------------------------------------------------------------------------------


def test_the_dashboard_hides_small_groups_from_a_director(login, members, employees, job):
    trajectory(employees[1])
    today = timezone.localdate()
    SkillsActionFactory(
        organisation=job.organisation,
        kind=ActionKind.TRAINING,
        held_on=today,
        employees=employees[1:3],
    )
    director = login(members[DIRECTOR]).get(url("metamorphosis:dashboard"))
    assert director.status_code == 200
    assert str(director.context["actions"]) == "<5"
    # Five of the six in a highly vulnerable job says the sixth is not: hidden.
    assert str(director.context["high"]) == "\u2013"
    active = next(s for s in director.context["statuses"] if s["value"] == "active")
    assert str(active["figure"]) == "<5"
    assert "Medewerker 1" not in director.text
    hr = login(members[HR]).get(url("metamorphosis:dashboard"))
    assert str(hr.context["actions"]) == "1"
    assert str(next(s for s in hr.context["statuses"] if s["value"] == "active")["figure"]) == "1"


def test_the_dashboard_counts_only_the_last_90_days(login, members, employees):
    today = timezone.localdate()
    organisation = employees[0].organisation
    for days in (0, 89, 90, 200):
        SkillsActionFactory(
            organisation=organisation,
            kind=ActionKind.TRAINING,
            held_on=today - datetime.timedelta(days=days),
        )
    SkillsActionFactory(
        organisation=organisation,
        kind=ActionKind.TRAINING,
        held_on=today,
        status=ActionStatus.PLANNED,
    )
    response = login(members[HR]).get(url("metamorphosis:dashboard"))
    assert response.context["actions"].count == 2


# --- Totals that would give a small group away -------------------------------------------------


def test_totals_that_would_give_a_small_group_away_are_hidden():
    from inclusion.figures import MASK, SmallGroups

    groups = SmallGroups(5, exact=False)
    hidden, shown = groups.count(2), groups.count(7)
    assert str(hidden) == "<5" and str(shown) == "7"
    assert str(groups.total(9, [hidden, shown])) == MASK
    exact = SmallGroups(5, exact=True)
    assert str(exact.total(9, [exact.count(2), exact.count(7)])) == "9", "HR sees every number"


def test_the_job_page_hides_derivable_totals_for_a_director(
    login, members, employees, voorbeeldstad
):
    from inclusion.figures import MASK

    job = employees[1].job
    other = JobFactory(organisation=voorbeeldstad, name="Nieuwe functie")
    for n, employee in enumerate(employees[1:]):
        MobilityTrajectoryFactory(
            employee=employee,
            from_job=job,
            destination="internal_job" if n < 4 else "external",
            destination_job=other if n < 4 else None,
            status="active",
        )
    url = reverse("inclusion:metamorphosis:job", args=[job.pk])
    director = login(members[Role.DIRECTOR]).get(url).context["table"]
    # 4 internal + 1 external, all under way: both cells are "<5", so the
    # column total (5) would reveal them and is hidden, and so is the grand total.
    assert MASK in [str(cell) for cell in director["totals"]]
    assert str(director["total"]) == MASK
    hr = login(members[Role.HR_ADVISER]).get(url).context["table"]
    assert str(hr["total"]) == "5"


def test_a_jobs_page_shows_the_total_of_the_list_of_jobs_and_no_cell_beside_it(voorbeeldstad):
    """Four trajectories to an internal job and one outside: both "<5" beside the list's
    total of five would say little, but five minus a shown cell would give one away,
    and the table's own rule hides its total; so the list's total stands alone."""
    from inclusion.figures import MASK, Figure, SmallGroups
    from inclusion.metamorphosis.queries import shown_status_table

    counts = {("internal_job", "active"): 4, ("external", "active"): 1}
    rounded = SmallGroups.of(voorbeeldstad, exact=False)
    table = shown_status_table(rounded, counts, Figure(5, "5"))
    figures = [cell for row in table.rows for cell in row] + table.row_totals + table.column_totals
    assert {str(figure) for figure in figures} == {MASK}
    assert str(table.total) == "5"
    hidden = shown_status_table(rounded, counts, Figure(5, MASK))
    assert str(hidden.total) == MASK
    exact = shown_status_table(SmallGroups.of(voorbeeldstad, exact=True), counts, Figure(5, "5"))
    assert [str(cell) for cell in exact.row_totals][:3] == ["4", "0", "1"]
    assert str(exact.total) == "5"


def test_the_jobs_page_hides_what_the_list_of_jobs_hides(login, members, employees, voorbeeldstad):
    """Six trajectories from a job of fifteen, three from a job of ten: the organisation
    has nine, which the lessons show, so the six would give the three away and are
    hidden on the list. The job's own page then shows no figure that adds up to six."""
    from inclusion.figures import MASK

    job = employees[1].job
    add_employees(job, 10)
    moving = Employee.objects.filter(job=job).order_by("pk")[:6]
    for employee in moving:
        trajectory(employee)
    other = JobFactory(organisation=voorbeeldstad)
    for employee in add_employees(other, 10)[:3]:
        trajectory(employee)
    client = login(members[DIRECTOR])
    rows = {row["job"]: row for row in client.get(url("metamorphosis:jobs")).context["unrated"]}
    assert str(rows[other]["trajectories"]) == "<5"
    assert (rows[job]["trajectories"].count, str(rows[job]["trajectories"])) == (6, MASK)
    table = client.get(url("metamorphosis:job", job.pk)).context["table"]
    shown = [str(cell) for row in table["rows"] for cell in [*row["cells"], row["total"]]]
    assert {*shown, *map(str, table["totals"]), str(table["total"])} == {MASK}
    hr = login(members[HR]).get(url("metamorphosis:job", job.pk)).context["table"]
    assert str(hr["total"]) == "6"


def test_the_target_levels_per_job_hide_small_jobs_as_the_list_of_jobs_does(
    login, members, employees, voorbeeldstad
):
    """A job of three beside a job of five: shown exactly on one list, the three would
    be one subtraction away on the other."""
    small = JobFactory(organisation=voorbeeldstad, name="Archiefmedewerker")
    add_employees(small, 3)
    client = login(members[DIRECTOR])
    listed = {
        row["job"]: str(row["employees"])
        for row in client.get(url("metamorphosis:jobs")).context["unrated"]
    }
    response = client.get(url("skills:jobs"))
    targets = {job: str(figure) for job, figure in response.context["jobs"]}
    assert targets[small] == listed[small] == "<5"
    assert targets == {job: figure for job, figure in listed.items() if job in targets}
    assert ">3<" not in response.text
    hr = login(members[HR]).get(url("skills:jobs")).context["jobs"]
    assert {job: str(figure) for job, figure in hr}[small] == "3"


# --- Query bounds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("metamorphosis:jobs", DIRECTOR),
        ("metamorphosis:job", HR),
        ("metamorphosis:job", DIRECTOR),
        ("metamorphosis:lessons", PM),
        ("metamorphosis:dashboard", DIRECTOR),
        ("metamorphosis:dashboard", HR),
    ],
)
def test_pages_do_not_grow_with_employees_and_trajectories(
    login,
    members,
    adoption_world,
    employees,
    job,
    voorbeeldstad,
    name,
    role,
    django_assert_max_num_queries,
):
    client = login(members[role])
    args = (job.pk,) if name == "metamorphosis:job" else ()
    trajectory(employees[1])
    with django_assert_max_num_queries(40) as small:
        assert client.get(url(name, *args)).status_code == 200
    for employee in add_employees(job, 30):
        trajectory(employee, status=TrajectoryStatus.PLANNED)
        LessonAssessment.objects.create(
            organisation=voorbeeldstad,
            programme=adoption_world["programme"],
            lesson=1 + employee.pk % 9,
            score=3,
            assessed_on=timezone.localdate(),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(name, *args)).status_code == 200


def test_the_employee_trajectories_page_does_not_grow(
    login, members, employees, job, django_assert_max_num_queries
):
    client = login(members[HR])
    trajectory(employees[1])
    with django_assert_max_num_queries(40) as small:
        client.get(url("metamorphosis:employee_trajectories", employees[1].pk))
    for status in TrajectoryStatus:
        trajectory(employees[1], status=status)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("metamorphosis:employee_trajectories", employees[1].pk))


# --- Demo ---------------------------------------------------------------------------------------


def test_the_demo_is_deterministic_and_idempotent(voorbeeldstad, members):
    from inclusion.metamorphosis import demo as demo_metamorphosis

    jobs = {
        name: JobFactory(organisation=voorbeeldstad, name=name)
        for name in (
            "Medewerker burgerzaken backoffice",
            "Administratief medewerker",
            "Klantcontactmedewerker",
            "Informatiebeheerder",
            "Functioneel beheerder",
            "Salarisadministrateur",
        )
    }
    add_employees(jobs["Medewerker burgerzaken backoffice"], 9)
    add_employees(jobs["Administratief medewerker"], 4)
    ProgrammeFactory(organisation=voorbeeldstad, name="Digitaal werken 2027")
    users = {"programma": members[PM], "directeur": members[DIRECTOR], "hr": members[HR]}
    demo_metamorphosis.seed(voorbeeldstad, users)

    backoffice = Job.objects.get(name="Medewerker burgerzaken backoffice")
    assert backoffice.vulnerability == "high"
    assert Job.objects.get(name="Administratief medewerker").vulnerability == "medium"
    trajectories = MobilityTrajectory.objects.for_organisation(voorbeeldstad)
    assert trajectories.count() == 9
    assert set(trajectories.values_list("status", flat=True)) == set(TrajectoryStatus.values)
    # The ones that are over have ended; the others have not.
    assert not trajectories.filter(status__in=["completed", "stopped"], ended_on=None).exists()
    assert not trajectories.filter(
        status__in=["planned", "active"], ended_on__isnull=False
    ).exists()
    assert LessonAssessment.objects.filter(programme__name="Digitaal werken 2027").count() == 10
    first = sorted(trajectories.values_list("employee__personnel_number", "destination", "status"))

    demo_metamorphosis.seed(voorbeeldstad, users)
    assert trajectories.count() == 9
    assert (
        sorted(trajectories.values_list("employee__personnel_number", "destination", "status"))
        == first
    )
