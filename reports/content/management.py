"""The management status report: what the directors read about one programme.

``snapshot`` collects the figures once, in a fixed number of queries however large
the programme is. Figures are the state at the moment the report is made; lists of
events (status changes, gate overrides, measurements, digital-skills actions) are
those of the report's period, both dates included. The snapshot keeps codes, ids
and numbers (and the titles of initiatives and benefits, which are data), so that
the next report can compare with it in any language; ``context`` turns them into
labels, charts and "what changed since the previous report".

Inclusion figures are aggregates only. A group smaller than the organisation's
threshold is kept, and shown, as "<5" (the threshold's own number), never as its
count, and a total that would give such a group away is hidden too (an en dash), as on
the functiemetamorfose pages. The snapshot itself never holds the small count.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from adoption.models import AdoptionTrack, Phase, PhaseMove, PhaseStatus
from inclusion.actions.queries import pop_coverage_total
from inclusion.figures import MASK, Figure
from inclusion.metamorphosis.evidence import evidence_for
from inclusion.metamorphosis.lessons import LESSONS
from inclusion.models import (
    ActionKind,
    ActionStatus,
    Employee,
    LessonAssessment,
    MobilityTrajectory,
    SkillsAction,
    TrajectoryStatus,
    Vulnerability,
    min_group_size,
)
from inclusion.skills.queries import gap_totals
from organisations.i18n import localised
from organisations.templatetags.figures import figure
from reports.content.common import Change, Section, base_context
from reports.content.common import label as _label
from reports.content.common import stored_date as _date
from reports.content.common import stored_decimal as _decimal
from transformation import charts
from transformation.models import (
    RAG,
    RAG_SEVERITY,
    Benefit,
    BenefitTrack,
    CodeterminationPhase,
    CodeterminationStep,
    Initiative,
    InitiativeStatusChange,
    Intervention,
    InterventionChange,
    InterventionKind,
    InterventionStatus,
    Outcome,
    Vision,
    VisionStatus,
)

logger = logging.getLogger(__name__)

template = "reports/pdf/management.html"
stylesheets = (Path(__file__).resolve().parent.parent / "pdf" / "management.css",)

# Raised when what the snapshot holds changes shape; older snapshots are read as far
# as they go, never trusted to have every key.
VERSION = 1

# Where co-determination stands for one initiative in one phase, before an outcome.
STAGE_REQUESTED = CodeterminationStep.ADVICE_REQUESTED
STAGE_DISCUSSION = CodeterminationStep.UNDER_DISCUSSION
STAGE_NOT_STARTED = CodeterminationStep.NOT_STARTED

# Lesson evidence that counts employees: shown only as safely as the other figures.
PEOPLE_SHARES = frozenset({"employees_in_scenarios", "own_development_actions"})
TENTH = Decimal("0.1")


# --- Snapshot: the figures, once ----------------------------------------------------------------


def snapshot(report) -> dict:
    """The report's figures as JSON-ready codes and numbers, in a fixed number of queries (26)."""
    programme = report.programme
    organisation = report.organisation
    start, end = report.period_start, report.period_end
    initiatives = _initiatives(programme)
    benefits = _benefits(programme, start, end)
    return {
        "version": VERSION,
        "made_at": timezone.now().isoformat(),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "programme": programme.pk,
        "vision": _visions(organisation, programme),
        "initiatives": initiatives,
        "status_counts": _tally((i["status"] for i in initiatives), RAG.values),
        "phase_counts": _tally(
            (str(i["adoption"]["phase"]) if i["adoption"] else "none" for i in initiatives),
            [*(str(p) for p in Phase.values), "none"],
        ),
        "status_changes": _status_changes(programme, start, end),
        "gate_overrides": _gate_overrides(programme, start, end),
        "interventions": _interventions(programme),
        "intervention_changes": _intervention_changes(programme, start, end),
        "benefits": benefits,
        "benefit_counts": _tally((b["track"] for b in benefits), BenefitTrack.values),
        "inclusion": _inclusion(organisation, start, end),
        "lessons": _lessons(programme),
    }


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
    """Moves past a gate (with phases not done) in the period, oldest first."""
    moves = (
        PhaseMove.objects.filter(
            _in_period("moved_at", start, end), track__initiative__programme=programme
        )
        .exclude(open_phases=[])
        .order_by("moved_at", "pk")
        .values(
            "track__initiative_id",
            "track__initiative__title",
            "moved_at",
            "from_phase",
            "to_phase",
            "open_phases",
            "override_reason",
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
        }
        for move in moves
    ]


