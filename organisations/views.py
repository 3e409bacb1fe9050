import re
import sys

import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_http_methods

from organisations import attention, hooks
from organisations import forms as organisation_forms
from organisations.forms import (
    MATCHES,
    SEARCH,
    LockedOut,
    PasswordChangeForm,
    ProfileForm,
    SearchSelectWidget,
    UnitSelectWidget,
)
from organisations.models import Membership, OrganisationUnit, Role, UnitKind
from organisations.pages import page_of
from organisations.permissions import Perm, require

# The id of a filter form's field (templates/includes/filter_form.html: "filter-<name>").
FIELD_ID = re.compile(r"[a-z][a-z0-9_-]{0,60}")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("organisations:dashboard")


# The most urgent items a page of the list shows; all are counted per kind above it, and
# each count opens the list of that kind alone.
ATTENTION_SHOWN = 20


def _units_context(organisation) -> dict:
    """The organisation's units for its admin: the whole tree while it is short (up to
    SELECT_MAX units); else, so that the page stays the same size, each top-level unit
    with how many departments and teams are part of it."""
    tree = OrganisationUnit.objects.for_organisation(organisation).as_tree()
    if len(tree) <= organisation_forms.SELECT_MAX:
        return {"unit_tree": tree}
    summary: list[dict] = []
    for unit, depth in tree:
        if depth == 0:
            summary.append({"unit": unit, UnitKind.DEPARTMENT: 0, UnitKind.TEAM: 0})
        elif unit.kind in (UnitKind.DEPARTMENT, UnitKind.TEAM):
            summary[-1][unit.kind] += 1
    rows = [
        {"unit": row["unit"], "departments": row[UnitKind.DEPARTMENT], "teams": row[UnitKind.TEAM]}
        for row in summary
    ]
    return {"unit_summary": rows, "unit_count": len(tree)}


@require(Perm.VIEW_WORKSPACE)
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = request.workspace.membership
    organisation = membership.organisation
    template = f"organisations/dashboard_{membership.role}.html"
    context: dict = {"organisation": organisation}

    if request.workspace.can(Perm.MANAGE_ORGANISATION):
        context |= _members_context(request, organisation)
        if request.htmx:
            # The role filter: only the list changes.
            return render(request, f"{template}#members", context)
        context |= _units_context(organisation)

    items = attention.items_for(membership)
    summaries = attention.summaries(items)
    chosen = next(
        (summary for summary in summaries if summary.kind == request.GET.get("soort")), None
    )
    listed = [item for item in items if item.kind == chosen.kind] if chosen else items
    context |= {
        "attention": page_of(request, listed, ATTENTION_SHOWN, parameter="aandacht"),
        "attention_total": len(items),
        "attention_summaries": summaries,
        "attention_kind": chosen,
        "today": timezone.localdate(),
    }
    context["panels"] = [
        (panel.template, panel_context)
        for panel in hooks.dashboard_panels
        if (panel_context := panel.context(request)) is not None
    ]
    return render(request, template, context)


@require(Perm.VIEW_WORKSPACE)
@require_GET
def attention_count(request: HttpRequest) -> HttpResponse:
    """The header's count, when the page did not know it yet."""
    count = attention.count_for(request.workspace.membership)
    return render(request, "includes/attention_count.html#count", {"attention_count": count})


def search_options(request: HttpRequest, widget: SearchSelectWidget, objects) -> HttpResponse:
    """What a search box (organisations.forms.SearchSelectWidget) found as one types: at
    most MATCHES of `objects` by name, each with its detail. `field` is the box's id,
    which names the list and the live region the answer goes to. The views that call it
    decide who may search what."""
    field, search = request.GET.get("field", "search"), request.GET.get("search", SEARCH)
    if not FIELD_ID.fullmatch(field) or not search.endswith(SEARCH):
        raise Http404
    text = request.GET.get(search, "").strip()
    widget.objects = objects
    found = widget.found(text) if text else []
    matches = widget.offered(found[:MATCHES])
    return render(
        request,
        "organisations/widgets/search_options.html",
        {
            "field": field,
            "found_label": widget.found_label,
            "matches": matches,
            "more_matches": len(found) > MATCHES,
            "text": text,
            "status": widget.status(len(matches)) if matches else widget.not_found_status,
        },
    )


@require(Perm.VIEW_WORKSPACE)
@require_GET
def unit_options(request: HttpRequest) -> HttpResponse:
    """The units whose name contains what one types in a unit's search box."""
    units = OrganisationUnit.objects.for_organisation(request.workspace.organisation)
    return search_options(request, UnitSelectWidget(), units.order_by("name", "pk"))


def _members_context(request: HttpRequest, organisation) -> dict:
    role_filter = request.GET.get("role", "")
    members = (
        Membership.objects.for_organisation(organisation)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    )
    if role_filter in Role.values:
        members = members.filter(role=role_filter)
    return {"members": members, "roles": Role.choices, "role_filter": role_filter}


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The user's own page: their roles, the weekly email, the password."""
    # An unticked box sends nothing: an empty POST is still a POST.
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("You will receive the weekly email.")
            if form.instance.weekly_digest
            else _("You will no longer receive the weekly email."),
        )
        return redirect("organisations:profile")
    return render(
        request,
        "organisations/profile.html",
        {"form": form, "memberships": request.workspace.memberships},
    )


@login_required
@require_http_methods(["GET", "POST"])
def switch_organisation(request: HttpRequest) -> HttpResponse:
    """Choose the organisation to work in. A user sees only their own memberships."""
    memberships = request.workspace.memberships
    if request.method == "POST":
        slug = request.POST.get("organisation", "")
        chosen = next((m for m in memberships if m.organisation.slug == slug), None)
        if chosen is None:
            raise Http404
        request.workspace.switch_to(chosen)
        messages.success(
            request, _("You are now working in %(name)s.") % {"name": chosen.organisation.name}
        )
        return redirect("organisations:dashboard")
    return render(request, "organisations/switch.html", {"memberships": memberships})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is alive. Touches nothing else, so a slow database cannot fail it."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready to serve: the database answers, and Redis when it is configured."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "unavailable"
    if settings.REDIS_URL:
        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
            )
            client.ping()
            checks["redis"] = "ok"
        except redis.RedisError:
            checks["redis"] = "unavailable"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


# How long a browser or a monitor waits before it asks again while the database is away.
RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """A fault's page (handler500). When the database is away (a restart, a failover,
    every connection in use) it is 503 with a page that says to try again in a moment:
    the fault is passing, and nothing on that page reads the database."""
    fault = sys.exc_info()[1]
    if isinstance(fault, OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except LockedOut:
            # Whoever is guessing loses the session too; the owner logs in again
            # after the cool-off, or resets the password by email.
            logout(request)
            return locked_out(request)


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs):
    """What django-axes answers to a locked-out username and address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
