import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from organisations.models import Role
from tests.factories import PASSWORD, MembershipFactory
from tests.helpers import log_in_with_the_form

pytestmark = pytest.mark.django_db


def test_login_page_is_dutch_by_default(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="nl"' in response.text
    assert "Inloggen" in response.text


def test_member_logs_in_and_lands_on_the_dashboard(client, members):
    response = log_in_with_the_form(client, members[Role.DIRECTOR].username)
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == reverse("organisations:dashboard")
    assert "directeur" in response.text


def test_wrong_password_gets_a_message_and_no_session(client, members):
    response = log_in_with_the_form(client, members[Role.DIRECTOR].username, password="wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.text


def test_logout_is_a_post_and_ends_the_session(login, members):
    client = login(members[Role.HR_ADVISER])
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("organisations:dashboard")).status_code == 302


def test_repeated_failures_lock_that_username_from_that_address(client, members, settings):
    username = members[Role.DIRECTOR].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in_with_the_form(client, username, password="wrong")
    response = log_in_with_the_form(client, username)  # even the right password
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.text


def test_a_lockout_does_not_lock_colleagues_behind_the_same_address(client, members, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in_with_the_form(client, members[Role.DIRECTOR].username, password="wrong")
    response = log_in_with_the_form(client, members[Role.HR_ADVISER].username)
    assert response.status_code == 302


def test_a_lockout_does_not_lock_the_same_user_elsewhere(client, members, settings):
    username = members[Role.DIRECTOR].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in_with_the_form(client, username, password="wrong", REMOTE_ADDR="10.0.0.1")
    assert log_in_with_the_form(client, username, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_password_change_applies_the_validators(login, members):
    client = login(members[Role.PROGRAMME_MANAGER])
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "te kort" in response.text
    assert 'aria-invalid="true"' in response.text
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "een-lang-en-goed-wachtwoord",
            "new_password2": "een-lang-en-goed-wachtwoord",
        },
    )
    assert response.status_code == 302
    members[Role.PROGRAMME_MANAGER].refresh_from_db()
    assert members[Role.PROGRAMME_MANAGER].check_password("een-lang-en-goed-wachtwoord")


def test_password_reset_by_email(client, members):
    user = members[Role.HR_ADVISER]
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "nieuw-wachtwoord-voor-hr", "new_password2": "nieuw-wachtwoord-voor-hr"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nieuw-wachtwoord-voor-hr")


def test_password_reset_does_not_reveal_unknown_addresses(client):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_session_ends_with_the_browser_and_after_hours_without_a_request(
    client, members, settings
):
    dashboard = reverse("organisations:dashboard")
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    quiet = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    minute = datetime.timedelta(minutes=1)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        log_in_with_the_form(client, members[Role.DIRECTOR].username)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        # No date on the cookie: the browser forgets it when it closes.
        assert (cookie["expires"], cookie["max-age"]) == ("", "")
        # Each request starts the time again, so a working day goes on...
        for _ in range(2):
            clock.shift(quiet - minute)
            assert client.get(dashboard).status_code == 200
        # ...until nobody has asked anything for longer than that.
        clock.shift(quiet + minute)
        response = client.get(dashboard)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_session_of_a_deactivated_user_ends(login, members):
    user = members[Role.DIRECTOR]
    client = login(user)
    user.is_active = False
    user.save()
    assert client.get(reverse("organisations:dashboard")).status_code == 302


def test_user_without_any_membership_is_told_so(login):
    user = MembershipFactory().user
    user.memberships.all().delete()
    response = login(user).get(reverse("organisations:dashboard"), follow=True)
    assert response.redirect_chain == [(reverse("organisations:switch"), 302)]
    assert "nog geen rol in een organisatie" in response.text
