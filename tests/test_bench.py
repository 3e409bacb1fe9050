"""The benchmarks in bench/ are scripts: importing them must not set Django up. And the
pure parts of bench/memory.py and its section of bench/RESULTS.md (bench/results.py)."""

import subprocess
import sys

from django.conf import settings

from bench.memory import kinds_in_turn, status
from bench.results import (
    MB,
    MEMORY_HEADING,
    interpretation,
    memory_section,
    replace_section,
    section,
    write_memory,
    write_results,
)


def test_importing_the_benchmarks_sets_nothing_up():
    code = (
        "import bench.reports, bench.import_employees, bench.results, bench.scratch, "
        "bench.lighthouse, bench.memory, bench.faults; "
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


# --- bench/memory.py ---------------------------------------------------------------------------

STATUS = "Name:\tpython\nVmHWM:\t  204800 kB\nVmRSS:\t  153600 kB\nThreads:\t1\n"


def test_memory_reads_the_resident_set_and_its_peak_from_the_process_status():
    assert status(STATUS, "VmRSS") == 150 * MB
    assert status(STATUS, "VmHWM") == 200 * MB


def test_memory_reports_alternate_between_the_kinds_the_first_first():
    assert kinds_in_turn(5, ("management", "hr")) == [
        "management",
        "hr",
        "management",
        "hr",
        "management",
    ]
    assert kinds_in_turn(2, ("hr",)) == ["hr", "hr"]


INFO = {
    "date": "2026-12-02 10:00 UTC",
    "command": "bench/memory.py --scratch",
    "every": 10,
    "kinds": ["management", "hr"],
    "organisation": "voorbeeldstad",
    "period": "2026-11-01 to 2026-11-30",
}


def samples(*rss_mb: int) -> list[dict]:
    return [
        {"reports": 10 * i, "rss": mb * MB, "peak": (max(rss_mb[: i + 1]) + 5) * MB, "seconds": i}
        for i, mb in enumerate(rss_mb)
    ]


def test_memory_section_says_how_much_the_process_grew_after_its_first_reports():
    text = memory_section(samples(100, 140, 150, 160), INFO)
    assert text.startswith(MEMORY_HEADING + "\n")
    assert "| 30 | 160 | 165 | 3 |" in text
    assert "after 30 it held 160 MB, and its peak was 165 MB" in text
    assert "(the bound is 300 MB: met)" in text
    # From the tenth report on: the first ones fill the caches.
    assert "From report 10 to 30 it grew by 20 MB (10.0 MB per 10 reports)." in text


def test_memory_section_says_so_when_the_bound_is_not_met_or_nothing_grew():
    text = memory_section(samples(100, 320, 320), INFO)
    assert "(the bound is 300 MB: not met)" in text
    assert "did not grow by more than a megabyte" in text


def test_the_memory_section_replaces_its_old_self_and_leaves_the_rest(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Title\n\n## Results\n\nfigures\n")
    write_memory(results, samples(100, 120), INFO)
    first = results.read_text()
    assert first.startswith("# Title\n\n## Results\n\nfigures\n\n" + MEMORY_HEADING)
    write_memory(results, samples(100, 130), {**INFO, "date": "2026-12-03 10:00 UTC"})
    second = results.read_text()
    assert second.count(MEMORY_HEADING) == 1
    assert "2026-12-03" in second and "2026-12-02" not in second
    assert second.startswith("# Title\n\n## Results\n\nfigures\n\n")


def test_a_section_ends_at_the_next_heading_of_its_level():
    text = "# T\n\n## A\n\none\n### A.1\n\ntwo\n\n## B\n\nthree\n"
    assert section(text, "## A") == "## A\n\none\n### A.1\n\ntwo\n"
    assert section(text, "## C") == ""
    assert replace_section(text, "## A", "## A\n\nnew\n") == "# T\n\n## A\n\nnew\n\n## B\n\nthree\n"
    assert replace_section("", "## A", "## A\n") == "## A\n"


def test_rewriting_the_timing_results_keeps_the_memory_section(tmp_path):
    results = tmp_path / "RESULTS.md"
    write_memory(results, samples(100, 120), INFO)
    kept = section(results.read_text(), MEMORY_HEADING)
    row = {
        "slug": "demo",
        "kind": "hr",
        "pages": 10,
        "bytes": 1000,
        "seconds": 2.0,
        "times": [2.0],
        "peak": 130 * MB,
        "baseline": 100 * MB,
        "plain_pages": 10,
        "plain_rows": 200,
        "plain_seconds": 1.6,
        "plain_times": [1.6],
        "plain_peak": 120 * MB,
        "plain_baseline": 100 * MB,
        "archival_seconds": 1.8,
        "archival_times": [1.8],
        "text": 12000,
        "dense_pages": 8,
        "dense_seconds": 1.25,
        "dense_times": [1.25],
        "own_pages": 14,
        "own_seconds": 1.5,
        "own_times": [1.5],
        "stages": {"layout": 1.2, "writing": 0.4},
        "queries": {"collecting": 20},
        "parts": {},
    }
    info = {
        "labels": {"demo": "demo"},
        "date": "2026-12-02 10:00 UTC",
        "command": "bench/reports.py --scratch",
        "total": 10.0,
        "setup": 5.0,
        "generated": (4.0, "seeding"),
        "period": "2026-11-01 to 2026-11-30",
        "repeat": 1,
        "machine": {"CPUs": "2"},
        "scale": 4.0,
        "analyze": True,
        "sizes": {"demo": {"users": 5}},
        "demo": "demo",
        "load": (1.0, 1.0),
    }
    write_results(results, [row], info)
    text = results.read_text()
    assert text.startswith("# PDF reports: time and peak memory")
    assert "| demo | hr | 10 | 2.00 |" in text
    assert "| demo | hr | 12,000 | 2.00 | 8 | 1.25 | 1.6 |" in text
    # Beside the plain document written as PDF/A-2a with tags: 1.8 / 1.6 and 2.0 / 1.8.
    assert "| demo | hr | 2.00 | 1.80 | 1.1 | 1.1 |" in text
    # Its own HTML without our stylesheets, beside 1.3 times the plain document's 1.6 s.
    assert "| demo | hr | 2.00 | 14 | 1.50 | 1.3 | 2.08 |" in text
    assert "- demo, hr: 2.00 / 1.60 / 1.80 / 1.25 / 1.50" in text
    assert section(text, MEMORY_HEADING) == kept


def test_the_second_yardstick_has_as_much_text_as_the_report():
    from bench.measure import plain_html, plain_rows_for_text, text_length

    report = (
        "<html><head><style>p { color: red }</style></head><body><h1>Titel</h1>"
        "<p>Een &amp; twee</p><svg><text>1 december</text></svg>"
        "<table><tr><td>3</td></tr></table></body></html>"
    )
    # Markup, styles and charts are not text; entities are one character each.
    assert text_length(report) == len("Titel Een & twee 3")
    length = text_length(plain_html(300))
    rows = plain_rows_for_text(length)
    assert abs(rows - 300) <= 3
    assert plain_rows_for_text(2 * length) > 1.9 * rows


def interpreted_row(**figures) -> dict:
    """A summarised measurement as `interpretation` reads it: the demo's management
    report, 3.0 s against 1.6 s for the plain document of its pages; `figures` change it."""
    return {
        "slug": "demo",
        "kind": "management",
        "pages": 10,
        "seconds": 3.0,
        "peak": 130 * MB,
        "baseline": 100 * MB,
        "plain_seconds": 1.6,
        "plain_peak": 120 * MB,
        "plain_baseline": 100 * MB,
        "archival_seconds": 1.9,
        "times": [3.0],
        "plain_times": [1.6],
        "archival_times": [1.9],
        "own_pages": 16,
        "own_seconds": 1.8,
        "stages": {"collecting": 0.3, "composing": 0.1, "layout": 2.0, "writing": 0.6},
        **figures,
    }


def test_the_time_beyond_the_plain_document_is_split_into_the_form_and_ours():
    row = interpreted_row()
    info = {"demo": "demo", "load": (0.5, 0.5)}
    (line,) = [text for text in interpretation([row], {"demo": "demo"}, info) if text][1:2]
    # 2.6 s of layout and writing, 1.0 s beyond the plain document's 1.6 s; written as
    # PDF/A-2a with tags the plain document took 0.3 s more, so 0.7 s are ours.
    assert (
        "Of its 1.40 s more than the plain document, 0.40 s are our snapshot and HTML and "
        "1.00 s are layout and writing beyond the plain document's: 0.30 s of them what the "
        "form the reports must have (PDF/A-2a with tags) costs WeasyPrint on the plain "
        "document too, and 0.70 s our stylesheets, charts and denser pages." in line
    )
    # Where noise made the plain document quicker written so, the form is not counted.
    quicker = interpretation([row | {"archival_seconds": 1.5}], {"demo": "demo"}, info)
    assert "0.00 s of them what the form" in "".join(quicker)
    assert "1.00 s our stylesheets" in "".join(quicker)


def test_a_report_above_the_bound_is_set_beside_what_its_own_html_costs_unstyled():
    row = interpreted_row(
        slug="large",
        pages=12,
        seconds=1.8,
        plain_seconds=0.9,
        archival_seconds=1.0,
        own_pages=20,
        own_seconds=1.3,
        stages={"collecting": 0.25, "composing": 0.05, "layout": 1.05, "writing": 0.45},
    )
    info = {"demo": "demo", "load": (0.5, 0.5)}
    labels = {"large": "large"}
    text = " ".join(interpretation([row], labels, info))
    # The bound: 1.3 times the plain document's 0.9 s, 1.17 s; unstyled it took 1.3 s.
    assert (
        "- large, management: 2.00 times the plain document, above the bound of 1.3 (1.17 s). "
        "Its own HTML with WeasyPrint's stylesheet alone took 1.30 s (20 pages), already "
        "above the bound before its snapshot and any style of ours; with our stylesheets its "
        "layout and writing took 1.50 s (12 pages), and its snapshot and HTML 0.30 s "
        "more." in text
    )
    within = " ".join(interpretation([row | {"own_seconds": 1.0}], labels, info))
    assert "took 1.00 s (20 pages), 0.17 s within the bound; with our stylesheets" in within
    # A report within the bound gets no such sentence.
    met = " ".join(interpretation([row | {"seconds": 1.1}], labels, info))
    assert "above the bound" not in met
