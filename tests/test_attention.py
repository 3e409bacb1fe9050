"""What needs attention: each item appears when the data makes it true, goes when it is
resolved, reaches only the roles it concerns, and costs a fixed number of queries."""

import dataclasses
import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from adoption.models import Phase, PhaseStatus
from inclusion.models import (
    ActionStatus,
    Competence,
    InclusionSettings,
    TargetLevel,
    TrajectoryStatus,
    Vulnerability,
)
from organisations import attention
from organisations.digest import digest_send, week_of
from organisations.models import Membership, Role
from privacy.models import RetentionRun
from reports.models import ReportSchedule
from tests import worlds
from tests.factories import (
    AdoptionTrackFactory,
    BenefitFactory,
    EmployeeFactory,
    InitiativeFactory,
    JobFactory,
    MobilityTrajectoryFactory,
    OrganisationUnitFactory,
    PopConversationFactory,
    ProgrammeFactory,
    ReportRequestFactory,
    SkillsActionFactory,
)
from transformation import services
from transformation.models import (
    RAG,
    CodeterminationPhase,
    CodeterminationStep,
    Outcome,
    VisionStatus,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 18)
NOON = datetime.datetime(2026, 11, 18, 12, 0, tzinfo=datetime.UTC)
PM, HR, DIRECTOR, ADMIN = (
    Role.PROGRAMME_MANAGER,
    Role.HR_ADVISER,
    Role.DIRECTOR,
    Role.ORGANISATION_ADMIN,
)


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()


def kinds(members, role, today=TODAY) -> list[str]:
    membership = Membership.objects.get(user=members[role])
    return [item.kind for item in attention.items_for(membership, today)]


def items(members, role, kind, today=TODAY):
    """The items of `kind`, worded in Dutch (the default language), whatever another
    test left active."""
    membership = Membership.objects.get(user=members[role])
    with translation.override("nl"):
        # Reasons are worded when read: read here, in Dutch.
        return [
            dataclasses.replace(item, reason=str(item.reason))
            for item in attention.items_for(membership, today)
            if item.kind == kind
        ]


@pytest.fixture
def programme(voorbeeldstad):
    return ProgrammeFactory(organisation=voorbeeldstad)


# --- Visie & programma ----------------------------------------------------------------------


def test_a_red_initiative_needs_attention_until_it_is_green_again(members, programme):
    initiative = InitiativeFactory(programme=programme, title="Zaakgericht werken")
    AdoptionTrackFactory(initiative=initiative)
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)):
        services.initiative_change_status(
            initiative=initiative, status=RAG.RED, reason="Leverancier failliet", by=members[PM]
        )

    for role in (PM, DIRECTOR):
        [item] = items(members, role, "initiative_red")
        assert item.title == "Zaakgericht werken"
        assert "Leverancier failliet" in item.reason
        assert item.since == datetime.date(2026, 11, 2)
        assert item.urgency == attention.Urgency.NOW
        assert item.url == reverse("transformation:initiative_detail", args=[initiative.pk])
    assert "initiative_red" not in kinds(members, HR)

    services.initiative_change_status(
        initiative=initiative, status=RAG.GREEN, reason="", by=members[PM]
    )
    assert "initiative_red" not in kinds(members, PM)


def test_amber_is_for_the_programme_manager_only(members, programme):
    initiative = InitiativeFactory(programme=programme)
    services.initiative_change_status(
        initiative=initiative, status=RAG.AMBER, reason="Planning schuift", by=members[PM]
    )
    assert "initiative_amber" in kinds(members, PM)
    assert "initiative_amber" not in kinds(members, DIRECTOR)


def test_a_vision_in_consultation_asks_the_directors_to_decide(members, voorbeeldstad):
    vision = services.vision_create(organisation=voorbeeldstad, title="Visie", by=members[PM])
    assert "vision_consultation" not in kinds(members, DIRECTOR)

    services.vision_send_to_consultation(vision=vision)
    [item] = items(members, DIRECTOR, "vision_consultation")
    assert item.urgency == attention.Urgency.NOW
    assert item.url == reverse("transformation:vision_approve", args=[vision.pk])
    [item] = items(members, PM, "vision_consultation")
    assert item.urgency == attention.Urgency.WATCH

    services.vision_approve(vision=vision, by=members[DIRECTOR])
    vision.refresh_from_db()
    assert vision.status == VisionStatus.APPROVED
    assert "vision_consultation" not in kinds(members, DIRECTOR)


