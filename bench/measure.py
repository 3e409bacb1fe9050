"""One measurement of bench/reports.py, in a fresh process of its own (the script again,
with --one or --plain): a report made as `manage.py make_report` makes it, or the
yardstick, WeasyPrint on a plain document. The result is printed as one line of JSON
after RESULT_MARK, for the parent to read. Imported once Django is set up."""

from __future__ import annotations

import datetime
import dis
import json
import re
import sys
import tempfile
import time
import types
from collections import Counter
from functools import wraps
from html import unescape
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from organisations.models import Organisation
from reports import services
from reports.content import CONTENT
from reports.models import ReportKind, ReportRequest, ReportSchedule, ReportStatus
from transformation.models import Programme

RESULT_MARK = "BENCH-RESULT "


def measured_period() -> tuple[datetime.date, datetime.date]:
    """Last calendar month, as a monthly schedule would ask for it."""
    return ReportSchedule.period_for(timezone.localdate())


def earlier_period() -> tuple[datetime.date, datetime.date]:
    """The month before that: the previous report's."""
    start, _end = measured_period()
    return ReportSchedule.period_for(start)


def _status(field: str) -> int:
    """A VmHWM/VmRSS line of /proc/self/status, in bytes."""
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE).group(1)) * 1024


def _reset_peak() -> None:
    # Writing 5 resets the peak resident set size (VmHWM) to the current one.
    Path("/proc/self/clear_refs").write_text("5")


def text_length(html: str) -> int:
    """The characters of a document's text: without its markup, styles and charts, each
    run of whitespace one space. What its density is counted in."""
    html = re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.DOTALL)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return len(re.sub(r"\s+", " ", text).strip())


def plain_rows_for_text(length: int) -> int:
    """Rows of the plain document with about `length` characters of text."""
    sample = 400
    return max(1, round(length * sample / text_length(plain_html(sample))))


def plain_html(rows: int) -> str:
    """The yardstick's document: a title, then chapters of a heading, a paragraph and a
    table of 40 rows; no stylesheet but WeasyPrint's own."""
    text = (
        "Dit is een gewone alinea tekst zonder opmaak van ons, zoals een verslag die heeft: "
        "een paar zinnen over wat er in de tabel hieronder staat en waarom."
    )
    parts = [
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
        "<title>Een gewoon document</title></head><body>",
        f"<h1>Een gewoon document</h1><p>{text}</p>",
    ]
    for start in range(0, rows, 40):
        parts.append(
            f"<h2>Hoofdstuk {start // 40 + 1}</h2><p>{text}</p><table><thead><tr><th>Nummer</th>"
            "<th>Naam</th><th>Omschrijving</th><th>Aantal</th><th>Datum</th></tr></thead><tbody>"
        )
        parts += [
            f"<tr><td>{i + 1}</td><td>Medewerker {i}</td><td>Een regel over onderwerp {i % 17}"
            f"</td><td>{(i * 37) % 1000}</td><td>2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}</td></tr>"
            for i in range(start, min(rows, start + 40))
        ]
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


def _warm_up(pdf) -> None:
    """What a worker process has done before its first report: WeasyPrint imported, a
    page laid out, and `reports.services.worker_prepare()` run, as each worker process runs
    it when it starts (reports/tasks.py): the fonts and stylesheets loaded, the reports'
    templates compiled once, and what the process then held frozen out of the cycle
    collector's walks (gc.freeze). The plain document is measured in a process prepared
    the same way."""
    with tempfile.TemporaryDirectory() as folder:
        pdf.render_plain(plain_html(5), Path(folder) / "warm-up.pdf")
    services.worker_prepare()


def _part_timer(parts: dict, queries: Counter, name: str, function):
    """`function`, counting its calls, inclusive time and queries into parts[name]."""

    @wraps(function)
    def timed(*args, **kwargs):
        before, started = queries.total(), time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            entry = parts.setdefault(name, {"calls": 0, "seconds": 0.0, "queries": 0})
            entry["calls"] += 1
            entry["seconds"] += time.perf_counter() - started
            entry["queries"] += queries.total() - before

    return timed


def _callees(code: types.CodeType) -> set[tuple[str, str | None]]:
    """The global names `code` (with the comprehensions in it) reads, each with the
    attribute it reads of it, if any: ("_benefits", None), ("skills", "heatmap")."""
    found: set[tuple[str, str | None]] = set()
    previous = None
    for instruction in dis.get_instructions(code):
        if instruction.opname == "LOAD_GLOBAL":
            found.add((instruction.argval, None))
        elif instruction.opname in ("LOAD_ATTR", "LOAD_METHOD") and (
            previous is not None and previous.opname == "LOAD_GLOBAL"
        ):
            found.add((previous.argval, instruction.argval))
        previous = instruction
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            found |= _callees(constant)
    return found


def _ours(value) -> bool:
    return getattr(value, "__module__", None) is not None and (
        value.__module__.split(".")[0] in APPS
    )


