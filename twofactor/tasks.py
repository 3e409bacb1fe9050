"""Thin wrappers around `twofactor.services` for the worker."""

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=60, retry_jitter=True, max_retries=5)
def send_reset_notice(reset_id: int) -> bool:
    from twofactor.services import reset_notice_send

    return reset_notice_send(reset_id)
