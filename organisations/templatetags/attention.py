from django import template

register = template.Library()


@register.filter
def days_since(item, today) -> int:
    """How many days an attention item has been waiting."""
    return item.days(today) or 0
