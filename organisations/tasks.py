"""Housekeeping that beat starts: thin wrappers around `organisations.security`."""

from celery import shared_task

from organisations import security


@shared_task
def clear_expired_sessions() -> int:
    return security.clear_expired_sessions()


@shared_task
def purge_login_records() -> int:
    return security.purge_login_records()
