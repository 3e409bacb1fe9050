"""Inclusie of the large organisation (`seed_demo --scale N`, see organisations/large.py).

Per unit of N: 1,000 employees (a head for every unit, the rest in teams and
departments) in 15 jobs, 10,000 digital-skills actions over three years and 40 mobility
trajectories. Every employee has three yearly self-assessments against the target levels
of their job (half also the manager's recent one) and POP-gesprekken in each of the three
years; the attendance of adoption's training sessions is logged as actions too, and the
programme assesses itself against the nine lessons every half year.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from adoption.models import TrainingSession
from inclusion.models import (
    ActionDays,
    ActionKind,
    ActionStatus,
    Assessment,
    AssessmentSource,
    Competence,
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
    refresh_latest_levels,
)
from organisations.large import (
    BATCH,
    HISTORY_DAYS,
    LargeOrganisation,
    LargePart,
    day_between,
    person_name,
    register,
)
from organisations.models import Organisation, UnitKind
from transformation.models import Programme

EMPLOYEES_PER_SCALE = 1_000
JOBS_PER_SCALE = 15
ACTIONS_PER_SCALE = 10_000
TRAJECTORIES_PER_SCALE = 40
# Actions are made and linked to their employees this many at a time.
ACTIONS_AT_ONCE = 10_000
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
ACTION_KINDS = [
    (ActionKind.TRAINING, 35),
    (ActionKind.INTERVISIE, 15),
    (ActionKind.POP_AGREEMENT, 15),
    (ActionKind.CHAMPION_COACHING, 10),
    (ActionKind.MOBILITY_STEP, 5),
    (ActionKind.RECRUITMENT, 5),
    (ActionKind.LEARNING_NETWORK, 15),
]
HOURS = [Decimal(h) for h in ("1", "1.5", "2", "3", "4", "8", "16")]
# Self-assessment rounds, days ago: one a year.
SELF_ASSESSMENT_ROUNDS = (HISTORY_DAYS - 60, HISTORY_DAYS - 425, HISTORY_DAYS - 790)
MANAGER_ASSESSMENT = 60


def job_name(index: int) -> str:
    """Unique for every index: each title in every grade, then all of them again numbered."""
    title, rest = JOB_TITLES[index % len(JOB_TITLES)], index // len(JOB_TITLES)
    name = f"{title}{GRADES[rest % len(GRADES)]}"
    cycle = rest // len(GRADES)
    return name if cycle == 0 else f"{name} {cycle + 1}"


@dataclass
class Staff:
    """The employees as the later steps need them, in the order they were made."""

    rows: list[Employee] = field(default_factory=list)
    active_by_unit: dict[int | None, list[int]] = field(default_factory=lambda: defaultdict(list))

    @property
    def active(self) -> list[int]:
        return [row.pk for row in self.rows if row.active]


def generate(large: LargeOrganisation) -> None:
    jobs, manager_jobs = _jobs(large)
    staff = _employees(large, jobs, manager_jobs)
    _skills(large, staff, [*jobs, *manager_jobs.values()])
    _pop(large, staff)
    _actions(large, staff)
    _training_attendance(large, staff)
    ActionDays.keep(Employee.objects.for_organisation(large.organisation))
    _trajectories(large, staff, jobs)
    _lessons(large)


def _jobs(large: LargeOrganisation) -> tuple[list[Job], dict[int, Job]]:
    rng = large.random("inclusion.jobs")
    rows = []
    for index in range(large.size(JOBS_PER_SCALE, minimum=10)):
        vulnerability = rng.choices(
            [Vulnerability.HIGH, Vulnerability.MEDIUM, Vulnerability.LOW, Vulnerability.NONE],
            weights=[10, 15, 25, 50],
        )[0]
        exposed = vulnerability in (Vulnerability.HIGH, Vulnerability.MEDIUM)
        rows.append(
            Job(
                organisation=large.organisation,
                name=job_name(index),
                vulnerability=vulnerability,
                vulnerability_reason="Routinematige taken zoals invoer en controle worden "
                "geautomatiseerd."
                if vulnerability
                else "",
                horizon=rng.choice(["binnen een jaar", "binnen twee jaar", "over drie jaar"])
                if exposed
                else "",
            )
        )
    jobs = Job.objects.bulk_create(rows, batch_size=BATCH)
    managers = Job.objects.bulk_create(
        Job(organisation=large.organisation, name=name, vulnerability=Vulnerability.LOW)
        for name in MANAGER_JOBS.values()
    )
    return jobs, dict(zip(MANAGER_JOBS, managers, strict=True))


def _employees(large: LargeOrganisation, jobs: list[Job], manager_jobs: dict) -> Staff:
    """Every unit led by someone who reports to the head of the unit above; most people
    in a team (in one of a handful of jobs each team has), some in a department, a few
    directly under the first directorate. Three in a hundred have left."""
    rng = large.random("inclusion.employees")
    organisation, slug = large.organisation, large.organisation.slug
    numbers = itertools.count(1)

    def person(unit, job, manager) -> Employee:
        n = next(numbers)
        active = rng.random() >= 0.03
        left = None if active else large.today - datetime.timedelta(days=rng.randint(10, 700))
        return Employee(
            organisation=organisation,
            personnel_number=f"G{n:06d}",
            name=person_name(rng),
            email=f"medewerker{n}@{slug}.example",
            unit=unit,
            job=job,
            manager=manager,
            active=active,
            left_on=left,
        )

    staff = Staff()
    head: dict[int, Employee] = {}
    for level in (large.directorates, large.departments, large.teams):
        heads = Employee.objects.bulk_create(
            (person(unit, manager_jobs[unit.kind], head.get(unit.parent_id)) for unit in level),
            batch_size=BATCH,
        )
        head |= {unit.pk: row for unit, row in zip(level, heads, strict=True)}
        staff.rows += heads
    team_jobs = {team.pk: rng.sample(jobs, k=min(5, len(jobs))) for team in large.teams}
    rows = []
    total = large.size(EMPLOYEES_PER_SCALE, minimum=len(large.units) + 10)
    for _ in range(total - len(large.units)):
        draw = rng.random()
        if draw < 0.003:
            unit, job, manager = None, rng.choice(jobs), head[large.directorates[0].pk]
        elif draw < 0.09:
            unit = rng.choice(large.departments)
            job, manager = rng.choice(jobs), head[unit.pk]
        else:
            unit = rng.choice(large.teams)
            job, manager = rng.choice(team_jobs[unit.pk]), head[unit.pk]
        rows.append(person(unit, job, manager))
    staff.rows += Employee.objects.bulk_create(rows, batch_size=BATCH)
    for row in staff.rows:
        if row.active:
            staff.active_by_unit[row.unit_id].append(row.pk)
    return staff


def _skills(large: LargeOrganisation, staff: Staff, jobs: list[Job]) -> None:
    """Target levels per job, a self-assessment of every employee in their job's
    competences each year, growing a little each time, and for half of them the
    manager's assessment two months ago."""
    rng = large.random("inclusion.skills")
    by_area: dict[int, list[int]] = defaultdict(list)
    competences = Competence.objects.for_organisation(large.organisation).order_by(
        "area__number", "code"
    )
    for pk, area in competences.values_list("pk", "area_id"):
        by_area[area].append(pk)
    base = [pks[0] for pks in by_area.values()]
    others = [pk for pks in by_area.values() for pk in pks[1:]]
    profiles = {
        job.pk: {
            competence: rng.randint(2, 5)
            for competence in base + rng.sample(others, k=min(len(others), rng.randint(0, 3)))
        }
        for job in jobs
    }
    TargetLevel.objects.bulk_create(
        (
            TargetLevel(organisation=large.organisation, job_id=job, competence_id=c, level=level)
            for job, profile in profiles.items()
            for c, level in profile.items()
        ),
        batch_size=BATCH,
    )
    rounds = [
        large.today - datetime.timedelta(days=days)
        for days in sorted(SELF_ASSESSMENT_ROUNDS, reverse=True)
    ]
    manager_round = large.today - datetime.timedelta(days=MANAGER_ASSESSMENT)
    rows = []
    for index, employee in enumerate(staff.rows):
        spread = datetime.timedelta(days=index % 30)
        for competence, target in profiles.get(employee.job_id, {}).items():
            level = target + rng.choice((-2, -1, -1, 0, 0, 1))
            for day in rounds:
                if employee.left_on is not None and day + spread > employee.left_on:
                    break
                level = max(1, min(8, level + rng.choice((0, 0, 1))))
                rows.append(
                    Assessment(
                        organisation=large.organisation,
                        employee_id=employee.pk,
                        competence_id=competence,
                        level=level,
                        assessed_on=day + spread,
                        source=AssessmentSource.SELF,
                    )
                )
            if index % 2 and employee.active:
                rows.append(
                    Assessment(
                        organisation=large.organisation,
                        employee_id=employee.pk,
                        competence_id=competence,
                        level=max(1, min(8, level + rng.choice((0, 0, 1, 1, 2)))),
                        assessed_on=manager_round + spread,
                        source=AssessmentSource.MANAGER,
                    )
                )
        if len(rows) >= BATCH * 4:
            Assessment.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    Assessment.objects.bulk_create(rows, batch_size=BATCH)
    refresh_latest_levels(Employee.objects.for_organisation(large.organisation))


