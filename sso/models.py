"""An organisation's OpenID Connect provider, and which provider account is which user."""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation, Role, User

ENVIRONMENT_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

# When a user's groups map to several roles, the first of these wins: a membership has
# one role per organisation, and an admin group should not be hidden by a reader group.
ROLE_PRECEDENCE = [
    Role.ORGANISATION_ADMIN,
    Role.DIRECTOR,
    Role.PROGRAMME_MANAGER,
    Role.HR_ADVISER,
]


def validate_environment_name(value: str) -> None:
    if not ENVIRONMENT_NAME.fullmatch(value or ""):
        raise ValidationError(
            _(
                "Give the name of an environment variable in capitals, digits and "
                "underscores, for example SSO_VOORBEELDSTAD_SECRET; never the secret itself."
            ),
            code="invalid_environment_name",
        )


def validate_issuer(value: str) -> None:
    parts = urlsplit(value or "")
    # OpenID Connect requires https; plain http only on this machine (a test provider).
    if parts.scheme != "https" and parts.hostname not in LOOPBACK:
        raise ValidationError(
            _("The issuer must be an https address, for example https://login.example.nl/."),
            code="issuer_not_https",
        )


class UserClaim(models.TextChoices):
    SUBJECT = "sub", _("subject (sub): the provider's own identifier")
    EMAIL = "email", _("email address (email)")


class IdentityProvider(models.Model):
    """How the members of one organisation log in with their organisation's account."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="identity_provider",
        verbose_name=_("organisation"),
    )
    label = models.CharField(
        _("button label"),
        max_length=100,
        help_text=_(
            'The name of the account on the login page: "Log in with" followed by this, '
            "for example Voorbeeldstad-account."
        ),
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=500,
        validators=[validate_issuer],
        help_text=_(
            "The provider's issuer or its discovery address (ending in "
            "/.well-known/openid-configuration), for example "
            "https://login.microsoftonline.com/<tenant id>/v2.0."
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    client_secret_env = models.CharField(
        _("environment variable with the client secret"),
        max_length=100,
        validators=[validate_environment_name],
        help_text=_(
            "The secret itself is never stored in the database: the server reads it from "
            "this environment variable (or the secret store that fills it)."
        ),
    )
    scopes = models.CharField(
        _("scopes"),
        max_length=300,
        default="openid email profile",
        help_text=_("Separated by spaces; openid is always asked for."),
    )
    user_claim = models.CharField(
        _("claim that identifies the user"),
        max_length=10,
        choices=UserClaim.choices,
        default=UserClaim.SUBJECT,
        help_text=_(
            "The subject never changes; an email address can. With the email address, an "
            "existing member of this organisation with that address is linked at the first "
            "login."
        ),
    )
    groups_claim = models.CharField(
        _("groups claim"),
        max_length=100,
        blank=True,
        help_text=_(
            "The claim with the user's groups (for Entra ID: groups). Empty: roles are "
            "only assigned by an organisation admin."
        ),
    )
    create_users = models.BooleanField(
        _("create users at their first login"),
        default=False,
        help_text=_(
            "Off: only users who already have an account can log in with the provider. "
            "A new user has no role until an organisation admin or a group gives one."
        ),
    )
    password_login_allowed = models.BooleanField(
        _("members may also log in with a password"),
        default=True,
        help_text=_(
            "Off: this organisation's members can only log in with the provider (members "
            "of several organisations only if none of them allows passwords)."
        ),
    )

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return f"{self.label} ({self.organisation})"

    @property
    def discovery_url(self) -> str:
        if self.issuer.rstrip("/").endswith("/.well-known/openid-configuration"):
            return self.issuer
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def client_secret(self) -> str:
        return os.environ.get(self.client_secret_env, "")

    @property
    def scope(self) -> str:
        scopes = self.scopes.split()
        return " ".join(["openid", *(scope for scope in scopes if scope != "openid")])

    def role_for(self, groups: list[str]) -> Role | None:
        """The role the user's groups give in this organisation, if any."""
        mapped = {mapping.role for mapping in self.group_roles.all() if mapping.group in groups}
        return next((role for role in ROLE_PRECEDENCE if role in mapped), None)


class GroupRole(models.Model):
    """Members of a provider group get a role in the organisation when they log in."""

    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="group_roles",
        verbose_name=_("identity provider"),
    )
    group = models.CharField(
        _("group"),
        max_length=200,
        help_text=_("The value in the groups claim; for Entra ID the group's object ID."),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        ordering = ["group"]
        verbose_name = _("group and role")
        verbose_name_plural = _("groups and roles")
        constraints = [
            models.UniqueConstraint(fields=["provider", "group"], name="sso_group_once"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="sso_group_role_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()}"


class ExternalIdentity(models.Model):
    """This user is the provider's account with this value of the identifying claim."""

    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="identities",
        verbose_name=_("identity provider"),
    )
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("user"),
    )
    subject = models.CharField(_("value of the identifying claim"), max_length=255)
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        ordering = ["provider", "subject"]
        verbose_name = _("linked provider account")
        verbose_name_plural = _("linked provider accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="sso_one_user_per_subject"
            ),
            models.UniqueConstraint(fields=["provider", "user"], name="sso_one_subject_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.subject}"
