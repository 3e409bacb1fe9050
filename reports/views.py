"""Requesting reports, watching them being made, and downloading them.

The web process writes the request and enqueues its id after commit; it never
renders a document. A report's page polls its own progress through htmx until
the download link appears, and works as a plain page (reload) without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from inclusion.models import Employee
from inclusion.privacy import personal_data
from organisations.forms import ChoiceFilterForm, is_id
from organisations.pages import remove_confirmed, remove_page
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404
from reports import services
from reports.downloads import report_file_response
from reports.forms import ReportRequestForm, ReportScheduleForm
from reports.models import ReportKind, ReportRequest, ReportSchedule, ReportStatus
from transformation.models import Programme

PAGE_SIZE = 20
# How often an open report's page asks for its progress.
POLL_SECONDS = 2


def _visible(request: HttpRequest):
    return ReportRequest.objects.visible_to(request.workspace).select_related(
        "programme", "requested_by"
    )


@require(Perm.VIEW_WORKSPACE)
def overview(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    kinds = [kind for kind in ReportKind.periodic() if workspace.can(kind.permission)]
    reports = _visible(request)
    filter_form = ChoiceFilterForm(
        request.GET,
        name="kind",
        label=_("Kind"),
        blank=_("All kinds"),
        choices=[(kind.value, capfirst(kind.label)) for kind in kinds],
    )
    if kind_filter := filter_form.chosen:
        reports = reports.filter(kind=kind_filter)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    open_ids = [report.pk for report in page if report.is_open]
    # The ids that were open when the list was last shown: those that have
    # finished since are announced.
    shown_open = {int(i) for i in request.GET.get("open", "").split(",") if is_id(i)}
    context = {
        "kinds": kinds,
        "filter_form": filter_form,
        "page": page,
        "any_open": bool(open_ids),
        "open_ids": ",".join(map(str, open_ids)),
        "announcements": [
            _announcement(report)
            for report in page
            if report.pk in shown_open and not report.is_open
        ],
        "poll_seconds": POLL_SECONDS,
        "can_schedule": workspace.can(Perm.MANAGE_ORGANISATION),
    }
    if request.htmx:
        return render(request, "reports/overview.html#report_list", context)
    return render(request, "reports/overview.html", context)


def _kind(kind: str) -> ReportKind:
    """A kind asked for a period here (an inzage is asked from the employee's page)."""
    try:
        found = ReportKind(kind)
    except ValueError as error:
        raise Http404 from error
    if found not in ReportKind.periodic():
        raise Http404
    return found


def _kind_perms(*, kind: str, **_kwargs) -> tuple[Perm]:
    """A report is requested by whoever may request its kind."""
    return (_kind(kind).permission,)


@require(per=_kind_perms)
@require_http_methods(["GET", "POST"])
def request_report(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind(kind)
    workspace = request.workspace
    organisation = workspace.organisation

    form = ReportRequestForm(
        request.POST or None,
        organisation=organisation,
        kind=kind,
        initial=_initial(request, organisation, kind),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            report = services.report_request(
                organisation=organisation,
                kind=kind,
                programme=data.get("programme"),
                period_start=data["period_start"],
                period_end=data["period_end"],
                requested_by=request.user,
                annex=data.get("annex", False),
                notify=data["notify"],
            )
        return redirect("reports:detail", pk=report.pk)
    return render(
        request,
        "reports/request.html",
        {"form": form, "kind": kind, "has_programmes": _has_programmes(form)},
    )


def _has_programmes(form) -> bool:
    field = form.fields.get("programme")
    return field is None or field.queryset.exists()


def _initial(request: HttpRequest, organisation, kind: ReportKind) -> dict:
    programme = None
    if kind == ReportKind.MANAGEMENT:
        chosen = request.GET.get("programme", "")
        programmes = Programme.objects.for_organisation(organisation).order_by("name")
        programme = (programmes.filter(pk=chosen).first() if is_id(chosen) else None) or (
            programmes.first()
        )
    start, end = services.default_period(organisation, kind, programme)
    return {"programme": programme, "period_start": start, "period_end": end, "notify": False}


@require(Perm.READ_REPORTS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = owned_or_404(_visible(request), request, pk)
    context = {"report": report, "poll_seconds": POLL_SECONDS}
    shown = request.GET.get("shown", "")
    if shown and shown != report.status:
        context["announcement"] = _announcement(report)
    if request.htmx:
        response = render(request, "reports/detail.html#progress", context)
    else:
        response = render(request, "reports/detail.html", context)
    # Progress changes from second to second: never show a stale one.
    add_never_cache_headers(response)
    return response


def _announcement(report: ReportRequest) -> str:
    """What a screen reader hears when a polled report moves on."""
    name = _("%(kind)s of %(start)s to %(end)s") % {
        "kind": report.get_kind_display(),
        "start": date_format(report.period_start),
        "end": date_format(report.period_end),
    }
    return {
        ReportStatus.QUEUED: _("%(report)s is in the queue.") % {"report": capfirst(name)},
        ReportStatus.RUNNING: _("%(report)s is being made.") % {"report": capfirst(name)},
        ReportStatus.DONE: _("%(report)s is ready to download.") % {"report": capfirst(name)},
        ReportStatus.FAILED: _("%(report)s could not be made.") % {"report": capfirst(name)},
    }[ReportStatus(report.status)]


@require(Perm.READ_REPORTS)
@require_POST
def request_again(request: HttpRequest, pk: int) -> HttpResponse:
    """A failed report, asked for again with the same choices."""
    earlier = owned_or_404(_visible(request), request, pk)
    with transaction.atomic():
        report = services.report_request(
            organisation=earlier.organisation,
            kind=earlier.kind,
            programme=earlier.programme,
            period_start=earlier.period_start,
            period_end=earlier.period_end,
            requested_by=request.user,
            annex=earlier.annex,
            notify=earlier.notify,
        )
    return redirect("reports:detail", pk=report.pk)


@require(Perm.READ_REPORTS)
@personal_data
def download(request: HttpRequest, pk: int) -> HttpResponse:
    return report_file_response(request, owned_or_404(_visible(request), request, pk))


# Schedules ------------------------------------------------------------------------


@require(Perm.MANAGE_ORGANISATION)
def schedules(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    return render(
        request,
        "reports/schedules.html",
        {
            "schedules": ReportSchedule.objects.for_organisation(organisation).select_related(
                "programme", "created_by"
            ),
        },
    )


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def schedule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = request.workspace.organisation
    schedule = (
        owned_or_404(ReportSchedule, request, pk) if pk else ReportSchedule(created_by=request.user)
    )
    form = ReportScheduleForm(request.POST or None, instance=schedule, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The schedule is saved."))
        return redirect("reports:schedules")
    return render(
        request,
        "reports/schedule_form.html",
        {"form": form, "schedule": schedule if pk else None},
    )


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def schedule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first."""
    schedule = owned_or_404(ReportSchedule.objects.select_related("programme"), request, pk)
    if not remove_confirmed(request):
        kind = capfirst(schedule.get_kind_display())
        return remove_page(
            request,
            title=_("Remove this schedule"),
            lead=schedule.programme.name if schedule.programme else None,
            what=f"{kind}, " + _("day %(day)s of every month") % {"day": schedule.day_of_month},
            consequence=_(
                "No more reports are made on this schedule; the reports it already made are kept."
            ),
            submit=_("Remove"),
            cancel_url=reverse("reports:schedule_edit", args=[schedule.pk]),
            back=(reverse("reports:schedules"), _("Monthly reports")),
        )
    schedule.delete()
    messages.success(request, _("The schedule is removed. Reports it already made are kept."))
    return redirect("reports:schedules")


# Panels on other apps' pages --------------------------------------------------------

LATEST = 5


def dashboard_panel(request: HttpRequest) -> dict | None:
    workspace = request.workspace
    if not any(workspace.can(kind.permission) for kind in ReportKind.periodic()):
        return None
    return {"reports": list(_visible(request)[:LATEST])}


def inzage_panel(request: HttpRequest, employee) -> dict | None:
    """On an employee's page: the inzage PDFs made for them, and making one."""
    if not request.workspace.can(ReportKind.INZAGE.permission):
        return None
    return {
        "employee": employee,
        "reports": list(
            _visible(request).filter(kind=ReportKind.INZAGE, employee=employee)[:LATEST]
        ),
    }


@require(ReportKind.INZAGE.permission)
@require_POST
def inzage_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The inzage PDF of one employee (AVG art. 15), made by the worker."""
    employee = owned_or_404(Employee, request, pk)
    today = timezone.localdate()
    with transaction.atomic():
        report = services.report_request(
            organisation=employee.organisation,
            kind=ReportKind.INZAGE,
            employee=employee,
            period_start=employee.created_at.date() if employee.created_at else today,
            period_end=today,
            requested_by=request.user,
        )
    return redirect("reports:detail", pk=report.pk)


def programme_panel(request: HttpRequest, programme) -> dict | None:
    if not request.workspace.can(Perm.REQUEST_MANAGEMENT_REPORT):
        return None
    return {
        "programme": programme,
        "reports": list(
            _visible(request).filter(kind=ReportKind.MANAGEMENT, programme=programme)[:LATEST]
        ),
    }
