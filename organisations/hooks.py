"""Where the layers above add to the dashboard without this app knowing them:
the reports add the latest reports a person may read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardPanel:
    """A section on the dashboard, rendered with `context(request)`; a context of
    None leaves the panel out (for a role it does not concern)."""

    template: str
    context: Callable


dashboard_panels: list[DashboardPanel] = []
