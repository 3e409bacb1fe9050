"""One worker at a time per report, however often its id was delivered.

On PostgreSQL a session advisory lock: it is held by a live database connection,
so when a worker process dies its connection closes and the lock is free for the
redelivered task at once. Elsewhere (SQLite, with tasks run in-process) there is
only one process, and nothing to exclude.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection

# The first half of PostgreSQL's two-part advisory key: which kind of thing is locked.
REPORT_LOCK_CLASS = 6_2026


@contextmanager
def exclusive(report_id: int) -> Iterator[bool]:
    """Yields whether this process holds the report now; releases it afterwards."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [REPORT_LOCK_CLASS, report_id])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            # A pooled connection outlives the task: let go explicitly. If the
            # connection itself broke, the server has already let go.
            try:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_advisory_unlock(%s, %s)", [REPORT_LOCK_CLASS, report_id]
                    )
            except DatabaseError:
                connection.close()
