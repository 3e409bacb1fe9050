from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from organisations.models import Membership

if TYPE_CHECKING:
    from django.http import HttpRequest

SESSION_KEY = "organisation_id"


class Workspace:
    """The organisation a user works in now, chosen explicitly and kept in the session.

    Loaded lazily and with one query, so pages that never ask cost nothing.
    """

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @cached_property
    def memberships(self) -> list[Membership]:
        user = self.request.user
        if not user.is_authenticated:
            return []
        return list(
            Membership.objects.filter(user=user)
            .select_related("organisation")
            .order_by("organisation__name")
        )

    @cached_property
    def membership(self) -> Membership | None:
        chosen = self.request.session.get(SESSION_KEY)
        for membership in self.memberships:
            if membership.organisation_id == chosen:
                return membership
        # With only one organisation there is nothing to choose.
        if len(self.memberships) == 1:
            return self.memberships[0]
        return None

    @property
    def organisation(self):
        return self.membership.organisation if self.membership else None

    def can(self, perm) -> bool:
        """Whether the current membership grants `perm`; for showing or hiding parts
        of a page (views are guarded by `@require`)."""
        from organisations.permissions import can

        return can(self.membership, perm)

    def switch_to(self, membership: Membership) -> None:
        self.request.session[SESSION_KEY] = membership.organisation_id
        self.__dict__["membership"] = membership


class CurrentOrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.workspace = Workspace(request)
        return self.get_response(request)


class DutchFirstLocaleMiddleware:
    """Dutch unless the user chose otherwise with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which in
    many offices is English; the people who use Mensenwerk work in Dutch.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` (Django has no setting of its own for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
