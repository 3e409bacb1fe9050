"""Response times of the pages each role opens, at the demo's size and at a large
organisation's, next to the server's own floor (/healthz), served the way production
serves them.

    .venv/bin/python bench/pages.py --scratch [--scale 4] [--duration 5]

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mensenwerk \\
        .venv/bin/python bench/pages.py --scale 4 --password PW

With --scratch it makes a throwaway PostgreSQL database next to the one DATABASE_URL
names (default postgres://postgres@127.0.0.1:5432/postgres): migrated, `seed_demo
--scale N` (the demo and the large organisation grootstad-N), `seed_demo --scale N/2`
(a second, half as large organisation, only to check that response sizes do not grow
with the data), VACUUM ANALYZE; it is dropped afterwards, so no existing database is touched.
Without --scratch the database must hold the demo and `seed_demo --scale N`, made with
--password PW; nothing is generated in it, but the requests write what requests write
(sessions, the access log of employees' pages: thousands of rows under load).

Then: collectstatic with the production settings (`config.settings.production`, DEBUG
off, Django's connection pool on PostgreSQL) into a temporary folder, gunicorn with two
workers on 127.0.0.1, a login through the login form for every user, and the load
generator wrk (`apt-get install wrk`) on every page kind each role may open: for each,
the demo's page and then the large organisation's, each for --duration seconds with
--connections connections. /healthz, which touches neither the database nor the
session, is measured the same way at the start, half-way and at the end: the median of
its three p50s is the floor. The three page kinds slowest at the large size are then
opened once more inside this process, under Django's query capture, for their slowest
queries. At --scale 4 --duration 3 a run takes about eleven minutes on two CPUs.

Targets: at the large size every page's p50 at most 4 x the floor and at most 1.5 x its
own p50 at the demo's size; a page's response size independent of the data (the large
organisation's page at most 10 % larger than the half as large one's). The figures go
to bench/RESULTS-pages-load.md.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import io
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Before this script's own folder: `reports` must be the app, not bench/reports.py.
sys.path.insert(0, str(ROOT))

from bench.lighthouse import Server as LighthouseServer  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS-pages-load.md"
DEMO = "voorbeeldstad"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/postgres"
# The targets.
FLOOR_TIMES = 4.0  # large p50 at most this many times the /healthz p50
GROWTH_TIMES = 1.5  # large p50 at most this many times the demo's p50
SIZE_GROWTH = 1.10  # response at N at most this many times the response at N/2
MARK = "RESULT"

# The demo users' names; the large organisation's are "<slug>-<name>".
PM, HR, DIRECTOR, ADMIN = "programma", "hr", "directeur", "beheer"
EVERYONE = (PM, HR, DIRECTOR, ADMIN)
ROLE_NAMES = {
    PM: "programme manager",
    HR: "HR adviser",
    DIRECTOR: "director",
    ADMIN: "organisation admin",
}


@dataclass(frozen=True)
class Page:
    kind: str
    path: str  # {programme}, {initiative}, {track}, {employee}, {session}: ids per organisation
    roles: tuple[str, ...]  # who may open it (tests/test_role_matrix.py)


PAGES = [
    Page("dashboard", "/dashboard/", EVERYONE),
    # The header's count, fetched by every page while it is not in the cache.
    Page("attention count", "/aandacht/aantal/", EVERYONE),
    Page("vision and programme", "/visie-en-programma/", EVERYONE),
    Page("programme", "/visie-en-programma/programma/{programme}/", EVERYONE),
    Page("interventions", "/visie-en-programma/programma/{programme}/interventies/", EVERYONE),
    Page("decision requests", "/visie-en-programma/programma/{programme}/besluitvragen/", EVERYONE),
    Page("initiative", "/visie-en-programma/initiatief/{initiative}/", EVERYONE),
    Page("initiative competences", "/inclusie/initiatieven/{initiative}/competenties/", (PM, HR)),
    Page("initiative form", "/visie-en-programma/initiatief/{initiative}/bewerken/", (PM,)),
    Page("adoption overview", "/adoptie/", EVERYONE),
    Page("phase board", "/adoptie/programma/{programme}/fasebord/", EVERYONE),
    Page("adoption track", "/adoptie/traject/{track}/", EVERYONE),
    Page("stakeholder form", "/adoptie/traject/{track}/belanghebbende/nieuw/", (PM,)),
    Page("training attendance", "/inclusie/training/{session}/aanwezigheid/", (HR,)),
    Page("inclusion overview", "/inclusie/", EVERYONE),
    Page("inclusion dashboard", "/inclusie/dashboard/", EVERYONE),
    Page("skills framework", "/inclusie/vaardigheden/", EVERYONE),
    Page("skills heatmap", "/inclusie/vaardigheden/kloof/", EVERYONE),
    Page("POP coverage", "/inclusie/pop-gesprekken/dekking/", EVERYONE),
    Page("job metamorphosis", "/inclusie/functiemetamorfose/", EVERYONE),
    Page("lessons", "/inclusie/lessen/", EVERYONE),
    Page("employees", "/inclusie/medewerkers/", (HR, ADMIN)),
    Page("employee", "/inclusie/medewerkers/{employee}/", (HR, ADMIN)),
    Page("employee skills", "/inclusie/medewerkers/{employee}/vaardigheden/", (HR, ADMIN)),
    Page("employee POP", "/inclusie/medewerkers/{employee}/pop/", (HR, ADMIN)),
    Page("employee form", "/inclusie/medewerkers/{employee}/bewerken/", (HR,)),
    Page("skills actions", "/inclusie/acties/overzicht/", (HR, ADMIN)),
    Page("log skills actions", "/inclusie/acties/", (HR,)),
    Page("reports", "/rapportages/", EVERYONE),
    Page("report schedules", "/rapportages/planning/", (ADMIN,)),
    Page("settings", "/instellingen/", (ADMIN,)),
    Page("access log", "/inclusie/toegangslog/", (ADMIN,)),
    Page("retention periods", "/privacy/bewaartermijnen/", (ADMIN,)),
]

# wrk's own figures, printed by its `done` hook on one line: latency percentiles in
# microseconds, and responses with a status outside 2xx counted by its `response` hook
# (wrk itself counts only 4xx and 5xx, not a redirect to the login page).
WRK_SCRIPT = f"""
local threads = {{}}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    "{MARK} p50=%d p90=%d p95=%d p99=%d requests=%d duration=%d bytes=%d non2xx=%d errors=%d\\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), summary.requests, summary.duration, summary.bytes, bad,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


