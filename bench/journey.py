"""A mixed journey of concurrent users against the large organisation: programme
managers, HR advisers logging skills actions and directors reading, for minutes on end,
served the way production serves them.

    .venv/bin/python bench/journey.py --scratch [--scale 4] [--users 50] [--duration 300]

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mensenwerk \\
        .venv/bin/python bench/journey.py --scale 4 --password PW

With --scratch it makes a throwaway PostgreSQL database next to the one DATABASE_URL
names (default postgres://postgres@127.0.0.1:5432/postgres): migrated, `seed_demo
--scale N` (the demo and the large organisation grootstad-N; at N = 1 only the demo, which
is then the organisation used), VACUUM ANALYZE; it is dropped afterwards, and the Redis database
--redis-url names (default 12, no other part uses it) is emptied first, so that no cache
of an earlier run answers. Without --scratch the
database must hold `seed_demo --scale N`, made with --password PW; the run writes what
its users write: sessions, the access log, and the skills actions the HR advisers log.

Then: collectstatic with the production settings (bench/pages.py's `setup`) into a
temporary folder, gunicorn on 127.0.0.1 (bench/lighthouse.py's Server: 2 workers, one a
core, here with --threads threads each: the gthread worker, with keep-alive, and Django's
connection pool as large as a worker's threads), and --users virtual users, split over the
roles as 15 programme managers, 20 HR advisers and 15 directors are over 50. Each logs in
through the login form once (its own session), before the clock starts; after one warm-up
round of each role's journey (not counted), every user walks its role's journey over and
over for --duration seconds, in a thread of its own with one keep-alive connection,
pausing between steps for a think time drawn evenly between half and one and a half times
--think (each user its own random.Random from --seed: a run can be repeated):

- programme manager: dashboard, programme, initiative, phase board, adoption track,
  decision requests;
- director: dashboard, programme, reports, lessons, inclusion dashboard, skills heatmap;
- HR adviser: dashboard, the page for logging skills actions, a real POST of that form
  (the CSRF token and the choices read from the page just fetched; one employee, one or
  two competences, a date in the last 90 days, done) answered by the redirect back to the
  form (not followed: the next step is the next page), the skills actions overview, the
  page of the employee just logged for, the skills heatmap. At the end the organisation's
  skills actions must have grown by the POSTs that succeeded.

A step is an error when its status is not the one expected (200; 302 back to the form
for the POST) or the request failed or timed out (--timeout). Once a second another
thread counts the database's connections in pg_stat_activity (all of them, and
gunicorn's by their application_name). Targets (the issue): 0 errors, p95 below 300 ms
over every request, no connection exhaustion (no 503, the peak below max_connections).
The figures go to bench/RESULTS-journey.md. At --scale 4 the full run (50 users, 300 s)
takes about 12 minutes on two CPUs: seeding about five, logins and warm-up one, the
load five.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import http.client
import io
import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Before this script's own folder: `reports` must be the app, not bench/reports.py.
sys.path.insert(0, str(ROOT))

from bench.lighthouse import cookies, csrf_token  # noqa: E402
from bench.pages import (  # noqa: E402
    DEFAULT_DATABASE,
    DEMO,
    DIRECTOR,
    HR,
    PAGES,
    PM,
    ROLE_NAMES,
    Server,
    counts,
    database_url,
    machine,
    object_ids,
    setup,
    username,
)

RESULTS = ROOT / "bench" / "RESULTS-journey.md"
# The users: 15 programme managers, 20 HR advisers, 15 directors of 50.
MIX = {PM: 15, HR: 20, DIRECTOR: 15}
P95_TARGET = 300.0  # ms, over every request
WORKERS = 2  # bench/lighthouse.py's Server starts two: one a core
APPLICATION_NAME = "bench-journey-gunicorn"  # gunicorn's connections in pg_stat_activity
LOG_PATH = "/inclusie/acties/"


@dataclass(frozen=True)
class Step:
    name: str
    path: str  # {programme}, {initiative}, {track}, {employee}: as in bench/pages.py
    method: str = "GET"
    expect: int = 200


# The form's POST: without JavaScript it answers with a redirect back to the form.
LOG_ACTION = Step("log a skills action (POST)", LOG_PATH, "POST", 302)

JOURNEYS = {
    PM: (
        "dashboard",
        "programme",
        "initiative",
        "phase board",
        "adoption track",
        "decision requests",
    ),
    DIRECTOR: (
        "dashboard",
        "programme",
        "reports",
        "lessons",
        "inclusion dashboard",
        "skills heatmap",
    ),
    HR: (
        "dashboard",
        "log skills actions",
        LOG_ACTION,
        "skills actions",
        "employee",
        "skills heatmap",
    ),
}


# The pure parts (tests/test_bench_journey.py).


def page_step(kind: str, role: str) -> Step:
    """bench/pages.py's page of this kind, which the role must be allowed to open."""
    page = next((page for page in PAGES if page.kind == kind), None)
    if page is None or role not in page.roles:
        raise ValueError(f"No page {kind!r} that a {ROLE_NAMES[role]} may open.")
    return Step(kind, page.path)


