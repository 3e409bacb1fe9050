"""Digital-skills actions and POP-gesprekken: the reads other parts use (POP coverage
per unit for dashboards, the lessons and the reports).

Every read here runs a fixed number of queries, however many employees there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from inclusion.figures import Figure, Share, SmallGroups
from inclusion.models import Employee
from organisations.models import OrganisationUnit
from organisations.numbers import percentage

# --- POP coverage: seed 000's fourth intervention, measured --------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How many of a group's employees who work here had this year's POP-gesprek,
    and in how many of them digital skills came up: the exact counts."""

    active: int
    held: int
    covered: int
    unit: OrganisationUnit | None = None

    @property
    def share(self) -> float | None:
        """Covered as a fraction of the employees who work here (0 to 1)."""
        return self.covered / self.active if self.active else None

    @property
    def percentage(self) -> int | None:
        return percentage(self.covered, self.active)


@dataclass(frozen=True)
class ShownCoverage:
    """A Coverage as the reader may see it."""

    unit: OrganisationUnit | None
    active: Figure
    held: Figure
    covered: Figure
    share: Share


@dataclass(frozen=True)
class CoverageTable:
    rows: list[ShownCoverage]
    total: ShownCoverage
    groups: SmallGroups


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
    """POP coverage per unit with employees who work here, by unit name, and of those
    without a unit last, so that the rows add up to the organisation: two queries."""
    units = (
        OrganisationUnit.objects.for_organisation(organisation)
        .annotate(**_counts("employees__", year))
        .filter(active_count__gt=0)
        .order_by("name", "pk")
    )
    rows = [
        Coverage(
            unit=unit,
            active=unit.active_count,
            held=unit.held_count,
            covered=unit.covered_count,
        )
        for unit in units
    ]
    without = (
        Employee.objects.for_organisation(organisation)
        .filter(unit__isnull=True)
        .aggregate(**_counts("", year))
    )
    if without["active_count"]:
        rows.append(_coverage(without))
    return rows


def _coverage(counts: dict) -> Coverage:
    return Coverage(
        active=counts["active_count"], held=counts["held_count"], covered=counts["covered_count"]
    )


def pop_coverage_total(organisation, year: int) -> Coverage:
    """POP coverage of the whole organisation, employees without a unit included: one query."""
    return _coverage(Employee.objects.for_organisation(organisation).aggregate(**_counts("", year)))


def coverage_table(groups: SmallGroups, rows: list[Coverage]) -> CoverageTable:
    """The rows and their total as the reader may see them: each column goes through
    the small-group rule as the parts of the organisation's total, which the
    dashboards show too."""
    active, active_total = groups.column([row.active for row in rows])
    held, held_total = groups.column(
        [row.held for row in rows], [row.active for row in rows], whole_of=(active_total.count,)
    )
    covered, covered_total = groups.column(
        [row.covered for row in rows],
        [(row.active, row.held) for row in rows],
        whole_of=(active_total.count, held_total.count),
    )
    table = [
        ShownCoverage(row.unit, a, h, c, groups.share(c, a))
        for row, a, h, c in zip(rows, active, held, covered, strict=True)
    ]
    total = ShownCoverage(
        None,
        active_total,
        held_total,
        covered_total,
        groups.share(covered_total, active_total),
    )
    return CoverageTable(table, total, groups)


def organisation_coverage(organisation, year: int, groups: SmallGroups) -> ShownCoverage:
    """The organisation's coverage as the coverage page's total row shows it (hidden
    there, hidden everywhere): three queries."""
    return coverage_table(groups, pop_coverage(organisation, year)).total
