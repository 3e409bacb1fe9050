import contextlib
from functools import cache
from pathlib import Path

import pytest
from axe_playwright_python.base import AxeResults
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from organisations.models import Role

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Classes htmx sets while a request is out or new content is being swapped in.
HTMX_AT_WORK = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"


AXE = "tests/axe.min.js"


@cache
def axe_source() -> str:
    return Path(finders.find(AXE)).read_text()


@pytest.fixture
def check_accessibility(live_server):
    """Run axe-core on the page as it is now: no WCAG 2.1 A/AA violation may remain."""
    source = live_server.url + static(AXE)
    # Only violations come back: the passes would be the bulk of the work.
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}

    def check(page):
        if not page.evaluate("typeof window.axe === 'object'"):
            # Loaded from the live server, axe-core is cached and stays compiled between
            # pages; where scripts do not run (the tests without JavaScript) it is
            # evaluated directly, which no page setting can stop.
            with contextlib.suppress(PlaywrightError):
                page.add_script_tag(url=source)
            if not page.evaluate("typeof window.axe === 'object'"):
                page.evaluate(axe_source())
        results = AxeResults(page.evaluate("options => axe.run(document, options)", options))
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def accessible(check_accessibility):
    """axe-core on the page once it has settled: loaded, and no htmx swap under way."""

    def check(page):
        page.wait_for_load_state("load")
        expect(page.locator(HTMX_AT_WORK)).to_have_count(0)
        check_accessibility(page)

    return check


@pytest.fixture
def pm(members):
    return members[Role.PROGRAMME_MANAGER]


@pytest.fixture(scope="session")
def shared_context(browser, browser_context_args):
    """One browser context for all tests of a process: a new context, and the renderer
    process that comes with it, costs Chromium more than most tests' own pages."""
    context = browser.new_context(**browser_context_args)
    yield context
    context.close()


@pytest.fixture(scope="session")
def shared_page(shared_context):
    return shared_context.new_page()


@pytest.fixture
def context(shared_context):
    """The shared context, as a new one would be: no cookies, no permissions."""
    shared_context.clear_cookies()
    shared_context.clear_permissions()
    return shared_context


@pytest.fixture
def viewport(page):
    """Sets the page's size for the rest of the test (`page` puts it back after it)."""
    return page.set_viewport_size


@pytest.fixture
def page(context, shared_page, live_server):
    """The shared page, as a new one would be: failing the test on any
    Content-Security-Policy violation, and leaving no storage behind and its size as it
    found it (a test on a phone's width does not make the next one a phone test)."""
    violations = []
    size = shared_page.viewport_size

    def watch(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    shared_page.on("console", watch)
    yield shared_page
    shared_page.remove_listener("console", watch)
    if shared_page.viewport_size != size:
        shared_page.set_viewport_size(size)
    for other in context.pages:
        if other is not shared_page:
            other.close()
    if shared_page.url.startswith(live_server.url):
        # htmx keeps its history in the origin's storage, which outlives the page.
        shared_page.evaluate("localStorage.clear(); sessionStorage.clear()")
    shared_page.goto("about:blank")
    assert violations == []
