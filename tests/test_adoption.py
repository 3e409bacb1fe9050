"""Adoptie: the four phases, the gate, the registers, the figures and the import."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from adoption import services
from adoption.defaults import DEFAULT_CHECKLIST
from adoption.models import (
    AdoptionTrack,
    Champion,
    ChecklistItem,
    ChecklistTick,
    Phase,
    PhaseMove,
    PhaseStatus,
    Stakeholder,
    TrainingSession,
    UsageMeasurement,
)
from organisations.models import Role
from tests.factories import (
    AdoptionTrackFactory,
    InitiativeFactory,
    OrganisationFactory,
    TrainingSessionFactory,
)
from tests.helpers import HTMX, urls_of

pytestmark = pytest.mark.django_db

PM, DIRECTOR, HR = Role.PROGRAMME_MANAGER, Role.DIRECTOR, Role.HR_ADVISER


url = urls_of("adoption")


def finish(track, *numbers, tick=True):
    """Set the phases done, with (by default) their whole checklist ticked: the gate
    asks for both."""
    for number in numbers:
        phase = track.phases.get(phase=number)
        phase.status = PhaseStatus.DONE
        phase.save()
        if tick:
            for item in ChecklistItem.objects.for_organisation(track.organisation).filter(
                phase=number
            ):
                ChecklistTick.objects.get_or_create(track=track, item=item)


# --- Track and gate -----------------------------------------------------------------------------


def test_a_new_organisation_gets_the_default_checklist_in_both_languages():
    organisation = OrganisationFactory()
    items = ChecklistItem.objects.for_organisation(organisation)
    assert items.count() == sum(len(texts) for texts in DEFAULT_CHECKLIST.values())
    assert all(item.text and item.text_en for item in items)


def test_starting_a_track_makes_four_phases_with_the_first_active(login, members, programme_world):
    initiative = programme_world["initiative"]
    response = login(members[PM]).post(url("track_start", initiative.pk))
    track = AdoptionTrack.objects.get(initiative=initiative)
    assert response.status_code == 302
    assert [(p.phase, p.status) for p in track.phases.all()] == [
        (1, "active"),
        (2, "not_started"),
        (3, "not_started"),
        (4, "not_started"),
    ]
    assert track.current_phase == Phase.STAKEHOLDERS


def test_moving_on_when_the_earlier_phases_are_done_needs_no_reason(members, adoption_world):
    track = adoption_world["track"]
    services.track_move(track=track, by=members[PM])
    finish(track, 1, 2)
    services.track_move(track=track, by=members[PM])
    track.refresh_from_db()
    assert track.current_phase == Phase.AWARENESS
    assert not PhaseMove.objects.filter(track=track).exclude(open_phases=[]).exists()
    assert track.phases.get(phase=3).status == PhaseStatus.ACTIVE


def test_training_before_phases_one_to_three_are_done_is_refused_without_a_reason(
    login, members, adoption_world
):
    track = adoption_world["track"]
    AdoptionTrack.objects.filter(pk=track.pk).update(current_phase=3)
    client = login(members[PM])
    page = client.get(url("track_move", track.pk))
    with translation.override("nl"):
        warning = translation.gettext("Install \u2013 explain \u2013 done?")
    assert warning in page.text
    response = client.post(url("track_move", track.pk), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    track.refresh_from_db()
    assert track.current_phase == 3
    assert not PhaseMove.objects.exists()


def test_the_override_is_recorded_and_shown_on_the_initiative(login, members, adoption_world):
    track = adoption_world["track"]
    AdoptionTrack.objects.filter(pk=track.pk).update(current_phase=3)
    client = login(members[PM])
    response = client.post(url("track_move", track.pk), {"reason": "Leverancier kan alleen nu"})
    assert response.status_code == 302
    move = PhaseMove.objects.get(track=track)
    assert (move.from_phase, move.to_phase, move.open_phases) == (3, 4, [1, 2, 3])
    assert move.override_reason == "Leverancier kan alleen nu"
    assert move.moved_by == members[PM]
    page = login(members[DIRECTOR]).get(
        reverse("transformation:initiative_detail", args=[track.initiative_id])
    )
    assert "Leverancier kan alleen nu" in page.text


def test_awareness_before_the_scenarios_are_done_warns_too(members, adoption_world):
    track = adoption_world["track"]
    finish(track, 1)
    AdoptionTrack.objects.filter(pk=track.pk).update(current_phase=2)
    track.refresh_from_db()
    with pytest.raises(services.GateClosed) as closed:
        services.track_move(track=track, by=members[PM])
    assert closed.value.open_phases == [2]


def test_the_database_refuses_an_override_without_a_reason(adoption_world):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        PhaseMove.objects.create(
            track=adoption_world["track"], from_phase=3, to_phase=4, open_phases=[1]
        )


def test_the_board_moves_a_card_through_htmx(login, members, adoption_world):
    track = adoption_world["track"]
    programme = adoption_world["programme"]
    response = login(members[PM]).post(url("track_move", track.pk), {"from": "board"}, headers=HTMX)
    assert response.status_code == 200
    # The announcement first (out of band, its region stays), then the board itself.
    assert response.text.lstrip().startswith('<div id="board-status"')
    assert 'hx-swap-oob="innerHTML"' in response.text
    assert '<div id="board">' in response.text
    assert "<h1" not in response.text
    track.refresh_from_db()
    assert track.current_phase == 2
    move = PhaseMove.objects.get(track=track)
    assert url("move_undo", move.pk) in response.text
    full = login(members[DIRECTOR]).get(url("board", programme.pk))
    assert track.initiative.title in full.text


def test_a_closed_gate_answers_in_the_confirmation_with_the_error_at_the_field(
    login, members, adoption_world
):
    track = adoption_world["track"]
    AdoptionTrack.objects.filter(pk=track.pk).update(current_phase=3)
    response = login(members[PM]).post(url("track_move", track.pk), {"from": "board"}, headers=HTMX)
    assert response.headers["HX-Retarget"] == "#board-confirm"
    assert response.headers["HX-Reswap"] == "innerHTML"
    assert response.context["form"].errors["reason"]
    assert 'id="id_reason_error"' in response.text
    track.refresh_from_db()
    assert track.current_phase == 3


def test_the_programme_rows_show_the_phase(login, members, adoption_world):
    response = login(members[DIRECTOR]).get(
        reverse("transformation:programme_detail", args=[adoption_world["programme"].pk])
    )
    row = next(
        i for i in response.context["initiatives"] if i.pk == adoption_world["track"].initiative_id
    )
    assert row.adoption.current_phase == 1
    assert url("track_detail", adoption_world["track"].pk) in response.text


def test_a_phase_is_saved_with_its_checklist(login, members, adoption_world):
    track = adoption_world["track"]
    items = list(ChecklistItem.objects.for_organisation(track.organisation).filter(phase=1))
    response = login(members[PM]).post(
        url("phase_edit", track.pk, 1),
        {
            "status": "done",
            "start_date": "2026-01-05",
            "end_date": "2026-02-05",
            "notes": "Klaar",
            "checklist": [items[0].pk, items[1].pk],
        },
    )
    assert response.status_code == 302
    assert {t.item_id for t in track.ticks.all()} == {items[0].pk, items[1].pk}
    assert track.phases.get(phase=1).status == "done"
    login(members[PM]).post(
        url("phase_edit", track.pk, 1),
        {"status": "done", "checklist": [items[1].pk]},
    )
    assert {t.item_id for t in track.ticks.all()} == {items[1].pk}


def test_a_phase_that_ends_before_it_starts_is_refused(login, members, adoption_world):
    track = adoption_world["track"]
    response = login(members[PM]).post(
        url("phase_edit", track.pk, 1),
        {"status": "active", "start_date": "2026-03-01", "end_date": "2026-02-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]


# --- Registers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind",
    ["belanghebbende", "champion", "inspiratiesessie", "scenario", "bewustwording", "gebruik"],
)
def test_hr_advisers_may_not_touch_the_other_registers(login, members, adoption_world, kind):
    client = login(members[HR])
    assert client.get(url("item_create", adoption_world["track"].pk, kind)).status_code == 403
    row = adoption_world["rows"][kind]
    assert client.post(reverse("adoption:item_delete", args=[kind, row.pk])).status_code == 403


REGISTER_KINDS = [
    "belanghebbende",
    "champion",
    "inspiratiesessie",
    "scenario",
    "bewustwording",
    "training",
    "gebruik",
]


@pytest.mark.parametrize("kind", REGISTER_KINDS)
def test_removing_a_register_item_asks_first(
    login, members, adoption_world, kind, settings, django_assert_max_num_queries
):
    row = adoption_world["rows"][kind]
    model = type(row)
    client = login(members[PM])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    remove = reverse("adoption:item_delete", args=[kind, row.pk])
    # The edit form's remove button leads here, and so does the address itself.
    assert remove in client.get(reverse("adoption:item_edit", args=[kind, row.pk])).text
    for asked in (client.get(remove), client.post(remove), client.post(remove, {"confirm": ""})):
        assert asked.status_code == 200
        assert "This cannot be undone." in asked.text
        assert str(row) in asked.text
        assert 'name="confirm" value="1"' in asked.text
        assert reverse("adoption:item_edit", args=[kind, row.pk]) in asked.text
        assert model.objects.filter(pk=row.pk).exists()
    # Asking costs the same queries whatever the track holds.
    with django_assert_max_num_queries(12):
        client.get(remove)

    response = client.post(remove, {"confirm": "1"})
    assert response.status_code == 302
    assert not model.objects.filter(pk=row.pk).exists()


def test_the_removal_question_names_the_kind_once(login, members, adoption_world, settings):
    client = login(members[PM])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = adoption_world["rows"]
    stakeholder = client.get(
        reverse("adoption:item_delete", args=["belanghebbende", rows["belanghebbende"].pk])
    )
    assert f"<strong>Stakeholder: {rows['belanghebbende']}</strong>" in stakeholder.text
    usage = client.get(reverse("adoption:item_delete", args=["gebruik", rows["gebruik"].pk]))
    assert f"<strong>{rows['gebruik']}</strong>" in usage.text


def test_hr_adviser_adds_a_training_session(login, members, adoption_world):
    track = adoption_world["track"]
    champion = adoption_world["rows"]["champion"]
    response = login(members[HR]).post(
        url("item_create", track.pk, "training"),
        {
            "title": "Teams voor beginners",
            "channel": "champion",
            "held_on": "2026-04-01",
            "champion": champion.pk,
            "capacity": "10",
            "attendance": "9",
        },
    )
    assert response.status_code == 302
    session = TrainingSession.objects.get(title="Teams voor beginners")
    assert session.trainer_name == "Sanne"
    assert session.organisation == track.organisation


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"attendance": "12", "capacity": "10", "trainer": "X"}, "attendance"),
        ({"attendance": "1"}, "trainer"),
    ],
)
def test_bad_training_input_is_answered_at_the_field(login, members, adoption_world, data, field):
    track = adoption_world["track"]
    response = login(members[HR]).post(
        url("item_create", track.pk, "training"),
        {"title": "T", "channel": "classroom", "held_on": "2026-04-01", **data},
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert TrainingSession.objects.count() == 1


def test_the_training_form_says_where_attendance_is_ticked_by_name(login, members, adoption_world):
    response = login(members[PM]).get(url("item_create", adoption_world["track"].pk, "training"))
    assert "Zodra de HR-adviseur aanvinkt wie er kwam" in response.text
    assert "Aanwezigheid per medewerker" in response.text


def test_a_champion_of_another_track_cannot_be_the_trainer(login, members, adoption_world, units):
    other = AdoptionTrackFactory(
        initiative=InitiativeFactory(programme=adoption_world["programme"])
    )
    theirs = Champion.objects.create(
        organisation=other.organisation, track=other, name="Piet", unit=units[1]
    )
    response = login(members[PM]).post(
        url("item_create", adoption_world["track"].pk, "training"),
        {"title": "T", "channel": "classroom", "held_on": "2026-04-01", "champion": theirs.pk},
    )
    assert response.status_code == 200
    assert "champion" in response.context["form"].errors


def test_a_stakeholder_is_scored_one_to_five(login, members, adoption_world):
    response = login(members[PM]).post(
        url("item_create", adoption_world["track"].pk, "belanghebbende"),
        {"name": "Wethouder", "influence": "7", "interest": "3", "attitude": "neutral"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["influence"]
    assert Stakeholder.objects.count() == 1


def test_units_of_another_organisation_cannot_be_chosen(login, members, adoption_world, buurdorp):
    from tests.factories import OrganisationUnitFactory

    theirs = OrganisationUnitFactory(organisation=buurdorp)
    response = login(members[PM]).post(
        url("item_create", adoption_world["track"].pk, "champion"),
        {"name": "X", "unit": theirs.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]


def test_an_unknown_register_is_not_found(login, members, adoption_world):
    response = login(members[PM]).get(url("item_create", adoption_world["track"].pk, "iets"))
    assert response.status_code == 404


# --- Figures ------------------------------------------------------------------------------------


def test_the_figures_follow_the_registers(adoption_world, units):
    track = AdoptionTrack.objects.with_figures().get(pk=adoption_world["track"].pk)
    # Target 40: 10 reached, 6 trained, 12 active users; 1 of 2 units has a champion.
    assert (track.reached_share, track.trained_share, track.usage_share) == (25, 15, 30)
    assert track.champion_coverage == (1, 2)
    assert track.champion_coverage_share == 50


def test_figures_without_a_target_group_are_empty(adoption_world):
    track = adoption_world["track"]
    track.target_group_size = None
    assert track.reached_share is None and track.usage_share is None


def test_the_track_page_shows_the_grid_and_the_curve_with_their_tables(
    login, members, adoption_world
):
    response = login(members[DIRECTOR]).get(url("track_detail", adoption_world["track"].pk))
    assert response.text.count('role="img"') == 2
    assert "Afdelingshoofd" in response.text
    assert url("item_create", adoption_world["track"].pk, "training") not in response.text
    # What the registers add up, said as what it is: contacts per activity, not people.
    assert (
        "10 keer bereikt met bewustwording, 6 trainingsdeelnames (geteld per activiteit); "
        "1 van de 2 organisatieonderdelen heeft een champion." in response.text
    )


# --- Usage import -------------------------------------------------------------------------------


M365 = (
    "\ufeffReport Refresh Date,Office 365,Exchange,OneDrive,SharePoint,Skype For Business,"
    "Yammer,Teams,Report Date,Report Period\n"
    "2026-04-10,30,28,20,19,0,0,25,2026-04-01,7\n"
    "2026-04-10,33,30,22,20,0,0,27,2026-03-02,7\n"
)


def test_a_microsoft_365_export_is_imported(login, members, adoption_world):
    track = adoption_world["track"]
    upload = SimpleUploadedFile("users.csv", M365.encode(), content_type="text/csv")
    response = login(members[PM]).post(
        url("usage_import", track.pk), {"file": upload, "column": "Teams"}
    )
    assert response.status_code == 302
    measurements = dict(
        UsageMeasurement.objects.filter(track=track).values_list("measured_on", "active_users")
    )
    # 2 March 2026 was already measured (12): it takes the file's number.
    assert measurements == {datetime.date(2026, 3, 2): 27, datetime.date(2026, 4, 1): 25}


def test_a_bad_file_is_reported_by_row_and_imports_nothing(login, members, adoption_world):
    track = adoption_world["track"]
    data = "Datum;Actieve gebruikers\n01-03-2026;10\n32-03-2026;12\n03-03-2026;-4\n"
    upload = SimpleUploadedFile("gebruik.csv", data.encode(), content_type="text/csv")
    response = login(members[PM]).post(url("usage_import", track.pk), {"file": upload})
    assert response.status_code == 200
    assert [e.row for e in response.context["result"].errors] == [3, 4]
    assert 'id="import-errors"' in response.text
    assert UsageMeasurement.objects.filter(track=track).count() == 1


def test_an_import_needs_a_file(login, members, adoption_world):
    response = login(members[PM]).post(url("usage_import", adoption_world["track"].pk), {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


# --- Languages ----------------------------------------------------------------------------------


def test_the_checklist_follows_the_users_language(login, members, adoption_world):
    client = login(members[DIRECTOR])
    with translation.override("nl"):
        dutch = str(DEFAULT_CHECKLIST[Phase.STAKEHOLDERS][0])
    with translation.override("en"):
        english = str(DEFAULT_CHECKLIST[Phase.STAKEHOLDERS][0])
    assert dutch in client.get(url("track_detail", adoption_world["track"].pk)).text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert english in client.get(url("track_detail", adoption_world["track"].pk)).text


# --- Query bounds -------------------------------------------------------------------------------


def grow(world, units):
    track = world["track"]
    common = {"organisation": track.organisation, "track": track}
    for n in range(10):
        Stakeholder.objects.create(
            **common, name=f"S{n}", influence=3, interest=3, attitude="neutral"
        )
        Champion.objects.create(**common, name=f"C{n}", unit=units[n % 3])
        TrainingSessionFactory(
            track=track,
            title=f"T{n}",
            channel="video",
            held_on=datetime.date(2026, 1, 1),
            trainer="X",
        )
        UsageMeasurement.objects.create(
            **common,
            measured_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
            active_users=n,
        )
        other = AdoptionTrackFactory(initiative=InitiativeFactory(programme=world["programme"]))
        PhaseMove.objects.create(track=other, from_phase=1, to_phase=2)


@pytest.mark.parametrize("name", ["overview", "board", "track_detail", "phase_edit", "track_move"])
def test_pages_need_a_number_of_queries_that_does_not_grow(
    login, members, adoption_world, units, name, django_assert_max_num_queries
):
    track, programme = adoption_world["track"], adoption_world["programme"]
    args = {
        "overview": [],
        "board": [programme.pk],
        "track_detail": [track.pk],
        "phase_edit": [track.pk, 1],
        "track_move": [track.pk],
    }[name]
    client = login(members[PM])
    client.get(url(name, *args))
    with django_assert_max_num_queries(30) as small:
        assert client.get(url(name, *args)).status_code == 200
    grow(adoption_world, units)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(name, *args)).status_code == 200
