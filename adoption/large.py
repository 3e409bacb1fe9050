"""Adoptie of the large organisation (`seed_demo --scale N`, see organisations/large.py):
an adoption track for nine in ten initiatives, in the phase the initiative's age brings
it to, some past a gate with a reason, with the registers of every phase it reached.
"""

from __future__ import annotations

import datetime

from adoption.models import (
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
from organisations.large import (
    BATCH,
    LargeOrganisation,
    LargePart,
    day_between,
    moment,
    numbered,
    person_name,
    register,
)
from organisations.models import Organisation
from transformation.models import Initiative

STAKEHOLDERS = [
    "Directeur",
    "Afdelingshoofd",
    "Teamleider",
    "Ondernemingsraad",
    "Functioneel beheer",
    "Informatiebeveiliging",
    "Privacy officer",
    "Communicatie",
]
SCENARIOS = [
    "Samen aan één document",
    "Vergaderen zonder papier",
    "Vragen via de chat",
    "Dossiers in de zaak",
    "Afspraken in de gedeelde agenda",
]
# Days an initiative usually spends in a phase.
DAYS_PER_PHASE = 250


def generate(large: LargeOrganisation) -> None:
    rng = large.random("adoption")
    initiatives = list(
        Initiative.objects.for_organisation(large.organisation)
        .order_by("pk")
        .prefetch_related("units")
    )
    plans = []
    for initiative in initiatives:
        if rng.random() < 0.1:
            continue  # no adoption track
        age = (large.today - initiative.start_date).days
        current = max(1, min(4, 1 + age // DAYS_PER_PHASE + rng.choice((-1, 0, 0))))
        open_phases: set[int] = set()
        if current >= 3 and rng.random() < 0.3:
            open_phases = {rng.randint(2, current - 1)}
            if current == 4 and rng.random() < 0.3:
                open_phases.add(1)
        # The day it entered each phase: the first on its start, the others since.
        entered = sorted(
            day_between(rng, initiative.start_date, large.today) for _ in range(current - 1)
        )
        plans.append((initiative, current, open_phases, [initiative.start_date, *entered]))
    tracks = AdoptionTrack.objects.bulk_create(
        (
            AdoptionTrack(
                organisation=large.organisation,
                initiative=initiative,
                current_phase=current,
                target_group_size=rng.randint(40, 2000),
            )
            for initiative, current, _open, _days in plans
        ),
        batch_size=BATCH,
    )
    _phases(large, tracks, plans)
    _registers(large, rng, tracks, plans)


def _phases(large: LargeOrganisation, tracks: list[AdoptionTrack], plans: list) -> None:
    """Four phases per track, the moves between them and the checklist ticked as far as
    each got."""
    items = list(
        ChecklistItem.objects.for_organisation(large.organisation).order_by(
            "phase", "position", "pk"
        )
    )
    mover = large.users["programma"]
    phases, moves, ticks = [], [], []
    for track, (_initiative, current, open_phases, days) in zip(tracks, plans, strict=True):
        for number in range(1, 5):
            if number < current:
                status = PhaseStatus.ACTIVE if number in open_phases else PhaseStatus.DONE
                start, end = days[number - 1], None if number in open_phases else days[number]
            elif number == current:
                status, start, end = PhaseStatus.ACTIVE, days[number - 1], None
            else:
                status, start, end = PhaseStatus.NOT_STARTED, None, None
            phases.append(
                TrackPhase(track=track, phase=number, status=status, start_date=start, end_date=end)
            )
        for to_phase in range(2, current + 1):
            required = [p for p in GATES.get(to_phase, ()) if p in open_phases]
            moves.append(
                PhaseMove(
                    track=track,
                    from_phase=to_phase - 1,
                    to_phase=to_phase,
                    moved_by=mover,
                    moved_at=moment(days[to_phase - 1], 14),
                    open_phases=required,
                    override_reason="De training moest voor de zomer beginnen." if required else "",
                )
            )
        ticks += [
            ChecklistTick(
                track=track,
                item=item,
                ticked_by=mover,
                ticked_at=moment(days[item.phase - 1], 15),
            )
            for item in items
            if (item.phase < current and item.phase not in open_phases)
            or (item.phase == current and item.position % 2)
        ]
    for model, rows in ((TrackPhase, phases), (PhaseMove, moves), (ChecklistTick, ticks)):
        model.objects.bulk_create(rows, batch_size=BATCH)


def _registers(large: LargeOrganisation, rng, tracks: list[AdoptionTrack], plans: list) -> None:
    """Stakeholders and champions for every track; scenarios, awareness and training
    (with the usage since) for those that reached their phase."""
    stakeholders, champions, scenarios, awareness, sessions, usage = [], [], [], [], [], []
    for track, (initiative, current, _open, days) in zip(tracks, plans, strict=True):
        own = {"organisation": large.organisation, "track": track}
        units = list(initiative.units.all())
        target = track.target_group_size
        stakeholders += [
            Stakeholder(
                **own,
                name=numbered(STAKEHOLDERS, n),
                unit=units[0] if units else None,
                influence=rng.randint(1, 5),
                interest=rng.randint(1, 5),
                attitude=rng.choice(Attitude.values),
            )
            for n in range(rng.randint(3, 6))
        ]
        champions += [
            Champion(**own, name=person_name(rng), unit=unit, trained=rng.random() < 0.6)
            for unit in units
            if rng.random() < 0.75
        ]
        if current >= 2:
            scenarios += [
                BusinessScenario(
                    **own,
                    title=numbered(SCENARIOS, n),
                    problem="Documenten staan op te veel plekken.",
                    desired_way="Samen in één omgeving werken.",
                    applications="Chat in Teams, bestanden in SharePoint.",
                    status=rng.choice(ScenarioStatus.values),
                    written_with="\n".join(person_name(rng) for _ in range(rng.randint(2, 6))),
                )
                for n in range(rng.randint(1, 4))
            ]
        if current >= 3:
            awareness += [
                AwarenessActivity(
                    **own,
                    channel=rng.choice(AwarenessChannel.values),
                    held_on=day_between(rng, days[2], large.today),
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
                        held_on=day_between(rng, days[3], large.today),
                        capacity=capacity,
                        attendance=rng.randint(0, capacity),
                    )
                )
            # Monthly since training began, rising towards the target group.
            months = max(1, min(36, (large.today - days[3]).days // 30))
            usage += [
                UsageMeasurement(
                    **own,
                    measured_on=large.today - datetime.timedelta(days=30 * month),
                    active_users=round(target * (0.9 - 0.6 * month / months) * rng.uniform(0.7, 1)),
                )
                for month in range(months)
            ]
    for model, rows in (
        (Stakeholder, stakeholders),
        (Champion, champions),
        (BusinessScenario, scenarios),
        (AwarenessActivity, awareness),
        (TrainingSession, sessions),
        (UsageMeasurement, usage),
    ):
        model.objects.bulk_create(rows, batch_size=BATCH)


def count(organisation: Organisation) -> dict[str, int]:
    moves = PhaseMove.objects.filter(track__organisation=organisation)
    return {
        "adoption tracks": AdoptionTrack.objects.for_organisation(organisation).count(),
        "phase moves": moves.count(),
        "gate overrides": moves.exclude(open_phases=[]).count(),
        "stakeholders": Stakeholder.objects.for_organisation(organisation).count(),
        "champions": Champion.objects.for_organisation(organisation).count(),
        "business scenarios": BusinessScenario.objects.for_organisation(organisation).count(),
        "awareness activities": AwarenessActivity.objects.for_organisation(organisation).count(),
        "training sessions": TrainingSession.objects.for_organisation(organisation).count(),
        "usage measurements": UsageMeasurement.objects.for_organisation(organisation).count(),
    }


register(LargePart(generate=generate, count=count))