def _time_parts(module, function_name: str, stage: str, parts: dict, queries: Counter) -> None:
    """Wrap the project's functions that `module.function_name` calls by name (its own,
    and those of the project's modules it calls through an attribute, e.g. skills.heatmap),
    so that the parts of the snapshot and the context are timed. A function that both
    call is timed under the first. The wrapper costs a few microseconds per call.

    The names are looked up, and replaced, in the module that defines the function: a
    kind of report may be a package that only exposes its modules' functions."""
    function = getattr(module, function_name)
    module = sys.modules[function.__module__]
    for name, attribute in sorted(_callees(function.__code__), key=str):
        value = getattr(module, name, None)
        if attribute is None:
            fresh = isinstance(value, types.FunctionType) and not hasattr(value, "__wrapped__")
            if fresh and _ours(value):
                setattr(module, name, _part_timer(parts, queries, f"{stage}: {name}", value))
        elif isinstance(value, types.ModuleType) and value.__name__.split(".")[0] in APPS:
            inner = getattr(value, attribute, None)
            if isinstance(inner, types.FunctionType) and not hasattr(inner, "__wrapped__"):
                label = f"{stage}: {name}.{attribute}"
                setattr(value, attribute, _part_timer(parts, queries, label, inner))


APPS = {"reports", "inclusion", "transformation", "adoption", "organisations"}


def measure_report(slug: str, kind: str) -> dict:
    """Make one report as `manage.py make_report` does; time, peak and stages."""
    from reports import pdf

    _warm_up(pdf)
    organisation = Organisation.objects.get(slug=slug)
    programme = None
    if kind == ReportKind.MANAGEMENT:
        programme = Programme.objects.for_organisation(organisation).order_by("pk").first()
    start, end = measured_period()
    with transaction.atomic():
        report = ReportRequest.objects.create(
            organisation=organisation,
            kind=kind,
            programme=programme,
            period_start=start,
            period_end=end,
            language=settings.LANGUAGE_CODE,
        )

    queries: Counter = Counter()
    current = ["start"]
    marks: list[tuple[str, float]] = []
    parts: dict[str, dict] = {}
    content = CONTENT[ReportKind(kind)]
    _time_parts(content, "snapshot", "snapshot", parts, queries)
    _time_parts(content, "context", "context", parts, queries)
    step = services._step

    def timed_step(report, stage, progress):
        marks.append((str(stage), time.perf_counter()))
        current[0] = str(stage)
        step(report, stage, progress)

    def count(execute, sql, params, many, context):
        queries[current[0]] += 1
        return execute(sql, params, many, context)

    services._step = timed_step
    # The document's text, counted before it is laid out (a few milliseconds), and the
    # document itself, kept for the yardstick of its own HTML without our stylesheets.
    text: list[int] = []
    documents: list[str] = []
    render = pdf.render

    def counted_render(html, *args, **kwargs):
        text.append(text_length(html))
        documents.append(html)
        return render(html, *args, **kwargs)

    pdf.render = counted_render
    _reset_peak()
    baseline = _status("VmRSS")
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        made = services.report_make(report.pk, worker="bench")
    finished = time.perf_counter()
    peak = _status("VmHWM")
    services._step = step
    pdf.render = render

    if made is None or made.status != ReportStatus.DONE:
        raise SystemExit(f"The {kind} report of {slug} failed: {made.error if made else '?'}")
    stages = {}
    for (stage, at), (_next, until) in zip(marks, [*marks[1:], ("end", finished)], strict=True):
        stages[stage] = stages.get(stage, 0.0) + until - at
    stages["start"] = marks[0][1] - started if marks else 0.0
    own_html = Path(settings.MEDIA_ROOT) / f"bench-{slug}-{kind}.html"
    own_html.write_text(documents[0], encoding="utf-8")
    result = {
        "pages": made.page_count,
        "text": text[0],
        "html": str(own_html),
        "bytes": made.size,
        "seconds": finished - started,
        "peak": peak,
        "baseline": baseline,
        "stages": stages,
        "queries": dict(queries),
        "parts": parts,
    }
    # Leave nothing behind: the next run compares with the same previous report.
    made.file.delete(save=False)
    ReportRequest.objects.filter(pk=made.pk).delete()
    return result


def measure_plain(rows: int, *, archival: bool = False) -> dict:
    """WeasyPrint on the plain document, through `reports.pdf.render_plain` (with
    `archival`: written as PDF/A-2a with tags, as the reports are)."""
    return {**_measure_plain_render(plain_html(rows), archival=archival), "rows": rows}


def measure_unstyled(path: str) -> dict:
    """WeasyPrint on a report's own HTML (as `measure_report` kept it) through
    `reports.pdf.render_plain`, written as the reports are: its content with WeasyPrint's
    stylesheet alone, none of ours, as the engine comes."""
    html = Path(path).read_text(encoding="utf-8")
    return _measure_plain_render(html, archival=True)


def _measure_plain_render(html: str, *, archival: bool) -> dict:
    from reports import pdf

    _warm_up(pdf)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "plain.pdf"
        _reset_peak()
        baseline = _status("VmRSS")
        started = time.perf_counter()
        rendered = pdf.render_plain(html, target, archival=archival)
        seconds = time.perf_counter() - started
        peak = _status("VmHWM")
        size = target.stat().st_size
    return {
        "pages": rendered.page_count,
        "bytes": size,
        "seconds": seconds,
        "peak": peak,
        "baseline": baseline,
    }


def child_main(options) -> None:
    if options.database:
        # The throwaway database the parent made, before anything connects.
        settings.DATABASES["default"]["NAME"] = options.database
        connection.settings_dict["NAME"] = options.database
    # As a worker runs in production: no query log, no template debugging.
    settings.DEBUG = False
    if options.one:
        result = measure_report(*options.one)
    elif options.unstyled:
        result = measure_unstyled(options.unstyled)
    else:
        result = measure_plain(options.plain, archival=options.archival)
    print(RESULT_MARK + json.dumps(result), flush=True)


# --- The parent: setting up, running the children, writing the results ---------------------------
