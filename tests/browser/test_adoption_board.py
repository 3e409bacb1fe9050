"""The phase board as a steering instrument, in a real Chromium: every initiative on it,
starting a track, a move confirmed in the card with the open items named, undoing it,
a director confirming an override, derived checklist items, the settings page, and
the board's layout at 1366 and 390 pixels wide, with axe-core on each state."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from adoption.models import AdoptionTrack, ChecklistItem, ChecklistTick, Phase, PhaseMove
from organisations.models import Role
from tests.browser.helpers import at, log_in, submit, visit
from tests.factories import AdoptionTrackFactory, InitiativeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set SHOTS=/tmp/shots-adoption to keep the layout screenshots for a look.
SHOTS = os.environ.get("SHOTS")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def shot(page, name):
    """A full-page screenshot to look at, when SHOTS names a folder (never in the repo)."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def path(name, *args):
    return reverse(f"adoption:{name}", args=args)


# What the confirmation says only when the earlier phases are done (status and checklist).
DONE_TEXT = (
    "The earlier phases are done: their status and their whole checklist. "
    "The next phase starts today."
)


def nl(msgid):
    with translation.override("nl"):
        return translation.gettext(msgid)


def column(page, number):
    return page.locator(f"section[aria-labelledby=column-{number}]")


def card(scope, track):
    return scope.locator(f".mw-board__card:has(a[href$='{path('track_detail', track.pk)}'])")


@pytest.fixture
def busy_board(adoption_world):
    """The world's programme with a track in each phase, long titles and an amber status."""
    programme = adoption_world["programme"]
    for number, title in enumerate(
        [
            "Zaakgericht werken met het nieuwe zaaksysteem voor Vergunningen",
            "Digitaal samenwerken met de buurgemeenten in één omgeving",
            "Roosteren in de cloud voor de buitendienst",
            "Mobiel werken in de wijk met tablets en de meldingen-app",
        ],
        start=1,
    ):
        initiative = InitiativeFactory(
            programme=programme,
            title=title,
            status="amber",
            status_reason="De leverancier levert later dan afgesproken.",
        )
        track = AdoptionTrackFactory(initiative=initiative, current_phase=number)
    # The last one went on past the gate and waits for a director: the longest badge.
    PhaseMove.objects.create(
        track=track,
        from_phase=3,
        to_phase=4,
        open_phases=[1, 2, 3],
        override_reason="De leverancier geeft de cursus alleen deze maand.",
    )
    return adoption_world


def test_the_board_fits_at_1366_and_scrolls_in_its_own_frame_at_390(
    page, live_server, pm, busy_board, accessible, viewport
):
    programme = busy_board["programme"]
    log_in(page, live_server, pm.username, landing=False)
    viewport(DESKTOP)
    visit(page, live_server, "adoption:board", programme.pk)
    frame = page.locator(".mw-board-wrap")
    box = frame.bounding_box()
    training = column(page, 4).bounding_box()
    assert training["x"] >= box["x"] - 0.5
    assert training["x"] + training["width"] <= box["x"] + box["width"] + 0.5
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert frame.evaluate("el => el.scrollWidth <= el.clientWidth")
    # No card is wider than its column (a long badge or word wraps inside it).
    assert page.locator(".mw-board__column .mw-board__card").evaluate_all(
        """cards => cards.every(card => {
            const column = card.closest('.mw-board__column').getBoundingClientRect();
            return card.getBoundingClientRect().right <= column.right + 0.5;
        })"""
    )
    shot(page, "board-1366")
    accessible(page)

    viewport(PHONE)
    visit(page, live_server, "adoption:board", programme.pk)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(frame).to_have_attribute("role", "region")
    expect(frame).to_have_attribute("tabindex", "0")
    expect(frame).to_have_attribute("aria-label", re.compile(r"\S"))
    # The frame scrolls sideways instead of the page.
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth")
    frame.focus()
    page.keyboard.press("ArrowRight")
    shot(page, "board-390")
    accessible(page)


