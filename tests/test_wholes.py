"""A whole that a list splits part by part, shown on its own elsewhere: hidden wherever
the list had to hide it (inclusion.wholes). Counted beside the list, it gave the hidden
parts back."""

import datetime

import pytest
from django.urls import reverse

from inclusion.figures import MASK, SmallGroups
from inclusion.models import Assessment, Competence, TargetLevel, Vulnerability
from inclusion.skills.queries import heatmap
from inclusion.wholes import wholes
from organisations.models import Role
from reports.content.management.snapshot import _inclusion
from tests.factories import EmployeeFactory, JobFactory, OrganisationUnitFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 1)


@pytest.fixture
def split(voorbeeldstad):
    """Two units of ten. Everyone in Bedrijfsvoering has a gap, four in Publiekszaken do:
    the heatmap shows the dash and "<5" for the two. Two jobs of high vulnerability with
    four people each: the list of those jobs shows "<5" for both."""
    organisation = voorbeeldstad
    business = OrganisationUnitFactory(organisation=organisation, name="Bedrijfsvoering")
    public = OrganisationUnitFactory(organisation=organisation, name="Publiekszaken")
    first, second = (
        JobFactory(organisation=organisation, vulnerability=Vulnerability.HIGH) for _ in range(2)
    )
    other = JobFactory(organisation=organisation, vulnerability=Vulnerability.LOW)
    competence = Competence.objects.get(organisation=organisation, code="1.1")
    for job in (first, second, other):
        TargetLevel.objects.create(
            organisation=organisation, job=job, competence=competence, level=3
        )
    people = [
        *(EmployeeFactory(unit=business, job=first) for _ in range(4)),
        *(EmployeeFactory(unit=business, job=other) for _ in range(6)),
        *(EmployeeFactory(unit=public, job=second) for _ in range(4)),
        *(EmployeeFactory(unit=public, job=other) for _ in range(6)),
    ]
    for index, employee in enumerate(people):
        Assessment.objects.create(
            organisation=organisation,
            employee=employee,
            competence=competence,
            # The first fourteen below their job's level: all ten of Bedrijfsvoering and
            # the four of the job of high vulnerability in Publiekszaken.
            level=1 if index < 14 else 4,
            assessed_on=DAY,
            source="hr",
        )
    return organisation


def test_the_heatmap_cannot_show_the_gaps_per_unit_and_their_whole(split):
    groups = SmallGroups.of(split, exact=False)
    shown = heatmap(split, groups=groups)
    by_unit = {row.unit.name: str(row.any_gap.figure) for row in shown.rows}
    assert by_unit == {"Bedrijfsvoering": MASK, "Publiekszaken": "<5"}
    assert shown.any_gap_whole.count == 14
    assert shown.any_gap_whole.hidden


def test_the_wholes_are_hidden_where_their_lists_hide_them(split):
    shown = wholes(split, SmallGroups.of(split, exact=False), active=20)
    assert (shown.gaps.count, shown.gaps.text) == (14, MASK)
    assert (shown.high.count, shown.high.text) == (8, MASK)
    # Six of twenty in a job of medium vulnerability: none, a small count.
    assert shown.medium.hidden
    # Who may see employees sees them all.
    exact = wholes(split, SmallGroups.of(split, exact=True), active=20)
    assert (str(exact.gaps), str(exact.high)) == ("14", "8")


def test_the_dashboard_and_the_management_report_do_not_show_them(split, login, members):
    page = login(members[Role.DIRECTOR]).get(reverse("inclusion:metamorphosis:dashboard"))
    assert page.status_code == 200
    assert page.context["gaps"].hidden and page.context["high"].hidden
    figures = _inclusion(split, DAY, DAY + datetime.timedelta(days=30))
    assert figures["skills_gaps"] == figures["vulnerable_high"] == MASK
    # The HR adviser, who sees every employee, sees the figures themselves.
    page = login(members[Role.HR_ADVISER]).get(reverse("inclusion:metamorphosis:dashboard"))
    assert (str(page.context["gaps"]), str(page.context["high"])) == ("14", "8")
