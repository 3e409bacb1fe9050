"""Digital-skills actions and POP-gesprekken: the services that change them and the
reads other parts use (POP coverage per unit for dashboards and the lessons).

Every read here runs a fixed number of queries, however many employees there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from inclusion.models import (
    AccessAction,
    AccessLogEntry,
    ActionKind,
    ActionStatus,
    Employee,
    PopConversation,
    SkillsAction,
    min_group_size,
)
from organisations.models import OrganisationUnit

# --- Logging actions ----------------------------------------------------------------------------


def _log_each(*, user, organisation, action: str, employees: Iterable[Employee], detail: str):
    """One access-log entry per employee whose record changed, in one query."""
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            organisation=organisation,
            user=user,
            employee=employee,
            personnel_number=employee.personnel_number,
            action=action,
            detail=detail[:300],
        )
        for employee in employees
    )


@transaction.atomic
def log_action(
    *,
    organisation,
    created_by,
    kind: str,
    held_on,
    employees: Iterable[Employee] = (),
    unit: OrganisationUnit | None = None,
    whole_unit: bool = False,
    competences: Iterable = (),
    hours=None,
    status: str = ActionStatus.DONE,
    notes: str = "",
) -> SkillsAction:
    """Log one action. For a whole unit, the action is linked to the unit and to all
    its employees who work here at this moment; later joiners are not included."""
    if whole_unit:
        if unit is None:
            raise ValueError("A whole-unit action needs the unit.")
        employees = list(Employee.objects.for_organisation(organisation).active().filter(unit=unit))
    else:
        employees = list(employees)
        unit = None
    action = SkillsAction.objects.create(
        organisation=organisation,
        kind=kind,
        unit=unit,
        held_on=held_on,
        hours=hours,
        status=status,
        notes=notes,
        created_by=created_by,
    )
    action.employees.set(employees)
    competences = list(competences)
    if competences:
        action.competences.set(competences)
    _log_each(
        user=created_by,
        organisation=organisation,
        action=AccessAction.CREATE,
        employees=employees,
        detail=_("digital-skills action: %(action)s") % {"action": action},
    )
    action.logged_employees = employees
    return action


# --- Training attendance ------------------------------------------------------------------------


@transaction.atomic
def training_attendance_save(*, session, attendees: Iterable[Employee], shown, by) -> SkillsAction:
    """Attendance of an adoption training session, per employee.

    `shown` are the employees the form listed: only their ticks change; those
    ticked before but not shown (another unit, or since left) stay. The session
    has one training action whose employees are the attendees, and its
    attendance count follows them.
    """
    action = (
        SkillsAction.objects.select_for_update()
        .filter(training_session=session)
        .prefetch_related("employees")
        .first()
    )
    before = set(action.employees.all()) if action else set()
    shown = set(shown)
    after = (before - shown) | set(attendees)
    if action is None:
        action = SkillsAction.objects.create(
            organisation=session.organisation,
            kind=ActionKind.TRAINING,
            status=ActionStatus.DONE,
            held_on=session.held_on,
            training_session=session,
            notes=session.title,
            created_by=by,
        )
    else:
        action.held_on = session.held_on
        action.kind = ActionKind.TRAINING
        action.status = ActionStatus.DONE
        action.save(update_fields=["held_on", "kind", "status"])
    action.employees.set(after)
    session.attendance = len(after)
    session.save(update_fields=["attendance"])
    detail = _("attendance of the training %(title)s") % {"title": session.title}
    _log_each(
        user=by,
        organisation=session.organisation,
        action=AccessAction.UPDATE,
        employees=(after ^ before),
        detail=detail,
    )
    return action


# --- POP-gesprekken -----------------------------------------------------------------------------


@transaction.atomic
def pop_save(
    *, pop: PopConversation, linked_actions: Iterable[SkillsAction], by
) -> PopConversation:
    """Save a POP-gesprek and the actions agreed in it (only that employee's)."""
    created = pop.pk is None
    pop.save()
    linked = [a.pk for a in linked_actions]
    SkillsAction.objects.filter(pop_conversation=pop).exclude(pk__in=linked).update(
        pop_conversation=None
    )
    SkillsAction.objects.filter(pk__in=linked, employees=pop.employee).update(pop_conversation=pop)
    AccessLogEntry.objects.create(
        organisation=pop.organisation,
        user=by,
        employee=pop.employee,
        personnel_number=pop.employee.personnel_number,
        action=AccessAction.CREATE if created else AccessAction.UPDATE,
        detail=_("POP-gesprek %(year)s") % {"year": pop.year},
    )
    return pop


# --- POP coverage: seed 000's fourth intervention, measured --------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How many of a group's employees who work here had this year's POP-gesprek,
    and in how many of them digital skills came up.

    `small` says the group is smaller than the organisation's smallest group
    shown: then only those who may see individuals see its figures.
    """

    active: int
    held: int
    covered: int
    small: bool
    threshold: int
    unit: OrganisationUnit | None = None

    @property
    def share(self) -> float | None:
        """Covered as a fraction of the employees who work here (0 to 1)."""
        return self.covered / self.active if self.active else None

    @property
    def percentage(self) -> int | None:
        share = self.share
        return round(share * 100) if share is not None else None


def _counts(prefix: str, year: int) -> dict:
    active = Q(**{f"{prefix}active": True})
    this_year = Q(**{f"{prefix}pop_conversations__year": year})
    skills = Q(**{f"{prefix}pop_conversations__digital_skills": True})
    field = prefix.rstrip("_") or "pk"
    return {
        "active_count": Count(field, filter=active, distinct=True),
        "held_count": Count(field, filter=active & this_year, distinct=True),
        "covered_count": Count(field, filter=active & this_year & skills, distinct=True),
    }


def pop_coverage(organisation, year: int) -> list[Coverage]:
    """POP coverage per unit with employees who work here, by unit name: two queries."""
    threshold = min_group_size(organisation)
    units = (
        OrganisationUnit.objects.for_organisation(organisation)
        .annotate(**_counts("employees__", year))
        .filter(active_count__gt=0)
        .order_by("name", "pk")
    )
    return [
        Coverage(
            unit=unit,
            active=unit.active_count,
            held=unit.held_count,
            covered=unit.covered_count,
            small=unit.active_count < threshold,
            threshold=threshold,
        )
        for unit in units
    ]


def pop_coverage_total(organisation, year: int) -> Coverage:
    """POP coverage of the whole organisation, employees without a unit included: two queries."""
    threshold = min_group_size(organisation)
    counts = Employee.objects.for_organisation(organisation).aggregate(**_counts("", year))
    return Coverage(
        active=counts["active_count"],
        held=counts["held_count"],
        covered=counts["covered_count"],
        small=counts["active_count"] < threshold,
        threshold=threshold,
    )