def test_a_full_column_opens_on_a_page_of_its_own(
    page, live_server, pm, adoption_world, accessible, viewport
):
    """Eleven tracks in phase 1: the board shows eight and links to all of them; the
    column's own page shows them side by side, and leads back to the whole board."""
    from adoption.views import BOARD_CARDS

    programme = adoption_world["programme"]
    for n in range(10):
        AdoptionTrackFactory(
            initiative=InitiativeFactory(programme=programme, title=f"Digitaal loket {n:02d}"),
            current_phase=1,
        )
    with translation.override("nl"):
        all_of_them = translation.ngettext(
            "All %(counter)s initiative in phase %(number)s",
            "All %(counter)s initiatives in phase %(number)s",
            11,
        ) % {"counter": 11, "number": 1}
    log_in(page, live_server, pm.username, landing=False)
    for size, name in ((DESKTOP, "1366"), (PHONE, "390")):
        viewport(size)
        visit(page, live_server, "adoption:board", programme.pk)
        expect(column(page, 1).locator(".mw-board__card")).to_have_count(BOARD_CARDS)
        column(page, 1).get_by_role("link", name=all_of_them).click()
        expect(page).to_have_url(re.compile(r"\?fase=1$"))
        expect(page.locator(".mw-board__card")).to_have_count(11)
        # Measured once the page and its fonts have loaded: the page's width, not that of
        # a moment in between (a CI run once read 1374 here; it did not come back).
        page.wait_for_load_state("load")
        width = page.evaluate(
            "document.fonts.ready.then(() => document.documentElement.scrollWidth)"
        )
        assert width <= size["width"]
        shot(page, f"board-column-{name}")
        accessible(page)
        page.get_by_role("link", name=nl("Back to the whole board")).click()
        expect(column(page, 4)).to_be_visible()


def test_a_track_starts_from_the_board(page, live_server, pm, adoption_world, accessible):
    programme, without = adoption_world["programme"], adoption_world["draft_initiative"]
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "adoption:board", programme.pk)
    waiting = page.locator(".mw-board__without .mw-board__card").filter(has_text=without.title)
    expect(waiting).to_have_count(1)
    accessible(page)
    waiting.locator("button[type=submit]").click()
    expect(page.locator("#board-status")).to_contain_text(without.title)
    track = AdoptionTrack.objects.get(initiative=without)
    expect(card(column(page, 1), track)).to_have_count(1)
    expect(page.locator(".mw-board__without")).to_have_count(0)
    expect(page).to_have_url(at(path("board", programme.pk)))
    accessible(page)


def test_a_move_names_the_open_items_and_can_be_undone(
    page, live_server, pm, adoption_world, accessible, viewport
):
    viewport(DESKTOP)
    track, programme = adoption_world["track"], adoption_world["programme"]
    items = list(
        ChecklistItem.objects.for_organisation(track.organisation).filter(phase=1, derived_from="")
    )
    for item in items[:2]:
        ChecklistTick.objects.create(track=track, item=item)
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "adoption:board", programme.pk)
    page.evaluate("window.__marker = 'board'")
    ours = card(page, track)
    # Three items by hand and the champion coverage (half the units) are open.
    expect(ours.locator(".mw-board__open li")).to_have_count(3)
    expect(ours.locator(".mw-board__gate--open")).to_be_visible()

    ours.locator(f"a[href*='{path('track_move', track.pk)}']").click()
    confirm = page.locator(f"#board-confirm #confirm-{track.pk}")
    expect(confirm).to_be_visible()
    expect(confirm.locator(".mw-confirm__title")).to_be_focused()
    expect(confirm.locator(".mw-open-phase")).to_have_count(1)
    expect(confirm.locator(".mw-open-items li")).to_have_count(3)
    # The page is Dutch, whatever language this process last spoke.
    for item in items[2:]:
        expect(confirm).to_contain_text(item.text)
    expect(confirm).not_to_contain_text(nl(DONE_TEXT))
    shot(page, "board-confirm-1366")
    accessible(page)

    confirm.locator("button[type=submit]").click()
    expect(card(column(page, 2), track)).to_have_count(1)
    status = page.locator("#board-status")
    expect(status).to_contain_text(track.initiative.title)
    assert page.evaluate("window.__marker") == "board", "the board was reloaded"
    expect(page.locator("h1")).to_have_count(1)
    track.refresh_from_db()
    assert track.current_phase == Phase.SCENARIOS
    accessible(page)

    status.locator("button[type=submit]").click()
    expect(card(column(page, 1), track)).to_have_count(1)
    expect(status).to_contain_text(track.initiative.title)
    expect(status.locator("button")).to_have_count(0)
    assert page.evaluate("window.__marker") == "board"
    track.refresh_from_db()
    assert track.current_phase == Phase.STAKEHOLDERS
    undo = PhaseMove.objects.get(track=track, undoes__isnull=False)
    assert (undo.from_phase, undo.to_phase, undo.moved_by) == (2, 1, pm)
    accessible(page)

    # The track's history says who went where, and that the step was undone.
    visit(page, live_server, "adoption:track_detail", track.pk)
    history = page.locator("#moves li")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text(pm.get_full_name() or pm.username)
    accessible(page)


