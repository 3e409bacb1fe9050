"""Logging in with an organisation's OpenID Connect provider, against a real provider.

The provider is panva's oidc-provider on loopback (tests/oidc/); the tests go through its
login page with a plain HTTP client, and the application exchanges the code and fetches
the keys over the network, as it does in production. Nothing of the protocol is mocked.
"""

import datetime
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
import requests
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from organisations.models import Membership, Role, User
from sso import policy
from sso.models import ExternalIdentity, IdentityProvider, UserClaim
from sso.views import LOGOUT_OFFER, TWOFACTOR_BY_PROVIDER
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories_sso import GroupRoleFactory, IdentityProviderFactory
from tests.helpers import log_in_with_the_form
from tests.oidc import CLIENT_SECRET, SECRET_ENV, log_in_at_provider, start_provider

pytestmark = pytest.mark.django_db

TESTSERVER = "http://testserver"


@pytest.fixture(scope="module")
def oidc(tmp_path_factory):
    provider = start_provider(tmp_path_factory.mktemp("oidc"), redirect_base=TESTSERVER)
    yield provider
    provider.stop()


@pytest.fixture
def organisation(voorbeeldstad):
    return voorbeeldstad


@pytest.fixture
def idp(oidc, organisation, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)
    oidc.configure(accounts={}, tamper=None)
    return IdentityProviderFactory(
        organisation=organisation,
        label="Voorbeeldstad-account",
        issuer=oidc.issuer,
        groups_claim="groups",
        create_users=True,
    )


def account(sub="anna-1", *, email="anna@voorbeeldstad.nl", groups=(), amr=("pwd",)):
    claims = {"email": email, "given_name": "Anna", "family_name": "de Vries"}
    return {sub: {"claims": {**claims, "groups": list(groups)}, "amr": list(amr)}}


def callback_url(client, idp, login: str, **query) -> str:
    """Start at Mensenwerk, log in at the provider, and return where it sends us back."""
    start = client.get(reverse("sso:start", args=[idp.organisation.slug]), query)
    assert start.status_code == 302, start
    return log_in_at_provider(start["Location"], login, stop_at=TESTSERVER)


def sso_log_in(client, idp, login: str, **query):
    return client.get(callback_url(client, idp, login, **query))


def dutch(message: str, **params) -> str:
    """A message as the (Dutch) page shows it, whether it is translated yet or not."""
    with translation.override("nl"):
        text = translation.gettext(message)
    return escape(text % params if params else text)


def shown_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def refused_with(response, message: str, **params):
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in response.wsgi_request.session
    with translation.override("nl"):
        text = translation.gettext(message) % params if params else translation.gettext(message)
    assert shown_messages(response) == [text]


# --- Logging in ---------------------------------------------------------------------------------


def test_group_mapping_gives_the_role_and_lands_on_the_dashboard(client, idp, oidc):
    GroupRoleFactory(provider=idp, group="g-directie", role=Role.DIRECTOR)
    oidc.configure(accounts=account(groups=["g-directie", "g-other"]))

    response = sso_log_in(client, idp, "anna-1")

    assert response.status_code == 302
    user = User.objects.get(
        external_identities__provider=idp, external_identities__subject="anna-1"
    )
    assert not user.has_usable_password()
    assert (user.email, user.first_name, user.last_name) == (
        "anna@voorbeeldstad.nl",
        "Anna",
        "de Vries",
    )
    assert Membership.objects.get(user=user, organisation=idp.organisation).role == Role.DIRECTOR
    dashboard = client.get(response["Location"], follow=True)
    assert dashboard.redirect_chain[-1][0] == reverse("organisations:dashboard")
    assert "directeur" in dashboard.text
    assert client.session["_auth_user_backend"] == "sso.backends.ProviderBackend"


