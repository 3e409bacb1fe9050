"""Writes that span several rows: versions of the vision, status history, health checks."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from organisations.models import Organisation, User
from transformation.defaults import EMPLOYER_VISION
from transformation.models import (
    RAG,
    Benefit,
    BenefitMeasurement,
    CodeterminationAnswer,
    CodeterminationStep,
    Initiative,
    InitiativeStatusChange,
    Intervention,
    InterventionChange,
    InterventionKind,
    Programme,
    StatementKind,
    Theme,
    Vision,
    VisionSection,
    VisionStatement,
    VisionStatus,
)


class StartFrom:
    EMPTY = "empty"
    THEMES = "themes"
    EMPLOYER_VISION = "employer_vision"


@transaction.atomic
def vision_create(
    *,
    organisation: Organisation,
    title: str,
    introduction: str = "",
    by: User,
    start_from: str = StartFrom.THEMES,
    based_on: Vision | None = None,
) -> Vision:
    """A new draft version: empty, with the organisation's themes, from seed 003's
    werkgeversvisie, or as a copy of an earlier version to work on."""
    # Lock the organisation's row so two drafts cannot take the same number.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    number = (
        Vision.objects.for_organisation(organisation).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    vision = Vision(
        organisation=organisation,
        number=number,
        title=title,
        introduction=introduction,
        created_by=by,
        based_on=based_on,
    )
    vision._history_user = by  # the audit trail's "who", with or without a request
    vision.save()
    if based_on is not None:
        _copy_sections(based_on, vision)
    elif start_from == StartFrom.THEMES:
        for position, theme in enumerate(Theme.objects.for_organisation(organisation), start=1):
            VisionSection.objects.create(vision=vision, theme=theme, position=position)
    elif start_from == StartFrom.EMPLOYER_VISION:
        for position, (heading, question) in enumerate(EMPLOYER_VISION, start=1):
            theme, _created = Theme.objects.get_or_create(
                organisation=organisation,
                name=str(heading),
                defaults={"position": 100 + position},
            )
            VisionSection.objects.create(
                vision=vision, theme=theme, position=position, introduction=str(question)
            )
    return vision


def _copy_sections(source: Vision, target: Vision) -> None:
    for section in source.sections.prefetch_related("statements"):
        copy = VisionSection.objects.create(
            vision=target,
            theme_id=section.theme_id,
            introduction=section.introduction,
            position=section.position,
        )
        VisionStatement.objects.bulk_create(
            VisionStatement(section=copy, kind=s.kind, text=s.text, position=s.position)
            for s in section.statements.all()
        )


def vision_send_to_consultation(*, vision: Vision) -> None:
    if vision.status != VisionStatus.DRAFT:
        raise ValueError(_("Only a draft can go into consultation."))
    vision.status = VisionStatus.CONSULTATION
    vision.in_consultation_since = timezone.now()
    vision.save(update_fields=["status", "in_consultation_since", "updated_at"])


def vision_back_to_draft(*, vision: Vision) -> None:
    if vision.status != VisionStatus.CONSULTATION:
        raise ValueError(_("Only a version in consultation can go back to draft."))
    vision.status = VisionStatus.DRAFT
    vision.save(update_fields=["status", "updated_at"])


@transaction.atomic
def vision_approve(*, vision: Vision, by: User, note: str = "") -> Vision | None:
    """The director approves; the version approved before is superseded.

    Returns the superseded version, if there was one.
    """
    locked = Vision.objects.select_for_update().get(pk=vision.pk)
    if not locked.can_be_approved:
        raise ValueError(_("Only a version in consultation can be approved."))
    previous = (
        Vision.objects.for_organisation(locked.organisation_id)
        .approved()
        .select_for_update()
        .first()
    )
    if previous is not None:
        previous.status = VisionStatus.SUPERSEDED
        previous._history_user = by
        previous.save(update_fields=["status", "updated_at"])
    vision.status = VisionStatus.APPROVED
    vision.approved_by = by
    vision.approved_at = timezone.now()
    vision.approval_note = note
    vision._history_user = by
    vision.save(
        update_fields=["status", "approved_by", "approved_at", "approval_note", "updated_at"]
    )
    return previous


@transaction.atomic
def section_save_statements(*, section: VisionSection, formset) -> None:
    """Save a section's principles and ambitions from a validated formset, in order."""
    formset.save(commit=False)
    for statement in formset.deleted_objects:
        statement.delete()
    positions = {StatementKind.PRINCIPLE: 0, StatementKind.AMBITION: 0}
    for form in formset.ordered_forms if formset.can_order else formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        if form in formset.deleted_forms:
            continue
        statement = form.instance
        statement.section = section
        positions[statement.kind] += 1
        statement.position = positions[statement.kind]
        statement.save()


