"""Adoptie as a steering instrument: the gate knows the checklist and the data, a move
can be undone, a director confirms an override, the board shows what blocks each
initiative, and the organisation admin keeps the checklist."""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from adoption import services
from adoption.models import (
    AdoptionTrack,
    BusinessScenario,
    Champion,
    ChecklistItem,
    ChecklistTick,
    Derivation,
    PhaseMove,
    PhaseStatus,
    TrainingSession,
)
from organisations.models import Role
from tests.factories import AdoptionTrackFactory, InitiativeFactory, OrganisationUnitFactory
from tests.helpers import HTMX, urls_of

pytestmark = pytest.mark.django_db

PM, DIRECTOR, HR, ADMIN = (
    Role.PROGRAMME_MANAGER,
    Role.DIRECTOR,
    Role.HR_ADVISER,
    Role.ORGANISATION_ADMIN,
)
url = urls_of("adoption")
# A day after the world's sessions (2 March 2026), so "held in the past" does not hang on today.
DAY = datetime.datetime(2026, 4, 1, 12, tzinfo=datetime.UTC)


def items_of(track, phase):
    return list(ChecklistItem.objects.for_organisation(track.organisation).filter(phase=phase))


def finish(track, *numbers, leave=()):
    """Phases done with their checklist ticked, except the items in `leave`."""
    for number in numbers:
        track.phases.filter(phase=number).update(status=PhaseStatus.DONE)
        for item in items_of(track, number):
            if item not in leave:
                ChecklistTick.objects.get_or_create(track=track, item=item)


def fresh(track):
    return AdoptionTrack.objects.for_gate().get(pk=track.pk)


# What the confirmation says only when the earlier phases are done (status and checklist).
DONE_TEXT = (
    "The earlier phases are done: their status and their whole checklist. "
    "The next phase starts today."
)


def nl(msgid):
    with translation.override("nl"):
        return translation.gettext(msgid)


# --- The gate knows the checklist -----------------------------------------------------------------


def test_a_phase_set_to_done_with_an_unticked_item_keeps_the_gate_closed(members, adoption_world):
    track = adoption_world["track"]
    manual = next(i for i in items_of(track, 3) if not i.derived_from)
    finish(track, 1, 2, 3, leave=[manual])
    AdoptionTrack.objects.filter(pk=track.pk).update(current_phase=3)
    track = fresh(track)
    assert track.gate(4) == [3]
    assert track.open_items(track.checklist, 3) == [manual]
    with pytest.raises(services.GateClosed) as closed:
        services.track_move(track=track, by=members[PM])
    assert closed.value.open_phases == [3]
    assert [i["id"] for i in closed.value.open_items] == [manual.pk]


def test_the_override_records_the_open_items_it_skipped(members, adoption_world):
    track = adoption_world["track"]
    manual = next(i for i in items_of(track, 3) if not i.derived_from)
    finish(track, 1, 2, 3, leave=[manual])
    AdoptionTrack.objects.filter(pk=track.pk).update(current_phase=3)
    manual.text_en = "Users know where to find help"
    manual.save()
    # Moved by someone working in English: each reader still reads the item in their own.
    with translation.override("en"):
        move = services.track_move(track=track, by=members[PM], override_reason="Nu of nooit")
    assert move.open_phases == [3]
    assert move.open_items == [
        {"id": manual.pk, "phase": 3, "text": manual.text, "text_en": manual.text_en}
    ]
    assert move.is_override and move.awaits_confirmation
    with translation.override("nl"):
        assert move.open_item_texts == [manual.text]
    with translation.override("en"):
        assert move.open_item_texts == ["Users know where to find help"]


