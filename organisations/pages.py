"""Pages every app shows the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
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


def remove_confirmed(request: HttpRequest) -> bool:
    """Whether this request is the confirmation `remove_page` sends: a remove view removes
    nothing on any other request, so a remove button on an edit form asks first."""
    return request.method == "POST" and request.POST.get("confirm") == "1"


def remove_page(
    request: HttpRequest,
    *,
    title: str,
    what: str,
    consequence: str,
    submit: str,
    cancel_url: str,
    lead: str | None = None,
    final: bool = True,
    back: tuple[str, str] | None = None,
) -> HttpResponse:
    """The step before removing what cannot be brought back: what goes (`what`), what
    follows from it (`consequence`), the button that removes (`submit`, which posts the
    confirmation) and the way back that keeps it (`cancel_url`). With `final=False` the
    page does not say it cannot be undone: for what is only switched off, or what a
    history keeps. `back` is the breadcrumb's (url, text): the page it was reached
    from the way the removed thing's own page names it."""
    return render(
        request,
        "organisations/remove_page.html",
        {
            "title": title,
            "lead": lead,
            "what": what,
            "consequence": consequence,
            "submit": submit,
            "cancel_url": cancel_url,
            "final": final,
            "back": back,
        },
    )


def page_of(request: HttpRequest, items, per_page: int, *, parameter: str = "page") -> Page:
    """The page of `items` that the query's `parameter` asks for (the first when it is
    missing or wrong). For a second list on the same page, a parameter of its own: the
    page's `previous_url` and `next_url` keep the rest of the query, the other list's
    page included (templates/includes/pagination.html)."""
    page = Paginator(items, per_page).get_page(request.GET.get(parameter))
    query = request.GET.copy()

    def url(number: int) -> str:
        query[parameter] = str(number)
        return f"{request.path}?{query.urlencode()}"

    page.previous_url = url(page.previous_page_number()) if page.has_previous() else None
    page.next_url = url(page.next_page_number()) if page.has_next() else None
    return page
