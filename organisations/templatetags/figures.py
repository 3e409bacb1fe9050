from django import template

from organisations import numbers

register = template.Library()


@register.filter
def figure(value) -> str:
    """A measured value as people write it: 5,5 rather than 5,50, and 24 rather than 24,00."""
    if value is None or value == "":
        return ""
    return numbers.measured(value)


@register.filter
def grouped(count) -> str:
    """A count grouped in thousands as the language writes it: 3.869, 3,869; nothing
    for no count."""
    if count is None or count == "":
        return ""
    return numbers.grouped(count)


@register.filter
def planned(value, benefit) -> str:
    """A value the plan of `benefit` expects on a day, rounded as its values are
    (`numbers.precision`), without the unit: the plan's straight line gives "22,12"
    where nobody measured more than whole units."""
    if value is None or value == "":
        return ""
    return numbers.rounded(value, numbers.precision(benefit.baseline, benefit.target))


@register.filter
def benefit_amount(value, benefit) -> str:
    """A value of `benefit` with its unit, rounded to what it means, as the management
    report and the attention list write it ("133 dagen", not "132,84 dagen")."""
    if value is None or value == "":
        return "—"
    return numbers.amount(value, benefit.unit, numbers.precision(benefit.baseline, benefit.target))
