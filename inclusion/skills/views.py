"""Digital skills: the competence framework, target levels per job, assessments per
employee, and the heatmap of gaps per unit and competence area.

The framework, the target levels and the heatmap are not personal data: everyone in
the organisation reads them, and the heatmap hides small groups for whoever may not
see individuals. Assessments are personal data: seen by HR advisers and organisation
admins, added by HR advisers, and every view and change is logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, OuterRef, Prefetch, ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from inclusion.figures import SmallGroups
from inclusion.metamorphosis.queries import job_figures
from inclusion.models import (
    AccessAction,
    Assessment,
    Competence,
    CompetenceArea,
    Employee,
    InitiativeCompetence,
    Job,
    SkillsAction,
    TargetLevel,
    log_access,
)
from inclusion.privacy import about, personal_data
from inclusion.skills import queries as skills
from inclusion.skills import services
from inclusion.skills.forms import (
    AssessmentForm,
    CompetenceForm,
    JobFilterForm,
    TargetLevelsForm,
)
from inclusion.skills.frameworks import DIGCOMP_VERSION, ORGANISATION_EXTRAS
from organisations.i18n import localised
from organisations.pages import form_page, page_of, remove_confirmed, remove_page
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404

# --- Framework ----------------------------------------------------------------------------------


@require(Perm.VIEW_WORKSPACE)
def framework(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    competences = Competence.objects.for_organisation(organisation).order_by("code")
    areas = list(
        CompetenceArea.objects.for_organisation(organisation)
        .order_by("number")
        .prefetch_related(Prefetch("competences", queryset=competences))
    )
    codes = {c.code for area in areas for c in area.competences.all()}
    return render(
        request,
        "inclusion/skills/framework.html",
        {
            "areas": areas,
            "level_groups": skills.level_groups(),
            "digcomp_version": DIGCOMP_VERSION,
            "can_edit": request.workspace.can(Perm.EDIT_SKILLS_ACTIONS),
            "suggested_missing": [
                localised(extra.name.nl, extra.name.en)
                for extra in ORGANISATION_EXTRAS
                if extra.code not in codes
            ],
        },
    )


@require(Perm.EDIT_SKILLS_ACTIONS)
@require_http_methods(["GET", "POST"])
def competence_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = request.workspace.organisation
    if pk is None:
        competence = Competence(organisation=organisation)
    else:
        # DigComp's own competences are the framework: nobody edits them here.
        competence = owned_or_404(Competence.objects.filter(digcomp=False), request, pk)
    # Named as stored: validating the form sets what was typed on the object, refused or not.
    title = (
        _("Edit competence %(code)s") % {"code": competence.code}
        if pk
        else _("Add a competence of your own")
    )
    form = CompetenceForm(request.POST or None, instance=competence, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        competence = form.save()
        messages.success(
            request, _("Competence %(competence)s is saved.") % {"competence": competence}
        )
        return redirect("inclusion:skills:framework")
    return form_page(
        request,
        form,
        title=title,
        lead=_(
            "A competence your organisation assesses on top of DigComp. It can have target "
            "levels and assessments like any other."
        ),
        submit=_("Save"),
        cancel_url=reverse("inclusion:skills:framework"),
        delete_url=reverse("inclusion:skills:competence_delete", args=[pk]) if pk else None,
    )


def _competence_uses(organisation, competence: Competence) -> str:
    """What removing an own competence takes along, in words: the jobs' target levels and
    the initiatives' asked levels for it, and its place on skills actions. Three queries."""
    jobs = TargetLevel.objects.for_organisation(organisation).filter(competence=competence)
    asked = InitiativeCompetence.objects.for_organisation(organisation).filter(
        competence=competence
    )
    actions = SkillsAction.objects.for_organisation(organisation).filter(competences=competence)
    parts = []
    if count := jobs.count():
        parts.append(
            ngettext(
                "Its target level in %(count)s job goes with it.",
                "Its target levels in %(count)s jobs go with it.",
                count,
            )
            % {"count": count}
        )
    if count := asked.count():
        parts.append(
            ngettext(
                "The level %(count)s initiative asks of it goes with it.",
                "The levels %(count)s initiatives ask of it go with it.",
                count,
            )
            % {"count": count}
        )
    if count := actions.count():
        parts.append(
            ngettext(
                "%(count)s digital-skills action no longer names it.",
                "%(count)s digital-skills actions no longer name it.",
                count,
            )
            % {"count": count}
        )
    return " ".join(parts) or _("No job, initiative or digital-skills action uses it.")


