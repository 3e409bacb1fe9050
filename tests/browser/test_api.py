"""The API in a real Chromium: making a token (shown once) and revoking it, axe-core on
the token page; Swagger UI and Redoc working under the site's Content-Security-Policy
(the page fixture fails a test on any CSP violation in the console)."""

import pytest
from playwright.sync_api import expect

from api.models import PersonalAccessToken
from organisations.models import Role
from tests.browser.helpers import log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Swagger UI and Redoc build their pages from the schema in the browser.
RENDER_TIMEOUT_MS = 20_000


def test_a_token_is_made_shown_once_and_revoked(page, live_server, members, accessible):
    pm = members[Role.PROGRAMME_MANAGER]
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "api:tokens")
    # The source strings: the Dutch ones are translated after this part is built.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    accessible(page)

    page.get_by_label("Name").fill("Dashboard programmabureau")
    page.get_by_role("button", name="Make token").click()

    shown = page.get_by_test_id("new-token")
    expect(shown).to_be_visible()
    secret = shown.input_value()
    token = PersonalAccessToken.objects.get()
    assert secret.startswith(token.prefix) and token.user == pm
    accessible(page)

    # Once: the next visit shows the start of it, never the whole.
    visit(page, live_server, "api:tokens")
    expect(page.get_by_test_id("new-token")).to_have_count(0)
    assert secret not in page.content()
    expect(page.get_by_role("cell", name=f"{token.prefix}…")).to_be_visible()

    page.get_by_role("button", name="Revoke Dashboard programmabureau").click()
    expect(page.get_by_role("cell", name="revoked")).to_be_visible()
    token.refresh_from_db()
    assert token.is_revoked
    accessible(page)


def test_swagger_ui_shows_the_operations_under_the_csp(page, live_server, db, check_accessibility):
    """Its own markup and colours pass axe-core with our settings and stylesheet: the
    list of operations, and one operation opened with its parameters and responses."""
    visit(page, live_server, "api:swagger")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    expect(page.get_by_text("/api/v1/programmes/", exact=True).first).to_be_visible()
    check_accessibility(page)

    page.locator("#operations-initiatives-initiatives_list .opblock-summary-control").click()
    expect(
        page.locator("#operations-initiatives-initiatives_list .responses-table")
    ).to_be_visible()
    check_accessibility(page)


def test_redoc_shows_the_operations_under_the_csp(context, live_server, db, check_accessibility):
    """Redoc's own page: the CSP blocks nothing of it but the Redocly logo it fetches
    from a CDN, which it then leaves out (no request leaves the installation). With the
    theme our template gives it, it passes axe-core."""
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    try:
        visit(page, live_server, "api:redoc")
        expect(page.get_by_role("heading", name="Mensenwerk API")).to_be_visible(
            timeout=RENDER_TIMEOUT_MS
        )
        expect(page.get_by_text("/api/v1/programmes/").first).to_be_attached()
        # The description's Markdown: the header to send, angle brackets and all.
        expect(page.get_by_text("Authorization: Bearer <token>")).to_be_visible()
        expect(page.get_by_role("img", name="redocly logo")).to_have_count(0)
        check_accessibility(page)
    finally:
        page.close()
    assert all("https://cdn.redoc.ly/" in violation for violation in violations), violations
