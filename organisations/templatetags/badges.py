from functools import cache

from django import template
from django.utils.html import format_html
from django.utils.text import capfirst

from organisations.badges import Coloured, choices_class

register = template.Library()


@cache
def _choices_of(model, name: str):
    return choices_class(model._meta.get_field(name))


@register.simple_tag
def badge(value, field: str = ""):
    """`{% badge benefit.track %}` for a member of a Coloured choices class, or
    `{% badge initiative "status" %}` for a model field with such choices."""
    if field:
        cls = _choices_of(type(value), field)
        raw = getattr(value, field)
        if cls is None:
            raise template.TemplateSyntaxError(f"{type(value).__name__}.{field} has no colours")
        value = cls(raw)
    if not isinstance(value, Coloured):
        raise template.TemplateSyntaxError(f"{value!r} is not of a Coloured choices class")
    label = capfirst(value.label)
    if value.colour is None:
        return format_html('<span class="mw-meta">{}</span>', label)
    # The value's own class is no style, but a handle for whoever needs to find it.
    return format_html(
        '<span class="mw-badge mw-badge--{} mw-badge--{}">{}</span>', value.colour, value, label
    )
