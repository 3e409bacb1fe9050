"""Functiemetamorfose, the nine lessons and the Inclusie dashboard.

Everyone in the organisation sees the vulnerable jobs, the lessons and the
dashboard as aggregates: a figure about fewer employees than the organisation's
smallest group shown appears as "<5" for anyone who may not see individuals.
Mobility trajectories name employees, so they are personal data: HR advisers and
organisation admins read them, HR advisers change them, every read and change is
logged, and those pages are never cached.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inclusion.actions.queries import organisation_coverage
from inclusion.figures import Figure, SmallGroups
from inclusion.metamorphosis.evidence import evidence_for
from inclusion.metamorphosis.forms import (
    JobVulnerabilityForm,
    LessonAssessmentForm,
    MobilityTrajectoryForm,
)
from inclusion.metamorphosis.lessons import LESSONS, Lesson
from inclusion.metamorphosis.queries import (
    JobFigures,
    job_figures,
    shown_status_table,
)
from inclusion.models import (
    AccessAction,
    ActionStatus,
    Destination,
    Employee,
    Job,
    LessonAssessment,
    MobilityTrajectory,
    SkillsAction,
    TrajectoryStatus,
    Vulnerability,
    log_access,
)
from inclusion.privacy import about, personal_data
from inclusion.wholes import wholes
from organisations.forms import ChoiceFilterForm
from organisations.i18n import localised
from organisations.pages import form_page, page_of
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404
from transformation.models import Programme

# The dashboard's "this period": the last 90 days.
PERIOD = datetime.timedelta(days=90)
VULNERABILITY_ORDER = {Vulnerability.HIGH: 0, Vulnerability.MEDIUM: 1, Vulnerability.LOW: 2}
# Jobs a page of each list shows: the page stays the same size however many jobs there are.
JOBS_PER_PAGE = 25


# --- Vulnerable jobs ----------------------------------------------------------------------------


def _job_rows(jobs: list[Job], figures: dict[int, JobFigures]) -> list[dict]:
    """Jobs with their employees and trajectories as every page shows them
    (`job_figures`)."""
    return [
        {
            "job": job,
            "employees": figures[job.pk].employees,
            "trajectories": figures[job.pk].trajectories,
        }
        for job in jobs
    ]


@require(Perm.VIEW_WORKSPACE)
def job_list(request: HttpRequest) -> HttpResponse:
    groups = SmallGroups.for_reader(request)
    jobs = sorted(
        Job.objects.for_organisation(request.workspace.organisation),
        key=lambda job: (VULNERABILITY_ORDER.get(job.vulnerability, 3), job.name),
    )
    figures = job_figures(request.workspace.organisation, groups)
    rated = []
    # Most vulnerable first; "not assessed" is the list below, not a level.
    for level in VULNERABILITY_ORDER:
        rated += _job_rows([job for job in jobs if job.vulnerability == level], figures)
    # The small-group rule judged every job's row first; then a page of each list, the
    # most vulnerable jobs first.
    return render(
        request,
        "inclusion/metamorphosis/job_list.html",
        {
            "rated": page_of(request, rated, JOBS_PER_PAGE),
            "unrated": page_of(
                request,
                _job_rows([job for job in jobs if not job.vulnerability], figures),
                JOBS_PER_PAGE,
                parameter="niet-beoordeeld",
            ),
            "groups": groups,
            "can_manage": request.workspace.can(Perm.MANAGE_EMPLOYEES),
        },
    )


def _status_table(trajectories, groups: SmallGroups, *, total: Figure) -> dict:
    """Counts per destination (rows) and status (columns), with totals, beside the
    job's `total` on the list of jobs (`shown_status_table`)."""
    counts: dict[tuple[str, str], int] = {}
    for row in trajectories.values("destination", "status").annotate(n=Count("pk")).order_by():
        counts[(row["destination"], row["status"])] = row["n"]
    table = shown_status_table(groups, counts, total)
    return {
        "statuses": [label for _value, label in TrajectoryStatus.choices],
        "rows": [
            {"label": label, "cells": cells, "total": total}
            for (_value, label), cells, total in zip(
                Destination.choices, table.rows, table.row_totals, strict=True
            )
        ],
        "totals": table.column_totals,
        "total": table.total,
    }


def _sees_employees(request: HttpRequest) -> bool:
    return request.workspace.can(Perm.VIEW_EMPLOYEES)


