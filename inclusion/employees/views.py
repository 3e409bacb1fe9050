"""Inclusie: employees are personal data. Only HR advisers and organisation admins
see individuals; every view and change is logged; pages are never cached."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from inclusion import hooks
from inclusion.employees import forms, inzage, queries, services
from inclusion.employees.imports import apply_import, export_employees_csv, plan_import
from inclusion.models import AccessAction, AccessLogEntry, Employee, Job, log_access
from inclusion.privacy import about, nothing_shown, personal_data
from organisations.pages import form_page
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404
from organisations.views import search_options

PAGE_SIZE = 50
IMPORT_TTL = 60 * 60


@require(Perm.VIEW_EMPLOYEES)
@personal_data
def employee_list(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    filter_form = forms.EmployeeFilterForm(request.GET, organisation=organisation)
    employees = filter_form.filter(
        Employee.objects.for_organisation(organisation).select_related("unit", "job", "manager")
    )
    page = Paginator(employees.order_by("name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    about(request, detail=_("employee list, page %(page)s") % {"page": page.number})
    context = {
        "page": page,
        "filter_form": filter_form,
        "can_manage": request.workspace.can(Perm.MANAGE_EMPLOYEES),
    }
    if request.htmx:
        return render(request, "inclusion/employees/list.html#results", context)
    return render(request, "inclusion/employees/list.html", context)


@require(Perm.VIEW_EMPLOYEES)
@personal_data
def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The employee's profile: the record, skills against the job (and the new job a
    trajectory leads to), POP-gesprekken, actions, trajectories and recent changes."""
    employee = owned_or_404(Employee.objects.select_related("unit", "job", "manager"), request, pk)
    about(request, employee=employee, detail=_("employee profile"))
    workspace = request.workspace
    return render(
        request,
        "inclusion/employees/detail.html",
        {
            "employee": employee,
            "profile": queries.employee_profile(employee),
            "panels": [
                (panel.template, panel_context)
                for panel in hooks.employee_panels
                if (panel_context := panel.context(request, employee)) is not None
            ],
            "can_manage": workspace.can(Perm.MANAGE_EMPLOYEES),
            "can_log": workspace.can(Perm.EDIT_SKILLS_ACTIONS),
            "log_url": reverse("inclusion:actions:log")
            + "?"
            + urlencode({"employees": employee.pk}),
        },
    )