def test_several_mapped_groups_give_the_strongest_role(client, idp, oidc):
    GroupRoleFactory(provider=idp, group="g-hr", role=Role.HR_ADVISER)
    GroupRoleFactory(provider=idp, group="g-beheer", role=Role.ORGANISATION_ADMIN)
    oidc.configure(accounts=account(groups=["g-hr", "g-beheer"]))

    sso_log_in(client, idp, "anna-1")

    assert Membership.objects.get(organisation=idp.organisation).role == Role.ORGANISATION_ADMIN


def test_the_groups_change_an_existing_role_at_the_next_login(client, idp, oidc):
    GroupRoleFactory(provider=idp, group="g-hr", role=Role.HR_ADVISER)
    user = MembershipFactory(organisation=idp.organisation, role=Role.DIRECTOR).user
    ExternalIdentity.objects.create(provider=idp, user=user, subject="anna-1")
    oidc.configure(accounts=account(groups=["g-hr"]))

    sso_log_in(client, idp, "anna-1")

    assert Membership.objects.get(user=user).role == Role.HR_ADVISER


def test_new_user_without_a_mapped_group_gets_no_role_and_is_told_whom_to_ask(client, idp, oidc):
    GroupRoleFactory(provider=idp, group="g-directie", role=Role.DIRECTOR)
    oidc.configure(accounts=account(groups=["g-somewhere-else"]))

    response = sso_log_in(client, idp, "anna-1")

    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:switch")
    user = User.objects.get(external_identities__subject="anna-1")
    assert not Membership.objects.filter(user=user).exists()
    page = client.get(response["Location"])
    assert (
        dutch(
            "You are logged in, but you have no role in %(organisation)s yet. An organisation "
            "admin of %(organisation)s must give you one.",
            organisation=idp.organisation.name,
        )
        in page.text
    )
    assert "nog geen rol in een organisatie" in page.text


def test_unknown_user_is_refused_when_the_organisation_creates_no_accounts(client, idp, oidc):
    idp.create_users = False
    idp.save()
    oidc.configure(accounts=account())

    response = sso_log_in(client, idp, "anna-1")

    refused_with(
        response,
        "There is no Mensenwerk account for your %(provider)s yet, and %(organisation)s does "
        "not create accounts at the first login. Ask your organisation admin for an account.",
        provider=idp.label,
        organisation=idp.organisation.name,
    )
    assert not User.objects.filter(email="anna@voorbeeldstad.nl").exists()
    assert dutch("Log in to Mensenwerk") in client.get(response["Location"]).text


def test_an_existing_member_is_matched_on_the_email_address_when_configured(client, idp, oidc):
    idp.user_claim = UserClaim.EMAIL
    idp.create_users = False
    idp.save()
    member = MembershipFactory(
        organisation=idp.organisation,
        role=Role.PROGRAMME_MANAGER,
        user__email="Anna@Voorbeeldstad.nl",
    ).user
    oidc.configure(accounts=account())

    response = sso_log_in(client, idp, "anna-1")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)
    assert ExternalIdentity.objects.get(provider=idp).subject == "anna@voorbeeldstad.nl"


def test_an_email_address_never_matches_another_organisations_member(client, idp, oidc, buurdorp):
    idp.user_claim = UserClaim.EMAIL
    idp.create_users = False
    idp.save()
    MembershipFactory(organisation=buurdorp, user__email="anna@voorbeeldstad.nl")
    oidc.configure(accounts=account())

    response = sso_log_in(client, idp, "anna-1")

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not ExternalIdentity.objects.exists()


def test_the_subject_keeps_matching_when_the_email_address_changes(client, idp, oidc):
    oidc.configure(accounts=account(email="anna@voorbeeldstad.nl"))
    sso_log_in(client, idp, "anna-1")
    first = client.session["_auth_user_id"]
    client.logout()

    oidc.configure(accounts=account(email="a.devries@voorbeeldstad.nl"))
    sso_log_in(client, idp, "anna-1")

    assert client.session["_auth_user_id"] == first
    assert User.objects.count() == 1


