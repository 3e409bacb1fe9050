"""The management status report's content: the figures it collects, how it shows
them to the directors (aggregates only for employees), what changed since the
previous report, the decisions it puts before them, and the real PDF.

One module, though over 600 lines: every test reads the one world below, made for this
report alone. Split, it would move to conftest.py, away from the tests whose figures
it explains.
"""

import datetime
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from pypdf import PdfReader

from adoption import services as adoption_services
from adoption.models import (
    AwarenessActivity,
    Champion,
    PhaseMove,
    PhaseStatus,
    UsageMeasurement,
)
from inclusion.metamorphosis.evidence import evidence_for
from inclusion.metamorphosis.lessons import LESSONS
from inclusion.models import (
    ActionKind,
    ActionStatus,
    Employee,
    InclusionSettings,
    Job,
    LessonAssessment,
    Vulnerability,
)
from organisations.models import Role
from reports import services as report_services
from reports.content import management
from reports.models import ReportRequest, ReportStatus
from tests.factories import (
    AdoptionTrackFactory,
    BenefitFactory,
    EmployeeFactory,
    InitiativeFactory,
    JobFactory,
    MobilityTrajectoryFactory,
    OrganisationUnitFactory,
    PopConversationFactory,
    ReportRequestFactory,
    SkillsActionFactory,
    TrainingSessionFactory,
)
from transformation import services as transformation_services
from transformation.decisions import proposals
from transformation.models import (
    RAG,
    BenefitMeasurement,
    CodeterminationBody,
    CodeterminationStep,
    DecisionOutcome,
    DecisionRequest,
    InterventionKind,
    InterventionStatus,
    LegalBasis,
    Outcome,
)

PM, DIRECTOR = Role.PROGRAMME_MANAGER, Role.DIRECTOR
# The report's period ends today and the world's events happen now: each test runs at
# noon of the day the session started, so that none straddles midnight (what "today"
# is still follows the session's clock).
TODAY = timezone.localdate()
NOON = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=timezone.get_current_timezone())
PERIOD_START = TODAY - datetime.timedelta(days=30)
LONG_AGO = NOON - datetime.timedelta(days=200)


@pytest.fixture(autouse=True)
def noon_of_today():
    with time_machine.travel(NOON, tick=True):
        yield


def report_for(world, **fields) -> ReportRequest:
    return ReportRequestFactory(
        organisation=world["programme"].organisation,
        programme=world["programme"],
        requested_by=world["director"],
        period_start=PERIOD_START,
        period_end=TODAY,
        **fields,
    )


def rendered(report, snapshot=None, previous=None, language="en") -> str:
    with translation.override(language):
        snapshot = management.snapshot(report) if snapshot is None else snapshot
        return render_to_string(management.template, management.context(report, snapshot, previous))


def override_move(track, pm, reason="De leverancier levert nu."):
    """Two steps on from phase 1 without finishing it: the second passes a gate."""
    adoption_services.track_move(track=track, by=pm)
    return adoption_services.track_move(track=track, by=pm, override_reason=reason)


@pytest.fixture
def world(adoption_world, members, units, employees):
    """The adoption world's programme with a red initiative, a gate override in the
    period and one long before it, a benefit on track beside the fixture's one off
    track, and six employees of whom only small groups did anything."""
    pm = members[PM]
    programme = adoption_world["programme"]
    organisation = programme.organisation

    red = InitiativeFactory(programme=programme, owner=pm, title="Datagedreven sturing")
    transformation_services.initiative_change_status(
        initiative=red, status=RAG.RED, reason="De OR adviseerde negatief.", by=pm
    )
    old_change = transformation_services.initiative_change_status(
        initiative=adoption_world["draft_initiative"],
        status=RAG.AMBER,
        reason="Vertraging bij de leverancier.",
        by=pm,
    )
    old_change.changed_at = LONG_AGO
    old_change.save()

    in_period = override_move(adoption_world["track"], pm)
    old_track = AdoptionTrackFactory(initiative=red)
    old_override = override_move(old_track, pm, reason="Lang geleden doorgezet.")
    PhaseMove.objects.filter(track=old_track).update(moved_at=LONG_AGO)

    on_track = BenefitFactory(
        initiative=adoption_world["initiative"],
        owner=pm,
        title="Meer digitale aanvragen",
        unit="%",
        baseline=Decimal("10"),
        baseline_on=TODAY - datetime.timedelta(days=365),
        target=Decimal("50"),
        # Halfway through, 49 is ahead of the plan (30) on any day the test runs.
        target_date=TODAY + datetime.timedelta(days=365),
    )
    BenefitMeasurement.objects.create(benefit=on_track, measured_on=TODAY, value=Decimal("49"))

    body = CodeterminationBody.objects.create(organisation=organisation, name="Ondernemingsraad")
    CodeterminationStep.objects.create(
        organisation=organisation,
        initiative=red,
        phase="development",
        body=body,
        legal_basis=LegalBasis.WOR_25_1_K,
        advice_requested_on=PERIOD_START,
        advice_given_on=TODAY,
        outcome=Outcome.NEGATIVE,
    )
    intervention = programme.interventions.get(kind=InterventionKind.HR_ADVISER)
    intervention.status = InterventionStatus.ANCHORED
    transformation_services.intervention_update(
        intervention=intervention, changed_fields=["status"], by=pm
    )
    LessonAssessment.objects.create(
        organisation=organisation,
        programme=programme,
        lesson=2,
        score=4,
        assessed_on=TODAY,
        assessed_by=pm,
    )

    # Six employees work here; every group below is smaller than five, except the
    # five in the vulnerable job.
    manager, *team = employees
    vulnerable = Job.objects.get(organisation=organisation, name="Medewerker")
    vulnerable.vulnerability = Vulnerability.HIGH
    vulnerable.save()
    medium = JobFactory(
        organisation=organisation, name="Archief", vulnerability=Vulnerability.MEDIUM
    )
    Employee.objects.filter(pk=manager.pk).update(job=medium)
    for employee, covered in ((team[0], True), (team[1], True), (team[2], False)):
        PopConversationFactory(employee=employee, held_on=TODAY, digital_skills=covered)
    for employee in team:
        MobilityTrajectoryFactory(employee=employee, from_job=vulnerable, destination="upskilled")
    MobilityTrajectoryFactory(
        employee=manager, from_job=medium, destination="external", status="active"
    )
    SkillsActionFactory(
        organisation=organisation,
        kind=ActionKind.INTERVISIE,
        held_on=TODAY,
        status=ActionStatus.DONE,
        employees=team[:3],
    )
    return {
        **adoption_world,
        "pm": pm,
        "director": members[DIRECTOR],
        "red": red,
        "on_track": on_track,
        "override": in_period,
        "old_override": old_override,
        "employees": employees,
    }


