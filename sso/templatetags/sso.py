from django import template

from sso.models import IdentityProvider
from sso.views import LOGOUT_OFFER

register = template.Library()

# The login page for one organisation's members: /accounts/login/?organisatie=<slug>.
ORGANISATION_PARAMETER = "organisatie"


@register.simple_tag(takes_context=True)
def identity_providers(context) -> dict:
    """The buttons of the login page, and whether it shows the password form.

    Everyone's login page shows every organisation's button and the form. The link for
    one organisation's members shows only its button, and no password form when its
    members log in with the provider only (the form would refuse them anyway).
    """
    providers = list(
        IdentityProvider.objects.select_related("organisation").order_by("label", "pk")
    )
    request = context.get("request")
    slug = request.GET.get(ORGANISATION_PARAMETER, "") if request is not None else ""
    chosen = [provider for provider in providers if slug and provider.organisation.slug == slug]
    if chosen:
        return {"buttons": chosen, "password_form": chosen[0].password_login_allowed}
    return {"buttons": providers, "password_form": True}


@register.simple_tag(takes_context=True)
def provider_logout_offer(context) -> dict | None:
    """The provider's logout to offer once, right after logging out of Mensenwerk."""
    request = context.get("request")
    return request.session.pop(LOGOUT_OFFER, None) if request is not None else None
