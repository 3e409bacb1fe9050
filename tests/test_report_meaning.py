"""Every figure in the reports says what it means: the nine lessons word their evidence
and weigh it against the self-score; co-determination speaks of advice (WOR art. 25) or
consent (art. 27) as its legal basis says, in the reports and on the pages; counts take
the plural they need; and "what changed" compares counts over a period like for like."""

import datetime
import json
import re

import pytest
import time_machine
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from inclusion.actions import services as inclusion_actions
from inclusion.models import ActionKind, LessonAssessment
from organisations.models import Membership, Role
from reports.content import hr, management
from reports.content.common import Change
from reports.content.management.context import (
    CONFIRMS_LOW,
    CONTRADICTS,
    NO_SUPPORT_YET,
    NOT_ASSESSED,
    NOT_ENOUGH_DATA,
    SUPPORTS,
    verdict,
)
from reports.content.periods import NOT_COMPARED, PER_MONTH, SAME, Periods
from reports.models import ReportRequest, ReportStatus
from tests.factories import ReportRequestFactory
from transformation.attention import codetermination_items
from transformation.models import CodeterminationBody, CodeterminationStep, LegalBasis, Outcome

pytestmark = pytest.mark.django_db

PM, HR, DIRECTOR = Role.PROGRAMME_MANAGER, Role.HR_ADVISER, Role.DIRECTOR
NOW = datetime.datetime(2026, 11, 16, 12, tzinfo=datetime.UTC)
TODAY = NOW.date()
MONTH = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def text(markup: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))


def management_report(world, start=MONTH[0], end=MONTH[1]) -> ReportRequest:
    return ReportRequestFactory(
        organisation=world["programme"].organisation,
        programme=world["programme"],
        period_start=start,
        period_end=end,
    )


def render_management(report, snapshot=None, previous=None, language="en") -> str:
    with translation.override(language):
        snapshot = management.snapshot(report) if snapshot is None else snapshot
        context = management.context(report, snapshot, previous)
        return render_to_string(management.template, context)


def lessons_of(report, snapshot=None, language="en") -> dict[int, dict]:
    with translation.override(language):
        snapshot = management.snapshot(report) if snapshot is None else snapshot
        rows = management.context(report, snapshot, None)["lessons"]
    return {row["number"]: row for row in rows}


def assess(world, lesson: int, score: int) -> None:
    LessonAssessment.objects.create(
        organisation=world["programme"].organisation,
        programme=world["programme"],
        lesson=lesson,
        score=score,
        assessed_on=TODAY,
    )


# --- The nine lessons ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "met", "expected"),
    [
        (5, True, SUPPORTS),
        (4, True, SUPPORTS),
        (4, False, CONTRADICTS),
        (2, False, CONFIRMS_LOW),
        (1, False, CONFIRMS_LOW),
        (1, True, CONTRADICTS),
        (3, True, SUPPORTS),
        (3, False, NO_SUPPORT_YET),
        (5, None, NOT_ENOUGH_DATA),
        (2, None, NOT_ENOUGH_DATA),
        (None, True, NOT_ASSESSED),
        (None, None, NOT_ASSESSED),
    ],
)
def test_the_verdict_weighs_the_self_score_against_the_data(score, met, expected):
    assert verdict(score, met) == expected


