"""With REDIS_URL set, Celery runs on Redis: a real worker answers through the broker."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from config.celery import app

pytestmark = pytest.mark.services


@pytest.fixture
def worker():
    if not settings.REDIS_URL:
        pytest.fail("This test needs REDIS_URL: `make test` sets it.")
    hostname = f"test-{uuid.uuid4().hex[:8]}@%h"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "--app",
            "config",
            "worker",
            "--pool",
            "solo",
            "--hostname",
            hostname,
            "--loglevel",
            "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
    )
    yield hostname.split("@")[0]
    process.terminate()
    process.wait(timeout=30)


def test_a_worker_answers_through_redis(worker):
    assert app.conf.broker_url == settings.REDIS_URL
    deadline = time.monotonic() + 60
    replies = []
    while time.monotonic() < deadline and not replies:
        replies = [
            reply for reply in app.control.ping(timeout=1) if next(iter(reply)).startswith(worker)
        ]
    assert replies, "the worker never answered through Redis"
