"""The OpenID Connect authorization-code flow with PKCE, for one organisation's provider.

Authlib builds the authorization request and exchanges the code (it takes the client's
configuration per call, which a provider per organisation needs); joserfc, which
Authlib itself builds on, verifies the ID token against the provider's published keys.
No token outlives the callback: the claims are read and the tokens are dropped.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet

from sso.models import IdentityProvider

logger = logging.getLogger(__name__)

# The signing algorithms an ID token may use: asymmetric only, so a token signed with
# the client secret (or "none") is never accepted.
SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"]
# Logins under way in this browser, by state. A few at once (two tabs), never many.
PENDING_KEY = "sso_pending"
PENDING_KEPT = 5
# A login that takes longer than this at the provider starts again.
PENDING_SECONDS = 15 * 60
# How long a provider's discovery document and keys are used before they are read again.
DOCUMENT_SECONDS = 60 * 60


class LoginRefused(Exception):
    """The login cannot go on; the message says why, for the person logging in."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Metadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None


def document_cache_key(url: str) -> str:
    return "sso:document:" + hashlib.sha256(url.encode()).hexdigest()


def _get_json(url: str, *, fresh: bool = False) -> dict:
    """A provider's discovery document or key set, kept in the cache for an hour: a login
    costs the provider no extra round trips, and a provider that is briefly away does not
    stop the logins whose documents are known. `fresh` fetches it anew (keys rotated)."""
    key = document_cache_key(url)
    if not fresh and (document := cache.get(key)) is not None:
        return document
    response = requests.get(url, timeout=settings.SSO_HTTP_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    cache.set(key, document, DOCUMENT_SECONDS)
    return document


def metadata(provider: IdentityProvider) -> Metadata:
    """The provider's discovery document, checked to belong to the configured issuer."""
    try:
        document = _get_json(provider.discovery_url)
        found = Metadata(
            issuer=document["issuer"],
            authorization_endpoint=document["authorization_endpoint"],
            token_endpoint=document["token_endpoint"],
            jwks_uri=document["jwks_uri"],
            end_session_endpoint=document.get("end_session_endpoint"),
        )
    except (requests.RequestException, ValueError, KeyError, TypeError):
        raise LoginRefused(
            _("%(provider)s cannot be reached now. Try again later or log in with your password.")
            % {"provider": provider.label}
        ) from None
    # OpenID Connect Discovery: the issuer in the document is the one it was fetched for;
    # otherwise another tenant's document could stand in for ours.
    expected = provider.discovery_url.removesuffix("/.well-known/openid-configuration")
    if found.issuer.rstrip("/") != expected.rstrip("/"):
        raise LoginRefused(
            _(
                "The settings of %(provider)s do not match the provider. "
                "Ask your organisation admin."
            )
            % {"provider": provider.label}
        )
    return found


def _client(provider: IdentityProvider, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        scope=provider.scope,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )


def authorization_url(
    session, provider: IdentityProvider, *, redirect_uri: str, next_url: str
) -> str:
    """Where the browser goes to log in at the provider. State, nonce and the PKCE
    verifier stay in this browser's session until the provider sends it back."""
    if not provider.client_secret:
        logger.error(
            "The client secret of %s is not in the environment variable %s.",
            provider.organisation.slug,
            provider.client_secret_env,
        )
        raise LoginRefused(
            _("Logging in with %(provider)s is not fully set up yet. Ask your organisation admin.")
            % {"provider": provider.label}
        )
    found = metadata(provider)
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    url, _state = _client(provider, redirect_uri).create_authorization_url(
        found.authorization_endpoint, state=state, nonce=nonce, code_verifier=verifier
    )
    pending = dict(session.get(PENDING_KEY, {}))
    pending[state] = {
        "provider": provider.pk,
        "nonce": nonce,
        "verifier": verifier,
        "next": next_url,
        "started": int(time.time()),
    }
    session[PENDING_KEY] = dict(list(pending.items())[-PENDING_KEPT:])
    return url


def take_pending(session, state: str) -> dict:
    """The login this state belongs to, taken out of the session: a state is used once."""
    pending = dict(session.get(PENDING_KEY, {}))
    login = pending.pop(state, None) if state else None
    session[PENDING_KEY] = pending
    if login is None:
        raise LoginRefused(
            _(
                "This login link was already used or did not start here. "
                "Log in again with the button below."
            )
        )
    if time.time() - login["started"] > PENDING_SECONDS:
        raise LoginRefused(_("The login took too long. Log in again with the button below."))
    return login


def claims_from_callback(
    provider: IdentityProvider,
    *,
    code: str,
    redirect_uri: str,
    pending: dict,
    response_issuer: str | None = None,
) -> dict:
    """Exchange the code (with the PKCE verifier) and return the verified ID token's claims."""
    found = metadata(provider)
    # RFC 9207: a provider that names itself in its answer must be ours, or a code of
    # another provider is being passed off as its (a mix-up attack).
    if response_issuer is not None and response_issuer != found.issuer:
        raise LoginRefused(_("The provider's answer comes from another issuer. Log in again."))
    try:
        token = _client(provider, redirect_uri).fetch_token(
            found.token_endpoint,
            grant_type="authorization_code",
            code=code,
            code_verifier=pending["verifier"],
            timeout=settings.SSO_HTTP_TIMEOUT,
        )
    except (OAuthError, requests.RequestException, ValueError):
        raise LoginRefused(
            _(
                "%(provider)s did not accept the login. Log in again, "
                "or ask your organisation admin."
            )
            % {"provider": provider.label}
        ) from None
    id_token = token.get("id_token")
    if not id_token:
        raise LoginRefused(
            _("%(provider)s sent no ID token. Ask your organisation admin to check its settings.")
            % {"provider": provider.label}
        )

    def verified(fresh: bool) -> dict:
        try:
            keys = KeySet.import_key_set(_get_json(found.jwks_uri, fresh=fresh))
        except (requests.RequestException, ValueError, KeyError, TypeError, JoseError):
            raise LoginRefused(
                _("The keys of %(provider)s cannot be read now. Try again later.")
                % {"provider": provider.label}
            ) from None
        return verify_id_token(
            id_token,
            keys,
            issuer=found.issuer,
            client_id=provider.client_id,
            nonce=pending["nonce"],
        )

    try:
        return verified(fresh=False)
    except LoginRefused:
        # The keys kept for an hour may be older than a key the provider rotated to:
        # before refusing, once more with the keys it publishes now.
        return verified(fresh=True)


UNVERIFIED = gettext_lazy("The provider's answer could not be verified. Log in again.")


def verify_id_token(id_token: str, keys: KeySet, *, issuer: str, client_id: str, nonce: str):
    """The ID token's claims, after its signature, issuer, audience, times and nonce."""
    try:
        token = jwt.decode(id_token, keys, algorithms=SIGNING_ALGORITHMS)
    except BadSignatureError:
        raise LoginRefused(
            _("The provider's answer has a signature that does not match its keys. Log in again.")
        ) from None
    except (JoseError, ValueError):
        raise LoginRefused(str(UNVERIFIED)) from None
    required = {"essential": True}
    registry = jwt.JWTClaimsRegistry(
        leeway=settings.SSO_CLOCK_LEEWAY,
        iss={**required, "value": issuer},
        aud={**required, "value": client_id},
        sub=required,
        exp=required,
        iat=required,
        nonce={**required, "value": nonce},
    )
    claims = token.claims
    try:
        registry.validate(claims)
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        # With more than one audience, the authorized party must be us (OIDC Core 3.1.3.7).
        if len(audiences) > 1 and claims.get("azp") != client_id:
            raise InvalidClaimError("aud")
    except ExpiredTokenError:
        raise LoginRefused(_("The provider's answer has expired. Log in again.")) from None
    except InvalidClaimError as error:
        messages = {
            "aud": _("The provider's answer was meant for another application. Log in again."),
            "iss": _("The provider's answer comes from another issuer. Log in again."),
            "nonce": _("The provider's answer belongs to another login. Log in again."),
            "iat": _("The provider's answer is dated in the future. Log in again."),
            "nbf": _("The provider's answer is not valid yet. Log in again."),
        }
        raise LoginRefused(messages.get(error.claim, str(UNVERIFIED))) from None
    except MissingClaimError:
        raise LoginRefused(_("The provider's answer is incomplete. Log in again.")) from None
    return claims


def end_session_url(provider: IdentityProvider, *, post_logout_redirect_uri: str) -> str | None:
    """The provider's logout page, if it has one. With the client id rather than the ID
    token as hint (RP-Initiated Logout 1.0 allows either), so no token is kept for it."""
    try:
        endpoint = metadata(provider).end_session_endpoint
    except LoginRefused:
        return None
    if not endpoint:
        return None
    query = urlencode(
        {"client_id": provider.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