# The pure parts.


def parse_wrk(output: str) -> dict:
    """The figures of wrk's output (the line WRK_SCRIPT's `done` prints), in ms and /s."""
    line = next((line for line in output.splitlines() if line.startswith(MARK + " ")), None)
    if line is None:
        raise ValueError(f"No result line in wrk's output:\n{output[-2000:]}")
    raw = {name: int(value) for name, value in re.findall(r"(\w+)=(-?\d+)", line)}
    seconds = raw["duration"] / 1e6
    return {
        "p50": raw["p50"] / 1000,
        "p90": raw["p90"] / 1000,
        "p95": raw["p95"] / 1000,
        "p99": raw["p99"] / 1000,
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds if seconds else 0.0,
        "non2xx": raw["non2xx"],
        "errors": raw["errors"],
    }


def floor_of(healthz: list[dict]) -> float:
    """The floor: the median of the /healthz runs' p50s."""
    return statistics.median(run["p50"] for run in healthz)


def judge(demo: dict, large: dict, floor: float, sizes: dict | None) -> dict:
    """The large page's ratios and the targets it meets (None: not checked)."""
    to_floor = large["p50"] / floor if floor else float("inf")
    to_demo = large["p50"] / demo["p50"] if demo["p50"] else float("inf")
    size_ratio = sizes["large"] / sizes["half"] if sizes and sizes["half"] else None
    return {
        "to_floor": to_floor,
        "to_demo": to_demo,
        "floor_met": to_floor <= FLOOR_TIMES,
        "growth_met": to_demo <= GROWTH_TIMES,
        "size_ratio": size_ratio,
        "size_met": None if size_ratio is None else size_ratio <= SIZE_GROWTH,
    }


