"""Texts an organisation keeps in two languages itself (questions, checklist items,
competences): Dutch always, English where it was written."""

from django.utils.translation import get_language


def localised(dutch: str, english: str) -> str:
    """The English text for an English interface when there is one, else the Dutch."""
    if (get_language() or "nl").startswith("en") and english:
        return english
    return dutch
