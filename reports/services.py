"""Requesting, making, sweeping and mailing reports. The tasks are thin wrappers
around these functions, and `manage.py make_report` calls `make` directly.

The row is the truth: requesting writes it and enqueues its id after the
transaction commits; a broker that cannot be reached leaves it queued for the
sweeper. `make` may be called any number of times for the same id: one process at
a time holds a report (`reports.locks`), a finished report is never made again,
and the file goes to one fixed name, written whole before it is moved there.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import json
import logging
import tempfile
from functools import partial
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import ExtendsNode, IncludeNode
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import get_ns_resolver
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.jobs import enqueue
from reports import locks
from reports.content import CONTENT
from reports.models import (
    PERSONAL_KINDS,
    ReportKind,
    ReportRequest,
    ReportSchedule,
    ReportStage,
    ReportStatus,
)

logger = logging.getLogger(__name__)

# Errors that say "not now" rather than "never": a database or storage that is
# away for a moment. Anything else is a fault in the report and is not retried.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
# A report that took a worker down this often is not tried again.
MAX_ATTEMPTS = 3
# Queued this long after its last enqueue, the broker has probably lost it.
QUEUED_STALE_AFTER = datetime.timedelta(minutes=5)
# Not yet enqueued at all (the broker was away): give the request's own commit a moment.
NEVER_ENQUEUED_AFTER = datetime.timedelta(seconds=20)
# Running without a sign of life for longer than a task may live: its worker died.
RUNNING_STALE_AFTER = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
SWEEP_BATCH = 200


# Requesting ---------------------------------------------------------------------


def default_period(
    organisation, kind: str, programme=None, *, end: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """Until `end` (today unless given), from the day after the previous report's period
    that ended before it, or else from the first of `end`'s month."""
    end = end or timezone.localdate()
    previous = (
        ReportRequest.objects.for_organisation(organisation)
        .filter(kind=kind, programme=programme, status=ReportStatus.DONE, period_end__lt=end)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )
    start = previous + datetime.timedelta(days=1) if previous else end.replace(day=1)
    return start, end


def report_request(
    *,
    organisation,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    programme=None,
    employee=None,
    requested_by=None,
    language: str | None = None,
    annex: bool = False,
    notify: bool = False,
    schedule: ReportSchedule | None = None,
) -> ReportRequest:
    """Save the request and enqueue it once the surrounding transaction has committed."""
    report = ReportRequest.objects.create(
        organisation=organisation,
        kind=kind,
        programme=programme,
        employee=employee,
        period_start=period_start,
        period_end=period_end,
        requested_by=requested_by,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        annex=annex,
        notify=notify,
        schedule=schedule,
    )
    transaction.on_commit(partial(report_enqueue, report.pk))
    return report


def report_make_now(*, worker: str, **fields) -> ReportRequest:
    """Save a request and make it in this process, without the broker: for
    `manage.py make_report` and the demo. The row is committed before it is made."""
    report = ReportRequest.objects.create(**fields)
    return report_make(report.pk, worker=worker)


def report_enqueue(report_id: int) -> bool:
    """Hand the id to the broker. Without a broker the row stays queued for the sweeper."""
    from reports.tasks import make_report

    if not enqueue(make_report, report_id, failing=f"Report {report_id} stays queued"):
        return False
    ReportRequest.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        enqueued_at=timezone.now()
    )
    return True


# Making -------------------------------------------------------------------------


def _step(report: ReportRequest, stage: ReportStage, progress: int) -> None:
    """Say how far the job is; also the sign of life the sweeper looks for."""
    report.stage, report.progress = stage, progress
    ReportRequest.objects.filter(pk=report.pk).update(
        stage=stage, progress=progress, updated_at=timezone.now()
    )


def _finish(report: ReportRequest, status: ReportStatus, **fields) -> None:
    fields |= {"status": status, "finished_at": timezone.now(), "updated_at": timezone.now()}
    ReportRequest.objects.filter(pk=report.pk).update(**fields)
    for name, value in fields.items():
        setattr(report, name, value)


