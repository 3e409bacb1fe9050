"""Writes about employees that span several records: erasure (AVG art. 17)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from inclusion import hooks
from inclusion.models import (
    AccessAction,
    AccessLogEntry,
    Assessment,
    Employee,
    MobilityTrajectory,
    PopConversation,
    SkillsAction,
    log_access,
)

# Names are data in the organisation's own language, not words of the interface.
ANONYMOUS_NAME = "Geanonimiseerde medewerker {pk}"
ANONYMOUS_NUMBER = "geanonimiseerd-{pk}"


@transaction.atomic
def employee_anonymise(*, employee: Employee, reason: str, by=None) -> Employee:
    """Remove everything that says who this employee was: name, email address,
    personnel number, manager, the free texts of their POP-gesprekken, trajectories
    and own actions, the earlier versions of those records, and the personnel number
    in earlier access-log entries. What they did stays, without them in it: unit, job,
    assessed levels, actions, POP-gesprekken and trajectories, so that every figure
    stays the same. Irreversible; logged with the reason."""
    if employee.anonymised_at is not None:
        raise ValidationError(_("This employee is anonymised already."))
    if employee.active:
        raise ValidationError(
            _(
                "Only someone who has left can be anonymised: as long as they work here, "
                "the next HR export would bring them back. Mark them as left first."
            )
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for anonymising."))
    pk = employee.pk

    PopConversation.objects.filter(employee=employee).update(agreements="")
    MobilityTrajectory.objects.filter(employee=employee).update(outcome="")
    # Notes of an action about them alone are about them; those of a group stay.
    theirs = SkillsAction.objects.filter(employees=employee).values("pk")
    own = list(
        SkillsAction.objects.filter(pk__in=theirs)
        .annotate(people=Count("employees"))
        .filter(people=1)
        .values_list("pk", flat=True)
    )
    SkillsAction.objects.filter(pk__in=own).update(notes="")
    SkillsAction.history.filter(id__in=own).delete()
    # The earlier versions of their records hold what was just removed.
    Employee.history.filter(id=pk).delete()
    PopConversation.history.filter(employee_id=pk).delete()
    MobilityTrajectory.history.filter(employee_id=pk).delete()
    Assessment.history.filter(employee_id=pk).delete()
    AccessLogEntry.objects.filter(employee=employee).update(
        personnel_number=ANONYMOUS_NUMBER.format(pk=pk)
    )

    employee.name = ANONYMOUS_NAME.format(pk=pk)
    employee.email = ""
    employee.personnel_number = ANONYMOUS_NUMBER.format(pk=pk)
    employee.manager = None
    employee.anonymised_at = timezone.now()
    employee.anonymisation_reason = reason[:300]
    employee.save()
    # Its own first version would hold nothing but this; keep the trail empty.
    Employee.history.filter(id=pk).delete()
    log_access(
        user=by,
        organisation=employee.organisation,
        action=AccessAction.ERASE,
        employee=employee,
        detail=reason,
    )
    for react in hooks.employee_anonymised:
        react(employee)
    return employee
