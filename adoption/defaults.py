"""The default checklist of each adoption phase, written from seed 001.

English source texts, stored per organisation in Dutch and English so the
organisation can edit them as its own.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from adoption.models import ChecklistItem, Derivation, Phase

DEFAULT_CHECKLIST = {
    Phase.STAKEHOLDERS: [
        _("The management stakeholders are on board and say so"),
        _("A management inspiration session on working digitally has been held"),
        _("Every team or unit concerned has a champion"),
        _("The champions have a facilitator who coaches them"),
        _("The IT partners (internal or external) are connected to the champions"),
    ],
    Phase.SCENARIOS: [
        _("Today's problems in collaboration and communication are collected with employees"),
        _("It is agreed which application is used for what"),
        _("The document structure is designed"),
        _("Agreements on access management and other rules of play are made"),
        _("The priorities follow the needs of employees and of the organisation"),
    ],
    Phase.AWARENESS: [
        _("Every employee knows why the change is coming"),
        _("Every employee knows how the change will go"),
        _("The 'what's in it for me' message is clear for each group"),
        _("Communication runs through several channels"),
    ],
    Phase.TRAINING: [
        _("Training is offered through several channels"),
        _("Champions coach their colleagues in their own team"),
        _("Walk-in sessions are planned for questions after the training"),
        _("Attendance is registered"),
    ],
}


# The default items the application can also judge from its own data (by position in
# DEFAULT_CHECKLIST, from 1); migration 0002 gives existing organisations the same.
DERIVED = {
    (Phase.STAKEHOLDERS, 3): Derivation.CHAMPION_COVERAGE,
    (Phase.SCENARIOS, 1): Derivation.SCENARIO_CONTRIBUTORS,
    (Phase.AWARENESS, 3): Derivation.AWARENESS_MESSAGES,
    (Phase.TRAINING, 4): Derivation.TRAINING_ATTENDANCE,
}


def install_checklist(organisation) -> None:
    """Give an organisation the default checklist, once."""
    if ChecklistItem.objects.for_organisation(organisation).exists():
        return
    items = []
    for phase, texts in DEFAULT_CHECKLIST.items():
        for position, text in enumerate(texts, start=1):
            with override(settings.LANGUAGE_CODE):
                dutch = str(text)
            with override("en"):
                english = str(text)
            items.append(
                ChecklistItem(
                    organisation=organisation,
                    phase=phase,
                    text=dutch,
                    text_en=english,
                    position=position,
                    derived_from=DERIVED.get((phase, position), ""),
                )
            )
    ChecklistItem.objects.bulk_create(items)
