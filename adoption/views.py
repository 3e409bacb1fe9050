"""Adoptie: the four user-adoption phases per initiative, and the phase board."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

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
    TrainingSession,
    UsageMeasurement,
)
from adoption.usage_csv import parse_usage_csv
from organisations.forms import is_id
from organisations.pages import form_page, page_of, remove_confirmed, remove_page
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404
from transformation import charts
from transformation.hooks import InitiativeColumn, InitiativePanel
from transformation.models import RAG, Initiative, Programme


def _checklist(organisation) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.for_organisation(organisation).filter(active=True))


# --- Overview and phase board -------------------------------------------------------------------


@require(Perm.VIEW_WORKSPACE)
def overview(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.for_organisation(request.workspace.organisation)
    return render(
        request,
        "adoption/overview.html",
        {
            "programmes": programmes,
            "can_manage_checklist": request.workspace.can(Perm.MANAGE_ORGANISATION),
        },
    )


# The board shows at most BOARD_CARDS cards a column, those that need attention first, and
# as many of the initiatives without a track; a column with more links to a page of its
# own (`?fase=2`, `?fase=zonder`), COLUMN_CARDS_PER_PAGE cards a page. So the board stays
# the same size however large the programme.
BOARD_CARDS = 8
COLUMN_CARDS_PER_PAGE = 24
WITHOUT_TRACK = "zonder"


def _status_rank(field: str) -> Case:
    return Case(
        When(**{field: RAG.RED}, then=Value(0)),
        When(**{field: RAG.AMBER}, then=Value(1)),
        default=Value(2),
    )


def _tracks_first_to_look_at() -> list:
    """A move past the gate that awaits a director's confirmation, then red, then amber;
    within those by title."""
    awaiting = Exists(PhaseMove.objects.awaiting_confirmation().filter(track=OuterRef("pk")))
    return [
        awaiting.desc(),
        _status_rank("initiative__status").asc(),
        F("initiative__title").asc(),
        F("pk").asc(),
    ]


def _initiatives_first_to_look_at() -> list:
    return [_status_rank("status").asc(), F("title").asc(), F("pk").asc()]


def _card(track: AdoptionTrack, undo_pk: int | None) -> AdoptionTrack:
    """A track as its card shows it: the open items of its phase, what the data
    contradicts, the gate to the next phase, an override awaiting confirmation."""
    items = track.checklist
    track.current = track.phase(track.current_phase)
    states = track.phase_checklist(items, track.current_phase)
    track.progress = (sum(1 for s in states if s.satisfied), len(states))
    track.open_states = [s for s in states if not s.satisfied]
    track.contradictions = [s for s in states if s.contradicted]
    if track.current_phase < Phase.TRAINING:
        track.next_phase = Phase(track.current_phase + 1)
        track.next_gate = [Phase(n) for n in track.gate(track.next_phase, items)]
    track.awaiting = [m for m in track.moves.all() if m.awaits_confirmation]
    track.undoable = track.undoable_move
    track.offers_undo = bool(undo_pk and track.undoable and track.undoable.pk == undo_pk)
    return track


def _column(request: HttpRequest) -> Phase | str | None:
    """The column the query asks to see whole (`?fase=`), if any."""
    chosen = request.GET.get("fase", "")
    if chosen == WITHOUT_TRACK:
        return WITHOUT_TRACK
    return Phase(int(chosen)) if chosen in {str(p.value) for p in Phase} else None


def _board_context(
    request: HttpRequest,
    programme: Programme,
    *,
    announcement: str = "",
    moved: AdoptionTrack | None = None,
    undo_pk: int | None = None,
) -> dict:
    """The programme's initiatives by the phase of their adoption track, each card with
    its RAG status, the open items of its phase and its gate; those without a track
    apart. Each column shows the cards that need attention first, and says how many it
    has; the track just moved is always shown. With `?fase=` one column is shown whole, a
    page at a time. The queries do not grow with the number of initiatives."""
    tracks = AdoptionTrack.objects.filter(initiative__programme=programme)
    without = Initiative.objects.filter(programme=programme, adoption_track__isnull=True)
    counts = dict(tracks.values_list("current_phase").annotate(n=Count("pk")).order_by())
    column = _column(request) if request.method == "GET" else None
    page = None
    if column == WITHOUT_TRACK:
        page = page_of(
            request, without.order_by(*_initiatives_first_to_look_at()), COLUMN_CARDS_PER_PAGE
        )
        shown, without_track = [], list(page.object_list)
        without_count = page.paginator.count
    else:
        if column is None:
            ranked = tracks.alias(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("current_phase")],
                    order_by=_tracks_first_to_look_at(),
                )
            )
            wanted = Q(pk__in=ranked.filter(rank__lte=BOARD_CARDS).values("pk"))
            # The card just moved, and the one whose step is offered for undoing.
            if moved is not None:
                wanted |= Q(pk=moved.pk)
            if undo_pk is not None:
                wanted |= Q(pk__in=PhaseMove.objects.filter(pk=undo_pk).values("track_id"))
            shown = list(tracks.filter(wanted).for_gate().order_by(*_tracks_first_to_look_at()))
            without_track = list(without.order_by(*_initiatives_first_to_look_at())[:BOARD_CARDS])
            without_count = without.count()
        else:
            page = page_of(
                request,
                tracks.filter(current_phase=column)
                .for_gate()
                .order_by(*_tracks_first_to_look_at()),
                COLUMN_CARDS_PER_PAGE,
            )
            shown, without_track, without_count = list(page.object_list), [], 0
    columns = {phase: [] for phase in Phase}
    undo = None
    for track in shown:
        _card(track, undo_pk)
        if track.offers_undo:
            undo = track.undoable
        columns[Phase(track.current_phase)].append(track)
    shown_columns = [
        (phase, columns[phase], counts.get(phase.value, 0))
        for phase in Phase
        if column in (None, phase)
    ]
    return {
        "programme": programme,
        # Each phase with its cards shown and how many tracks it has in all.
        "columns": shown_columns,
        # Whether the board leaves cards out (and says which it shows).
        "capped": column is None
        and (
            any(count > len(cards) for _phase, cards, count in shown_columns)
            or without_count > len(without_track)
        ),
        "without_track": without_track,
        "without_count": without_count,
        "column": column,
        # The initiatives without a track, whole, a page at a time (`?fase=zonder`).
        "without_column": column == WITHOUT_TRACK,
        "without_track_value": WITHOUT_TRACK,
        "page": page,
        "board_cards": BOARD_CARDS,
        "can_edit": request.workspace.can(Perm.EDIT_ADOPTION),
        "announcement": announcement,
        "moved": moved,
        # The step just made, offered for undoing (after a move from the board).
        "undo": undo,
    }


@require(Perm.VIEW_WORKSPACE)
def board(request: HttpRequest, pk: int) -> HttpResponse:
    programme = owned_or_404(Programme, request, pk)
    step = request.GET.get("stap", "")
    undo_pk = int(step) if is_id(step) else None
    return render(
        request, "adoption/board.html", _board_context(request, programme, undo_pk=undo_pk)
    )


@require(Perm.EDIT_ADOPTION)
@require_POST
def track_start(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = owned_or_404(Initiative, request, pk)
    track = services.track_start(initiative=initiative)
    text = _("The adoption track of %(initiative)s has started in phase 1.") % {
        "initiative": initiative
    }
    if request.POST.get("from") == "board":
        if request.htmx:
            return render(
                request,
                "adoption/board.html#board",
                _board_context(request, initiative.programme, announcement=text, moved=track),
            )
        messages.success(request, text)
        return redirect("adoption:board", pk=initiative.programme_id)
    messages.success(request, text)
    return redirect("adoption:track_detail", pk=track.pk)


def _from_board(request: HttpRequest) -> bool:
    return request.POST.get("from") == "board" or request.GET.get("from") == "board"


def _back(request: HttpRequest, track: AdoptionTrack) -> str:
    if _from_board(request):
        return reverse("adoption:board", args=[track.initiative.programme_id])
    return reverse("adoption:track_detail", args=[track.pk])


@require(Perm.EDIT_ADOPTION)
@require_http_methods(["GET", "POST"])
def track_move(request: HttpRequest, pk: int) -> HttpResponse:
    """The next phase, after a confirmation that names the earlier phases and checklist
    items still open; past the gate only with a reason ("install - explain - done?").

    From the board with htmx the confirmation opens above the columns (the `confirm`
    partial) and the move swaps the board in place; without JavaScript it is this page."""
    track = owned_or_404(AdoptionTrack.objects.for_gate(), request, pk)
    from_board = _from_board(request)
    back = _back(request, track)
    if track.current_phase >= Phase.TRAINING:
        messages.error(request, _("Training is the last phase."))
        return redirect(back)
    to_phase = Phase(track.current_phase + 1)
    earlier = track.earlier_phases(to_phase)
    gate_closed = any(p.required for p in earlier)
    form = forms.GateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The phase the confirmation was shown for: sent twice (a double click, the back
        # button) or after someone else moved the track, the step is not taken again.
        seen = request.POST.get("to_phase", "")
        try:
            move = services.track_move(
                track=track,
                by=request.user,
                override_reason=form.cleaned_data["reason"],
                to_phase=int(seen) if is_id(seen) else None,
            )
        except services.MovedMeanwhile:
            messages.warning(
                request,
                _(
                    "%(initiative)s is in phase %(number)s already: the step was taken "
                    "meanwhile. Nothing was changed."
                )
                % {"initiative": track.initiative, "number": track.current_phase},
            )
            if request.htmx:
                return HttpResponseClientRedirect(back)
            return redirect(back)
        except services.GateClosed:
            form.add_error(
                "reason", _("Give the reason for going on before these phases are done.")
            )
            # The gate may have closed since the page was shown.
            track = owned_or_404(AdoptionTrack.objects.for_gate(), request, pk)
            earlier = track.earlier_phases(to_phase)
            gate_closed = True
        else:
            text = _("%(initiative)s is in phase %(number)s now: %(phase)s.") % {
                "initiative": track.initiative,
                "number": move.to_phase,
                "phase": to_phase.label,
            }
            if move.is_override:
                text += " " + _("The override is recorded; a director confirms it.")
            if request.htmx and from_board:
                return render(
                    request,
                    "adoption/board.html#board",
                    _board_context(
                        request,
                        track.initiative.programme,
                        announcement=text,
                        moved=track,
                        undo_pk=move.pk,
                    ),
                )
            messages.success(request, text)
            # The board offers to undo this step (without JavaScript too).
            return redirect(f"{back}?stap={move.pk}" if from_board else back)
    context = {
        "track": track,
        "to_phase": to_phase,
        "earlier": earlier,
        "gate_closed": gate_closed,
        "open_phases": [p.phase for p in earlier if p.required],
        "form": form,
        "back": back,
        "from_board": from_board,
    }
    if request.htmx and from_board:
        response = render(request, "adoption/track_move.html#confirm", context)
        # The confirmation (and an error in it) goes into its place above the columns.
        return retarget(reswap(response, "innerHTML"), "#board-confirm")
    return render(request, "adoption/track_move.html", context)


def _move_or_404(request: HttpRequest, pk: int) -> PhaseMove:
    return owned_or_404(
        PhaseMove.objects.select_related("track__initiative"),
        request,
        pk,
        owner="track__organisation",
    )


@require(Perm.EDIT_ADOPTION)
@require_POST
def move_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo the latest move of a track: recorded as a move back, with who and when."""
    move = _move_or_404(request, pk)
    track = move.track
    try:
        services.move_undo(move=move, by=request.user)
    except services.CannotUndo:
        text = _("Only the latest step of a track can be undone.")
        ok = False
    else:
        text = _(
            "The step to phase %(to)s is undone: %(initiative)s is back in phase %(number)s: "
            "%(phase)s."
        ) % {
            "to": move.to_phase,
            "initiative": track.initiative,
            "number": move.from_phase,
            "phase": Phase(move.from_phase).label,
        }
        ok = True
    if request.htmx and _from_board(request):
        return render(
            request,
            "adoption/board.html#board",
            _board_context(request, track.initiative.programme, announcement=text, moved=track),
        )
    (messages.success if ok else messages.error)(request, text)
    return redirect(_back(request, track) + ("" if _from_board(request) else "#moves"))


