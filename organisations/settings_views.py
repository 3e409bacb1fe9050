"""The organisation admin's own settings, in the house style rather than the Django
admin (which stays for superusers). Each app that owns settings adds its pages to
`hooks.settings_sections`; this index lists them, and the list template below is the
one every settings page uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render

from organisations import hooks
from organisations.permissions import Perm, require

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


@require(Perm.MANAGE_ORGANISATION)
def settings_index(request: HttpRequest) -> HttpResponse:
    sections = sorted(hooks.settings_sections, key=lambda s: (s.order, s.url_name))
    return render(request, "organisations/settings/index.html", {"sections": sections})
