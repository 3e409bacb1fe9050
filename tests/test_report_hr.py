"""The HR report's content: digital-skills actions by type and unit within the
period, skills gaps per unit and DigComp area, POP coverage, vulnerable jobs and
mobility trajectories, "what changed", and the PDF the real pipeline makes."""

import datetime
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from pypdf import PdfReader

from inclusion.actions import queries as action_queries
from inclusion.actions import services as inclusion_actions
from inclusion.figures import SmallGroups
from inclusion.models import (
    ActionKind,
    ActionStatus,
    Assessment,
    Competence,
    Destination,
    Employee,
    Job,
    MobilityTrajectory,
    TargetLevel,
    TrajectoryStatus,
    Vulnerability,
)
from inclusion.skills import queries as skills
from organisations.models import Role
from reports import services
from reports.content import hr
from reports.models import ReportRequest, ReportStatus
from tests.factories import (
    EmployeeFactory,
    JobFactory,
    MobilityTrajectoryFactory,
    OrganisationUnitFactory,
    PopConversationFactory,
)

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
ASSESSED_ON = datetime.date(2026, 1, 15)


def day(month, date, year=2026):
    return datetime.date(year, month, date)


def target(job, code, level):
    TargetLevel.objects.create(
        organisation=job.organisation,
        job=job,
        competence=Competence.objects.get(organisation=job.organisation, code=code),
        level=level,
    )


def assess(employee, code, level, on=ASSESSED_ON):
    Assessment.objects.create(
        organisation=employee.organisation,
        employee=employee,
        competence=Competence.objects.get(organisation=employee.organisation, code=code),
        level=level,
        assessed_on=on,
        source="hr",
    )


@dataclass
class World:
    organisation: object
    units: list
    manager: Employee
    team: list
    clerks: list
    medewerker: Job
    vulnerable: Job
    new_job: Job
    moving: MobilityTrajectory
    waiting: MobilityTrajectory
    gone: MobilityTrajectory
    log: object


@pytest.fixture
def world(voorbeeldstad, members, units, employees):
    """Units[0]: a manager and five "Medewerkers" with gaps; units[1]: two clerks in a
    highly vulnerable job, both in a trajectory; actions on both sides of the period."""
    manager, *team = employees
    medewerker = team[0].job
    vulnerable = JobFactory(
        organisation=voorbeeldstad,
        name="Administratief medewerker",
        vulnerability=Vulnerability.HIGH,
        vulnerability_reason="Facturen worden automatisch verwerkt.",
        horizon="binnen twee jaar",
    )
    new_job = JobFactory(organisation=voorbeeldstad, name="Informatiebeheerder")
    clerks = [EmployeeFactory(name=f"Klerk {n}", unit=units[1], job=vulnerable) for n in range(2)]

    target(medewerker, "1.1", 4)
    target(medewerker, "2.1", 3)
    assess(team[0], "1.1", 2)  # a gap in area 1
    assess(team[1], "1.1", 3)  # a gap in area 1 …
    assess(team[1], "2.1", 1)  # … and in area 2
    assess(team[2], "1.1", 5)  # above the target: no gap

    log = partial(
        inclusion_actions.skills_action_log,
        organisation=voorbeeldstad,
        by=members[Role.HR_ADVISER],
    )
    log(kind=ActionKind.TRAINING, held_on=day(3, 1), employees=team[:2])
    log(kind=ActionKind.TRAINING, held_on=day(4, 1), employees=[team[0], clerks[0]])
    # The period's first and last days count.
    log(kind=ActionKind.INTERVISIE, held_on=START, unit=units[0], whole_unit=True)
    log(
        kind=ActionKind.CHAMPION_COACHING,
        held_on=END,
        employees=[clerks[1]],
        status=ActionStatus.PLANNED,
    )
    # Outside the period: never counted.
    log(kind=ActionKind.TRAINING, held_on=day(12, 31, 2025), employees=team)
    log(kind=ActionKind.RECRUITMENT, held_on=day(7, 1), employees=team)

    PopConversationFactory(employee=team[0], held_on=day(2, 1), digital_skills=True)
    PopConversationFactory(employee=team[1], held_on=day(2, 2), digital_resilience=True)
    # Not in the period: one this year after it, one last year.
    PopConversationFactory(employee=clerks[0], held_on=day(8, 1), digital_skills=True)
    PopConversationFactory(employee=team[2], held_on=day(11, 1, 2025), digital_skills=True)

    moving = MobilityTrajectoryFactory(
        employee=clerks[0],
        from_job=vulnerable,
        destination=Destination.INTERNAL_JOB,
        destination_job=new_job,
        status=TrajectoryStatus.ACTIVE,
        started_on=day(2, 1),
    )
    waiting = MobilityTrajectoryFactory(
        employee=clerks[1],
        from_job=vulnerable,
        destination=Destination.UPSKILLED,
        status=TrajectoryStatus.PLANNED,
    )
    gone = MobilityTrajectoryFactory(
        employee=team[4],
        from_job=medewerker,
        destination=Destination.EXTERNAL,
        status=TrajectoryStatus.COMPLETED,
        started_on=day(3, 1, 2024),
    )
    return World(
        organisation=voorbeeldstad,
        units=units,
        manager=manager,
        team=team,
        clerks=clerks,
        medewerker=medewerker,
        vulnerable=vulnerable,
        new_job=new_job,
        moving=moving,
        waiting=waiting,
        gone=gone,
        log=log,
    )


