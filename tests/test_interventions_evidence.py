"""The five interventions with what the data says next to the status the programme
manager set: a figure per intervention from the layer that owns the data, the one rule
for a contradiction, the small-group rule for POP-gesprekken, and a flag in words on
the health check and on the programme's page."""

import ast
import datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from adoption.models import BusinessScenario
from inclusion.models import ActionStatus
from organisations.models import Role
from tests.factories import (
    AdoptionTrackFactory,
    EmployeeFactory,
    InitiativeFactory,
    PopConversationFactory,
    SkillsActionFactory,
)
from tests.helpers import HTMX, urls_of
from transformation.interventions import (
    Evidence,
    Verdict,
    checks,
    contradictions,
    evidence_for,
)
from transformation.models import InterventionKind, InterventionStatus, StatementKind

pytestmark = pytest.mark.django_db

PM, HR, DIRECTOR = Role.PROGRAMME_MANAGER, Role.HR_ADVISER, Role.DIRECTOR
ANCHORED, IN_PROGRESS, NOT_STARTED = (
    InterventionStatus.ANCHORED,
    InterventionStatus.IN_PROGRESS,
    InterventionStatus.NOT_STARTED,
)
HR_ADVISER, DIRECTOR_LEVEL, OWNERSHIP, LINE_MANAGER, PROGRAMMATIC = InterventionKind

url = urls_of("transformation")

# A day in the middle of a year: this year's POP-gesprekken are this year's.
DAY = datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)


def set_status(programme, kind, status):
    programme.interventions.filter(kind=kind).update(status=status)


def one(programme, kind) -> Evidence:
    (item,) = evidence_for(programme)[kind]
    return item


# --- The rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "part", "whole", "verdict"),
    [
        (ANCHORED, 4, 5, Verdict.SUPPORTS),  # 80 %: enough
        (ANCHORED, 79, 100, Verdict.CONTRADICTS),
        (ANCHORED, 0, 0, Verdict.INSUFFICIENT),  # nothing to count: no contradiction
        (IN_PROGRESS, 0, 7, Verdict.SUPPORTS),
        (IN_PROGRESS, 7, 7, Verdict.SUPPORTS),
        (NOT_STARTED, 1, 7, Verdict.SUPPORTS),
        (NOT_STARTED, 1, 2, Verdict.CONTRADICTS),  # half: substantial activity
    ],
)
def test_a_status_is_contradicted_only_when_the_data_is_clearly_otherwise(
    status, part, whole, verdict
):
    item = Evidence.count(PROGRAMMATIC, "things", part, whole).judged(status)
    assert item.verdict == verdict
    assert item.contradicts == (verdict == Verdict.CONTRADICTS)


@pytest.mark.parametrize(
    ("part", "whole", "figure"),
    [
        (82, 103, "82 of 103 (79.6%)"),  # 79.6 % would round to the 80 % it falls short of
        (4, 5, "4 of 5 (80%)"),
        (99, 199, "99 of 199 (49.7%)"),  # the same below the 50 % of "started"
        (83, 103, "83 of 103 (81%)"),
    ],
)
def test_a_share_short_of_a_mark_is_not_rounded_up_to_it(part, whole, figure):
    with translation.override("en"):
        item = Evidence.count(PROGRAMMATIC, "things", part, whole)
    assert item.figure == figure


def test_anchored_where_the_intervention_says_every_asks_for_all_of_them():
    item = Evidence.count(PROGRAMMATIC, "initiatives", 6, 7, anchored_at=100)
    assert item.judged(ANCHORED).contradicts
    assert (
        not Evidence.count(PROGRAMMATIC, "initiatives", 7, 7, anchored_at=100)
        .judged(ANCHORED)
        .contradicts
    )


def test_a_withheld_figure_never_contradicts():
    item = Evidence.withheld(LINE_MANAGER, "POP", "<5 of \u2013", "hidden").judged(ANCHORED)
    assert item.verdict == Verdict.INSUFFICIENT
    assert item.part is None and item.whole is None


# --- Intervention 5: initiatives with an adoption track (adoption) ------------------------------


def test_anchored_while_an_initiative_has_no_track_is_flagged_and_the_flag_goes_when_it_has(
    programme_world,
):
    programme = programme_world["programme"]
    AdoptionTrackFactory(initiative=programme_world["initiative"])
    without = InitiativeFactory(programme=programme)
    set_status(programme, PROGRAMMATIC, ANCHORED)

    item = one(programme, PROGRAMMATIC)
    assert (item.part, item.whole) == (1, 2)
    assert item.verdict == Verdict.CONTRADICTS
    found = contradictions(programme, programme.interventions.all())
    assert [c.intervention.kind for c in found] == [PROGRAMMATIC]
    assert "1" in found[0].message and "2" in found[0].message

    AdoptionTrackFactory(initiative=without)
    assert one(programme, PROGRAMMATIC).verdict == Verdict.SUPPORTS
    assert contradictions(programme, programme.interventions.all()) == []


