"""The management report's snapshot: every figure it shows, read once from the database.

``snapshot`` collects the figures in a fixed number of queries however large the
programme is. Figures are the state at the moment the report is made; lists of events
(status changes, gate overrides, measurements, digital-skills actions) are those of
the report's period, both dates included. The snapshot keeps codes, ids, numbers and
dates (and the titles of initiatives and benefits, which are data), never words in
the language of the moment, so that the next report can compare with it in any
language.

It is the only module of this report that reads the database. The context is made
from what this one stored, so everything the document shows is in it, the lessons'
evidence too: a report made again from its snapshot says what it said the first time.

Inclusion figures are aggregates only. A group smaller than the organisation's
threshold is kept as "<5" (the threshold's own number), never as its count, and a
total that would give such a group away as an en dash: the snapshot itself never
holds the small count.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone, translation

from adoption.models import AdoptionTrack, Phase, PhaseMove
from inclusion.actions.queries import organisation_coverage
from inclusion.figures import MASK, Figure, Share, SmallGroups
from inclusion.initiatives.queries import looked_back_on, preparation, shown_preparation
from inclusion.metamorphosis.evidence import evidence_for
from inclusion.metamorphosis.lessons import LESSONS
from inclusion.models import (
    ActionKind,
    ActionStatus,
    LessonAssessment,
    SkillsAction,
    inclusion_settings,
)
from inclusion.wholes import wholes
from transformation.decisions import proposals
from transformation.interventions import evidence_for as intervention_evidence
from transformation.models import (
    RAG,
    Benefit,
    BenefitTrack,
    CodeterminationStep,
    DecisionRequest,
    Initiative,
    InitiativeStatusChange,
    Intervention,
    InterventionChange,
    Vision,
    VisionStatus,
)

# Raised when what the snapshot holds changes shape; older snapshots are read as far
# as they go, never trusted to have every key.
# 1: the figures. 2: also the lessons' evidence ("evidence"), which the context read
# from the database until then; the lessons of a snapshot without it show no evidence.
# 3: also whether each initiative's people are being prepared ("preparation"); a
# snapshot without it leaves that table out.
# 4: also the decision requests ("decisions"): those open when the report is made, those
# decided since the period began, and the proposals from the data not taken up.
# 5: also, per intervention, where the data contradicts its status ("contradictions",
# each sentence in every language of the application); a snapshot without it shows none.
# 6: the POP coverage of the year the period ends in (before: of the year the report was
# made), with the organisation's target ("pop_target"), against which the POP lesson's
# evidence is judged and worded; a snapshot without the target words it without.
VERSION = 6

# The lessons' evidence that inclusion words or dates in the language of the moment:
# kept as the dates it comes from, and worded by the context in the report's language.
DATED_EVIDENCE = frozenset({"programme_age", "vision_approved", "programme_without_end"})
# Evidence that is a share of the employees: kept only as safely as the other figures.
PEOPLE_SHARES = frozenset({"employees_in_scenarios", "own_development_actions"})
# Evidence the report shows through its own inclusion figures, which hide more (a total
# that would give a small group away is masked): its figure is not kept a second time.
SHOWN_BY_INCLUSION = frozenset({"pop_coverage", "mobility_trajectories"})


def snapshot(report) -> dict:
    """The report's figures as JSON-ready codes and numbers, in a fixed number of queries."""
    programme = report.programme
    organisation = report.organisation
    start, end = report.period_start, report.period_end
    initiatives = _initiatives(programme)
    benefits = _benefits(programme, start, end)
    vision = _visions(organisation, programme)
    inclusion = _inclusion(organisation, start, end)
    return {
        "version": VERSION,
        "made_at": timezone.now().isoformat(),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "programme": programme.pk,
        "vision": vision,
        "initiatives": initiatives,
        "status_counts": _tally((i["status"] for i in initiatives), RAG.values),
        "phase_counts": _tally(
            (str(i["adoption"]["phase"]) if i["adoption"] else "none" for i in initiatives),
            [*(str(p) for p in Phase.values), "none"],
        ),
        "status_changes": _status_changes(programme, start, end),
        "gate_overrides": _gate_overrides(programme, start, end),
        "interventions": _interventions(programme, inclusion["year"]),
        "intervention_changes": _intervention_changes(programme, start, end),
        "benefits": benefits,
        "benefit_counts": _tally((b["track"] for b in benefits), BenefitTrack.values),
        "inclusion": inclusion,
        "preparation": _preparation(programme),
        "lessons": _lessons(programme),
        "evidence": _evidence(programme, vision, inclusion),
        "decisions": _decisions(programme, start),
    }