def test_the_migration_gives_earlier_overrides_their_items_in_both_languages(
    members, adoption_world
):
    track = adoption_world["track"]
    english, unchanged, changed, removed = [
        i for i in items_of(track, 3) + items_of(track, 2) if not i.derived_from
    ][:4]
    for item, text_en in ((english, "Users know where to find help"), (unchanged, "")):
        item.text_en = text_en
        item.save()
    # Recorded before both texts were kept: one text, in the mover's language.
    old = [
        {"id": english.pk, "phase": english.phase, "text": english.text_en},
        {"id": unchanged.pk, "phase": unchanged.phase, "text": unchanged.text},
        {"id": changed.pk, "phase": changed.phase, "text": "Zoals het toen heette"},
        {"id": removed.pk, "phase": removed.phase, "text": "Verwijderd punt"},
    ]
    move = PhaseMove.objects.create(
        track=track,
        from_phase=2,
        to_phase=3,
        open_phases=[2, 3],
        open_items=old,
        override_reason="Nu of nooit",
        moved_by=members[PM],
    )
    removed.delete()
    migration = importlib.import_module("adoption.migrations.0003_override_items_in_both_languages")
    migration.both_languages(apps, None)
    move.refresh_from_db()
    assert move.open_items == [
        {
            "id": english.pk,
            "phase": english.phase,
            "text": english.text,
            "text_en": english.text_en,
        },
        {"id": unchanged.pk, "phase": unchanged.phase, "text": unchanged.text, "text_en": ""},
        old[2],
        old[3],
    ]
    with translation.override("nl"):
        assert move.open_item_texts[0] == english.text
    with translation.override("en"):
        assert move.open_item_texts[0] == "Users know where to find help"


def test_the_gate_opens_when_status_and_checklist_are_done(members, adoption_world):
    track = adoption_world["track"]
    finish(track, 1, 2, 3)
    AdoptionTrack.objects.filter(pk=track.pk).update(current_phase=3)
    move = services.track_move(track=track, by=members[PM])
    assert (move.open_phases, move.open_items, move.is_override) == ([], [], False)


def test_the_gate_status_alone_is_not_enough(adoption_world):
    track = adoption_world["track"]
    finish(track, 1)
    ChecklistTick.objects.filter(track=track).delete()
    assert fresh(track).gate(4) == [1, 2, 3]


# --- Derived checklist items --------------------------------------------------------------------


def derived(track, derivation):
    return ChecklistItem.objects.get(organisation=track.organisation, derived_from=derivation)


def test_the_default_checklist_judges_four_items_from_the_data(adoption_world):
    track = adoption_world["track"]
    assert {i.phase: i.derived_from for i in ChecklistItem.objects.exclude(derived_from="")} == {
        1: Derivation.CHAMPION_COVERAGE,
        2: Derivation.SCENARIO_CONTRIBUTORS,
        3: Derivation.AWARENESS_MESSAGES,
        4: Derivation.TRAINING_ATTENDANCE,
    }
    assert (
        ChecklistItem.objects.filter(organisation=track.organisation)
        .exclude(derived_from="")
        .count()
        == 4
    )


def test_the_migration_gives_existing_organisations_the_derived_defaults(adoption_world):
    ChecklistItem.objects.update(derived_from="")
    migration = importlib.import_module("adoption.migrations.0002_gate_knows_the_data")
    migration.derive_the_defaults(apps, None)
    assert ChecklistItem.objects.exclude(derived_from="").count() == 4 * 1


@time_machine.travel(DAY, tick=False)
def test_each_derivation_reads_its_register(adoption_world, units):
    track = adoption_world["track"]
    # The world: a champion in one of the initiative's two units, a scenario without
    # contributors, one awareness activity with a message, one training with attendance.
    judged = fresh(track)
    assert judged.judgement(Derivation.CHAMPION_COVERAGE) is False
    assert judged.judgement(Derivation.SCENARIO_CONTRIBUTORS) is False
    assert judged.judgement(Derivation.AWARENESS_MESSAGES) is True
    assert judged.judgement(Derivation.TRAINING_ATTENDANCE) is True

    Champion.objects.create(
        organisation=track.organisation, track=track, name="Piet", unit=units[1]
    )
    BusinessScenario.objects.filter(track=track).update(written_with="Jan\nFatima")
    TrainingSession.objects.create(
        organisation=track.organisation,
        track=track,
        title="Nog niet geteld",
        channel="classroom",
        held_on=datetime.date(2026, 3, 20),
        trainer="X",
    )
    # A session still to come does not need its attendance yet.
    TrainingSession.objects.create(
        organisation=track.organisation,
        track=track,
        title="Later",
        channel="video",
        held_on=datetime.date(2026, 5, 1),
        trainer="X",
    )
    judged = fresh(track)
    assert judged.judgement(Derivation.CHAMPION_COVERAGE) is True
    assert judged.judgement(Derivation.SCENARIO_CONTRIBUTORS) is True
    assert judged.judgement(Derivation.TRAINING_ATTENDANCE) is False
    TrainingSession.objects.filter(title="Nog niet geteld").update(attendance=4)
    assert fresh(track).judgement(Derivation.TRAINING_ATTENDANCE) is True


