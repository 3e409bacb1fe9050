"""Writes of the adoption track that span rows: starting a track, moving through
the phases past the gate, undoing a move, confirming an override, ticking the
checklist, importing usage."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
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
    """Going on needs an explicit override: these phases are not done (their status,
    or checklist items of theirs that are open)."""

    def __init__(self, open_phases: list[int], open_items: list | None = None):
        self.open_phases = open_phases
        self.open_items = open_items or []
        super().__init__(open_phases)


class MovedMeanwhile(Exception):
    """The track is no longer in the phase the step was asked from: someone moved it
    (or the same form was sent twice)."""


class CannotUndo(Exception):
    """Only the latest move of a track, not itself an undo, can be undone."""


class CannotConfirm(Exception):
    """Only an override that is not undone and not yet confirmed can be confirmed."""


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
def track_move(
    *, track: AdoptionTrack, by: User, override_reason: str = "", to_phase: int | None = None
) -> PhaseMove:
    """Go to the next phase. Past the gate only with a reason, which is recorded.

    `to_phase`, when given, is the phase the person saw the step to: if the track moved
    in the meantime, nothing happens (MovedMeanwhile)."""
    AdoptionTrack.objects.select_for_update().filter(pk=track.pk).first()
    track = AdoptionTrack.objects.for_gate().get(pk=track.pk)
    if to_phase is not None and to_phase != track.current_phase + 1:
        raise MovedMeanwhile
    if track.current_phase >= Phase.TRAINING:
        raise ValueError(_("Training is the last phase."))
    to_phase = track.current_phase + 1
    open_phases = track.gate(to_phase)
    open_items = [
        {"id": item.pk, "phase": item.phase, "text": item.text, "text_en": item.text_en}
        for number in open_phases
        for item in track.open_items(track.checklist, number)
    ]
    if open_phases and not override_reason.strip():
        raise GateClosed(open_phases, open_items)
    phase = track.phase(to_phase)
    starts = phase.status == PhaseStatus.NOT_STARTED
    move = PhaseMove.objects.create(
        filled_start_date=starts and phase.start_date is None,
        track=track,
        from_phase=track.current_phase,
        to_phase=to_phase,
        moved_by=by,
        open_phases=open_phases,
        open_items=open_items,
        override_reason=override_reason.strip() if open_phases else "",
        started_phase=starts,
    )
    if starts:
        phase.status = PhaseStatus.ACTIVE
        phase.start_date = phase.start_date or today()
        phase.save(update_fields=["status", "start_date"])
    track.current_phase = to_phase
    track.save(update_fields=["current_phase"])
    return move


@transaction.atomic
def move_undo(*, move: PhaseMove, by: User) -> PhaseMove:
    """Go back to where the track was before `move`: itself a move, recorded with who
    and when. Only the track's latest move can be undone, and an undo not again (move
    on instead). A phase the move started is not started again."""
    track = AdoptionTrack.objects.select_for_update().get(pk=move.track_id)
    latest = PhaseMove.objects.filter(track=track).order_by("-moved_at", "-pk").first()
    if (
        latest is None
        or latest.pk != move.pk
        or move.undoes_id is not None
        or track.current_phase != move.to_phase
    ):
        raise CannotUndo
    undo = PhaseMove.objects.create(
        track=track,
        from_phase=move.to_phase,
        to_phase=move.from_phase,
        moved_by=by,
        undoes=move,
    )
    if move.started_phase:
        # The phase is not started again; a start date the move filled in (today) goes,
        # a start date that was planned before stays.
        phase = TrackPhase.objects.get(track=track, phase=move.to_phase)
        if phase.status == PhaseStatus.ACTIVE:
            phase.status = PhaseStatus.NOT_STARTED
            if move.filled_start_date:
                phase.start_date = None
            phase.save(update_fields=["status", "start_date"])
    track.current_phase = move.from_phase
    track.save(update_fields=["current_phase"])
    return undo


@transaction.atomic
def move_confirm(*, move: PhaseMove, by: User) -> PhaseMove:
    """A director confirms an override: going on past the gate has director commitment.
    Who may confirm is the view's question (organisations.permissions)."""
    # The track's lock, as an undo takes it: a move is never both undone and confirmed.
    AdoptionTrack.objects.select_for_update().filter(pk=move.track_id).first()
    move = PhaseMove.objects.select_for_update().get(pk=move.pk)
    if not move.awaits_confirmation:
        raise CannotConfirm
    move.confirmed_by = by
    move.confirmed_at = timezone.now()
    move.save(update_fields=["confirmed_by", "confirmed_at"])
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
