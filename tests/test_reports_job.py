"""The report job: a report is made once, in place, and fails honestly; transient faults
are retried; the sweeper enqueues what the broker lost."""

import datetime
import gc
import hashlib
import inspect
import io
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.template.autoreload import reset_loaders
from django.template.base import Template
from django.urls import URLResolver, clear_url_caches, get_resolver, reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError

from reports import services
from reports.content import CONTENT, SURFACE
from reports.models import ReportKind, ReportRequest, ReportStage, ReportStatus
from reports.tasks import make_report
from tests.factories import ReportRequestFactory

# --- The job -----------------------------------------------------------------------------------


@pytest.fixture
def no_rendering():
    """Fails the test if a document would be laid out."""
    with mock.patch("reports.pdf.render", side_effect=AssertionError("rendered")) as render:
        yield render


def test_every_kind_of_report_has_the_same_surface():
    """`make` uses each kind without knowing which it is."""
    assert set(CONTENT) == set(ReportKind)
    first, *others = CONTENT.values()
    for content in CONTENT.values():
        assert sorted(content.__all__) == sorted(SURFACE), content.__name__
        assert content.template.startswith("reports/pdf/")
        assert all(Path(sheet).is_file() for sheet in content.stylesheets)
    for content in others:
        for name in SURFACE:
            if callable(getattr(first, name)):
                signature = inspect.signature(getattr(content, name))
                assert signature == inspect.signature(getattr(first, name)), name


def test_a_finished_report_is_never_made_again(voorbeeldstad, programme, no_rendering):
    report = ReportRequestFactory(organisation=voorbeeldstad, programme=programme, done=True)
    checksum, attempts = report.checksum, report.attempts
    services.report_make(report.pk)
    report.refresh_from_db()
    assert (report.status, report.checksum, report.attempts) == (
        ReportStatus.DONE,
        checksum,
        attempts,
    )


@pytest.fixture
def unfrozen():
    """worker_prepare freezes what the process holds (gc.freeze); the test process thaws."""
    yield
    gc.unfreeze()


@pytest.mark.parametrize("kind", [ReportKind.MANAGEMENT, ReportKind.HR])
def test_a_prepared_worker_compiles_no_template_for_its_first_report(
    kind, voorbeeldstad, programme, unfrozen
):
    """The worker compiles every kind's templates when it starts (tasks.prepare_worker),
    with what they extend and include; a worker that had not would compile them now."""

    def first_report_compiles() -> int:
        report = ReportRequestFactory(
            organisation=voorbeeldstad,
            kind=kind,
            programme=programme if kind == ReportKind.MANAGEMENT else None,
        )
        with (
            mock.patch.object(
                Template, "compile_nodelist", autospec=True, side_effect=Template.compile_nodelist
            ) as compiling,
            mock.patch("reports.pdf.render", side_effect=AssertionError("rendered")) as render,
        ):
            services.report_make(report.pk)
        assert render.called, "the report's HTML was not made"
        return compiling.call_count

    reset_loaders()
    assert first_report_compiles() > 0
    reset_loaders()
    gc.unfreeze()
    services.worker_prepare()
    # And what the process held then is out of the cycle collector's walks.
    assert gc.get_freeze_count() > 0
    assert first_report_compiles() == 0


def test_a_prepared_worker_has_its_urls_indexed_before_its_first_report(unfrozen):
    """The first reverse() in a process imports and indexes the URLconf (half a second);
    a worker does it when it starts, not in its first report's snapshot."""
    clear_url_caches()
    assert not get_resolver()._populated
    services.worker_prepare()
    assert get_resolver()._populated


def test_a_prepared_worker_reverses_an_apps_names_in_either_language_without_indexing(
    unfrozen,
):
    """reverse() indexes an app's own URLconf the first time it reverses one of its names,
    once for each language: the worker has done that too, for every app, nested ones included."""
    clear_url_caches()
    services.worker_prepare()
    with mock.patch.object(URLResolver, "_populate", autospec=True) as populate:
        for language in ("nl", "en"):
            with translation.override(language):
                reverse("transformation:overview")
                reverse("inclusion:actions:log")
    assert populate.call_count == 0
    clear_url_caches()
    with (
        mock.patch.object(
            URLResolver, "_populate", autospec=True, side_effect=URLResolver._populate
        ) as populate,
        translation.override("en"),
    ):
        reverse("inclusion:actions:log")
    assert populate.call_count > 0


def test_a_report_held_by_another_worker_is_left_to_it(queued_report, no_rendering):
    with mock.patch("reports.locks.exclusive") as exclusive:
        exclusive.return_value.__enter__.return_value = False
        assert services.report_make(queued_report.pk) is None
    queued_report.refresh_from_db()
    assert (queued_report.status, queued_report.attempts) == (ReportStatus.QUEUED, 0)