def journey(role: str) -> list[Step]:
    return [step if isinstance(step, Step) else page_step(step, role) for step in JOURNEYS[role]]


def plan(users: int) -> dict[str, int]:
    """Virtual users per role, in MIX's proportions (largest remainders; a tie goes to
    the role first in MIX)."""
    total = sum(MIX.values())
    exact = {role: users * weight / total for role, weight in MIX.items()}
    planned = {role: math.floor(share) for role, share in exact.items()}
    left = users - sum(planned.values())
    order = sorted(MIX, key=lambda role: (-(exact[role] - planned[role]), list(MIX).index(role)))
    for role in order[:left]:
        planned[role] += 1
    return planned


def virtual_users(planned: dict[str, int]) -> list[str]:
    """The role of each virtual user, the roles taking turns."""
    left, roles = dict(planned), []
    while any(left.values()):
        for role in planned:
            if left[role]:
                roles.append(role)
                left[role] -= 1
    return roles


def think_time(rng: random.Random, mean: float) -> float:
    """A pause between two steps: evenly between half and one and a half times the mean."""
    return rng.uniform(0.5 * mean, 1.5 * mean)


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear between the closest ranks; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def cookie_jar(header: str) -> dict[str, str]:
    """A Cookie header (Server.login's) as names and values."""
    jar = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            jar[name] = value
    return jar


def update_jar(jar: dict[str, str], set_cookie_headers: list[str]) -> None:
    """The Set-Cookie headers of a response into the jar; an emptied one (deleted) out."""
    for name, value in cookies(set_cookie_headers).items():
        if value in ("", '""'):
            jar.pop(name, None)
        else:
            jar[name] = value


def _attributes(tag: str) -> dict[str, str]:
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


def action_form(html: str) -> dict:
    """What the form for logging skills actions offers: its CSRF token, the types and
    statuses, the competences' checkboxes."""
    choices = {}
    for name in ("kind", "status"):
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.DOTALL)
        values = re.findall(r'<option value="([^"]*)"', select.group(1)) if select else []
        choices[name] = [value for value in values if value]
    competences = []
    for tag in re.findall(r"<input\b[^>]*>", html):
        attributes = _attributes(tag)
        if attributes.get("name") == "competences" and attributes.get("type") == "checkbox":
            competences.append(attributes["value"])
    if not choices["kind"] or "done" not in choices["status"] or not competences:
        raise ValueError("The page has no form for logging skills actions.")
    return {"csrf": csrf_token(html), "kinds": choices["kind"], "competences": competences}


def action_fields(
    form: dict, employee: int, rng: random.Random, today: datetime.date, note: str
) -> list[tuple[str, str]]:
    """The fields the form sends for one action, done, for one employee (a chip of the
    picker: a hidden input "employees")."""
    held_on = today - datetime.timedelta(days=rng.randrange(90))
    chosen = rng.sample(form["competences"], k=min(len(form["competences"]), rng.randint(1, 2)))
    return [
        ("csrfmiddlewaretoken", form["csrf"]),
        ("kind", rng.choice(form["kinds"])),
        ("held_on", held_on.isoformat()),
        ("unit", ""),
        ("employees", str(employee)),
        *(("competences", pk) for pk in chosen),
        ("hours", rng.choice(["1", "1,5", "2", "4"])),
        ("status", "done"),
        ("initiative", ""),
        ("notes", note),
    ]


def succeeded(step: Step, status: int, location: str) -> bool:
    """Whether a step got the answer it expects; the POST's redirect must go back to the
    form (not to the login page)."""
    if status != step.expect:
        return False
    return step.method != "POST" or urllib.parse.urlsplit(location).path == LOG_PATH


