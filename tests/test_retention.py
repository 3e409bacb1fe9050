"""Retention (privacy): each kind goes when it is older than its period and stays when
younger, a dry run changes nothing, every run is recorded, a kind that fails leaves its
records as they were, and the organisation admin's page, task and command."""

import datetime
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from celery.schedules import crontab
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from kombu.exceptions import OperationalError as BrokerError

from inclusion.models import AccessLogEntry, Employee, PopConversation, SkillsAction
from organisations.models import Role
from privacy import retention, tasks
from privacy.models import (
    BOUNDS,
    RetentionKind,
    RetentionPolicy,
    RetentionRun,
    months_before,
    policy_for,
)
from tests.factories import (
    EmployeeFactory,
    PopConversationFactory,
    ReportRequestFactory,
    SkillsActionFactory,
)
from twofactor.models import SecondFactorLock, SecondFactorReset

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2027, 6, 15, 12, 0, tzinfo=AMSTERDAM)
TODAY = NOW.date()
# The first days kept with the default periods, seen from TODAY.
LEAVERS_KEPT_FROM = datetime.date(2025, 6, 15)  # 24 months
POP_KEPT_FROM = datetime.date(2024, 6, 15)  # 36 months
ACCESS_LOG_KEPT_FROM = datetime.date(2025, 6, 15)  # 24 months
HR_REPORTS_KEPT_FROM = datetime.date(2027, 3, 17)  # 90 days
LOGIN_RECORDS_KEPT_FROM = datetime.date(2027, 3, 17)  # 90 days
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def clock():
    """Every test sees the same day, whatever today is."""
    with time_machine.travel(NOW, tick=False):
        yield


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=AMSTERDAM)


def apply(organisation, *, dry_run=False, by=None) -> RetentionRun:
    return retention.retention_apply(organisation=organisation, today=TODAY, dry_run=dry_run, by=by)


# What there is of each kind ---------------------------------------------------------------


def leaver(organisation, left_on, **fields):
    return EmployeeFactory(organisation=organisation, active=False, left_on=left_on, **fields)


def pop_conversation(organisation, held_on):
    return PopConversationFactory(
        employee__organisation=organisation, held_on=held_on, agreements="Cursus Excel"
    )


def access_log_entry(organisation, day):
    return AccessLogEntry.objects.create(
        organisation=organisation, action="view", username="vb-hr_adviser", at=noon(day)
    )


def hr_report(organisation, finished_on):
    return ReportRequestFactory(
        organisation=organisation, kind="hr", done=True, finished_at=noon(finished_on)
    )


def login_records(username, day, ip="10.0.0.1") -> list:
    """A login, a failure and a running count of failures, on `day`."""
    fields = {"username": username, "ip_address": ip, "user_agent": "test"}
    records = [
        AccessLog.objects.create(**fields),
        AccessFailureLog.objects.create(**fields),
        AccessAttempt.objects.create(**fields, failures_since_start=1),
    ]
    for record in records:
        type(record).objects.filter(pk=record.pk).update(attempt_time=noon(day))
    return records


def exists(record) -> bool:
    return type(record).objects.filter(pk=record.pk).exists()


# Each kind --------------------------------------------------------------------------------


def test_leavers_older_than_their_period_are_anonymised(voorbeeldstad):
    old = leaver(voorbeeldstad, LEAVERS_KEPT_FROM - DAY, name="Els Vertrek", email="els@vb.nl")
    recent = leaver(voorbeeldstad, LEAVERS_KEPT_FROM, name="Piet Recent")
    working = EmployeeFactory(organisation=voorbeeldstad, name="Jan Werkt")
    Employee.objects.filter(pk=working.pk).update(updated_at=noon(datetime.date(2020, 1, 1)))

    run = apply(voorbeeldstad)

    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert "Els" not in old.name and old.email == ""
    assert "24" in old.anonymisation_reason, "the reason names the period"
    assert Employee.objects.get(pk=recent.pk).name == "Piet Recent"
    assert Employee.objects.get(pk=working.pk).name == "Jan Werkt"
    assert run.counts["leavers"] == 1


