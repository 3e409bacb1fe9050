"""Evidence for the nine lessons, computed from the application's own data.

Each lesson names an ``evidence`` key (see ``inclusion.metamorphosis.lessons``). For one
programme, ``evidence_for`` returns a short sentence and a value per key. Only
aggregates: no evidence names an employee. The whole set costs a fixed number of
queries, however many employees, initiatives or trajectories there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from adoption.models import BusinessScenario
from inclusion.figures import Figure, SmallGroups
from inclusion.metamorphosis.queries import trajectories_by_status
from inclusion.models import (
    ActionStatus,
    Employee,
    SkillsAction,
    inclusion_settings,
)
from transformation.models import Initiative, Vision

# "In the past twelve months" for the share of employees developing themselves.
DEVELOPMENT_WINDOW = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Evidence:
    """What the application shows for one lesson: a sentence and its key figure.

    `value` is the figure on its own (a count, a percentage, a date or yes/no), ready
    to display; `met` says whether the evidence supports the lesson at all.
    """

    key: str
    value: str
    sentence: str
    met: bool


def _years_and_months(start: datetime.date, today: datetime.date) -> tuple[int, int]:
    months = (today.year - start.year) * 12 + today.month - start.month
    if today.day < start.day:
        months -= 1
    months = max(months, 0)
    return divmod(months, 12)


def _programme_age(programme, today) -> Evidence:
    if programme.start_date > today:
        return Evidence(
            "programme_age",
            formats.date_format(programme.start_date),
            _("The programme starts on %(date)s.")
            % {"date": formats.date_format(programme.start_date)},
            False,
        )
    years, months = _years_and_months(programme.start_date, today)
    parts = []
    if years:
        parts.append(ngettext("%(years)s year", "%(years)s years", years) % {"years": years})
    if months or not years:
        parts.append(ngettext("%(months)s month", "%(months)s months", months) % {"months": months})
    duration = (
        _("%(years)s and %(months)s") % {"years": parts[0], "months": parts[1]}
        if len(parts) == 2
        else parts[0]
    )
    return Evidence(
        "programme_age",
        duration,
        _("The programme has run for %(duration)s, since %(date)s.")
        % {"duration": duration, "date": formats.date_format(programme.start_date)},
        True,
    )


def _vision_approved(vision) -> Evidence:
    if vision is None:
        return Evidence(
            "vision_approved",
            _("no"),
            _("There is no approved information vision yet."),
            False,
        )
    approver = (
        (vision.approved_by.get_full_name() or vision.approved_by.get_username())
        if vision.approved_by
        else _("unknown")
    )
    date = formats.date_format(timezone.localtime(vision.approved_at).date())
    return Evidence(
        "vision_approved",
        date,
        _("“%(title)s” (version %(number)s) was approved by %(approver)s on %(date)s.")
        % {"title": vision.title, "number": vision.number, "approver": approver, "date": date},
        True,
    )


def _share(
    key: str,
    part: Figure,
    whole: Figure,
    groups: SmallGroups,
    sentence: str,
    withheld: str,
    *,
    target: int | None = None,
) -> Evidence:
    """A share of the employees, through the small-group rule like every figure. It
    supports the lesson when anyone at all is counted, or, with the organisation's own
    `target` (a percentage), when the share reaches it. `withheld` says what is not
    shown when the count is hidden."""
    if whole.hidden:
        return Evidence(
            key,
            "—",
            _("Fewer than %(threshold)s employees are registered; the share is not shown.")
            % {"threshold": groups.threshold},
            False,
        )
    if part.hidden:
        # Not "met" either way: whether anyone at all is counted is what is hidden.
        return Evidence(
            key, str(part), withheld % {"threshold": groups.threshold, "whole": whole}, False
        )
    share = groups.share(part, whole)
    return Evidence(
        key,
        str(share),
        sentence % {"part": part, "whole": whole, "percentage": share.percentage, "target": target},
        part.count > 0
        if target is None
        else share.percentage is not None and share.percentage >= target,
    )


def developing(today: datetime.date) -> Q:
    """An employee with a done digital-skills action in the twelve months up to `today`,
    read from the day of their latest one (ActionDays). A done action dated after
    `today` (the report of an earlier month) hides any before it, so for those few the
    actions themselves are looked at."""
    since = today - DEVELOPMENT_WINDOW
    in_window = SkillsAction.objects.filter(
        employees=OuterRef("pk"),
        status=ActionStatus.DONE,
        held_on__gt=since,
        held_on__lte=today,
    )
    return Q(action_days__done_on__gt=since, action_days__done_on__lte=today) | Q(
        Q(action_days__done_on__gt=today) & Exists(in_window)
    )


def _with_others(found: Evidence, others: int) -> Evidence:
    """The scenarios' evidence, saying how many of the names written down are not those
    of employees who work here (and so not counted)."""
    if not others:
        return found
    return replace(
        found,
        sentence=found.sentence
        + " "
        + ngettext(
            "One more name among the writers is not that of an employee who works here.",
            "%(count)s more names among the writers are not those of employees who work here.",
            others,
        )
        % {"count": others},
    )


def evidence_for(
    programme, *, today: datetime.date | None = None, year: int | None = None
) -> dict[str, Evidence]:
    """The evidence per key for one programme (and its organisation): nine queries, ten
    when its business scenarios name who helped write them. The POP coverage is that of
    `year` (today's year unless given: a report's is the year its period ends in)."""
    from inclusion.actions.queries import organisation_coverage

    organisation = programme.organisation
    today = today or timezone.localdate()
    settings_row = inclusion_settings(organisation)
    # The lessons are read by everyone, the management report by directors: never exact.
    groups = SmallGroups(settings_row.min_group_size, exact=False)

    vision = (
        Vision.objects.for_organisation(organisation)
        .approved()
        .select_related("approved_by")
        .first()
    )
    initiatives = Initiative.objects.filter(programme=programme).aggregate(
        started=Count("pk"),
        tracks=Count("pk", filter=Q(adoption_track__isnull=False)),
    )
    contributors = {
        name.lower()
        for written_with in BusinessScenario.objects.filter(
            track__initiative__programme=programme
        ).values_list("written_with", flat=True)
        for name in (line.strip() for line in written_with.splitlines())
        if name
    }
    # The writers are named one per line, as free text: those who are employees who work
    # here are counted (a name once, however many scenarios it helped write), the other
    # lines (someone who left, a role, a name misspelt) only said.
    writers = (
        Employee.objects.for_organisation(organisation)
        .filter(active=True)
        .annotate(lowered=Lower("name"))
        .filter(lowered__in=contributors)
        .values("lowered")
        .distinct()
        .count()
        if contributors
        else 0
    )
    people = (
        Employee.objects.for_organisation(organisation)
        .filter(active=True)
        .aggregate(active_count=Count("pk"), developing_count=Count("pk", filter=developing(today)))
    )
    coverage = organisation_coverage(organisation, year or today.year, groups)
    # The whole the dashboard's statuses and the jobs' lists split: hidden where they must.
    _statuses, trajectories = trajectories_by_status(organisation, groups)

    active_count = people["active_count"]
    active = groups.group(active_count)
    counted_writers = groups.count(writers, active_count)
    if 0 < len(contributors) - writers < groups.threshold:
        # Every reader sees the writers' names on the tracks' pages: beside them, the
        # writers who work here would give the few other names away (one who left).
        counted_writers = counted_writers.masked()
    evidence = [
        _programme_age(programme, today),
        _vision_approved(vision),
        Evidence(
            "initiatives_started",
            str(initiatives["started"]),
            ngettext(
                "%(count)s initiative has been started in this programme.",
                "%(count)s initiatives have been started in this programme.",
                initiatives["started"],
            )
            % {"count": initiatives["started"]},
            initiatives["started"] > 0,
        ),
        Evidence(
            "adoption_tracks",
            str(initiatives["tracks"]),
            ngettext(
                "%(count)s initiative has an adoption track that is adjusted phase by phase.",
                "%(count)s initiatives have an adoption track that is adjusted phase by phase.",
                initiatives["tracks"],
            )
            % {"count": initiatives["tracks"]},
            initiatives["tracks"] > 0,
        ),
        _with_others(
            _share(
                "employees_in_scenarios",
                counted_writers,
                active,
                groups,
                _(
                    "%(part)s of the %(whole)s employees who work here (%(percentage)s%%) "
                    "helped write the business scenarios."
                ),
                _(
                    "How many of the %(whole)s employees who work here helped write the "
                    "business scenarios is not shown: with it, a group of fewer than "
                    "%(threshold)s employees could be recognised."
                ),
            ),
            # Beside a hidden count, the other names would give it back (all the names
            # less the others).
            0 if counted_writers.hidden or active.hidden else len(contributors) - writers,
        ),
        _share(
            "own_development_actions",
            groups.count(people["developing_count"], active_count),
            active,
            groups,
            _(
                "%(part)s of the %(whole)s employees who work here (%(percentage)s%%) completed "
                "a digital-skills action in the past twelve months."
            ),
            _(
                "How many of the %(whole)s employees who work here completed a digital-skills "
                "action in the past twelve months is not shown: with it, a group of fewer "
                "than %(threshold)s employees could be recognised."
            ),
        ),
        _share(
            "pop_coverage",
            coverage.covered,
            coverage.active,
            groups,
            _(
                "For %(part)s of the %(whole)s employees who work here (%(percentage)s%%), "
                "digital skills came up in this year's POP-gesprek; the organisation's "
                "target is %(target)s%%."
            ),
            _(
                "For how many of the %(whole)s employees who work here digital skills came "
                "up in this year's POP-gesprek is not shown: with it, a group of fewer than "
                "%(threshold)s employees could be recognised."
            ),
            # "Part of every POP-gesprek": judged against the organisation's own target,
            # as the POP coverage page and the attention list judge each unit.
            target=settings_row.pop_coverage_target,
        ),
        Evidence(
            "mobility_trajectories",
            str(trajectories),
            _(
                "Fewer than %(threshold)s mobility trajectories have been registered; the exact "
                "number of so small a group is not shown."
            )
            % {"threshold": groups.threshold},
            False,
        )
        if trajectories.text.startswith("<")
        else Evidence(
            "mobility_trajectories",
            str(trajectories),
            _(
                "At least %(threshold)s mobility trajectories have been registered; their "
                "number is not shown, for beside the figures per job and per status it would "
                "give a smaller group away."
            )
            % {"threshold": groups.threshold},
            True,
        )
        if trajectories.hidden
        else Evidence(
            "mobility_trajectories",
            str(trajectories),
            ngettext(
                "%(count)s mobility trajectory has been registered.",
                "%(count)s mobility trajectories have been registered.",
                trajectories.count,
            )
            % {"count": trajectories.count},
            True,
        ),
        Evidence(
            "programme_without_end",
            _("no end date")
            if programme.end_date is None
            else formats.date_format(programme.end_date),
            _("The programme has no end date: it keeps going.")
            if programme.end_date is None
            else _("The programme ends on %(date)s.")
            % {"date": formats.date_format(programme.end_date)},
            programme.end_date is None,
        ),
    ]
    return {item.key: item for item in evidence}
