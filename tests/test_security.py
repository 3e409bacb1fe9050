"""Findings of the security review: each has a test that failed before its fix."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from organisations import security, tasks
from organisations.models import Role
from tests.factories import PASSWORD
from tests.helpers import HTMX, log_in_with_the_form

pytestmark = pytest.mark.django_db


# The client's address behind a reverse proxy.


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert security.client_ip(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_behind_one_proxy_the_address_it_saw_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.2", "203.0.113.9")
    assert security.client_ip(request) == "203.0.113.9"


def test_addresses_a_client_sends_itself_are_not_believed(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.2.3.4" itself; our proxy appended the address it really saw.
    request = request_from("10.0.0.2", "1.2.3.4, 203.0.113.9")
    assert security.client_ip(request) == "203.0.113.9"


def test_behind_two_proxies_the_second_address_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from("10.0.0.3", "1.2.3.4, 203.0.113.9, 10.0.0.2")
    assert security.client_ip(request) == "203.0.113.9"


def test_a_malformed_forwarded_address_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert security.client_ip(request_from("10.0.0.2", "<script>")) == "10.0.0.2"
    assert security.client_ip(request_from("10.0.0.2", "")) == "10.0.0.2"


def test_behind_a_proxy_one_attacker_does_not_lock_out_a_colleague(client, members, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    username = members[Role.DIRECTOR].username
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in_with_the_form(
            client, username, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.66", **proxy
        )
    # The attacker is locked out, even when claiming another address in the header...
    response = log_in_with_the_form(
        client, username, HTTP_X_FORWARDED_FOR="7.7.7.7, 198.51.100.66", **proxy
    )
    assert response.status_code == 429
    # ...and the director, at the town hall behind the same proxy, logs in.
    response = log_in_with_the_form(Client(), username, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert response.status_code == 302


def test_directly_connected_a_forged_header_does_not_escape_the_lock(client, members, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    username = members[Role.DIRECTOR].username
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in_with_the_form(
            client,
            username,
            "wrong",
            REMOTE_ADDR="198.51.100.66",
            HTTP_X_FORWARDED_FOR=f"10.1.1.{attempt}",
        )
    response = log_in_with_the_form(
        client, username, REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert response.status_code == 429


# Guessing the old password on the password-change form.


def change_password(client, old):
    return client.post(
        reverse("password_change"),
        {
            "old_password": old,
            "new_password1": "een-lang-en-goed-wachtwoord",
            "new_password2": "een-lang-en-goed-wachtwoord",
        },
        REMOTE_ADDR="10.0.0.1",
    )


def test_wrong_old_passwords_count_as_failed_logins(login, members, settings):
    user = members[Role.HR_ADVISER]
    client = login(user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = change_password(client, "fout-geraden")
        assert response.status_code == 200
        assert 'aria-invalid="true"' in response.text
    response = change_password(client, "fout-geraden")
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.text
    # The right password no longer helps: the session is gone and so is the form.
    response = change_password(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # Logging in again from that address waits for the cool-off too.
    assert log_in_with_the_form(Client(), user.username, REMOTE_ADDR="10.0.0.1").status_code == 429


def test_a_locked_user_cannot_change_the_password_with_a_session_from_before(
    login, members, settings
):
    user = members[Role.HR_ADVISER]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in_with_the_form(Client(), user.username, "wrong", REMOTE_ADDR="10.0.0.1")
    response = change_password(login(user), PASSWORD)
    assert response.status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_right_old_password_still_changes_it(login, members):
    user = members[Role.HR_ADVISER]
    client = login(user)
    change_password(client, "fout-geraden")
    assert change_password(client, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.check_password("een-lang-en-goed-wachtwoord")


# Help texts are text, never markup.


def test_help_text_is_escaped():
    class Form(forms.Form):
        name = forms.CharField(help_text="<script>alert(1)</script>")

    html = render_to_string("includes/field.html", {"field": Form()["name"]})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_password_rules_still_show_as_a_list(login, members):
    response = login(members[Role.DIRECTOR]).get(reverse("password_change"))
    assert "<ul><li>" in response.text.replace("\n", "")


# Hardening.


def test_the_csrf_cookie_is_out_of_reach_of_scripts(client):
    response = client.get(reverse("login"))
    assert response.cookies["csrftoken"]["httponly"]


def test_htmx_still_posts_with_the_token_from_the_page(login, members):
    client = login(members[Role.DIRECTOR])
    client.handler.enforce_csrf_checks = True
    page = client.get(reverse("organisations:switch"))
    token = page.text.split('"X-CSRFToken": "')[1].split('"')[0]
    response = client.post(
        reverse("set_language"), {"language": "en"}, headers={**HTMX, "X-CSRFToken": token}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("name", ["login", "healthz"])
def test_pages_switch_off_browser_features_they_do_not_use(client, name):
    policy = client.get(reverse(name))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_expired_sessions_are_cleared(members):
    live, expired = SessionStore(), SessionStore()
    live.create()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert tasks.clear_expired_sessions() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_login_records_are_purged_after_their_retention(client, members, settings):
    settings.LOGIN_RECORDS_RETENTION_DAYS = 30
    username = members[Role.DIRECTOR].username
    log_in_with_the_form(client, username, "wrong", REMOTE_ADDR="10.0.0.1")
    log_in_with_the_form(client, username, REMOTE_ADDR="10.0.0.1")
    log_in_with_the_form(
        Client(), members[Role.HR_ADVISER].username, "wrong", REMOTE_ADDR="10.0.0.2"
    )
    assert AccessLog.objects.count() == 1
    assert AccessAttempt.objects.count() == 1
    old = timezone.now() - datetime.timedelta(days=31)
    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        model.objects.update(attempt_time=old)
    log_in_with_the_form(Client(), members[Role.PROGRAMME_MANAGER].username, REMOTE_ADDR="10.0.0.3")

    tasks.purge_login_records()

    assert AccessAttempt.objects.count() == 0
    assert list(AccessLog.objects.values_list("username", flat=True)) == [
        members[Role.PROGRAMME_MANAGER].username
    ]


def test_beat_runs_the_housekeeping(settings):
    tasks_in_schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "organisations.tasks.clear_expired_sessions" in tasks_in_schedule
    assert "organisations.tasks.purge_login_records" in tasks_in_schedule


def test_a_retention_shorter_than_the_lockout_is_a_configuration_error(settings):
    from organisations.checks import security_settings

    assert security_settings() == []
    settings.LOGIN_RECORDS_RETENTION_DAYS = 0
    settings.TRUSTED_PROXY_COUNT = -1
    assert [error.id for error in security_settings()] == [
        "organisations.E002",
        "organisations.E003",
    ]