def test_a_benefit_behind_its_plan_is_off_track_until_a_measurement_catches_up(members, programme):
    initiative = InitiativeFactory(programme=programme)
    # From 10 to 5 days over two years: by 1 October 2026 the plan expects about 6.
    benefit = BenefitFactory(initiative=initiative, title="Doorlooptijd")
    services.benefit_add_measurement(
        benefit=benefit, measured_on=datetime.date(2026, 10, 1), value=Decimal("9.37"), by=None
    )
    for role in (PM, DIRECTOR):
        [item] = items(members, role, "benefit_off_track")
        assert "Doorlooptijd" in item.title
        assert item.since == datetime.date(2026, 10, 1)
        # Both figures with the unit, in whole days as the report writes them.
        assert item.reason == (
            "Gemeten 9 dagen op 1 oktober 2026; volgens plan was dat toen 6 dagen."
        )

    # Still behind, but both round to 6 days: in tenths, so that the item does not say
    # "6 dagen" beside "6 dagen" (the plan expects 5,53 by then).
    services.benefit_add_measurement(
        benefit=benefit, measured_on=datetime.date(2026, 10, 15), value=Decimal("5.9"), by=None
    )
    [item] = items(members, PM, "benefit_off_track")
    assert item.reason == (
        "Gemeten 5,9 dagen op 15 oktober 2026; volgens plan was dat toen 5,5 dagen."
    )

    services.benefit_add_measurement(
        benefit=benefit, measured_on=datetime.date(2026, 11, 1), value=Decimal("5.2"), by=None
    )
    assert "benefit_off_track" not in kinds(members, PM)


def test_a_benefit_not_measured_within_its_interval_needs_a_measurement(members, programme):
    initiative = InitiativeFactory(programme=programme)
    benefit = BenefitFactory(initiative=initiative, measured_every=3)
    services.benefit_add_measurement(
        benefit=benefit, measured_on=datetime.date(2026, 8, 1), value=Decimal("7"), by=None
    )
    [item] = items(members, PM, "benefit_not_measured")
    assert item.since == datetime.date(2026, 11, 1)
    assert "benefit_not_measured" not in kinds(members, DIRECTOR)
    # Three months after the last measurement is not yet late.
    assert "benefit_not_measured" not in kinds(members, PM, today=datetime.date(2026, 10, 31))

    benefit.measured_every = 6
    benefit.save()
    assert "benefit_not_measured" not in kinds(members, PM)


def test_co_determination_waiting_too_long_or_negative_needs_the_programme_manager(
    members, programme
):
    initiative = InitiativeFactory(programme=programme)
    step = CodeterminationStep.objects.create(
        organisation=programme.organisation,
        initiative=initiative,
        phase=CodeterminationPhase.values[0],
        advice_requested_on=datetime.date(2026, 10, 20),
    )
    assert "codetermination_waiting" not in kinds(members, PM)  # four weeks: within time
    step.advice_requested_on = datetime.date(2026, 9, 1)
    step.save()
    [item] = items(members, PM, "codetermination_waiting")
    assert item.since == datetime.date(2026, 9, 1)
    assert "codetermination_waiting" not in kinds(members, DIRECTOR)

    step.outcome = Outcome.NEGATIVE
    step.advice_given_on = datetime.date(2026, 11, 10)
    step.save()
    assert kinds(members, PM).count("codetermination_negative") == 1
    assert "codetermination_waiting" not in kinds(members, PM)

    step.outcome = Outcome.POSITIVE
    step.save()
    assert not {"codetermination_negative", "codetermination_waiting"} & set(kinds(members, PM))


def test_an_answer_given_without_its_outcome_is_not_said_to_be_missing(members, programme):
    initiative = InitiativeFactory(programme=programme)
    CodeterminationStep.objects.create(
        organisation=programme.organisation,
        initiative=initiative,
        phase=CodeterminationPhase.values[0],
        advice_requested_on=datetime.date(2026, 9, 1),
        advice_given_on=datetime.date(2026, 11, 20),
    )
    [item] = items(members, PM, "codetermination_waiting")
    assert item.since == datetime.date(2026, 11, 20)
    assert "nog niet gegeven" not in item.reason
    assert item.reason == "Beantwoord op 20 november 2026, maar de uitkomst is nog niet vastgelegd."