def new_report(organisation, user=None, language="en", start=START, end=END):
    return ReportRequest.objects.create(
        organisation=organisation,
        kind="hr",
        period_start=start,
        period_end=end,
        language=language,
        requested_by=user,
    )


def figures(report) -> dict:
    """The snapshot as the pipeline stores it: through JSON."""
    return json.loads(json.dumps(hr.snapshot(report), cls=DjangoJSONEncoder))


def html(report, snapshot, previous=None, language="en") -> str:
    with translation.override(language):
        names = hr.names(report, snapshot)
        return render_to_string(hr.template, hr.context(report, snapshot, previous, names=names))


def finished(report, snapshot):
    """`report` as a finished earlier report with these figures."""
    report.snapshot = snapshot
    report.status = ReportStatus.DONE
    report.finished_at = timezone.now()
    return report


def text(markup: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))


# --- Digital-skills actions ---------------------------------------------------------------------


def test_actions_are_counted_by_type_and_status_within_the_period_only(world):
    actions = figures(new_report(world.organisation))["actions"]
    done = {kind: entry["statuses"].get("done", 0) for kind, entry in actions["by_kind"].items()}
    assert done == {"training": 2, "intervisie": 1, "champion_coaching": 0}
    assert actions["by_kind"]["champion_coaching"]["statuses"] == {"planned": 1}
    assert "recruitment" not in actions["by_kind"]  # 1 July: the day after the period
    # Taking part: the whole unit (six) in the intervisie, and one clerk in a training.
    assert actions["by_kind"]["training"]["reached"] == 3
    assert actions["by_kind"]["intervisie"]["reached"] == 6
    assert actions["reached"] == 7


def test_actions_are_counted_per_unit_and_type(world):
    report = new_report(world.organisation)
    with translation.override("en"):
        context = hr.context(report, figures(report), None)
    rows = {row["unit"].name: row for row in context["actions"]["units"]}
    kinds = [kind["code"] for kind in context["actions"]["kinds_shown"]]
    assert kinds == ["training", "intervisie"]  # only types done in the period
    # The training of a team member and a clerk counts in both their units.
    assert rows[world.units[0].name]["counts"] == [2, 1]
    assert rows[world.units[1].name]["counts"] == [1, 0]
    assert rows[world.units[0].name]["reached"] == 6
    assert rows[world.units[1].name]["reached"] == 1
    assert rows[world.units[1].name]["reached_percentage"] == 50


# --- Skills -------------------------------------------------------------------------------------


