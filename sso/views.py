"""Logging in with the organisation's OpenID Connect provider, and logging out of it."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LogoutView as DjangoLogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from organisations.shortcuts import path_on_this_site
from sso import oidc
from sso.models import IdentityProvider
from sso.services import used_multiple_factors, user_log_in

logger = logging.getLogger(__name__)

BACKEND = "sso.backends.ProviderBackend"
# The provider of the current session, for offering its logout afterwards.
SESSION_PROVIDER = "sso_provider"
# Set at logout for the next page: the provider's own logout, to offer once.
LOGOUT_OFFER = "sso_logout_offer"
# The two-factor app counts a second factor used at the provider as its own.
TWOFACTOR_BY_PROVIDER = "twofactor_by_provider"


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    # For whoever looks into "I cannot log in": the reason, and no one's identity.
    logger.warning("Single sign-on refused at %s: %s", request.path, message)
    messages.error(request, message)
    return redirect("login")


@never_cache
@require_GET
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the browser to the organisation's provider to log in."""
    provider = get_object_or_404(
        IdentityProvider.objects.select_related("organisation"), organisation__slug=slug
    )
    try:
        url = oidc.authorization_url(
            request.session,
            provider,
            redirect_uri=request.build_absolute_uri(reverse("sso:callback")),
            next_url=path_on_this_site(request, request.GET.get("next", "")),
        )
    except oidc.LoginRefused as refusal:
        return _refused(request, refusal.message)
    return redirect(url)


@never_cache
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the browser back here: check everything, then log in."""
    try:
        pending = oidc.take_pending(request.session, request.GET.get("state", ""))
        provider = (
            IdentityProvider.objects.select_related("organisation")
            .filter(pk=pending["provider"])
            .first()
        )
        if provider is None:
            raise oidc.LoginRefused(_("This way of logging in no longer exists. Log in again."))
        if "error" in request.GET or not request.GET.get("code"):
            raise oidc.LoginRefused(
                _("%(provider)s did not log you in: %(reason)s")
                % {
                    "provider": provider.label,
                    # The provider's own words, autoescaped and cut short: the address
                    # is anyone's to write.
                    "reason": Truncator(
                        request.GET.get("error_description")
                        or request.GET.get("error")
                        or _("no answer")
                    ).chars(200),
                }
            )
        claims = oidc.claims_from_callback(
            provider,
            code=request.GET["code"],
            redirect_uri=request.build_absolute_uri(reverse("sso:callback")),
            pending=pending,
            response_issuer=request.GET.get("iss"),
        )
        user, membership = user_log_in(provider=provider, claims=claims)
    except oidc.LoginRefused as refusal:
        return _refused(request, refusal.message)

    login(request, user, backend=BACKEND)
    request.session[SESSION_PROVIDER] = provider.pk
    if used_multiple_factors(claims):
        request.session[TWOFACTOR_BY_PROVIDER] = True
    if membership is None:
        messages.info(
            request,
            _(
                "You are logged in, but you have no role in %(organisation)s yet. An "
                "organisation admin of %(organisation)s must give you one."
            )
            % {"organisation": provider.organisation.name},
        )
        return redirect("organisations:switch")
    request.workspace.switch_to(membership)
    return redirect(pending["next"] or "home")


class LogoutView(DjangoLogoutView):
    """Django's logout; then, for a session begun at a provider, its own logout is
    offered on the login page (Mensenwerk cannot end the provider's session itself)."""

    def post(self, request, *args, **kwargs):
        provider = (
            IdentityProvider.objects.filter(pk=request.session.get(SESSION_PROVIDER)).first()
            if request.session.get(SESSION_PROVIDER)
            else None
        )
        response = super().post(request, *args, **kwargs)
        if provider is not None:
            url = oidc.end_session_url(
                provider, post_logout_redirect_uri=request.build_absolute_uri(reverse("login"))
            )
            if url:
                # The session was just emptied: this is the new, anonymous one.
                request.session[LOGOUT_OFFER] = {"label": provider.label, "url": url}
        return response