def _pop(large: LargeOrganisation, staff: Staff) -> None:
    """A POP-gesprek in each of the three years for most employees, digital skills
    discussed in more of them each year; this year's so far in the share of the year gone."""
    rng = large.random("inclusion.pop")
    today, year = large.today, large.today.year
    so_far = min(1.0, (today - datetime.date(year, 1, 1)).days / 330)
    years = [(year - 2, 0.7, 0.5), (year - 1, 0.75, 0.6), (year, 0.85 * so_far, 0.7)]
    rows = []
    for employee in staff.rows:
        for held_year, share, skills_share in years:
            last = min(today, datetime.date(held_year, 12, 20), employee.left_on or today)
            first = datetime.date(held_year, 1, 15)
            if last < first or rng.random() >= share:
                continue
            skills = rng.random() < skills_share
            rows.append(
                PopConversation(
                    organisation=large.organisation,
                    employee_id=employee.pk,
                    year=held_year,
                    held_on=day_between(rng, first, last),
                    digital_skills=skills,
                    digital_resilience=rng.random() < 0.5,
                    agreements="Een training en intervisie over het nieuwe zaaksysteem."
                    if skills
                    else "",
                )
            )
    PopConversation.objects.bulk_create(rows, batch_size=BATCH)


def _actions(large: LargeOrganisation, staff: Staff) -> None:
    """Actions over the three years (and some planned ahead): mostly for one or a few
    employees, some for a group of a team, a few for a whole team."""
    rng = large.random("inclusion.actions")
    competences = list(
        Competence.objects.for_organisation(large.organisation)
        .order_by("area__number", "code")
        .values_list("pk", flat=True)
    )
    teams = [team.pk for team in large.teams if staff.active_by_unit[team.pk]]
    everyone = staff.active
    kinds = [kind for kind, _weight in ACTION_KINDS]
    weights = list(itertools.accumulate(weight for _kind, weight in ACTION_KINDS))
    statuses = [ActionStatus.DONE, ActionStatus.CANCELLED, ActionStatus.PLANNED]
    status_weights = [88, 94, 100]
    total = large.size(ACTIONS_PER_SCALE)
    for first in range(0, total, ACTIONS_AT_ONCE):
        actions, members, topics = [], [], []
        for _ in range(min(ACTIONS_AT_ONCE, total - first)):
            held_on = large.start + datetime.timedelta(days=rng.randint(0, HISTORY_DAYS + 45))
            if held_on > large.today:
                status = ActionStatus.PLANNED
            else:
                status = rng.choices(statuses, cum_weights=status_weights)[0]
            draw, unit = rng.random(), None
            if draw < 0.02 and teams:
                unit = rng.choice(teams)
                people = staff.active_by_unit[unit]
            elif draw < 0.12 and teams:
                team = staff.active_by_unit[rng.choice(teams)]
                people = rng.sample(team, k=min(len(team), rng.randint(6, 15)))
            elif draw < 0.42:
                people = rng.sample(everyone, k=min(len(everyone), rng.randint(2, 5)))
            else:
                people = [rng.choice(everyone)]
            actions.append(
                SkillsAction(
                    organisation=large.organisation,
                    kind=rng.choices(kinds, cum_weights=weights)[0],
                    unit_id=unit,
                    held_on=held_on,
                    hours=None if status == ActionStatus.PLANNED else rng.choice(HOURS),
                    status=status,
                    created_by=large.users["hr"],
                )
            )
            members.append(people)
            topics.append(rng.sample(competences, k=rng.choice((0, 0, 1, 2))))
        _save_actions(actions, members, topics)


