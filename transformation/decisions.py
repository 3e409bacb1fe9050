"""Decision requests (besluitvragen): what the programme asks of the directors.

The programme manager prepares a request for a meeting; a director records what was
decided. Besides the requests someone wrote, the programme's own data puts decisions
forward: a vision version waiting for approval, an initiative on red, a gate override
no director confirmed, a works council's negative advice or refused consent. Each such
signal is a ``Proposal`` with a stable ``source``; the programme manager adopts it (it
becomes a request, edited as any other) or dismisses it, and either way the same
signal is not proposed again. A signal that goes away (the override confirmed, the
initiative back on amber) is no longer proposed.

``proposals`` reads one programme in a fixed number of queries.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption.models import Phase, PhaseMove
from organisations.attention import worded
from organisations.models import User
from transformation.models import (
    RAG,
    CodeterminationPhase,
    CodeterminationStep,
    DecisionOutcome,
    DecisionRequest,
    DismissedProposal,
    Initiative,
    InitiativeStatusChange,
    LegalBasis,
    Outcome,
    Programme,
    Vision,
    VisionStatus,
)


@dataclass(frozen=True)
class Proposal:
    """A decision the data puts forward, worded as a draft request."""

    source: str
    title: str
    question: str
    options: str
    why: str
    since: datetime.date | None = None
    initiative_id: int | None = None
    # What the title names (an initiative's title, a vision's number): with the kind
    # (the source's first part), enough to word the title again in another language.
    subject: str = ""

    @property
    def kind(self) -> str:
        """The signal's kind: vision, no_vision, red, override, refused or negative."""
        if self.source == "vision:none":
            return "no_vision"
        first, *_rest, last = self.source.split(":")
        return last if first == "codetermination" else first

    def initial(self) -> dict:
        """The request form's first values when the programme manager adopts it."""
        return {
            "title": self.title,
            "question": self.question,
            "options": self.options,
            "advice": "",
            "initiative": self.initiative_id,
            "source": self.source,
        }


# A proposal's title per kind; translated when a title is made, one at a time (a large
# programme proposes hundreds).
PROPOSAL_TITLES = {
    "vision": gettext_lazy("Approve information vision version %(subject)s"),
    "no_vision": gettext_lazy("Ask for an information vision"),
    "red": gettext_lazy("How %(subject)s goes on"),
    "override": gettext_lazy("Gate override of %(subject)s"),
    "refused": gettext_lazy("Consent refused on %(subject)s"),
    "negative": gettext_lazy("Negative advice on %(subject)s"),
}


def proposal_title(kind: str, subject: str) -> str:
    """A proposal's title in the current language, from its kind and what it names."""
    if kind not in PROPOSAL_TITLES:
        return subject
    return str(PROPOSAL_TITLES[kind]) % {"subject": subject}


def proposals(programme: Programme) -> list[Proposal]:
    """The programme's signals not yet adopted or dismissed, oldest first. Six queries.

    An initiative on red is not put forward while the directors are already asked about
    it: a request about the initiative that is open, or made since it turned red
    (adopted from another signal, such as refused consent, or written by hand), asks
    how it goes on."""
    requests = list(
        DecisionRequest.objects.filter(programme=programme).values_list(
            "source", "initiative_id", "outcome", "created_at"
        )
    )
    taken = _last_taken(
        [(source, created_at) for source, _initiative, _outcome, created_at in requests],
        DismissedProposal.objects.filter(programme=programme).values_list("source", "dismissed_at"),
    )
    asked: dict[int, datetime.date] = {}
    for _source, initiative_id, outcome, created_at in requests:
        if initiative_id is not None:
            # An open request asks now, whenever it was made.
            day = (
                datetime.date.max
                if outcome == DecisionOutcome.OPEN
                else timezone.localdate(created_at)
            )
            asked[initiative_id] = max(asked.get(initiative_id, datetime.date.min), day)
    found = [
        *_vision(programme),
        *[p for p in _red(programme) if asked.get(p.initiative_id, datetime.date.min) < p.since],
        *_overrides(programme),
        *_codetermination(programme),
    ]
    return sorted(
        (p for p in found if not _taken(p, taken)),
        key=lambda p: (p.since or datetime.date.min, p.source),
    )


