"""Where the layers above react to Inclusie without this app knowing them: the
reports remove their documents that name an employee who is anonymised."""

from __future__ import annotations

from collections.abc import Callable

# Each takes the anonymised employee, inside the anonymisation's transaction.
employee_anonymised: list[Callable] = []
