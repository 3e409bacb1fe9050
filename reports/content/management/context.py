"""The management report's context: what the template shows, made from the snapshot
alone (and the previous report's, for "what changed").

Nothing here reads the database. The codes and numbers the snapshot kept become
labels, marks, rows and charts in the language the report is made in; a snapshot
that lacks a part, or keeps it in an older shape, shows that part empty rather than
failing the report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from adoption.models import Phase, PhaseStatus
from inclusion.figures import MASK
from inclusion.metamorphosis.lessons import LESSONS
from inclusion.models import ActionKind, TrajectoryStatus
from organisations.badges import Colour
from organisations.i18n import localised
from organisations.numbers import amount, grouped, percentage, precision
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
from reports.content.periods import Periods
from transformation import charts
from transformation.models import (
    RAG,
    RAG_SEVERITY,
    BenefitTrack,
    CodeterminationPhase,
    Intervention,
    InterventionKind,
    InterventionStatus,
    LegalBasis,
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


# Benefit charts in the body of the report: key benefits and those off track, at most
# this many (the annex draws them all); every other benefit is one line in a table.
CHARTS_IN_BODY = 4
_TRACK_ORDER = {
    BenefitTrack.OFF_TRACK: 0,
    BenefitTrack.ON_TRACK: 1,
    BenefitTrack.ACHIEVED: 2,
    BenefitTrack.NOT_MEASURED: 3,
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
    annex = bool(getattr(report, "annex", False))
    chapters = sections() + ([Section("annex", _("Annex"))] if annex else [])
    result = base_context(report, previous, sections=chapters, changes=changes(snap, before))
    result |= {
        "annex": annex,
        "number": {section.anchor: index for index, section in enumerate(chapters, start=1)},
        "period_start": start,
        "period_end": end,
        # Only when the previous report kept figures this version can read.
        "comparable": bool(before) and any(key in before for key in COMPARED_KEYS),
        # How the counts over the period compared with the previous report's, if not as
        # they are.
        "changes_note": Periods.of(snap, before).note() if before else "",
        "vision": _vision_view(as_dict(snap.get("vision"))),
        "status_counts": _status_tiles(as_dict(snap.get("status_counts"))),
        "initiatives": initiatives,
        "red": [row for row in initiatives if row["status"] == RAG.RED],
        "status_groups": _in_groups(initiatives, "status", "status_label"),
        "status_reasons": _status_reasons(initiatives),
        "phases": _phase_rows(as_dict(snap.get("phase_counts")), len(initiatives), initiatives),
        "tracks": [row for row in initiatives if row["adoption"]],
        "status_changes": _status_change_rows(snap),
        "gate_overrides": overrides,
        "interventions": _intervention_rows(snap),
        "intervention_counts": _intervention_counts(snap),
        "intervention_changes": _intervention_change_rows(snap),
        "intervention_change_fields": _shared_fields(_intervention_change_rows(snap)),
        "codetermination_phases": [phase.label for phase in CodeterminationPhase],
        "codetermination_counts": _stage_counts(initiatives),
        "codetermination_events": _in_groups(
            sorted(_codetermination_events(initiatives, start, end), key=lambda e: e["what"]),
            "what",
            "what",
        ),
        "codetermination_exceptions": _codetermination_exceptions(initiatives),
        "benefits": benefits,
        "benefit_counts": _benefit_tiles(as_dict(snap.get("benefit_counts"))),
        "benefit_view": _benefit_view(benefits, initiatives, annex=annex),
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
    """Every initiative, worst status first, numbered in that order: the benefits table
    and the lists of exceptions name an initiative by its number. With each, what makes
    it an exception: its gate override in the period and its benefits off track."""
    overridden = {
        item.get("initiative_id")
        for item in as_list(snap.get("gate_overrides"))
        if isinstance(item, dict) and item.get("initiative_id") is not None
    }
    benefits: dict = defaultdict(lambda: {"total": 0, "off_track": 0})
    for item in as_list(snap.get("benefits")):
        if isinstance(item, dict):
            tally = benefits[item.get("initiative_id")]
            tally["total"] += 1
            tally["off_track"] += item.get("track") == BenefitTrack.OFF_TRACK
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
                "override": item.get("id") in overridden,
                "benefits": benefits.get(item.get("id")),
                "codetermination": [
                    _step_view(as_dict(steps.get(phase)), phase)
                    for phase in CodeterminationPhase.values
                ],
            }
        )
    rows.sort(key=lambda r: (RAG_SEVERITY.get(r["status"], 3), r["title"].lower()))
    for number, row in enumerate(rows, start=1):
        row["number"] = number
    return rows


def _status_reasons(initiatives: list[dict]) -> list[dict]:
    """Why initiatives are red or amber, red first: each reason once, with the
    initiatives it is given for. A reason shared by many is said once, not in every row."""
    groups: dict[tuple, dict] = {}
    for row in initiatives:
        if row["status"] not in (RAG.RED, RAG.AMBER):
            continue
        reason = " ".join(str(row["reason"] or "").split())
        group = groups.setdefault(
            (RAG_SEVERITY[row["status"]], reason.lower()),
            {
                "status_label": row["status_label"],
                "mark": row["mark"],
                "reason": reason,
                "initiatives": [],
            },
        )
        group["initiatives"].append(row)
    # In the order of the table: red first, then by the first initiative given it.
    reasons = sorted(groups.values(), key=lambda g: g["initiatives"][0]["number"])
    for group in reasons:
        group["count"] = len(group["initiatives"])
        group["numbers"] = _number_ranges([row["number"] for row in group["initiatives"]])
    return reasons


def _number_ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5, 7, 8 → "1 to 3, 5, 7 to 8" (written with en dashes)."""
    parts: list[list[int]] = []
    for number in sorted(numbers):
        if parts and parts[-1][1] == number - 1:
            parts[-1][1] = number
        else:
            parts.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}\N{EN DASH}{b}" for a, b in parts)