def _taken(proposal: Proposal, taken: Mapping[str, datetime.date]) -> bool:
    """Whether the proposal was adopted or dismissed. A co-determination outcome counts
    from the day it was given, a version in consultation from the day it went into
    consultation: adopted or dismissed before that day, it was an earlier time of the same
    signal (consent refused again after the decision was changed; a version sent back and
    put into consultation again)."""
    if proposal.source not in taken:
        return False
    if proposal.source.startswith(("codetermination:", "vision:")) and proposal.since:
        return taken[proposal.source] >= proposal.since
    return True


def _last_taken(*rows: Iterable[tuple[str, datetime.datetime]]) -> dict[str, datetime.date]:
    """Per source, the last day a proposal was taken up: adopted (the request's moment)
    or dismissed; `rows` are (source, moment) pairs, a request without a source left out."""
    days: dict[str, datetime.date] = {}
    for source, moment in itertools.chain(*rows):
        if source:
            day = timezone.localdate(moment)
            days[source] = max(days.get(source, datetime.date.min), day)
    return days


def codetermination_taken(organisation) -> dict[int, datetime.date]:
    """Per co-determination step, the last day a proposal about its negative outcome was
    adopted or dismissed (two queries): the outcome given on or before it is dealt with."""
    about = {"source__startswith": "codetermination:"}
    taken = _last_taken(
        DecisionRequest.objects.for_organisation(organisation)
        .filter(**about)
        .values_list("source", "created_at"),
        DismissedProposal.objects.for_organisation(organisation)
        .filter(**about)
        .values_list("source", "dismissed_at"),
    )
    days: dict[int, datetime.date] = {}
    for source, day in taken.items():
        step = source.split(":")[1]
        if step.isdigit():
            days[int(step)] = max(days.get(int(step), datetime.date.min), day)
    return days


def proposal(programme: Programme, source: str) -> Proposal | None:
    """The open proposal with this source, if the data still puts it forward."""
    return next((p for p in proposals(programme) if p.source == source), None)


def _day(value: datetime.date | None) -> str:
    return formats.date_format(value) if value else "—"


def _vision(programme: Programme) -> list[Proposal]:
    versions = list(
        Vision.objects.for_organisation(programme.organisation)
        .filter(status__in=[VisionStatus.CONSULTATION, VisionStatus.APPROVED])
        .only("pk", "number", "title", "status", "updated_at", "in_consultation_since")
    )
    found = [
        Proposal(
            source=f"vision:{vision.pk}",
            title=proposal_title("vision", vision.number),
            subject=str(vision.number),
            question=_(
                "Approve version %(number)s of the information vision, “%(title)s”, "
                "or send it back with your comments."
            )
            % {"number": vision.number, "title": vision.title},
            options="\n".join([_("Approve the version"), _("Send it back with comments")]),
            why=_(
                "It is in consultation and waits for the directors. Their visible "
                "commitment to the vision is itself a success factor (lesson 2)."
            ),
            since=timezone.localdate(vision.in_consultation_since or vision.updated_at),
        )
        for vision in versions
        if vision.status == VisionStatus.CONSULTATION
    ]
    if not versions:
        found.append(
            Proposal(
                source="vision:none",
                title=proposal_title("no_vision", ""),
                question=_("Ask for an information vision to approve, and say by when."),
                options="",
                why=_(
                    "There is no approved information vision: the programme has no agreed "
                    "course to put into practice."
                ),
            )
        )
    return found


def _red(programme: Programme) -> list[Proposal]:
    """Each red initiative, once per time it turned red (the last change to red from
    another status: a new reason while it stays red is no new time)."""
    last_change = (
        InitiativeStatusChange.objects.filter(initiative=OuterRef("pk"), to_status=RAG.RED)
        .exclude(from_status=RAG.RED)
        .order_by("-changed_at", "-pk")
    )
    initiatives = (
        Initiative.objects.filter(programme=programme, status=RAG.RED)
        .annotate(
            change_id=Subquery(last_change.values("pk")[:1]),
            red_since=Subquery(last_change.values("changed_at")[:1]),
        )
        .only("pk", "title", "status_reason", "created_at")
        .order_by("title", "pk")
    )
    # The texts once, not once per proposal: a large programme has a hundred on red.
    question = _("Decide how %(initiative)s goes on.")
    options = "\n".join(
        [
            _("Go on as planned, with the measures the programme proposes"),
            _("Change the scope or the planning"),
            _("Stop the initiative"),
        ]
    )
    why = _("The initiative is on red: %(reason)s")
    return [
        Proposal(
            source=f"red:{initiative.pk}:{initiative.change_id or 0}",
            title=proposal_title("red", initiative.title),
            subject=initiative.title,
            question=question % {"initiative": initiative.title},
            options=options,
            why=why % {"reason": initiative.status_reason or "—"},
            since=timezone.localdate(initiative.red_since or initiative.created_at),
            initiative_id=initiative.pk,
        )
        for initiative in initiatives
    ]