@require(Perm.CONFIRM_GATE_OVERRIDE)
@require_POST
def move_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """A director confirms going on past the gate: the commitment is recorded."""
    move = _move_or_404(request, pk)
    try:
        services.move_confirm(move=move, by=request.user)
    except services.CannotConfirm:
        messages.error(request, _("This step needs no confirmation (any more)."))
    else:
        messages.success(
            request,
            _("You confirmed that %(initiative)s went on to phase %(number)s.")
            % {"initiative": move.track.initiative, "number": move.to_phase},
        )
    if request.POST.get("from") == "initiative":
        return redirect(
            reverse("transformation:initiative_detail", args=[move.track.initiative_id])
            + "#adoption"
        )
    return redirect(reverse("adoption:track_detail", args=[move.track_id]) + "#moves")


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
    track.checklist = items
    phases = []
    for phase in track.phases.all():
        phase.items = track.phase_checklist(items, phase.phase)
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
            "undoable": track.undoable_move,
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
            "can_confirm": request.workspace.can(Perm.CONFIRM_GATE_OVERRIDE),
        },
    )


def track_moves():
    return PhaseMove.objects.select_related("moved_by", "confirmed_by", "undone_by__moved_by")


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
    track = owned_or_404(AdoptionTrack.objects.for_gate(), request, pk)
    track_phase = track.phase(phase)
    items = [item for item in track.checklist if item.phase == phase]
    form = forms.PhaseForm(
        request.POST or None,
        instance=track_phase,
        items=items,
        ticked=track.ticked_ids,
        judged={item.pk: track.judge(item) for item in items},
    )
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
    # Named as stored: validating the form sets what was typed on the object, refused or not.
    title = _("Edit %(what)s") % {"what": item}
    form = register.form(request.POST or None, instance=item, track=item.track)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(what)s is saved.") % {"what": item})
        return redirect(_anchor(item.track, register))
    return form_page(
        request,
        form,
        title=title,
        lead=item.track.initiative.title,
        submit=_("Save"),
        cancel_url=_anchor(item.track, register),
        delete_url=reverse("adoption:item_delete", args=[kind, item.pk]),
    )


