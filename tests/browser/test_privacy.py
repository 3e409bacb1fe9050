"""Retention in a real Chromium: the organisation admin finds the page on her dashboard,
sees what would go, corrects a period that is too short, and applies the periods after
the confirmation; axe-core on every page state."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inclusion.models import AccessLogEntry
from organisations.models import Role
from privacy.models import RetentionRun
from tests.browser.helpers import log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def old_entry(voorbeeldstad):
    """An access-log entry three years old: past the default 24 months."""
    return AccessLogEntry.objects.create(
        organisation=voorbeeldstad,
        action="view",
        username="vb-hr_adviser",
        at=timezone.now() - datetime.timedelta(days=3 * 365),
    )


def test_the_admin_sets_the_periods_and_applies_them(
    page, live_server, members, old_entry, check_accessibility
):
    log_in(page, live_server, members[Role.ORGANISATION_ADMIN].username)
    page.locator("main .mw-cards a[href$='/privacy/bewaartermijnen/']").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(page)

    # Too short for the BIO: the error is at the field, and the page stays accessible.
    page.locator("#id_access_log_months").fill("3")
    page.locator("main form.mw-form button[type=submit]").click()
    expect(page.locator("#id_access_log_months_error")).to_be_visible()
    expect(page.locator("#id_access_log_months")).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)

    visit(page, live_server, "privacy:apply")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(page)
    assert AccessLogEntry.objects.filter(pk=old_entry.pk).exists(), "asking removes nothing"

    page.locator("main form button[type=submit]").click()
    expect(page.locator("#runs-heading")).to_be_visible()
    check_accessibility(page)
    assert not AccessLogEntry.objects.filter(pk=old_entry.pk).exists()
    assert RetentionRun.objects.get().counts["access_log"] == 1
