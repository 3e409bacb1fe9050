"""Odd but possible input answered without an error of the server: a NUL character or a
very long text in a search box, a `next` that is no path, dates at the calendar's ends,
an owner no row can have, JSON nested too deep."""

import datetime
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from organisations.forms import SEARCH_MAX, search_text
from organisations.models import Role
from organisations.months import add_months
from tests.factories import BenefitFactory
from tests.helpers import urls_of
from transformation import charts

pytestmark = pytest.mark.django_db

HR, PM, DIRECTOR = Role.HR_ADVISER, Role.PROGRAMME_MANAGER, Role.DIRECTOR
url = urls_of("inclusion")


def test_a_search_text_loses_nul_characters_and_what_is_too_long():
    assert search_text("  Be\x00rt  ") == "Bert"
    assert search_text("a" * 5000) == "a" * SEARCH_MAX


@pytest.mark.parametrize("typed", ["\x00", "Me\x00", "a" * 60000])
def test_a_search_box_with_a_nul_or_a_very_long_text_finds_nothing(
    login, members, employees, typed
):
    """PostgreSQL refuses a NUL in a query, SQLite a pattern of some 50,000 characters."""
    client = login(members[HR])
    for address, query in [
        (url("employees:list"), {"unit_search": typed}),
        (url("employees:list"), {"job_search": typed}),
        (url("actions:list"), {"unit_search": typed}),
        (url("actions:employee_search"), {"q": typed}),
    ]:
        response = client.get(address, query)
        assert response.status_code == 200, (address, query)


@pytest.mark.parametrize("wanted", ["x", "acties"])
def test_a_next_that_is_no_path_goes_back_to_the_list(login, members, logged_actions, wanted):
    intervisie = logged_actions[0]
    response = login(members[HR]).post(
        url("actions:delete", intervisie.pk), {"reason": "Dubbel", "next": wanted}
    )
    assert response.status_code == 302
    assert response["Location"] == url("actions:list")


def test_months_past_the_calendars_ends_stop_at_its_last_and_first_day():
    assert add_months(datetime.date(9999, 12, 30), 3) == datetime.date.max
    assert add_months(datetime.date(1, 2, 1), -3) == datetime.date.min
    assert add_months(datetime.date(2027, 5, 31), -3) == datetime.date(2027, 2, 28)


def test_a_benefit_dated_at_the_end_of_the_calendar_leaves_the_dashboards_working(
    login, members, programme_world
):
    BenefitFactory(
        initiative=programme_world["initiative"],
        baseline=Decimal("1"),
        baseline_on=datetime.date(9999, 12, 30),
        target=Decimal("2"),
        target_date=datetime.date(9999, 12, 31),
    )
    for role in (PM, DIRECTOR):
        client = login(members[role])
        assert client.get(reverse("organisations:dashboard")).status_code == 200
        assert client.get(reverse("organisations:attention_count")).status_code == 200


@pytest.mark.parametrize("day", [datetime.date.min, datetime.date.max])
def test_a_chart_of_one_measurement_at_the_calendars_end_is_drawn(day):
    series = [charts.Series("Gemeten", [charts.Point(day, Decimal("3"))])]
    assert "<svg" in charts.line_chart(title="Gebruik", series=series)


def test_an_owner_no_row_can_have_is_left_out_of_the_programmes_filter(
    login, members, programme_world
):
    programme = programme_world["programme"]
    response = login(members[PM]).get(
        reverse("transformation:programme_detail", args=[programme.pk]),
        {"owner": str(2**63)},
    )
    assert response.status_code == 200


def test_json_nested_too_deep_is_malformed_not_an_error(members, voorbeeldstad):
    from django.test import Client

    from api.models import PersonalAccessToken

    _token, secret = PersonalAccessToken.issue(
        user=members[HR], organisation=voorbeeldstad, name="Script"
    )
    deep = "[" * 100_000 + "]" * 100_000
    response = Client(headers={"Authorization": f"Bearer {secret}"}).post(
        reverse("api:skills_action_list"), deep, content_type="application/json"
    )
    assert response.status_code == 400
    assert json.loads(response.content)


def test_ids_no_row_can_have_match_no_row_in_a_list_of_ids(units, employees):
    """`pk__in` as a form's choice of several rows asks it, the admin's lists a relation's
    id; SQLite's driver refused a number beyond 64 bits rather than find nothing."""
    from inclusion.models import Employee
    from organisations.models import Organisation, OrganisationUnit

    assert list(OrganisationUnit.objects.filter(pk__in=[2**63, units[0].pk])) == [units[0]]
    assert not OrganisationUnit.objects.filter(pk__in=[2**63, -(2**63) - 1]).exists()
    unit = employees[0].unit
    in_unit = Employee.objects.filter(unit=unit)
    assert set(Employee.objects.filter(unit__in=[2**64, unit.pk])) == set(in_unit)
    assert set(Employee.objects.filter(unit_id__in=[2**64, unit.pk])) == set(in_unit)
    assert not Employee.objects.filter(unit=2**64).exists()
    assert not Employee.objects.filter(unit__parent__in=[2**64]).exists()
    # Through a relation the other way: an organisation's jobs.
    assert not Organisation.objects.filter(job=2**64).exists()


def test_an_admin_list_filtered_by_an_id_no_row_can_have_is_no_error(login, members):
    client = login(members[Role.ORGANISATION_ADMIN])
    for name, query in [
        ("admin:organisations_organisation_changelist", {"job": str(2**64)}),
        ("admin:organisations_organisationunit_changelist", {"parent": str(2**64)}),
    ]:
        response = client.get(reverse(name), query)
        assert response.status_code in (200, 302), (name, response.status_code)


def test_a_choice_of_units_no_row_can_have_is_said_at_the_field(
    login, members, programme_world, units
):
    from tests.test_transformation_initiatives import initiative_data

    client = login(members[PM])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("transformation:initiative_create", args=[programme_world["programme"].pk]),
        initiative_data(members, units, units=[units[0].pk, str(2**63)]),
    )
    assert response.status_code == 200
    assert "Choose one of those found" in str(response.context["form"].errors["units"])
    assert response.context["form"]["title"].value() == "Microsoft 365 voor Burgerzaken"