@require(Perm.VIEW_WORKSPACE)
@personal_data(when=_sees_employees)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = request.workspace.organisation
    job = owned_or_404(Job, request, pk)
    groups = SmallGroups.for_reader(request)
    trajectories = MobilityTrajectory.objects.for_organisation(organisation).filter(from_job=job)
    figures = job_figures(organisation, groups)[job.pk]
    context = {
        "job": job,
        "employees": figures.employees,
        "table": _status_table(trajectories, groups, total=figures.trajectories),
        "groups": groups,
        "can_see_employees": request.workspace.can(Perm.VIEW_EMPLOYEES),
        "can_manage": request.workspace.can(Perm.MANAGE_EMPLOYEES),
    }
    if context["can_see_employees"]:
        # Personal data: the names of those in this job and their trajectories.
        context["people"] = (
            Employee.objects.for_organisation(organisation)
            .filter(Q(job=job, active=True) | Q(trajectories__from_job=job))
            .distinct()
            .prefetch_related(
                Prefetch(
                    "trajectories",
                    queryset=MobilityTrajectory.objects.filter(from_job=job).select_related(
                        "destination_job"
                    ),
                    to_attr="job_trajectories",
                )
            )
            .order_by("name", "pk")
        )
        about(request, detail=_("mobility trajectories from %(job)s") % {"job": job.name})
    return render(request, "inclusion/metamorphosis/job_detail.html", context)


@require(Perm.MANAGE_EMPLOYEES)
@require_http_methods(["GET", "POST"])
def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    job = owned_or_404(Job, request, pk)
    form = JobVulnerabilityForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The rating of %(job)s is saved.") % {"job": job.name})
        return redirect("inclusion:metamorphosis:job", pk=job.pk)
    return form_page(
        request,
        form,
        title=_("How vulnerable is %(job)s?") % {"job": job.name},
        lead=_("Rate how much of this job digitalisation takes over, which tasks, and when."),
        submit=_("Save"),
        cancel_url=reverse("inclusion:metamorphosis:job", args=[job.pk]),
    )


# --- Mobility trajectories (personal data) ------------------------------------------------------


@require(Perm.VIEW_EMPLOYEES)
@personal_data
def employee_trajectories(request: HttpRequest, pk: int) -> HttpResponse:
    employee = owned_or_404(Employee.objects.select_related("job", "unit"), request, pk)
    about(request, employee=employee, detail=_("mobility trajectories"))
    return render(
        request,
        "inclusion/metamorphosis/employee_trajectories.html",
        {
            "employee": employee,
            "trajectories": employee.trajectories.select_related("from_job", "destination_job"),
            "can_manage": request.workspace.can(Perm.MANAGE_EMPLOYEES),
        },
    )


def _trajectory_form_page(request, form, *, employee, title) -> HttpResponse:
    about(request, employee=employee, detail=_("mobility trajectory form"))
    return form_page(
        request,
        form,
        title=title,
        lead=_(
            "Where is %(employee)s heading: a new internal job, upskilled in the own job, "
            "or outside the organisation?"
        )
        % {"employee": employee.name},
        submit=_("Save"),
        cancel_url=reverse("inclusion:metamorphosis:employee_trajectories", args=[employee.pk]),
    )