def _list_pair(value) -> tuple[int, int] | None:
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return value[0], value[1]
    return None


def _step_view(step: dict, phase: str) -> dict:
    """One initiative's co-determination in one phase, in the words of its legal basis:
    the works council's advice (WOR art. 25) or its consent (art. 27), as the
    application's pages word it. A snapshot without the basis gets the plain words."""
    stage = step.get("stage") or STAGE_NOT_STARTED
    basis = step.get("legal_basis") if isinstance(step.get("legal_basis"), str) else ""
    consent = LegalBasis.is_consent(basis)
    requested_on, given_on = (
        stored_date(step.get("requested_on")),
        stored_date(step.get("given_on")),
    )
    if given_on:
        dated = _("Decision on consent on %(day)s") if consent else _("Advice on %(day)s")
    elif requested_on:
        dated = _("Consent requested on %(day)s") if consent else _("Advice requested on %(day)s")
    else:
        dated = ""
    return {
        "phase": phase,
        "phase_label": label(CodeterminationPhase, phase),
        "stage": stage,
        "basis": basis,
        "consent": consent,
        "label": capfirst(stage_label(stage, basis)),
        "mark": STAGE_MARK.get(stage, "none"),
        "body": step.get("body", ""),
        "requested_on": requested_on,
        "given_on": given_on,
        # The latest date with what happened on it, e.g. "Advice on 3 March 2026".
        "dated": dated % {"day": formats.date_format(given_on or requested_on)} if dated else "",
    }