def _competence_kept(request: HttpRequest, name: str) -> HttpResponse:
    messages.error(
        request,
        _("%(competence)s has assessments, so it stays in the framework.") % {"competence": name},
    )
    return redirect("inclusion:skills:framework")


@require(Perm.EDIT_SKILLS_ACTIONS)
@require_http_methods(["GET", "POST"])
def competence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first, naming what goes with it (`_competence_uses`). One with assessments
    stays, and is refused before the question."""
    competence = owned_or_404(Competence.objects.filter(digcomp=False), request, pk)
    name = str(competence)
    if not remove_confirmed(request):
        organisation = request.workspace.organisation
        if Assessment.objects.filter(competence=competence).exists():
            return _competence_kept(request, name)
        return remove_page(
            request,
            title=_("Remove: %(title)s") % {"title": name},
            what=name,
            consequence=_competence_uses(organisation, competence),
            submit=_("Remove"),
            cancel_url=reverse("inclusion:skills:competence_edit", args=[competence.pk]),
            back=(reverse("inclusion:skills:framework"), _("Digital skills framework")),
        )
    try:
        competence.delete()
    except ProtectedError:
        return _competence_kept(request, name)
    messages.success(request, _("%(competence)s is removed.") % {"competence": name})
    return redirect("inclusion:skills:framework")


@require(Perm.EDIT_SKILLS_ACTIONS)
@require_POST
def competence_add_suggested(request: HttpRequest) -> HttpResponse:
    added = services.competences_add_suggested(organisation=request.workspace.organisation)
    if added:
        messages.success(
            request,
            _("Added: %(names)s.") % {"names": ", ".join(str(c) for c in added)},
        )
    else:
        messages.info(request, _("The suggested competences are in the framework already."))
    return redirect("inclusion:skills:framework")


# --- Target levels per job ----------------------------------------------------------------------


@require(Perm.VIEW_WORKSPACE)
def job_list(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    # Each job's employees as the list of vulnerable jobs shows them: the two lists
    # side by side must not give a small job away that one of them hides.
    employees = job_figures(organisation, SmallGroups.for_reader(request))
    jobs = list(skills.jobs_with_target_counts(organisation))
    return render(
        request,
        "inclusion/skills/job_list.html",
        {
            "jobs": [(job, employees[job.pk].employees) for job in jobs],
            "competence_count": Competence.objects.for_organisation(organisation).count(),
        },
    )


def _competences(organisation):
    return (
        Competence.objects.for_organisation(organisation)
        .select_related("area")
        .order_by("area__number", "code")
    )


@require(Perm.VIEW_WORKSPACE)
def job_targets(request: HttpRequest, pk: int) -> HttpResponse:
    job = owned_or_404(Job, request, pk)
    targets = dict(job.target_levels.values_list("competence_id", "level"))
    areas: dict[int, tuple] = {}
    for competence in _competences(job.organisation):
        if competence.pk in targets:
            competence.target = targets[competence.pk]
            areas.setdefault(competence.area_id, (competence.area, []))[1].append(competence)
    return render(
        request,
        "inclusion/skills/job_targets.html",
        {
            "job": job,
            "areas": list(areas.values()),
            "target_count": len(targets),
            "can_edit": request.workspace.can(Perm.EDIT_SKILLS_ACTIONS),
        },
    )


@require(Perm.EDIT_SKILLS_ACTIONS)
@require_http_methods(["GET", "POST"])
def job_targets_edit(request: HttpRequest, pk: int) -> HttpResponse:
    job = owned_or_404(Job, request, pk)
    form = TargetLevelsForm(
        request.POST or None, job=job, competences=_competences(job.organisation)
    )
    if request.method == "POST" and form.is_valid():
        changed = form.save()
        messages.success(
            request,
            _("The target levels of %(job)s are saved (%(count)s changed).")
            % {"job": job.name, "count": changed},
        )
        return redirect("inclusion:skills:job_targets", pk=job.pk)
    return render(
        request,
        "inclusion/skills/job_targets_edit.html",
        {"job": job, "form": form, "level_groups": skills.level_groups()},
    )


# --- Assessments per employee (personal data) ---------------------------------------------------


@require(Perm.VIEW_EMPLOYEES)
@personal_data
def employee_skills(request: HttpRequest, pk: int) -> HttpResponse:
    employee = owned_or_404(Employee.objects.select_related("unit", "job"), request, pk)
    about(request, employee=employee, detail=_("digital skills"))
    return render(
        request,
        "inclusion/skills/employee_skills.html",
        {
            "employee": employee,
            "skills": skills.employee_skills(employee),
            "can_manage": request.workspace.can(Perm.MANAGE_EMPLOYEES),
        },
    )


@require(Perm.MANAGE_EMPLOYEES)
@personal_data
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    employee = owned_or_404(Employee.objects.select_related("unit", "job"), request, pk)
    organisation = employee.organisation
    about(request, employee=employee, detail=_("assessment form"))
    form = AssessmentForm(
        request.POST or None,
        instance=Assessment(organisation=organisation, employee=employee),
        organisation=organisation,
        initial={"source": "hr"},
    )
    if request.method == "POST" and form.is_valid():
        assessment = form.save()
        log_access(
            user=request.user,
            organisation=organisation,
            action=AccessAction.CREATE,
            employee=employee,
            detail=_("assessment %(competence)s: level %(level)s")
            % {"competence": assessment.competence.code, "level": assessment.level},
        )
        messages.success(request, _("The assessment is saved."))
        return redirect("inclusion:skills:employee_skills", pk=employee.pk)
    return form_page(
        request,
        form,
        title=_("New assessment for %(employee)s") % {"employee": employee.name},
        lead=_(
            "The level the employee has now in one competence. Earlier assessments stay in "
            "the history; the latest counts."
        ),
        submit=_("Save assessment"),
        cancel_url=reverse("inclusion:skills:employee_skills", args=[employee.pk]),
    )


# --- Heatmap ------------------------------------------------------------------------------------


HEATMAP_UNITS_PER_PAGE = 25


def _continued_from(rows: list, page) -> list:
    """The units above the page's first row in the tree (its directorate, department),
    for a page that starts inside a branch: so that a team is never shown without
    knowing whose team it is."""
    if not page.object_list:
        return []
    start = page.start_index() - 1
    wanted = rows[start].depth
    ancestors = []
    # Upwards from the page by index, so that a list that makes its rows when read
    # (skills.HeatRows) makes only those up to the top of the branch.
    for index in range(start - 1, -1, -1):
        if wanted == 0:
            break
        row = rows[index]
        if row.depth < wanted:
            ancestors.append(row.unit)
            wanted = row.depth
    return list(reversed(ancestors))


@require(Perm.VIEW_WORKSPACE)
@never_cache
def gap_heatmap(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    # Only the jobs with target levels have gaps to show.
    jobs = (
        Job.objects.for_organisation(organisation)
        .filter(Exists(TargetLevel.objects.filter(job=OuterRef("pk"))))
        .order_by("name", "pk")
    )
    filter_form = JobFilterForm(request.GET, jobs=jobs)
    job = filter_form.chosen()
    groups = SmallGroups.for_reader(request)
    # Every unit's figures are worked out, because the small-group rule hides cells with
    # the whole column in view; the page shows 25 units at a time.
    heatmap = skills.heatmap(organisation, groups=groups, job=job)
    page = page_of(request, heatmap.rows, HEATMAP_UNITS_PER_PAGE)
    context = {
        "heatmap": heatmap,
        "page": page,
        "continued_from": _continued_from(heatmap.rows, page),
        "filter_form": filter_form,
        "job": job,
        "groups": groups,
    }
    if request.htmx:
        return render(request, "inclusion/skills/heatmap.html#heatmap", context)
    return render(request, "inclusion/skills/heatmap.html", context)