def organisation_slug(scale: float) -> str:
    """The organisation of `seed_demo --scale N`: grootstad-N, or at N = 1, which makes no
    large one, the demo."""
    from organisations.large import large_slug

    return DEMO if scale == 1 else large_slug(scale)


def gunicorn_arguments(threads: int, keepalive: int, timeout: int) -> str:
    """GUNICORN_CMD_ARGS: what Server's command line (bind, 2 workers) leaves open."""
    kind = "gthread" if threads > 1 else "sync"
    return f"--worker-class {kind} --threads {threads} --keep-alive {keepalive} --timeout {timeout}"


def stats(records: list[dict]) -> dict:
    times = [record["ms"] for record in records]
    return {
        "count": len(records),
        "errors": sum(1 for record in records if record["error"]),
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
    }


def summarise(records: list[dict], seconds: float, planned: dict[str, int]) -> dict:
    """Every request's figures together, and per role and step in journey order."""
    rows = []
    for role in planned:
        if not planned[role]:
            continue
        for step in journey(role):
            mine = [r for r in records if r["role"] == role and r["step"] == step.name]
            rows.append({"role": role, "step": step.name, **stats(mine)})
    statuses = collections.Counter(
        "failed" if record["status"] is None else str(record["status"]) for record in records
    )
    errors = collections.Counter(record["error"] for record in records if record["error"])
    return {
        "overall": stats(records),
        "rps": len(records) / seconds if seconds else 0.0,
        "rows": rows,
        "statuses": dict(sorted(statuses.items())),
        "unavailable": statuses.get("503", 0),
        "errors": errors.most_common(10),
        "posted": sum(1 for r in records if r["step"] == LOG_ACTION.name and not r["error"]),
    }


def connections(samples: list[dict]) -> dict:
    """The database's connections, sampled once a second: peak and median, all of them
    and gunicorn's."""
    if not samples:
        return {"samples": 0, "peak": 0, "median": 0, "gunicorn_peak": 0, "gunicorn_median": 0}
    return {
        "samples": len(samples),
        "peak": max(sample["total"] for sample in samples),
        "median": statistics.median(sample["total"] for sample in samples),
        "gunicorn_peak": max(sample["gunicorn"] for sample in samples),
        "gunicorn_median": statistics.median(sample["gunicorn"] for sample in samples),
    }


def judge(summary: dict, pool: dict, max_connections: int, actions: dict) -> list[dict]:
    """The issue's targets, each met or not, with the figure."""
    overall = summary["overall"]
    grown = actions["after"] - actions["before"]
    saved = grown == summary["posted"]
    p95 = overall["p95"]
    return [
        {
            "target": "0 errors",
            "met": overall["errors"] == 0 and saved,
            "figure": f"{overall['errors']} errors in {overall['count']:,} requests; the "
            f"skills actions grew by {grown:,} for {summary['posted']:,} successful POSTs",
        },
        {
            "target": f"p95 below {P95_TARGET:g} ms",
            "met": p95 is not None and p95 < P95_TARGET,
            "figure": "no requests" if p95 is None else f"p95 {p95:.0f} ms",
        },
        {
            "target": "no connection exhaustion",
            "met": summary["unavailable"] == 0 and pool["peak"] < max_connections,
            "figure": f"{summary['unavailable']} responses 503; at most {pool['peak']} "
            f"connections to the database (gunicorn's {pool['gunicorn_peak']}) of "
            f"max_connections {max_connections}",
        },
    ]


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _yes(met: bool) -> str:
    return "met" if met else "**not met**"