def test_the_last_meeting_passing_without_an_outcome_needs_attention(members, programme):
    initiative = InitiativeFactory(programme=programme)
    CodeterminationStep.objects.create(
        organisation=programme.organisation,
        initiative=initiative,
        phase=CodeterminationPhase.values[0],
        meeting_dates=["2026-10-01", "2026-11-12"],
    )
    [item] = items(members, PM, "codetermination_waiting")
    assert item.since == datetime.date(2026, 11, 12)
    assert not items(members, PM, "codetermination_waiting", today=datetime.date(2026, 11, 12))


def test_an_intervention_the_data_contradicts(members, programme):
    from transformation.models import InterventionKind, InterventionStatus

    InitiativeFactory(programme=programme)
    AdoptionTrackFactory(initiative=InitiativeFactory(programme=programme))
    programmatic = programme.interventions.get(kind=InterventionKind.PROGRAMMATIC)
    programmatic.status = InterventionStatus.ANCHORED
    programmatic.save()
    [item] = items(members, PM, "intervention_contradicted")  # anchored with 1 of 2 tracks
    assert item.url == reverse("transformation:interventions", args=[programme.pk])
    assert "intervention_contradicted" not in kinds(members, DIRECTOR)

    programmatic.status = InterventionStatus.IN_PROGRESS
    programmatic.save()
    assert "intervention_contradicted" not in kinds(members, PM)


# --- Adoptie --------------------------------------------------------------------------------


def test_an_initiative_without_an_adoption_track_until_one_starts(members, programme):
    initiative = InitiativeFactory(programme=programme, title="Nieuw zaaksysteem")
    [item] = items(members, PM, "without_track")
    assert item.title == "Nieuw zaaksysteem"
    assert item.url == reverse("adoption:board", args=[programme.pk])
    AdoptionTrackFactory(initiative=initiative)
    assert "without_track" not in kinds(members, PM)


def test_a_gate_override_waits_for_the_directors_until_one_confirms_it(members, programme):
    from adoption import services as adoption_services

    move = worlds.gate_override(programme, members[PM])
    [theirs] = items(members, DIRECTOR, "gate_override")
    [mine] = items(members, PM, "gate_override")
    moves = reverse("adoption:track_detail", args=[move.track_id]) + "#moves"
    assert theirs.url == mine.url == moves
    assert (theirs.urgency, mine.urgency) == (attention.Urgency.NOW, attention.Urgency.SOON)
    assert "De leverancier kan alleen nu" in theirs.reason

    adoption_services.move_confirm(move=move, by=members[DIRECTOR])
    assert "gate_override" not in kinds(members, DIRECTOR)
    assert "gate_override" not in kinds(members, PM)


def test_a_phase_past_its_planned_end_needs_attention(members, programme):
    track = AdoptionTrackFactory(initiative=InitiativeFactory(programme=programme))
    phase = track.phases.get(phase=Phase.STAKEHOLDERS)
    phase.start_date = datetime.date(2026, 9, 1)
    phase.end_date = datetime.date(2026, 11, 1)
    phase.save()
    [item] = items(members, PM, "phase_overdue")
    assert item.since == datetime.date(2026, 11, 1)
    assert item.url.endswith("#phase-1")

    phase.status = PhaseStatus.DONE
    phase.save()
    assert "phase_overdue" not in kinds(members, PM)


def test_a_phase_called_done_with_checklist_items_open(members, programme):
    track = AdoptionTrackFactory(initiative=InitiativeFactory(programme=programme))
    track.phases.filter(phase=Phase.STAKEHOLDERS).update(status=PhaseStatus.DONE)
    [item] = items(members, PM, "phase_done_items_open")
    assert "phase 1" in item.title or "fase 1" in item.title
    for checklist_item in track.organisation.checklistitem_set.filter(phase=1):
        track.ticks.create(item=checklist_item)
    assert "phase_done_items_open" not in kinds(members, PM, today=TODAY)