def _phase_rows(counts: dict, total: int, initiatives: list[dict]) -> list[dict]:
    """Initiatives per adoption phase, with how far adoption has come in each phase:
    shares of the target groups of its initiatives together (one large target group
    weighs more than a small one), "—" when none of them has the figure."""
    tracks: dict[str, list[dict]] = defaultdict(list)
    for row in initiatives:
        if row["adoption"]:
            tracks[str(row["adoption"].get("phase"))].append(row["adoption"])
    rows = []
    for key in [*(str(p) for p in Phase.values), "none"]:
        count = counts.get(key, 0) if isinstance(counts.get(key, 0), int) else 0
        pooled = tracks.get(key, []) if key != "none" else []
        sizes = [t["target_group"] for t in pooled if _positive(t.get("target_group"))]
        rows.append(
            {
                "number": key if key != "none" else "",
                "label": label(Phase, int(key)) if key != "none" else _("No adoption track"),
                "count": count,
                "width": percentage(count, total) or 0,
                "target_group": grouped(sum(sizes)) if sizes else "",
                "reached": _pooled_share(pooled, "reached_share"),
                "trained": _pooled_share(pooled, "trained_share"),
                "usage": _pooled_share(pooled, "usage_share"),
            }
        )
    return rows


def _positive(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _pooled_share(tracks: list[dict], key: str) -> int | None:
    """The share of the target groups of `tracks` together, from each track's own share:
    the tracks without a target group or without the figure are left out."""
    known = [
        (t["target_group"], t[key])
        for t in tracks
        if _positive(t.get("target_group")) and isinstance(t.get(key), int | float)
    ]
    if not known:
        return None
    people = sum(size * share / 100 for size, share in known)
    return percentage(round(people), sum(size for size, _share in known))


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
            "contradictions": [
                text
                for worded in as_list(item.get("contradictions"))
                if (text := _in_language(worded))
            ],
        }
        for item in as_list(snap.get("interventions"))
    ]


def _in_language(worded: dict) -> str:
    """The sentence in the language of the report, as the snapshot keeps it in every
    language; in another when it has only that."""
    texts = [text for text in worded.values() if isinstance(text, str)]
    text = worded.get(translation.get_language())
    return text if isinstance(text, str) else (texts[0] if texts else "")


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


def _shared_fields(rows: list[dict]) -> str:
    """The fields every change in the period set, when they are the same for each (the
    form saves them together): said once under the table rather than in every row."""
    fields = {row["fields"] for row in rows}
    return fields.pop() if len(rows) > 1 and len(fields) == 1 else ""


def _stage_counts(initiatives: list[dict]) -> list[dict]:
    """The steps per stage, in the words of each step's legal basis: a negative advice
    and a refused consent are counted apart, each under its own name."""
    order = [
        Outcome.NEGATIVE,
        STAGE_REQUESTED,
        STAGE_DISCUSSION,
        Outcome.CONDITIONS,
        Outcome.POSITIVE,
        Outcome.NOT_REQUIRED,
        STAGE_NOT_STARTED,
    ]
    counts: dict[tuple[int, str], dict] = {}
    for row in initiatives:
        for step in row["codetermination"]:
            if step["stage"] not in order:
                continue
            words = stage_label(step["stage"], step["basis"])
            key = (order.index(step["stage"]), words)
            tile = counts.setdefault(
                key, {"label": words, "count": 0, "mark": STAGE_MARK[step["stage"]]}
            )
            tile["count"] += 1
    return [counts[key] for key in sorted(counts)]