def test_a_leaver_without_a_leaving_day_counts_from_the_last_change(voorbeeldstad):
    undated = leaver(voorbeeldstad, None, name="Oud Record")
    Employee.objects.filter(pk=undated.pk).update(updated_at=noon(LEAVERS_KEPT_FROM - DAY))
    fresh = leaver(voorbeeldstad, None, name="Nieuw Record")

    apply(voorbeeldstad)

    assert Employee.objects.get(pk=undated.pk).anonymised_at is not None
    assert Employee.objects.get(pk=fresh.pk).name == "Nieuw Record"


def test_an_anonymised_leaver_is_not_anonymised_again(voorbeeldstad):
    leaver(voorbeeldstad, LEAVERS_KEPT_FROM - DAY)
    assert apply(voorbeeldstad).counts["leavers"] == 1
    assert retention.retention_due(voorbeeldstad, today=TODAY)[RetentionKind.LEAVERS] == 0
    assert apply(voorbeeldstad).counts["leavers"] == 0


def test_pop_conversations_go_with_their_history_and_their_actions_stay(voorbeeldstad):
    old = pop_conversation(voorbeeldstad, POP_KEPT_FROM - DAY)
    recent = pop_conversation(voorbeeldstad, POP_KEPT_FROM)
    agreed = SkillsActionFactory(organisation=voorbeeldstad, pop_conversation=old)
    assert PopConversation.history.filter(id=old.pk).exists()

    run = apply(voorbeeldstad)

    assert not exists(old)
    assert not PopConversation.history.filter(id=old.pk).exists(), "its agreements in the trail"
    assert exists(recent) and PopConversation.history.filter(id=recent.pk).exists()
    assert SkillsAction.objects.get(pk=agreed.pk).pop_conversation is None
    assert run.counts["pop_conversations"] == 1


def test_access_log_entries_go_after_their_period(voorbeeldstad, buurdorp):
    old = access_log_entry(voorbeeldstad, ACCESS_LOG_KEPT_FROM - DAY)
    recent = access_log_entry(voorbeeldstad, ACCESS_LOG_KEPT_FROM)
    elsewhere = access_log_entry(buurdorp, ACCESS_LOG_KEPT_FROM - DAY)

    run = apply(voorbeeldstad)

    assert not exists(old)
    assert exists(recent)
    assert exists(elsewhere), "another organisation's log is its own"
    assert run.counts["access_log"] == 1


def test_hr_reports_go_file_and_all_and_management_reports_stay(
    voorbeeldstad, django_capture_on_commit_callbacks
):
    old = hr_report(voorbeeldstad, HR_REPORTS_KEPT_FROM - DAY)
    recent = hr_report(voorbeeldstad, HR_REPORTS_KEPT_FROM)
    management = ReportRequestFactory(
        organisation=voorbeeldstad, done=True, finished_at=noon(datetime.date(2020, 1, 1))
    )
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        run = apply(voorbeeldstad)

    assert not exists(old)
    assert not storage.exists(name)
    assert exists(recent) and recent.file.storage.exists(recent.file.name)
    assert exists(management)
    assert run.counts["hr_reports"] == 1


def test_login_records_of_members_go_after_their_period(voorbeeldstad, members):
    username = members[Role.DIRECTOR].username
    old = login_records(username, LOGIN_RECORDS_KEPT_FROM - DAY)
    recent = login_records(members[Role.HR_ADVISER].username, LOGIN_RECORDS_KEPT_FROM)
    stranger = login_records("iemand-anders", LOGIN_RECORDS_KEPT_FROM - DAY)

    run = apply(voorbeeldstad)

    assert not any(exists(record) for record in old)
    assert all(exists(record) for record in recent)
    assert all(exists(record) for record in stranger), "left to the installation's purge"
    assert run.counts["login_records"] == 3