# --- The figures --------------------------------------------------------------------------------


def test_the_snapshot_counts_initiatives_per_status_and_adoption_phase(world):
    figures = management.snapshot(report_for(world))

    assert figures["status_counts"] == {"green": 1, "amber": 1, "red": 1}
    # The fixture's track went on to phase 3 past the gate; the red initiative's to 3 too.
    assert figures["phase_counts"] == {"1": 0, "2": 0, "3": 2, "4": 0, "none": 1}
    by_title = {row["title"]: row for row in figures["initiatives"]}
    red = by_title["Datagedreven sturing"]
    assert red["status"] == "red"
    assert red["reason"] == "De OR adviseerde negatief."
    assert red["adoption"]["phase"] == 3
    assert red["adoption"]["phase_status"] == PhaseStatus.ACTIVE
    assert red["codetermination"]["development"]["stage"] == Outcome.NEGATIVE
    assert by_title[world["draft_initiative"].title]["adoption"] is None


def test_events_are_those_of_the_period_and_figures_the_state_of_now(world):
    figures = management.snapshot(report_for(world))

    overrides = figures["gate_overrides"]
    assert [(o["initiative"], o["to"], o["open"]) for o in overrides] == [
        (world["initiative"].title, 3, [2])
    ]
    assert overrides[0]["reason"] == "De leverancier levert nu."
    # The status change of long ago is not an event of this period, but its result counts.
    assert [(c["initiative"], c["from"], c["to"]) for c in figures["status_changes"]] == [
        ("Datagedreven sturing", "green", "red")
    ]
    assert figures["status_counts"]["amber"] == 1
    assert [c["kind"] for c in figures["intervention_changes"]] == [InterventionKind.HR_ADVISER]


def test_benefits_are_on_or_off_track_as_their_measurements_say(world):
    figures = management.snapshot(report_for(world))

    tracks = {b["title"]: b["track"] for b in figures["benefits"]}
    assert tracks == {world["benefit"].title: "off_track", "Meer digitale aanvragen": "on_track"}
    assert figures["benefit_counts"] == {
        "not_measured": 0,
        "achieved": 0,
        "on_track": 1,
        "off_track": 1,
    }
    on_track = next(b for b in figures["benefits"] if b["title"] == "Meer digitale aanvragen")
    assert on_track["in_period"] == 1
    assert on_track["measurements"][-1]["value"] == "49.00"


def test_the_snapshot_keeps_codes_not_words_so_any_language_can_compare(world):
    report = report_for(world)
    with translation.override("nl"):
        dutch = management.snapshot(report)
    with translation.override("en"):
        english = management.snapshot(report)
    dutch.pop("made_at"), english.pop("made_at")

    assert dutch == english
    assert json.loads(json.dumps(dutch)) == dutch


# --- Employees: aggregates only -----------------------------------------------------------------


