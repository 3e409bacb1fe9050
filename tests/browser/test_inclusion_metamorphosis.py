"""Functiemetamorfose and the nine lessons in a real Chromium: an HR adviser rates a
job and starts a mobility trajectory, a programme manager records a lesson
self-assessment next to the evidence, and a director sees "<5" and no names.
axe-core runs on every page and after every form error."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inclusion.models import (
    AccessLogEntry,
    Destination,
    LessonAssessment,
    MobilityTrajectory,
)
from organisations.models import Role
from tests.browser.helpers import log_in, submit, url, visit
from tests.factories import JobFactory, MobilityTrajectoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_to(page, name, *args):
    return page.locator(f"main a[href='{reverse(name, args=args)}']").first


def test_hr_adviser_rates_a_job_and_starts_a_trajectory(
    page, live_server, members, employees, check_accessibility
):
    job = employees[1].job
    new_job = JobFactory(organisation=job.organisation, name="Informatiebeheerder")
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)

    visit(page, live_server, "inclusion:metamorphosis:jobs")
    expect(page.locator("#unrated-jobs")).to_contain_text("Medewerker")
    check_accessibility(page)

    link_to(page, "inclusion:metamorphosis:job_edit", job.pk).click()
    page.locator("input[name=vulnerability][value=high]").check()
    page.locator("#id_horizon").fill("binnen twee jaar")
    submit(page)
    expect(page.locator(".utrecht-form-field-error-message").first).to_be_visible()
    check_accessibility(page)
    page.locator("#id_vulnerability_reason").fill("Selfservice neemt routineaanvragen over.")
    submit(page)
    expect(page).to_have_url(url(live_server, "inclusion:metamorphosis:job", job.pk))
    expect(page.locator("#job-employees")).to_have_text("5")
    check_accessibility(page)
    job.refresh_from_db()
    assert job.vulnerability == "high"

    employee = employees[1]
    link_to(page, "inclusion:metamorphosis:trajectory_create", employee.pk).click()
    page.locator("input[name=destination][value=internal_job]").check()
    submit(page)
    expect(page.locator("#id_destination_job_error")).to_be_visible()
    check_accessibility(page)
    assert not MobilityTrajectory.objects.exists()
    page.locator("#id_destination_job").select_option(str(new_job.pk))
    page.locator("#id_status").select_option("active")
    submit(page)
    expect(page).to_have_url(
        url(live_server, "inclusion:metamorphosis:employee_trajectories", employee.pk)
    )
    expect(page.locator("#trajectories")).to_contain_text("Informatiebeheerder")
    check_accessibility(page)
    trajectory = MobilityTrajectory.objects.get()
    assert (trajectory.destination, trajectory.destination_job) == (
        Destination.INTERNAL_JOB,
        new_job,
    )
    assert AccessLogEntry.objects.filter(employee=employee, action="create").exists()

    visit(page, live_server, "inclusion:metamorphosis:job", job.pk)
    expect(page.locator("#trajectory-people")).to_contain_text("Medewerker 0")
    check_accessibility(page)
    visit(page, live_server, "inclusion:metamorphosis:dashboard")
    check_accessibility(page)


def test_programme_manager_records_a_lesson_self_assessment(
    page, live_server, members, programme_world, employees, check_accessibility
):
    programme = programme_world["programme"]
    log_in(page, live_server, members[Role.PROGRAMME_MANAGER].username, landing=False)

    visit(page, live_server, "inclusion:metamorphosis:lessons")
    expect(page.locator("#lesson-1")).to_contain_text("Begin op tijd")
    expect(page.locator("#evidence-9")).to_be_visible()
    check_accessibility(page)

    link_to(page, "inclusion:metamorphosis:lesson_assess", 2, programme.pk).click()
    expect(page.locator("#evidence-2")).to_contain_text("Visie 1")
    check_accessibility(page)
    submit(page)
    expect(page.locator("#id_score_error")).to_be_visible()
    check_accessibility(page)
    page.locator("input[name=score][value='4']").check()
    page.locator("#id_notes").fill("De visie is vastgesteld.")
    submit(page)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Met een duidelijke visie")
    expect(page.locator("#evidence-2")).to_contain_text("Visie 1")
    expect(page.locator("main")).to_contain_text("De visie is vastgesteld.")
    check_accessibility(page)
    saved = LessonAssessment.objects.get()
    assert (saved.lesson, saved.score, saved.assessed_by) == (
        2,
        4,
        members[Role.PROGRAMME_MANAGER],
    )


def test_a_director_sees_small_groups_hidden_and_no_names(
    page, live_server, members, employees, check_accessibility
):
    job = employees[1].job
    job.vulnerability = "medium"
    job.vulnerability_reason = "Invoer wordt geautomatiseerd."
    job.save()
    for employee in employees[1:3]:
        MobilityTrajectoryFactory(
            employee=employee, from_job=job, destination=Destination.UPSKILLED
        )
    log_in(page, live_server, members[Role.DIRECTOR].username, landing=False)

    visit(page, live_server, "inclusion:metamorphosis:dashboard")
    expect(page.locator("#mobility-figures")).to_contain_text("<5")
    expect(page.locator("main")).not_to_contain_text("Medewerker 0")
    check_accessibility(page)

    visit(page, live_server, "inclusion:metamorphosis:jobs")
    check_accessibility(page)
    link_to(page, "inclusion:metamorphosis:job", job.pk).click()
    # Two of the job's five: hidden on the list of jobs, so every cell here too.
    expect(page.locator("#trajectory-overview tfoot")).to_contain_text("\u2013")
    expect(page.locator("#trajectory-overview")).not_to_contain_text("2")
    expect(page.locator("#trajectory-people")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Medewerker 0")
    check_accessibility(page)

    visit(page, live_server, "inclusion:metamorphosis:lessons")
    check_accessibility(page)
    visit(
        page,
        live_server,
        "inclusion:metamorphosis:employee_trajectories",
        employees[1].pk,
        status=403,
    )