def test_a_second_factor_at_the_provider_counts_as_the_second_factor(client, idp, oidc):
    oidc.configure(accounts=account(amr=["pwd", "mfa"]))
    sso_log_in(client, idp, "anna-1")
    assert client.session[TWOFACTOR_BY_PROVIDER] is True


def test_a_password_alone_at_the_provider_is_no_second_factor(client, idp, oidc):
    oidc.configure(accounts=account(amr=["pwd"]))
    sso_log_in(client, idp, "anna-1")
    assert "_auth_user_id" in client.session
    assert TWOFACTOR_BY_PROVIDER not in client.session


def test_the_page_asked_for_before_logging_in_comes_next(client, idp, oidc):
    GroupRoleFactory(provider=idp, group="g-pm", role=Role.PROGRAMME_MANAGER)
    oidc.configure(accounts=account(groups=["g-pm"]))
    wanted = reverse("organisations:profile")
    response = sso_log_in(client, idp, "anna-1", next=wanted)
    assert response["Location"] == wanted


def test_another_sites_address_as_next_is_ignored(client, idp, oidc):
    GroupRoleFactory(provider=idp, group="g-pm", role=Role.PROGRAMME_MANAGER)
    oidc.configure(accounts=account(groups=["g-pm"]))
    response = sso_log_in(client, idp, "anna-1", next="https://evil.example/")
    assert response["Location"] == reverse("home")


def test_the_authorization_request_carries_state_nonce_and_a_pkce_challenge(client, idp):
    start = client.get(reverse("sso:start", args=[idp.organisation.slug]))
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert query["response_type"] == ["code"]
    assert query["redirect_uri"] == [f"{TESTSERVER}{reverse('sso:callback')}"]
    # The verifier and nonce stay in the session, never in the address.
    pending = client.session["sso_pending"][query["state"][0]]
    assert pending["nonce"] == query["nonce"][0]
    assert pending["verifier"] not in start["Location"]


def test_no_token_is_kept_in_the_session(client, idp, oidc):
    oidc.configure(accounts=account())
    sso_log_in(client, idp, "anna-1")
    kept = str(dict(client.session.items()))
    assert "eyJ" not in kept  # the start of every JWT
    assert client.session["sso_pending"] == {}


# --- Refusals: never a session, always a message ------------------------------------------------


def test_an_id_token_for_another_application_is_refused(client, idp, oidc):
    oidc.configure(accounts=account(), tamper="audience")
    refused_with(
        sso_log_in(client, idp, "anna-1"),
        "The provider's answer was meant for another application. Log in again.",
    )


def test_an_id_token_with_a_signature_not_of_the_published_keys_is_refused(client, idp, oidc):
    oidc.configure(accounts=account(), tamper="signature")
    refused_with(
        sso_log_in(client, idp, "anna-1"),
        "The provider's answer has a signature that does not match its keys. Log in again.",
    )


def test_a_second_login_reads_the_providers_documents_from_the_cache(idp, oidc, monkeypatch):
    oidc.configure(accounts=account())
    sso_log_in(Client(), idp, "anna-1")
    documents = []
    real_get = requests.get

    def get(url, *args, **kwargs):
        if url.endswith(("/.well-known/openid-configuration", "/jwks")):
            documents.append(url)
        return real_get(url, *args, **kwargs)

    monkeypatch.setattr(requests, "get", get)
    client = Client()
    response = sso_log_in(client, idp, "anna-1")
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert documents == []


def test_keys_the_provider_rotated_to_are_read_anew_before_a_login_is_refused(client, idp, oidc):
    """The keys kept in the cache are older than the one the provider signs with now."""
    from django.core.cache import cache
    from joserfc.jwk import RSAKey

    from sso import oidc as client_side

    oidc.configure(accounts=account())
    jwks_uri = client_side.metadata(idp).jwks_uri
    retired = RSAKey.generate_key(2048, parameters={"kid": "retired", "use": "sig"})
    cache.set(
        client_side.document_cache_key(jwks_uri), {"keys": [retired.as_dict(private=False)]}, 3600
    )
    response = sso_log_in(client, idp, "anna-1")
    assert response.status_code == 302 and "_auth_user_id" in client.session
    kept = cache.get(client_side.document_cache_key(jwks_uri))
    assert "retired" not in [key.get("kid") for key in kept["keys"]]


