"""Role-matrix entries for the pages of sso/."""

from organisations.models import Role
from tests.factories_sso import IdentityProviderFactory
from tests.role_matrix import ACTORS, ADMIN_LOGIN, LOGIN, Entry, only

EVERYONE_TO_LOGIN = dict.fromkeys(ACTORS, LOGIN)


def entries() -> dict:
    return {
        # Voorbeeldstad's provider cannot be reached in the matrix: everyone is sent back to
        # the login page with a message (tests/test_sso.py logs in through a real one).
        "sso:start": Entry(
            expected=dict.fromkeys(ACTORS, 302),
            kwargs=lambda world: {"slug": world["identity_provider"].organisation.slug},
            redirects_to=EVERYONE_TO_LOGIN,
        ),
        # Without a login under way there is nothing to finish: back to the login page.
        "sso:callback": Entry(expected=dict.fromkeys(ACTORS, 302), redirects_to=EVERYONE_TO_LOGIN),
        "admin:sso_identityprovider_changelist": only(Role.ORGANISATION_ADMIN, login=ADMIN_LOGIN),
        "admin:sso_externalidentity_changelist": only(Role.ORGANISATION_ADMIN, login=ADMIN_LOGIN),
    }


def extend_world(world: dict) -> dict:
    organisation = world["members"][Role.PROGRAMME_MANAGER].memberships.get().organisation
    return {**world, "identity_provider": IdentityProviderFactory(organisation=organisation)}
