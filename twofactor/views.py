"""The second step of logging in: setting up the authenticator app, typing its code (or a
recovery code), and what an organisation admin decides and resets."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisations.models import Membership
from organisations.pages import form_page, page_of
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404, path_on_this_site
from twofactor import services
from twofactor.forms import EnrolForm, PolicyForm, VerifyForm
from twofactor.models import (
    SecondFactorLock,
    SecondFactorPolicy,
    SecondFactorReset,
    required_by_role,
    second_factor_required,
)

# Set by the SSO app after an OpenID Connect login whose `amr` claim says the identity
# provider already asked for a second factor.
PROVIDER_SESSION_KEY = "twofactor_by_provider"
# The secret shown while the app is being set up; a device is saved only once it is proven.
ENROL_SESSION_KEY = "twofactor_enrol_key"
MEMBERS_PER_PAGE = 50
RESETS_SHOWN = 20


def is_verified(request: HttpRequest) -> bool:
    return request.user.is_verified() or bool(request.session.get(PROVIDER_SESSION_KEY))


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    return path_on_this_site(request, wanted) or resolve_url(settings.LOGIN_REDIRECT_URL)


def with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _log_in(request: HttpRequest, device) -> None:
    # A new session key once the second factor is passed, as after the password.
    request.session.cycle_key()
    otp_login(request, device)


def locked_out(request: HttpRequest) -> HttpResponse:
    minutes = int(settings.TWOFACTOR_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "twofactor/locked_out.html", {"cooloff_minutes": minutes}, status=429)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    next_url = _next(request)
    user = request.user
    if not is_verified(request) and TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        # Whoever knows only the password must not swap the owner's app for their own.
        return redirect(with_next("twofactor:verify", next_url))
    key = request.session.get(ENROL_SESSION_KEY) or services.new_secret()
    request.session[ENROL_SESSION_KEY] = key
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Not counted towards the lockout: whoever is here sees the secret anyway.
        device = services.second_factor_enrol(user=user, key=key, code=form.cleaned_data["code"])
        if device is not None:
            del request.session[ENROL_SESSION_KEY]
            codes = services.recovery_codes_renew(user=user)
            _log_in(request, device)
            return render(
                request,
                "twofactor/recovery_codes.html",
                {"codes": codes, "next_url": next_url, "enrolled": True},
            )
        form.add_error(
            "code",
            _(
                "This code does not match. Type the code the app shows now; if it still "
                "does not match, check that the phone's time is set automatically."
            ),
        )
    device = TOTPDevice(user=user, key=key)
    return render(
        request,
        "twofactor/enrol.html",
        {
            "form": form,
            "next_url": next_url,
            "qr_code": segno.make(device.config_url, error="m").svg_inline(
                scale=5, title=_("QR code for your authenticator app"), omitsize=False
            ),
            "secret": _grouped(b32encode(device.bin_key).decode()),
            "required": second_factor_required(user, request.workspace.memberships),
        },
    )


def _grouped(secret: str) -> str:
    # Groups of four are easier to type over than 32 characters in a row.
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    next_url = _next(request)
    if is_verified(request):
        return redirect(next_url)
    user = request.user
    app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if app is None:
        return redirect(with_next("twofactor:enrol", next_url))
    lock = SecondFactorLock.of(user)
    if lock.is_locked():
        return locked_out(request)
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        device = _device_for(user, app, code)
        if device is not None:
            lock.succeed()
            _log_in(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code. You have %(count)d left; make new ones "
                        "on your two-step verification page.",
                        "You used a recovery code. You have %(count)d left; make new ones "
                        "on your two-step verification page.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url)
        lock.fail()
        if lock.is_locked():
            return locked_out(request)
        form.add_error(
            "code",
            _("This code is not right. Type the code your app shows now, or a recovery code."),
        )
    return render(request, "twofactor/verify.html", {"form": form, "next_url": next_url})


def _device_for(user, app: TOTPDevice, code: str):
    """The device whose code this is: six digits are the app's, anything else may be a
    recovery code (each works once: django-otp deletes it when it is used)."""
    if code.isdigit() and len(code) == app.digits:
        return app if app.verify_token(code) else None
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if recovery is not None and recovery.verify_token(code):
        return recovery
    return None


@login_required
@require_http_methods(["GET"])
def manage(request: HttpRequest) -> HttpResponse:
    """The user's own two-step verification: on or off, the codes left, a new app."""
    user = request.user
    app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    codes_left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return render(
        request,
        "twofactor/manage.html",
        {
            "app": app,
            "codes_left": codes_left,
            "required": required_by_role(user, request.workspace.memberships)
            or _required_by_policy(request),
        },
    )


