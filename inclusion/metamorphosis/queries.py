"""Reads about mobility that other parts show: the dashboard and the management report."""

from __future__ import annotations

from django.db.models import Count

from inclusion.figures import Figure, SmallGroups
from inclusion.models import MobilityTrajectory, TrajectoryStatus


def trajectories_by_status(organisation, groups: SmallGroups) -> tuple[dict[str, Figure], Figure]:
    """Mobility trajectories per status and in all, as the reader may see them: the
    statuses are the parts of the total, so one hidden status hides another or the
    total. One query."""
    counts = dict(
        MobilityTrajectory.objects.for_organisation(organisation)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    figures, total = groups.column([counts.get(status, 0) for status in TrajectoryStatus.values])
    return dict(zip(TrajectoryStatus.values, figures, strict=True)), total
