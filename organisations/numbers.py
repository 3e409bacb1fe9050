"""The one way a share is shown as a percentage."""


def percentage(part: int, whole: int | None) -> int | None:
    """`part` of `whole` in whole percent, at most 100; None when there is nothing to
    divide by."""
    if not whole:
        return None
    return min(100, round(100 * part / whole))