def _what(register: Register, item) -> str:
    """The item with its kind ("Stakeholder: Team Burgerzaken"), unless its name says it
    ("Usage measurement of 1 November 2026")."""
    kind, name = str(register.model._meta.verbose_name), str(item)
    return name if name.lower().startswith(kind.lower()) else f"{capfirst(kind)}: {name}"


@require(per=_register_perms)
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Asks first: nothing on a track keeps a history, so a removed item is gone."""
    register, item = _item(request, kind, pk)
    if not remove_confirmed(request):
        consequence = _(
            "Everything recorded for it here leaves the adoption track of %(initiative)s."
        ) % {"initiative": item.track.initiative.title}
        if kind == "training" and item.skills_actions.exists():
            consequence += " " + _(
                "The training action the HR adviser recorded for who came stays, with its "
                "participants; only its link to this session goes."
            )
        return remove_page(
            request,
            title=_("Remove: %(title)s") % {"title": item},
            what=_what(register, item),
            consequence=consequence,
            submit=_("Remove"),
            cancel_url=reverse("adoption:item_edit", args=[kind, item.pk]),
            back=(
                reverse("adoption:track_detail", args=[item.track_id]),
                item.track.initiative.title,
            ),
        )
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


# --- The organisation's checklist ---------------------------------------------------------------


@require(Perm.MANAGE_ORGANISATION)
def checklist(request: HttpRequest) -> HttpResponse:
    """The organisation admin's checklist per phase: the settings page in the house style."""
    items = (
        ChecklistItem.objects.for_organisation(request.workspace.organisation)
        .annotate(tick_count=Count("ticks"))
        .order_by("phase", "position", "pk")
    )
    phases = [(phase, [item for item in items if item.phase == phase]) for phase in Phase]
    return render(request, "adoption/checklist.html", {"phases": phases})