def test_small_groups_are_kept_and_shown_as_below_the_threshold(world):
    report = report_for(world)
    figures = management.snapshot(report)["inclusion"]

    assert figures["employees"] == 6
    # Five of six in a highly vulnerable job says the sixth is not: hidden.
    assert figures["vulnerable_high"] == "\u2013"
    # Three POP-gesprekken, two about digital skills, one manager in a medium job:
    # never their number, not even in the stored snapshot. Among six employees (fewer
    # than twice the threshold) every such count is a dash, so that "<5" beside it
    # cannot tell the two halves of the group apart.
    assert figures["pop_held"] == figures["pop_covered"] == "\u2013"
    assert figures["pop_percentage"] is None
    assert figures["vulnerable_medium"] == "\u2013"
    # Six in all beside five planned would leave one in the other three statuses
    # together, a group below the threshold: the five are hidden too.
    assert figures["trajectories"] == {
        "planned": "\u2013",
        "active": "<5",
        "completed": "<5",
        "stopped": "<5",
    }
    # Every status hidden; but the six start from two jobs whose figures on the list of
    # jobs are hidden (five of its five employees, one of one), and beside them the total
    # would give those back: hidden too.
    assert figures["trajectories_total"] == "\u2013"
    # Every kind, those without any action too: a kind left out would say "none".
    shown = {row["kind"]: (row["actions"], row["people"]) for row in figures["actions"]}
    assert shown == dict.fromkeys(ActionKind.values, ("<5", "\u2013"))

    html = rendered(report)
    # Both levels of vulnerability hidden: one sentence instead of a table of dashes.
    assert 'class="vulnerable"' not in html
    assert "Employees in vulnerable jobs</strong> Too few employees to show per group." in html
    assert re.search(r"In whose POP-gesprek digital skills came up</th>\s*<td[^>]*>\u2013<", html)
    # Every status hidden: a sentence, without a table of marks, and without the total.
    assert 'class="trajectories"' not in html
    assert (
        "Mobility trajectories by status</strong> Too few employees to show per group.</p>" in html
    )


def test_the_threshold_is_the_organisations_own(world):
    InclusionSettings.objects.create(
        organisation=world["programme"].organisation, min_group_size=10
    )
    report = report_for(world)
    figures = management.snapshot(report)["inclusion"]

    assert figures["employees"] == "<10"
    # Five of six: in a group under twice the threshold, a dash.
    assert figures["vulnerable_high"] == "\u2013"
    assert "fewer than 10 employees" in rendered(report)


def test_whether_each_initiatives_people_are_prepared_is_kept_as_directors_see_it(world, units):
    from inclusion.models import Assessment, Competence, InitiativeCompetence

    organisation = world["programme"].organisation
    initiative = world["initiative"]
    competence = Competence.objects.get(organisation=organisation, code="2.1")
    InitiativeCompetence.objects.create(
        organisation=organisation, initiative=initiative, competence=competence, level=4
    )
    # Fourteen in unit 0: nine below the level asked long ago, two of them still.
    people = [*world["employees"], *(EmployeeFactory(unit=units[0]) for _ in range(8))]
    long_ago = TODAY - datetime.timedelta(days=200)
    for index, employee in enumerate(people[:9]):
        for day, level in ((long_ago, 2), (TODAY, 2 if index < 2 else 4)):
            Assessment.objects.create(
                organisation=organisation,
                employee=employee,
                competence=competence,
                level=level,
                assessed_on=day,
                source="hr",
            )
    SkillsActionFactory(organisation=organisation, initiative=initiative, employees=people[:9])
    # The row of each initiative is in the annex; the chapter counts the directions.
    report = report_for(world, annex=True)
    kept = management.snapshot(report)["preparation"]

    row = next(item for item in kept["rows"] if item["id"] == initiative.pk)
    # Initiatives share units: no count per initiative, only the direction of its gap
    # (nine below the level asked long ago, two now: closing).
    assert row["people"] == row["below_share"] == row["below_before_share"] == "\u2013"
    assert row["reached_share"] == "\u2013"
    assert row["closing"] is True
    assert row["actions_done"] == "<5"
    assert row["self_score"] == initiative.human_action_readiness

    html = rendered(report)
    assert "people being prepared?" in html
    assert re.search(r"<th scope=\"row\">" + re.escape(initiative.title) + r"</th>", html)
    assert "closing: fewer below the level asked than three months ago" in html

    # Without the annex, the chapter still says which way the gaps go: how many
    # initiatives close theirs, never a count about one initiative's people.
    html = rendered(report_for(world), language="nl")
    chapter = html[html.index('id="inclusion"') : html.index('id="lessons"')]
    closing = re.search(
        r"<strong>(\d+)</strong> <span class=\"status status--green\">Slinkt", chapter
    )
    assert closing and closing.group(1) == "1"
    assert "Te weinig medewerkers om per initiatief" not in chapter


def test_the_direction_of_a_small_initiative_is_not_said(world):
    InclusionSettings.objects.create(
        organisation=world["programme"].organisation, min_group_size=10
    )
    report = report_for(world, annex=True)
    rows = management.snapshot(report)["preparation"]["rows"]
    assert all(row["closing"] is None for row in rows)
    html = rendered(report)
    assert 'class="preparation"' in html
    assert "closing:" not in html


def test_a_snapshot_from_before_preparation_was_kept_leaves_the_table_out(world):
    report = report_for(world)
    figures = management.snapshot(report)
    del figures["preparation"]

    html = rendered(report, figures)

    assert "people being prepared" not in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_employee_is_named_in_the_report(world, language):
    # The adoption world's champion, under a name no generated user can have.
    Champion.objects.filter(organisation=world["programme"].organisation).update(
        name="Champion Zwaluwstaart"
    )
    html = rendered(report_for(world), language=language)

    for employee in world["employees"]:
        assert employee.name not in html
    assert "Zwaluwstaart" not in html