def test_each_lesson_says_what_its_figure_counts_and_whether_the_data_agrees(
    programme_world, employees
):
    programme = programme_world["programme"]
    programme.end_date = datetime.date(2027, 12, 31)
    programme.save()
    assess(programme_world, 2, 5)  # the vision was approved: the data supports it
    assess(programme_world, 3, 1)  # one initiative started: better than the low score says
    assess(programme_world, 4, 2)  # no adoption track: the data confirms the low score
    assess(programme_world, 7, 5)  # six employees: their POP coverage is hidden
    assess(programme_world, 9, 3)  # an end date: "partly", and the data does not show it yet
    report = management_report(programme_world)

    lessons = lessons_of(report)

    approved_on = timezone.localtime(programme_world["approved"].approved_at).date()
    with translation.override("en"):
        approved = formats.date_format(approved_on)
        ends = formats.date_format(programme.end_date)
    assert lessons[2]["evidence"] == f"Information vision approved on {approved}"
    assert lessons[2]["verdict_label"] == "The data supports the lesson"
    assert lessons[3]["evidence"] == "1 initiative started"
    assert lessons[3]["verdict_label"] == "The data contradicts the self-score"
    assert lessons[4]["evidence"] == "0 of 1 initiatives have an adoption track"
    assert lessons[4]["verdict_label"] == "The data confirms the low self-score"
    assert lessons[7]["evidence"] == (
        "Not shown: it would give a group of fewer than 5 employees away"
    )
    assert lessons[7]["verdict_label"] == "Not enough data"
    assert lessons[9]["evidence"] == f"The programme ends on {ends}"
    assert lessons[9]["verdict_label"] == "No support in the data yet"
    assert lessons[1]["evidence"].startswith("The programme has run for 1 year and 10 months")
    assert lessons[1]["verdict_label"] == "No self-score yet"

    page = text(render_management(report))
    assert "1 initiative started The data contradicts the self-score" in page


def test_shares_are_worded_with_their_whole_and_a_hidden_one_gives_no_verdict(programme_world):
    for lesson in (5, 6, 7):
        assess(programme_world, lesson, 4)
    report = management_report(programme_world)
    snapshot = json.loads(json.dumps(management.snapshot(report), cls=DjangoJSONEncoder))
    # As a larger organisation keeps them: shares that may be shown.
    snapshot["inclusion"]["pop_percentage"] = 62
    snapshot["evidence"]["pop_coverage"] = {"met": True}
    snapshot["evidence"]["employees_in_scenarios"] = {"met": True, "value": "40%"}
    snapshot["evidence"]["own_development_actions"] = {"met": False, "value": "<5"}

    lessons = lessons_of(report, snapshot)

    assert lessons[7]["evidence"] == (
        "62% of the employees who work here had a POP-gesprek this year in which digital "
        "skills came up"
    )
    assert lessons[7]["verdict"] == SUPPORTS
    assert lessons[5]["evidence"] == (
        "40% of the employees who work here helped write the business scenarios"
    )
    # Fewer than five: never a share, and no verdict from a figure nobody may see.
    assert "%" not in lessons[6]["evidence"]
    assert lessons[6]["verdict"] == NOT_ENOUGH_DATA


def test_two_initiatives_are_counted_in_the_plural(programme_world):
    from tests.factories import AdoptionTrackFactory, InitiativeFactory

    AdoptionTrackFactory(
        initiative=InitiativeFactory(programme=programme_world["programme"], title="Tweede")
    )
    lessons = lessons_of(management_report(programme_world))

    assert lessons[3]["evidence"] == "2 initiatives started"
    assert lessons[4]["evidence"] == "1 of 2 initiatives has an adoption track"


# --- Advice or consent --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("basis", "stage", "words"),
    [
        (LegalBasis.WOR_25_1_K, "requested", "advice requested"),
        (LegalBasis.WOR_25_1_K, Outcome.POSITIVE, "positive advice"),
        (LegalBasis.WOR_25_1_K, Outcome.CONDITIONS, "positive advice with conditions"),
        (LegalBasis.WOR_25_1_K, Outcome.NEGATIVE, "negative advice"),
        (LegalBasis.WOR_27_1_K, "requested", "consent requested"),
        (LegalBasis.WOR_27_1_L, Outcome.POSITIVE, "consent granted"),
        (LegalBasis.WOR_27_1_K, Outcome.CONDITIONS, "consent granted with conditions"),
        (LegalBasis.WOR_27_1_L, Outcome.NEGATIVE, "consent refused"),
        (LegalBasis.NONE, Outcome.NEGATIVE, "negative"),
        (LegalBasis.OTHER, "requested", "advice requested"),
        (LegalBasis.WOR_27_1_K, Outcome.NOT_REQUIRED, "not required"),
    ],
)
def test_a_steps_stage_is_worded_as_its_legal_basis_says(basis, stage, words):
    with translation.override("en"):
        assert CodeterminationStep.stage_label(stage, basis) == words