def test_only_tracks_with_a_phase_to_judge_are_read(members, programme):
    """A phase done with every item ticked says nothing: its track is left out before
    the checklists are read. A phase done with an item unticked (the data may satisfy
    it) and a current phase past its end are read."""
    from adoption.attention import _phases_to_judge
    from adoption.models import AdoptionTrack

    def judged():
        return set(AdoptionTrack.objects.filter(_phases_to_judge(TODAY)))

    ticked, open_, overdue, fresh = (
        AdoptionTrackFactory(initiative=InitiativeFactory(programme=programme)) for _ in range(4)
    )
    for track in (ticked, open_):
        track.phases.filter(phase=Phase.STAKEHOLDERS).update(status=PhaseStatus.DONE)
    for checklist_item in ticked.organisation.checklistitem_set.filter(phase=1):
        ticked.ticks.create(item=checklist_item)
    overdue.phases.filter(phase=Phase.STAKEHOLDERS).update(
        start_date=TODAY - datetime.timedelta(30), end_date=TODAY - datetime.timedelta(1)
    )

    assert judged() == {open_, overdue}
    # An item no longer in use does not count as open.
    open_.organisation.checklistitem_set.filter(phase=1).exclude(
        pk__in=open_.ticks.values("item_id")
    ).update(active=False)
    assert judged() == {overdue}
    assert ticked not in judged() and fresh not in judged()


# --- Inclusie -------------------------------------------------------------------------------


@pytest.fixture
def team(voorbeeldstad):
    return OrganisationUnitFactory(organisation=voorbeeldstad, name="Team Burgerzaken")


def _gap(team, count):
    """`count` employees of a job whose target they do not reach."""
    job = JobFactory(organisation=team.organisation)
    competence = Competence.objects.for_organisation(team.organisation).first()
    TargetLevel.objects.create(
        organisation=team.organisation, job=job, competence=competence, level=4
    )
    employees = [EmployeeFactory(unit=team, job=job) for _ in range(count)]
    for employee in employees:
        employee.assessments.create(
            organisation=team.organisation,
            competence=competence,
            level=2,
            assessed_on=datetime.date(2026, 6, 1),
        )
    return employees


def test_a_team_with_a_large_gap_and_nothing_planned_needs_hr(members, team):
    employees = _gap(team, 6)
    EmployeeFactory(unit=team)  # 6 of 7 below target
    [item] = items(members, HR, "gap_without_plan")
    assert item.title == "Team Burgerzaken"
    assert item.reason == (
        "6 van de 7 medewerkers zitten onder het doelniveau van hun functie; "
        "er is geen actie gepland."
    )
    assert item.url == reverse("inclusion:actions:log") + f"?unit={team.pk}&status=planned"
    assert "gap_without_plan" not in kinds(members, PM)

    SkillsActionFactory(
        organisation=team.organisation,
        status=ActionStatus.PLANNED,
        held_on=datetime.date(2026, 12, 1),
        employees=[employees[0]],
    )
    assert "gap_without_plan" not in kinds(members, HR)


def test_a_plan_for_someone_who_has_left_is_no_plan_for_the_team(members, team):
    _gap(team, 6)
    left = EmployeeFactory(unit=team, active=False, left_on=datetime.date(2026, 10, 31))
    SkillsActionFactory(
        organisation=team.organisation,
        status=ActionStatus.PLANNED,
        held_on=datetime.date(2026, 12, 1),
        employees=[left],
    )
    assert "gap_without_plan" in kinds(members, HR)


def test_one_person_below_the_level_is_said_in_the_singular(members, team):
    _gap(team, 1)
    [item] = items(members, HR, "gap_without_plan")
    assert item.reason == (
        "1 van de 1 medewerkers zit onder het doelniveau van de functie; er is geen actie gepland."
    )


def test_a_small_gap_is_no_item(members, team):
    _gap(team, 2)
    for _ in range(3):
        EmployeeFactory(unit=team)
    assert "gap_without_plan" not in kinds(members, HR)


def test_units_below_the_pop_target(members, team, voorbeeldstad):
    employees = [EmployeeFactory(unit=team) for _ in range(4)]
    for employee in employees[:3]:
        PopConversationFactory(
            employee=employee, held_on=datetime.date(2026, 3, 1), digital_skills=True
        )
    [item] = items(members, HR, "pop_below_target")  # 75 % against 80 %
    assert item.title == "Team Burgerzaken"
    assert "(75%); het doel is 80%." in item.reason

    InclusionSettings.objects.create(organisation=voorbeeldstad, pop_coverage_target=70)
    assert "pop_below_target" not in kinds(members, HR)


