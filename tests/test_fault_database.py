"""PostgreSQL restarted while people save forms and a report is being made.

The demo is copied into a PostgreSQL server of this test's own (the suite's shared
server must stay up for the other test processes), and gunicorn with the production
settings and a Celery worker on a Redis of its own run against it. Programme managers
add champions and an HR adviser adds competences, each with a marker of its own, while
a director reads pages and asks for a management report. While the worker makes that
report, the database restarts.

- every answer is a success, or 503 with the friendly page in the house style;
- after the restart the pages answer again, from the same gunicorn;
- every form whose answer was a success is saved exactly once, and none twice;
- the report ends done, with exactly one file.
"""

from __future__ import annotations

import glob
import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection

from adoption.models import AdoptionTrack
from organisations.models import Organisation, OrganisationUnit, User
from reports.models import ReportRequest, ReportStatus
from tests.test_production_smoke import Client, Page, free_port, set_up_the_authenticator_app
from tests.workers import redis_command, wait_for, worker_command
from transformation.models import Programme

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PASSWORD = "fault-Mensenwerk-2026"
DATABASE = "mensenwerk_fault"
# What the 503 page says to a Dutch reader (the clients ask for Dutch).
FRIENDLY = "Mensenwerk is zo weer terug"
# Seconds of load before the report is asked for, and after the pages answer again.
BEFORE = 2.0
AFTER = 3.0


# --- A PostgreSQL server of this test's own -------------------------------------------------


def postgres_binary(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.fail(f"{name} is needed: `make test` runs where PostgreSQL is installed.")
    return found[-1]


class PrivatePostgres:
    """initdb, pg_ctl and a database, in a temporary folder that PostgreSQL may own."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="mensenwerk-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        # initdb and pg_ctl refuse to run as root.
        self.as_owner = []
        if os.geteuid() == 0:
            self.as_owner = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.root, "postgres", "postgres")
        self.run(postgres_binary("initdb"), "-D", str(self.data), "--auth=trust", "-U", "postgres")
        self.ctl("start")
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')

    def run(self, *command: str) -> None:
        result = subprocess.run(
            [*self.as_owner, *command], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"

    def ctl(self, *action: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root}"
        self.run(
            postgres_binary("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
            "-w",
            *action,
        )

    def url(self, name: str = DATABASE) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def copy_from(self, settings_dict: dict) -> None:
        """The test database's schema and rows, through pg_dump and psql."""
        env = {**os.environ, "PGPASSWORD": settings_dict["PASSWORD"] or ""}
        dump = subprocess.Popen(
            [
                postgres_binary("pg_dump"),
                "--no-owner",
                "--no-privileges",
                "-h",
                settings_dict["HOST"] or "127.0.0.1",
                "-p",
                str(settings_dict["PORT"] or 5432),
                "-U",
                settings_dict["USER"],
                settings_dict["NAME"],
            ],
            stdout=subprocess.PIPE,
            env=env,
        )
        restore = subprocess.run(
            [postgres_binary("psql"), "-q", "-v", "ON_ERROR_STOP=1", self.url()],
            stdin=dump.stdout,
            capture_output=True,
            text=True,
            timeout=120,
        )
        dump.stdout.close()
        assert dump.wait(timeout=120) == 0, "pg_dump of the test database failed"
        assert restore.returncode == 0, restore.stderr[-3000:]

    def rows(self, sql: str, *params) -> list[tuple]:
        with psycopg.connect(self.url(), connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchall()

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.ctl("-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


# --- The application on it: gunicorn, a Celery worker and a Redis --------------------------


class Services:
    def __init__(self, root: Path, database_url: str):
        self.root = root
        self.port = free_port()
        self.processes: list[tuple[str, subprocess.Popen]] = []
        redis_port = free_port()
        self.start("redis", *redis_command(redis_port))
        self.media = root / "media"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST_", "REDIS_", "AXES_"))
        }
        self.env = env | {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "STATIC_ROOT": str(root / "static"),
            "MEDIA_ROOT": str(self.media),
            "MENSENWERK_BASE_URL": f"http://127.0.0.1:{self.port}",
            "DJANGO_LOG_LEVEL": "WARNING",
        }

    def manage(self, *args: str) -> None:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr[-3000:]}"

    def start(self, name: str, *command: str) -> subprocess.Popen:
        with open(self.root / f"{name}.log", "w") as log:
            process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=getattr(self, "env", None),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processes.append((name, process))
        return process

    def start_application(self) -> None:
        self.manage("collectstatic", "--noinput")
        self.gunicorn = self.start(
            "gunicorn",
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "2",
            "--threads",
            "4",
        )
        self.start("worker", *worker_command())
        probe = Client(self.port)
        wait_for(lambda: answers(probe, "/readyz") == 200, f"gunicorn\n{self.logs()}", timeout=60)

    def logs(self) -> str:
        return "\n".join(
            f"--- {name}\n{(self.root / f'{name}.log').read_text()[-3000:]}"
            for name, _process in self.processes
        )

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            process.terminate()
        for _name, process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def answers(client: Client, path: str) -> int | None:
    try:
        return client.request("GET", path).status
    except (OSError, http.client.HTTPException):
        return None


@pytest.fixture
def demo():
    # The demo's own earlier reports are left out: the one asked for here is the subject.
    with mock.patch("reports.demo.services.report_make_now"):
        call_command("seed_demo", password=PASSWORD)
    assert not ReportRequest.objects.exists()
    # The test settings hash passwords with a quick hasher that production does not know.
    hashed = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    User.objects.filter(username__in=["programma", "hr", "directeur"]).update(password=hashed)
    return Organisation.objects.get(slug="voorbeeldstad")


@pytest.fixture
def private_database(demo):
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL: `make test` sets DATABASE_URL.")
    server = PrivatePostgres()
    try:
        server.copy_from(connection.settings_dict)
        yield server
    finally:
        server.stop()


@pytest.fixture
def services(private_database, tmp_path):
    running = Services(tmp_path, private_database.url().replace("postgresql", "postgres", 1))
    try:
        running.start_application()
        yield running
    finally:
        running.stop()


# --- People at work --------------------------------------------------------------------------


@dataclass
class Answer:
    who: str
    method: str
    path: str
    started: float
    ended: float
    status: int | None  # None: no HTTP answer at all
    friendly: bool = False
    marker: str = ""
    error: str = ""


def log_in(port: int, username: str) -> tuple[Client, str]:
    """A client with a session, and a CSRF token for its forms."""
    client = Client(port)
    page = client.get("/accounts/login/")
    token = Page(page.text).form("csrfmiddlewaretoken")["csrfmiddlewaretoken"]
    response = client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    if response.path.startswith("/accounts/tweestaps/instellen/"):
        # The HR adviser sets up the second factor at the first login, as a person does.
        response = set_up_the_authenticator_app(client, response)
    assert response.path == "/dashboard/", f"{username} could not log in: {response.status}"
    # Logging in gives a new CSRF secret: a token from a page after it.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    return client, token.group(1)


class Person(threading.Thread):
    """One logged-in user saving a form with a new marker, then reading a page, again
    and again until told to stop."""

    def __init__(self, name, port, username, form_path, fields, page_path, answers, stop):
        super().__init__(daemon=True)
        self.who = name
        self.client, self.token = log_in(port, username)
        self.form_path = form_path
        self.fields = fields
        self.page_path = page_path
        self.answers = answers
        self.stop_event = stop
        self.count = 0

    def ask(self, method: str, path: str, data: dict | None = None, marker: str = "") -> None:
        started = time.monotonic()
        answer = Answer(self.who, method, path, started, started, None, marker=marker)
        try:
            response = self.client.request(method, path, data)
            answer.status = response.status
            answer.friendly = (
                FRIENDLY in response.text and response.headers.get("Retry-After") == "30"
            )
            if response.status not in (200, 302) and not answer.friendly:
                heading = re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S)
                answer.error = heading.group(1).strip() if heading else response.text[:500]
        except (OSError, http.client.HTTPException) as error:
            answer.error = repr(error)
        answer.ended = time.monotonic()
        self.answers.append(answer)

    def run(self):
        while not self.stop_event.is_set():
            self.count += 1
            marker = f"{self.who}-{self.count:04d}"
            if self.form_path:
                data = {**self.fields(marker), "csrfmiddlewaretoken": self.token}
                self.ask("POST", self.form_path, data, marker)
            self.ask("GET", self.page_path)
            time.sleep(0.02)