def markdown(summary: dict, info: dict) -> str:
    overall, pool = summary["overall"], info["connections"]
    planned = info["plan"]
    gunicorn = info["gunicorn"]
    lines = [
        "# A mixed journey of concurrent users on the large organisation",
        "",
        f"Written by `bench/journey.py` on {info['when']} (`{info['command']}`), "
        f"{info['total']:.0f} s in all.",
        "",
        "## What was measured",
        "",
        f"{sum(planned.values())} virtual users in {info['label']}: "
        + ", ".join(f"{planned[role]} {ROLE_NAMES[role]}s" for role in planned if planned[role])
        + f". Each logged in through the login form once (a session of its own) before the "
        f"clock started; after one warm-up round of each role's journey (not counted), each "
        f"walked its role's journey over and over for {info['duration']:g} s, in a thread of "
        f"its own with one keep-alive connection (http.client), pausing {info['think']:g} s on "
        f"average between steps (evenly between {info['think'] / 2:g} and "
        f"{info['think'] * 1.5:g} s; random seed {info['seed']}). Served by gunicorn with "
        f"`config.settings.production` (DEBUG off, Django's connection pool on PostgreSQL) over "
        f"plain HTTP on 127.0.0.1: {gunicorn['workers']} workers x {gunicorn['threads']} "
        f"threads ({gunicorn['kind']}, keep-alive {gunicorn['keepalive']} s), a pool of at most "
        f"{gunicorn['pool']} connections a worker (`DATABASE_POOL_MAX_SIZE`, as many as its "
        f"threads). A step counted as an error when its status was not the expected one "
        f"(200; for the POST 302 back to the form) or the request failed or took over "
        f"{info['timeout']:g} s. Latency: from sending the request to the last byte of the "
        f"response.",
        "",
        "The journeys:",
        "",
        *[
            f"- {ROLE_NAMES[role]}: " + ", ".join(step.name for step in journey(role))
            for role in planned
            if planned[role]
        ],
        "",
        "The HR advisers' POST is the form of the page just fetched (its CSRF token, types and "
        "competences): one action, done, for one employee of the organisation, one or two "
        "competences, a date in the last 90 days; then they open that employee's page.",
        "",
        "Rows of the organisation:",
        "",
        "| rows | count |",
        "| --- | ---: |",
        *[f"| {name} | {count:,} |" for name, count in info["counts"].items()],
        "",
        "## Machine",
        "",
        *[f"- {name}: {value}" for name, value in info["machine"].items()],
        "",
        "## Results",
        "",
        f"{overall['count']:,} requests in {info['duration']:g} s, "
        f"{summary['rps']:.1f} requests/s; {overall['errors']} errors; "
        f"p50 {_ms(overall['p50'])} ms, p95 {_ms(overall['p95'])} ms, "
        f"p99 {_ms(overall['p99'])} ms. Statuses: "
        + ", ".join(f"{status} {count:,}" for status, count in summary["statuses"].items())
        + ".",
        "",
        "| role | step | requests | errors | p50 (ms) | p95 (ms) | p99 (ms) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        *[
            f"| {ROLE_NAMES[row['role']]} | {row['step']} | {row['count']:,} | {row['errors']} "
            f"| {_ms(row['p50'])} | {_ms(row['p95'])} | {_ms(row['p99'])} |"
            for row in summary["rows"]
        ],
        f"| all | all | {overall['count']:,} | {overall['errors']} | {_ms(overall['p50'])} "
        f"| {_ms(overall['p95'])} | {_ms(overall['p99'])} |",
        "",
    ]
    if summary["errors"]:
        lines += ["The errors, most frequent first:", ""]
        lines += [f"- {count} x {error}" for error, count in summary["errors"]]
        lines.append("")
    if "http" in info:
        lines += [
            f"The users opened {info['http']['opened']:,} connections to gunicorn for these "
            f"{overall['count']:,} requests (a new one after an idle keep-alive); "
            f"{info['http']['retried']:,} requests were sent once more on a new connection "
            f"because gunicorn had just closed the idle one.",
            "",
        ]
    actions = info["actions"]
    lines += [
        f"Skills actions of the organisation: {actions['before']:,} before the clock, "
        f"{actions['after']:,} after ({actions['after'] - actions['before']:,} more; "
        f"{summary['posted']:,} POSTs answered with the redirect).",
        "",
        "## Database connections",
        "",
        f"Counted once a second in `pg_stat_activity` for the database ({pool['samples']} "
        f"samples, the sampling connection not counted): at most **{pool['peak']}**, median "
        f"{pool['median']:g}; gunicorn's (application_name `{APPLICATION_NAME}`) at most "
        f"{pool['gunicorn_peak']}, median {pool['gunicorn_median']:g}, of a ceiling of "
        f"{gunicorn['workers'] * gunicorn['pool']} ({gunicorn['workers']} workers x "
        f"{gunicorn['pool']}); the others are the benchmark's own Django pool's. The server "
        f"allows {info['max_connections']} (`max_connections`).",
        "",
        "## Targets",
        "",
    ]
    lines += [
        f"- {verdict['target']}: {_yes(verdict['met'])} ({verdict['figure']})"
        for verdict in info["verdicts"]
    ]
    return "\n".join(lines) + "\n"