def test_planned_actions_past_their_date(members, voorbeeldstad):
    action = SkillsActionFactory(
        organisation=voorbeeldstad,
        status=ActionStatus.PLANNED,
        held_on=datetime.date(2026, 11, 4),
    )
    SkillsActionFactory(
        organisation=voorbeeldstad, status=ActionStatus.PLANNED, held_on=datetime.date(2026, 12, 4)
    )
    [item] = items(members, HR, "actions_overdue")
    assert item.since == datetime.date(2026, 11, 4)
    assert "1" in item.title

    action.status = ActionStatus.DONE
    action.save()
    assert "actions_overdue" not in kinds(members, HR)


def test_a_trajectory_without_an_update_for_three_months(members, voorbeeldstad):
    with time_machine.travel(datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC)):
        trajectory = MobilityTrajectoryFactory(
            organisation=voorbeeldstad, employee__organisation=voorbeeldstad
        )
    [item] = items(members, HR, "trajectory_stale")
    assert item.title == trajectory.from_job.name
    assert item.url == reverse("inclusion:metamorphosis:job", args=[trajectory.from_job_id])
    assert item.since == datetime.date(2026, 7, 1)
    assert "trajectory_stale" not in kinds(members, HR, today=datetime.date(2026, 9, 30))

    with time_machine.travel(NOON):
        trajectory.status = TrajectoryStatus.ACTIVE
        trajectory.started_on = datetime.date(2026, 11, 18)
        trajectory.save()
    assert "trajectory_stale" not in kinds(members, HR)


def test_a_vulnerable_job_without_trajectories(members, voorbeeldstad):
    job = JobFactory(organisation=voorbeeldstad, name="Archiefmedewerker")
    job.vulnerability = Vulnerability.HIGH
    job.save()
    employee = EmployeeFactory(organisation=voorbeeldstad, job=job)
    [item] = items(members, HR, "vulnerable_job_without_trajectory")
    assert item.title == "Archiefmedewerker"
    assert item.url == reverse("inclusion:metamorphosis:job", args=[job.pk])
    assert item.urgency == attention.Urgency.SOON
    MobilityTrajectoryFactory(organisation=voorbeeldstad, employee=employee, from_job=job)
    assert "vulnerable_job_without_trajectory" not in kinds(members, HR)


# --- Beheer and Rapportages -----------------------------------------------------------------


def test_a_failed_scheduled_report_until_a_later_one_succeeds(login, members, voorbeeldstad):
    programme = ProgrammeFactory(organisation=voorbeeldstad)
    schedule = ReportSchedule.objects.create(
        organisation=voorbeeldstad, kind="management", programme=programme, day_of_month=1
    )
    with time_machine.travel(datetime.datetime(2026, 11, 1, 6, 0, tzinfo=datetime.UTC)):
        ReportRequestFactory(
            organisation=voorbeeldstad,
            programme=programme,
            schedule=schedule,
            status="failed",
            error="WeasyPrint stopped",
        )
    [item] = items(members, ADMIN, "scheduled_report_failed")
    assert "WeasyPrint stopped" in item.reason
    # Where the organisation admin may act: the schedule, not the report itself.
    assert item.url == reverse("reports:schedule_edit", args=[schedule.pk])
    assert login(members[ADMIN]).get(item.url).status_code == 200
    assert "scheduled_report_failed" not in kinds(members, PM)

    with time_machine.travel(datetime.datetime(2026, 11, 2, 6, 0, tzinfo=datetime.UTC)):
        ReportRequestFactory(
            organisation=voorbeeldstad,
            programme=programme,
            schedule=schedule,
            period_start=datetime.date(2026, 11, 1),
            period_end=datetime.date(2026, 11, 30),
            done=True,
        )
    assert "scheduled_report_failed" not in kinds(members, ADMIN)


def test_new_reports_for_the_directors_for_a_week(members, voorbeeldstad):
    with time_machine.travel(datetime.datetime(2026, 11, 16, 6, 0, tzinfo=datetime.UTC)):
        ReportRequestFactory(organisation=voorbeeldstad, done=True)
    assert "report_ready" in kinds(members, DIRECTOR)
    assert "report_ready" not in kinds(members, DIRECTOR, today=datetime.date(2026, 11, 24))


