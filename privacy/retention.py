"""Applying an organisation's retention policy: what would go, and removing it.

Each kind is removed in a transaction of its own, together with its count on the run,
so a kind that fails leaves its records as they were and the others still go. The
removals are bulk statements, a fixed number per kind whatever the number of rows;
only leavers go one by one, through the anonymisation Inclusie owns
(`inclusion.employees.services.employee_anonymise`). Running again the same day
removes nothing more: every kind is "older than", and what is gone or anonymised no
longer matches. Two runs for one organisation at once (the nightly job and the admin's
button) take turns per kind on the organisation's row, so neither counts the other's work.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from functools import partial

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from inclusion.employees.services import employee_anonymise
from inclusion.models import AccessLogEntry, Employee, PopConversation, SkillsAction
from organisations.models import Organisation, User
from privacy.models import (
    RetentionKind,
    RetentionPolicy,
    RetentionRun,
    policy_for,
    start_of,
)
from reports.models import PERSONAL_KINDS, ReportRequest
from twofactor.models import SecondFactorLock, SecondFactorReset

logger = logging.getLogger(__name__)


# What goes: per kind, the rows older than the first day that is kept ---------------------


def _leavers(organisation: Organisation, kept_from: datetime.date) -> list[QuerySet]:
    """Who left before `kept_from` and still has a name. A leaver without a leaving day
    (a record from before the day was asked for) counts from the record's last change,
    which was at or after they left."""
    return [
        Employee.objects.for_organisation(organisation).filter(
            Q(left_on__lt=kept_from) | Q(left_on__isnull=True, updated_at__lt=start_of(kept_from)),
            active=False,
            anonymised_at__isnull=True,
        )
    ]


def _pop_conversations(organisation: Organisation, kept_from: datetime.date) -> list[QuerySet]:
    return [
        PopConversation.objects.for_organisation(organisation)
        .filter(held_on__lt=kept_from)
        .order_by()
    ]


def _access_log(organisation: Organisation, kept_from: datetime.date) -> list[QuerySet]:
    return [
        AccessLogEntry.objects.for_organisation(organisation).filter(at__lt=start_of(kept_from))
    ]


def _hr_reports(organisation: Organisation, kept_from: datetime.date) -> list[QuerySet]:
    """Reports of every kind that names employees, finished (done or failed) before."""
    return [
        ReportRequest.objects.for_organisation(organisation).filter(
            kind__in=PERSONAL_KINDS, finished_at__lt=start_of(kept_from)
        )
    ]


def _login_records(organisation: Organisation, kept_from: datetime.date) -> list[QuerySet]:
    """django-axes' records of the organisation's members, matched by username, and
    their counts of wrong second-step codes. Of a user in several organisations, the
    shortest period decides; records of names that are nobody's member (typos, guesses)
    go at the installation's period (`organisations.security.purge_login_records`).
    Also the organisation's log of second factors reset by its admins."""
    members = User.objects.filter(memberships__organisation=organisation)
    before = start_of(kept_from)
    return [
        *(
            model.objects.filter(username__in=members.values("username"), attempt_time__lt=before)
            for model in (AccessAttempt, AccessFailureLog, AccessLog)
        ),
        SecondFactorLock.objects.filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=before),
            user__in=members.values("pk"),
            last_failed_at__lt=before,
        ),
        SecondFactorReset.objects.for_organisation(organisation).filter(at__lt=before),
    ]


DUE: dict[RetentionKind, Callable[[Organisation, datetime.date], list[QuerySet]]] = {
    RetentionKind.LEAVERS: _leavers,
    RetentionKind.POP_CONVERSATIONS: _pop_conversations,
    RetentionKind.ACCESS_LOG: _access_log,
    RetentionKind.HR_REPORTS: _hr_reports,
    RetentionKind.LOGIN_RECORDS: _login_records,
}


def _count(
    kind: RetentionKind, organisation: Organisation, policy: RetentionPolicy, today: datetime.date
) -> int:
    return sum(query.count() for query in DUE[kind](organisation, policy.kept_from(kind, today)))


def retention_due(
    organisation: Organisation, *, today: datetime.date, policy: RetentionPolicy | None = None
) -> dict[RetentionKind, int]:
    """How many records of each kind would go if the policy were applied on `today`:
    one count per table, never a name."""
    policy = policy if policy is not None else policy_for(organisation)
    return {kind: _count(kind, organisation, policy, today) for kind in RetentionKind}


# Removing -----------------------------------------------------------------------------------


