"""Decision requests (besluitvragen): what the data proposes and when it stops proposing
it, preparing a request, recording and correcting the directors' outcome, asking a
postponed one again, what needs attention, and a list whose queries do not grow."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.html import escape

from adoption import services as adoption_services
from organisations import attention
from organisations.models import Membership, Role
from tests import worlds
from tests.factories import BenefitFactory, InitiativeFactory
from tests.helpers import HTMX, urls_of
from transformation import decisions, services
from transformation.attention import codetermination_items, initiative_items, vision_items
from transformation.models import (
    RAG,
    Benefit,
    CodeterminationPhase,
    CodeterminationStep,
    DecisionOutcome,
    DecisionRequest,
    DismissedProposal,
    LegalBasis,
    Outcome,
    Vision,
)

pytestmark = pytest.mark.django_db

PM, DIRECTOR, HR = Role.PROGRAMME_MANAGER, Role.DIRECTOR, Role.HR_ADVISER
TODAY = datetime.date(2026, 11, 18)

url = urls_of("transformation")


def sources(programme) -> list[str]:
    return [proposal.source for proposal in decisions.proposals(programme)]


def kinds_of(programme, prefix: str) -> list[str]:
    return [source for source in sources(programme) if source.startswith(prefix)]


def request_for(programme, by=None, **fields) -> DecisionRequest:
    values = {"title": "Budget voor scholing", "question": "Geven we het budget vrij?"}
    return DecisionRequest.objects.create(
        organisation=programme.organisation,
        programme=programme,
        prepared_by=by,
        **{**values, **fields},
    )


def decided(programme, outcome=DecisionOutcome.TAKEN, **fields) -> DecisionRequest:
    return request_for(
        programme, outcome=outcome, **{"decided_on": datetime.date(2026, 10, 1), **fields}
    )


def error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


def nl(words):
    """`words` (a msgid, or a function that makes text) as the pages say them: in Dutch,
    or in English while untranslated."""
    with translation.override("nl"):
        return words() if callable(words) else translation.gettext(words)


def english(programme) -> list:
    """The proposals in the words of the source, whatever the catalogue holds."""
    with translation.override("en"):
        return decisions.proposals(programme)


@pytest.fixture
def programme(programme_world):
    return programme_world["programme"]


@pytest.fixture
def initiative(programme_world):
    return programme_world["initiative"]


# --- What the data proposes ---------------------------------------------------------------------


def test_a_vision_in_consultation_is_proposed_until_a_director_approves_it(
    programme, programme_world, members
):
    consultation = programme_world["consultation"]
    assert f"vision:{consultation.pk}" in sources(programme)

    services.vision_approve(vision=consultation, by=members[DIRECTOR])
    assert kinds_of(programme, "vision:") == []


def test_a_red_initiative_is_proposed_until_it_is_no_longer_red(programme, initiative, members):
    services.initiative_change_status(
        initiative=initiative, status=RAG.RED, reason="Leverancier failliet", by=members[PM]
    )
    [proposal] = [p for p in decisions.proposals(programme) if p.source.startswith("red:")]
    assert proposal.initiative_id == initiative.pk
    assert "Leverancier failliet" in proposal.why
    assert proposal.since == timezone.localdate()

    services.initiative_change_status(
        initiative=initiative, status=RAG.AMBER, reason="Nieuwe leverancier", by=members[PM]
    )
    assert kinds_of(programme, "red:") == []


def test_a_red_initiative_the_directors_are_asked_about_is_not_proposed_again(
    programme, initiative, members
):
    """Consent refused, the initiative red, and the request about the refusal adopted:
    "how it goes on" is what that request asks, so the red signal is not put forward
    beside it, also once it is decided. Red again later, it is a signal again."""
    long_ago = timezone.now() - datetime.timedelta(days=40)
    asked = request_for(programme, by=members[PM], initiative=initiative)
    DecisionRequest.objects.filter(pk=asked.pk).update(created_at=long_ago)
    services.initiative_change_status(
        initiative=initiative, status=RAG.RED, reason="Instemming geweigerd", by=members[PM]
    )
    # Open, though made before it turned red: the directors are asked now.
    assert kinds_of(programme, "red:") == []

    DecisionRequest.objects.filter(pk=asked.pk).update(
        outcome=DecisionOutcome.TAKEN, decided_on=datetime.date(2026, 10, 1)
    )
    # Decided, and made before it turned red: nobody asked about the red initiative.
    assert len(kinds_of(programme, "red:")) == 1
    decided(programme, initiative=initiative, decided_on=timezone.localdate())
    # A request made since it turned red, decided or not, answered it.
    assert kinds_of(programme, "red:") == []
    # Another initiative on red is still put forward.
    other = InitiativeFactory(programme=programme)
    services.initiative_change_status(
        initiative=other, status=RAG.RED, reason="Vertraagd", by=members[PM]
    )
    assert [p.initiative_id for p in decisions.proposals(programme) if p.kind == "red"] == [
        other.pk
    ]


def test_turning_red_again_after_a_dismissal_is_a_new_proposal(programme, initiative, members):
    def red():
        services.initiative_change_status(
            initiative=initiative, status=RAG.RED, reason="Vertraagd", by=members[PM]
        )

    red()
    [first] = kinds_of(programme, "red:")
    decisions.proposal_dismiss(programme=programme, source=first, by=members[PM])
    assert kinds_of(programme, "red:") == []

    services.initiative_change_status(
        initiative=initiative, status=RAG.GREEN, reason="", by=members[PM]
    )
    red()
    [again] = kinds_of(programme, "red:")
    assert again != first


def test_a_new_reason_while_red_is_no_new_time_on_red(programme, initiative, members):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    services.initiative_change_status(
        initiative=initiative, status=RAG.RED, reason="Vertraagd", by=members[PM]
    )
    initiative.status_changes.filter(to_status=RAG.RED).update(changed_at=long_ago)
    [first] = kinds_of(programme, "red:")
    decisions.proposal_dismiss(programme=programme, source=first, by=members[PM])

    services.initiative_change_status(
        initiative=initiative, status=RAG.RED, reason="Vertraagd: nieuwe datum", by=members[PM]
    )

    # Dismissed, it stays dismissed; the dashboard counts from when it turned red.
    assert kinds_of(programme, "red:") == []
    membership = Membership.objects.get(user=members[PM], organisation=programme.organisation)
    [item] = [
        i for i in initiative_items(membership, timezone.localdate()) if i.title == initiative.title
    ]
    assert item.since == timezone.localdate(long_ago)


def test_an_unconfirmed_gate_override_is_proposed_until_a_director_confirms_it(programme, members):
    move = worlds.gate_override(programme, members[PM])
    [proposal] = [p for p in decisions.proposals(programme) if p.source == f"override:{move.pk}"]
    assert "De leverancier kan alleen nu" in proposal.why

    adoption_services.move_confirm(move=move, by=members[DIRECTOR])
    assert kinds_of(programme, "override:") == []


def negative_step(initiative, legal_basis):
    return CodeterminationStep.objects.create(
        organisation=initiative.organisation,
        initiative=initiative,
        phase=CodeterminationPhase.DEVELOPMENT,
        legal_basis=legal_basis,
        advice_requested_on=datetime.date(2026, 9, 1),
        advice_given_on=datetime.date(2026, 10, 1),
        outcome=Outcome.NEGATIVE,
    )


def test_negative_advice_is_proposed_in_the_words_of_advice(programme, initiative):
    step = negative_step(initiative, LegalBasis.WOR_25_1_K)
    [proposal] = [p for p in english(programme) if p.source.startswith("codet")]
    assert proposal.source == f"codetermination:{step.pk}:negative"
    assert proposal.title.startswith("Negative advice")
    assert "25(6)" in proposal.why
    assert "27(4)" not in proposal.options
    assert proposal.since == datetime.date(2026, 10, 1)


def test_refused_consent_is_proposed_in_the_words_of_consent(programme, initiative):
    step = negative_step(initiative, LegalBasis.WOR_27_1_K)
    [proposal] = [p for p in english(programme) if p.source.startswith("codet")]
    assert proposal.source == f"codetermination:{step.pk}:refused"
    assert proposal.title.startswith("Consent refused")
    assert "27(5)" in proposal.why
    assert "27(4)" in proposal.options


@pytest.mark.parametrize("legal_basis", [LegalBasis.OTHER, LegalBasis.NONE])
def test_a_negative_outcome_on_another_basis_is_not_proposed_with_the_wors_routes(
    programme, initiative, members, legal_basis
):
    negative_step(initiative, legal_basis)
    assert kinds_of(programme, "codetermination:") == []
    # The dashboard still has it, in its own words rather than those of advice.
    membership = Membership.objects.get(user=members[PM], organisation=programme.organisation)
    with translation.override("en"):
        [item] = [
            i
            for i in codetermination_items(membership, timezone.localdate())
            if i.kind == "codetermination_negative"
        ]
        assert str(item.reason) == "The outcome is negative: decide how to go on."


def test_refused_consent_once_put_to_the_directors_needs_no_attention_until_refused_again(
    programme, initiative, members
):
    step = negative_step(initiative, LegalBasis.WOR_27_1_K)  # refused on 1 October
    membership = Membership.objects.get(user=members[PM], organisation=programme.organisation)

    def negative_items():
        found = codetermination_items(membership, timezone.localdate())
        return [item for item in found if item.kind == "codetermination_negative"]

    [source] = kinds_of(programme, "codetermination:")
    assert len(negative_items()) == 1
    asked = request_for(programme, by=members[PM], initiative=initiative, source=source)
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    DecisionRequest.objects.filter(pk=asked.pk).update(created_at=ten_days_ago)
    # Put to the directors: no longer proposed, and how it goes on is theirs to decide.
    assert kinds_of(programme, "codetermination:") == []
    assert negative_items() == []

    # The decision changed and consent asked again, the works council refuses once more.
    step.advice_given_on = timezone.localdate()
    step.save()
    assert kinds_of(programme, "codetermination:") == [source]
    assert len(negative_items()) == 1


def test_negative_co_determination_is_no_longer_proposed_once_the_outcome_changes(
    programme, initiative
):
    step = negative_step(initiative, LegalBasis.WOR_25_1_K)
    assert kinds_of(programme, "codetermination:")
    step.outcome = Outcome.POSITIVE
    step.save()
    assert kinds_of(programme, "codetermination:") == []


# --- Adopting and dismissing --------------------------------------------------------------------


def test_a_version_waits_since_it_went_into_consultation_and_again_after_it_was_sent_back(
    programme, programme_world, members
):
    consultation = programme_world["consultation"]
    source = f"vision:{consultation.pk}"
    went_in = timezone.now() - datetime.timedelta(days=20)
    Vision.objects.filter(pk=consultation.pk).update(in_consultation_since=went_in)
    consultation.refresh_from_db()
    consultation.introduction = "Een tikfout hersteld."
    consultation.save()
    membership = Membership.objects.get(user=members[DIRECTOR], organisation=programme.organisation)

    # A correction is no new start: it waits since it went in.
    [item] = vision_items(membership, timezone.localdate())
    assert item.since == timezone.localdate(went_in)
    [proposal] = [p for p in decisions.proposals(programme) if p.source == source]
    assert proposal.since == timezone.localdate(went_in)

    # Put to the directors, sent back, and into consultation again: a new proposal.
    asked = request_for(programme, by=members[PM], source=source)
    DecisionRequest.objects.filter(pk=asked.pk).update(created_at=went_in)
    assert source not in sources(programme)
    services.vision_back_to_draft(vision=consultation)
    services.vision_send_to_consultation(vision=consultation)
    assert source in sources(programme)


def vision_source(programme_world) -> str:
    return f"vision:{programme_world['consultation'].pk}"


def test_adopting_opens_the_form_filled_from_the_proposal(login, members, programme_world):
    programme, source = programme_world["programme"], vision_source(programme_world)
    response = login(members[PM]).get(url("decision_create", programme.pk), {"voorstel": source})
    assert response.status_code == 200
    form = response.context["form"]
    assert nl(lambda: decisions.proposal(programme, source).initial()).items() <= (
        form.initial.items()
    )
    assert form.initial["source"] == source
    assert f'value="{source}"' in response.text


def test_an_adopted_proposal_becomes_a_request_and_is_not_proposed_again(
    login, members, programme_world
):
    programme, source = programme_world["programme"], vision_source(programme_world)
    response = login(members[PM]).post(
        url("decision_create", programme.pk),
        {
            "title": "Visie versie 3 vaststellen",
            "question": "Stelt de directie versie 3 vast?",
            "options": "Vaststellen\nTerugsturen",
            "meeting": "Directieoverleg",
            "meeting_on": "2026-12-01",
            "source": source,
        },
    )
    decision = DecisionRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#decision-{decision.pk}")
    assert decision.source == source
    assert decision.prepared_by == members[PM]
    assert decision.is_open
    assert decision.option_lines == ["Vaststellen", "Terugsturen"]
    assert source not in sources(programme)


def test_a_dismissed_proposal_is_kept_with_its_reason_and_not_proposed_again(
    login, members, programme_world
):
    programme, source = programme_world["programme"], vision_source(programme_world)
    client = login(members[PM])
    confirm = client.get(url("proposal_dismiss", programme.pk), {"voorstel": source})
    assert confirm.status_code == 200
    assert not DismissedProposal.objects.exists(), "asking first changes nothing"

    response = client.post(
        url("proposal_dismiss", programme.pk), {"source": source, "reason": "Loopt via het MT"}
    )
    assert response.status_code == 302
    dismissed = DismissedProposal.objects.get()
    assert (dismissed.source, dismissed.reason) == (source, "Loopt via het MT")
    assert dismissed.dismissed_by == members[PM]
    assert source not in sources(programme)


@pytest.mark.parametrize("how", ["adopted", "dismissed"])
def test_a_proposal_already_adopted_or_dismissed_is_refused_with_a_message(
    login, members, programme_world, how
):
    programme, source = programme_world["programme"], vision_source(programme_world)
    if how == "adopted":
        request_for(programme, source=source)
    else:
        decisions.proposal_dismiss(programme=programme, source=source, by=members[PM])
    count = DecisionRequest.objects.count()
    client = login(members[PM])

    opened = client.get(url("decision_create", programme.pk), {"voorstel": source})
    assert opened.status_code == 302
    # Each answer adds its message to those not shown yet: the last one is its own.
    refused = str(nl(decisions.no_longer_proposed))
    assert error_messages(opened) == [refused]

    saved = client.post(
        url("decision_create", programme.pk),
        {"title": "Nog eens", "question": "Nog eens?", "source": source},
    )
    assert saved.status_code == 302
    assert error_messages(saved)[-1] == refused
    assert DecisionRequest.objects.count() == count

    dismissed = client.post(url("proposal_dismiss", programme.pk), {"source": source})
    assert error_messages(dismissed)[-1] == refused
    assert DismissedProposal.objects.count() == (1 if how == "dismissed" else 0)


def test_removing_an_adopted_request_proposes_it_again(login, members, programme_world):
    programme, source = programme_world["programme"], vision_source(programme_world)
    decision = request_for(programme, source=source)
    client = login(members[PM])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    confirm = client.get(url("decision_delete", decision.pk))
    assert confirm.status_code == 200
    assert DecisionRequest.objects.filter(pk=decision.pk).exists(), "asking first keeps it"
    # Its history keeps it and the proposal comes back: not "cannot be undone".
    assert "the proposal comes back among the proposals" in confirm.text
    assert "cannot be undone" not in confirm.text
    assert decision.question in confirm.text
    # The way back to the programme's requests, as on the request's own page.
    breadcrumb = re.search(
        r'class="utrecht-paragraph mw-breadcrumb"><a class="utrecht-link" href="([^"]+)">([^<]+)<',
        confirm.text,
    )
    assert breadcrumb.groups() == (
        url("decision_list", programme.pk),
        f"Decision requests of {escape(programme.name)}",
    )

    response = client.post(url("decision_delete", decision.pk), {"confirm": "1"})
    assert response.status_code == 302
    assert not DecisionRequest.objects.filter(pk=decision.pk).exists()
    assert source in sources(programme)


def test_the_list_shows_proposals_only_to_the_programme_manager(login, members, programme_world):
    programme, source = programme_world["programme"], vision_source(programme_world)
    for role, shown in [(PM, True), (DIRECTOR, False), (HR, False)]:
        response = login(members[role]).get(url("decision_list", programme.pk))
        assert response.status_code == 200
        assert (f"?voorstel={source}".replace(":", "%3A") in response.text) is shown, role


# --- Preparing a request ------------------------------------------------------------------------


def test_the_choices_are_the_programmes_initiatives_and_benefits(
    login, members, programme_world, voorbeeldstad
):
    programme = programme_world["programme"]
    elsewhere = BenefitFactory(initiative=InitiativeFactory(organisation=voorbeeldstad))
    form = login(members[PM]).get(url("decision_create", programme.pk)).context["form"]
    assert set(form.fields["initiative"].queryset) == set(programme.initiatives.all())
    assert programme_world["benefit"] in form.fields["benefit"].queryset
    assert elsewhere not in form.fields["benefit"].queryset
    assert elsewhere.initiative not in form.fields["initiative"].queryset


def post_new(client, programme, **fields):
    data = {"title": "Budget", "question": "Geven we het budget vrij?", **fields}
    return client.post(url("decision_create", programme.pk), data)


def test_an_initiative_of_another_programme_is_refused_at_the_field(
    login, members, programme_world, voorbeeldstad
):
    other = InitiativeFactory(organisation=voorbeeldstad)
    response = post_new(login(members[PM]), programme_world["programme"], initiative=other.pk)
    assert response.status_code == 200
    assert response.context["form"].errors["initiative"]
    assert 'aria-invalid="true"' in response.text
    assert not DecisionRequest.objects.exists()


def test_a_benefit_of_another_initiative_is_refused_at_the_field(login, members, programme_world):
    programme = programme_world["programme"]
    other = InitiativeFactory(programme=programme)
    response = post_new(
        login(members[PM]),
        programme,
        initiative=other.pk,
        benefit=programme_world["benefit"].pk,
    )
    assert response.status_code == 200
    assert response.context["form"].errors["benefit"] == [
        nl("Choose a benefit of the chosen initiative.")
    ]
    assert not DecisionRequest.objects.exists()


def test_a_benefit_without_an_initiative_takes_the_benefits_initiative(
    login, members, programme_world
):
    benefit = programme_world["benefit"]
    response = post_new(login(members[PM]), programme_world["programme"], benefit=benefit.pk)
    assert response.status_code == 302
    decision = DecisionRequest.objects.get()
    assert (decision.initiative, decision.benefit) == (benefit.initiative, benefit)


def test_what_is_asked_is_required(login, members, programme):
    response = post_new(login(members[PM]), programme, question="")
    assert response.context["form"].errors["question"]
    assert not DecisionRequest.objects.exists()


def test_a_failed_edit_leaves_the_request_as_it_was(login, members, programme):
    decision = request_for(programme, by=members[PM], meeting="Directieoverleg")
    response = login(members[PM]).post(
        url("decision_edit", decision.pk),
        {"title": "", "question": "Anders", "meeting": "MT", "meeting_on": "geen datum"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"title", "meeting_on"}
    decision.refresh_from_db()
    assert (decision.title, decision.question, decision.meeting) == (
        "Budget voor scholing",
        "Geven we het budget vrij?",
        "Directieoverleg",
    )


def test_an_edit_is_kept_in_the_history(login, members, programme):
    decision = request_for(programme, by=members[PM])
    response = login(members[PM]).post(
        url("decision_edit", decision.pk),
        {"title": "Budget 2027", "question": "Geven we het budget vrij?"},
    )
    assert response.status_code == 302
    latest = decision.history.latest()
    assert (latest.title, latest.history_user) == ("Budget 2027", members[PM])
    detail = login(members[DIRECTOR]).get(url("decision_detail", decision.pk))
    assert "Budget 2027" in detail.text
    assert detail.context["changes"][0].kind == "~"


def test_a_decided_request_can_no_longer_be_edited_or_removed(login, members, programme):
    decision = decided(programme)
    client = login(members[PM])
    for name in ("decision_edit", "decision_delete"):
        response = client.get(url(name, decision.pk))
        assert response.status_code == 302
        assert error_messages(response)[-1] == str(nl(decisions.decided_already))
    response = client.post(url("decision_delete", decision.pk), {"confirm": "1"})
    assert DecisionRequest.objects.filter(pk=decision.pk).exists()
    response = client.post(url("decision_edit", decision.pk), {"title": "X", "question": "Y"})
    decision.refresh_from_db()
    assert decision.title == "Budget voor scholing"


def test_the_source_cannot_be_changed_by_editing(login, members, programme_world):
    programme, source = programme_world["programme"], vision_source(programme_world)
    decision = request_for(programme, source=source)
    login(members[PM]).post(
        url("decision_edit", decision.pk),
        {"title": "Visie", "question": "Vaststellen?", "source": "red:1:1"},
    )
    decision.refresh_from_db()
    assert decision.source == source


# --- The outcome --------------------------------------------------------------------------------


def test_a_director_records_the_outcome_with_the_day_and_her_name(login, members, programme):
    decision = request_for(programme)
    client = login(members[DIRECTOR])
    form = client.get(url("decision_outcome", decision.pk)).context["form"]
    assert form["decided_on"].value() == timezone.localdate()
    assert "" not in dict(form.fields["outcome"].choices)

    response = client.post(
        url("decision_outcome", decision.pk),
        {"outcome": "taken", "decided_on": "2026-11-02", "outcome_note": ""},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.outcome == DecisionOutcome.TAKEN
    assert decision.decided_on == datetime.date(2026, 11, 2)
    assert decision.decided_by == members[DIRECTOR]
    assert not decision.is_open


@pytest.mark.parametrize("outcome", ["postponed", "rejected"])
def test_postponing_or_rejecting_needs_a_note_at_the_field(login, members, programme, outcome):
    decision = request_for(programme)
    response = login(members[DIRECTOR]).post(
        url("decision_outcome", decision.pk),
        {"outcome": outcome, "decided_on": "2026-11-02", "outcome_note": "  "},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["outcome_note"]
    decision.refresh_from_db()
    assert decision.is_open and decision.decided_on is None


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("tomorrow", "A decision cannot be dated in the future."),
        ("30-02-2026", "Enter a valid date."),
    ],
)
def test_a_decision_cannot_be_dated_in_the_future(login, members, programme, day, message):
    decision = request_for(programme)
    if day == "tomorrow":
        day = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    client = login(members[DIRECTOR])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        url("decision_outcome", decision.pk), {"outcome": "taken", "decided_on": day}
    )
    # Only what is wrong with the date, not also that a date is missing.
    assert response.context["form"].errors == {"decided_on": [message]}
    decision.refresh_from_db()
    assert decision.is_open


def test_an_outcome_needs_a_choice(login, members, programme):
    decision = request_for(programme)
    response = login(members[DIRECTOR]).post(
        url("decision_outcome", decision.pk), {"outcome": "", "decided_on": "2026-11-02"}
    )
    assert list(response.context["form"].errors) == ["outcome"]
    with pytest.raises(decisions.DecisionError):
        decisions.decision_record_outcome(
            decision=decision,
            outcome="",
            decided_on=datetime.date(2026, 11, 2),
            note="",
            by=members[DIRECTOR],
        )


def test_a_corrected_outcome_keeps_the_first_one_in_the_history(login, members, programme):
    decision = request_for(programme)
    client = login(members[DIRECTOR])
    client.post(
        url("decision_outcome", decision.pk), {"outcome": "taken", "decided_on": "2026-11-02"}
    )
    response = client.post(
        url("decision_outcome", decision.pk),
        {"outcome": "rejected", "decided_on": "2026-11-02", "outcome_note": "Toch niet"},
    )
    assert response.status_code == 302
    outcomes = list(decision.history.order_by("history_id").values_list("outcome", flat=True))
    assert outcomes == ["", "taken", "rejected"]
    detail = client.get(url("decision_detail", decision.pk))
    assert detail.text.count("Toch niet") >= 1
    fields = [f.label for change in detail.context["changes"] for f in change.fields]
    assert nl("outcome") in fields


def test_a_postponed_request_is_asked_again_as_a_new_open_request(login, members, programme_world):
    programme, source = programme_world["programme"], vision_source(programme_world)
    initiative, benefit = programme_world["initiative"], programme_world["benefit"]
    postponed = decided(
        programme,
        outcome=DecisionOutcome.POSTPONED,
        outcome_note="Na de zomer",
        options="A\nB",
        advice="A",
        initiative=initiative,
        benefit=benefit,
        meeting="Directieoverleg",
        meeting_on=datetime.date(2026, 10, 1),
        source=source,
    )
    response = login(members[PM]).post(url("decision_ask_again", postponed.pk))
    again = DecisionRequest.objects.exclude(pk=postponed.pk).get()
    assert response.status_code == 302
    assert response["Location"] == url("decision_edit", again.pk)
    assert again.is_open and again.source == "" and again.meeting_on is None
    assert (again.title, again.question, again.options, again.advice) == (
        postponed.title,
        postponed.question,
        postponed.options,
        postponed.advice,
    )
    assert (again.initiative, again.benefit, again.prepared_by) == (
        initiative,
        benefit,
        members[PM],
    )
    postponed.refresh_from_db()
    assert postponed.outcome == DecisionOutcome.POSTPONED

    # A second click while the copy is open goes to that copy: no second one.
    response = login(members[PM]).post(url("decision_ask_again", postponed.pk))
    assert response["Location"] == url("decision_edit", again.pk)
    assert DecisionRequest.objects.exclude(pk=postponed.pk).get() == again


def test_only_a_postponed_request_is_asked_again(login, members, programme):
    taken = decided(programme)
    response = login(members[PM]).post(url("decision_ask_again", taken.pk))
    assert response.status_code == 302
    assert error_messages(response)
    assert DecisionRequest.objects.count() == 1


# --- The list -----------------------------------------------------------------------------------


def test_open_requests_are_grouped_by_meeting_and_decided_ones_newest_first(
    login, members, programme
):
    december = datetime.date(2026, 12, 3)
    request_for(programme, title="Later", meeting="Directieoverleg", meeting_on=december)
    request_for(programme, title="Eerst", meeting="MT", meeting_on=datetime.date(2026, 12, 1))
    request_for(programme, title="Ook later", meeting="Directieoverleg", meeting_on=december)
    request_for(programme, title="Zonder datum")
    decided(programme, title="Oud", decided_on=datetime.date(2026, 1, 5))
    decided(programme, title="Nieuw", decided_on=datetime.date(2026, 6, 5))

    response = login(members[DIRECTOR]).get(url("decision_list", programme.pk))
    meetings = [
        (meeting, [r.title for r in rows]) for _on, meeting, rows in response.context["meetings"]
    ]
    assert meetings == [
        ("MT", ["Eerst"]),
        ("Directieoverleg", ["Later", "Ook later"]),
        ("", ["Zonder datum"]),
    ]
    assert [d.title for d in response.context["decided"]] == ["Nieuw", "Oud"]
    assert response.context["proposals"] == []


def test_the_decided_requests_page_through_htmx_as_a_fragment(login, members, programme):
    for day in range(1, 13):
        decided(programme, title=f"Besluit {day:02d}", decided_on=datetime.date(2026, 3, day))
    client = login(members[DIRECTOR])
    page = client.get(url("decision_list", programme.pk), {"page": 2})
    assert "<html" in page.text and "Besluit 02" in page.text

    fragment = client.get(url("decision_list", programme.pk), {"page": 2}, headers=HTMX)
    assert fragment.text.lstrip().startswith('<div id="decided"')
    assert "<html" not in fragment.text
    assert "Besluit 01" in fragment.text and "Besluit 12" not in fragment.text


def test_the_lists_queries_do_not_grow_with_the_requests(
    login, members, programme, django_assert_max_num_queries
):
    client = login(members[PM])

    def grow(n):
        for i in range(n):
            initiative = InitiativeFactory(programme=programme, owner=members[PM])
            benefit = BenefitFactory(initiative=initiative)
            services.initiative_change_status(
                initiative=initiative, status=RAG.RED, reason="x", by=members[PM]
            )
            negative_step(initiative, LegalBasis.WOR_27_1_K if i % 2 else LegalBasis.WOR_25_1_K)
            request_for(
                programme,
                by=members[PM],
                initiative=initiative,
                benefit=benefit,
                meeting="Directieoverleg",
                meeting_on=datetime.date(2026, 12, i + 1),
            )
            decided(programme, initiative=initiative, decided_by=members[DIRECTOR])
            decided(programme, outcome=DecisionOutcome.POSTPONED, by=members[PM])
            # On red with nobody asked about it yet: put forward.
            services.initiative_change_status(
                initiative=InitiativeFactory(programme=programme),
                status=RAG.RED,
                reason="y",
                by=members[PM],
            )

    grow(2)
    with django_assert_max_num_queries(40) as small:
        assert client.get(url("decision_list", programme.pk)).status_code == 200
    grow(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("decision_list", programme.pk))
    assert len(response.context["decided"]) == 10
    # Ten proposals on a page, however many the data puts forward.
    assert response.context["proposals"].paginator.count >= 20
    assert len(response.context["proposals"]) == 10
    assert "?voorstellen=2#proposals-heading" in response.text


def test_the_programme_page_counts_the_open_requests_and_links_to_them(login, members, programme):
    request_for(programme)
    request_for(programme)
    decided(programme)
    response = login(members[HR]).get(url("programme_detail", programme.pk))
    assert response.context["open_decisions"] == 2
    assert url("decision_list", programme.pk) in response.text


def test_the_benefit_form_marks_a_key_benefit(login, members, programme_world):
    benefit = programme_world["benefit"]
    data = {
        "title": benefit.title,
        "owner": members[PM].pk,
        "measure": benefit.measure,
        "unit": benefit.unit,
        "baseline": "10",
        "baseline_on": benefit.baseline_on.isoformat(),
        "target": "5",
        "target_date": benefit.target_date.isoformat(),
        "key": "on",
    }
    response = login(members[PM]).post(url("benefit_edit", benefit.pk), data)
    assert response.status_code == 302
    assert Benefit.objects.get(pk=benefit.pk).key


# --- What needs attention -----------------------------------------------------------------------


@pytest.fixture
def fresh_counts():
    cache.clear()


def attention_items(members, role, kind, today=TODAY):
    membership = Membership.objects.get(user=members[role])
    return [item for item in attention.items_for(membership, today) if item.kind == kind]


@pytest.mark.usefixtures("fresh_counts")
def test_directors_decide_now_when_the_meeting_is_within_a_week(members, programme):
    near = request_for(programme, title="Binnenkort", meeting_on=TODAY + datetime.timedelta(7))
    request_for(programme, title="Later", meeting_on=TODAY + datetime.timedelta(8))
    request_for(programme, title="Geweest", meeting_on=TODAY - datetime.timedelta(1))
    request_for(programme, title="Zonder datum")
    decided(programme, title="Besloten", meeting_on=TODAY)

    found = {item.title: item for item in attention_items(members, DIRECTOR, "decision_open")}
    assert set(found) == {"Binnenkort", "Later", "Geweest", "Zonder datum"}
    urgency = {title: item.urgency for title, item in found.items()}
    assert urgency == {
        "Binnenkort": attention.Urgency.NOW,
        "Geweest": attention.Urgency.NOW,
        "Later": attention.Urgency.SOON,
        "Zonder datum": attention.Urgency.SOON,
    }
    assert found["Binnenkort"].url == url("decision_list", programme.pk) + f"#decision-{near.pk}"
    assert attention_items(members, PM, "decision_open") == []
    assert attention_items(members, HR, "decision_open") == []


@pytest.mark.usefixtures("fresh_counts")
def test_the_programme_manager_follows_up_a_meeting_passed_without_an_outcome(members, programme):
    request_for(programme, title="Geweest", meeting_on=TODAY - datetime.timedelta(2))
    request_for(programme, title="Vandaag", meeting_on=TODAY)
    decided(programme, title="Besloten", meeting_on=TODAY - datetime.timedelta(2))
    [item] = attention_items(members, PM, "decision_meeting_passed")
    assert item.title == "Geweest"
    assert item.since == TODAY - datetime.timedelta(2)
    assert attention_items(members, DIRECTOR, "decision_meeting_passed") == []


@pytest.mark.usefixtures("fresh_counts")
def test_the_data_s_proposals_wait_for_the_programme_manager_until_each_is_handled(
    members, programme_world
):
    programme, source = programme_world["programme"], vision_source(programme_world)
    today = timezone.localdate()
    [item] = attention_items(members, PM, "decision_proposals", today)
    assert item.title == programme.name
    assert item.url == url("decision_list", programme.pk) + "#proposals"
    # One line for all of them; its kind counts the decisions.
    assert item.stands_for == len(decisions.proposals(programme)) >= 1
    assert attention_items(members, DIRECTOR, "decision_proposals", today) == []

    decisions.proposal_dismiss(programme=programme, source=source, by=members[PM])
    assert attention_items(members, PM, "decision_proposals", today) == []