def test_second_step_records_go_with_the_login_records(
    voorbeeldstad, buurdorp, members, other_members
):
    """Counts of wrong codes nobody added to within the period, and the organisation's
    log of reset second factors; a lock still on, and another organisation's log, stay."""
    hr, director, admin = (
        members[Role.HR_ADVISER],
        members[Role.DIRECTOR],
        members[Role.ORGANISATION_ADMIN],
    )
    quiet = SecondFactorLock.objects.create(
        user=director, failures=2, last_failed_at=noon(LOGIN_RECORDS_KEPT_FROM - DAY)
    )
    recent = SecondFactorLock.objects.create(
        user=hr, failures=2, last_failed_at=noon(LOGIN_RECORDS_KEPT_FROM)
    )
    old_reset = SecondFactorReset.objects.create(
        organisation=voorbeeldstad, user=hr, reset_by=admin, at=noon(LOGIN_RECORDS_KEPT_FROM - DAY)
    )
    new_reset = SecondFactorReset.objects.create(
        organisation=voorbeeldstad, user=hr, reset_by=admin, at=noon(LOGIN_RECORDS_KEPT_FROM)
    )
    elsewhere = SecondFactorReset.objects.create(
        organisation=buurdorp,
        user=other_members[Role.HR_ADVISER],
        reset_by=other_members[Role.ORGANISATION_ADMIN],
        at=noon(LOGIN_RECORDS_KEPT_FROM - DAY),
    )

    assert retention.retention_due(voorbeeldstad, today=TODAY)[RetentionKind.LOGIN_RECORDS] == 2
    run = apply(voorbeeldstad)

    assert not exists(quiet) and not exists(old_reset)
    assert exists(recent) and exists(new_reset) and exists(elsewhere)
    assert run.counts["login_records"] == 2


def test_a_second_step_lock_that_is_still_on_stays(voorbeeldstad, members):
    lock = SecondFactorLock.objects.create(
        user=members[Role.HR_ADVISER],
        failures=5,
        last_failed_at=noon(LOGIN_RECORDS_KEPT_FROM - DAY),
        locked_until=noon(TODAY + DAY),
    )
    apply(voorbeeldstad)
    assert exists(lock)


def test_login_records_are_never_kept_longer_than_the_installation_allows(
    voorbeeldstad, members, settings
):
    settings.LOGIN_RECORDS_RETENTION_DAYS = 30
    RetentionPolicy.objects.create(organisation=voorbeeldstad, login_records_days=90)
    records = login_records(members[Role.DIRECTOR].username, TODAY - datetime.timedelta(days=31))

    apply(voorbeeldstad)

    assert not any(exists(record) for record in records)


def test_a_shorter_period_of_the_organisation_applies(voorbeeldstad):
    RetentionPolicy.objects.create(organisation=voorbeeldstad, access_log_months=6)
    entry = access_log_entry(voorbeeldstad, months_before(TODAY, 6) - DAY)
    assert apply(voorbeeldstad).counts["access_log"] == 1
    assert not exists(entry)


# Dry runs, runs, failures -------------------------------------------------------------------


@pytest.fixture
def everything_old(voorbeeldstad, members):
    """One record of every kind, each a day past its period."""
    return {
        RetentionKind.LEAVERS: leaver(voorbeeldstad, LEAVERS_KEPT_FROM - DAY, name="Els Vertrek"),
        RetentionKind.POP_CONVERSATIONS: pop_conversation(voorbeeldstad, POP_KEPT_FROM - DAY),
        RetentionKind.ACCESS_LOG: access_log_entry(voorbeeldstad, ACCESS_LOG_KEPT_FROM - DAY),
        RetentionKind.HR_REPORTS: hr_report(voorbeeldstad, HR_REPORTS_KEPT_FROM - DAY),
        RetentionKind.LOGIN_RECORDS: login_records(
            members[Role.DIRECTOR].username, LOGIN_RECORDS_KEPT_FROM - DAY
        )[0],
    }


def still_there(records: dict) -> dict:
    return {
        kind: exists(record)
        and (
            kind != RetentionKind.LEAVERS
            or Employee.objects.get(pk=record.pk).name == "Els Vertrek"
        )
        for kind, record in records.items()
    }


