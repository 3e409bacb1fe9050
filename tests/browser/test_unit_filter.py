"""The unit filter of a large organisation in a real Chromium: a search box that offers
the units as one types, chosen with the keyboard, the list filtered in place; axe-core
with the options open, at 1366 and 390 pixels wide."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from organisations import forms as organisation_forms
from organisations.models import Role, UnitKind
from tests.browser.helpers import log_in, visit
from tests.factories import EmployeeFactory, OrganisationUnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SHOTS")


@pytest.fixture
def large(voorbeeldstad, monkeypatch):
    """More units than the select shows (three here): a department with three teams,
    an employee in each team."""
    monkeypatch.setattr(organisation_forms, "SELECT_MAX", 3)
    department = OrganisationUnitFactory(
        organisation=voorbeeldstad, name="Afdeling Burgerzaken", kind=UnitKind.DEPARTMENT
    )
    teams = {}
    for name, person in (
        ("Team Balie", "Fenna Balie"),
        ("Team Burgerzaken Noord", "Noor Noord"),
        ("Team Burgerzaken Zuid", "Zeger Zuid"),
    ):
        team = OrganisationUnitFactory(
            organisation=voorbeeldstad, name=name, kind=UnitKind.TEAM, parent=department
        )
        teams[name] = (team, EmployeeFactory(organisation=voorbeeldstad, unit=team, name=person))
    return teams


@pytest.mark.parametrize("size", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}])
def test_a_unit_is_found_as_one_types_and_filters_the_list(
    page, live_server, members, large, accessible, size
):
    noord, noor = large["Team Burgerzaken Noord"]
    page.set_viewport_size(size)
    choose_a_unit(page, live_server, members, large, accessible, noord, noor, size)


def choose_a_unit(page, live_server, members, large, accessible, noord, noor, size):
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)
    visit(page, live_server, "inclusion:employees:list")
    box = page.get_by_role("combobox", name=re.compile("onderdeel|unit", re.IGNORECASE))
    expect(box).to_have_attribute("aria-expanded", "false")
    accessible(page)

    box.focus()
    page.keyboard.type("burger")
    options = page.locator("#filter-unit-options [role=option]")
    expect(options).to_have_count(3)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#filter-unit-status")).to_have_text(re.compile("3"))
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=f"{SHOTS}/unit-filter-{size['width']}.png", full_page=True, caret="initial"
        )
    accessible(page)

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(box).to_have_value("Team Burgerzaken Noord")
    expect(box).to_be_focused()
    results = page.locator("#results")
    expect(results).to_contain_text(noor.name)
    expect(results).not_to_contain_text(large["Team Balie"][1].name)
    expect(page).to_have_url(re.compile(rf"unit={noord.pk}"))
    accessible(page)

    # The address keeps the choice: the page opened again shows it.
    page.reload()
    expect(box).to_have_value("Team Burgerzaken Noord")
    expect(page.locator("#results")).not_to_contain_text(large["Team Balie"][1].name)

    # An empty box is every unit again.
    box.fill("")
    box.press("Tab")
    expect(page.locator("#results")).to_contain_text(large["Team Balie"][1].name)


def test_the_logging_page_finds_its_unit_and_then_only_its_people(
    page, live_server, members, large, accessible
):
    """On the page for logging actions the unit is a search box too; once chosen, the
    employee search finds only that unit's people."""
    _noord, noor = large["Team Burgerzaken Noord"]
    zeger = large["Team Burgerzaken Zuid"][1]
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)
    visit(page, live_server, "inclusion:actions:log")
    box = page.locator("#id_unit")
    expect(box).to_have_attribute("role", "combobox")
    box.focus()
    page.keyboard.type("noord")
    expect(page.locator("#id_unit-options [role=option]")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(box).to_have_value("Team Burgerzaken Noord")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/unit-log-1366.png", full_page=True, caret="initial")
    accessible(page)

    page.locator("#employee-search").focus()
    page.keyboard.type("z")
    expect(page.locator("#employee-search-status")).not_to_be_empty()
    expect(page.locator("#employee-options")).not_to_contain_text(zeger.name)
    page.locator("#employee-search").fill("")
    page.keyboard.type(noor.name.split()[0])
    expect(page.locator("#employee-options [role=option]")).to_have_count(1)
    expect(page.locator("#employee-options")).to_contain_text(noor.name)


def test_the_employee_forms_manager_is_found_by_name_and_saved_with_the_form(
    page, live_server, members, large, accessible, voorbeeldstad
):
    """In a form the box chooses without sending it: the manager is saved with Save."""
    from inclusion.models import Employee

    noord, noor = large["Team Burgerzaken Noord"]
    zeger = large["Team Burgerzaken Zuid"][1]
    EmployeeFactory(organisation=voorbeeldstad, unit=noord, name="Zoë Zuiderwijk")
    EmployeeFactory(organisation=voorbeeldstad, unit=noord, name="Wim Wester")
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)
    visit(page, live_server, "inclusion:employees:edit", noor.pk)
    box = page.locator("#id_manager")
    expect(box).to_have_attribute("role", "combobox")
    accessible(page)

    box.focus()
    page.keyboard.type("zeg")
    options = page.locator("#id_manager-options [role=option]")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Team Burgerzaken Zuid")
    accessible(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(box).to_have_value(zeger.name)
    expect(page.locator("#id_manager-value")).to_have_value(str(zeger.pk))
    expect(page.locator("#id_manager-status")).to_contain_text(zeger.name)
    # Chosen, not sent: still the form, nothing saved yet.
    assert "/bewerken/" in page.url
    assert Employee.objects.get(pk=noor.pk).manager is None
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/manager-1366.png", full_page=True, caret="initial")

    page.get_by_role("button", name=re.compile("^(Opslaan|Save)$")).click()
    expect(page.locator("main")).to_contain_text(zeger.name)
    assert Employee.objects.get(pk=noor.pk).manager == zeger


@pytest.mark.parametrize("size", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}])
def test_an_initiatives_units_are_added_from_the_search_box_and_saved(
    page, live_server, members, large, accessible, programme_world, size
):
    """Several units: each choice becomes a ticked checkbox above the box; unticked, it is
    left out when the form is saved."""
    initiative = programme_world["initiative"]
    page.set_viewport_size(size)
    log_in(page, live_server, members[Role.PROGRAMME_MANAGER].username, landing=False)
    visit(page, live_server, "transformation:initiative_edit", initiative.pk)
    box = page.locator("#id_units")
    expect(box).to_have_attribute("data-combobox", "many")
    box.focus()
    page.keyboard.type("burgerzaken")
    options = page.locator("#id_units-options [role=option]")
    expect(options).to_have_count(3)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.type("balie")
    expect(options).to_have_count(1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    noord, balie = large["Team Burgerzaken Noord"][0], large["Team Balie"][0]
    expect(page.locator(f"#id_units-chosen-{noord.pk}")).to_be_checked()
    expect(page.locator(f"#id_units-chosen-{balie.pk}")).to_be_checked()
    expect(box).to_have_value("")
    expect(page.locator("#id_units-status")).to_contain_text("Team Balie")
    assert "/bewerken/" in page.url  # chosen, not sent
    if SHOTS:
        page.screenshot(
            path=f"{SHOTS}/units-many-{size['width']}.png", full_page=True, caret="initial"
        )
    accessible(page)
    page.locator(f"label[for='id_units-chosen-{noord.pk}']").click()  # untick
    expect(page.locator(f"#id_units-chosen-{noord.pk}")).not_to_be_checked()
    page.get_by_role("button", name=re.compile("^(Opslaan|Save)$")).click()
    expect(page).not_to_have_url(re.compile("/bewerken/"))
    assert balie in initiative.units.all() and noord not in initiative.units.all()


@pytest.mark.parametrize("size", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}])
def test_the_admin_dashboard_of_many_units_counts_them_per_directorate(
    page, live_server, members, large, accessible, size
):
    page.set_viewport_size(size)
    log_in(page, live_server, members[Role.ORGANISATION_ADMIN].username, landing=False)
    visit(page, live_server, "organisations:dashboard")
    table = page.get_by_role("region", name=re.compile("Organisatieonderdelen|units"))
    expect(table).to_contain_text("Afdeling Burgerzaken")
    expect(table).not_to_contain_text("Team Balie")
    if SHOTS:
        page.screenshot(
            path=f"{SHOTS}/admin-units-{size['width']}.png", full_page=True, caret="initial"
        )
    accessible(page)
