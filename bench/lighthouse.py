"""Lighthouse (mobile profile) on the pages people open most: the dashboard of each role,
the programme page and the inclusion pages, served the way production serves them.

    .venv/bin/python bench/lighthouse.py [--runs 3] [--database-url URL --password PW]

Without --database-url it makes the demo in a throwaway SQLite database (migrate,
seed_demo). Either way: collectstatic with the production settings into a temporary
folder, gunicorn on 127.0.0.1, a login per demo user through the login form, then
`lighthouse` (npm, package.json's devDependencies) per page with Chromium, each page
`--runs` times; the run with the median performance score counts, as Lighthouse's own
advice has it. The figures go to bench/RESULTS-pages.md.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import gzip
import hmac
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS-pages.md"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PYTHON = sys.executable
CATEGORIES = ("performance", "accessibility", "best-practices")
# The targets of issue 18.
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100}


@dataclass(frozen=True)
class Page:
    label: str
    user: str
    path: str  # "{programme}" is the demo programme's id, found on the overview


PAGES = [
    Page("dashboard, programme manager", "programma", "/dashboard/"),
    Page("dashboard, HR adviser", "hr", "/dashboard/"),
    Page("dashboard, director", "directeur", "/dashboard/"),
    Page("dashboard, organisation admin", "beheer", "/dashboard/"),
    Page("programme", "programma", "/visie-en-programma/programma/{programme}/"),
    Page("inclusion: overview", "hr", "/inclusie/"),
    Page("inclusion: employees", "hr", "/inclusie/medewerkers/"),
    Page("inclusion: skills framework", "hr", "/inclusie/vaardigheden/"),
    Page("inclusion: skills gap", "hr", "/inclusie/vaardigheden/kloof/"),
    Page("inclusion: actions", "hr", "/inclusie/acties/overzicht/"),
    Page("inclusion: development talks", "hr", "/inclusie/pop-gesprekken/dekking/"),
    Page("inclusion: job metamorphosis", "hr", "/inclusie/functiemetamorfose/"),
    Page("inclusion: metamorphosis dashboard", "hr", "/inclusie/dashboard/"),
    Page("inclusion: lessons", "hr", "/inclusie/lessen/"),
]


# The pure parts (tests/test_bench_lighthouse.py).


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if match is None:
        raise ValueError("The login page has no CSRF token.")
    return match.group(1)


def cookies(set_cookie_headers: list[str]) -> dict[str, str]:
    """Name and value of each Set-Cookie header. (http.cookiejar will not send the
    production settings' Secure cookies over plain HTTP to 127.0.0.1.)"""
    jar = {}
    for header in set_cookie_headers:
        name, _, value = header.split(";", 1)[0].partition("=")
        jar[name.strip()] = value.strip()
    return jar


def totp_code(secret: str, at: float) -> str:
    """An authenticator app's code (RFC 6238: SHA-1, 30 seconds, six digits) for the secret
    that Mensenwerk's set-up page shows."""
    key = base64.b32decode(secret.replace(" ", ""))
    digest = hmac.new(key, int(at // 30).to_bytes(8, "big"), "sha1").digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def summarise(report: dict) -> dict:
    """The figures of one Lighthouse JSON report."""
    audits = report["audits"]
    transfer = {
        item["resourceType"]: item["transferSize"]
        for item in audits["resource-summary"]["details"]["items"]
    }
    return {
        **{name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES},
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "css_kb": transfer.get("stylesheet", 0) / 1024,
        "total_kb": transfer.get("total", 0) / 1024,
        "render_blocking_ms": audits["render-blocking-resources"].get("numericValue", 0),
        "unused_css_kb": (
            audits["unused-css-rules"].get("details", {}).get("overallSavingsBytes", 0) / 1024
        ),
        # Why a score is below 100: the audits that failed, and what shifted the layout.
        "failed": sorted(
            ref["id"]
            for name in CATEGORIES[1:]
            for ref in report["categories"][name]["auditRefs"]
            if ref["weight"]
            and audits[ref["id"]]["score"] is not None
            and audits[ref["id"]]["score"] < 1
        ),
        "shifts": [
            item["node"].get("selector", "?")
            for item in audits.get("layout-shifts", {}).get("details", {}).get("items", [])
            if "node" in item
        ],
    }


def median_run(runs: list[dict]) -> dict:
    """The run with the median performance score (the lower middle one of an even count)."""
    ordered = sorted(runs, key=lambda run: (run["performance"], run["lcp"]))
    return ordered[(len(ordered) - 1) // 2]


def missed(row: dict) -> list[str]:
    """The targets a page misses, each with by how much."""
    return [
        f"{name} {row[name]} ({target - row[name]} below {target})"
        for name, target in TARGETS.items()
        if row[name] < target
    ]


def markdown(rows: list[dict], sheets: list[dict], info: dict) -> str:
    lines = [
        "# Pages: Lighthouse, mobile profile",
        "",
        f"Written by `bench/lighthouse.py` on {info['when']} (`{info['command']}`).",
        "",
        "## What was measured",
        "",
        "Each page of the demo organisation (voorbeeldstad), logged in as its demo user, served "
        "by gunicorn with `config.settings.production` (static files by whitenoise from "
        "collectstatic: hashed names, gzip and Brotli) over plain HTTP on 127.0.0.1. Lighthouse's "
        "default configuration: the mobile profile (a mid-range phone, simulated slow 4G and a "
        "4x slower CPU), cold cache. Each page was measured "
        f"{info['runs']} time(s); the run with the median performance score is shown. LCP is the "
        "largest contentful paint, FCP the first contentful paint, TBT the total blocking time; "
        "CSS is the stylesheets' transferred size, total everything the page transferred.",
        "",
        "## Machine",
        "",
        *[f"- {name}: {value}" for name, value in info["machine"].items()],
        "",
        "## Stylesheets every page loads",
        "",
        "| file | size (KB) | gzip (KB) | Brotli (KB) |",
        "| --- | ---: | ---: | ---: |",
        *[
            f"| `{sheet['name']}` | {sheet['size'] / 1024:.1f} | {_kb(sheet['gzip'])} "
            f"| {_kb(sheet['brotli'])} |"
            for sheet in sheets
        ],
        "",
        "## Results",
        "",
        "| page | user | performance | accessibility | best practices | LCP (s) | FCP (s) "
        "| TBT (ms) | CLS | CSS (KB) | total (KB) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['label']} | {row['user']} | {row['performance']} | {row['accessibility']} "
            f"| {row['best-practices']} | {row['lcp']:.1f} | {row['fcp']:.1f} | {row['tbt']:.0f} "
            f"| {row['cls']:.3f} | {row['css_kb']:.1f} | {row['total_kb']:.1f} |"
        )
    lines += ["", "Performance scores of every run:", ""]
    lines += [
        f"- {row['label']}: {', '.join(str(run['performance']) for run in row['runs'])}"
        for row in rows
    ]
    misses = [(row["label"], missed(row)) for row in rows if missed(row)]
    lines += ["", "## Targets", ""]
    lines.append(
        "Performance at least 95, accessibility and best practices 100 on every page: "
        + ("met." if not misses else "missed on these pages:")
    )
    if misses:
        lines.append("")
        lines += [f"- {label}: {'; '.join(what)}" for label, what in misses]
    flawed = [row for row in rows if row["failed"] or row["shifts"]]
    if flawed:
        lines += ["", "Failed accessibility and best-practice audits, and what shifted the layout:"]
        lines.append("")
    lines += [
        f"- {row['label']}: audits {', '.join(row['failed']) or 'none'}; "
        f"shifted {', '.join(f'`{shift}`' for shift in row['shifts']) or 'nothing'}"
        for row in flawed
    ]
    return "\n".join(lines) + "\n"


def _kb(size: int | None) -> str:
    return "-" if size is None else f"{size / 1024:.1f}"


# Running it.


class Server:
    """gunicorn with the production settings, and a little HTTP client for the logins."""

    def __init__(self, env: dict, port: int):
        self.env, self.port = env, port
        self.process: subprocess.Popen | None = None
        # Per user: the authenticator app's secret, and the last 30-second step used.
        self.totp_secrets: dict[str, str] = {}
        self.totp_steps: dict[str, int] = {}

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603 (our own programs and arguments)
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        for _ in range(100):
            try:
                if self.get("/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not answer on /healthz.")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def request(self, method: str, path: str, headers=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read().decode()
        return response.status, response, content

    def get(self, path: str, cookie: str = ""):
        status, _, content = self.request("GET", path, {"Cookie": cookie})
        return status, content

    def login(self, username: str, password: str) -> str:
        """The session's Cookie header, after the login form."""
        _, response, html = self.request("GET", "/accounts/login/")
        jar = cookies(response.headers.get_all("Set-Cookie") or [])
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": csrf_token(html), "username": username, "password": password}
        )
        status, response, _ = self.request(
            "POST",
            "/accounts/login/",
            {
                "Cookie": f"csrftoken={jar['csrftoken']}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.url("/accounts/login/"),
            },
            body,
        )
        jar |= cookies(response.headers.get_all("Set-Cookie") or [])
        if status != 302 or "sessionid" not in jar:
            raise SystemExit(f"{username} could not log in (HTTP {status}).")
        jar = self.second_factor(username, jar)
        return "; ".join(f"{name}={value}" for name, value in jar.items())

    def second_factor(self, username: str, jar: dict) -> dict:
        """The second step, as a person takes it: at the first login the secret from the
        set-up page goes into the app (`totp_code` here), after that the app's code."""
        cookie = "; ".join(f"{name}={value}" for name, value in jar.items())
        status, response, _ = self.request("GET", "/dashboard/", {"Cookie": cookie})
        step = response.getheader("Location", "") if status == 302 else ""
        if "/accounts/tweestaps/" not in step:
            return jar
        _, response, html = self.request("GET", step, {"Cookie": cookie})
        jar |= cookies(response.headers.get_all("Set-Cookie") or [])
        if secret := re.search(r'<code id="secret"[^>]*>([A-Z2-7 ]+)</code>', html):
            self.totp_secrets[username] = secret.group(1)
        # A code works once: a second login within the same 30 seconds waits for the next.
        while int(time.time() // 30) == self.totp_steps.get(username):
            time.sleep(1)
        self.totp_steps[username] = int(time.time() // 30)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf_token(html),
                "code": totp_code(self.totp_secrets[username], time.time()),
                "next": "/dashboard/",
            }
        )
        cookie = "; ".join(f"{name}={value}" for name, value in jar.items())
        status, response, _ = self.request(
            "POST",
            step,
            {
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.url(step),
            },
            body,
        )
        jar |= cookies(response.headers.get_all("Set-Cookie") or [])
        if status not in (200, 302):
            raise SystemExit(f"{username} did not pass the second step (HTTP {status}).")
        return jar


def manage(env: dict, *arguments: str) -> None:
    command = [PYTHON, "manage.py", *arguments]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 (ours)


def lighthouse(url: str, cookie: str, attempts: int = 2) -> dict:
    """One run; Chromium sometimes fails to start on a busy machine, so once more then."""
    result = subprocess.run(  # noqa: S603 (our own programs and arguments)
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--extra-headers={json.dumps({'Cookie': cookie})}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        cwd=ROOT,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        capture_output=True,
        text=True,
    )
    if result.returncode == 0:
        return json.loads(result.stdout)
    if attempts > 1:
        print(f"Lighthouse failed on {url}, once more: {result.stderr[-500:]}", flush=True)
        return lighthouse(url, cookie, attempts - 1)
    raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")


def stylesheet_sizes(static_root: Path, html: str) -> list[dict]:
    sheets = []
    for href in stylesheets(html):
        name = href.removeprefix("/static/")
        path = static_root / name
        compressed = {
            kind: (static_root / f"{name}.{suffix}").stat().st_size
            if (static_root / f"{name}.{suffix}").is_file()
            else None
            for kind, suffix in (("gzip", "gz"), ("brotli", "br"))
        }
        if compressed["gzip"] is None:  # what serving it uncompressed would cost
            compressed["gzip"] = len(gzip.compress(path.read_bytes()))
        sheets.append({"name": name, "size": path.stat().st_size, **compressed})
    return sheets


def versions() -> dict[str, str]:
    chromium = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    return {
        "CPUs": f"{os.cpu_count()} ({platform.processor() or platform.machine()})",
        "platform": platform.platform(),
        "Python": platform.python_version(),
        "Lighthouse": subprocess.run(  # noqa: S603
            [str(LIGHTHOUSE), "--version"], capture_output=True, text=True
        ).stdout.strip(),
        "Chromium": subprocess.run(  # noqa: S603
            [chromium, "--version"], capture_output=True, text=True
        ).stdout.strip(),
        "load average at the start": f"{os.getloadavg()[0]:.1f}",
    }


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument("--database-url", help="a database with the demo (default: make one)")
    parser.add_argument("--password", default="Voorbeeld-wachtwoord-2026")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--port", type=int, default=8031)
    parser.add_argument("--only", help="only the pages whose label contains this")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def main() -> None:
    options = arguments()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: `npm ci` installs it (package.json).")
    work = Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": options.database_url or f"sqlite:///{work / 'demo.sqlite3'}",
            "REDIS_URL": options.redis_url,
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
        }
        if not options.database_url:
            print("The demo in a throwaway database …", flush=True)
            manage(env, "migrate", "--noinput", "-v0")
            manage(env, "seed_demo", "--password", options.password)
        manage(env, "collectstatic", "--noinput", "-v0")
        info = {
            "when": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "command": " ".join(["bench/lighthouse.py", *sys.argv[1:]]),
            "runs": options.runs,
            "machine": versions(),
        }
        with Server(env, options.port) as server:
            sessions = {page.user: server.login(page.user, options.password) for page in PAGES}
            _, overview = server.get("/visie-en-programma/", sessions["programma"])
            programme = re.search(r"/visie-en-programma/programma/(\d+)/", overview).group(1)
            _, dashboard = server.get("/dashboard/", sessions["programma"])
            sheets = stylesheet_sizes(Path(env["STATIC_ROOT"]), dashboard)
            rows = []
            for page in PAGES:
                if options.only and options.only not in page.label:
                    continue
                path = page.path.format(programme=programme)
                status, _ = server.get(path, sessions[page.user])
                if status != 200:
                    raise SystemExit(f"{path} as {page.user}: HTTP {status}")
                runs = []
                for _ in range(options.runs):
                    runs.append(summarise(lighthouse(server.url(path), sessions[page.user])))
                row = {**median_run(runs), "label": page.label, "user": page.user, "runs": runs}
                print(
                    f"{page.label}: " + ", ".join(str(run["performance"]) for run in runs),
                    flush=True,
                )
                rows.append(row)
        options.output.write_text(markdown(rows, sheets, info))
        print(f"Written to {options.output}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
