"""Time and peak memory of making each PDF report, next to WeasyPrint on a plain document.

    DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python bench/reports.py --scratch

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python bench/reports.py --scratch

Options: --scale 1.0 (the size of the large organisation), --repeat 3 (runs of each
measurement: the median time and the highest peak are reported), --output (default
bench/RESULTS.md), --slug (the large organisation's, default bench-groot), --no-analyze
(leave out the ANALYZE that gives the planner statistics of the generated rows). At
scale 1.0 a run takes about ten minutes on two CPUs.

Two organisations: the demo's Voorbeeldstad (`seed_demo`), and a large one generated
here with bulk_create, deterministically (a seeded random; dates relative to today):
at scale 1.0 about 80 units, 8,000 employees with jobs and managers, a programme with 60
initiatives and their adoption tracks, gate overrides and co-determination, 150 benefits
with 12 measurements each, the five interventions, 30,000 digital-skills actions over
a year, assessments against each job's target levels, POP-gesprekken, mobility
trajectories and the nine lessons. Each has a report of each kind of the month before
last, so that the measured report (of last month) has one to compare with.

Every measurement runs in a fresh child process (this script again, with --one or
--plain), so that peaks do not mix: the child imports WeasyPrint and renders a page
first, then resets its peak (/proc/self/clear_refs) and reads VmHWM afterwards. The
report is made as `manage.py make_report` makes it: a request row, then
`reports.services.make`, stages timed through its progress steps. The yardstick is
`reports.pdf.render_plain` on a plain HTML document (headings, paragraphs, a table)
with as many rows as give the report's page count (within one page).

It uses the database the settings name (set DATABASE_URL for PostgreSQL), which must be
migrated and hold the demo (manage.py seed_demo): it adds the large organisation and
deletes it again afterwards, and deletes each report it made. With --scratch it makes a
throwaway database of its own instead (migrated, seed_demo run, and dropped afterwards),
so no existing database is touched at all. Report files go to a temporary folder, never
to MEDIA_ROOT. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import datetime
import dis
import io
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections import Counter, defaultdict
from decimal import Decimal
from functools import wraps
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Before this script's own folder: `reports` must be the app, not this file.
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

from bench.import_employees import scratch_database  # noqa: E402 (sets Django up)

# isort: split
import django  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from adoption.models import (  # noqa: E402
    GATES,
    AdoptionTrack,
    Attitude,
    AwarenessActivity,
    AwarenessChannel,
    BusinessScenario,
    Champion,
    ChecklistItem,
    ChecklistTick,
    PhaseMove,
    PhaseStatus,
    ScenarioStatus,
    Stakeholder,
    TrackPhase,
    TrainingChannel,
    TrainingSession,
    UsageMeasurement,
)
from adoption.services import track_start  # noqa: E402
from inclusion.models import (  # noqa: E402
    ActionKind,
    ActionStatus,
    Assessment,
    AssessmentSource,
    Competence,
    CompetenceArea,
    Destination,
    Employee,
    Job,
    LessonAssessment,
    MobilityTrajectory,
    PopConversation,
    SkillsAction,
    TargetLevel,
    TrajectoryStatus,
    Vulnerability,
)
from organisations.models import (  # noqa: E402
    Membership,
    Organisation,
    OrganisationUnit,
    Role,
    UnitKind,
    User,
)
from reports import services  # noqa: E402
from reports.content import CONTENT  # noqa: E402
from reports.models import ReportKind, ReportRequest, ReportSchedule, ReportStatus  # noqa: E402
from transformation.models import (  # noqa: E402
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
    Vision,
)
from transformation.services import (  # noqa: E402
    initiative_create,
    programme_create,
    vision_approve,
    vision_create,
    vision_send_to_consultation,
)

DEMO = "voorbeeldstad"
LARGE = "bench-groot"
KINDS = (ReportKind.MANAGEMENT, ReportKind.HR)
RESULT_MARK = "BENCH-RESULT "
MB = 1024 * 1024
# Sizes of the large organisation at --scale 1.0.
SIZES = {
    "directorates": 6,  # each with 3 departments of 3 teams: 78 units
    "jobs": 120,
    "employees": 8_000,
    "initiatives": 60,
    "benefits": 150,
    "actions": 30_000,
    "trajectories": 320,
}
MEASUREMENTS_PER_BENEFIT = 12
BATCH = 2_000
DECISIONS = (
    "Instemmen met champions per afdeling voor de initiatieven in fase 1\n"
    "Budget voor de trainingen van fase 4 in het komende jaar"
)


# --- The periods -----------------------------------------------------------------------------


def measured_period() -> tuple[datetime.date, datetime.date]:
    """Last calendar month, as a monthly schedule would ask for it."""
    return ReportSchedule.period_for(timezone.localdate())


def earlier_period() -> tuple[datetime.date, datetime.date]:
    """The month before that: the previous report's."""
    start, _end = measured_period()
    return ReportSchedule.period_for(start)


# --- The large organisation ------------------------------------------------------------------

DIRECTORATES = ["Dienstverlening", "Sociaal Domein", "Ruimte", "Bedrijfsvoering", "Veiligheid"]
DEPARTMENTS = [
    "Burgerzaken",
    "Klantcontact",
    "Belastingen",
    "Wmo",
    "Jeugd",
    "Participatie",
    "Vergunningen",
    "Handhaving",
    "Openbare Ruimte",
    "Stedelijke Ontwikkeling",
    "HR",
    "Financiën",
    "Informatievoorziening",
    "Inkoop",
    "Communicatie",
    "Juridische Zaken",
    "Sport en Cultuur",
    "Onderwijs",
]
JOB_TITLES = [
    "Medewerker publiekszaken",
    "Klantcontactmedewerker",
    "Medewerker backoffice",
    "Consulent Wmo",
    "Jeugdconsulent",
    "Klantmanager",
    "Vergunningverlener",
    "Toezichthouder",
    "Handhaver",
    "Wijkbeheerder",
    "Beleidsmedewerker",
    "Projectleider",
    "HR-adviseur",
    "Salarisadministrateur",
    "Financieel adviseur",
    "Controller",
    "Informatiebeheerder",
    "Archiefmedewerker",
    "Functioneel beheerder",
    "Servicedeskmedewerker",
    "Data-analist",
    "Inkoper",
    "Communicatieadviseur",
    "Jurist",
    "Secretaresse",
    "Medewerker belastingen",
    "Taxateur",
    "Medewerker buitendienst",
    "Planner",
    "Adviseur ruimtelijke ordening",
]
GRADES = ["", " A", " B", " C", " senior"]
MANAGER_JOBS = {
    UnitKind.DIRECTORATE: "Directeur",
    UnitKind.DEPARTMENT: "Afdelingshoofd",
    UnitKind.TEAM: "Teamleider",
}
FIRST_NAMES = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Esra",
    "Fleur",
    "Gijs",
    "Hanna",
    "Imane",
    "Joost",
    "Kim",
    "Lars",
    "Mila",
    "Noah",
    "Olga",
    "Pieter",
    "Quinten",
    "Roos",
    "Sem",
    "Tessa",
    "Umut",
    "Vera",
    "Wouter",
    "Yara",
    "Zeynep",
    "Bas",
    "Eva",
    "Jan",
    "Lotte",
    "Mohamed",
    "Sanne",
    "Thijs",
]
LAST_NAMES = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Yilmaz",
    "El Amrani",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
]
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


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _scaled(key: str, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(SIZES[key] * scale))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


