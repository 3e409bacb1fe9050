"""Visie & programma: the programme manager's workplace and the director's view."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Prefetch, Q, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from organisations.models import OrganisationUnit
from organisations.pages import form_page
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404
from transformation import charts, forms, hooks, services
from transformation.compare import compare_visions
from transformation.models import (
    RAG,
    RAG_SEVERITY,
    Benefit,
    BenefitMeasurement,
    BenefitTrack,
    CodeterminationPhase,
    CodeterminationQuestion,
    CodeterminationStep,
    Initiative,
    Intervention,
    InterventionChange,
    InterventionStatus,
    Programme,
    StatementKind,
    Vision,
    VisionSection,
    VisionStatement,
    VisionStatus,
)

# --- Overview -----------------------------------------------------------------------------------


@require(Perm.VIEW_WORKSPACE)
def overview(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    visions = list(
        Vision.objects.for_organisation(organisation).select_related("approved_by", "created_by")
    )
    programmes = (
        Programme.objects.for_organisation(organisation)
        .select_related("owner", "vision")
        .annotate(
            initiative_count=Count("initiatives", distinct=True),
            red_count=Count("initiatives", filter=Q(initiatives__status=RAG.RED), distinct=True),
            amber_count=Count(
                "initiatives", filter=Q(initiatives__status=RAG.AMBER), distinct=True
            ),
        )
    )
    return render(
        request,
        "transformation/overview.html",
        {
            "approved": next((v for v in visions if v.status == VisionStatus.APPROVED), None),
            "visions": visions,
            "programmes": programmes,
        },
    )


# --- Information vision -------------------------------------------------------------------------


@require(Perm.EDIT_PROGRAMME)
@require_http_methods(["GET", "POST"])
def vision_create(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    initial = {}
    base = Vision.objects.for_organisation(organisation).filter(
        pk=request.GET.get("based_on") if request.GET.get("based_on", "").isdigit() else None
    )
    if base_vision := base.first():
        initial = {"start_from": "copy", "based_on": base_vision.pk, "title": base_vision.title}
    form = forms.VisionCreateForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vision = services.vision_create(
            organisation=organisation,
            title=data["title"],
            introduction=data["introduction"],
            created_by=request.user,
            start_from=data["start_from"],
            based_on=data["based_on"] if data["start_from"] == "copy" else None,
        )
        messages.success(
            request, _("Version %(number)s is a draft now.") % {"number": vision.number}
        )
        return redirect("transformation:vision_detail", pk=vision.pk)
    return form_page(
        request,
        form,
        title=_("New version of the information vision"),
        lead=_(
            "A new version starts as a draft. You can send it into consultation when it is "
            "ready; a director approves it."
        ),
        submit=_("Create draft"),
        cancel_url=reverse("transformation:overview"),
    )


def _vision_with_sections(queryset, pk: int, request: HttpRequest) -> Vision:
    vision = owned_or_404(
        queryset.select_related("approved_by", "created_by", "based_on").prefetch_related(
            Prefetch(
                "sections",
                VisionSection.objects.select_related("theme").prefetch_related("statements"),
            )
        ),
        request,
        pk,
    )
    for section in vision.sections.all():
        statements = list(section.statements.all())
        section.principles = [s for s in statements if s.kind == StatementKind.PRINCIPLE]
        section.ambitions = [s for s in statements if s.kind == StatementKind.AMBITION]
    return vision


@require(Perm.VIEW_WORKSPACE)
def vision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vision = _vision_with_sections(Vision.objects, pk, request)
    others = Vision.objects.for_organisation(vision.organisation_id).exclude(pk=vision.pk)
    return render(
        request,
        "transformation/vision_detail.html",
        {
            "vision": vision,
            "others": others,
            "can_edit": vision.is_editable and request.workspace.can(Perm.EDIT_PROGRAMME),
            "can_approve": vision.can_be_approved and request.workspace.can(Perm.APPROVE_VISION),
        },
    )


def _editable_vision(request: HttpRequest, vision: Vision) -> HttpResponse | None:
    """An approved or superseded version is the record: say so instead of editing."""
    if vision.is_editable:
        return None
    messages.error(
        request,
        _(
            "Version %(number)s is %(status)s and can no longer be changed. "
            "Make a new version based on it."
        )
        % {"number": vision.number, "status": vision.get_status_display()},
    )
    return redirect("transformation:vision_detail", pk=vision.pk)


@require(Perm.EDIT_PROGRAMME)
@require_http_methods(["GET", "POST"])
def vision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vision = owned_or_404(Vision, request, pk)
    if (refused := _editable_vision(request, vision)) is not None:
        return refused
    form = forms.VisionForm(request.POST or None, instance=vision)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The version is saved."))
        return redirect("transformation:vision_detail", pk=vision.pk)
    return form_page(
        request,
        form,
        title=_("Edit %(vision)s") % {"vision": vision},
        submit=_("Save"),
        cancel_url=reverse("transformation:vision_detail", args=[vision.pk]),
    )


@require(Perm.EDIT_PROGRAMME)
@require_POST
def vision_status(request: HttpRequest, pk: int) -> HttpResponse:
    vision = owned_or_404(Vision, request, pk)
    action = request.POST.get("action")
    try:
        if action == "consultation":
            services.vision_send_to_consultation(vision=vision)
            messages.success(request, _("The version is in consultation now."))
        elif action == "draft":
            services.vision_back_to_draft(vision=vision)
            messages.success(request, _("The version is a draft again."))
        else:
            return HttpResponseBadRequest()
    except ValueError as error:
        messages.error(request, str(error))
    return redirect("transformation:vision_detail", pk=vision.pk)


@require(Perm.APPROVE_VISION)
@require_http_methods(["GET", "POST"])
def vision_approve(request: HttpRequest, pk: int) -> HttpResponse:
    vision = owned_or_404(Vision, request, pk)
    if not vision.can_be_approved:
        messages.error(request, _("Only a version in consultation can be approved."))
        return redirect("transformation:vision_detail", pk=vision.pk)
    form = forms.ApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        previous = services.vision_approve(
            vision=vision, by=request.user, note=form.cleaned_data["note"]
        )
        text = _("You approved version %(number)s.") % {"number": vision.number}
        if previous is not None:
            text += " " + _("Version %(number)s is superseded.") % {"number": previous.number}
        messages.success(request, text)
        return redirect("transformation:vision_detail", pk=vision.pk)
    return form_page(
        request,
        form,
        title=_("Approve %(vision)s") % {"vision": vision},
        lead=_(
            "With your approval this version sets the course, and the version approved "
            "before it is superseded. An approved version can no longer be changed."
        ),
        submit=_("Approve"),
        cancel_url=reverse("transformation:vision_detail", args=[vision.pk]),
    )


@require(Perm.VIEW_WORKSPACE)
def vision_compare(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    versions = list(Vision.objects.for_organisation(organisation))
    by_pk = {str(v.pk): v for v in versions}
    left_pk, right_pk = request.GET.get("a"), request.GET.get("b")
    if left_pk is None and right_pk is None and len(versions) >= 2:
        # By default: the newest version against the one before it.
        left_pk, right_pk = str(versions[1].pk), str(versions[0].pk)
    comparison = None
    if left_pk in by_pk and right_pk in by_pk:
        left = _vision_with_sections(Vision.objects, int(left_pk), request)
        right = _vision_with_sections(Vision.objects, int(right_pk), request)
        comparison = compare_visions(left, right)
    elif left_pk or right_pk:
        raise Http404
    return render(
        request,
        "transformation/vision_compare.html",
        {"versions": versions, "a": left_pk, "b": right_pk, "comparison": comparison},
    )


@require(Perm.EDIT_PROGRAMME)
@require_http_methods(["GET", "POST"])
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    vision = owned_or_404(Vision, request, pk)
    if (refused := _editable_vision(request, vision)) is not None:
        return refused
    form = forms.SectionAddForm(request.POST or None, vision=vision)
    if request.method == "POST" and form.is_valid():
        position = vision.sections.count() + 1
        section = VisionSection.objects.create(
            vision=vision, theme=form.cleaned_data["theme"], position=position
        )
        return redirect("transformation:section_edit", pk=section.pk)
    return form_page(
        request,
        form,
        title=_("Add a theme to %(vision)s") % {"vision": vision},
        lead=_(
            "The organisation admin keeps the list of themes. Each theme appears once in a version."
        ),
        submit=_("Add"),
        cancel_url=reverse("transformation:vision_detail", args=[vision.pk]),
    )


@require(Perm.EDIT_PROGRAMME)
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = owned_or_404(
        VisionSection.objects.select_related("vision", "theme"),
        request,
        pk,
        owner="vision__organisation",
    )
    if (refused := _editable_vision(request, section.vision)) is not None:
        return refused
    form = forms.SectionForm(request.POST or None, instance=section, prefix="section")
    formset = forms.StatementFormSet(
        request.POST or None,
        instance=section,
        prefix="statements",
        queryset=VisionStatement.objects.filter(section=section).order_by(
            Case(When(kind=StatementKind.PRINCIPLE, then=0), default=1), "position", "pk"
        ),
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            form.save()
            services.section_save_statements(section=section, formset=formset)
        messages.success(request, _("The section %(theme)s is saved.") % {"theme": section.theme})
        return redirect(
            reverse("transformation:vision_detail", args=[section.vision_id])
            + f"#section-{section.pk}"
        )
    return render(
        request,
        "transformation/section_edit.html",
        {"section": section, "form": form, "formset": formset},
    )


@require(Perm.EDIT_PROGRAMME)
@require_POST
def section_delete(request: HttpRequest, pk: int) -> HttpResponse:
    section = owned_or_404(
        VisionSection.objects.select_related("vision", "theme"),
        request,
        pk,
        owner="vision__organisation",
    )
    if (refused := _editable_vision(request, section.vision)) is not None:
        return refused
    section.delete()
    messages.success(request, _("The section %(theme)s is removed.") % {"theme": section.theme})
    return redirect("transformation:vision_detail", pk=section.vision_id)


# --- Programme ----------------------------------------------------------------------------------


@require(Perm.EDIT_PROGRAMME)
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    approved = Vision.objects.for_organisation(organisation).approved().first()
    form = forms.ProgrammeForm(
        request.POST or None,
        organisation=organisation,
        initial={"owner": request.user.pk, "vision": approved},
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(organisation=organisation, **form.cleaned_data)
        except IntegrityError:
            form.add_error("name", _("There is already a programme with this name."))
        else:
            messages.success(request, _("The programme is created."))
            return redirect("transformation:programme_detail", pk=programme.pk)
    return form_page(
        request,
        form,
        title=_("New programme"),
        lead=_(
            "A programme puts the information vision into practice through concrete "
            "initiatives. It starts with the five interventions as a health check."
        ),
        submit=_("Create programme"),
        cancel_url=reverse("transformation:overview"),
    )


@require(Perm.EDIT_PROGRAMME)
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = owned_or_404(Programme, request, pk)
    form = forms.ProgrammeForm(
        request.POST or None, instance=programme, organisation=programme.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:
            form.add_error("name", _("There is already a programme with this name."))
        else:
            messages.success(request, _("The programme is saved."))
            return redirect("transformation:programme_detail", pk=programme.pk)
    return form_page(
        request,
        form,
        title=_("Edit %(programme)s") % {"programme": programme},
        submit=_("Save"),
        cancel_url=reverse("transformation:programme_detail", args=[programme.pk]),
    )


SORTS = {
    "title": lambda i: i.title.lower(),
    "status": lambda i: RAG_SEVERITY[i.status],
    "owner": lambda i: str(i.owner or "").lower(),
    "start": lambda i: i.start_date,
}


@require(Perm.VIEW_WORKSPACE)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = owned_or_404(Programme.objects.select_related("owner", "vision"), request, pk)
    organisation = programme.organisation
    all_initiatives = list(Initiative.objects.filter(programme=programme).for_list())

    unit_filter = request.GET.get("unit", "")
    status_filter = request.GET.get("status", "")
    owner_filter = request.GET.get("owner", "")
    sort = request.GET.get("sort", "status")
    sort = sort if sort in SORTS else "status"

    initiatives = all_initiatives
    if unit_filter.isdigit():
        initiatives = [
            i for i in initiatives if any(u.pk == int(unit_filter) for u in i.units.all())
        ]
    if status_filter in RAG.values:
        initiatives = [i for i in initiatives if i.status == status_filter]
    if owner_filter.isdigit():
        initiatives = [i for i in initiatives if i.owner_id == int(owner_filter)]
    initiatives = sorted(initiatives, key=lambda i: (SORTS[sort](i), i.title.lower()))

    context = {
        "programme": programme,
        "initiatives": initiatives,
        "total": len(all_initiatives),
        "unit_filter": unit_filter,
        "status_filter": status_filter,
        "owner_filter": owner_filter,
        "sort": sort,
        "sorts": [
            ("status", _("Status, worst first")),
            ("title", _("Title")),
            ("owner", _("Owner")),
            ("start", _("Start date")),
        ],
    }
    # Columns the layers above add, such as the adoption phase.
    for column in hooks.initiative_columns:
        column.annotate(initiatives)
    context["columns"] = hooks.initiative_columns
    if request.htmx:
        return render(request, "transformation/programme_detail.html#initiatives", context)

    owners = {i.owner_id: i.owner for i in all_initiatives if i.owner_id}
    benefits = list(Benefit.objects.filter(initiative__programme=programme).with_measurements())
    status_counts = dict.fromkeys(RAG.values, 0)
    for initiative in all_initiatives:
        status_counts[initiative.status] += 1
    context |= {
        "units": OrganisationUnit.objects.for_organisation(organisation).order_by("name"),
        "owners": sorted(owners.values(), key=lambda u: str(u).lower()),
        "statuses": RAG.choices,
        "status_counts": [(label, status_counts[value], value) for value, label in RAG.choices],
        "interventions": Intervention.objects.filter(programme=programme).select_related("owner"),
        "benefits": sorted(benefits, key=lambda b: (b.track != BenefitTrack.OFF_TRACK, b.title)),
        "off_track": sum(1 for b in benefits if b.track == BenefitTrack.OFF_TRACK),
        "panels": [
            (panel.template, panel_context)
            for panel in hooks.programme_panels
            if (panel_context := panel.context(request, programme)) is not None
        ],
    }
    return render(request, "transformation/programme_detail.html", context)


# --- The five interventions ---------------------------------------------------------------------


@require(Perm.VIEW_WORKSPACE)
def interventions(request: HttpRequest, pk: int) -> HttpResponse:
    programme = owned_or_404(Programme, request, pk)
    rows = Intervention.objects.filter(programme=programme).select_related("owner")
    history = InterventionChange.objects.filter(intervention__programme=programme).select_related(
        "changed_by", "intervention"
    )[:30]
    return render(
        request,
        "transformation/interventions.html",
        {
            "programme": programme,
            "interventions": rows,
            "history": history,
            "can_edit": request.workspace.can(Perm.EDIT_INTERVENTIONS),
            "statuses": InterventionStatus,
        },
    )


@require(Perm.EDIT_INTERVENTIONS)
@require_http_methods(["GET", "POST"])
def intervention_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Inline in the health check through htmx; a page of its own without JavaScript."""
    intervention = owned_or_404(
        Intervention.objects.select_related("programme", "owner"), request, pk
    )
    evidence_only = not request.workspace.can(Perm.EDIT_PROGRAMME)
    form = forms.InterventionForm(
        request.POST or None,
        instance=intervention,
        organisation=intervention.organisation,
        evidence_only=evidence_only,
        # Several rows can be open at once: their fields need ids of their own.
        prefix=f"intervention-{intervention.pk}",
    )
    context = {"intervention": intervention, "form": form, "can_edit": True}
    if request.method == "POST" and form.is_valid():
        form.save(commit=False)
        services.intervention_update(
            intervention=intervention, changed_fields=form.changed_data, changed_by=request.user
        )
        if request.htmx:
            context["saved"] = True
            return render(request, "transformation/interventions.html#row", context)
        messages.success(request, _("The intervention is saved."))
        return redirect("transformation:interventions", pk=intervention.programme_id)
    if request.htmx:
        if request.GET.get("cancel"):
            return render(request, "transformation/interventions.html#row", context)
        return render(request, "transformation/interventions.html#edit_row", context)
    history = intervention.changes.select_related("changed_by")
    return render(
        request,
        "transformation/intervention_edit.html",
        {**context, "history": history},
    )


