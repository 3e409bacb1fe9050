"""Two-step verification (twofactor/): who must pass it, what an unverified session may
still open, setting up the app, its codes and the recovery codes, the lockout, the
organisation admin's policy and resets, and the SSO login that already did it."""

import datetime
import re
from base64 import b32decode
from binascii import hexlify
from unittest import mock
from urllib.parse import urlencode

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from kombu.exceptions import OperationalError as BrokerError

from organisations import hooks
from organisations.models import Role
from tests.factories import MembershipFactory, UserFactory
from tests.factories_twofactor import TOTPDeviceFactory, code_now
from tests.helpers import HTMX, log_in_with_the_form
from twofactor import services
from twofactor.models import SecondFactorLock, SecondFactorPolicy, SecondFactorReset
from twofactor.tasks import send_reset_notice

pytestmark = pytest.mark.django_db

REQUIRED = (Role.HR_ADVISER, Role.ORGANISATION_ADMIN)
OPTIONAL = (Role.PROGRAMME_MANAGER, Role.DIRECTOR)
# A moment to travel to: the lockout's minutes must not depend on today.
NOON = datetime.datetime(2027, 3, 10, 12, 0, tzinfo=datetime.UTC)


def password_only(user) -> Client:
    """A session after the password, before the second step."""
    client = Client()
    client.force_login(user)
    return client


def step_url(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def with_recovery_codes(user) -> list[str]:
    return services.recovery_codes_renew(user=user)


# --- Who must pass it ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", REQUIRED)
def test_a_required_role_without_an_app_is_sent_to_set_one_up_keeping_where_it_went(members, role):
    dashboard = reverse("organisations:dashboard")
    response = password_only(members[role]).get(dashboard)
    assert response.status_code == 302
    assert response["Location"] == step_url("twofactor:enrol", dashboard)


@pytest.mark.parametrize("role", REQUIRED)
def test_a_required_role_with_an_app_is_sent_to_type_its_code(members, role):
    TOTPDeviceFactory(user=members[role])
    dashboard = reverse("organisations:dashboard")
    response = password_only(members[role]).get(dashboard)
    assert response["Location"] == step_url("twofactor:verify", dashboard)


def test_a_superuser_needs_a_second_factor_even_without_a_membership(db):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    response = password_only(superuser).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("twofactor:enrol"))


@pytest.mark.parametrize("role", OPTIONAL)
def test_an_optional_role_goes_on_without_a_second_factor(members, role):
    response = password_only(members[role]).get(reverse("organisations:dashboard"))
    assert response.status_code == 200


@pytest.mark.parametrize("role", OPTIONAL)
def test_an_organisation_whose_policy_asks_every_role_sends_them_to_set_it_up(
    members, voorbeeldstad, role
):
    SecondFactorPolicy.objects.create(organisation=voorbeeldstad, required_for_every_role=True)
    response = password_only(members[role]).get(reverse("organisations:dashboard"))
    assert response["Location"].startswith(reverse("twofactor:enrol"))


def test_another_organisations_policy_asks_nothing_of_ours(members, buurdorp):
    SecondFactorPolicy.objects.create(organisation=buurdorp, required_for_every_role=True)
    response = password_only(members[Role.DIRECTOR]).get(reverse("organisations:dashboard"))
    assert response.status_code == 200


def test_a_policy_that_is_switched_off_asks_nothing(members, voorbeeldstad):
    SecondFactorPolicy.objects.create(organisation=voorbeeldstad, required_for_every_role=False)
    response = password_only(members[Role.DIRECTOR]).get(reverse("organisations:dashboard"))
    assert response.status_code == 200


def test_a_member_of_two_organisations_is_asked_by_the_stricter_one(members, buurdorp):
    director = members[Role.DIRECTOR]
    MembershipFactory(organisation=buurdorp, user=director, role=Role.PROGRAMME_MANAGER)
    SecondFactorPolicy.objects.create(organisation=buurdorp, required_for_every_role=True)
    response = password_only(director).get(reverse("organisations:switch"))
    assert response["Location"].startswith(reverse("twofactor:enrol"))


def test_whoever_set_up_the_app_by_choice_is_asked_for_its_code(members):
    director = members[Role.DIRECTOR]
    TOTPDeviceFactory(user=director)
    response = password_only(director).get(reverse("organisations:dashboard"))
    assert response["Location"].startswith(reverse("twofactor:verify"))


