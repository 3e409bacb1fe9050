"""What the browser tests share: logging in, and where pages are."""

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from organisations.models import User
from tests.factories import PASSWORD


def log_in_with_the_form(page, live_server, username, password=PASSWORD):
    """Log in as a person does: the login page, the form, the dashboard."""
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Mensenwerk")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def log_in(page, live_server, username, *, landing=True):
    """Start logged in, for tests about what comes after logging in: on the dashboard,
    or (`landing=False`) nowhere yet, for a test that goes straight to another page.

    The session is made as the login form makes it, then handed to the browser: two or
    three page loads fewer per test. The form itself is tested in test_journeys.py.
    """
    client = Client()
    client.force_login(
        User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
    if landing:
        page.goto(f"{live_server.url}/")
