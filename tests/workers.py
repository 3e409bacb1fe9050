"""A real Celery worker for the tests with the services: a process of its own, on the
test database, the test's media folder and a broker of the test's choosing.

The `worker` and `through_the_broker` fixtures in conftest.py start one on the
application's own broker; tests/test_reports_celery.py also starts one on a broker
that comes back after being down.
"""

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app

# The first report a fresh worker makes imports WeasyPrint and lays out a document.
DEADLINE = 180


def database_url() -> str:
    if connection.vendor != "postgresql":
        pytest.fail("These tests need PostgreSQL: `make test` sets DATABASE_URL.")
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def environment(broker_url: str) -> dict:
    """What a process needs to work on the test database, its media and this broker."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }


def worker_command(name: str | None = None) -> list[str]:
    """A Celery worker of the application: one prefork process at a time, as quiet as the
    tests want it; named `name` when given."""
    command = [sys.executable, "-m", "celery", "--app", "config", "worker"]
    command += ["--pool", "prefork", "--concurrency", "1"]
    if name:
        command += ["--hostname", f"{name}@%h"]
    return [*command, "--loglevel", "WARNING", "--without-gossip", "--without-mingle"]


def redis_command(port: int) -> list[str]:
    """A Redis server of a test's own on `port`, keeping nothing on disk."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is needed: `make test` runs where Redis is installed.")
    return [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]


def wait_for(condition, what: str, timeout: float = DEADLINE, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(every)
    pytest.fail(f"Waited {timeout} s for {what}")


class Worker:
    def __init__(self, broker_url: str):
        self.broker_url = broker_url
        self.name = f"worker-{uuid.uuid4().hex[:8]}"
        self.process = subprocess.Popen(
            worker_command(self.name),
            cwd=settings.BASE_DIR,
            env=environment(broker_url),
        )

    def wait_until_ready(self):
        """On the application's own broker: the worker answers a ping."""
        wait_for(
            lambda: any(
                next(iter(reply)).startswith(self.name) for reply in app.control.ping(timeout=1)
            ),
            "the worker to answer",
            timeout=60,
        )

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
