"""Functiemetamorfose, the nine lessons and the Inclusie dashboard: counts are
computed, small groups are hidden from those who may not see individuals,
trajectories are personal data, and the lessons show evidence from the app's data."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from adoption.models import BusinessScenario
from inclusion.metamorphosis import evidence
from inclusion.metamorphosis.lessons import EVIDENCE_KEYS
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
    AdoptionTrackFactory,
    EmployeeFactory,
    InitiativeFactory,
    JobFactory,
    MobilityTrajectoryFactory,
    PopConversationFactory,
    ProgrammeFactory,
    SkillsActionFactory,
)
from transformation import services

pytestmark = pytest.mark.django_db

HR, ADMIN, DIRECTOR, PM = (
    Role.HR_ADVISER,
    Role.ORGANISATION_ADMIN,
    Role.DIRECTOR,
    Role.PROGRAMME_MANAGER,
)


def url(name, *args):
    return reverse(f"inclusion:{name}", args=args)


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
    assert str(table["total"]) == "<5"
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


# --- The nine lessons ---------------------------------------------------------------------------


def test_the_lessons_are_shown_in_the_users_language(login, members, programme_world):
    client = login(members[DIRECTOR])
    response = client.get(url("metamorphosis:lessons"))
    assert response.status_code == 200
    assert "Begin op tijd" in response.text
    assert "Den Haag / Waternet" in response.text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url("metamorphosis:lessons"))
    assert "Start in good time" in response.text
    assert "Begin op tijd" not in response.text
    assert client.get(url("metamorphosis:lesson_detail", 10)).status_code == 404


def test_hr_cannot_record_a_lesson_self_assessment(login, members, programme_world):
    programme = programme_world["programme"]
    response = login(members[HR]).post(
        url("metamorphosis:lesson_assess", 2, programme.pk),
        {"score": "4", "notes": "", "assessed_on": "2026-01-05"},
    )
    assert response.status_code == 403
    assert not LessonAssessment.objects.exists()


@pytest.mark.parametrize("role", [PM, DIRECTOR], ids=str)
def test_self_assessments_keep_their_history(login, members, programme_world, role):
    programme = programme_world["programme"]
    client = login(members[role])
    form = client.get(url("metamorphosis:lesson_assess", 2, programme.pk)).context["form"]
    assert form["assessed_on"].value() == timezone.localdate()
    for score, day in ((2, "2025-06-02"), (4, "2026-01-05")):
        response = client.post(
            url("metamorphosis:lesson_assess", 2, programme.pk),
            {"score": str(score), "notes": f"Score {score}", "assessed_on": day},
        )
        assert response.status_code == 302
    assert LessonAssessment.objects.filter(programme=programme, lesson=2).count() == 2
    response = client.get(url("metamorphosis:lesson_detail", 2), {"programma": programme.pk})
    assert response.context["latest"].score == 4
    assert len(response.context["history"]) == 2
    assert response.context["latest"].assessed_by == members[role]
    lessons = client.get(url("metamorphosis:lessons"))
    assert lessons.context["rows"][1]["latest"].score == 4


def test_a_score_out_of_range_is_answered_at_the_field(login, members, programme_world):
    programme = programme_world["programme"]
    response = login(members[PM]).post(
        url("metamorphosis:lesson_assess", 2, programme.pk),
        {"score": "6", "assessed_on": "2026-01-05"},
    )
    assert response.status_code == 200
    assert "score" in response.context["form"].errors


def test_each_lesson_shows_the_evidence_about_its_own_subject(
    login, members, programme_world, employees
):
    """Change one thing the lessons are about at a time: only that lesson's evidence moves."""
    programme = programme_world["programme"]
    organisation = programme.organisation
    assert set(evidence.evidence_for(programme)) == EVIDENCE_KEYS
    client = login(members[PM])

    def evidence_shown():
        response = client.get(url("metamorphosis:lessons"))
        shown = {row["lesson"].number: row["evidence"] for row in response.context["rows"]}
        for number, item in shown.items():
            assert item is not None and f'id="evidence-{number}"' in response.text
        return shown

    def start_the_programme_a_year_earlier():
        programme.start_date = programme.start_date.replace(year=programme.start_date.year - 1)
        programme.save()

    def approve_the_next_vision():
        services.vision_approve(vision=programme_world["consultation"], by=members[DIRECTOR])

    def start_another_initiative():
        InitiativeFactory(programme=programme)

    def give_the_initiative_an_adoption_track():
        AdoptionTrackFactory(initiative=programme_world["initiative"])

    def let_employees_write_a_scenario():
        track = programme_world["initiative"].adoption_track
        BusinessScenario.objects.create(
            organisation=organisation,
            track=track,
            title="Teams",
            problem="Bijlagen",
            desired_way="Links",
            applications="Teams",
            written_with="\n".join(employee.name for employee in employees),
        )

    def train_everyone():
        SkillsActionFactory(organisation=organisation, employees=employees)

    def talk_about_digital_skills_in_every_pop_gesprek():
        for employee in employees:
            PopConversationFactory(employee=employee, digital_skills=True)

    def start_a_mobility_trajectory():
        trajectory(employees[1])

    def give_the_programme_an_end():
        programme.end_date = datetime.date(2030, 12, 31)
        programme.save()

    shown = evidence_shown()
    for lesson, change in [
        (1, start_the_programme_a_year_earlier),
        (2, approve_the_next_vision),
        (3, start_another_initiative),
        (4, give_the_initiative_an_adoption_track),
        (5, let_employees_write_a_scenario),
        (6, train_everyone),
        (7, talk_about_digital_skills_in_every_pop_gesprek),
        (8, start_a_mobility_trajectory),
        (9, give_the_programme_an_end),
    ]:
        change()
        before, shown = shown, evidence_shown()
        assert [n for n in shown if shown[n] != before[n]] == [lesson], change.__name__