def _codetermination_events(initiatives: list[dict], start, end) -> list[dict]:
    """Advice or consent asked and given in the period, each in the words of its legal
    basis: "Consent refused", not "Advice given: negative", where the council's say was
    consent (WOR art. 27)."""
    events = []
    for row in initiatives:
        for step in row["codetermination"]:
            common = {
                "initiative": row["title"],
                "phase": step["phase_label"],
                "body": step["body"],
            }
            if step["requested_on"] and start <= step["requested_on"] <= end:
                events.append(
                    common
                    | {
                        "on": step["requested_on"],
                        "what": _("Consent requested")
                        if step["consent"]
                        else _("Advice requested"),
                        "mark": "amber",
                    }
                )
            if step["given_on"] and start <= step["given_on"] <= end:
                if step["stage"] not in Outcome.values:
                    what = _("Consent decided on") if step["consent"] else _("Advice given")
                elif step["consent"]:
                    what = step["label"]
                else:
                    what = _("Advice given: %(outcome)s") % {"outcome": stage_label(step["stage"])}
                events.append(common | {"on": step["given_on"], "what": what, "mark": step["mark"]})
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
        step = precision(baseline, target)
        track = item.get("track")
        row = {
            "id": item.get("id"),
            "title": item.get("title", ""),
            "initiative_id": item.get("initiative_id"),
            "initiative": item.get("initiative", ""),
            "measure": item.get("measure", ""),
            "unit": unit,
            "key": item.get("key") is True,
            "baseline": _amount(baseline, unit, step),
            "baseline_on": baseline_on,
            "target": _amount(target, unit, step),
            "target_date": target_date,
            "latest": _amount(latest["value"], unit, step) if latest else "",
            "latest_on": latest["on"] if latest else None,
            "planned": _amount(latest["planned"], unit, step) if latest else "",
            "behind": _behind(latest, baseline, target),
            "track": track,
            "track_label": capfirst(label(BenefitTrack, track)),
            "mark": _mark(BenefitTrack, track),
            "in_period": item.get("in_period") if isinstance(item.get("in_period"), int) else 0,
            "baseline_value": _amount(baseline, "", step),
            "target_value": _amount(target, "", step),
            "step": step,
            # What the chart (and the annex's table of measurements) is drawn from, when
            # there is enough to draw it.
            "plot": None,
        }
        if measurements and None not in (baseline, target, baseline_on, target_date):
            row["plot"] = (item, baseline, baseline_on, target, target_date, measurements)
        rows.append(row)
    return sorted(rows, key=lambda r: (_TRACK_ORDER.get(r["track"], 4), r["title"].lower()))


def _behind(latest: dict | None, baseline, target) -> Decimal:
    """How far the latest measurement is behind the plan, as a share of the way from
    baseline to target (negative when ahead): the benefits furthest behind are drawn first."""
    if not latest or latest["planned"] is None or None in (baseline, target) or target == baseline:
        return Decimal(0)
    return (latest["planned"] - latest["value"]) / (target - baseline)


def _benefit_view(benefits: list[dict], initiatives: list[dict], *, annex: bool) -> dict:
    """The benefits as the report shows them: a chart for each key benefit and each one
    off track (key first, then the furthest behind), at most CHARTS_IN_BODY in the body;
    every other benefit one line in a table, by track and by the number of its
    initiative. The annex, when asked for, draws every benefit that can be drawn."""
    numbers = {row["id"]: row["number"] for row in initiatives if row["id"] is not None}
    last = len(initiatives) + 1
    for benefit in benefits:
        benefit["initiative_number"] = numbers.get(benefit["initiative_id"])
    wanted = sorted(
        (b for b in benefits if b["plot"] and (b["key"] or b["track"] == BenefitTrack.OFF_TRACK)),
        key=lambda b: (not b["key"], -b["behind"], b["title"].lower()),
    )
    shown = [b | {"chart": _chart(*b["plot"], prefix="benefit")} for b in wanted[:CHARTS_IN_BODY]]
    drawn = {id(b) for b in wanted[:CHARTS_IN_BODY]}
    listed = sorted(
        (b for b in benefits if id(b) not in drawn),
        key=lambda b: (
            _TRACK_ORDER.get(b["track"], 4),
            b["initiative_number"] or last,
            b["title"].lower(),
        ),
    )
    return {
        "charts": shown,
        "more_charts": len(wanted) - len(shown),
        "listed": _in_groups(listed, "track", "track_label"),
        "listed_count": len(listed),
        "annex": [
            b
            | {
                "chart": _chart(*b["plot"], prefix="annex-benefit"),
                "measurements": _measurement_rows(b["plot"][-1], b["step"]),
            }
            for b in sorted(benefits, key=lambda b: (b["initiative_number"] or last, b["title"]))
            if b["plot"]
        ]
        if annex
        else [],
    }


