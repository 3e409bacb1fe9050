"""Whether a member may log in with a password, or only with the organisation's provider."""

from __future__ import annotations

from django.utils.translation import gettext as _

from organisations.models import Organisation, User
from sso.models import IdentityProvider


def password_login_refused(user: User) -> str | None:
    """Why this user may not log in with a password, or None when they may.

    A user's password stays usable while any organisation they belong to allows
    passwords; only members of provider-only organisations are sent to the button.
    """
    organisations = list(Organisation.objects.filter(membership__user=user).distinct())
    if not organisations:
        return None
    providers = {
        provider.organisation_id: provider
        for provider in IdentityProvider.objects.filter(organisation__in=organisations)
    }
    if any(
        organisation.pk not in providers or providers[organisation.pk].password_login_allowed
        for organisation in organisations
    ):
        return None
    labels = ", ".join(sorted(provider.label for provider in providers.values()))
    return _(
        'Your organisation does not use passwords in Mensenwerk. Use the button "Log in '
        'with %(labels)s" below.'
    ) % {"labels": labels}
