"""Rate limits: per token when a token is used (two scripts of one person do not
share one budget), per user for the browser, per address for the anonymous."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import PersonalAccessToken


class _Throttle(SimpleRateThrottle):
    def get_rate(self):
        # Read on each request, so that a changed setting (a test) takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class ReadThrottle(_Throttle):
    scope = "api"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, PersonalAccessToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"anon-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class WriteThrottle(ReadThrottle):
    """Writes have a budget of their own: a bulk import must not starve the reads."""

    scope = "api_write"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)
