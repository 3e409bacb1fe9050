"""Celery tasks: thin wrappers that take ids and call `reports.services`."""

from __future__ import annotations

import logging
import os

from celery import shared_task
from celery.signals import worker_process_init

from reports import services

logger = logging.getLogger(__name__)


@worker_process_init.connect
def prepare_worker(**_kwargs) -> None:
    """Each worker process loads WeasyPrint, the fonts and the stylesheets and compiles
    the reports' templates once, when it starts, rather than with its first report (the
    web process never imports WeasyPrint). Only a head start: should it fail, the worker
    still starts and its first report loads them."""
    try:
        services.worker_prepare()
    except Exception:
        logger.exception("The worker could not be prepared for its reports")


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=240,
    time_limit=300,
    max_retries=4,
)
def make_report(self, report_id: int) -> None:
    may_retry = not self.request.is_eager and self.request.retries < self.max_retries
    try:
        services.report_make(
            report_id, worker=f"{self.request.hostname}:{os.getpid()}", may_retry=may_retry
        )
    except services.TRANSIENT_ERRORS as error:
        # Back off: 10 s, 20 s, 40 s, 80 s (well inside the broker's visibility timeout).
        raise self.retry(exc=error, countdown=10 * 2**self.request.retries) from error


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_report_link(report_id: int) -> None:
    services.report_send_link(report_id)


@shared_task
def sweep_reports() -> None:
    services.reports_sweep()


@shared_task
def make_scheduled_reports() -> None:
    services.schedules_run()
