"""Each role's journey in a real Chromium, with axe-core on every page visited."""

import time

import pytest
from playwright.sync_api import expect

from organisations.models import Role
from tests.browser.helpers import log_in, log_in_with_the_form, submit, visit
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.factories_twofactor import TOTPDeviceFactory, code_now
from twofactor.models import ROLES_THAT_REQUIRE_IT as SECOND_FACTOR_ROLES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each link of the main navigation leads to the page of the same name.
SECTIONS = ["Visie & programma", "Adoptie", "Inclusie", "Rapportages"]


def test_login_page_is_dutch_and_accessible(page, live_server, check_accessibility):
    visit(page, live_server, "login")
    assert page.locator("html").get_attribute("lang") == "nl"
    check_accessibility(page)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".utrecht-form-field-error-message").first).to_be_visible()
    check_accessibility(page)


def test_skip_link_is_the_first_stop_and_leads_to_the_content(page, live_server):
    # The login page puts the focus in the username field; the reset page does not.
    visit(page, live_server, "password_reset")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    ("role", "dashboard_text"),
    [
        (Role.PROGRAMME_MANAGER, "programmamanager"),
        (Role.HR_ADVISER, "HR-adviseur"),
        (Role.DIRECTOR, "directeur"),
        (Role.ORGANISATION_ADMIN, "organisatiebeheerder"),
    ],
    ids=str,
)
def test_each_role_reaches_its_dashboard_and_sections(
    page, live_server, members, role, dashboard_text, check_accessibility
):
    # HR advisers and organisation admins pass the second step with their app's code.
    app = TOTPDeviceFactory(user=members[role]) if role in SECOND_FACTOR_ROLES else None
    log_in_with_the_form(page, live_server, members[role].username)
    if app is not None:
        page.locator("#id_code").fill(code_now(app))
        submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.locator("main")).to_contain_text(dashboard_text)
    # The script is deferred: it runs once the document is parsed, if the policy lets it.
    # Polled from here: wait_for_function evaluates its predicate with eval in the page
    # once it has to wait, which the policy rightly refuses.
    deadline = time.monotonic() + 10
    while not page.evaluate("typeof window.htmx === 'object'"):
        assert time.monotonic() < deadline, "htmx did not load"
        page.wait_for_timeout(50)
    check_accessibility(page)

    navigation = page.get_by_role("navigation", name="Hoofdnavigatie")
    for section in SECTIONS:
        navigation.get_by_role("link", name=section).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(section)
        expect(navigation.get_by_role("link", name=section)).to_have_attribute(
            "aria-current", "page"
        )
        check_accessibility(page)

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Mensenwerk")


def test_language_switch_to_english_and_back(page, live_server, members, check_accessibility):
    log_in(page, live_server, members[Role.DIRECTOR].username)
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text(
        "Vision & programme"
    )
    check_accessibility(page)
    page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"


def test_adviser_of_two_organisations_switches_between_them(
    page, live_server, voorbeeldstad, buurdorp, check_accessibility
):
    adviser = UserFactory(username="adviseur")
    MembershipFactory(user=adviser, organisation=voorbeeldstad, role=Role.PROGRAMME_MANAGER)
    MembershipFactory(user=adviser, organisation=buurdorp, role=Role.DIRECTOR)

    log_in(page, live_server, "adviseur")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies een organisatie")
    check_accessibility(page)
    page.get_by_role("button", name="Werken bij Gemeente Buurdorp").click()
    expect(page.locator("main")).to_contain_text("Gemeente Buurdorp")
    expect(page.locator("main")).to_contain_text("directeur")

    page.get_by_label("Organisatie").select_option("voorbeeldstad")
    page.get_by_role("button", name="Wisselen").click()
    expect(page.locator("main")).to_contain_text("Gemeente Voorbeeldstad")
    expect(page.locator("main")).to_contain_text("programmamanager")
    check_accessibility(page)


def test_organisation_admin_adds_a_unit_in_the_administration(
    page, live_server, members, voorbeeldstad, check_accessibility
):
    log_in(page, live_server, members[Role.ORGANISATION_ADMIN].username)
    page.get_by_role("link", name="Beheer").first.click()
    expect(page.locator("#site-name")).to_contain_text("Mensenwerk")
    check_accessibility(page)
    page.get_by_role("link", name="Organisatieonderdelen").first.click()
    check_accessibility(page)
    page.get_by_role("link", name="Organisatieonderdeel toevoegen").click()
    page.get_by_label("Organisatie").select_option(label="Gemeente Voorbeeldstad")
    page.get_by_label("Naam").fill("Afdeling Dienstverlening")
    page.get_by_label("Soort").select_option(label="afdeling")
    check_accessibility(page)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Afdeling Dienstverlening")


def test_error_pages_are_accessible(page, live_server, members, check_accessibility):
    log_in(page, live_server, members[Role.DIRECTOR].username, landing=False)
    # An address that is no page at all.
    response = page.goto(f"{live_server.url}/bestaat-niet/")
    assert response.status == 404
    check_accessibility(page)
    visit(page, live_server, "admin:index", status=403)
    check_accessibility(page)


def test_the_page_for_a_database_that_is_away_is_accessible(
    page, live_server, settings, check_accessibility
):
    settings.ROOT_URLCONF = "tests.urls_failing"
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    for address in ("/kapot/", "/database-weg/"):
        response = page.goto(f"{live_server.url}{address}")
        assert response.status == (500 if address == "/kapot/" else 503)
        check_accessibility(page)


def test_admin_filters_users_by_role_without_a_page_reload(
    page, live_server, members, check_accessibility
):
    log_in(page, live_server, members[Role.ORGANISATION_ADMIN].username)
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Rol", exact=True).select_option(label="Directeur")
    members_list = page.locator("#members")
    expect(members_list).to_contain_text("1 gebruiker")
    expect(members_list).to_contain_text(members[Role.DIRECTOR].username)
    expect(members_list).not_to_contain_text(members[Role.HR_ADVISER].username)
    assert page.evaluate("window.notReloaded") is True
    assert "role=director" in page.url
    check_accessibility(page)


def test_password_pages_are_accessible_and_explain_errors(
    page, live_server, members, check_accessibility
):
    visit(page, live_server, "password_reset")
    check_accessibility(page)
    page.get_by_label("E-mailadres").fill(members[Role.HR_ADVISER].email)
    page.get_by_role("button", name="Link versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in je e-mail")
    check_accessibility(page)

    log_in(page, live_server, members[Role.HR_ADVISER].username)
    page.get_by_role("link", name=members[Role.HR_ADVISER].get_full_name()).click()
    page.get_by_role("link", name="Wijzig je wachtwoord").click()
    page.get_by_label("Oud wachtwoord").fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("kort")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("kort")
    page.get_by_role("button", name="Mijn wachtwoord wijzigen").click()
    expect(page.locator(".utrecht-form-field-error-message").first).to_contain_text("te kort")
    check_accessibility(page)


def test_the_accessibility_check_finds_what_is_wrong(page, live_server, check_accessibility):
    """The check every browser test relies on fails on a page with a violation."""
    visit(page, live_server, "login")
    check_accessibility(page)  # axe-core is loaded now; the next check uses it as it is
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    with pytest.raises(AssertionError, match="image-alt"):
        check_accessibility(page)
