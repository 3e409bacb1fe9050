"""Digital-skills actions and POP-gesprekken: the services that change them. Each
writes its rows and their access-log entries in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from adoption.models import TrainingSession
from inclusion.models import (
    AccessAction,
    AccessLogEntry,
    ActionDays,
    ActionKind,
    ActionStatus,
    Competence,
    Employee,
    PopConversation,
    SkillsAction,
)
from organisations.models import Organisation, OrganisationUnit, User
from transformation.models import Initiative

# --- Logging actions ----------------------------------------------------------------------------


def _log_each(*, user, organisation, action: str, employees: Iterable[Employee], detail: str):
    """One access-log entry per employee whose record changed, in one query."""
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry.new(
            organisation=organisation, user=user, employee=employee, action=action, detail=detail
        )
        for employee in employees
    )


# What the form for logging an action (SkillsActionForm) hands on, as the service names it.
ENTERED_FIELDS = (
    "kind",
    "held_on",
    "employees",
    "unit",
    "whole_unit",
    "competences",
    "hours",
    "status",
    "notes",
    "initiative",
)


def skills_action_log_entered(
    *, organisation: Organisation, by: User, entered: dict
) -> SkillsAction:
    """Log the action as SkillsActionForm cleaned it: on the page, and in the API,
    whose serializer checks it with the same form."""
    return skills_action_log(
        organisation=organisation, by=by, **{name: entered[name] for name in ENTERED_FIELDS}
    )


@transaction.atomic
def skills_action_log(
    *,
    organisation: Organisation,
    by: User,
    kind: str,
    held_on: datetime.date,
    employees: Iterable[Employee] = (),
    unit: OrganisationUnit | None = None,
    whole_unit: bool = False,
    competences: Iterable[Competence] = (),
    hours: Decimal | None = None,
    status: str = ActionStatus.DONE,
    notes: str = "",
    initiative: Initiative | None = None,
) -> SkillsAction:
    """Log one action. For a whole unit, the action is linked to the unit and to all
    its employees who work here at this moment; later joiners are not included."""
    if whole_unit:
        if unit is None:
            raise ValueError("A whole-unit action needs the unit.")
        employees = list(_working_in(organisation, unit))
    else:
        employees = list(employees)
        unit = None
    action = SkillsAction(
        organisation=organisation,
        kind=kind,
        unit=unit,
        held_on=held_on,
        hours=hours,
        status=status,
        notes=notes,
        initiative=initiative,
        created_by=by,
    )
    action._history_user = by
    action.save()
    action.employees.set(employees)
    competences = list(competences)
    if competences:
        action.competences.set(competences)
    _log_each(
        user=by,
        organisation=organisation,
        action=AccessAction.CREATE,
        employees=employees,
        detail=_("digital-skills action: %(action)s") % {"action": action},
    )
    action.logged_employees = employees
    return action


def _working_in(organisation, unit: OrganisationUnit):
    """Who a whole-unit action is for: the unit's employees who work here today."""
    return Employee.objects.for_organisation(organisation).active().filter(unit=unit)


@transaction.atomic
def skills_action_update(
    *,
    action: SkillsAction,
    by: User,
    kind: str,
    held_on: datetime.date,
    employees: Iterable[Employee] = (),
    unit: OrganisationUnit | None = None,
    whole_unit: bool = False,
    competences: Iterable[Competence] = (),
    hours: Decimal | None = None,
    status: str = ActionStatus.DONE,
    notes: str = "",
    initiative: Initiative | None = None,
) -> SkillsAction:
    """Correct an action. A whole-unit action for the same unit keeps the employees it was
    logged for; for another unit it gets that unit's employees of today. The trail keeps
    the fields; the access log, each employee the action was or now is for."""
    before = set(action.employees.all())
    if whole_unit:
        if unit is None:
            raise ValueError("A whole-unit action needs the unit.")
        if unit.pk == action.unit_id:
            after = before
        else:
            after = set(_working_in(action.organisation_id, unit))
    else:
        after = set(employees)
        unit = None
    action.kind, action.held_on, action.unit = kind, held_on, unit
    action.hours, action.status, action.notes = hours, status, notes
    action.initiative = initiative
    action._history_user = by
    action.save()
    if after != before:
        action.employees.set(after)
    action.competences.set(list(competences))
    _log_each(
        user=by,
        organisation=action.organisation,
        action=AccessAction.UPDATE,
        employees=sorted(before | after, key=lambda e: e.pk),
        detail=_("digital-skills action changed: %(action)s") % {"action": action},
    )
    return action


