"""Where the layers above add to Adoptie's pages without this app knowing them:
the inclusion part links each training session to its attendance per employee."""

from __future__ import annotations

from collections.abc import Callable

# Each takes (request, training_session) and returns (label, url) or None.
training_session_links: list[Callable] = []
