"""What needs the HR adviser's attention in Inclusie: teams with large skills gaps and
nothing planned, units below the POP coverage target, planned actions past their
date, mobility trajectories nobody updated, vulnerable jobs without trajectories.

The items name units and jobs, never employees: the dashboard and the weekly email
carry no personal data, and reading them is no read of personal data.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from inclusion.actions.queries import pop_coverage
from inclusion.models import (
    ActionStatus,
    Employee,
    Job,
    MobilityTrajectory,
    SkillsAction,
    TrajectoryStatus,
    Vulnerability,
    inclusion_settings,
)
from inclusion.skills.queries import gap_totals
from organisations.attention import Item, Links, Urgency
from organisations.counts import count_of
from organisations.models import Membership, OrganisationUnit
from organisations.months import add_months
from organisations.numbers import grouped

# A team needs a plan when at least half of the people who work in it have a gap.
LARGE_GAP_SHARE = 0.5
# A trajectory under way is followed up at least once a quarter.
STALE_MONTHS = 3


def gap_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Units where at least half the employees fall short of their job's target level
    on some competence, with no action planned for the unit or its people. Four
    queries at most."""
    organisation = membership.organisation
    gaps = gap_totals(organisation)
    units = (
        OrganisationUnit.objects.for_organisation(organisation)
        .annotate(working=Count("employees", filter=Q(employees__active=True)))
        .filter(working__gt=0)
        .order_by("name")
    )
    large = [
        unit
        for unit in units
        if (with_gap := gaps.get(unit.pk, 0)) and with_gap >= LARGE_GAP_SHARE * unit.working
    ]
    # Plans are looked for in those units only: a whole-unit action by its unit, an
    # employee's by their latest planned action being today or later (ActionDays), one
    # pass over the employees instead of through every planned action's participants.
    ids = [unit.pk for unit in large]
    planned = SkillsAction.objects.for_organisation(organisation).filter(
        status=ActionStatus.PLANNED, held_on__gte=today
    )
    # Of the people who work there: a plan for someone who has left prepares nobody.
    for_their_people = Employee.objects.filter(
        unit_id__in=ids, active=True, action_days__planned_until__gte=today
    )
    with_plans = set(
        planned.filter(unit_id__in=ids).values_list("unit_id", flat=True).order_by().distinct()
    ) | set(for_their_people.values_list("unit_id", flat=True).order_by().distinct())
    # The link to plan an action, reversed once rather than per unit: a large
    # organisation can have hundreds of such units, and a reversal with its query
    # string took about 50 µs.
    log_url = reverse("inclusion:actions:log")
    to_plan = urlencode({"status": ActionStatus.PLANNED})
    # The texts once, not once per unit.
    category = gettext_lazy("Teams with large skills gaps and no planned action")
    action = _("Plan an action for this team")
    items = []
    for unit in large:
        if unit.pk in with_plans:
            continue
        with_gap = gaps[unit.pk]
        items.append(
            Item(
                kind="gap_without_plan",
                category=category,
                title=unit.name,
                reason=ngettext(
                    "%(count)s of %(working)s employees is below their job's target level; "
                    "no action is planned.",
                    "%(count)s of %(working)s employees are below their job's target level; "
                    "no action is planned.",
                    with_gap,
                )
                % {"count": grouped(with_gap), "working": grouped(unit.working)},
                url=f"{log_url}?unit={unit.pk}&{to_plan}",
                urgency=Urgency.SOON,
                action=action,
            )
        )
    return items


def pop_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Units whose share of employees whose POP-gesprek this year covered digital skills is
    below the organisation's target. Three queries."""
    organisation = membership.organisation
    target = inclusion_settings(organisation).pop_coverage_target
    url = reverse("inclusion:actions:pop_coverage")
    # The texts once, not once per unit: hundreds of units can be below the target.
    category = gettext_lazy("Units below the POP coverage target")
    reason = _(
        "For %(covered)s of the %(active)s employees who work here, digital skills "
        "came up in this year's POP-gesprek (%(percentage)s%%); the target is "
        "%(target)s%%."
    )
    items = []
    for row in pop_coverage(organisation, today.year):
        share = row.percentage
        if row.unit is None or share is None or share >= target:
            continue
        items.append(
            Item(
                kind="pop_below_target",
                category=category,
                title=row.unit.name,
                reason=reason
                % {
                    "covered": grouped(row.covered),
                    "active": grouped(row.active),
                    "percentage": share,
                    "target": target,
                },
                url=url,
                urgency=Urgency.WATCH,
            )
        )
    return items


