"""Inclusie in a real Chromium: the HR adviser's import and the employee pages,
with axe-core on every page; a director sees no individual."""

import pytest
from playwright.sync_api import expect

from inclusion.models import AccessLogEntry, Employee
from organisations.models import Role
from tests.browser.helpers import log_in, url, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOD = (
    "personeelsnummer;naam;e-mail;afdeling;functie;leidinggevende\n"
    "3001;Anouk Visser;anouk@example.org;Burgerzaken;Adviseur;\n"
    "3002;Bas Kok;bas@example.org;Burgerzaken;Adviseur;3001\n"
)
BAD = GOOD + "3002;Dubbel;geen-adres;;;9999\n"


def upload(page, text):
    page.locator("input[type=file]").set_input_files(
        {"name": "hr.csv", "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.locator("main form button[type=submit]").first.click()


def test_hr_adviser_imports_employees_after_a_preview(
    page, live_server, members, employees, check_accessibility
):
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)
    visit(page, live_server, "inclusion:employees:import")
    check_accessibility(page)

    upload(page, BAD)
    problems = page.locator("#import-problems")
    expect(problems).to_be_visible()
    expect(problems.locator("tbody tr")).not_to_have_count(0)
    expect(problems).to_contain_text("4")
    check_accessibility(page)
    assert not Employee.objects.filter(personnel_number="3001").exists()

    upload(page, GOOD)
    expect(page.locator("#preview-heading")).to_be_visible()
    check_accessibility(page)
    assert not Employee.objects.filter(personnel_number="3001").exists(), "preview only"
    page.locator("button[name=confirm]").click()
    expect(page).to_have_url(url(live_server, "inclusion:employees:list"))
    assert Employee.objects.get(personnel_number="3002").manager.name == "Anouk Visser"

    page.locator("#filter-q").fill("Bas")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    check_accessibility(page)
    page.locator("#results a", has_text="Bas Kok").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bas Kok")
    check_accessibility(page)
    assert AccessLogEntry.objects.filter(personnel_number="3002", action="view").exists()


def test_an_imports_problems_are_read_in_full_on_a_phone(page, live_server, members, employees):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)
    visit(page, live_server, "inclusion:employees:import")
    upload(page, BAD)
    problems = page.locator("#import-problems")
    expect(problems.locator("tbody tr")).not_to_have_count(0)
    # What is wrong fits beside its row and column: nothing to scroll sideways to.
    table = problems.locator("table")
    fits = table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
    assert fits
    message = problems.locator("tbody tr td").last.bounding_box()
    assert message["x"] + message["width"] <= 390


@pytest.mark.parametrize("role", [Role.ORGANISATION_ADMIN, Role.HR_ADVISER], ids=str)
def test_employee_pages_meet_wcag_21_aa(
    page, live_server, members, employees, role, check_accessibility
):
    log_in(page, live_server, members[role].username, landing=False)
    names = ["inclusion:overview", "inclusion:employees:list"]
    if role == Role.ORGANISATION_ADMIN:
        names.append("inclusion:employees:access_log")
    else:
        names += ["inclusion:employees:create"]
    for name in names:
        visit(page, live_server, name)
        check_accessibility(page)
    visit(page, live_server, "inclusion:employees:detail", employees[1].pk)
    check_accessibility(page)
    if role == Role.HR_ADVISER:
        visit(page, live_server, "inclusion:employees:edit", employees[1].pk)
        page.locator("#id_email").fill("geen-adres")
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator(".utrecht-form-field-error-message").first).to_be_visible()
        check_accessibility(page)


def test_a_director_sees_no_individual(page, live_server, members, employees, check_accessibility):
    log_in(page, live_server, members[Role.DIRECTOR].username, landing=False)
    visit(page, live_server, "inclusion:overview")
    check_accessibility(page)
    expect(page.locator("main")).not_to_contain_text("Marieke Bos")
    expect(page.locator("main a[href*=medewerkers]")).to_have_count(0)
    visit(page, live_server, "inclusion:employees:list", status=403)


def test_hr_adviser_sees_the_trail_gives_inzage_and_anonymises(
    page, live_server, members, employees, check_accessibility
):
    """The employee's page of someone who left: the change just made in the trail, the
    inzage as JSON and as a PDF, then anonymising with a reason."""
    employee = employees[1]
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)
    visit(page, live_server, "inclusion:employees:edit", employee.pk)
    page.get_by_label("In dienst").uncheck()
    page.get_by_label("Uit dienst op").fill("2026-06-30")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Wijzigingen")
    expect(page.locator("main table").last).to_contain_text("30 juni 2026")
    check_accessibility(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als JSON").click()
    assert download.value.suggested_filename.endswith(".json")

    page.get_by_role("button", name="Maak de inzage als PDF").click()
    expect(page.locator("main")).to_contain_text("Klaar", timeout=30_000)
    check_accessibility(page)

    visit(page, live_server, "inclusion:employees:detail", employee.pk)
    page.get_by_role("link", name="Deze medewerker anonimiseren").click()
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".utrecht-form-field-error-message").first).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Reden").fill("Verzoek van de medewerker (art. 17 AVG)")
    page.get_by_label("Ik begrijp dat dit niet ongedaan kan worden gemaakt").check()
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Geanonimiseerde medewerker")
    check_accessibility(page)
    employee.refresh_from_db()
    assert employee.anonymised_at is not None
