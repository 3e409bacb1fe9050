"""Who a verified provider login is in Mensenwerk, and which role the groups give."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from organisations.models import Membership, User
from sso.models import ExternalIdentity, IdentityProvider, UserClaim
from sso.oidc import LoginRefused

# Authentication-method references that mean a second factor was used at the provider
# (RFC 8176; "mfa" is what Entra ID and most others send).
MULTI_FACTOR_METHODS = {
    *("mfa", "otp", "hwk", "swk", "fido", "sms", "tel", "sc"),
    *("face", "fpt", "iris", "retina", "vbm"),
}


def used_multiple_factors(claims: dict) -> bool:
    amr = claims.get("amr") or []
    return bool(MULTI_FACTOR_METHODS.intersection(amr if isinstance(amr, list) else [amr]))


def _identifier(provider: IdentityProvider, claims: dict) -> str:
    value = claims.get(provider.user_claim)
    if not isinstance(value, str) or not value.strip():
        raise LoginRefused(
            _(
                "%(provider)s did not send the %(claim)s of your account. Ask your "
                "organisation admin to check its settings."
            )
            % {"provider": provider.label, "claim": provider.user_claim}
        )
    # An email address is matched without regard to case; a subject exactly.
    return value.strip().lower() if provider.user_claim == UserClaim.EMAIL else value


def _groups(provider: IdentityProvider, claims: dict) -> list[str]:
    if not provider.groups_claim:
        return []
    groups = claims.get(provider.groups_claim) or []
    return [groups] if isinstance(groups, str) else [str(group) for group in groups]


def _free_username(wanted: str) -> str:
    base = wanted[:140]
    username, number = base, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


def _new_user(provider: IdentityProvider, claims: dict, identifier: str) -> User:
    email = claims.get("email") if isinstance(claims.get("email"), str) else ""
    user = User(
        username=_free_username(email or f"{provider.organisation.slug}-{identifier}"),
        email=email,
        first_name=str(claims.get("given_name", ""))[:150],
        last_name=str(claims.get("family_name", ""))[:150],
    )
    # The provider is how this person logs in; a password would be a second way in.
    user.set_unusable_password()
    user.save()
    return user


def _existing_member_by_email(provider: IdentityProvider, email: str) -> User | None:
    # Only this organisation's members: another organisation's provider must never be
    # able to log in as someone it does not manage.
    return (
        User.objects.filter(email__iexact=email, memberships__organisation=provider.organisation)
        .exclude(external_identities__provider=provider)
        .first()
    )


@transaction.atomic
def user_log_in(*, provider: IdentityProvider, claims: dict) -> tuple[User, Membership | None]:
    """The user of these verified claims, linked or created as the organisation allows,
    with the role their groups give; and their membership of the provider's organisation."""
    identifier = _identifier(provider, claims)
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider=provider, subject=identifier)
        .first()
    )
    if identity is not None:
        user = identity.user
    else:
        user = None
        if provider.user_claim == UserClaim.EMAIL:
            user = _existing_member_by_email(provider, identifier)
        if user is None:
            if not provider.create_users:
                raise LoginRefused(
                    _(
                        "There is no Mensenwerk account for your %(provider)s yet, and "
                        "%(organisation)s does not create accounts at the first login. Ask "
                        "your organisation admin for an account."
                    )
                    % {"provider": provider.label, "organisation": provider.organisation.name}
                )
            user = _new_user(provider, claims, identifier)
        try:
            with transaction.atomic():
                ExternalIdentity.objects.create(provider=provider, user=user, subject=identifier)
        except IntegrityError:
            # The same account logging in twice at once: the other login linked it.
            raise LoginRefused(_("You were logging in twice at once. Log in again.")) from None
    if not user.is_active:
        raise LoginRefused(
            _("Your Mensenwerk account is switched off. Ask your organisation admin.")
        )

    membership = Membership.objects.filter(user=user, organisation=provider.organisation).first()
    role = provider.role_for(_groups(provider, claims))
    if role is not None:
        if membership is None:
            membership = Membership.objects.create(
                user=user, organisation=provider.organisation, role=role
            )
        elif membership.role != role:
            # The provider's groups are where this organisation keeps its roles.
            membership.role = role
            membership.save(update_fields=["role"])
    return user, membership
