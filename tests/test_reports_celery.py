"""Reports made by a real Celery worker on Redis, against the test database.

- both reports of the demo organisation, read back from the PDFs;
- a worker killed in the middle of a report: it is still made, exactly once;
- a broker that is down when the report is requested: the request waits in the
  queue, and is made once the broker is back and the sweeper has enqueued it.

The worker and its fixtures are in tests/workers.py and tests/conftest.py.
"""

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from organisations.models import Organisation, User
from reports import services
from reports.models import ReportRequest, ReportStatus
from tests.workers import Worker, environment, redis_command, wait_for
from transformation.models import RAG, Initiative, Programme

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-Mensenwerk-2026"


@pytest.fixture
def demo():
    # The demo's own earlier reports are not what these tests look at: they are not
    # made (that would be two PDFs more per test), and none is left to compare with.
    with mock.patch("reports.demo.services.report_make_now"):
        call_command("seed_demo", password=PASSWORD)
    assert not ReportRequest.objects.exists()
    return Organisation.objects.get(slug="voorbeeldstad")


def request(organisation, kind: str, language: str = "nl") -> ReportRequest:
    programme = (
        Programme.objects.for_organisation(organisation).order_by("pk").first()
        if kind == "management"
        else None
    )
    # Outside a transaction, the enqueue runs at once: the broker gets the id now.
    return services.report_request(
        organisation=organisation,
        kind=kind,
        programme=programme,
        period_start=timezone.localdate().replace(month=1, day=1),
        period_end=timezone.localdate(),
        requested_by=User.objects.get(username="directeur" if kind == "management" else "hr"),
        language=language,
    )


def finished(report: ReportRequest) -> ReportRequest:
    def done():
        report.refresh_from_db()
        return report.status in (ReportStatus.DONE, ReportStatus.FAILED)

    wait_for(done, f"report {report.pk} to be finished", every=0.2)
    assert report.status == ReportStatus.DONE, report.error
    return report


def text_of(report: ReportRequest) -> str:
    with report.file.open("rb") as file:
        reader = PdfReader(file)
        text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def files_of(report: ReportRequest) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "reports" / report.organisation.slug / str(report.pk)
    return sorted(path.name for path in folder.iterdir())


def test_a_worker_makes_both_reports_of_the_demo_organisation(worker, demo):
    management = request(demo, "management")
    hr = request(demo, "hr", language="en")

    management = finished(management)
    text = text_of(management)
    assert management.attempts == 1
    assert management.worker.startswith(worker.name)
    assert "Gemeente Voorbeeldstad" in text
    assert management.programme.name in text
    for initiative in Initiative.objects.filter(programme=management.programme):
        assert initiative.title in text
    red = Initiative.objects.filter(programme=management.programme, status=RAG.RED).count()
    assert red > 0
    assert "Inhoud" in text

    hr = finished(hr)
    text = text_of(hr)
    assert "Contents" in text
    assert hr.page_count == len(PdfReader(hr.file.open("rb")).pages)
    assert files_of(hr) == [hr.filename()]


def test_a_report_whose_worker_is_killed_is_still_made_exactly_once(worker, demo):
    report = request(demo, "management")

    def started():
        report.refresh_from_db()
        return report.status != ReportStatus.QUEUED

    wait_for(started, "the worker to start the report", every=0.01)
    # Killed while it works on the report, not after: otherwise this proves nothing.
    assert report.status == ReportStatus.RUNNING, report.status
    pid = int(report.worker.rsplit(":", 1)[1])
    os.kill(pid, signal.SIGKILL)

    report = finished(report)
    # The first attempt died; the broker gave the report to a new worker process.
    assert report.attempts == 2
    assert int(report.worker.rsplit(":", 1)[1]) != pid
    assert files_of(report) == [report.filename()]
    with report.file.open("rb") as file:
        assert file.read(5) == b"%PDF-"
    assert ReportRequest.objects.filter(status=ReportStatus.DONE).count() == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_django(script: str, broker_url: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{script}"],
        cwd=settings.BASE_DIR,
        env=environment(broker_url),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_a_request_made_while_the_broker_is_down_is_made_once_it_is_back(demo, login):
    port = free_port()
    command = redis_command(port)
    broker_url = f"redis://127.0.0.1:{port}/0"
    programme = Programme.objects.for_organisation(demo).order_by("pk").first()

    # The web process asks for a report while nothing answers on the broker's port.
    answer = run_django(
        f"""
from django.test import Client
from organisations.models import User
client = Client(HTTP_HOST="localhost")
client.force_login(User.objects.get(username="directeur"))
response = client.post(
    "/rapportages/aanvragen/management/",
    {{"programme": {programme.pk}, "period_start": "2026-01-01", "period_end": "2026-10-31"}},
)
print(response.status_code, response["Location"])
""",
        broker_url,
    )
    report = ReportRequest.objects.get()
    assert answer == f"302 {reverse('reports:detail', args=[report.pk])}"
    assert (report.status, report.enqueued_at) == (ReportStatus.QUEUED, None)
    page = login(User.objects.get(username="directeur")).get(
        reverse("reports:detail", args=[report.pk])
    )
    assert page.status_code == 200
    assert "In de wachtrij" in page.text

    # The broker comes back, a worker with it, and beat's sweeper finds the request.
    broker = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
    )
    back = None
    try:
        wait_for(lambda: _answers(port), "the broker to come back", timeout=30)
        # No need to wait for it: the broker keeps the message until it is taken.
        back = Worker(broker_url)
        made_once_swept(report, broker_url, back)
    finally:
        if back:
            back.stop()
        broker.terminate()
        broker.wait(timeout=30)


def made_once_swept(report: ReportRequest, broker_url: str, worker: Worker) -> ReportRequest:
    """The request that waited is old enough for beat's sweeper (its task, run now), which
    enqueues it on `broker_url`; `worker` makes it at the first attempt, into one file."""
    ReportRequest.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - services.NEVER_ENQUEUED_AFTER * 2
    )
    run_django("from reports.tasks import sweep_reports; sweep_reports.delay()", broker_url)
    report = finished(report)
    assert report.attempts == 1
    assert report.worker.startswith(worker.name)
    assert files_of(report) == [report.filename()]
    return report


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False