def test_no_data_is_no(adoption_world):
    other = AdoptionTrackFactory(
        initiative=InitiativeFactory(programme=adoption_world["programme"])
    )
    judged = fresh(other)
    assert [judged.judgement(d) for d in Derivation] == [False] * 4


def test_a_derived_item_the_data_confirms_needs_no_tick(adoption_world, units):
    track = adoption_world["track"]
    coverage = derived(track, Derivation.CHAMPION_COVERAGE)
    finish(track, 1, leave=[coverage])
    assert fresh(track).gate(4) == [1, 2, 3]
    assert fresh(track).open_items(fresh(track).checklist, 1) == [coverage]
    Champion.objects.create(
        organisation=track.organisation, track=track, name="Piet", unit=units[1]
    )
    judged = fresh(track)
    assert judged.open_items(judged.checklist, 1) == []
    assert judged.phase_done(1)


def test_a_tick_the_data_contradicts_counts_but_is_shown(login, members, adoption_world):
    track = adoption_world["track"]
    coverage = derived(track, Derivation.CHAMPION_COVERAGE)
    finish(track, 1)
    judged = fresh(track)
    state = judged.item_state(coverage)
    assert (state.ticked, state.data, state.satisfied, state.contradicted) == (
        True,
        False,
        True,
        True,
    )
    assert judged.phase_done(1)
    page = login(members[DIRECTOR]).get(url("track_detail", track.pk))
    assert nl("ticked, but according to the data not") in page.text


def test_the_track_and_the_phase_form_say_what_the_data_says(login, members, adoption_world):
    track = adoption_world["track"]
    client = login(members[PM])
    detail = client.get(url("track_detail", track.pk)).text
    assert nl("according to the data: yes") in detail  # awareness messages
    assert nl("according to the data: no") in detail  # champion coverage
    form = client.get(url("phase_edit", track.pk, 1)).text
    assert nl("according to the data") in form


# --- The confirmation names what is open ---------------------------------------------------------


def test_the_confirmation_never_calls_a_half_ticked_phase_done(login, members, adoption_world):
    track = adoption_world["track"]
    phase_1 = items_of(track, 1)
    for item in phase_1[:2]:
        ChecklistTick.objects.create(track=track, item=item)
    page = login(members[PM]).get(url("track_move", track.pk))
    assert page.status_code == 200
    assert nl(DONE_TEXT) not in (page.text)
    [open_phase] = page.context["earlier"]
    assert open_phase.phase == 1 and not open_phase.required
    assert open_phase.items == phase_1[2:]
    for item in phase_1[2:]:
        assert item.localised_text in page.text
    # No gate before phase 2: no reason asked.
    assert 'name="reason"' not in page.text


def test_the_confirmation_says_done_only_when_it_is(login, members, adoption_world):
    track = adoption_world["track"]
    finish(track, 1)
    page = login(members[PM]).get(url("track_move", track.pk))
    assert page.context["earlier"] == []
    assert nl(DONE_TEXT) in page.text


def test_from_the_board_the_confirmation_opens_above_the_columns(login, members, adoption_world):
    track = adoption_world["track"]
    response = login(members[PM]).get(url("track_move", track.pk) + "?from=board", headers=HTMX)
    assert response.status_code == 200
    assert "<h1" not in response.text
    assert f'id="confirm-{track.pk}"' in response.text
    assert 'hx-target="#board"' in response.text
    assert response.headers["HX-Retarget"] == "#board-confirm"


# --- Undo ---------------------------------------------------------------------------------------


def test_a_move_is_undone_by_a_recorded_move_back(members, adoption_world):
    track = adoption_world["track"]
    move = services.track_move(track=track, by=members[PM])
    undo = services.move_undo(move=move, by=members[PM])
    track.refresh_from_db()
    assert track.current_phase == 1
    assert (undo.from_phase, undo.to_phase, undo.undoes, undo.moved_by) == (
        2,
        1,
        move,
        members[PM],
    )
    move.refresh_from_db()
    assert move.is_undone
    # Phase 2 was started by the move: it is not started again.
    phase_2 = track.phases.get(phase=2)
    assert (phase_2.status, phase_2.start_date) == (PhaseStatus.NOT_STARTED, None)