def test_skills_gaps_per_unit_and_area_match_the_heatmap(world):
    data = figures(new_report(world.organisation))
    rows = {row["unit"]: row for row in data["skills"]["rows"]}
    team = rows[world.units[0].pk]
    assert team["employees"] == 6
    assert team["assessed"] == 3
    assert team["gaps"][:2] == [2, 1] and sum(team["gaps"][2:]) == 0
    assert team["any"] == 2
    assert rows[world.units[1].pk]["gaps"] == [0] * 5
    assert data["skills"]["gaps_by_area"] == {"1": 2, "2": 1, "3": 0, "4": 0, "5": 0}
    assert data["skills"]["with_gap"] == 2

    # The web page's heatmap, as an HR adviser sees it, says the same.
    heat = skills.heatmap(world.organisation, groups=SmallGroups.of(world.organisation, exact=True))
    assert [area["id"] for area in data["skills"]["areas"]] == [area.pk for area in heat.areas]
    for row in heat.rows:
        stored = rows[row.unit.pk if row.unit else None]
        assert stored["gaps"] == [cell.count for cell in row.cells]
        assert stored["any"] == row.any_gap.count


def test_the_skills_table_shows_counts_and_shares(world):
    report = new_report(world.organisation)
    page = text(html(report, figures(report)))
    assert "1. Information and data literacy" in page
    assert "2 (33%)" in page  # two of the unit's six have a gap in area 1


# --- POP coverage -------------------------------------------------------------------------------


def test_pop_coverage_is_the_inclusion_figure_for_the_year_of_the_periods_end(world):
    report = new_report(world.organisation)
    pop_figures = figures(report)["pop"]
    total = action_queries.pop_coverage_total(world.organisation, 2026)
    assert pop_figures["year"] == 2026
    assert (pop_figures["active"], pop_figures["held"], pop_figures["covered"]) == (
        total.active,
        total.held,
        total.covered,
    )
    assert (total.active, total.held, total.covered) == (8, 3, 2)
    assert pop_figures["units"] == [
        {"unit": row.unit.pk, "active": row.active, "held": row.held, "covered": row.covered}
        for row in action_queries.pop_coverage(world.organisation, 2026)
    ]
    # Held in the period: not the one of August, nor last year's.
    assert pop_figures["in_period"] == {"held": 2, "digital_skills": 1, "digital_resilience": 1}
    assert "25%" in text(html(report, figures(report)))  # 2 of 8


# --- Functiemetamorfose -------------------------------------------------------------------------


def test_vulnerable_jobs_and_open_trajectories_appear_with_the_employees_name(world):
    report = new_report(world.organisation)
    data = figures(report)
    jobs = {job["name"]: job for job in data["jobs"]}
    assert jobs["Administratief medewerker"]["vulnerability"] == "high"
    assert jobs["Administratief medewerker"]["employees"] == 2
    assert jobs["Administratief medewerker"]["trajectories"] == 2
    assert data["vulnerable_in_trajectory"] == {"high": 2}
    listed = {row["id"]: row for row in data["trajectories"]["listed"]}
    assert set(listed) == {world.moving.pk, world.waiting.pk}
    assert listed[world.moving.pk]["started_in_period"] is True
    assert listed[world.moving.pk]["destination_job"] == "Informatiebeheerder"

    page = text(html(report, data))
    assert "Administratief medewerker" in page and "Facturen worden automatisch" in page
    assert "Klerk 0" in page and "Klerk 1" in page
    assert "A new internal job: Informatiebeheerder" in page
    # A trajectory completed before the period is counted, not listed.
    assert "Medewerker 4" not in page


def test_only_the_trajectories_name_employees_and_the_snapshot_names_nobody(world):
    report = new_report(world.organisation)
    data = figures(report)
    stored = json.dumps(data)
    for person in [world.manager, *world.team, *world.clerks]:
        assert person.name not in stored
    page = html(report, data)
    assert world.manager.name not in page
    assert all(member.name not in page for member in world.team)
    assert "Personal data (AVG)" in page


# --- What changed -------------------------------------------------------------------------------


