import factory

from sso.models import GroupRole, IdentityProvider
from tests.factories import OrganisationFactory
from tests.oidc import CLIENT_ID, SECRET_ENV


class IdentityProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdentityProvider

    organisation = factory.SubFactory(OrganisationFactory)
    label = factory.LazyAttribute(lambda provider: f"{provider.organisation.name}-account")
    # Nothing listens on the discard port: a provider that cannot be reached.
    issuer = "http://127.0.0.1:9"
    client_id = CLIENT_ID
    client_secret_env = SECRET_ENV
    scopes = "openid email profile groups"


class GroupRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupRole

    provider = factory.SubFactory(IdentityProviderFactory)
