"""Nobody whose second factor is required gets past the login without it."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, resolve_url
from django.urls import Resolver404, resolve
from django_htmx.http import HttpResponseClientRedirect
from django_otp import user_has_device

from twofactor.models import required_by_role, required_or_chosen
from twofactor.views import is_verified, with_next

if TYPE_CHECKING:
    from django.http import HttpRequest

# Pages an unverified session may still open: the second step itself, leaving, the
# language of those pages, and what load balancers and monitoring ask.
ALLOWED_URL_NAMES = frozenset({"logout", "set_language", "healthz", "readyz"})
ALLOWED_NAMESPACE = "twofactor"
# Whether a session needs no second factor beyond what its roles ask (note_at_login).
OPTIONAL_SESSION_KEY = "twofactor_optional"


def _allowed_path(path: str) -> bool:
    if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return True  # a 404 shows nothing
    return match.url_name in ALLOWED_URL_NAMES or ALLOWED_NAMESPACE in match.namespaces


def _in_the_api(path: str) -> bool:
    try:
        return "api" in resolve(path).namespaces
    except Resolver404:
        return False


def note_at_login(sender, request, user, **kwargs) -> None:
    """At login (user_logged_in): whether a policy or the user's own choice asks for a
    second factor. One query a session instead of one a page; a policy switched on holds
    from the members' next login."""
    if request is not None and hasattr(request, "session"):
        request.session[OPTIONAL_SESSION_KEY] = not required_or_chosen(user)


def _required(request: HttpRequest) -> bool:
    # The roles are read on every request (the workspace has them anyway): a new role
    # counts at once.
    if required_by_role(request.user, request.workspace.memberships):
        return True
    optional = request.session.get(OPTIONAL_SESSION_KEY)
    if optional is None:  # a session from before this rule, or made without a login
        optional = not required_or_chosen(request.user)
        request.session[OPTIONAL_SESSION_KEY] = optional
    return not optional


class SecondFactorMiddleware:
    """Sends a logged-in user whose second factor is required (superusers, HR advisers,
    organisation admins, every role of an organisation whose policy says so, and whoever
    set one up) to set it up or to type its code, before any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = request.user
        if not user.is_authenticated or is_verified(request):
            return self.get_response(request)
        if "Authorization" in request.headers and _in_the_api(request.path_info):
            # The API's own token decides who calls; the session, short of its second
            # factor, counts for nothing (DRF would otherwise fall back to it). Only in the
            # API: a proxy's Basic authentication in front of the site sends the header on
            # every page.
            request.user = AnonymousUser()
            return self.get_response(request)
        if not _required(request):
            return self.get_response(request)
        if _allowed_path(request.path_info):
            # The second step's own pages show no navigation: every link would lead back.
            request.second_step_pending = True
            return self.get_response(request)
        step = "twofactor:verify" if user_has_device(user) else "twofactor:enrol"
        # Where the user was going; for an htmx fragment, the page it is part of.
        wanted = request.get_full_path()
        if getattr(request, "htmx", False):
            try:
                current = request.htmx.current_url_abs_path
            except ValueError:  # a header that is no URL
                current = None
            wanted = current or resolve_url(settings.LOGIN_REDIRECT_URL)
            if _allowed_path(urlsplit(wanted).path):
                # A fragment of the step's own page (the header's count): nothing to show,
                # and sending the page to itself would never end.
                return HttpResponseForbidden()
            return HttpResponseClientRedirect(with_next(step, wanted))
        return redirect(with_next(step, wanted))
