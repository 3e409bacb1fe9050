"""Writes that span django-otp's devices and our own rows."""

from __future__ import annotations

import time
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from organisations.jobs import enqueue
from organisations.models import Organisation, User
from twofactor.models import SecondFactorLock, SecondFactorReset


def new_secret() -> str:
    """A TOTP key as django-otp keeps it: 20 random bytes, hex-encoded."""
    return random_hex(20)


def code_fits(key: str, code: str) -> bool:
    """Whether `code` is the authenticator app's code for `key` now (or one step before
    or after: a phone's clock is rarely exact)."""
    device = TOTPDevice(key=key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    try:
        return totp.verify(int(code), device.tolerance)
    except ValueError:
        return False


@transaction.atomic
def second_factor_enrol(*, user: User, key: str, code: str) -> TOTPDevice | None:
    """The user's authenticator app, once its first code proves it has the key; any
    earlier second factor of theirs goes. Nothing is saved for a wrong code."""
    if not code_fits(key, code):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(user=user, key=key, name="authenticator-app", confirmed=True)
    # The code just used must not open a second session.
    device.last_t = TOTP(device.bin_key, device.step, device.t0, device.digits).t()
    device.save()
    return device


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """New recovery codes for the user; the old ones no longer work."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "herstelcodes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.TWOFACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_remove(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    SecondFactorLock.objects.filter(user=user).delete()


@transaction.atomic
def second_factor_reset(*, organisation: Organisation, user: User, by: User) -> SecondFactorReset:
    """An organisation admin removes a member's second factor (a lost phone): the member
    sets up a new one at their next login, and the reset is on record."""
    second_factor_remove(user=user)
    reset = SecondFactorReset.objects.create(organisation=organisation, user=user, reset_by=by)
    transaction.on_commit(partial(reset_notice_enqueue, reset.pk))
    return reset


def reset_notice_enqueue(reset_id: int) -> None:
    from twofactor.tasks import send_reset_notice

    # When it fails, the reset stands (the admin's page said so): only the member's
    # mail is missed.
    enqueue(
        send_reset_notice,
        reset_id,
        failing=f"The email for second-factor reset {reset_id} could not be enqueued",
    )


def reset_notice_send(reset_id: int) -> bool:
    """Tell the member by email that their second factor was reset, by whom and when: a
    reset they did not ask for is how a taken-over account shows. Returns whether a
    mail went out (not to a member without an address or no longer active)."""
    reset = (
        SecondFactorReset.objects.select_related("organisation", "user", "reset_by")
        .filter(pk=reset_id)
        .first()
    )
    if reset is None or not reset.user.is_active or not reset.user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Mensenwerk: your two-step verification was reset")
        body = render_to_string(
            "twofactor/email/reset.txt",
            {
                "reset": reset,
                "url": settings.MENSENWERK_BASE_URL.rstrip("/") + reverse("login"),
            },
        )
    send_mail(subject, body, None, [reset.user.email])
    return True