# Running it.


class Browser:
    """One virtual user: its keep-alive connection and its cookies."""

    def __init__(self, port: int, cookie: str, timeout: float, keepalive: float):
        self.port, self.timeout, self.keepalive = port, timeout, keepalive
        self.jar = cookie_jar(cookie)
        self.connection: http.client.HTTPConnection | None = None
        self.last = 0.0
        self.opened = self.retried = 0  # connections, and requests sent once more

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def send(self, method: str, path: str, fields=None) -> tuple[int, str, str]:
        """Status, Location and body. A connection idle for about gunicorn's keep-alive
        is opened anew first, as browsers do; one the server closed meanwhile once more."""
        if self.connection is not None and time.monotonic() - self.last > self.keepalive - 0.5:
            self.close()
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.jar.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for attempt in (1, 2):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=self.timeout
                )
                self.opened += 1
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if reused and attempt == 1:
                    self.retried += 1
                    continue
                raise
            except BaseException:
                self.close()
                raise
            self.last = time.monotonic()
            update_jar(self.jar, response.headers.get_all("Set-Cookie") or [])
            if response.will_close:
                self.close()
            return response.status, response.headers.get("Location", ""), content.decode()
        raise AssertionError("unreachable")


class VirtualUser:
    def __init__(self, number: int, role: str, browser: Browser, options, targets, employees):
        self.number, self.role, self.browser = number, role, browser
        self.rng = random.Random(f"{options.seed}-{number}")
        self.think = options.think
        self.targets, self.employees = targets, employees
        self.steps = journey(role)
        self.records: list[dict] = []
        self.form: dict | None = None
        self.employee = targets["employee"]
        self.posts = 0

    def step(self, step: Step) -> tuple[int | None, float, str | None]:
        """One step: its status (None: failed), time in ms and error (None: none)."""
        from django.utils import timezone

        fields = None
        if step is LOG_ACTION:
            if self.form is None:
                return None, 0.0, "POST without the form: its page failed"
            self.employee = self.rng.choice(self.employees)
            self.posts += 1
            fields = action_fields(
                self.form,
                self.employee,
                self.rng,
                timezone.localdate(),
                f"bench/journey.py, user {self.number}, action {self.posts}",
            )
        path = step.path.format(**{**self.targets, "employee": self.employee})
        started = time.perf_counter()
        try:
            status, location, html = self.browser.send(step.method, path, fields)
        except Exception as error:  # every failure is an error of the run
            ms = (time.perf_counter() - started) * 1000
            return None, ms, f"{step.name}: {type(error).__name__}"
        ms = (time.perf_counter() - started) * 1000
        if step.name == "log skills actions":
            self.form = None
            if status == 200:
                try:
                    self.form = action_form(html)
                except ValueError:
                    return status, ms, f"{step.name}: HTTP 200 without the form"
        if succeeded(step, status, location):
            return status, ms, None
        what = f"{step.name}: HTTP {status}"
        if status == 200 and step is LOG_ACTION:
            what += " (not saved: the form came back)"
        elif location:
            what += f" to {urllib.parse.urlsplit(location).path}"
        return status, ms, what

    def warm_up(self) -> list[str]:
        """Once through the journey, not counted: the errors."""
        errors = []
        for step in self.steps:
            _, _, error = self.step(step)
            if error:
                errors.append(error)
        return errors

    def run(self, start: float, end: float) -> None:
        self.browser.opened = self.browser.retried = 0  # the warm-up's are not the run's
        self.sleep_until(start + self.rng.uniform(0, self.think), end)
        while time.perf_counter() < end:
            for step in self.steps:
                if time.perf_counter() >= end:
                    break
                at = time.perf_counter() - start
                status, ms, error = self.step(step)
                self.records.append(
                    {
                        "role": self.role,
                        "step": step.name,
                        "status": status,
                        "ms": ms,
                        "error": error,
                        "at": at,
                    }
                )
                self.sleep_until(time.perf_counter() + think_time(self.rng, self.think), end)
        self.browser.close()

    @staticmethod
    def sleep_until(moment: float, end: float) -> None:
        wait = min(moment, end) - time.perf_counter()
        if wait > 0:
            time.sleep(wait)


