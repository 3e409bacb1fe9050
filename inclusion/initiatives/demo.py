"""Demo data for inclusion tied to the initiatives, for Voorbeeldstad: the competences
its initiatives ask of people, digital-skills actions linked to the initiative they
serve, and a recent round of assessments in which some of the initiatives' people
learnt, so that the gap shows closing. Deterministic (a fixed random seed, dates
relative to today) and idempotent: an organisation whose initiatives ask competences
already is left alone."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from inclusion.models import (
    Assessment,
    AssessmentSource,
    Competence,
    Employee,
    InitiativeCompetence,
    SkillsAction,
    TargetLevel,
    refresh_latest_levels,
)
from transformation.models import Initiative

# Per initiative: competence code → the level it asks (None: each one's job target).
ASKED = {
    "Microsoft 365 voor Burgerzaken": {"2.1": None, "2.4": 4},
    "Zaakgericht werken bij Vergunningen": {"1.3": 3, "2.4": None},
    "Woo-publicaties op orde": {"1.3": 4, "4.2": None},
    "Datagedreven sturing sociaal domein": {"1.2": 4, "1.3": 3},
    "Digitaal klantcontact via chat": {"2.1": None, "2.3": 3},
    "Mobiel werken in de wijk": {"2.1": None, "4.1": None},
    "Digitaal POP-gesprek met e-HRM": {"2.4": None},
}
# Of the individual actions for an initiative's people since its start, the share
# HR logged for it; and of its people below the level asked, the share who learnt.
LINKED = 0.6
LEARNT = 0.45


@transaction.atomic
def seed(organisation, users) -> None:
    if InitiativeCompetence.objects.filter(organisation=organisation).exists():
        return
    rng = random.Random(f"mensenwerk-initiatives-{organisation.slug}")
    today = timezone.localdate()
    competences = {c.code: c for c in Competence.objects.for_organisation(organisation)}
    initiatives = list(
        Initiative.objects.for_organisation(organisation)
        .filter(title__in=ASKED)
        .prefetch_related("units")
        .order_by("start_date", "pk")
    )
    InitiativeCompetence.objects.bulk_create(
        InitiativeCompetence(
            organisation=organisation,
            initiative=initiative,
            competence=competences[code],
            level=level,
        )
        for initiative in initiatives
        for code, level in ASKED[initiative.title].items()
        if code in competences
    )
    _link_actions(organisation, initiatives, rng)
    _recent_round(organisation, initiatives, competences, rng, today)


def _link_actions(organisation, initiatives, rng) -> None:
    """Individual actions for an initiative's people since its start, some for it."""
    linked: dict[int, list[int]] = {}
    taken: set[int] = set()
    for initiative in initiatives:
        units = [unit.pk for unit in initiative.units.all()]
        candidates = (
            SkillsAction.objects.for_organisation(organisation)
            .filter(
                unit__isnull=True,
                training_session__isnull=True,
                initiative__isnull=True,
                employees__unit__in=units,
                held_on__gte=initiative.start_date,
            )
            .distinct()
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        chosen = [pk for pk in candidates if pk not in taken and rng.random() < LINKED]
        taken.update(chosen)
        linked[initiative.pk] = chosen
    for initiative_id, pks in linked.items():
        SkillsAction.objects.filter(pk__in=pks).update(initiative_id=initiative_id)


def _recent_round(organisation, initiatives, competences, rng, today) -> None:
    """HR's look in the last two months at some of the people below the level their
    initiative asks: a level up. (HR's, so that the skills demo's own rounds, by
    themselves and their managers, stay as they are.)"""
    employees = {
        employee.pk: employee
        for employee in Employee.objects.for_organisation(organisation)
        .active()
        .filter(unit__in=[unit for initiative in initiatives for unit in initiative.units.all()])
    }
    targets = {
        (row.job_id, row.competence_id): row.level
        for row in TargetLevel.objects.for_organisation(organisation)
    }
    latest: dict[tuple[int, int], int] = {}
    for assessment in Assessment.objects.filter(employee_id__in=employees).order_by(
        "assessed_on", "pk"
    ):
        latest[(assessment.employee_id, assessment.competence_id)] = assessment.level
    assessed: set[tuple[int, int]] = set()
    new = []
    for initiative in initiatives:
        units = {unit.pk for unit in initiative.units.all()}
        for code, level in ASKED[initiative.title].items():
            competence = competences.get(code)
            if competence is None:
                continue
            for employee in employees.values():
                key = (employee.pk, competence.pk)
                required = level or targets.get((employee.job_id, competence.pk))
                now = latest.get(key)
                if (
                    employee.unit_id not in units
                    or key in assessed
                    or required is None
                    or now is None
                    or now >= required
                    or rng.random() >= LEARNT
                ):
                    continue
                assessed.add(key)
                new.append(
                    Assessment(
                        organisation=organisation,
                        employee=employee,
                        competence=competence,
                        level=min(8, now + 1 + (rng.random() < 0.3)),
                        assessed_on=today - datetime.timedelta(days=rng.randint(5, 60)),
                        source=AssessmentSource.HR,
                    )
                )
    Assessment.objects.bulk_create(new)
    refresh_latest_levels(Employee.objects.for_organisation(organisation))
