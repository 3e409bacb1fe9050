"""Digital skills in a real Chromium: an HR adviser sets a job's target levels, adds
an assessment and sees the gap and the heatmap change; a director sees small groups
hidden. axe-core runs on every page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from inclusion.models import AccessLogEntry, Assessment, Competence, TargetLevel
from organisations.models import Role
from tests.browser.helpers import log_in, submit, url, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BROWSING = "1.1 Browsen, zoeken en filteren van data, informatie en digitale inhoud"


def heat_cell(page, unit_name, column):
    """The heatmap cell of a unit's row; column 1 is the first competence area."""
    row = page.locator("#heatmap-table tbody tr", has=page.locator("th", has_text=unit_name))
    return row.locator("td").nth(column)


def test_hr_adviser_sets_targets_adds_an_assessment_and_sees_the_gap(
    page, live_server, members, employees, units, check_accessibility
):
    employee = employees[1]
    job = employee.job
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)

    visit(page, live_server, "inclusion:skills:framework")
    expect(page.locator("main")).to_contain_text("Beheren van de digitale identiteit")
    check_accessibility(page)

    visit(page, live_server, "inclusion:skills:jobs")
    check_accessibility(page)
    page.locator("main a", has_text=job.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(job.name)
    check_accessibility(page)

    page.locator(f"a[href='{reverse('inclusion:skills:job_targets_edit', args=[job.pk])}']").click()
    check_accessibility(page)
    page.get_by_label(BROWSING).select_option("4")
    page.get_by_label("2.4 Samenwerken via digitale technologieën").select_option("3")
    submit(page)
    expect(page).to_have_url(url(live_server, "inclusion:skills:job_targets", job.pk))
    expect(page.locator("main table").first).to_contain_text("4")
    check_accessibility(page)
    assert TargetLevel.objects.filter(job=job).count() == 2

    # Before the assessment: nobody has a gap.
    visit(page, live_server, "inclusion:skills:heatmap")
    expect(heat_cell(page, units[0].name, 1)).to_have_text("0")
    check_accessibility(page)

    visit(page, live_server, "inclusion:skills:employee_skills", employee.pk)
    check_accessibility(page)
    create = reverse("inclusion:skills:assessment_create", args=[employee.pk])
    page.locator(f"a[href='{create}']").click()
    check_accessibility(page)
    browsing = Competence.objects.get(organisation=employee.organisation, code="1.1")
    page.locator("#id_competence").select_option(str(browsing.pk))
    page.locator("#id_level").select_option("1")
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    page.locator("#id_assessed_on").fill(tomorrow.isoformat())
    page.locator("#id_source").select_option("manager")
    submit(page)
    expect(page.locator("#id_assessed_on_error")).to_be_visible()
    check_accessibility(page)
    assert not Assessment.objects.exists()

    page.locator("#id_assessed_on").fill("2026-01-15")
    submit(page)
    expect(page).to_have_url(url(live_server, "inclusion:skills:employee_skills", employee.pk))
    row = page.locator("#competence-11")
    expect(row.locator("td").nth(0)).to_have_text("1")
    expect(row.locator("td").nth(3)).to_have_text("4")
    expect(row.locator("td").nth(4)).to_contain_text("3")
    expect(page.locator("#gap-count")).to_have_text("1")
    check_accessibility(page)
    assert AccessLogEntry.objects.filter(employee=employee, action="create").exists()

    # The heatmap counts her now: one of the unit's six (17%) in area 1.
    visit(page, live_server, "inclusion:skills:heatmap")
    expect(heat_cell(page, units[0].name, 1)).to_have_text("1 (17%)")
    check_accessibility(page)

    # The job filter swaps the table (htmx), and the address follows.
    page.locator("#filter-job").select_option(str(job.pk))
    expect(heat_cell(page, units[0].name, 0)).to_have_text("5")
    expect(heat_cell(page, units[0].name, 1)).to_have_text("1 (20%)")
    expect(page).to_have_url(url(live_server, "inclusion:skills:heatmap", query={"job": job.pk}))
    check_accessibility(page)


def test_director_sees_small_groups_hidden_on_the_heatmap(
    page, live_server, members, employees, units, check_accessibility
):
    job = employees[1].job
    organisation = job.organisation
    browsing = Competence.objects.get(organisation=organisation, code="1.1")
    TargetLevel.objects.create(organisation=organisation, job=job, competence=browsing, level=5)
    for employee in employees[1:3]:
        Assessment.objects.create(
            organisation=organisation,
            employee=employee,
            competence=browsing,
            level=2,
            assessed_on=datetime.date(2026, 1, 5),
            source="self",
        )
    log_in(page, live_server, members[Role.DIRECTOR].username, landing=False)
    visit(page, live_server, "inclusion:skills:heatmap")
    expect(heat_cell(page, units[0].name, 0)).to_have_text("6")
    # Two of six: in a unit under twice the threshold every count is the dash.
    expect(heat_cell(page, units[0].name, 1)).to_have_text("\u2013")
    expect(page.locator("main")).not_to_contain_text(employees[1].name)
    check_accessibility(page)
    visit(page, live_server, "inclusion:skills:job_targets", job.pk)
    check_accessibility(page)


def test_hr_adviser_removes_an_own_competence_after_the_question(
    page, live_server, members, voorbeeldstad, check_accessibility
):
    from inclusion.skills.services import competences_add_suggested

    own = competences_add_suggested(organisation=voorbeeldstad)[0]
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)
    visit(page, live_server, "inclusion:skills:competence_edit", own.pk)
    check_accessibility(page)
    page.get_by_role("button", name="Verwijderen").click()
    expect(page).to_have_url(url(live_server, "inclusion:skills:competence_delete", own.pk))
    expect(page.locator("main")).to_contain_text(
        "Geen functie, initiatief of actie voor digitale vaardigheden gebruikt haar."
    )
    check_accessibility(page)
    assert Competence.objects.filter(pk=own.pk).exists()
    page.locator("main form").get_by_role("button", name="Verwijderen").click()
    expect(page).to_have_url(url(live_server, "inclusion:skills:framework"))
    expect(page.locator(".mw-messages")).to_contain_text(str(own))
    assert not Competence.objects.filter(pk=own.pk).exists()