# --- The test --------------------------------------------------------------------------------


def test_a_database_restart_answers_503_and_loses_or_doubles_nothing(
    demo, private_database, services
):
    began = time.monotonic()
    database = private_database
    track = AdoptionTrack.objects.for_organisation(demo).order_by("pk").first()
    unit = OrganisationUnit.objects.for_organisation(demo).order_by("pk").first()
    programme = Programme.objects.for_organisation(demo).order_by("pk").first()
    run = uuid.uuid4().hex[:6]

    def champion(marker):
        return {"name": f"{run}-{marker}", "unit": unit.pk, "facilitator": "", "trained": ""}

    def competence(marker):
        # The code is at most ten characters and unique: the count says which one.
        return {"area": "", "code": f"F{marker[-7:]}", "name": f"{run}-{marker}", "name_en": ""}

    answers: list[Answer] = []
    stop = threading.Event()
    port = services.port
    champions = f"/adoptie/traject/{track.pk}/champion/nieuw/"
    people = [
        Person("pm1", port, "programma", champions, champion, "/dashboard/", answers, stop),
        Person("pm2", port, "programma", champions, champion, "/adoptie/", answers, stop),
        Person(
            "hr1",
            port,
            "hr",
            "/inclusie/vaardigheden/competenties/nieuw/",
            competence,
            "/inclusie/vaardigheden/",
            answers,
            stop,
        ),
        Person("dir", port, "directeur", "", None, "/rapportages/", answers, stop),
    ]
    director, director_token = log_in(port, "directeur")
    for person in people:
        person.start()
    try:
        time.sleep(BEFORE)
        # The director asks for a report; the restart comes while the worker makes it.
        asked = director.request(
            "POST",
            "/rapportages/aanvragen/management/",
            {
                "programme": programme.pk,
                "period_start": "2026-01-01",
                "period_end": "2026-10-31",
                "csrfmiddlewaretoken": director_token,
            },
        )
        assert asked.status == 302, asked.text[-2000:]
        report_pk = int(re.search(r"/rapportages/(\d+)/", asked.headers["Location"]).group(1))

        def running():
            (status,) = database.rows(
                "SELECT status FROM reports_reportrequest WHERE id = %s", report_pk
            )[0]
            return status == ReportStatus.RUNNING

        wait_for(running, f"the worker to start the report\n{services.logs()}", every=0.02)

        restart_began = time.monotonic()
        database.ctl("-m", "fast", "restart")
        restart_ended = time.monotonic()
        (report_status,) = database.rows(
            "SELECT status FROM reports_reportrequest WHERE id = %s", report_pk
        )[0]

        def pages_answer():
            return next(
                (
                    answer.ended
                    for answer in list(answers)
                    if answer.method == "GET"
                    and answer.started > restart_ended
                    and answer.status == 200
                ),
                None,
            )

        answered_again = wait_for(pages_answer, f"pages after the restart\n{services.logs()}", 30)
        time.sleep(AFTER)
    finally:
        stop.set()
        for person in people:
            person.join(timeout=60)

    posted = [answer for answer in answers if answer.method == "POST"]
    figures = {
        "requests": len(answers),
        "successes": sum(1 for a in answers if a.status in (200, 302)),
        "unavailable_503": sum(1 for a in answers if a.status == 503 and a.friendly),
        "other_answers": dict(
            Counter(str(a.status) for a in answers if a.status not in (200, 302, 503))
        ),
        "forms_posted": len(posted),
        "restart_seconds": round(restart_ended - restart_began, 2),
        "pages_again_after_restart_seconds": round(answered_again - restart_ended, 2),
        "report_status_after_restart": report_status,
    }
    write_figures(figures)

    # Every answer a success or the friendly 503; never a 500, never no answer at all.
    unexpected = [
        answer
        for answer in answers
        if not (answer.status in (200, 302) or (answer.status == 503 and answer.friendly))
    ]
    assert not unexpected, "\n".join(
        f"{a.who} {a.method} {a.path} at {a.started - restart_began:+.2f} s: {a.status} {a.error}"
        for a in unexpected[:5]
    )

    # The same gunicorn answers every person again, without a restart of the application.
    assert services.gunicorn.poll() is None
    for person in people:
        assert person.client.request("GET", person.page_path).status == 200, person.who

    # What was saved with a success is there once; nothing is there twice.
    saved: dict[str, int] = {}
    for query in (
        "SELECT name FROM adoption_champion WHERE name LIKE %s",
        "SELECT name FROM inclusion_competence WHERE name LIKE %s",
    ):
        for (name,) in database.rows(query, f"{run}-%"):
            marker = name.removeprefix(f"{run}-")
            saved[marker] = saved.get(marker, 0) + 1
    doubled = {marker: count for marker, count in saved.items() if count > 1}
    assert not doubled, doubled
    lost = [a.marker for a in posted if a.status == 302 and saved.get(a.marker) != 1]
    assert not lost, f"saved with a success but not in the database: {lost}"
    assert not set(saved) - {a.marker for a in posted}
    assert sum(1 for a in posted if a.status == 302) > 20

    # The report: done, with exactly one file, and the only report there is.
    def finished():
        (status,) = database.rows(
            "SELECT status FROM reports_reportrequest WHERE id = %s", report_pk
        )[0]
        return status in (ReportStatus.DONE, ReportStatus.FAILED)

    wait_for(finished, f"the report to be finished\n{services.logs()}", timeout=90, every=0.2)
    ((status, attempts, file, error),) = database.rows(
        "SELECT status, attempts, file, error FROM reports_reportrequest WHERE id = %s", report_pk
    )
    assert status == ReportStatus.DONE, error
    assert attempts >= 1
    folder = services.media / "reports" / demo.slug / str(report_pk)
    files = sorted(path.name for path in folder.iterdir())
    assert len(files) == 1, files
    assert file.endswith(files[0])
    assert (folder / files[0]).read_bytes().startswith(b"%PDF-")
    assert database.rows("SELECT count(*) FROM reports_reportrequest") == [(1,)]

    write_figures(
        figures
        | {
            "rows_checked": len(saved),
            "report_attempts": attempts,
            "test_seconds": round(time.monotonic() - began, 1),
        }
    )


def write_figures(figures: dict) -> None:
    """A line of JSON appended to the file FAULT_FIGURES names, if any, for
    bench/RESULTS-faults.md (bench/faults.py keeps the last line of each test)."""
    if path := os.environ.get("FAULT_FIGURES"):
        with open(path, "a", encoding="utf-8") as file:
            file.write(json.dumps({"test": "database restart", **figures}) + "\n")
