"""The pages where a user makes and revokes their personal access tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api.forms import TokenForm
from api.models import PersonalAccessToken
from organisations.permissions import Perm, require


@require(Perm.VIEW_WORKSPACE)
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    form = TokenForm(
        request.POST or None,
        memberships=workspace.memberships,
        initial={"organisation": workspace.organisation.pk},
    )
    secret = None
    created = None
    if request.method == "POST" and form.is_valid():
        created, secret = PersonalAccessToken.issue(
            user=request.user,
            organisation=form.memberships[form.cleaned_data["organisation"]].organisation,
            name=form.cleaned_data["name"],
            expires_at=form.expires_at(),
        )
        # Shown in this response only: the form starts empty again below it.
        form = TokenForm(
            memberships=workspace.memberships, initial={"organisation": workspace.organisation.pk}
        )
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "created": created,
            "tokens": PersonalAccessToken.objects.filter(user=request.user).select_related(
                "organisation"
            ),
        },
    )
    # The secret must not stay in a cache; the list is the user's own.
    add_never_cache_headers(response)
    return response


@require(Perm.VIEW_WORKSPACE)
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Only one's own tokens: another user's is not there (404).
    token = get_object_or_404(PersonalAccessToken, pk=pk, user=request.user)
    token.revoke()
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("api:tokens")