def test_an_app_not_yet_confirmed_asks_nothing(members):
    director = members[Role.DIRECTOR]
    TOTPDeviceFactory(user=director, confirmed=False)
    response = password_only(director).get(reverse("organisations:dashboard"))
    assert response.status_code == 200


def test_a_session_marked_by_the_sso_login_counts_as_verified(members):
    client = password_only(members[Role.HR_ADVISER])
    session = client.session
    session["twofactor_by_provider"] = True
    session.save()
    assert client.get(reverse("organisations:dashboard")).status_code == 200


def test_a_session_without_the_sso_mark_is_not_verified(members):
    client = password_only(members[Role.HR_ADVISER])
    session = client.session
    session["twofactor_by_provider"] = False
    session.save()
    assert client.get(reverse("organisations:dashboard")).status_code == 302


def test_the_login_fixture_passes_the_second_factor_as_the_step_does(login, members):
    client = login(members[Role.HR_ADVISER])
    device = TOTPDevice.objects.get(user=members[Role.HR_ADVISER])
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("organisations:dashboard")).status_code == 200


# --- What an unverified session may open --------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["twofactor:enrol", "twofactor:manage", "healthz", "readyz", "set_language"]
)
def test_an_unverified_session_may_open_the_step_and_what_monitoring_asks(members, name):
    response = password_only(members[Role.HR_ADVISER]).get(reverse(name))
    assert not response.get("Location", "").startswith(reverse("twofactor:enrol"))


def test_an_unverified_session_may_log_out(members):
    client = password_only(members[Role.HR_ADVISER])
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_an_unverified_session_gets_static_files(members):
    response = password_only(members[Role.HR_ADVISER]).get(
        f"/{settings.STATIC_URL.strip('/')}/css/mensenwerk.css"
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "name", ["organisations:profile", "organisations:switch", "password_change", "api:tokens"]
)
def test_an_unverified_session_is_stopped_everywhere_else(members, name):
    response = password_only(members[Role.HR_ADVISER]).get(reverse(name))
    assert response["Location"].startswith(reverse("twofactor:enrol"))


def test_an_api_request_with_a_token_header_passes_but_not_on_the_session(members):
    client = password_only(members[Role.HR_ADVISER])
    response = client.get(
        reverse("api:programme_list"), headers={"Authorization": "Basic bm90OmEtdG9rZW4="}
    )
    # The API answers for itself, and not as the logged-in user of the session.
    assert response.status_code in (401, 403)


def test_an_authorization_header_outside_the_api_does_not_pass_the_step(members):
    response = password_only(members[Role.HR_ADVISER]).get(
        reverse("organisations:profile"), headers={"Authorization": "Basic cHJveHk6cHJveHk="}
    )
    assert response["Location"].startswith(reverse("twofactor:enrol"))


def test_an_htmx_request_sends_the_whole_page_to_the_step(members):
    dashboard = reverse("organisations:dashboard")
    response = password_only(members[Role.HR_ADVISER]).get(
        reverse("organisations:attention_count"),
        headers={**HTMX, "HX-Current-URL": f"http://testserver{dashboard}"},
    )
    assert response["HX-Redirect"] == step_url("twofactor:enrol", dashboard)


def test_an_htmx_request_with_a_current_url_that_is_no_url_goes_home(members):
    response = password_only(members[Role.HR_ADVISER]).get(
        reverse("organisations:attention_count"),
        headers={**HTMX, "HX-Current-URL": "http://["},
    )
    assert response["HX-Redirect"] == step_url("twofactor:enrol", reverse("home"))


# --- Setting up the app -------------------------------------------------------------------------


def secret_on(page: str) -> str:
    return re.search(r'<code id="secret"[^>]*>([A-Z2-7 ]+)</code>', page).group(1)


def code_for(secret: str, *, steps_ahead: int = 0) -> str:
    key = b32decode(secret.replace(" ", ""))
    return f"{totp(key, drift=steps_ahead):06d}"


def test_setting_up_shows_a_qr_code_made_here_and_the_secret_in_text(members):
    response = password_only(members[Role.HR_ADVISER]).get(reverse("twofactor:enrol"))
    assert response.status_code == 200
    page = response.text
    assert "<svg" in page and "<script" not in page.split("<main", 1)[1]
    assert len(secret_on(page).replace(" ", "")) == 32
    assert not TOTPDevice.objects.exists()  # nothing saved before the code proves the key


