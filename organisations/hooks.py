"""Where the layers above add to this app without it knowing them: the reports add
the latest reports a person may read to the dashboard; Inclusie says which users
the access log keeps, so they are deactivated rather than deleted."""

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


# Functions of a user that say whether a record of a layer above names them and must
# keep doing so (the access log, the audit trail): such a user is never deleted, only
# deactivated.
user_kept_by: list[Callable] = []


@dataclass(frozen=True)
class AttentionSource:
    """Items that need attention (organisations.attention.Item) for the given roles:
    `items(membership, today)` reads one organisation's data in a fixed number of
    queries, however much data there is."""

    roles: frozenset
    items: Callable


attention_sources: list[AttentionSource] = []


@dataclass(frozen=True)
class SettingsSection:
    """A part of the organisation admin's settings (organisations/settings_views.py):
    a page of the app that owns the data, listed on the settings index. `order`
    places it among the others."""

    title: str
    description: str
    url_name: str
    order: int = 100


settings_sections: list[SettingsSection] = []


# Functions of a user that give why they may not log in with a password (their
# organisation logs in only through its identity provider), or None: the login form
# asks each of them.
password_login_refusals: list[Callable] = []
