"""How long an employee import of N rows takes (default 20,000), against a real database.

    DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python bench/import_employees.py [N]

Builds a synthetic HR export in memory (managers further down the file than the employees
who report to them, 60 units, 150 jobs), creates a throwaway organisation, and times:
the first import, importing the same file again, and a file in which one in ten employees
changed. The organisation and everything in it is deleted again afterwards.

It uses the database the settings name (set DATABASE_URL for PostgreSQL), which must be
migrated. With --scratch it makes a throwaway database of its own instead (migrated, and
dropped afterwards), so no existing database is touched at all.
"""

import argparse
import secrets
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEADER = "personeelsnummer;naam;e-mail;afdeling;functie;leidinggevende"
REPORTS_PER_MANAGER = 8


def synthetic_file(size: int, renamed_every: int = 0) -> bytes:
    """Employee i reports to employee i // 8; the rows run from the last employee to the
    first, so every manager comes after the people who report to them."""
    lines = [HEADER]
    for i in reversed(range(size)):
        name = f"Medewerker {i} de Vries"
        if renamed_every and i % renamed_every == 0:
            name += "-Bakker"
        manager = f"P{i // REPORTS_PER_MANAGER:06d}" if i else ""
        lines.append(
            f"P{i:06d};{name};medewerker{i}@bench.example;Afdeling {i % 60};"
            f"Functie {i % 150};{manager}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


@contextmanager
def timed(label: str):
    start = time.perf_counter()
    yield
    print(f"  {label:<34} {time.perf_counter() - start:7.2f} s")


def bench(size: int) -> None:
    from django.db import connection

    from inclusion.models import Employee
    from organisations.models import Organisation

    first, changed = synthetic_file(size), synthetic_file(size, renamed_every=10)
    slug = f"bench-{secrets.token_hex(4)}"
    organisation = Organisation.objects.create(name=f"Bench {slug}", slug=slug)
    print(f"{size} rows, {connection.vendor}, organisation {slug}")
    try:
        for label, data in (("first import", first), ("same file again", first)):
            run(label, data, organisation)
        run("one in ten renamed", changed, organisation)
        assert Employee.objects.for_organisation(organisation).count() == size
        assert Employee.objects.for_organisation(organisation).filter(manager=None).count() == 1
    finally:
        with timed("deleting the organisation"):
            organisation.delete()


def run(label: str, data: bytes, organisation) -> None:
    from inclusion.employees.imports import apply_import, plan_import

    print(f"{label}:")
    with timed("plan_import"):
        plan = plan_import(data, organisation=organisation)
    if not plan.ok:
        raise SystemExit(f"The synthetic file has problems: {plan.problems[:5]}")
    with timed("apply_import"):
        counts = apply_import(plan, organisation=organisation)
    print(f"  {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=20_000)
    parser.add_argument(
        "--scratch", action="store_true", help="use a throwaway database of its own"
    )
    options = parser.parse_args()
    # Before this script's own folder, so that the project's packages are found.
    sys.path.insert(0, str(ROOT))
    from bench.scratch import scratch_database, setup_django

    setup_django()
    from django.db import DatabaseError, connection

    if options.scratch:
        with scratch_database():
            bench(options.rows)
        return
    try:
        migrated = "inclusion_employee" in connection.introspection.table_names()
    except DatabaseError as error:
        raise SystemExit(f"The database cannot be reached ({error}). Try --scratch.") from None
    if not migrated:
        raise SystemExit("The database is not migrated: run manage.py migrate, or use --scratch.")
    bench(options.rows)


if __name__ == "__main__":
    main()
