"""The HR report's summary in a few sentences, each only where the figures carry it,
built from the figures the context has already read from the snapshot."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organisations.numbers import grouped


def highlights(context: dict) -> list[str]:
    """A few sentences for the summary, each only where the figures carry it."""
    actions, skills_data, pop, jobs = (
        context["actions"],
        context["skills"],
        context["pop"],
        context["jobs"],
    )
    found = []
    areas = [area for area in skills_data["areas"] if area["count"]]
    if areas:
        area = max(areas, key=lambda area: area["count"])
        found.append(
            ngettext(
                "Most skills gaps are in %(area)s: %(count)s employee (%(percentage)s%%).",
                "Most skills gaps are in %(area)s: %(count)s employees (%(percentage)s%%).",
                area["count"],
            )
            % {
                "area": f"{area['number']}. {area['name']}",
                "count": grouped(area["count"]),
                "percentage": area["percentage"],
            }
        )
    covered = [
        (row["unit"].name, row["coverage"].percentage)
        for row in pop["units"]
        if row["coverage"] is not None and row["coverage"].percentage is not None
    ]
    if len(covered) > 1:
        low, high = min(covered, key=lambda u: u[1]), max(covered, key=lambda u: u[1])
        if low[1] != high[1]:
            found.append(
                _(
                    "POP coverage %(year)s is lowest in %(low)s (%(low_percentage)s%%) "
                    "and highest in %(high)s (%(high_percentage)s%%)."
                )
                % {
                    "year": pop["year"],
                    "low": low[0],
                    "low_percentage": low[1],
                    "high": high[0],
                    "high_percentage": high[1],
                }
            )
    missed = [
        row["unit"].name
        for row in actions["units"]
        if not row["unit"].heading and row["unit"].employees and not row["reached"]
    ]
    if missed:
        found.append(
            _("Nobody in these units took part in an action in this period: %(units)s.")
            % {"units": ", ".join(missed)}
        )
    elif actions["units"] and actions["total"]["done"]:
        found.append(
            _("In every unit with employees, someone took part in an action in this period.")
        )
    high = jobs["levels"][0]
    if high["employees"]:
        found.append(
            ngettext(
                "%(in_trajectory)s of the %(employees)s employees in jobs with high vulnerability "
                "has a mobility trajectory planned or under way.",
                "%(in_trajectory)s of the %(employees)s employees in jobs with high vulnerability "
                "have a mobility trajectory planned or under way.",
                high["in_trajectory"],
            )
            % {"in_trajectory": high["in_trajectory"], "employees": high["employees"]}
        )
    return found
