"""Where the layers above add to Inclusie without this app knowing them: the reports
offer the inzage PDF on an employee's page, and remove their documents that name an
employee who is anonymised."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Each takes the anonymised employee, inside the anonymisation's transaction.
employee_anonymised: list[Callable] = []


@dataclass(frozen=True)
class EmployeePanel:
    """A section on an employee's page, rendered with `context(request, employee)`;
    a context of None leaves the panel out."""

    template: str
    context: Callable


employee_panels: list[EmployeePanel] = []
