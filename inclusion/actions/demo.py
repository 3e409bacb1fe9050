"""Demo digital-skills actions and POP-gesprekken for Voorbeeldstad.

A few hundred actions over the past year, a training or intervisie for each unit
as a whole, and POP-gesprekken last year and this year for most employees, with
digital skills covered in roughly two thirds of this year's. A fixed random seed
makes every run the same (relative to today); an organisation that has actions
already is left alone.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from inclusion.models import (
    ActionDays,
    ActionKind,
    ActionStatus,
    Competence,
    Employee,
    PopConversation,
    SkillsAction,
)
from organisations.models import OrganisationUnit

SEED = 20260301
INDIVIDUAL_ACTIONS = 260
PLANNED_ACTIONS = 20
# Of which past their date.
OVERDUE_ACTIONS = 3
KINDS = [
    (ActionKind.TRAINING, 8),
    (ActionKind.INTERVISIE, 5),
    (ActionKind.POP_AGREEMENT, 4),
    (ActionKind.CHAMPION_COACHING, 4),
    (ActionKind.LEARNING_NETWORK, 2),
    (ActionKind.MOBILITY_STEP, 1),
    (ActionKind.RECRUITMENT, 1),
]
HOURS = [Decimal("1"), Decimal("1.5"), Decimal("2"), Decimal("3"), Decimal("4"), Decimal("8")]
NOTES = {
    ActionKind.TRAINING: ["E-learning Teams", "Workshop zaakgericht werken", "Cursus Excel basis"],
    ActionKind.INTERVISIE: ["Casus: een klant zonder DigiD", "Casus: dossier in twee systemen"],
    ActionKind.POP_AGREEMENT: ["Afspraak uit het POP-gesprek", "Oefenen met de nieuwe app"],
    ActionKind.CHAMPION_COACHING: [
        "Samen met de champion aan de slag",
        "Vragenuur bij de champion",
    ],
    ActionKind.LEARNING_NETWORK: ["Lerend netwerk digitale vaardigheden", "Experiment met AI-hulp"],
    ActionKind.MOBILITY_STEP: ["Meeloopdag bij een andere afdeling"],
    ActionKind.RECRUITMENT: ["Digitale vaardigheden in het functieprofiel"],
}
AGREEMENTS = [
    "Volgt de e-learning Teams en bespreekt de ervaringen in het werkoverleg.",
    "Oefent met zaakgericht werken, samen met de champion van het team.",
    "Neemt deel aan het lerend netwerk en probeert één nieuw hulpmiddel uit.",
    "Wil meer weten over informatieveiligheid; volgt de training in het najaar.",
]


def _day_in(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


@transaction.atomic
def seed(organisation, users) -> None:
    if SkillsAction.objects.for_organisation(organisation).exists():
        return
    employees = list(
        Employee.objects.for_organisation(organisation).active().order_by("personnel_number")
    )
    if not employees:
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    hr = users.get("hr")
    competences = list(Competence.objects.for_organisation(organisation).order_by("code"))
    kinds = [kind for kind, _weight in KINDS]
    weights = [weight for _kind, weight in KINDS]
    year_ago = today - datetime.timedelta(days=365)

    def new_action(kind, held_on, status, unit=None) -> SkillsAction:
        return SkillsAction(
            organisation=organisation,
            kind=kind,
            unit=unit,
            held_on=held_on,
            hours=rng.choice(HOURS),
            status=status,
            notes=rng.choice(NOTES[kind]),
            created_by=hr,
        )

    planned = []
    for index in range(INDIVIDUAL_ACTIONS + PLANNED_ACTIONS):
        kind = rng.choices(kinds, weights)[0]
        if index < INDIVIDUAL_ACTIONS:
            held_on = _day_in(rng, year_ago, today)
            status = ActionStatus.CANCELLED if rng.random() < 0.05 else ActionStatus.DONE
        else:
            held_on = _day_in(
                rng, today + datetime.timedelta(days=1), today + datetime.timedelta(days=60)
            )
            if index < INDIVIDUAL_ACTIONS + OVERDUE_ACTIONS:
                # Planned, and the day has passed without anyone recording it: HR's
                # dashboard asks for them.
                held_on -= datetime.timedelta(days=61)
            status = ActionStatus.PLANNED
        people = rng.sample(employees, k=rng.choice([1, 1, 1, 2, 3]))
        planned.append((new_action(kind, held_on, status), people))

    # Each unit once as a whole: a training or an intervisie for the team.
    members: dict[int, list[Employee]] = {}
    for employee in employees:
        if employee.unit_id:
            members.setdefault(employee.unit_id, []).append(employee)
    units = OrganisationUnit.objects.for_organisation(organisation).filter(pk__in=members)
    for unit in units.order_by("name"):
        kind = rng.choice([ActionKind.TRAINING, ActionKind.INTERVISIE])
        planned.append(
            (
                new_action(kind, _day_in(rng, year_ago, today), ActionStatus.DONE, unit),
                members[unit.pk],
            )
        )

    actions = SkillsAction.objects.bulk_create([action for action, _people in planned])
    Through = SkillsAction.employees.through
    Through.objects.bulk_create(
        Through(skillsaction_id=action.pk, employee_id=employee.pk)
        for action, (_same, people) in zip(actions, planned, strict=True)
        for employee in people
    )
    ActionDays.keep(Employee.objects.for_organisation(organisation))
    if competences:
        CompetenceThrough = SkillsAction.competences.through
        CompetenceThrough.objects.bulk_create(
            CompetenceThrough(skillsaction_id=action.pk, competence_id=competence.pk)
            for action in actions
            for competence in rng.sample(competences, k=rng.choice([1, 1, 2]))
        )

    _seed_pop_conversations(organisation, employees, rng, today, actions, planned)


def _seed_pop_conversations(organisation, employees, rng, today, actions, planned) -> None:
    """Last year: 85% held, digital skills in half of them. This year: 80% held so
    far, digital skills in about four of five: coverage of roughly two thirds."""
    this_year = today.year
    pops = []
    for employee in employees:
        if rng.random() < 0.85:
            pops.append(
                PopConversation(
                    organisation=organisation,
                    employee=employee,
                    year=this_year - 1,
                    held_on=_day_in(
                        rng,
                        datetime.date(this_year - 1, 2, 1),
                        datetime.date(this_year - 1, 11, 30),
                    ),
                    digital_skills=rng.random() < 0.5,
                    digital_resilience=rng.random() < 0.3,
                    agreements=rng.choice(AGREEMENTS),
                )
            )
        if rng.random() < 0.8:
            skills = rng.random() < 0.82
            pops.append(
                PopConversation(
                    organisation=organisation,
                    employee=employee,
                    year=this_year,
                    held_on=_day_in(rng, datetime.date(this_year, 1, 1), today),
                    digital_skills=skills,
                    digital_resilience=skills and rng.random() < 0.6,
                    agreements=rng.choice(AGREEMENTS) if skills else "",
                )
            )
    pops = PopConversation.objects.bulk_create(pops)
    # Agreements from this year's conversation link to that employee's POP actions.
    this_years = {pop.employee_id: pop for pop in pops if pop.year == this_year}
    for action, (_same, people) in zip(actions, planned, strict=True):
        if action.kind != ActionKind.POP_AGREEMENT or len(people) != 1:
            continue
        pop = this_years.get(people[0].pk)
        if pop is not None and action.held_on >= pop.held_on:
            SkillsAction.objects.filter(pk=action.pk).update(pop_conversation=pop)
