"""Coloured badges for choices: each choices class says which colour each of its
values has, and the `badge` template tag (organisations/templatetags/badges.py)
prints the value's label in that colour. Templates never map values to colours."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class Colour(StrEnum):
    """The badge colours of the house style (static/css/mensenwerk.css)."""

    GREEN = "green"  # done, good, on track
    AMBER = "amber"  # under way, needs attention
    RED = "red"  # off track, failed, at risk
    BLUE = "blue"  # busy right now
    GREY = "grey"  # not started, not measured, no longer current


class Coloured:
    """A choices class whose members have a `colour` (a Colour, or None for a value
    shown as plain text). Mix it in before the choices type:
    ``class RAG(Coloured, models.TextChoices)``."""

    classes: ClassVar[list[type]] = []

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        Coloured.classes.append(cls)

    @property
    def colour(self) -> Colour | None:
        raise NotImplementedError(f"{type(self).__name__} says no colour for {self!r}")


def choices_class(field) -> type | None:
    """The Coloured choices class a model field's choices come from, if any."""
    values = [value for value, _label in field.flatchoices]
    return next((cls for cls in Coloured.classes if list(cls.values) == values), None)
