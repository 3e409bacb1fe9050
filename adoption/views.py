"""Adoptie: the four user-adoption phases per initiative, and the phase board."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from adoption import forms, hooks, services
from adoption.grid import GridPoint, power_interest_grid
from adoption.models import (
    PHASE_PURPOSE,
    AdoptionTrack,
    AwarenessActivity,
    BusinessScenario,
    Champion,
    ChecklistItem,
    InspirationSession,
    Phase,
    PhaseMove,
    Stakeholder,
    TrackPhase,
    TrainingSession,
    UsageMeasurement,
)
from adoption.usage_csv import parse_usage_csv
from organisations.pages import form_page
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404
from transformation import charts
from transformation.hooks import InitiativeColumn, InitiativePanel
from transformation.models import Initiative, Programme


def _checklist(organisation) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.for_organisation(organisation).filter(active=True))


# --- Overview and phase board -------------------------------------------------------------------


@require(Perm.VIEW_WORKSPACE)
def overview(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.for_organisation(request.workspace.organisation)
    return render(request, "adoption/overview.html", {"programmes": programmes})


def _board_context(request: HttpRequest, programme: Programme) -> dict:
    initiatives = list(
        Initiative.objects.filter(programme=programme)
        .select_related("adoption_track")
        .prefetch_related(
            Prefetch("adoption_track__phases", TrackPhase.objects.all()),
            "adoption_track__ticks",
            "adoption_track__moves",
        )
        .order_by("title")
    )
    items = _checklist(programme.organisation_id)
    columns = {phase: [] for phase in Phase}
    without_track = []
    for initiative in initiatives:
        track = getattr(initiative, "adoption_track", None)
        if track is None:
            without_track.append(initiative)
            continue
        track.progress = track.checklist_progress(items, track.current_phase)
        track.current = track.phase(track.current_phase)
        track.next_gate = track.gate(track.current_phase + 1) if track.current_phase < 4 else []
        track.overridden = any(move.is_override for move in track.moves.all())
        columns[Phase(track.current_phase)].append(track)
    return {
        "programme": programme,
        "columns": [(phase, columns[phase]) for phase in Phase],
        "without_track": without_track,
        "can_edit": request.workspace.can(Perm.EDIT_ADOPTION),
    }


@require(Perm.VIEW_WORKSPACE)
def board(request: HttpRequest, pk: int) -> HttpResponse:
    programme = owned_or_404(Programme, request, pk)
    return render(request, "adoption/board.html", _board_context(request, programme))


@require(Perm.EDIT_ADOPTION)
@require_POST
def track_start(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = owned_or_404(Initiative, request, pk)
    track = services.track_start(initiative=initiative)
    messages.success(
        request,
        _("The adoption track of %(initiative)s has started in phase 1.")
        % {"initiative": initiative},
    )
    return redirect("adoption:track_detail", pk=track.pk)


@require(Perm.EDIT_ADOPTION)
@require_http_methods(["GET", "POST"])
def track_move(request: HttpRequest, pk: int) -> HttpResponse:
    """The next phase; past the gate only with a reason ("install - explain - done?")."""
    track = owned_or_404(
        AdoptionTrack.objects.prefetch_related("phases").select_related("initiative"), request, pk
    )
    from_board = request.POST.get("from") == "board" or request.GET.get("from") == "board"
    back = (
        reverse("adoption:board", args=[track.initiative.programme_id])
        if from_board
        else reverse("adoption:track_detail", args=[track.pk])
    )
    if track.current_phase >= Phase.TRAINING:
        messages.error(request, _("Training is the last phase."))
        return redirect(back)
    to_phase = Phase(track.current_phase + 1)
    open_phases = track.gate(to_phase)
    form = forms.GateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            move = services.track_move(
                track=track, by=request.user, override_reason=form.cleaned_data["reason"]
            )
        except services.GateClosed:
            if request.htmx:
                # The warning needs the whole page: send the browser there.
                return HttpResponseClientRedirect(
                    reverse("adoption:track_move", args=[track.pk])
                    + ("?from=board" if from_board else "")
                )
            form.add_error(
                "reason", _("Give the reason for going on before these phases are done.")
            )
        else:
            text = _("%(initiative)s is in phase %(number)s now: %(phase)s.") % {
                "initiative": track.initiative,
                "number": move.to_phase,
                "phase": to_phase.label,
            }
            if move.is_override:
                text += " " + _("The override is recorded.")
            messages.success(request, text)
            if request.htmx and from_board:
                programme = track.initiative.programme
                return render(
                    request, "adoption/board.html#board", _board_context(request, programme)
                )
            return redirect(back)
    return render(
        request,
        "adoption/track_move.html",
        {
            "track": track,
            "to_phase": to_phase,
            "open_phases": [Phase(number) for number in open_phases],
            "form": form,
            "back": back,
            "from_board": from_board,
        },
    )


# --- The track ----------------------------------------------------------------------------------


@require(Perm.VIEW_WORKSPACE)
def track_detail(request: HttpRequest, pk: int) -> HttpResponse:
    track = owned_or_404(
        AdoptionTrack.objects.select_related("initiative__programme")
        .prefetch_related(
            "phases",
            "ticks",
            "initiative__units",
            Prefetch("stakeholders", Stakeholder.objects.select_related("unit")),
            Prefetch("champions", Champion.objects.select_related("unit")),
            "inspiration_sessions",
            Prefetch("scenarios", BusinessScenario.objects.prefetch_related("units")),
            Prefetch("awareness_activities", AwarenessActivity.objects.prefetch_related("units")),
            Prefetch("training_sessions", TrainingSession.objects.select_related("champion")),
            "usage",
            Prefetch("moves", queryset=track_moves()),
        )
        .select_related("initiative"),
        request,
        pk,
    )
    items = _checklist(track.organisation_id)
    ticked = {t.item_id for t in track.ticks.all()}
    phases = []
    for phase in track.phases.all():
        phase.items = [(item, item.pk in ticked) for item in items if item.phase == phase.phase]
        phase.purpose = _phase_purpose(phase.phase)
        phases.append(phase)
    for session in track.training_sessions.all():
        session.links = [
            link for make in hooks.training_session_links if (link := make(request, session))
        ]
    stakeholders = list(track.stakeholders.all())
    usage = sorted(track.usage.all(), key=lambda m: m.measured_on)
    return render(
        request,
        "adoption/track_detail.html",
        {
            "track": track,
            "initiative": track.initiative,
            "phases": phases,
            "moves": list(track.moves.all()),
            "stakeholders": stakeholders,
            "grid": power_interest_grid(
                title=_("Stakeholders of %(initiative)s") % {"initiative": track.initiative},
                id_prefix=f"grid-{track.pk}",
                width=760,
                height=480,
                points=[
                    GridPoint(
                        label=s.name,
                        influence=s.influence,
                        interest=s.interest,
                        attitude=s.attitude,
                        attitude_label=s.get_attitude_display(),
                    )
                    for s in stakeholders
                ],
            ),
            "usage": usage,
            "curve": adoption_curve(track, usage),
            "can_edit": request.workspace.can(Perm.EDIT_ADOPTION),
            "can_train": request.workspace.can(Perm.EDIT_TRAINING_REGISTER),
        },
    )


def track_moves():
    return PhaseMove.objects.select_related("moved_by")


def _phase_purpose(number: int) -> str:
    return PHASE_PURPOSE[Phase(number)]


def adoption_curve(track: AdoptionTrack, usage: list[UsageMeasurement]) -> str:
    """Active users against the target group: the same chart the reports draw."""
    series = [
        charts.Series(
            _("Active users"), [charts.Point(m.measured_on, m.active_users) for m in usage]
        )
    ]
    if usage and track.target_group_size:
        series.append(
            charts.Series(
                _("Target group"),
                [
                    charts.Point(usage[0].measured_on, track.target_group_size),
                    charts.Point(usage[-1].measured_on, track.target_group_size),
                ],
                dashed=True,
                markers=False,
            )
        )
    return charts.line_chart(
        title=_("Adoption curve of %(initiative)s") % {"initiative": track.initiative},
        series=series if usage else [],
        id_prefix=f"curve-{track.pk}",
    )


@require(Perm.EDIT_ADOPTION)
@require_http_methods(["GET", "POST"])
def track_edit(request: HttpRequest, pk: int) -> HttpResponse:
    track = owned_or_404(AdoptionTrack.objects.select_related("initiative"), request, pk)
    form = forms.TrackForm(request.POST or None, instance=track)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The target group is saved."))
        return redirect(reverse("adoption:track_detail", args=[track.pk]) + "#figures")
    return form_page(
        request,
        form,
        title=_("Target group of %(initiative)s") % {"initiative": track.initiative},
        lead=_(
            "The figures compare awareness, training and usage with the number of people "
            "who should work the new way."
        ),
        submit=_("Save"),
        cancel_url=reverse("adoption:track_detail", args=[track.pk]) + "#figures",
    )


@require(Perm.EDIT_ADOPTION)
@require_http_methods(["GET", "POST"])
def phase_edit(request: HttpRequest, pk: int, phase: int) -> HttpResponse:
    if phase not in Phase.values:
        raise Http404
    track = owned_or_404(
        AdoptionTrack.objects.prefetch_related("phases", "ticks").select_related("initiative"),
        request,
        pk,
    )
    track_phase = track.phase(phase)
    items = [item for item in _checklist(track.organisation_id) if item.phase == phase]
    ticked = {t.item_id for t in track.ticks.all()}
    form = forms.PhaseForm(request.POST or None, instance=track_phase, items=items, ticked=ticked)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.checklist_save(
            track=track, phase=phase, items=items, ticked_ids=form.ticked_ids(), by=request.user
        )
        messages.success(request, _("Phase %(number)s is saved.") % {"number": phase})
        return redirect(reverse("adoption:track_detail", args=[track.pk]) + f"#phase-{phase}")
    return form_page(
        request,
        form,
        title=_("Phase %(number)s: %(phase)s") % {"number": phase, "phase": Phase(phase).label},
        lead=_phase_purpose(phase),
        submit=_("Save"),
        cancel_url=reverse("adoption:track_detail", args=[track.pk]) + f"#phase-{phase}",
    )


# --- Registers: one set of views for every kind of row ------------------------------------------


@dataclass(frozen=True)
class Register:
    model: type
    form: type
    phase: int
    add_label: str
    perms: tuple[Perm, ...] = (Perm.EDIT_ADOPTION,)


REGISTERS = {
    "belanghebbende": Register(
        Stakeholder, forms.StakeholderForm, 1, gettext_lazy("Add a stakeholder")
    ),
    "champion": Register(Champion, forms.ChampionForm, 1, gettext_lazy("Add a champion")),
    "inspiratiesessie": Register(
        InspirationSession,
        forms.InspirationSessionForm,
        1,
        gettext_lazy("Add a management inspiration session"),
    ),
    "scenario": Register(
        BusinessScenario, forms.BusinessScenarioForm, 2, gettext_lazy("Add a business scenario")
    ),
    "bewustwording": Register(
        AwarenessActivity, forms.AwarenessActivityForm, 3, gettext_lazy("Add an awareness activity")
    ),
    "training": Register(
        TrainingSession,
        forms.TrainingSessionForm,
        4,
        gettext_lazy("Add a training session"),
        perms=(Perm.EDIT_TRAINING_REGISTER,),
    ),
    "gebruik": Register(
        UsageMeasurement, forms.UsageMeasurementForm, 0, gettext_lazy("Add a usage measurement")
    ),
}


def _register(kind: str) -> Register:
    register = REGISTERS.get(kind)
    if register is None:
        raise Http404
    return register


def _register_perms(*, kind: str, **_kwargs) -> tuple[Perm, ...]:
    """Who may change a register: the programme manager; the training one, HR too."""
    return _register(kind).perms


def _anchor(track: AdoptionTrack, register: Register) -> str:
    fragment = f"#phase-{register.phase}" if register.phase else "#figures"
    return reverse("adoption:track_detail", args=[track.pk]) + fragment


@require(per=_register_perms)
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    register = _register(kind)
    track = owned_or_404(AdoptionTrack.objects.select_related("initiative"), request, pk)
    form = register.form(request.POST or None, track=track)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("%(what)s is added.") % {"what": register.model._meta.verbose_name.capitalize()},
        )
        return redirect(_anchor(track, register))
    return form_page(
        request,
        form,
        title=register.add_label,
        lead=track.initiative.title,
        submit=_("Add"),
        cancel_url=_anchor(track, register),
    )


def _item(request: HttpRequest, kind: str, pk: int):
    register = _register(kind)
    item = owned_or_404(register.model.objects.select_related("track__initiative"), request, pk)
    return register, item


@require(per=_register_perms)
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    register, item = _item(request, kind, pk)
    form = register.form(request.POST or None, instance=item, track=item.track)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(what)s is saved.") % {"what": item})
        return redirect(_anchor(item.track, register))
    return form_page(
        request,
        form,
        title=_("Edit %(what)s") % {"what": item},
        lead=item.track.initiative.title,
        submit=_("Save"),
        cancel_url=_anchor(item.track, register),
        delete_url=reverse("adoption:item_delete", args=[kind, item.pk]),
    )


@require(per=_register_perms)
@require_POST
def item_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    register, item = _item(request, kind, pk)
    item.delete()
    messages.success(request, _("%(what)s is removed.") % {"what": item})
    return redirect(_anchor(item.track, register))


@require(Perm.EDIT_ADOPTION)
@require_http_methods(["GET", "POST"])
def usage_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Usage from a CSV: every row checked first; one bad row and nothing is imported."""
    track = owned_or_404(AdoptionTrack.objects.select_related("initiative"), request, pk)
    form = forms.UsageImportForm(
        *((request.POST, request.FILES) if request.method == "POST" else ())
    )
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = parse_usage_csv(data["file"].read(), column=data["column"])
        if result.ok:
            added, updated = services.usage_import(track=track, rows=result.rows)
            messages.success(
                request,
                ngettext(
                    "%(count)s measurement imported from the column %(column)s.",
                    "%(count)s measurements imported from the column %(column)s.",
                    added + updated,
                )
                % {"count": added + updated, "column": result.column},
            )
            return redirect(reverse("adoption:track_detail", args=[track.pk]) + "#figures")
    return render(
        request,
        "adoption/usage_import.html",
        {"form": form, "track": track, "result": result},
    )