def _measurement_rows(measurements: list[dict], step: Decimal | None) -> list[dict]:
    """A benefit's measurements as the annex's table prints them (only the annex prints
    them: a large programme's thousand measurements are not written out for nothing)."""
    return [
        {
            "on": m["on"],
            "value": _amount(m["value"], "", step),
            "planned": _amount(m["planned"], "", step),
        }
        for m in measurements
    ]


def _in_groups(rows: list[dict], key: str, label: str) -> list[dict]:
    """Rows in runs of the same `key` (a status, a track), in the order given, each run
    with the label and mark of its rows: said once above the run rather than on every
    line."""
    groups: list[dict] = []
    for row in rows:
        if not groups or groups[-1]["code"] != row[key]:
            groups.append({"code": row[key], "label": row[label], "mark": row["mark"], "rows": []})
        groups[-1]["rows"].append(row)
    return groups


def _chart(item: dict, baseline, baseline_on, target, target_date, measurements, *, prefix) -> str:
    """The benefit's chart as its web page draws it: measured values against the plan.
    `prefix` keeps the ids of its drawing unique where the annex draws it again."""
    return charts.benefit_chart(
        title=item.get("title", ""),
        unit=item.get("unit", ""),
        id_prefix=f"{prefix}-{item.get('id')}",
        baseline_on=baseline_on,
        baseline=baseline,
        target_date=target_date,
        target=target,
        measurements=[charts.Point(m["on"], m["value"]) for m in measurements],
        # Narrower than on the web: at half the page's width, the labels keep a readable size.
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


def _codetermination_exceptions(initiatives: list[dict]) -> list[dict]:
    """The steps where the council said no (a negative advice, a refused consent), in
    groups of the same outcome: the exceptions the chapter lists; every step is in the
    annex."""
    steps = [
        {"number": row["number"], "title": row["title"], **step}
        for row in initiatives
        for step in row["codetermination"]
        if step["stage"] == Outcome.NEGATIVE
    ]
    steps.sort(key=lambda step: (step["label"], step["number"]))
    return _in_groups(steps, "label", "label")


def _hidden(value) -> bool:
    """Whether an inclusion figure as the snapshot kept it is a mark ("<5", the dash)
    rather than a number."""
    return isinstance(value, str)


def _inclusion_view(data: dict) -> dict:
    """The inclusion figures. A table whose every cell the small-group rule hides says
    so in one sentence instead (`…_hidden`), with the figure of the level above where
    it can be shown."""
    threshold = data.get("threshold") if isinstance(data.get("threshold"), int) else 5
    trajectories = as_dict(data.get("trajectories"))
    actions = [item for item in as_list(data.get("actions")) if isinstance(item, dict)]
    return {
        "threshold": threshold,
        "year": data.get("year"),
        "employees": count_text(data.get("employees")),
        "employees_number": data.get("employees"),
        "pop_held": count_text(data.get("pop_held")),
        "pop_covered": count_text(data.get("pop_covered")),
        "pop_percentage": data.get("pop_percentage"),
        "pop_hidden": all(
            _hidden(data.get(key)) for key in ("employees", "pop_held", "pop_covered")
        ),
        "skills_gaps": count_text(data.get("skills_gaps")),
        "vulnerable_high": count_text(data.get("vulnerable_high")),
        "vulnerable_medium": count_text(data.get("vulnerable_medium")),
        "vulnerable_hidden": all(
            _hidden(data.get(key)) for key in ("vulnerable_high", "vulnerable_medium")
        ),
        "trajectories": [
            {"label": capfirst(label(TrajectoryStatus, code)), "count": count_text(value)}
            for code, value in trajectories.items()
        ],
        "trajectories_total": count_text(data.get("trajectories_total")),
        # The total where the figures per status are all hidden: unless it is hidden too.
        "trajectories_in_all": _shown_total(data.get("trajectories_total")),
        "trajectories_hidden": bool(trajectories)
        and all(_hidden(value) for value in trajectories.values()),
        "actions": [
            {
                "label": capfirst(label(ActionKind, item.get("kind"))),
                "actions": count_text(item.get("actions")),
                "people": count_text(item.get("people")),
            }
            for item in actions
        ],
        "actions_hidden": bool(actions)
        and all(_hidden(item.get(key)) for item in actions for key in ("actions", "people")),
        "reached": count_text(data.get("reached")),
        "reached_in_all": _shown_total(data.get("reached")),
    }


def _shown_total(value) -> str:
    """A total said in words where the figures it adds up are all hidden: the count, or
    "<5"; nothing when the total itself is masked."""
    return "" if value in (None, MASK) or isinstance(value, bool) else count_text(value)


def _share_text(value) -> str:
    """A share as the snapshot kept it: a whole percentage, the mask, or nothing."""
    if isinstance(value, bool) or value is None:
        return "—"
    if isinstance(value, int):
        return f"{value}%"
    return str(value)


def _preparation_view(data) -> dict | None:
    """Whether each initiative's people are being prepared; None for a snapshot made
    before it was kept (the report leaves it out). The chapter counts the initiatives
    by the direction of their gap and names those where it is not closing; the annex
    has the row of each."""
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
            }
        )
    # The chapter shows only these: how many initiatives' gaps close, and which do not.
    # Never a count about the people of one initiative (they share units), so for
    # directors every figure of a row is a mark; the annex has the rows.
    directions = [
        (
            _("closing: fewer below the level asked than three months ago"),
            "green",
            [row for row in rows if row["asked"] and row["closing"] is True],
        ),
        (
            _("not closing: as many or more below the level asked as three months ago"),
            "red",
            [row for row in rows if row["asked"] and row["closing"] is False],
        ),
        (
            _("too few people to say"),
            "none",
            [row for row in rows if row["asked"] and row["closing"] is None],
        ),
        (_("no competences asked"), "none", [row for row in rows if not row["asked"]]),
    ]
    return {
        "then": stored_date(data.get("then")),
        "rows": rows,
        "directions": [
            {"label": capfirst(words), "mark": mark, "count": len(found)}
            for words, mark, found in directions
            if found
        ],
        "not_closing": [row["title"] for row in directions[1][2]],
    }