def _remove_leavers(organisation, policy, today, by) -> int:
    """Anonymised, not deleted: what they did stays in every figure, without them in it."""
    kind = RetentionKind.LEAVERS
    # The reason is written into the record and the access log: the organisation's language.
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("The retention period of %(period)s after leaving has passed.") % {
            "period": policy.period_text(kind)
        }
    (leavers,) = DUE[kind](organisation, policy.kept_from(kind, today))
    employees = list(leavers.select_related("organisation").order_by("pk"))
    for employee in employees:
        employee_anonymise(employee=employee, reason=reason, by=by)
    return len(employees)


def _remove_pop_conversations(organisation, policy, today, by) -> int:
    """The conversations and every earlier version of them (their history holds the
    agreements too). Deleted in one statement: through the ORM's delete, the audit
    trail would load each row and write one more version of it, agreements and all."""
    kind = RetentionKind.POP_CONVERSATIONS
    kept_from = policy.kept_from(kind, today)
    (due,) = DUE[kind](organisation, kept_from)
    ids = due.values("pk")
    # What the database's SET NULL would do, before the rows go.
    SkillsAction.objects.filter(pop_conversation__in=ids).update(pop_conversation=None)
    # Also the versions of conversations deleted earlier by hand, held before the same day.
    PopConversation.history.filter(
        Q(id__in=ids) | Q(organisation=organisation, held_on__lt=kept_from)
    ).delete()
    return due._raw_delete(due.db)


def _remove_access_log(organisation, policy, today, by) -> int:
    kind = RetentionKind.ACCESS_LOG
    (due,) = DUE[kind](organisation, policy.kept_from(kind, today))
    _total, per_model = due.delete()
    return per_model.get(AccessLogEntry._meta.label, 0)


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            # The row is gone; the file is found by the operator's storage listing.
            logger.exception("Retention could not delete the report file %s", name)


def _remove_hr_reports(organisation, policy, today, by) -> int:
    """The rows, and their files once the rows' removal has committed: a kind that fails
    keeps its documents."""
    kind = RetentionKind.HR_REPORTS
    (due,) = DUE[kind](organisation, policy.kept_from(kind, today))
    names = list(due.exclude(file="").values_list("file", flat=True))
    _total, per_model = due.delete()
    if names:
        storage = ReportRequest._meta.get_field("file").storage
        transaction.on_commit(partial(_delete_files, storage, names))
    return per_model.get(ReportRequest._meta.label, 0)


def _remove_login_records(organisation, policy, today, by) -> int:
    kind = RetentionKind.LOGIN_RECORDS
    gone = 0
    for due in DUE[kind](organisation, policy.kept_from(kind, today)):
        _total, per_model = due.delete()
        gone += per_model.get(due.model._meta.label, 0)
    return gone


REMOVE: dict[RetentionKind, Callable[..., int]] = {
    RetentionKind.LEAVERS: _remove_leavers,
    RetentionKind.POP_CONVERSATIONS: _remove_pop_conversations,
    RetentionKind.ACCESS_LOG: _remove_access_log,
    RetentionKind.HR_REPORTS: _remove_hr_reports,
    RetentionKind.LOGIN_RECORDS: _remove_login_records,
}


def _take_turn(organisation: Organisation) -> None:
    """Wait for another run of this organisation to finish the kind it is removing."""
    list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("pk"))


def retention_apply(
    *, organisation: Organisation, today: datetime.date, dry_run: bool, by=None
) -> RetentionRun:
    """Apply the organisation's policy as on `today` (or, as a dry run, count what would
    go) and record it as a run. `by` is whoever started it; None for the nightly job."""
    policy = policy_for(organisation)
    run = RetentionRun.objects.create(
        organisation=organisation,
        day=today,
        dry_run=dry_run,
        started_by=by,
        started_by_username=by.get_username() if by is not None else "",
    )
    for kind in RetentionKind:
        try:
            with transaction.atomic():
                if dry_run:
                    count = _count(kind, organisation, policy, today)
                else:
                    _take_turn(organisation)
                    count = REMOVE[kind](organisation, policy, today, by)
                counts = {**run.counts, kind.value: count}
                RetentionRun.objects.filter(pk=run.pk).update(counts=counts)
            run.counts = counts
        except SoftTimeLimitExceeded:
            raise  # out of time: the run stays unfinished, and the page says so
        except Exception:
            logger.exception("Retention of %s failed for organisation %s", kind, organisation.pk)
            run.failed = [*run.failed, kind.value]
            RetentionRun.objects.filter(pk=run.pk).update(failed=run.failed)
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    return run