def test_only_the_latest_move_can_be_undone_and_an_undo_not_again(members, adoption_world):
    track = adoption_world["track"]
    finish(track, 1, 2)
    first = services.track_move(track=track, by=members[PM])
    second = services.track_move(track=track, by=members[PM])
    with pytest.raises(services.CannotUndo):
        services.move_undo(move=first, by=members[PM])
    undo = services.move_undo(move=second, by=members[PM])
    with pytest.raises(services.CannotUndo):
        services.move_undo(move=undo, by=members[PM])
    with pytest.raises(services.CannotUndo):
        services.move_undo(move=second, by=members[PM])
    assert PhaseMove.objects.filter(track=track).count() == 3


def test_undo_from_the_board_swaps_the_board_and_says_so(login, members, adoption_world):
    track = adoption_world["track"]
    move = services.track_move(track=track, by=members[PM])
    response = login(members[PM]).post(url("move_undo", move.pk), {"from": "board"}, headers=HTMX)
    assert response.status_code == 200
    assert '<div id="board">' in response.text
    assert track.initiative.title in response.text.split('<div id="board">')[0]
    track.refresh_from_db()
    assert track.current_phase == 1


def test_undo_without_javascript_returns_to_the_track(login, members, adoption_world):
    track = adoption_world["track"]
    move = services.track_move(track=track, by=members[PM])
    response = login(members[PM]).post(url("move_undo", move.pk))
    assert response.status_code == 302
    assert response["Location"] == url("track_detail", track.pk) + "#moves"
    page = login(members[PM]).get(url("track_detail", track.pk))
    assert 'id="moves"' in page.text


def test_a_director_may_not_undo(login, members, adoption_world):
    move = services.track_move(track=adoption_world["track"], by=members[PM])
    assert login(members[DIRECTOR]).post(url("move_undo", move.pk)).status_code == 403
    assert not PhaseMove.objects.filter(undoes=move).exists()


# --- Directors confirm overrides ----------------------------------------------------------------


@pytest.fixture
def override(members, adoption_world):
    track = adoption_world["track"]
    AdoptionTrack.objects.filter(pk=track.pk).update(current_phase=3)
    track.refresh_from_db()
    return services.track_move(track=track, by=members[PM], override_reason="De raad wil het")


def test_a_director_confirms_an_override(login, members, override):
    response = login(members[DIRECTOR]).post(url("move_confirm", override.pk))
    assert response.status_code == 302
    override.refresh_from_db()
    assert override.confirmed_by == members[DIRECTOR]
    assert override.confirmed_at is not None
    assert not PhaseMove.objects.awaiting_confirmation().exists()


@pytest.mark.parametrize("role", [PM, HR, ADMIN])
def test_only_a_director_confirms(login, members, override, role):
    assert login(members[role]).post(url("move_confirm", override.pk)).status_code == 403
    override.refresh_from_db()
    assert override.confirmed_at is None


def test_a_director_of_another_organisation_cannot_confirm(login, other_members, override):
    response = login(other_members[DIRECTOR]).post(url("move_confirm", override.pk))
    assert response.status_code == 404


def test_the_initiative_panel_offers_the_director_the_confirmation(login, members, override):
    from django.urls import reverse

    page = login(members[DIRECTOR]).get(
        reverse("transformation:initiative_detail", args=[override.track.initiative_id])
    )
    assert url("move_confirm", override.pk) in page.text
    response = login(members[DIRECTOR]).post(
        url("move_confirm", override.pk), {"from": "initiative"}
    )
    assert response["Location"].endswith("#adoption")
    pm_page = login(members[PM]).get(
        reverse("transformation:initiative_detail", args=[override.track.initiative_id])
    )
    assert url("move_confirm", override.pk) not in pm_page.text


def test_awaiting_confirmation_is_overrides_not_confirmed_and_not_undone(
    members, adoption_world, override
):
    programme = adoption_world["programme"]
    plain = AdoptionTrackFactory(initiative=InitiativeFactory(programme=programme))
    services.track_move(track=plain, by=members[PM])  # no gate before phase 2
    assert list(PhaseMove.objects.awaiting_confirmation()) == [override]
    assert list(
        PhaseMove.objects.for_organisation(override.track.organisation).awaiting_confirmation()
    ) == [override]

    undone_track = AdoptionTrackFactory(
        initiative=InitiativeFactory(programme=programme), current_phase=3
    )
    undone = services.track_move(track=undone_track, by=members[PM], override_reason="x")
    assert set(PhaseMove.objects.awaiting_confirmation()) == {override, undone}
    services.move_undo(move=undone, by=members[PM])
    assert list(PhaseMove.objects.awaiting_confirmation()) == [override]

    services.move_confirm(move=override, by=members[DIRECTOR])
    assert not PhaseMove.objects.awaiting_confirmation().exists()
    with pytest.raises(services.CannotConfirm):
        services.move_confirm(move=override, by=members[DIRECTOR])


