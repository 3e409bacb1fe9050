"""Visie & programma of the large organisation (`seed_demo --scale N`, see
organisations/large.py): three versions of the vision over three years, the programme
with its five interventions and their history, 15 initiatives per unit of N with their
status history and co-determination, and 2.5 benefits per initiative measured monthly.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from simple_history.utils import bulk_update_with_history

from organisations.large import (
    BATCH,
    LargeOrganisation,
    LargePart,
    day_between,
    moment,
    numbered,
    register,
)
from organisations.models import Organisation
from transformation.models import (
    RAG,
    Benefit,
    BenefitMeasurement,
    CodeterminationBody,
    CodeterminationPhase,
    CodeterminationStep,
    Initiative,
    InitiativeStatusChange,
    Intervention,
    InterventionChange,
    InterventionStatus,
    LegalBasis,
    Outcome,
    Programme,
    StatementKind,
    Vision,
    VisionSection,
    VisionStatement,
)
from transformation.services import (
    programme_create,
    vision_approve,
    vision_create,
    vision_send_to_consultation,
)

INITIATIVES_PER_SCALE = 15
BENEFITS_PER_INITIATIVE = 2.5
PROGRAMME = "Digitaal werken Grootstad"
TOPICS = [
    "Zaakgericht werken",
    "Samenwerken in Teams",
    "Digitaal loket",
    "Chatbot voor vragen",
    "Datagedreven sturing",
    "Robotisering backoffice",
    "E-facturatie",
    "Digitaal archief",
    "Mobiel werken",
    "Klantvolgsysteem",
    "Digitale handtekening",
    "Slimme planning",
    "Sensoren in de openbare ruimte",
    "Zelfservice voor medewerkers",
    "Digitale vergaderstukken",
]
# (measure, unit, direction: 1 when more is better)
BENEFIT_MEASURES = [
    ("Doorlooptijd van een aanvraag", "dagen", -1),
    ("Klanttevredenheid", "%", 1),
    ("Vragen die digitaal binnenkomen", "%", 1),
    ("Papieren dossiers", "dossiers", -1),
    ("Afhandeling binnen de termijn", "%", 1),
    ("Tijd per zaak", "minuten", -1),
    ("Medewerkers die het systeem gebruiken", "%", 1),
    ("Herstelwerk na controle", "zaken per week", -1),
]
DELAY = "Achterstand in de planning en capaciteit."


def initiative_department(index: int, departments: int) -> int:
    """Which department initiative `index` is for: every topic once per department."""
    return (index // len(TOPICS)) % departments


def initiative_title(index: int, departments: list[str]) -> str:
    """Unique for every index: (topic, department, wave) is another way of writing it."""
    topic = TOPICS[index % len(TOPICS)]
    wave = index // (len(TOPICS) * len(departments))
    title = f"{topic} bij {departments[initiative_department(index, len(departments))]}"
    return title if wave == 0 else f"{title}, ronde {wave + 1}"


def benefit_title(index_in_initiative: int) -> str:
    return numbered(
        [measure for measure, _unit, _direction in BENEFIT_MEASURES], index_in_initiative
    )


def generate(large: LargeOrganisation) -> None:
    rng = large.random("transformation")
    programme = _vision_and_programme(large, rng)
    _interventions(large, rng, programme)
    initiatives = _initiatives(large, rng, programme)
    _codetermination(large, rng, initiatives)
    _benefits(large, rng, initiatives)


def _vision_and_programme(large: LargeOrganisation, rng) -> Programme:
    """Three versions: approved three years ago, its successor approved halfway, and a
    third in consultation now."""
    organisation, owner = large.organisation, large.users["programma"]
    director = large.users["directeur"]
    first = vision_create(organisation=organisation, title="Informatievisie Grootstad", by=owner)
    statements = []
    for section in VisionSection.objects.filter(vision=first).select_related("theme"):
        statements += [
            VisionStatement(
                section=section,
                kind=StatementKind.PRINCIPLE,
                text=f"Bij {section.theme.name.lower()} staat de mens centraal.",
            ),
            VisionStatement(
                section=section,
                kind=StatementKind.AMBITION,
                text="Binnen drie jaar werkt iedere afdeling zo.",
            ),
        ]
    VisionStatement.objects.bulk_create(statements)
    versions = [first]
    for title in ("Informatievisie Grootstad, herzien", "Informatievisie Grootstad, derde versie"):
        versions.append(
            vision_create(organisation=organisation, title=title, by=owner, based_on=versions[-1])
        )
    days = [large.start, large.start + datetime.timedelta(days=540), large.today]
    for index, vision in enumerate(versions):
        vision_send_to_consultation(vision=vision)
        if index < 2:
            vision_approve(vision=vision, by=director, note="Vastgesteld door de directie.")
    for index, (vision, day) in enumerate(zip(versions, days, strict=True)):
        created = max(large.start, day - datetime.timedelta(days=60))
        approved = {"approved_at": moment(day)} if index < 2 else {}
        Vision.objects.filter(pk=vision.pk).update(
            created_at=moment(created),
            updated_at=moment(day),
            in_consultation_since=moment(day),
            **approved,
        )
    programme = programme_create(
        organisation=organisation,
        name=PROGRAMME,
        aim="Iedere medewerker werkt digitaal vaardig en met eigenaarschap.",
        owner=owner,
        start_date=large.start,
        vision=versions[1],
    )
    Programme.objects.filter(pk=programme.pk).update(created_at=moment(large.start))
    return programme


def _interventions(large: LargeOrganisation, rng, programme: Programme) -> None:
    """Each intervention's saves over the three years, ending in its status now."""
    interventions = list(Intervention.objects.filter(programme=programme).order_by("kind"))
    finals = [
        InterventionStatus.ANCHORED,
        InterventionStatus.IN_PROGRESS,
        InterventionStatus.ANCHORED,
        InterventionStatus.IN_PROGRESS,
        InterventionStatus.NOT_STARTED,
    ]
    changes = []
    for intervention, status in zip(interventions, finals, strict=True):
        intervention.status = status
        intervention.evidence = (
            "" if status == InterventionStatus.NOT_STARTED else "Vast onderdeel van het overleg."
        )
        intervention.owner = rng.choice(large.owners)
        intervention.last_reviewed_on = large.today - datetime.timedelta(days=rng.randint(5, 90))
        if status == InterventionStatus.NOT_STARTED:
            continue
        days = sorted(day_between(rng, large.start, large.today) for _ in range(rng.randint(2, 5)))
        changes += [
            InterventionChange(
                intervention=intervention,
                changed_by=large.users["programma"],
                changed_at=moment(day),
                status=status if day == days[-1] else InterventionStatus.IN_PROGRESS,
                evidence=intervention.evidence,
                owner_name=str(intervention.owner),
                last_reviewed_on=day,
                changed_fields=["status", "evidence"],
            )
            for day in days
        ]
    # With history: programme_create gave them their first rows in the trail.
    bulk_update_with_history(
        interventions, Intervention, ["status", "evidence", "owner", "last_reviewed_on"]
    )
    InterventionChange.objects.bulk_create(changes)