def test_not_started_while_most_initiatives_have_a_track_is_flagged(programme_world):
    programme = programme_world["programme"]
    AdoptionTrackFactory(initiative=programme_world["initiative"])
    assert one(programme, PROGRAMMATIC).verdict == Verdict.CONTRADICTS
    set_status(programme, PROGRAMMATIC, IN_PROGRESS)
    assert one(programme, PROGRAMMATIC).verdict == Verdict.SUPPORTS


# --- Intervention 3: business scenarios written with employees (adoption) -----------------------


def test_ownership_counts_the_scenarios_that_name_who_helped_write_them(adoption_world):
    programme, track = adoption_world["programme"], adoption_world["track"]
    common = {"organisation": track.organisation, "track": track, "problem": "p"}
    for title, written_with in (("Met", "Sanne\nYoussef"), ("Leeg", "  \n ")):
        BusinessScenario.objects.create(
            **common, title=title, desired_way="d", applications="a", written_with=written_with
        )
    item = one(programme, OWNERSHIP)
    # The world's own scenario names nobody, nor does the one of blank lines.
    assert (item.part, item.whole) == (1, 3)
    set_status(programme, OWNERSHIP, ANCHORED)
    assert one(programme, OWNERSHIP).contradicts


def test_without_scenarios_there_is_too_little_data_to_check(programme_world):
    programme = programme_world["programme"]
    set_status(programme, OWNERSHIP, ANCHORED)
    item = one(programme, OWNERSHIP)
    assert item.verdict == Verdict.INSUFFICIENT
    assert item.figure == "—"


# --- Intervention 1: digital-skills actions for the initiatives' units (inclusion) --------------


def test_hr_counts_initiatives_whose_units_had_an_action_for_the_whole_unit(
    voorbeeldstad, programme_world, units, employees
):
    programme = programme_world["programme"]  # its initiative is in units 0 and 1
    other = InitiativeFactory(programme=programme, units=[units[2]])
    # For named employees of the unit only, or cancelled: not counted.
    SkillsActionFactory(organisation=voorbeeldstad, employees=employees[:1])
    SkillsActionFactory(organisation=voorbeeldstad, unit=units[2], status=ActionStatus.CANCELLED)
    assert (one(programme, HR_ADVISER).part, one(programme, HR_ADVISER).whole) == (0, 2)

    SkillsActionFactory(organisation=voorbeeldstad, unit=units[1], status=ActionStatus.PLANNED)
    SkillsActionFactory(organisation=voorbeeldstad, unit=units[2])
    SkillsActionFactory(organisation=voorbeeldstad, unit=units[2])
    item = one(programme, HR_ADVISER)
    assert (item.part, item.whole) == (2, 2)
    assert other.units.count() == 1


def test_an_action_of_another_organisation_does_not_count(programme_world, buurdorp, voorbeeldstad):
    from tests.factories import OrganisationUnitFactory

    theirs = OrganisationUnitFactory(organisation=buurdorp)
    programme_world["initiative"].units.add(theirs)
    SkillsActionFactory(organisation=buurdorp, unit=theirs)
    assert one(programme_world["programme"], HR_ADVISER).part == 0


# --- Intervention 4: POP-gesprekken that covered digital skills (inclusion, small groups) -------


@time_machine.travel(DAY, tick=False)
def test_pop_share_is_of_this_years_conversations_and_contradicts_anchored_when_short(
    programme_world, units
):
    programme = programme_world["programme"]
    people = [EmployeeFactory(unit=units[n % 3]) for n in range(20)]
    for n, person in enumerate(people[:15]):
        PopConversationFactory(employee=person, digital_skills=n < 9)
    # Last year's conversation is not this year's.
    PopConversationFactory(
        employee=people[16], held_on=datetime.date(2025, 6, 1), digital_skills=True
    )
    set_status(programme, LINE_MANAGER, ANCHORED)
    item = one(programme, LINE_MANAGER)
    assert (item.part, item.whole) == (9, 15)
    assert "2026" in item.label
    # A share of the gesprekken held (15), not of the 20 employees: the label says so.
    with translation.override("nl"):
        assert one(programme, LINE_MANAGER).label.startswith("in 2026 gehouden POP-gesprekken")
    assert item.verdict == Verdict.CONTRADICTS  # 60 % < 80 %