class ConnectionSampler(threading.Thread):
    """The database's connections in pg_stat_activity, once a second."""

    def __init__(self, settings_dict: dict):
        super().__init__(daemon=True)
        import psycopg

        self.connection = psycopg.connect(
            dbname=settings_dict["NAME"],
            user=settings_dict.get("USER") or None,
            password=settings_dict.get("PASSWORD") or None,
            host=settings_dict.get("HOST") or "127.0.0.1",
            port=settings_dict.get("PORT") or 5432,
            autocommit=True,
            application_name="bench-journey-sampler",
        )
        self.database = settings_dict["NAME"]
        self.samples: list[dict] = []
        self.stopped = threading.Event()
        self.max_connections = int(self.connection.execute("SHOW max_connections").fetchone()[0])

    def run(self) -> None:
        while not self.stopped.is_set():
            total, gunicorn = self.connection.execute(
                "SELECT count(*), count(*) FILTER (WHERE application_name = %s) "
                "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [APPLICATION_NAME, self.database],
            ).fetchone()
            self.samples.append({"total": total, "gunicorn": gunicorn})
            self.stopped.wait(1.0)

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=10)
        self.connection.close()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scratch", action="store_true", help="use a throwaway database of its own"
    )
    parser.add_argument(
        "--scale", type=float, default=4.0, help="N of `seed_demo --scale N` (20: the large size)"
    )
    parser.add_argument("--users", type=int, default=50, help="virtual users")
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of load")
    parser.add_argument(
        "--think", type=float, default=3.0, help="mean seconds a user pauses between steps"
    )
    parser.add_argument("--seed", type=int, default=18, help="of the users' random choices")
    parser.add_argument(
        "--threads", type=int, default=4, help="gunicorn's threads a worker (2 workers)"
    )
    parser.add_argument("--keep-alive", type=int, default=5, help="gunicorn's, in seconds")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a request may take")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--password", default="Voorbeeld-wachtwoord-2026")
    parser.add_argument("--port", type=int, default=8043)
    parser.add_argument("--output", type=Path, default=RESULTS)
    options = parser.parse_args()
    if options.users < 1 or options.threads < 1 or options.duration <= 0 or options.think < 0:
        parser.error("--users and --threads at least 1, --duration above 0, --think 0 or more")
    return options


