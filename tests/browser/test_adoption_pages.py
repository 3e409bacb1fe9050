"""axe-core on every Adoptie page, as the roles that see it."""

import pytest
from playwright.sync_api import expect

from adoption.models import ChecklistItem
from organisations.models import Role
from tests.browser.helpers import log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pages(world):
    track, rows = world["track"].pk, world["rows"]
    read = [
        ("overview", []),
        ("board", [world["programme"].pk]),
        ("track_detail", [track]),
    ]
    edit = [
        ("track_edit", [track]),
        ("phase_edit", [track, 1]),
        ("track_move", [track]),
        ("usage_import", [track]),
        *[("item_create", [track, kind]) for kind in rows],
        *[("item_edit", [kind, row.pk]) for kind, row in rows.items()],
        *[("item_delete", [kind, row.pk]) for kind, row in rows.items()],
    ]
    training = [
        ("item_create", [track, "training"]),
        ("item_edit", ["training", rows["training"].pk]),
        ("item_delete", ["training", rows["training"].pk]),
    ]
    # One no track has ticked: its remove button asks first.
    item = ChecklistItem.objects.filter(
        organisation=world["track"].organisation, ticks__isnull=True
    ).first()
    settings = [
        ("checklist", []),
        ("checklist_create", []),
        ("checklist_edit", [item.pk]),
        ("checklist_delete", [item.pk]),
    ]
    return read, edit, training, settings


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_every_page_meets_wcag_21_aa(
    page, live_server, members, adoption_world, role, check_accessibility
):
    read, edit, training, settings = pages(adoption_world)
    visits = read + {
        Role.PROGRAMME_MANAGER: edit,
        Role.HR_ADVISER: training,
        Role.ORGANISATION_ADMIN: settings,
    }.get(role, [])
    log_in(page, live_server, members[role].username, landing=False)
    for name, args in visits:
        visit(page, live_server, f"adoption:{name}", *args)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_accessibility(page)


def test_the_gate_and_form_errors_meet_wcag_21_aa(
    page, live_server, members, adoption_world, check_accessibility
):
    track = adoption_world["track"]
    track.current_phase = 3
    track.save()
    log_in(page, live_server, members[Role.PROGRAMME_MANAGER].username, landing=False)
    visit(page, live_server, "adoption:track_move", track.pk)
    expect(page.locator(".mw-gate")).to_be_visible()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".utrecht-form-field-error-message").first).to_be_visible()
    check_accessibility(page)
    for kind in ("belanghebbende", "scenario", "training"):
        visit(page, live_server, "adoption:item_create", track.pk, kind)
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator(".utrecht-form-field-error-message").first).to_be_visible()
        check_accessibility(page)


def test_a_stakeholder_is_removed_after_the_question(
    page, live_server, members, adoption_world, check_accessibility
):
    stakeholder = adoption_world["rows"]["belanghebbende"]
    log_in(page, live_server, members[Role.PROGRAMME_MANAGER].username, landing=False)
    visit(page, live_server, "adoption:item_edit", "belanghebbende", stakeholder.pk)
    page.get_by_role("button", name="Verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(stakeholder))
    expect(page.get_by_text("Dit kan niet ongedaan worden gemaakt.")).to_be_visible()
    check_accessibility(page)
    # Keeping it goes back to the form, the stakeholder still there.
    page.get_by_role("link", name="Behouden").click()
    expect(page.get_by_role("button", name="Verwijderen")).to_be_visible()
    page.get_by_role("button", name="Verwijderen").click()
    page.get_by_role("button", name="Verwijderen").click()
    expect(page.locator(".mw-messages")).to_contain_text(str(stakeholder))
    assert not type(stakeholder).objects.filter(pk=stakeholder.pk).exists()