def test_what_changed_compares_the_previous_snapshot_with_this_one(world):
    before = figures(new_report(world.organisation))
    world.log(kind=ActionKind.TRAINING, held_on=day(5, 1), employees=[world.team[3]])
    world.medewerker.vulnerability = Vulnerability.MEDIUM
    world.medewerker.save()
    world.moving.status = TrajectoryStatus.COMPLETED
    world.moving.save()
    assess(world.team[0], "2.1", 1, on=day(2, 1))
    PopConversationFactory(employee=world.team[2], held_on=day(3, 3), digital_skills=True)

    report = new_report(world.organisation)
    after = figures(report)
    with translation.override("en"):
        found = {c.subject: (c.before, c.after) for c in hr.changes(after, before)}
    assert found["Actions done in the period: training"] == ("2", "3")
    assert found["Vulnerability of Medewerker"] == ("Not assessed", "Medium")
    assert found["Mobility trajectories under way"] == ("1", "0")
    assert found["Mobility trajectories completed"] == ("1", "2")
    assert found["Employees with a gap in 2. Communication and collaboration"] == ("1", "2")
    assert found["Employees with digital skills in their POP-gesprek"] == (
        "2 of 8 (25%) in 2026",
        "3 of 8 (38%) in 2026",
    )
    assert found["Employees in jobs with medium vulnerability"] == ("0", "5")
    # What did not change is not listed.
    assert "Actions done in the period: intervisie on practice cases" not in found
    assert "Employees with a gap in 1. Information and data literacy" not in found

    previous = finished(new_report(world.organisation), before)
    page = text(html(report, after, previous))
    assert "Compared with the report on " in page
    assert "Vulnerability of Medewerker Not assessed Medium" in page


def test_the_first_report_and_an_unchanged_one_say_so(world):
    report = new_report(world.organisation)
    data = figures(report)
    first = text(html(report, data))
    assert "There is no earlier report of its kind about a period before this one" in first
    previous = finished(new_report(world.organisation), figures(report))
    assert "Nothing in these figures changed" in text(html(report, data, previous))


@pytest.mark.parametrize(
    "older",
    [
        {},
        {"version": 0},
        {"actions": {}, "pop": {}, "skills": {}, "jobs": [], "trajectories": {}},
        {"actions": {"by_kind": "nonsense", "reached": None}},
        {"actions": {"by_kind": {"training": {"statuses": {"done": "many"}}, "old_kind": 3}}},
        {"pop": {"year": 2025}},
        {"pop": {"year": 2025, "active": 4, "covered": 1}},
        {"skills": {"gaps_by_area": ["1"], "areas": "x"}},
        {"skills": {"gaps_by_area": {"1": "x", "9": 4}, "areas": [{"number": 9}], "with_gap": 1}},
        {"jobs": [{"id": 1}, "x", {"name": "no id"}, {"id": None, "vulnerability": 3}]},
        {"jobs": {"not": "a list"}},
        {"trajectories": {"counts": "x"}},
        {"trajectories": {"counts": [{"status": 1}, {"status": "active", "n": "2"}, None]}},
    ],
)
def test_what_changed_survives_an_older_or_odd_previous_snapshot(world, older):
    report = new_report(world.organisation)
    data = figures(report)
    previous = finished(new_report(world.organisation), older)
    for language in ("en", "nl"):
        page = html(report, data, previous, language=language)
        assert 'id="summary"' in page


def test_a_part_the_previous_snapshot_lacks_is_left_out_not_guessed(world):
    report = new_report(world.organisation)
    data = figures(report)
    older = {key: value for key, value in data.items() if key not in ("skills", "trajectories")}
    older["actions"] = {**data["actions"], "reached": data["actions"]["reached"] - 1}
    with translation.override("en"):
        subjects = [change.subject for change in hr.changes(data, older)]
    assert subjects == ["Employees who took part in an action in the period"]


# --- Queries ------------------------------------------------------------------------------------


def grow(world, n):
    """More of everything: units, employees with assessments, actions, POP-gesprekken
    and trajectories."""
    unit = OrganisationUnitFactory(organisation=world.organisation, parent=world.units[0], kind=3)
    for i in range(n):
        employee = EmployeeFactory(unit=unit, job=world.medewerker if i % 2 else world.vulnerable)
        assess(employee, "1.1", 1)
        PopConversationFactory(employee=employee, held_on=day(3, 1), digital_skills=bool(i % 2))
        MobilityTrajectoryFactory(
            employee=employee, status=TrajectoryStatus.ACTIVE, started_on=day(3, 1)
        )
        world.log(kind=ActionKind.LEARNING_NETWORK, held_on=day(3, 2), employees=[employee])
    world.log(kind=ActionKind.TRAINING, held_on=day(3, 3), unit=unit, whole_unit=True)


