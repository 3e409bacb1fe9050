"""Housekeeping that beat starts: thin wrappers around `organisations.security`."""

from celery import shared_task

from organisations import security


@shared_task
def clear_expired_sessions() -> int:
    return security.clear_expired_sessions()


@shared_task
def purge_login_records() -> int:
    return security.purge_login_records()


@shared_task
def send_weekly_digests() -> int:
    """One task per recipient, so that one failing mail server call fails one digest."""
    from organisations.digest import digest_recipients

    user_ids = list(digest_recipients().values_list("pk", flat=True))
    for user_id in user_ids:
        send_digest.delay(user_id)
    return len(user_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=60, retry_jitter=True, max_retries=5)
def send_digest(user_id: int) -> bool:
    from organisations.digest import digest_send

    return digest_send(user_id=user_id)
