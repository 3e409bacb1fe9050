"""Logging in with the organisation's account in a real Chromium, through a real OpenID
Connect provider's own pages (panva's oidc-provider on loopback, tests/oidc/).

Set SHOTS=/tmp/shots/sso to keep the screenshots of the login page (desktop and phone)."""

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from organisations.models import Membership, Role
from tests.browser.helpers import at, visit
from tests.factories_sso import GroupRoleFactory, IdentityProviderFactory
from tests.oidc import CLIENT_SECRET, SECRET_ENV, start_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SHOTS", "")
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
START_BUTTON = 'a[href^="/accounts/sso/inloggen/"]'


@pytest.fixture(scope="module")
def oidc(live_server, tmp_path_factory):
    provider = start_provider(tmp_path_factory.mktemp("oidc"), redirect_base=live_server.url)
    yield provider
    provider.stop()


@pytest.fixture
def idp(oidc, voorbeeldstad, monkeypatch):
    # The live server runs in this process: it reads the secret from this environment.
    monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)
    provider = IdentityProviderFactory(
        organisation=voorbeeldstad,
        label="Voorbeeldstad-account",
        issuer=oidc.issuer,
        groups_claim="groups",
        create_users=True,
    )
    GroupRoleFactory(provider=provider, group="g-directie", role=Role.DIRECTOR)
    return provider


def shoot(page, name):
    """Screenshots at both sizes, when SHOTS names a folder (never in the repo)."""
    if not SHOTS:
        return
    os.makedirs(SHOTS, exist_ok=True)
    before = page.viewport_size
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=f"{SHOTS}/{name}-{size}.png", full_page=True, caret="initial")
    page.set_viewport_size(before)


def log_in_at_the_provider(page, login):
    """The provider's own (development) login page: any password is right."""
    page.locator('input[name="login"]').fill(login)
    page.locator('input[name="password"]').fill("any password")
    page.locator('button[type="submit"]').click()


def test_member_logs_in_through_the_provider_and_lands_on_the_dashboard_with_the_role(
    page, live_server, idp, oidc, check_accessibility
):
    oidc.configure(
        accounts={
            "anna-1": {
                "claims": {"email": "anna@voorbeeldstad.nl", "groups": ["g-directie"]},
                "amr": ["pwd", "mfa"],
            }
        }
    )
    visit(page, live_server, "login")
    button = page.locator(START_BUTTON)
    expect(button).to_have_count(1)
    expect(button).to_contain_text("Voorbeeldstad-account")
    check_accessibility(page)
    shoot(page, "login")

    button.click()
    expect(page).to_have_url(re.compile(re.escape(oidc.issuer) + "/interaction/"))
    log_in_at_the_provider(page, "anna-1")

    expect(page).to_have_url(at(reverse("organisations:dashboard")))
    expect(page.locator("main")).to_contain_text("directeur")
    check_accessibility(page)
    membership = Membership.objects.get(user__external_identities__subject="anna-1")
    assert membership.role == Role.DIRECTOR


def test_a_refused_login_comes_back_to_the_login_page_with_the_reason(
    page, live_server, idp, oidc, check_accessibility
):
    idp.create_users = False
    idp.save()
    oidc.configure(accounts={"piet-2": {"claims": {"email": "piet@voorbeeldstad.nl"}}})
    visit(page, live_server, "login")
    page.locator(START_BUTTON).click()
    expect(page).to_have_url(re.compile(re.escape(oidc.issuer) + "/interaction/"))
    log_in_at_the_provider(page, "piet-2")

    expect(page).to_have_url(at("/accounts/login/"))
    alert = page.locator(".utrecht-alert--error")
    expect(alert).to_contain_text("Voorbeeldstad-account")
    check_accessibility(page)
    shoot(page, "refused")


def test_after_logging_out_the_login_page_offers_the_providers_logout(
    page, live_server, idp, oidc, check_accessibility
):
    oidc.configure(accounts={"anna-1": {"claims": {"groups": ["g-directie"]}, "amr": ["mfa"]}})
    visit(page, live_server, "login")
    page.locator(START_BUTTON).click()
    log_in_at_the_provider(page, "anna-1")
    expect(page).to_have_url(at(reverse("organisations:dashboard")))

    # As the logout button does: a POST with the session's CSRF token.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    page.request.post(
        live_server.url + reverse("logout"),
        headers={"X-CSRFToken": csrf, "Origin": live_server.url},
        max_redirects=0,
    )
    visit(page, live_server, "login")

    offer = page.locator(f'a[href^="{oidc.issuer}/session/end?"]')
    expect(offer).to_have_count(1)
    check_accessibility(page)
    shoot(page, "logged-out")
    offer.click()
    # The provider's own page asks to confirm logging out there too.
    expect(page.locator('button[name="logout"], input[name="logout"]').first).to_be_visible()


def test_the_login_link_for_a_provider_only_organisation_is_accessible(
    page, live_server, idp, check_accessibility
):
    idp.password_login_allowed = False
    idp.save()
    visit(page, live_server, "login", query={"organisatie": idp.organisation.slug})
    expect(page.locator(START_BUTTON)).to_have_count(1)
    expect(page.locator('input[name="password"]')).to_have_count(0)
    check_accessibility(page)
    shoot(page, "login-provider-only")
