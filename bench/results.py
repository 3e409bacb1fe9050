"""The results writer of bench/reports.py: bench/RESULTS.md from the summarised
measurements and what the harness knows about the run (`info`); and the section of
bench/memory.py, which each script keeps when the other rewrites the file. Plain Python:
it needs neither Django nor the database."""

from __future__ import annotations

import os
import statistics
from collections import defaultdict
from pathlib import Path

MB = 1024 * 1024
# bench/memory.py's section of RESULTS.md, from its heading to the next heading of its level.
MEMORY_HEADING = "## Worker memory"
# The bound on a worker process after 100 reports.
MEMORY_TARGET_MB = 300
# The bound on a report's time, as a multiple of the plain document of its pages.
TIME_RATIO_TARGET = 1.3
# The stages the job reports as its progress, with their names in the tables.
STAGES = [
    ("start", "start"),
    ("collecting", "snapshot"),
    ("composing", "HTML"),
    ("layout", "layout"),
    ("writing", "PDF/A write"),
    ("storing", "store"),
]


def _mb(value: float) -> str:
    return f"{value / MB:.0f}"


def _engine(row: dict) -> float:
    """The report's layout and writing: WeasyPrint's part of its time."""
    return row["stages"].get("layout", 0) + row["stages"].get("writing", 0)


