"""What needs attention in Visie & programma: the vision waiting for a decision,
initiatives red or amber, benefits off track or not measured in time,
co-determination that waits too long or ended negatively, and decision requests:
open ones for the directors, and for the programme manager those past their meeting
and the decisions the data proposes."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import DateTimeField, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from organisations.attention import Item, Links, Urgency, worded
from organisations.models import Membership, Role
from organisations.numbers import amount, precision
from transformation.decisions import codetermination_taken
from transformation.models import (
    RAG,
    Benefit,
    BenefitTrack,
    CodeterminationPhase,
    CodeterminationStep,
    DecisionRequest,
    Initiative,
    InitiativeStatusChange,
    LegalBasis,
    Outcome,
    Vision,
    VisionStatus,
)

# Advice asked of a works council usually comes within six weeks; longer needs a call.
ADVICE_WEEKS = 6

PM = Role.PROGRAMME_MANAGER
DIRECTOR = Role.DIRECTOR


def vision_items(membership: Membership, today: datetime.date) -> list[Item]:
    """A version in consultation: the directors decide on it, the programme manager
    follows it up. One query."""
    director = membership.role == DIRECTOR
    return [
        Item(
            kind="vision_consultation",
            category=gettext_lazy("Information vision waiting for approval"),
            title=str(vision),
            reason=_("This version is in consultation and waits for the directors' approval.")
            if director
            else _("This version is in consultation: gather the reactions for the directors."),
            url=reverse(
                "transformation:vision_approve" if director else "transformation:vision_detail",
                args=[vision.pk],
            ),
            urgency=Urgency.NOW if director else Urgency.WATCH,
            since=timezone.localdate(vision.in_consultation_since or vision.updated_at),
            action=_("Approve or send back") if director else "",
        )
        for vision in Vision.objects.for_organisation(membership.organisation).filter(
            status=VisionStatus.CONSULTATION
        )
    ]


def initiative_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Red initiatives for everyone who steers; amber ones for the programme manager,
    each since it last turned that status (a new reason for the same status is not a new
    start). One query."""
    statuses = [RAG.RED] if membership.role == DIRECTOR else [RAG.RED, RAG.AMBER]
    since = (
        InitiativeStatusChange.objects.filter(
            initiative=OuterRef("pk"), to_status=OuterRef("status")
        )
        .exclude(from_status=OuterRef("status"))
        .order_by("-changed_at")
        .values("changed_at")[:1]
    )
    initiatives = (
        Initiative.objects.for_organisation(membership.organisation)
        .filter(status__in=statuses)
        .annotate(status_since=Subquery(since, output_field=DateTimeField()))
        .only("pk", "title", "status", "status_reason", "created_at")
    )
    link = Links("transformation:initiative_detail")
    reason = _("%(status)s: %(reason)s")
    status_names = {status: RAG(status).label.capitalize() for status in statuses}
    return [
        Item(
            kind=f"initiative_{initiative.status}",
            category=gettext_lazy("Initiatives red")
            if initiative.status == RAG.RED
            else gettext_lazy("Initiatives amber"),
            title=initiative.title,
            reason=reason
            % {"status": status_names[initiative.status], "reason": initiative.status_reason},
            url=link(initiative.pk),
            urgency=Urgency.NOW if initiative.status == RAG.RED else Urgency.SOON,
            since=timezone.localdate(initiative.status_since or initiative.created_at),
        )
        for initiative in initiatives
    ]


BENEFIT_FIELDS = (
    "title",
    "unit",
    "baseline",
    "baseline_on",
    "target",
    "target_date",
    "measured_every",
)


