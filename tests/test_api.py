"""The REST API (api/): tokens, who may do what, scoping, writes, the access log,
rate limits and the committed schema. tests/role_matrix_api.py has the matrix of every
URL against every role; tests/test_api_schemathesis.py generates requests from the schema."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from api.models import PersonalAccessToken
from inclusion.models import AccessAction, AccessLogEntry, SkillsAction
from organisations.models import Membership, Role
from reports.models import ReportRequest
from tests.factories import (
    AdoptionTrackFactory,
    BenefitFactory,
    EmployeeFactory,
    InitiativeFactory,
    JobFactory,
    MembershipFactory,
    PopConversationFactory,
    ProgrammeFactory,
    ReportRequestFactory,
    SkillsActionFactory,
)
from transformation.models import BenefitMeasurement

PM, HR, DIRECTOR, ADMIN = (
    Role.PROGRAMME_MANAGER,
    Role.HR_ADVISER,
    Role.DIRECTOR,
    Role.ORGANISATION_ADMIN,
)
NOW = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with a full budget of requests (the limits are in the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def bearer(db):
    """A client that sends `user`'s new token for `organisation`."""

    def make(user, organisation, **fields) -> Client:
        _token, secret = PersonalAccessToken.issue(
            user=user, organisation=organisation, name="Script", **fields
        )
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return make


@pytest.fixture
def programme(voorbeeldstad, members):
    return ProgrammeFactory(organisation=voorbeeldstad, owner=members[PM])


@pytest.fixture
def benefit(programme):
    initiative = InitiativeFactory(programme=programme)
    return BenefitFactory(initiative=initiative)


def url(name, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs=kwargs or None)


def post_json(client, address, data, **headers):
    return client.post(address, data, content_type="application/json", headers=headers)


# --- Tokens -------------------------------------------------------------------------------------


def test_a_token_reads_the_data_of_its_own_organisation(bearer, members, voorbeeldstad, buurdorp):
    ProgrammeFactory(organisation=voorbeeldstad, name="Digitaal Voorbeeldstad")
    ProgrammeFactory(organisation=buurdorp, name="Digitaal Buurdorp")
    # The same person works in both; the token is Voorbeeldstad's.
    MembershipFactory(user=members[PM], organisation=buurdorp, role=PM)

    response = bearer(members[PM], voorbeeldstad).get(url("programme_list"))

    assert response.status_code == 200
    assert [p["name"] for p in response.json()["results"]] == ["Digitaal Voorbeeldstad"]


def test_a_token_never_reaches_another_organisations_object(
    bearer, members, voorbeeldstad, buurdorp
):
    theirs = ProgrammeFactory(organisation=buurdorp)
    MembershipFactory(user=members[PM], organisation=buurdorp, role=PM)

    response = bearer(members[PM], voorbeeldstad).get(url("programme_detail", pk=theirs.pk))

    assert response.status_code == 404


def test_the_secret_is_stored_only_as_its_hash(members, voorbeeldstad):
    token, secret = PersonalAccessToken.issue(
        user=members[PM], organisation=voorbeeldstad, name="Dashboard"
    )
    token.refresh_from_db()
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) < len(secret) / 4
    stored = [str(value) for value in PersonalAccessToken.objects.values_list().get()]
    assert secret not in stored


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("revoked", "This token has been revoked."),
        ("expired", "This token has expired."),
        ("not a member", "no longer a member of Gemeente Voorbeeldstad"),
        ("deactivated", "The account of this token is deactivated."),
    ],
)
def test_a_token_that_no_longer_works_is_refused_with_the_reason(
    state, message, members, voorbeeldstad, clock
):
    user = members[PM]
    token, secret = PersonalAccessToken.issue(
        user=user,
        organisation=voorbeeldstad,
        name="Script",
        expires_at=NOW + datetime.timedelta(days=1),
    )
    if state == "revoked":
        token.revoke()
    elif state == "expired":
        clock.shift(datetime.timedelta(days=2))
    elif state == "not a member":
        Membership.objects.filter(user=user).delete()
    else:
        user.is_active = False
        user.save()

    response = Client(headers={"Authorization": f"Bearer {secret}", "Accept-Language": "en"}).get(
        url("programme_list")
    )

    assert response.status_code == 401
    assert message in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_unknown_or_malformed_token_is_refused(db):
    for header in ("Bearer mw_guessed", "Bearer", "Bearer two parts"):
        response = Client(headers={"Authorization": header}).get(url("programme_list"))
        assert response.status_code == 401, header


