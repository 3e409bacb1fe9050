"""What needs attention in a real Chromium, per role: an item appears on the dashboard
when the data makes it true, leads to where it is acted on, and is gone once it is
resolved; the header counts the items; axe-core on every dashboard state."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inclusion.models import ActionStatus
from organisations.models import Role
from tests.browser.helpers import log_in, visit
from tests.factories import (
    AdoptionTrackFactory,
    InitiativeFactory,
    ProgrammeFactory,
    SkillsActionFactory,
)
from transformation import services
from transformation.models import RAG, InterventionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ITEMS = "main .mw-attention__item"


def item(page, kind):
    return page.locator(f"{ITEMS}[data-kind='{kind}']")


@pytest.fixture
def programme(voorbeeldstad):
    """A programme whose interventions are under way: a status the data never contradicts,
    so that each test's item is the only one."""
    programme = ProgrammeFactory(organisation=voorbeeldstad)
    programme.interventions.update(status=InterventionStatus.IN_PROGRESS)
    return programme


def test_the_programme_manager_resolves_a_red_initiative(
    page, live_server, members, programme, accessible
):
    initiative = InitiativeFactory(programme=programme, title="Zaakgericht werken")
    AdoptionTrackFactory(initiative=initiative)
    services.initiative_change_status(
        initiative=initiative,
        status=RAG.RED,
        reason="De koppeling werkt niet",
        by=members[Role.PROGRAMME_MANAGER],
    )
    log_in(page, live_server, members[Role.PROGRAMME_MANAGER].username)
    visit(page, live_server, "organisations:dashboard")
    red = item(page, "initiative_red")
    expect(red).to_contain_text("Zaakgericht werken")
    expect(red).to_contain_text("De koppeling werkt niet")
    expect(red).to_contain_text("Nu oppakken")
    # The header counts every item the list holds (the data's proposals among them).
    expect(page.locator(".mw-attention-count__number")).to_have_text(
        str(page.locator(f"{ITEMS}").count())
    )
    accessible(page)

    red.get_by_role("link", name="Zaakgericht werken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zaakgericht werken")
    page.locator("main a[href$='/status/']").first.click()
    page.get_by_label("Groen").check()
    page.locator("main form.mw-form button[type=submit]").click()

    visit(page, live_server, "organisations:dashboard")
    expect(item(page, "initiative_red")).to_have_count(0)
    # Only what is left (the data's other proposals, such as asking for a vision) counts.
    expect(page.locator(".mw-attention-count__number")).to_have_text(
        str(page.locator(f"{ITEMS}").count())
    )
    accessible(page)


def test_the_director_approves_the_vision_waiting_for_approval(
    page, live_server, members, voorbeeldstad, accessible
):
    vision = services.vision_create(
        organisation=voorbeeldstad, title="Visie 2027", by=members[Role.PROGRAMME_MANAGER]
    )
    services.vision_send_to_consultation(vision=vision)
    log_in(page, live_server, members[Role.DIRECTOR].username)
    visit(page, live_server, "organisations:dashboard")
    waiting = item(page, "vision_consultation")
    expect(waiting).to_contain_text("Visie 2027")
    accessible(page)

    waiting.locator(".mw-attention__action").click()
    page.locator("main form.mw-form button[type=submit]").click()
    visit(page, live_server, "organisations:dashboard")
    expect(item(page, "vision_consultation")).to_have_count(0)


def test_the_hr_adviser_sees_planned_actions_past_their_date_until_they_are_done(
    page, live_server, members, voorbeeldstad, accessible
):
    action = SkillsActionFactory(
        organisation=voorbeeldstad,
        status=ActionStatus.PLANNED,
        held_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    log_in(page, live_server, members[Role.HR_ADVISER].username)
    visit(page, live_server, "organisations:dashboard")
    overdue = item(page, "actions_overdue")
    expect(overdue).to_contain_text("1 geplande actie")
    accessible(page)

    # The list it leads to shows the planned actions up to yesterday.
    overdue.get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text("Gepland")

    action.status = ActionStatus.DONE
    action.save()
    visit(page, live_server, "organisations:dashboard")
    expect(item(page, "actions_overdue")).to_have_count(0)
    accessible(page)


def test_the_organisation_admin_applies_retention_that_never_ran(
    page, live_server, members, accessible
):
    log_in(page, live_server, members[Role.ORGANISATION_ADMIN].username)
    visit(page, live_server, "organisations:dashboard")
    quiet = item(page, "retention_quiet")
    expect(quiet).to_be_visible()
    accessible(page)

    quiet.locator(".mw-attention__action").click()
    page.locator("main a[href$='/nu-toepassen/']").first.click()
    page.locator("main form button[type=submit]").click()
    visit(page, live_server, "organisations:dashboard")
    expect(item(page, "retention_quiet")).to_have_count(0)
    accessible(page)


def test_the_header_count_arrives_on_a_page_that_did_not_know_it(
    page, live_server, members, programme, accessible
):
    InitiativeFactory(programme=programme)
    log_in(page, live_server, members[Role.PROGRAMME_MANAGER].username)
    visit(page, live_server, "transformation:overview")
    count = page.locator("#attention-count .mw-attention-count__number")
    # The initiative without an adoption track, and the data's proposal to ask for a vision.
    expect(count).to_have_text("2")
    accessible(page)


def test_the_profile_turns_the_weekly_email_off(page, live_server, members, accessible):
    user = members[Role.DIRECTOR]
    log_in(page, live_server, user.username)
    page.locator(".mw-user a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je profiel")
    accessible(page)
    page.get_by_label("Wekelijkse e-mail over wat aandacht vraagt").uncheck()
    page.locator("main form.mw-form button[type=submit]").click()
    expect(page.locator(".utrecht-alert, .mw-messages").first).to_contain_text("niet meer")
    user.refresh_from_db()
    assert user.weekly_digest is False
    accessible(page)
