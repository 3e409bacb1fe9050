"""Demo data for functiemetamorfose: two vulnerable jobs in Voorbeeldstad, mobility
trajectories for several of their employees, and self-assessments of the programme
"Digitaal werken 2027" against the nine lessons.

Deterministic (fixed dates, employees taken in personnel-number order) and
idempotent: an organisation with mobility trajectories is left alone.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from inclusion.models import (
    Destination,
    Employee,
    Job,
    LessonAssessment,
    MobilityTrajectory,
    TrajectoryStatus,
    Vulnerability,
)
from transformation.models import Programme

PROGRAMME = "Digitaal werken 2027"

# job name → (vulnerability, reason, horizon)
RATINGS = {
    "Medewerker burgerzaken backoffice": (
        Vulnerability.HIGH,
        "Digitale selfservice neemt de routinematige aanvragen over: verhuizingen, "
        "uittreksels en aanvragen van reisdocumenten worden steeds vaker online en "
        "automatisch afgehandeld. Wat overblijft zijn de ingewikkelde gevallen.",
        "binnen twee jaar",
    ),
    "Administratief medewerker": (
        Vulnerability.MEDIUM,
        "Het invoeren en controleren van gegevens en het verwerken van facturen wordt "
        "grotendeels geautomatiseerd. Het werk verschuift naar controle op uitzonderingen.",
        "binnen drie tot vijf jaar",
    ),
    "Klantcontactmedewerker": (
        Vulnerability.LOW,
        "Eenvoudige vragen gaan naar de website en de chat; het persoonlijke gesprek blijft.",
        "over vijf jaar of later",
    ),
}

# When the trajectories that are over ended, by (from job, employee index).
ENDED = {
    ("Medewerker burgerzaken backoffice", 0): datetime.date(2025, 8, 29),
    ("Medewerker burgerzaken backoffice", 5): datetime.date(2025, 5, 16),
    ("Administratief medewerker", 2): datetime.date(2026, 10, 16),
}

# (from job, employee index within the job, destination, new job, status, started, outcome)
TRAJECTORIES = [
    (
        "Medewerker burgerzaken backoffice",
        0,
        Destination.INTERNAL_JOB,
        "Klantcontactmedewerker",
        TrajectoryStatus.COMPLETED,
        datetime.date(2025, 2, 3),
        "Werkt sinds september 2025 in het Klantcontactcentrum.",
    ),
    (
        "Medewerker burgerzaken backoffice",
        1,
        Destination.INTERNAL_JOB,
        "Informatiebeheerder",
        TrajectoryStatus.ACTIVE,
        datetime.date(2025, 9, 1),
        "",
    ),
    (
        "Medewerker burgerzaken backoffice",
        2,
        Destination.UPSKILLED,
        None,
        TrajectoryStatus.ACTIVE,
        datetime.date(2025, 10, 6),
        "",
    ),
    (
        "Medewerker burgerzaken backoffice",
        3,
        Destination.UPSKILLED,
        None,
        TrajectoryStatus.PLANNED,
        datetime.date(2026, 2, 2),
        "",
    ),
    (
        "Medewerker burgerzaken backoffice",
        4,
        Destination.EXTERNAL,
        None,
        TrajectoryStatus.ACTIVE,
        datetime.date(2026, 4, 6),
        "Oriënteert zich met een loopbaancoach op werk buiten de gemeente.",
    ),
    (
        "Medewerker burgerzaken backoffice",
        5,
        Destination.INTERNAL_JOB,
        "Functioneel beheerder",
        TrajectoryStatus.STOPPED,
        datetime.date(2025, 3, 3),
        "Gestopt op eigen verzoek; kiest nu voor bijscholing in de eigen functie.",
    ),
    (
        "Administratief medewerker",
        0,
        Destination.UPSKILLED,
        None,
        TrajectoryStatus.ACTIVE,
        datetime.date(2025, 11, 3),
        "",
    ),
    (
        "Administratief medewerker",
        2,
        Destination.UPSKILLED,
        None,
        TrajectoryStatus.COMPLETED,
        datetime.date(2026, 3, 2),
        "Bijgeschoold in zaakgericht werken; blijft in de eigen functie met nieuwe taken.",
    ),
    (
        "Administratief medewerker",
        1,
        Destination.INTERNAL_JOB,
        "Salarisadministrateur",
        TrajectoryStatus.PLANNED,
        datetime.date(2026, 3, 2),
        "",
    ),
]

# lesson → [(score, date, notes, by)] for the programme, oldest first.
ASSESSMENTS = {
    1: [
        (
            3,
            datetime.date(2025, 6, 2),
            "We zijn begonnen toen de selfservice al live was.",
            "programma",
        )
    ],
    2: [
        (3, datetime.date(2025, 1, 13), "De visie was nog in consultatie.", "programma"),
        (4, datetime.date(2025, 6, 2), "Visie vastgesteld door het MT.", "directeur"),
    ],
    3: [(4, datetime.date(2025, 6, 2), "", "programma")],
    4: [(3, datetime.date(2025, 6, 2), "Adoptietrajecten per initiatief.", "programma")],
    5: [
        (2, datetime.date(2025, 6, 2), "Nog weinig medewerkers betrokken.", "programma"),
        (
            3,
            datetime.date(2026, 1, 12),
            "Meer medewerkers schreven mee aan scenario's.",
            "programma",
        ),
    ],
    7: [
        (
            2,
            datetime.date(2025, 6, 2),
            "Niet alle POP-gesprekken gaan over digitaal werken.",
            "directeur",
        )
    ],
    8: [
        (
            3,
            datetime.date(2026, 1, 12),
            "Eerste trajecten met stages bij andere teams.",
            "programma",
        )
    ],
    9: [(5, datetime.date(2025, 6, 2), "Het programma heeft bewust geen einddatum.", "directeur")],
}


@transaction.atomic
def seed(organisation, users) -> None:
    if MobilityTrajectory.objects.for_organisation(organisation).exists():
        return
    jobs = {job.name: job for job in Job.objects.for_organisation(organisation)}
    if not all(name in jobs for name in RATINGS):
        return
    for name, (vulnerability, reason, horizon) in RATINGS.items():
        job = jobs[name]
        job.vulnerability, job.vulnerability_reason, job.horizon = vulnerability, reason, horizon
        job.save(update_fields=["vulnerability", "vulnerability_reason", "horizon"])

    people = {
        name: list(
            Employee.objects.for_organisation(organisation)
            .active()
            .filter(job=jobs[name])
            .order_by("personnel_number")
        )
        for name in {row[0] for row in TRAJECTORIES}
    }
    MobilityTrajectory.objects.bulk_create(
        MobilityTrajectory(
            organisation=organisation,
            employee=people[from_job][index],
            from_job=jobs[from_job],
            destination=destination,
            destination_job=jobs.get(new_job) if new_job else None,
            status=status,
            started_on=started,
            ended_on=ENDED.get((from_job, index)),
            outcome=outcome,
        )
        for from_job, index, destination, new_job, status, started, outcome in TRAJECTORIES
        if index < len(people[from_job]) and (new_job is None or new_job in jobs)
    )

    programme = Programme.objects.for_organisation(organisation).filter(name=PROGRAMME).first()
    if programme is None:
        return
    LessonAssessment.objects.bulk_create(
        LessonAssessment(
            organisation=organisation,
            programme=programme,
            lesson=lesson,
            score=score,
            notes=notes,
            assessed_on=day,
            assessed_by=users.get(by),
        )
        for lesson, rows in ASSESSMENTS.items()
        for score, day, notes, by in rows
    )