@require(Perm.MANAGE_EMPLOYEES)
@personal_data
@require_http_methods(["GET", "POST"])
def trajectory_create(request: HttpRequest, pk: int) -> HttpResponse:
    employee = owned_or_404(Employee.objects.select_related("job", "unit"), request, pk)
    organisation = employee.organisation
    trajectory = MobilityTrajectory(organisation=organisation, employee=employee)
    initial = {"from_job": employee.job_id, "started_on": timezone.localdate()}
    form = MobilityTrajectoryForm(
        request.POST or None, instance=trajectory, initial=initial, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        trajectory = form.save()
        log_access(
            user=request.user,
            organisation=organisation,
            action=AccessAction.CREATE,
            employee=employee,
            detail=_("mobility trajectory: %(destination)s")
            % {"destination": trajectory.get_destination_display()},
        )
        messages.success(
            request,
            _("The mobility trajectory of %(employee)s is saved.") % {"employee": employee.name},
        )
        return redirect("inclusion:metamorphosis:employee_trajectories", pk=employee.pk)
    return _trajectory_form_page(
        request,
        form,
        employee=employee,
        title=_("New mobility trajectory for %(employee)s") % {"employee": employee.name},
    )


@require(Perm.MANAGE_EMPLOYEES)
@personal_data
@require_http_methods(["GET", "POST"])
def trajectory_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = request.workspace.organisation
    trajectory = owned_or_404(MobilityTrajectory.objects.select_related("employee"), request, pk)
    employee = trajectory.employee
    form = MobilityTrajectoryForm(
        request.POST or None, instance=trajectory, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        trajectory = form.save()
        log_access(
            user=request.user,
            organisation=organisation,
            action=AccessAction.UPDATE,
            employee=employee,
            detail=_("mobility trajectory: %(fields)s") % {"fields": ", ".join(form.changed_data)},
        )
        messages.success(
            request,
            _("The mobility trajectory of %(employee)s is saved.") % {"employee": employee.name},
        )
        return redirect("inclusion:metamorphosis:employee_trajectories", pk=employee.pk)
    return _trajectory_form_page(
        request,
        form,
        employee=employee,
        title=_("Mobility trajectory of %(employee)s") % {"employee": employee.name},
    )


# --- The nine lessons ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownLesson:
    number: int
    title: str
    text: str
    case_organisation: str
    case: str
    evidence_key: str


def _shown(lesson: Lesson) -> ShownLesson:
    return ShownLesson(
        number=lesson.number,
        title=localised(lesson.title.nl, lesson.title.en),
        text=localised(lesson.text.nl, lesson.text.en),
        case_organisation=lesson.case.organisation if lesson.case else "",
        case=localised(lesson.case.text.nl, lesson.case.text.en) if lesson.case else "",
        evidence_key=lesson.evidence,
    )


def _lesson(number: int) -> Lesson:
    for lesson in LESSONS:
        if lesson.number == number:
            return lesson
    raise Http404


def _programmes(request: HttpRequest):
    """The choice of programme (?programma=, the first by default) and the one chosen."""
    programmes = list(
        Programme.objects.for_organisation(request.workspace.organisation).order_by("name", "pk")
    )
    choice = ChoiceFilterForm(
        request.GET,
        name="programma",
        label=_("Programme"),
        choices=[(p.pk, p.name) for p in programmes],
        default=programmes[0].pk if programmes else None,
    )
    programme = next((p for p in programmes if str(p.pk) == choice.chosen), None)
    return choice, programme


@require(Perm.VIEW_WORKSPACE)
def lesson_list(request: HttpRequest) -> HttpResponse:
    programme_choice, programme = _programmes(request)
    latest: dict[int, LessonAssessment] = {}
    evidence = {}
    if programme is not None:
        for assessment in LessonAssessment.objects.filter(programme=programme).select_related(
            "assessed_by"
        ):
            # Ordered by lesson, then newest first: the first one per lesson is the latest.
            latest.setdefault(assessment.lesson, assessment)
        evidence = evidence_for(programme)
    rows = [
        {
            "lesson": _shown(lesson),
            "latest": latest.get(lesson.number),
            "evidence": evidence.get(lesson.evidence),
        }
        for lesson in LESSONS
    ]
    return render(
        request,
        "inclusion/metamorphosis/lesson_list.html",
        {
            "rows": rows,
            "programme_choice": programme_choice,
            "programme": programme,
            "can_assess": request.workspace.can(Perm.ASSESS_LESSONS),
        },
    )


@require(Perm.VIEW_WORKSPACE)
def lesson_detail(request: HttpRequest, number: int) -> HttpResponse:
    lesson = _lesson(number)
    programme_choice, programme = _programmes(request)
    history = []
    evidence = None
    if programme is not None:
        history = list(
            LessonAssessment.objects.filter(programme=programme, lesson=number).select_related(
                "assessed_by"
            )
        )
        evidence = evidence_for(programme).get(lesson.evidence)
    return render(
        request,
        "inclusion/metamorphosis/lesson_detail.html",
        {
            "lesson": _shown(lesson),
            "programme_choice": programme_choice,
            "programme": programme,
            "history": history,
            "latest": history[0] if history else None,
            "evidence": evidence,
            "can_assess": request.workspace.can(Perm.ASSESS_LESSONS),
        },
    )


@require(Perm.ASSESS_LESSONS)
@require_http_methods(["GET", "POST"])
def lesson_assess(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    lesson = _lesson(number)
    programme = owned_or_404(Programme, request, pk)
    assessment = LessonAssessment(
        organisation=programme.organisation,
        programme=programme,
        lesson=number,
        assessed_by=request.user,
    )
    form = LessonAssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("The self-assessment of lesson %(number)s for %(programme)s is saved.")
            % {"number": number, "programme": programme.name},
        )
        return redirect(
            reverse("inclusion:metamorphosis:lesson_detail", args=[number])
            + f"?programma={programme.pk}"
        )
    latest = LessonAssessment.objects.filter(programme=programme, lesson=number).first()
    return render(
        request,
        "inclusion/metamorphosis/lesson_assess.html",
        {
            "form": form,
            "lesson": _shown(lesson),
            "programme": programme,
            "latest": latest,
            "evidence": evidence_for(programme).get(lesson.evidence),
        },
    )


# --- Dashboard ----------------------------------------------------------------------------------


@require(Perm.VIEW_WORKSPACE)
def dashboard(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    groups = SmallGroups.for_reader(request)
    today = timezone.localdate()
    actions = (
        SkillsAction.objects.for_organisation(organisation)
        .filter(status=ActionStatus.DONE, held_on__gt=today - PERIOD, held_on__lte=today)
        .count()
    )
    coverage = organisation_coverage(organisation, today.year, groups)
    # Each a whole other pages split part by part: hidden where they have to hide it.
    shown = wholes(organisation, groups, active=coverage.active.count)
    return render(
        request,
        "inclusion/metamorphosis/dashboard.html",
        {
            "actions": groups.count(actions),
            "period_start": today - PERIOD + datetime.timedelta(days=1),
            "year": today.year,
            "coverage": coverage,
            "gaps": shown.gaps,
            "high": shown.high,
            "medium": shown.medium,
            "statuses": [
                {"value": value, "label": label, "figure": shown.statuses[value]}
                for value, label in TrajectoryStatus.choices
            ],
            "groups": groups,
        },
    )