def test_a_closed_gate_asks_for_a_reason_on_the_board(
    page, live_server, pm, adoption_world, accessible, viewport
):
    viewport(DESKTOP)
    track, programme = adoption_world["track"], adoption_world["programme"]
    AdoptionTrack.objects.filter(pk=track.pk).update(current_phase=3)
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "adoption:board", programme.pk)
    ours = card(page, track)
    expect(ours.locator(".mw-board__gate--closed")).to_be_visible()
    ours.locator(f"a[href*='{path('track_move', track.pk)}']").click()
    confirm = page.locator(f"#board-confirm #confirm-{track.pk}")
    expect(confirm.locator(".mw-gate")).to_be_visible()
    expect(confirm.locator(".mw-open-phase--required")).to_have_count(3)
    confirm.locator("button[type=submit]").click()
    expect(confirm.locator("#id_reason_error")).to_be_visible()
    expect(confirm.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
    shot(page, "board-gate-error-1366")
    accessible(page)
    # On a phone the confirmation fits the page's width too.
    viewport(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "board-gate-error-390")
    viewport(DESKTOP)
    confirm.locator("#id_reason").fill("De raad wil de training voor de zomer.")
    confirm.locator("button[type=submit]").click()
    moved = card(column(page, 4), track)
    expect(moved).to_have_count(1)
    expect(moved.locator(".mw-badge--amber")).to_be_visible()
    move = PhaseMove.objects.get(track=track)
    assert move.open_phases == [1, 2, 3] and len(move.open_items) > 0
    accessible(page)


def test_a_director_confirms_an_override(page, live_server, members, adoption_world, accessible):
    from adoption import services

    track = adoption_world["track"]
    AdoptionTrack.objects.filter(pk=track.pk).update(current_phase=3)
    track.refresh_from_db()
    move = services.track_move(
        track=track, by=members[Role.PROGRAMME_MANAGER], override_reason="Alleen nu"
    )
    director = members[Role.DIRECTOR]
    log_in(page, live_server, director.username, landing=False)
    visit(page, live_server, "transformation:initiative_detail", track.initiative_id)
    panel = page.locator("#adoption .mw-panel--amber")
    expect(panel).to_contain_text("Alleen nu")
    expect(panel.locator(".mw-open-items li").first).to_be_visible()
    accessible(page)
    panel.locator(f"form[action$='{path('move_confirm', move.pk)}'] button").click()
    expect(page).to_have_url(re.compile(r"#adoption$"))
    expect(page.locator("#adoption .mw-panel--amber form")).to_have_count(0)
    move.refresh_from_db()
    assert move.confirmed_by == director
    accessible(page)


def test_a_derived_item_shows_what_the_data_says(page, live_server, pm, adoption_world, accessible):
    track = adoption_world["track"]
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "adoption:track_detail", track.pk)
    expect(page.locator("#phase-1 .mw-checklist__data")).to_have_text(
        nl("according to the data: no")
    )
    expect(page.locator("#phase-3 .mw-checklist__data")).to_have_text(
        nl("according to the data: yes")
    )
    accessible(page)


def test_the_admin_keeps_the_checklist(
    page, live_server, members, voorbeeldstad, accessible, viewport
):
    viewport(DESKTOP)
    log_in(page, live_server, members[Role.ORGANISATION_ADMIN].username, landing=False)
    visit(page, live_server, "adoption:overview")
    page.locator(f"main a[href$='{path('checklist')}']").click()
    expect(page).to_have_url(at(path("checklist")))
    expect(page.locator("#phase-1 tbody tr")).to_have_count(5)
    shot(page, "checklist-1366")
    accessible(page)
    page.locator(f"#phase-2 a[href$='{path('checklist_create')}?fase=2']").click()
    expect(page.locator("#id_phase")).to_have_value("2")
    page.locator("#id_text").fill("De scenario's zijn getest met medewerkers")
    page.locator("#id_derived_from").select_option("training_attendance")
    submit(page)
    expect(page.locator("#id_derived_from_error")).to_be_visible()
    expect(page.locator("#id_derived_from")).to_have_attribute("aria-invalid", "true")
    accessible(page)
    page.locator("#id_derived_from").select_option("")
    submit(page)
    expect(page).to_have_url(at(path("checklist"), "#phase-2"))
    expect(page.locator("#phase-2 tbody tr")).to_have_count(6)
    accessible(page)