def _override_why(text: str, day: datetime.date, reason: str) -> str:
    return text % {"date": _day(day), "reason": reason.strip().rstrip(".") or "—"}


def _overrides(programme: Programme) -> list[Proposal]:
    moves = (
        PhaseMove.objects.awaiting_confirmation()
        .filter(track__initiative__programme=programme)
        .select_related("track__initiative")
        .order_by("moved_at", "pk")
    )
    # The texts once, not once per proposal; the date of each worded only when shown.
    phases = {phase.value: str(phase.label) for phase in Phase}
    question = _(
        "Confirm, or reverse, that %(initiative)s went on to %(phase)s before "
        "these phases were done: %(open)s."
    )
    no_phase_open = _("checklist items of the phase")
    options = "\n".join([_("Confirm the override"), _("Reverse it: go back a phase")])
    why = _(
        "Gate override of %(date)s, because: %(reason)s. Training before the "
        "earlier phases is the classic pitfall of “install – explain – done?”."  # noqa: RUF001
    )
    found = []
    for move in moves:
        initiative = move.track.initiative
        moved_on = timezone.localdate(move.moved_at)
        found.append(
            Proposal(
                source=f"override:{move.pk}",
                title=proposal_title("override", initiative.title),
                subject=initiative.title,
                question=question
                % {
                    "initiative": initiative.title,
                    "phase": phases[move.to_phase],
                    "open": ", ".join(phases[number] for number in move.open_phases or [])
                    or no_phase_open,
                },
                options=options,
                why=worded(_override_why, why, moved_on, move.override_reason),
                since=moved_on,
                initiative_id=initiative.pk,
            )
        )
    return found


def _codetermination(programme: Programme) -> list[Proposal]:
    """A negative advice (WOR art. 25) or a refused consent (art. 27): the law's routes
    to choose from. A negative outcome on another basis (or none) has no such routes here;
    it is on the dashboard ("what needs attention") in its own words."""
    steps = (
        CodeterminationStep.objects.filter(
            initiative__programme=programme,
            outcome=Outcome.NEGATIVE,
            legal_basis__in=[
                LegalBasis.WOR_25_1_K,
                *(basis for basis in LegalBasis.values if LegalBasis.is_consent(basis)),
            ],
        )
        .select_related("initiative", "body")
        .order_by("advice_given_on", "pk")
    )
    # The texts once, not once per proposal.
    works_council = _("the works council")
    refused_question = _(
        "Decide what follows now that %(body)s refused consent on %(initiative)s (%(phase)s phase)."
    )
    refused_options = "\n".join(
        [
            _("Drop the proposed decision"),
            _("Change it and ask for consent again"),
            _("Ask the cantonal court for substitute consent (WOR art. 27(4))"),
        ]
    )
    refused_why = _(
        "Without consent, or the cantonal court's substitute consent, the "
        "decision is void if the works council invokes it (WOR art. 27(5))."
    )
    negative_question = _(
        "Decide on the negative advice of %(body)s on %(initiative)s (%(phase)s phase)."
    )
    negative_options = "\n".join(
        [
            _("Follow the advice"),
            _("Change the decision and ask for advice again"),
            _("Decide against the advice, with reasons"),
        ]
    )
    negative_why = _(
        "A decision against the advice needs the directors' reasons, given to "
        "the works council first; it then waits a month, in which the works "
        "council may appeal to the Enterprise Chamber (WOR art. 25(6) and 26)."
    )
    phases = {value: str(label) for value, label in CodeterminationPhase.choices}
    found = []
    for step in steps:
        words = {
            "body": step.body.name if step.body else works_council,
            "initiative": step.initiative.title,
            "phase": phases.get(step.phase, step.phase),
        }
        refused = LegalBasis.is_consent(step.legal_basis)
        kind = "refused" if refused else "negative"
        found.append(
            Proposal(
                source=f"codetermination:{step.pk}:{kind}",
                title=proposal_title(kind, step.initiative.title),
                subject=step.initiative.title,
                question=(refused_question if refused else negative_question) % words,
                options=refused_options if refused else negative_options,
                why=refused_why if refused else negative_why,
                since=step.advice_given_on,
                initiative_id=step.initiative_id,
            )
        )
    return found


