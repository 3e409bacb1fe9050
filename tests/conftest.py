import datetime
import os
import shutil

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from config.celery import app
from organisations.models import Role
from tests import worlds
from tests.factories import ReportRequestFactory
from tests.factories_twofactor import pass_second_factor
from tests.workers import Worker

# pytest-django's live_server runs the ORM from Playwright's event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
ROLES = list(Role)


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="ISO-8601",
        help="Run the whole session as if the clock showed this moment (and ticks on from "
        "it), for example 2027-01-01T00:05+01:00: the suite must not depend on the day.",
    )


def pytest_configure(config):
    # In CI the real services are part of what is tested: never fall back (the runs
    # with a shifted clock are the quick, embedded subset on purpose).
    if os.environ.get("CI") == "true" and not config.getoption("clock"):
        missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
        if missing:
            raise pytest.UsageError(f"CI=true but {', '.join(missing)} is not set.")
    if clock := config.getoption("clock"):
        try:
            moment = datetime.datetime.fromisoformat(clock)
        except ValueError as error:
            raise pytest.UsageError(f"--clock: {error}") from None
        if moment.tzinfo is None:
            raise pytest.UsageError("--clock needs a UTC offset, for example +01:00.")
        # Every process of the session (xdist workers too) travels; subprocesses that
        # tests start run on the real clock.
        config._clock = time_machine.travel(moment, tick=True)
        config._clock.start()


def pytest_unconfigure(config):
    if clock := getattr(config, "_clock", None):
        clock.stop()


def pytest_report_header(config):
    if clock := config.getoption("clock"):
        return f"clock: the session starts at {clock}"
    return None


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test keeps the files it makes (reports) to itself: ids come back after a
    rollback, and a folder named for an id must not hold an earlier test's file."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def voorbeeldstad(db):
    return worlds.voorbeeldstad()


@pytest.fixture
def buurdorp(db):
    return worlds.buurdorp()


@pytest.fixture
def members(voorbeeldstad):
    """One user per role in Voorbeeldstad, keyed by role."""
    return worlds.members(voorbeeldstad, "vb")


@pytest.fixture
def other_members(buurdorp):
    """One user per role in Buurdorp: they must never see Voorbeeldstad's data."""
    return worlds.members(buurdorp, "bd")


@pytest.fixture
def units(voorbeeldstad):
    return worlds.units(voorbeeldstad)


@pytest.fixture
def login():
    """A test client logged in as `user`, without going through the login form.

    The session is written as `django.contrib.auth.login` writes it, without the
    signals a real login sends (last login, django-axes' log): most tests log in
    several people, and those are tested where logging in is the subject. A user who
    needs a second factor has an authenticator app and passed it, as django_otp.login
    leaves the session (tests/test_twofactor.py tests the step itself).
    """

    def make(user) -> Client:
        session = SessionStore()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = MODEL_BACKEND
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        pass_second_factor(session, user)
        session.create()
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
        return client

    return make


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Chromium is not installed; `make test` installs Debian's chromium package.")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def programme_world(voorbeeldstad, members, units):
    """Voorbeeldstad's vision, programme and one of everything in it, for page tests."""
    return worlds.programme_world(voorbeeldstad, members, units)


@pytest.fixture
def programme(programme_world):
    """The programme world's programme."""
    return programme_world["programme"]


@pytest.fixture
def queued_report(voorbeeldstad, programme, members):
    """A management report of that programme a director asked for, waiting in the queue."""
    return ReportRequestFactory(
        organisation=voorbeeldstad, programme=programme, requested_by=members[Role.DIRECTOR]
    )


@pytest.fixture
def adoption_world(programme_world, units):
    """The programme world's initiative with an adoption track and one row of each register."""
    return worlds.adoption_world(programme_world, units)


@pytest.fixture
def employees(voorbeeldstad, units):
    """Six employees of Voorbeeldstad: a manager and five in her team."""
    return worlds.employees(voorbeeldstad, units)


@pytest.fixture
def logged_actions(voorbeeldstad, members, employees, units):
    """Three actions: intervisie in March, a unit training in April, a planned coaching."""
    return worlds.skills_actions(voorbeeldstad, members[Role.HR_ADVISER], employees, units)


@pytest.fixture
def through_the_broker():
    """The test settings run tasks in-process; here they go to Redis, as in production."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def worker(through_the_broker):
    """A real Celery worker on REDIS_URL, answering pings, working on the test database."""
    if not settings.REDIS_URL:
        pytest.fail("These tests need REDIS_URL: `make test` sets it.")
    # Nothing an earlier run left in the queue gets in the way.
    app.control.purge()
    started = Worker(settings.REDIS_URL)
    started.wait_until_ready()
    yield started
    started.stop()