def named(snapshot: dict) -> set[int]:
    """The ids of the employees the document names: nobody."""
    return set()


def names(report, snapshot: dict) -> dict[int, str]:
    """The employees the document names, by id: nobody. Directors read aggregates only."""
    return {}


def _day(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).date().isoformat() if moment else None


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _tally(values: Iterable[str], keys: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(keys, 0)
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def _in_period(field: str, start: datetime.date, end: datetime.date) -> Q:
    """A date-time field within the period's local dates, both included."""
    return Q(**{f"{field}__date__gte": start, f"{field}__date__lte": end})


def _visions(organisation, programme) -> dict:
    rows = list(
        Vision.objects.for_organisation(organisation)
        .filter(
            Q(status__in=[VisionStatus.APPROVED, VisionStatus.CONSULTATION])
            | Q(pk=programme.vision_id)
        )
        .order_by("number")
        .values("id", "number", "title", "status", "approved_at")
    )
    for row in rows:
        row["approved_on"] = _day(row.pop("approved_at"))
    return {
        "approved": next((r for r in rows if r["status"] == VisionStatus.APPROVED), None),
        "consultation": [r for r in rows if r["status"] == VisionStatus.CONSULTATION],
        "programme": next((r for r in rows if r["id"] == programme.vision_id), None),
    }


def _adoption(track: AdoptionTrack | None) -> dict | None:
    if track is None:
        return None
    covered, units = track.champion_coverage
    return {
        "phase": track.current_phase,
        "phase_status": next(
            (p.status for p in track.phases.all() if p.phase == track.current_phase), None
        ),
        "target_group": track.target_group_size,
        "reached_share": track.reached_share,
        "trained_share": track.trained_share,
        "usage_share": track.usage_share,
        "champion_units": [covered, units],
    }


def _initiatives(programme) -> list[dict]:
    tracks = {
        track.initiative_id: track
        for track in AdoptionTrack.objects.filter(initiative__programme=programme).with_figures()
    }
    steps: dict[int, dict] = defaultdict(dict)
    for step in CodeterminationStep.objects.filter(initiative__programme=programme).select_related(
        "body"
    ):
        steps[step.initiative_id][step.phase] = {
            "stage": step.stage_code,
            "body": step.body.name if step.body else "",
            "legal_basis": step.legal_basis,
            "requested_on": _iso(step.advice_requested_on),
            "given_on": _iso(step.advice_given_on),
        }
    initiatives = (
        Initiative.objects.filter(programme=programme)
        .select_related("owner")
        .prefetch_related("units")
        .order_by("title", "pk")
    )
    return [
        {
            "id": initiative.pk,
            "title": initiative.title,
            "status": initiative.status,
            "reason": initiative.status_reason,
            "owner": str(initiative.owner) if initiative.owner else "",
            "units": sorted(unit.name for unit in initiative.units.all()),
            "adoption": _adoption(tracks.get(initiative.pk)),
            "codetermination": steps.get(initiative.pk, {}),
        }
        for initiative in initiatives
    ]


def _status_changes(programme, start, end) -> list[dict]:
    rows = (
        InitiativeStatusChange.objects.filter(
            _in_period("changed_at", start, end), initiative__programme=programme
        )
        .order_by("changed_at", "pk")
        .values(
            "initiative_id", "initiative__title", "changed_at", "from_status", "to_status", "reason"
        )
    )
    return [
        {
            "initiative_id": row["initiative_id"],
            "initiative": row["initiative__title"],
            "on": _day(row["changed_at"]),
            "from": row["from_status"],
            "to": row["to_status"],
            "reason": row["reason"],
        }
        for row in rows
    ]


def _gate_overrides(programme, start, end) -> list[dict]:
    """Moves past a gate (with phases not done) in the period, oldest first; a move that
    was undone is left out (it did not stand), and whether a director confirmed it is
    kept with it."""
    moves = (
        PhaseMove.objects.overrides()
        .filter(
            _in_period("moved_at", start, end),
            track__initiative__programme=programme,
            undoes__isnull=True,
            undone_by__isnull=True,
        )
        .order_by("moved_at", "pk")
        .values(
            "track__initiative_id",
            "track__initiative__title",
            "moved_at",
            "from_phase",
            "to_phase",
            "open_phases",
            "override_reason",
            "confirmed_at",
        )
    )
    return [
        {
            "initiative_id": move["track__initiative_id"],
            "initiative": move["track__initiative__title"],
            "on": _day(move["moved_at"]),
            "from": move["from_phase"],
            "to": move["to_phase"],
            "open": list(move["open_phases"] or []),
            "reason": move["override_reason"],
            "confirmed_on": _day(move["confirmed_at"]),
        }
        for move in moves
    ]


def _interventions(programme, year: int) -> list[dict]:
    """Each intervention's status and evidence as the programme manager keeps them, and
    where the application's own data contradicts the status, the sentences that say so,
    as the programme's page shows them (`_contradictions`), with the POP-gesprekken of
    `year`, the year the report's period ends in."""
    rows = list(
        Intervention.objects.filter(programme=programme)
        .order_by("kind")
        .values("kind", "status", "evidence", "last_reviewed_on")
    )
    contradicted = _contradictions(programme, rows, year)
    return [
        {
            "kind": row["kind"],
            "status": row["status"],
            "evidence": row["evidence"],
            "last_reviewed_on": _iso(row["last_reviewed_on"]),
            "contradictions": contradicted.get(row["kind"], []),
        }
        for row in rows
    ]


def _contradictions(programme, rows: list[dict], year: int) -> dict[int, list[dict[str, str]]]:
    """{intervention kind: [{language: the sentence}]}: the evidence that contradicts a
    status, worded in every language of the application, so that the snapshot is the
    same whatever language the report is in. The evidence is read once in the first
    language, and again in the others only for the kinds it contradicts."""
    interventions = [SimpleNamespace(kind=row["kind"], status=row["status"]) for row in rows]
    found: dict[int, list[dict[str, str]]] = {}
    kinds = None
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            evidence = intervention_evidence(
                programme, interventions=interventions, kinds=kinds, year=year
            )
            for kind, items in evidence.items():
                messages = [item.message for item in items if item.contradicts]
                for index, message in enumerate(messages):
                    worded = found.setdefault(kind, [])
                    if index == len(worded):
                        worded.append({})
                    worded[index][language] = message
        kinds = set(found)
        if not kinds:
            break
    return found


def _intervention_changes(programme, start, end) -> list[dict]:
    rows = (
        InterventionChange.objects.filter(
            _in_period("changed_at", start, end), intervention__programme=programme
        )
        .order_by("changed_at", "pk")
        .values("intervention__kind", "changed_at", "status", "changed_fields")
    )
    return [
        {
            "kind": row["intervention__kind"],
            "on": _day(row["changed_at"]),
            "status": row["status"],
            "fields": list(row["changed_fields"] or []),
        }
        for row in rows
    ]


def _benefits(programme, start, end) -> list[dict]:
    benefits = (
        Benefit.objects.filter(initiative__programme=programme)
        .with_measurements()
        .order_by("initiative__title", "title", "pk")
    )
    rows = []
    for benefit in benefits:
        measurements = sorted(benefit.measurements.all(), key=lambda m: m.measured_on)
        rows.append(
            {
                "id": benefit.pk,
                "title": benefit.title,
                "initiative_id": benefit.initiative_id,
                "initiative": benefit.initiative.title,
                "measure": benefit.measure,
                "unit": benefit.unit,
                "baseline": str(benefit.baseline),
                "baseline_on": _iso(benefit.baseline_on),
                "target": str(benefit.target),
                "target_date": _iso(benefit.target_date),
                "track": benefit.track.value,
                # Key benefits get a chart in the report whatever their track.
                "key": benefit.key,
                "measurements": [
                    {
                        "on": _iso(m.measured_on),
                        "value": str(m.value),
                        "planned": str(
                            benefit.expected_on(m.measured_on).quantize(Decimal("0.01"))
                        ),
                    }
                    for m in measurements
                ],
                "in_period": sum(1 for m in measurements if start <= m.measured_on <= end),
            }
        )
    return rows


def _inclusion(organisation, start, end) -> dict:
    """Aggregates about employees, kept as directors see them: through the small-group
    rule, the same figures as the Inclusie pages show them. The POP coverage is that of
    the year the period ends in, as it stands now: a report on the last quarter, made in
    January, speaks of the year it is about, not of a year that has hardly begun."""
    settings_row = inclusion_settings(organisation)
    groups = SmallGroups(settings_row.min_group_size, exact=False)
    year = end.year

    coverage = organisation_coverage(organisation, year, groups)
    active = coverage.active.count
    # Each a whole the Inclusie pages split part by part: hidden where they have to hide it.
    shown = wholes(organisation, groups, active=active)

    actions = SkillsAction.objects.for_organisation(organisation).filter(
        status=ActionStatus.DONE, held_on__gte=start, held_on__lte=end
    )
    # People who work here, as the group they are counted in (and the HR report) has them.
    working = Q(employees__active=True)
    by_kind = {
        row["kind"]: row
        for row in actions.values("kind")
        .annotate(
            actions=Count("pk", distinct=True),
            people=Count("employees", filter=working, distinct=True),
        )
        .order_by()
    }
    reached = actions.aggregate(people=Count("employees", filter=working, distinct=True))["people"]

    return {
        "threshold": groups.threshold,
        "year": year,
        "employees": _kept(coverage.active),
        "pop_held": _kept(coverage.held),
        "pop_covered": _kept(coverage.covered),
        "pop_percentage": coverage.share.percentage,
        "pop_target": settings_row.pop_coverage_target,
        "skills_gaps": _kept(shown.gaps),
        "vulnerable_high": _kept(shown.high),
        "vulnerable_medium": _kept(shown.medium),
        "trajectories": {status: _kept(cell) for status, cell in shown.statuses.items()},
        "trajectories_total": _kept(shown.trajectories),
        # Every kind, those without any action too, and when none was done at all: a kind
        # left out (or "none were done") would say that it had none, where the rule shows a
        # zero as "<5".
        "actions": [
            {
                "kind": kind,
                "actions": _kept(groups.count(by_kind.get(kind, {}).get("actions", 0))),
                "people": _kept(groups.count(by_kind.get(kind, {}).get("people", 0), active)),
            }
            for kind in ActionKind.values
        ],
        "reached": _kept(groups.count(reached, active)),
    }


def _preparation(programme) -> dict:
    """Per initiative, whether its people are being prepared (inclusion.initiatives),
    kept as directors see it: shares as whole percentages, the mask where hidden, None where
    there is nobody to count."""
    groups = SmallGroups.of(programme.organisation, exact=False)
    today = timezone.localdate()
    initiatives = Initiative.objects.filter(programme=programme).order_by("title", "pk")
    rows = []
    for row in preparation(initiatives, today=today):
        shown = shown_preparation(groups, row)
        rows.append(
            {
                "id": row.initiative.pk,
                "title": row.initiative.title,
                "self_score": row.initiative.human_action_readiness,
                "asked": row.asked,
                "people": _kept(shown.people),
                "below_share": _kept_share(shown.below_share),
                "below_before_share": _kept_share(shown.below_before_share),
                "reached_share": _kept_share(shown.reached_share),
                "actions_done": _kept(shown.actions_done),
                "closing": shown.closing,
            }
        )
    return {"on": today.isoformat(), "then": looked_back_on(today).isoformat(), "rows": rows}


def _kept_share(share: Share) -> int | str | None:
    return MASK if share.hidden else share.percentage


def _kept(shown: Figure) -> int | str:
    """The count when it may be shown, else what is shown instead: "<5" or the mask."""
    return str(shown) if shown.hidden else shown.count


def _lessons(programme) -> list[dict]:
    history: dict[int, list[dict]] = defaultdict(list)
    for row in (
        LessonAssessment.objects.filter(programme=programme)
        .order_by("lesson", "-assessed_on", "-pk")
        .values("lesson", "score", "assessed_on", "notes")
    ):
        history[row["lesson"]].append(row)
    lessons = []
    for lesson in LESSONS:
        latest, earlier = (history[lesson.number] + [None, None])[:2]
        lessons.append(
            {
                "lesson": lesson.number,
                "score": latest["score"] if latest else None,
                "assessed_on": _iso(latest["assessed_on"]) if latest else None,
                "notes": latest["notes"] if latest else "",
                "previous_score": earlier["score"] if earlier else None,
            }
        )
    return lessons


def _evidence(programme, vision: dict, inclusion: dict) -> dict:
    """What the application's own data shows for each lesson, as ``evidence_for`` finds
    it for the lessons' pages: whether it supports the lesson, and its key figure as far
    as this report shows it. Counts and shares are kept as they are shown ("3", "40%",
    "<5", "—"); the figures that are dates or words as the dates they come from."""
    today = timezone.localdate()
    kept = {}
    # The POP coverage of the year this report shows, judged against the organisation's
    # target, which is kept to be said beside it.
    for key, item in evidence_for(programme, today=today, year=inclusion["year"]).items():
        kept[key] = {"met": item.met}
        if key not in SHOWN_BY_INCLUSION and key not in DATED_EVIDENCE:
            kept[key]["value"] = item.value
    if "pop_coverage" in kept:
        kept["pop_coverage"]["target"] = inclusion["pop_target"]
    approved = vision["approved"]
    dates = {
        "programme_age": {"start": _iso(programme.start_date), "on": today.isoformat()},
        "vision_approved": {"on": approved["approved_on"] if approved else None},
        "programme_without_end": {"end": _iso(programme.end_date)},
    }
    for key, facts in dates.items():
        if key in kept:
            kept[key] |= facts
    return kept


def _decisions(programme, start: datetime.date) -> dict:
    """The decision requests: those open now (asked of the directors), those decided since
    the period began (their outcomes), and the proposals from the data the programme
    manager has neither put forward nor dismissed. Who prepared or decided a request is
    kept by name: they are the programme's officials, not employees the report is about."""
    requests = (
        DecisionRequest.objects.filter(programme=programme)
        .filter(Q(outcome="") | Q(decided_on__gte=start))
        .select_related("initiative", "benefit", "prepared_by", "decided_by")
        .order_by(F("meeting_on").asc(nulls_last=True), "created_at", "pk")
    )
    asked, decided = [], []
    for request in requests:
        row = {
            "id": request.pk,
            "title": request.title,
            "question": request.question,
            "options": request.option_lines,
            "advice": request.advice,
            "initiative": request.initiative.title if request.initiative else "",
            "benefit": request.benefit.title if request.benefit else "",
            "meeting": request.meeting,
            "meeting_on": _iso(request.meeting_on),
            "prepared_by": _person(request.prepared_by),
        }
        if request.is_open:
            asked.append(row)
        else:
            decided.append(
                row
                | {
                    "outcome": request.outcome,
                    "decided_by": _person(request.decided_by),
                    "decided_on": _iso(request.decided_on),
                    "note": request.outcome_note,
                }
            )
    decided.sort(key=lambda row: (row["decided_on"] or "", row["id"]))
    return {
        "asked": asked,
        "decided": decided,
        # Kept as kind and subject, worded by the context in the report's language.
        "proposed": [
            {"source": p.source, "kind": p.kind, "subject": p.subject} for p in proposals(programme)
        ],
    }


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