def test_an_expired_id_token_is_refused(client, idp, oidc):
    oidc.configure(accounts=account())
    url = callback_url(client, idp, "anna-1")
    # The provider's ID tokens live two minutes; our clock is ten minutes on.
    with time_machine.travel(datetime.timedelta(minutes=10)):
        response = client.get(url)
    refused_with(response, "The provider's answer has expired. Log in again.")


def test_a_replayed_callback_is_refused(client, idp, oidc):
    oidc.configure(accounts=account())
    url = callback_url(client, idp, "anna-1")
    assert client.get(url)["Location"] != reverse("login")
    client.logout()

    response = client.get(url)

    refused_with(
        response,
        "This login link was already used or did not start here. "
        "Log in again with the button below.",
    )


def test_an_answer_naming_another_issuer_is_refused(client, idp, oidc):
    oidc.configure(accounts=account())
    url = callback_url(client, idp, "anna-1")
    assert f"iss={quote(oidc.issuer, safe='')}" in url
    forged = url.replace(quote(oidc.issuer, safe=""), quote("https://evil.example", safe=""))
    refused_with(
        client.get(forged), "The provider's answer comes from another issuer. Log in again."
    )


def test_a_callback_from_another_browser_is_refused(client, idp, oidc):
    oidc.configure(accounts=account())
    url = callback_url(client, idp, "anna-1")
    stranger = Client()
    refused_with(
        stranger.get(url),
        "This login link was already used or did not start here. "
        "Log in again with the button below.",
    )


def test_a_login_the_provider_refuses_comes_back_with_its_reason(client, idp, oidc):
    oidc.configure(accounts=account())
    response = sso_log_in(client, idp, "nobody-known")
    refused_with(
        response,
        "%(provider)s did not log you in: %(reason)s",
        provider=idp.label,
        reason="Unknown account",
    )


def test_a_provider_that_cannot_be_reached_gives_a_message(client, organisation, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)
    provider = IdentityProviderFactory(organisation=organisation)
    response = client.get(reverse("sso:start", args=[organisation.slug]))
    refused_with(
        response,
        "%(provider)s cannot be reached now. Try again later or log in with your password.",
        provider=provider.label,
    )


def test_a_discovery_document_of_another_issuer_is_refused(client, idp, oidc):
    # The provider answers on localhost too, but says its issuer is 127.0.0.1.
    idp.issuer = oidc.issuer.replace("127.0.0.1", "localhost")
    idp.save()
    refused_with(
        client.get(reverse("sso:start", args=[idp.organisation.slug])),
        "The settings of %(provider)s do not match the provider. Ask your organisation admin.",
        provider=idp.label,
    )


def test_a_wrong_client_secret_is_refused(client, idp, oidc, monkeypatch):
    oidc.configure(accounts=account())
    monkeypatch.setenv(SECRET_ENV, "not-the-secret")
    refused_with(
        sso_log_in(client, idp, "anna-1"),
        "%(provider)s did not accept the login. Log in again, or ask your organisation admin.",
        provider=idp.label,
    )


def test_a_missing_client_secret_is_told_before_leaving_for_the_provider(client, idp, monkeypatch):
    monkeypatch.delenv(SECRET_ENV)
    refused_with(
        client.get(reverse("sso:start", args=[idp.organisation.slug])),
        "Logging in with %(provider)s is not fully set up yet. Ask your organisation admin.",
        provider=idp.label,
    )


def test_an_organisation_without_a_provider_has_no_start(client, organisation):
    assert client.get(reverse("sso:start", args=[organisation.slug])).status_code == 404


# --- The login page and logging out -------------------------------------------------------------


