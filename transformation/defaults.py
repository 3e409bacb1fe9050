"""What a new organisation starts with, and the starting templates of a vision.

The texts are written in English as translatable strings. Defaults are stored
in the installation's language (Dutch), questions in Dutch and English, so an
organisation can edit them as its own.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from transformation.models import (
    CodeterminationBody,
    CodeterminationPhase,
    CodeterminationQuestion,
    Theme,
)

DEFAULT_THEMES = [
    (
        _("Digital inclusion"),
        _("Every employee can take part in digital work, and keeps up as the work changes."),
    ),
    (
        _("Data-driven working"),
        _("Decisions and services are informed by reliable data, used with care."),
    ),
    (
        _("Information management"),
        _(
            "Information is findable, reliable and kept as the law requires "
            "(informatiehuishouding)."
        ),
    ),
    (
        _("Information security and privacy"),
        _("Information and personal data are protected; residents can trust how we handle them."),
    ),
    (
        _("Openness and democracy"),
        _(
            "An open government: information is public where it can be, "
            "and decisions are explainable."
        ),
    ),
]

# Seed 003: a werkgeversvisie under four headings, offered as a starting template.
# Each heading starts with a question to answer rather than a finished text.
EMPLOYER_VISION = [
    (
        _("Connecting"),
        _(
            "How does the digital transformation change the way we reach our goals, and whom do "
            "we connect: small initiatives, local, regional, national and international partners?"
        ),
    ),
    (
        _("Democracy"),
        _(
            "How do we secure an open government with safety and privacy, give the ethics of the "
            "transformation explicit attention, and use it to make decision-making more democratic?"
        ),
    ),
    (
        _("Administrative direction"),
        _(
            "How do we as administrators direct the digital transformation so that it realises and "
            "protects public values, with cooperation, awareness and learning at its centre?"
        ),
    ),
    (
        _("Actions"),
        _(
            "Which concrete actions do we take as an employer: a structural programme for broad "
            "digital skills, learning through experiments and learning networks, a dialogue "
            "between generations, and knowledge development with partners?"
        ),
    ),
]

# Seed 002: the questions a works council asks in each phase. Idea: keep the goal
# and the needs in sight. Development: the right involvement, and the effect on
# work processes and service. Implementation: anchoring, competences that match
# the new tasks, and room to adjust the solution.
DEFAULT_QUESTIONS = {
    CodeterminationPhase.IDEA: [
        _("Which problem does this idea solve, and for whom?"),
        _("Which needs of employees and residents is it based on, and how were they gathered?"),
        _("What is the goal, and how will we see that it has been reached?"),
        _("Which employees know the work best and can help shape the idea?"),
    ],
    CodeterminationPhase.DEVELOPMENT: [
        _("How and when are employees and users involved in the development?"),
        _("Which work processes change, and what does that mean for employees' tasks?"),
        _("What does the solution mean for the service to residents and businesses?"),
        _("What are the effects on workload, privacy and the handling of personal data?"),
    ],
    CodeterminationPhase.IMPLEMENTATION: [
        _("How is the new way of working anchored in the daily work?"),
        _("Do employees' competences match the new tasks, and which training is needed?"),
        _("How can employees have the solution adjusted once it is in use?"),
        _("How and when do we evaluate together whether the goal has been reached?"),
    ],
}

DEFAULT_BODY = _("Works council (ondernemingsraad)")


def install_defaults(organisation) -> None:
    """Give an organisation its default themes, questions and works council.

    Idempotent: what the organisation already has is left alone. A new organisation
    gets them in a handful of queries (every test makes one or two).
    """
    with override(settings.LANGUAGE_CODE):
        themes = [(str(name), str(description)) for name, description in DEFAULT_THEMES]
        body = str(DEFAULT_BODY)
    existing = set(Theme.objects.for_organisation(organisation).values_list("name", flat=True))
    Theme.objects.bulk_create(
        Theme(organisation=organisation, name=name, description=description, position=position)
        for position, (name, description) in enumerate(themes, start=1)
        if name not in existing
    )
    if not CodeterminationBody.objects.for_organisation(organisation).filter(name=body).exists():
        CodeterminationBody.objects.create(organisation=organisation, name=body)
    if not CodeterminationQuestion.objects.for_organisation(organisation).exists():
        CodeterminationQuestion.objects.bulk_create(
            CodeterminationQuestion(
                organisation=organisation,
                phase=phase,
                text=_in(settings.LANGUAGE_CODE, question),
                text_en=_in("en", question),
                position=position,
            )
            for phase, questions in DEFAULT_QUESTIONS.items()
            for position, question in enumerate(questions, start=1)
        )


def _in(language: str, text) -> str:
    with override(language):
        return str(text)