def _checklist_form(request: HttpRequest, form, *, title: str, submit: str, delete_url=None):
    if request.method == "POST" and form.is_valid():
        item = form.save()
        messages.success(request, _("The checklist item is saved."))
        return redirect(reverse("adoption:checklist") + f"#phase-{item.phase}")
    return form_page(
        request,
        form,
        title=title,
        lead=_(
            "What a phase should achieve. Items no longer in use keep their earlier ticks; "
            "a judgement from the data stands beside the tick and never replaces it."
        ),
        submit=submit,
        cancel_url=reverse("adoption:checklist"),
        delete_url=delete_url,
    )


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def checklist_create(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    initial = {}
    if is_id(phase := request.GET.get("fase", "")) and int(phase) in Phase.values:
        initial["phase"] = int(phase)
    form = forms.ChecklistItemForm(request.POST or None, organisation=organisation, initial=initial)
    return _checklist_form(request, form, title=_("Add a checklist item"), submit=_("Add"))


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def checklist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = owned_or_404(ChecklistItem, request, pk)
    form = forms.ChecklistItemForm(
        request.POST or None, instance=item, organisation=request.workspace.organisation
    )
    ticked = item.ticks.exists()
    return _checklist_form(
        request,
        form,
        title=_("Edit the checklist item"),
        submit=_("Save"),
        # A ticked item is switched off ("in use"), never removed: the ticks stay history.
        delete_url=None if ticked else reverse("adoption:checklist_delete", args=[item.pk]),
    )


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def checklist_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first; an item a track has ticked is never removed."""
    item = owned_or_404(ChecklistItem, request, pk)
    if item.ticks.exists():
        messages.error(
            request,
            _("This item has been ticked on a track: switch it off (in use) instead."),
        )
        return redirect("adoption:checklist_edit", pk=item.pk)
    if not remove_confirmed(request):
        return remove_page(
            request,
            title=_("Remove: %(title)s") % {"title": item},
            what=str(item),
            consequence=_(
                "No track has ticked it. It leaves the checklist of the phase "
                "%(phase)s on every adoption track."
            )
            % {"phase": item.get_phase_display()},
            submit=_("Remove"),
            cancel_url=reverse("adoption:checklist_edit", args=[item.pk]),
        )
    item.delete()
    messages.success(request, _("The checklist item is removed."))
    return redirect(reverse("adoption:checklist") + f"#phase-{item.phase}")


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
        "can_confirm": request.workspace.can(Perm.CONFIRM_GATE_OVERRIDE),
    }


initiative_panel = InitiativePanel(
    template="adoption/_initiative_panel.html", context=_initiative_panel
)
