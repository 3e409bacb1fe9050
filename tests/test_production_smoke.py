"""The production path, as the Dockerfile and docker-compose.yml run it, without Docker.

Production settings with a generated secret key on a fresh PostgreSQL database:
migrate, the demo, `collectstatic` with the compressing manifest storage, gunicorn
with DEBUG off, and a real Celery worker and beat on Redis. Every role logs in through
the form and walks its pages (no answer of 500 or more, stylesheets served from the
collected files), and a director's management report, requested on the page, is made
by the worker and downloaded.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from base64 import b32decode
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django_otp.oath import totp

pytestmark = pytest.mark.services

PASSWORD = "smoke-Mensenwerk-2026"
ROLES = {
    "programma": "programme manager",
    "hr": "HR adviser",
    "directeur": "director",
    "beheer": "organisation admin",
}
PAGES_PER_ROLE = 45
# A Redis database no test worker uses (they take 1 to 12).
REDIS_DB = 15


# --- A small HTTP client: cookies kept by hand, since production marks them Secure ----------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    path: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def is_html(self) -> bool:
        return self.headers.get("Content-Type", "").startswith("text/html")


class Client:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Accept-Language": "nl"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        raw = conn.getresponse()
        response = Response(raw.status, raw.headers, raw.read(), path)
        conn.close()
        for header in raw.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def follow(self, response: Response) -> Response:
        for _ in range(5):
            if response.status not in (301, 302, 303, 307, 308):
                return response
            target = urljoin(response.path, response.headers["Location"])
            response = self.request("GET", target)
        raise AssertionError(f"Too many redirects from {response.path}")

    def get(self, path: str) -> Response:
        return self.follow(self.request("GET", path))

    def post(self, path: str, data: dict) -> Response:
        return self.follow(self.request("POST", path, data))


class Page(HTMLParser):
    """Links, stylesheets, scripts and forms of one page."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[str] = []
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.forms: list[dict] = []
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": {}})
        elif tag == "input" and self.forms and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                self.forms[-1]["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "select" and self.forms:
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.forms[-1]["fields"][self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def form(self, with_field: str) -> dict:
        """The fields of the form that has a field named `with_field`."""
        return next(form["fields"] for form in self.forms if with_field in form["fields"])


# --- The services of the production stack ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Stack:
    root: Path
    port: int
    env: dict
    processes: list = field(default_factory=list)

    def run(self, *args: str, timeout: float = 300) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr[-3000:]}"
        return result.stdout

    def start(self, name: str, *command: str) -> None:
        log = open(self.root / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append((name, process, log))

    def logs(self) -> str:
        return "\n".join(
            f"--- {name}\n{(self.root / f'{name}.log').read_text()[-3000:]}"
            for name, _process, _log in self.processes
        )

    def stop(self) -> None:
        for _name, process, _log in self.processes:
            process.terminate()
        for _name, process, log in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


def wait_for(condition, what: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if result := condition():
                return result
        time.sleep(0.2)
    pytest.fail(f"Waited {timeout} s for {what}")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail("The production smoke test needs PostgreSQL and Redis: `make test` has both.")
    db = connection.settings_dict
    server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    name = f"mensenwerk_smoke_{os.getpid()}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    root = tmp_path_factory.mktemp("production")
    port = free_port()
    redis = urlsplit(settings.REDIS_URL)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST_", "REDIS_", "AXES_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}",
        "REDIS_URL": f"redis://{redis.hostname}:{redis.port or 6379}/{REDIS_DB}",
        "STATIC_ROOT": str(root / "static"),
        "MEDIA_ROOT": str(root / "media"),
        "MENSENWERK_BASE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    stack = Stack(root=root, port=port, env=env)
    try:
        stack.run("migrate", "--noinput")
        stack.run("collectstatic", "--noinput")
        stack.run("seed_demo", "--password", PASSWORD)
        bin_dir = Path(sys.executable).parent
        stack.start(
            "gunicorn",
            str(bin_dir / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "-",
        )
        celery = [sys.executable, "-m", "celery", "--app", "config"]
        stack.start(
            "worker",
            *celery,
            "worker",
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
        )
        stack.start(
            "beat", *celery, "beat", "--loglevel", "DEBUG", "--schedule", str(root / "beat")
        )
        client = Client(port)
        wait_for(lambda: client.request("GET", "/readyz").status == 200, "gunicorn to be ready")
        yield stack
    finally:
        stack.stop()
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def log_in(stack: Stack, username: str) -> Client:
    client = Client(stack.port)
    page = client.get("/accounts/login/")
    assert page.status == 200
    assert 'name="username"' in page.text
    token = Page(page.text).form("csrfmiddlewaretoken")["csrfmiddlewaretoken"]
    response = client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    if response.path.startswith("/accounts/tweestaps/instellen/"):
        response = set_up_the_authenticator_app(client, response)
    assert response.status == 200, f"{username} could not log in: {response.status}"
    assert response.path == "/dashboard/", f"{username} landed on {response.path}"
    return client


def set_up_the_authenticator_app(client: Client, page: Response) -> Response:
    """HR advisers and organisation admins set up the second factor at their first login,
    as a person does: the secret from the page into the app, the app's code into the form,
    then on to where they were going."""
    secret = re.search(r'<code id="secret"[^>]*>([A-Z2-7 ]+)</code>', page.text).group(1)
    form = Page(page.text).form("code")
    code = f"{totp(b32decode(secret.replace(' ', ''))):06d}"
    recovery_codes = client.post(page.path, {**form, "code": code})
    assert recovery_codes.status == 200 and "<code>" in recovery_codes.text
    return client.get(form["next"])


def walkable(link: str) -> str | None:
    """A same-site page worth a GET: no logout, language switch, static or downloads twice."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(("/accounts/logout", "/i18n/", "/static/", "/media/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- The tests -------------------------------------------------------------------------------


def test_the_stylesheets_are_the_collected_and_compressed_ones(stack):
    page = Page(Client(stack.port).get("/accounts/login/").text)
    assert len(page.stylesheets) == 3
    for href in page.stylesheets:
        # The manifest storage gives every collected file a name with its hash.
        assert re.search(r"\.[0-9a-f]{12}\.css$", href), href
        path = stack.root / "static" / href.removeprefix("/static/")
        assert path.is_file() and Path(f"{path}.gz").is_file(), href


def test_debug_is_off_and_errors_are_in_house_style(stack):
    response = Client(stack.port).get("/bestaat-niet/")
    assert response.status == 404
    assert "Pagina niet gevonden" in response.text
    assert "Django" not in response.text  # not the technical debug page


@pytest.mark.parametrize("username", ROLES, ids=ROLES.values())
def test_every_role_logs_in_and_walks_its_pages(stack, username):
    client = log_in(stack, username)
    seen: dict[str, int] = {}
    assets: dict[str, int] = {}
    queue = deque(["/dashboard/"])
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status
        assert response.status < 500, f"{username}: {path} answered {response.status}"
        if not response.is_html or response.status != 200:
            continue
        page = Page(response.text)
        assert page.stylesheets, f"{path} has no stylesheet"
        for href in page.stylesheets + page.scripts:
            if href not in assets:
                asset = client.request("GET", href)
                assets[href] = asset.status
                assert asset.status == 200, f"{href} on {path}: {asset.status}"
                assert len(asset.body) > 100, href
        # The administration's own links (filters, sorting) would fill the walk.
        if not path.startswith("/admin/"):
            queue.extend(link for link in map(walkable, page.links) if link and link not in seen)
    assert len(seen) >= 8, f"{username} reached only {sorted(seen)}"
    assert "/dashboard/" in seen


def test_the_demo_comes_with_last_months_reports(stack):
    overview = log_in(stack, "directeur").get("/rapportages/")
    downloads = re.findall(r'href="(/rapportages/\d+/download/)"', overview.text)
    assert downloads, "the demo's management report is listed with its download"


def test_a_director_requests_a_management_report_that_the_worker_makes(stack):
    client = log_in(stack, "directeur")
    form_page = client.get("/rapportages/aanvragen/management/")
    assert form_page.status == 200
    form = Page(form_page.text).form("period_start")
    fields = {**form, "annex": "on"}
    detail = client.post("/rapportages/aanvragen/management/", fields)
    assert detail.status == 200, detail.text[-2000:]
    assert re.fullmatch(r"/rapportages/\d+/", detail.path), detail.path
    download = f"{detail.path}download/"

    def made():
        page = client.get(detail.path)
        return page.status == 200 and download in page.text

    wait_for(made, f"the worker to make {detail.path}\n{stack.logs()}", timeout=180)
    pdf = client.request("GET", download)
    assert pdf.status == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.body.startswith(b"%PDF-")
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert "managementrapportage" in pdf.headers["Content-Disposition"]


def test_beat_runs_with_the_whole_schedule(stack):
    log = stack.root / "beat.log"
    wait_for(lambda: "beat: Starting" in log.read_text(), f"beat to start\n{stack.logs()}")
    wait_for(lambda: "Current schedule" in log.read_text(), "beat to read its schedule")
    for name in settings.CELERY_BEAT_SCHEDULE:
        assert name in log.read_text(), name
    assert all(process.poll() is None for _name, process, _log in stack.processes)