def test_a_dry_run_changes_nothing_and_counts_what_the_real_run_removes(
    voorbeeldstad, everything_old
):
    due = retention.retention_due(voorbeeldstad, today=TODAY)

    dry = apply(voorbeeldstad, dry_run=True)

    assert all(still_there(everything_old).values())
    assert dry.dry_run and dry.counts == {kind.value: count for kind, count in due.items()}
    assert dry.counts == {
        "leavers": 1,
        "pop_conversations": 1,
        "access_log": 1,
        "hr_reports": 1,
        "login_records": 3,  # a login, a failure and a count of failures
    }
    real = apply(voorbeeldstad)
    assert real.counts == dry.counts
    assert not any(still_there(everything_old).values())


def test_the_run_is_recorded_with_who_started_it(voorbeeldstad, members, everything_old):
    admin = members[Role.ORGANISATION_ADMIN]

    apply(voorbeeldstad, by=admin)

    run = RetentionRun.objects.for_organisation(voorbeeldstad).get()
    assert (run.started_by, run.started_by_username) == (admin, admin.username)
    assert run.day == TODAY and not run.dry_run and run.failed == []
    assert run.finished_at is not None and run.total == 7
    assert [(kind, count) for kind, count, _failed in run.rows()] == [
        (kind, 3 if kind == RetentionKind.LOGIN_RECORDS else 1) for kind in RetentionKind
    ]


def test_a_second_run_removes_nothing_more(voorbeeldstad, everything_old):
    apply(voorbeeldstad)
    assert apply(voorbeeldstad).total == 0


@pytest.mark.parametrize("kind", list(RetentionKind), ids=str)
def test_a_kind_that_fails_leaves_its_records_as_they_were(
    kind, voorbeeldstad, everything_old, monkeypatch, django_capture_on_commit_callbacks
):
    removed = retention.REMOVE[kind]

    def removes_then_fails(*args):
        removed(*args)
        raise RuntimeError("the database went away halfway")

    monkeypatch.setitem(retention.REMOVE, kind, removes_then_fails)
    report = everything_old[RetentionKind.HR_REPORTS]
    storage, name = report.file.storage, report.file.name

    with django_capture_on_commit_callbacks(execute=True):
        run = apply(voorbeeldstad)

    assert run.failed == [kind.value]
    assert kind.value not in run.counts
    survivors = still_there(everything_old)
    assert survivors.pop(kind), f"{kind} was removed all the same"
    assert not any(survivors.values()), "the other kinds still go"
    assert storage.exists(name) == (kind == RetentionKind.HR_REPORTS)
    assert RetentionRun.objects.get(pk=run.pk).failed == [kind.value]


def make_old(kind, organisation, username, n: int) -> None:
    """`n` records of `kind`, each older than its period."""
    for i in range(1, n + 1):
        if kind == RetentionKind.POP_CONVERSATIONS:
            pop_conversation(organisation, POP_KEPT_FROM - DAY * i)
        elif kind == RetentionKind.ACCESS_LOG:
            access_log_entry(organisation, ACCESS_LOG_KEPT_FROM - DAY * i)
        elif kind == RetentionKind.HR_REPORTS:
            hr_report(organisation, HR_REPORTS_KEPT_FROM - DAY * i)
        else:
            login_records(username, LOGIN_RECORDS_KEPT_FROM - DAY * i, ip=f"10.0.0.{i}")


@pytest.mark.parametrize(
    "kind", [kind for kind in RetentionKind if kind != RetentionKind.LEAVERS], ids=str
)
def test_removing_a_kind_takes_as_many_queries_for_many_records_as_for_one(
    kind, voorbeeldstad, members
):
    """Bulk statements, not a loop over rows (leavers go one by one: through the
    anonymisation, which Inclusie owns)."""
    policy = policy_for(voorbeeldstad)
    username = members[Role.DIRECTOR].username

    def queries(n: int) -> int:
        make_old(kind, voorbeeldstad, username, n)
        with CaptureQueriesContext(transaction.get_connection()) as captured:
            removed = retention.REMOVE[kind](voorbeeldstad, policy, TODAY, None)
        assert removed == n * (3 if kind == RetentionKind.LOGIN_RECORDS else 1)
        return len(captured)

    assert queries(1) == queries(8)


# The page ---------------------------------------------------------------------------------


