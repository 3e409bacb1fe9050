"""Visie & programma: the rules of the vision, the programme, its initiatives,
the interventions, co-determination and benefits, as the pages apply them."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from organisations.models import Role
from tests.factories import (
    BenefitFactory,
    InitiativeFactory,
    OrganisationFactory,
    OrganisationUnitFactory,
)
from tests.helpers import HTMX
from transformation import services
from transformation.compare import Change, compare_visions
from transformation.defaults import DEFAULT_QUESTIONS, DEFAULT_THEMES
from transformation.models import (
    RAG,
    BenefitMeasurement,
    BenefitTrack,
    CodeterminationQuestion,
    CodeterminationStep,
    Initiative,
    InterventionChange,
    InterventionStatus,
    StatementKind,
    Theme,
    Vision,
    VisionStatement,
    VisionStatus,
)

pytestmark = pytest.mark.django_db

PM, DIRECTOR, HR = Role.PROGRAMME_MANAGER, Role.DIRECTOR, Role.HR_ADVISER


def url(name, *args, **kwargs):
    return reverse(f"transformation:{name}", args=args, kwargs=kwargs or None)


# --- Defaults -----------------------------------------------------------------------------------


def test_a_new_organisation_gets_default_themes_and_questions_in_dutch_and_english():
    organisation = OrganisationFactory()
    themes = list(Theme.objects.for_organisation(organisation).values_list("name", flat=True))
    assert "Digitale inclusie" in themes
    assert len(themes) == len(DEFAULT_THEMES)
    questions = CodeterminationQuestion.objects.for_organisation(organisation)
    assert questions.count() == sum(len(q) for q in DEFAULT_QUESTIONS.values())
    first = questions.filter(phase="idea").first()
    assert first.text != first.text_en
    assert first.text_en == "Which problem does this idea solve, and for whom?"


# --- Information vision -------------------------------------------------------------------------


def test_programme_manager_creates_a_draft_from_the_employer_vision(login, members, voorbeeldstad):
    response = login(members[PM]).post(
        url("vision_create"), {"title": "Werkgeversvisie", "start_from": "employer_vision"}
    )
    vision = Vision.objects.get(title="Werkgeversvisie")
    assert response.status_code == 302
    assert vision.status == VisionStatus.DRAFT
    assert [s.theme.name for s in vision.sections.all()] == [
        "Verbinden",
        "Democratie",
        "Bestuurlijke regie",
        "Acties",
    ]
    assert all(s.introduction for s in vision.sections.all())


def test_copying_needs_a_version_to_copy(login, members, voorbeeldstad):
    response = login(members[PM]).post(
        url("vision_create"), {"title": "Kopie", "start_from": "copy"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["based_on"]
    assert not Vision.objects.filter(title="Kopie").exists()


def test_versions_are_numbered_per_organisation(members, voorbeeldstad, buurdorp):
    pm = members[PM]
    first = services.vision_create(organisation=voorbeeldstad, title="A", created_by=pm)
    second = services.vision_create(organisation=voorbeeldstad, title="B", created_by=pm)
    elsewhere = services.vision_create(organisation=buurdorp, title="C", created_by=pm)
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)


def test_approval_supersedes_the_previous_version_and_records_who(login, members, programme_world):
    approved, consultation = programme_world["approved"], programme_world["consultation"]
    response = login(members[DIRECTOR]).post(
        url("vision_approve", consultation.pk), {"note": "Besloten in de directie"}
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    approved.refresh_from_db()
    assert consultation.status == VisionStatus.APPROVED
    assert consultation.approved_by == members[DIRECTOR]
    assert consultation.approved_at is not None
    assert consultation.approval_note == "Besloten in de directie"
    assert approved.status == VisionStatus.SUPERSEDED


def test_a_draft_cannot_be_approved(login, members, programme_world):
    draft = programme_world["draft"]
    response = login(members[DIRECTOR]).post(url("vision_approve", draft.pk), {"note": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VisionStatus.DRAFT


def test_the_database_allows_one_approved_version(programme_world):
    from django.db import IntegrityError

    draft = programme_world["draft"]
    draft.status = VisionStatus.APPROVED
    draft.approved_at = datetime.datetime.now(datetime.UTC)
    with pytest.raises(IntegrityError):
        draft.save()


def test_an_approved_version_is_read_only(login, members, programme_world):
    approved = programme_world["approved"]
    client = login(members[PM])
    response = client.post(url("vision_edit", approved.pk), {"title": "Anders"})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.title == "Visie 1"
    section = approved.sections.first()
    response = client.post(url("section_delete", section.pk))
    assert approved.sections.filter(pk=section.pk).exists()
    page = client.get(url("vision_detail", approved.pk))
    assert url("section_edit", section.pk) not in page.text
    assert "can no longer be changed" in page.text or "niet meer" in page.text


def test_section_statements_are_saved_in_order_and_removed(login, members, programme_world):
    section = programme_world["section"]
    data = {
        "section-introduction": "Wat we willen.",
        "statements-TOTAL_FORMS": "3",
        "statements-INITIAL_FORMS": "0",
        "statements-0-kind": StatementKind.PRINCIPLE,
        "statements-0-text": "Eerst de mens.",
        "statements-1-kind": StatementKind.AMBITION,
        "statements-1-text": "In 2027 werkt iedereen digitaal.",
        "statements-2-kind": "",
        "statements-2-text": "",
    }
    response = login(members[PM]).post(url("section_edit", section.pk), data)
    assert response.status_code == 302
    texts = list(section.statements.values_list("kind", "text"))
    assert (StatementKind.PRINCIPLE, "Eerst de mens.") in texts
    assert (StatementKind.AMBITION, "In 2027 werkt iedereen digitaal.") in texts

    statement = section.statements.get(text="Eerst de mens.")
    data = {
        "section-introduction": "Wat we willen.",
        "statements-TOTAL_FORMS": "2",
        "statements-INITIAL_FORMS": "2",
        "statements-0-id": str(statement.pk),
        "statements-0-kind": StatementKind.PRINCIPLE,
        "statements-0-text": "Eerst de mens.",
        "statements-0-DELETE": "on",
        "statements-1-id": str(section.statements.exclude(pk=statement.pk).get().pk),
        "statements-1-kind": StatementKind.AMBITION,
        "statements-1-text": "In 2027 werkt iedereen digitaal.",
    }
    login(members[PM]).post(url("section_edit", section.pk), data)
    assert not VisionStatement.objects.filter(pk=statement.pk).exists()


def test_a_statement_without_text_is_refused_at_the_field(login, members, programme_world):
    section = programme_world["section"]
    data = {
        "section-introduction": "Blijft staan",
        "statements-TOTAL_FORMS": "1",
        "statements-INITIAL_FORMS": "0",
        "statements-0-kind": StatementKind.PRINCIPLE,
        "statements-0-text": "",
    }
    response = login(members[PM]).post(url("section_edit", section.pk), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["text"]
    section.refresh_from_db()
    assert section.introduction != "Blijft staan", "nothing is saved when one row is wrong"
    assert "Blijft staan</textarea>" in response.text


def test_compare_marks_added_removed_and_changed_text(members, programme_world):
    old, new = programme_world["approved"], programme_world["draft"]
    section = new.sections.first()
    VisionStatement.objects.create(section=section, kind=StatementKind.AMBITION, text="Nieuw doel")
    section.introduction = "Een heel andere tekst"
    section.save()
    removed = new.sections.last()
    removed.delete()

    def fetch(vision):
        return Vision.objects.prefetch_related("sections__theme", "sections__statements").get(
            pk=vision.pk
        )

    comparison = compare_visions(fetch(old), fetch(new))
    by_theme = {c.theme.pk: c for c in comparison.themes}
    assert by_theme[section.theme_id].change == Change.CHANGED
    assert [line.change for line in by_theme[section.theme_id].ambitions] == [Change.ADDED]
    assert by_theme[removed.theme_id].change == Change.REMOVED
    assert comparison.has_changes


def test_compare_page_shows_both_versions(login, members, programme_world):
    old, new = programme_world["approved"], programme_world["draft"]
    section = new.sections.first()
    section.introduction = "Nieuwe <b>tekst</b>"
    section.save()
    response = login(members[DIRECTOR]).get(url("vision_compare"), {"a": old.pk, "b": new.pk})
    assert response.status_code == 200
    assert "Nieuwe &lt;b&gt;tekst&lt;/b&gt;" in response.text
    assert "<b>tekst" not in response.text
    assert "<del>1</del>" in response.text and "<ins>2</ins>" in response.text, "the titles"


def test_compare_with_another_organisations_version_is_not_found(
    login, members, programme_world, buurdorp
):
    theirs = services.vision_create(organisation=buurdorp, title="X", created_by=members[PM])
    response = login(members[DIRECTOR]).get(
        url("vision_compare"), {"a": programme_world["approved"].pk, "b": theirs.pk}
    )
    assert response.status_code == 404


# --- Programme ----------------------------------------------------------------------------------


def test_a_programme_has_no_end_date_by_default_and_starts_with_five_interventions(
    login, members, voorbeeldstad
):
    response = login(members[PM]).post(
        url("programme_create"),
        {
            "name": "Digitaal werken 2027",
            "aim": "Samen digitaal",
            "owner": members[PM].pk,
            "start_date": "2025-01-06",
        },
    )
    assert response.status_code == 302
    programme = voorbeeldstad.programme_set.get()
    assert programme.end_date is None
    assert programme.interventions.count() == 5


def test_the_end_date_help_says_why_it_is_optional(login, members, voorbeeldstad):
    response = login(members[PM]).get(url("programme_create"))
    assert "functiemetamorfose" in response.text.lower()


def test_an_end_before_the_start_is_refused_at_the_field(login, members, voorbeeldstad):
    response = login(members[PM]).post(
        url("programme_create"),
        {
            "name": "P",
            "aim": "A",
            "owner": members[PM].pk,
            "start_date": "2025-01-06",
            "end_date": "2024-01-06",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]


def test_the_owner_must_belong_to_the_organisation(login, members, other_members, voorbeeldstad):
    response = login(members[PM]).post(
        url("programme_create"),
        {
            "name": "P",
            "aim": "A",
            "owner": other_members[PM].pk,
            "start_date": "2025-01-06",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["owner"]


@pytest.fixture
def dashboard(programme_world, members, units):
    programme = programme_world["programme"]
    red = InitiativeFactory(
        programme=programme,
        title="Zaakgericht werken",
        status=RAG.RED,
        status_reason="Vertraagd",
        owner=members[HR],
        units=[units[2]],
    )
    return programme, red


def test_the_programme_filters_by_status_unit_and_owner(login, members, dashboard, units):
    programme, red = dashboard
    client = login(members[DIRECTOR])
    response = client.get(url("programme_detail", programme.pk), {"status": "red"})
    assert [i.title for i in response.context["initiatives"]] == ["Zaakgericht werken"]
    response = client.get(url("programme_detail", programme.pk), {"unit": units[0].pk})
    assert red not in response.context["initiatives"]
    response = client.get(url("programme_detail", programme.pk), {"owner": members[HR].pk})
    assert response.context["initiatives"] == [red]


def test_the_programme_sorts_worst_first_by_default(login, members, dashboard):
    programme, red = dashboard
    response = login(members[DIRECTOR]).get(url("programme_detail", programme.pk))
    assert response.context["initiatives"][0] == red
    response = login(members[DIRECTOR]).get(
        url("programme_detail", programme.pk), {"sort": "title"}
    )
    titles = [i.title for i in response.context["initiatives"]]
    assert titles == sorted(titles, key=str.lower)


def test_an_htmx_filter_request_gets_only_the_list(login, members, dashboard):
    programme, _ = dashboard
    response = login(members[DIRECTOR]).get(
        url("programme_detail", programme.pk), {"status": "red"}, headers=HTMX
    )
    assert response.text.lstrip().startswith('<div id="initiatives"')
    assert "<html" not in response.text
    assert "Zaakgericht werken" in response.text


def test_unknown_filter_values_are_ignored(login, members, dashboard):
    programme, _ = dashboard
    response = login(members[DIRECTOR]).get(
        url("programme_detail", programme.pk), {"status": "purple", "unit": "x", "sort": "?"}
    )
    assert response.status_code == 200
    assert len(response.context["initiatives"]) == 2


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


# --- The five interventions ---------------------------------------------------------------------


def test_hr_adviser_edits_only_the_evidence_and_it_is_kept_in_the_history(
    login, members, programme_world
):
    intervention = programme_world["intervention"]
    prefix = f"intervention-{intervention.pk}"
    client = login(members[HR])
    form = client.get(url("intervention_edit", intervention.pk)).context["form"]
    assert set(form.fields) == {"evidence", "last_reviewed_on"}

    response = client.post(
        url("intervention_edit", intervention.pk),
        {f"{prefix}-evidence": "HR zit in het programmateam", f"{prefix}-status": "anchored"},
    )
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert intervention.evidence == "HR zit in het programmateam"
    assert intervention.status == InterventionStatus.NOT_STARTED, "HR cannot change the status"
    change = InterventionChange.objects.get(intervention=intervention)
    assert change.changed_by == members[HR]
    assert change.changed_fields == ["evidence"]


def test_inline_editing_answers_htmx_with_the_row(login, members, programme_world):
    intervention = programme_world["intervention"]
    prefix = f"intervention-{intervention.pk}"
    client = login(members[PM])
    edit = client.get(url("intervention_edit", intervention.pk), headers=HTMX)
    assert edit.text.lstrip().startswith("<tr")
    assert f'name="{prefix}-status"' in edit.text

    response = client.post(
        url("intervention_edit", intervention.pk),
        {f"{prefix}-status": "in_progress", f"{prefix}-evidence": "Gestart"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<tr")
    assert 'role="status"' in response.text
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.IN_PROGRESS


def test_a_review_date_in_the_future_is_refused_inline(login, members, programme_world):
    intervention = programme_world["intervention"]
    prefix = f"intervention-{intervention.pk}"
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = login(members[PM]).post(
        url("intervention_edit", intervention.pk),
        {f"{prefix}-status": "anchored", f"{prefix}-last_reviewed_on": future},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "<form" in response.text and 'aria-invalid="true"' in response.text
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.NOT_STARTED
    assert not InterventionChange.objects.exists()


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
        ({"measured_on": "2999-01-01", "value": "5"}, "measured_on"),  # in the future
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


# --- Query bounds -------------------------------------------------------------------------------


def grow(programme_world, units, members):
    """Add many rows of every kind the pages show."""
    programme = programme_world["programme"]
    pm = members[PM]
    for _ in range(8):
        initiative = InitiativeFactory(programme=programme, owner=pm, units=units)
        services.initiative_change_status(
            initiative=initiative, status="amber", reason="Vertraagd", changed_by=pm
        )
        benefit = BenefitFactory(initiative=initiative, owner=pm)
        for month in range(2, 8):
            BenefitMeasurement.objects.create(
                benefit=benefit, measured_on=datetime.date(2025, month, 1), value=month
            )
        for section in programme_world["draft"].sections.all():
            VisionStatement.objects.create(section=section, kind="principle", text="Meer")
    for intervention in programme.interventions.all():
        for _ in range(3):
            services.intervention_update(
                intervention=intervention, changed_fields=["evidence"], changed_by=pm
            )


PAGES = [
    ("overview", None),
    ("vision_compare", None),
    ("vision_detail", "draft"),
    ("programme_detail", "programme"),
    ("interventions", "programme"),
    ("initiative_detail", "initiative"),
    ("benefit_detail", "benefit"),
    ("codetermination", "initiative"),
    ("section_edit", "section"),
    ("initiative_edit", "initiative"),
]


@pytest.mark.parametrize(("name", "target"), PAGES)
def test_pages_need_a_number_of_queries_that_does_not_grow(
    login, members, programme_world, units, name, target, django_assert_max_num_queries
):
    args = [programme_world[target].pk] if target else []
    if name == "codetermination":
        args.append("idea")
    page = url(name, *args)
    client = login(members[PM])
    client.get(page)

    with django_assert_max_num_queries(25) as small:
        assert client.get(page).status_code == 200
    grow(programme_world, units, members)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(page).status_code == 200


# --- Reference data in the administration -------------------------------------------------------


def test_organisation_admin_sees_only_own_themes_and_questions(
    login, members, voorbeeldstad, buurdorp
):
    Theme.objects.create(organisation=buurdorp, name="Alleen in Buurdorp")
    client = login(members[Role.ORGANISATION_ADMIN])
    themes = client.get(reverse("admin:transformation_theme_changelist"))
    assert "Digitale inclusie" in themes.text
    assert "Alleen in Buurdorp" not in themes.text
    theirs = CodeterminationQuestion.objects.for_organisation(buurdorp).first()
    change = reverse("admin:transformation_codeterminationquestion_change", args=[theirs.pk])
    assert client.get(change).status_code == 302  # Django's admin: "doesn't exist", back to list


def test_organisation_admin_edits_a_question_in_both_languages(login, members, voorbeeldstad):
    question = CodeterminationQuestion.objects.for_organisation(voorbeeldstad).first()
    client = login(members[Role.ORGANISATION_ADMIN])
    response = client.post(
        reverse("admin:transformation_codeterminationquestion_change", args=[question.pk]),
        {
            "organisation": voorbeeldstad.pk,
            "phase": "idea",
            "text": "Wat is het doel?",
            "text_en": "What is the aim?",
            "position": 1,
            "active": "on",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.text_en) == ("Wat is het doel?", "What is the aim?")


def test_an_answered_question_is_switched_off_not_deleted(
    login, members, programme_world, voorbeeldstad
):
    question = CodeterminationQuestion.objects.for_organisation(voorbeeldstad).first()
    services.codetermination_save(
        step=CodeterminationStep(
            organisation=voorbeeldstad,
            initiative=programme_world["initiative"],
            phase=question.phase,
        ),
        answers={question.pk: "Ja"},
        updated_by=members[PM],
    )
    client = login(members[Role.ORGANISATION_ADMIN])
    delete = reverse("admin:transformation_codeterminationquestion_delete", args=[question.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert CodeterminationQuestion.objects.filter(pk=question.pk).exists()


def test_the_admin_filters_do_not_name_other_organisations(login, members, voorbeeldstad, buurdorp):
    client = login(members[Role.ORGANISATION_ADMIN])
    for name in ("theme", "codeterminationquestion", "codeterminationbody"):
        response = client.get(reverse(f"admin:transformation_{name}_changelist"))
        assert response.status_code == 200
        assert buurdorp.name not in response.text, name


def test_errors_are_answered_in_dutch_and_in_english(login, members, programme_world):
    from django.utils import translation

    initiative = programme_world["initiative"]
    client = login(members[PM])
    message = "Give the reason for an amber or red status."
    with translation.override("nl"):
        dutch = translation.gettext(message)
    assert dutch != message, "the Dutch catalogue has it"
    response = client.post(url("initiative_status", initiative.pk), {"status": "amber"})
    assert dutch in response.text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(url("initiative_status", initiative.pk), {"status": "amber"})
    assert message in response.text


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
