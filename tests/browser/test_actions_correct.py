"""Digital-skills actions corrected and completed, in a real Chromium: the picker by
keyboard only, correcting an action, deleting it with a reason, completing planned
actions one by one and in bulk; axe-core on every state.

Set SHOTS=/tmp/shots-actions to keep the screenshots (desktop and phone) for a look."""

import datetime
import os

import pytest
from django.utils.timezone import localdate as today
from playwright.sync_api import expect

from inclusion.actions import services
from inclusion.models import SkillsAction
from organisations.models import Role
from tests.browser.helpers import assert_not_reloaded, log_in, mark_page, visit
from tests.factories import EmployeeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SHOTS", "")
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def shoot(page, name):
    """Screenshots at both sizes, when SHOTS names a folder (never in the repo)."""
    if not SHOTS:
        return
    os.makedirs(SHOTS, exist_ok=True)
    before = page.viewport_size
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        # The caret as it is: hiding it would take a style the page's CSP refuses.
        page.screenshot(
            path=f"{SHOTS}/{name}-{size}.png", full_page=size == "phone", caret="initial"
        )
    page.set_viewport_size(before)


def planned_actions(organisation, hr, employees, n=3):
    day = today() - datetime.timedelta(days=5)
    return [
        services.skills_action_log(
            organisation=organisation,
            by=hr,
            kind="intervisie",
            held_on=day,
            employees=[employee],
            status="planned",
            notes="Casus",
        )
        for employee in employees[1 : n + 1]
    ]


def test_the_picker_by_keyboard_only(
    page, live_server, members, employees, units, voorbeeldstad, check_accessibility
):
    EmployeeFactory(name="Mehmet Elders", unit=units[1])
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)
    visit(page, live_server, "inclusion:actions:log")
    mark_page(page)
    search = page.locator("#employee-search")
    listbox = page.locator("#employee-options")
    search.focus()
    page.keyboard.type("me")
    expect(listbox).to_be_visible()
    expect(search).to_have_attribute("aria-expanded", "true")
    # Name, team and job of each match.
    expect(listbox.locator("[role=option]")).to_have_count(6)
    expect(listbox.locator("[role=option]").first).to_contain_text(units[0].name)
    check_accessibility(page)
    shoot(page, "log-picker-open")

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = listbox.locator("[role=option]").nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(search).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    chosen_name = second.locator(".mw-picker__name").inner_text()
    page.keyboard.press("Enter")
    chips = page.locator("#employee-chips .mw-chip")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text(chosen_name)
    expect(search).to_be_focused()
    expect(page.locator("#employee-search-status")).to_contain_text(chosen_name)
    # The list stays open at the next match: a second one with Enter.
    expect(listbox.locator("[role=option]")).to_have_count(5)
    page.keyboard.press("Enter")
    expect(chips).to_have_count(2)
    check_accessibility(page)

    # Escape closes the list; the search text stays.
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(search).to_have_attribute("aria-expanded", "false")
    expect(search).to_have_value("me")
    check_accessibility(page)

    # Back to the chips, remove the last one with the keyboard.
    page.keyboard.press("Shift+Tab")
    remove = chips.nth(1).locator("button")
    expect(remove).to_be_focused()
    expect(remove).to_have_accessible_name(
        f"Verwijder {chips.nth(1).locator('span').first.inner_text()}"
    )
    page.keyboard.press("Enter")
    expect(chips).to_have_count(1)
    expect(chips.first.locator("button")).to_be_focused()
    check_accessibility(page)

    # Log it: Enter in the hours field logs, with the one person left.
    page.locator("#id_hours").focus()
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    expect(page.locator("#action-status")).to_contain_text(chosen_name)
    expect(page.locator("#employee-chips .mw-chip")).to_have_count(0)
    check_accessibility(page)
    assert_not_reloaded(page)
    action = SkillsAction.objects.get()
    assert [e.name for e in action.employees.all()] == [chosen_name]