def test_the_login_page_offers_each_organisations_button(
    client, organisation, buurdorp, django_assert_max_num_queries
):
    IdentityProviderFactory(organisation=organisation, label="Voorbeeldstad-account")
    IdentityProviderFactory(organisation=buurdorp, label="Buurdorp-account")
    for _ in range(3):
        IdentityProviderFactory()
    with django_assert_max_num_queries(3):
        response = client.get(reverse("login"), {"next": "/rapportages/"})
    assert response.status_code == 200
    start = reverse("sso:start", args=[organisation.slug])
    assert f'href="{start}?next=/rapportages/"' in response.text
    assert response.text.count('href="/accounts/sso/inloggen/') == 5
    assert "Voorbeeldstad-account" in response.text


def test_the_login_page_without_providers_shows_only_the_password_form(client):
    response = client.get(reverse("login"))
    assert "/accounts/sso/inloggen/" not in response.text
    assert 'name="password"' in response.text


def test_logging_out_offers_the_providers_logout_once(client, idp, oidc):
    oidc.configure(accounts=account())
    sso_log_in(client, idp, "anna-1")

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert LOGOUT_OFFER not in client.session  # shown once
    assert dutch("Also log out at %(label)s", label=idp.label) in page.text
    end_session = f"{oidc.issuer}/session/end?" + urlencode(
        {"client_id": "mensenwerk", "post_logout_redirect_uri": f"{TESTSERVER}/accounts/login/"}
    )
    assert f'href="{escape(end_session)}"' in page.text
    # The provider itself accepts the link: it asks to confirm logging out there.
    answer = requests.get(end_session, timeout=10)
    assert answer.status_code == 200
    assert 'name="logout"' in answer.text
    again = client.get(reverse("login")).text
    assert dutch("Also log out at %(label)s", label=idp.label) not in again


def test_logging_out_after_a_password_login_offers_no_provider_logout(login, members, idp):
    client = login(members[Role.DIRECTOR])
    client.post(reverse("logout"))
    assert "/session/end" not in client.get(reverse("login")).text


# --- Password login for provider-only organisations ---------------------------------------------


def test_password_login_is_refused_for_a_provider_only_organisation(organisation):
    IdentityProviderFactory(
        organisation=organisation, label="Voorbeeldstad-account", password_login_allowed=False
    )
    member = MembershipFactory(organisation=organisation).user
    refusal = policy.password_login_refused(member)
    assert refusal is not None and "Voorbeeldstad-account" in refusal


def test_password_login_stays_while_one_of_the_users_organisations_allows_it(
    organisation, buurdorp
):
    IdentityProviderFactory(organisation=organisation, password_login_allowed=False)
    member = MembershipFactory(organisation=organisation).user
    MembershipFactory(organisation=buurdorp, user=member)
    assert policy.password_login_refused(member) is None
    assert policy.password_login_refused(UserFactory()) is None


def test_the_login_form_sends_a_provider_only_member_to_the_button(client, organisation):
    IdentityProviderFactory(
        organisation=organisation, label="Voorbeeldstad-account", password_login_allowed=False
    )
    member = MembershipFactory(organisation=organisation, user__password=PASSWORD).user
    response = log_in_with_the_form(client, member.username)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert escape(policy.password_login_refused(member)) in response.text


def test_an_other_organisations_member_still_logs_in_with_a_password(client, organisation):
    IdentityProviderFactory(organisation=organisation, password_login_allowed=False)
    member = MembershipFactory(organisation=OrganisationFactory()).user
    assert log_in_with_the_form(client, member.username).status_code == 302


# --- The admin ----------------------------------------------------------------------------------


def test_an_organisation_admin_sees_and_changes_only_their_own_provider(login, members, buurdorp):
    own = IdentityProviderFactory(
        organisation=members[Role.DIRECTOR].memberships.get().organisation
    )
    theirs = IdentityProviderFactory(organisation=buurdorp, label="Buurdorp-account")
    client = login(members[Role.ORGANISATION_ADMIN])

    listed = client.get(reverse("admin:sso_identityprovider_changelist"))

    assert own.label in listed.text
    assert theirs.label not in listed.text
    url = reverse("admin:sso_identityprovider_change", args=[theirs.pk])
    assert client.get(url).status_code == 302  # "does not exist", to the index


