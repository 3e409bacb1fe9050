"""Initiatives, their co-determination and their benefits, as the pages apply the rules."""

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from organisations.models import Role
from tests.factories import BenefitFactory, OrganisationUnitFactory
from tests.helpers import HTMX, urls_of
from transformation.models import (
    RAG,
    BenefitMeasurement,
    BenefitTrack,
    CodeterminationQuestion,
    CodeterminationStep,
    Initiative,
)

pytestmark = pytest.mark.django_db

PM, DIRECTOR = Role.PROGRAMME_MANAGER, Role.DIRECTOR

url = urls_of("transformation")


# --- Initiatives --------------------------------------------------------------------------------


def initiative_data(members, unit_list, **overrides):
    return {
        "title": "Microsoft 365 voor Burgerzaken",
        "description": "Samenwerken in Teams",
        "owner": members[PM].pk,
        "units": [unit_list[0].pk],
        "start_date": "2025-03-01",
        "technology": "Teams",
        "technology_readiness": "4",
        "processes": "Werkafspraken",
        "processes_readiness": "3",
        "human_action": "Champions",
        "human_action_readiness": "2",
        **overrides,
    }


def test_an_initiative_is_created_with_its_first_status_in_the_history(
    login, members, programme_world, units
):
    programme = programme_world["programme"]
    response = login(members[PM]).post(
        url("initiative_create", programme.pk), initiative_data(members, units)
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Microsoft 365 voor Burgerzaken")
    assert list(initiative.units.all()) == [units[0]]
    change = initiative.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("", "green", members[PM])


def test_readiness_outside_one_to_five_is_refused(login, members, programme_world, units):
    response = login(members[PM]).post(
        url("initiative_create", programme_world["programme"].pk),
        initiative_data(members, units, technology_readiness="9"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["technology_readiness"]
    assert response.context["form"]["description"].value() == "Samenwerken in Teams"


def test_units_of_another_organisation_cannot_be_chosen(
    login, members, programme_world, units, buurdorp
):
    theirs = OrganisationUnitFactory(organisation=buurdorp)
    response = login(members[PM]).post(
        url("initiative_create", programme_world["programme"].pk),
        initiative_data(members, units, units=[theirs.pk]),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["units"]


def test_amber_and_red_need_a_reason(login, members, programme_world):
    initiative = programme_world["initiative"]
    client = login(members[PM])
    response = client.post(url("initiative_status", initiative.pk), {"status": "red"})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    initiative.refresh_from_db()
    assert initiative.status == RAG.GREEN

    client.post(url("initiative_status", initiative.pk), {"status": "red", "reason": "Te laat"})
    initiative.refresh_from_db()
    assert (initiative.status, initiative.status_reason) == (RAG.RED, "Te laat")
    change = initiative.status_changes.first()
    assert (change.from_status, change.to_status, change.reason) == ("green", "red", "Te laat")
    page = client.get(url("initiative_detail", initiative.pk))
    assert "Te laat" in page.text


def test_the_database_refuses_red_without_a_reason(programme_world):
    from django.db import IntegrityError

    initiative = programme_world["initiative"]
    initiative.status = RAG.RED
    with pytest.raises(IntegrityError):
        initiative.save()


# --- Co-determination ---------------------------------------------------------------------------


def step_data(**overrides):
    return {
        "body": "",
        "legal_basis": "",
        "legal_basis_note": "",
        "meeting_dates": "",
        "advice_requested_on": "",
        "advice_given_on": "",
        "outcome": "",
        "outcome_note": "",
        **overrides,
    }


def test_co_determination_is_saved_with_answers(login, members, programme_world, voorbeeldstad):
    initiative = programme_world["initiative"]
    question = CodeterminationQuestion.objects.for_organisation(voorbeeldstad).filter(
        phase="development"
    )[0]
    body = voorbeeldstad.codeterminationbody_set.get()
    response = login(members[PM]).post(
        url("codetermination", initiative.pk, "development"),
        step_data(
            body=body.pk,
            legal_basis="wor_25_1_k",
            meeting_dates="12-03-2026, 9-4-2026",
            advice_requested_on="2026-04-10",
            advice_given_on="2026-05-01",
            outcome="conditions",
            outcome_note="Training in werktijd",
            **{f"question_{question.pk}": "Via een werkgroep"},
        ),
    )
    assert response.status_code == 302
    step = CodeterminationStep.objects.get(initiative=initiative, phase="development")
    assert step.meetings == [datetime.date(2026, 3, 12), datetime.date(2026, 4, 9)]
    assert step.answers.get(question=question).answer == "Via een werkgroep"
    assert step.updated_by == members[PM]
    page = login(members[DIRECTOR]).get(url("initiative_detail", initiative.pk))
    assert "WOR art. 25 lid 1 sub k" in page.text


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"meeting_dates": "31-02-2026"}, "meeting_dates"),
        ({"outcome": "conditions"}, "outcome_note"),
        ({"outcome": "not_required"}, "outcome_note"),
        ({"legal_basis": "other"}, "legal_basis_note"),
        ({"advice_requested_on": "2026-05-01", "advice_given_on": "2026-04-01"}, "advice_given_on"),
    ],
)
def test_bad_co_determination_input_is_answered_at_the_field(
    login, members, programme_world, overrides, field
):
    initiative = programme_world["initiative"]
    response = login(members[PM]).post(
        url("codetermination", initiative.pk, "idea"), step_data(**overrides)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not CodeterminationStep.objects.exists()


def test_readers_see_co_determination_without_a_form(login, members, programme_world):
    initiative = programme_world["initiative"]
    client = login(members[DIRECTOR])
    response = client.get(url("codetermination", initiative.pk, "idea"))
    assert response.status_code == 200
    assert '<form method="post" class="mw-form' not in response.text
    response = client.post(url("codetermination", initiative.pk, "idea"), step_data())
    assert response.status_code == 403


def test_an_unknown_phase_is_not_found(login, members, programme_world):
    initiative = programme_world["initiative"]
    response = login(members[PM]).get(url("codetermination", initiative.pk, "later"))
    assert response.status_code == 404


def test_questions_are_shown_in_the_users_language(login, members, programme_world):
    initiative = programme_world["initiative"]
    client = login(members[DIRECTOR])
    response = client.get(url("codetermination", initiative.pk, "idea"))
    assert "Welk probleem" in response.text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(url("codetermination", initiative.pk, "idea"))
    assert "Which problem does this idea solve" in response.text


def test_a_co_determination_steps_stage_is_a_code_and_a_word():
    from django.utils import translation

    step = CodeterminationStep()
    assert step.stage_code == CodeterminationStep.NOT_STARTED
    step.meeting_dates = [datetime.date(2026, 3, 1)]
    assert step.stage_code == CodeterminationStep.UNDER_DISCUSSION
    step.advice_requested_on = datetime.date(2026, 3, 2)
    assert step.stage_code == CodeterminationStep.ADVICE_REQUESTED
    step.outcome = "negative"
    assert step.stage_code == "negative"
    with translation.override("nl"):
        assert (
            CodeterminationStep.stage_label(CodeterminationStep.ADVICE_REQUESTED)
            == "advies gevraagd"
        )
        assert step.stage == step.get_outcome_display()


# --- Benefits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "measurements", "track"),
    [
        ("10", "5", [], BenefitTrack.NOT_MEASURED),
        ("10", "5", [(datetime.date(2026, 1, 1), "7")], BenefitTrack.ON_TRACK),
        ("10", "5", [(datetime.date(2026, 1, 1), "9")], BenefitTrack.OFF_TRACK),
        ("10", "5", [(datetime.date(2025, 6, 1), "5")], BenefitTrack.ACHIEVED),
        ("0", "80", [(datetime.date(2026, 1, 1), "30")], BenefitTrack.OFF_TRACK),
        ("0", "80", [(datetime.date(2026, 1, 1), "50")], BenefitTrack.ON_TRACK),
    ],
)
def test_a_benefit_is_on_track_when_it_is_where_the_plan_says(
    programme_world, baseline, target, measurements, track
):
    # Baseline on 1-1-2025, target on 1-1-2027: halfway on 1-1-2026.
    benefit = BenefitFactory(
        initiative=programme_world["initiative"], baseline=Decimal(baseline), target=Decimal(target)
    )
    for day, value in measurements:
        BenefitMeasurement.objects.create(benefit=benefit, measured_on=day, value=Decimal(value))
    assert benefit.track == track


