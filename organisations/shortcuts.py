"""Shortcuts for views: the one way a view gets an object of the current organisation,
and the one way it reads where to go next."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    from django.http import HttpRequest

M = TypeVar("M", bound=models.Model)


def owned_or_404(
    queryset_or_model: type[M] | models.QuerySet[M],
    request: HttpRequest,
    pk: int,
    *,
    owner: str = "organisation",
) -> M:
    """The object `pk` of the current organisation, or 404: never another organisation's.

    `owner` is the lookup to the organisation, for models that belong to it through
    another (a vision's section: `owner="vision__organisation"`).
    """
    queryset = (
        queryset_or_model._default_manager.all()
        if isinstance(queryset_or_model, type)
        else queryset_or_model
    )
    return get_object_or_404(queryset.filter(**{owner: request.workspace.organisation}), pk=pk)


def path_on_this_site(request: HttpRequest, candidate: str) -> str:
    """`candidate` (a `next` sent along) when it is a path on this site, else "". A path:
    `redirect()` looks a bare word up as a URL's name, and another site is never where
    a form of ours sends anyone."""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""