@time_machine.travel(DAY, tick=False)
def test_pop_figures_of_a_small_group_are_hidden_and_never_contradict(programme_world, units):
    programme = programme_world["programme"]
    people = [EmployeeFactory(unit=units[0]) for _ in range(12)]
    # 9 of 10: one without, a group smaller than the threshold.
    for n, person in enumerate(people[:10]):
        PopConversationFactory(employee=person, digital_skills=n < 9)
    set_status(programme, LINE_MANAGER, NOT_STARTED)
    item = one(programme, LINE_MANAGER)
    assert item.part is None and item.whole is None
    assert item.verdict == Verdict.INSUFFICIENT
    assert "9" not in item.figure
    assert "5" in item.note  # the threshold


def test_without_employees_there_is_nothing_to_count(programme_world):
    item = one(programme_world["programme"], LINE_MANAGER)
    assert item.verdict == Verdict.INSUFFICIENT
    assert item.figure == "—"


# --- Intervention 2: the approved information vision (this layer) -------------------------------


def test_directors_evidence_is_an_approved_vision_that_speaks_about_digital_inclusion(
    programme_world,
):
    programme, approved = programme_world["programme"], programme_world["approved"]
    set_status(programme, DIRECTOR_LEVEL, ANCHORED)
    sections = {s.theme.name: s for s in approved.sections.select_related("theme")}
    # The default themes, with nothing written yet.
    assert one(programme, DIRECTOR_LEVEL).part == 0
    assert one(programme, DIRECTOR_LEVEL).contradicts

    sections["Digitale inclusie"].statements.create(
        kind=StatementKind.AMBITION, text="Iedereen doet mee."
    )
    item = one(programme, DIRECTOR_LEVEL)
    assert item.part == 1
    assert item.verdict == Verdict.SUPPORTS
    assert approved.title in item.note


def test_without_an_approved_vision_the_directors_evidence_says_no(members, voorbeeldstad):
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory(organisation=voorbeeldstad)
    item = one(programme, DIRECTOR_LEVEL)
    assert item.part == 0
    assert item.url == url("overview")


# --- The pages -----------------------------------------------------------------------------------


@pytest.fixture
def contradicted(programme_world):
    """Anchored "work programmatically" while one of two initiatives has no track."""
    programme = programme_world["programme"]
    AdoptionTrackFactory(initiative=programme_world["initiative"])
    InitiativeFactory(programme=programme)
    set_status(programme, PROGRAMMATIC, ANCHORED)
    return programme


@pytest.mark.parametrize("role", [PM, HR, DIRECTOR], ids=str)
def test_the_health_check_flags_the_contradiction_in_words(login, members, contradicted, role):
    response = login(members[role]).get(url("interventions", contradicted.pk))
    assert response.status_code == 200
    assert [c[0].kind for c in response.context["contradictions"]] == [PROGRAMMATIC]
    assert response.text.count('data-verdict="contradicts"') == 1
    # Every intervention has its row with what the data says, or says it has no check.
    assert len(response.context["checks"]) == 5


def test_the_flag_is_gone_when_the_status_agrees_with_the_data(login, members, contradicted):
    set_status(contradicted, PROGRAMMATIC, IN_PROGRESS)
    response = login(members[PM]).get(url("interventions", contradicted.pk))
    assert response.context["contradictions"] == []
    assert 'data-verdict="contradicts"' not in response.text


def test_the_programme_page_shows_the_contradiction_in_its_summary(login, members, contradicted):
    client = login(members[DIRECTOR])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url("programme_detail", contradicted.pk))
    assert response.status_code == 200
    (check,) = [c for c in response.context["intervention_checks"] if c.contradictions]
    assert check.intervention.kind == PROGRAMMATIC
    assert check.contradictions[0].message in response.text