def _save_actions(actions: list[SkillsAction], members: list, topics: list) -> None:
    SkillsAction.objects.bulk_create(actions, batch_size=BATCH)
    employees = SkillsAction.employees.through
    employees.objects.bulk_create(
        (
            employees(skillsaction_id=action.pk, employee_id=pk)
            for action, people in zip(actions, members, strict=True)
            for pk in people
        ),
        batch_size=BATCH * 2,
    )
    competences = SkillsAction.competences.through
    competences.objects.bulk_create(
        (
            competences(skillsaction_id=action.pk, competence_id=pk)
            for action, chosen in zip(actions, topics, strict=True)
            for pk in chosen
        ),
        batch_size=BATCH * 2,
    )


def _training_attendance(large: LargeOrganisation, staff: Staff) -> None:
    """Attendance of each of adoption's training sessions, logged as a training action."""
    rng = large.random("inclusion.attendance")
    sessions = TrainingSession.objects.for_organisation(large.organisation).filter(attendance__gt=0)
    everyone = staff.active
    actions, members = [], []
    for session in sessions.order_by("pk"):
        actions.append(
            SkillsAction(
                organisation=large.organisation,
                kind=ActionKind.TRAINING,
                training_session=session,
                held_on=session.held_on,
                hours=Decimal(2),
                status=ActionStatus.DONE,
                created_by=large.users["hr"],
            )
        )
        members.append(rng.sample(everyone, k=min(len(everyone), session.attendance)))
    _save_actions(actions, members, [[] for _ in actions])


