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
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from adoption.models import TrainingSession
from inclusion.actions import exports, queries, services
from inclusion.actions.forms import (
    ActionDeleteForm,
    ActionFilterForm,
    AttendanceUnitForm,
    PopConversationForm,
    SkillsActionForm,
    StatusForm,
    TrainingAttendanceForm,
    kept_initial,
    shown_again,
)
from inclusion.figures import SmallGroups
from inclusion.models import (
    AccessAction,
    ActionStatus,
    Competence,
    Employee,
    PopConversation,
    SkillsAction,
    inclusion_settings,
)
from inclusion.privacy import about, nothing_shown, personal_data
from organisations.forms import ChoiceFilterForm, is_id
from organisations.history import changes
from organisations.models import OrganisationUnit
from organisations.numbers import grouped
from organisations.pages import form_page, page_of
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404, path_on_this_site

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
            "count": grouped(rest),
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


def _picker_context(request: HttpRequest, form: SkillsActionForm) -> dict:
    """The chips, and without JavaScript the matches of a search sent with the form."""
    chosen = form.chosen_employees()
    matches = []
    if form.searched:
        matches = queries.picker_matches(
            form.organisation, form.query, unit=form.chosen_unit, besides=[e.pk for e in chosen]
        )
    return {
        "chosen": chosen,
        "matches": matches[: queries.PICKER_MATCHES],
        "more_matches": len(matches) > queries.PICKER_MATCHES,
        "searched": form.searched,
    }


# Buttons of the form that only show it again (without JavaScript): nothing is saved.
# (Not "remove" or "search": a control of that name would hide the form's own methods.)
SHOW_AGAIN = ("search_employees", "remove_employee")


# --- Logging actions quickly --------------------------------------------------------------------


def _log_context(request: HttpRequest, form: SkillsActionForm, **extra) -> dict:
    recent = queries.named(
        queries.with_people(
            SkillsAction.objects.for_organisation(request.workspace.organisation)
            .filter(created_by=request.user, training_session__isnull=True)
            .order_by("-created_at", "-pk")
        )[:RECENT]
    )
    for action in recent:
        # Three names and "n others": an action for two hundred people stays one line.
        action.names = _names(action.people)
    context = {"form": form, "recent": recent, **_picker_context(request, form), **extra}
    if not (context["recent"] or context["chosen"] or context["matches"]):
        # Nobody named on the page: nothing to log as read.
        nothing_shown(request)
    return context


