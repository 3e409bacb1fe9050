"""The five interventions in a real Chromium: what the data says beside each status, a
contradiction flagged in words (never by colour alone), and the flag gone as soon as
the status agrees with the data, with axe-core on every state, on desktop and phone."""

import pytest
from playwright.sync_api import expect

from organisations.models import Role
from tests.browser.helpers import assert_not_reloaded, log_in, mark_page, visit
from tests.factories import AdoptionTrackFactory, InitiativeFactory
from transformation.models import InterventionKind, InterventionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def contradicted(programme_world):
    """ "Work programmatically" anchored, while one of the two initiatives has no track."""
    programme = programme_world["programme"]
    AdoptionTrackFactory(initiative=programme_world["initiative"])
    InitiativeFactory(programme=programme)
    intervention = programme.interventions.get(kind=InterventionKind.PROGRAMMATIC)
    intervention.status = InterventionStatus.ANCHORED
    intervention.save()
    return intervention


def test_a_contradiction_is_flagged_and_goes_when_the_status_agrees(
    page, live_server, members, contradicted, accessible
):
    programme_id, prefix = contradicted.programme_id, f"intervention-{contradicted.pk}"
    log_in(page, live_server, members[Role.PROGRAMME_MANAGER].username, landing=False)
    page.set_viewport_size(DESKTOP)
    visit(page, live_server, "transformation:interventions", programme_id)
    row = page.locator(f"#{prefix}")
    flag = row.locator("[data-verdict=contradicts]")
    expect(flag).to_be_visible()
    # In words: the status and the figure, not a colour alone.
    expect(flag).to_contain_text("1")
    expect(flag).to_contain_text("2")
    expect(flag.locator("strong")).not_to_be_empty()
    # The other four each say what the data says, or that it cannot say.
    expect(page.locator("main [data-verdict=contradicts]")).to_have_count(1)
    accessible(page)

    page.set_viewport_size(PHONE)
    expect(flag).to_be_visible()
    accessible(page)
    page.set_viewport_size(DESKTOP)

    # The programme manager sets the status to what the data bears out, in place.
    mark_page(page)
    row.locator("a[hx-get]").click()
    expect(row.locator("form")).to_be_visible()
    row.locator(f"[name={prefix}-status]").select_option(InterventionStatus.IN_PROGRESS)
    row.locator("button[type=submit]").click()
    expect(row.locator("form")).to_have_count(0)
    expect(row.locator("[data-verdict=contradicts]")).to_have_count(0)
    expect(row.locator("[data-verdict=supports]")).to_be_visible()
    assert_not_reloaded(page)
    accessible(page)

    # And back: the flag returns, and the saved message says so.
    row.locator("a[hx-get]").click()
    row.locator(f"[name={prefix}-status]").select_option(InterventionStatus.ANCHORED)
    row.locator("button[type=submit]").click()
    expect(row.locator("[data-verdict=contradicts]")).to_be_visible()
    expect(row.locator("[role=status]")).not_to_be_empty()
    accessible(page)


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.HR_ADVISER], ids=str)
def test_every_role_sees_the_flag_on_the_programme_page_too(
    page, live_server, members, contradicted, role, accessible
):
    log_in(page, live_server, members[role].username, landing=False)
    visit(page, live_server, "transformation:programme_detail", contradicted.programme_id)
    summary = page.locator("section[aria-labelledby=interventions-heading] li")
    expect(summary.filter(has=page.locator("strong"))).to_have_count(1)
    accessible(page)
    visit(page, live_server, "transformation:interventions", contradicted.programme_id)
    expect(page.locator("main [data-verdict=contradicts]")).to_have_count(1)
    accessible(page)
