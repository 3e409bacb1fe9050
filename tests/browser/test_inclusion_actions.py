"""Digital-skills actions in a real Chromium: an HR adviser logs actions in a row by
keyboard without a reload, one for a whole unit, records a POP-gesprek and sees
the coverage change; axe-core on every page and after every swap."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inclusion.models import PopConversation, SkillsAction
from organisations.models import Role
from tests.browser.helpers import log_in, visit
from tests.factories import EmployeeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_by_keyboard(page, employee, hours):
    """Find one employee with the picker, choose her with Enter, type the hours and press
    Enter."""
    page.locator("#employee-search").focus()
    page.keyboard.type(employee.name)
    expect(page.locator("#employee-options [role=option]")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator(f"#employee-chips input[value='{employee.pk}']")).to_have_count(1)
    page.locator("#id_hours").focus()
    page.keyboard.type(hours)
    page.keyboard.press("Enter")


def test_hr_adviser_logs_actions_in_a_row_and_records_a_pop_gesprek(
    page, live_server, members, employees, units, voorbeeldstad, check_accessibility
):
    elders = EmployeeFactory(name="Elders", unit=units[1])
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)
    visit(page, live_server, "inclusion:actions:log")
    check_accessibility(page)
    kind = page.locator("#id_kind")
    expect(kind).to_be_focused()

    loads = []

    def loaded(_page):
        loads.append(1)

    page.on("load", loaded)

    # The type by keyboard; the unit narrows the search.
    kind.select_option("intervisie")
    page.locator("#id_held_on").fill("2026-03-02")
    page.locator("#id_unit").select_option(str(units[0].pk))
    page.locator("#employee-search").fill("e")
    expect(page.locator("#employee-options [role=option]")).to_have_count(6)
    expect(page.locator("#employee-options")).not_to_contain_text("Elders")
    check_accessibility(page)
    page.locator("#employee-search").fill("")
    page.locator("#id_competences_0").focus()
    page.keyboard.press("Space")

    status = page.locator("#action-status")
    for n, employee in enumerate(employees[1:4], start=1):
        log_by_keyboard(page, employee, "1,5")
        expect(status).to_contain_text(employee.name)
        expect(kind).to_be_focused()
        assert SkillsAction.objects.count() == n
        # The last choices stay; the employees are cleared.
        expect(kind).to_have_value("intervisie")
        expect(page.locator("#id_held_on")).to_have_value("2026-03-02")
        expect(page.locator("#id_unit")).to_have_value(str(units[0].pk))
        expect(page.locator("#id_competences_0")).to_be_checked()
        expect(page.locator("#employee-chips li")).to_have_count(0)
        expect(page.locator("#recent-actions li")).to_have_count(n)
        check_accessibility(page)
    page.remove_listener("load", loaded)
    assert loads == [], "the page was not reloaded"
    assert [list(a.employees.all()) for a in SkillsAction.objects.order_by("pk")] == [
        [e] for e in employees[1:4]
    ]

    # An error stays at the field, and nothing is saved.
    page.locator("#id_hours").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_employees_error")).to_be_visible()
    check_accessibility(page)
    assert SkillsAction.objects.count() == 3

    # The whole unit: one action for everyone who works there now.
    page.locator("#id_whole_unit").focus()
    page.keyboard.press("Space")
    page.locator("#id_hours").fill("2")
    page.keyboard.press("Enter")
    # Three of the six had this intervisie already: a warning first, saved on purpose.
    save_anyway = page.locator("button[name=save_anyway]")
    expect(save_anyway).to_be_focused()
    expect(page.locator("#action-form [role=alert]")).to_contain_text("3")
    check_accessibility(page)
    assert SkillsAction.objects.count() == 3
    page.keyboard.press("Enter")
    expect(status).to_contain_text(units[0].name)
    check_accessibility(page)
    whole = SkillsAction.objects.get(unit=units[0])
    assert set(whole.employees.all()) == set(employees)
    assert elders not in whole.employees.all()
    assert loads == []

    # The list shows them, filtered through htmx.
    visit(page, live_server, "inclusion:actions:list")
    check_accessibility(page)
    page.locator("#filter-unit").select_option(str(units[1].pk))
    expect(page.locator("#results")).not_to_contain_text("Medewerker 0")
    check_accessibility(page)

    # Coverage before the POP-gesprek: nobody in the unit yet.
    visit(page, live_server, "inclusion:actions:pop_coverage")
    check_accessibility(page)
    row = page.locator("#coverage tbody tr", has_text=units[0].name)
    expect(row).to_contain_text("0%")

    # A POP-gesprek with digital skills for one of the six.
    visit(page, live_server, "inclusion:actions:employee_pop", employees[1].pk)
    check_accessibility(page)
    page.locator(
        f"a[href='{reverse('inclusion:actions:pop_create', args=[employees[1].pk])}']"
    ).click()
    check_accessibility(page)
    page.locator("#id_digital_skills").check()
    page.locator("#id_agreements").fill("Volgt de e-learning Teams.")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Volgt de e-learning Teams.")
    check_accessibility(page)
    assert PopConversation.objects.get().digital_skills

    visit(page, live_server, "inclusion:actions:pop_coverage")
    expect(row).to_contain_text("17%")
    check_accessibility(page)


def test_a_director_sees_coverage_without_small_groups(
    page, live_server, members, employees, units, voorbeeldstad, check_accessibility
):
    EmployeeFactory(name="Elders", unit=units[1])
    log_in(page, live_server, members[Role.DIRECTOR].username, landing=False)
    visit(page, live_server, "inclusion:actions:pop_coverage")
    check_accessibility(page)
    expect(page.locator("#coverage tbody tr", has_text=units[1].name)).to_contain_text("<5")
    expect(page.locator("main")).not_to_contain_text("Elders")
    page.locator("#filter-jaar").select_option(
        str(page.locator("#filter-jaar option").nth(1).get_attribute("value"))
    )
    expect(page.locator("#coverage caption")).to_contain_text(
        page.locator("#filter-jaar").input_value()
    )
    check_accessibility(page)
    # On a phone the table scrolls sideways in a region the keyboard reaches.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_accessibility(page)


def test_the_hr_adviser_ticks_training_attendance(
    page, live_server, members, employees, adoption_world, check_accessibility
):
    session = adoption_world["rows"]["training"]
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)
    visit(page, live_server, "inclusion:actions:training_attendance", session.pk)
    check_accessibility(page)
    for employee in employees[:2]:
        page.locator(f"#attendance input[value='{employee.pk}']").check()
    page.locator("#attendance button[type=submit]").click()
    expect(page.locator(".mw-messages")).not_to_be_empty()
    check_accessibility(page)
    session.refresh_from_db()
    assert session.attendance == 2
    assert SkillsAction.objects.get(training_session=session).employees.count() == 2