def _fail(report: ReportRequest, message: str) -> None:
    _finish(report, ReportStatus.FAILED, error=message, stage=ReportStage.FINISHED)


def _message(text, report: ReportRequest, **params) -> str:
    """Messages are read by the person who asked, in their language: `text` is lazy,
    and translated (and filled in) here."""
    with translation.override(report.language):
        return str(text) % params if params else str(text)


def report_make(
    report_id: int, *, worker: str = "", may_retry: bool = False
) -> ReportRequest | None:
    """Make the report `report_id` unless it is finished or being made elsewhere.

    Returns the report (None when another process holds it or it no longer exists).
    With `may_retry`, a transient error puts the report back in the queue and is
    raised for the caller to retry; otherwise every error ends in a failed report
    with a message for the user.
    """
    with locks.exclusive(report_id) as mine:
        if not mine:
            logger.info("Report %s is being made by another worker", report_id)
            return None
        report = (
            ReportRequest.objects.select_related("organisation", "programme", "requested_by")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.status in (ReportStatus.DONE, ReportStatus.FAILED):
            return report
        if report.attempts >= MAX_ATTEMPTS:
            _fail(
                report,
                _message(
                    gettext_lazy(
                        "The report could not be made: the work stopped %(attempts)s times "
                        "without finishing. Please ask your administrator to look at the "
                        "worker's log."
                    ),
                    report,
                    attempts=report.attempts,
                ),
            )
            return report

        now = timezone.now()
        report.status = ReportStatus.RUNNING
        report.attempts += 1
        report.worker = worker[:200]
        report.started_at = now
        report.error = ""
        ReportRequest.objects.filter(pk=report.pk).update(
            status=report.status,
            attempts=report.attempts,
            worker=report.worker,
            started_at=now,
            error="",
            updated_at=now,
        )
        try:
            _build(report)
        except SoftTimeLimitExceeded:
            logger.warning("Report %s took longer than its time limit", report_id)
            _fail(
                report,
                _message(
                    gettext_lazy(
                        "Making the report took longer than allowed. Try a shorter period, "
                        "or ask your administrator."
                    ),
                    report,
                ),
            )
        except TRANSIENT_ERRORS:
            logger.warning("Report %s met a transient error", report_id, exc_info=True)
            if may_retry:
                _queue_again(report)
                raise
            _fail(
                report,
                _message(
                    gettext_lazy(
                        "The report could not be made because a service was not available. "
                        "Please request it again in a few minutes."
                    ),
                    report,
                ),
            )
        except Exception:
            logger.exception("Report %s could not be made", report_id)
            _fail(
                report,
                _message(
                    gettext_lazy(
                        "Something went wrong while making the report. It has been logged; "
                        "please request it again, and ask your administrator if it fails again."
                    ),
                    report,
                ),
            )
        return report


def _queue_again(report: ReportRequest) -> None:
    try:
        ReportRequest.objects.filter(pk=report.pk, status=ReportStatus.RUNNING).update(
            status=ReportStatus.QUEUED,
            stage=ReportStage.RETRYING,
            progress=0,
            updated_at=timezone.now(),
        )
    except (OperationalError, InterfaceError):
        # The database itself is away: the row stays running, and the sweeper
        # enqueues it again once it has been quiet for too long.
        logger.warning("Report %s could not be put back in the queue", report.pk)


def worker_prepare() -> None:
    """What a worker process does once, when it starts, so that its first report costs
    no more than the next: the renderer prepared (`reports.pdf.prepare`) and every kind's
    template compiled into the template cache, with what it extends and includes
    (compiling them took a fifth of a second, as long as the rest of a small report's HTML);
    then what it has loaded is frozen out of the cycle collector's walks (`gc.freeze`)."""
    from reports import pdf

    pdf.prepare()
    # The URLconf imported and indexed: the evidence a snapshot reads links to its pages,
    # and the first reverse() in a process imports every app's views (half a second, a
    # third of a small report's time), then indexes the app's own URLconf the first time
    # it reverses a name in it, in each language (a third of the demo's snapshot).
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            _urls_index(get_resolver())
    compiled: set[str] = set()
    for content in CONTENT.values():
        _template_compile(content.template, compiled)
    # What the process holds now (Django, WeasyPrint, the fonts, the templates) stays for
    # its life: kept out of the cycle collector's walks, which then look at each report's
    # own objects only (the collection after a large report: 0.19 -> 0.11 s).
    gc.collect()
    gc.freeze()


def _urls_index(resolver: URLResolver, pattern: str = "", converters=None) -> None:
    """What reverse() indexes in the active language the first time it reverses a name:
    `resolver`'s names, and for every URLconf it includes under a namespace, the resolver
    reverse() makes for the namespace's pattern (`get_ns_resolver`, kept per pattern),
    whose index holds every name under it again; then the same for the URLconfs included
    in that one."""
    resolver.reverse_dict  # noqa: B018 (read for what reading it indexes)
    for extra, included in resolver.namespace_dict.values():
        nested = {**(converters or {}), **included.pattern.converters}
        get_ns_resolver(pattern + extra, included, tuple(nested.items())).reverse_dict  # noqa: B018
        _urls_index(included, pattern + extra, nested)


def _template_compile(name: str, compiled: set[str]) -> None:
    """Compile `name` and, by their fixed names, the templates it extends or includes."""
    if name in compiled:
        return
    compiled.add(name)
    nodes = get_template(name).template.nodelist.get_nodes_by_type((ExtendsNode, IncludeNode))
    for node in nodes:
        named = node.parent_name if isinstance(node, ExtendsNode) else node.template
        # A name worked out while rendering is compiled then, as before.
        if isinstance(named.var, str) and not named.filters:
            _template_compile(named.var, compiled)


def _build(report: ReportRequest) -> None:
    # Imported here: the web process, which imports this module to request
    # reports, never loads WeasyPrint.
    from reports import pdf

    content = CONTENT[ReportKind(report.kind)]
    with translation.override(report.language):
        _step(report, ReportStage.COLLECTING, 10)
        # Through JSON at once, so that this report reads its figures exactly as the
        # next one will read them from the database.
        snapshot = json.loads(json.dumps(content.snapshot(report), cls=DjangoJSONEncoder))
        # Personal data the document shows but the row never keeps.
        names = content.names(report, snapshot)
        _step(report, ReportStage.COMPOSING, 35)
        previous = report.previous()
        # Made from the snapshot alone: the document says what its stored figures say.
        html = render_to_string(
            content.template, content.context(report, snapshot, previous, names=names)
        )
        _step(report, ReportStage.LAYOUT, 45)
        with tempfile.TemporaryDirectory(dir=settings.FILE_UPLOAD_TEMP_DIR) as folder:
            path = Path(folder) / "report.pdf"
            rendered = pdf.render(
                html,
                path,
                theme_colour=report.organisation.colour,
                stylesheets=tuple(content.stylesheets),
                laid_out=lambda pages: _step(report, ReportStage.WRITING, 80),
            )
            _step(report, ReportStage.STORING, 92)
            _store(report, path, rendered.page_count, snapshot)


class _WrittenFile(File):
    """A finished file on local disk: storages that can, move it instead of copying."""

    def temporary_file_path(self) -> str:
        return self.file.name


def _store(report: ReportRequest, path: Path, page_count: int, snapshot: dict) -> None:
    digest = hashlib.sha256()
    with path.open("rb") as written:
        for chunk in iter(partial(written.read, 1 << 16), b""):
            digest.update(chunk)
    size = path.stat().st_size
    name = report.storage_name()
    storage = report.file.storage
    with transaction.atomic():
        row = ReportRequest.objects.select_for_update().get(pk=report.pk)
        if row.status == ReportStatus.DONE:
            return
        # A fixed name: an earlier, interrupted attempt's file is replaced, never kept beside.
        if storage.exists(name):
            storage.delete(name)
        with path.open("rb") as written:
            saved = storage.save(name, _WrittenFile(written, name=report.filename()))
        _finish(
            report,
            ReportStatus.DONE,
            stage=ReportStage.FINISHED,
            progress=100,
            file=saved,
            page_count=page_count,
            size=size,
            checksum=digest.hexdigest(),
            snapshot=snapshot,
            error="",
        )
        if report.notify or report.schedule_id:
            transaction.on_commit(partial(notification_enqueue, report.pk))


# Sweeping and schedules ---------------------------------------------------------


def reports_sweep(now: datetime.datetime | None = None) -> list[int]:
    """Enqueue again what the broker lost: queued too long, or running without a sign of life."""
    now = now or timezone.now()
    stale = ReportRequest.objects.filter(
        Q(
            status=ReportStatus.QUEUED,
            enqueued_at__isnull=True,
            created_at__lt=now - NEVER_ENQUEUED_AFTER,
        )
        | Q(status=ReportStatus.QUEUED, enqueued_at__lt=now - QUEUED_STALE_AFTER)
        | Q(status=ReportStatus.RUNNING, updated_at__lt=now - RUNNING_STALE_AFTER)
    ).order_by("created_at")
    ids = list(stale.values_list("pk", flat=True)[:SWEEP_BATCH])
    for report_id in ids:
        if not report_enqueue(report_id):
            break  # the broker is still away; the next sweep tries again
    return ids


def schedules_run(today: datetime.date | None = None) -> list[ReportRequest]:
    """Request each active schedule's report for the previous month, once, on or after its day."""
    today = today or timezone.localdate()
    period_start, period_end = ReportSchedule.period_for(today)
    made = []
    due = (
        ReportSchedule.objects.filter(active=True, day_of_month__lte=today.day)
        .exclude(reports__period_start=period_start)
        .select_related("organisation", "programme")
    )
    for schedule in due:
        try:
            with transaction.atomic():
                made.append(
                    report_request(
                        organisation=schedule.organisation,
                        kind=schedule.kind,
                        programme=schedule.programme,
                        period_start=period_start,
                        period_end=period_end,
                        language=schedule.language,
                        schedule=schedule,
                    )
                )
        except IntegrityError:
            continue  # made by a beat that looked at the same moment
    return made


# Telling people -----------------------------------------------------------------


def notification_enqueue(report_id: int) -> None:
    from reports.tasks import send_report_link

    enqueue(send_report_link, report_id, failing=f"The email for report {report_id} is missed")


def report_recipients(report: ReportRequest) -> list[str]:
    if report.schedule_id and report.schedule:
        return report.schedule.recipient_addresses()
    if report.notify and report.requested_by and report.requested_by.email:
        return [report.requested_by.email]
    return []


def report_send_link(report_id: int) -> bool:
    """Mail a link (never the file) to whoever should know; at most once per report."""
    with transaction.atomic():
        report = (
            ReportRequest.objects.select_for_update(of=("self",))
            .select_related("organisation", "schedule", "requested_by")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.status != ReportStatus.DONE or report.notified_at:
            return False
        addresses = report_recipients(report)
        if not addresses:
            return False
        url = settings.MENSENWERK_BASE_URL.rstrip("/") + reverse("reports:detail", args=[report.pk])
        with translation.override(report.language):
            subject = _("%(title)s of %(organisation)s is ready") % {
                "title": report.title,
                "organisation": report.organisation.name,
            }
            body = render_to_string("reports/email/ready.txt", {"report": report, "url": url})
        send_mail(subject, body, None, addresses)
        report.notified_at = timezone.now()
        report.save(update_fields=["notified_at"])
    return True


def reports_naming_delete(employee) -> int:
    """Delete the documents that name an employee who is being anonymised, files and
    all: the anonymisation would otherwise leave their name in a PDF. The number gone."""
    doomed = [
        report
        for report in ReportRequest.objects.for_organisation(employee.organisation)
        .filter(kind__in=PERSONAL_KINDS)
        .only("pk", "kind", "snapshot", "file")
        if employee.pk in CONTENT[ReportKind(report.kind)].named(report.snapshot or {})
    ]
    for report in doomed:
        if report.file:
            # After the commit: a rolled-back anonymisation keeps its documents.
            transaction.on_commit(partial(report.file.storage.delete, report.file.name))
    ReportRequest.objects.filter(pk__in=[report.pk for report in doomed]).delete()
    return len(doomed)