@pytest.fixture
def admin_client(login, members):
    return login(members[Role.ORGANISATION_ADMIN])


URL = "/privacy/bewaartermijnen/"


def test_the_page_lives_at_its_dutch_address():
    assert reverse("privacy:retention") == URL
    assert reverse("privacy:apply") == URL + "nu-toepassen/"


def test_the_admin_sees_what_would_go_in_numbers_never_names(
    admin_client, voorbeeldstad, everything_old
):
    before = AccessLogEntry.objects.count()

    response = admin_client.get(URL)

    assert response.status_code == 200
    assert "Els Vertrek" not in response.text
    assert AccessLogEntry.objects.count() == before, "numbers are no personal data"
    defaults = policy_for(voorbeeldstad)
    assert response.context["due"] == [
        (kind, defaults.period_text(kind), 3 if kind == RetentionKind.LOGIN_RECORDS else 1)
        for kind in RetentionKind
    ]
    assert response.context["installation"]["session_hours"] == 8, "read-only, shown"


def test_saving_the_periods(admin_client, voorbeeldstad, members):
    data = {BOUNDS[kind].field: BOUNDS[kind].default for kind in RetentionKind}
    data["pop_conversations_months"] = 48

    response = admin_client.post(URL, data)

    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(organisation=voorbeeldstad)
    assert policy.pop_conversations_months == 48
    assert policy.updated_by == members[Role.ORGANISATION_ADMIN]
    data["pop_conversations_months"] = 24
    assert admin_client.post(URL, data).status_code == 302
    assert RetentionPolicy.objects.get().pop_conversations_months == 24, "the same row, changed"


def test_a_period_below_its_minimum_is_refused_at_its_field(admin_client, voorbeeldstad):
    data = {BOUNDS[kind].field: BOUNDS[kind].default for kind in RetentionKind}
    data["access_log_months"] = 3

    response = admin_client.post(URL, data)

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"access_log_months"}
    assert 'id="id_access_log_months_error"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert not RetentionPolicy.objects.exists(), "nothing saved"


def test_login_records_cannot_be_kept_longer_than_the_installation_does(
    admin_client, voorbeeldstad, settings
):
    settings.LOGIN_RECORDS_RETENTION_DAYS = 60
    data = {BOUNDS[kind].field: BOUNDS[kind].default for kind in RetentionKind}

    response = admin_client.post(URL, data)

    assert response.status_code == 200
    assert "60" in str(response.context["form"].errors["login_records_days"])


def test_apply_now_asks_first_and_then_removes(admin_client, members, everything_old):
    confirm = admin_client.get(reverse("privacy:apply"))
    assert confirm.status_code == 200
    assert all(still_there(everything_old).values()), "asking removes nothing"

    response = admin_client.post(reverse("privacy:apply"))

    assert response.status_code == 302 and response["Location"] == URL
    assert not any(still_there(everything_old).values())
    run = RetentionRun.objects.get()
    assert run.started_by_username == members[Role.ORGANISATION_ADMIN].username
    page = admin_client.get(URL)
    assert page.context["runs"][0] == run


def test_apply_now_with_the_broker_down_says_so_at_once_and_removes_nothing(
    admin_client, everything_old
):
    """The request hands the job over once, without Celery's retries that would hold the
    admin's page for seconds; nothing was removed and tonight's run will do it."""
    refused = BrokerError("refused")
    with mock.patch.object(tasks.apply_retention, "apply_async", side_effect=refused) as handed:
        response = admin_client.post(reverse("privacy:apply"), follow=True)

    handed.assert_called_once()
    assert handed.call_args.kwargs["retry"] is False
    assert "De taak kon nu niet worden gestart" in response.text
    assert all(still_there(everything_old).values())
    assert not RetentionRun.objects.exists()