def test_a_plain_move_cannot_be_confirmed(members, adoption_world):
    move = services.track_move(track=adoption_world["track"], by=members[PM])
    with pytest.raises(services.CannotConfirm):
        services.move_confirm(move=move, by=members[DIRECTOR])


# --- The board ----------------------------------------------------------------------------------


def test_the_board_shows_every_initiative_with_its_status_and_blockers(
    login, members, adoption_world
):
    track = adoption_world["track"]
    track.initiative.status, track.initiative.status_reason = "amber", "Leverancier is laat"
    track.initiative.save()
    without = adoption_world["draft_initiative"]
    page = login(members[PM]).get(url("board", adoption_world["programme"].pk))
    assert without.title in page.text
    assert url("track_start", without.pk) in page.text
    assert "Leverancier is laat" in page.text
    assert "mw-badge--amber" in page.text
    card = page.context["columns"][0][1][0]
    assert len(card.open_states) == 5  # nothing ticked; coverage is half
    assert card.next_gate == []  # no gate before phase 2
    assert 'role="region"' in page.text and 'tabindex="0"' in page.text
    director = login(members[DIRECTOR]).get(url("board", adoption_world["programme"].pk))
    assert url("track_start", without.pk) not in director.text


def test_a_track_starts_from_the_board_in_place(login, members, adoption_world):
    without = adoption_world["draft_initiative"]
    programme = adoption_world["programme"]
    response = login(members[PM]).post(
        url("track_start", without.pk), {"from": "board"}, headers=HTMX
    )
    assert response.status_code == 200
    assert '<div id="board">' in response.text
    assert AdoptionTrack.objects.filter(initiative=without).exists()
    plain = login(members[PM]).post(url("track_start", without.pk), {"from": "board"})
    assert plain["Location"] == url("board", programme.pk)


def test_a_move_from_the_board_without_javascript_offers_the_undo(login, members, adoption_world):
    track = adoption_world["track"]
    client = login(members[PM])
    response = client.post(url("track_move", track.pk), {"from": "board"})
    move = PhaseMove.objects.get(track=track)
    assert response["Location"] == url("board", adoption_world["programme"].pk) + (
        f"?stap={move.pk}"
    )
    board = client.get(response["Location"])
    assert url("move_undo", move.pk) in board.text


def grow(programme, count, units):
    for n in range(count):
        initiative = InitiativeFactory(programme=programme, units=units[:2])
        if n % 4 == 3:
            continue  # some without a track
        track = AdoptionTrackFactory(initiative=initiative, current_phase=1 + n % 4)
        Champion.objects.create(
            organisation=track.organisation, track=track, name=f"C{n}", unit=units[0]
        )
        BusinessScenario.objects.create(
            organisation=track.organisation,
            track=track,
            title=f"S{n}",
            problem="p",
            desired_way="d",
            applications="a",
        )
        ChecklistTick.objects.create(track=track, item=items_of(track, 1)[0])
        PhaseMove.objects.create(track=track, from_phase=1, to_phase=2)


def test_the_board_needs_the_same_queries_for_2_or_12_initiatives(
    login, members, voorbeeldstad, units, django_assert_max_num_queries
):
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory(organisation=voorbeeldstad)
    grow(programme, 2, units)
    client = login(members[PM])
    client.get(url("board", programme.pk))
    with django_assert_max_num_queries(30) as small:
        assert client.get(url("board", programme.pk)).status_code == 200
    grow(programme, 10, units)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url("board", programme.pk))
    assert len(page.context["without_track"]) == 2
    assert not page.context["capped"] and "mw-board__note" not in page.text


