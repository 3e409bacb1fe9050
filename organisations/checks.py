"""System checks for settings that are easy to get wrong in an environment file."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.checks import Error, register


@register()
def security_settings(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    if settings.TRUSTED_PROXY_COUNT < 0:
        errors.append(
            Error(
                "DJANGO_TRUSTED_PROXY_COUNT cannot be negative.",
                hint="0 when clients connect directly, else the number of proxies in front.",
                id="organisations.E002",
            )
        )
    retention = timedelta(days=settings.LOGIN_RECORDS_RETENTION_DAYS)
    if retention < settings.AXES_COOLOFF_TIME:
        errors.append(
            Error(
                "LOGIN_RECORDS_RETENTION_DAYS is shorter than the lockout: a locked account "
                "would be unlocked by the nightly clean-up.",
                hint="Keep login records at least as long as AXES_COOLOFF_MINUTES.",
                id="organisations.E003",
            )
        )
    return errors