def interpretation(rows: list[dict], labels: dict[str, str], info: dict) -> list[str]:
    """Sentences computed from the numbers; nothing here is decided in advance."""
    time_ratios = [r["seconds"] / r["plain_seconds"] for r in rows]
    peak_ratios = [r["peak"] / r["plain_peak"] for r in rows]
    above = [(r["peak"] - r["baseline"]) / MB for r in rows]
    plain_above = [(r["plain_peak"] - r["plain_baseline"]) / MB for r in rows]
    lines = [
        f"Making a report took {min(time_ratios):.1f} to {max(time_ratios):.1f} times as long "
        "as WeasyPrint took for a plain document of the same number of pages. Its peak was "
        f"{min(peak_ratios):.2f} to {max(peak_ratios):.2f} times the plain document's: "
        f"{min(above):.0f} to {max(above):.0f} MB above what the process held before, against "
        f"{min(plain_above):.0f} to {max(plain_above):.0f} MB for the plain document.",
        "",
    ]
    for row in rows:
        stages, total = row["stages"], row["seconds"]
        ours = stages.get("collecting", 0) + stages.get("composing", 0)
        engine = _engine(row)
        extra = total - row["plain_seconds"]
        biggest = max(STAGES, key=lambda s: stages.get(s[0], 0))
        text = (
            f"- {labels[row['slug']]}, {row['kind']}, {row['pages']} pages: "
            f"{total:.2f} s, of which layout and writing {engine:.2f} s "
            f"({100 * engine / total:.0f}%) and snapshot and HTML {ours:.2f} s "
            f"({100 * ours / total:.0f}%); the largest stage is {biggest[1]}. "
        )
        beyond = engine - row["plain_seconds"]
        if extra > 0 and beyond > 0:
            # What the required form costs WeasyPrint itself: the plain document written as
            # PDF/A-2a with tags, beside the same written plainly (none, where noise says so).
            form = min(beyond, max(0.0, row["archival_seconds"] - row["plain_seconds"]))
            text += (
                f"Of its {extra:.2f} s more than the plain document, {min(ours, extra):.2f} s "
                f"are our snapshot and HTML and {beyond:.2f} s are layout and writing beyond "
                f"the plain document's: {form:.2f} s of them what the form the reports must "
                "have (PDF/A-2a with tags) costs WeasyPrint on the plain document too, and "
                f"{beyond - form:.2f} s our stylesheets, charts and denser pages."
            )
        elif extra > 0:
            text += (
                f"Its layout and writing took no longer than the plain document; the "
                f"{extra:.2f} s more are our snapshot and HTML."
            )
        else:
            text += "It took no longer than the plain document."
        lines.append(text)
    lines.append("")
    for row in rows:
        bound = TIME_RATIO_TARGET * row["plain_seconds"]
        ratio = row["seconds"] / row["plain_seconds"]
        if ratio <= TIME_RATIO_TARGET:
            continue
        engine = _engine(row)
        text = (
            f"- {labels[row['slug']]}, {row['kind']}: {ratio:.2f} times the plain document, "
            f"above the bound of {TIME_RATIO_TARGET:g} ({bound:.2f} s). Its own HTML with "
            f"WeasyPrint's stylesheet alone took {row['own_seconds']:.2f} s "
            f"({row['own_pages']} pages), "
        )
        if row["own_seconds"] >= bound:
            text += "already above the bound before its snapshot and any style of ours"
        else:
            text += f"{bound - row['own_seconds']:.2f} s within the bound"
        text += (
            f"; with our stylesheets its layout and writing took {engine:.2f} s "
            f"({row['pages']} pages), and its snapshot and HTML "
            f"{row['seconds'] - engine:.2f} s more."
        )
        lines.append(text)
    if lines[-1]:
        lines.append("")
    by_kind: dict[str, dict] = defaultdict(dict)
    for row in rows:
        by_kind[row["kind"]][row["slug"]] = row
    for kind, pair in by_kind.items():
        if len(pair) != 2:
            continue
        small, large = (pair[slug] for slug in sorted(pair, key=lambda s: s != info["demo"]))
        small_q = small["queries"].get("collecting", 0)
        large_q = large["queries"].get("collecting", 0)
        growth = (
            "the same number of queries for both"
            if small_q == large_q
            # Fewer or more, by what the data holds, not by its size: a part that reads
            # something again only where it is there (the interventions' contradictions).
            else "a number of queries that depends on what the data holds, not its size"
        )
        text = (
            f"The {kind} report went from {small['pages']} to {large['pages']} pages and from "
            f"{small['seconds']:.2f} to {large['seconds']:.2f} s "
            f"({large['seconds'] / large['pages']:.3f} against "
            f"{small['seconds'] / small['pages']:.3f} s per page) and its peak from "
            f"{_mb(small['peak'])} to {_mb(large['peak'])} MB; its snapshot took "
            f"{small['stages'].get('collecting', 0):.2f} and "
            f"{large['stages'].get('collecting', 0):.2f} s and ran {growth} "
            f"({small_q} / {large_q})."
        )
        slowest = max(large["parts"].items(), key=lambda item: item[1]["seconds"], default=None)
        if slowest is not None:
            name, entry = slowest
            before = small["parts"].get(name, {"seconds": 0.0, "queries": 0})
            text += (
                f" Its slowest part for the large organisation was `{name}`: "
                f"{entry['seconds']:.2f} s against {before['seconds']:.3f} s for the demo, "
                f"in {entry['queries']} against {before['queries']} queries."
            )
        grown = [
            (name, small["parts"].get(name, {}).get("queries", 0), entry["queries"])
            for name, entry in large["parts"].items()
            if entry["queries"] > small["parts"].get(name, {}).get("queries", 0)
        ]
        if grown:
            text += " Parts that ran more queries for the large organisation: " + "; ".join(
                f"`{name}` {a} → {b}" for name, a, b in grown
            )
            text += "."
        lines += [text, ""]
    spreads = [
        max(times) / min(times) - 1
        for row in rows
        for times in (row["times"], row["plain_times"], row["archival_times"])
        if len(times) > 1 and min(times) > 0
    ]
    load = info["load"]
    if spreads:
        lines.append(
            f"Runs of the same measurement differed by up to {100 * max(spreads):.0f}% "
            f"(median {100 * statistics.median(spreads):.0f}%); "
            f"the machine's 1-minute load average was {load[0]:.1f} when the run started and "
            f"{load[1]:.1f} when it ended, on {os.cpu_count()} CPUs"
            + (
                ", so other work competed for the CPUs and single times should be read with "
                "that margin."
                if max(load) > (os.cpu_count() or 1) / 2
                else "."
            )
        )
    return lines