def misses(row: dict) -> list[str]:
    """What a large page misses, each with by how much."""
    verdict, what = row["verdict"], []
    if not verdict["floor_met"]:
        what.append(f"{verdict['to_floor']:.1f} x /healthz (target {FLOOR_TIMES:g} x)")
    if not verdict["growth_met"]:
        what.append(f"{verdict['to_demo']:.2f} x the demo (target {GROWTH_TIMES:g} x)")
    if verdict["size_met"] is False:
        what.append(f"response {verdict['size_ratio']:.2f} x the half-size one's")
    return what


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the database Django is connected to."""
    user = urllib.parse.quote(settings_dict.get("USER") or "")
    password = settings_dict.get("PASSWORD") or ""
    auth = user + (f":{urllib.parse.quote(password)}" if password else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{settings_dict['NAME']}"


def _cell(text: str) -> str:
    """Text that cannot end a Markdown table's cell."""
    return text.replace("|", "\\|").replace("`", "'")


def _yes(met: bool | None) -> str:
    return "-" if met is None else ("yes" if met else "**no**")


def markdown(rows: list[dict], healthz: list[dict], slowest: list[dict], info: dict) -> str:
    floor = floor_of(healthz)
    lines = [
        "# Pages under load: the demo and a large organisation, next to /healthz",
        "",
        f"Written by `bench/pages.py` on {info['when']} (`{info['command']}`), "
        f"{info['total']:.0f} s in all.",
        "",
        "## What was measured",
        "",
        f"Every page kind each role may open, as that role's user logged in through the login "
        f"form, served by gunicorn ({info['workers']} sync workers) with "
        f"`config.settings.production` (DEBUG off, Django's connection pool on PostgreSQL, "
        f"static files by whitenoise) over plain HTTP on 127.0.0.1. Two sizes: the demo "
        f"({info['labels']['demo']}) and the large organisation of `seed_demo --scale "
        f"{info['scale']:g}` ({info['labels']['large']}); --scale {info['scale']:g} was used "
        f"(the large size is 20). Object pages (programme, initiative, adoption track, employee) "
        f"show each organisation's busiest object of the kind. Load generator: wrk, one thread, "
        f"{info['connections']} connections, {info['duration']:g} s per page, the demo's page "
        f"and then the large organisation's one after the other, so both see the same machine. "
        f"p50 and p95 are wrk's latency percentiles (p95 from its Lua `done` hook); req/s is "
        f"what the two workers answered at that concurrency. With {info['connections']} "
        f"connections on {info['workers']} workers a request mostly waits for another one "
        f"first, for /healthz as for the pages, so a latency is about "
        f"{info['connections'] / info['workers']:g} x a response's own time. Bytes is the "
        f"response body of one request. Every response of every run was checked: none outside "
        f"2xx, no socket errors (otherwise the run stops).",
        "",
        "The floor is /healthz (no database, no session) measured the same way at the start, "
        "half-way and at the end of the run: p50 "
        + ", ".join(f"{run['p50']:.2f}" for run in healthz)
        + f" ms; the median, **{floor:.2f} ms**, is the floor. Its req/s: "
        + ", ".join(f"{run['rps']:.0f}" for run in healthz)
        + ".",
        "",
        "Rows of the two organisations:",
        "",
        "| rows | " + " | ".join(info["labels"][size] for size in ("demo", "large")) + " |",
        "| --- | ---: | ---: |",
        *[
            f"| {name} | {info['counts']['demo'].get(name, 0):,} "
            f"| {info['counts']['large'].get(name, 0):,} |"
            for name in ("units", "employees", "skills actions", "initiatives", "adoption tracks")
        ],
        "",
        "## Machine",
        "",
        *[f"- {name}: {value}" for name, value in info["machine"].items()],
        "",
    ]
    lines += _size_table("demo", rows, floor, info)
    lines += _large_table(rows, floor, info)
    lines += _targets(rows, info)
    lines += _slowest(slowest)
    return "\n".join(lines) + "\n"