def _trajectories(large: LargeOrganisation, staff: Staff, jobs: list[Job]) -> None:
    rng = large.random("inclusion.trajectories")
    exposed = {
        job.pk for job in jobs if job.vulnerability in (Vulnerability.HIGH, Vulnerability.MEDIUM)
    }
    safe = [job for job in jobs if job.pk not in exposed]
    candidates = [row for row in staff.rows if row.active and row.job_id in exposed]
    chosen = rng.sample(candidates, k=min(len(candidates), large.size(TRAJECTORIES_PER_SCALE)))
    rows = []
    for employee in chosen:
        destination = rng.choices(
            [Destination.INTERNAL_JOB, Destination.UPSKILLED, Destination.EXTERNAL], [40, 40, 20]
        )[0]
        if destination == Destination.INTERNAL_JOB and not safe:
            destination = Destination.UPSKILLED
        status = rng.choices(
            [
                TrajectoryStatus.PLANNED,
                TrajectoryStatus.ACTIVE,
                TrajectoryStatus.COMPLETED,
                TrajectoryStatus.STOPPED,
            ],
            [25, 35, 30, 10],
        )[0]
        started = None
        if status != TrajectoryStatus.PLANNED or rng.random() < 0.5:
            started = day_between(rng, large.start, large.today)
        ended = None
        if status in (TrajectoryStatus.COMPLETED, TrajectoryStatus.STOPPED):
            ended = day_between(rng, started, large.today)
        rows.append(
            MobilityTrajectory(
                organisation=large.organisation,
                employee_id=employee.pk,
                from_job_id=employee.job_id,
                destination=destination,
                destination_job=rng.choice(safe)
                if destination == Destination.INTERNAL_JOB
                else None,
                status=status,
                started_on=started,
                ended_on=ended,
                outcome="Afgerond met een nieuwe functie."
                if status == TrajectoryStatus.COMPLETED
                else "",
            )
        )
    MobilityTrajectory.objects.bulk_create(rows, batch_size=BATCH)


def _lessons(large: LargeOrganisation) -> None:
    """The programme against the nine lessons, every half year."""
    programme = Programme.objects.for_organisation(large.organisation).order_by("pk").first()
    if programme is None:
        return
    rng = large.random("inclusion.lessons")
    LessonAssessment.objects.bulk_create(
        LessonAssessment(
            organisation=large.organisation,
            programme=programme,
            lesson=lesson,
            score=rng.randint(1, 5),
            notes="Besproken in het programmateam.",
            assessed_on=large.today - datetime.timedelta(days=days),
            assessed_by=large.users["programma"],
        )
        for days in range(HISTORY_DAYS - 180, 0, -182)
        for lesson in range(1, 10)
    )


def count(organisation: Organisation) -> dict[str, int]:
    actions = SkillsAction.objects.for_organisation(organisation)
    return {
        "employees": Employee.objects.for_organisation(organisation).count(),
        "jobs": Job.objects.for_organisation(organisation).count(),
        "target levels": TargetLevel.objects.for_organisation(organisation).count(),
        "assessments": Assessment.objects.for_organisation(organisation).count(),
        "POP-gesprekken": PopConversation.objects.for_organisation(organisation).count(),
        "skills actions": actions.count(),
        "action participants": SkillsAction.employees.through.objects.filter(
            skillsaction__organisation=organisation
        ).count(),
        "trajectories": MobilityTrajectory.objects.for_organisation(organisation).count(),
        "lesson self-assessments": LessonAssessment.objects.for_organisation(organisation).count(),
    }


register(LargePart(generate=generate, count=count))
