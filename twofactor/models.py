"""Two-factor authentication: an organisation's policy, the lockout of the second step and
the log of second factors an organisation admin reset. The devices themselves are
django-otp's (a TOTP device for the authenticator app, a static device for the recovery
codes)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisations.models import Membership, Organisation, OrganisationOwned, Role, User

# The roles that open personal data or run the organisation: never without a second factor.
ROLES_THAT_REQUIRE_IT = frozenset({Role.HR_ADVISER, Role.ORGANISATION_ADMIN})


class SecondFactorPolicy(models.Model):
    """An organisation that asks more than the rule for everyone: a second factor for
    every role, not only for HR advisers and organisation admins."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="second_factor_policy",
        verbose_name=_("organisation"),
    )
    required_for_every_role = models.BooleanField(
        _("required for every role"),
        default=False,
        help_text=_(
            "Programme managers and directors must also use two-step verification, from "
            "their next login. HR advisers and organisation admins always must."
        ),
    )

    class Meta:
        verbose_name = _("two-step verification policy")
        verbose_name_plural = _("two-step verification policies")

    def __str__(self) -> str:
        return str(self.organisation)


def required_by_role(user: User, memberships: list[Membership]) -> bool:
    """Whether the user's own roles ask for a second factor (no query: the memberships
    are the workspace's, read once per request)."""
    return user.is_superuser or any(m.role in ROLES_THAT_REQUIRE_IT for m in memberships)


def required_or_chosen(user: User) -> bool:
    """Whether one of the user's organisations asks every role for a second factor, or
    the user set one up of their own accord: one query for both."""
    policy = SecondFactorPolicy.objects.filter(
        required_for_every_role=True,
        organisation__membership__user=OuterRef("pk"),
    )
    device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return User.objects.filter(pk=user.pk).filter(Exists(policy) | Exists(device)).exists()


def second_factor_required(user: User, memberships: list[Membership]) -> bool:
    return required_by_role(user, memberships) or required_or_chosen(user)


class SecondFactorLock(models.Model):
    """Failed codes of one user, and until when the second step is closed to them.

    A counter of our own rather than django-otp's throttling: django-otp counts per
    device and waits longer after each failure, while the rule here is the one for
    passwords (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME): N failures, then a fixed
    cool-off, with a recovery code counting as an attempt like a code from the app.
    Per user, not per address: whoever guesses already has the password."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="second_factor_lock", verbose_name=_("user")
    )
    failures = models.PositiveSmallIntegerField(_("failed codes"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    # For the retention of login records (privacy): a count nobody added to for that long goes.
    last_failed_at = models.DateTimeField(_("last failed code"), default=timezone.now)

    class Meta:
        verbose_name = _("two-step verification lock")
        verbose_name_plural = _("two-step verification locks")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def of(cls, user: User) -> SecondFactorLock:
        return cls.objects.filter(user=user).first() or cls(user=user)

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and (now or timezone.now()) < self.locked_until

    def fail(self, now: datetime | None = None) -> None:
        now = now or timezone.now()
        if self.locked_until is not None and now >= self.locked_until:
            # A cool-off that ended starts the count anew, as django-axes does.
            self.failures, self.locked_until = 0, None
        self.failures += 1
        self.last_failed_at = now
        if self.failures >= settings.TWOFACTOR_FAILURE_LIMIT:
            self.locked_until = now + settings.TWOFACTOR_COOLOFF_TIME
        self.save()

    def succeed(self) -> None:
        if self.pk is not None:
            self.delete()


class SecondFactorReset(OrganisationOwned):
    """An organisation admin removed a member's second factor: who, whose and when. Never
    edited; a user named here is deactivated rather than deleted."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    reset_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("reset by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("reset of a second factor")
        verbose_name_plural = _("resets of second factors")

    def __str__(self) -> str:
        return f"{self.user} — {self.reset_by} — {self.at:%Y-%m-%d %H:%M}"
