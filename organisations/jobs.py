"""Handing a job to the workers, from a request or from another job.

The broker can be down for a moment (a Redis restart). A request must not wait for it:
the job is handed over once, without Celery's retries, and when that fails the caller
is told and says what happens instead (a report stays queued for the sweeper; an email
is missed and logged; a retention run waits for the night)."""

from __future__ import annotations

import logging

from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


def enqueue(task, *args, failing: str) -> bool:
    """Hand `task(*args)` to the broker: True when it took it. When the broker cannot be
    reached, `failing` (what is missed, for the log) is logged with the error and False
    comes back."""
    try:
        task.apply_async(args, retry=False)
    except (BrokerError, OSError) as error:
        logger.warning("%s: the broker cannot be reached (%s)", failing, error)
        return False
    return True
