"""The organisation admin's settings for Visie & programma (listed on the settings
index through organisations.hooks.settings_sections): the themes of the information
vision, the co-determination questions per phase and the co-determination bodies.

What is in use is kept: a theme a vision speaks about and a body a co-determination
step names cannot be removed (PROTECT), and a question with answers is put out of use
instead, so the answers keep their question.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from organisations.forms import save_unless_taken
from organisations.pages import form_page, remove_confirmed, remove_page
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404
from transformation import settings_forms as forms
from transformation.models import (
    CodeterminationBody,
    CodeterminationPhase,
    CodeterminationQuestion,
    Theme,
)


@dataclass(frozen=True)
class Row:
    label: str
    meta: str
    edit_url: str
    badge: str = ""


def _list_page(request: HttpRequest, **context) -> HttpResponse:
    return render(request, "organisations/settings/list.html", context)


def _saved(form, organisation, message: str):
    """Save a new or changed row of this organisation; None when the name is taken."""

    def save():
        row = form.save(commit=False)
        row.organisation = organisation
        row.save()
        return row

    return save_unless_taken(form, field="name", message=message, save=save)


# --- Themes of the information vision -----------------------------------------------------------


@require(Perm.MANAGE_ORGANISATION)
def themes(request: HttpRequest) -> HttpResponse:
    rows = [
        Row(
            label=theme.name,
            meta=ngettext(
                "Used in %(count)s vision version.",
                "Used in %(count)s vision versions.",
                theme.uses,
            )
            % {"count": theme.uses}
            if theme.uses
            else theme.description,
            edit_url=reverse("transformation:settings_theme_edit", args=[theme.pk]),
        )
        for theme in Theme.objects.for_organisation(request.workspace.organisation).annotate(
            uses=Count("sections__vision", distinct=True)
        )
    ]
    return _list_page(
        request,
        title=_("Themes of the information vision"),
        intro=_(
            "The themes a version of the information vision speaks about, in this order. "
            "A theme a version already speaks about can be renamed, not removed."
        ),
        rows=rows,
        columns=[_("Theme"), _("Description or use")],
        empty=_("No themes yet."),
        add_url=reverse("transformation:settings_theme_create"),
        add_label=_("Add theme"),
    )


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = request.workspace.organisation
    theme = owned_or_404(Theme, request, pk) if pk else None
    form = forms.ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        saved = _saved(form, organisation, _("There is already a theme with this name."))
        if saved is not None:
            messages.success(request, _("The theme “%(name)s” is saved.") % {"name": saved.name})
            return redirect("transformation:settings_themes")
    return form_page(
        request,
        form,
        title=_("Edit theme") if theme else _("Add theme"),
        submit=_("Save"),
        cancel_url=reverse("transformation:settings_themes"),
        delete_url=reverse("transformation:settings_theme_delete", args=[theme.pk])
        if theme
        else None,
    )


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def theme_delete(request: HttpRequest, pk: int) -> HttpResponse:
    theme = owned_or_404(Theme, request, pk)
    if theme.sections.exists():
        messages.error(
            request,
            _(
                "The theme “%(name)s” is not removed: a version of the information vision "
                "speaks about it. Rename it instead."
            )
            % {"name": theme.name},
        )
        return redirect("transformation:settings_theme_edit", pk=theme.pk)
    if not remove_confirmed(request):
        return remove_page(
            request,
            title=_("Remove: %(title)s") % {"title": theme.name},
            what=theme.name,
            consequence=_(
                "No version of the information vision speaks about it; new sections can no "
                "longer be written about it."
            ),
            submit=_("Remove"),
            cancel_url=reverse("transformation:settings_theme_edit", args=[theme.pk]),
        )
    theme.delete()
    messages.success(request, _("The theme “%(name)s” is removed.") % {"name": theme.name})
    return redirect("transformation:settings_themes")


# --- Co-determination questions -----------------------------------------------------------------


@require(Perm.MANAGE_ORGANISATION)
def questions(request: HttpRequest) -> HttpResponse:
    by_phase: dict[str, list[Row]] = {phase: [] for phase in CodeterminationPhase.values}
    for question in CodeterminationQuestion.objects.for_organisation(
        request.workspace.organisation
    ).annotate(answered=Count("answers")):
        by_phase[question.phase].append(
            Row(
                label=question.localised_text,
                meta=ngettext(
                    "Answered %(count)s time.", "Answered %(count)s times.", question.answered
                )
                % {"count": question.answered}
                if question.answered
                else _("Not answered yet."),
                edit_url=reverse("transformation:settings_question_edit", args=[question.pk]),
                badge="" if question.active else _("not in use"),
            )
        )
    groups = [
        {"title": capfirst(CodeterminationPhase(phase).label), "rows": rows}
        for phase, rows in by_phase.items()
    ]
    return _list_page(
        request,
        title=_("Co-determination questions"),
        intro=_(
            "The questions the works council asks in each phase of an initiative. A question "
            "that was answered stays with its answers: put it out of use rather than remove it."
        ),
        groups=groups,
        columns=[_("Question"), _("Answers")],
        empty=_("No questions in this phase."),
        add_url=reverse("transformation:settings_question_create"),
        add_label=_("Add question"),
    )


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = request.workspace.organisation
    question = owned_or_404(CodeterminationQuestion, request, pk) if pk else None
    form = forms.QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.organisation = organisation
        saved.save()
        messages.success(request, _("The question is saved."))
        return redirect("transformation:settings_questions")
    return form_page(
        request,
        form,
        title=_("Edit question") if question else _("Add question"),
        lead=_("Write the question in Dutch; the English text is shown to English readers."),
        submit=_("Save"),
        cancel_url=reverse("transformation:settings_questions"),
        delete_url=reverse("transformation:settings_question_delete", args=[question.pk])
        if question
        else None,
    )


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = owned_or_404(CodeterminationQuestion, request, pk)
    answered = question.answers.exists()
    if not remove_confirmed(request):
        return remove_page(
            request,
            title=_("Remove: %(title)s") % {"title": question},
            what=str(question),
            consequence=_("The question has answers, so it is kept with them and no longer asked.")
            if answered
            else _("No step has answered it; the co-determination steps no longer ask it."),
            submit=_("Remove"),
            cancel_url=reverse("transformation:settings_question_edit", args=[question.pk]),
            final=not answered,
        )
    if answered:
        question.active = False
        question.save(update_fields=["active"])
        messages.success(
            request,
            _("The question has answers, so it is kept with them and no longer asked."),
        )
    else:
        question.delete()
        messages.success(request, _("The question is removed."))
    return redirect("transformation:settings_questions")


# --- Co-determination bodies --------------------------------------------------------------------


@require(Perm.MANAGE_ORGANISATION)
def bodies(request: HttpRequest) -> HttpResponse:
    rows = [
        Row(
            label=body.name,
            meta=ngettext(
                "Named in %(count)s co-determination step.",
                "Named in %(count)s co-determination steps.",
                body.steps,
            )
            % {"count": body.steps}
            if body.steps
            else _("Not named in any step yet."),
            edit_url=reverse("transformation:settings_body_edit", args=[body.pk]),
        )
        for body in CodeterminationBody.objects.for_organisation(
            request.workspace.organisation
        ).annotate(steps=Count("codeterminationstep"))
    ]
    return _list_page(
        request,
        title=_("Co-determination bodies"),
        intro=_(
            "The works council and the committees an initiative asks for advice or consent "
            "(ondernemingsraad, MED, SU). A body a step names can be renamed, not removed."
        ),
        rows=rows,
        columns=[_("Body"), _("Use")],
        empty=_("No co-determination bodies yet."),
        add_url=reverse("transformation:settings_body_create"),
        add_label=_("Add body"),
    )


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = request.workspace.organisation
    body = owned_or_404(CodeterminationBody, request, pk) if pk else None
    form = forms.BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        saved = _saved(form, organisation, _("There is already a body with this name."))
        if saved is not None:
            messages.success(request, _("“%(name)s” is saved.") % {"name": saved.name})
            return redirect("transformation:settings_bodies")
    return form_page(
        request,
        form,
        title=_("Edit co-determination body") if body else _("Add co-determination body"),
        submit=_("Save"),
        cancel_url=reverse("transformation:settings_bodies"),
        delete_url=reverse("transformation:settings_body_delete", args=[body.pk]) if body else None,
    )


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def body_delete(request: HttpRequest, pk: int) -> HttpResponse:
    body = owned_or_404(CodeterminationBody, request, pk)
    if body.codeterminationstep_set.exists():
        messages.error(
            request,
            _("“%(name)s” is not removed: a co-determination step names it. Rename it instead.")
            % {"name": body.name},
        )
        return redirect("transformation:settings_body_edit", pk=body.pk)
    if not remove_confirmed(request):
        return remove_page(
            request,
            title=_("Remove: %(title)s") % {"title": body.name},
            what=body.name,
            consequence=_("No co-determination step names it; new steps can no longer name it."),
            submit=_("Remove"),
            cancel_url=reverse("transformation:settings_body_edit", args=[body.pk]),
        )
    body.delete()
    messages.success(request, _("“%(name)s” is removed.") % {"name": body.name})
    return redirect("transformation:settings_bodies")
