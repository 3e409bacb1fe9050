"""The latest level of each employee's competence, kept beside the assessments, with the
target level of the employee's job beside it, so that the skills gaps are the rows below
their target: every way an assessment, a job's target levels or an employee's job is
written or removed keeps both right."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from inclusion.employees.imports import apply_import, plan_import
from inclusion.models import (
    Assessment,
    Competence,
    Employee,
    LatestLevel,
    TargetLevel,
    refresh_latest_levels,
)
from inclusion.skills import queries as skills
from inclusion.skills.services import target_levels_set
from tests.factories import EmployeeFactory, JobFactory
from tests.helpers import HEADER, csv_bytes

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


# --- The target level beside it -----------------------------------------------------------------


def ask(job, code, level) -> TargetLevel:
    """The job's target level for the competence `code`, saved on its own."""
    return TargetLevel.objects.create(
        organisation=job.organisation,
        job=job,
        competence=competence(job.organisation, code),
        level=level,
    )


def targets(employee) -> dict[str, int | None]:
    """{competence code: the target kept beside the employee's latest level}."""
    return {
        row.competence.code: row.target
        for row in LatestLevel.objects.filter(employee=employee).select_related("competence")
    }


def stale() -> list[tuple[int, int, int | None, int | None]]:
    """The latest levels whose target is not their employee's job's target level:
    (employee, competence, kept, right). Empty when everything followed."""
    asked = {
        (target.job_id, target.competence_id): target.level for target in TargetLevel.objects.all()
    }
    jobs = dict(Employee.objects.values_list("pk", "job_id"))
    return [
        (row.employee_id, row.competence_id, row.target, right)
        for row in LatestLevel.objects.all()
        if row.target != (right := asked.get((jobs[row.employee_id], row.competence_id)))
    ]


def test_the_target_follows_the_jobs_target_levels(employees):
    employee = employees[1]
    organisation = employee.organisation
    assess(employee, "1.1", 2)
    assess(employee, "2.1", 5)
    assert targets(employee) == {"1.1": None, "2.1": None}, "the job asks nothing yet"

    ask(employee.job, "1.1", 4)
    assert targets(employee) == {"1.1": 4, "2.1": None}, "a target level saved on its own"
    assert skills.gap_totals(organisation) == {employee.unit_id: 1}, "no new assessment needed"

    # The target levels form: change one, add one, remove one, at once.
    target_levels_set(
        job=employee.job,
        levels={competence(organisation, "1.1"): 2, competence(organisation, "2.1"): 6},
    )
    assert targets(employee) == {"1.1": 2, "2.1": 6}
    assert skills.gap_totals(organisation) == {employee.unit_id: 1}
    target_levels_set(job=employee.job, levels={competence(organisation, "2.1"): None})
    assert targets(employee) == {"1.1": 2, "2.1": None}
    assert skills.gap_totals(organisation) == {}
    TargetLevel.objects.get(competence__code="1.1").delete()
    assert targets(employee) == {"1.1": None, "2.1": None}
    assert stale() == []


def test_the_target_follows_the_employees_job(employees):
    employee = employees[1]
    organisation = employee.organisation
    first, second = employee.job, JobFactory(organisation=organisation, name="Adviseur")
    for job, level in ((first, 3), (second, 6)):
        ask(job, "1.1", level)
    assess(employee, "1.1", 4)
    assess(employees[2], "1.1", 4)
    assert targets(employee) == {"1.1": 3}

    employee.job = second
    employee.save()
    assert targets(employee) == {"1.1": 6}, "a job changed in a form, the API, the admin"
    assert targets(employees[2]) == {"1.1": 3}, "a colleague keeps hers"
    assert skills.gap_totals(organisation) == {employee.unit_id: 1}

    loaded = Employee.objects.get(pk=employee.pk)
    loaded.job = None
    loaded.save(update_fields=["job"])
    assert targets(employee) == {"1.1": None}, "no job asks nothing"
    loaded.job = first
    loaded.save(update_fields=["name"])
    assert targets(employee) == {"1.1": None}, "the job was not saved, so it did not change"
    loaded.save()
    assert targets(employee) == {"1.1": 3}

    # A job removed: its employees have none, and nothing is asked of them.
    first.delete()
    assert targets(employee) == {"1.1": None}
    assert targets(employees[2]) == {"1.1": None}
    assert stale() == []


def test_saving_an_employee_whose_job_did_not_change_writes_no_targets(employees):
    employee = Employee.objects.get(pk=employees[1].pk)
    with CaptureQueriesContext(connection) as queries:
        employee.name = "Nieuwe naam"
        employee.save()
    assert not [query for query in queries if "inclusion_latestlevel" in query["sql"]]


def test_the_import_moves_the_targets_with_the_jobs(voorbeeldstad, employees):
    employee = employees[1]
    other = JobFactory(organisation=voorbeeldstad, name="Adviseur")
    for job, level in ((employee.job, 3), (other, 6)):
        ask(job, "1.1", level)
    assess(employee, "1.1", 4)
    assess(employees[2], "1.1", 4)
    lines = [
        HEADER,
        f"{employee.personnel_number};{employee.name};;{employee.unit.name};Adviseur;",
        f"{employees[2].personnel_number};{employees[2].name};;{employees[2].unit.name};"
        f"{employees[2].job.name};",
    ]
    with translation.override("en"):
        plan = plan_import(csv_bytes(lines), organisation=voorbeeldstad)
    assert plan.ok, plan.problems
    apply_import(plan, organisation=voorbeeldstad)
    assert targets(employee) == {"1.1": 6}
    assert targets(employees[2]) == {"1.1": 3}
    assert stale() == []


def test_a_refresh_after_a_bulk_write_copies_the_targets(employees):
    employee = employees[1]
    organisation = employee.organisation
    ask(employee.job, "1.1", 5)
    Assessment.objects.bulk_create(
        [
            Assessment(
                organisation=organisation,
                employee=employee,
                competence=competence(organisation, code),
                level=2,
                assessed_on=DAY,
                source="self",
            )
            for code in ("1.1", "2.1")
        ]
    )
    refresh_latest_levels(Employee.objects.filter(pk=employee.pk))
    assert targets(employee) == {"1.1": 5, "2.1": None}
    assert stale() == []


def test_the_migration_copies_the_targets(employees):
    employee = employees[1]
    ask(employee.job, "1.1", 5)
    assess(employee, "1.1", 2)
    assess(employee, "3.1", 2)
    LatestLevel.objects.update(target=None)
    migration = importlib.import_module("inclusion.migrations.0017_latest_level_target")
    migration.fill(django_apps, None)
    assert targets(employee) == {"1.1": 5, "3.1": None}
    assert stale() == []