def _initiatives(large: LargeOrganisation, rng, programme: Programme) -> list[Initiative]:
    """Each for one department and a few of its teams, started in the past three years,
    with its status history since."""
    departments = large.departments
    names = [department.name for department in departments]
    teams_of: dict[int, list] = {department.pk: [] for department in departments}
    for team in large.teams:
        teams_of[team.parent_id].append(team)
    initiatives, units, histories = [], [], []
    for index in range(large.size(INITIATIVES_PER_SCALE, minimum=3)):
        department = departments[initiative_department(index, len(departments))]
        start = day_between(rng, large.start, large.today - datetime.timedelta(days=30))
        teams = teams_of[department.pk]
        units.append([department, *rng.sample(teams, k=min(len(teams), rng.randint(0, 4)))])
        status, reason, history = RAG.GREEN, "", []
        for day in sorted(day_between(rng, start, large.today) for _ in range(rng.randint(0, 4))):
            new = rng.choice([s for s in RAG.values if s != status])
            history.append((day, status, new, "" if new == RAG.GREEN else DELAY))
            status, reason = new, history[-1][3]
        histories.append(history)
        initiatives.append(
            Initiative(
                organisation=large.organisation,
                programme=programme,
                title=initiative_title(index, names),
                description="Een concrete verandering op de werkvloer.",
                owner=rng.choice(large.owners),
                start_date=start,
                technology="Een nieuw systeem en wat het van mensen vraagt.",
                technology_readiness=rng.randint(1, 5),
                processes="De werkprocessen van aanvraag tot besluit.",
                processes_readiness=rng.randint(1, 5),
                human_action="Medewerkers werken zaakgericht en delen kennis.",
                human_action_readiness=rng.randint(1, 5),
                status=status,
                status_reason=reason,
            )
        )
    Initiative.objects.bulk_create(initiatives, batch_size=BATCH)
    link = Initiative.units.through
    link.objects.bulk_create(
        (
            link(initiative_id=initiative.pk, organisationunit_id=unit.pk)
            for initiative, chosen in zip(initiatives, units, strict=True)
            for unit in chosen
        ),
        batch_size=BATCH,
    )
    owner = large.users["programma"]
    changes = []
    for initiative, history in zip(initiatives, histories, strict=True):
        changes.append(
            InitiativeStatusChange(
                initiative=initiative,
                changed_by=owner,
                changed_at=moment(initiative.start_date, 9),
                to_status=RAG.GREEN,
            )
        )
        changes += [
            InitiativeStatusChange(
                initiative=initiative,
                changed_by=owner,
                changed_at=moment(day),
                from_status=old,
                to_status=new,
                reason=reason,
            )
            for day, old, new, reason in history
        ]
    InitiativeStatusChange.objects.bulk_create(changes, batch_size=BATCH)
    return initiatives


