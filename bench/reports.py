"""Time and peak memory of making each PDF report, next to WeasyPrint on a plain document.

    DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python bench/reports.py --scratch

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python bench/reports.py --scratch

Options: --scale 4 (the N of `seed_demo --scale N` for the large organisation: 4,000
employees, 40,000 skills actions, 60 initiatives; 20 is the large size), --repeat 3 (runs
of each measurement: the median time and the highest peak are reported), --output
(default bench/RESULTS.md), --slug (the large organisation's when it is added to an
existing database; default bench-grootstad-N), --no-analyze (leave out the VACUUM ANALYZE that
gives the planner statistics of the generated rows). At --scale 4 a run takes about four
minutes on two CPUs; most of it is WeasyPrint laying out the large HR report. A worker
process's memory over many reports is bench/memory.py's.

Two organisations: the demo's Voorbeeldstad and the large organisation of
`seed_demo --scale N` (organisations/large.py and each app's large.py). Each has a report
of each kind of the month before last, so that the measured report (of last month) has
one to compare with.

Every measurement runs in a fresh child process (this script again, with --one,
--plain or --unstyled: bench/measure.py), so that peaks do not mix: the child imports WeasyPrint and
renders a page first, then resets its peak (/proc/self/clear_refs) and reads VmHWM
afterwards. The report is made as `manage.py make_report` makes it: a request row, then
`reports.services.report_make`, stages timed through its progress steps. The yardstick is
`reports.pdf.render_plain` on a plain HTML document (headings, paragraphs, a table) with
as many rows as give the report's page count (within one page); and, beside it, the same
plain document written as the reports are (PDF/A-2a with tags), which shows how much of the
difference is the archival, accessible form the reports must have. Two more: a plain
document with as much text as the report, and the report's own HTML with WeasyPrint's
stylesheet alone (none of ours), written as the reports are, which shows what the report's
content costs the engine before any style of ours. bench/harness.py runs them;
bench/results.py writes the results.

It uses the database the settings name (set DATABASE_URL for PostgreSQL), which must be
migrated and hold the demo (manage.py seed_demo): it adds the large organisation and
deletes it again afterwards, and deletes each report it made. With --scratch it makes a
throwaway database of its own instead (migrated, `seed_demo --scale N` run, and dropped
afterwards), so no existing database is touched at all. Report files go to a temporary
folder, never to MEDIA_ROOT. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCALE = 4.0


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scratch", action="store_true", help="use a throwaway database of its own"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=DEFAULT_SCALE,
        help="N of `seed_demo --scale N` for the large organisation",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--slug", help="short name of the large organisation (without --scratch)")
    parser.add_argument(
        "--no-analyze",
        dest="analyze",
        action="store_false",
        help="leave out VACUUM ANALYZE (planner statistics) after generating the data",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
    # The children: one measurement each.
    parser.add_argument("--one", nargs=2, metavar=("ORGANISATION", "KIND"), help=argparse.SUPPRESS)
    parser.add_argument("--plain", type=int, metavar="ROWS", help=argparse.SUPPRESS)
    parser.add_argument("--unstyled", metavar="HTML", help=argparse.SUPPRESS)
    parser.add_argument("--archival", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    options = arguments()
    # Before this script's own folder: `reports` must be the app, not this file.
    sys.path.insert(0, str(ROOT))
    from bench.scratch import setup_django

    setup_django()
    if options.one or options.plain or options.unstyled:
        from bench.measure import child_main

        child_main(options)
        return
    from bench.harness import main as harness_main

    harness_main(options)


if __name__ == "__main__":
    main()
