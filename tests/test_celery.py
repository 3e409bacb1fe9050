"""With REDIS_URL set, Celery runs on Redis: a real worker answers through the broker.

The `worker` fixture (tests/conftest.py) is the one the report tests use.
"""

import time

import pytest
from django.conf import settings

from config.celery import app

pytestmark = pytest.mark.services


def test_a_worker_answers_through_redis(worker):
    assert app.conf.broker_url == settings.REDIS_URL
    deadline = time.monotonic() + 60
    replies = []
    while time.monotonic() < deadline and not replies:
        replies = [
            reply
            for reply in app.control.ping(timeout=1)
            if next(iter(reply)).startswith(worker.name)
        ]
    assert replies, "the worker never answered through Redis"
