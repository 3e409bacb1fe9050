"""axe-core on every page of Visie & programma, as the roles that see it."""

import pytest
from playwright.sync_api import expect

from organisations.models import Role
from tests.browser.helpers import log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pages(world):
    initiative, benefit = world["initiative"].pk, world["benefit"].pk
    programme, draft = world["programme"].pk, world["draft"].pk
    read = [
        ("overview", []),
        ("vision_detail", [world["approved"].pk]),
        ("vision_detail", [draft]),
        ("vision_compare", []),
        ("programme_detail", [programme]),
        ("interventions", [programme]),
        ("initiative_detail", [initiative]),
        ("codetermination", [initiative, "idea"]),
        ("benefit_detail", [benefit]),
    ]
    edit = [
        ("vision_create", []),
        ("vision_edit", [draft]),
        ("section_add", [draft]),
        ("section_edit", [world["section"].pk]),
        ("section_delete", [world["section"].pk]),
        ("programme_create", []),
        ("programme_edit", [programme]),
        ("intervention_edit", [world["intervention"].pk]),
        ("initiative_create", [programme]),
        ("initiative_edit", [initiative]),
        ("initiative_status", [initiative]),
        ("benefit_create", [initiative]),
        ("benefit_edit", [benefit]),
        ("measurement_delete", [world["measurement"].pk]),
    ]
    return read, edit


@pytest.mark.parametrize("role", [Role.PROGRAMME_MANAGER, Role.DIRECTOR, Role.HR_ADVISER], ids=str)
def test_every_page_meets_wcag_21_aa(
    page, live_server, members, programme_world, role, check_accessibility
):
    read, edit = pages(programme_world)
    visits = read + (edit if role == Role.PROGRAMME_MANAGER else [])
    if role == Role.DIRECTOR:
        visits.append(("vision_approve", [programme_world["consultation"].pk]))
    if role == Role.HR_ADVISER:
        visits.append(("intervention_edit", [programme_world["intervention"].pk]))
    log_in(page, live_server, members[role].username, landing=False)
    for name, args in visits:
        visit(page, live_server, f"transformation:{name}", *args)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_accessibility(page)


def test_form_errors_meet_wcag_21_aa(
    page, live_server, members, programme_world, check_accessibility
):
    log_in(page, live_server, members[Role.PROGRAMME_MANAGER].username)
    programme = programme_world["programme"].pk
    for name, args in [
        ("initiative_create", [programme]),
        ("programme_create", []),
        ("benefit_create", [programme_world["initiative"].pk]),
        ("vision_create", []),
    ]:
        visit(page, live_server, f"transformation:{name}", *args)
        page.locator("main form button[type=submit]").last.click()
        expect(page.locator(".utrecht-form-field-error-message").first).to_be_visible()
        check_accessibility(page)
