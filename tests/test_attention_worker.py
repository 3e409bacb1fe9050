"""The weekly email of what needs attention, as beat starts it: the job goes through
Redis to a real Celery worker, which sends one mail per user who has something to
attend to. The worker writes its mails to a folder (EMAIL_FILE_PATH), the outbox here."""

import os
from pathlib import Path

import pytest
from django.utils import timezone

from config.celery import app
from organisations.digest import week_of
from organisations.models import Role
from tests.factories import InitiativeFactory, ProgrammeFactory
from tests.workers import Worker, wait_for
from transformation import services
from transformation.models import RAG

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def outbox(tmp_path, monkeypatch):
    folder = tmp_path / "outbox"
    folder.mkdir()
    # The worker's environment is this process's (tests/workers.py).
    monkeypatch.setitem(os.environ, "EMAIL_FILE_PATH", str(folder))
    return folder


def test_beat_s_weekly_job_mails_each_user_through_the_worker(
    through_the_broker, outbox, members, voorbeeldstad
):
    from django.conf import settings

    programme = ProgrammeFactory(organisation=voorbeeldstad)
    initiative = InitiativeFactory(programme=programme, title="Vertrouwelijk project")
    services.initiative_change_status(
        initiative=initiative, status=RAG.RED, reason="Geheime reden", by=members[Role.DIRECTOR]
    )
    for role, user in members.items():
        user.email = f"{role}@voorbeeldstad.nl"
        user.weekly_digest = role != Role.DIRECTOR  # the director turned it off
        user.save()

    app.control.purge()
    worker = Worker(settings.REDIS_URL)
    try:
        worker.wait_until_ready()
        app.send_task("organisations.tasks.send_weekly_digests")
        mails = wait_for(
            lambda: (found := sorted(outbox.glob("*.log"))) and len(found) >= 2 and found,
            "two digests in the outbox",
            timeout=120,
        )
    finally:
        worker.stop()

    texts = [Path(mail).read_text() for mail in mails]
    # The programme manager (a red initiative, one without a track) and the organisation
    # admin (retention never ran); the HR adviser has nothing, the director opted out.
    recipients = sorted(
        line.split(": ", 1)[1]
        for text in texts
        for line in text.splitlines()
        if line.startswith("To: ")
    )
    assert recipients == [
        "organisation_admin@voorbeeldstad.nl",
        "programme_manager@voorbeeldstad.nl",
    ]
    manager = next(text for text in texts if "programme_manager@" in text)
    assert "Initiatieven rood" in manager
    assert "Vertrouwelijk project" not in manager
    assert "Geheime reden" not in manager
    members[Role.PROGRAMME_MANAGER].refresh_from_db()
    assert members[Role.PROGRAMME_MANAGER].digest_sent_for == week_of(timezone.localdate())