def count_queries(report) -> int:
    with CaptureQueriesContext(connection) as queries:
        hr.snapshot(report)
    return len(queries)


def test_the_snapshots_queries_do_not_grow_with_the_data(world):
    report = new_report(world.organisation)
    before = count_queries(report)
    grow(world, 3)
    grow(world, 12)
    assert count_queries(report) == before
    assert before <= 25


def test_the_context_is_made_from_the_snapshot_and_the_names_alone(
    world, django_assert_num_queries
):
    previous = finished(new_report(world.organisation), figures(new_report(world.organisation)))
    made = new_report(world.organisation)
    # As `make` loads it: the row with its organisation, programme and requester.
    report = ReportRequest.objects.select_related("organisation", "programme", "requested_by").get(
        pk=made.pk
    )
    data = figures(report)
    names = hr.names(report, data)
    with translation.override("en"), django_assert_num_queries(0):
        page = render_to_string(hr.template, hr.context(report, data, previous, names=names))

    # The listed trajectories' employees, for the document only: never in the snapshot.
    assert names == {clerk.pk: clerk.name for clerk in world.clerks}
    assert "Klerk 0" in page and "Klerk 1" in page
    assert "Nothing in these figures changed" in text(page)


# --- Rendering ----------------------------------------------------------------------------------


def test_the_report_renders_in_english_and_in_dutch(world):
    report = new_report(world.organisation)
    data = figures(report)
    english = text(html(report, data, language="en"))
    dutch = text(html(report, data, language="nl"))
    assert "Vulnerable jobs" in english and "Mobility trajectories" in english
    assert "Kwetsbare functies" in dutch and "Mobiliteitstrajecten" in dutch
    # Dates follow the language too.
    assert "1 January 2026" in english and "1 januari 2026" in dutch


def test_every_chapter_has_its_anchor_and_heading(world):
    report = new_report(world.organisation)
    page = html(report, figures(report))
    with translation.override("en"):
        sections = hr.sections()
    for section in sections:
        assert f'id="{section.anchor}"' in page
    assert page.count("<h2") == len(sections) + 1  # and the contents
    assert 'scope="col"' in page and 'scope="row"' in page


def test_an_organisation_without_data_gets_honest_empty_states(voorbeeldstad):
    report = new_report(voorbeeldstad)
    page = text(html(report, figures(report)))
    assert "No employees are registered yet." in page
    assert "No digital-skills action was logged" in page
    assert "No job has been rated yet." in page
    assert "No mobility trajectory has been started yet." in page


def test_without_target_levels_no_gap_is_claimed(voorbeeldstad, employees):
    report = new_report(voorbeeldstad)
    page = text(html(report, figures(report)))
    assert "No job has target levels yet" in page


# --- The real pipeline --------------------------------------------------------------------------


