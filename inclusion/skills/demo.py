"""Demo data for digital skills: target levels for Voorbeeldstad's jobs and
assessments for most of its employees. Deterministic (a fixed random seed and fixed
dates), and idempotent: an organisation with target levels is left alone."""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from inclusion.models import (
    Assessment,
    AssessmentSource,
    Competence,
    Employee,
    Job,
    TargetLevel,
    refresh_latest_levels,
)

# What every job asks for, then what some jobs ask for on top (competence code → level).
BASE = {"1.1": 3, "2.1": 3, "2.4": 3, "4.1": 2, "4.2": 3}
BY_JOB = {
    "Teamleider": {"2.4": 4, "1.2": 3, "5.4": 4},
    "Afdelingshoofd": {"2.4": 4, "1.2": 4, "5.4": 4},
    "Medewerker publiekszaken": {"2.1": 4, "2.3": 3},
    "Klantcontactmedewerker": {"2.1": 4, "2.3": 3, "5.1": 3},
    "Medewerker burgerzaken backoffice": {"1.3": 3},
    "Consulent Wmo": {"1.2": 3, "2.3": 3},
    "Klantmanager": {"1.2": 3, "2.3": 3},
    "HR-adviseur": {"4.2": 4, "5.4": 4},
    "Salarisadministrateur": {"1.3": 4, "4.2": 4},
    "Informatiebeheerder": {"1.3": 5, "3.3": 4, "4.2": 4},
    "Archiefmedewerker": {"1.3": 4, "3.3": 3},
    "Functioneel beheerder": {"1.3": 4, "4.1": 4, "5.1": 5, "5.2": 4},
    "Servicedeskmedewerker": {"4.1": 4, "5.1": 4},
    "Financieel adviseur": {"1.2": 4, "1.3": 4, "3.2": 3},
    "Vergunningverlener": {"1.2": 3, "3.3": 3},
    "Toezichthouder": {"2.1": 3, "4.2": 3},
    "Wijkbeheerder": {"2.1": 3},
}
# The first assessment round (self-assessments) and the second (by the manager).
FIRST_ROUND = datetime.date(2025, 3, 3)
SECOND_ROUND = datetime.date(2025, 10, 6)


@transaction.atomic
def seed(organisation, users) -> None:
    if TargetLevel.objects.for_organisation(organisation).exists():
        return
    rng = random.Random(f"mensenwerk-skills-{organisation.slug}")
    competences = {c.code: c for c in Competence.objects.for_organisation(organisation)}
    targets: dict[int, dict[str, int]] = {}
    rows = []
    for job in Job.objects.for_organisation(organisation).order_by("name"):
        profile = {**BASE, **BY_JOB.get(job.name, {})}
        targets[job.pk] = profile
        rows += [
            TargetLevel(
                organisation=organisation, job=job, competence=competences[code], level=level
            )
            for code, level in sorted(profile.items())
            if code in competences
        ]
    TargetLevel.objects.bulk_create(rows)

    assessments = []
    employees = Employee.objects.for_organisation(organisation).active().order_by("pk")
    for index, employee in enumerate(employees):
        # Most employees, not all: every seventh has not been assessed yet.
        if employee.job_id is None or index % 7 == 6:
            continue
        for code, target in sorted(targets[employee.job_id].items()):
            if code not in competences:
                continue
            first = max(1, min(8, target + rng.choice((-2, -1, -1, 0, 0, 1))))
            assessments.append(
                Assessment(
                    organisation=organisation,
                    employee=employee,
                    competence=competences[code],
                    level=first,
                    assessed_on=FIRST_ROUND + datetime.timedelta(days=index % 20),
                    source=AssessmentSource.SELF,
                )
            )
            # Half of them had a second look: the manager's, usually a level up.
            if rng.random() < 0.5:
                assessments.append(
                    Assessment(
                        organisation=organisation,
                        employee=employee,
                        competence=competences[code],
                        level=max(1, min(8, first + rng.choice((0, 1, 1)))),
                        assessed_on=SECOND_ROUND + datetime.timedelta(days=index % 20),
                        source=AssessmentSource.MANAGER,
                    )
                )
    Assessment.objects.bulk_create(assessments)
    refresh_latest_levels(Employee.objects.for_organisation(organisation))
