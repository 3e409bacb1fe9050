"""What the browser tests share: logging in, where pages are, forms and reloads.
The fixtures they share (`accessible`, `pm`) are in conftest.py."""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from organisations.models import User
from tests.factories import PASSWORD
from tests.factories_twofactor import pass_second_factor

# The form of a form page (`organisations.forms.NLDesignFormMixin` pages).
MAIN_FORM = "main form.mw-form"


def url(live_server, name, *args, query=None) -> str:
    """The live server's address of the page named `name`, with `query` if given."""
    address = live_server.url + reverse(name, args=args)
    return f"{address}?{urlencode(query)}" if query else address


def visit(page, live_server, name, *args, query=None, status=200):
    """Go to the page named `name`; it must answer `status`."""
    response = page.goto(url(live_server, name, *args, query=query))
    answered = response.status if response else None
    assert answered == status, f"{name} {args} answered {answered}"
    return response


def at(path, then=""):
    """For `to_have_url`: an address ending in `path` (from `reverse`), then `then`
    (a regular expression: "#phase-1", "(#figures)?")."""
    return re.compile(re.escape(path) + then + "$")


def submit(where):
    """Press the first submit button of a form: `where` itself, or the page's main form."""
    form = where.locator(MAIN_FORM) if isinstance(where, Page) else where
    form.locator("button[type=submit]").first.click()


def mark_page(page):
    """A marker that only survives as long as the document does: proof of no reload."""
    page.evaluate("window.__marker = 1")


def assert_not_reloaded(page):
    assert page.evaluate("window.__marker") == 1, "the page was reloaded"


def log_in_with_the_form(page, live_server, username, password=PASSWORD):
    """Log in as a person does: the home page sends her to the login form, and after it
    to her dashboard."""
    visit(page, live_server, "home")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Mensenwerk")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def log_in(page, live_server, username, *, landing=True):
    """Start logged in, for tests about what comes after logging in: on the dashboard,
    or (`landing=False`) nowhere yet, for a test that goes straight to another page.

    The session is made as the login form and the second step make it, then handed to
    the browser: two or three page loads fewer per test. The form itself is tested in
    test_journeys.py, the second step in test_twofactor.py.
    """
    client = Client()
    user = User.objects.get(username=username)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    pass_second_factor(session, user)
    session.save()
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
        page.goto(url(live_server, "home"))
