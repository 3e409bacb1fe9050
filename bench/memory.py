"""A worker process's memory over many reports: N reports (default 100) in one process.

    DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python bench/memory.py --scratch

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python bench/memory.py --scratch

Options: --reports 100, --every 10 (how often the resident set size is recorded),
--organisation voorbeeldstad (the demo's), --output (default bench/RESULTS.md).

A fresh process (this script again) does what a worker process does, and nothing before
it (the demo is seeded in the parent): `reports.services.worker_prepare()` once, as
reports/tasks.py runs it when the process starts, then one report after the other
through `reports.services.report_make`, alternating the management and the HR report of
the organisation, for last month. After every --every reports it records the resident
set size (VmRSS) and the highest it has been (VmHWM), and deletes each report's file and
row once it is made, so that every report has the same previous one. The figures go into
their own section of bench/RESULTS.md (bench/results.py), which bench/reports.py keeps
when it rewrites the rest, and the other way round.

It uses the database the settings name (set DATABASE_URL for PostgreSQL), which must be
migrated and hold the demo (manage.py seed_demo). With --scratch it makes a throwaway
database of its own instead (migrated, `seed_demo` run, and dropped afterwards). Report
files go to a temporary folder, never to MEDIA_ROOT. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = "voorbeeldstad"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scratch", action="store_true", help="use a throwaway database of its own"
    )
    parser.add_argument("--reports", type=int, default=100, help="reports to make")
    parser.add_argument("--every", type=int, default=10, help="record memory every N reports")
    parser.add_argument("--organisation", default=DEMO, help="short name of the organisation")
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
    # The child that measures, in the database the parent names.
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--called-as", default="", help=argparse.SUPPRESS)
    return parser.parse_args()


def status(text: str, field: str) -> int:
    """A field of /proc/self/status (VmRSS, VmHWM), in bytes."""
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    if found is None:
        raise ValueError(f"No {field} in the process status")
    return int(found.group(1)) * 1024


def sample(reports: int, started: float) -> dict:
    text = Path("/proc/self/status").read_text()
    return {
        "reports": reports,
        "rss": status(text, "VmRSS"),
        "peak": status(text, "VmHWM"),
        "seconds": time.perf_counter() - started,
    }


def kinds_in_turn(count: int, kinds: tuple[str, ...]) -> list[str]:
    """The kind of each of `count` reports: the kinds in turn, the first first."""
    return [kinds[i % len(kinds)] for i in range(count)]


def main() -> None:
    options = arguments()
    if options.reports < 1 or options.every < 1:
        raise SystemExit("--reports and --every must be at least 1.")
    if not Path("/proc/self/status").exists():
        raise SystemExit("This benchmark reads /proc: it runs on Linux only.")
    # Before this script's own folder: `reports` must be the app, not bench/reports.py.
    sys.path.insert(0, str(ROOT))
    from bench.scratch import scratch_database, setup_django

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import DatabaseError, connection

    if options.database:
        settings.DATABASES["default"]["NAME"] = options.database
        connection.settings_dict["NAME"] = options.database
        # As a worker runs in production: no query log, no template debugging.
        settings.DEBUG = False
        run(options)
        return
    if options.scratch:
        with scratch_database():
            print("seed_demo …", flush=True)
            call_command("seed_demo", verbosity=0)
            child(options, str(connection.settings_dict["NAME"]))
        return
    try:
        migrated = "reports_reportrequest" in connection.introspection.table_names()
    except DatabaseError as error:
        raise SystemExit(f"The database cannot be reached ({error}). Try --scratch.") from None
    if not migrated:
        raise SystemExit("The database is not migrated: run manage.py migrate, or use --scratch.")
    child(options, str(connection.settings_dict["NAME"]))


def child(options, database: str) -> None:
    """The measurement, in a fresh process that has done nothing before it."""
    media = tempfile.mkdtemp(prefix="bench-memory-media-")
    command = [sys.executable, str(Path(__file__).resolve()), "--database", database]
    command += ["--reports", str(options.reports), "--every", str(options.every)]
    command += ["--organisation", options.organisation, "--output", options.output]
    # As one argument with "=": the value itself may start with "--".
    command += [f"--called-as={' '.join(sys.argv[1:])}"]
    try:
        done = subprocess.run(  # noqa: S603 (this script, with our own arguments)
            command, env=os.environ | {"MEDIA_ROOT": media}, check=False
        )
    finally:
        shutil.rmtree(media, ignore_errors=True)
    if done.returncode:
        raise SystemExit(f"The measuring process failed ({done.returncode}).")


def run(options) -> None:
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from bench.measure import measured_period
    from bench.results import MB, write_memory
    from organisations.models import Organisation
    from reports import services
    from reports.models import ReportKind, ReportRequest, ReportStatus
    from transformation.models import Programme

    organisation = Organisation.objects.filter(slug=options.organisation).first()
    if organisation is None:
        raise SystemExit(
            f"There is no organisation {options.organisation}: run manage.py seed_demo, "
            "or use --scratch."
        )
    programme = Programme.objects.for_organisation(organisation).order_by("pk").first()
    kinds = (ReportKind.MANAGEMENT, ReportKind.HR) if programme else (ReportKind.HR,)
    start, end = measured_period()

    # What the worker process does when it starts (reports/tasks.py).
    services.worker_prepare()
    started = time.perf_counter()
    samples = [sample(0, started)]
    print(f"Before the first report: {samples[0]['rss'] / MB:.0f} MB", flush=True)
    for made_count, kind in enumerate(kinds_in_turn(options.reports, kinds), start=1):
        with transaction.atomic():
            report = ReportRequest.objects.create(
                organisation=organisation,
                kind=kind,
                programme=programme if kind == ReportKind.MANAGEMENT else None,
                period_start=start,
                period_end=end,
                language=settings.LANGUAGE_CODE,
            )
        made = services.report_make(report.pk, worker="bench-memory")
        if made is None or made.status != ReportStatus.DONE:
            raise SystemExit(f"Report {made_count} ({kind}) failed: {made.error if made else '?'}")
        made.file.delete(save=False)
        ReportRequest.objects.filter(pk=made.pk).delete()
        if made_count % options.every == 0 or made_count == options.reports:
            samples.append(sample(made_count, started))
            last = samples[-1]
            print(
                f"  {made_count:>4} reports: {last['rss'] / MB:.0f} MB, peak "
                f"{last['peak'] / MB:.0f} MB, {last['seconds']:.0f} s",
                flush=True,
            )
    info = {
        "date": timezone.now().strftime("%Y-%m-%d %H:%M UTC"),
        "command": f"bench/memory.py {options.called_as}".strip(),
        "every": options.every,
        "kinds": [str(kind) for kind in kinds],
        "organisation": organisation.slug,
        "period": f"{start:%Y-%m-%d} to {end:%Y-%m-%d}",
    }
    output = Path(options.output)
    write_memory(output, samples, info)
    print(f"Written to {output}.")


if __name__ == "__main__":
    main()