# --- What changed -------------------------------------------------------------------------------


def test_what_changed_lists_a_status_change_since_the_previous_report(world):
    first = report_for(world)
    previous = ReportRequestFactory(
        organisation=first.organisation,
        programme=first.programme,
        done=True,
        snapshot=management.snapshot(first),
    )
    transformation_services.initiative_change_status(
        initiative=world["initiative"],
        status=RAG.RED,
        reason="Te weinig champions.",
        by=world["pm"],
    )
    report = report_for(world)
    assert report.previous() == previous

    with translation.override("en"):
        figures = management.snapshot(report)
        context = management.context(report, figures, report.previous())
    changes = {change.subject: (change.before, change.after) for change in context["changes"]}

    assert changes[f"{world['initiative'].title}: status"] == ("green", "red")
    assert changes["Initiatives on red"] == ("1", "2")
    assert changes["Initiatives on green"] == ("1", "0")
    html = rendered(report, figures, report.previous())
    assert "What changed since the previous report" in html
    assert f"{world['initiative'].title}: status" in html


def test_the_previous_report_is_about_the_period_before_and_made_before(world):
    organisation, programme = world["programme"].organisation, world["programme"]

    def made(start, end, days_ago, **fields):
        made = ReportRequestFactory(
            organisation=organisation,
            programme=programme,
            period_start=start,
            period_end=end,
            **fields,
        )
        ReportRequest.objects.filter(pk=made.pk).update(
            created_at=NOON - datetime.timedelta(days=days_ago)
        )
        made.refresh_from_db()
        return made

    day = datetime.date
    september = made(day(2026, 9, 1), day(2026, 9, 30), 60, done=True)
    quarter = made(day(2026, 9, 1), day(2026, 11, 30), 5, done=True)
    december = made(day(2026, 12, 1), day(2026, 12, 3), 3, done=True)
    made(day(2026, 10, 1), day(2026, 10, 31), 4, status=ReportStatus.FAILED)

    # October, made after December's: compared with September's, not with a later period.
    assert made(day(2026, 10, 1), day(2026, 10, 31), 1).previous() == september
    # November beside a quarter that holds November would compare it with itself.
    assert made(day(2026, 11, 1), day(2026, 11, 30), 1).previous() == september
    # The rest of December: its first days', the latest period before it.
    assert made(day(2026, 12, 4), day(2026, 12, 5), 1).previous() == december
    # December's first days: the quarter before them, made after September's.
    assert december.previous() == quarter
    # The quarter overlaps September, the only report made before it.
    assert quarter.previous() is None
    # A report made before any other has none, whatever their periods.
    assert made(day(2027, 1, 1), day(2027, 1, 31), 90).previous() is None


@pytest.mark.parametrize(
    "old",
    [
        {},
        {"version": 0},
        {"initiatives": None, "status_counts": "kapot", "inclusion": [1, 2]},
        {"initiatives": [{"title": "zonder id"}, "tekst"], "benefits": [{"id": 1}]},
        {"status_counts": {"green": 3}, "lessons": [{"lesson": 2}], "vision": None},
    ],
)
def test_a_previous_snapshot_with_missing_or_odd_keys_never_breaks_the_report(world, old):
    report = report_for(world)
    previous = ReportRequestFactory(
        organisation=report.organisation,
        programme=report.programme,
        done=True,
        snapshot=old,
    )

    html = rendered(report, previous=previous)

    assert "What changed since the previous report" in html
    if not set(old) & set(management.COMPARED_KEYS):
        assert "kept no figures this report can compare with" in html


def test_the_first_report_says_there_is_nothing_to_compare_yet(world):
    html = rendered(report_for(world))

    assert "There is no earlier report of its kind about a period before this one" in html


# --- Decisions ----------------------------------------------------------------------------------


def request(world, **fields) -> DecisionRequest:
    programme = world["programme"]
    return DecisionRequest.objects.create(
        organisation=programme.organisation,
        programme=programme,
        prepared_by=world["pm"],
        **{"title": "Budget voor training 2027", "question": "Stel het budget vast.", **fields},
    )


def test_the_report_opens_with_the_requests_asked_and_says_what_was_decided_since(world):
    request(
        world,
        options="Toekennen\nAfwijzen",
        advice="Toekennen.",
        meeting="Directieoverleg",
        meeting_on=TODAY + datetime.timedelta(days=7),
        initiative=world["initiative"],
    )
    request(
        world,
        title="Champions per team",
        outcome=DecisionOutcome.TAKEN,
        decided_by=world["director"],
        decided_on=TODAY,
        outcome_note="Akkoord, vier uur per week.",
    )
    request(
        world,
        title="Lang geleden besloten",
        outcome=DecisionOutcome.REJECTED,
        decided_by=world["director"],
        decided_on=PERIOD_START - datetime.timedelta(days=1),
        outcome_note="Te duur.",
    )
    report = report_for(world)

    snapshot = management.snapshot(report)
    [asked] = snapshot["decisions"]["asked"]
    [decided] = snapshot["decisions"]["decided"]
    html = rendered(report, snapshot)

    assert asked["options"] == ["Toekennen", "Afwijzen"]
    assert asked["initiative"] == world["initiative"].title
    assert decided["outcome"] == DecisionOutcome.TAKEN
    opening = html[html.index('id="opening"') : html.index('id="summary"')]
    assert "The decision asked of you" in opening
    assert "Budget voor training 2027" in opening
    assert "Advice: Toekennen." in opening
    assert "One earlier request was decided since the period began" in opening
    chapter = html[html.index('id="decisions"') :]
    assert "Akkoord, vier uur per week." in chapter
    assert "Lang geleden besloten" not in html


