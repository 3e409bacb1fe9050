"""What the benchmarks share: setting Django up from a script, and a throwaway database."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    """Called by each benchmark's main() (after putting ROOT first on sys.path), never on
    import."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


@contextmanager
def scratch_database():
    """A new, migrated database next to the configured one; dropped afterwards."""
    from django.db import connection

    test = connection.settings_dict.setdefault("TEST", {})
    folder = None
    if connection.vendor == "sqlite":  # a file, as in use, not SQLite's in-memory database
        folder = tempfile.mkdtemp(prefix="bench-")
        test["NAME"] = str(Path(folder) / "bench.sqlite3")
    else:
        test["NAME"] = f"bench_{connection.settings_dict['NAME']}_{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def settle_database() -> None:
    """The generated rows as a database in use has them: planner statistics, and on
    PostgreSQL also vacuumed, so that the visibility map lets index-only scans skip the
    table, as autovacuum leaves it some time after a bulk load. Test servers often run
    with autovacuum off; this machine's does."""
    from django.db import connection

    statement = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    print(f"{statement} …", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(statement)
