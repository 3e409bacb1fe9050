"""Adoptie in a real Chromium: the four phases, the gate, the phase board, the registers and
the usage import, each role's part, with axe-core on every page state.

Elements are found by ids, field names and URLs; where a translated text has to be compared
it is computed with the Dutch catalogue, which may still be missing some translations.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from adoption.models import (
    AdoptionTrack,
    AwarenessActivity,
    BusinessScenario,
    Champion,
    ChecklistTick,
    Phase,
    PhaseMove,
    PhaseStatus,
    Stakeholder,
    TrainingSession,
    UsageMeasurement,
)
from organisations.models import Role
from tests.browser.helpers import at, log_in, submit, visit
from tests.factories import AdoptionTrackFactory, InitiativeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOT_EMPTY = re.compile(r"\S")
MOVE_FORM = "form[action*='/volgende-fase/']"
# The board's "To phase N": a link to the confirmation (with htmx it opens on the board).
MOVE_LINK = "a[href*='/volgende-fase/']"


# --- Helpers ------------------------------------------------------------------------------------


def path(name, *args):
    """The path of an Adoptie page, as the links and forms on the pages hold it."""
    return reverse(f"adoption:{name}", args=args)


def nl(msgid):
    """The Dutch text of `msgid`, as the pages render it (the msgid while untranslated)."""
    with translation.override("nl"):
        return translation.gettext(msgid)


def figure(page, msgid):
    """The value of one of the adoption figures, found by its (translated) term."""
    term = page.locator("dt", has_text=re.compile(rf"^\s*{re.escape(nl(msgid))}\s*$"))
    return page.locator("#figures .mw-figure").filter(has=term).locator("dd")


def column(page, number):
    return page.locator(f"section[aria-labelledby=column-{number}]")


def card(scope, track):
    """The board card of `track`, in `scope`: the page or one column."""
    return scope.locator(f".mw-board__card:has(a[href$='{path('track_detail', track.pk)}'])")


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def gated_track(adoption_world):
    """A second track of the programme in phase 3, with phases 1 to 3 not done."""
    initiative = InitiativeFactory(
        programme=adoption_world["programme"], title="Roosteren in de cloud"
    )
    return AdoptionTrackFactory(
        initiative=initiative, target_group_size=25, current_phase=Phase.AWARENESS
    )


# --- 1. Programme manager: one initiative through all four phases -------------------------------


def test_programme_manager_runs_an_initiative_through_the_four_phases(
    page, live_server, pm, programme_world, units, accessible
):
    initiative = programme_world["initiative"]
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "transformation:initiative_detail", initiative.pk)
    panel = page.locator("#adoption")
    expect(panel.locator(".mw-panel--amber")).to_have_count(0)
    accessible(page)

    panel.locator(f"form[action$='{path('track_start', initiative.pk)}'] button").click()
    expect(page).to_have_url(re.compile(r"/adoptie/traject/\d+/$"))
    track = AdoptionTrack.objects.get(initiative=initiative)
    assert track.current_phase == Phase.STAKEHOLDERS
    assert track.target_group_size is None
    expect(page.locator(".mw-messages")).to_contain_text(NOT_EMPTY)
    expect(page.locator("ol.mw-phases > li")).to_have_count(4)
    expect(page.locator("ol.mw-phases > li").first).to_have_class(
        re.compile(r"\bmw-phase--current\b")
    )
    expect(figure(page, "Reached by awareness")).to_have_text("—")
    accessible(page)

    # Phase 1: done, with the whole checklist ticked. An end before the start is refused
    # first, and the ticks survive the error.
    page.locator(f"#phase-1 a[href$='{path('phase_edit', track.pk, 1)}']").click()
    expect(page).to_have_url(at(path("phase_edit", track.pk, 1)))
    accessible(page)
    boxes = page.locator("input[name=checklist]")
    expect(boxes).to_have_count(5)
    for box in boxes.all():
        box.check()
    page.locator("#id_status").select_option(PhaseStatus.DONE.value)
    page.locator("#id_end_date").fill(days_ago(1).isoformat())
    submit(page)
    expect(page.locator("#id_end_date_error")).to_be_visible()
    expect(page.locator("#id_end_date")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=checklist]:checked")).to_have_count(5)
    expect(page.locator("#id_status")).to_have_value(PhaseStatus.DONE.value)
    assert not ChecklistTick.objects.filter(track=track).exists()
    accessible(page)

    page.locator("#id_end_date").fill(timezone.localdate().isoformat())
    submit(page)
    expect(page).to_have_url(at(path("track_detail", track.pk), "#phase-1"))
    expect(page.locator("#phase-1 .mw-checklist li.mw-checklist__done")).to_have_count(5)
    assert track.phases.get(phase=1).status == PhaseStatus.DONE
    assert ChecklistTick.objects.filter(track=track, ticked_by=pm).count() == 5
    accessible(page)

    # A stakeholder without an influence is refused at the field; the name stays.
    page.locator(f"#phase-1 a[href$='{path('item_create', track.pk, 'belanghebbende')}']").click()
    expect(page).to_have_url(at(path("item_create", track.pk, "belanghebbende")))
    accessible(page)
    page.locator("#id_name").fill("Directeur Dienstverlening")
    page.locator("#id_interest").select_option("4")
    page.locator("#id_attitude").select_option("critic")
    submit(page)
    expect(page.locator("#id_influence_error")).to_be_visible()
    expect(page.locator("#id_influence")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name")).to_have_value("Directeur Dienstverlening")
    expect(page.locator("#id_interest")).to_have_value("4")
    expect(page.locator("#id_name_error")).to_have_count(0)
    assert not Stakeholder.objects.exists()
    accessible(page)

    page.locator("#id_influence").select_option("5")
    submit(page)
    expect(page).to_have_url(at(path("track_detail", track.pk), "#phase-1"))
    stakeholders = page.locator("#phase-1 table[aria-labelledby=stakeholders-heading] tbody tr")
    expect(stakeholders).to_have_count(1)
    expect(stakeholders.first).to_contain_text("Directeur Dienstverlening")
    stakeholder = Stakeholder.objects.get(track=track)
    assert (stakeholder.influence, stakeholder.interest, stakeholder.attitude) == (5, 4, "critic")
    accessible(page)

    # A champion in one of the initiative's two units: half of them are covered.
    page.locator(f"#phase-1 a[href$='{path('item_create', track.pk, 'champion')}']").click()
    expect(page).to_have_url(at(path("item_create", track.pk, "champion")))
    accessible(page)
    page.locator("#id_name").fill("Sanne de Vries")
    page.locator("#id_unit").select_option(str(units[0].pk))
    page.locator("#id_facilitator").fill("Informatiemanager")
    submit(page)
    expect(page).to_have_url(at(path("track_detail", track.pk), "#phase-1"))
    expect(page.locator("#phase-1 table[aria-labelledby=champions-heading] tbody tr")).to_have_text(
        [re.compile("Sanne de Vries")]
    )
    assert Champion.objects.get(track=track).unit == units[0]
    expect(figure(page, "Champion coverage")).to_have_text("50%")
    accessible(page)

    # On to phase 2: phase 1 is done, so no gate and no reason to give.
    page.locator(f"main a[href$='{path('track_move', track.pk)}']").click()
    expect(page).to_have_url(at(path("track_move", track.pk)))
    expect(page.locator(".mw-gate")).to_have_count(0)
    expect(page.locator("[name=reason]")).to_have_count(0)
    accessible(page)
    submit(page)
    expect(page).to_have_url(at(path("track_detail", track.pk)))
    expect(page.locator("ol.mw-phases > li").nth(1)).to_have_class(
        re.compile(r"\bmw-phase--current\b")
    )
    track.refresh_from_db()
    assert track.current_phase == Phase.SCENARIOS
    assert track.phases.get(phase=2).status == PhaseStatus.ACTIVE
    assert list(PhaseMove.objects.values_list("from_phase", "to_phase", "open_phases")) == [
        (1, 2, [])
    ]
    accessible(page)

    # Phase 2: done, with a business scenario.
    page.locator(f"#phase-2 a[href$='{path('phase_edit', track.pk, 2)}']").click()
    expect(page).to_have_url(at(path("phase_edit", track.pk, 2)))
    accessible(page)
    page.locator("#id_status").select_option(PhaseStatus.DONE.value)
    # The gate counts a phase done with its checklist: tick it all.
    for box in page.locator("input[name=checklist]").all():
        box.check()
    submit(page)
    expect(page).to_have_url(at(path("track_detail", track.pk), "#phase-2"))
    assert track.phases.get(phase=2).status == PhaseStatus.DONE
    accessible(page)

    page.locator(f"#phase-2 a[href$='{path('item_create', track.pk, 'scenario')}']").click()
    expect(page).to_have_url(at(path("item_create", track.pk, "scenario")))
    accessible(page)
    page.locator("#id_title").fill("Samen aan één paspoortdossier")
    page.locator("#id_problem").fill("Versies van dossiers zwerven rond in de mail.")
    page.locator("#id_desired_way").fill("Eén dossier in SharePoint, overleg in Teams.")
    page.locator("#id_applications").fill("Teams voor overleg, SharePoint voor dossiers.")
    submit(page)
    expect(page).to_have_url(at(path("track_detail", track.pk), "#phase-2"))
    expect(page.locator("#phase-2 article.mw-scenario")).to_have_count(1)
    expect(page.locator("#phase-2 article.mw-scenario h3")).to_contain_text(
        "Samen aan één paspoortdossier"
    )
    assert BusinessScenario.objects.filter(track=track).count() == 1
    accessible(page)

    # On to phase 3: its gate asks for phase 2 only, which is done and ticked.
    page.locator(f"main a[href$='{path('track_move', track.pk)}']").click()
    expect(page.locator(".mw-gate")).to_have_count(0)
    accessible(page)
    submit(page)
    expect(page).to_have_url(at(path("track_detail", track.pk)))
    track.refresh_from_db()
    assert track.current_phase == Phase.AWARENESS
    accessible(page)

    # The target group, then an awareness activity that reaches half of it.
    page.locator(f"#figures a[href$='{path('track_edit', track.pk)}']").click()
    expect(page).to_have_url(at(path("track_edit", track.pk)))
    accessible(page)
    page.locator("#id_target_group_size").fill("40")
    submit(page)
    # Back on the track page (at its top: the form's cancel link leads to #figures).
    expect(page).to_have_url(at(path("track_detail", track.pk), "(#figures)?"))
    expect(figure(page, "Target group")).to_have_text("40")
    expect(figure(page, "Reached by awareness")).to_have_text("0%")
    accessible(page)

    page.locator(f"#phase-3 a[href$='{path('item_create', track.pk, 'bewustwording')}']").click()
    expect(page).to_have_url(at(path("item_create", track.pk, "bewustwording")))
    accessible(page)
    page.locator("#id_channel").select_option("team_meeting")
    page.locator("#id_held_on").fill(days_ago(2).isoformat())
    page.locator("input[name=units]").first.check()
    page.locator("#id_reached").fill("20")
    page.locator("#id_message").fill("Nooit meer zoeken naar de laatste versie.")
    submit(page)
    expect(page).to_have_url(at(path("track_detail", track.pk), "#phase-3"))
    expect(page.locator("#phase-3 table tbody tr")).to_have_count(1)
    expect(page.locator("#phase-3 table tbody tr td.mw-number")).to_have_text("20")
    expect(figure(page, "Reached by awareness")).to_have_text("50%")
    assert AwarenessActivity.objects.get(track=track).reached == 20
    accessible(page)

    # On to phase 4 with phase 3 still active: the gate warns and wants a reason.
    page.locator(f"main a[href$='{path('track_move', track.pk)}']").click()
    expect(page).to_have_url(at(path("track_move", track.pk)))
    gate = page.locator(".mw-gate")
    expect(gate).to_be_visible()
    expect(gate).to_have_attribute("role", "alert")
    required = page.locator(".mw-open-phase--required > strong")
    expect(required).to_have_text([re.compile(rf"^\s*3\. {re.escape(nl('Awareness'))}")])
    accessible(page)

    submit(page)
    expect(page.locator("#id_reason_error")).to_be_visible()
    expect(page.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".mw-gate")).to_be_visible()
    track.refresh_from_db()
    assert track.current_phase == Phase.AWARENESS
    assert PhaseMove.objects.filter(track=track).count() == 2
    accessible(page)

    reason = "De leverancier geeft de trainingen alleen in december."
    page.locator("#id_reason").fill(reason)
    submit(page)
    expect(page).to_have_url(at(path("track_detail", track.pk)))
    expect(page.locator("ol.mw-phases > li").nth(3)).to_have_class(
        re.compile(r"\bmw-phase--current\b")
    )
    expect(page.locator("main .mw-panel--amber")).to_contain_text(reason)
    expect(page.locator(f"main a[href$='{path('track_move', track.pk)}']")).to_have_count(0)
    track.refresh_from_db()
    assert track.current_phase == Phase.TRAINING
    move = PhaseMove.objects.filter(track=track).first()
    assert (move.from_phase, move.to_phase, move.open_phases) == (3, 4, [3])
    assert (move.override_reason, move.moved_by) == (reason, pm)
    accessible(page)

    # The initiative shows the override and its reason; the programme's row the phase.
    visit(page, live_server, "transformation:initiative_detail", initiative.pk)
    override = page.locator("#adoption .mw-panel--amber")
    expect(override).to_have_count(1)
    expect(override).to_contain_text(reason)
    expect(override).to_contain_text(nl("Awareness"))
    expect(page.locator(f"#adoption a[href$='{path('track_detail', track.pk)}']")).to_be_visible()
    expect(page.locator("#adoption form[action*='/starten/']")).to_have_count(0)
    accessible(page)

    visit(page, live_server, "transformation:programme_detail", initiative.programme_id)
    row = page.locator("#initiatives tbody tr").filter(has_text=initiative.title)
    expect(row.locator(f"a[href$='{path('track_detail', track.pk)}']")).to_have_text(
        nl("Phase %(number)s") % {"number": 4}
    )
    accessible(page)


# --- 2. The phase board -------------------------------------------------------------------------


def test_board_moves_a_card_in_place_after_the_confirmation(
    page, live_server, pm, adoption_world, gated_track, accessible
):
    track, programme = adoption_world["track"], adoption_world["programme"]
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "adoption:board", programme.pk)
    expect(card(column(page, 1), track)).to_have_count(1)
    expect(card(column(page, 3), gated_track)).to_have_count(1)
    expect(card(column(page, 3), gated_track).locator(".mw-board__gate--closed")).to_be_visible()
    expect(page.locator("#board-status")).to_have_text("")
    expect(page.locator("#without-heading")).to_be_visible()
    accessible(page)

    # Phase 2 has no gate: confirmed above the columns, the card moves in place.
    page.evaluate("window.__marker = 'board'")
    card(page, track).locator(MOVE_LINK).click()
    confirm = page.locator("#board-confirm")
    expect(confirm.locator(".mw-gate")).to_have_count(0)
    confirm.locator("button[type=submit]").click()
    expect(card(column(page, 2), track)).to_have_count(1)
    expect(column(page, 1).locator(".mw-board__card")).to_have_count(0)
    expect(page.locator("#board-status")).to_contain_text(track.initiative.title)
    assert page.evaluate("window.__marker") == "board", "the board was reloaded"
    # Only the board was swapped, not a whole page nested inside this one.
    expect(page.locator("main")).to_have_count(1)
    expect(page.locator("h1")).to_have_count(1)
    expect(page).to_have_url(at(path("board", programme.pk)))
    track.refresh_from_db()
    assert track.current_phase == Phase.SCENARIOS
    accessible(page)

    # Phase 4's gate is closed: the confirmation names the three phases and wants a reason.
    card(page, gated_track).locator(MOVE_LINK).click()
    expect(confirm.locator(".mw-gate")).to_be_visible()
    expect(confirm.locator(".mw-gate")).to_have_attribute("role", "alert")
    expect(confirm.locator(".mw-open-phase--required")).to_have_count(3)
    confirm.locator("#id_reason").fill("De raad wil de training voor de zomer.")
    confirm.locator("button[type=submit]").click()
    moved = card(column(page, 4), gated_track)
    expect(moved).to_have_count(1)
    expect(moved.locator(".mw-badge--amber")).to_be_visible()
    expect(moved.locator(MOVE_LINK)).to_have_count(0)
    assert page.evaluate("window.__marker") == "board"
    gated_track.refresh_from_db()
    assert gated_track.current_phase == Phase.TRAINING
    assert PhaseMove.objects.get(track=gated_track).open_phases == [1, 2, 3]
    accessible(page)


def test_board_move_works_without_javascript(
    browser, page, live_server, pm, adoption_world, accessible
):
    track, programme = adoption_world["track"], adoption_world["programme"]
    board = path("board", programme.pk)
    context = browser.new_context(java_script_enabled=False)
    try:
        no_js = context.new_page()
        log_in(no_js, live_server, pm.username, landing=False)
        visit(no_js, live_server, "adoption:board", programme.pk)
        assert no_js.evaluate("typeof window.htmx") == "undefined", "JavaScript is off"
        expect(card(column(no_js, 1), track)).to_have_count(1)
        card(no_js, track).locator(MOVE_LINK).click()
        expect(no_js).to_have_url(at(path("track_move", track.pk), r"\?from=board"))
        no_js.locator("main form button[type=submit]").click()
        expect(no_js).to_have_url(re.compile(re.escape(board) + r"\?stap=\d+$"))
        expect(card(column(no_js, 2), track)).to_have_count(1)
        expect(column(no_js, 1).locator(".mw-board__card")).to_have_count(0)
        expect(no_js.locator(".mw-messages")).to_contain_text(track.initiative.title)
        track.refresh_from_db()
        assert track.current_phase == Phase.SCENARIOS
        # The step can be undone from the board, by a plain form too.
        no_js.locator("#board-status button[type=submit]").click()
        expect(no_js).to_have_url(at(board))
        expect(card(column(no_js, 1), track)).to_have_count(1)
        track.refresh_from_db()
        assert track.current_phase == Phase.STAKEHOLDERS
    finally:
        context.close()

    # axe-core does not run without JavaScript: check the same board in the normal browser.
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "adoption:board", programme.pk)
    expect(card(column(page, 1), track)).to_have_count(1)
    accessible(page)


# --- 3. HR adviser: training sessions -----------------------------------------------------------


def test_hr_adviser_adds_a_training_session(page, live_server, members, adoption_world, accessible):
    track = adoption_world["track"]
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)
    visit(page, live_server, "adoption:track_detail", track.pk)
    add_training = page.locator(f"main a[href$='{path('item_create', track.pk, 'training')}']")
    expect(add_training).to_have_count(1)
    expect(page.locator("main a[href$='/belanghebbende/nieuw/']")).to_have_count(0)
    expect(page.locator("main a[href*='/volgende-fase/']")).to_have_count(0)
    expect(page.locator("main a[href*='/fase/']")).to_have_count(0)
    expect(page.locator("#phase-4 table tbody tr")).to_have_count(1)
    accessible(page)

    add_training.click()
    expect(page).to_have_url(at(path("item_create", track.pk, "training")))
    accessible(page)
    title = "Samenwerken in Teams voor Burgerzaken"
    page.locator("#id_title").fill(title)
    page.locator("#id_channel").select_option("classroom")
    page.locator("#id_held_on").fill(days_ago(3).isoformat())
    page.locator("#id_trainer").fill("Fatima el Amrani")
    page.locator("#id_capacity").fill("12")
    page.locator("#id_attendance").fill("15")
    submit(page)
    expect(page.locator("#id_attendance_error")).to_be_visible()
    expect(page.locator("#id_attendance")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_title")).to_have_value(title)
    expect(page.locator("#id_capacity")).to_have_value("12")
    assert TrainingSession.objects.filter(track=track).count() == 1
    accessible(page)

    page.locator("#id_attendance").fill("11")
    submit(page)
    expect(page).to_have_url(at(path("track_detail", track.pk), "#phase-4"))
    rows = page.locator("#phase-4 table tbody tr")
    expect(rows).to_have_count(2)
    row = rows.filter(has_text=title)
    expect(row).to_contain_text("Fatima el Amrani")
    expect(row.locator("td.mw-number")).to_have_text(re.compile(r"^\s*11 / 12\s*$"))
    session = TrainingSession.objects.get(track=track, title=title)
    assert (session.attendance, session.capacity) == (11, 12)
    accessible(page)


# --- 4. Programme manager: usage from a CSV file ------------------------------------------------


def csv_file(text):
    return {"name": "gebruik.csv", "mimeType": "text/csv", "buffer": text.encode()}


def test_usage_import_refuses_a_file_with_a_bad_row_and_imports_a_good_one(
    page, live_server, pm, adoption_world, accessible
):
    track = adoption_world["track"]
    usage_rows = page.locator("#figures details table tbody tr")
    curve = page.locator("#figures svg[role=img]")
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "adoption:track_detail", track.pk)
    expect(usage_rows).to_have_count(1)
    curve_before = curve.locator("desc").text_content()
    accessible(page)

    page.locator(f"#figures a[href$='{path('usage_import', track.pk)}']").click()
    expect(page).to_have_url(at(path("usage_import", track.pk)))
    accessible(page)
    bad = "\n".join(
        [
            "Datum;Actieve gebruikers",
            f"{days_ago(30):%d-%m-%Y};14",
            f"{days_ago(29):%d-%m-%Y};twaalf",
            f"{days_ago(28):%d-%m-%Y};16",
        ]
    )
    page.locator("input[name=file]").set_input_files(csv_file(bad))
    submit(page)
    errors = page.locator("#import-errors")
    expect(errors).to_be_visible()
    expect(errors).to_have_attribute("role", "alert")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr td").first).to_have_text("3")
    expect(errors.locator("tbody tr")).to_contain_text("twaalf")
    assert UsageMeasurement.objects.filter(track=track).count() == 1
    accessible(page)

    visit(page, live_server, "adoption:track_detail", track.pk)
    page.locator("#figures details summary").click()
    expect(usage_rows).to_have_count(1)
    expect(usage_rows.first.locator("td.mw-number")).to_have_text("12")
    expect(curve.locator("desc")).to_have_text(curve_before)
    accessible(page)

    # Microsoft 365's export of active users: the Office 365 column counts.
    first, latest = days_ago(14), days_ago(7)
    good = "\n".join(
        [
            "Report Refresh Date,Office 365,Exchange,OneDrive,SharePoint,Skype For Business,"
            "Yammer,Teams,Report Date,Report Period",
            f"{days_ago(1)},25,20,14,12,0,0,22,{first},7",
            f"{days_ago(1)},30,24,16,15,0,0,27,{latest},7",
        ]
    )
    page.locator(f"#figures a[href$='{path('usage_import', track.pk)}']").click()
    page.locator("input[name=file]").set_input_files(csv_file(good))
    submit(page)
    expect(page).to_have_url(at(path("track_detail", track.pk), "#figures"))
    # The fixture's measurement of 2 March 2026 stays beside the two imported ones.
    expected = sorted([(datetime.date(2026, 3, 2), 12), (first, 25), (latest, 30)])
    measured = UsageMeasurement.objects.filter(track=track)
    assert sorted(measured.values_list("measured_on", "active_users")) == expected
    expect(usage_rows).to_have_count(3)
    expect(usage_rows.locator("td.mw-number")).to_have_text([str(n) for _, n in expected])
    with translation.override("nl"):
        latest_on = formats.date_format(latest)
    expect(curve.locator("desc")).not_to_have_text(curve_before)
    expect(curve.locator("desc")).to_contain_text(re.compile(rf"\b30\b.*{re.escape(latest_on)}"))
    # The latest count of a target group of 40.
    expect(figure(page, "Active users")).to_have_text("75%")
    page.locator("#figures details summary").click()
    accessible(page)


# --- 5. Director: reads, does not change ------------------------------------------------------


def test_director_sees_the_board_and_the_track_without_anything_to_change(
    page, live_server, members, adoption_world, accessible
):
    track, programme = adoption_world["track"], adoption_world["programme"]
    log_in(page, live_server, members[Role.DIRECTOR].username, landing=False)
    visit(page, live_server, "adoption:board", programme.pk)
    expect(card(column(page, 1), track)).to_have_count(1)
    expect(page.locator(f"main {MOVE_FORM}")).to_have_count(0)
    expect(page.locator(f"main {MOVE_LINK}")).to_have_count(0)
    expect(page.locator("main button")).to_have_count(0)
    accessible(page)

    card(page, track).locator(f"a[href$='{path('track_detail', track.pk)}']").click()
    expect(page).to_have_url(at(path("track_detail", track.pk)))
    expect(page.locator("#phase-1 table tbody tr").first).to_contain_text("Afdelingshoofd")
    for selector in (
        MOVE_FORM,
        "a[href*='/volgende-fase/']",
        "a[href*='/bewerken/']",
        "a[href*='/nieuw/']",
        "a[href*='/fase/']",
        "a[href$='/doelgroep/']",
        "a[href$='/gebruik-importeren/']",
    ):
        expect(page.locator(f"main {selector}")).to_have_count(0)
    accessible(page)

    # Nor can a director start a track from the initiative page.
    draft = adoption_world["draft_initiative"]
    visit(page, live_server, "transformation:initiative_detail", draft.pk)
    expect(page.locator("#adoption")).to_be_visible()
    expect(page.locator("#adoption form")).to_have_count(0)
    accessible(page)
