"""Decision requests in a real Chromium: the programme manager adopts a proposal of the data
and dismisses another, a director records the outcome; axe-core on every page state.

Elements are found by ids, field names and URLs rather than by translated texts; texts
that come from the data the test makes are asserted as they are.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from organisations.models import Role
from tests.browser.helpers import at, log_in, submit, visit
from transformation import decisions, services
from transformation.models import RAG, DecisionOutcome, DecisionRequest, DismissedProposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOT_EMPTY = re.compile(r"\S")


def path(name, *args):
    return reverse(f"transformation:{name}", args=args)


def proposal_link(page, name, programme, source):
    """The link of one proposal on the list: to adopt it, or not to put it forward."""
    quoted = source.replace(":", "%3A")
    return page.locator(f"#proposals a[href$='{path(name, programme.pk)}?voorstel={quoted}']")


def test_pm_adopts_a_proposal_dismisses_another_and_a_director_decides(
    page, live_server, members, programme_world, accessible
):
    pm, director = members[Role.PROGRAMME_MANAGER], members[Role.DIRECTOR]
    programme, initiative = programme_world["programme"], programme_world["initiative"]
    services.initiative_change_status(
        initiative=initiative, status=RAG.RED, reason="Leverancier failliet", by=pm
    )
    vision = f"vision:{programme_world['consultation'].pk}"
    [red] = [p.source for p in decisions.proposals(programme) if p.source.startswith("red:")]

    # The programme page leads to the list.
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "transformation:programme_detail", programme.pk)
    page.locator(f"main a[href$='{path('decision_list', programme.pk)}']").click()
    expect(page).to_have_url(at(path("decision_list", programme.pk)))
    expect(page.locator("#proposals article")).to_have_count(2)
    accessible(page)

    # Adopt: the form comes filled from the proposal; without a question it is refused.
    proposal_link(page, "decision_create", programme, vision).click()
    expect(page.locator("#id_title")).to_have_value(NOT_EMPTY)
    expect(page.locator("input[name=source]")).to_have_value(vision)
    accessible(page)
    page.locator("#id_question").fill("")
    submit(page)
    expect(page.locator("#id_question_error")).to_be_visible()
    expect(page.locator("#id_question")).to_have_attribute("aria-invalid", "true")
    assert not DecisionRequest.objects.exists()
    accessible(page)

    page.locator("#id_question").fill("Stelt de directie versie 3 van de informatievisie vast?")
    page.locator("#id_advice").fill("Vaststellen: de reacties zijn verwerkt.")
    page.locator("#id_meeting").fill("Directieoverleg")
    page.locator("#id_meeting_on").fill("2026-12-03")
    submit(page)
    decision = DecisionRequest.objects.get()
    expect(page).to_have_url(at(path("decision_list", programme.pk), f"#decision-{decision.pk}"))
    assert (decision.source, decision.prepared_by) == (vision, pm)
    card = page.locator(f"#decision-{decision.pk}")
    expect(card).to_contain_text("Vaststellen: de reacties zijn verwerkt.")
    expect(card.locator(".mw-badge--amber")).to_be_visible()
    expect(proposal_link(page, "decision_create", programme, vision)).to_have_count(0)
    accessible(page)

    # Not put forward: asked first, with a reason.
    proposal_link(page, "proposal_dismiss", programme, red).click()
    expect(page).to_have_url(re.compile(re.escape(path("proposal_dismiss", programme.pk))))
    expect(page.locator("main")).to_contain_text("Leverancier failliet")
    accessible(page)
    page.locator("#id_reason").fill("Loopt al via het MT.")
    submit(page)
    expect(page).to_have_url(at(path("decision_list", programme.pk), "#proposals"))
    expect(page.locator("#proposals article")).to_have_count(0)
    assert DismissedProposal.objects.get().source == red
    accessible(page)

    # The director records the outcome: postponing needs a note.
    page.context.clear_cookies()
    log_in(page, live_server, director.username, landing=False)
    visit(page, live_server, "transformation:decision_list", programme.pk)
    expect(page.locator("#proposals")).to_have_count(0)
    accessible(page)
    outcome = path("decision_outcome", decision.pk)
    page.locator(f"#decision-{decision.pk} a[href$='{outcome}']").click()
    expect(page).to_have_url(at(path("decision_outcome", decision.pk)))
    expect(page.locator("#id_decided_on")).to_have_value(NOT_EMPTY)
    accessible(page)

    page.locator("input[name=outcome][value=postponed]").check()
    submit(page)
    expect(page.locator("#id_outcome_note_error")).to_be_visible()
    decision.refresh_from_db()
    assert decision.is_open
    accessible(page)

    page.locator("#id_outcome_note").fill("Eerst de reacties van de ondernemingsraad.")
    submit(page)
    expect(page).to_have_url(at(path("decision_list", programme.pk), f"#decision-{decision.pk}"))
    decision.refresh_from_db()
    assert (decision.outcome, decision.decided_by) == (DecisionOutcome.POSTPONED, director)
    card = page.locator(f"#decided #decision-{decision.pk}")
    expect(card).to_contain_text("Eerst de reacties van de ondernemingsraad.")
    expect(page.locator(".mw-messages")).to_contain_text(NOT_EMPTY)
    accessible(page)

    # Its own page keeps the history of the request.
    card.locator(f"a[href$='{path('decision_detail', decision.pk)}']").click()
    expect(page.locator(".mw-trail li")).to_have_count(2)
    accessible(page)


def test_the_other_pages_of_a_request_meet_wcag_21_aa(
    page, live_server, members, programme_world, check_accessibility
):
    programme = programme_world["programme"]
    common = {"organisation": programme.organisation, "programme": programme}
    decision = DecisionRequest.objects.create(
        **common,
        title="Budget voor scholing",
        question="Geeft de directie het budget vrij?",
        options="Vrijgeven\nNiet vrijgeven",
        initiative=programme_world["initiative"],
        benefit=programme_world["benefit"],
        meeting="Directieoverleg",
    )
    DecisionRequest.objects.create(
        **common,
        title="Chat in de avond",
        question="Is de chat ook 's avonds open?",
        outcome=DecisionOutcome.POSTPONED,
        decided_on=decision.created_at.date(),
        outcome_note="Na de zomer.",
    )
    visits = {
        Role.PROGRAMME_MANAGER: [
            ("decision_list", programme.pk),
            ("decision_edit", decision.pk),
            ("decision_delete", decision.pk),
            ("decision_create", programme.pk),
        ],
        Role.HR_ADVISER: [("decision_list", programme.pk), ("decision_detail", decision.pk)],
    }
    for role, pages in visits.items():
        page.context.clear_cookies()
        log_in(page, live_server, members[role].username, landing=False)
        for name, pk in pages:
            visit(page, live_server, f"transformation:{name}", pk)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            check_accessibility(page)