def test_without_a_token_or_session_the_api_asks_for_one(db):
    response = Client().get(url("programme_list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_token_has_the_role_of_today_not_of_when_it_was_made(bearer, members, voorbeeldstad):
    client = bearer(members[PM], voorbeeldstad)
    assert client.get(url("employee_list")).status_code == 403
    Membership.objects.filter(user=members[PM]).update(role=HR)
    assert client.get(url("employee_list")).status_code == 200


def test_using_a_token_records_when_it_was_last_used(members, voorbeeldstad, clock):
    token, secret = PersonalAccessToken.issue(
        user=members[PM], organisation=voorbeeldstad, name="Script"
    )
    Client(headers={"Authorization": f"Bearer {secret}"}).get(url("programme_list"))
    token.refresh_from_db()
    assert token.last_used_at == NOW


def test_the_browser_session_needs_its_csrf_token_to_write(members, benefit, clock):
    client = Client(enforce_csrf_checks=True)
    client.force_login(members[PM])
    response = post_json(
        client, url("measurement_create", pk=benefit.pk), {"measured_on": "2026-11-01", "value": 8}
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not BenefitMeasurement.objects.exists()


def test_the_browser_session_reads_with_the_pages_login(login, members, programme):
    response = login(members[DIRECTOR]).get(url("programme_detail", pk=programme.pk))
    assert response.status_code == 200
    assert response.json()["name"] == programme.name


def test_a_browser_session_without_a_chosen_organisation_is_asked_to_choose(
    login, members, buurdorp, programme
):
    MembershipFactory(user=members[PM], organisation=buurdorp, role=PM)
    response = login(members[PM]).get(url("programme_list"), headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert "Choose the organisation" in response.json()["detail"]


# --- The token pages ----------------------------------------------------------------------------


def test_a_new_token_is_shown_once_and_then_only_its_prefix(login, members, voorbeeldstad, clock):
    client = login(members[PM])
    response = client.post(
        reverse("api:tokens"),
        {"name": "Dashboard", "organisation": voorbeeldstad.pk, "expires_on": "2027-01-31"},
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret and secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = PersonalAccessToken.objects.get()
    assert token.organisation == voorbeeldstad and token.expires_at.date() == datetime.date(
        2027, 1, 31
    )

    again = client.get(reverse("api:tokens")).content.decode()
    assert secret not in again
    assert token.prefix in again


@pytest.mark.parametrize(
    ("expires_on", "message"),
    [("2026-11-16", "Choose a day after today."), ("2028-01-01", "a year at most")],
)
def test_a_token_valid_until_today_or_beyond_a_year_is_refused_at_the_field(
    login, members, voorbeeldstad, clock, expires_on, message
):
    client = login(members[PM])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("api:tokens"),
        {"name": "Dashboard", "organisation": voorbeeldstad.pk, "expires_on": expires_on},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["expires_on"])
    assert not PersonalAccessToken.objects.exists()


def test_a_token_is_only_for_an_organisation_one_works_in(login, members, buurdorp):
    response = login(members[PM]).post(
        reverse("api:tokens"), {"name": "Dashboard", "organisation": buurdorp.pk}
    )
    assert "organisation" in response.context["form"].errors
    assert not PersonalAccessToken.objects.exists()


def test_a_revoked_token_stops_working(login, members, voorbeeldstad):
    token, secret = PersonalAccessToken.issue(
        user=members[PM], organisation=voorbeeldstad, name="Script"
    )
    response = login(members[PM]).post(reverse("api:token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.is_revoked
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get(url("programme_list")).status_code == 401


def test_nobody_revokes_another_users_token(login, members, voorbeeldstad):
    token, _secret = PersonalAccessToken.issue(
        user=members[PM], organisation=voorbeeldstad, name="Script"
    )
    response = login(members[ADMIN]).post(reverse("api:token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked


def test_the_token_page_costs_the_same_queries_however_many_tokens(
    login, members, voorbeeldstad, django_assert_max_num_queries
):
    client = login(members[PM])
    PersonalAccessToken.issue(user=members[PM], organisation=voorbeeldstad, name="Een")
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("api:tokens"))
    for n in range(10):
        PersonalAccessToken.issue(user=members[PM], organisation=voorbeeldstad, name=f"T{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("api:tokens"))


# --- Reads --------------------------------------------------------------------------------------


def test_initiatives_come_with_their_status_and_adoption_phase(bearer, members, programme):
    tracked = InitiativeFactory(
        programme=programme, title="Teams", status="amber", status_reason="Licenties laat"
    )
    AdoptionTrackFactory(initiative=tracked, current_phase=3)
    InitiativeFactory(programme=programme, title="Zaaksysteem")

    rows = (
        bearer(members[DIRECTOR], programme.organisation)
        .get(url("initiative_list"), {"programme": programme.pk}, headers={"Accept-Language": "en"})
        .json()["results"]
    )

    assert [(r["title"], r["status"], r["adoption"]) for r in rows] == [
        ("Teams", "amber", {"phase": 3, "label": "Awareness"}),
        ("Zaaksysteem", "green", None),
    ]


def test_a_filter_that_is_no_id_is_a_field_error(bearer, members, voorbeeldstad):
    response = bearer(members[PM], voorbeeldstad).get(url("initiative_list"), {"programme": "x"})
    assert response.status_code == 400
    assert "programme" in response.json()


def test_benefits_come_with_their_measurements_and_track(bearer, members, benefit):
    BenefitMeasurement.objects.create(
        benefit=benefit, measured_on=datetime.date(2025, 6, 1), value=Decimal("9.50")
    )
    data = (
        bearer(members[DIRECTOR], benefit.organisation)
        .get(url("benefit_detail", pk=benefit.pk))
        .json()
    )
    assert data["measurements"] == [
        {
            "id": benefit.measurements.get().pk,
            "measured_on": "2025-06-01",
            "value": "9.50",
            "note": "",
        }
    ]
    assert data["track"] in {"on_track", "off_track"}


@pytest.mark.parametrize(
    ("name", "make", "role"),
    [
        ("initiative_list", lambda p: InitiativeFactory(programme=p, units=[]), PM),
        ("benefit_list", lambda p: BenefitFactory(initiative=InitiativeFactory(programme=p)), PM),
        ("programme_list", lambda p: ProgrammeFactory(organisation=p.organisation), PM),
        ("employee_list", lambda p: EmployeeFactory(organisation=p.organisation), HR),
        (
            "report_list",
            lambda p: ReportRequestFactory(organisation=p.organisation, programme=p, done=True),
            PM,
        ),
    ],
)
def test_a_list_costs_the_same_queries_however_long_it_is(
    name, make, role, bearer, members, programme, django_assert_max_num_queries
):
    client = bearer(members[role], programme.organisation)
    make(programme)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url(name)).status_code == 200
    for _ in range(8):
        make(programme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(name)).status_code == 200


# --- Inclusion: aggregates and personal data -----------------------------------------------------


def _coverage_world(organisation, units):
    """Seven employees in unit 0, three of whom talked about digital skills this year;
    two in unit 1."""
    day = timezone.localdate()
    team = [EmployeeFactory(organisation=organisation, unit=units[0]) for _ in range(7)]
    for employee in team[:3]:
        PopConversationFactory(employee=employee, held_on=day, digital_skills=True)
    for _ in range(2):
        EmployeeFactory(organisation=organisation, unit=units[1])


def test_pop_coverage_never_gives_a_small_group_to_a_programme_manager(
    bearer, members, voorbeeldstad, units, clock
):
    _coverage_world(voorbeeldstad, units)
    data = bearer(members[PM], voorbeeldstad).get(url("pop_coverage")).json()
    assert data["exact"] is False and data["threshold"] == 5
    figures = [
        figure
        for row in [*data["rows"], data["total"]]
        for figure in (row["active"], row["held"], row["covered"])
    ]
    for figure in figures:
        assert figure["hidden"] == (figure["count"] is None)
        if figure["count"] is not None:
            assert figure["count"] >= 5
    small = next(row for row in data["rows"] if row["unit"]["id"] == units[1].pk)
    assert small["active"] == {"count": None, "shown": "<5", "hidden": True}


def test_pop_coverage_is_exact_for_the_hr_adviser_as_on_the_page(
    bearer, members, voorbeeldstad, units, clock
):
    _coverage_world(voorbeeldstad, units)
    response = bearer(members[HR], voorbeeldstad).get(url("pop_coverage"))
    data = response.json()
    assert data["exact"] is True
    small = next(row for row in data["rows"] if row["unit"]["id"] == units[1].pk)
    assert small["active"]["count"] == 2
    assert "no-store" in response["Cache-Control"]


def _gaps_world(organisation, units):
    """A job that asks level 4 of competence 1.1: in unit 0 seven of its employees, three
    of them assessed below it; in unit 1 two, one below it. Returns the job."""
    from inclusion.models import Assessment, Competence, TargetLevel

    job = JobFactory(organisation=organisation)
    competence = Competence.objects.get(organisation=organisation, code="1.1")
    TargetLevel.objects.create(organisation=organisation, job=job, competence=competence, level=4)
    for unit, size, below in ((units[0], 7, 3), (units[1], 2, 1)):
        for n in range(size):
            employee = EmployeeFactory(organisation=organisation, unit=unit, job=job)
            Assessment.objects.create(
                organisation=organisation,
                employee=employee,
                competence=competence,
                level=2 if n < below else 5,
                assessed_on=datetime.date(2026, 1, 15),
                source="hr",
            )
    return job


@pytest.mark.parametrize("role", [PM, HR], ids=str)
def test_the_skills_gaps_say_what_the_heatmap_page_says_to_the_same_role(
    bearer, login, members, voorbeeldstad, units, role, django_assert_max_num_queries
):
    _gaps_world(voorbeeldstad, units)
    with django_assert_max_num_queries(12):
        response = bearer(members[role], voorbeeldstad).get(url("skills_gaps"))
    assert response.status_code == 200
    data = response.json()
    page = login(members[role]).get(reverse("inclusion:skills:heatmap")).context["heatmap"]
    assert [area["id"] for area in data["areas"]] == [area.pk for area in page.areas]
    assert len(data["rows"]) == len(page.rows)
    for row, shown in zip(data["rows"], page.rows, strict=True):
        assert row["unit"]["id"] == shown.unit.pk
        assert row["employees"]["shown"] == shown.total.text
        assert [cell["with_gap"]["shown"] for cell in row["areas"]] == [
            cell.figure.text for cell in shown.cells
        ]
        for cell in [*row["areas"], row["any_area"]]:
            figure = cell["with_gap"]
            assert figure["hidden"] == (figure["count"] is None)
            assert cell["share"]["hidden"] == (cell["share"]["percentage"] is None)
    small = next(row for row in data["rows"] if row["unit"]["id"] == units[1].pk)
    if role == PM:
        assert data["exact"] is False
        assert small["employees"] == {"count": None, "shown": "<5", "hidden": True}
        assert small["any_area"]["with_gap"]["count"] is None
        assert small["any_area"]["with_gap"]["hidden"] is True
    else:
        assert data["exact"] is True and "no-store" in response["Cache-Control"]
        assert small["any_area"]["with_gap"]["count"] == 1


def test_the_skills_gaps_of_one_job_and_a_job_that_is_not_ours(
    bearer, members, voorbeeldstad, buurdorp, units
):
    job = _gaps_world(voorbeeldstad, units)
    other = JobFactory(organisation=voorbeeldstad)
    client = bearer(members[HR], voorbeeldstad)
    assert client.get(url("skills_gaps"), {"job": job.pk}).json()["job"] == job.pk
    assert client.get(url("skills_gaps"), {"job": other.pk}).json()["rows"] == []
    for wrong in (JobFactory(organisation=buurdorp).pk, "twee", "²", "9" * 25):
        response = client.get(url("skills_gaps"), {"job": wrong}, headers={"Accept-Language": "en"})
        assert response.status_code == 400
        assert list(response.json()) == ["job"]


def test_the_skills_gaps_of_a_job_in_one_unit_beside_one_other_are_withheld(
    bearer, members, voorbeeldstad, units
):
    """Seven of a job, all in a unit of eight: the unit's eight less the job's seven on
    the lists of jobs is the eighth person. Rounded, no units; exact for HR."""
    job = JobFactory(organisation=voorbeeldstad)
    for _ in range(7):
        EmployeeFactory(organisation=voorbeeldstad, unit=units[2], job=job)
    EmployeeFactory(organisation=voorbeeldstad, unit=units[2])
    data = bearer(members[PM], voorbeeldstad).get(url("skills_gaps"), {"job": job.pk}).json()
    assert (data["withheld"], data["rows"]) == (True, [])
    data = bearer(members[HR], voorbeeldstad).get(url("skills_gaps"), {"job": job.pk}).json()
    assert data["withheld"] is False
    assert [row["employees"]["count"] for row in data["rows"]] == [7]
    assert bearer(members[PM], voorbeeldstad).get(url("skills_gaps")).json()["withheld"] is False


def test_reading_employees_is_on_record_once_per_response(bearer, members, voorbeeldstad, units):
    employee = EmployeeFactory(organisation=voorbeeldstad, unit=units[0], name="Fatima Yilmaz")
    response = bearer(members[HR], voorbeeldstad).get(url("employee_list"))
    assert response.status_code == 200
    assert [e["name"] for e in response.json()["results"]] == ["Fatima Yilmaz"]
    assert "no-store" in response["Cache-Control"]
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.organisation) == (
        members[HR],
        AccessAction.VIEW,
        voorbeeldstad,
    )
    assert employee.pk  # the entry is about the list, not one employee


def test_an_empty_page_of_employees_writes_no_log_entry(bearer, members, voorbeeldstad):
    response = bearer(members[ADMIN], voorbeeldstad).get(url("employee_list"), {"q": "niemand"})
    assert response.status_code == 200 and response.json()["results"] == []
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("role", [PM, DIRECTOR])
def test_roles_that_see_no_employees_get_none_through_the_api(
    role, bearer, members, voorbeeldstad, units
):
    EmployeeFactory(organisation=voorbeeldstad, unit=units[0])
    client = bearer(members[role], voorbeeldstad)
    assert client.get(url("employee_list")).status_code == 403
    assert client.get(url("skills_action_list")).status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_the_skills_action_list_costs_the_same_queries_however_long(
    bearer, members, voorbeeldstad, units, django_assert_max_num_queries
):
    client = bearer(members[HR], voorbeeldstad)
    people = [EmployeeFactory(organisation=voorbeeldstad, unit=units[0]) for _ in range(3)]
    SkillsActionFactory(organisation=voorbeeldstad, employees=people)
    with django_assert_max_num_queries(25) as few:
        client.get(url("skills_action_list"))
    for _ in range(8):
        SkillsActionFactory(organisation=voorbeeldstad, employees=people)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("skills_action_list"))


# --- Writes -------------------------------------------------------------------------------------


def test_the_programme_manager_records_a_measurement(bearer, members, benefit, clock):
    response = post_json(
        bearer(members[PM], benefit.organisation),
        url("measurement_create", pk=benefit.pk),
        {"measured_on": "2026-11-01", "value": "8.25", "note": "Na de training"},
    )
    assert response.status_code == 201, response.content
    measurement = BenefitMeasurement.objects.get()
    assert (measurement.value, measurement.recorded_by) == (Decimal("8.25"), members[PM])
    assert response.json()["id"] == measurement.pk


@pytest.mark.parametrize("role", [HR, DIRECTOR, ADMIN])
def test_other_roles_record_no_measurement(role, bearer, members, benefit, clock):
    response = post_json(
        bearer(members[role], benefit.organisation),
        url("measurement_create", pk=benefit.pk),
        {"measured_on": "2026-11-01", "value": "8"},
    )
    assert response.status_code == 403
    assert not BenefitMeasurement.objects.exists()


def test_a_measurement_for_another_organisations_benefit_is_not_found(
    bearer, other_members, buurdorp, benefit, clock
):
    response = post_json(
        bearer(other_members[PM], buurdorp),
        url("measurement_create", pk=benefit.pk),
        {"measured_on": "2026-11-01", "value": "8"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "A measurement cannot be in the future."), ("nl", None)],
)
def test_a_measurement_in_the_future_is_refused_at_the_field_in_the_readers_language(
    language, expected, bearer, members, benefit, clock
):
    response = post_json(
        bearer(members[PM], benefit.organisation),
        url("measurement_create", pk=benefit.pk),
        {"measured_on": "2026-12-01", "value": "8"},
        **{"Accept-Language": language},
    )
    assert response.status_code == 400
    assert response["Content-Language"] == language
    with translation.override(language):
        said = translation.gettext("A measurement cannot be in the future.")
    assert response.json() == {"measured_on": [expected or said]}
    assert not BenefitMeasurement.objects.exists()


def test_a_measurement_without_a_value_names_the_missing_field(bearer, members, benefit, clock):
    response = post_json(
        bearer(members[PM], benefit.organisation),
        url("measurement_create", pk=benefit.pk),
        {"measured_on": "2026-11-01"},
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert response.json() == {"value": ["This field is required."]}


def _action(employees, **fields):
    return {
        "kind": "training",
        "held_on": "2026-11-10",
        "status": "done",
        "employees": [e.pk for e in employees],
        **fields,
    }


def test_the_hr_adviser_logs_an_action_and_each_employee_is_on_record(
    bearer, members, voorbeeldstad, units, clock
):
    people = [EmployeeFactory(organisation=voorbeeldstad, unit=units[0]) for _ in range(2)]
    response = post_json(
        bearer(members[HR], voorbeeldstad), url("skills_action_list"), _action(people, hours="2.5")
    )
    assert response.status_code == 201, response.content
    action = SkillsAction.objects.get()
    assert set(action.employees.all()) == set(people) and action.hours == Decimal("2.5")
    assert action.created_by == members[HR]
    logged = AccessLogEntry.objects.filter(action=AccessAction.CREATE)
    assert sorted(logged.values_list("employee", flat=True)) == sorted(e.pk for e in people)
    assert {e["id"] for e in response.json()["employees"]} == {e.pk for e in people}


def test_an_action_for_another_organisations_employee_is_refused_at_the_field(
    bearer, members, voorbeeldstad, buurdorp, clock
):
    stranger = EmployeeFactory(organisation=buurdorp)
    response = post_json(
        bearer(members[HR], voorbeeldstad),
        url("skills_action_list"),
        _action([stranger]),
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert response.json() == {"employees": ["Choose employees of this organisation."]}
    assert not SkillsAction.objects.exists()


def test_a_duplicate_action_needs_save_anyway(bearer, members, voorbeeldstad, units, clock):
    person = EmployeeFactory(organisation=voorbeeldstad, unit=units[0])
    client = bearer(members[HR], voorbeeldstad)
    assert post_json(client, url("skills_action_list"), _action([person])).status_code == 201
    twice = post_json(client, url("skills_action_list"), _action([person]))
    assert twice.status_code == 400 and "non_field_errors" in twice.json()
    anyway = post_json(client, url("skills_action_list"), _action([person], save_anyway=True))
    assert anyway.status_code == 201
    assert SkillsAction.objects.count() == 2


def test_a_bulk_of_actions_is_logged_together(bearer, members, voorbeeldstad, units, clock):
    people = [EmployeeFactory(organisation=voorbeeldstad, unit=units[0]) for _ in range(3)]
    response = post_json(
        bearer(members[HR], voorbeeldstad),
        url("skills_action_bulk"),
        {"actions": [_action([person]) for person in people]},
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["actions"]) == 3
    assert SkillsAction.objects.count() == 3


def test_options_on_a_write_only_operation_tells_who_may_write_it(bearer, members, voorbeeldstad):
    """OPTIONS says which methods an operation has and what its POST takes; a role that
    may neither read nor write through it is refused, as for its other methods."""
    answer = bearer(members[HR], voorbeeldstad).options(url("skills_action_bulk"))
    assert answer.status_code == 200, answer.content
    assert "POST" in answer["Allow"]
    assert "actions" in answer.json()["actions"]["POST"]

    refused = bearer(members[DIRECTOR], voorbeeldstad).options(url("skills_action_bulk"))
    assert refused.status_code == 403


def test_a_failed_bulk_leaves_the_data_as_it_was(bearer, members, voorbeeldstad, units, clock):
    person = EmployeeFactory(organisation=voorbeeldstad, unit=units[0])
    response = post_json(
        bearer(members[HR], voorbeeldstad),
        url("skills_action_bulk"),
        {
            "actions": [
                _action([person]),
                _action([person], kind="intervisie", held_on="2027-01-05"),
            ]
        },
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 400
    # Per action that is refused, by its place in the list (from 0).
    assert response.json() == {
        "actions": {
            "1": {"held_on": ["An action that is done cannot be in the future: plan it instead."]}
        }
    }
    assert not SkillsAction.objects.exists()
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("role", [PM, DIRECTOR, ADMIN])
def test_only_the_hr_adviser_logs_actions(role, bearer, members, voorbeeldstad, units, clock):
    person = EmployeeFactory(organisation=voorbeeldstad, unit=units[0])
    client = bearer(members[role], voorbeeldstad)
    assert post_json(client, url("skills_action_list"), _action([person])).status_code == 403
    bulk = post_json(client, url("skills_action_bulk"), {"actions": [_action([person])]})
    assert bulk.status_code == 403
    assert not SkillsAction.objects.exists()


# --- Reports ------------------------------------------------------------------------------------


def management_report(programme, **fields):
    """The body of a request for last October's management report of `programme`."""
    return {
        "kind": "management",
        "programme": programme.pk,
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        **fields,
    }


def test_the_programme_manager_requests_a_management_report(bearer, members, programme, clock):
    response = post_json(
        bearer(members[PM], programme.organisation),
        url("report_list"),
        management_report(programme),
    )
    assert response.status_code == 201, response.content
    report = ReportRequest.objects.get()
    assert (report.kind, report.programme, report.requested_by) == (
        "management",
        programme,
        members[PM],
    )
    assert response.json()["id"] == report.pk


def test_a_report_that_looks_ahead_is_refused_at_the_field(bearer, members, programme, clock):
    response = post_json(
        bearer(members[PM], programme.organisation),
        url("report_list"),
        management_report(programme, period_end="2026-12-31"),
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "cannot look ahead" in response.json()["period_end"][0]
    assert not ReportRequest.objects.exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Enter a date between 1 January 1900 and 31 December 2100."),
        ("nl", "Voer een datum in tussen 1 januari 1900 en 31 december 2100."),
    ],
)
def test_a_report_period_outside_the_calendar_is_refused_at_the_field(
    language, expected, bearer, members, programme, clock
):
    response = post_json(
        bearer(members[PM], programme.organisation),
        url("report_list"),
        management_report(programme, period_start="1899-12-31"),
        **{"Accept-Language": language},
    )
    assert response.status_code == 400
    assert response.json() == {"period_start": [expected]}
    assert not ReportRequest.objects.exists()


def test_the_hr_adviser_may_not_request_a_management_report(bearer, members, programme, clock):
    response = post_json(
        bearer(members[HR], programme.organisation),
        url("report_list"),
        management_report(programme),
    )
    assert response.status_code == 403
    assert not ReportRequest.objects.exists()


def test_the_report_list_shows_only_the_kinds_the_role_reads(bearer, members, voorbeeldstad):
    management = ReportRequestFactory(organisation=voorbeeldstad)
    hr = ReportRequestFactory(organisation=voorbeeldstad, kind="hr")

    def ids(role):
        response = bearer(members[role], voorbeeldstad).get(url("report_list"))
        return {r["id"] for r in response.json()["results"]}

    assert ids(PM) == {management.pk}
    assert ids(HR) == {hr.pk}


def test_downloading_the_hr_report_is_on_record(bearer, members, voorbeeldstad):
    report = ReportRequestFactory(organisation=voorbeeldstad, kind="hr", done=True)
    response = bearer(members[HR], voorbeeldstad).get(url("report_download", pk=report.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessAction.EXPORT and entry.user == members[HR]


def test_a_report_not_ready_has_no_download(bearer, members, programme):
    report = ReportRequestFactory(organisation=programme.organisation, programme=programme)
    client = bearer(members[PM], programme.organisation)
    assert client.get(url("report_detail", pk=report.pk)).json()["download"] is None
    assert client.get(url("report_download", pk=report.pk)).status_code == 404


# --- Rate limits --------------------------------------------------------------------------------


@pytest.fixture
def low_limits(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/minute", "api_write": "1/minute"},
    }


def test_a_token_asking_too_often_is_told_to_wait(bearer, members, voorbeeldstad, low_limits):
    client = bearer(members[PM], voorbeeldstad)
    statuses = [client.get(url("programme_list")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(url("programme_list"), headers={"Accept-Language": "en"})
    assert "throttled" in refused.json()["detail"].lower()
    assert int(refused["Retry-After"]) > 0
    # Another token has a budget of its own.
    assert bearer(members[PM], voorbeeldstad).get(url("programme_list")).status_code == 200


def test_writes_have_a_budget_of_their_own(bearer, members, benefit, low_limits, clock):
    client = bearer(members[PM], benefit.organisation)
    address = url("measurement_create", pk=benefit.pk)
    assert post_json(client, address, {"measured_on": "2026-11-01", "value": 1}).status_code == 201
    assert post_json(client, address, {"measured_on": "2026-11-02", "value": 1}).status_code == 429
    assert client.get(url("benefit_list")).status_code == 200


# --- The schema ---------------------------------------------------------------------------------

COMMITTED = Path(__file__).resolve().parent.parent / "api" / "openapi.yaml"


def test_the_committed_schema_is_the_schema_of_the_code(tmp_path):
    """Regenerate with `make api-schema` when this fails."""
    generated = tmp_path / "openapi.yaml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--lang", "en", "--file", str(generated)
    )
    assert generated.read_text() == COMMITTED.read_text(), (
        "api/openapi.yaml differs from the code: run make api-schema and commit the result."
    )


def test_the_schema_is_openapi_3_1_and_served_with_its_documentation(client):
    schema = client.get(url("schema"), {"format": "json"})
    assert schema.status_code == 200 and schema.json()["openapi"] == "3.1.0"
    swagger = client.get(url("swagger")).content.decode()
    # Served from our own static files, with the start script as a file: the CSP holds.
    assert "cdn" not in swagger.lower()
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in swagger
    script = client.get(url("swagger"), {"script": ""})
    assert script.status_code == 200 and "javascript" in script["Content-Type"]
    redoc = client.get(url("redoc")).content.decode()
    assert "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in redoc
