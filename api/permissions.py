"""The API asks organisations.permissions, as every page does: a view names the
permission it needs to read and the one it needs to write."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from organisations.permissions import SAFE_METHODS, can


class WorkspacePermission(permissions.BasePermission):
    """A member of the current organisation whose role grants the view's `read_perm`
    (GET) or `write_perm` (POST); either for OPTIONS."""

    message = _("Your role in this organisation does not allow this.")

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated(
                _("Log in, or send a personal access token: Authorization: Bearer <token>.")
            )
        membership = request.workspace.membership
        if membership is None:
            raise exceptions.PermissionDenied(
                _("Choose the organisation you work in first, on the site.")
            )
        if request.method == "OPTIONS":
            # What the view offers may be asked by whoever may read or write through it
            # (a write-only view has no read permission).
            choices = (view.read_perm, view.write_perm)
        elif request.method in SAFE_METHODS:
            choices = (view.read_perm,)
        else:
            choices = (view.write_perm,)
        wanted = [
            perm
            for choice in choices
            if choice is not None
            for perm in (choice if isinstance(choice, tuple) else (choice,))
        ]
        return any(can(membership, perm) for perm in wanted)
