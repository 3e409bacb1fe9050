"""Texts an organisation keeps in two languages itself (questions, checklist items,
competences): Dutch always, English where it was written."""

from django.utils.translation import get_language


def english() -> bool:
    """Whether the interface is in English now (Dutch is the default)."""
    return (get_language() or "nl").startswith("en")


def localised(dutch: str, in_english: str) -> str:
    """The English text for an English interface when there is one, else the Dutch."""
    if english() and in_english:
        return in_english
    return dutch
