"""The management report's context: what the template shows, made from the snapshot
alone (and the previous report's, for "what changed").

Nothing here reads the database. The codes and numbers the snapshot kept become
labels, marks, rows and charts in the language the report is made in; a snapshot
that lacks a part, or keeps it in an older shape, shows that part empty rather than
failing the report.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from adoption.models import Phase, PhaseStatus
from inclusion.figures import MASK
from inclusion.metamorphosis.lessons import LESSONS
from inclusion.models import ActionKind, TrajectoryStatus
from organisations.badges import Colour
from organisations.i18n import localised
from organisations.numbers import percentage
from organisations.templatetags.figures import figure
from reports.content.common import (
    Section,
    as_dict,
    as_list,
    base_context,
    label,
    stored_date,
    stored_decimal,
)
from reports.content.management.changes import COMPARED_KEYS, changes
from reports.content.management.highlights import highlights
from reports.content.management.labels import (
    STAGE_DISCUSSION,
    STAGE_NOT_STARTED,
    STAGE_REQUESTED,
    count_text,
    evidence_text,
    phase_label,
    stage_label,
)
from reports.content.management.opening import decisions, key_figures
from reports.content.management.snapshot import PEOPLE_SHARES
from transformation import charts
from transformation.models import (
    RAG,
    RAG_SEVERITY,
    BenefitTrack,
    CodeterminationPhase,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Outcome,
    VisionStatus,
)

# The PDF marks a value green, amber or red as its badge on the pages is; grey is no mark.
MARKED = {Colour.GREEN, Colour.AMBER, Colour.RED}


def _mark(choices, value) -> str:
    """The mark of a stored value of a Coloured choices class ("none" when unknown)."""
    try:
        colour = choices(value).colour
    except ValueError:
        return "none"
    return str(colour) if colour in MARKED else "none"


STAGE_MARK = {
    Outcome.POSITIVE: "green",
    Outcome.NOT_REQUIRED: "green",
    Outcome.CONDITIONS: "amber",
    Outcome.NEGATIVE: "red",
    STAGE_REQUESTED: "amber",
    STAGE_DISCUSSION: "amber",
    STAGE_NOT_STARTED: "none",
}


def sections() -> list[Section]:
    return [
        Section("opening", _("On one page")),
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


def context(report, snapshot: dict, previous, *, names: Mapping[int, str] | None = None) -> dict:
    """The template's context. `previous` is the last finished report of the kind (or
    None); `names` is unused: this report names nobody."""
    snap = as_dict(snapshot)
    start, end = report.period_start, report.period_end
    initiatives = _initiative_rows(snap)
    overrides = _override_rows(snap)
    benefits = _benefit_rows(snap)
    inclusion = _inclusion_view(as_dict(snap.get("inclusion")))
    before = as_dict(getattr(previous, "snapshot", None)) if previous is not None else {}
    chapters = sections()
    result = base_context(report, previous, sections=chapters, changes=changes(snap, before))
    result |= {
        "annex": bool(getattr(report, "annex", False)),
        "number": {section.anchor: index for index, section in enumerate(chapters, start=1)},
        "period_start": start,
        "period_end": end,
        # Only when the previous report kept figures this version can read.
        "comparable": bool(before) and any(key in before for key in COMPARED_KEYS),
        "vision": _vision_view(as_dict(snap.get("vision"))),
        "status_counts": _status_tiles(as_dict(snap.get("status_counts"))),
        "initiatives": initiatives,
        "red": [row for row in initiatives if row["status"] == RAG.RED],
        "phases": _phase_rows(as_dict(snap.get("phase_counts")), len(initiatives)),
        "tracks": [row for row in initiatives if row["adoption"]],
        "status_changes": _status_change_rows(snap),
        "gate_overrides": overrides,
        "interventions": _intervention_rows(snap),
        "intervention_counts": _intervention_counts(snap),
        "intervention_changes": _intervention_change_rows(snap),
        "codetermination_phases": [phase.label for phase in CodeterminationPhase],
        "codetermination_counts": _stage_counts(initiatives),
        "codetermination_events": _codetermination_events(initiatives, start, end),
        "benefits": benefits,
        "benefit_counts": _benefit_tiles(as_dict(snap.get("benefit_counts"))),
        "charted": [b for b in benefits if b["measurements"]],
        "inclusion": inclusion,
        "preparation": _preparation_view(snap.get("preparation")),
        "lessons": _lesson_rows(snap, inclusion),
        "decisions": decisions(snap),
        "key_figures": key_figures(snap, before),
    }
    result["highlights"] = highlights(result)
    return result


def _vision_view(vision: dict) -> dict:
    approved = as_dict(vision.get("approved")) or None
    own = as_dict(vision.get("programme")) or None
    return {
        "approved": approved
        and {**approved, "approved_on": stored_date(approved.get("approved_on"))},
        "consultation": as_list(vision.get("consultation")),
        # The programme follows another version than the approved one: worth saying.
        "programme": own if own and (not approved or own.get("id") != approved.get("id")) else None,
        "programme_status": label(VisionStatus, own.get("status")) if own else "",
    }


def _status_tiles(counts: dict) -> list[dict]:
    return [
        {
            "code": code,
            "label": capfirst(label(RAG, code)),
            "count": counts.get(code, 0),
            "mark": _mark(RAG, code),
        }
        for code in RAG.values
    ]


def _initiative_rows(snap: dict) -> list[dict]:
    rows = []
    for item in as_list(snap.get("initiatives")):
        adoption = as_dict(item.get("adoption")) or None
        status = item.get("status")
        steps = as_dict(item.get("codetermination"))
        rows.append(
            {
                "id": item.get("id"),
                "title": item.get("title", ""),
                "status": status,
                "status_label": capfirst(label(RAG, status)),
                "mark": _mark(RAG, status),
                "reason": item.get("reason", ""),
                "owner": item.get("owner", ""),
                "units": ", ".join(item.get("units") or []),
                "adoption": adoption
                and {
                    **adoption,
                    "phase_label": label(Phase, adoption.get("phase")),
                    "phase_status_label": label(PhaseStatus, adoption.get("phase_status")),
                    "champions": _list_pair(adoption.get("champion_units")),
                },
                "codetermination": [
                    _step_view(as_dict(steps.get(phase)), phase)
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
        "phase_label": label(CodeterminationPhase, phase),
        "stage": stage,
        "label": capfirst(stage_label(stage)),
        "mark": STAGE_MARK.get(stage, "none"),
        "body": step.get("body", ""),
        "requested_on": stored_date(step.get("requested_on")),
        "given_on": stored_date(step.get("given_on")),
    }


def _phase_rows(counts: dict, total: int) -> list[dict]:
    rows = []
    for key in [*(str(p) for p in Phase.values), "none"]:
        count = counts.get(key, 0) if isinstance(counts.get(key, 0), int) else 0
        rows.append(
            {
                "number": key if key != "none" else "",
                "label": label(Phase, int(key)) if key != "none" else _("No adoption track"),
                "count": count,
                "width": percentage(count, total) or 0,
            }
        )
    return rows


def _status_change_rows(snap: dict) -> list[dict]:
    return [
        {
            "on": stored_date(item.get("on")),
            "initiative": item.get("initiative", ""),
            "from": label(RAG, item.get("from")),
            "to": label(RAG, item.get("to")),
            "to_mark": _mark(RAG, item.get("to")),
            "reason": item.get("reason", ""),
        }
        for item in as_list(snap.get("status_changes"))
    ]


def _override_rows(snap: dict) -> list[dict]:
    return [
        {
            "on": stored_date(item.get("on")),
            "initiative": item.get("initiative", ""),
            "to": phase_label(item.get("to")),
            "open": ", ".join(label(Phase, number) for number in item.get("open") or []),
            "reason": item.get("reason", ""),
            # Snapshots from before confirmations were kept say nothing: not confirmed.
            "confirmed_on": stored_date(item.get("confirmed_on")),
        }
        for item in as_list(snap.get("gate_overrides"))
    ]


def _intervention_rows(snap: dict) -> list[dict]:
    return [
        {
            "number": item.get("kind"),
            "label": label(InterventionKind, item.get("kind")),
            "status": item.get("status"),
            "status_label": capfirst(label(InterventionStatus, item.get("status"))),
            "mark": _mark(InterventionStatus, item.get("status")),
            "evidence": item.get("evidence", ""),
            "last_reviewed_on": stored_date(item.get("last_reviewed_on")),
        }
        for item in as_list(snap.get("interventions"))
    ]


def _intervention_counts(snap: dict) -> list[dict]:
    statuses = [item.get("status") for item in as_list(snap.get("interventions"))]
    return [
        {
            "label": label(InterventionStatus, code),
            "count": statuses.count(code),
            "mark": _mark(InterventionStatus, code),
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
            "on": stored_date(item.get("on")),
            "number": item.get("kind"),
            "label": label(InterventionKind, item.get("kind")),
            "status_label": label(InterventionStatus, item.get("status")),
            "mark": _mark(InterventionStatus, item.get("status")),
            "fields": ", ".join(_field_label(name) for name in item.get("fields") or []),
        }
        for item in as_list(snap.get("intervention_changes"))
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
        {"label": stage_label(code), "count": stages.count(code), "mark": STAGE_MARK[code]}
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
    for item in as_list(snap.get("benefits")):
        unit = item.get("unit", "")
        baseline, target = stored_decimal(item.get("baseline")), stored_decimal(item.get("target"))
        baseline_on, target_date = (
            stored_date(item.get("baseline_on")),
            stored_date(item.get("target_date")),
        )
        measurements = [
            {
                "on": stored_date(m.get("on")),
                "value": stored_decimal(m.get("value")),
                "planned": stored_decimal(m.get("planned")),
            }
            for m in as_list(item.get("measurements"))
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
            "track_label": capfirst(label(BenefitTrack, track)),
            "mark": _mark(BenefitTrack, track),
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
            "label": capfirst(label(BenefitTrack, code)),
            "count": counts.get(code, 0) if isinstance(counts.get(code, 0), int) else 0,
            "mark": _mark(BenefitTrack, code),
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
    trajectories = as_dict(data.get("trajectories"))
    return {
        "threshold": threshold,
        "year": data.get("year"),
        "employees": count_text(data.get("employees")),
        "employees_number": data.get("employees"),
        "pop_held": count_text(data.get("pop_held")),
        "pop_covered": count_text(data.get("pop_covered")),
        "pop_percentage": data.get("pop_percentage"),
        "skills_gaps": count_text(data.get("skills_gaps")),
        "vulnerable_high": count_text(data.get("vulnerable_high")),
        "vulnerable_medium": count_text(data.get("vulnerable_medium")),
        "trajectories": [
            {"label": capfirst(label(TrajectoryStatus, code)), "count": count_text(value)}
            for code, value in trajectories.items()
        ],
        "trajectories_total": count_text(data.get("trajectories_total")),
        "actions": [
            {
                "label": capfirst(label(ActionKind, item.get("kind"))),
                "actions": count_text(item.get("actions")),
                "people": count_text(item.get("people")),
            }
            for item in as_list(data.get("actions"))
        ],
        "reached": count_text(data.get("reached")),
    }


def _share_text(value) -> str:
    """A share as the snapshot kept it: a whole percentage, the mask, or nothing."""
    if isinstance(value, bool) or value is None:
        return "—"
    if isinstance(value, int):
        return f"{value}%"
    return str(value)


def _preparation_view(data) -> dict | None:
    """Whether each initiative's people are being prepared; None for a snapshot made
    before it was kept (the report leaves the table out). `all_hidden` when every
    figure about people would show only a mark: the report says so in one sentence."""
    if not isinstance(data, dict):
        return None
    rows = []
    for item in as_list(data.get("rows")):
        asked = item.get("asked") if isinstance(item.get("asked"), int) else 0
        score = item.get("self_score")
        rows.append(
            {
                "title": item.get("title", ""),
                "self_score": score if isinstance(score, int) else None,
                "asked": asked,
                "people": count_text(item.get("people")),
                "below": _share_text(item.get("below_share")) if asked else "",
                "below_before": _share_text(item.get("below_before_share")) if asked else "",
                "reached": _share_text(item.get("reached_share")),
                "actions_done": count_text(item.get("actions_done")),
                "closing": item.get("closing") if isinstance(item.get("closing"), bool) else None,
                # Every figure about its people a mark ("<5" or the mask).
                "hidden": all(
                    isinstance(item.get(key), str)
                    for key in (
                        "people",
                        "reached_share",
                        *(("below_share", "below_before_share") if asked else ()),
                    )
                ),
            }
        )
    # Rows about nobody (units without employees) have nothing to hide or show.
    shown = [row for row in rows if row["people"] != "0"]
    return {
        "then": stored_date(data.get("then")),
        "rows": rows,
        "all_hidden": bool(shown) and all(row["hidden"] for row in shown),
    }


def _amount(value, unit: str) -> str:
    """A measured value with its unit, as the charts write it."""
    number = stored_decimal(value)
    if number is None:
        return "—"
    text = figure(number)
    if not unit:
        return text
    return f"{text}{'' if unit == '%' else ' '}{unit}"


def _lesson_rows(snap: dict, inclusion: dict) -> list[dict]:
    evidence = as_dict(snap.get("evidence"))
    assessed = {item.get("lesson"): item for item in as_list(snap.get("lessons"))}
    rows = []
    for lesson in LESSONS:
        item = assessed.get(lesson.number, {})
        found = as_dict(evidence.get(lesson.evidence))
        score = item.get("score") if isinstance(item.get("score"), int) else None
        rows.append(
            {
                "number": lesson.number,
                "title": localised(lesson.title.nl, lesson.title.en),
                "score": score,
                "width": score * 20 if score else 0,
                "previous_score": item.get("previous_score"),
                "assessed_on": stored_date(item.get("assessed_on")),
                "notes": item.get("notes", ""),
                "evidence": _evidence_value(lesson.evidence, found, inclusion) if found else "",
                "met": bool(found.get("met")) if found else None,
            }
        )
    return rows


def _evidence_value(key: str, found: dict, inclusion: dict) -> str:
    """The evidence's key figure, never finer than the inclusion figures: a share of a
    group smaller than the threshold is not shown (nor kept in the snapshot)."""
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
    value = evidence_text(key, found)
    if value is None and key in PEOPLE_SHARES:
        return hidden
    return value or ""
