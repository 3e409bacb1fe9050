"""The latest level of each employee's competence, kept beside the assessments so the
skills gaps are one join: every way an assessment is written or removed keeps it right."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps

from inclusion.models import Assessment, Competence, LatestLevel, refresh_latest_levels
from inclusion.skills import queries as skills
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 15)


def competence(organisation, code):
    return Competence.objects.get(area__organisation=organisation, code=code)


def assess(employee, code, level, day=DAY):
    return Assessment.objects.create(
        organisation=employee.organisation,
        employee=employee,
        competence=competence(employee.organisation, code),
        level=level,
        assessed_on=day,
        source="hr",
    )


def latest(employee, code):
    row = LatestLevel.objects.filter(
        employee=employee, competence=competence(employee.organisation, code)
    ).first()
    return row.level if row else None


def test_the_latest_level_follows_every_write(employees):
    employee = employees[1]
    first = assess(employee, "1.1", 2)
    assert latest(employee, "1.1") == 2
    newer = assess(employee, "1.1", 5, DAY + datetime.timedelta(days=30))
    assert latest(employee, "1.1") == 5
    assess(employee, "1.1", 1, DAY - datetime.timedelta(days=30))
    assert latest(employee, "1.1") == 5, "an older assessment entered later changes nothing"
    same_day = assess(employee, "1.1", 4, DAY + datetime.timedelta(days=30))
    assert latest(employee, "1.1") == 4, "on the same day the one entered last counts"
    same_day.delete()
    assert latest(employee, "1.1") == 5
    newer.level = 6
    newer.save()
    assert latest(employee, "1.1") == 6
    # Corrected to another competence: both competences as their assessments say.
    newer.competence = competence(employee.organisation, "2.1")
    newer.save()
    assert (latest(employee, "1.1"), latest(employee, "2.1")) == (2, 6)
    Assessment.objects.get(level=1).delete()
    first.delete()
    assert latest(employee, "1.1") is None
    assert LatestLevel.objects.filter(employee=employee).count() == 1
    employee.delete()
    assert not LatestLevel.objects.exists()


def test_a_bulk_write_is_followed_by_a_refresh(voorbeeldstad, buurdorp, employees):
    mine, theirs = employees[1], EmployeeFactory(organisation=buurdorp)
    assess(theirs, "1.1", 3)
    rows = [
        Assessment(
            organisation=voorbeeldstad,
            employee=mine,
            competence=competence(voorbeeldstad, code),
            level=level,
            assessed_on=DAY + datetime.timedelta(days=days),
            source="self",
        )
        for code, level, days in (("1.1", 2, 0), ("1.1", 4, 10), ("2.4", 7, 0))
    ]
    Assessment.objects.bulk_create(rows)
    assert latest(mine, "1.1") is None, "bulk_create bypasses save()"
    made = refresh_latest_levels(type(mine).objects.filter(organisation=voorbeeldstad))
    assert made == 2
    assert (latest(mine, "1.1"), latest(mine, "2.4")) == (4, 7)
    assert latest(theirs, "1.1") == 3, "another organisation's rows stay"


def test_the_gaps_read_the_latest_level(employees):
    from inclusion.models import TargetLevel

    employee = employees[1]
    TargetLevel.objects.create(
        organisation=employee.organisation,
        job=employee.job,
        competence=competence(employee.organisation, "1.1"),
        level=4,
    )
    assess(employee, "1.1", 2)
    assert skills.gap_totals(employee.organisation)[employee.unit_id] == 1
    assess(employee, "1.1", 4, DAY + datetime.timedelta(days=1))
    assert skills.gap_totals(employee.organisation).get(employee.unit_id, 0) == 0


def test_the_migration_fills_the_latest_levels_from_the_assessments(employees):
    employee = employees[1]
    assess(employee, "1.1", 2)
    assess(employee, "1.1", 6, DAY + datetime.timedelta(days=3))
    assess(employee, "3.1", 5)
    LatestLevel.objects.all().delete()
    migration = importlib.import_module("inclusion.migrations.0012_latest_level")
    migration.fill(django_apps, None)
    assert (latest(employee, "1.1"), latest(employee, "3.1")) == (6, 5)
