"""The initiative's inclusion panel in a real Chromium, per role: the programme manager
chooses the competences the initiative asks and sees aggregates with small groups
hidden, the HR adviser sees exact figures and plans actions for a team, the director
reads; and the programme's page shows whether each initiative's people are being
prepared. axe-core runs on every page, at desktop and phone size.

Set SHOTS=/tmp/shots-initiatives to keep the screenshots for a look."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from inclusion.models import Assessment, Competence, InitiativeCompetence, TargetLevel
from organisations.models import Role
from tests.browser.helpers import log_in, submit, visit
from tests.factories import EmployeeFactory, JobFactory, PopConversationFactory, SkillsActionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SHOTS")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def initiative(programme_world, units, voorbeeldstad):
    """The world's initiative (units 0 and 1) with twelve and seven people, some below
    the level, some with a POP-gesprek about digital skills and an action done for it."""
    initiative = programme_world["initiative"]
    initiative.start_date = timezone.localdate() - datetime.timedelta(days=120)
    initiative.save()
    job = JobFactory(organisation=voorbeeldstad, name="Klantcontactmedewerker")
    competence = Competence.objects.get(organisation=voorbeeldstad, code="2.1")
    TargetLevel.objects.create(organisation=voorbeeldstad, job=job, competence=competence, level=4)
    people = {0: [], 1: []}
    for index, count in ((0, 12), (1, 7)):
        for n in range(count):
            employee = EmployeeFactory(unit=units[index], job=job)
            people[index].append(employee)
            for days, level in ((200, 2 + n % 3), (20, 2 + n % 4)):
                Assessment.objects.create(
                    organisation=voorbeeldstad,
                    employee=employee,
                    competence=competence,
                    level=level,
                    assessed_on=timezone.localdate() - datetime.timedelta(days=days),
                    source="hr",
                )
            PopConversationFactory(employee=employee, digital_skills=n % 3 != 0)
    SkillsActionFactory(organisation=voorbeeldstad, initiative=initiative, employees=people[0][:7])
    SkillsActionFactory(organisation=voorbeeldstad, unit=units[1], employees=people[1])
    return initiative


def panel(page):
    return page.locator("#inclusion")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_programme_manager_chooses_the_competences_and_reads_aggregates(
    page, live_server, members, initiative, units, check_accessibility, viewport, size
):
    viewport(DESKTOP if size == "desktop" else PHONE)
    log_in(page, live_server, members[Role.PROGRAMME_MANAGER].username, landing=False)
    visit(page, live_server, "transformation:initiative_detail", initiative.pk)
    # No competences asked yet: no gap columns (four figures columns and the unit).
    expect(panel(page).locator("thead th")).to_have_count(5)
    check_accessibility(page)

    panel(page).locator(
        f"a[href='{reverse('inclusion:initiatives:competences', args=[initiative.pk])}']"
    ).click()
    check_accessibility(page)
    field = page.get_by_label("2.1 Interactie via digitale technologieën")
    field.select_option(index=1)  # the target level of each one's job
    submit(page)
    expect(page).to_have_url(
        live_server.url
        + reverse("transformation:initiative_detail", args=[initiative.pk])
        + "#inclusion"
    )
    assert InitiativeCompetence.objects.get(initiative=initiative).level is None
    rows = panel(page).locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(panel(page).locator("table")).to_contain_text(units[0].name)
    # Aggregates only: no names, no way to log actions.
    expect(panel(page)).not_to_contain_text("Collega")
    expect(panel(page).locator("a[href*='?unit=']")).to_have_count(0)
    check_accessibility(page)
    shot(page, f"initiative-programme-manager-{size}")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_hr_adviser_sees_exact_figures_and_plans_actions_for_a_team(
    page, live_server, members, initiative, units, check_accessibility, viewport, size
):
    InitiativeCompetence.objects.create(
        organisation=initiative.organisation,
        initiative=initiative,
        competence=Competence.objects.get(organisation=initiative.organisation, code="2.1"),
    )
    viewport(DESKTOP if size == "desktop" else PHONE)
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)
    visit(page, live_server, "transformation:initiative_detail", initiative.pk)
    row = panel(page).locator("tbody tr", has=page.locator("th", has_text=units[1].name))
    expect(row.locator("td").nth(0)).to_have_text("7")
    plan = row.locator(
        "a[href='"
        + reverse("inclusion:actions:log")
        + f"?unit={units[1].pk}&initiative={initiative.pk}']"
    )
    expect(plan).to_contain_text(units[1].name)
    box = plan.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    check_accessibility(page)
    shot(page, f"initiative-hr-adviser-{size}")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_director_reads_the_panel_and_the_programme_page(
    page, live_server, members, initiative, programme_world, check_accessibility, viewport, size
):
    InitiativeCompetence.objects.create(
        organisation=initiative.organisation,
        initiative=initiative,
        competence=Competence.objects.get(organisation=initiative.organisation, code="2.1"),
    )
    viewport(DESKTOP if size == "desktop" else PHONE)
    log_in(page, live_server, members[Role.DIRECTOR].username, landing=False)
    visit(page, live_server, "transformation:initiative_detail", initiative.pk)
    expect(panel(page).locator("tfoot")).to_contain_text("19")
    expect(
        panel(page).locator(
            f"a[href='{reverse('inclusion:initiatives:competences', args=[initiative.pk])}']"
        )
    ).to_have_count(0)
    check_accessibility(page)
    shot(page, f"initiative-director-{size}")

    visit(page, live_server, "transformation:programme_detail", programme_world["programme"].pk)
    preparation = page.locator("#preparation")
    expect(preparation).to_contain_text(initiative.title)
    check_accessibility(page)
    shot(page, f"programme-director-{size}")