def _size_table(size: str, rows: list[dict], floor: float, info: dict) -> list[str]:
    lines = [
        f"## The demo: {info['labels']['demo']}",
        "",
        "| page | role | p50 (ms) | p95 (ms) | req/s | bytes | p50 / /healthz p50 |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        run = row[size]
        lines.append(
            f"| {row['kind']} | {ROLE_NAMES[row['role']]} | {run['p50']:.1f} | {run['p95']:.1f} "
            f"| {run['rps']:.1f} | {run['bytes']:,} | {run['p50'] / floor:.1f} |"
        )
    return [*lines, ""]


def _large_table(rows: list[dict], floor: float, info: dict) -> list[str]:
    lines = [
        f"## The large organisation: {info['labels']['large']}",
        "",
        f"Targets: p50 at most {FLOOR_TIMES:g} x /healthz's ({FLOOR_TIMES * floor:.1f} ms in this "
        f"run) and at most {GROWTH_TIMES:g} x the same page's p50 at the demo's size.",
        "",
        "| page | role | p50 (ms) | p95 (ms) | req/s | bytes | p50 / /healthz p50 "
        "| p50 / demo p50 | both targets |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        run, verdict = row["large"], row["verdict"]
        both = verdict["floor_met"] and verdict["growth_met"]
        lines.append(
            f"| {row['kind']} | {ROLE_NAMES[row['role']]} | {run['p50']:.1f} | {run['p95']:.1f} "
            f"| {run['rps']:.1f} | {run['bytes']:,} | {verdict['to_floor']:.1f} "
            f"| {verdict['to_demo']:.2f} | {_yes(both)} |"
        )
    return [*lines, ""]


def _targets(rows: list[dict], info: dict) -> list[str]:
    floor_missed = [row for row in rows if not row["verdict"]["floor_met"]]
    growth_missed = [row for row in rows if not row["verdict"]["growth_met"]]
    lines = [
        "## Targets",
        "",
        f"- p50 at the large size at most {FLOOR_TIMES:g} x /healthz: met by "
        f"{len(rows) - len(floor_missed)} of {len(rows)} pages.",
        f"- p50 at the large size at most {GROWTH_TIMES:g} x the demo's: met by "
        f"{len(rows) - len(growth_missed)} of {len(rows)} pages.",
    ]
    checked = [row for row in rows if row["verdict"]["size_met"] is not None]
    if checked:
        grown = [row for row in checked if not row["verdict"]["size_met"]]
        lines.append(
            f"- Response size independent of the data: met by {len(checked) - len(grown)} of "
            f"{len(checked)} page kinds (checked as the first role that may open each)."
        )
    else:
        lines.append("- Response size independent of the data: not checked (no half-size run).")
    lines.append("")
    missing = [(row, misses(row)) for row in rows if misses(row)]
    if missing:
        lines += ["Pages that miss a target, and by how much:", ""]
        lines += [
            f"- {row['kind']} ({ROLE_NAMES[row['role']]}): {'; '.join(what)}"
            for row, what in missing
        ]
        lines.append("")
    if checked:
        lines += [
            "### Response sizes",
            "",
            "The same page kind, as the same role, in the large organisation "
            f"({info['labels']['large']}) and in one half as large ({info['labels']['half']}): "
            "a page whose size follows the data (a list without pages, a table with a row per "
            "unit) is larger at N than at N/2. The demo is smaller than one page of most lists, "
            "so its sizes are not the comparison. Object pages (programme, initiative, adoption "
            "track, employee) show each organisation's own busiest object, whose rows differ.",
            *(
                [
                    "The access log lists the reads of employees' pages, which this benchmark "
                    "makes itself (thousands under load at N, a few at N/2): its sizes say "
                    "nothing about the data.",
                ]
                if any(row["kind"] == "access log" for row in checked)
                else []
            ),
            "",
            "| page | role | demo bytes | N/2 bytes | N bytes | N / (N/2) | independent |",
            "| --- | --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for row in checked:
            verdict = row["verdict"]
            lines.append(
                f"| {row['kind']} | {ROLE_NAMES[row['role']]} | {row['demo']['bytes']:,} "
                f"| {row['half_bytes']:,} | {row['large']['bytes']:,} "
                f"| {verdict['size_ratio']:.2f} | {_yes(verdict['size_met'])} |"
            )
        lines.append("")
    return lines


def _slowest(slowest: list[dict]) -> list[str]:
    lines = [
        "## The slowest queries of the slowest pages",
        "",
        "The three page kinds with the highest p50 at the large size, each as the role for "
        "which it was slowest, opened once more inside the benchmark's own process (the same "
        "settings and database, Django's test client, after one request to warm it up, no "
        "other load) under Django's query capture: the number of queries, their time together "
        "(timed to the microsecond around each), and the three slowest with the first 120 "
        "characters of their SQL.",
        "",
    ]
    for page in slowest:
        lines += [
            f"### {page['kind']} ({ROLE_NAMES[page['role']]}), `{page['path']}`",
            "",
            f"p50 {page['p50']:.1f} ms under load; in-process {page['seconds'] * 1000:.0f} ms, "
            f"{page['count']} queries taking {page['query_seconds'] * 1000:.0f} ms together.",
            "",
            "| ms | SQL |",
            "| ---: | --- |",
            *[f"| {query['ms']:.1f} | `{_cell(query['sql'])}` |" for query in page["queries"]],
            "",
        ]
    return lines


# Running it.


class Server(LighthouseServer):
    """bench/lighthouse.py's gunicorn, with a response as bytes: its size."""

    def request_bytes(self, path: str, cookie: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scratch", action="store_true", help="use a throwaway database of its own"
    )
    parser.add_argument(
        "--scale", type=float, default=4.0, help="N of `seed_demo --scale N` (20: the large size)"
    )
    parser.add_argument(
        "--half-scale",
        type=float,
        help="N of the organisation for the response-size check (default N/2; 0: no check)",
    )
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=4, help="wrk's open connections")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--password", default="Voorbeeld-wachtwoord-2026")
    parser.add_argument("--port", type=int, default=8041)
    parser.add_argument("--only", help="only the page kinds whose name contains this")
    parser.add_argument("--output", type=Path, default=RESULTS)
    options = parser.parse_args()
    if options.half_scale is None:
        options.half_scale = options.scale / 2
    return options


def setup(options, work: Path) -> None:
    """The production settings, in this process and in gunicorn's (os.environ)."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": options.database_url,
            "REDIS_URL": options.redis_url,
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
        }
    )
    import django

    django.setup()


def main() -> None:
    options = arguments()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: install it (Debian, Ubuntu: apt-get install wrk).")
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    try:
        setup(options, work)
        from django.db import connection

        from bench.scratch import scratch_database

        if connection.vendor != "postgresql":
            raise SystemExit("This benchmark needs PostgreSQL (the connection pool): DATABASE_URL.")
        with scratch_database() if options.scratch else nullcontext():
            bench(options, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench(options, work: Path) -> None:
    from django.core.management import call_command
    from django.db import connection

    from organisations.large import large_slug

    started, load = time.perf_counter(), os.getloadavg()[0]
    print(f"Database: {connection.settings_dict['NAME']}", flush=True)
    if options.scratch:
        print(f"seed_demo --scale {options.scale:g} …", flush=True)
        quiet = io.StringIO()  # its list of rows: the results have the counts
        call_command("seed_demo", scale=options.scale, password=options.password, stdout=quiet)
        if options.half_scale:
            print(f"seed_demo --scale {options.half_scale:g} …", flush=True)
            call_command(
                "seed_demo", scale=options.half_scale, password=options.password, stdout=quiet
            )
        from bench.scratch import settle_database

        settle_database()
    slugs = {"demo": DEMO, "large": large_slug(options.scale)}
    if options.half_scale:
        slugs["half"] = large_slug(options.half_scale)
    organisations = find_organisations(slugs)
    if "half" not in organisations:
        print("No half-size organisation: response sizes are not checked.", flush=True)
    print("collectstatic …", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    targets = {size: object_ids(organisation) for size, organisation in organisations.items()}
    env = {**os.environ, "DATABASE_URL": database_url(connection.settings_dict)}
    pages = [page for page in PAGES if not options.only or options.only in page.kind]
    with Server(env, options.port) as server:
        rows, healthz = measure(server, options, organisations, targets, pages)
    slowest = slowest_queries(rows, organisations["large"])
    info = {
        "when": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["bench/pages.py", *sys.argv[1:]]),
        "total": time.perf_counter() - started,
        "scale": options.scale,
        "duration": options.duration,
        "connections": options.connections,
        "workers": 2,
        "labels": {
            size: f"{organisation.name}, `{organisation.slug}`"
            for size, organisation in organisations.items()
        },
        "counts": {size: counts(organisations[size]) for size in ("demo", "large")},
        "machine": machine(load),
    }
    options.output.write_text(markdown(rows, healthz, slowest, info))
    print(f"Written to {options.output} ({info['total']:.0f} s in all).", flush=True)


def find_organisations(slugs: dict[str, str]) -> dict:
    from organisations.models import Organisation

    found = {size: Organisation.objects.filter(slug=slug).first() for size, slug in slugs.items()}
    for size in ("demo", "large"):
        if found[size] is None:
            raise SystemExit(
                f"There is no organisation {slugs[size]}: run `manage.py seed_demo --scale N "
                f"--password PW` first, or use --scratch."
            )
    return {size: organisation for size, organisation in found.items() if organisation}


def object_ids(organisation) -> dict[str, int]:
    """The organisation's busiest programme, initiative with an adoption track, that
    track, and employee (by skills actions): the same kind of page at every size."""
    from django.db.models import Count

    from adoption.models import AdoptionTrack, TrainingSession
    from inclusion.models import Employee
    from transformation.models import Programme

    programme = (
        Programme.objects.for_organisation(organisation)
        .annotate(size=Count("initiatives"))
        .order_by("-size", "pk")
        .first()
    )
    track = (
        AdoptionTrack.objects.for_organisation(organisation)
        .filter(initiative__programme=programme)
        .annotate(size=Count("stakeholders"))
        .order_by("-size", "pk")
        .first()
    )
    employee = (
        Employee.objects.for_organisation(organisation)
        .filter(active=True)
        .annotate(size=Count("skills_actions"))
        .order_by("-size", "pk")
        .first()
    )
    session = TrainingSession.objects.filter(track=track).order_by("pk").first() or (
        TrainingSession.objects.for_organisation(organisation).order_by("pk").first()
    )
    if programme is None or track is None or employee is None or session is None:
        raise SystemExit(
            f"{organisation.slug} lacks a programme, an adoption track, employees or a training."
        )
    return {
        "programme": programme.pk,
        "initiative": track.initiative_id,
        "track": track.pk,
        "employee": employee.pk,
        "session": session.pk,
    }


def username(organisation, role: str) -> str:
    return role if organisation.slug == DEMO else f"{organisation.slug}-{role}"


def measure(server, options, organisations, targets, pages) -> tuple[list[dict], list[dict]]:
    """Every (page, role) at the demo's size and then the large one's; /healthz at the
    start, half-way and at the end."""
    roles = sorted({role for page in pages for role in page.roles}, key=EVERYONE.index)
    sessions = {
        (size, role): server.login(username(organisation, role), options.password)
        for size, organisation in organisations.items()
        for role in roles
    }
    lua = Path(tempfile.mkdtemp(prefix="bench-pages-wrk-")) / "percentiles.lua"
    lua.write_text(WRK_SCRIPT)
    pairs = [(page, role) for page in pages for role in page.roles]
    healthz, rows = [load_run(server, "/healthz", "", options, lua)], []
    print(f"/healthz: p50 {healthz[0]['p50']:.2f} ms", flush=True)
    for number, (page, role) in enumerate(pairs, start=1):
        row = {"kind": page.kind, "role": role}
        for size in ("demo", "large"):
            path = page.path.format(**targets[size])
            row[size] = load_run(server, path, sessions[size, role], options, lua)
            row[f"{size}_path"] = path
        if "half" in organisations and role == page.roles[0]:
            path = page.path.format(**targets["half"])
            row["half_bytes"] = len(fetch(server, path, sessions["half", role]))
        print(
            f"[{number}/{len(pairs)}] {page.kind} ({role}): p50 {row['demo']['p50']:.1f} ms "
            f"→ {row['large']['p50']:.1f} ms, {row['demo']['bytes']:,} → "
            f"{row['large']['bytes']:,} bytes",
            flush=True,
        )
        rows.append(row)
        if number == len(pairs) // 2:
            healthz.append(load_run(server, "/healthz", "", options, lua))
    healthz.append(load_run(server, "/healthz", "", options, lua))
    shutil.rmtree(lua.parent, ignore_errors=True)
    floor = floor_of(healthz)
    for row in rows:
        sizes = (
            {"half": row["half_bytes"], "large": row["large"]["bytes"]}
            if "half_bytes" in row
            else None
        )
        row["verdict"] = judge(row["demo"], row["large"], floor, sizes)
    return rows, healthz


def fetch(server, path: str, cookie: str) -> bytes:
    """One response body; a page the role may open must answer 200."""
    status, body = server.request_bytes(path, cookie)
    if status != 200:
        raise SystemExit(
            f"{path}: HTTP {status} ({cookie and 'logged in'}). A page in PAGES that its role "
            f"may not open, or a fault: {body[:300]!r}"
        )
    return body


def load_run(server, path: str, cookie: str, options, lua: Path) -> dict:
    """wrk on one page, after two requests to warm both workers up."""
    size = len(fetch(server, path, cookie))
    fetch(server, path, cookie)
    command = [
        "wrk",
        "-t1",
        f"-c{options.connections}",
        f"-d{options.duration:g}s",
        "--timeout",
        "30s",
        "-s",
        str(lua),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run(  # noqa: S603 (wrk, with our own arguments)
        [*command, server.url(path)], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"wrk failed on {path}:\n{done.stderr[-2000:]}")
    run = parse_wrk(done.stdout)
    if run["non2xx"] or run["errors"] or not run["requests"]:
        raise SystemExit(
            f"{path}: {run['non2xx']} responses outside 2xx and {run['errors']} socket errors "
            f"in {run['requests']} requests under load."
        )
    return {**run, "bytes": size}


class QueryClock:
    """Each query's time to the microsecond, with its SQL (Django's capture rounds its
    times to the millisecond)."""

    def __init__(self):
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql))


def slowest_queries(rows: list[dict], large, pages: int = 3) -> list[dict]:
    """The slowest page kinds at the large size (each as its slowest role), once more in
    this process, their queries captured."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from organisations.models import User

    slowest: dict[str, dict] = {}  # the slowest role's row of each page kind, slowest first
    for row in sorted(rows, key=lambda row: row["large"]["p50"], reverse=True):
        slowest.setdefault(row["kind"], row)
    found = []
    for row in list(slowest.values())[:pages]:
        client = Client(SERVER_NAME="127.0.0.1")
        user = User.objects.get(username=username(large, row["role"]))
        client.force_login(user)
        # The session as after the second step (the login above set up the app).
        if device := TOTPDevice.objects.filter(user=user, confirmed=True).first():
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        path = row["large_path"]
        client.get(path)  # templates and the connection warmed up
        clock = QueryClock()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(clock):
            response = client.get(path)
        seconds = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{path} in-process: HTTP {response.status_code}")
        queries = sorted(clock.queries, reverse=True)
        found.append(
            {
                "kind": row["kind"],
                "role": row["role"],
                "path": path,
                "p50": row["large"]["p50"],
                "seconds": seconds,
                "count": len(captured),
                "query_seconds": sum(took for took, _sql in queries),
                "queries": [
                    {"ms": took * 1000, "sql": " ".join(sql.split())[:120]}
                    for took, sql in queries[:3]
                ],
            }
        )
    return found


def counts(organisation) -> dict[str, int]:
    from adoption.models import AdoptionTrack
    from organisations.large import row_counts

    return {
        **row_counts(organisation),
        "adoption tracks": AdoptionTrack.objects.for_organisation(organisation).count(),
    }


def machine(load: float) -> dict[str, str]:
    import django
    import gunicorn
    import psycopg
    from django.db import connection

    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = f" x {found.group(1).strip()}" if found else ""
    version = connection.pg_version
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    return {
        "CPUs": f"{os.cpu_count()}{cpu}",
        "platform": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "gunicorn": f"{gunicorn.__version__}, 2 sync workers",
        "database": f"PostgreSQL {version // 10000}.{version % 10000}, "
        f"psycopg {psycopg.__version__}, Django's connection pool (min 2, max 10 a worker)",
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0] if (wrk.stdout or wrk.stderr) else "?",
        "load average": f"{load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end",
    }


if __name__ == "__main__":
    main()