def test_evidence_of_an_approved_vision_and_no_end_date(programme_world, members):
    programme = programme_world["programme"]
    found = evidence.evidence_for(programme)
    vision = found["vision_approved"]
    assert vision.met
    assert members[DIRECTOR].get_full_name() in vision.sentence
    assert found["programme_without_end"].met
    programme.end_date = datetime.date(2027, 12, 31)
    programme.save()
    assert not evidence.evidence_for(programme)["programme_without_end"].met
    assert found["initiatives_started"].value == "1"
    assert found["programme_age"].met


def test_evidence_of_scenario_contributors_as_a_share(adoption_world, employees):
    scenario = adoption_world["rows"]["scenario"]
    scenario.written_with = (
        "Marieke Bos\nMedewerker 1\n\nmedewerker 1\nMedewerker 2\nMedewerker 3\nMedewerker 4"
    )
    scenario.save()
    found = evidence.evidence_for(adoption_world["programme"])
    share = found["employees_in_scenarios"]
    # Five people of the six who work here.
    assert share.value == "83%"
    assert "5" in share.sentence and "6" in share.sentence
    assert found["adoption_tracks"].value == "1"

    # Three people are a group too small to count out loud.
    scenario.written_with = "Marieke Bos\nMedewerker 1\nMedewerker 2"
    scenario.save()
    share = evidence.evidence_for(adoption_world["programme"])["employees_in_scenarios"]
    assert share.value == "<5"
    assert "3" not in share.sentence and "%" not in share.sentence


def test_evidence_of_pop_coverage_and_development(programme_world, employees):
    today = timezone.localdate()
    for employee, skills in zip(employees[:4], (True, True, True, False), strict=True):
        PopConversationFactory(employee=employee, held_on=today, digital_skills=skills)
    organisation = employees[0].organisation
    SkillsActionFactory(
        organisation=organisation,
        held_on=today - datetime.timedelta(days=30),
        status=ActionStatus.DONE,
        employees=employees[:2],
    )
    SkillsActionFactory(
        organisation=organisation,
        held_on=today - datetime.timedelta(days=400),
        status=ActionStatus.DONE,
        employees=employees[2:4],
    )
    found = evidence.evidence_for(programme_world["programme"])
    # Three and two of six: groups under the threshold, so neither number nor share.
    assert found["pop_coverage"].value == "<5"
    assert found["own_development_actions"].value == "<5"
    assert "%" not in found["pop_coverage"].sentence

    for employee in employees[4:]:
        PopConversationFactory(employee=employee, held_on=today, digital_skills=True)
    found = evidence.evidence_for(programme_world["programme"])
    assert found["pop_coverage"].value == "83%"


def test_evidence_hides_shares_of_a_tiny_organisation(programme_world, employees):
    Employee.objects.filter(pk__in=[e.pk for e in employees[2:]]).update(active=False)
    found = evidence.evidence_for(programme_world["programme"])
    assert not found["pop_coverage"].met
    assert "%" not in found["pop_coverage"].value


def test_evidence_costs_a_fixed_number_of_queries(
    programme_world, employees, voorbeeldstad, django_assert_num_queries
):
    add_employees(employees[1].job, 30)
    with django_assert_num_queries(8):
        evidence.evidence_for(programme_world["programme"])


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
    assert str(director.context["high"]) == "5"
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


def test_the_employee_count_is_not_multiplied_by_their_actions(programme_world, employees):
    """Several actions per employee must not inflate the number of employees."""
    organisation = programme_world["programme"].organisation
    for day in (1, 2, 3):
        SkillsActionFactory(
            organisation=organisation,
            kind="training",
            held_on=timezone.localdate() - datetime.timedelta(days=day),
            employees=employees,
        )
    found = evidence.evidence_for(programme_world["programme"])["own_development_actions"]
    assert "6" in found.sentence or "6" in str(found.value)
    assert "18" not in found.sentence


def test_totals_that_would_give_a_small_group_away_are_hidden():
    from inclusion.figures import MASK, Figure

    hidden = Figure(2, 5, exact=False)
    shown = Figure(7, 5, exact=False)
    assert str(hidden) == "<5" and str(shown) == "7"
    assert str(shown.masking()) == MASK and shown.masking().hidden
    assert str(Figure(7, 5, exact=True).masking()) == "7", "HR sees every number"


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


def test_evidence_counts_a_handful_of_trajectories_as_fewer_than_the_threshold(
    programme_world, employees
):
    for employee in employees[1:3]:
        trajectory(employee)
    found = evidence.evidence_for(programme_world["programme"])["mobility_trajectories"]
    assert found.value == "<5"
    assert "2" not in found.sentence