def section(text: str, heading: str) -> str:
    """The section under `heading` (a line of its own), up to the next heading of the same
    level or the end; "" when there is none."""
    lines = text.split("\n")
    if heading not in lines:
        return ""
    start = lines.index(heading)
    level = heading.split(" ", 1)[0] + " "
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(level)), len(lines))
    return "\n".join(lines[start:end]).rstrip("\n") + "\n"


def replace_section(text: str, heading: str, new: str) -> str:
    """`text` with its section under `heading` replaced by `new`, or `new` appended."""
    old = section(text, heading)
    if old:
        return text.replace(old, new, 1)
    return text.rstrip("\n") + "\n\n" + new if text.strip() else new


def memory_section(samples: list[dict], info: dict) -> str:
    """The worker-memory section: `samples` are {"reports", "rss", "peak", "seconds"} (bytes,
    seconds since the first report), the first one before any report."""
    first, last = samples[0], samples[-1]
    after_first = next((s for s in samples if s["reports"] >= info["every"]), last)
    growth = last["rss"] - after_first["rss"]
    steps = max(1, (last["reports"] - after_first["reports"]) // info["every"])
    lines = [
        MEMORY_HEADING,
        "",
        f"Written by `bench/memory.py` on {info['date']} (`{info['command']}`): "
        f"{last['reports']} reports made one after the other in one process, as a worker "
        f"process makes them (`reports.services.report_make`, after "
        f"`reports.services.worker_prepare()` "
        f"as the worker runs it when it starts), alternating {' and '.join(info['kinds'])} "
        f"of {info['organisation']} for {info['period']}; each report's file and row "
        "deleted again after it. Resident set size (VmRSS) after every "
        f"{info['every']} reports, and the highest it reached (VmHWM) until then.",
        "",
        "| reports | RSS (MB) | peak (MB) | time (s) |",
        "| ---: | ---: | ---: | ---: |",
        *(
            f"| {s['reports']} | {_mb(s['rss'])} | {_mb(s['peak'])} | {s['seconds']:.0f} |"
            for s in samples
        ),
        "",
        f"Before the first report the process held {_mb(first['rss'])} MB; after "
        f"{last['reports']} it held {_mb(last['rss'])} MB, and its peak was "
        f"{_mb(last['peak'])} MB (the bound is {MEMORY_TARGET_MB} MB: "
        + ("met" if last["rss"] <= MEMORY_TARGET_MB * MB else "not met")
        + f"). From report {after_first['reports']} to {last['reports']} it "
        + (
            f"grew by {growth / MB:.0f} MB ({growth / steps / MB:.1f} MB per "
            f"{info['every']} reports)."
            if growth > MB
            else "did not grow by more than a megabyte."
        ),
        "",
    ]
    return "\n".join(lines)


def write_memory(path: Path, samples: list[dict], info: dict) -> None:
    """bench/memory.py's section into RESULTS.md, the rest of the file as it was."""
    text = path.read_text() if path.exists() else "# PDF reports: time and peak memory\n"
    path.write_text(replace_section(text, MEMORY_HEADING, memory_section(samples, info)))


def write_results(path: Path, rows: list[dict], info: dict) -> None:
    # bench/memory.py's section stays, after this script's.
    kept = section(path.read_text(), MEMORY_HEADING) if path.exists() else ""
    labels = info["labels"]
    lines = [
        "# PDF reports: time and peak memory",
        "",
        f"Written by `bench/reports.py` on {info['date']} (`{info['command']}`); the whole run "
        f"took {info['total']:.0f} s, of which {info['setup']:.0f} s to set the data up "
        f"({info['generated'][0]:.0f} s of it {info['generated'][1]}).",
        "",
        "## What was measured",
        "",
        "For each organisation and each kind of report: making the report as `manage.py "
        "make_report` does (a request row, then `reports.services.report_make`: snapshot → HTML → "
        "`reports.pdf.render`, PDF/A-2a with tags → stored file), for last month "
        f"({info['period']}), with the report of the month before as the previous one. "
        "Next to it, in the same run and the same way, `reports.pdf.render_plain` (WeasyPrint "
        "without our stylesheets or PDF variant) on a plain HTML document — headings, "
        "paragraphs and tables — with as many rows as give the report's page count (within "
        "one page). Further below, two more yardsticks: a plain document with as much text as "
        "the report, and the report's own HTML without our stylesheets.",
        "",
        f"Each measurement ran {info['repeat']} time{'s' if info['repeat'] != 1 else ''}, "
        "each time in a fresh process that had "
        "imported Django and WeasyPrint, laid out a one-page document and run "
        "`reports.services.worker_prepare()` (as every worker process runs it when it "
        "starts: the fonts and stylesheets loaded, the reports' templates compiled once, "
        "and what the process then held frozen out of the cycle collector's walks) "
        "before its peak was "
        "reset (`/proc/self/clear_refs`): **time** is the median wall time, **peak** the "
        "highest resident set size (VmHWM) of the runs — of the whole process, so it includes "
        "the ~baseline the process had before (shown separately below). The report's time "
        "includes its database queries.",
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in info["machine"].items()),
        f"- the large organisation: `seed_demo --scale {info['scale']}`",
        "- planner statistics: "
        + (
            "`VACUUM ANALYZE` after generating the data (`ANALYZE` on SQLite)"
            if info["analyze"]
            else "none gathered after generating the data (`--no-analyze`)"
        ),
        "",
        "## Results",
        "",
        "| organisation | report | pages | time (s) | peak (MB) | plain WeasyPrint, same pages: "
        "pages | time (s) | peak (MB) | time ratio | peak ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {labels[row['slug']]} | {row['kind']} | {row['pages']} | {row['seconds']:.2f} | "
            f"{_mb(row['peak'])} | {row['plain_pages']} | {row['plain_seconds']:.2f} | "
            f"{_mb(row['plain_peak'])} | {row['seconds'] / row['plain_seconds']:.1f} | "
            f"{row['peak'] / row['plain_peak']:.1f} |"
        )
    lines += [
        "",
        "The reports must be PDF/A-2a with tags (archival and accessible); the plain document "
        "above is written without. The same plain document written as the reports are, still "
        "without our stylesheets:",
        "",
        "| organisation | report | time (s) | plain WeasyPrint, same pages, PDF/A-2a with tags: "
        "time (s) | its time beside the plain document's | time ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {labels[row['slug']]} | {row['kind']} | {row['seconds']:.2f} | "
            f"{row['archival_seconds']:.2f} | "
            f"{row['archival_seconds'] / row['plain_seconds']:.1f} | "
            f"{row['seconds'] / row['archival_seconds']:.1f} |"
        )
    lines += [
        "",
        "The report's pages carry more than the plain document's: smaller type, compact "
        "tables, two columns. Beside a plain document with as much text as the report "
        "(characters, without markup, styles and charts), the same engine's time for the "
        "same amount of text:",
        "",
        "| organisation | report | text (characters) | time (s) | plain WeasyPrint, same "
        "text: pages | time (s) | time ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {labels[row['slug']]} | {row['kind']} | {row['text']:,} | "
            f"{row['seconds']:.2f} | {row['dense_pages']} | {row['dense_seconds']:.2f} | "
            f"{row['seconds'] / row['dense_seconds']:.1f} |"
        )
    lines += [
        "",
        "What the report's content costs the engine before any style of ours: the report's "
        "own HTML, with WeasyPrint's stylesheet alone (its default type, sizes and tables), "
        "written as the reports are (PDF/A-2a with tags), beside "
        f"{TIME_RATIO_TARGET:g} times the plain document of the report's pages (the bound "
        "the report is held to):",
        "",
        "| organisation | report | time (s) | its own HTML, no stylesheets of ours: pages | "
        f"time (s) | time ratio | {TIME_RATIO_TARGET:g} times plain, same pages (s) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {labels[row['slug']]} | {row['kind']} | {row['seconds']:.2f} | "
            f"{row['own_pages']} | {row['own_seconds']:.2f} | "
            f"{row['seconds'] / row['own_seconds']:.1f} | "
            f"{TIME_RATIO_TARGET * row['plain_seconds']:.2f} |"
        )
    lines += [
        "",
        "Each run's time (s), report / plain, same pages / the same as PDF/A-2a with tags / "
        "plain, same text / its own HTML without our stylesheets:",
        "",
        *(
            f"- {labels[row['slug']]}, {row['kind']}: "
            f"{', '.join(f'{t:.2f}' for t in row['times'])} / "
            f"{', '.join(f'{t:.2f}' for t in row['plain_times'])} / "
            f"{', '.join(f'{t:.2f}' for t in row['archival_times'])} / "
            f"{', '.join(f'{t:.2f}' for t in row['dense_times'])} / "
            f"{', '.join(f'{t:.2f}' for t in row['own_times'])}"
            for row in rows
        ),
        "",
        "### Where the report's time goes (median seconds per stage, queries)",
        "",
        "Stages as the job reports its progress: *start* (lock, row), *snapshot* (the content "
        "module's `snapshot`, through JSON), *HTML* (previous report, `context`, template), "
        "*layout* (WeasyPrint's parse and layout), *PDF/A write* (`write_pdf`), *store* "
        "(checksum, file, row).",
        "",
        "| organisation | report | baseline (MB) | "
        + " | ".join(label for _key, label in STAGES)
        + " | queries: snapshot | queries: all |",
        "| --- | --- | ---: | " + " | ".join("---:" for _stage in STAGES) + " | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {labels[row['slug']]} | {row['kind']} | {_mb(row['baseline'])} | "
            + " | ".join(f"{row['stages'].get(key, 0):.2f}" for key, _label in STAGES)
            + f" | {row['queries'].get('collecting', 0)} | {sum(row['queries'].values())} |"
        )
    lines += [
        "",
        "### The snapshot's and context's parts (median seconds, queries; demo / large)",
        "",
        "Each function the content module's `snapshot` and `context` call by name, inclusive.",
        "",
    ]
    for kind in dict.fromkeys(row["kind"] for row in rows):
        pair = {row["slug"]: row for row in rows if row["kind"] == kind}
        if not pair:
            continue
        names = sorted(
            {name for row in pair.values() for name in row["parts"]},
            key=lambda n: -max(row["parts"].get(n, {}).get("seconds", 0) for row in pair.values()),
        )
        slugs = sorted(pair, key=lambda s: s != info["demo"])
        lines += [
            f"**{kind}**",
            "",
            "| part | " + " | ".join(f"{labels[s]}: s | queries" for s in slugs) + " |",
            "| --- | " + " | ".join("---: | ---:" for _s in slugs) + " |",
        ]
        for name in names[:14]:
            cells = []
            for slug in slugs:
                entry = pair[slug]["parts"].get(name)
                cells.append(f"{entry['seconds']:.3f} | {entry['queries']}" if entry else "- | -")
            lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
        lines.append("")
    lines += [
        "### The data",
        "",
        "| rows | " + " | ".join(labels[slug] for slug in info["sizes"]) + " |",
        "| --- | " + " | ".join("---:" for _slug in info["sizes"]) + " |",
    ]
    for key in next(iter(info["sizes"].values())):
        lines.append(
            f"| {key} | " + " | ".join(f"{sizes[key]:,}" for sizes in info["sizes"].values()) + " |"
        )
    lines += [
        "",
        "## Interpretation",
        "",
        *interpretation(rows, labels, info),
        "",
        "These numbers come from one run on the machine above; run the script again to "
        "compare after a change.",
        "",
    ]
    if kept:
        lines += [kept]
    path.write_text("\n".join(lines))