def test_the_pipeline_makes_a_pdf_with_the_key_figures(
    world, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            organisation=world.organisation,
            kind="hr",
            period_start=START,
            period_end=END,
            requested_by=members[Role.HR_ADVISER],
            language="en",
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    assert report.snapshot["actions"]["reached"] == 7
    with report.file.open("rb") as file:
        pdf = " ".join(page.extract_text() for page in PdfReader(file).pages)
    pdf = re.sub(r"\s+", " ", pdf)
    assert "Personal data (AVG)" in pdf
    assert "3 digital-skills actions done in this period" in pdf
    assert "7 employees took part" in pdf
    assert "25% employees with digital skills in their POP-gesprek of 2026" in pdf
    assert "Administratief medewerker" in pdf
    assert "Klerk 0" in pdf
    assert "Marieke Bos" not in pdf


def test_a_trajectory_that_ended_in_the_period_is_listed_with_its_end(world):
    # Started long before the period, over within it.
    MobilityTrajectory.objects.filter(pk=world.gone.pk).update(ended_on=START)
    report = new_report(world.organisation)
    data = figures(report)
    listed = {row["id"]: row for row in data["trajectories"]["listed"]}
    assert listed[world.gone.pk]["ended_in_period"] is True
    assert listed[world.gone.pk]["started_in_period"] is False
    page = text(html(report, data))
    assert "Medewerker 4" in page
    assert "1 trajectory ended in this period." in page

    # Over before the period began: counted in the table, not listed.
    MobilityTrajectory.objects.filter(pk=world.gone.pk).update(
        ended_on=START - datetime.timedelta(days=1)
    )
    data = figures(new_report(world.organisation))
    assert world.gone.pk not in {row["id"] for row in data["trajectories"]["listed"]}


def test_a_narrow_column_heading_breaks_between_words_and_hyphenates_only_long_ones(tmp_path):
    # The demo's actions per unit: five kinds of action done in the period.
    headings = ["Organisatieonderdeel", "Training", "Intervisie", "POP-afspraak"]
    headings += ["Coaching door champion", "Mobiliteitsstap", "Acties", "Deelnemers"]
    cells = "".join(f'<th scope="col" class="number">{h}</th>' for h in headings[1:])
    html = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>T</title></head>'
        '<body><div class="body"><table class="hr-units hr-fixed"><thead><tr>'
        f'<th scope="col">{headings[0]}</th>{cells}</tr></thead><tbody><tr>'
        '<th scope="row">Team</th>' + '<td class="number">1</td>' * 7 + "</tr></tbody></table>"
        "</div></body></html>"
    )
    from reports import pdf as renderer

    target = tmp_path / "headings.pdf"
    hr_css = renderer.STYLESHEET.parent / "hr.css"
    renderer.render(html, target, theme_colour="#1f4e8c", stylesheets=(hr_css,))

    lines = PdfReader(target).pages[0].extract_text().split("\n")
    # "champion" (eight letters) is never split; its heading breaks between words.
    assert "champion" in [line.strip() for line in lines]
    assert not any(line.rstrip().endswith(("champi-", "champi\u2010")) for line in lines)


@pytest.mark.parametrize(
    ("language", "done", "hours", "reached"),
    [("nl", "1.234", "1.707,5", "2.097"), ("en", "1,234", "1,707.5", "2,097")],
)
def test_large_counts_are_grouped_in_thousands_as_the_language_writes_them(
    world, language, done, hours, reached
):
    report = new_report(world.organisation)
    snapshot = figures(report)
    by_kind = snapshot["actions"]["by_kind"]
    others = [entry for kind, entry in by_kind.items() if kind != "training"]
    # The training's figures, so that the totals are 1,234 actions and 1,707.5 hours.
    by_kind["training"]["statuses"]["done"] = 1234 - sum(
        entry["statuses"].get("done", 0) for entry in others
    )
    by_kind["training"]["hours"] = str(
        Decimal("1707.5") - sum(Decimal(entry["hours"]) for entry in others)
    )
    snapshot["actions"]["reached"] = 2097
    snapshot["employees"] = 20000

    page = text(html(report, snapshot, language=language))

    # In the summary's tiles, the chapter's sentence and the table by type.
    assert page.count(f" {done} ") >= 3
    assert page.count(f" {reached} ") >= 3
    assert f" {hours} " in page
    assert not re.search(r"\b(1234|2097|1707)\b", page)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_tables_totals_are_grouped_in_thousands_too(world, language):
    report = new_report(world.organisation)
    snapshot = figures(report)
    snapshot["employees"] = 4000
    snapshot["pop"].update(active=3869, held=3274, covered=2306)
    snapshot["skills"].update(with_gap=2473, gaps_by_area={"1": 1742})
    assert any(job["targets"] for job in snapshot["jobs"]), "the skills chapter has its tables"

    page = html(report, snapshot, language=language)

    separator = "." if language == "nl" else ","
    cells = re.findall(r'<td class="number[^"]*">([^<]*)</td>', page)
    # The POP table's whole organisation, the skills table's area and all areas together.
    for count in ("3869", "3274", "2306", "2473", "1742"):
        assert f"{count[0]}{separator}{count[1:]}" in cells, count
    assert not re.search(r"\b(3869|3274|2306|2473|1742)\b", text(page))
