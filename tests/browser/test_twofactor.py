"""Two-step verification in a real Chromium: setting up the app by reading the secret off the
page (as the app does when it scans the QR code), logging in again with its code, with a
recovery code, locked after wrong codes, and an organisation admin's reset after which the
member sets up the app again. axe-core on every page; screenshots of each at a desktop
and a phone size in /tmp/shots/twofactor/ (never in the repo)."""

import re
from base64 import b32decode
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import expect

from organisations.models import Role
from tests.browser.helpers import log_in, log_in_with_the_form, submit, visit
from tests.factories_twofactor import TOTPDeviceFactory, code_now
from twofactor import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/twofactor")  # noqa: S108 (screenshots to look at, outside the repo)
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
CODE = "#id_code"


def shoot(page, name: str) -> None:
    """The page at a desktop's and a phone's size, then back at the size it had."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size(before)


def app_code(secret: str, *, steps_ahead: int = 0) -> str:
    """What the authenticator app shows for the secret it scanned."""
    return f"{totp(b32decode(secret.replace(' ', '')), drift=steps_ahead):06d}"


def log_out(page) -> None:
    page.locator("form[action='/accounts/logout/'] button").click()
    expect(page.locator("#id_username")).to_be_visible()


def test_an_hr_adviser_sets_up_the_app_and_logs_in_again_with_its_code(
    page, live_server, members, accessible
):
    hr = members[Role.HR_ADVISER]
    log_in_with_the_form(page, live_server, hr.username)
    expect(page).to_have_url(re.compile(re.escape(reverse("twofactor:enrol"))))
    expect(page.locator("main svg")).to_be_visible()
    accessible(page)
    shoot(page, "enrol")

    # A wrong code first: the message is at the field.
    page.locator(CODE).fill("12")
    submit(page)
    expect(page.locator("#id_code_error")).to_be_visible()
    expect(page.locator(CODE)).to_have_attribute("aria-invalid", "true")
    accessible(page)
    shoot(page, "enrol-error")

    secret = page.locator("#secret").inner_text()
    page.locator(CODE).fill(app_code(secret))
    submit(page)
    codes = page.locator("main ol code")
    expect(codes).to_have_count(10)
    accessible(page)
    shoot(page, "recovery-codes")
    page.locator("main .mw-actions a").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("organisations:dashboard")) + "$"))

    log_out(page)
    log_in_with_the_form(page, live_server, hr.username)
    expect(page).to_have_url(re.compile(re.escape(reverse("twofactor:verify"))))
    accessible(page)
    shoot(page, "verify")
    # The code just used does not work twice: the app's next one does.
    page.locator(CODE).fill(app_code(secret, steps_ahead=1))
    submit(page)
    expect(page).to_have_url(re.compile(re.escape(reverse("organisations:dashboard")) + "$"))


def test_a_member_without_her_phone_logs_in_with_a_recovery_code(
    page, live_server, members, accessible
):
    hr = members[Role.HR_ADVISER]
    TOTPDeviceFactory(user=hr)
    codes = services.recovery_codes_renew(user=hr)
    log_in_with_the_form(page, live_server, hr.username)
    page.locator(CODE).fill("not-a-code")
    submit(page)
    expect(page.locator("#id_code_error")).to_be_visible()
    accessible(page)
    shoot(page, "verify-error")
    page.locator(CODE).fill(codes[0])
    submit(page)
    expect(page).to_have_url(re.compile(re.escape(reverse("organisations:dashboard")) + "$"))
    expect(page.locator("main")).to_contain_text("9")
    accessible(page)


def test_wrong_codes_lock_the_second_step(page, live_server, members, accessible, settings):
    hr = members[Role.HR_ADVISER]
    TOTPDeviceFactory(user=hr)
    log_in_with_the_form(page, live_server, hr.username)
    for _ in range(settings.TWOFACTOR_FAILURE_LIMIT):
        page.locator(CODE).fill("000000")
        submit(page)
    expect(page.locator(CODE)).to_have_count(0)
    expect(page.locator("main h1")).to_be_visible()
    accessible(page)
    shoot(page, "locked-out")


def test_the_admin_resets_a_lost_phone_and_the_member_sets_up_the_app_again(
    page, live_server, members, accessible
):
    hr, admin = members[Role.HR_ADVISER], members[Role.ORGANISATION_ADMIN]
    TOTPDeviceFactory(user=hr)
    log_in(page, live_server, admin.username, landing=False)
    visit(page, live_server, "organisations:settings")
    page.locator(f"main a[href='{reverse('twofactor:members')}']").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("twofactor:members")) + "$"))
    accessible(page)
    shoot(page, "members")
    reset = reverse("twofactor:reset", args=[hr.memberships.get().pk])
    page.locator(f"form[action='{reset}'] button").click()
    expect(page.locator("section[aria-labelledby='resets-heading']")).to_contain_text(str(hr))
    expect(page.locator(f"form[action='{reset}']")).to_have_count(0)
    accessible(page)
    shoot(page, "members-after-reset")

    visit(page, live_server, "twofactor:policy")
    accessible(page)
    shoot(page, "policy")
    page.locator("#id_required_for_every_role").check()
    submit(page)
    expect(page.locator("#id_required_for_every_role")).to_be_checked()
    log_out(page)

    log_in_with_the_form(page, live_server, hr.username)
    expect(page).to_have_url(re.compile(re.escape(reverse("twofactor:enrol"))))
    page.locator(CODE).fill(app_code(page.locator("#secret").inner_text()))
    submit(page)
    expect(page.locator("main ol code")).to_have_count(10)


def test_the_own_page_of_two_step_verification(page, live_server, members, accessible):
    director = members[Role.DIRECTOR]
    log_in(page, live_server, director.username, landing=False)
    visit(page, live_server, "twofactor:manage")
    accessible(page)
    shoot(page, "manage-off")

    hr = members[Role.HR_ADVISER]
    device = TOTPDeviceFactory(user=hr)
    services.recovery_codes_renew(user=hr)
    page.context.clear_cookies()
    log_in_with_the_form(page, live_server, hr.username)
    page.locator(CODE).fill(code_now(device))
    submit(page)
    visit(page, live_server, "twofactor:manage")
    accessible(page)
    shoot(page, "manage-on")
    page.locator(f"form[action='{reverse('twofactor:recovery_codes')}'] button").click()
    expect(page.locator("main ol code")).to_have_count(10)