@require(Perm.EDIT_SKILLS_ACTIONS)
@personal_data
@require_http_methods(["GET", "POST"])
def action_log(request: HttpRequest) -> HttpResponse:
    """One form, twenty actions in a row: after each save the form comes back with
    the last choices kept and the employees and notes cleared. The page lists nobody
    until searched: its size does not depend on the number of employees."""
    organisation = request.workspace.organisation
    template = "inclusion/actions/log.html"
    if request.method == "GET":
        initial = kept_initial(request.GET)
        # A link from an employee's page brings her along as a chip.
        initial["employees"] = [pk for pk in request.GET.getlist("employees") if is_id(pk)]
        form = SkillsActionForm(initial=initial, organisation=organisation)
        about(request, detail=_("logging digital-skills actions"))
        return render(request, template, _log_context(request, form))

    if any(name in request.POST for name in SHOW_AGAIN):
        # Without JavaScript: a search, or a chip removed; nothing is saved.
        form = shown_again(request.POST, organisation=organisation)
        about(request, detail=_("logging digital-skills actions"))
        context = _log_context(request, form)
        if request.htmx:
            return render(request, f"{template}#log_form", context)
        return render(request, template, context)

    form = SkillsActionForm(request.POST, organisation=organisation)
    if form.is_valid():
        action = services.skills_action_log_entered(
            organisation=organisation, by=request.user, entered=form.cleaned_data
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
        if kept["initiative"] is not None:
            query["initiative"] = kept["initiative"].pk
        return redirect(reverse("inclusion:actions:log") + "?" + urlencode(query, doseq=True))

    form.focus_first_error()
    context = _log_context(
        request,
        form,
        announcement=_("Nothing was logged: correct the fields marked.")
        if not form.duplicates
        else _("Nothing was logged yet: this looks like a duplicate."),
        nothing_logged=True,
    )
    if request.htmx:
        return render(request, f"{template}#log_response", context)
    return render(request, template, context)


@require(Perm.EDIT_SKILLS_ACTIONS)
@personal_data
def employee_search(request: HttpRequest) -> HttpResponse:
    """The picker's matches as one types: name, team and job of at most twenty."""
    organisation = request.workspace.organisation
    unit_raw = request.GET.get("unit", "")
    unit = (
        OrganisationUnit.objects.for_organisation(organisation).filter(pk=unit_raw).first()
        if is_id(unit_raw)
        else None
    )
    chosen = {int(pk) for pk in request.GET.getlist("employees") if is_id(pk)}
    found = queries.picker_matches(
        organisation, request.GET.get("q", ""), unit=unit, besides=chosen
    )
    if found:
        about(request, detail=_("search for employees, for logging actions"))
    else:
        nothing_shown(request)
    return render(
        request,
        "inclusion/actions/picker.html#options",
        {
            "matches": found[: queries.PICKER_MATCHES],
            "more_matches": len(found) > queries.PICKER_MATCHES,
            "query": request.GET.get("q", "").strip(),
        },
    )


# --- Correcting an action -----------------------------------------------------------------------


def _list_url(request: HttpRequest) -> str:
    """Where to go back to: the list as it was (`next`), or the list."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return path_on_this_site(request, target) or reverse("inclusion:actions:list")


@require(Perm.EDIT_SKILLS_ACTIONS)
@personal_data
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct every field of an action, employees and competences included; its trail
    below says who changed what when."""
    organisation = request.workspace.organisation
    action = owned_or_404(
        SkillsAction.objects.select_related("unit", "training_session", "organisation"),
        request,
        pk,
    )
    back = _list_url(request)
    if action.training_session_id:
        # Training attendance is corrected on its session's attendance page.
        about(request, detail=_("digital-skills action %(action)s") % {"action": action})
        return render(
            request,
            "inclusion/actions/edit.html",
            {"action": action, "form": None, "back": back, "changes": changes(action)},
        )
    if request.method == "POST" and not any(name in request.POST for name in SHOW_AGAIN):
        form = SkillsActionForm(request.POST, organisation=organisation, action=action)
        if form.is_valid():
            data = form.cleaned_data
            services.skills_action_update(
                action=action,
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
                initiative=data["initiative"],
            )
            messages.success(request, _("The action %(action)s is saved.") % {"action": action})
            return redirect(back)
        form.focus_first_error()
    elif request.method == "POST":
        form = shown_again(request.POST, organisation=organisation, action=action)
    else:
        action = _with_people(SkillsAction.objects.filter(pk=action.pk)).get()
        form = SkillsActionForm(organisation=organisation, action=action)
    about(request, detail=_("digital-skills action %(action)s") % {"action": action})
    context = {
        "action": action,
        "form": form,
        "back": back,
        "session_count": queries.session_of(action).count(),
        "changes": changes(action),
        **_picker_context(request, form),
    }
    return render(request, "inclusion/actions/edit.html", context)


@require(Perm.EDIT_SKILLS_ACTIONS)
@personal_data
@require_http_methods(["GET", "POST"])
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an action, with the reason, which its history keeps."""
    action = owned_or_404(
        _with_people(SkillsAction.objects.select_related("organisation")), request, pk
    )
    back = _list_url(request)
    if action.training_session_id:
        raise Http404("Training attendance is changed on its session's page.")
    form = ActionDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        text = _("The action %(action)s is deleted.") % {"action": action}
        services.skills_action_delete(
            action=action, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, text)
        return redirect(back)
    about(request, detail=_("deleting digital-skills action %(action)s") % {"action": action})
    return render(
        request,
        "inclusion/actions/delete.html",
        {"action": action, "form": form, "back": back},
    )


def _changed_text(changed: list[SkillsAction], status: str, left: int) -> str:
    text = ngettext(
        "%(count)s action is now %(status)s.",
        "%(count)s actions are now %(status)s.",
        len(changed),
    ) % {"count": len(changed), "status": ActionStatus(status).label}
    if left:
        text += " " + ngettext(
            "%(count)s stays as it was: only planned actions change, and none is done "
            "before its date.",
            "%(count)s stay as they were: only planned actions change, and none is done "
            "before its date.",
            left,
        ) % {"count": left}
    return text


@require(Perm.EDIT_SKILLS_ACTIONS)
@personal_data
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    """One action planned → done or cancelled, from its row in the list: with htmx the row
    changes in place; without, the list comes back."""
    action = owned_or_404(SkillsAction, request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what the action becomes."))
        return redirect(_list_url(request))
    status = form.cleaned_data["to"]
    changed = services.skills_actions_set_status(
        actions=[action] if action.status == ActionStatus.PLANNED else [],
        status=status,
        by=request.user,
    )
    text = _changed_text(changed, status, 0 if changed else 1)
    if not request.htmx:
        nothing_shown(request)
        (messages.success if changed else messages.warning)(request, text)
        return redirect(_list_url(request))
    row = queries.named(queries.with_people(SkillsAction.objects.filter(pk=action.pk)))[0]
    about(request, detail=_("digital-skills action %(action)s") % {"action": row})
    return render(
        request,
        "inclusion/actions/list.html#row_response",
        {
            "action": row,
            "can_edit": True,
            "announcement": text,
            "back": _list_url(request),
            "today": timezone.localdate(),
        },
    )


@require(Perm.EDIT_SKILLS_ACTIONS)
@require_POST
def action_bulk(request: HttpRequest) -> HttpResponse:
    """Planned actions done or cancelled together: the ones ticked in the list, all that
    match the list's filters (a team's, up to a date), or the session of one action."""
    organisation = request.workspace.organisation
    form = StatusForm(request.POST)
    back = _list_url(request)
    if not form.is_valid():
        messages.error(request, _("Choose what the actions become."))
        return redirect(back)
    status = form.cleaned_data["to"]
    scope = request.GET.get("scope") or request.POST.get("scope", "selected")
    if scope == "matching":
        filters = ActionFilterForm(request.POST, organisation=organisation).values()
        actions = queries.filtered_actions(organisation, filters)
    elif scope == "session":
        session_of = request.POST.get("session_of", "")
        one = owned_or_404(SkillsAction, request, int(session_of) if is_id(session_of) else 0)
        actions = queries.session_of(one)
    else:
        pks = [int(pk) for pk in request.POST.getlist("selected") if is_id(pk)]
        if not pks:
            messages.warning(request, _("Tick the actions to change first."))
            return redirect(back)
        actions = SkillsAction.objects.for_organisation(organisation).filter(pk__in=pks)
    actions = actions.filter(training_session__isnull=True)
    # All that match the filters may be thousands: said and asked once more first,
    # counted without loading them.
    if (
        scope == "matching"
        and request.POST.get("confirmed") != "yes"
        and (count := queries.changeable(actions, status).count())
    ):
        return render(
            request,
            "inclusion/actions/bulk_confirm.html",
            {
                "count": count,
                "status": ActionStatus(status),
                "staying": actions.count() - count,
                "fields": [
                    (name, value)
                    for name, values in request.POST.lists()
                    if name not in {"csrfmiddlewaretoken", "selected", "confirmed"}
                    for value in values
                ],
                "back": back,
            },
        )
    actions = list(actions.order_by("pk"))
    planned = [a for a in actions if a.status == ActionStatus.PLANNED]
    changed = services.skills_actions_set_status(actions=planned, status=status, by=request.user)
    text = _changed_text(changed, status, len(actions) - len(changed))
    (messages.success if changed else messages.warning)(request, text)
    return redirect(back)


# --- The action list ----------------------------------------------------------------------------


def _listed(request: HttpRequest):
    organisation = request.workspace.organisation
    filter_form = ActionFilterForm(request.GET, organisation=organisation)
    filters = filter_form.values()
    return filter_form, filters, queries.filtered_actions(organisation, filters)


@require(Perm.VIEW_EMPLOYEES)
@personal_data
def action_list(request: HttpRequest) -> HttpResponse:
    filter_form, filters, actions = _listed(request)
    page = Paginator(queries.with_people(actions), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = queries.named(page.object_list)
    about(request, detail=_("digital-skills actions, page %(page)s") % {"page": page.number})
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filter_form": filter_form,
        "filters": filters,
        "query": query.urlencode(),
        "can_log": request.workspace.can(Perm.EDIT_SKILLS_ACTIONS),
        "can_edit": request.workspace.can(Perm.EDIT_SKILLS_ACTIONS),
        "back": request.get_full_path(),
        "today": timezone.localdate(),
        # Those the button beside the filters would mark done: none before its date.
        "planned_matching": queries.changeable(actions, ActionStatus.DONE).count()
        if request.workspace.can(Perm.EDIT_SKILLS_ACTIONS)
        else 0,
    }
    if request.htmx:
        return render(request, "inclusion/actions/list.html#results", context)
    return render(request, "inclusion/actions/list.html", context)


@require(Perm.VIEW_EMPLOYEES)
@personal_data
def action_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The list with its filters as a spreadsheet (xlsx) or CSV; every export is in the
    access log."""
    if fmt not in exports.FORMATS:
        raise Http404("No such format.")
    _filter_form, _filters, actions = _listed(request)
    rows = queries.named(queries.with_people(actions))
    about(
        request,
        detail=ngettext(
            "export of %(count)s digital-skills action",
            "export of %(count)s digital-skills actions",
            len(rows),
        )
        % {"count": len(rows)},
        action=AccessAction.EXPORT,
    )
    return exports.response(rows, fmt)


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
# Units a page of the coverage table shows: the same size at any size of organisation.
COVERAGE_UNITS_PER_PAGE = 25


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
    # The small-group rule hides cells with every unit's row in view (the whole column
    # adds up to the total below it); the page then shows 25 units at a time.
    table = queries.coverage_table(groups, queries.pop_coverage(organisation, year))
    context = {
        "year": year,
        "filter_form": filter_form,
        "table": table,
        "page": page_of(request, table.rows, COVERAGE_UNITS_PER_PAGE),
        "groups": groups,
        "target": inclusion_settings(organisation).pop_coverage_target,
        # A table whose every unit's coverage is a mark says nothing by itself: the page
        # says why, above it.
        "all_hidden": all(row.share.hidden for row in table.rows),
    }
    template = "inclusion/actions/coverage.html"
    response = render(request, f"{template}#coverage" if request.htmx else template, context)
    if groups.exact:
        # Figures about groups smaller than the threshold stay out of caches.
        add_never_cache_headers(response)
    return response


