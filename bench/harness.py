"""The harness of bench/reports.py: sets the two organisations up, runs every
measurement in a child process (bench/measure.py) and hands the summaries to the results
writer (bench/results.py). Imported once Django is set up.

The large organisation is `seed_demo --scale N`'s (organisations/large.py and each app's
large.py): with --scratch through the command itself, in a throwaway database; otherwise
through its generator, next to the demo that is there already, and deleted afterwards.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from bench.measure import (
    RESULT_MARK,
    earlier_period,
    measured_period,
    plain_html,
    plain_rows_for_text,
)
from bench.results import MB, write_results
from bench.scratch import ROOT, scratch_database
from inclusion.models import Competence, CompetenceArea, Employee, SkillsAction
from organisations.large import large_slug, row_counts, seed_large
from organisations.models import Organisation, OrganisationUnit, UnitKind, User
from reports import services
from reports.models import ReportKind, ReportRequest, ReportStatus
from transformation.models import Programme, Vision

ENTRY = ROOT / "bench" / "reports.py"
DEMO = "voorbeeldstad"
KINDS = (ReportKind.MANAGEMENT, ReportKind.HR)


def main(options) -> None:
    """The parent: everything but the measurements themselves."""
    if options.scale == 1:
        raise SystemExit("--scale 1 is the demo alone; give the large organisation's N.")
    if not Path("/proc/self/clear_refs").exists():
        raise SystemExit("This benchmark reads /proc: it runs on Linux only.")
    media = tempfile.mkdtemp(prefix="bench-reports-media-")
    try:
        with override_settings(MEDIA_ROOT=media):
            if options.scratch:
                with scratch_database():
                    bench(options, media)
                return
            try:
                migrated = "reports_reportrequest" in connection.introspection.table_names()
            except DatabaseError as error:
                raise SystemExit(
                    f"The database cannot be reached ({error}). Try --scratch."
                ) from None
            if not migrated:
                raise SystemExit(
                    "The database is not migrated: run manage.py migrate, or use --scratch."
                )
            bench(options, media)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def bench(options, media: str) -> None:
    started, load = time.perf_counter(), os.getloadavg()[0]
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    if options.scratch:
        # The command itself: the demo, then the large organisation.
        print(f"seed_demo --scale {options.scale} …", flush=True)
        call_command("seed_demo", scale=options.scale)
        large = Organisation.objects.get(slug=large_slug(options.scale))
        generated = time.perf_counter() - started
        how = f"`seed_demo --scale {options.scale:g}`, the demo and its reports included"
    demo = Organisation.objects.filter(slug=DEMO).first()
    if demo is None:
        raise SystemExit(
            "There is no demo organisation: run manage.py seed_demo, or use --scratch."
        )
    if not options.scratch:
        slug = options.slug or f"bench-{large_slug(options.scale)}"
        if Organisation.objects.filter(slug=slug).exists():
            raise SystemExit(f"An organisation {slug} exists already: choose --slug.")
        print(f"Generating {slug} at scale {options.scale} …", flush=True)
        before = time.perf_counter()
        large = seed_large(scale=options.scale, slug=slug, log=print).organisation
        generated = time.perf_counter() - before
        how = "generating the large organisation"
    try:
        if options.analyze:
            # Planner statistics and a vacuumed table for the new rows, as autovacuum
            # leaves a database in use (a server may run with autovacuum off, as test
            # servers often do).
            from bench.scratch import settle_database

            settle_database()
        run(options, media, demo, large, started, load, (generated, how))
    finally:
        if not options.scratch:
            print(f"Deleting {large.slug} …", flush=True)
            delete_organisation(large)


def run(
    options, media, demo, large, started: float, load: float, generated: tuple[float, str]
) -> None:
    # The report of the month before last of each kind for the large organisation, as the
    # demo has its own from seed_demo: every measured report has a previous one to compare.
    start, end = earlier_period()
    for kind in KINDS:
        with transaction.atomic():
            report = ReportRequest.objects.create(
                organisation=large,
                kind=kind,
                programme=Programme.objects.for_organisation(large).first()
                if kind == ReportKind.MANAGEMENT
                else None,
                period_start=start,
                period_end=end,
                language=settings.LANGUAGE_CODE,
            )
        made = services.report_make(report.pk, worker="bench-setup")
        if made.status != ReportStatus.DONE:
            raise SystemExit(f"The previous {kind} report failed: {made.error}")
    sizes = {DEMO: row_counts(demo), large.slug: row_counts(large)}
    setup = time.perf_counter() - started
    print(f"Set up in {setup:.0f} s. Measuring …", flush=True)

    runner = Runner(options, media)
    rows = [summarise(runner.measure(slug, kind)) for slug in (DEMO, large.slug) for kind in KINDS]
    start, end = measured_period()
    info = {
        "date": timezone.now().strftime("%Y-%m-%d %H:%M UTC"),
        "command": "bench/reports.py " + " ".join(sys.argv[1:]),
        "total": time.perf_counter() - started,
        "setup": setup,
        "generated": generated,
        "demo": DEMO,
        "repeat": options.repeat,
        "scale": options.scale,
        "analyze": options.analyze,
        "period": f"{start:%Y-%m-%d} to {end:%Y-%m-%d}",
        "machine": machine(),
        "sizes": sizes,
        "load": (load, os.getloadavg()[0]),
        "labels": {DEMO: "demo (voorbeeldstad)", large.slug: f"large ({large.slug})"},
    }
    output = Path(options.output)
    write_results(output, rows, info)
    print(f"Written to {output} ({info['total']:.0f} s in all).")
    for row in rows:
        print(
            f"  {row['slug']:<14} {row['kind']:<10} {row['pages']:>4} pages "
            f"{row['seconds']:7.2f} s {row['peak'] / MB:>5.0f} MB | plain {row['plain_pages']:>4} "
            f"pages {row['plain_seconds']:7.2f} s {row['plain_peak'] / MB:>5.0f} MB"
        )


def delete_organisation(organisation: Organisation) -> None:
    """Delete what was generated. Several references are PROTECT (a unit's parent, a
    competence's area, a champion's unit, an assessment's competence, a trajectory's job,
    a section's theme, a step's body): what refers is deleted before what it refers to."""
    with transaction.atomic():
        ReportRequest.objects.filter(organisation=organisation).delete()
        Programme.objects.for_organisation(organisation).delete()
        Vision.objects.for_organisation(organisation).delete()
        Employee.objects.for_organisation(organisation).delete()
        SkillsAction.objects.for_organisation(organisation).delete()
        Competence.objects.for_organisation(organisation).delete()
        CompetenceArea.objects.for_organisation(organisation).delete()
        for kind in sorted(UnitKind.values, reverse=True):
            OrganisationUnit.objects.for_organisation(organisation).filter(kind=kind).delete()
        Organisation.objects.filter(pk=organisation.pk).delete()
        User.objects.filter(username__startswith=f"{organisation.slug}-").delete()


# --- The children ----------------------------------------------------------------------------


class Runner:
    def __init__(self, options, media: str):
        self.options, self.media = options, media
        self.database = str(connection.settings_dict["NAME"])
        self.plain_rows: dict[int, tuple[int, int]] = {}

    def child(self, *arguments: str) -> dict:
        command = [sys.executable, str(ENTRY), *arguments]
        command += ["--database", self.database]
        environment = os.environ | {"MEDIA_ROOT": self.media}
        done = subprocess.run(  # noqa: S603 (our entry point, with our own arguments)
            command, capture_output=True, text=True, env=environment, check=False
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
        if done.returncode or not lines:
            raise SystemExit(
                f"{' '.join(arguments)} failed ({done.returncode}):\n{done.stderr[-4000:]}"
            )
        return json.loads(lines[-1][len(RESULT_MARK) :])

    def rows_for(self, pages: int) -> tuple[int, int]:
        """Rows of the plain document that give `pages` pages (within one), and its pages."""
        if pages in self.plain_rows:
            return self.plain_rows[pages]
        from reports import pdf

        rows, best = max(1, pages * 21), None  # about 21 rows a page
        with tempfile.TemporaryDirectory() as folder:
            for _attempt in range(8):
                got = pdf.render_plain(plain_html(rows), Path(folder) / "size.pdf").page_count
                if best is None or abs(got - pages) < abs(best[1] - pages):
                    best = (rows, got)
                if got == pages:
                    break
                rows = max(1, round(rows * pages / got) + (1 if got < pages else -1))
        if abs(best[1] - pages) > 1:
            raise SystemExit(f"No plain document of {pages} pages (closest: {best[1]}).")
        self.plain_rows[pages] = best
        return best

    def measure(self, slug: str, kind: str) -> dict:
        reports, plains, archivals, denses, owns = [], [], [], [], []
        for attempt in range(1, self.options.repeat + 1):
            report = self.child("--one", slug, kind)
            reports.append(report)
            rows, _pages = self.rows_for(report["pages"])
            plain = self.child("--plain", str(rows))
            plains.append(plain)
            archival = self.child("--plain", str(rows), "--archival")
            archivals.append(archival)
            dense = self.child("--plain", str(plain_rows_for_text(report["text"])))
            denses.append(dense)
            own = self.child("--unstyled", report["html"])
            owns.append(own)
            print(
                f"  {slug} {kind} #{attempt}: {report['pages']} pages, "
                f"{report['seconds']:.2f} s, {report['peak'] / MB:.0f} MB; plain "
                f"{plain['pages']} pages, {plain['seconds']:.2f} s, {plain['peak'] / MB:.0f} MB; "
                f"as PDF/A-2a {archival['seconds']:.2f} s; "
                f"plain with its text ({report['text']} characters) {dense['pages']} pages, "
                f"{dense['seconds']:.2f} s; its own HTML without our stylesheets "
                f"{own['pages']} pages, {own['seconds']:.2f} s",
                flush=True,
            )
        return {
            "slug": slug,
            "kind": kind,
            "reports": reports,
            "plains": plains,
            "archivals": archivals,
            "denses": denses,
            "owns": owns,
        }


def _median(values) -> float:
    return statistics.median(values)


def summarise(measured: dict) -> dict:
    reports, plains = measured["reports"], measured["plains"]
    stages = defaultdict(list)
    for report in reports:
        for stage, seconds in report["stages"].items():
            stages[stage].append(seconds)
    parts = defaultdict(list)
    for report in reports:
        for name, entry in report["parts"].items():
            parts[name].append(entry)
    return {
        "slug": measured["slug"],
        "kind": measured["kind"],
        "pages": reports[0]["pages"],
        "bytes": reports[0]["bytes"],
        "seconds": _median(r["seconds"] for r in reports),
        "times": [r["seconds"] for r in reports],
        "peak": max(r["peak"] for r in reports),
        "baseline": max(r["baseline"] for r in reports),
        "plain_pages": plains[0]["pages"],
        "plain_rows": plains[0]["rows"],
        "plain_seconds": _median(p["seconds"] for p in plains),
        "plain_times": [p["seconds"] for p in plains],
        "plain_peak": max(p["peak"] for p in plains),
        "plain_baseline": max(p["baseline"] for p in plains),
        "archival_seconds": _median(a["seconds"] for a in measured["archivals"]),
        "archival_times": [a["seconds"] for a in measured["archivals"]],
        "text": reports[0]["text"],
        "dense_pages": measured["denses"][0]["pages"],
        "dense_seconds": _median(d["seconds"] for d in measured["denses"]),
        "dense_times": [d["seconds"] for d in measured["denses"]],
        "own_pages": measured["owns"][0]["pages"],
        "own_seconds": _median(o["seconds"] for o in measured["owns"]),
        "own_times": [o["seconds"] for o in measured["owns"]],
        "stages": {stage: _median(values) for stage, values in stages.items()},
        "queries": reports[0]["queries"],
        "parts": {
            name: {
                "seconds": _median(e["seconds"] for e in entries),
                "queries": entries[0]["queries"],
                "calls": entries[0]["calls"],
            }
            for name, entries in parts.items()
        },
    }


def harfbuzz_subset() -> bool:
    from weasyprint.text import ffi

    return getattr(ffi, "harfbuzz_subset", None) is not None


def machine() -> dict[str, str]:
    import weasyprint

    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = found.group(1).strip() if found else ""
    memory = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
    if connection.vendor == "postgresql":
        version = connection.pg_version
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            autovacuum = cursor.fetchone()[0]
            cursor.execute("SHOW jit")
            jit = cursor.fetchone()[0]
        database = (
            f"PostgreSQL {version // 10000}.{version % 10000} (autovacuum {autovacuum}, JIT {jit})"
        )
    else:
        import sqlite3

        database = f"{connection.vendor} {sqlite3.sqlite_version}"
    return {
        "CPUs": f"{os.cpu_count()}" + (f" x {cpu}" if cpu else ""),
        "memory": f"{int(memory.group(1)) / 1024 / 1024:.0f} GiB" if memory else "?",
        "platform": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "WeasyPrint": weasyprint.__version__,
        # Without libharfbuzz-subset, WeasyPrint subsets the fonts with fontTools, in
        # Python: half a second more to write a large report (the image installs it).
        "font subsetting": "HarfBuzz" if harfbuzz_subset() else "fontTools (no libharfbuzz-subset)",
        "database": database,
        "settings": os.environ["DJANGO_SETTINGS_MODULE"] + " (DEBUG off in the measured children)",
    }