def test_retention_that_failed_or_does_not_run(members, voorbeeldstad):
    assert [i.kind for i in items(members, ADMIN, "retention_quiet")] == ["retention_quiet"]
    started = datetime.datetime(2026, 11, 18, 2, 37, tzinfo=datetime.UTC)
    run = RetentionRun.objects.create(
        organisation=voorbeeldstad,
        day=TODAY,
        started_at=started,
        finished_at=started,
        failed=["access_log"],
    )
    [item] = items(members, ADMIN, "retention_failed")
    assert item.urgency == attention.Urgency.NOW
    run.failed = []
    run.save()
    assert not {"retention_failed", "retention_quiet"} & set(kinds(members, ADMIN))
    assert "retention_quiet" in kinds(members, ADMIN, today=datetime.date(2026, 11, 21))


# --- Another organisation -------------------------------------------------------------------


def test_nothing_of_another_organisation_appears(members, other_members, buurdorp):
    programme = ProgrammeFactory(organisation=buurdorp)
    initiative = InitiativeFactory(programme=programme, title="Elders rood")
    services.initiative_change_status(
        initiative=initiative, status=RAG.RED, reason="Elders", by=other_members[PM]
    )
    assert "initiative_red" not in kinds(members, PM)
    assert "without_track" not in kinds(members, PM)


# --- The dashboard and the header -----------------------------------------------------------


@time_machine.travel(NOON, tick=False)
def test_the_dashboard_lists_the_items_most_urgent_first(login, members, programme):
    red = InitiativeFactory(programme=programme, title="Rood initiatief")
    services.initiative_change_status(
        initiative=red, status=RAG.RED, reason="Gestopt", by=members[PM]
    )
    InitiativeFactory(programme=programme, title="Zonder traject")
    AdoptionTrackFactory(initiative=red)

    response = login(members[PM]).get(reverse("organisations:dashboard"))
    text = response.text
    assert response.status_code == 200
    assert "Wat vraagt aandacht" in text
    assert text.index("Rood initiatief") < text.index("Zonder traject")
    assert "Nu oppakken" in text
    assert 'data-kind="initiative_red"' in text
    assert reverse("transformation:initiative_detail", args=[red.pk]) in text
    # Red since this very day: said in words, not as "0 days".
    assert "Sinds 18 november 2026 (vandaag)" in text and "(0 dagen)" not in text


@time_machine.travel(NOON, tick=False)
def test_each_kind_opens_a_list_of_its_own_a_page_at_a_time(login, members, programme):
    """Twenty-three initiatives without an adoption track behind a red one: the first page
    shows twenty items; the count of a kind opens that kind alone, twenty at a time."""
    red = InitiativeFactory(programme=programme, title="Rood initiatief")
    services.initiative_change_status(
        initiative=red, status=RAG.RED, reason="Gestopt", by=members[PM]
    )
    AdoptionTrackFactory(initiative=red)
    for n in range(23):
        InitiativeFactory(programme=programme, title=f"Zonder traject {n:02d}")
    client = login(members[PM])
    dashboard = reverse("organisations:dashboard")

    response = client.get(dashboard)
    first = response.context["attention"]
    assert len(first) == 20 and first.paginator.count == response.context["attention_total"]
    assert f"{dashboard}?soort=without_track#attention" in response.text
    assert "?aandacht=2#attention" in response.text

    only = client.get(dashboard, {"soort": "without_track"})
    assert only.context["attention_kind"].count == 23
    assert {item.kind for item in only.context["attention"]} == {"without_track"}
    assert 'aria-current="true"' in only.text and "Rood initiatief" not in only.text
    assert "Getoond: " in only.text
    second = client.get(dashboard, {"soort": "without_track", "aandacht": "2"})
    assert len(second.context["attention"]) == 3
    assert "soort=without_track" in second.context["attention"].previous_url

    unknown = client.get(dashboard, {"soort": "onzin"})
    assert unknown.context["attention_kind"] is None
    assert len(unknown.context["attention"]) == 20