def benefit_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Benefits whose latest measurement is behind the plan; for the programme manager
    also those not measured within their interval. One query."""
    # Only what the items say: hundreds of benefits are read, a few become items.
    benefits = (
        Benefit.objects.for_organisation(membership.organisation)
        .annotate_latest()
        .annotate(initiative_title=F("initiative__title"))
        .only(*BENEFIT_FIELDS)
        .order_by("initiative__title", "title")
    )
    link = Links("transformation:benefit_detail")
    # The texts once, not once per benefit.
    title_text = _("%(benefit)s (%(initiative)s)")
    behind = _("Measured %(value)s on %(date)s; the plan expected %(expected)s by then.")
    overdue = _("To be measured every %(months)s months; the last measurement is of %(date)s.")
    never = _("To be measured every %(months)s months; not measured yet.")
    record = _("Record a measurement")
    items = []
    for benefit in benefits:

        def title(benefit=benefit) -> str:
            return title_text % {"benefit": benefit.title, "initiative": benefit.initiative_title}

        if benefit.latest_on is not None and (
            benefit.track_at(benefit.latest_on, benefit.latest_value) == BenefitTrack.OFF_TRACK
        ):
            items.append(
                Item(
                    kind="benefit_off_track",
                    category=gettext_lazy("Benefits off track"),
                    title=title(),
                    reason=worded(_behind, behind, benefit),
                    url=link(benefit.pk),
                    urgency=Urgency.SOON,
                    since=benefit.latest_on,
                )
            )
        due = benefit.measurement_due(benefit.latest_on)
        if membership.role == PM and due < today and benefit.target_date >= today:
            items.append(
                Item(
                    kind="benefit_not_measured",
                    category=gettext_lazy("Benefits not measured in time"),
                    title=title(),
                    reason=worded(_last_measured, overdue, benefit)
                    if benefit.latest_on
                    else never % {"months": benefit.measured_every},
                    url=link(benefit.pk),
                    urgency=Urgency.WATCH,
                    since=due,
                    action=record,
                )
            )
    return items


def _behind(text: str, benefit: Benefit) -> str:
    """The measurement and the plan, with the unit, rounded as the management report
    rounds them: "133 dagen", never "132,84 dagen" beside a plan of "89". Where the two
    round to the same value (53,48 against 53,03 days), a finer step shows the benefit
    behind its plan: "53,5 dagen" beside "53 dagen", never "53" beside "53"."""
    value, expected = benefit.latest_value, benefit.expected_on(benefit.latest_on)
    step = precision(benefit.baseline, benefit.target)
    while step > Decimal("0.01") and amount(value, "", step) == amount(expected, "", step):
        step /= 10
    return text % {
        "value": amount(value, benefit.unit, step),
        "date": formats.date_format(benefit.latest_on),
        "expected": amount(expected, benefit.unit, step),
    }


def _last_measured(text: str, benefit: Benefit) -> str:
    return text % {
        "months": benefit.measured_every,
        "date": formats.date_format(benefit.latest_on),
    }


def codetermination_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Steps with a negative outcome the directors have not been asked about (or the
    programme manager chose not to ask them about) since it was given, and steps whose
    advice or consent is overdue: the last meeting has passed, or the advice was asked
    more than six weeks ago. Three queries."""
    dealt_with = codetermination_taken(membership.organisation)
    steps = (
        CodeterminationStep.objects.for_organisation(membership.organisation)
        .filter(outcome__in=[Outcome.PENDING, Outcome.NEGATIVE])
        .annotate(initiative_title=F("initiative__title"))
        .order_by("initiative__title", "phase")
    )
    link = Links("transformation:codetermination")
    # The texts once, not once per step.
    phases = {value: str(label) for value, label in CodeterminationPhase.choices}
    refused = _(
        "Consent was refused: drop the decision, change it and ask again, or "
        "ask the cantonal court for substitute consent (WOR art. 27(4))."
    )
    negative = _("The advice is negative: decide how to go on.")
    # Another basis than the WOR's advice or consent: its outcome in its own words.
    negative_other = _("The outcome is negative: decide how to go on.")
    consent_asked = _("Consent asked on %(date)s and not decided on yet.")
    advice_asked = _("Advice asked on %(date)s and not given yet.")
    either_asked = _("Advice or consent asked on %(date)s and not given yet.")
    answered = _("Answered on %(date)s, but the outcome is not recorded yet.")
    meeting_passed = _("The last planned meeting (%(date)s) has passed without an outcome.")
    items = []
    for step in steps:
        url = link(step.initiative_id, step.phase)
        # As str(step) says it, without reading the initiative.
        title = f"{step.initiative_title} — {phases[step.phase]}"
        if step.outcome == Outcome.NEGATIVE:
            given = step.advice_given_on or timezone.localdate(step.updated_at)
            if dealt_with.get(step.pk, datetime.date.min) >= given:
                continue  # put to the directors, or not on purpose: decided how to go on
            items.append(
                Item(
                    kind="codetermination_negative",
                    category=gettext_lazy("Negative co-determination outcomes"),
                    title=title,
                    reason=refused
                    if step.consent
                    else negative
                    if step.legal_basis == LegalBasis.WOR_25_1_K
                    else negative_other,
                    url=url,
                    urgency=Urgency.NOW,
                    since=given,
                )
            )
            continue
        meetings = step.meetings
        if step.advice_given_on:
            # Given, and only its outcome left to record: not "not given yet".
            since = step.advice_given_on
            reason = worded(_dated, answered, since)
        elif (
            step.advice_requested_on and (today - step.advice_requested_on).days > ADVICE_WEEKS * 7
        ):
            since = step.advice_requested_on
            if step.consent:
                reason = consent_asked
            elif step.legal_basis == LegalBasis.WOR_25_1_K:
                reason = advice_asked
            else:
                reason = either_asked
            reason = worded(_dated, reason, step.advice_requested_on)
        elif meetings and max(meetings) < today:
            since = max(meetings)
            reason = worded(_dated, meeting_passed, since)
        else:
            continue
        items.append(
            Item(
                kind="codetermination_waiting",
                category=gettext_lazy("Co-determination waiting past its date"),
                title=title,
                reason=reason,
                url=url,
                urgency=Urgency.SOON,
                since=since,
            )
        )
    return items