@pytest.fixture
def steps(programme_world):
    """Consent refused in the development phase, negative advice in the idea phase,
    consent asked in the implementation phase: all within October."""
    organisation = programme_world["programme"].organisation
    body = CodeterminationBody.objects.create(organisation=organisation, name="Ondernemingsraad")
    common = {"organisation": organisation, "initiative": programme_world["initiative"]}
    return {
        "consent": CodeterminationStep.objects.create(
            **common,
            phase="development",
            body=body,
            legal_basis=LegalBasis.WOR_27_1_K,
            advice_requested_on=datetime.date(2026, 10, 2),
            advice_given_on=datetime.date(2026, 10, 20),
            outcome=Outcome.NEGATIVE,
        ),
        "advice": CodeterminationStep.objects.create(
            **common,
            phase="idea",
            body=body,
            legal_basis=LegalBasis.WOR_25_1_K,
            advice_requested_on=datetime.date(2026, 10, 1),
            advice_given_on=datetime.date(2026, 10, 15),
            outcome=Outcome.NEGATIVE,
        ),
        "asked": CodeterminationStep.objects.create(
            **common,
            phase="implementation",
            legal_basis=LegalBasis.WOR_27_1_L,
            advice_requested_on=datetime.date(2026, 10, 25),
        ),
    }


def test_the_report_words_advice_and_consent_apart(programme_world, steps):
    report = management_report(programme_world)
    with translation.override("en"):
        context = management.context(report, management.snapshot(report), None)

    [row] = [r for r in context["initiatives"] if r["title"] == programme_world["initiative"].title]
    by_phase = {step["phase"]: step for step in row["codetermination"]}
    assert by_phase["development"]["label"] == "Consent refused"
    assert by_phase["development"]["dated"] == "Decision on consent on 20 October 2026"
    assert by_phase["idea"]["label"] == "Negative advice"
    assert by_phase["idea"]["dated"] == "Advice on 15 October 2026"
    assert by_phase["implementation"]["label"] == "Consent requested"
    assert by_phase["implementation"]["dated"] == "Consent requested on 25 October 2026"
    # A refused consent and a negative advice are not the same stage.
    tally = {tile["label"]: tile["count"] for tile in context["codetermination_counts"]}
    assert tally["negative advice"] == tally["consent refused"] == 1
    assert tally["consent requested"] == 1
    events = sorted(
        (event["on"].day, event["what"])
        for group in context["codetermination_events"]
        for event in group["rows"]
    )
    assert events == [
        (1, "Advice requested"),
        (2, "Consent requested"),
        (15, "Advice given: negative"),
        (20, "Consent refused"),
        (25, "Consent requested"),
    ]

    page = text(render_management(report))
    assert "Advice and consent in this period" in page
    assert "Advice given: consent" not in page


def test_what_changed_words_a_stage_as_its_legal_basis_says(programme_world, steps):
    report = management_report(programme_world)
    now = management.snapshot(report)
    before = json.loads(json.dumps(now, cls=DjangoJSONEncoder))
    [initiative] = [i for i in before["initiatives"] if i["codetermination"]]
    initiative["codetermination"]["development"]["stage"] = "requested"
    initiative["codetermination"]["idea"]["stage"] = "requested"

    with translation.override("en"):
        found = {c.subject: (c.before, c.after) for c in management.changes(now, before)}

    title = programme_world["initiative"].title
    assert found[f"{title}: co-determination, development phase"] == (
        "consent requested",
        "consent refused",
    )
    assert found[f"{title}: co-determination, idea phase"] == (
        "advice requested",
        "negative advice",
    )


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def test_the_pages_word_advice_and_consent_apart(login, members, programme_world, steps):
    initiative = programme_world["initiative"]
    director = english(login(members[DIRECTOR]))

    page = text(
        director.get(reverse("transformation:initiative_detail", args=[initiative.pk])).text
    )
    assert "Consent refused" in page
    assert "Decision on consent on 20 October 2026" in page
    assert "Negative advice" in page
    assert "Consent requested on 25 October 2026" in page

    url = reverse("transformation:codetermination", args=[initiative.pk, "development"])
    page = text(director.get(url).text)
    assert "Consent requested on 2 October 2026" in page
    assert "Decision on consent on 20 October 2026" in page
    assert "Consent refused" in page
    assert "substitute consent (WOR art. 27(4))" in page
    url = reverse("transformation:codetermination", args=[initiative.pk, "idea"])
    page = text(director.get(url).text)
    assert "Advice given on 15 October 2026" in page
    assert "Negative advice" in page
    assert "cantonal court" not in page