def test_the_page_takes_as_many_queries_with_much_data_as_with_little(
    admin_client, voorbeeldstad, members, django_assert_max_num_queries
):
    with CaptureQueriesContext(transaction.get_connection()) as little:
        assert admin_client.get(URL).status_code == 200
    for i in range(10):
        leaver(voorbeeldstad, LEAVERS_KEPT_FROM - DAY * (i + 1))
        pop_conversation(voorbeeldstad, POP_KEPT_FROM - DAY * (i + 1))
        access_log_entry(voorbeeldstad, ACCESS_LOG_KEPT_FROM - DAY * (i + 1))
        hr_report(voorbeeldstad, HR_REPORTS_KEPT_FROM - DAY * (i + 1))
        login_records(members[Role.DIRECTOR].username if i == 0 else f"x{i}", TODAY - DAY * 100)
    for _ in range(20):
        apply(voorbeeldstad, dry_run=True)
    RetentionPolicy.objects.create(
        organisation=voorbeeldstad, updated_by=members[Role.ORGANISATION_ADMIN]
    )

    with django_assert_max_num_queries(len(little)):
        response = admin_client.get(URL)
    assert len(response.context["runs"]) == 14


# The nightly job and the command ------------------------------------------------------------


def test_beat_applies_retention_every_night(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["apply-retention"]
    assert entry["task"] == "privacy.tasks.apply_retention_everywhere"
    assert entry["schedule"] == crontab(hour=3, minute=37)
    assert tasks.apply_retention_everywhere.name == entry["task"]


def test_the_nightly_job_applies_every_organisation(voorbeeldstad, buurdorp, everything_old):
    old_elsewhere = access_log_entry(buurdorp, ACCESS_LOG_KEPT_FROM - DAY)

    assert tasks.apply_retention_everywhere.delay().get() == 2

    assert not any(still_there(everything_old).values())
    assert not exists(old_elsewhere)
    runs = RetentionRun.objects.all()
    assert {run.organisation_id for run in runs} == {voorbeeldstad.pk, buurdorp.pk}
    assert all(run.started_by is None and run.started_by_username == "" for run in runs)


def test_the_command_shows_what_would_go_and_then_removes_it(voorbeeldstad, everything_old):
    out = StringIO()
    call_command("apply_retention", "--dry-run", "--organisation", "voorbeeldstad", stdout=out)
    assert "would go (dry run)" in out.getvalue()
    assert "leavers' records: 1" in out.getvalue()
    assert all(still_there(everything_old).values())

    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "Gemeente Voorbeeldstad (voorbeeldstad)" in out.getvalue()
    assert "access-log entries: 1" in out.getvalue()
    assert not any(still_there(everything_old).values())


def test_the_command_refuses_an_unknown_organisation(db):
    with pytest.raises(CommandError, match="nergensdorp"):
        call_command("apply_retention", "--organisation", "nergensdorp")


# The policy itself --------------------------------------------------------------------------


def test_without_a_stored_policy_the_defaults_apply(voorbeeldstad):
    policy = policy_for(voorbeeldstad)
    assert policy.pk is None
    assert [policy.period(kind) for kind in RetentionKind] == [24, 36, 24, 90, 90]


def test_the_database_refuses_a_period_below_its_minimum(voorbeeldstad):
    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionPolicy.objects.create(organisation=voorbeeldstad, access_log_months=5)


def test_an_organisation_has_one_policy(voorbeeldstad):
    RetentionPolicy.objects.create(organisation=voorbeeldstad)
    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionPolicy.objects.create(organisation=voorbeeldstad)


@pytest.mark.parametrize("kind", list(RetentionKind), ids=str)
def test_each_help_text_states_the_bounds_that_hold(kind):
    bounds = BOUNDS[kind]
    with translation.override("en"):
        text = str(RetentionPolicy._meta.get_field(bounds.field).help_text)
    assert f"At least {bounds.minimum}" in text
    assert f"{bounds.default} unless you change it" in text


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2027, 6, 15), 24, datetime.date(2025, 6, 15)),
        (datetime.date(2027, 5, 31), 3, datetime.date(2027, 2, 28)),
        (datetime.date(2028, 5, 31), 3, datetime.date(2028, 2, 29)),
        (datetime.date(2027, 1, 10), 1, datetime.date(2026, 12, 10)),
    ],
)
def test_months_are_calendar_months(day, months, expected):
    assert months_before(day, months) == expected