@require(Perm.MANAGE_EMPLOYEES)
@personal_data
@require_http_methods(["GET", "POST"])
def employee_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = request.workspace.organisation
    employee = (
        owned_or_404(Employee.objects.select_related("unit", "job", "manager"), request, pk)
        if pk
        else Employee(organisation=organisation)
    )
    if employee.anonymised_at is not None:
        messages.error(request, _("An anonymised employee cannot be changed."))
        return redirect("inclusion:employees:detail", pk=employee.pk)
    # The manager drop-down names every employee, so even a new employee's form shows some.
    about(request, employee=employee if pk else None, detail=_("employee form"))
    # Named as stored: validating the form sets what was typed on the object, refused or not.
    title = _("Edit %(employee)s") % {"employee": employee.name} if pk else _("New employee")
    form = forms.EmployeeForm(request.POST or None, instance=employee, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        employee = form.save()
        log_access(
            user=request.user,
            organisation=organisation,
            action=AccessAction.UPDATE if pk else AccessAction.CREATE,
            employee=employee,
            detail=", ".join(form.changed_data),
        )
        messages.success(request, _("%(employee)s is saved.") % {"employee": employee.name})
        return redirect("inclusion:employees:detail", pk=employee.pk)
    return form_page(
        request,
        form,
        title=title,
        submit=_("Save"),
        cancel_url=reverse("inclusion:employees:detail", args=[pk])
        if pk
        else reverse("inclusion:employees:list"),
    )


@require(Perm.MANAGE_EMPLOYEES)
@personal_data
def inzage_json(request: HttpRequest, pk: int) -> HttpResponse:
    """Inzage (AVG art. 15): everything held about one employee, as JSON."""
    employee = owned_or_404(Employee, request, pk)
    about(request, employee=employee, detail=_("inzage (JSON)"), action=AccessAction.EXPORT)
    response = JsonResponse(
        inzage.everything_about(employee), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = (
        f'attachment; filename="inzage-{employee.organisation.slug}-{employee.pk}.json"'
    )
    return response


@require(Perm.MANAGE_EMPLOYEES)
@personal_data
@require_http_methods(["GET", "POST"])
def anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """Erasure (AVG art. 17): confirmed with a reason, irreversible, logged."""
    employee = owned_or_404(Employee.objects.select_related("unit", "job"), request, pk)
    about(request, employee=employee, detail=_("anonymisation"))
    detail = reverse("inclusion:employees:detail", args=[employee.pk])
    if employee.anonymised_at is not None or employee.active:
        messages.error(
            request,
            _("This employee is anonymised already.")
            if employee.anonymised_at
            else _("Only someone who has left can be anonymised. Mark them as left first."),
        )
        return redirect(detail)
    form = forms.AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.employee_anonymise(
            employee=employee, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, _("The employee is anonymised."))
        return redirect(detail)
    return form_page(
        request,
        form,
        title=_("Anonymise %(employee)s") % {"employee": employee.name},
        lead=_(
            "Removes the name, email address, personnel number and manager, and the free "
            "texts of the POP-gesprekken, trajectories and the employee's own actions, with "
            "their earlier versions. HR reports that name the employee are deleted. Unit, "
            "job, levels, actions and trajectories stay, without a name, so that every "
            "figure stays the same. This cannot be undone."
        ),
        submit=_("Anonymise for good"),
        cancel_url=detail,
    )


@require(Perm.MANAGE_EMPLOYEES)
@personal_data
@require_http_methods(["GET", "POST"])
def employee_import(request: HttpRequest) -> HttpResponse:
    """Upload, then a preview of what will be created, updated and left alone; only the
    confirmation imports, and a file with any problem imports nothing."""
    organisation = request.workspace.organisation
    if request.method == "POST" and "confirm" in request.POST:
        token = request.session.get("employee_import")
        data = cache.get(f"employee-import:{token}") if token else None
        if data is None:
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect("inclusion:employees:import")
        plan = plan_import(
            data["content"], organisation=organisation, complete=data.get("complete", False)
        )
        if not plan.ok:
            messages.error(request, _("The file has problems. Nothing was imported."))
            return redirect("inclusion:employees:import")
        counts = apply_import(plan, organisation=organisation, by=request.user)
        cache.delete(f"employee-import:{token}")
        request.session.pop("employee_import", None)
        done = _("%(created)s employees added, %(updated)s updated, %(unchanged)s unchanged.")
        if plan.complete:
            done += " " + _("%(left)s marked as left.")
        messages.success(request, done % counts)
        return redirect("inclusion:employees:list")

    form = forms.EmployeeImportForm(
        *((request.POST, request.FILES) if request.method == "POST" else ())
    )
    plan = None
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        complete = form.cleaned_data["complete"]
        plan = plan_import(content, organisation=organisation, complete=complete)
        if plan.ok:
            token = secrets.token_urlsafe(16)
            cache.set(
                f"employee-import:{token}", {"content": content, "complete": complete}, IMPORT_TTL
            )
            request.session["employee_import"] = token
    if plan is None:
        nothing_shown(request)
    else:
        about(request, detail=_("import preview"))
    return render(request, "inclusion/employees/import.html", {"form": form, "plan": plan})


@require(Perm.VIEW_EMPLOYEES)
@personal_data
def employee_export(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    employees = Employee.objects.for_organisation(organisation).select_related(
        "unit", "job", "manager"
    )
    about(
        request,
        detail=_("%(count)s employees") % {"count": employees.count()},
        action=AccessAction.EXPORT,
    )
    response = HttpResponse(
        export_employees_csv(employees.order_by("personnel_number")),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="medewerkers.csv"'
    return response


@require(Perm.MANAGE_ORGANISATION)
@personal_data
def access_log(request: HttpRequest) -> HttpResponse:
    entries = AccessLogEntry.objects.for_organisation(
        request.workspace.organisation
    ).select_related("employee")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    about(request, detail=_("access log, page %(page)s") % {"page": page.number})
    return render(request, "inclusion/employees/access_log.html", {"page": page})


# --- What a search box finds as one types (organisations.forms.SearchSelectWidget) --------


@require(Perm.VIEW_WORKSPACE)
@require_GET
def job_options(request: HttpRequest) -> HttpResponse:
    """The jobs whose name contains what one types in a job's search box."""
    jobs = Job.objects.for_organisation(request.workspace.organisation).order_by("name", "pk")
    return search_options(request, forms.JobSelectWidget(), jobs)


@require(Perm.MANAGE_EMPLOYEES)
@personal_data
@require_GET
def employee_options(request: HttpRequest) -> HttpResponse:
    """The employees working here whose name or personnel number contains what one types
    in the employee form's search box for the manager; each with unit and job."""
    employees = Employee.objects.for_organisation(request.workspace.organisation).filter(
        active=True
    )
    response = search_options(
        request, forms.EmployeeSelectWidget(), employees.order_by("name", "pk")
    )
    if b'role="option"' in response.content:
        about(request, detail=_("search for a manager, on the employee form"))
    else:
        nothing_shown(request)
    return response
