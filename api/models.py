"""Personal access tokens: how a program acts for one user in one organisation.

The secret is shown once, when it is made; only its SHA-256 is kept, with a short
prefix in the clear so that the user can tell their tokens apart.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

# What every token starts with: a secret scanner recognises a leaked one by it.
TOKEN_MARK = "mw_"  # noqa: S105 (a marker, not a secret)
# Characters of the token shown in the list: the mark and a few of the secret.
PREFIX_LENGTH = 10
# A token's last use is written at most this often: not a write on every request.
LAST_USED_EVERY = 60


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenQuerySet(models.QuerySet):
    def usable(self) -> TokenQuerySet:
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )


class PersonalAccessToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, for example: dashboard of the programme office."),
    )
    prefix = models.CharField(_("starts with"), max_length=PREFIX_LENGTH)
    key_hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("created_at")),
                name="token_expires_after_it_is_made",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(
        cls, *, user, organisation, name: str, expires_at=None
    ) -> tuple[PersonalAccessToken, str]:
        """A new token and its secret: the only moment the secret exists outside the caller."""
        secret = TOKEN_MARK + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            organisation=organisation,
            name=name,
            prefix=secret[:PREFIX_LENGTH],
            key_hash=digest(secret),
            expires_at=expires_at,
        )
        return token, secret

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def mark_used(self) -> None:
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > LAST_USED_EVERY:
            PersonalAccessToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