def _required_by_policy(request: HttpRequest) -> bool:
    organisations = [m.organisation_id for m in request.workspace.memberships]
    return SecondFactorPolicy.objects.filter(
        organisation__in=organisations, required_for_every_role=True
    ).exists()


@login_required
@require_POST
@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown this once."""
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("twofactor:manage")
    if not is_verified(request):
        return redirect(with_next("twofactor:verify", reverse("twofactor:manage")))
    codes = services.recovery_codes_renew(user=request.user)
    return render(
        request,
        "twofactor/recovery_codes.html",
        {"codes": codes, "next_url": reverse("twofactor:manage"), "enrolled": False},
    )


@login_required
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    """Turn two-step verification off: only for whom it is optional."""
    user = request.user
    if required_by_role(user, request.workspace.memberships) or _required_by_policy(request):
        messages.error(request, _("Your role asks for two-step verification: it stays on."))
        return redirect("twofactor:manage")
    if not is_verified(request):
        return redirect(with_next("twofactor:verify", reverse("twofactor:manage")))
    services.second_factor_remove(user=user)
    messages.success(request, _("Two-step verification is off."))
    return redirect("twofactor:manage")


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    current = SecondFactorPolicy.objects.filter(
        organisation=organisation
    ).first() or SecondFactorPolicy(organisation=organisation)
    form = PolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The two-step verification policy is saved."))
        return redirect("twofactor:policy")
    return form_page(
        request,
        form,
        title=_("Two-step verification policy"),
        lead=_(
            "HR advisers, organisation admins and superusers always log in with a code from "
            "an authenticator app as well as their password. Here you can ask it of every "
            "role in %(organisation)s."
        )
        % {"organisation": organisation.name},
        submit=_("Save"),
        cancel_url=reverse("organisations:settings"),
    )


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET"])
def members(request: HttpRequest) -> HttpResponse:
    """Each member's second factor, and the resets done in this organisation."""
    organisation = request.workspace.organisation
    page = page_of(
        request,
        Membership.objects.for_organisation(organisation)
        .select_related("user")
        .order_by("user__last_name", "user__username"),
        MEMBERS_PER_PAGE,
    )
    user_ids = [membership.user_id for membership in page]
    apps = {
        device.user_id: device
        for device in TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).only(
            "user_id", "created_at", "last_used_at"
        )
    }
    recovery_used = dict(
        StaticDevice.objects.filter(user_id__in=user_ids, last_used_at__isnull=False).values_list(
            "user_id", "last_used_at"
        )
    )
    rows = []
    for membership in page:
        app = apps.get(membership.user_id)
        used = [
            moment
            for moment in (app and app.last_used_at, recovery_used.get(membership.user_id))
            if moment
        ]
        rows.append(
            {
                "membership": membership,
                "enrolled": app is not None,
                "since": app.created_at if app else None,
                "last_used": max(used) if used else None,
            }
        )
    resets = SecondFactorReset.objects.for_organisation(organisation).select_related(
        "user", "reset_by"
    )[:RESETS_SHOWN]
    return render(request, "twofactor/members.html", {"rows": rows, "page": page, "resets": resets})


@require(Perm.MANAGE_ORGANISATION)
@require_POST
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    membership = owned_or_404(Membership.objects.select_related("user"), request, pk)
    services.second_factor_reset(
        organisation=request.workspace.organisation, user=membership.user, by=request.user
    )
    messages.success(
        request,
        _(
            "The second factor of %(name)s is removed. They set up the authenticator app "
            "again at their next login."
        )
        % {"name": membership.user},
    )
    return redirect("twofactor:members")