def test_the_admin_refuses_a_secret_where_the_variable_name_goes(login, members):
    organisation = members[Role.DIRECTOR].memberships.get().organisation
    client = login(members[Role.ORGANISATION_ADMIN])
    response = client.post(
        reverse("admin:sso_identityprovider_add"),
        {
            "organisation": organisation.pk,
            "label": "Voorbeeldstad-account",
            "issuer": "https://login.microsoftonline.com/tenant/v2.0",
            "client_id": "abc",
            "client_secret_env": "s3cr3t~value",
            "scopes": "openid email",
            "user_claim": "sub",
            "group_roles-TOTAL_FORMS": "0",
            "group_roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "client_secret_env" in response.context["adminform"].form.errors
    assert not IdentityProvider.objects.exists()


def test_the_admin_refuses_an_issuer_without_https(login, members, voorbeeldstad):
    client = login(members[Role.ORGANISATION_ADMIN])
    response = client.post(
        reverse("admin:sso_identityprovider_add"),
        {
            "organisation": voorbeeldstad.pk,
            "label": "Voorbeeldstad-account",
            "issuer": "http://login.example.nl/",
            "client_id": "abc",
            "client_secret_env": "SSO_SECRET",
            "scopes": "openid",
            "user_claim": "sub",
            "group_roles-TOTAL_FORMS": "0",
            "group_roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "issuer" in response.context["adminform"].form.errors


def test_a_provider_can_be_added_with_its_group_roles(login, members):
    organisation = members[Role.DIRECTOR].memberships.get().organisation
    client = login(members[Role.ORGANISATION_ADMIN])
    response = client.post(
        reverse("admin:sso_identityprovider_add"),
        {
            "organisation": organisation.pk,
            "label": "Voorbeeldstad-account",
            "issuer": "https://login.microsoftonline.com/tenant/v2.0",
            "client_id": "abc",
            "client_secret_env": "SSO_VOORBEELDSTAD_SECRET",
            "scopes": "openid email",
            "user_claim": "sub",
            "group_roles-TOTAL_FORMS": "1",
            "group_roles-INITIAL_FORMS": "0",
            "group_roles-0-group": "0b7d-directie",
            "group_roles-0-role": Role.DIRECTOR,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    provider = IdentityProvider.objects.get()
    assert provider.role_for(["0b7d-directie"]) == Role.DIRECTOR
    assert provider.role_for(["elsewhere"]) is None


def test_the_login_link_of_a_provider_only_organisation_shows_only_its_button(
    client, organisation, buurdorp
):
    IdentityProviderFactory(
        organisation=organisation, label="Voorbeeldstad-account", password_login_allowed=False
    )
    IdentityProviderFactory(organisation=buurdorp, label="Buurdorp-account")

    page = client.get(reverse("login"), {"organisatie": organisation.slug}).text

    assert "Voorbeeldstad-account" in page
    assert "Buurdorp-account" not in page
    assert 'name="password"' not in page
    assert f'href="{reverse("login")}"' in page  # the way back to the password form


def test_the_login_link_of_an_organisation_that_allows_passwords_keeps_the_form(
    client, organisation, buurdorp
):
    IdentityProviderFactory(organisation=organisation, label="Voorbeeldstad-account")
    IdentityProviderFactory(organisation=buurdorp, label="Buurdorp-account")
    page = client.get(reverse("login"), {"organisatie": organisation.slug}).text
    assert "Buurdorp-account" not in page
    assert 'name="password"' in page
    everyone = client.get(reverse("login"), {"organisatie": "unknown"}).text
    assert "Buurdorp-account" in everyone and "Voorbeeldstad-account" in everyone
