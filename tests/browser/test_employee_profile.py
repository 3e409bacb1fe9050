"""The employee's profile in a real Chromium: the HR adviser finds someone by typing
her name, opens her profile and sees each section, on a desktop and on a phone, with
axe-core on every page; a director gets no profile."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inclusion.models import (
    AccessLogEntry,
    ActionStatus,
    Assessment,
    Competence,
    TargetLevel,
    TrajectoryStatus,
)
from organisations.models import Role
from tests.browser.helpers import at, log_in, visit
from tests.factories import (
    JobFactory,
    MobilityTrajectoryFactory,
    PopConversationFactory,
    SkillsActionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.date(2026, 3, 2)
# The sections and their headings ("Record" is new: its Dutch is the translators').
SECTIONS = [
    (None, "#record"),
    ("Digitale vaardigheden", "#skills"),
    ("POP-gesprekken", "#pop"),
    ("Acties voor digitale vaardigheden", "#actions"),
    ("Mobiliteitstrajecten", "#trajectories"),
    ("Wijzigingen", "#changes"),
]


@pytest.fixture
def profiled(employees, voorbeeldstad):
    """Medewerker 1 with target levels, assessments, a trajectory to a new job, a
    POP-gesprek and a planned and a done action."""
    employee = employees[1]

    def competence(code):
        return Competence.objects.get(organisation=voorbeeldstad, code=code)

    new_job = JobFactory(organisation=voorbeeldstad, name="Informatiebeheerder")
    for job, code, level in ((employee.job, "1.1", 4), (new_job, "1.1", 5), (new_job, "3.3", 4)):
        TargetLevel.objects.create(
            organisation=voorbeeldstad, job=job, competence=competence(code), level=level
        )
    Assessment.objects.create(
        organisation=voorbeeldstad,
        employee=employee,
        competence=competence("1.1"),
        level=2,
        assessed_on=DAY,
        source="hr",
    )
    MobilityTrajectoryFactory(
        employee=employee,
        destination="internal_job",
        destination_job=new_job,
        status=TrajectoryStatus.ACTIVE,
        started_on=DAY,
    )
    PopConversationFactory(employee=employee, held_on=DAY, digital_skills=True)
    for status in (ActionStatus.PLANNED, ActionStatus.DONE):
        action = SkillsActionFactory(
            organisation=voorbeeldstad, employees=[employee], status=status, held_on=DAY
        )
        action.competences.set([competence("1.1")])
    return employee


def test_hr_adviser_finds_someone_and_reads_her_profile(
    page, live_server, members, profiled, accessible, viewport
):
    viewport({"width": 1366, "height": 900})
    log_in(page, live_server, members[Role.HR_ADVISER].username, landing=False)
    visit(page, live_server, "inclusion:employees:list")
    page.locator("#filter-q").press_sequentially(profiled.name.lower())
    expect(page.locator("#results tbody tr")).to_have_count(1)
    accessible(page)
    page.locator("#results a", has_text=profiled.name).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(profiled.name)
    expect(page).to_have_url(at(reverse("inclusion:employees:detail", args=[profiled.pk])))
    contents = page.locator("nav.mw-toc")
    for name, anchor in SECTIONS:
        expect(contents.locator(f'a[href="{anchor}"]')).to_be_visible()
        heading = page.locator(anchor).get_by_role("heading", level=2)
        expect(heading).to_be_visible()
        if name:
            expect(heading).to_have_text(name)
    expect(page.locator("#skills-job")).to_contain_text("2")
    expect(page.locator("#skills")).to_contain_text("Informatiebeheerder")
    expect(page.locator("#actions .mw-badge--planned")).to_have_text("Gepland")
    expect(page.locator("#actions .mw-badge--done")).to_have_text("Afgerond")
    log = reverse("inclusion:actions:log") + "?" + urlencode({"employees": profiled.pk})
    expect(page.locator(f'main a[href="{log}"]').first).to_be_visible()
    accessible(page)
    assert AccessLogEntry.objects.filter(employee=profiled, action="view").count() == 1

    contents.locator('a[href="#trajectories"]').click()
    profile = reverse("inclusion:employees:detail", args=[profiled.pk])
    expect(page).to_have_url(at(profile, "#trajectories"))

    viewport({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(profiled.name)
    # Nothing but a wide table's own box scrolls sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    accessible(page)


def test_a_director_gets_no_profile(page, live_server, members, profiled):
    log_in(page, live_server, members[Role.DIRECTOR].username, landing=False)
    visit(page, live_server, "inclusion:employees:detail", profiled.pk, status=403)
    expect(page.locator("main")).not_to_contain_text(profiled.name)