def test_the_hr_adviser_corrects_an_action_and_deletes_one_with_a_reason(
    page, live_server, members, employees, units, voorbeeldstad, accessible
):
    hr = members[Role.HR_ADVISER]
    first, second, _third = planned_actions(voorbeeldstad, hr, employees)
    log_in(page, live_server, hr.username, landing=False)
    visit(page, live_server, "inclusion:actions:list")
    accessible(page)
    page.locator(f"#action-{first.pk} a[href*='/bewerken/']").click()
    expect(page.locator("h1")).to_contain_text("Intervisie")
    expect(page.locator("#employee-chips .mw-chip")).to_contain_text(employees[1].name)
    accessible(page)

    # Another person instead, other notes, and done.
    page.locator("#employee-chips .mw-chip__remove").first.click()
    page.locator("#employee-search").fill("Marieke")
    page.locator("#employee-options [role=option]").first.click()
    expect(page.locator("#employee-chips .mw-chip")).to_have_count(1)
    expect(page.locator("#employee-chips .mw-chip")).to_contain_text("Marieke Bos")
    page.locator("#id_status").select_option("done")
    page.locator("#id_notes").fill("Gecorrigeerd: het was Marieke")
    page.locator("main form.mw-form button.utrecht-button--primary-action").click()
    expect(page.locator(".mw-messages")).not_to_be_empty()
    accessible(page)
    first.refresh_from_db()
    assert first.status == "done" and first.notes.startswith("Gecorrigeerd")
    assert [e.name for e in first.employees.all()] == ["Marieke Bos"]

    # The trail says who changed what.
    visit(page, live_server, "inclusion:actions:edit", first.pk)
    trail = page.locator(".mw-trail")
    expect(trail).to_contain_text(hr.get_full_name() or hr.username)
    expect(trail).to_contain_text("Gecorrigeerd")
    accessible(page)

    # Deleting needs a reason, at the field.
    visit(page, live_server, "inclusion:actions:edit", second.pk)
    page.locator("a[href*='/verwijderen/']").click()
    accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_reason_error")).to_be_visible()
    accessible(page)
    page.locator("#id_reason").fill("Dubbel ingevoerd")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".mw-messages")).not_to_be_empty()
    accessible(page)
    assert not SkillsAction.objects.filter(pk=second.pk).exists()
    assert SkillsAction.history.get(id=second.pk, history_type="-").history_change_reason == (
        "Dubbel ingevoerd"
    )


def test_planned_actions_are_completed_one_by_one_and_in_bulk(
    page, live_server, members, employees, units, voorbeeldstad, accessible
):
    hr = members[Role.HR_ADVISER]
    actions = planned_actions(voorbeeldstad, hr, employees, n=5)
    log_in(page, live_server, hr.username, landing=False)
    visit(page, live_server, "inclusion:actions:list")
    mark_page(page)
    accessible(page)

    # One in place, through htmx: its badge changes colour and words.
    row = page.locator(f"#action-{actions[0].pk}")
    expect(row.locator(".mw-badge")).to_have_class("mw-badge mw-badge--amber mw-badge--planned")
    row.locator("button[value=done]").click()
    expect(row.locator(".mw-badge")).to_have_class("mw-badge mw-badge--green mw-badge--done")
    expect(page.locator("#list-status")).not_to_be_empty()
    expect(row.locator("button[value=done]")).to_have_count(0)
    assert_not_reloaded(page)
    accessible(page)

    # All on this page ticked, then done together.
    page.locator("#select-all").check()
    expect(page.locator("#action-rows input[name=selected]:checked")).to_have_count(5)
    accessible(page)
    shoot(page, "list-bulk-selection")
    page.locator("#bulk-form .mw-bulk button[value=done]").first.click()
    expect(page.locator(".mw-messages")).to_contain_text("4")
    accessible(page)
    assert SkillsAction.objects.filter(status="done").count() == 5


def test_all_planned_actions_matching_the_filters_are_done_after_one_more_question(
    page, live_server, members, employees, voorbeeldstad, accessible
):
    hr = members[Role.HR_ADVISER]
    planned_actions(voorbeeldstad, hr, employees, n=3)
    log_in(page, live_server, hr.username, landing=False)
    visit(page, live_server, "inclusion:actions:list")
    page.locator("#bulk-form button[formaction*='scope=matching']").click()
    expect(page.locator("h1")).to_have_text("3 geplande acties als afgerond markeren?")
    assert SkillsAction.objects.filter(status="done").count() == 0
    accessible(page)
    shoot(page, "bulk-matching-question")
    page.get_by_role("button", name="3 acties als afgerond markeren").click()
    expect(page.locator(".mw-messages")).to_contain_text("3")
    accessible(page)
    assert SkillsAction.objects.filter(status="done").count() == 3


def test_a_session_is_completed_from_an_action(
    page, live_server, members, employees, voorbeeldstad, accessible
):
    hr = members[Role.HR_ADVISER]
    actions = planned_actions(voorbeeldstad, hr, employees)
    log_in(page, live_server, hr.username, landing=False)
    visit(page, live_server, "inclusion:actions:edit", actions[1].pk)
    accessible(page)
    page.locator("form.mw-session button").click()
    expect(page.locator(".mw-messages")).to_contain_text("3")
    accessible(page)
    assert SkillsAction.objects.filter(status="done").count() == 3