def test_the_opening_points_to_the_decisions_the_data_puts_forward(world):
    """Nothing asked, but the data proposes decisions nobody prepared or set aside: the
    opening page says how many, and where they are."""
    report = report_for(world)
    snapshot = management.snapshot(report)
    with translation.override("nl"):
        proposed = management.context(report, snapshot, None)["decisions"]["proposed_count"]
    assert proposed > 1
    html = rendered(report, snapshot, language="nl")
    opening = html[html.index('id="opening"') : html.index('id="summary"')]
    assert (
        f"De gegevens stellen {proposed} besluiten voor die nog niet zijn voorgelegd: "
        "zie hoofdstuk 10." in opening
    )

    snapshot["decisions"]["proposed"] = []
    html = rendered(report, snapshot, language="en")
    opening = html[html.index('id="opening"') : html.index('id="summary"')]
    assert "The data puts forward" not in opening


@pytest.mark.parametrize(
    ("language", "heading", "counted"),
    [
        ("en", "Decisions asked of you", "The 0 decisions"),
        ("nl", "Gevraagde besluiten", "De 0 gevraagde"),
    ],
)
def test_the_opening_names_no_count_when_nothing_is_asked(world, language, heading, counted):
    html = rendered(report_for(world), language=language)

    opening = html[html.index('id="opening"') : html.index('id="summary"')]
    assert f"<h3>{heading}</h3>" in opening
    assert counted not in opening


def test_the_opening_says_the_state_in_three_sentences_and_compares_key_figures(world):
    report = report_for(world)
    snapshot = management.snapshot(report)
    before = {**snapshot, "status_counts": {**snapshot["status_counts"], RAG.RED: 3}}
    previous = ReportRequestFactory(
        organisation=report.organisation, programme=report.programme, done=True, snapshot=before
    )
    with translation.override("en"):
        context = management.context(report, snapshot, previous)

    assert len(context["highlights"]) == 3
    assert context["highlights"][0] == (
        "3 initiatives: 1 on green, 1 on amber and 1 on red (Datagedreven sturing)."
    )
    red = next(row for row in context["key_figures"] if row["label"] == "Initiatives on red")
    assert (red["now"], red["then"], red["change"]) == ("1", "3", "\N{MINUS SIGN}2")
    same = next(row for row in context["key_figures"] if row["label"] == "Initiatives")
    assert same["change"] == "unchanged"


@pytest.mark.parametrize(
    ("language", "sentence", "label"),
    [
        (
            "nl",
            "Bij 62% van de medewerkers kwamen digitale vaardigheden aan bod in het "
            f"POP-gesprek van {TODAY.year}",
            "Medewerkers bij wie digitale vaardigheden in het POP-gesprek aan bod kwamen",
        ),
        (
            "en",
            "For 62% of the employees, digital skills came up in their POP-gesprek of "
            f"{TODAY.year}",
            "Employees whose POP-gesprek covered digital skills",
        ),
    ],
)
def test_the_opening_names_the_pop_share_as_a_share_of_the_employees(
    world, language, sentence, label
):
    """The share is of the employees in service (the inclusion chapter's tile), not of the
    POP-gesprekken held, which the interventions' evidence counts apart."""
    report = report_for(world)
    snapshot = management.snapshot(report)
    snapshot["inclusion"]["pop_percentage"] = 62
    with translation.override(language):
        context = management.context(report, snapshot, None)

    assert context["highlights"][2].startswith(sentence)
    row = next(row for row in context["key_figures"] if row["now"] == "62%")
    assert row["label"] == label


def test_the_pop_lesson_is_judged_against_the_organisations_target(world):
    """The lesson "line managers make digital skills part of every POP-gesprek" is
    supported by a coverage that reaches the organisation's own target, not by anyone
    at all; the report says the target beside the figure."""
    report = report_for(world)
    snapshot = management.snapshot(report)
    snapshot["inclusion"]["pop_percentage"] = 62
    snapshot["evidence"]["pop_coverage"] = {"met": False, "target": 80}
    assessed = {"lesson": 7, "score": 4, "assessed_on": TODAY.isoformat(), "notes": ""}
    snapshot["lessons"] = [
        assessed if item["lesson"] == 7 else item for item in snapshot["lessons"]
    ]
    with translation.override("nl"):
        [row] = [
            row
            for row in management.context(report, snapshot, None)["lessons"]
            if row["number"] == 7
        ]
    assert row["evidence"] == (
        f"62% van de medewerkers in dienst had in {TODAY.year} een POP-gesprek waarin "
        "digitale vaardigheden aan bod kwamen; het doel van de organisatie is 80%"
    )
    assert row["verdict"] == "contradicts"

    # A report made before the target was kept words it as it did, and judges as it did.
    snapshot["evidence"]["pop_coverage"] = {"met": True}
    with translation.override("en"):
        [row] = [
            row
            for row in management.context(report, snapshot, None)["lessons"]
            if row["number"] == 7
        ]
    assert "target" not in row["evidence"] and row["verdict"] == "supports"