# --- Writes -------------------------------------------------------------------------------------
# Each one locks the programme's row first: adopting and dismissing the same proposal at
# the same moment cannot both happen, nor two requests from one proposal.


class DecisionError(ValueError):
    """A write the request's state does not allow; the message says why, for the page."""


def _lock(programme: Programme) -> None:
    Programme.objects.select_for_update().filter(pk=programme.pk).first()


def no_longer_proposed() -> DecisionError:
    return DecisionError(
        _(
            "This proposal is no longer open: it has been put forward or dismissed "
            "already, or the data no longer gives reason for it."
        )
    )


def decided_already() -> DecisionError:
    return DecisionError(
        _("The directors have decided on this request: it can no longer be changed.")
    )


def _still_proposed(programme: Programme, source: str) -> None:
    if proposal(programme, source) is None:
        raise no_longer_proposed()


def _still_open(decision: DecisionRequest) -> None:
    if not DecisionRequest.objects.filter(pk=decision.pk).open().exists():
        raise decided_already()


@transaction.atomic
def decision_request_create(*, decision: DecisionRequest, by: User) -> DecisionRequest:
    """A new open request; one that adopts a proposal only while the data still proposes it."""
    _lock(decision.programme)
    if decision.source:
        _still_proposed(decision.programme, decision.source)
    decision.organisation_id = decision.programme.organisation_id
    decision.prepared_by = by
    decision.outcome = DecisionOutcome.OPEN
    decision.decided_on = None
    decision._history_user = by
    decision.save()
    return decision


@transaction.atomic
def decision_request_update(*, decision: DecisionRequest, by: User) -> DecisionRequest:
    """Save an open request as the form changed it."""
    _lock(decision.programme)
    _still_open(decision)
    decision._history_user = by
    decision.save()
    return decision


@transaction.atomic
def decision_request_delete(*, decision: DecisionRequest, by: User) -> None:
    """Remove an open request; a proposal it adopted is proposed again."""
    _lock(decision.programme)
    _still_open(decision)
    decision._history_user = by
    decision.delete()


@transaction.atomic
def proposal_dismiss(
    *, programme: Programme, source: str, reason: str = "", by: User
) -> DismissedProposal:
    """Not put to the directors: the same signal is not proposed again."""
    _lock(programme)
    _still_proposed(programme, source)
    return DismissedProposal.objects.create(
        organisation=programme.organisation,
        programme=programme,
        source=source,
        reason=reason.strip(),
        dismissed_by=by,
    )


@transaction.atomic
def decision_record_outcome(
    *, decision: DecisionRequest, outcome: str, decided_on: datetime.date, note: str, by: User
) -> DecisionRequest:
    """A director records what was decided, or corrects it; the history keeps each version."""
    if outcome == DecisionOutcome.OPEN or outcome not in DecisionOutcome.values:
        raise DecisionError(_("Choose what the directors decided."))
    _lock(decision.programme)
    decision.outcome = outcome
    decision.decided_on = decided_on
    decision.outcome_note = note
    decision.decided_by = by
    decision._history_user = by
    decision.save()
    return decision


@transaction.atomic
def decision_ask_again(*, decision: DecisionRequest, by: User) -> DecisionRequest:
    """A postponed request put to a next meeting: a new open request with the same
    question, options, advice and links; the meeting's date is left to fill in. Asked
    again while that copy is still open (a second click), it is that copy."""
    _lock(decision.programme)
    if not DecisionRequest.objects.filter(
        pk=decision.pk, outcome=DecisionOutcome.POSTPONED
    ).exists():
        raise DecisionError(_("Only a postponed request can be asked again."))
    already = (
        DecisionRequest.objects.filter(
            programme=decision.programme,
            outcome=DecisionOutcome.OPEN,
            title=decision.title,
            question=decision.question,
            created_at__gt=decision.created_at,
        )
        .order_by("created_at", "pk")
        .first()
    )
    if already is not None:
        return already
    again = DecisionRequest(
        organisation_id=decision.organisation_id,
        programme=decision.programme,
        title=decision.title,
        question=decision.question,
        options=decision.options,
        advice=decision.advice,
        initiative_id=decision.initiative_id,
        benefit_id=decision.benefit_id,
        meeting=decision.meeting,
        prepared_by=by,
    )
    again._history_user = by
    again.save()
    return again