def options(page: str) -> list[str]:
    select = re.search(r'<select name="outcome".*?</select>', page, re.S).group(0)
    return [text(option).strip() for option in re.findall(r"<option[^>]*>.*?</option>", select)]


def test_the_outcome_is_chosen_in_the_words_of_the_legal_basis(
    login, members, programme_world, steps
):
    initiative = programme_world["initiative"]
    pm = english(login(members[PM]))

    def form(phase):
        return pm.get(reverse("transformation:codetermination", args=[initiative.pk, phase])).text

    consent, advice = form("development"), form("idea")
    assert options(consent)[1:4] == [
        "consent granted",
        "consent granted with conditions",
        "consent refused",
    ]
    assert "Consent requested on" in consent and "Decision on consent on" in consent
    assert options(advice)[1:4] == [
        "positive advice",
        "positive advice with conditions",
        "negative advice",
    ]
    assert "Advice requested on" in advice
    # No basis chosen yet: each outcome names both.
    steps["asked"].legal_basis = LegalBasis.NONE
    steps["asked"].save()
    assert "negative advice, or consent refused" in options(form("implementation"))
    # What the help text says holds for every basis.
    assert "cantonal court" in consent and "cantonal court" in advice

    # A form sent back with an error keeps the words of the basis it was sent with.
    response = pm.post(
        reverse("transformation:codetermination", args=[initiative.pk, "implementation"]),
        {"legal_basis": LegalBasis.WOR_27_1_K, "outcome": "conditions", "meeting_dates": ""},
    )
    assert response.status_code == 200
    assert "consent granted with conditions" in options(response.text)


def test_refused_consent_points_to_the_cantonal_court_in_what_needs_attention(
    members, programme_world, steps
):
    membership = Membership.objects.get(user=members[PM])
    with translation.override("en"):
        found = codetermination_items(membership, TODAY)
        # The titles name the phase in the same language as the items.
        consent, advice = str(steps["consent"]), str(steps["advice"])
    reasons = {item.title: item.reason for item in found if item.kind == "codetermination_negative"}

    assert "cantonal court" in reasons[consent]
    assert reasons[advice] == "The advice is negative: decide how to go on."


# --- Plurals ------------------------------------------------------------------------------------


def hr_report(organisation, start=MONTH[0], end=MONTH[1]) -> ReportRequest:
    return ReportRequest.objects.create(
        organisation=organisation, kind="hr", period_start=start, period_end=end, language="en"
    )


def hr_figures(report) -> dict:
    return json.loads(json.dumps(hr.snapshot(report), cls=DjangoJSONEncoder))


def render_hr(report, snapshot, previous=None, language="en") -> str:
    with translation.override(language):
        names = hr.names(report, snapshot)
        return render_to_string(hr.template, hr.context(report, snapshot, previous, names=names))


@pytest.fixture
def log(voorbeeldstad, members):
    def log(held_on, employees, kind=ActionKind.TRAINING):
        return inclusion_actions.skills_action_log(
            organisation=voorbeeldstad,
            by=members[HR],
            kind=kind,
            held_on=held_on,
            employees=employees,
        )

    return log


def test_the_hr_report_counts_one_and_two_in_english(voorbeeldstad, employees, log):
    log(datetime.date(2026, 10, 5), employees[1:2])
    report = hr_report(voorbeeldstad)
    one = render_hr(report, hr_figures(report))
    assert "<strong>1</strong> <span>digital-skills action done in this period</span>" in one
    assert "<strong>1</strong> <span>employee took part (17% of those who work here)" in one
    assert "1 employee who works here took part." in one
    assert "<strong>6</strong> <span>employees who work here</span>" in one

    log(datetime.date(2026, 10, 6), employees[2:3])
    two = render_hr(report, hr_figures(report))
    assert "<strong>2</strong> <span>digital-skills actions done in this period</span>" in two
    assert "<strong>2</strong> <span>employees took part (33% of those who work here)" in two
    assert "2 employees who work here took part." in two