def test_the_pop_coverage_is_the_period_years_and_compares_only_within_a_year(world):
    """Made on 5 January for the last quarter, the report speaks of the year it is about;
    beside a report of another year, the key figure shows no change."""
    report = ReportRequestFactory(
        organisation=world["programme"].organisation,
        programme=world["programme"],
        requested_by=world["director"],
        period_start=datetime.date(TODAY.year, 10, 1),
        period_end=datetime.date(TODAY.year, 12, 31),
    )
    with time_machine.travel(datetime.datetime(TODAY.year + 1, 1, 5, 12, tzinfo=datetime.UTC)):
        snapshot = management.snapshot(report)
    assert snapshot["inclusion"]["year"] == TODAY.year

    snapshot["inclusion"]["pop_percentage"] = 62
    before = json.loads(json.dumps(snapshot))
    before["inclusion"]["year"] = TODAY.year - 1
    before["inclusion"]["pop_percentage"] = 90
    previous = ReportRequestFactory(
        organisation=report.organisation, programme=report.programme, done=True, snapshot=before
    )
    with translation.override("en"):
        rows = management.context(report, snapshot, previous)["key_figures"]
    [pop] = [row for row in rows if row["now"] == "62%"]
    assert (pop["then"], pop["change"]) == ("\N{EM DASH}", "\N{EM DASH}")
    before["inclusion"]["year"] = TODAY.year
    previous.snapshot = before
    with translation.override("en"):
        rows = management.context(report, snapshot, previous)["key_figures"]
    [pop] = [row for row in rows if row["now"] == "62%"]
    assert (pop["then"], pop["change"]) == ("90%", "\N{MINUS SIGN}28 points")


def test_the_signals_nobody_took_up_are_named_and_an_adopted_one_is_a_request(world):
    report = report_for(world)
    with translation.override("en"):
        proposed = management.context(report, management.snapshot(report), None)["decisions"][
            "proposed"
        ]
        # The programme world has version 3 in consultation, one red initiative, one gate
        # override in the period (and an old one) and a negative advice.
        assert "Approve information vision version 3" in proposed
        assert "How Datagedreven sturing goes on" in proposed
        assert f"Gate override of {world['initiative'].title}" in proposed
        assert "Negative advice on Datagedreven sturing" in proposed

        [signal] = [p for p in proposals(world["programme"]) if p.source.startswith("red:")]
        request(world, **{k: v for k, v in signal.initial().items() if k != "initiative"})
        decisions = management.context(report, management.snapshot(report), None)["decisions"]
    assert "How Datagedreven sturing goes on" not in decisions["proposed"]
    assert [r["title"] for r in decisions["asked"]] == ["How Datagedreven sturing goes on"]


def test_a_confirmed_override_proposes_no_decision_and_an_undone_one_is_no_override(world):
    from django.utils import timezone

    override = world["override"]
    override.confirmed_at = timezone.now()
    override.confirmed_by = world["director"]
    override.save()
    report = report_for(world)
    snapshot = management.snapshot(report)
    [row] = snapshot["gate_overrides"]
    assert row["confirmed_on"] == timezone.localdate().isoformat()
    sources = {p["source"] for p in snapshot["decisions"]["proposed"]}
    assert f"override:{override.pk}" not in sources
    # The old override no director confirmed still waits for a decision.
    assert f"override:{world['old_override'].pk}" in sources

    override.confirmed_at = override.confirmed_by = None
    override.save()
    adoption_services.move_undo(move=override, by=world["pm"])
    assert management.snapshot(report_for(world))["gate_overrides"] == []


def test_an_empty_programme_says_so_honestly(voorbeeldstad, members):
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory(organisation=voorbeeldstad, owner=members[PM])
    report = report_for({"programme": programme, "director": members[DIRECTOR]})

    html = rendered(report)

    assert "The programme has no initiatives yet." in html
    assert "No gate overrides in this period." in html
    assert "No benefits have been recorded for the initiatives yet." in html
    # No action was done, but a zero is hidden like any small group: the report does not
    # say "none", it says the group is too small to show, as it would for three.
    actions = html.split("Digital-skills actions in this period</h3>", 1)[1]
    actions = actions.split("<h", 1)[0]
    assert "Too few employees to show per group." in actions
    assert "in all: &lt;5." in actions
    assert "no digital-skills" not in actions.lower() and "none" not in actions.lower()
    assert "Ask for an information vision" in html