def _amount(value, unit: str, step: Decimal | None = None) -> str:
    """A measured or planned value as the snapshot keeps it, with its unit, as the
    charts write it (`organisations.numbers.amount`)."""
    return amount(stored_decimal(value), unit, step)


# What the data says about a lesson's self-assessment: its words and its mark.
SUPPORTS = "supports"
CONFIRMS_LOW = "confirms_low"
CONTRADICTS = "contradicts"
NO_SUPPORT_YET = "no_support_yet"
NOT_ENOUGH_DATA = "not_enough_data"
NOT_ASSESSED = "not_assessed"
VERDICT_MARK = {
    SUPPORTS: "green",
    CONFIRMS_LOW: "amber",
    NO_SUPPORT_YET: "amber",
    CONTRADICTS: "red",
    NOT_ENOUGH_DATA: "none",
    NOT_ASSESSED: "none",
}


def _verdict_words(verdict: str) -> str:
    return {
        SUPPORTS: _("the data supports the lesson"),
        CONFIRMS_LOW: _("the data confirms the low self-score"),
        CONTRADICTS: _("the data contradicts the self-score"),
        NO_SUPPORT_YET: _("no support in the data yet"),
        NOT_ENOUGH_DATA: _("not enough data"),
        NOT_ASSESSED: _("no self-score yet"),
    }[verdict]