def test_the_hr_report_counts_one_and_two_in_dutch(voorbeeldstad, employees, log):
    log(datetime.date(2026, 10, 5), employees[1:2])
    report = hr_report(voorbeeldstad)
    one = render_hr(report, hr_figures(report), language="nl")
    # As the issue asks: "1 afgeronde actie", "1 medewerker deed mee".
    assert re.search(r"<strong>1</strong> <span>afgeronde actie\b", one)
    assert "<strong>1</strong> <span>medewerker deed mee" in one
    assert re.search(r"\b1 medewerker\b", text(one))

    log(datetime.date(2026, 10, 6), employees[2:3])
    two = render_hr(report, hr_figures(report), language="nl")
    assert re.search(r"<strong>2</strong> <span>afgeronde acties\b", two)
    assert "<strong>2</strong> <span>medewerkers deden mee" in two
    assert re.search(r"\b2 medewerkers\b", text(two))


# --- Like for like ------------------------------------------------------------------------------


def period(start: datetime.date, end: datetime.date) -> dict:
    return {"period": {"start": start.isoformat(), "end": end.isoformat()}}


def test_counts_over_periods_of_the_same_length_or_whole_months_compare_as_they_are():
    october, november = period(*MONTH), period(datetime.date(2026, 11, 1), TODAY.replace(day=30))
    periods = Periods.of(november, october)
    assert periods.basis == SAME
    assert periods.note() == ""
    assert periods.change("Actions", 3, 5) == Change("Actions", "3", "5")
    assert periods.change("Actions", 3, 3) is None
    # Any two periods of the same length, and the HR report's shape of a period.
    weeks = Periods.of(
        {"period": ["2026-10-05", "2026-10-18"]}, {"period": ["2026-09-01", "2026-09-14"]}
    )
    assert weeks.basis == SAME


def test_a_month_is_not_compared_with_two_days():
    two_days = period(datetime.date(2026, 9, 29), datetime.date(2026, 9, 30))
    periods = Periods.of(period(*MONTH), two_days)

    assert periods.basis == NOT_COMPARED
    assert periods.change("Actions done in the period", 1, 3) is None
    with translation.override("en"):
        note = periods.note()
    assert note == (
        "The previous report covered 2 days and this one 31 days: too short a period to "
        "compare counts over it, so they are left out."
    )


def test_counts_over_periods_of_other_lengths_compare_per_month():
    fortnight = period(datetime.date(2026, 9, 17), datetime.date(2026, 9, 30))
    periods = Periods.of(period(*MONTH), fortnight)

    assert periods.basis == PER_MONTH
    with translation.override("en"):
        # 7 in 14 days is 15.2 a month; 10 in the whole of October is 10 a month.
        assert periods.change("Actions", 7, 10) == Change("Actions, per month", "15", "10")
        # 7 in 14 days and 15 in October are the same pace, rounded.
        assert periods.change("Actions", 7, 15) is None
        assert "compared per month" in periods.note()


def test_whole_calendar_months_compare_per_month_by_their_number():
    """A quarter beside the month after it: 78 actions in September to November are 26 a
    month, and November's 38 are 38 (not 38.6 for a month of 30 days)."""
    quarter = period(datetime.date(2026, 9, 1), datetime.date(2026, 11, 30))
    november = period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    periods = Periods.of(november, quarter)
    assert periods.basis == PER_MONTH
    with translation.override("en"):
        assert periods.change("Actions", 78, 38) == Change("Actions, per month", "26", "38")


def test_a_previous_report_without_its_period_compares_no_counts_over_it():
    periods = Periods.of(period(*MONTH), {"status_counts": {}})
    assert periods.basis == NOT_COMPARED
    assert periods.change("Actions", 1, 2) is None
    with translation.override("en"):
        assert "did not keep its period" in periods.note()