def test_a_large_board_shows_what_needs_attention_first_and_each_column_whole_on_a_page(
    login, members, voorbeeldstad, units, django_assert_max_num_queries
):
    """Thirty tracks in phase 1 and ten initiatives without a track: the board shows
    eight of each, an override awaiting confirmation first, then red, then amber, and
    links to the whole column, which pages through it 24 at a time."""
    from adoption.views import BOARD_CARDS, COLUMN_CARDS_PER_PAGE
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory(organisation=voorbeeldstad)
    tracks = [
        AdoptionTrackFactory(
            initiative=InitiativeFactory(programme=programme, title=f"Initiatief {n:02d}"),
            current_phase=1,
        )
        for n in range(30)
    ]
    for track, status in ((tracks[20], "amber"), (tracks[25], "red"), (tracks[10], "red")):
        track.initiative.status, track.initiative.status_reason = status, "Leverancier is laat"
        track.initiative.save()
    # An override back from phase 2 still awaits a director: the card to look at first.
    PhaseMove.objects.create(
        track=tracks[29], from_phase=2, to_phase=1, open_phases=[1], override_reason="Spoed"
    )
    for n in range(10):
        InitiativeFactory(programme=programme, title=f"Zonder traject {n:02d}")
    client = login(members[PM])
    with django_assert_max_num_queries(30) as board_queries:
        board = client.get(url("board", programme.pk))
    (phase, shown, count), *_rest = board.context["columns"]
    assert (phase, count, len(shown)) == (1, 30, BOARD_CARDS)
    assert [t.initiative.title for t in shown[:4]] == [
        "Initiatief 29",
        "Initiatief 10",
        "Initiatief 25",
        "Initiatief 20",
    ]
    assert len(board.context["without_track"]) == BOARD_CARDS
    assert board.context["without_count"] == 10
    assert "(30)" in board.text and "(10)" in board.text
    assert "?fase=1" in board.text and "?fase=zonder" in board.text
    assert "?fase=2" not in board.text, "a column that shows everything links nowhere"
    assert board.context["capped"] and "mw-board__note" in board.text

    with django_assert_max_num_queries(len(board_queries.captured_queries)):
        column = client.get(url("board", programme.pk), {"fase": 1})
    ((phase, first_page, count),) = column.context["columns"]
    assert len(first_page) == COLUMN_CARDS_PER_PAGE and column.context["without_track"] == []
    assert first_page[0].initiative.title == "Initiatief 29"
    assert "Back to the whole board" in column.text or "Terug naar het hele bord" in column.text
    second = client.get(column.context["page"].next_url)
    ((_phase, rest, _count),) = second.context["columns"]
    assert len(rest) == 30 - COLUMN_CARDS_PER_PAGE
    assert {t.pk for t in first_page}.isdisjoint({t.pk for t in rest})

    without = client.get(url("board", programme.pk), {"fase": "zonder"})
    assert without.context["columns"] == []
    assert len(without.context["without_track"]) == 10
    # Anything else is the whole board.
    assert len(client.get(url("board", programme.pk), {"fase": "9"}).context["columns"]) == 4


def test_the_card_just_moved_is_on_the_board_with_its_undo(login, members, voorbeeldstad):
    """Moved into a full column, the card is shown all the same, with and without htmx."""
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory(organisation=voorbeeldstad)
    for n in range(12):
        AdoptionTrackFactory(
            initiative=InitiativeFactory(
                programme=programme, title=f"A {n:02d}", status="red", status_reason="Te laat"
            ),
            current_phase=2,
        )
    late = AdoptionTrackFactory(
        initiative=InitiativeFactory(programme=programme, title="Zaaksysteem", status="green"),
        current_phase=1,
    )
    client = login(members[PM])
    response = client.post(url("track_move", late.pk), {"from": "board"}, headers=HTMX)
    assert AdoptionTrack.objects.get(pk=late.pk).current_phase == 2
    column = response.text.split('id="column-2"')[1].split("</section>")[0]
    assert "(13)" in column and column.count("mw-board__card ") == 9
    assert "Zaaksysteem" in column and "autofocus" in column

    services.move_undo(move=PhaseMove.objects.get(track=late), by=members[PM])
    assert AdoptionTrack.objects.get(pk=late.pk).current_phase == 1
    plain = client.post(url("track_move", late.pk), {"from": "board"})
    board = client.get(plain["Location"])
    move = PhaseMove.objects.filter(track=late).first()
    assert url("move_undo", move.pk) in board.text
    column = board.text.split('id="column-2"')[1].split("</section>")[0]
    assert "Zaaksysteem" in column and "A 07" in column and "A 08" not in column