def main() -> None:
    options = arguments()
    work = Path(tempfile.mkdtemp(prefix="bench-journey-"))
    try:
        setup(options, work)
        from django.db import connection

        from bench.scratch import scratch_database

        if connection.vendor != "postgresql":
            raise SystemExit("This benchmark needs PostgreSQL (the connection pool): DATABASE_URL.")
        with scratch_database() if options.scratch else nullcontext():
            bench(options)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench(options) -> None:
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from inclusion.models import Employee, SkillsAction
    from organisations.models import Organisation

    started, load = time.perf_counter(), os.getloadavg()[0]
    print(f"Database: {connection.settings_dict['NAME']}", flush=True)
    if options.scratch:
        cache.clear()
        print(f"seed_demo --scale {options.scale:g} …", flush=True)
        quiet = io.StringIO()  # its list of rows: the results have the counts
        call_command("seed_demo", scale=options.scale, password=options.password, stdout=quiet)
        from bench.scratch import settle_database

        settle_database()
    slug = organisation_slug(options.scale)
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise SystemExit(
            f"There is no organisation {slug}: run `manage.py seed_demo --scale N --password PW` "
            f"first, or use --scratch."
        )
    print("collectstatic …", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    targets = object_ids(organisation)
    employees = list(
        Employee.objects.for_organisation(organisation)
        .filter(active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    planned = plan(options.users)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "GUNICORN_CMD_ARGS": gunicorn_arguments(options.threads, options.keep_alive, 60),
        "DATABASE_POOL_MAX_SIZE": str(options.threads),
        "DATABASE_POOL_MIN_SIZE": str(min(2, options.threads)),
        "PGAPPNAME": APPLICATION_NAME,
    }
    with Server(env, options.port) as server:
        print(f"{options.users} logins …", flush=True)
        users = [
            VirtualUser(
                number,
                role,
                Browser(
                    options.port,
                    server.login(username(organisation, role), options.password),
                    options.timeout,
                    options.keep_alive,
                ),
                options,
                targets,
                employees,
            )
            for number, role in enumerate(virtual_users(planned), start=1)
        ]
        print("Warming up …", flush=True)
        for role in planned:
            first = next((user for user in users if user.role == role), None)
            errors = first.warm_up() if first else []
            if errors:
                raise SystemExit(f"The warm-up of the {ROLE_NAMES[role]}s failed: {errors}")
        before = SkillsAction.objects.for_organisation(organisation).count()
        records, samples, max_connections, seconds = load_run(users, options)
    after = SkillsAction.objects.for_organisation(organisation).count()
    summary = summarise(records, seconds, planned)
    pool = connections(samples)
    actions = {"before": before, "after": after}
    info = {
        "when": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["bench/journey.py", *sys.argv[1:]]),
        "total": time.perf_counter() - started,
        "label": f"{organisation.name}, `{organisation.slug}` (`seed_demo --scale "
        f"{options.scale:g}`; the large size is 20"
        + ("; at 1 it makes only the demo" if organisation.slug == DEMO else "")
        + ")",
        "plan": planned,
        "duration": options.duration,
        "think": options.think,
        "seed": options.seed,
        "timeout": options.timeout,
        "gunicorn": {
            "workers": WORKERS,
            "threads": options.threads,
            "kind": "gthread" if options.threads > 1 else "sync",
            "keepalive": options.keep_alive,
            "pool": options.threads,
        },
        "counts": counts(organisation),
        "machine": machine_info(load, options),
        "connections": pool,
        "max_connections": max_connections,
        "actions": actions,
        "http": {
            "opened": sum(user.browser.opened for user in users),
            "retried": sum(user.browser.retried for user in users),
        },
        "verdicts": judge(summary, pool, max_connections, actions),
    }
    options.output.write_text(markdown(summary, info))
    overall = summary["overall"]
    print(
        f"{overall['count']:,} requests, {summary['rps']:.1f}/s, {overall['errors']} errors, "
        f"p50 {_ms(overall['p50'])} ms, p95 {_ms(overall['p95'])} ms, p99 "
        f"{_ms(overall['p99'])} ms; connections at most {pool['peak']} (gunicorn's "
        f"{pool['gunicorn_peak']}), median {pool['median']:g}",
        flush=True,
    )
    for verdict in info["verdicts"]:
        print(f"{verdict['target']}: {_yes(verdict['met'])} ({verdict['figure']})", flush=True)
    print(f"Written to {options.output} ({info['total']:.0f} s in all).", flush=True)


def load_run(users: list[VirtualUser], options) -> tuple[list[dict], list[dict], int, float]:
    """Every user in a thread of its own for --duration seconds, the sampler alongside."""
    from django.db import connection

    sampler = ConnectionSampler(connection.settings_dict)
    start = time.perf_counter() + 1.0
    end = start + options.duration
    threads = [
        threading.Thread(target=user.run, args=(start, end), daemon=True, name=f"user-{n}")
        for n, user in enumerate(users, start=1)
    ]
    print(f"{len(users)} users for {options.duration:g} s …", flush=True)
    sampler.start()
    for thread in threads:
        thread.start()
    while time.perf_counter() < end:
        time.sleep(min(10.0, max(0.1, end - time.perf_counter())))
        done = [record for user in users for record in user.records]
        print(
            f"  {max(time.perf_counter() - start, 0):.0f} s: {len(done):,} requests, "
            f"{sum(1 for record in done if record['error'])} errors",
            flush=True,
        )
    for thread in threads:  # the requests under way when the clock stopped
        thread.join(timeout=max(0.1, end + options.timeout + 5 - time.perf_counter()))
    sampler.stop()
    records = [record for user in users for record in user.records]
    return records, sampler.samples, sampler.max_connections, options.duration


def machine_info(load: float, options) -> dict[str, str]:
    """bench/pages.py's machine, with this run's gunicorn and pool."""
    import psycopg

    try:
        found = machine(load)
    except FileNotFoundError:  # without wrk, which it names and this run does not use
        found = {
            "CPUs": str(os.cpu_count()),
            "load average": f"{load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end",
        }
    found.pop("wrk", None)
    kind = "gthread" if options.threads > 1 else "sync"
    found["gunicorn"] = (
        f"{found.get('gunicorn', '').split(',')[0] or '?'}, {WORKERS} {kind} workers x "
        f"{options.threads} threads, keep-alive {options.keep_alive} s"
    )
    version = found.get("database", "").split(",")[0] or "PostgreSQL"
    found["database"] = (
        f"{version}, psycopg {psycopg.__version__}, Django's connection pool (min "
        f"{min(2, options.threads)}, max {options.threads} a worker)"
    )
    return found


if __name__ == "__main__":
    main()
