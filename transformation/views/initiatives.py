"""Initiatives, their co-determination steps and their benefits with measurements."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from organisations.forms import save_unless_taken
from organisations.history import changes
from organisations.pages import form_page, remove_confirmed, remove_page
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404
from organisations.templatetags.figures import figure
from organisations.views import search_options
from transformation import charts, forms, hooks, services
from transformation.models import (
    Benefit,
    BenefitMeasurement,
    CodeterminationPhase,
    CodeterminationQuestion,
    CodeterminationStep,
    Initiative,
    Programme,
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
        saved = save_unless_taken(
            form,
            field="title",
            message=_("The programme already has an initiative with this title."),
            save=lambda: services.initiative_create(
                initiative=initiative, units=form.cleaned_data["units"], by=request.user
            ),
        )
        if saved is not None:
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
    # Named as stored: validating the form sets what was typed on the object, refused or not.
    title = _("Edit %(initiative)s") % {"initiative": initiative}
    form = forms.InitiativeForm(
        request.POST or None, instance=initiative, organisation=initiative.organisation
    )
    if request.method == "POST" and form.is_valid():
        saved = save_unless_taken(
            form,
            field="title",
            message=_("The programme already has an initiative with this title."),
        )
        if saved is not None:
            messages.success(request, _("The initiative is saved."))
            return redirect("transformation:initiative_detail", pk=initiative.pk)
    return form_page(
        request,
        form,
        title=title,
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
            "changes": changes(initiative),
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
            by=request.user,
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
            step=form.save(commit=False), answers=form.answers(), by=request.user
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
            "changes": changes(step) if step.pk else [],
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
        saved = save_unless_taken(
            form,
            field="title",
            message=_("This initiative already has a benefit with this name."),
        )
        if saved is not None:
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
    # Named as stored: validating the form sets what was typed on the object, refused or not.
    title = _("Edit %(benefit)s") % {"benefit": benefit}
    form = forms.BenefitForm(
        request.POST or None, instance=benefit, organisation=benefit.organisation
    )
    if request.method == "POST" and form.is_valid():
        saved = save_unless_taken(
            form, field="title", message=_("This initiative already has a benefit with this name.")
        )
        if saved is not None:
            messages.success(request, _("The benefit is saved."))
            return redirect("transformation:benefit_detail", pk=benefit.pk)
    return form_page(
        request,
        form,
        title=title,
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
@require_http_methods(["GET", "POST"])
def measurement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first: a measurement keeps no history, and the benefit is judged by it."""
    measurement = owned_or_404(
        BenefitMeasurement.objects.select_related("benefit"),
        request,
        pk,
        owner="benefit__organisation",
    )
    benefit = measurement.benefit
    if not remove_confirmed(request):
        day = date_format(measurement.measured_on)
        benefit_url = reverse("transformation:benefit_detail", args=[benefit.pk])
        return remove_page(
            request,
            title=_("Remove the measurement of %(date)s") % {"date": day},
            what=f"{day}: {figure(measurement.value)} {benefit.unit}".strip(),
            consequence=_(
                "%(benefit)s is then judged without it: in its chart, on track or not, and in "
                "the reports made from now on. Reports already made keep it."
            )
            % {"benefit": benefit.title},
            submit=_("Remove"),
            cancel_url=benefit_url,
            back=(benefit_url, benefit.title),
        )
    measurement.delete()
    messages.success(request, _("The measurement is removed."))
    return redirect("transformation:benefit_detail", pk=measurement.benefit_id)


@require(Perm.VIEW_WORKSPACE)
@require_GET
def initiative_options(request: HttpRequest) -> HttpResponse:
    """The initiatives whose title contains what one types in an initiative's search box
    (transformation.forms.InitiativeSelectWidget), with their programmes."""
    initiatives = Initiative.objects.for_organisation(request.workspace.organisation)
    return search_options(
        request, forms.InitiativeSelectWidget(), initiatives.order_by("title", "pk")
    )


@require(Perm.VIEW_WORKSPACE)
@require_GET
def benefit_options(request: HttpRequest) -> HttpResponse:
    """The benefits whose name contains what one types in a benefit's search box
    (transformation.forms.BenefitSelectWidget), with their initiatives."""
    benefits = Benefit.objects.filter(
        initiative__programme__organisation=request.workspace.organisation
    )
    return search_options(request, forms.BenefitSelectWidget(), benefits.order_by("title", "pk"))