def test_a_rerun_replaces_the_file_an_interrupted_attempt_left(queued_report):
    # An attempt that died while storing left half a file at the report's place.
    ReportRequest.objects.filter(pk=queued_report.pk).update(
        status=ReportStatus.RUNNING, attempts=1
    )
    queued_report.refresh_from_db()
    half = default_storage.save(queued_report.storage_name(), io.BytesIO(b"%PDF-1.7 half"))
    assert half == queued_report.storage_name()

    report = services.report_make(queued_report.pk)

    assert report.status == ReportStatus.DONE
    assert report.attempts == 2
    assert report.file.name == queued_report.storage_name()
    folder = Path(default_storage.path(report.file.name)).parent
    assert [path.name for path in folder.iterdir()] == [report.filename()]
    data = Path(default_storage.path(report.file.name)).read_bytes()
    assert hashlib.sha256(data).hexdigest() == report.checksum
    assert len(data) == report.size


def test_a_fault_in_the_report_fails_it_with_a_message_for_the_user(queued_report):
    with mock.patch("reports.content.management.snapshot", side_effect=KeyError("kapot")):
        report = services.report_make(queued_report.pk)
    assert report.status == ReportStatus.FAILED
    assert "Er ging iets mis" in report.error
    assert not report.file
    assert report.finished_at is not None


def test_the_message_of_a_failed_report_is_in_the_reports_own_language(queued_report):
    ReportRequest.objects.filter(pk=queued_report.pk).update(language="en")
    with (
        translation.override("nl"),
        mock.patch("reports.content.management.snapshot", side_effect=KeyError("kapot")),
    ):
        report = services.report_make(queued_report.pk)
    assert report.error.startswith("Something went wrong while making the report.")


def test_a_transient_fault_puts_the_report_back_in_the_queue_for_a_retry(queued_report):
    with (
        mock.patch("reports.content.management.snapshot", side_effect=OperationalError("gone")),
        pytest.raises(OperationalError),
    ):
        services.report_make(queued_report.pk, may_retry=True)
    queued_report.refresh_from_db()
    assert (queued_report.status, queued_report.stage, queued_report.attempts) == (
        ReportStatus.QUEUED,
        ReportStage.RETRYING,
        1,
    )


def test_a_transient_fault_with_no_retries_left_fails_the_report(queued_report):
    with mock.patch("reports.content.management.snapshot", side_effect=OperationalError("gone")):
        report = services.report_make(queued_report.pk, may_retry=False)
    assert report.status == ReportStatus.FAILED
    assert "niet beschikbaar" in report.error


def test_the_task_retries_transient_faults_only(queued_report):
    with (
        mock.patch("reports.content.management.snapshot", side_effect=OperationalError("gone")),
        mock.patch.object(make_report, "retry", side_effect=RuntimeError("retry")) as retry,
    ):
        make_report.apply(args=[queued_report.pk], throw=False)
    # Eagerly, in this process, there is nobody to retry later: it fails at once.
    retry.assert_not_called()
    queued_report.refresh_from_db()
    assert queued_report.status == ReportStatus.FAILED


def test_a_report_that_keeps_killing_its_worker_is_given_up(queued_report, no_rendering):
    ReportRequest.objects.filter(pk=queued_report.pk).update(
        status=ReportStatus.RUNNING, attempts=services.MAX_ATTEMPTS
    )
    report = services.report_make(queued_report.pk)
    assert report.status == ReportStatus.FAILED
    assert str(services.MAX_ATTEMPTS) in report.error


# --- The sweeper -----------------------------------------------------------------------------


def test_the_sweeper_enqueues_what_the_broker_lost_and_nothing_else(voorbeeldstad, programme):
    now = timezone.now()
    long_ago = now - datetime.timedelta(hours=1)

    def report(**fields):
        made = ReportRequestFactory(organisation=voorbeeldstad, programme=programme)
        ReportRequest.objects.filter(pk=made.pk).update(**fields)
        return made.pk

    never_enqueued = report(created_at=long_ago, enqueued_at=None)
    just_requested = report(created_at=now, enqueued_at=None)
    lost = report(created_at=long_ago, enqueued_at=long_ago)
    waiting = report(created_at=long_ago, enqueued_at=now)
    dead_worker = report(status=ReportStatus.RUNNING, created_at=long_ago, updated_at=long_ago)
    working = report(status=ReportStatus.RUNNING, created_at=long_ago, updated_at=now)
    done = ReportRequestFactory(organisation=voorbeeldstad, programme=programme, done=True)
    ReportRequest.objects.filter(pk=done.pk).update(created_at=long_ago, updated_at=long_ago)

    with mock.patch.object(make_report, "apply_async") as apply_async:
        swept = services.reports_sweep(now=now)

    assert sorted(swept) == sorted([never_enqueued, lost, dead_worker])
    assert sorted(call.args[0][0] for call in apply_async.call_args_list) == sorted(swept)
    assert {waiting, just_requested, working}.isdisjoint(swept)


def test_the_sweeper_stops_at_once_when_the_broker_is_still_away(voorbeeldstad, programme):
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    for _ in range(3):
        made = ReportRequestFactory(organisation=voorbeeldstad, programme=programme)
        ReportRequest.objects.filter(pk=made.pk).update(created_at=long_ago)
    with mock.patch.object(make_report, "apply_async", side_effect=BrokerError("down")) as apply:
        services.reports_sweep()
    assert apply.call_count == 1
    assert ReportRequest.objects.filter(status=ReportStatus.QUEUED).count() == 3
