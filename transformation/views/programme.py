"""The programme and its five interventions (the health check)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Case, Count, F, QuerySet, Value, When
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from organisations.forms import save_unless_taken
from organisations.history import changes
from organisations.pages import form_page, page_of
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404
from transformation import forms, hooks, services
from transformation.interventions import Check, checks
from transformation.models import (
    RAG,
    RAG_SEVERITY,
    Benefit,
    BenefitTrack,
    DecisionRequest,
    Initiative,
    Intervention,
    InterventionChange,
    InterventionStatus,
    Programme,
    Vision,
)

User = get_user_model()

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
        programme = save_unless_taken(
            form,
            field="name",
            message=_("There is already a programme with this name."),
            save=lambda: services.programme_create(organisation=organisation, **form.cleaned_data),
        )
        if programme is not None:
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
    # Named as stored: validating the form sets what was typed on the object, refused or not.
    title = _("Edit %(programme)s") % {"programme": programme}
    form = forms.ProgrammeForm(
        request.POST or None, instance=programme, organisation=programme.organisation
    )
    if request.method == "POST" and form.is_valid():
        saved = save_unless_taken(
            form, field="name", message=_("There is already a programme with this name.")
        )
        if saved is not None:
            messages.success(request, _("The programme is saved."))
            return redirect("transformation:programme_detail", pk=programme.pk)
    return form_page(
        request,
        form,
        title=title,
        submit=_("Save"),
        cancel_url=reverse("transformation:programme_detail", args=[programme.pk]),
    )


def _ordered(initiatives, sort: str, owners: list) -> QuerySet[Initiative]:
    """The initiatives in the order the list's `sort` names, then by title: in SQL, so
    that only the page shown is read. Owners go by their name as shown (`owners` is
    already in that order)."""
    if sort == "status":
        key = Case(
            *(When(status=status, then=Value(rank)) for status, rank in RAG_SEVERITY.items())
        )
    elif sort == "owner":
        # Owners of the same name side by side; without an owner first, as an empty
        # name sorts first.
        names = sorted({str(owner).lower() for owner in owners})
        key = Case(
            *(When(owner_id=o.pk, then=Value(names.index(str(o).lower()))) for o in owners),
            default=Value(-1),
        )
    elif sort == "start":
        key = F("start_date")
    else:
        key = Lower("title")
    return initiatives.order_by(key, Lower("title"), "pk")


# Rows of the programme page's two lists: enough for a programme of a municipality to
# fit on the first page, few enough that a large one's page stays light.
INITIATIVES_PER_PAGE = 25
BENEFITS_PER_PAGE = 25


@require(Perm.VIEW_WORKSPACE)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = owned_or_404(Programme.objects.select_related("owner", "vision"), request, pk)
    organisation = programme.organisation
    all_initiatives = Initiative.objects.filter(programme=programme)
    owners = sorted(
        User.objects.filter(pk__in=all_initiatives.values("owner_id")),
        key=lambda u: str(u).lower(),
    )
    filter_form = forms.InitiativeFilterForm(request.GET, organisation=organisation, owners=owners)
    filters = filter_form.values()
    initiatives = all_initiatives
    if filters.get("unit"):
        initiatives = initiatives.filter(units=filters["unit"])
    if filters.get("status"):
        initiatives = initiatives.filter(status=filters["status"])
    if filters.get("owner"):
        initiatives = initiatives.filter(owner_id=filters["owner"])
    # A page at a time, read as a page, so that neither the page nor its time grows
    # with the programme.
    page = page_of(
        request, _ordered(initiatives.for_list(), filters["sort"], owners), INITIATIVES_PER_PAGE
    )
    page.object_list = list(page.object_list)
    status_counts = dict.fromkeys(RAG.values, 0)
    status_counts |= dict(
        all_initiatives.order_by().values_list("status").annotate(count=Count("pk"))
    )

    context = {
        "programme": programme,
        "initiatives": page.object_list,
        "page": page,
        "matching": page.paginator.count,
        "total": sum(status_counts.values()),
        "filter_form": filter_form,
    }
    # Columns the layers above add, such as the adoption phase: for the page shown.
    for column in hooks.initiative_columns:
        column.annotate(page.object_list)
    context["columns"] = hooks.initiative_columns
    if request.htmx:
        return render(request, "transformation/programme_detail.html#initiatives", context)

    # Every benefit's track decides the order, but only the page shown needs more than
    # what the track is worked out from: its initiative, owner and unit.
    benefits = list(
        Benefit.objects.filter(initiative__programme=programme)
        .annotate_latest()
        .only("title", "baseline", "baseline_on", "target", "target_date")
    )
    track = {benefit.pk: benefit.track for benefit in benefits}
    benefits.sort(key=lambda b: (track[b.pk] != BenefitTrack.OFF_TRACK, b.title.lower(), b.pk))
    benefit_page = page_of(request, benefits, BENEFITS_PER_PAGE, parameter="baten")
    shown = Benefit.objects.with_latest().in_bulk([b.pk for b in benefit_page.object_list])
    benefit_page.object_list = [shown[b.pk] for b in benefit_page.object_list]
    interventions = list(Intervention.objects.filter(programme=programme).select_related("owner"))
    context |= {
        "status_counts": [(label, status_counts[value], value) for value, label in RAG.choices],
        "interventions": interventions,
        # Each with what the data says, so that a contradiction shows here too.
        "intervention_checks": checks(programme, interventions, can=request.workspace.can),
        # Off track first, a page at a time (a parameter of its own beside the initiatives').
        "benefits": benefit_page,
        "off_track": sum(1 for value in track.values() if value == BenefitTrack.OFF_TRACK),
        "open_decisions": DecisionRequest.objects.filter(programme=programme).open().count(),
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
    rows = list(Intervention.objects.filter(programme=programme).select_related("owner"))
    history = InterventionChange.objects.filter(intervention__programme=programme).select_related(
        "changed_by", "intervention"
    )[:30]
    # Next to each status, what the data says about it: a fixed number of queries.
    found = checks(programme, rows, can=request.workspace.can)
    return render(
        request,
        "transformation/interventions.html",
        {
            "programme": programme,
            "interventions": rows,
            "checks": found,
            "contradictions": [
                (check.intervention, item) for check in found for item in check.contradictions
            ],
            "history": history,
            "can_edit": request.workspace.can(Perm.EDIT_INTERVENTIONS),
            "statuses": InterventionStatus,
        },
    )


def _check(request: HttpRequest, intervention: Intervention) -> Check:
    """What the data says about one intervention, for its row after an inline edit."""
    return checks(intervention.programme, [intervention], can=request.workspace.can)[0]


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
            intervention=intervention, changed_fields=form.changed_data, by=request.user
        )
        if request.htmx:
            context["saved"] = True
            context["check"] = _check(request, intervention)
            return render(request, "transformation/interventions.html#row", context)
        messages.success(request, _("The intervention is saved."))
        return redirect("transformation:interventions", pk=intervention.programme_id)
    if request.htmx:
        if request.GET.get("cancel"):
            context["check"] = _check(request, intervention)
            return render(request, "transformation/interventions.html#row", context)
        return render(request, "transformation/interventions.html#edit_row", context)
    history = intervention.changes.select_related("changed_by")
    return render(
        request,
        "transformation/intervention_edit.html",
        {**context, "history": history, "changes": changes(intervention)},
    )