@transaction.atomic
def skills_action_delete(*, action: SkillsAction, by: User, reason: str) -> None:
    """Delete an action; its history keeps the last version, who deleted it and why, and
    the access log says so for each of its employees."""
    employees = list(action.employees.all())
    _log_each(
        user=by,
        organisation=action.organisation,
        action=AccessAction.UPDATE,
        employees=employees,
        detail=_("digital-skills action deleted: %(action)s. Reason: %(reason)s")
        % {"action": action, "reason": reason},
    )
    action._history_user = by
    action._change_reason = reason
    action.delete()


@transaction.atomic
def skills_actions_set_status(
    *, actions: Iterable[SkillsAction], status: str, by: User
) -> list[SkillsAction]:
    """Give the actions `status`, each change in its trail; returns those that changed.
    Done is never in the future: a planned action dated later stays as it is."""
    today = timezone.localdate()
    changed = [
        action
        for action in actions
        if action.status != status and not (status == ActionStatus.DONE and action.held_on > today)
    ]
    if not changed:
        return []
    for action in changed:
        action.status = status
    bulk_update_with_history(changed, SkillsAction, ["status"], default_user=by)
    employees = Employee.objects.filter(skills_actions__in=changed).distinct().order_by("pk")
    # Saved in bulk, past SkillsAction.save(): the days of their employees.
    ActionDays.keep(employees)
    _log_each(
        user=by,
        organisation=changed[0].organisation,
        action=AccessAction.UPDATE,
        employees=employees,
        detail=ngettext(
            "digital-skills action %(status)s: %(action)s",
            "%(count)s digital-skills actions %(status)s",
            len(changed),
        )
        % {"status": ActionStatus(status).label, "action": changed[0], "count": len(changed)},
    )
    return changed


# --- Training attendance ------------------------------------------------------------------------


@transaction.atomic
def training_attendance_save(
    *,
    session: TrainingSession,
    attendees: Iterable[Employee],
    shown: Iterable[Employee],
    by: User,
) -> SkillsAction:
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
        action = SkillsAction(
            organisation=session.organisation,
            kind=ActionKind.TRAINING,
            status=ActionStatus.DONE,
            held_on=session.held_on,
            training_session=session,
            notes=session.title,
            created_by=by,
        )
        action._history_user = by
        action.save()
    else:
        action.held_on = session.held_on
        action.kind = ActionKind.TRAINING
        action.status = ActionStatus.DONE
        action._history_user = by
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
def pop_conversation_save(
    *, pop: PopConversation, linked_actions: Iterable[SkillsAction], by: User
) -> PopConversation:
    """Save a POP-gesprek and the actions agreed in it (only that employee's)."""
    created = pop.pk is None
    pop._history_user = by
    pop.save()
    linked = [a.pk for a in linked_actions]
    # Saved with their history: which POP-gesprek an action was agreed in is in the trail.
    unlinked = list(SkillsAction.objects.filter(pop_conversation=pop).exclude(pk__in=linked))
    newly_linked = list(
        SkillsAction.objects.filter(pk__in=linked, employees=pop.employee).exclude(
            pop_conversation=pop
        )
    )
    for action in unlinked:
        action.pop_conversation = None
    for action in newly_linked:
        action.pop_conversation = pop
    bulk_update_with_history(
        [*unlinked, *newly_linked], SkillsAction, ["pop_conversation"], default_user=by
    )
    AccessLogEntry.objects.create(
        organisation=pop.organisation,
        user=by,
        employee=pop.employee,
        personnel_number=pop.employee.personnel_number,
        action=AccessAction.CREATE if created else AccessAction.UPDATE,
        detail=_("POP-gesprek %(year)s") % {"year": pop.year},
    )
    return pop
