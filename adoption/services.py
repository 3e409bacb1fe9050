"""Writes of the adoption track that span rows: starting a track, moving through
the phases past the gate, ticking the checklist, importing usage."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from adoption.models import (
    AdoptionTrack,
    ChecklistTick,
    Phase,
    PhaseMove,
    PhaseStatus,
    TrackPhase,
    UsageMeasurement,
    today,
)
from adoption.usage_csv import UsageRow
from organisations.models import User
from transformation.models import Initiative


class GateClosed(Exception):
    """Going on needs an explicit override: these phases are not done."""

    def __init__(self, open_phases: list[int]):
        self.open_phases = open_phases
        super().__init__(open_phases)


@transaction.atomic
def track_start(*, initiative: Initiative, target_group_size: int | None = None) -> AdoptionTrack:
    track, created = AdoptionTrack.objects.get_or_create(
        initiative=initiative,
        defaults={
            "organisation_id": initiative.organisation_id,
            "target_group_size": target_group_size,
        },
    )
    if created:
        TrackPhase.objects.bulk_create(
            TrackPhase(
                track=track,
                phase=phase,
                status=PhaseStatus.ACTIVE
                if phase == Phase.STAKEHOLDERS
                else PhaseStatus.NOT_STARTED,
                start_date=today() if phase == Phase.STAKEHOLDERS else None,
            )
            for phase in Phase
        )
    return track


@transaction.atomic
def track_move(*, track: AdoptionTrack, by: User, override_reason: str = "") -> PhaseMove:
    """Go to the next phase. Past the gate only with a reason, which is recorded."""
    track = AdoptionTrack.objects.select_for_update().get(pk=track.pk)
    if track.current_phase >= Phase.TRAINING:
        raise ValueError(_("Training is the last phase."))
    to_phase = track.current_phase + 1
    open_phases = track.gate(to_phase)
    if open_phases and not override_reason.strip():
        raise GateClosed(open_phases)
    move = PhaseMove.objects.create(
        track=track,
        from_phase=track.current_phase,
        to_phase=to_phase,
        moved_by=by,
        open_phases=open_phases,
        override_reason=override_reason.strip() if open_phases else "",
    )
    phase = track.phase(to_phase)
    if phase.status == PhaseStatus.NOT_STARTED:
        phase.status = PhaseStatus.ACTIVE
        phase.start_date = phase.start_date or today()
        phase.save(update_fields=["status", "start_date"])
    track.current_phase = to_phase
    track.save(update_fields=["current_phase"])
    return move


@transaction.atomic
def checklist_save(*, track: AdoptionTrack, phase: int, items, ticked_ids: set[int], by: User):
    """Tick and untick the items of one phase."""
    phase_items = [item for item in items if item.phase == phase]
    existing = {t.item_id: t for t in track.ticks.all()}
    for item in phase_items:
        if item.pk in ticked_ids and item.pk not in existing:
            ChecklistTick.objects.create(track=track, item=item, ticked_by=by)
        elif item.pk not in ticked_ids and item.pk in existing:
            existing[item.pk].delete()


@transaction.atomic
def usage_import(*, track: AdoptionTrack, rows: list[UsageRow]) -> tuple[int, int]:
    """Save parsed rows, all or nothing; a date already measured gets the new count.

    Returns (added, updated).
    """
    existing = {m.measured_on: m for m in UsageMeasurement.objects.filter(track=track)}
    added = updated = 0
    for row in rows:
        measurement = existing.get(row.measured_on)
        if measurement is None:
            UsageMeasurement.objects.create(
                organisation_id=track.organisation_id,
                track=track,
                measured_on=row.measured_on,
                active_users=row.active_users,
            )
            added += 1
        elif measurement.active_users != row.active_users:
            measurement.active_users = row.active_users
            measurement.save(update_fields=["active_users"])
            updated += 1
    return added, updated
