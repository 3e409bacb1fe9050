"""The one way a share is shown as a percentage, and a count grouped in thousands."""

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