# --- Training attendance per employee -----------------------------------------------------------

# The employees the attendance page lists without a unit chosen, at most: a larger
# organisation chooses a unit first.
ATTENDANCE_LIST_MAX = 100


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
    unit_form = AttendanceUnitForm(source, organisation=organisation)
    unit_pk = unit_form.values().get("unit")
    unit = (
        OrganisationUnit.objects.for_organisation(organisation).filter(pk=unit_pk).first()
        if unit_pk
        else None
    )
    working = Employee.objects.for_organisation(organisation).active()
    shown = working.order_by("name", "pk")
    if unit is not None:
        shown = shown.filter(unit=unit)
    action = (
        SkillsAction.objects.filter(training_session=session)
        .prefetch_related(Prefetch("employees", Employee.objects.order_by("name", "pk")))
        .first()
    )
    before = set(action.employees.all()) if action else set()
    # Without a unit, everyone working here, unless they are too many to list: then
    # who attended so far, to untick, and a unit to choose for the others.
    everyone = unit is not None or not working[ATTENDANCE_LIST_MAX:].exists()
    if not everyone:
        shown = Employee.objects.filter(pk__in=[e.pk for e in before]).order_by("name", "pk")
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
        "unit_form": unit_form,
        "unit": unit,
        "everyone": everyone,
        "elsewhere": sorted(
            (e for e in before if e.pk not in shown_ids), key=lambda e: (e.name, e.pk)
        ),
        "track_url": reverse("adoption:track_detail", args=[session.track_id]) + "#phase-4",
    }
    template = "inclusion/actions/attendance.html"
    if request.htmx and request.method == "GET":
        return render(request, f"{template}#attendance", context)
    return render(request, template, context)