@time_machine.travel(NOON, tick=False)
def test_a_kind_counts_what_it_names_and_the_list_its_lines(
    login, members, voorbeeldstad, settings
):
    """Three planned actions past their date are one line of the list; the kind's count
    says three actions, and the total of the list (and of the digest) one thing."""
    for day in (2, 3, 4):
        SkillsActionFactory(
            organisation=voorbeeldstad,
            status=ActionStatus.PLANNED,
            held_on=datetime.date(2026, 11, day),
        )
    membership = Membership.objects.get(user=members[HR])
    [summary] = [
        summary
        for summary in attention.summaries(attention.items_for(membership, TODAY))
        if summary.kind == "actions_overdue"
    ]
    assert (summary.count, summary.items) == (3, 1)

    response = login(members[HR]).get(reverse("organisations:dashboard"))
    chip = re.search(
        r'soort=actions_overdue#attention"><span class="mw-attention__kind-count">(\d+)<',
        response.text,
    )
    assert chip and chip.group(1) == "3"
    lines = response.context["attention_total"]
    assert lines == response.context["attention"].paginator.count

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    members[HR].email = "hr@voorbeeldstad.nl"
    members[HR].save()
    assert digest_send(user_id=members[HR].pk, today=TODAY)
    [message] = mail.outbox
    # Nothing else needs the HR adviser's attention here: one thing, of three actions.
    assert lines == 1 and "1 melding vraagt je aandacht" in message.subject
    assert "3 \N{MULTIPLICATION SIGN} Geplande acties over hun datum" in message.body


@time_machine.travel(NOON, tick=False)
def test_an_empty_list_says_so(login, members):
    response = login(members[DIRECTOR]).get(reverse("organisations:dashboard"))
    assert "Niets vraagt nu je aandacht" in response.text


@time_machine.travel(NOON, tick=False)
def test_the_header_counts_the_items(login, members, programme):
    InitiativeFactory(programme=programme)
    client = login(members[PM])
    response = client.get(reverse("transformation:overview"))
    # Not known yet: the header asks for it.
    assert reverse("organisations:attention_count") in response.text

    count = client.get(reverse("organisations:attention_count"), HTTP_HX_REQUEST="true")
    # The initiative without an adoption track, and the decisions the data proposes (the
    # programme has no approved information vision).
    assert 'class="mw-attention-count__number">2<' in count.text
    assert "<html" not in count.text

    response = client.get(reverse("transformation:overview"))
    assert 'class="mw-attention-count__number">2<' in response.text
    assert reverse("organisations:attention_count") not in response.text


@pytest.mark.parametrize("role", list(Role))
@time_machine.travel(NOON, tick=False)
def test_the_dashboards_queries_do_not_grow_with_the_data(
    login, members, voorbeeldstad, role, django_assert_max_num_queries
):
    client = login(members[role])

    def grow(n):
        programme = ProgrammeFactory(organisation=voorbeeldstad)
        for i in range(n):
            unit = OrganisationUnitFactory(organisation=voorbeeldstad)
            initiative = InitiativeFactory(programme=programme, units=[unit])
            services.initiative_change_status(
                initiative=initiative, status=RAG.RED, reason="x", by=members[PM]
            )
            if i % 2:
                track = AdoptionTrackFactory(initiative=initiative)
                track.phases.filter(phase=1).update(
                    status=PhaseStatus.DONE,
                    start_date=datetime.date(2026, 9, 1),
                    end_date=datetime.date(2026, 10, 1),
                )
            benefit = BenefitFactory(initiative=initiative)
            services.benefit_add_measurement(
                benefit=benefit, measured_on=datetime.date(2026, 6, 1), value=10, by=None
            )
            CodeterminationStep.objects.create(
                organisation=voorbeeldstad,
                initiative=initiative,
                phase=CodeterminationPhase.values[0],
                outcome=Outcome.NEGATIVE,
            )
            _gap(unit, 2)
            SkillsActionFactory(
                organisation=voorbeeldstad,
                status=ActionStatus.PLANNED,
                held_on=datetime.date(2026, 1, 5),
            )
            job = JobFactory(organisation=voorbeeldstad, vulnerability=Vulnerability.HIGH)
            MobilityTrajectoryFactory(
                organisation=voorbeeldstad,
                employee=EmployeeFactory(unit=unit, job=job),
                from_job=job,
            )
            ReportRequestFactory(organisation=voorbeeldstad, done=True)

    grow(2)  # one of each kind, so that every prefetch runs already
    client.get(reverse("organisations:dashboard"))
    with django_assert_max_num_queries(48) as small:
        assert client.get(reverse("organisations:dashboard")).status_code == 200
    grow(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("organisations:dashboard"))
    assert response.status_code == 200
    if role != Role.ORGANISATION_ADMIN:
        assert "mw-attention__item" in response.text


# --- The weekly digest ----------------------------------------------------------------------


