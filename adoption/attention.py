"""What needs attention in Adoptie: gate overrides the directors have not confirmed,
phases past their planned end, phases called done with checklist items still open,
and initiatives without an adoption track."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from adoption.models import (
    AdoptionTrack,
    ChecklistItem,
    ChecklistTick,
    Phase,
    PhaseMove,
    PhaseStatus,
    TrackPhase,
)
from organisations.attention import Item, Links, Urgency
from organisations.models import Membership, Role
from transformation.models import Initiative


def override_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Gate overrides waiting for the directors: theirs to decide, the programme
    manager's to follow up. One query."""
    director = membership.role == Role.DIRECTOR
    moves = (
        PhaseMove.objects.awaiting_confirmation()
        .filter(track__organisation=membership.organisation)
        .select_related("track__initiative")
        .order_by("moved_at")
    )
    track_link = Links("adoption:track_detail")
    # The texts once, not once per override.
    category = gettext_lazy("Gate overrides to confirm")
    title = _("%(initiative)s: to phase %(number)s without the earlier phases done")
    reason = (
        _("Reason given: %(reason)s")
        if director
        else _("Waiting for the directors to confirm. Reason given: %(reason)s")
    )
    action = _("Confirm or discuss") if director else ""
    return [
        Item(
            kind="gate_override",
            category=category,
            title=title % {"initiative": move.track.initiative.title, "number": move.to_phase},
            reason=reason % {"reason": move.override_reason},
            url=track_link(move.track_id) + "#moves",
            urgency=Urgency.NOW if director else Urgency.SOON,
            since=timezone.localdate(move.moved_at),
            action=action,
        )
        for move in moves
    ]


def _phases_to_judge(today: datetime.date) -> Exists:
    """For a track (the outer query): a phase there is something to say of. Its current
    phase past its planned end and not done; or a phase called done while an item of
    that phase in use is not ticked, which only the data may still satisfy. A phase done
    with every item ticked is satisfied: its track need not be read at all."""
    unticked = ChecklistItem.objects.filter(
        organisation=OuterRef("track__organisation"), active=True, phase=OuterRef("phase")
    ).exclude(
        Exists(ChecklistTick.objects.filter(track=OuterRef(OuterRef("track")), item=OuterRef("pk")))
    )
    overdue = Q(phase=OuterRef("current_phase"), end_date__lt=today) & ~Q(status=PhaseStatus.DONE)
    done_with_open = Q(status=PhaseStatus.DONE) & Q(Exists(unticked))
    return Exists(TrackPhase.objects.filter(track=OuterRef("pk")).filter(overdue | done_with_open))


def phase_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Per track: the current phase past its planned end, and earlier phases called
    done while their checklist says otherwise. A fixed number of queries, over only the
    tracks with such a phase (at scale 20, none of 274: 255 → 5 ms)."""
    tracks = (
        AdoptionTrack.objects.for_organisation(membership.organisation)
        .filter(_phases_to_judge(today))
        .for_checklist()
        .order_by("initiative__title")
    )
    found = []
    for track in tracks:
        url = reverse("adoption:track_detail", args=[track.pk])
        for phase in track.phases.all():
            overdue = (
                phase.phase == track.current_phase
                and phase.status != PhaseStatus.DONE
                and phase.end_date is not None
                and phase.end_date < today
            )
            if phase.status != PhaseStatus.DONE and not overdue:
                continue  # nothing to say of it: its checklist is not judged
            # The checklist in use comes with the tracks (for_gate), not in a query of its own.
            open_items = track.open_items(track.checklist, phase.phase)
            label = _("%(initiative)s, phase %(number)s: %(phase)s") % {
                "initiative": track.initiative.title,
                "number": phase.phase,
                "phase": Phase(phase.phase).label,
            }
            if phase.status == PhaseStatus.DONE and open_items:
                found.append(
                    Item(
                        kind="phase_done_items_open",
                        category=gettext_lazy("Phases done with checklist items open"),
                        title=label,
                        reason=ngettext(
                            "Marked done, but %(count)s checklist item is open: %(items)s.",
                            "Marked done, but %(count)s checklist items are open: %(items)s.",
                            len(open_items),
                        )
                        % {"count": len(open_items), "items": _join(open_items)},
                        url=f"{url}#phase-{phase.phase}",
                        urgency=Urgency.SOON,
                        since=phase.end_date,
                    )
                )
            elif overdue:
                reason = _("Planned to end on %(date)s.") % {
                    "date": formats.date_format(phase.end_date)
                }
                if open_items:
                    reason += " " + ngettext(
                        "%(count)s checklist item is open.",
                        "%(count)s checklist items are open.",
                        len(open_items),
                    ) % {"count": len(open_items)}
                found.append(
                    Item(
                        kind="phase_overdue",
                        category=gettext_lazy("Phases past their planned end"),
                        title=label,
                        reason=reason,
                        url=f"{url}#phase-{phase.phase}",
                        urgency=Urgency.SOON,
                        since=phase.end_date,
                    )
                )
    return found


def _join(items: list[ChecklistItem], most: int = 3) -> str:
    texts = [item.localised_text for item in items[:most]]
    if len(items) > most:
        texts.append(_("and %(count)s more") % {"count": len(items) - most})
    return "; ".join(texts)


def without_track_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Initiatives of a running programme that have no adoption track yet. One query."""
    initiatives = (
        Initiative.objects.for_organisation(membership.organisation)
        .filter(adoption_track__isnull=True)
        .filter(Q(programme__end_date__isnull=True) | Q(programme__end_date__gte=today))
        .select_related("programme")
        .order_by("created_at")
    )
    return [
        Item(
            kind="without_track",
            category=gettext_lazy("Initiatives without an adoption track"),
            title=initiative.title,
            reason=_("Deployment is not adoption: start the four phases before training."),
            url=reverse("adoption:board", args=[initiative.programme_id]),
            urgency=Urgency.WATCH,
            since=timezone.localdate(initiative.created_at),
            action=_("Start the adoption track"),
        )
        for initiative in initiatives
    ]