# --- What this part adds to the programme's pages -----------------------------------------------


def _annotate_phase(initiatives: list) -> None:
    tracks = {
        track.initiative_id: track
        for track in AdoptionTrack.objects.filter(
            initiative__in=[i.pk for i in initiatives]
        ).prefetch_related("phases")
    }
    for initiative in initiatives:
        track = tracks.get(initiative.pk)
        initiative.adoption = track
        if track is not None:
            track.current = track.phase(track.current_phase)


phase_column = InitiativeColumn(
    heading=gettext_lazy("Adoption phase"),
    template="adoption/_phase_cell.html",
    annotate=_annotate_phase,
)


def _initiative_panel(request: HttpRequest, initiative: Initiative) -> dict:
    track = (
        AdoptionTrack.objects.filter(initiative=initiative)
        .prefetch_related("phases", Prefetch("moves", queryset=track_moves()))
        .first()
    )
    if track is not None:
        track.current = track.phase(track.current_phase)
    return {
        "initiative": initiative,
        "track": track,
        "overrides": [m for m in track.moves.all() if m.is_override] if track else [],
        "can_edit": request.workspace.can(Perm.EDIT_ADOPTION),
    }


initiative_panel = InitiativePanel(
    template="adoption/_initiative_panel.html", context=_initiative_panel
)