# --- Made from the snapshot alone --------------------------------------------------------------


def test_an_interventions_status_the_data_contradicts_is_said_in_the_report(world):
    """'Work programmatically' anchored while not every initiative has an adoption track:
    the report says so beside the status, as the programme's page does (as it says of
    the HR adviser's intervention, anchored in the world without whole-unit actions)."""
    programme = world["programme"]
    intervention = programme.interventions.get(kind=InterventionKind.PROGRAMMATIC)
    intervention.status = InterventionStatus.ANCHORED
    intervention.save()
    report = report_for(world)
    figures = json.loads(json.dumps(management.snapshot(report)))
    [row] = [r for r in figures["interventions"] if r["kind"] == InterventionKind.PROGRAMMATIC]
    [worded] = row["contradictions"]
    assert set(worded) == {"nl", "en"} and "100%" in worded["nl"] and "100%" in worded["en"]
    assert rendered(report, snapshot=figures).count("Contradiction:") == 2
    assert rendered(report, snapshot=figures, language="nl").count("Tegenstrijdig:") == 2
    intervention.status = InterventionStatus.IN_PROGRESS
    intervention.save()
    assert rendered(report, language="nl").count("Tegenstrijdig:") == 1
    # A snapshot from before they were kept shows none, and fails nothing.
    for row in figures["interventions"]:
        del row["contradictions"]
    assert "Tegenstrijdig:" not in rendered(report, snapshot=figures, language="nl")


def test_the_context_is_made_from_the_snapshot_alone(world, django_assert_num_queries):
    first = report_for(world)
    ReportRequestFactory(
        organisation=first.organisation,
        programme=first.programme,
        done=True,
        snapshot=management.snapshot(first),
    )
    request(world)
    made = report_for(world)
    # As `make` loads it: the row with its organisation, programme and requester.
    report = ReportRequest.objects.select_related("organisation", "programme", "requested_by").get(
        pk=made.pk
    )
    with translation.override("en"):
        figures = json.loads(json.dumps(management.snapshot(report)))
        names = management.names(report, figures)
        previous = report.previous()
        with django_assert_num_queries(0):
            context = management.context(report, figures, previous, names=names)
            html = render_to_string(management.template, context)

    assert names == {}
    assert "What changed since the previous report" in html
    assert "Budget voor training 2027" in html
    # The lessons' evidence too comes from the snapshot.
    assert all(row["met"] is not None for row in context["lessons"])


# The evidence whose figure is the one the lessons' pages show, worded with what it
# counts; the others are kept no finer than the inclusion figures.
AS_ON_THE_PAGE = {
    "programme_age",
    "vision_approved",
    "initiatives_started",
    "adoption_tracks",
    "programme_without_end",
}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("starts_in, ends_in", [(None, None), (40, 400), (-800, 30)])
def test_the_stored_evidence_reads_as_on_the_lessons_pages(world, language, starts_in, ends_in):
    programme = world["programme"]
    if starts_in is not None:
        programme.start_date = TODAY + datetime.timedelta(days=starts_in)
        programme.end_date = TODAY + datetime.timedelta(days=ends_in)
        programme.save()
    report = report_for(world)
    with translation.override(language):
        live = evidence_for(programme)
        lessons = management.context(report, management.snapshot(report), None)["lessons"]

    for lesson, row in zip(LESSONS, lessons, strict=True):
        if not lesson.evidence:
            continue
        assert row["met"] == live[lesson.evidence].met, lesson.evidence
        # The figure (a count, a date, a duration) is the page's, in the same words.
        if lesson.evidence in AS_ON_THE_PAGE and any(
            c.isdigit() for c in live[lesson.evidence].value
        ):
            assert live[lesson.evidence].value in row["evidence"], lesson.evidence
            assert row["evidence"] != live[lesson.evidence].value, lesson.evidence


def test_the_stored_evidence_keeps_no_figure_the_report_hides(world):
    evidence = management.snapshot(report_for(world))["evidence"]

    # The report shows these through its own inclusion figures: the evidence keeps
    # only whether it supports the lesson. Two of six POP-gesprekken about digital
    # skills are too few to say even that.
    assert evidence["mobility_trajectories"] == {"met": True}
    assert evidence["pop_coverage"] == {"met": False, "target": 80}
    # The lesson says there are enough, without their number: beside the hidden figures
    # per job it would give them back (inclusion.wholes).
    from inclusion.metamorphosis.evidence import evidence_for

    with translation.override("en"):
        said = evidence_for(world["programme"])["mobility_trajectories"]
    assert (said.value, said.met) == ("\u2013", True)
    assert said.sentence.startswith("At least 5 mobility trajectories have been registered")


def test_a_snapshot_from_before_the_evidence_was_kept_is_still_read(world):
    report = report_for(world)
    current = management.snapshot(report)
    older = {key: value for key, value in current.items() if key != "evidence"} | {"version": 1}

    with translation.override("en"):
        lessons = management.context(report, older, None)["lessons"]
        # As the previous report's, it compares as the newer shape does.
        assert management.changes(current, older) == management.changes(current, current) == []
    html = rendered(report, older)

    assert all(row["evidence"] == "" and row["met"] is None for row in lessons)
    assert "Self-assessment per lesson" in html


