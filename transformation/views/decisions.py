"""Decision requests (besluitvragen): what the programme puts to the directors, the
decisions its own data proposes, and what the directors decided.

The programme manager prepares (PREPARE_DECISIONS), a director records the outcome
(DECIDE); everyone who sees the programme reads the list."""

from __future__ import annotations

import itertools

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from organisations.history import changes
from organisations.pages import form_page, page_of, remove_confirmed, remove_page
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404
from transformation import decisions, forms
from transformation.models import DecisionOutcome, DecisionRequest, Programme

# Decided requests and proposals per page: the lists' size does not grow with the data.
PAGE_SIZE = 10


def _list_url(programme_id: int, anchor: str = "") -> str:
    url = reverse("transformation:decision_list", args=[programme_id])
    return f"{url}#{anchor}" if anchor else url


def _with_links(queryset):
    return queryset.select_related("initiative", "benefit", "prepared_by", "decided_by")


@require(Perm.VIEW_WORKSPACE)
def decision_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = owned_or_404(Programme, request, pk)
    requests = _with_links(DecisionRequest.objects.filter(programme=programme))
    decided = Paginator(requests.decided().order_by("-decided_on", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "programme": programme,
        "decided": decided,
        "can_prepare": request.workspace.can(Perm.PREPARE_DECISIONS),
        "can_decide": request.workspace.can(Perm.DECIDE),
    }
    # A page of the decided requests; restoring the history needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "transformation/decisions/list.html#decided", context)
    open_requests = requests.open().order_by(
        F("meeting_on").asc(nulls_last=True), "meeting", "created_at", "pk"
    )
    context["meetings"] = [
        (meeting_on, meeting, list(rows))
        for (meeting_on, meeting), rows in itertools.groupby(
            open_requests, key=lambda r: (r.meeting_on, r.meeting)
        )
    ]
    # The data's proposals are the programme manager's to put forward or dismiss.
    # Ten at a time (a parameter of their own beside the decided requests' page).
    context["proposals"] = (
        page_of(request, decisions.proposals(programme), PAGE_SIZE, parameter="voorstellen")
        if context["can_prepare"]
        else []
    )
    return render(request, "transformation/decisions/list.html", context)


@require(Perm.VIEW_WORKSPACE)
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = owned_or_404(
        _with_links(DecisionRequest.objects).select_related("programme"), request, pk
    )
    return render(
        request,
        "transformation/decisions/detail.html",
        {
            "decision": decision,
            "changes": changes(decision),
            "can_prepare": request.workspace.can(Perm.PREPARE_DECISIONS),
            "can_decide": request.workspace.can(Perm.DECIDE),
        },
    )


def _refused(request: HttpRequest, error: decisions.DecisionError, programme_id: int):
    messages.error(request, str(error))
    return redirect(_list_url(programme_id))


@require(Perm.PREPARE_DECISIONS)
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new request; `?voorstel=<source>` starts from a proposal of the data."""
    programme = owned_or_404(Programme, request, pk)
    initial = {}
    if source := request.GET.get("voorstel", ""):
        found = decisions.proposal(programme, source)
        if found is None:
            return _refused(request, decisions.no_longer_proposed(), programme.pk)
        initial = found.initial()
    form = forms.DecisionRequestForm(
        request.POST or None,
        instance=DecisionRequest(organisation=programme.organisation, programme=programme),
        programme=programme,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = decisions.decision_request_create(
                decision=form.save(commit=False), by=request.user
            )
        except decisions.DecisionError as error:
            return _refused(request, error, programme.pk)
        messages.success(
            request, _("The decision request “%(title)s” is added.") % {"title": decision.title}
        )
        return redirect(_list_url(programme.pk, f"decision-{decision.pk}"))
    adopting = bool(initial) or bool(request.POST.get("source"))
    return form_page(
        request,
        form,
        title=_("New decision request for %(programme)s") % {"programme": programme},
        lead=_(
            "The data proposed this decision; adjust the wording, add your advice and the "
            "meeting it goes to."
        )
        if adopting
        else _(
            "Ask one clear question, give the options with what each means, and say what "
            "you advise and why."
        ),
        submit=_("Add decision request"),
        cancel_url=_list_url(programme.pk),
    )


@require(Perm.PREPARE_DECISIONS)
@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = owned_or_404(DecisionRequest.objects.select_related("programme"), request, pk)
    if not decision.is_open:
        return _refused(request, decisions.decided_already(), decision.programme_id)
    title = decision.title
    form = forms.DecisionRequestForm(
        request.POST or None, instance=decision, programme=decision.programme
    )
    if request.method == "POST" and form.is_valid():
        try:
            decisions.decision_request_update(decision=form.save(commit=False), by=request.user)
        except decisions.DecisionError as error:
            return _refused(request, error, decision.programme_id)
        messages.success(request, _("The decision request is saved."))
        return redirect(_list_url(decision.programme_id, f"decision-{decision.pk}"))
    return form_page(
        request,
        form,
        title=_("Edit %(decision)s") % {"decision": title},
        submit=_("Save"),
        cancel_url=_list_url(decision.programme_id),
        delete_url=reverse("transformation:decision_delete", args=[decision.pk]),
    )


@require(Perm.PREPARE_DECISIONS)
@require_http_methods(["GET", "POST"])
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first; the POST of the confirmation removes the request."""
    decision = owned_or_404(DecisionRequest.objects.select_related("programme"), request, pk)
    if not decision.is_open:
        return _refused(request, decisions.decided_already(), decision.programme_id)
    if remove_confirmed(request):
        try:
            decisions.decision_request_delete(decision=decision, by=request.user)
        except decisions.DecisionError as error:
            return _refused(request, error, decision.programme_id)
        messages.success(
            request, _("The decision request “%(title)s” is removed.") % {"title": decision.title}
        )
        return redirect(_list_url(decision.programme_id))
    consequence = _(
        "The request is no longer put to the directors. Its history keeps what it was and who "
        "removed it."
    )
    if decision.source:
        consequence += " " + _(
            "The data proposed it: the proposal comes back among the proposals, to put forward "
            "again or to dismiss."
        )
    return remove_page(
        request,
        title=_("Remove: %(title)s") % {"title": decision.title},
        what=decision.question,
        consequence=consequence,
        submit=_("Remove the request"),
        cancel_url=_list_url(decision.programme_id, f"decision-{decision.pk}"),
        back=(
            _list_url(decision.programme_id),
            _("Decision requests of %(programme)s") % {"programme": decision.programme.name},
        ),
        final=False,
    )


@require(Perm.PREPARE_DECISIONS)
@require_http_methods(["GET", "POST"])
def proposal_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Not put to the directors: asks first, with an optional reason, then remembers it."""
    programme = owned_or_404(Programme, request, pk)
    source = request.POST.get("source") or request.GET.get("voorstel", "")
    found = decisions.proposal(programme, source) if source else None
    if found is None:
        return _refused(request, decisions.no_longer_proposed(), programme.pk)
    form = forms.ProposalDismissForm(request.POST or None, initial={"source": source})
    if request.method == "POST" and form.is_valid():
        try:
            decisions.proposal_dismiss(
                programme=programme,
                source=source,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except decisions.DecisionError as error:
            return _refused(request, error, programme.pk)
        messages.success(
            request,
            _("“%(title)s” is not put to the directors, and is not proposed again.")
            % {"title": found.title},
        )
        return redirect(_list_url(programme.pk, "proposals"))
    return render(
        request,
        "transformation/decisions/dismiss.html",
        {"programme": programme, "proposal": found, "form": form},
    )


@require(Perm.DECIDE)
@require_http_methods(["GET", "POST"])
def decision_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """A director records the outcome, or corrects it: each version stays in the history."""
    decision = owned_or_404(DecisionRequest.objects.select_related("programme"), request, pk)
    correcting = not decision.is_open
    title = decision.title
    form = forms.DecisionOutcomeForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decisions.decision_record_outcome(
            decision=decision,
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            note=data["outcome_note"],
            by=request.user,
        )
        messages.success(
            request,
            _("The decision on “%(title)s” is recorded as %(outcome)s.")
            % {"title": title, "outcome": DecisionOutcome(data["outcome"]).label},
        )
        return redirect(_list_url(decision.programme_id, f"decision-{decision.pk}"))
    return form_page(
        request,
        form,
        title=(_("Correct the decision on %(title)s") if correcting else _("Decide on %(title)s"))
        % {"title": title},
        lead=decision.question,
        submit=_("Save the correction") if correcting else _("Record the decision"),
        cancel_url=reverse("transformation:decision_detail", args=[decision.pk]),
    )


@require(Perm.PREPARE_DECISIONS)
@require_POST
def decision_ask_again(request: HttpRequest, pk: int) -> HttpResponse:
    """A postponed request to a next meeting: a copy, open, to give its date."""
    decision = owned_or_404(DecisionRequest.objects.select_related("programme"), request, pk)
    try:
        again = decisions.decision_ask_again(decision=decision, by=request.user)
    except decisions.DecisionError as error:
        return _refused(request, error, decision.programme_id)
    messages.success(
        request,
        _("“%(title)s” is open again as a new request: give the date of the next meeting.")
        % {"title": again.title},
    )
    return redirect("transformation:decision_edit", pk=again.pk)