def _codetermination(large: LargeOrganisation, rng, initiatives: list[Initiative]) -> None:
    """Idea, development and implementation as far as each initiative got by its age,
    with every outcome; some advice recent."""
    bodies = [
        *CodeterminationBody.objects.for_organisation(large.organisation).order_by("name"),
        CodeterminationBody.objects.create(
            organisation=large.organisation, name="Georganiseerd Overleg"
        ),
    ]
    outcomes = [
        (Outcome.POSITIVE, 35),
        (Outcome.CONDITIONS, 15),
        (Outcome.NEGATIVE, 5),
        (Outcome.NOT_REQUIRED, 10),
        (Outcome.PENDING, 35),
    ]
    recent = large.today - datetime.timedelta(days=45)
    steps = []
    for initiative in initiatives:
        age = (large.today - initiative.start_date).days
        reached = 1 + (age > 150) + (age > 400)
        for phase in list(CodeterminationPhase)[:reached]:
            outcome = rng.choices([o for o, _w in outcomes], [w for _o, w in outcomes])[0]
            requested = given = None
            meetings = []
            if outcome or rng.random() < 0.6:
                requested = day_between(rng, initiative.start_date, large.today)
                if rng.random() < 0.15:
                    requested = day_between(rng, max(recent, initiative.start_date), large.today)
                meetings = [
                    (requested - datetime.timedelta(days=14 * n)).isoformat() for n in (2, 1)
                ]
            if outcome and requested:
                given = min(large.today, requested + datetime.timedelta(days=rng.randint(7, 60)))
            steps.append(
                CodeterminationStep(
                    organisation=large.organisation,
                    initiative=initiative,
                    phase=phase,
                    body=rng.choice(bodies) if requested or rng.random() < 0.5 else None,
                    legal_basis=rng.choice(
                        [LegalBasis.WOR_25_1_K, LegalBasis.WOR_27_1_K, LegalBasis.NONE]
                    ),
                    meeting_dates=meetings,
                    advice_requested_on=requested,
                    advice_given_on=given,
                    outcome=outcome,
                    outcome_note="Met afspraken over evaluatie na een half jaar."
                    if outcome in (Outcome.CONDITIONS, Outcome.NOT_REQUIRED, Outcome.NEGATIVE)
                    else "",
                    updated_by=large.users["programma"],
                )
            )
    CodeterminationStep.objects.bulk_create(steps, batch_size=BATCH)


def _benefits(large: LargeOrganisation, rng, initiatives: list[Initiative]) -> None:
    """Benefits spread over the initiatives, measured monthly since their baseline (up to
    three years), around the plan: some ahead, some behind, some at the target."""
    count = max(3, round(BENEFITS_PER_INITIATIVE * len(initiatives)))
    benefits, biases = [], []
    for index in range(count):
        initiative = initiatives[index % len(initiatives)]
        within = index // len(initiatives)
        measure, unit, direction = BENEFIT_MEASURES[within % len(BENEFIT_MEASURES)]
        baseline = Decimal(rng.randint(20, 200))
        baseline_on = day_between(
            rng,
            initiative.start_date,
            max(initiative.start_date, large.today - datetime.timedelta(days=60)),
        )
        benefits.append(
            Benefit(
                organisation=large.organisation,
                initiative=initiative,
                title=benefit_title(within),
                owner=rng.choice(large.owners),
                measure=measure,
                unit=unit,
                baseline=baseline,
                baseline_on=baseline_on,
                target=baseline * (Decimal("1.5") if direction > 0 else Decimal("0.5")),
                target_date=baseline_on + datetime.timedelta(days=rng.randint(500, 1200)),
            )
        )
        biases.append(rng.choice((Decimal("-0.25"), Decimal(0), Decimal("0.1"), Decimal(1))))
    Benefit.objects.bulk_create(benefits, batch_size=BATCH)
    measurements = []
    for benefit, bias in zip(benefits, biases, strict=True):
        if rng.random() < 0.1:
            continue  # not measured yet
        month = 1
        while (day := benefit.baseline_on + datetime.timedelta(days=30 * month)) <= large.today:
            noise = Decimal(str(round(rng.gauss(0, 0.08), 3)))
            value = benefit.expected_on(day) + (benefit.target - benefit.baseline) * (bias + noise)
            measurements.append(
                BenefitMeasurement(
                    benefit=benefit,
                    measured_on=day,
                    value=max(Decimal(0), value).quantize(Decimal("0.01")),
                    recorded_by=large.users["programma"],
                )
            )
            month += 1
    BenefitMeasurement.objects.bulk_create(measurements, batch_size=BATCH)


def count(organisation: Organisation) -> dict[str, int]:
    return {
        "visions": Vision.objects.for_organisation(organisation).count(),
        "initiatives": Initiative.objects.for_organisation(organisation).count(),
        "initiative status changes": InitiativeStatusChange.objects.filter(
            initiative__organisation=organisation
        ).count(),
        "interventions": Intervention.objects.for_organisation(organisation).count(),
        "co-determination steps": CodeterminationStep.objects.for_organisation(
            organisation
        ).count(),
        "benefits": Benefit.objects.for_organisation(organisation).count(),
        "benefit measurements": BenefitMeasurement.objects.filter(
            benefit__organisation=organisation
        ).count(),
    }


register(LargePart(generate=generate, count=count))
