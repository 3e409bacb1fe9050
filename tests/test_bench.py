"""The benchmarks in bench/ are scripts: importing them must not set Django up."""

import subprocess
import sys

from django.conf import settings


def test_importing_the_benchmarks_sets_nothing_up():
    code = (
        "import bench.reports, bench.import_employees, bench.results, bench.scratch; "
        "from django.apps import apps; print(apps.apps_ready, apps.ready)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
