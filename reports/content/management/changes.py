"""What changed since the previous report of the management kind: its snapshot beside
this one's, figure by figure.

The previous snapshot was made by whatever version of this code ran then. Each
comparison reads it as far as it has the figures; one that cannot is left out, never
the report. Only codes and numbers are compared, so a previous report made in
another language compares all the same. Counts over the period (employees who took
part in an action, benefit measurements, status changes) compare like for like
(``reports.content.periods``); the others are states and compare as they are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.utils.translation import gettext as _

from inclusion.metamorphosis.lessons import LESSONS
from organisations.i18n import localised
from reports.content.common import Change, as_dict, as_list, label
from reports.content.management.labels import (
    STAGE_NOT_STARTED,
    count_text,
    phase_label,
    stage_label,
)
from reports.content.periods import Periods
from transformation.models import (
    RAG,
    BenefitTrack,
    CodeterminationPhase,
    InterventionKind,
    InterventionStatus,
)

logger = logging.getLogger(__name__)

# The parts of a snapshot that are compared: a previous snapshot with none of them
# kept no figures this report can compare with.
COMPARED_KEYS = (
    "status_counts",
    "initiatives",
    "benefits",
    "interventions",
    "inclusion",
    "lessons",
    "vision",
)


def changes(current: dict, previous: dict | None) -> list[Change]:
    """What differs from the previous report's snapshot (none without one). Each
    comparison reads the previous snapshot as far as it has the figures; one that
    cannot is left out, never the report."""
    before, now = as_dict(previous), as_dict(current)
    if not before:
        return []
    found: list[Change] = []
    comparisons: list[Callable[[dict, dict], list[Change]]] = [
        _compare_vision,
        _compare_status_counts,
        _compare_initiatives,
        _compare_interventions,
        _compare_benefits,
        _compare_inclusion,
        _compare_period,
        _compare_lessons,
    ]
    for compare in comparisons:
        try:
            found.extend(compare(before, now))
        except (AttributeError, KeyError, TypeError, ValueError):
            logger.warning("Could not compare %s with the previous report", compare.__name__)
    return found


def _compare_vision(before: dict, now: dict) -> list[Change]:
    if "vision" not in before:
        return []

    def approved(snap: dict) -> str:
        version = as_dict(as_dict(snap.get("vision")).get("approved"))
        if not version:
            return _("none")
        return _("version %(number)s") % {"number": version.get("number")}

    then, current = approved(before), approved(now)
    return [Change(_("Approved information vision"), then, current)] if then != current else []


def _compare_status_counts(before: dict, now: dict) -> list[Change]:
    then, current = as_dict(before.get("status_counts")), as_dict(now.get("status_counts"))
    if not then:
        return []
    return [
        Change(
            _("Initiatives on %(status)s") % {"status": label(RAG, code)},
            str(then.get(code, 0)),
            str(current.get(code, 0)),
        )
        for code in RAG.values
        if then.get(code, 0) != current.get(code, 0)
    ]


def _by_id(items: list, key: str = "id") -> dict:
    return {item[key]: item for item in as_list(items) if item.get(key) is not None}


def _compare_initiatives(before: dict, now: dict) -> list[Change]:
    if not isinstance(before.get("initiatives"), list):
        return []
    then, current = _by_id(before["initiatives"]), _by_id(now.get("initiatives"))
    found = []
    for pk, item in current.items():
        title = item.get("title", "")
        old = then.get(pk)
        if old is None:
            found.append(
                Change(title, "", _("new, %(status)s") % {"status": label(RAG, item.get("status"))})
            )
            continue
        if old.get("status") != item.get("status"):
            found.append(
                Change(
                    _("%(initiative)s: status") % {"initiative": title},
                    label(RAG, old.get("status")),
                    label(RAG, item.get("status")),
                )
            )
        if "adoption" in old:
            old_phase = as_dict(old.get("adoption")).get("phase")
            new_phase = as_dict(item.get("adoption")).get("phase")
            if old_phase != new_phase:
                found.append(
                    Change(
                        _("%(initiative)s: adoption phase") % {"initiative": title},
                        phase_label(old_phase),
                        phase_label(new_phase),
                    )
                )
        if "codetermination" in old:
            old_steps = as_dict(old.get("codetermination"))
            new_steps = as_dict(item.get("codetermination"))
            for phase in CodeterminationPhase.values:
                old_step, new_step = as_dict(old_steps.get(phase)), as_dict(new_steps.get(phase))
                old_stage = old_step.get("stage") or STAGE_NOT_STARTED
                new_stage = new_step.get("stage") or STAGE_NOT_STARTED
                if old_stage != new_stage:
                    found.append(
                        Change(
                            _("%(initiative)s: co-determination, %(phase)s phase")
                            % {
                                "initiative": title,
                                "phase": label(CodeterminationPhase, phase),
                            },
                            stage_label(old_stage, old_step.get("legal_basis")),
                            stage_label(new_stage, new_step.get("legal_basis")),
                        )
                    )
    for pk, old in then.items():
        if pk not in current:
            found.append(
                Change(
                    old.get("title", ""),
                    label(RAG, old.get("status")),
                    _("no longer in the programme"),
                )
            )
    return found


def _compare_interventions(before: dict, now: dict) -> list[Change]:
    if not isinstance(before.get("interventions"), list):
        return []
    then = _by_id(before["interventions"], "kind")
    found = []
    for kind, item in _by_id(now.get("interventions"), "kind").items():
        old = then.get(kind)
        if old is not None and old.get("status") != item.get("status"):
            found.append(
                Change(
                    _("Intervention %(number)s: %(intervention)s")
                    % {"number": kind, "intervention": label(InterventionKind, kind)},
                    label(InterventionStatus, old.get("status")),
                    label(InterventionStatus, item.get("status")),
                )
            )
    return found


def _compare_benefits(before: dict, now: dict) -> list[Change]:
    found = []
    then_counts, counts = as_dict(before.get("benefit_counts")), as_dict(now.get("benefit_counts"))
    if then_counts and then_counts.get(BenefitTrack.OFF_TRACK, 0) != counts.get(
        BenefitTrack.OFF_TRACK, 0
    ):
        found.append(
            Change(
                _("Benefits off track"),
                str(then_counts.get(BenefitTrack.OFF_TRACK, 0)),
                str(counts.get(BenefitTrack.OFF_TRACK, 0)),
            )
        )
    if not isinstance(before.get("benefits"), list):
        return found
    then = _by_id(before["benefits"])
    for pk, item in _by_id(now.get("benefits")).items():
        old = then.get(pk)
        title = item.get("title", "")
        if old is None:
            found.append(
                Change(
                    title,
                    "",
                    _("new benefit, %(track)s") % {"track": label(BenefitTrack, item.get("track"))},
                )
            )
        elif old.get("track") != item.get("track"):
            found.append(
                Change(
                    _("%(benefit)s: progress") % {"benefit": title},
                    label(BenefitTrack, old.get("track")),
                    label(BenefitTrack, item.get("track")),
                )
            )
    return found


def _compare_inclusion(before: dict, now: dict) -> list[Change]:
    then, current = as_dict(before.get("inclusion")), as_dict(now.get("inclusion"))
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
    found = []
    for key, subject in figures:
        if key not in then:
            continue
        old, new = then.get(key), current.get(key)
        if then.get("threshold") != threshold and not (
            isinstance(old, int) and isinstance(new, int)
        ):
            continue  # hidden under another threshold: not the same figure
        if count_text(old) != count_text(new):
            found.append(Change(subject, count_text(old), count_text(new)))
    return found


def _compare_period(before: dict, now: dict) -> list[Change]:
    """Counts over the report's period, like for like: as they are over periods of the
    same length, per month over others, not at all when a period is too short."""
    periods = Periods.of(now, before)

    def in_period(snap: dict, key: str) -> int | None:
        items = snap.get(key)
        return len(items) if isinstance(items, list) else None

    def measured(snap: dict) -> int | None:
        items = snap.get("benefits")
        if not isinstance(items, list):
            return None
        counts = [item.get("in_period") for item in as_list(items)]
        return sum(counts) if all(isinstance(n, int) for n in counts) else None

    then, current = as_dict(before.get("inclusion")), as_dict(now.get("inclusion"))
    # A count hidden by the small-group rule is a mark, not a number: not compared.
    reached = (then.get("reached"), current.get("reached"))
    rows = [
        periods.change(
            _("Status changes of initiatives in the period"),
            in_period(before, "status_changes"),
            in_period(now, "status_changes"),
        ),
        periods.change(_("Benefit measurements in the period"), measured(before), measured(now)),
        periods.change(
            _("Employees with a digital-skills action done in the period"),
            *(reached if then.get("threshold") == current.get("threshold") else (None, None)),
        ),
    ]
    return [row for row in rows if row is not None]


def _compare_lessons(before: dict, now: dict) -> list[Change]:
    if not isinstance(before.get("lessons"), list):
        return []
    then = _by_id(before["lessons"], "lesson")
    titles = {lesson.number: localised(lesson.title.nl, lesson.title.en) for lesson in LESSONS}
    found = []
    for number, item in _by_id(now.get("lessons"), "lesson").items():
        old = then.get(number)
        if old is not None and old.get("score") != item.get("score"):
            found.append(
                Change(
                    _("Lesson %(number)s, %(lesson)s: self-assessment")
                    % {"number": number, "lesson": titles.get(number, "")},
                    _score(old.get("score")),
                    _score(item.get("score")),
                )
            )
    return found


def _score(score) -> str:
    if not isinstance(score, int):
        return _("not assessed")
    return _("%(score)s of 5") % {"score": score}