def finished(report, snapshot):
    """`report` as a finished earlier report with these figures (not saved: it has no file)."""
    report.snapshot = snapshot
    report.status = ReportStatus.DONE
    report.finished_at = timezone.now()
    return report


def test_the_hr_report_after_two_days_compares_states_but_not_the_months_counts(
    voorbeeldstad, employees, log
):
    log(datetime.date(2026, 9, 30), employees[1:2])
    previous = hr_report(voorbeeldstad, datetime.date(2026, 9, 29), datetime.date(2026, 9, 30))
    previous = finished(previous, hr_figures(previous))
    for day in (5, 12, 19):
        log(datetime.date(2026, 10, day), employees[1:4])
    employees[5].job.vulnerability = "high"
    employees[5].job.save()
    report = hr_report(voorbeeldstad)
    now = hr_figures(report)

    with translation.override("en"):
        found = {c.subject: (c.before, c.after) for c in hr.changes(now, previous.snapshot)}
    page = text(render_hr(report, now, previous))

    assert not [subject for subject in found if "in the period" in subject]
    # A state compares as it is.
    assert found["Employees in jobs with high vulnerability"] == ("0", "5")
    assert "too short a period to compare counts over it" in page
    assert "1 digital-skills action" not in page.split("What changed")[1]


def test_the_hr_report_after_a_fortnight_compares_the_months_counts_per_month(
    voorbeeldstad, employees, log
):
    log(datetime.date(2026, 9, 20), employees[1:2])
    previous = hr_report(voorbeeldstad, datetime.date(2026, 9, 17), datetime.date(2026, 9, 30))
    previous = finished(previous, hr_figures(previous))
    for day in (5, 12, 19):
        log(datetime.date(2026, 10, day), employees[1:4])
    report = hr_report(voorbeeldstad)

    now = hr_figures(report)
    with translation.override("en"):
        found = {c.subject: (c.before, c.after) for c in hr.changes(now, previous.snapshot)}

    # One in fourteen days is 2.2 a month; three in the whole of October, 3.
    assert found["Actions done in the period: training, per month"] == ("2.2", "3")
    # One employee in fourteen days, three in October: 2.2 and 3 a month.
    assert found["Employees who took part in an action in the period, per month"] == (
        "2.2",
        "3",
    )


def test_the_management_report_compares_counts_over_the_period_like_for_like():
    def snap(start, end, changes):
        return period(start, end) | {"status_changes": [{}] * changes, "benefits": []}

    month = snap(*MONTH, 3)
    with translation.override("en"):
        after_two_days = management.changes(
            month, snap(datetime.date(2026, 9, 29), datetime.date(2026, 9, 30), 1)
        )
        after_a_month = management.changes(
            month, snap(datetime.date(2026, 9, 1), datetime.date(2026, 9, 30), 1)
        )
    assert not [c for c in after_two_days if "in the period" in c.subject]
    assert Change("Status changes of initiatives in the period", "1", "3") in after_a_month


# --- Said once ----------------------------------------------------------------------------------


def test_the_fields_every_intervention_change_set_are_said_once(programme_world):
    report = management_report(programme_world)
    snapshot = json.loads(json.dumps(management.snapshot(report), cls=DjangoJSONEncoder))
    fields = ["status", "evidence", "owner", "last_reviewed_on"]
    snapshot["intervention_changes"] = [
        {"kind": kind, "on": f"2026-10-0{kind}", "status": "in_progress", "fields": fields}
        for kind in range(1, 6)
    ]
    with translation.override("en"):
        context = management.context(report, snapshot, None)
    html = render_management(report, snapshot)

    assert context["intervention_change_fields"] == "status, evidence, owner, last reviewed on"
    assert html.count("status, evidence, owner, last reviewed on") == 1
    assert "Each of these changes set the same fields" in html

    snapshot["intervention_changes"][0]["fields"] = ["status"]
    with translation.override("en"):
        assert management.context(report, snapshot, None)["intervention_change_fields"] == ""
