"""The fault tests with the real services, run once more to write down what they held.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mensenwerk \\
        REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/faults.py

It runs tests/test_faults.py (a worker killed among ten reports; Redis stopped) and
tests/test_fault_database.py (PostgreSQL restarted under load) with pytest, as
`make test` runs them, and each test appends its figures to a file (FAULT_FIGURES):
requests sent and how they were answered, rows and reports checked, how long the
service was away. They go to bench/RESULTS-faults.md. The tests decide what passes;
this only records what they saw.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS-faults.md"
TESTS = ["tests/test_faults.py", "tests/test_fault_database.py"]

# What each test proves, in the words of the results.
MEANING = {
    "worker killed": "A worker process killed (SIGKILL) while it makes the third of ten "
    "queued reports",
    "redis away": "Redis stopped while the three roles open their pages and a director "
    "asks for a report; then started again",
    "database restart": "PostgreSQL restarted while users save forms, open pages and a "
    "report is being made",
}


def main() -> int:
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            print(f"{name} is needed: the fault tests run against the real services.")
            return 2
    with tempfile.TemporaryDirectory() as folder:
        figures_file = Path(folder) / "figures.jsonl"
        figures_file.touch()
        started = datetime.datetime.now(datetime.UTC)
        run = subprocess.run(  # noqa: S603 (pytest, on our own tests)
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *TESTS],
            cwd=ROOT,
            env={**os.environ, "FAULT_FIGURES": str(figures_file)},
            check=False,
        )
        took = (datetime.datetime.now(datetime.UTC) - started).total_seconds()
        # A test may write its figures more than once (before its checks, and after):
        # the last line of each counts.
        lines = [json.loads(line) for line in figures_file.read_text().splitlines() if line]
        figures = list({line["test"]: line for line in lines}.values())
    RESULTS.write_text(results(figures, passed=run.returncode == 0, took=took, started=started))
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    return run.returncode


def results(figures: list[dict], *, passed: bool, took: float, started) -> str:
    lines = [
        "# Faults, with nothing lost",
        "",
        f"Written by `bench/faults.py` on {started:%Y-%m-%d %H:%M} UTC: the fault tests "
        f"({', '.join(f'`{test}`' for test in TESTS)}) with PostgreSQL, Redis and real "
        f"Celery workers, {'all passed' if passed else 'NOT all passed'} in {took:.0f} s. "
        "Each figure is what the test counted and checked, not an estimate.",
        "",
        f"Machine: {os.cpu_count()} CPUs, {platform.platform()}, Python "
        f"{platform.python_version()}.",
        "",
    ]
    for figure in figures:
        test = figure.pop("test")
        lines += [f"## {MEANING.get(test, test)}", ""]
        lines += ["| what | figure |", "| --- | ---: |"]
        lines += [f"| {key.replace('_', ' ')} | {shown(value)} |" for key, value in figure.items()]
        lines.append("")
    if not figures:
        lines += ["No test recorded figures: see the test run's output.", ""]
    return "\n".join(lines)


def shown(value) -> str:
    """A figure as the table shows it: counts by answer as "400: 1", none as "none"."""
    if isinstance(value, dict):
        return ", ".join(f"{key}: {count}" for key, count in value.items()) or "none"
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
