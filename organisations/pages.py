"""Pages every app shows the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest, HttpResponse


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    submit: str,
    cancel_url: str,
    lead: str | None = None,
    delete_url: str | None = None,
    personal_data: bool = False,
) -> HttpResponse:
    """A page with one form: its title, an optional lead, the fields with their errors,
    the submit button and a way back (`cancel_url`); a remove button when `delete_url`
    is given. `personal_data` keeps the page out of htmx's history cache."""
    return render(
        request,
        "organisations/form_page.html",
        {
            "form": form,
            "title": title,
            "lead": lead,
            "submit": submit,
            "cancel_url": cancel_url,
            "delete_url": delete_url,
            "personal_data": personal_data,
        },
    )
