import contextlib
from functools import cache
from pathlib import Path

import pytest
from axe_playwright_python.base import AxeResults
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from playwright.sync_api import Error as PlaywrightError

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


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


@pytest.fixture(scope="session")
def shared_context(browser, browser_context_args):
    """One browser context for all tests of a process: a new context, and the renderer
    process that comes with it, costs Chromium more than most tests' own pages."""
    context = browser.new_context(**browser_context_args)
    yield context
    context.close()


@pytest.fixture
def context(shared_context):
    """The shared context, as a new one would be: no cookies, no storage, no pages."""
    shared_context.clear_cookies()
    shared_context.clear_permissions()
    yield shared_context
    for page in shared_context.pages:
        page.close()


@pytest.fixture
def page(context, live_server):
    """A new page, failing the test on any Content-Security-Policy violation."""
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    if not page.is_closed() and page.url.startswith(live_server.url):
        # htmx keeps its history in the origin's storage, which outlives the page.
        page.evaluate("localStorage.clear(); sessionStorage.clear()")
    assert violations == []