def test_saving_a_status_inline_shows_at_once_whether_the_data_bears_it_out(
    login, members, contradicted
):
    intervention = contradicted.interventions.get(kind=PROGRAMMATIC)
    prefix = f"intervention-{intervention.pk}"
    client = login(members[PM])
    response = client.post(
        url("intervention_edit", intervention.pk),
        {f"{prefix}-status": "in_progress", f"{prefix}-evidence": ""},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert 'data-verdict="supports"' in response.text
    response = client.post(
        url("intervention_edit", intervention.pk),
        {f"{prefix}-status": "anchored", f"{prefix}-evidence": ""},
        headers=HTMX,
    )
    assert 'data-verdict="contradicts"' in response.text
    cancel = client.get(url("intervention_edit", intervention.pk), {"cancel": 1}, headers=HTMX)
    assert 'data-verdict="contradicts"' in cancel.text


def test_a_link_to_act_is_shown_only_to_whom_may_act_there(login, members, programme_world):
    log = urls_of("inclusion")("actions:log")
    programme = programme_world["programme"]
    assert log in login(members[HR]).get(url("interventions", programme.pk)).text
    assert log not in login(members[DIRECTOR]).get(url("interventions", programme.pk)).text
    found = checks(programme, programme.interventions.all(), can=lambda perm: False)
    assert all(not item.url for check in found for item in check.evidence)


def test_other_organisations_cannot_open_the_health_check(login, other_members, programme):
    response = login(other_members[PM]).get(url("interventions", programme.pk))
    assert response.status_code == 404


# --- Queries -------------------------------------------------------------------------------------


def grow(programme, units, organisation):
    """More of everything the evidence counts: initiatives, tracks, scenarios, actions,
    employees and their POP-gesprekken."""
    for n in range(6):
        initiative = InitiativeFactory(programme=programme, units=[units[n % 3]])
        if n % 2:
            track = AdoptionTrackFactory(initiative=initiative)
            BusinessScenario.objects.create(
                organisation=organisation,
                track=track,
                title=f"Scenario {n}",
                problem="p",
                desired_way="d",
                applications="a",
                written_with="Sanne" if n % 3 else "",
            )
        SkillsActionFactory(organisation=organisation, unit=units[n % 3])
    for n in range(15):
        PopConversationFactory(employee=EmployeeFactory(unit=units[n % 3]), digital_skills=n % 2)


@time_machine.travel(DAY, tick=False)
@pytest.mark.parametrize("name", ["interventions", "programme_detail"])
def test_the_pages_need_a_number_of_queries_that_does_not_grow(
    login, members, programme_world, units, voorbeeldstad, name, django_assert_max_num_queries
):
    programme = programme_world["programme"]
    # One of each already, so that every query that comes with a kind of row is counted.
    AdoptionTrackFactory(initiative=programme_world["initiative"])
    client = login(members[PM])
    client.get(url(name, programme.pk))
    # The programme's page: its panels, and its three lists a page at a time, each page
    # read as a page.
    with django_assert_max_num_queries(37) as small:
        assert client.get(url(name, programme.pk)).status_code == 200
    grow(programme, units, voorbeeldstad)
    grow(programme, units, voorbeeldstad)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(name, programme.pk)).status_code == 200


@time_machine.travel(DAY, tick=False)
def test_the_evidence_needs_a_fixed_number_of_queries(
    programme_world, units, voorbeeldstad, django_assert_num_queries
):
    programme = programme_world["programme"]
    interventions = list(programme.interventions.all())
    with django_assert_num_queries(7) as small:
        checks(programme, interventions)
    grow(programme, units, voorbeeldstad)
    with django_assert_num_queries(len(small.captured_queries)):
        checks(programme, interventions)


# --- Layers --------------------------------------------------------------------------------------


def test_the_programme_layer_knows_nothing_of_the_layers_above():
    root = Path(settings.BASE_DIR)
    for path in ("transformation/interventions.py", "transformation/hooks.py"):
        tree = ast.parse((root / path).read_text())
        modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert not {m for m in modules if m and m.split(".")[0] in {"adoption", "inclusion"}}


# --- Demo data -----------------------------------------------------------------------------------


@time_machine.travel(DAY, tick=False)
def test_the_demo_shows_a_status_the_data_contradicts():
    from unittest import mock

    from django.core.management import call_command

    from transformation.models import Programme

    with mock.patch("reports.demo.services.report_make_now"):
        call_command("seed_demo", password="demo-Mensenwerk-2026")
    programme = Programme.objects.get(organisation__slug="voorbeeldstad")
    found = contradictions(programme, programme.interventions.all())
    assert PROGRAMMATIC in {c.intervention.kind for c in found}
    # And most statuses match the data or cannot be checked.
    assert len(found) < 5


@time_machine.travel(datetime.datetime(2027, 1, 5, 9, tzinfo=datetime.UTC), tick=False)
def test_a_report_made_in_january_judges_the_pop_gesprekken_of_its_periods_year(
    programme_world, units
):
    """In January the programme's page counts the new year's POP-gesprekken (none yet);
    a report about December, made in January, counts 2026's, as its other figures do."""
    from reports.content import management
    from tests.factories import ReportRequestFactory

    programme = programme_world["programme"]
    people = [EmployeeFactory(unit=units[n % 3]) for n in range(20)]
    for n, person in enumerate(people[:15]):
        PopConversationFactory(
            employee=person, held_on=datetime.date(2026, 11, 2), digital_skills=n < 10
        )
    set_status(programme, LINE_MANAGER, NOT_STARTED)
    assert one(programme, LINE_MANAGER).verdict == Verdict.INSUFFICIENT
    (item,) = evidence_for(programme, year=2026)[LINE_MANAGER]
    assert (item.part, item.whole) == (10, 15) and item.contradicts
    report = ReportRequestFactory(
        organisation=programme.organisation,
        programme=programme,
        period_start=datetime.date(2026, 12, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    rows = management.snapshot(report)["interventions"]
    (row,) = [row for row in rows if row["kind"] == LINE_MANAGER]
    assert "2026" in row["contradictions"][0]["en"]
    assert "10 of 15" in row["contradictions"][0]["en"]