def _dated(text: str, day: datetime.date) -> str:
    return text % {"date": formats.date_format(day)}


def intervention_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Interventions whose status the programme's own data contradicts ("anchored"
    while 5 of 7 initiatives have an adoption track). Of the running programme that
    started last: the evidence costs a fixed number of queries per programme."""
    from transformation.interventions import contradictions
    from transformation.models import Programme

    programme = (
        Programme.objects.for_organisation(membership.organisation)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today)
        .order_by("-start_date", "-pk")
        .first()
    )
    if programme is None:
        return []
    return [
        Item(
            kind="intervention_contradicted",
            category=gettext_lazy("Interventions the data contradicts"),
            title=str(found.intervention),
            reason=found.message,
            url=reverse("transformation:interventions", args=[programme.pk]),
            urgency=Urgency.SOON,
            since=found.intervention.last_reviewed_on,
            action=_("Review the status"),
        )
        for found in contradictions(programme, programme.interventions.all())
    ]


# A meeting within this many days: the directors prepare their decision now.
DECISION_DAYS = 7


def decision_items(membership: Membership, today: datetime.date) -> list[Item]:
    """Open decision requests: the directors' to decide, now when the meeting is within a
    week or past; the programme manager's to follow up once the meeting has passed
    without an outcome. One query."""
    director = membership.role == DIRECTOR
    requests = (
        DecisionRequest.objects.for_organisation(membership.organisation)
        .open()
        .only("pk", "programme_id", "title", "meeting", "meeting_on", "created_at")
        .order_by("meeting_on", "pk")
    )
    if not director:
        requests = requests.filter(meeting_on__lt=today)
    items = []
    for decision in requests:
        url = (
            reverse("transformation:decision_list", args=[decision.programme_id])
            + f"#decision-{decision.pk}"
        )
        day = formats.date_format(decision.meeting_on) if decision.meeting_on else ""
        if not director:
            items.append(
                Item(
                    kind="decision_meeting_passed",
                    category=gettext_lazy("Decision requests past their meeting"),
                    title=decision.title,
                    reason=_(
                        "The meeting of %(date)s has passed and no outcome is recorded: "
                        "ask what the directors decided, or set the next meeting."
                    )
                    % {"date": day},
                    url=url,
                    urgency=Urgency.SOON,
                    since=decision.meeting_on,
                )
            )
            continue
        near = decision.meeting_on is not None and (
            decision.meeting_on <= today + datetime.timedelta(days=DECISION_DAYS)
        )
        if decision.meeting_on is None:
            reason = _("Put to the directors; no meeting date is set yet.")
        elif decision.meeting_on < today:
            reason = _("On the agenda of %(date)s; no outcome is recorded yet.") % {"date": day}
        else:
            reason = _("On the agenda of %(meeting)s on %(date)s.") % {
                "meeting": decision.meeting or _("the directors' meeting"),
                "date": day,
            }
        items.append(
            Item(
                kind="decision_open",
                category=gettext_lazy("Decision requests to decide"),
                title=decision.title,
                reason=reason,
                url=url,
                urgency=Urgency.NOW if near else Urgency.SOON,
                since=timezone.localdate(decision.created_at),
                action=_("Record the decision"),
            )
        )
    return items


def proposal_items(membership: Membership, today: datetime.date) -> list[Item]:
    """The decisions the data proposes (transformation.decisions) that the programme
    manager has neither put to the directors nor dismissed: one item for the running
    programme that started last, as its proposals cost a fixed number of queries per
    programme."""
    from transformation.decisions import proposals
    from transformation.models import Programme

    programme = (
        Programme.objects.for_organisation(membership.organisation)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today)
        .order_by("-start_date", "-pk")
        .first()
    )
    found = proposals(programme) if programme is not None else []
    if not found:
        return []
    titles = [proposal.title for proposal in found[:3]]
    if len(found) > len(titles):
        titles.append(_("and %(count)s more") % {"count": len(found) - len(titles)})
    days = [proposal.since for proposal in found if proposal.since]
    return [
        Item(
            kind="decision_proposals",
            category=gettext_lazy("Decisions the data proposes"),
            title=str(programme),
            reason=ngettext(
                "%(count)s decision the data proposes waits to be put to the directors or "
                "dismissed: %(titles)s.",
                "%(count)s decisions the data proposes wait to be put to the directors or "
                "dismissed: %(titles)s.",
                len(found),
            )
            % {"count": len(found), "titles": "; ".join(titles)},
            url=reverse("transformation:decision_list", args=[programme.pk]) + "#proposals",
            urgency=Urgency.SOON,
            since=min(days) if days else None,
            action=_("Adopt or dismiss"),
            stands_for=len(found),
        )
    ]
