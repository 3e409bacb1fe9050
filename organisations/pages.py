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
) -> HttpResponse:
    """A page with one form: its title, an optional lead, the fields with their errors,
    the submit button and a way back (`cancel_url`); a remove button when `delete_url`
    is given. A page with personal data says so through its view's decorator
    (inclusion.privacy.personal_data), which sets the template flag."""
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
        },
    )