def test_for_gate_judges_every_track_without_further_queries(
    voorbeeldstad, units, django_assert_num_queries
):
    from tests.factories import ProgrammeFactory

    grow(ProgrammeFactory(organisation=voorbeeldstad), 8, units)
    tracks = list(AdoptionTrack.objects.for_gate())
    with django_assert_num_queries(0):
        for track in tracks:
            for number in (2, 3, 4):
                track.gate(number)
            for item in track.checklist:
                track.item_state(item)
            track.earlier_phases(4)
            assert track.undoable_move is None or track.undoable_move.to_phase == 2


def test_for_checklist_judges_every_phase_as_for_gate_does_without_further_queries(
    voorbeeldstad, units, django_assert_num_queries
):
    from tests.factories import ProgrammeFactory

    grow(ProgrammeFactory(organisation=voorbeeldstad), 8, units)
    full = {t.pk: t for t in AdoptionTrack.objects.for_gate()}
    with django_assert_num_queries(9):
        light = list(AdoptionTrack.objects.for_checklist())
    with django_assert_num_queries(0):
        judged = {
            track.pk: [
                (phase.phase, track.open_items(track.checklist, phase.phase))
                for phase in track.phases.all()
            ]
            for track in light
        }
    assert judged == {
        pk: [(p.phase, track.open_items(track.checklist, p.phase)) for p in track.phases.all()]
        for pk, track in full.items()
    }
    assert any(items for phases in judged.values() for _phase, items in phases)


# --- The organisation admin's checklist ---------------------------------------------------------


def test_the_admin_sees_the_checklist_per_phase(login, members, voorbeeldstad):
    page = login(members[ADMIN]).get(url("checklist"))
    assert page.status_code == 200
    assert [len(items) for _phase, items in page.context["phases"]] == [5, 5, 4, 4]


def test_the_admin_adds_an_item_with_a_derivation(login, members, voorbeeldstad):
    response = login(members[ADMIN]).post(
        url("checklist_create"),
        {
            "phase": "4",
            "text": "Iedere sessie heeft een presentielijst",
            "text_en": "Every session has an attendance list",
            "position": "9",
            "active": "on",
            "derived_from": "training_attendance",
        },
    )
    assert response.status_code == 302
    item = ChecklistItem.objects.get(text="Iedere sessie heeft een presentielijst")
    assert (item.organisation, item.derived_from) == (voorbeeldstad, "training_attendance")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"phase": "1", "derived_from": "training_attendance", "text": "X"}, "derived_from"),
        ({"phase": "1", "text": ""}, "text"),
        ({"phase": "7", "text": "X"}, "phase"),
        ({"phase": "1", "text": "X", "position": "-1"}, "position"),
    ],
)
def test_bad_checklist_input_is_answered_at_the_field(login, members, voorbeeldstad, data, field):
    before = ChecklistItem.objects.count()
    response = login(members[ADMIN]).post(url("checklist_create"), {"position": "1", **data})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.text
    assert ChecklistItem.objects.count() == before


def test_removing_a_checklist_item_asks_first(login, members, adoption_world, settings):
    item = items_of(adoption_world["track"], 2)[0]
    client = login(members[ADMIN])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    remove = url("checklist_delete", item.pk)
    for asked in (client.get(remove), client.post(remove)):
        assert asked.status_code == 200
        assert "No track has ticked it." in asked.text
        assert url("checklist_edit", item.pk) in asked.text
        assert ChecklistItem.objects.filter(pk=item.pk).exists()
    assert client.post(remove, {"confirm": "1"}).status_code == 302
    assert not ChecklistItem.objects.filter(pk=item.pk).exists()


def test_a_ticked_item_is_switched_off_not_removed(login, members, adoption_world):
    track = adoption_world["track"]
    item = items_of(track, 1)[0]
    ChecklistTick.objects.create(track=track, item=item)
    client = login(members[ADMIN])
    assert url("checklist_delete", item.pk) not in client.get(url("checklist_edit", item.pk)).text
    refused = client.post(url("checklist_delete", item.pk), {"confirm": "1"}, follow=True)
    assert [m.level_tag for m in refused.context["messages"]] == ["error"]
    assert ChecklistItem.objects.filter(pk=item.pk).exists()
    unticked = items_of(track, 2)[0]
    assert client.post(url("checklist_delete", unticked.pk), {"confirm": "1"}).status_code == 302
    assert not ChecklistItem.objects.filter(pk=unticked.pk).exists()


