"""The information vision: its versions, sections, comparison and approval, and the
workplace's overview."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Case, Count, Prefetch, Q, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from organisations.forms import is_id
from organisations.history import changes
from organisations.pages import form_page, remove_confirmed, remove_page
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404
from transformation import forms, services
from transformation.compare import compare_visions
from transformation.models import (
    RAG,
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
        pk=request.GET.get("based_on") if is_id(request.GET.get("based_on")) else None
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
            by=request.user,
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
            "changes": changes(vision),
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
    # Named as stored: validating the form sets what was typed on the object, refused or not.
    title = _("Edit %(vision)s") % {"vision": vision}
    form = forms.VisionForm(request.POST or None, instance=vision)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The version is saved."))
        return redirect("transformation:vision_detail", pk=vision.pk)
    return form_page(
        request,
        form,
        title=title,
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
@require_http_methods(["GET", "POST"])
def section_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first: the section's text and statements go with it."""
    section = owned_or_404(
        VisionSection.objects.select_related("vision", "theme"),
        request,
        pk,
        owner="vision__organisation",
    )
    if (refused := _editable_vision(request, section.vision)) is not None:
        return refused
    if not remove_confirmed(request):
        return remove_page(
            request,
            title=_("Remove %(theme)s from this version") % {"theme": section.theme.name},
            what=section.theme.name,
            consequence=_(
                "Its text and statements leave version %(number)s of the information vision; "
                "earlier versions keep theirs."
            )
            % {"number": section.vision.number},
            submit=_("Remove"),
            cancel_url=reverse("transformation:section_edit", args=[section.pk]),
            back=(
                reverse("transformation:vision_detail", args=[section.vision_id]),
                str(section.vision),
            ),
        )
    section.delete()
    messages.success(request, _("The section %(theme)s is removed.") % {"theme": section.theme})
    return redirect("transformation:vision_detail", pk=section.vision_id)