# --- Initiatives --------------------------------------------------------------------------------


@require(Perm.EDIT_PROGRAMME)
@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = owned_or_404(Programme, request, pk)
    form = forms.InitiativeForm(
        request.POST or None,
        organisation=programme.organisation,
        initial={"owner": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        initiative = form.save(commit=False)
        initiative.organisation = programme.organisation
        initiative.programme = programme
        try:
            services.initiative_create(
                initiative=initiative, units=form.cleaned_data["units"], by=request.user
            )
        except IntegrityError:
            form.add_error("title", _("The programme already has an initiative with this title."))
        else:
            messages.success(request, _("The initiative is added."))
            return redirect("transformation:initiative_detail", pk=initiative.pk)
    return form_page(
        request,
        form,
        title=_("New initiative in %(programme)s") % {"programme": programme},
        lead=_(
            "An initiative is a concrete change on the shop floor. Describe what it means "
            "for technology, processes and human action, and how ready each of them is."
        ),
        submit=_("Add initiative"),
        cancel_url=reverse("transformation:programme_detail", args=[programme.pk]),
    )


@require(Perm.EDIT_PROGRAMME)
@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = owned_or_404(Initiative, request, pk)
    form = forms.InitiativeForm(
        request.POST or None, instance=initiative, organisation=initiative.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:
            form.add_error("title", _("The programme already has an initiative with this title."))
        else:
            messages.success(request, _("The initiative is saved."))
            return redirect("transformation:initiative_detail", pk=initiative.pk)
    return form_page(
        request,
        form,
        title=_("Edit %(initiative)s") % {"initiative": initiative},
        submit=_("Save"),
        cancel_url=reverse("transformation:initiative_detail", args=[initiative.pk]),
    )


@require(Perm.VIEW_WORKSPACE)
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = owned_or_404(
        Initiative.objects.select_related("programme", "owner").prefetch_related("units"),
        request,
        pk,
    )
    steps = {
        step.phase: step
        for step in CodeterminationStep.objects.filter(initiative=initiative).select_related("body")
    }
    benefits = list(Benefit.objects.filter(initiative=initiative).with_measurements())
    for benefit in benefits:
        benefit.chart = _benefit_chart(benefit)
    return render(
        request,
        "transformation/initiative_detail.html",
        {
            "initiative": initiative,
            "status_changes": initiative.status_changes.select_related("changed_by"),
            "codetermination": [(phase, steps.get(phase.value)) for phase in CodeterminationPhase],
            "benefits": benefits,
            "can_edit": request.workspace.can(Perm.EDIT_PROGRAMME),
            "status_form": forms.StatusForm(initial={"status": initiative.status}),
            "panels": [
                (panel.template, panel.context(request, initiative))
                for panel in hooks.initiative_panels
            ],
        },
    )


@require(Perm.EDIT_PROGRAMME)
@require_http_methods(["GET", "POST"])
def initiative_status(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = owned_or_404(Initiative, request, pk)
    form = forms.StatusForm(
        request.POST or None,
        initial={"status": initiative.status, "reason": initiative.status_reason},
    )
    if request.method == "POST" and form.is_valid():
        services.initiative_change_status(
            initiative=initiative,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            changed_by=request.user,
        )
        messages.success(
            request,
            _("The status is %(status)s now.") % {"status": initiative.get_status_display()},
        )
        return redirect("transformation:initiative_detail", pk=initiative.pk)
    return form_page(
        request,
        form,
        title=_("Status of %(initiative)s") % {"initiative": initiative},
        lead=_("Every change of the status is kept, with your name and the reason."),
        submit=_("Change status"),
        cancel_url=reverse("transformation:initiative_detail", args=[initiative.pk]),
    )


# --- Co-determination ---------------------------------------------------------------------------


@require(read=Perm.VIEW_WORKSPACE, write=Perm.EDIT_PROGRAMME)
@require_http_methods(["GET", "POST"])
def codetermination(request: HttpRequest, pk: int, phase: str) -> HttpResponse:
    if phase not in CodeterminationPhase.values:
        raise Http404
    initiative = owned_or_404(Initiative.objects.select_related("programme"), request, pk)
    step = (
        CodeterminationStep.objects.filter(initiative=initiative, phase=phase)
        .select_related("body", "updated_by")
        .first()
    ) or CodeterminationStep(
        organisation=initiative.organisation, initiative=initiative, phase=phase
    )
    answers = {a.question_id: a.answer for a in step.answers.all()} if step.pk else {}
    # Questions switched off still show where they were answered.
    questions = CodeterminationQuestion.objects.for_organisation(initiative.organisation).filter(
        Q(active=True) | Q(pk__in=list(answers)), phase=phase
    )
    can_edit = request.workspace.can(Perm.EDIT_PROGRAMME)
    form = forms.CodeterminationStepForm(
        request.POST or None,
        instance=step,
        organisation=initiative.organisation,
        questions=questions,
        answers=answers,
    )
    if request.method == "POST" and form.is_valid():
        services.codetermination_save(
            step=form.save(commit=False), answers=form.answers(), updated_by=request.user
        )
        messages.success(
            request,
            _("Co-determination in the %(phase)s phase is saved.")
            % {"phase": CodeterminationPhase(phase).label},
        )
        return redirect(
            reverse("transformation:initiative_detail", args=[initiative.pk]) + "#codetermination"
        )
    return render(
        request,
        "transformation/codetermination.html",
        {
            "initiative": initiative,
            "step": step,
            "phase": CodeterminationPhase(phase),
            "phases": CodeterminationPhase,
            "form": form,
            "answers": [(q, answers.get(q.pk, "")) for q in questions],
            "can_edit": can_edit,
        },
    )


# --- Benefits -----------------------------------------------------------------------------------


def _benefit_chart(benefit: Benefit) -> str:
    return charts.benefit_chart(
        title=str(benefit),
        unit=benefit.unit,
        id_prefix=f"benefit-{benefit.pk}",
        baseline_on=benefit.baseline_on,
        baseline=benefit.baseline,
        target_date=benefit.target_date,
        target=benefit.target,
        measurements=[
            charts.Point(m.measured_on, m.value)
            for m in sorted(benefit.measurements.all(), key=lambda m: m.measured_on)
        ],
    )


@require(Perm.EDIT_PROGRAMME)
@require_http_methods(["GET", "POST"])
def benefit_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = owned_or_404(Initiative, request, pk)
    form = forms.BenefitForm(
        request.POST or None,
        organisation=initiative.organisation,
        initial={"owner": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        benefit = form.save(commit=False)
        benefit.organisation = initiative.organisation
        benefit.initiative = initiative
        try:
            with transaction.atomic():
                benefit.save()
        except IntegrityError:
            form.add_error("title", _("This initiative already has a benefit with this name."))
        else:
            messages.success(request, _("The benefit is added."))
            return redirect("transformation:benefit_detail", pk=benefit.pk)
    return form_page(
        request,
        form,
        title=_("New benefit of %(initiative)s") % {"initiative": initiative},
        lead=_(
            "A benefit needs an owner: lack of local ownership is one of the biggest "
            "obstacles to realising benefits."
        ),
        submit=_("Add benefit"),
        cancel_url=reverse("transformation:initiative_detail", args=[initiative.pk]),
    )


@require(Perm.EDIT_PROGRAMME)
@require_http_methods(["GET", "POST"])
def benefit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = owned_or_404(Benefit, request, pk)
    form = forms.BenefitForm(
        request.POST or None, instance=benefit, organisation=benefit.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:
            form.add_error("title", _("This initiative already has a benefit with this name."))
        else:
            messages.success(request, _("The benefit is saved."))
            return redirect("transformation:benefit_detail", pk=benefit.pk)
    return form_page(
        request,
        form,
        title=_("Edit %(benefit)s") % {"benefit": benefit},
        submit=_("Save"),
        cancel_url=reverse("transformation:benefit_detail", args=[benefit.pk]),
    )


@require(read=Perm.VIEW_WORKSPACE, write=Perm.EDIT_PROGRAMME)
@require_http_methods(["GET", "POST"])
def benefit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = owned_or_404(
        Benefit.objects.select_related("owner", "initiative__programme").prefetch_related(
            "measurements__recorded_by"
        ),
        request,
        pk,
    )
    can_edit = request.workspace.can(Perm.EDIT_PROGRAMME)
    form = forms.MeasurementForm(request.POST or None, benefit=benefit)
    if request.method == "POST" and form.is_valid():
        services.benefit_add_measurement(benefit=benefit, by=request.user, **form.cleaned_data)
        messages.success(request, _("The measurement is added."))
        return redirect("transformation:benefit_detail", pk=benefit.pk)
    return render(
        request,
        "transformation/benefit_detail.html",
        {
            "benefit": benefit,
            "chart": _benefit_chart(benefit),
            "measurements": sorted(benefit.measurements.all(), key=lambda m: m.measured_on),
            "form": form,
            "can_edit": can_edit,
        },
    )


@require(Perm.EDIT_PROGRAMME)
@require_POST
def measurement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measurement = owned_or_404(BenefitMeasurement, request, pk, owner="benefit__organisation")
    measurement.delete()
    messages.success(request, _("The measurement is removed."))
    return redirect("transformation:benefit_detail", pk=measurement.benefit_id)
