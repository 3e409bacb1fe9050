"""Who is knocking, and what is kept of it.

The client address decides login lockouts (django-axes locks a username from an
address). Behind a reverse proxy every request arrives from the proxy, so the
address must come from `X-Forwarded-For` — but only the part that our own
proxies wrote: anything to the left of it is whatever the client chose to send.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

if TYPE_CHECKING:
    from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client, counting `TRUSTED_PROXY_COUNT` proxies from our side.

    Each proxy appends the address it received the request from to
    `X-Forwarded-For`; the last proxy's own address is `REMOTE_ADDR`. With N trusted
    proxies the client is therefore the N-th address from the right of
    `X-Forwarded-For`. With none, the header is ignored entirely.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return _valid(remote) if remote else None
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) >= proxies:
        return _valid(forwarded[-proxies]) or _valid(remote)
    # Fewer hops than proxies configured: the request did not come through all of
    # them, so the leftmost address is the nearest thing to a client we have.
    return _valid(forwarded[0]) if forwarded else _valid(remote)


def clear_expired_sessions() -> int:
    """Remove sessions past their expiry (what `manage.py clearsessions` does)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def purge_login_records() -> int:
    """Remove django-axes' records of logins and failures older than the retention.

    They hold addresses and browser strings, which are personal data: kept long enough
    to investigate an incident, no longer. A lock never outlives its cool-off, and the
    retention is at least that long (a system check makes sure).
    """
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = timezone.now() - timedelta(days=settings.LOGIN_RECORDS_RETENTION_DAYS)
    deleted = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        count, _ = model.objects.filter(attempt_time__lt=cutoff).delete()
        deleted += count
    return deleted