def test_the_second_step_shows_no_navigation_that_would_lead_back_to_it(members, login):
    """Every link of the header and the main navigation would send the user back to the
    step: they are left out until it is passed. Logging out stays."""
    for step in ("twofactor:enrol", "twofactor:verify"):
        if step == "twofactor:verify":
            TOTPDeviceFactory(user=members[Role.HR_ADVISER])
        page = password_only(members[Role.HR_ADVISER]).get(reverse(step), follow=True).text
        assert 'class="mw-nav"' not in page
        assert reverse("organisations:profile") not in page
        assert 'id="attention-count"' not in page
        assert f'action="{reverse("logout")}"' in page
    # Once passed, and for a role that needs no second factor, the page is whole.
    for client in (login(members[Role.HR_ADVISER]), login(members[Role.DIRECTOR])):
        page = client.get(reverse("twofactor:manage")).text
        assert 'class="mw-nav"' in page and reverse("organisations:profile") in page


def test_the_secret_stays_the_same_while_setting_up(members):
    client = password_only(members[Role.HR_ADVISER])
    first = secret_on(client.get(reverse("twofactor:enrol")).text)
    assert secret_on(client.get(reverse("twofactor:enrol")).text) == first


def test_the_apps_first_code_turns_it_on_shows_ten_recovery_codes_and_verifies(members):
    hr = members[Role.HR_ADVISER]
    client = password_only(hr)
    dashboard = reverse("organisations:dashboard")
    secret = secret_on(client.get(step_url("twofactor:enrol", dashboard)).text)
    response = client.post(
        reverse("twofactor:enrol"), {"code": code_for(secret), "next": dashboard}
    )
    assert response.status_code == 200
    shown = re.findall(r"<li[^>]*><code>([a-z2-7]+)</code></li>", response.text)
    stored = set(StaticToken.objects.filter(device__user=hr).values_list("token", flat=True))
    assert len(shown) == 10 and set(shown) == stored
    assert f'href="{dashboard}"' in response.text
    assert TOTPDevice.objects.get(user=hr).confirmed
    assert client.get(dashboard).status_code == 200


