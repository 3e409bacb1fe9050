"""The audit trail, read for a page: who changed a record, when, and each field's value
before and after.

The history itself is django-simple-history's: a model with `history = HistoricalRecords()`
has a typed table beside it with a row per save (docs/architecture.md, "The audit trail").
This module is the one reader of those tables, in the bottom layer so that every page shows
a trail the same way without knowing the models above it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_history_model_for_model

# Long texts (a description, a reason) are cut to this many characters in a trail.
SHORT_TEXT = 120


class ChangeKind(models.TextChoices):
    # The values are simple-history's `history_type`.
    CREATED = "+", _("created")
    CHANGED = "~", _("changed")
    DELETED = "-", _("deleted")


@dataclass(frozen=True)
class FieldChange:
    """One field of a change, with its values as a page shows them: a label for a choice
    or a related object, yes or no, a shortened text, or a date or number for the template
    to localise. None is empty."""

    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    who: str
    kind: ChangeKind
    fields: list[FieldChange] = field(default_factory=list)


def changes(obj: models.Model, *, limit: int = 20) -> list[Change]:
    """The latest changes of `obj`, newest first: at most `limit`.

    A fixed number of queries, however many changes there are: one for the history rows
    with who saved each, and one per related model whose value changed (for its labels).
    A save that changed no field it keeps is left out, and so is the row the trail starts
    from for a record that existed before it (it is only the "before" of the next change).
    """
    manager = getattr(obj, obj._meta.simple_history_manager_attribute)
    records = list(
        manager.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = type(obj)
    found: list[tuple[Any, ChangeKind, list]] = []
    for newer, older in zip(records[:limit], [*records[1:], None], strict=False):
        kind = ChangeKind(newer.history_type)
        if kind != ChangeKind.CHANGED:
            found.append((newer, kind, []))
        elif older is not None:
            delta = newer.diff_against(older)
            if delta.changes:
                found.append((newer, kind, delta.changes))
    labels = _related_labels(model, [change for _, _, diff in found for change in diff])
    order = {f.name: at for at, f in enumerate(model._meta.fields)}
    return [
        Change(
            when=record.history_date,
            who=_who(record.history_user),
            kind=kind,
            fields=[
                FieldChange(
                    label=str(model._meta.get_field(change.field).verbose_name),
                    before=_shown(model._meta.get_field(change.field), change.old, labels),
                    after=_shown(model._meta.get_field(change.field), change.new, labels),
                )
                for change in sorted(diff, key=lambda change: order[change.field])
            ],
        )
        for record, kind, diff in found
    ]


def _who(user) -> str:
    """The name of whoever saved; a change without a user was made by a command."""
    if user is None:
        return gettext("system")
    return user.get_full_name() or user.get_username()


def _related_labels(model, diff) -> dict[tuple[type[models.Model], Any], str]:
    """The labels of the related objects a diff names: one query per related model."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for change in diff:
        model_field = model._meta.get_field(change.field)
        if model_field.is_relation:
            wanted[model_field.related_model].update(
                value for value in (change.old, change.new) if value is not None
            )
    return {
        (related, pk): str(obj)
        for related, pks in wanted.items()
        for pk, obj in related._base_manager.in_bulk(pks).items()
    }


def _shown(model_field: models.Field, value: Any, labels: dict) -> Any:
    if model_field.is_relation:
        if value is None:
            return None
        return labels.get((model_field.related_model, value), gettext("(removed)"))
    if model_field.choices:
        # Before "empty": a choice may give the empty value a name ("not yet known").
        choices = dict(model_field.flatchoices)
        if value in choices:
            return str(choices[value])
    if value is None or value == "" or value == []:
        return None
    if isinstance(model_field, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    if isinstance(model_field, models.JSONField) and isinstance(value, list):
        return ", ".join(_item(item) for item in value)
    if isinstance(model_field, models.TextField):
        return Truncator(value).chars(SHORT_TEXT)
    return value


def _item(value: Any) -> str:
    """An element of a list kept as JSON: a day (meeting dates) is written as a date."""
    try:
        return formats.date_format(datetime.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


# --- Who may not be deleted ---------------------------------------------------------------------


def history_models() -> list[type[models.Model]]:
    """The historical table of every model that keeps a trail."""
    return [
        get_history_model_for_model(model)
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]


def in_a_trail(user) -> bool:
    """Whoever changed a record stays its trail's "who": an EXISTS per historical table."""
    return any(
        history._default_manager.filter(history_user=user).exists() for history in history_models()
    )