class Large:
    """Generates the large organisation; each part a method, in order."""

    def __init__(self, slug: str, scale: float):
        self.slug, self.scale = slug, scale
        self.rng = random.Random(f"mensenwerk-bench-reports-{slug}")
        self.today = timezone.localdate()
        self.period = measured_period()

    def build(self) -> Organisation:
        with transaction.atomic():
            # Through the model, so that the apps' post_save handlers install the
            # framework, the themes and questions, the works council and the checklist.
            self.organisation = Organisation.objects.create(
                name="Gemeente Grootstad (benchmark)", slug=self.slug, colour="#5b2a86"
            )
            for part in (
                self.users,
                self.units,
                self.jobs,
                self.employees,
                self.skills,
                self.pop,
                self.actions,
                self.trajectories,
                self.programme,
                self.initiatives,
                self.adoption,
                self.codetermination,
                self.benefits,
                self.lessons,
            ):
                started = time.perf_counter()
                part()
                print(f"    {part.__name__:<16} {time.perf_counter() - started:6.1f} s", flush=True)
        return self.organisation

    # Organisation ------------------------------------------------------------------------------

    def users(self) -> None:
        people = [
            ("programma", "Pim", "de Graaf", Role.PROGRAMME_MANAGER),
            ("hr", "Hilde", "Kok", Role.HR_ADVISER),
            ("directeur", "Dirk", "Hendriks", Role.DIRECTOR),
            ("beheer", "Bea", "Peters", Role.ORGANISATION_ADMIN),
            *((f"eigenaar{i}", "Eigenaar", str(i), Role.PROGRAMME_MANAGER) for i in range(1, 7)),
        ]
        users = []
        for key, first, last, _role in people:
            user = User(
                username=f"{self.slug}-{key}",
                first_name=first,
                last_name=last,
                email=f"{key}@{self.slug}.example",
            )
            user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(users)
        Membership.objects.bulk_create(
            Membership(organisation=self.organisation, user=user, role=person[3])
            for user, person in zip(users, people, strict=True)
        )
        self.user = {person[0]: user for user, person in zip(users, people, strict=True)}
        self.owners = users[4:]

    def units(self) -> None:
        organisation, count = self.organisation, _scaled("directorates", self.scale)
        self.directorates = OrganisationUnit.objects.bulk_create(
            OrganisationUnit(
                organisation=organisation,
                name=f"Directie {DIRECTORATES[i % len(DIRECTORATES)]}"
                + (f" {i // len(DIRECTORATES) + 1}" if i >= len(DIRECTORATES) else ""),
                kind=UnitKind.DIRECTORATE,
            )
            for i in range(count)
        )
        names = (
            DEPARTMENTS[i % len(DEPARTMENTS)]
            + (f" {i // len(DEPARTMENTS) + 1}" if i >= len(DEPARTMENTS) else "")
            for i in range(count * 3)
        )
        self.departments = OrganisationUnit.objects.bulk_create(
            OrganisationUnit(
                organisation=organisation, parent=parent, name=name, kind=UnitKind.DEPARTMENT
            )
            for parent, name in zip(
                (d for d in self.directorates for _ in range(3)), names, strict=True
            )
        )
        self.teams = OrganisationUnit.objects.bulk_create(
            OrganisationUnit(
                organisation=organisation,
                parent=parent,
                name=f"Team {parent.name} {letter}",
                kind=UnitKind.TEAM,
            )
            for parent in self.departments
            for letter in "ABC"
        )
        self.all_units = [*self.directorates, *self.departments, *self.teams]

    def jobs(self) -> None:
        rng, count = self.rng, _scaled("jobs", self.scale, minimum=10)
        names = [f"{title}{grade}".strip() for grade in GRADES for title in JOB_TITLES][:count]
        rows = []
        for name in names:
            vulnerability = rng.choices(
                [Vulnerability.HIGH, Vulnerability.MEDIUM, Vulnerability.LOW, Vulnerability.NONE],
                weights=[10, 15, 25, 50],
            )[0]
            rows.append(
                Job(
                    organisation=self.organisation,
                    name=name,
                    vulnerability=vulnerability,
                    vulnerability_reason=(
                        "Routinematige taken zoals invoer en controle worden geautomatiseerd."
                        if vulnerability
                        else ""
                    ),
                    horizon=rng.choice(["binnen een jaar", "binnen twee jaar", "na 2028"])
                    if vulnerability in (Vulnerability.HIGH, Vulnerability.MEDIUM)
                    else "",
                )
            )
        rows += [
            Job(organisation=self.organisation, name=name, vulnerability=Vulnerability.LOW)
            for name in MANAGER_JOBS.values()
        ]
        created = Job.objects.bulk_create(rows)
        self.job_list = created[: len(names)]
        self.manager_job = {kind: created[len(names) + i] for i, kind in enumerate(MANAGER_JOBS)}

    def employees(self) -> None:
        rng, organisation = self.rng, self.organisation
        number = iter(range(1, 10**6))
        self.employee_count = _scaled("employees", self.scale, minimum=len(self.all_units) * 3)

        def person(unit, job, manager, active=True) -> Employee:
            n = next(number)
            left = None if active else self.today - datetime.timedelta(days=rng.randint(10, 700))
            return Employee(
                organisation=organisation,
                personnel_number=f"G{n:06d}",
                name=_name(rng),
                email=f"medewerker{n}@{self.slug}.example",
                unit=unit,
                job=job,
                manager=manager,
                active=active,
                left_on=left,
            )

        # Every unit is led by someone, who reports to the head of the unit above.
        manager_of: dict[int, Employee] = {}
        for level in (self.directorates, self.departments, self.teams):
            heads = Employee.objects.bulk_create(
                person(unit, self.manager_job[unit.kind], manager_of.get(unit.parent_id))
                for unit in level
            )
            manager_of |= {unit.pk: head for unit, head in zip(level, heads, strict=True)}
        # Each team works in a handful of jobs; staff of a department in any.
        team_jobs = {
            team.pk: rng.sample(self.job_list, k=min(5, len(self.job_list))) for team in self.teams
        }
        rows = []
        for _i in range(self.employee_count - len(self.all_units)):
            draw = rng.random()
            if draw < 0.003:
                unit, job, manager = (
                    None,
                    rng.choice(self.job_list),
                    manager_of[self.directorates[0].pk],
                )
            elif draw < 0.09:
                unit = rng.choice(self.departments)
                job, manager = rng.choice(self.job_list), manager_of[unit.pk]
            else:
                unit = rng.choice(self.teams)
                job, manager = rng.choice(team_jobs[unit.pk]), manager_of[unit.pk]
            rows.append(person(unit, job, manager, active=rng.random() >= 0.03))
        Employee.objects.bulk_create(rows, batch_size=BATCH)
        self.staff = list(
            Employee.objects.for_organisation(organisation)
            .order_by("pk")
            .values_list("pk", "unit_id", "job_id", "active", "name")
        )
        self.active_by_unit: dict[int | None, list[int]] = defaultdict(list)
        for pk, unit_id, _job, active, _who in self.staff:
            if active:
                self.active_by_unit[unit_id].append(pk)

    # Inclusion ---------------------------------------------------------------------------------

    def skills(self) -> None:
        """Target levels per job, and assessments of every employee in their job's competences:
        a self-assessment last year, and for half of them the manager's this year."""
        rng, organisation = self.rng, self.organisation
        areas = CompetenceArea.objects.for_organisation(organisation).order_by("number")
        by_area = defaultdict(list)
        for competence in Competence.objects.for_organisation(organisation).order_by("code"):
            by_area[competence.area_id].append(competence)
        base = [by_area[area.pk][0] for area in areas if by_area[area.pk]]
        others = [c for area in areas for c in by_area[area.pk][1:]]
        profiles: dict[int, dict[int, int]] = {}
        for job in [*self.job_list, *self.manager_job.values()]:
            chosen = base + rng.sample(others, k=min(len(others), rng.randint(0, 3)))
            profiles[job.pk] = {c.pk: rng.randint(2, 5) for c in chosen}
        TargetLevel.objects.bulk_create(
            TargetLevel(organisation=organisation, job_id=job, competence_id=c, level=level)
            for job, profile in profiles.items()
            for c, level in profile.items()
        )
        first_round = self.today - datetime.timedelta(days=300)
        second_round = self.today - datetime.timedelta(days=60)
        rows = []
        for index, (pk, _unit, job_id, _active, _who) in enumerate(self.staff):
            for competence, target in profiles.get(job_id, {}).items():
                level = max(1, min(8, target + rng.choice((-2, -1, -1, 0, 0, 1))))
                rows.append(
                    Assessment(
                        organisation=organisation,
                        employee_id=pk,
                        competence_id=competence,
                        level=level,
                        assessed_on=first_round + datetime.timedelta(days=index % 30),
                        source=AssessmentSource.SELF,
                    )
                )
                if index % 2:
                    rows.append(
                        Assessment(
                            organisation=organisation,
                            employee_id=pk,
                            competence_id=competence,
                            level=max(1, min(8, level + rng.choice((0, 0, 1, 1, 2)))),
                            assessed_on=second_round + datetime.timedelta(days=index % 30),
                            source=AssessmentSource.MANAGER,
                        )
                    )
        Assessment.objects.bulk_create(rows, batch_size=BATCH)

    def pop(self) -> None:
        """This year's POP-gesprek for most employees who work here, last year's for many."""
        rng, year = self.rng, self.today.year
        rows = []
        for pk, _unit, _job, active, _who in self.staff:
            if not active:
                continue
            for held_year, share in ((year, 0.85), (year - 1, 0.75)):
                if rng.random() >= share:
                    continue
                last = self.today if held_year == year else datetime.date(held_year, 12, 20)
                skills = rng.random() < 0.7
                rows.append(
                    PopConversation(
                        organisation=self.organisation,
                        employee_id=pk,
                        year=held_year,
                        held_on=_day_between(rng, datetime.date(held_year, 1, 15), last),
                        digital_skills=skills,
                        digital_resilience=rng.random() < 0.5,
                        agreements="Een training en intervisie over het nieuwe zaaksysteem."
                        if skills
                        else "",
                    )
                )
        PopConversation.objects.bulk_create(rows, batch_size=BATCH)

    def actions(self) -> None:
        """Actions over the past year (and some planned ahead): mostly for one or a few
        employees, some for a group of a team, a few for a whole team."""
        rng, organisation = self.rng, self.organisation
        competences = list(
            Competence.objects.for_organisation(organisation).values_list("pk", flat=True)
        )
        kinds = [
            (ActionKind.TRAINING, 35),
            (ActionKind.INTERVISIE, 15),
            (ActionKind.POP_AGREEMENT, 15),
            (ActionKind.CHAMPION_COACHING, 10),
            (ActionKind.MOBILITY_STEP, 5),
            (ActionKind.RECRUITMENT, 5),
            (ActionKind.LEARNING_NETWORK, 15),
        ]
        teams = [team.pk for team in self.teams if self.active_by_unit[team.pk]]
        everyone = [pk for pks in self.active_by_unit.values() for pk in pks]
        first = self.today - datetime.timedelta(days=365)
        count = _scaled("actions", self.scale)
        actions, members, topics = [], [], []
        for _i in range(count):
            held_on = first + datetime.timedelta(days=rng.randint(0, 365 + 45))
            if held_on > self.today:
                status = ActionStatus.PLANNED
            else:
                status = rng.choices(
                    [ActionStatus.DONE, ActionStatus.CANCELLED, ActionStatus.PLANNED], [88, 6, 6]
                )[0]
            draw, unit = rng.random(), None
            if draw < 0.02:
                unit = rng.choice(teams)
                people = self.active_by_unit[unit]
            elif draw < 0.12:
                team = self.active_by_unit[rng.choice(teams)]
                people = rng.sample(team, k=min(len(team), rng.randint(6, 15)))
            elif draw < 0.42:
                people = rng.sample(everyone, k=rng.randint(2, 5))
            else:
                people = [rng.choice(everyone)]
            actions.append(
                SkillsAction(
                    organisation=organisation,
                    kind=rng.choices([k for k, _w in kinds], [w for _k, w in kinds])[0],
                    unit_id=unit,
                    held_on=held_on,
                    hours=None
                    if status == ActionStatus.PLANNED
                    else Decimal(rng.choice(["1", "1.5", "2", "3", "4", "8", "16"])),
                    status=status,
                    notes="",
                    created_by=self.user["hr"],
                )
            )
            members.append(people)
            topics.append(rng.sample(competences, k=rng.choice((0, 0, 1, 2))))
        SkillsAction.objects.bulk_create(actions, batch_size=BATCH)
        employees_link = SkillsAction.employees.through
        employees_link.objects.bulk_create(
            (
                employees_link(skillsaction_id=action.pk, employee_id=pk)
                for action, people in zip(actions, members, strict=True)
                for pk in people
            ),
            batch_size=BATCH * 5,
        )
        competences_link = SkillsAction.competences.through
        competences_link.objects.bulk_create(
            (
                competences_link(skillsaction_id=action.pk, competence_id=pk)
                for action, chosen in zip(actions, topics, strict=True)
                for pk in chosen
            ),
            batch_size=BATCH * 5,
        )

    def trajectories(self) -> None:
        rng = self.rng
        vulnerable = {
            job.pk
            for job in self.job_list
            if job.vulnerability in (Vulnerability.HIGH, Vulnerability.MEDIUM)
        }
        safe = [job for job in self.job_list if job.pk not in vulnerable]
        candidates = [row for row in self.staff if row[3] and row[2] in vulnerable]
        chosen = rng.sample(candidates, k=min(len(candidates), _scaled("trajectories", self.scale)))
        rows = []
        for pk, _unit, job_id, _active, _who in chosen:
            destination = rng.choices(
                [Destination.INTERNAL_JOB, Destination.UPSKILLED, Destination.EXTERNAL],
                [40, 40, 20],
            )[0]
            status = rng.choices(
                [
                    TrajectoryStatus.PLANNED,
                    TrajectoryStatus.ACTIVE,
                    TrajectoryStatus.COMPLETED,
                    TrajectoryStatus.STOPPED,
                ],
                [25, 35, 30, 10],
            )[0]
            started = (
                None
                if status == TrajectoryStatus.PLANNED and rng.random() < 0.5
                else self.today - datetime.timedelta(days=rng.randint(0, 700))
            )
            rows.append(
                MobilityTrajectory(
                    organisation=self.organisation,
                    employee_id=pk,
                    from_job_id=job_id,
                    destination=destination,
                    destination_job=rng.choice(safe)
                    if destination == Destination.INTERNAL_JOB and safe
                    else None,
                    status=status,
                    started_on=started,
                    outcome="Afgerond met een nieuwe functie."
                    if status == TrajectoryStatus.COMPLETED
                    else "",
                )
            )
        MobilityTrajectory.objects.bulk_create(rows)

    # Programme ---------------------------------------------------------------------------------

    def programme(self) -> None:
        rng, organisation = self.rng, self.organisation
        owner, director = self.user["programma"], self.user["directeur"]
        vision = vision_create(
            organisation=organisation, title="Informatievisie Grootstad", created_by=owner
        )
        vision_send_to_consultation(vision=vision)
        vision_approve(vision=vision, approved_by=director, note="Vastgesteld door de directie.")
        newer = vision_create(
            organisation=organisation,
            title="Informatievisie Grootstad, herzien",
            created_by=owner,
            based_on=vision,
        )
        vision_send_to_consultation(vision=newer)
        self.programme_row = programme_create(
            organisation=organisation,
            name="Digitaal werken Grootstad",
            aim="Iedere medewerker werkt digitaal vaardig en met eigenaarschap.",
            owner=owner,
            start_date=self.today - datetime.timedelta(days=800),
            vision=vision,
        )
        interventions = list(Intervention.objects.filter(programme=self.programme_row))
        assert len(interventions) == 5, "programme_create makes the five interventions"
        statuses = [
            InterventionStatus.ANCHORED,
            InterventionStatus.IN_PROGRESS,
            InterventionStatus.ANCHORED,
            InterventionStatus.IN_PROGRESS,
            InterventionStatus.NOT_STARTED,
        ]
        changes = []
        for intervention, status in zip(interventions, statuses, strict=True):
            intervention.status = status
            intervention.evidence = (
                ""
                if status == InterventionStatus.NOT_STARTED
                else ("Vast onderdeel van het overleg van de directie; zie de notulen.")
            )
            intervention.owner = rng.choice(self.owners)
            intervention.last_reviewed_on = self.today - datetime.timedelta(days=rng.randint(5, 90))
            # Its history: a few saves over the past year, one of them in the period.
            days = sorted(
                [
                    *(self.today - datetime.timedelta(days=rng.randint(60, 365)) for _ in range(2)),
                    _day_between(rng, *self.period),
                ]
            )
            changes += [
                InterventionChange(
                    intervention=intervention,
                    changed_by=self.user["programma"],
                    changed_at=_moment(day),
                    status=status if day == days[-1] else InterventionStatus.IN_PROGRESS,
                    evidence=intervention.evidence,
                    owner_name=str(intervention.owner),
                    last_reviewed_on=day,
                    changed_fields=["status", "evidence"],
                )
                for day in days
            ]
        Intervention.objects.bulk_update(
            interventions, ["status", "evidence", "owner", "last_reviewed_on"]
        )
        InterventionChange.objects.bulk_create(changes)

    def initiatives(self) -> None:
        """Through the service (units and the first status change), then a history of
        status changes over the past year ending in the current status."""
        rng, owner = self.rng, self.user["programma"]
        count = _scaled("initiatives", self.scale, minimum=3)
        self.initiative_list = []
        first_changes, history = [], []
        for i in range(count):
            department = self.departments[i % len(self.departments)]
            start = self.today - datetime.timedelta(days=rng.randint(30, 700))
            initiative = initiative_create(
                initiative=Initiative(
                    organisation=self.organisation,
                    programme=self.programme_row,
                    title=f"{TOPICS[i % len(TOPICS)]} bij {department.name}",
                    description="Een concrete verandering op de werkvloer.",
                    owner=rng.choice(self.owners),
                    start_date=start,
                    technology="Een nieuw systeem en wat het van mensen vraagt.",
                    technology_readiness=rng.randint(1, 5),
                    processes="De werkprocessen van aanvraag tot besluit.",
                    processes_readiness=rng.randint(1, 5),
                    human_action="Medewerkers werken zaakgericht en delen kennis.",
                    human_action_readiness=rng.randint(1, 5),
                ),
                units=[department, *rng.sample(self.teams, k=rng.randint(0, 4))],
                created_by=owner,
            )
            self.initiative_list.append(initiative)
            first_changes.append(initiative.status_changes.get())
            status = RAG.GREEN
            days = sorted(_day_between(rng, start, self.today) for _ in range(rng.randint(0, 4)))
            for day in days:
                new = rng.choice([s for s in RAG.values if s != status])
                reason = "" if new == RAG.GREEN else "Achterstand in de planning en capaciteit."
                history.append(
                    InitiativeStatusChange(
                        initiative=initiative,
                        changed_by=owner,
                        changed_at=_moment(day),
                        from_status=status,
                        to_status=new,
                        reason=reason,
                    )
                )
                status, initiative.status, initiative.status_reason = new, new, reason
            initiative.start = start
        for change, initiative in zip(first_changes, self.initiative_list, strict=True):
            change.changed_at = _moment(initiative.start, 9)
        InitiativeStatusChange.objects.bulk_update(first_changes, ["changed_at"])
        InitiativeStatusChange.objects.bulk_create(history)
        Initiative.objects.bulk_update(self.initiative_list, ["status", "status_reason"])

    def adoption(self) -> None:
        """Tracks through the service, in every phase; some went past a gate with a reason."""
        rng = self.rng
        items = list(ChecklistItem.objects.for_organisation(self.organisation))
        names = [row[4] for row in self.staff[:400]]
        phases_rows, moves, ticks = [], [], []
        stakeholders, champions, scenarios, awareness, sessions, usage = [], [], [], [], [], []
        tracks = []
        for initiative in self.initiative_list:
            if rng.random() < 0.1:
                continue  # no adoption track
            target = rng.randint(40, 2000)
            track = track_start(initiative=initiative, target_group_size=target)
            current = rng.choice([1, 2, 2, 3, 3, 4, 4])
            open_phases: set[int] = set()
            if current >= 3 and rng.random() < 0.3:
                open_phases = set(rng.sample(range(2, current), k=1)) | (
                    {1} if current == 4 and rng.random() < 0.3 else set()
                )
            # The days it entered each phase, from its start until recently.
            entered = sorted(
                _day_between(rng, initiative.start, self.today) for _ in range(current - 1)
            )
            if current > 1 and rng.random() < 0.4:
                # Some moved on in the report's period.
                entered[-1] = max(initiative.start, _day_between(rng, *self.period))
                entered.sort()
            days = [initiative.start, *entered]
            for phase in track.phases.all():
                number = phase.phase
                if number < current:
                    phase.status = PhaseStatus.ACTIVE if number in open_phases else PhaseStatus.DONE
                    phase.start_date = days[number - 1]
                    phase.end_date = None if number in open_phases else days[number]
                elif number == current:
                    phase.status, phase.start_date = PhaseStatus.ACTIVE, days[number - 1]
                else:
                    phase.status, phase.start_date = PhaseStatus.NOT_STARTED, None
                phases_rows.append(phase)
            for to_phase in range(2, current + 1):
                required = [p for p in GATES.get(to_phase, ()) if p in open_phases]
                moves.append(
                    PhaseMove(
                        track=track,
                        from_phase=to_phase - 1,
                        to_phase=to_phase,
                        moved_by=self.user["programma"],
                        moved_at=_moment(days[to_phase - 1], 14),
                        open_phases=required,
                        override_reason="De training moest voor de zomer beginnen."
                        if required
                        else "",
                    )
                )
            track.current_phase = current
            tracks.append(track)
            for item in items:
                if (item.phase < current and item.phase not in open_phases) or (
                    item.phase == current and item.position % 2
                ):
                    ticks.append(
                        ChecklistTick(track=track, item=item, ticked_by=self.user["programma"])
                    )
            own = {
                "organisation": self.organisation,
                "track": track,
            }
            stakeholders += [
                Stakeholder(
                    **own,
                    name=f"Afdelingshoofd {n}",
                    influence=rng.randint(1, 5),
                    interest=rng.randint(1, 5),
                    attitude=rng.choice(Attitude.values),
                )
                for n in range(rng.randint(3, 6))
            ]
            for unit in initiative.units.all():
                if rng.random() < 0.75:
                    champions.append(
                        Champion(
                            **own, name=rng.choice(names), unit=unit, trained=rng.random() < 0.6
                        )
                    )
            if current >= 2:
                scenarios += [
                    BusinessScenario(
                        **own,
                        title=f"Scenario {n + 1}",
                        problem="Documenten staan op te veel plekken.",
                        desired_way="Samen in één omgeving werken.",
                        applications="Chat in Teams, bestanden in SharePoint.",
                        status=rng.choice(ScenarioStatus.values),
                        written_with="\n".join(rng.sample(names, k=rng.randint(2, 6))),
                    )
                    for n in range(rng.randint(1, 4))
                ]
            if current >= 3:
                awareness += [
                    AwarenessActivity(
                        **own,
                        channel=rng.choice(AwarenessChannel.values),
                        held_on=_day_between(rng, days[2], self.today),
                        reached=rng.randint(20, max(21, target // 3)),
                        message="Minder zoeken, sneller antwoord voor de inwoner.",
                    )
                    for _ in range(rng.randint(2, 5))
                ]
            if current == 4:
                for n in range(rng.randint(3, 8)):
                    capacity = rng.randint(10, 30)
                    sessions.append(
                        TrainingSession(
                            **own,
                            title=f"Training {n + 1}",
                            channel=rng.choice(TrainingChannel.values),
                            held_on=_day_between(rng, days[3], self.today),
                            capacity=capacity,
                            attendance=rng.randint(0, capacity),
                        )
                    )
                usage += [
                    UsageMeasurement(
                        **own,
                        measured_on=self.today - datetime.timedelta(days=30 * months),
                        active_users=round(target * (0.9 - 0.1 * months) * rng.uniform(0.7, 1)),
                    )
                    for months in range(6)
                ]
        TrackPhase.objects.bulk_update(phases_rows, ["status", "start_date", "end_date"])
        AdoptionTrack.objects.bulk_update(tracks, ["current_phase"])
        for model, rows in (
            (PhaseMove, moves),
            (ChecklistTick, ticks),
            (Stakeholder, stakeholders),
            (Champion, champions),
            (BusinessScenario, scenarios),
            (AwarenessActivity, awareness),
            (TrainingSession, sessions),
            (UsageMeasurement, usage),
        ):
            model.objects.bulk_create(rows, batch_size=BATCH)

    def codetermination(self) -> None:
        """Idea, development and implementation as far as each initiative got, with every
        outcome; some advice requested or given in the period."""
        rng = self.rng
        bodies = [
            *CodeterminationBody.objects.for_organisation(self.organisation),
            CodeterminationBody.objects.create(
                organisation=self.organisation, name="Georganiseerd Overleg"
            ),
        ]
        tracks = dict(
            AdoptionTrack.objects.filter(initiative__programme=self.programme_row).values_list(
                "initiative_id", "current_phase"
            )
        )
        outcomes = [
            (Outcome.POSITIVE, 35),
            (Outcome.CONDITIONS, 15),
            (Outcome.NEGATIVE, 5),
            (Outcome.NOT_REQUIRED, 10),
            (Outcome.PENDING, 35),
        ]
        steps = []
        for initiative in self.initiative_list:
            reached = min(3, max(1, tracks.get(initiative.pk, 1)))
            for phase in list(CodeterminationPhase)[:reached]:
                outcome = rng.choices([o for o, _w in outcomes], [w for _o, w in outcomes])[0]
                requested = given = None
                meetings = []
                if outcome or rng.random() < 0.6:
                    requested = _day_between(rng, initiative.start, self.today)
                    if rng.random() < 0.15:
                        requested = _day_between(rng, *self.period)
                    meetings = [
                        (requested - datetime.timedelta(days=14 * n)).isoformat() for n in (2, 1)
                    ]
                if outcome and requested:
                    given = min(self.today, requested + datetime.timedelta(days=rng.randint(7, 60)))
                steps.append(
                    CodeterminationStep(
                        organisation=self.organisation,
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
                        updated_by=self.user["programma"],
                    )
                )
        CodeterminationStep.objects.bulk_create(steps)

    def benefits(self) -> None:
        """Benefits spread over the initiatives, each with a year of monthly measurements
        (some none yet), around the plan: some ahead, some behind, some at the target."""
        rng = self.rng
        count = _scaled("benefits", self.scale, minimum=3)
        benefits, plans = [], []
        for i in range(count):
            initiative = self.initiative_list[i % len(self.initiative_list)]
            measure, unit, direction = BENEFIT_MEASURES[
                (i // len(self.initiative_list)) % len(BENEFIT_MEASURES)
            ]
            baseline = Decimal(rng.randint(20, 200))
            target = baseline * (Decimal("1.5") if direction > 0 else Decimal("0.5"))
            baseline_on = self.today - datetime.timedelta(days=rng.randint(370, 420))
            benefits.append(
                Benefit(
                    organisation=self.organisation,
                    initiative=initiative,
                    title=f"{measure} ({i + 1})",
                    owner=rng.choice(self.owners),
                    measure=measure,
                    unit=unit,
                    baseline=baseline,
                    baseline_on=baseline_on,
                    target=target,
                    target_date=baseline_on + datetime.timedelta(days=rng.randint(500, 900)),
                )
            )
            plans.append(rng.choice((Decimal("-0.25"), Decimal(0), Decimal("0.1"), Decimal(1))))
        Benefit.objects.bulk_create(benefits)
        measurements = []
        for benefit, bias in zip(benefits, plans, strict=True):
            if rng.random() < 0.1:
                continue  # not measured yet
            for month in range(1, MEASUREMENTS_PER_BENEFIT + 1):
                day = benefit.baseline_on + datetime.timedelta(days=30 * month)
                if day > self.today:
                    break
                expected = benefit.expected_on(day)
                noise = Decimal(str(round(rng.gauss(0, 0.08), 3)))
                value = expected + (benefit.target - benefit.baseline) * (bias + noise)
                measurements.append(
                    BenefitMeasurement(
                        benefit=benefit,
                        measured_on=day,
                        value=max(Decimal(0), value).quantize(Decimal("0.01")),
                        recorded_by=self.user["programma"],
                    )
                )
        BenefitMeasurement.objects.bulk_create(measurements, batch_size=BATCH)

    def lessons(self) -> None:
        rng = self.rng
        LessonAssessment.objects.bulk_create(
            LessonAssessment(
                organisation=self.organisation,
                programme=self.programme_row,
                lesson=lesson,
                score=rng.randint(1, 5),
                notes="Besproken in het programmateam.",
                assessed_on=day,
                assessed_by=self.user["programma"],
            )
            for day in (
                self.today - datetime.timedelta(days=200),
                self.today - datetime.timedelta(days=40),
            )
            for lesson in range(1, 10)
        )


def data_sizes(organisation: Organisation) -> dict[str, int]:
    """What the reports read, counted: the table of the organisations' sizes."""
    programme = Programme.objects.for_organisation(organisation).order_by("pk").first()
    initiatives = Initiative.objects.filter(programme=programme)
    return {
        "units": OrganisationUnit.objects.for_organisation(organisation).count(),
        "employees": Employee.objects.for_organisation(organisation).count(),
        "jobs": Job.objects.for_organisation(organisation).count(),
        "assessments": Assessment.objects.for_organisation(organisation).count(),
        "POP-gesprekken": PopConversation.objects.for_organisation(organisation).count(),
        "skills actions": SkillsAction.objects.for_organisation(organisation).count(),
        "action participants": SkillsAction.employees.through.objects.filter(
            skillsaction__organisation=organisation
        ).count(),
        "trajectories": MobilityTrajectory.objects.for_organisation(organisation).count(),
        "initiatives": initiatives.count(),
        "adoption tracks": AdoptionTrack.objects.filter(initiative__in=initiatives).count(),
        "gate overrides": PhaseMove.objects.filter(track__initiative__in=initiatives)
        .exclude(open_phases=[])
        .count(),
        "co-determination steps": CodeterminationStep.objects.filter(
            initiative__in=initiatives
        ).count(),
        "benefits": Benefit.objects.filter(initiative__in=initiatives).count(),
        "measurements": BenefitMeasurement.objects.filter(
            benefit__initiative__in=initiatives
        ).count(),
        "interventions": Intervention.objects.filter(programme=programme).count(),
    }


# --- One measurement, in a fresh process ----------------------------------------------------------


def _status(field: str) -> int:
    """A VmHWM/VmRSS line of /proc/self/status, in bytes."""
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE).group(1)) * 1024


def _reset_peak() -> None:
    # Writing 5 resets the peak resident set size (VmHWM) to the current one.
    Path("/proc/self/clear_refs").write_text("5")


def plain_html(rows: int) -> str:
    """The yardstick's document: a title, then chapters of a heading, a paragraph and a
    table of 40 rows; no stylesheet but WeasyPrint's own."""
    text = (
        "Dit is een gewone alinea tekst zonder opmaak van ons, zoals een verslag die heeft: "
        "een paar zinnen over wat er in de tabel hieronder staat en waarom."
    )
    parts = [
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
        "<title>Een gewoon document</title></head><body>",
        f"<h1>Een gewoon document</h1><p>{text}</p>",
    ]
    for start in range(0, rows, 40):
        parts.append(
            f"<h2>Hoofdstuk {start // 40 + 1}</h2><p>{text}</p><table><thead><tr><th>Nummer</th>"
            "<th>Naam</th><th>Omschrijving</th><th>Aantal</th><th>Datum</th></tr></thead><tbody>"
        )
        parts += [
            f"<tr><td>{i + 1}</td><td>Medewerker {i}</td><td>Een regel over onderwerp {i % 17}"
            f"</td><td>{(i * 37) % 1000}</td><td>2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}</td></tr>"
            for i in range(start, min(rows, start + 40))
        ]
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


def _warm_up(pdf) -> None:
    """What a worker has done before its first report: WeasyPrint imported, a page laid out."""
    with tempfile.TemporaryDirectory() as folder:
        pdf.render_plain(plain_html(5), Path(folder) / "warm-up.pdf")


def _part_timer(parts: dict, queries: Counter, name: str, function):
    """`function`, counting its calls, inclusive time and queries into parts[name]."""

    @wraps(function)
    def timed(*args, **kwargs):
        before, started = queries.total(), time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            entry = parts.setdefault(name, {"calls": 0, "seconds": 0.0, "queries": 0})
            entry["calls"] += 1
            entry["seconds"] += time.perf_counter() - started
            entry["queries"] += queries.total() - before

    return timed


def _callees(code: types.CodeType) -> set[tuple[str, str | None]]:
    """The global names `code` (with the comprehensions in it) reads, each with the
    attribute it reads of it, if any: ("_benefits", None), ("skills", "heatmap")."""
    found: set[tuple[str, str | None]] = set()
    previous = None
    for instruction in dis.get_instructions(code):
        if instruction.opname == "LOAD_GLOBAL":
            found.add((instruction.argval, None))
        elif instruction.opname in ("LOAD_ATTR", "LOAD_METHOD") and (
            previous is not None and previous.opname == "LOAD_GLOBAL"
        ):
            found.add((previous.argval, instruction.argval))
        previous = instruction
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            found |= _callees(constant)
    return found


def _ours(value) -> bool:
    return getattr(value, "__module__", None) is not None and (
        value.__module__.split(".")[0] in APPS
    )


def _time_parts(module, function_name: str, stage: str, parts: dict, queries: Counter) -> None:
    """Wrap the project's functions that `module.function_name` calls by name (its own,
    and those of the project's modules it calls through an attribute, e.g. skills.heatmap),
    so that the parts of the snapshot and the context are timed. A function that both
    call is timed under the first. The wrapper costs a few microseconds per call."""
    for name, attribute in sorted(_callees(getattr(module, function_name).__code__), key=str):
        value = getattr(module, name, None)
        if attribute is None:
            fresh = isinstance(value, types.FunctionType) and not hasattr(value, "__wrapped__")
            if fresh and _ours(value):
                setattr(module, name, _part_timer(parts, queries, f"{stage}: {name}", value))
        elif isinstance(value, types.ModuleType) and value.__name__.split(".")[0] in APPS:
            inner = getattr(value, attribute, None)
            if isinstance(inner, types.FunctionType) and not hasattr(inner, "__wrapped__"):
                label = f"{stage}: {name}.{attribute}"
                setattr(value, attribute, _part_timer(parts, queries, label, inner))


APPS = {"reports", "inclusion", "transformation", "adoption", "organisations"}


def measure_report(slug: str, kind: str) -> dict:
    """Make one report as `manage.py make_report` does; time, peak and stages."""
    from reports import pdf

    _warm_up(pdf)
    organisation = Organisation.objects.get(slug=slug)
    programme = None
    if kind == ReportKind.MANAGEMENT:
        programme = Programme.objects.for_organisation(organisation).order_by("pk").first()
    start, end = measured_period()
    with transaction.atomic():
        report = ReportRequest.objects.create(
            organisation=organisation,
            kind=kind,
            programme=programme,
            period_start=start,
            period_end=end,
            language=settings.LANGUAGE_CODE,
            decisions=DECISIONS if kind == ReportKind.MANAGEMENT else "",
        )

    queries: Counter = Counter()
    current = ["start"]
    marks: list[tuple[str, float]] = []
    parts: dict[str, dict] = {}
    content = CONTENT[ReportKind(kind)]
    _time_parts(content, "snapshot", "snapshot", parts, queries)
    _time_parts(content, "context", "context", parts, queries)
    step = services._step

    def timed_step(report, stage, progress):
        marks.append((str(stage), time.perf_counter()))
        current[0] = str(stage)
        step(report, stage, progress)

    def count(execute, sql, params, many, context):
        queries[current[0]] += 1
        return execute(sql, params, many, context)

    services._step = timed_step
    _reset_peak()
    baseline = _status("VmRSS")
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        made = services.make(report.pk, worker="bench")
    finished = time.perf_counter()
    peak = _status("VmHWM")
    services._step = step

    if made is None or made.status != ReportStatus.DONE:
        raise SystemExit(f"The {kind} report of {slug} failed: {made.error if made else '?'}")
    stages = {}
    for (stage, at), (_next, until) in zip(marks, [*marks[1:], ("end", finished)], strict=True):
        stages[stage] = stages.get(stage, 0.0) + until - at
    stages["start"] = marks[0][1] - started if marks else 0.0
    result = {
        "pages": made.page_count,
        "bytes": made.size,
        "seconds": finished - started,
        "peak": peak,
        "baseline": baseline,
        "stages": stages,
        "queries": dict(queries),
        "parts": parts,
    }
    # Leave nothing behind: the next run compares with the same previous report.
    made.file.delete(save=False)
    ReportRequest.objects.filter(pk=made.pk).delete()
    return result


def measure_plain(rows: int) -> dict:
    """WeasyPrint on the plain document, through `reports.pdf.render_plain`."""
    from reports import pdf

    _warm_up(pdf)
    html = plain_html(rows)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "plain.pdf"
        _reset_peak()
        baseline = _status("VmRSS")
        started = time.perf_counter()
        rendered = pdf.render_plain(html, target)
        seconds = time.perf_counter() - started
        peak = _status("VmHWM")
        size = target.stat().st_size
    return {
        "pages": rendered.page_count,
        "bytes": size,
        "seconds": seconds,
        "peak": peak,
        "baseline": baseline,
        "rows": rows,
    }


def child_main(options) -> None:
    if options.database:
        # The throwaway database the parent made, before anything connects.
        settings.DATABASES["default"]["NAME"] = options.database
        connection.settings_dict["NAME"] = options.database
    # As a worker runs in production: no query log, no template debugging.
    settings.DEBUG = False
    result = measure_report(*options.one) if options.one else measure_plain(options.plain)
    print(RESULT_MARK + json.dumps(result), flush=True)


# --- The parent: setting up, running the children, writing the results ---------------------------


class Runner:
    def __init__(self, options, media: str):
        self.options, self.media = options, media
        self.database = str(connection.settings_dict["NAME"])
        self.plain_rows: dict[int, tuple[int, int]] = {}

    def child(self, *arguments: str) -> dict:
        command = [sys.executable, str(Path(__file__).resolve()), *arguments]
        command += ["--database", self.database]
        environment = os.environ | {"MEDIA_ROOT": self.media}
        done = subprocess.run(  # noqa: S603 (this script, with our own arguments)
            command, capture_output=True, text=True, env=environment, check=False
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
        if done.returncode or not lines:
            raise SystemExit(
                f"{' '.join(arguments)} failed ({done.returncode}):\n{done.stderr[-4000:]}"
            )
        return json.loads(lines[-1][len(RESULT_MARK) :])

    def rows_for(self, pages: int) -> tuple[int, int]:
        """Rows of the plain document that give `pages` pages (within one), and its pages."""
        if pages in self.plain_rows:
            return self.plain_rows[pages]
        from reports import pdf

        rows, best = max(1, pages * 21), None  # about 21 rows a page
        with tempfile.TemporaryDirectory() as folder:
            for _attempt in range(8):
                got = pdf.render_plain(plain_html(rows), Path(folder) / "size.pdf").page_count
                if best is None or abs(got - pages) < abs(best[1] - pages):
                    best = (rows, got)
                if got == pages:
                    break
                rows = max(1, round(rows * pages / got) + (1 if got < pages else -1))
        if abs(best[1] - pages) > 1:
            raise SystemExit(f"No plain document of {pages} pages (closest: {best[1]}).")
        self.plain_rows[pages] = best
        return best

    def measure(self, slug: str, kind: str) -> dict:
        reports, plains = [], []
        for attempt in range(1, self.options.repeat + 1):
            report = self.child("--one", slug, kind)
            reports.append(report)
            rows, _pages = self.rows_for(report["pages"])
            plain = self.child("--plain", str(rows))
            plains.append(plain)
            print(
                f"  {slug} {kind} #{attempt}: {report['pages']} pages, "
                f"{report['seconds']:.2f} s, {report['peak'] / MB:.0f} MB; plain "
                f"{plain['pages']} pages, {plain['seconds']:.2f} s, {plain['peak'] / MB:.0f} MB",
                flush=True,
            )
        return {"slug": slug, "kind": kind, "reports": reports, "plains": plains}


def _median(values) -> float:
    return statistics.median(values)


def summarise(measured: dict) -> dict:
    reports, plains = measured["reports"], measured["plains"]
    stages = defaultdict(list)
    for report in reports:
        for stage, seconds in report["stages"].items():
            stages[stage].append(seconds)
    parts = defaultdict(list)
    for report in reports:
        for name, entry in report["parts"].items():
            parts[name].append(entry)
    return {
        "slug": measured["slug"],
        "kind": measured["kind"],
        "pages": reports[0]["pages"],
        "bytes": reports[0]["bytes"],
        "seconds": _median(r["seconds"] for r in reports),
        "times": [r["seconds"] for r in reports],
        "peak": max(r["peak"] for r in reports),
        "baseline": max(r["baseline"] for r in reports),
        "plain_pages": plains[0]["pages"],
        "plain_rows": plains[0]["rows"],
        "plain_seconds": _median(p["seconds"] for p in plains),
        "plain_times": [p["seconds"] for p in plains],
        "plain_peak": max(p["peak"] for p in plains),
        "plain_baseline": max(p["baseline"] for p in plains),
        "stages": {stage: _median(values) for stage, values in stages.items()},
        "queries": reports[0]["queries"],
        "parts": {
            name: {
                "seconds": _median(e["seconds"] for e in entries),
                "queries": entries[0]["queries"],
                "calls": entries[0]["calls"],
            }
            for name, entries in parts.items()
        },
    }


STAGES = [
    ("start", "start"),
    ("collecting", "snapshot"),
    ("composing", "HTML"),
    ("layout", "layout"),
    ("writing", "PDF/A write"),
    ("storing", "store"),
]


def machine() -> dict[str, str]:
    import weasyprint

    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = found.group(1).strip() if found else ""
    memory = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
    if connection.vendor == "postgresql":
        version = connection.pg_version
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            autovacuum = cursor.fetchone()[0]
        database = f"PostgreSQL {version // 10000}.{version % 10000} (autovacuum {autovacuum})"
    else:
        import sqlite3

        database = f"{connection.vendor} {sqlite3.sqlite_version}"
    return {
        "CPUs": f"{os.cpu_count()}" + (f" x {cpu}" if cpu else ""),
        "memory": f"{int(memory.group(1)) / 1024 / 1024:.0f} GiB" if memory else "?",
        "platform": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "WeasyPrint": weasyprint.__version__,
        "database": database,
        "settings": os.environ["DJANGO_SETTINGS_MODULE"] + " (DEBUG off in the measured children)",
    }


def _mb(value: float) -> str:
    return f"{value / MB:.0f}"


def interpretation(rows: list[dict], labels: dict[str, str], info: dict) -> list[str]:
    """Sentences computed from the numbers; nothing here is decided in advance."""
    time_ratios = [r["seconds"] / r["plain_seconds"] for r in rows]
    peak_ratios = [r["peak"] / r["plain_peak"] for r in rows]
    above = [(r["peak"] - r["baseline"]) / MB for r in rows]
    plain_above = [(r["plain_peak"] - r["plain_baseline"]) / MB for r in rows]
    lines = [
        f"Making a report took {min(time_ratios):.1f} to {max(time_ratios):.1f} times as long "
        "as WeasyPrint took for a plain document of the same number of pages. Its peak was "
        f"{min(peak_ratios):.2f} to {max(peak_ratios):.2f} times the plain document's: "
        f"{min(above):.0f} to {max(above):.0f} MB above what the process held before, against "
        f"{min(plain_above):.0f} to {max(plain_above):.0f} MB for the plain document.",
        "",
    ]
    for row in rows:
        stages, total = row["stages"], row["seconds"]
        ours = stages.get("collecting", 0) + stages.get("composing", 0)
        engine = stages.get("layout", 0) + stages.get("writing", 0)
        extra = total - row["plain_seconds"]
        biggest = max(STAGES, key=lambda s: stages.get(s[0], 0))
        text = (
            f"- {labels[row['slug']]}, {row['kind']}, {row['pages']} pages: "
            f"{total:.2f} s, of which layout and writing {engine:.2f} s "
            f"({100 * engine / total:.0f}%) and snapshot and HTML {ours:.2f} s "
            f"({100 * ours / total:.0f}%); the largest stage is {biggest[1]}. "
        )
        if extra > 0:
            text += (
                f"Of its {extra:.2f} s more than the plain document, {min(ours, extra):.2f} s "
                f"are our snapshot and HTML and {engine - row['plain_seconds']:.2f} s are "
                "layout and writing beyond the plain document's (our stylesheets and charts, "
                "PDF/A-2a with tags)."
            )
        else:
            text += "It took no longer than the plain document."
        lines.append(text)
    lines.append("")
    by_kind: dict[str, dict] = defaultdict(dict)
    for row in rows:
        by_kind[row["kind"]][row["slug"]] = row
    for kind, pair in by_kind.items():
        if len(pair) != 2:
            continue
        small, large = (pair[slug] for slug in sorted(pair, key=lambda s: s != DEMO))
        small_q = small["queries"].get("collecting", 0)
        large_q = large["queries"].get("collecting", 0)
        growth = "the same number of queries for both" if small_q == large_q else "queries"
        text = (
            f"The {kind} report went from {small['pages']} to {large['pages']} pages and from "
            f"{small['seconds']:.2f} to {large['seconds']:.2f} s "
            f"({large['seconds'] / large['pages']:.3f} against "
            f"{small['seconds'] / small['pages']:.3f} s per page) and its peak from "
            f"{_mb(small['peak'])} to {_mb(large['peak'])} MB; its snapshot took "
            f"{small['stages'].get('collecting', 0):.2f} and "
            f"{large['stages'].get('collecting', 0):.2f} s and ran {growth} "
            f"({small_q} / {large_q})."
        )
        slowest = max(large["parts"].items(), key=lambda item: item[1]["seconds"], default=None)
        if slowest is not None:
            name, entry = slowest
            before = small["parts"].get(name, {"seconds": 0.0, "queries": 0})
            text += (
                f" Its slowest part for the large organisation was `{name}`: "
                f"{entry['seconds']:.2f} s against {before['seconds']:.3f} s for the demo, "
                f"in {entry['queries']} against {before['queries']} queries."
            )
        grown = [
            (name, small["parts"].get(name, {}).get("queries", 0), entry["queries"])
            for name, entry in large["parts"].items()
            if entry["queries"] > small["parts"].get(name, {}).get("queries", 0)
        ]
        if grown:
            text += " Parts that ran more queries for the large organisation: " + "; ".join(
                f"`{name}` {a} → {b}" for name, a, b in grown
            )
            text += "."
        lines += [text, ""]
    spreads = [
        max(times) / min(times) - 1
        for row in rows
        for times in (row["times"], row["plain_times"])
        if len(times) > 1 and min(times) > 0
    ]
    load = info["load"]
    if spreads:
        lines.append(
            f"Runs of the same measurement differed by up to {100 * max(spreads):.0f}% "
            f"(median {100 * statistics.median(spreads):.0f}%); "
            f"the machine's 1-minute load average was {load[0]:.1f} when the run started and "
            f"{load[1]:.1f} when it ended, on {os.cpu_count()} CPUs"
            + (
                ", so other work competed for the CPUs and single times should be read with "
                "that margin."
                if max(load) > (os.cpu_count() or 1) / 2
                else "."
            )
        )
    return lines


def write_results(path: Path, rows: list[dict], info: dict) -> None:
    labels = info["labels"]
    lines = [
        "# PDF reports: time and peak memory",
        "",
        f"Written by `bench/reports.py` on {info['date']} (`{info['command']}`); the whole run "
        f"took {info['total']:.0f} s, of which {info['setup']:.0f} s to set the data up.",
        "",
        "## What was measured",
        "",
        "For each organisation and each kind of report: making the report as `manage.py "
        "make_report` does (a request row, then `reports.services.make`: snapshot → HTML → "
        "`reports.pdf.render`, PDF/A-2a with tags → stored file), for last month "
        f"({info['period']}), with the report of the month before as the previous one. "
        "Next to it, in the same run and the same way, `reports.pdf.render_plain` (WeasyPrint "
        "without our stylesheets or PDF variant) on a plain HTML document — headings, "
        "paragraphs and tables — with as many rows as give the report's page count (within "
        "one page).",
        "",
        f"Each measurement ran {info['repeat']} time{'s' if info['repeat'] != 1 else ''}, "
        "each time in a fresh process that had "
        "imported Django and WeasyPrint and laid out a one-page document before its peak was "
        "reset (`/proc/self/clear_refs`): **time** is the median wall time, **peak** the "
        "highest resident set size (VmHWM) of the runs — of the whole process, so it includes "
        "the ~baseline the process had before (shown separately below). The report's time "
        "includes its database queries and first use of its templates and fonts in that "
        "process.",
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in info["machine"].items()),
        f"- scale of the large organisation: {info['scale']}",
        "- planner statistics: "
        + (
            "`ANALYZE` after generating the data"
            if info["analyze"]
            else "none gathered after generating the data (`--no-analyze`)"
        ),
        "",
        "## Results",
        "",
        "| organisation | report | pages | time (s) | peak (MB) | plain WeasyPrint, same pages: "
        "pages | time (s) | peak (MB) | time ratio | peak ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {labels[row['slug']]} | {row['kind']} | {row['pages']} | {row['seconds']:.2f} | "
            f"{_mb(row['peak'])} | {row['plain_pages']} | {row['plain_seconds']:.2f} | "
            f"{_mb(row['plain_peak'])} | {row['seconds'] / row['plain_seconds']:.1f} | "
            f"{row['peak'] / row['plain_peak']:.1f} |"
        )
    lines += [
        "",
        "Each run's time (s), report / plain:",
        "",
        *(
            f"- {labels[row['slug']]}, {row['kind']}: "
            f"{', '.join(f'{t:.2f}' for t in row['times'])} / "
            f"{', '.join(f'{t:.2f}' for t in row['plain_times'])}"
            for row in rows
        ),
        "",
        "### Where the report's time goes (median seconds per stage, queries)",
        "",
        "Stages as the job reports its progress: *start* (lock, row), *snapshot* (the content "
        "module's `snapshot`, through JSON), *HTML* (previous report, `context`, template), "
        "*layout* (WeasyPrint's parse and layout), *PDF/A write* (`write_pdf`), *store* "
        "(checksum, file, row).",
        "",
        "| organisation | report | baseline (MB) | "
        + " | ".join(label for _key, label in STAGES)
        + " | queries: snapshot | queries: all |",
        "| --- | --- | ---: | " + " | ".join("---:" for _stage in STAGES) + " | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {labels[row['slug']]} | {row['kind']} | {_mb(row['baseline'])} | "
            + " | ".join(f"{row['stages'].get(key, 0):.2f}" for key, _label in STAGES)
            + f" | {row['queries'].get('collecting', 0)} | {sum(row['queries'].values())} |"
        )
    lines += [
        "",
        "### The snapshot's and context's parts (median seconds, queries; demo / large)",
        "",
        "Each function the content module's `snapshot` and `context` call by name, inclusive.",
        "",
    ]
    for kind in KINDS:
        pair = {row["slug"]: row for row in rows if row["kind"] == kind}
        if not pair:
            continue
        names = sorted(
            {name for row in pair.values() for name in row["parts"]},
            key=lambda n: -max(row["parts"].get(n, {}).get("seconds", 0) for row in pair.values()),
        )
        slugs = sorted(pair, key=lambda s: s != DEMO)
        lines += [
            f"**{kind}**",
            "",
            "| part | " + " | ".join(f"{labels[s]}: s | queries" for s in slugs) + " |",
            "| --- | " + " | ".join("---: | ---:" for _s in slugs) + " |",
        ]
        for name in names[:14]:
            cells = []
            for slug in slugs:
                entry = pair[slug]["parts"].get(name)
                cells.append(f"{entry['seconds']:.3f} | {entry['queries']}" if entry else "- | -")
            lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
        lines.append("")
    lines += [
        "### The data",
        "",
        "| rows | " + " | ".join(labels[slug] for slug in info["sizes"]) + " |",
        "| --- | " + " | ".join("---:" for _slug in info["sizes"]) + " |",
    ]
    for key in next(iter(info["sizes"].values())):
        lines.append(
            f"| {key} | " + " | ".join(f"{sizes[key]:,}" for sizes in info["sizes"].values()) + " |"
        )
    lines += [
        "",
        "## Interpretation",
        "",
        *interpretation(rows, labels, info),
        "",
        "These numbers come from one run on the machine above; run the script again to "
        "compare after a change.",
        "",
    ]
    path.write_text("\n".join(lines))


def bench(options, media: str) -> None:
    started, load = time.perf_counter(), os.getloadavg()[0]
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    if options.scratch:
        print("seed_demo …", flush=True)
        call_command("seed_demo", stdout=io.StringIO())
    demo = Organisation.objects.filter(slug=DEMO).first()
    if demo is None:
        raise SystemExit(
            "There is no demo organisation: run manage.py seed_demo, or use --scratch."
        )
    if Organisation.objects.filter(slug=options.slug).exists():
        raise SystemExit(f"An organisation {options.slug} exists already: choose --slug.")
    print(f"Generating {options.slug} at scale {options.scale} …", flush=True)
    large = Large(options.slug, options.scale).build()
    try:
        if options.analyze:
            # Planner statistics for the new rows, as autovacuum gathers them in a database
            # in use (a server may run with autovacuum off, as test servers often do).
            print("ANALYZE …", flush=True)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        run(options, media, demo, large, started, load)
    finally:
        if not options.scratch:
            print(f"Deleting {options.slug} …", flush=True)
            delete_organisation(large)


def run(options, media, demo, large, started: float, load: float) -> None:
    # The report of the month before last of each kind for the large organisation, as the
    # demo has its own from seed_demo: every measured report has a previous one to compare.
    start, end = earlier_period()
    for kind in KINDS:
        with transaction.atomic():
            report = ReportRequest.objects.create(
                organisation=large,
                kind=kind,
                programme=Programme.objects.for_organisation(large).first()
                if kind == ReportKind.MANAGEMENT
                else None,
                period_start=start,
                period_end=end,
                language=settings.LANGUAGE_CODE,
            )
        made = services.make(report.pk, worker="bench-setup")
        if made.status != ReportStatus.DONE:
            raise SystemExit(f"The previous {kind} report failed: {made.error}")
    sizes = {DEMO: data_sizes(demo), large.slug: data_sizes(large)}
    setup = time.perf_counter() - started
    print(f"Set up in {setup:.0f} s. Measuring …", flush=True)

    runner = Runner(options, media)
    rows = [summarise(runner.measure(slug, kind)) for slug in (DEMO, large.slug) for kind in KINDS]
    start, end = measured_period()
    info = {
        "date": timezone.now().strftime("%Y-%m-%d %H:%M UTC"),
        "command": "bench/reports.py " + " ".join(sys.argv[1:]),
        "total": time.perf_counter() - started,
        "setup": setup,
        "repeat": options.repeat,
        "scale": options.scale,
        "analyze": options.analyze,
        "period": f"{start:%Y-%m-%d} to {end:%Y-%m-%d}",
        "machine": machine(),
        "sizes": sizes,
        "load": (load, os.getloadavg()[0]),
        "labels": {DEMO: "demo (voorbeeldstad)", large.slug: f"large ({large.slug})"},
    }
    output = Path(options.output)
    write_results(output, rows, info)
    print(f"Written to {output} ({info['total']:.0f} s in all).")
    for row in rows:
        print(
            f"  {row['slug']:<14} {row['kind']:<10} {row['pages']:>4} pages "
            f"{row['seconds']:7.2f} s {_mb(row['peak']):>5} MB | plain {row['plain_pages']:>4} "
            f"pages {row['plain_seconds']:7.2f} s {_mb(row['plain_peak']):>5} MB"
        )


def delete_organisation(organisation: Organisation) -> None:
    """Delete what was generated. Several references are PROTECT (a unit's parent, a
    competence's area, a champion's unit, an assessment's competence, a trajectory's job,
    a section's theme, a step's body): what refers is deleted before what it refers to."""
    with transaction.atomic():
        ReportRequest.objects.filter(organisation=organisation).delete()
        Programme.objects.for_organisation(organisation).delete()
        Vision.objects.for_organisation(organisation).delete()
        Employee.objects.for_organisation(organisation).delete()
        SkillsAction.objects.for_organisation(organisation).delete()
        Competence.objects.for_organisation(organisation).delete()
        CompetenceArea.objects.for_organisation(organisation).delete()
        for kind in sorted(UnitKind.values, reverse=True):
            OrganisationUnit.objects.for_organisation(organisation).filter(kind=kind).delete()
        Organisation.objects.filter(pk=organisation.pk).delete()
        User.objects.filter(username__startswith=f"{organisation.slug}-").delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scratch", action="store_true", help="use a throwaway database of its own"
    )
    parser.add_argument("--scale", type=float, default=1.0, help="size of the large organisation")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--slug", default=LARGE, help="short name of the large organisation")
    parser.add_argument(
        "--no-analyze",
        dest="analyze",
        action="store_false",
        help="do not gather planner statistics (ANALYZE) after generating the data",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
    # The children: one measurement each.
    parser.add_argument("--one", nargs=2, metavar=("ORGANISATION", "KIND"), help=argparse.SUPPRESS)
    parser.add_argument("--plain", type=int, metavar="ROWS", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one or options.plain:
        child_main(options)
        return
    if not Path("/proc/self/clear_refs").exists():
        raise SystemExit("This benchmark reads /proc: it runs on Linux only.")

    media = tempfile.mkdtemp(prefix="bench-reports-media-")
    try:
        with override_settings(MEDIA_ROOT=media):
            if options.scratch:
                with scratch_database():
                    bench(options, media)
                return
            try:
                migrated = "reports_reportrequest" in connection.introspection.table_names()
            except DatabaseError as error:
                raise SystemExit(
                    f"The database cannot be reached ({error}). Try --scratch."
                ) from None
            if not migrated:
                raise SystemExit(
                    "The database is not migrated: run manage.py migrate, or use --scratch."
                )
            bench(options, media)
    finally:
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
