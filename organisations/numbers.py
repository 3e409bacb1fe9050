"""The one way a share is shown as a percentage, a count grouped in thousands, and a
measured value rounded to what it means."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


def percentage(part: int, whole: int | None) -> int | None:
    """`part` of `whole` in whole percent, at most 100; None when there is nothing to
    divide by."""
    if not whole:
        return None
    return min(100, round(100 * part / whole))


def grouped(count) -> str:
    """A count as people read it: grouped in thousands as the current language writes
    them ("3.869" in Dutch, "3,869" in English). Ids, form values and files keep the bare
    number; this is only for what people read."""
    return formats.number_format(count, force_grouping=True)


def measured(value) -> str:
    """A measured value as people write it: 5,5 rather than 5,50, and 24 rather than
    24,00."""
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
    return formats.number_format(value, use_l10n=True)


def precision(baseline, target) -> Decimal:
    """The step a benefit's values are rounded to, so that they say what they mean:
    whole units (whole days, whole percentages, whole hours) unless the way from
    baseline to target is short (from 6 to 3 days, from 2% to 3%), when tenths, or
    for the shortest hundredths, show the progress. Never "52,53 dagen"."""
    if baseline is None or target is None:
        return Decimal(1)
    span = abs(target - baseline)
    for step in (Decimal(1), Decimal("0.1")):
        if span >= 5 * step:
            return step
    return Decimal("0.01")


def rounded(number, step: Decimal) -> str:
    """`number` rounded to `step` (`precision`), written as `measured` writes it."""
    return measured(Decimal(number).quantize(step, rounding=ROUND_HALF_UP))


def amount(number: Decimal | None, unit: str, step: Decimal | None = None) -> str:
    """A measured or planned value with its unit, rounded to `step` (`precision`) when
    given; a dash for no value."""
    if number is None:
        return "—"
    text = measured(number) if step is None else rounded(number, step)
    if not unit:
        return text
    return f"{text}{'' if unit == '%' else ' '}{unit}"