def test_another_organisations_item_is_not_found(login, members, other_members, voorbeeldstad):
    item = ChecklistItem.objects.for_organisation(voorbeeldstad).first()
    assert login(other_members[ADMIN]).get(url("checklist_edit", item.pk)).status_code == 404
    assert login(members[PM]).get(url("checklist_edit", item.pk)).status_code == 403


def test_the_checklist_page_needs_the_same_queries_for_more_items(
    login, members, voorbeeldstad, django_assert_max_num_queries
):
    client = login(members[ADMIN])
    client.get(url("checklist"))
    with django_assert_max_num_queries(30) as small:
        client.get(url("checklist"))
    for n in range(20):
        ChecklistItem.objects.create(organisation=voorbeeldstad, phase=1 + n % 4, text=f"I{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url("checklist")).status_code == 200


def test_a_unit_of_the_initiative_without_a_champion_is_no(adoption_world):
    track = adoption_world["track"]
    track.initiative.units.add(OrganisationUnitFactory(organisation=track.organisation))
    assert fresh(track).champion_coverage == (1, 3)


# --- Demo data ----------------------------------------------------------------------------------


def test_the_demo_shows_a_confirmed_and_a_waiting_override_and_derived_items(db):
    from unittest import mock

    from django.core.management import call_command

    from organisations.models import Organisation

    with mock.patch("reports.demo.services.report_make_now"):
        call_command("seed_demo", password="demo-Mensenwerk-2026")
    voorbeeldstad = Organisation.objects.get(slug="voorbeeldstad")
    moves = PhaseMove.objects.for_organisation(voorbeeldstad)
    [waiting] = moves.awaiting_confirmation()
    assert waiting.track.initiative.title == "Mobiel werken in de wijk"
    assert waiting.open_items
    confirmed = moves.overrides().get(confirmed_at__isnull=False)
    assert confirmed.confirmed_by.username == "directeur"
    tracks = list(AdoptionTrack.objects.for_organisation(voorbeeldstad).for_gate())
    judged = [
        track.judge(item) for track in tracks for item in track.checklist if item.derived_from
    ]
    assert True in judged and False in judged
    without = voorbeeldstad.initiative_set.filter(adoption_track__isnull=True)
    assert without.exists()


def test_the_track_page_offers_the_director_the_confirmation_in_its_steps(login, members, override):
    page = login(members[DIRECTOR]).get(url("track_detail", override.track_id)).text
    steps = page[page.index('id="moves"') :]
    assert url("move_confirm", override.pk) in steps
    assert url("move_undo", override.pk) not in page
    pm_page = login(members[PM]).get(url("track_detail", override.track_id)).text
    assert url("move_undo", override.pk) in pm_page
    assert url("move_confirm", override.pk) not in pm_page


def test_a_move_sent_twice_is_taken_once(login, members, adoption_world):
    """A double click or the back button sends the confirmation again: the track moves
    one phase, not two, and no override is recorded with a reason given for another step."""
    track = adoption_world["track"]
    start = track.current_phase
    client = login(members[Role.PROGRAMME_MANAGER])
    url = reverse("adoption:track_move", args=[track.pk])
    data = {"reason": "Het kan niet wachten.", "to_phase": start + 1}
    client.post(url, data)
    response = client.post(url, data, follow=True)
    track.refresh_from_db()
    assert track.current_phase == start + 1
    assert PhaseMove.objects.filter(track=track, undoes__isnull=True).count() == 1
    assert "Er is niets veranderd" in response.text


def test_an_undo_keeps_a_start_date_that_was_planned(members, adoption_world):
    pm = members[Role.PROGRAMME_MANAGER]
    track = adoption_world["track"]
    start = track.current_phase
    following = track.phases.get(phase=start + 1)
    assert following.status == PhaseStatus.NOT_STARTED
    planned = datetime.date(2030, 1, 1)
    track.phases.filter(phase=start + 1).update(start_date=planned)
    move = services.track_move(track=track, by=pm, override_reason="Gepland.")
    services.move_undo(move=move, by=pm)
    following.refresh_from_db()
    assert following.status == PhaseStatus.NOT_STARTED
    assert following.start_date == planned