@transaction.atomic
def programme_create(*, organisation: Organisation, **fields) -> Programme:
    """A programme starts with seed 000's five interventions, all not started."""
    programme = Programme.objects.create(organisation=organisation, **fields)
    # With their history, so that an intervention's first change shows what it was before.
    bulk_create_with_history(
        [
            Intervention(organisation=organisation, programme=programme, kind=kind)
            for kind in InterventionKind
        ],
        Intervention,
    )
    return programme


@transaction.atomic
def initiative_create(*, initiative: Initiative, units, by: User) -> Initiative:
    initiative._history_user = by
    initiative.save()
    initiative.units.set(units)
    InitiativeStatusChange.objects.create(
        initiative=initiative,
        changed_by=by,
        to_status=initiative.status,
        reason=initiative.status_reason,
    )
    return initiative


@transaction.atomic
def initiative_change_status(
    *, initiative: Initiative, status: str, reason: str, by: User
) -> InitiativeStatusChange:
    """Every change of the RAG status is kept: who, when, from, to and why."""
    if status != RAG.GREEN and not reason.strip():
        raise ValueError(_("Give the reason for an amber or red status."))
    change = InitiativeStatusChange.objects.create(
        initiative=initiative,
        changed_by=by,
        from_status=initiative.status,
        to_status=status,
        reason=reason,
    )
    initiative.status = status
    initiative.status_reason = reason
    initiative._history_user = by
    initiative.save(update_fields=["status", "status_reason"])
    return change


@transaction.atomic
def intervention_update(
    *, intervention: Intervention, changed_fields: list[str], by: User
) -> InterventionChange | None:
    """Save the intervention and keep what it became in its history."""
    if not changed_fields:
        return None
    intervention._history_user = by
    intervention.save()
    return InterventionChange.objects.create(
        intervention=intervention,
        changed_by=by,
        status=intervention.status,
        evidence=intervention.evidence,
        owner_name=str(intervention.owner or ""),
        last_reviewed_on=intervention.last_reviewed_on,
        changed_fields=changed_fields,
    )


@transaction.atomic
def codetermination_save(
    *, step: CodeterminationStep, answers: dict[int, str], by: User
) -> CodeterminationStep:
    """Save a phase of co-determination with its answers, all or nothing."""
    step.updated_by = by
    step._history_user = by
    step.save()
    existing = {a.question_id: a for a in step.answers.all()}
    for question_id, text in answers.items():
        answer = existing.get(question_id)
        if answer is None:
            if text.strip():
                CodeterminationAnswer.objects.create(
                    step=step, question_id=question_id, answer=text
                )
        elif answer.answer != text:
            answer.answer = text
            answer.save(update_fields=["answer"])
    return step


def benefit_add_measurement(
    *, benefit: Benefit, measured_on, value, note: str = "", by: User
) -> BenefitMeasurement:
    return BenefitMeasurement.objects.create(
        benefit=benefit, measured_on=measured_on, value=value, note=note, recorded_by=by
    )
