"""What every part of Inclusie does with personal data, in one place.

A view whose responses show personal data (a name, a personnel number, an email
address, an assessment, a POP-gesprek, a trajectory) carries `@personal_data`. For
every response it gives, full page or htmx fragment, first view or a form shown
again with its errors, the decorator:

- tells browsers and proxies not to store it (Cache-Control: no-store);
- writes one access-log entry: who, when, which page, and about whom when the view
  says so with `about(request, employee=…, detail=…)`;
- sets the template flag `personal_data`, which keeps the page out of htmx's history
  cache (hx-history="false" on <body>).

A response that shows nothing (a redirect after saving, a refusal, an error) writes
no read entry; writes log their own (created, changed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from inclusion.models import AccessAction, log_access


@dataclass
class Reading:
    """What one response shows, for its access-log entry."""

    path: str
    employee: object = None
    detail: str = ""
    action: str = AccessAction.VIEW
    shown: bool = True


def personal_data(view=None, *, when: Callable[[HttpRequest], bool] | None = None):
    """Marks a view as showing personal data; `when(request)` narrows it to the
    readers for whom it does (a page that names people only to HR, say)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if when is not None and not when(request):
                return view(request, *args, **kwargs)
            request.personal_data = Reading(path=request.get_full_path()[:300])
            response = view(request, *args, **kwargs)
            reading = request.personal_data
            if reading.shown:
                add_never_cache_headers(response)
            if response.status_code == 200 and reading.shown:
                log_access(
                    user=request.user,
                    organisation=request.workspace.organisation,
                    action=reading.action,
                    employee=reading.employee,
                    detail=reading.detail or reading.path,
                )
            return response

        return wrapped

    return decorate(view) if view is not None else decorate


def about(
    request: HttpRequest, *, employee=None, detail: str = "", action: str = AccessAction.VIEW
) -> None:
    """Says whom and what the response shows, for its access-log entry."""
    reading = request.personal_data
    reading.employee, reading.detail, reading.action = employee, detail, action


def nothing_shown(request: HttpRequest) -> None:
    """This response shows no personal data after all (an empty upload form, say)."""
    request.personal_data.shown = False


def flags(request: HttpRequest) -> dict:
    """The template flag: this page shows personal data."""
    return {"personal_data": getattr(request, "personal_data", None) is not None}
