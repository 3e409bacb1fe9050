"""Faults of the services, with nothing lost (the database's restart is in
tests/test_fault_database.py):

- a worker killed in the middle of ten queued reports: each is made, exactly once;
- Redis stopped: the pages keep working (the cache is read as empty, sessions are in the
  database), a report asked for meanwhile waits in the queue, and the worker that ran
  all along makes it once Redis is back.

Each test writes what it checked to the file FAULT_FIGURES names, when set, for
bench/faults.py to collect into bench/RESULTS-faults.md.
"""

import datetime
import json
import os
import signal
import subprocess
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.models import User
from reports import services
from reports.models import ReportRequest, ReportStatus
from tests.test_reports_celery import (
    _answers,
    demo,  # noqa: F401 - the fixture
    files_of,
    finished,
    free_port,
    made_once_swept,
    run_django,
)
from tests.workers import Worker, redis_command, wait_for
from transformation.models import Programme

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

REPORTS = 10


def record(test: str, **figures) -> None:
    """Append this test's figures to the file FAULT_FIGURES names, if any."""
    path = os.environ.get("FAULT_FIGURES")
    if path:
        with open(path, "a", encoding="utf-8") as file:
            file.write(json.dumps({"test": test, **figures}) + "\n")


def ten_requests(organisation) -> list[ReportRequest]:
    """Ten reports of both kinds, each of its own period (the same request twice is
    allowed, but different periods make each report's file its own)."""
    programme = Programme.objects.for_organisation(organisation).order_by("pk").first()
    end = timezone.localdate()
    reports = []
    for number in range(REPORTS):
        kind = "management" if number % 2 == 0 else "hr"
        reports.append(
            services.report_request(
                organisation=organisation,
                kind=kind,
                programme=programme if kind == "management" else None,
                period_start=end - datetime.timedelta(days=30 * (number + 1)),
                period_end=end,
                requested_by=User.objects.get(
                    username="directeur" if kind == "management" else "hr"
                ),
                language="nl",
            )
        )
    return reports


def test_a_worker_killed_in_the_middle_of_ten_queued_reports_makes_each_once(worker, demo):  # noqa: F811
    reports = ten_requests(demo)

    # The third report is being made: its worker process is killed with it.
    victim = reports[2]

    def running():
        victim.refresh_from_db()
        return victim.status == ReportStatus.RUNNING

    wait_for(running, "the worker to start the third report", every=0.01)
    pid = int(victim.worker.rsplit(":", 1)[1])
    os.kill(pid, signal.SIGKILL)

    made = [finished(report) for report in reports]
    for report in made:
        # One file each, the one its row names: nothing made twice, nothing left half.
        assert files_of(report) == [report.filename()]
        with report.file.open("rb") as file:
            assert file.read(5) == b"%PDF-"
    killed = next(report for report in made if report.pk == victim.pk)
    assert killed.attempts == 2
    assert int(killed.worker.rsplit(":", 1)[1]) != pid
    assert all(report.attempts == 1 for report in made if report.pk != victim.pk)
    assert ReportRequest.objects.filter(status=ReportStatus.DONE).count() == REPORTS
    record(
        "worker killed",
        reports=REPORTS,
        made=len(made),
        attempts=sum(report.attempts for report in made),
        files=sum(len(files_of(report)) for report in made),
    )


# The pages a web process shows while Redis is away, for each role (names of URLs).
PAGES = {
    "programma": ["organisations:dashboard", "organisations:attention_count", "reports:overview"],
    "hr": ["organisations:dashboard", "organisations:attention_count", "inclusion:overview"],
    "directeur": ["organisations:dashboard", "organisations:attention_count", "reports:overview"],
}


def test_pages_work_while_redis_is_away_and_a_queued_report_is_made_when_it_is_back(
    demo,  # noqa: F811
):
    port = free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    command = redis_command(port)
    redis = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    worker = None
    try:
        wait_for(lambda: _answers(port), "Redis to answer", timeout=30)
        # A worker on it that runs all along: it waits for Redis to come back.
        worker = Worker(redis_url)
        programme = Programme.objects.for_organisation(demo).order_by("pk").first()
        addresses = {
            username: [reverse(name) for name in names] for username, names in PAGES.items()
        }

        redis.terminate()
        redis.wait(timeout=30)
        stopped = time.monotonic()
        assert not _answers(port)

        # A web process with its cache and broker on the Redis that is away.
        answer = json.loads(
            run_django(
                f"""
import json
from django.test import Client
from organisations.models import User
from tests.factories_twofactor import pass_second_factor
answers = {{}}
for username, addresses in {addresses!r}.items():
    client = Client(HTTP_HOST="localhost")
    user = User.objects.get(username=username)
    client.force_login(user)
    session = client.session
    pass_second_factor(session, user)
    session.save()
    answers[username] = [client.get(address).status_code for address in addresses]
client = Client(HTTP_HOST="localhost")
client.force_login(User.objects.get(username="directeur"))
response = client.post(
    "/rapportages/aanvragen/management/",
    {{"programme": {programme.pk}, "period_start": "2026-01-01", "period_end": "2026-10-31"}},
)
answers["request"] = [response.status_code]
print(json.dumps(answers))
""",
                redis_url,
            )
        )
        assert answer == {
            **{username: [200] * len(names) for username, names in PAGES.items()},
            "request": [302],
        }
        report = ReportRequest.objects.get()
        assert (report.status, report.enqueued_at) == (ReportStatus.QUEUED, None)

        # Redis comes back on its port; the worker finds it again by itself, and the
        # sweeper (beat's task, every minute) enqueues the request that waited.
        redis = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_for(lambda: _answers(port), "Redis to come back", timeout=30)
        away = time.monotonic() - stopped
        made_once_swept(report, redis_url, worker)
        record(
            "redis away",
            pages=sum(len(names) for names in PAGES.values()),
            pages_ok=sum(status == 200 for username in PAGES for status in answer[username]),
            seconds_away=round(away, 1),
            reports=1,
            made=1,
        )
    finally:
        if worker:
            worker.stop()
        redis.terminate()
        redis.wait(timeout=30)