def overdue_action_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Planned actions whose date has passed: done, cancelled or moved? One query."""
    overdue = (
        SkillsAction.objects.for_organisation(membership.organisation)
        .filter(status=ActionStatus.PLANNED, held_on__lt=today)
        .aggregate(count=Count("pk"), oldest=Min("held_on"))
    )
    if not overdue["count"]:
        return []
    url = (
        reverse("inclusion:actions:list")
        + "?"
        + urlencode({"status": ActionStatus.PLANNED, "end": today - datetime.timedelta(days=1)})
    )
    return [
        Item(
            kind="actions_overdue",
            category=gettext_lazy("Planned actions past their date"),
            title=ngettext(
                "%(count)s planned action past its date",
                "%(count)s planned actions past their date",
                overdue["count"],
            )
            % {"count": grouped(overdue["count"])},
            reason=_("Record whether they were held, or cancel them."),
            url=url,
            urgency=Urgency.SOON,
            since=overdue["oldest"],
            stands_for=overdue["count"],
        )
    ]


def trajectory_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Trajectories planned or under way with no change for three months, per job they
    start from. One query."""
    before = add_months(today, -STALE_MONTHS)
    last_change = (
        MobilityTrajectory.history.model.objects.filter(id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    stale = (
        MobilityTrajectory.objects.for_organisation(membership.organisation)
        .filter(status__in=[TrajectoryStatus.PLANNED, TrajectoryStatus.ACTIVE])
        .annotate(last_change=Subquery(last_change))
        .filter(Q(last_change__date__lt=before) | Q(last_change__isnull=True))
        .values_list("from_job_id", "from_job__name", "last_change", "started_on")
        .order_by("from_job__name")
    )
    per_job: dict[int, list] = {}
    for job_id, name, changed, started_on in stale:
        # Without a recorded change (loaded in bulk), the trajectory's start says since when.
        day = timezone.localdate(changed) if changed else started_on
        found = per_job.setdefault(job_id, [name, 0, day])
        found[1] += 1
        if day and (found[2] is None or day < found[2]):
            found[2] = day
    job_link = Links("inclusion:metamorphosis:job")
    return [
        Item(
            kind="trajectory_stale",
            category=gettext_lazy("Mobility trajectories without an update for 3 months"),
            title=name,
            reason=ngettext(
                "%(count)s trajectory from this job has not been updated for three months.",
                "%(count)s trajectories from this job have not been updated for three months.",
                count,
            )
            % {"count": grouped(count)},
            url=job_link(job_id),
            urgency=Urgency.SOON,
            since=oldest,
            stands_for=count,
        )
        for job_id, (name, count, oldest) in per_job.items()
    ]


def vulnerable_job_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Jobs rated vulnerable to digitalisation, with people in them and not one mobility
    trajectory. One query."""
    jobs = (
        Job.objects.for_organisation(membership.organisation)
        .filter(vulnerability__in=[Vulnerability.HIGH, Vulnerability.MEDIUM])
        .exclude(Exists(MobilityTrajectory.objects.filter(from_job=OuterRef("pk"))))
        .annotate(working=count_of(Employee.objects.filter(active=True), "job"))
        .filter(working__gt=0)
        .order_by("vulnerability", "name")
    )
    job_link = Links("inclusion:metamorphosis:job")
    return [
        Item(
            kind="vulnerable_job_without_trajectory",
            category=gettext_lazy("Vulnerable jobs without mobility trajectories"),
            title=job.name,
            reason=ngettext(
                "Vulnerability %(vulnerability)s; %(count)s employee works in it and no "
                "trajectory has started.",
                "Vulnerability %(vulnerability)s; %(count)s employees work in it and no "
                "trajectory has started.",
                job.working,
            )
            % {"vulnerability": job.get_vulnerability_display(), "count": grouped(job.working)},
            url=job_link(job.pk),
            urgency=Urgency.SOON if job.vulnerability == Vulnerability.HIGH else Urgency.WATCH,
        )
        for job in jobs
    ]