def _interventions(programme) -> list[dict]:
    return [
        {
            "kind": row["kind"],
            "status": row["status"],
            "evidence": row["evidence"],
            "last_reviewed_on": _iso(row["last_reviewed_on"]),
        }
        for row in Intervention.objects.filter(programme=programme)
        .order_by("kind")
        .values("kind", "status", "evidence", "last_reviewed_on")
    ]


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
    """Aggregates about employees, each kept only as safely as the report shows it."""
    threshold = min_group_size(organisation)
    year = timezone.localdate().year

    def figure_of(count: int | None) -> Figure:
        # Directors never see individuals: never exact.
        return Figure(count or 0, threshold, exact=False)

    coverage = pop_coverage_total(organisation, year)
    people = Employee.objects.for_organisation(organisation).aggregate(
        high=Count("pk", filter=Q(active=True, job__vulnerability=Vulnerability.HIGH)),
        medium=Count("pk", filter=Q(active=True, job__vulnerability=Vulnerability.MEDIUM)),
    )
    gaps = sum(gap_totals(organisation).values())

    by_status = dict(
        MobilityTrajectory.objects.for_organisation(organisation)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    statuses = {status: figure_of(by_status.get(status, 0)) for status in TrajectoryStatus.values}
    total = figure_of(sum(by_status.values()))
    if any(cell.hidden for cell in statuses.values()):
        # With the other cells, the total would give the hidden one away.
        total = total.masking()

    actions = SkillsAction.objects.for_organisation(organisation).filter(
        status=ActionStatus.DONE, held_on__gte=start, held_on__lte=end
    )
    by_kind = {
        row["kind"]: row
        for row in actions.values("kind")
        .annotate(actions=Count("pk", distinct=True), people=Count("employees", distinct=True))
        .order_by()
    }
    reached = actions.aggregate(people=Count("employees", distinct=True))["people"]

    covered, active = figure_of(coverage.covered), figure_of(coverage.active)
    return {
        "threshold": threshold,
        "year": year,
        "employees": _kept(active),
        "pop_held": _kept(figure_of(coverage.held)),
        "pop_covered": _kept(covered),
        # A percentage of a small group would give the small number away.
        "pop_percentage": None if covered.hidden or active.hidden else coverage.percentage,
        "skills_gaps": _kept(figure_of(gaps)),
        "vulnerable_high": _kept(figure_of(people["high"])),
        "vulnerable_medium": _kept(figure_of(people["medium"])),
        "trajectories": {status: _kept(cell) for status, cell in statuses.items()},
        "trajectories_total": _kept(total),
        "actions": [
            {
                "kind": kind,
                "actions": _kept(figure_of(by_kind[kind]["actions"])),
                "people": _kept(figure_of(by_kind[kind]["people"])),
            }
            for kind in ActionKind.values
            if kind in by_kind
        ],
        "reached": _kept(figure_of(reached)),
    }


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


# --- Reading a snapshot, which may be older than this code ---------------------------------------


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _phase_label(number) -> str:
    if number in (None, "none"):
        return _("no adoption track")
    try:
        number = int(number)
    except (TypeError, ValueError):
        return str(number)
    return _("Phase %(number)s: %(phase)s") % {"number": number, "phase": _label(Phase, number)}


def _stage_label(code) -> str:
    return CodeterminationStep.stage_label(code)


def _count(value) -> str:
    """An inclusion figure as kept in the snapshot: a number, or "<5" or the mask as they are."""
    if isinstance(value, bool) or value is None:
        return "—"
    if isinstance(value, int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def _amount(value, unit: str) -> str:
    """A measured value with its unit, as the charts write it."""
    number = _decimal(value)
    if number is None:
        return "—"
    text = figure(number)
    if not unit:
        return text
    return f"{text}{'' if unit == '%' else ' '}{unit}"


def _day_text(day: datetime.date | None) -> str:
    return formats.date_format(day, "j M Y") if day else "—"


RAG_MARK = {RAG.GREEN: "green", RAG.AMBER: "amber", RAG.RED: "red"}
TRACK_MARK = {
    BenefitTrack.ACHIEVED: "green",
    BenefitTrack.ON_TRACK: "green",
    BenefitTrack.OFF_TRACK: "red",
    BenefitTrack.NOT_MEASURED: "none",
}
INTERVENTION_MARK = {
    InterventionStatus.ANCHORED: "green",
    InterventionStatus.IN_PROGRESS: "amber",
    InterventionStatus.NOT_STARTED: "none",
}
STAGE_MARK = {
    Outcome.POSITIVE: "green",
    Outcome.NOT_REQUIRED: "green",
    Outcome.CONDITIONS: "amber",
    Outcome.NEGATIVE: "red",
    STAGE_REQUESTED: "amber",
    STAGE_DISCUSSION: "amber",
    STAGE_NOT_STARTED: "none",
}


# --- Context: labels, charts and what changed ---------------------------------------------------


def context(report, snapshot: dict, previous) -> dict:
    snap = _dict(snapshot)
    start, end = report.period_start, report.period_end
    initiatives = _initiative_rows(snap)
    benefits = _benefit_rows(snap)
    inclusion = _inclusion_view(_dict(snap.get("inclusion")))
    before = _dict(getattr(previous, "snapshot", None)) if previous is not None else {}
    changes = _changes(before, snap) if before else []
    decisions_asked = report.decision_lines()
    decisions_found = _decisions_from_figures(snap, initiatives)
    sections = [
        Section("summary", _("Summary")),
        Section("initiatives", _("Initiatives")),
        Section("adoption", _("Adoption")),
        Section("interventions", _("The five interventions")),
        Section("codetermination", _("Co-determination")),
        Section("benefits", _("Benefits")),
        Section("inclusion", _("Digital inclusion")),
        Section("lessons", _("The nine lessons")),
        Section("decisions", _("Decisions asked of the directors")),
    ]
    result = base_context(report, previous, sections=sections, changes=changes)
    result |= {
        "number": {section.anchor: index for index, section in enumerate(sections, start=1)},
        "period_start": start,
        "period_end": end,
        # Only when the previous report kept figures this version can read.
        "comparable": bool(before) and any(key in before for key in COMPARED_KEYS),
        "vision": _vision_view(_dict(snap.get("vision"))),
        "status_counts": _status_tiles(_dict(snap.get("status_counts"))),
        "initiatives": initiatives,
        "red": [row for row in initiatives if row["status"] == RAG.RED],
        "phases": _phase_rows(_dict(snap.get("phase_counts")), len(initiatives)),
        "tracks": [row for row in initiatives if row["adoption"]],
        "status_changes": _status_change_rows(snap),
        "gate_overrides": _override_rows(snap),
        "interventions": _intervention_rows(snap),
        "intervention_counts": _intervention_counts(snap),
        "intervention_changes": _intervention_change_rows(snap),
        "codetermination_phases": [phase.label for phase in CodeterminationPhase],
        "codetermination_counts": _stage_counts(initiatives),
        "codetermination_events": _codetermination_events(initiatives, start, end),
        "benefits": benefits,
        "benefit_counts": _benefit_tiles(_dict(snap.get("benefit_counts"))),
        "charted": [b for b in benefits if b["measurements"]],
        "inclusion": inclusion,
        "lessons": _lesson_rows(report, snap, inclusion),
        "decisions_asked": decisions_asked,
        "decisions_found": decisions_found,
        "decision_count": len(decisions_asked) + len(decisions_found),
    }
    result["highlights"] = _highlights(result)
    return result


def _vision_view(vision: dict) -> dict:
    approved = _dict(vision.get("approved")) or None
    own = _dict(vision.get("programme")) or None
    return {
        "approved": approved and {**approved, "approved_on": _date(approved.get("approved_on"))},
        "consultation": _list(vision.get("consultation")),
        # The programme follows another version than the approved one: worth saying.
        "programme": own if own and (not approved or own.get("id") != approved.get("id")) else None,
        "programme_status": _label(VisionStatus, own.get("status")) if own else "",
    }


def _status_tiles(counts: dict) -> list[dict]:
    return [
        {
            "code": code,
            "label": capfirst(_label(RAG, code)),
            "count": counts.get(code, 0),
            "mark": RAG_MARK[code],
        }
        for code in RAG.values
    ]


def _initiative_rows(snap: dict) -> list[dict]:
    rows = []
    for item in _list(snap.get("initiatives")):
        adoption = _dict(item.get("adoption")) or None
        status = item.get("status")
        steps = _dict(item.get("codetermination"))
        rows.append(
            {
                "id": item.get("id"),
                "title": item.get("title", ""),
                "status": status,
                "status_label": capfirst(_label(RAG, status)),
                "mark": RAG_MARK.get(status, "none"),
                "reason": item.get("reason", ""),
                "owner": item.get("owner", ""),
                "units": ", ".join(item.get("units") or []),
                "adoption": adoption
                and {
                    **adoption,
                    "phase_label": _label(Phase, adoption.get("phase")),
                    "phase_status_label": _label(PhaseStatus, adoption.get("phase_status")),
                    "champions": _list_pair(adoption.get("champion_units")),
                },
                "codetermination": [
                    _step_view(_dict(steps.get(phase)), phase)
                    for phase in CodeterminationPhase.values
                ],
            }
        )
    return sorted(rows, key=lambda r: (RAG_SEVERITY.get(r["status"], 3), r["title"].lower()))


def _list_pair(value) -> tuple[int, int] | None:
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return value[0], value[1]
    return None


def _step_view(step: dict, phase: str) -> dict:
    stage = step.get("stage") or STAGE_NOT_STARTED
    return {
        "phase": phase,
        "phase_label": _label(CodeterminationPhase, phase),
        "stage": stage,
        "label": capfirst(_stage_label(stage)),
        "mark": STAGE_MARK.get(stage, "none"),
        "body": step.get("body", ""),
        "requested_on": _date(step.get("requested_on")),
        "given_on": _date(step.get("given_on")),
    }


def _phase_rows(counts: dict, total: int) -> list[dict]:
    rows = []
    for key in [*(str(p) for p in Phase.values), "none"]:
        count = counts.get(key, 0) if isinstance(counts.get(key, 0), int) else 0
        rows.append(
            {
                "number": key if key != "none" else "",
                "label": _label(Phase, int(key)) if key != "none" else _("No adoption track"),
                "count": count,
                "width": round(100 * count / total) if total else 0,
            }
        )
    return rows


def _status_change_rows(snap: dict) -> list[dict]:
    return [
        {
            "on": _date(item.get("on")),
            "initiative": item.get("initiative", ""),
            "from": _label(RAG, item.get("from")),
            "to": _label(RAG, item.get("to")),
            "to_mark": RAG_MARK.get(item.get("to"), "none"),
            "reason": item.get("reason", ""),
        }
        for item in _list(snap.get("status_changes"))
    ]


def _override_rows(snap: dict) -> list[dict]:
    return [
        {
            "on": _date(item.get("on")),
            "initiative": item.get("initiative", ""),
            "to": _phase_label(item.get("to")),
            "open": ", ".join(_label(Phase, number) for number in item.get("open") or []),
            "reason": item.get("reason", ""),
        }
        for item in _list(snap.get("gate_overrides"))
    ]


def _intervention_rows(snap: dict) -> list[dict]:
    return [
        {
            "number": item.get("kind"),
            "label": _label(InterventionKind, item.get("kind")),
            "status": item.get("status"),
            "status_label": capfirst(_label(InterventionStatus, item.get("status"))),
            "mark": INTERVENTION_MARK.get(item.get("status"), "none"),
            "evidence": item.get("evidence", ""),
            "last_reviewed_on": _date(item.get("last_reviewed_on")),
        }
        for item in _list(snap.get("interventions"))
    ]


def _intervention_counts(snap: dict) -> list[dict]:
    statuses = [item.get("status") for item in _list(snap.get("interventions"))]
    return [
        {
            "label": _label(InterventionStatus, code),
            "count": statuses.count(code),
            "mark": INTERVENTION_MARK[code],
        }
        for code in (
            InterventionStatus.ANCHORED,
            InterventionStatus.IN_PROGRESS,
            InterventionStatus.NOT_STARTED,
        )
    ]


def _field_label(name: str) -> str:
    try:
        return str(Intervention._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _intervention_change_rows(snap: dict) -> list[dict]:
    return [
        {
            "on": _date(item.get("on")),
            "number": item.get("kind"),
            "label": _label(InterventionKind, item.get("kind")),
            "status_label": _label(InterventionStatus, item.get("status")),
            "mark": INTERVENTION_MARK.get(item.get("status"), "none"),
            "fields": ", ".join(_field_label(name) for name in item.get("fields") or []),
        }
        for item in _list(snap.get("intervention_changes"))
    ]


def _stage_counts(initiatives: list[dict]) -> list[dict]:
    stages = [step["stage"] for row in initiatives for step in row["codetermination"]]
    order = [
        Outcome.NEGATIVE,
        STAGE_REQUESTED,
        STAGE_DISCUSSION,
        Outcome.CONDITIONS,
        Outcome.POSITIVE,
        Outcome.NOT_REQUIRED,
        STAGE_NOT_STARTED,
    ]
    return [
        {"label": _stage_label(code), "count": stages.count(code), "mark": STAGE_MARK[code]}
        for code in order
        if stages.count(code)
    ]


def _codetermination_events(initiatives: list[dict], start, end) -> list[dict]:
    events = []
    for row in initiatives:
        for step in row["codetermination"]:
            if step["requested_on"] and start <= step["requested_on"] <= end:
                events.append(
                    {
                        "on": step["requested_on"],
                        "initiative": row["title"],
                        "phase": step["phase_label"],
                        "what": _("Advice requested"),
                        "mark": "amber",
                        "body": step["body"],
                    }
                )
            if step["given_on"] and start <= step["given_on"] <= end:
                events.append(
                    {
                        "on": step["given_on"],
                        "initiative": row["title"],
                        "phase": step["phase_label"],
                        "what": _("Advice given: %(outcome)s") % {"outcome": step["label"].lower()},
                        "mark": step["mark"],
                        "body": step["body"],
                    }
                )
    return sorted(events, key=lambda e: (e["on"], e["initiative"].lower()))


def _benefit_rows(snap: dict) -> list[dict]:
    rows = []
    for item in _list(snap.get("benefits")):
        unit = item.get("unit", "")
        baseline, target = _decimal(item.get("baseline")), _decimal(item.get("target"))
        baseline_on, target_date = _date(item.get("baseline_on")), _date(item.get("target_date"))
        measurements = [
            {
                "on": _date(m.get("on")),
                "value": _decimal(m.get("value")),
                "planned": _decimal(m.get("planned")),
            }
            for m in _list(item.get("measurements"))
        ]
        measurements = [m for m in measurements if m["on"] and m["value"] is not None]
        latest = measurements[-1] if measurements else None
        track = item.get("track")
        row = {
            "id": item.get("id"),
            "title": item.get("title", ""),
            "initiative": item.get("initiative", ""),
            "measure": item.get("measure", ""),
            "unit": unit,
            "baseline": _amount(baseline, unit),
            "baseline_on": baseline_on,
            "target": _amount(target, unit),
            "target_date": target_date,
            "latest": _amount(latest["value"], unit) if latest else "",
            "latest_on": latest["on"] if latest else None,
            "track": track,
            "track_label": capfirst(_label(BenefitTrack, track)),
            "mark": TRACK_MARK.get(track, "none"),
            "in_period": item.get("in_period") if isinstance(item.get("in_period"), int) else 0,
            "measurements": [
                {
                    "on": m["on"],
                    "value": _amount(m["value"], ""),
                    "planned": _amount(m["planned"], ""),
                }
                for m in measurements
            ],
            "baseline_value": _amount(baseline, ""),
            "target_value": _amount(target, ""),
        }
        if measurements and None not in (baseline, target, baseline_on, target_date):
            row["chart"] = _chart(item, baseline, baseline_on, target, target_date, measurements)
        else:
            row["measurements"] = []
        rows.append(row)
    order = {
        BenefitTrack.OFF_TRACK: 0,
        BenefitTrack.ON_TRACK: 1,
        BenefitTrack.ACHIEVED: 2,
        BenefitTrack.NOT_MEASURED: 3,
    }
    return sorted(rows, key=lambda r: (order.get(r["track"], 4), r["title"].lower()))


def _chart(item: dict, baseline, baseline_on, target, target_date, measurements) -> str:
    """The benefit's chart as its web page draws it: measured values against the plan."""
    return charts.benefit_chart(
        title=item.get("title", ""),
        unit=item.get("unit", ""),
        id_prefix=f"benefit-{item.get('id')}",
        baseline_on=baseline_on,
        baseline=baseline,
        target_date=target_date,
        target=target,
        measurements=[charts.Point(m["on"], m["value"]) for m in measurements],
        # Narrower than on the web: beside its table, the labels keep a readable size.
        width=440,
        height=230,
    )


def _benefit_tiles(counts: dict) -> list[dict]:
    return [
        {
            "code": code,
            "label": capfirst(_label(BenefitTrack, code)),
            "count": counts.get(code, 0) if isinstance(counts.get(code, 0), int) else 0,
            "mark": TRACK_MARK[code],
        }
        for code in (
            BenefitTrack.OFF_TRACK,
            BenefitTrack.ON_TRACK,
            BenefitTrack.ACHIEVED,
            BenefitTrack.NOT_MEASURED,
        )
    ]


def _inclusion_view(data: dict) -> dict:
    threshold = data.get("threshold") if isinstance(data.get("threshold"), int) else 5
    trajectories = _dict(data.get("trajectories"))
    return {
        "threshold": threshold,
        "year": data.get("year"),
        "employees": _count(data.get("employees")),
        "employees_number": data.get("employees"),
        "pop_held": _count(data.get("pop_held")),
        "pop_covered": _count(data.get("pop_covered")),
        "pop_percentage": data.get("pop_percentage"),
        "skills_gaps": _count(data.get("skills_gaps")),
        "vulnerable_high": _count(data.get("vulnerable_high")),
        "vulnerable_medium": _count(data.get("vulnerable_medium")),
        "trajectories": [
            {"label": capfirst(_label(TrajectoryStatus, code)), "count": _count(value)}
            for code, value in trajectories.items()
        ],
        "trajectories_total": _count(data.get("trajectories_total")),
        "actions": [
            {
                "label": capfirst(_label(ActionKind, item.get("kind"))),
                "actions": _count(item.get("actions")),
                "people": _count(item.get("people")),
            }
            for item in _list(data.get("actions"))
        ],
        "reached": _count(data.get("reached")),
    }


def _lesson_rows(report, snap: dict, inclusion: dict) -> list[dict]:
    evidence = evidence_for(report.programme) if report.programme else {}
    assessed = {item.get("lesson"): item for item in _list(snap.get("lessons"))}
    rows = []
    for lesson in LESSONS:
        item = assessed.get(lesson.number, {})
        found = evidence.get(lesson.evidence)
        score = item.get("score") if isinstance(item.get("score"), int) else None
        rows.append(
            {
                "number": lesson.number,
                "title": localised(lesson.title.nl, lesson.title.en),
                "score": score,
                "width": score * 20 if score else 0,
                "previous_score": item.get("previous_score"),
                "assessed_on": _date(item.get("assessed_on")),
                "notes": item.get("notes", ""),
                "evidence": _evidence_value(lesson.evidence, found, inclusion) if found else "",
                "met": found.met if found else None,
            }
        )
    return rows


def _evidence_value(key: str, evidence, inclusion: dict) -> str:
    """The evidence's key figure, never finer than the inclusion figures: a share of a
    group smaller than the threshold is not shown."""
    threshold = inclusion["threshold"]
    hidden = _("fewer than %(threshold)s employees") % {"threshold": threshold}
    if key == "pop_coverage":
        percentage = inclusion["pop_percentage"]
        return f"{percentage}%" if isinstance(percentage, int) else hidden
    if key == "mobility_trajectories":
        total = inclusion["trajectories_total"]
        if total == MASK:
            return _("not shown: with the figures by status it would give a small group away")
        return total
    if key in PEOPLE_SHARES:
        whole = inclusion["employees_number"]
        try:
            share = int(evidence.value.rstrip("%"))
        except ValueError:
            return evidence.value  # "—": the share is not shown at all
        if not isinstance(whole, int):
            return hidden
        # The share is rounded to a whole percent: hide it when the smallest group it
        # could stand for is below the threshold.
        if (share - 0.5) * whole / 100 < threshold:
            return hidden
    return evidence.value


def _decisions_from_figures(snap: dict, initiatives: list[dict]) -> list[dict]:
    """What the figures themselves put before the directors, each with its reason."""
    decisions = []
    vision = _dict(snap.get("vision"))
    for version in _list(vision.get("consultation")):
        decisions.append(
            {
                "text": _(
                    "Approve version %(number)s of the information vision, “%(title)s”, "
                    "or send it back with your comments."
                )
                % {"number": version.get("number"), "title": version.get("title", "")},
                "why": _(
                    "It is in consultation and waits for the directors. Their visible "
                    "commitment to the vision is itself a success factor (lesson 2)."
                ),
            }
        )
    if "vision" in snap and not vision.get("approved") and not _list(vision.get("consultation")):
        decisions.append(
            {
                "text": _("Ask for an information vision to approve."),
                "why": _(
                    "There is no approved information vision: the programme has no agreed "
                    "course to put into practice."
                ),
            }
        )
    for row in initiatives:
        if row["status"] == RAG.RED:
            decisions.append(
                {
                    "text": _("Decide how %(initiative)s goes on.") % {"initiative": row["title"]},
                    "why": _("The initiative is on red: %(reason)s")
                    % {"reason": row["reason"] or "—"},
                }
            )
    for move in _override_rows(snap):
        decisions.append(
            {
                "text": _(
                    "Confirm, or reverse, that %(initiative)s went on to %(phase)s before "
                    "these phases were done: %(open)s."
                )
                % {"initiative": move["initiative"], "phase": move["to"], "open": move["open"]},
                "why": _(
                    "Gate override of %(date)s, because: %(reason)s. Training before the "
                    "earlier phases is the classic pitfall of “install – explain – done?”."  # noqa: RUF001
                )
                % {"date": _day_text(move["on"]), "reason": _clause(move["reason"])},
            }
        )
    for row in initiatives:
        for step in row["codetermination"]:
            if step["stage"] == Outcome.NEGATIVE:
                decisions.append(
                    {
                        "text": _(
                            "Decide on the negative advice of %(body)s on %(initiative)s "
                            "(%(phase)s phase)."
                        )
                        % {
                            "body": step["body"] or _("the works council"),
                            "initiative": row["title"],
                            "phase": step["phase_label"],
                        },
                        "why": _(
                            "Going on against the advice needs a reasoned decision by the "
                            "directors, and the works council has to hear it first."
                        ),
                    }
                )
    return decisions


def _clause(text: str) -> str:
    """Free text set inside a sentence of our own, without its own closing full stop."""
    return text.strip().rstrip(".").strip() or "—"


def _highlights(result: dict) -> list[str]:
    """The summary in a few sentences, each built from the figures."""
    lines = []
    initiatives = result["initiatives"]
    counts = {tile["code"]: tile["count"] for tile in result["status_counts"]}
    lines.append(
        ngettext(
            "%(count)s initiative: %(green)s green, %(amber)s amber, %(red)s red.",
            "%(count)s initiatives: %(green)s green, %(amber)s amber, %(red)s red.",
            len(initiatives),
        )
        % {
            "count": len(initiatives),
            "green": counts.get(RAG.GREEN, 0),
            "amber": counts.get(RAG.AMBER, 0),
            "red": counts.get(RAG.RED, 0),
        }
    )
    if result["red"]:
        lines.append(
            _("On red: %(initiatives)s.")
            % {"initiatives": ", ".join(row["title"] for row in result["red"])}
        )
    overrides = len(result["gate_overrides"])
    lines.append(
        ngettext(
            "%(count)s gate override in this period.",
            "%(count)s gate overrides in this period.",
            overrides,
        )
        % {"count": overrides}
        if overrides
        else _("No gate overrides in this period.")
    )
    tracks = {tile["code"]: tile["count"] for tile in result["benefit_counts"]}
    measured = sum(tracks.values()) - tracks.get(BenefitTrack.NOT_MEASURED, 0)
    if measured:
        lines.append(
            _(
                "Benefits measured: %(measured)s; on track or target reached: %(good)s; "
                "off track: %(off)s."
            )
            % {
                "measured": measured,
                "good": tracks.get(BenefitTrack.ON_TRACK, 0) + tracks.get(BenefitTrack.ACHIEVED, 0),
                "off": tracks.get(BenefitTrack.OFF_TRACK, 0),
            }
        )
    anchored = next((c["count"] for c in result["intervention_counts"] if c["mark"] == "green"), 0)
    lines.append(
        ngettext(
            "%(anchored)s of the five interventions is anchored.",
            "%(anchored)s of the five interventions are anchored.",
            anchored,
        )
        % {"anchored": anchored}
    )
    inclusion = result["inclusion"]
    if isinstance(inclusion["pop_percentage"], int):
        lines.append(
            _("Digital skills came up in %(percentage)s%% of this year's POP-gesprekken.")
            % {"percentage": inclusion["pop_percentage"]}
        )
    return lines


# --- What changed since the previous report -----------------------------------------------------

COMPARED_KEYS = (
    "status_counts",
    "initiatives",
    "benefits",
    "interventions",
    "inclusion",
    "lessons",
    "vision",
)


def _changes(before: dict, now: dict) -> list[Change]:
    """Each comparison reads the previous snapshot as far as it has the figures; one that
    cannot is left out, never the report."""
    changes: list[Change] = []
    comparisons: list[Callable[[dict, dict], list[Change]]] = [
        _compare_vision,
        _compare_status_counts,
        _compare_initiatives,
        _compare_interventions,
        _compare_benefits,
        _compare_inclusion,
        _compare_lessons,
    ]
    for compare in comparisons:
        try:
            changes.extend(compare(before, now))
        except (AttributeError, KeyError, TypeError, ValueError):
            logger.warning("Could not compare %s with the previous report", compare.__name__)
    return changes


def _compare_vision(before: dict, now: dict) -> list[Change]:
    if "vision" not in before:
        return []

    def approved(snap: dict) -> str:
        version = _dict(_dict(snap.get("vision")).get("approved"))
        if not version:
            return _("none")
        return _("version %(number)s") % {"number": version.get("number")}

    then, current = approved(before), approved(now)
    return [Change(_("Approved information vision"), then, current)] if then != current else []


def _compare_status_counts(before: dict, now: dict) -> list[Change]:
    then, current = _dict(before.get("status_counts")), _dict(now.get("status_counts"))
    if not then:
        return []
    return [
        Change(
            _("Initiatives on %(status)s") % {"status": _label(RAG, code)},
            str(then.get(code, 0)),
            str(current.get(code, 0)),
        )
        for code in RAG.values
        if then.get(code, 0) != current.get(code, 0)
    ]


def _by_id(items: list, key: str = "id") -> dict:
    return {item[key]: item for item in _list(items) if item.get(key) is not None}


def _compare_initiatives(before: dict, now: dict) -> list[Change]:
    if not isinstance(before.get("initiatives"), list):
        return []
    then, current = _by_id(before["initiatives"]), _by_id(now.get("initiatives"))
    changes = []
    for pk, item in current.items():
        title = item.get("title", "")
        old = then.get(pk)
        if old is None:
            changes.append(
                Change(
                    title, "", _("new, %(status)s") % {"status": _label(RAG, item.get("status"))}
                )
            )
            continue
        if old.get("status") != item.get("status"):
            changes.append(
                Change(
                    _("%(initiative)s: status") % {"initiative": title},
                    _label(RAG, old.get("status")),
                    _label(RAG, item.get("status")),
                )
            )
        if "adoption" in old:
            old_phase = _dict(old.get("adoption")).get("phase")
            new_phase = _dict(item.get("adoption")).get("phase")
            if old_phase != new_phase:
                changes.append(
                    Change(
                        _("%(initiative)s: adoption phase") % {"initiative": title},
                        _phase_label(old_phase),
                        _phase_label(new_phase),
                    )
                )
        if "codetermination" in old:
            old_steps = _dict(old.get("codetermination"))
            new_steps = _dict(item.get("codetermination"))
            for phase in CodeterminationPhase.values:
                old_stage = _dict(old_steps.get(phase)).get("stage") or STAGE_NOT_STARTED
                new_stage = _dict(new_steps.get(phase)).get("stage") or STAGE_NOT_STARTED
                if old_stage != new_stage:
                    changes.append(
                        Change(
                            _("%(initiative)s: co-determination, %(phase)s phase")
                            % {
                                "initiative": title,
                                "phase": _label(CodeterminationPhase, phase),
                            },
                            _stage_label(old_stage),
                            _stage_label(new_stage),
                        )
                    )
    for pk, old in then.items():
        if pk not in current:
            changes.append(
                Change(
                    old.get("title", ""),
                    _label(RAG, old.get("status")),
                    _("no longer in the programme"),
                )
            )
    return changes


def _compare_interventions(before: dict, now: dict) -> list[Change]:
    if not isinstance(before.get("interventions"), list):
        return []
    then = _by_id(before["interventions"], "kind")
    changes = []
    for kind, item in _by_id(now.get("interventions"), "kind").items():
        old = then.get(kind)
        if old is not None and old.get("status") != item.get("status"):
            changes.append(
                Change(
                    _("Intervention %(number)s: %(intervention)s")
                    % {"number": kind, "intervention": _label(InterventionKind, kind)},
                    _label(InterventionStatus, old.get("status")),
                    _label(InterventionStatus, item.get("status")),
                )
            )
    return changes


def _compare_benefits(before: dict, now: dict) -> list[Change]:
    changes = []
    then_counts, counts = _dict(before.get("benefit_counts")), _dict(now.get("benefit_counts"))
    if then_counts and then_counts.get(BenefitTrack.OFF_TRACK, 0) != counts.get(
        BenefitTrack.OFF_TRACK, 0
    ):
        changes.append(
            Change(
                _("Benefits off track"),
                str(then_counts.get(BenefitTrack.OFF_TRACK, 0)),
                str(counts.get(BenefitTrack.OFF_TRACK, 0)),
            )
        )
    if not isinstance(before.get("benefits"), list):
        return changes
    then = _by_id(before["benefits"])
    for pk, item in _by_id(now.get("benefits")).items():
        old = then.get(pk)
        title = item.get("title", "")
        if old is None:
            changes.append(
                Change(
                    title,
                    "",
                    _("new benefit, %(track)s")
                    % {"track": _label(BenefitTrack, item.get("track"))},
                )
            )
        elif old.get("track") != item.get("track"):
            changes.append(
                Change(
                    _("%(benefit)s: progress") % {"benefit": title},
                    _label(BenefitTrack, old.get("track")),
                    _label(BenefitTrack, item.get("track")),
                )
            )
    return changes


def _compare_inclusion(before: dict, now: dict) -> list[Change]:
    then, current = _dict(before.get("inclusion")), _dict(now.get("inclusion"))
    if not then:
        return []
    threshold = current.get("threshold")
    figures = [
        ("employees", _("Employees who work here")),
        ("skills_gaps", _("Employees with a skills gap")),
        ("vulnerable_high", _("Employees in jobs with high vulnerability")),
        ("vulnerable_medium", _("Employees in jobs with medium vulnerability")),
        ("trajectories_total", _("Mobility trajectories")),
    ]
    if then.get("year") == current.get("year"):
        # Coverage starts again every year: only the same year compares.
        figures.insert(
            1,
            (
                "pop_covered",
                _("POP-gesprekken in %(year)s that covered digital skills")
                % {"year": current.get("year")},
            ),
        )
    changes = []
    for key, label in figures:
        if key not in then:
            continue
        old, new = then.get(key), current.get(key)
        if then.get("threshold") != threshold and not (
            isinstance(old, int) and isinstance(new, int)
        ):
            continue  # hidden under another threshold: not the same figure
        if _count(old) != _count(new):
            changes.append(Change(label, _count(old), _count(new)))
    return changes


def _compare_lessons(before: dict, now: dict) -> list[Change]:
    if not isinstance(before.get("lessons"), list):
        return []
    then = _by_id(before["lessons"], "lesson")
    titles = {lesson.number: localised(lesson.title.nl, lesson.title.en) for lesson in LESSONS}
    changes = []
    for number, item in _by_id(now.get("lessons"), "lesson").items():
        old = then.get(number)
        if old is not None and old.get("score") != item.get("score"):
            changes.append(
                Change(
                    _("Lesson %(number)s, %(lesson)s: self-assessment")
                    % {"number": number, "lesson": titles.get(number, "")},
                    _score(old.get("score")),
                    _score(item.get("score")),
                )
            )
    return changes


def _score(score) -> str:
    if not isinstance(score, int):
        return _("not assessed")
    return _("%(score)s of 5") % {"score": score}
