"""Digital-skills actions and POP-gesprekken: the reads other parts use (POP coverage
per unit for dashboards, the lessons and the reports).

Every read here runs a fixed number of queries, however many employees there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from inclusion.models import Employee, min_group_size
from organisations.models import OrganisationUnit
from organisations.numbers import percentage

# --- POP coverage: seed 000's fourth intervention, measured --------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How many of a group's employees who work here had this year's POP-gesprek,
    and in how many of them digital skills came up.

    `small` says the group is smaller than the organisation's smallest group
    shown: then only those who may see individuals see its figures.
    """

    active: int
    held: int
    covered: int
    small: bool
    threshold: int
    unit: OrganisationUnit | None = None

    @property
    def share(self) -> float | None:
        """Covered as a fraction of the employees who work here (0 to 1)."""
        return self.covered / self.active if self.active else None

    @property
    def percentage(self) -> int | None:
        return percentage(self.covered, self.active)


def _counts(prefix: str, year: int) -> dict:
    active = Q(**{f"{prefix}active": True})
    this_year = Q(**{f"{prefix}pop_conversations__year": year})
    skills = Q(**{f"{prefix}pop_conversations__digital_skills": True})
    field = prefix.rstrip("_") or "pk"
    return {
        "active_count": Count(field, filter=active, distinct=True),
        "held_count": Count(field, filter=active & this_year, distinct=True),
        "covered_count": Count(field, filter=active & this_year & skills, distinct=True),
    }


def pop_coverage(organisation, year: int) -> list[Coverage]:
    """POP coverage per unit with employees who work here, by unit name: two queries."""
    threshold = min_group_size(organisation)
    units = (
        OrganisationUnit.objects.for_organisation(organisation)
        .annotate(**_counts("employees__", year))
        .filter(active_count__gt=0)
        .order_by("name", "pk")
    )
    return [
        Coverage(
            unit=unit,
            active=unit.active_count,
            held=unit.held_count,
            covered=unit.covered_count,
            small=unit.active_count < threshold,
            threshold=threshold,
        )
        for unit in units
    ]


def pop_coverage_total(organisation, year: int) -> Coverage:
    """POP coverage of the whole organisation, employees without a unit included: two queries."""
    threshold = min_group_size(organisation)
    counts = Employee.objects.for_organisation(organisation).aggregate(**_counts("", year))
    return Coverage(
        active=counts["active_count"],
        held=counts["held_count"],
        covered=counts["covered_count"],
        small=counts["active_count"] < threshold,
        threshold=threshold,
    )