def test_a_wrong_first_code_says_so_at_the_field_and_saves_nothing(members):
    client = password_only(members[Role.HR_ADVISER])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.get(reverse("twofactor:enrol"))
    response = client.post(reverse("twofactor:enrol"), {"code": "000000"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert "does not match" in response.text
    assert not TOTPDevice.objects.exists()


def test_a_first_code_that_is_not_six_digits_says_how_it_looks(members):
    client = password_only(members[Role.HR_ADVISER])
    response = client.post(reverse("twofactor:enrol"), {"code": "12ab"})
    assert 'id="id_code_error"' in response.text
    assert "123456" in response.text


def test_whoever_has_only_the_password_cannot_replace_the_owners_app(members):
    hr = members[Role.HR_ADVISER]
    TOTPDeviceFactory(user=hr)
    response = password_only(hr).get(reverse("twofactor:enrol"))
    assert response["Location"].startswith(reverse("twofactor:verify"))


def test_a_verified_user_sets_up_the_app_on_a_new_phone(login, members):
    hr = members[Role.HR_ADVISER]
    client = login(hr)
    old = TOTPDevice.objects.get(user=hr)
    secret = secret_on(client.get(reverse("twofactor:enrol")).text)
    client.post(reverse("twofactor:enrol"), {"code": code_for(secret)})
    new = TOTPDevice.objects.get(user=hr)
    assert new.pk != old.pk
    assert client.get(reverse("organisations:dashboard")).status_code == 200


# --- Typing the code ----------------------------------------------------------------------------


@pytest.fixture
def hr_with_app(members):
    hr = members[Role.HR_ADVISER]
    return hr, TOTPDeviceFactory(user=hr)


def test_the_apps_code_opens_the_page_that_was_asked_for(hr_with_app):
    hr, device = hr_with_app
    client = password_only(hr)
    profile = reverse("organisations:profile")
    response = client.post(reverse("twofactor:verify"), {"code": code_now(device), "next": profile})
    assert response["Location"] == profile
    assert client.get(profile).status_code == 200


def test_a_code_typed_with_a_space_is_read_as_the_app_shows_it(hr_with_app):
    hr, device = hr_with_app
    code = code_now(device)
    response = password_only(hr).post(
        reverse("twofactor:verify"), {"code": f"{code[:3]} {code[3:]}"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("wanted", ["abc", "profiel"])
def test_a_next_that_is_no_path_opens_the_home_page(hr_with_app, wanted):
    """A bare word would be looked up as a URL's name: no error, the home page."""
    hr, device = hr_with_app
    response = password_only(hr).post(
        reverse("twofactor:verify"), {"code": code_now(device), "next": wanted}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_the_verify_page_keeps_next_only_on_this_site(hr_with_app):
    hr, device = hr_with_app
    response = password_only(hr).post(
        reverse("twofactor:verify"), {"code": code_now(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_a_code_cannot_be_used_twice(hr_with_app):
    hr, device = hr_with_app
    code = code_now(device)
    assert password_only(hr).post(reverse("twofactor:verify"), {"code": code}).status_code == 302
    response = password_only(hr).post(reverse("twofactor:verify"), {"code": code})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text


def test_passing_the_step_gives_a_new_session_key(hr_with_app):
    hr, device = hr_with_app
    client = password_only(hr)
    before = client.session.session_key
    client.post(reverse("twofactor:verify"), {"code": code_now(device)})
    assert client.session.session_key != before


def test_a_recovery_code_works_once_and_says_how_many_are_left(hr_with_app):
    hr, _device = hr_with_app
    codes = with_recovery_codes(hr)
    client = password_only(hr)
    response = client.post(reverse("twofactor:verify"), {"code": codes[0]}, follow=True)
    assert response.status_code == 200
    assert "9" in response.text.split('class="mw-messages', 1)[-1][:600]
    assert StaticToken.objects.filter(device__user=hr).count() == 9
    again = password_only(hr).post(reverse("twofactor:verify"), {"code": codes[0]})
    assert again.status_code == 200 and 'aria-invalid="true"' in again.text


def test_a_recovery_code_is_read_in_capitals_too(hr_with_app):
    hr, _device = hr_with_app
    codes = with_recovery_codes(hr)
    response = password_only(hr).post(reverse("twofactor:verify"), {"code": codes[1].upper()})
    assert response.status_code == 302


def test_new_recovery_codes_replace_the_old_ones(login, members):
    hr = members[Role.HR_ADVISER]
    old = with_recovery_codes(hr)
    response = login(hr).post(reverse("twofactor:recovery_codes"))
    assert response.status_code == 200
    stored = set(StaticToken.objects.filter(device__user=hr).values_list("token", flat=True))
    assert len(stored) == 10 and not stored & set(old)
    assert all(code in response.text for code in stored)


def test_new_recovery_codes_need_the_second_factor_first(hr_with_app):
    hr, _device = hr_with_app
    old = with_recovery_codes(hr)
    response = password_only(hr).post(reverse("twofactor:recovery_codes"))
    assert response["Location"].startswith(reverse("twofactor:verify"))
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)


def test_the_verify_page_sends_whoever_has_no_app_to_set_one_up(members):
    response = password_only(members[Role.HR_ADVISER]).get(reverse("twofactor:verify"))
    assert response["Location"].startswith(reverse("twofactor:enrol"))


# --- The lockout --------------------------------------------------------------------------------


def fail(client, times: int, code: str = "000000"):
    response = None
    for _ in range(times):
        response = client.post(reverse("twofactor:verify"), {"code": code})
    return response


def test_wrong_codes_lock_the_step_after_the_limit_even_for_the_right_code(hr_with_app, settings):
    hr, device = hr_with_app
    client = password_only(hr)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert fail(client, settings.TWOFACTOR_FAILURE_LIMIT - 1).status_code == 200
    locked = fail(client, 1)
    assert locked.status_code == 429
    assert "blocked for 15 minutes" in locked.text
    response = client.post(reverse("twofactor:verify"), {"code": code_now(device)})
    assert response.status_code == 429
    assert client.get(reverse("organisations:dashboard")).status_code == 302


def test_a_wrong_recovery_code_counts_towards_the_lockout(hr_with_app, settings):
    hr, _device = hr_with_app
    codes = with_recovery_codes(hr)
    client = password_only(hr)
    fail(client, settings.TWOFACTOR_FAILURE_LIMIT - 1)
    assert fail(client, 1, code="wrongcode").status_code == 429
    assert client.post(reverse("twofactor:verify"), {"code": codes[0]}).status_code == 429
    assert StaticToken.objects.filter(device__user=hr).count() == 10


def test_the_lockout_ends_after_the_cooloff(hr_with_app, settings):
    hr, device = hr_with_app
    with time_machine.travel(NOON, tick=False) as traveller:
        client = password_only(hr)
        fail(client, settings.TWOFACTOR_FAILURE_LIMIT)
        traveller.shift(settings.TWOFACTOR_COOLOFF_TIME - datetime.timedelta(seconds=1))
        assert client.get(reverse("twofactor:verify")).status_code == 429
        traveller.shift(datetime.timedelta(seconds=2))
        assert client.get(reverse("twofactor:verify")).status_code == 200
        response = client.post(reverse("twofactor:verify"), {"code": code_now(device)})
        assert response.status_code == 302
    assert not SecondFactorLock.objects.filter(user=hr).exists()


def test_after_the_cooloff_one_wrong_code_does_not_lock_again(hr_with_app, settings):
    hr, _device = hr_with_app
    with time_machine.travel(NOON, tick=False) as traveller:
        client = password_only(hr)
        fail(client, settings.TWOFACTOR_FAILURE_LIMIT)
        traveller.shift(settings.TWOFACTOR_COOLOFF_TIME)
        assert fail(client, 1).status_code == 200


def test_a_right_code_resets_the_count_of_wrong_ones(hr_with_app, settings):
    hr, device = hr_with_app
    client = password_only(hr)
    fail(client, settings.TWOFACTOR_FAILURE_LIMIT - 1)
    client.post(reverse("twofactor:verify"), {"code": code_now(device)})
    client = password_only(hr)
    assert fail(client, settings.TWOFACTOR_FAILURE_LIMIT - 1).status_code == 200


def test_the_lockout_is_per_user_not_per_address(hr_with_app, members, settings):
    hr, _device = hr_with_app
    fail(password_only(hr), settings.TWOFACTOR_FAILURE_LIMIT)
    admin = members[Role.ORGANISATION_ADMIN]
    device = TOTPDeviceFactory(user=admin)
    response = password_only(admin).post(reverse("twofactor:verify"), {"code": code_now(device)})
    assert response.status_code == 302


# --- Optional roles: their own choice -----------------------------------------------------------


def test_an_optional_role_turns_it_off_after_the_second_step(login, members):
    director = members[Role.DIRECTOR]
    device = TOTPDeviceFactory(user=director)
    client = password_only(director)
    client.post(reverse("twofactor:verify"), {"code": code_now(device)})
    response = client.post(reverse("twofactor:remove"))
    assert response["Location"] == reverse("twofactor:manage")
    assert not TOTPDevice.objects.filter(user=director).exists()


def test_a_required_role_cannot_turn_it_off(login, members):
    hr = members[Role.HR_ADVISER]
    client = login(hr)
    client.post(reverse("twofactor:remove"))
    assert TOTPDevice.objects.filter(user=hr).exists()


def test_the_policy_keeps_it_on_for_an_optional_role(login, members, voorbeeldstad):
    SecondFactorPolicy.objects.create(organisation=voorbeeldstad, required_for_every_role=True)
    director = members[Role.DIRECTOR]
    client = login(director)
    assert client.get(reverse("twofactor:manage")).status_code == 200
    client.post(reverse("twofactor:remove"))
    assert TOTPDevice.objects.filter(user=director).exists()


def test_the_manage_page_offers_to_set_it_up_to_an_optional_role(login, members):
    response = login(members[Role.DIRECTOR]).get(reverse("twofactor:manage"))
    assert reverse("twofactor:enrol") in response.text
    assert reverse("twofactor:remove") not in response.text


# --- The organisation admin ---------------------------------------------------------------------


def test_the_admin_asks_every_role_for_it(login, members, voorbeeldstad):
    response = login(members[Role.ORGANISATION_ADMIN]).post(
        reverse("twofactor:policy"), {"required_for_every_role": "on"}
    )
    assert response["Location"] == reverse("twofactor:policy")
    assert SecondFactorPolicy.objects.get(organisation=voorbeeldstad).required_for_every_role


def test_the_policy_and_members_pages_are_on_the_settings_index(login, members):
    response = login(members[Role.ORGANISATION_ADMIN]).get(reverse("organisations:settings"))
    assert reverse("twofactor:policy") in response.text
    assert reverse("twofactor:members") in response.text


def test_the_members_page_shows_who_set_it_up_and_when_it_was_last_used(login, members):
    hr = members[Role.HR_ADVISER]
    device = TOTPDeviceFactory(user=hr)
    used = timezone.now() - datetime.timedelta(days=2)
    TOTPDevice.objects.filter(pk=device.pk).update(last_used_at=used)
    response = login(members[Role.ORGANISATION_ADMIN]).get(reverse("twofactor:members"))
    rows = {
        row.split("</th>", 1)[0].rsplit(">", 1)[-1]: row
        for row in response.text.split('<th class="utrecht-table__header-cell" scope="row">')[1:]
    }
    assert "mw-badge--green" in rows[escape(str(hr))]
    assert str(timezone.localtime(used).year) in rows[escape(str(hr))]
    assert reverse("twofactor:reset", args=[hr.memberships.get().pk]) in rows[escape(str(hr))]
    director = members[Role.DIRECTOR]
    assert reverse("twofactor:reset", args=[director.memberships.get().pk]) not in response.text


def test_the_admin_resets_a_members_second_factor_and_it_is_logged(login, members, voorbeeldstad):
    hr = members[Role.HR_ADVISER]
    admin = members[Role.ORGANISATION_ADMIN]
    hr_client = login(hr)
    with_recovery_codes(hr)
    SecondFactorLock.objects.create(user=hr, failures=3)
    response = login(admin).post(reverse("twofactor:reset", args=[hr.memberships.get().pk]))
    assert response["Location"] == reverse("twofactor:members")
    assert not TOTPDevice.objects.filter(user=hr).exists()
    assert not StaticDevice.objects.filter(user=hr).exists()
    assert not SecondFactorLock.objects.filter(user=hr).exists()
    logged = SecondFactorReset.objects.get()
    assert (logged.organisation, logged.user, logged.reset_by) == (voorbeeldstad, hr, admin)
    # The member's open session loses its second factor: set it up again.
    again = hr_client.get(reverse("organisations:dashboard"))
    assert again["Location"].startswith(reverse("twofactor:enrol"))
    page = login(admin).get(reverse("twofactor:members")).text
    resets = page.split('id="resets-heading"', 1)[1]
    assert escape(str(hr)) in resets and escape(str(admin)) in resets


def test_the_member_is_told_by_email_who_reset_their_second_factor_and_when(
    login, members, voorbeeldstad, mailoutbox, django_capture_on_commit_callbacks
):
    hr, admin = members[Role.HR_ADVISER], members[Role.ORGANISATION_ADMIN]
    hr.email = "hr@voorbeeldstad.example"
    hr.save()
    TOTPDeviceFactory(user=hr)
    with (
        time_machine.travel(datetime.datetime(2026, 12, 3, 9, 30, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        login(admin).post(reverse("twofactor:reset", args=[hr.memberships.get().pk]))

    (mail,) = mailoutbox
    assert mail.to == ["hr@voorbeeldstad.example"]
    assert mail.subject == "Mensenwerk: je tweestapsverificatie is hersteld"
    assert str(admin) in mail.body and voorbeeldstad.name in mail.body
    assert "3 december 2026, 10:30" in mail.body  # Amsterdam's time, in Dutch
    assert reverse("login") in mail.body
    assert "niet om gevraagd" in mail.body


def test_no_mail_when_the_member_has_no_address_and_the_reset_stands_without_a_broker(
    members, voorbeeldstad, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    hr, admin = members[Role.HR_ADVISER], members[Role.ORGANISATION_ADMIN]
    hr.email = ""
    hr.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.second_factor_reset(organisation=voorbeeldstad, user=hr, by=admin)
    assert mailoutbox == []

    hr.email = "hr@voorbeeldstad.example"
    hr.save()
    with (
        mock.patch.object(send_reset_notice, "apply_async", side_effect=BrokerError("refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.second_factor_reset(organisation=voorbeeldstad, user=hr, by=admin)
    assert SecondFactorReset.objects.count() == 2
    assert "could not be enqueued" in caplog.text


def test_the_admin_cannot_reset_a_member_of_another_organisation(login, members, other_members):
    other = other_members[Role.HR_ADVISER]
    TOTPDeviceFactory(user=other)
    response = login(members[Role.ORGANISATION_ADMIN]).post(
        reverse("twofactor:reset", args=[other.memberships.get().pk])
    )
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=other).exists()
    assert not SecondFactorReset.objects.exists()


def test_a_reset_is_a_post(login, members):
    hr = members[Role.HR_ADVISER]
    response = login(members[Role.ORGANISATION_ADMIN]).get(
        reverse("twofactor:reset", args=[hr.memberships.get().pk])
    )
    assert response.status_code == 405


@pytest.mark.parametrize("role", [Role.HR_ADVISER, Role.PROGRAMME_MANAGER, Role.DIRECTOR])
def test_only_the_organisation_admin_resets(login, members, role):
    target = members[Role.DIRECTOR]
    TOTPDeviceFactory(user=target)
    response = login(members[role]).post(
        reverse("twofactor:reset", args=[target.memberships.get().pk])
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=target).exists()


def test_whoever_is_in_the_reset_log_is_kept(members, voorbeeldstad):
    hr, admin = members[Role.HR_ADVISER], members[Role.ORGANISATION_ADMIN]
    services.second_factor_reset(organisation=voorbeeldstad, user=hr, by=admin)
    assert any(kept(hr) for kept in hooks.user_kept_by)
    assert any(kept(admin) for kept in hooks.user_kept_by)


# --- Logging in as a person does ----------------------------------------------------------------


def test_the_login_form_then_the_code_lands_on_the_dashboard(client, members):
    hr = members[Role.HR_ADVISER]
    device = TOTPDeviceFactory(user=hr)
    response = log_in_with_the_form(client, hr.username)
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("twofactor:verify"))
    response = client.post(response["Location"], {"code": code_now(device)})
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == reverse("organisations:dashboard")


# --- Queries ------------------------------------------------------------------------------------


def test_the_members_page_costs_the_same_queries_for_more_members(
    login, members, voorbeeldstad, django_assert_max_num_queries
):
    client = login(members[Role.ORGANISATION_ADMIN])
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("twofactor:members"))
    for _ in range(8):
        user = MembershipFactory(organisation=voorbeeldstad, role=Role.HR_ADVISER).user
        TOTPDeviceFactory(user=user)
        services.second_factor_reset(organisation=voorbeeldstad, user=user, by=user)
        TOTPDeviceFactory(user=user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("twofactor:members"))
    # The eight new members and the admin herself (the login fixture gave her an app).
    assert response.text.count('<span class="mw-badge mw-badge--green">') == 9


@pytest.mark.parametrize(
    ("role", "reads"), [*((role, 1) for role in REQUIRED), *((role, 0) for role in OPTIONAL)]
)
def test_a_page_costs_the_check_no_query_of_its_own(
    login, members, role, reads, django_assert_max_num_queries
):
    """A verified session costs django-otp's read of its device (OTPMiddleware); the policy
    and the user's own choice were read at login, not on every page."""
    client = login(members[role])
    with django_assert_max_num_queries(10) as queries:
        client.get(reverse("organisations:profile"))
    twofactor = [
        q for q in queries.captured_queries if "twofactor" in q["sql"] or "otp_" in q["sql"]
    ]
    assert len(twofactor) == reads


def test_the_login_notes_whether_the_policy_asks_it(client, members, voorbeeldstad):
    director = members[Role.DIRECTOR]
    log_in_with_the_form(client, director.username)
    assert client.session["twofactor_optional"] is True
    # Switched on during the session: it holds from the next login.
    SecondFactorPolicy.objects.create(organisation=voorbeeldstad, required_for_every_role=True)
    assert client.get(reverse("organisations:dashboard")).status_code == 200
    client.post(reverse("logout"))
    log_in_with_the_form(client, director.username)
    assert client.session["twofactor_optional"] is False
    response = client.get(reverse("organisations:dashboard"))
    assert response["Location"].startswith(reverse("twofactor:enrol"))


def test_a_session_made_without_a_login_is_checked_once(members, voorbeeldstad):
    client = password_only(members[Role.DIRECTOR])
    session = client.session
    del session["twofactor_optional"]
    session.save()
    assert client.get(reverse("organisations:dashboard")).status_code == 200
    assert client.session["twofactor_optional"] is True


def test_the_verify_page_is_answered_in_a_few_queries(hr_with_app, django_assert_max_num_queries):
    hr, _device = hr_with_app
    client = password_only(hr)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("twofactor:verify")).status_code == 200


def test_a_hex_key_in_the_session_is_what_the_app_gets(members):
    client = password_only(members[Role.HR_ADVISER])
    secret = secret_on(client.get(reverse("twofactor:enrol")).text)
    key = client.session["twofactor_enrol_key"]
    assert hexlify(b32decode(secret.replace(" ", ""))).decode() == key