# --- Queries ------------------------------------------------------------------------------------


def grow(world, count: int) -> None:
    """More of everything the snapshot reads: initiatives with tracks and their
    registers, overrides, status changes, benefits and measurements, co-determination,
    employees with POP-gesprekken, actions and trajectories, lesson assessments."""
    programme, pm = world["programme"], world["pm"]
    organisation = programme.organisation
    body = CodeterminationBody.objects.get_or_create(organisation=organisation, name="OR")[0]
    job = JobFactory(organisation=organisation, vulnerability=Vulnerability.HIGH)
    for n in range(count):
        unit = OrganisationUnitFactory(organisation=organisation)
        initiative = InitiativeFactory(programme=programme, owner=pm, units=[unit])
        transformation_services.initiative_change_status(
            initiative=initiative, status=RAG.AMBER, reason="Vertraagd.", by=pm
        )
        track = AdoptionTrackFactory(initiative=initiative, target_group_size=20)
        common = {"organisation": organisation, "track": track}
        Champion.objects.create(**common, name=f"Champion {n}", unit=unit)
        AwarenessActivity.objects.create(
            **common, channel="video", held_on=TODAY, reached=8, message="Waarom"
        )
        TrainingSessionFactory(track=track, held_on=TODAY, attendance=5)
        UsageMeasurement.objects.create(**common, measured_on=TODAY, active_users=7)
        override_move(track, pm)
        benefit = BenefitFactory(initiative=initiative, owner=pm)
        for month in (3, 6):
            BenefitMeasurement.objects.create(
                benefit=benefit, measured_on=datetime.date(2025, month, 1), value=9
            )
        CodeterminationStep.objects.create(
            organisation=organisation, initiative=initiative, phase="idea", body=body
        )
        employee = EmployeeFactory(unit=unit, job=job)
        PopConversationFactory(employee=employee, held_on=TODAY, digital_skills=True)
        SkillsActionFactory(organisation=organisation, held_on=TODAY, employees=[employee])
        MobilityTrajectoryFactory(employee=employee)
        LessonAssessment.objects.create(
            organisation=organisation,
            programme=programme,
            lesson=n % 9 + 1,
            score=3,
            assessed_on=TODAY,
        )


def queries_of_snapshot(report) -> int:
    with CaptureQueriesContext(connection) as captured:
        management.snapshot(report)
    return len(captured.captured_queries)


def test_the_snapshot_costs_the_same_queries_however_much_data_there_is(world):
    report = report_for(world)
    grow(world, 1)
    few = queries_of_snapshot(report)
    grow(world, 6)
    many = queries_of_snapshot(report)

    assert few == many
    assert len(management.snapshot(report)["initiatives"]) == 3 + 7


# --- The real document --------------------------------------------------------------------------


def test_the_opening_is_one_page_however_long_the_requests_are(
    world, django_capture_on_commit_callbacks
):
    long = " ".join(["Een lange toelichting op wat er gevraagd wordt."] * 30)
    for number in range(8):
        request(
            world,
            title=f"Besluitvraag {number}",
            question=long,
            advice=long,
            meeting="Directieoverleg",
            meeting_on=TODAY + datetime.timedelta(days=7),
        )
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_request(
            organisation=world["programme"].organisation,
            kind="management",
            programme=world["programme"],
            period_start=PERIOD_START,
            period_end=TODAY,
            requested_by=world["director"],
            language="en",
        )
    report.refresh_from_db()
    pages = [
        " ".join(page.extract_text().split()) for page in PdfReader(report.file.open("rb")).pages
    ]

    opening = next(i for i, text in enumerate(pages) if "decisions asked of you" in text)
    summary = next(i for i, text in enumerate(pages) if "2. Summary" in text and i > opening)
    assert summary == opening + 1
    assert "3 more requests are in chapter" in pages[opening]
    assert "Key figures" in pages[opening]


def test_the_pipeline_makes_the_report_from_end_to_end(world, django_capture_on_commit_callbacks):
    request(world, title="Agree the training budget for 2027")
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_request(
            organisation=world["programme"].organisation,
            kind="management",
            programme=world["programme"],
            period_start=PERIOD_START,
            period_end=TODAY,
            requested_by=world["director"],
            language="en",
        )
    report.refresh_from_db()

    assert report.status == ReportStatus.DONE, report.error
    assert report.snapshot["status_counts"] == {"green": 1, "amber": 1, "red": 1}
    text = "\n".join(page.extract_text() for page in PdfReader(report.file.open("rb")).pages)
    flat = " ".join(text.split())
    for expected in (
        "Summary",
        "Decisions asked of the directors",
        "Agree the training budget for 2027",
        "Datagedreven sturing",
        "Meer digitale aanvragen",
        "Status changes in this period",
        "Gate overrides in this period",
        "De leverancier levert nu.",
    ):
        assert expected in flat, expected
    assert "3 initiatives: 1 on green, 1 on amber and 1 on red" in flat
    for employee in world["employees"]:
        assert employee.name not in flat