def verdict(score: int | None, met: bool | None) -> str:
    """What the data says about a lesson's self-score (1 to 5), weighed against whether
    its evidence supports the lesson (`met`; None when there is no figure: nothing kept,
    or a figure the small-group rule hides):

    - no self-score: NOT_ASSESSED, whatever the data (there is nothing to weigh it against);
    - no figure: NOT_ENOUGH_DATA;
    - a high score (4 or 5): SUPPORTS when the evidence is met, else CONTRADICTS;
    - a low score (1 or 2): CONFIRMS_LOW when it is not met, else CONTRADICTS (the
      programme does better than it says);
    - the middle score (3, "partly"): SUPPORTS when met, else NO_SUPPORT_YET; neither
      outcome contradicts "partly".
    """
    if score is None:
        return NOT_ASSESSED
    if met is None:
        return NOT_ENOUGH_DATA
    if score >= 4:
        return SUPPORTS if met else CONTRADICTS
    if score <= 2:
        return CONTRADICTS if met else CONFIRMS_LOW
    return SUPPORTS if met else NO_SUPPORT_YET


def _lesson_rows(snap: dict, inclusion: dict) -> list[dict]:
    """Per lesson: the self-assessment, the evidence worded with what it counts, and the
    verdict of the one on the other (``verdict``)."""
    evidence = as_dict(snap.get("evidence"))
    assessed = {item.get("lesson"): item for item in as_list(snap.get("lessons"))}
    rows = []
    for lesson in LESSONS:
        item = assessed.get(lesson.number, {})
        found = as_dict(evidence.get(lesson.evidence))
        score = item.get("score") if isinstance(item.get("score"), int) else None
        text, shown = _evidence_value(lesson.evidence, found, snap, inclusion)
        met = bool(found.get("met")) if found else None
        judged = verdict(score, met if shown else None)
        rows.append(
            {
                "number": lesson.number,
                "title": localised(lesson.title.nl, lesson.title.en),
                "score": score,
                "width": score * 20 if score else 0,
                "previous_score": item.get("previous_score"),
                "assessed_on": stored_date(item.get("assessed_on")),
                "notes": item.get("notes", ""),
                "evidence": capfirst(text),
                "met": met,
                "verdict": judged,
                "verdict_label": capfirst(_verdict_words(judged)),
                "verdict_mark": VERDICT_MARK[judged],
            }
        )
    return rows


def _evidence_value(key: str, found: dict, snap: dict, inclusion: dict) -> tuple[str, bool]:
    """The evidence in words, and whether its figure is shown. Never finer than the
    inclusion figures: a share of a group smaller than the threshold is not shown (nor
    kept in the snapshot), and the POP coverage and the mobility trajectories are
    those of the inclusion chapter, which hides more."""
    if not found:
        return "", False
    kept = dict(found)
    figures = as_dict(snap.get("inclusion"))
    if key == "pop_coverage":
        kept["value"] = figures.get("pop_percentage")
        kept["year"] = figures.get("year")
    elif key == "mobility_trajectories":
        kept["value"] = figures.get("trajectories_total")
    elif key == "adoption_tracks" and isinstance(snap.get("initiatives"), list):
        # The same initiatives the evidence counted: the programme's.
        kept["of"] = len(snap["initiatives"])
    text = evidence_text(key, kept)
    if text is not None:
        return text, True
    threshold = inclusion["threshold"]
    if key == "mobility_trajectories" and kept.get("value") == MASK:
        return _("not shown: with the figures by status it would give a small group away"), False
    if key == "mobility_trajectories" and isinstance(kept.get("value"), str):
        return _("fewer than %(threshold)s mobility trajectories registered") % {
            "threshold": threshold
        }, False
    if key in PEOPLE_SHARES or key == "pop_coverage":
        return _("not shown: it would give a group of fewer than %(threshold)s employees away") % {
            "threshold": threshold
        }, False
    return "", False
