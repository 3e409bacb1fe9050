"""Who calls the API: a personal access token (`Authorization: Bearer …`), or the
browser's session (with its CSRF token, as DRF's SessionAuthentication asks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import PersonalAccessToken, digest
from organisations.middleware import Workspace
from organisations.models import Membership


class TokenWorkspace(Workspace):
    """The workspace of a token: its organisation, whatever the session says. The
    permissions are the membership's role of this moment, not of when the token was made."""

    def __init__(self, request, membership: Membership) -> None:
        super().__init__(request)
        self.__dict__["memberships"] = [membership]
        self.__dict__["membership"] = membership

    def switch_to(self, membership: Membership) -> None:
        raise RuntimeError("A token's organisation cannot be switched.")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Bearer <token>.")
            )
        try:
            secret = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from error
        token = (
            PersonalAccessToken.objects.select_related("user", "organisation")
            .filter(key_hash=digest(secret))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The account of this token is deactivated."))
        membership = (
            Membership.objects.select_related("organisation")
            .filter(user=token.user, organisation=token.organisation)
            .first()
        )
        if membership is None:
            raise exceptions.AuthenticationFailed(
                _("The owner of this token is no longer a member of %(organisation)s.")
                % {"organisation": token.organisation}
            )
        token.mark_used()
        # The views ask request.workspace, as the pages do: here it is the token's.
        request._request.workspace = TokenWorkspace(request._request, membership)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword


class BrowserSessionAuthentication(authentication.SessionAuthentication):
    """The session of the pages, CSRF included, for trying the API in the browser."""
