"""Digital-skills actions, POP-gesprekken with their coverage per unit, and the
attendance of adoption training sessions per employee.

Pages that name employees are personal data: only HR advisers and organisation
admins read them (programme managers tick attendance of their own training
sessions), every read is logged, and nothing is cached.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from adoption.models import TrainingSession
from inclusion.actions import queries, services
from inclusion.actions.forms import (
    ActionFilterForm,
    PopConversationForm,
    SkillsActionForm,
    TrainingAttendanceForm,
    kept_initial,
)
from inclusion.figures import SmallGroups
from inclusion.models import (
    Competence,
    Employee,
    PopConversation,
    SkillsAction,
)
from inclusion.privacy import about, personal_data
from organisations.forms import ChoiceFilterForm
from organisations.models import OrganisationUnit
from organisations.pages import form_page
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404

PAGE_SIZE = 25
RECENT = 8
# How many names the announcement spells out before "and n others".
NAMES_SPELLED_OUT = 3


def _names(employees: list[Employee]) -> str:
    names = [e.name for e in employees]
    if len(names) > NAMES_SPELLED_OUT:
        rest = len(names) - NAMES_SPELLED_OUT
        return ngettext("%(names)s and %(count)s other", "%(names)s and %(count)s others", rest) % {
            "names": ", ".join(names[:NAMES_SPELLED_OUT]),
            "count": rest,
        }
    if len(names) > 1:
        return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}
    return names[0] if names else ""


def logged_text(action: SkillsAction, employees: list[Employee]) -> str:
    """What the status region announces after an action is logged."""
    values = {
        "kind": action.get_kind_display(),
        "date": formats.date_format(action.held_on),
        "status": action.get_status_display(),
    }
    if action.unit_id:
        return ngettext(
            "Logged: %(kind)s on %(date)s (%(status)s) for the whole %(unit)s, %(count)s employee.",
            "Logged: %(kind)s on %(date)s (%(status)s) for the whole %(unit)s, "
            "%(count)s employees.",
            len(employees),
        ) % {**values, "unit": action.unit.name, "count": len(employees)}
    return _("Logged: %(kind)s on %(date)s (%(status)s) for %(names)s.") % {
        **values,
        "names": _names(employees),
    }


def _with_people(queryset):
    return queryset.select_related("unit").prefetch_related(
        Prefetch("employees", Employee.objects.order_by("name", "pk")),
        Prefetch("competences", Competence.objects.order_by("code")),
    )


# --- Logging actions quickly --------------------------------------------------------------------


def _log_context(request: HttpRequest, form: SkillsActionForm, **extra) -> dict:
    recent = _with_people(
        SkillsAction.objects.for_organisation(request.workspace.organisation)
        .filter(created_by=request.user, training_session__isnull=True)
        .order_by("-created_at", "-pk")
    )[:RECENT]
    return {"form": form, "recent": recent, **extra}


@require(Perm.EDIT_SKILLS_ACTIONS)
@personal_data
@require_http_methods(["GET", "POST"])
def action_log(request: HttpRequest) -> HttpResponse:
    """One form, twenty actions in a row: after each save the form comes back with
    the last choices kept and the employees and notes cleared."""
    organisation = request.workspace.organisation
    template = "inclusion/actions/log.html"
    if request.method == "GET":
        form = SkillsActionForm(initial=kept_initial(request.GET), organisation=organisation)
        if request.htmx and request.GET.get("part") == "employees":
            # The unit changed: only the list of its employees.
            about(request, detail=_("employees of a unit, for logging actions"))
            return render(request, f"{template}#employees", {"form": form})
        about(request, detail=_("logging digital-skills actions"))
        return render(request, template, _log_context(request, form))

    if "refresh" in request.POST:
        # Without JavaScript: show the chosen unit's employees, save nothing.
        initial = kept_initial(request.POST)
        initial |= {
            "hours": request.POST.get("hours", ""),
            "notes": request.POST.get("notes", ""),
            "whole_unit": bool(request.POST.get("whole_unit")),
        }
        form = SkillsActionForm(initial=initial, organisation=organisation)
        context = _log_context(request, form)
        if request.htmx:
            return render(request, f"{template}#log_form", context)
        return render(request, template, context)

    form = SkillsActionForm(request.POST, organisation=organisation)
    if form.is_valid():
        data = form.cleaned_data
        action = services.skills_action_log(
            organisation=organisation,
            by=request.user,
            kind=data["kind"],
            held_on=data["held_on"],
            employees=data["employees"],
            unit=data["unit"],
            whole_unit=data["whole_unit"],
            competences=data["competences"],
            hours=data["hours"],
            status=data["status"],
            notes=data["notes"],
        )
        text = logged_text(action, action.logged_employees)
        kept = form.kept()
        if request.htmx:
            fresh = SkillsActionForm(initial=kept, organisation=organisation)
            return render(
                request, f"{template}#log_response", _log_context(request, fresh, announcement=text)
            )
        messages.success(request, text)
        query = {
            "kind": kept["kind"],
            "held_on": kept["held_on"].isoformat(),
            "status": kept["status"],
            "competences": [c.pk for c in kept["competences"]],
        }
        if kept["unit"] is not None:
            query["unit"] = kept["unit"].pk
        return redirect(reverse("inclusion:actions:log") + "?" + urlencode(query, doseq=True))

    form.focus_first_error()
    context = _log_context(
        request, form, announcement=_("Nothing was logged: correct the fields marked.")
    )
    if request.htmx:
        return render(request, f"{template}#log_response", context)
    return render(request, template, context)


# --- The action list ----------------------------------------------------------------------------


@require(Perm.VIEW_EMPLOYEES)
@personal_data
def action_list(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    filter_form = ActionFilterForm(request.GET, organisation=organisation)
    filters = filter_form.values()
    actions = SkillsAction.objects.for_organisation(organisation)
    if filters.get("unit"):
        in_unit = SkillsAction.employees.through.objects.filter(
            employee__unit_id=filters["unit"]
        ).values("skillsaction_id")
        actions = actions.filter(Q(unit_id=filters["unit"]) | Q(pk__in=in_unit))
    if filters.get("kind"):
        actions = actions.filter(kind=filters["kind"])
    if filters.get("status"):
        actions = actions.filter(status=filters["status"])
    if filters.get("start"):
        actions = actions.filter(held_on__gte=filters["start"])
    if filters.get("end"):
        actions = actions.filter(held_on__lte=filters["end"])
    actions = _with_people(actions.select_related("training_session")).order_by("-held_on", "-pk")
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    about(request, detail=_("digital-skills actions, page %(page)s") % {"page": page.number})
    context = {
        "page": page,
        "filter_form": filter_form,
        "can_log": request.workspace.can(Perm.EDIT_SKILLS_ACTIONS),
    }
    if request.htmx:
        return render(request, "inclusion/actions/list.html#results", context)
    return render(request, "inclusion/actions/list.html", context)


# --- POP-gesprekken -----------------------------------------------------------------------------


@require(Perm.VIEW_EMPLOYEES)
@personal_data
def employee_pop(request: HttpRequest, pk: int) -> HttpResponse:
    employee = owned_or_404(Employee.objects.select_related("unit", "job"), request, pk)
    about(request, employee=employee, detail=_("POP-gesprekken and digital-skills actions"))
    pops = list(
        employee.pop_conversations.prefetch_related(
            Prefetch("actions", SkillsAction.objects.order_by("-held_on", "-pk"))
        )
    )
    this_year = timezone.localdate().year
    return render(
        request,
        "inclusion/actions/employee_pop.html",
        {
            "employee": employee,
            "pops": pops,
            "this_year": this_year,
            "this_years_pop": next((p for p in pops if p.year == this_year), None),
            "actions": employee.skills_actions.select_related("unit")
            .prefetch_related(Prefetch("competences", Competence.objects.order_by("code")))
            .order_by("-held_on", "-pk"),
            "can_edit": request.workspace.can(Perm.EDIT_SKILLS_ACTIONS),
        },
    )


def _pop_form_page(request: HttpRequest, employee: Employee, pop: PopConversation) -> HttpResponse:
    about(request, employee=employee, detail=_("POP-gesprek form"))
    form = PopConversationForm(request.POST or None, instance=pop, employee=employee)
    if request.method == "POST" and form.is_valid():
        pop = form.save(commit=False)
        services.pop_conversation_save(
            pop=pop, linked_actions=form.cleaned_data["actions"], by=request.user
        )
        messages.success(
            request,
            _("The POP-gesprek %(year)s of %(employee)s is saved.")
            % {"year": pop.year, "employee": employee.name},
        )
        return redirect("inclusion:actions:employee_pop", pk=employee.pk)
    return form_page(
        request,
        form,
        title=_("POP-gesprek %(year)s of %(employee)s")
        % {"year": pop.year, "employee": employee.name}
        if pop.pk
        else _("POP-gesprek of %(employee)s") % {"employee": employee.name},
        lead=_(
            "Digital skills and digital resilience are a regular part of the POP-gesprek. "
            "Record whether they came up, and what was agreed."
        ),
        submit=_("Save"),
        cancel_url=reverse("inclusion:actions:employee_pop", args=[employee.pk]),
    )


@require(Perm.EDIT_SKILLS_ACTIONS)
@personal_data
@require_http_methods(["GET", "POST"])
def pop_create(request: HttpRequest, pk: int) -> HttpResponse:
    employee = owned_or_404(Employee.objects.select_related("unit", "job"), request, pk)
    pop = PopConversation(organisation=employee.organisation, employee=employee)
    return _pop_form_page(request, employee, pop)


@require(Perm.EDIT_SKILLS_ACTIONS)
@personal_data
@require_http_methods(["GET", "POST"])
def pop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pop = owned_or_404(
        PopConversation.objects.select_related("employee__unit", "organisation"), request, pk
    )
    return _pop_form_page(request, pop.employee, pop)


# --- POP coverage per unit ----------------------------------------------------------------------

COVERAGE_YEARS = 4


@require(Perm.VIEW_WORKSPACE)
def pop_coverage(request: HttpRequest) -> HttpResponse:
    """Aggregates only, through the small-group rule (exact for those who may see
    individual employees anyway)."""
    organisation = request.workspace.organisation
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - COVERAGE_YEARS, -1))
    filter_form = ChoiceFilterForm(
        request.GET,
        name="jaar",
        label=_("Year"),
        choices=[(y, y) for y in years],
        default=this_year,
    )
    year = int(filter_form.chosen)
    groups = SmallGroups.for_reader(request)
    context = {
        "year": year,
        "filter_form": filter_form,
        "table": queries.coverage_table(groups, queries.pop_coverage(organisation, year)),
        "groups": groups,
    }
    template = "inclusion/actions/coverage.html"
    response = render(request, f"{template}#coverage" if request.htmx else template, context)
    if groups.exact:
        # Figures about groups smaller than the threshold stay out of caches.
        add_never_cache_headers(response)
    return response


# --- Training attendance per employee -----------------------------------------------------------


@require(Perm.EDIT_SKILLS_ACTIONS)
@personal_data
@require_http_methods(["GET", "POST"])
def training_attendance(request: HttpRequest, session_pk: int) -> HttpResponse:
    """Who attended an adoption training session. Each attendee has the session as a
    digital-skills action (one action for the session), and the session's attendance
    count is the number of attendees."""
    organisation = request.workspace.organisation
    session = owned_or_404(
        TrainingSession.objects.select_related("track__initiative", "organisation"),
        request,
        session_pk,
    )
    source = request.POST if request.method == "POST" else request.GET
    unit_raw = source.get("unit", "")
    units = list(OrganisationUnit.objects.for_organisation(organisation).order_by("name"))
    unit = next((u for u in units if str(u.pk) == unit_raw), None)
    shown = Employee.objects.for_organisation(organisation).active().order_by("name", "pk")
    if unit is not None:
        shown = shown.filter(unit=unit)
    action = (
        SkillsAction.objects.filter(training_session=session)
        .prefetch_related(Prefetch("employees", Employee.objects.order_by("name", "pk")))
        .first()
    )
    before = set(action.employees.all()) if action else set()
    form = TrainingAttendanceForm(
        request.POST or None,
        session=session,
        shown=shown,
        before=before,
        initial={"unit": unit.pk if unit else None, "attendees": [e.pk for e in before]},
    )
    if request.method == "POST" and form.is_valid():
        action = services.training_attendance_save(
            session=session,
            attendees=form.cleaned_data["attendees"],
            shown=list(shown),
            by=request.user,
        )
        messages.success(
            request,
            ngettext(
                "Attendance of %(title)s is saved: %(count)s employee.",
                "Attendance of %(title)s is saved: %(count)s employees.",
                session.attendance,
            )
            % {"title": session.title, "count": session.attendance},
        )
        url = reverse("inclusion:actions:training_attendance", args=[session.pk])
        return redirect(url + (f"?unit={unit.pk}" if unit else ""))
    about(request, detail=_("attendance of the training %(title)s") % {"title": session.title})
    shown_ids = {e.pk for e in form.fields["attendees"].queryset}
    context = {
        "session": session,
        "form": form,
        "units": units,
        "unit": unit,
        "elsewhere": sorted(
            (e for e in before if e.pk not in shown_ids), key=lambda e: (e.name, e.pk)
        ),
        "track_url": reverse("adoption:track_detail", args=[session.track_id]) + "#phase-4",
    }
    template = "inclusion/actions/attendance.html"
    if request.htmx and request.method == "GET":
        return render(request, f"{template}#attendance", context)
    return render(request, template, context)