def test_a_measurement_is_added_with_a_dutch_decimal(login, members, programme_world):
    benefit = programme_world["benefit"]
    response = login(members[PM]).post(
        url("benefit_detail", benefit.pk), {"measured_on": "2025-09-01", "value": "7,5"}
    )
    assert response.status_code == 302
    measurement = benefit.measurements.get(measured_on=datetime.date(2025, 9, 1))
    assert measurement.value == Decimal("7.5")
    assert measurement.recorded_by == members[PM]


def test_removing_a_measurement_asks_first(
    login, members, programme_world, django_assert_max_num_queries
):
    measurement = programme_world["measurement"]
    benefit = measurement.benefit
    client = login(members[PM])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    remove = url("measurement_delete", measurement.pk)
    # The table's remove button posts here; the address itself asks too.
    assert remove in client.get(url("benefit_detail", benefit.pk)).text
    for asked in (client.get(remove), client.post(remove)):
        assert asked.status_code == 200
        assert f"{benefit.title} is then judged without it" in asked.text
        assert url("benefit_detail", benefit.pk) in asked.text
        assert BenefitMeasurement.objects.filter(pk=measurement.pk).exists()
    with django_assert_max_num_queries(10):
        client.get(remove)
    assert client.post(remove, {"confirm": "1"}).status_code == 302
    assert not BenefitMeasurement.objects.filter(pk=measurement.pk).exists()


AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


@time_machine.travel(datetime.datetime(2027, 1, 1, 0, 5, tzinfo=AMSTERDAM), tick=False)
def test_just_after_midnight_in_amsterdam_today_is_not_the_future(login, members, programme_world):
    """In UTC it is still 31 December: "today" is the day in Amsterdam."""
    benefit, intervention = programme_world["benefit"], programme_world["intervention"]
    client = login(members[PM])
    response = client.post(
        url("benefit_detail", benefit.pk), {"measured_on": "2027-01-01", "value": "7"}
    )
    assert response.status_code == 302
    assert benefit.measurements.filter(measured_on=datetime.date(2027, 1, 1)).exists()
    prefix = f"intervention-{intervention.pk}"
    response = client.post(
        url("intervention_edit", intervention.pk),
        {f"{prefix}-status": "in_progress", f"{prefix}-last_reviewed_on": "2027-01-01"},
        headers=HTMX,
    )
    assert 'aria-invalid="true"' not in response.text
    intervention.refresh_from_db()
    assert intervention.last_reviewed_on == datetime.date(2027, 1, 1)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"measured_on": "2024-01-01", "value": "5"}, "measured_on"),  # before the baseline
        ({"measured_on": "2025-06-01", "value": "5"}, "measured_on"),  # already measured then
        ({"measured_on": "2100-01-01", "value": "5"}, "measured_on"),  # in the future
        ({"measured_on": "2025-09-01", "value": "veel"}, "value"),
    ],
)
def test_bad_measurements_are_refused_at_the_field(login, members, programme_world, data, field):
    benefit = programme_world["benefit"]
    response = login(members[PM]).post(url("benefit_detail", benefit.pk), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert benefit.measurements.count() == 1


def test_a_target_equal_to_the_baseline_is_refused(login, members, programme_world):
    benefit = programme_world["benefit"]
    response = login(members[PM]).post(
        url("benefit_edit", benefit.pk),
        {
            "title": "Baat",
            "owner": members[PM].pk,
            "measure": "M",
            "unit": "%",
            "baseline": "5",
            "baseline_on": "2025-01-01",
            "target": "5",
            "target_date": "2024-01-01",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "target" in errors and "target_date" in errors


@pytest.mark.parametrize(
    ("changed", "field", "message"),
    [
        # The measurement in June would lie before the baseline, as no new one may.
        ({"baseline_on": "07-01"}, "baseline_on", "There is a measurement on 1 June"),
        ({"measured_every": "0"}, "measured_every", "greater than or equal to 1"),
        ({"measured_every": "25"}, "measured_every", "less than or equal to 24"),
        # A typing error of a year: no chart or period is drawn to it.
        (
            {"target_date": "9999-12-31"},
            "target_date",
            "Enter a date between 1 January 1900 and 31 December 2100.",
        ),
    ],
)
def test_a_benefits_dates_and_rhythm_are_refused_at_the_field(
    login, members, programme_world, changed, field, message
):
    benefit = programme_world["benefit"]
    year = benefit.baseline_on.year
    data = {
        "title": benefit.title,
        "owner": members[PM].pk,
        "measure": benefit.measure,
        "unit": benefit.unit,
        "baseline": str(benefit.baseline),
        "baseline_on": benefit.baseline_on.isoformat(),
        "target": str(benefit.target),
        "target_date": benefit.target_date.isoformat(),
        "measured_every": "",
    }
    client = login(members[PM])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    before = (benefit.baseline_on, benefit.measured_every)

    response = client.post(
        url("benefit_edit", benefit.pk),
        data | {k: f"{year}-{v}" if k == "baseline_on" else v for k, v in changed.items()},
    )

    assert response.status_code == 200
    (error,) = response.context["form"].errors[field]
    assert message in error
    benefit.refresh_from_db()
    assert (benefit.baseline_on, benefit.measured_every) == before
    # Left empty, the rhythm is the usual one.
    assert client.post(url("benefit_edit", benefit.pk), data).status_code == 302
    benefit.refresh_from_db()
    assert benefit.measured_every == 3


def test_a_date_outside_the_calendar_a_form_takes_is_said_at_the_field_in_dutch(
    login, members, programme_world
):
    benefit = programme_world["benefit"]
    client = login(members[PM])
    form = client.get(url("benefit_edit", benefit.pk)).text
    # The date picker offers the same days.
    assert re.search(
        r'<input type="date" name="target_date"[^>]* min="1900-01-01" max="2100-12-31"', form
    )
    response = client.post(
        url("benefit_edit", benefit.pk),
        {
            "title": benefit.title,
            "owner": members[PM].pk,
            "measure": benefit.measure,
            "unit": benefit.unit,
            "baseline": str(benefit.baseline),
            "baseline_on": "0001-01-01",
            "target": str(benefit.target),
            "target_date": benefit.target_date.isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["baseline_on"] == [
        "Voer een datum in tussen 1 januari 1900 en 31 december 2100."
    ]
    before = benefit.baseline_on
    benefit.refresh_from_db()
    assert benefit.baseline_on == before


def test_the_benefit_page_shows_the_chart_and_the_same_figures_as_a_table(
    login, members, programme_world
):
    benefit = programme_world["benefit"]
    response = login(members[DIRECTOR]).get(url("benefit_detail", benefit.pk))
    assert response.status_code == 200
    assert 'role="img"' in response.text
    assert "<table" in response.text
    assert "9" in response.text
    assert '<form method="post" class="mw-form"' not in response.text


def test_the_programme_lists_benefits_off_track(login, members, programme_world):
    benefit = programme_world["benefit"]
    # Halfway in time but hardly moved: off track.
    BenefitMeasurement.objects.create(
        benefit=benefit, measured_on=datetime.date(2026, 1, 1), value=Decimal("9.8")
    )
    programme = programme_world["programme"]
    response = login(members[DIRECTOR]).get(url("programme_detail", programme.pk))
    assert response.context["off_track"] == 1