def test_the_digest_counts_per_kind_names_nobody_and_goes_once_a_week(members, programme, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    initiative = InitiativeFactory(programme=programme, title="Geheim initiatief")
    services.initiative_change_status(
        initiative=initiative, status=RAG.RED, reason="Vertrouwelijk", by=members[PM]
    )
    pm = members[PM]
    pm.email = "programma@voorbeeldstad.nl"
    pm.save()

    assert digest_send(user_id=pm.pk, today=TODAY)
    [message] = mail.outbox
    assert message.to == ["programma@voorbeeldstad.nl"]
    # The red initiative, the initiative without a track, and the decisions the data proposes.
    assert "3 meldingen" in message.subject
    assert "1 \N{MULTIPLICATION SIGN} Initiatieven rood" in message.body
    assert "1 \N{MULTIPLICATION SIGN} Initiatieven zonder adoptietraject" in message.body
    assert "Geheim initiatief" not in message.body
    assert "Vertrouwelijk" not in message.body
    assert "/dashboard/#attention" in message.body
    pm.refresh_from_db()
    assert pm.digest_sent_for == week_of(TODAY) == datetime.date(2026, 11, 16)

    assert not digest_send(user_id=pm.pk, today=TODAY + datetime.timedelta(days=2))
    assert digest_send(user_id=pm.pk, today=TODAY + datetime.timedelta(days=7))
    assert len(mail.outbox) == 2


def test_no_digest_for_who_opted_out_or_has_nothing(members, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    director = members[DIRECTOR]
    director.email = "directie@voorbeeldstad.nl"
    director.save()
    assert not digest_send(user_id=director.pk, today=TODAY)  # nothing needs attention

    pm = members[PM]
    pm.email = "programma@voorbeeldstad.nl"
    pm.weekly_digest = False
    pm.save()
    InitiativeFactory(programme=ProgrammeFactory(organisation=pm.memberships.get().organisation))
    assert not digest_send(user_id=pm.pk, today=TODAY)
    assert mail.outbox == []


def test_the_profile_turns_the_digest_off(login, members):
    client = login(members[HR])
    response = client.get(reverse("organisations:profile"))
    assert response.status_code == 200
    assert "Wekelijkse e-mail" in response.text
    response = client.post(reverse("organisations:profile"), {}, follow=True)
    assert response.status_code == 200
    members[HR].refresh_from_db()
    assert members[HR].weekly_digest is False
    client.post(reverse("organisations:profile"), {"weekly_digest": "on"})
    members[HR].refresh_from_db()
    assert members[HR].weekly_digest is True


def test_the_weekly_job_sends_one_task_per_recipient(members, settings, programme):
    from organisations import tasks

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    InitiativeFactory(programme=programme)
    for role, user in members.items():
        user.email = f"{role}@voorbeeldstad.nl"
        user.save()
    with time_machine.travel(NOON, tick=False):
        assert tasks.send_weekly_digests() == len(members)
    # The programme manager has an initiative without a track; the organisation admin a
    # retention job that never ran.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "organisation_admin@voorbeeldstad.nl",
        "programme_manager@voorbeeldstad.nl",
    ]
    assert timezone.localdate(NOON) == TODAY


def test_the_profile_page_needs_a_fixed_number_of_queries(
    login, members, voorbeeldstad, django_assert_max_num_queries
):
    from tests.factories import MembershipFactory, OrganisationFactory

    user = members[HR]
    client = login(user)
    client.get(reverse("organisations:profile"))
    with django_assert_max_num_queries(7) as small:
        assert client.get(reverse("organisations:profile")).status_code == 200
    for _ in range(5):  # roles in more organisations
        MembershipFactory(user=user, organisation=OrganisationFactory(), role=Role.DIRECTOR)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("organisations:profile"))
    assert response.text.count("Directeur bij") == 5


def test_links_are_the_urls_reverse_makes():
    """Reversed once per view and its other arguments, each link as reverse makes it."""
    link = attention.Links("transformation:initiative_detail")
    for pk in (1, 42, 987_654_321):
        assert link(pk) == reverse("transformation:initiative_detail", args=[pk])
    codetermination = attention.Links("transformation:codetermination")
    for pk, phase in ((7, "idea"), (7, "development"), (12, "idea")):
        assert codetermination(pk, phase) == reverse(
            "transformation:codetermination", args=[pk, phase]
        )
    assert set(codetermination.parts) == {("idea",), ("development",)}
