"""The access log keeps who looked, even when that account is gone from the team."""

import importlib

import pytest
from django.apps import apps
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.html import escape

from inclusion.models import AccessAction, AccessLogEntry, log_access
from organisations.models import Role
from tests.factories import EmployeeFactory, MembershipFactory


@pytest.fixture
def looked(voorbeeldstad, units):
    """A second HR adviser who opened one employee's record."""
    adviser = MembershipFactory(organisation=voorbeeldstad, role=Role.HR_ADVISER).user
    employee = EmployeeFactory(unit=units[0])
    log_access(
        user=adviser, organisation=voorbeeldstad, action=AccessAction.VIEW, employee=employee
    )
    return adviser, employee


def test_an_entry_keeps_the_username_and_name_of_that_moment(looked):
    adviser, employee = looked
    entry = AccessLogEntry.objects.get(employee=employee)
    name = adviser.get_full_name()
    adviser.first_name, adviser.last_name = "Andere", "Naam"
    adviser.save()
    entry.refresh_from_db()
    assert (entry.username, entry.who) == (adviser.username, name)
    assert entry.personnel_number == employee.personnel_number


def test_a_user_in_the_access_log_cannot_be_deleted(looked):
    adviser, _employee = looked
    with pytest.raises(ProtectedError):
        adviser.delete()


def test_the_admin_offers_to_deactivate_not_to_delete(login, members, looked):
    adviser, _employee = looked
    admin = login(members[Role.ORGANISATION_ADMIN])
    delete = reverse("admin:organisations_user_delete", args=[adviser.pk])
    assert admin.get(delete).status_code == 403
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    adviser.refresh_from_db()
    # Someone who never opened personal data can still be deleted.
    other = MembershipFactory(organisation=adviser.memberships.get().organisation).user
    response = admin.get(reverse("admin:organisations_user_delete", args=[other.pk]))
    assert response.status_code == 200


def test_the_access_log_page_shows_the_stored_name(login, members, looked):
    adviser, _employee = looked
    name = adviser.get_full_name()
    adviser.is_active = False
    adviser.first_name = "Vertrokken"
    adviser.save()
    response = login(members[Role.ORGANISATION_ADMIN]).get(
        reverse("inclusion:employees:access_log")
    )
    assert response.status_code == 200
    assert escape(name) in response.text


def test_entries_made_before_get_the_name_their_user_has_now(looked):
    adviser, employee = looked
    AccessLogEntry.objects.update(username="", user_name="")
    migration = importlib.import_module("inclusion.migrations.0005_access_log_keeps_who")
    migration.keep_who(apps, None)
    entry = AccessLogEntry.objects.get(employee=employee)
    assert (entry.username, entry.who) == (adviser.username, adviser.get_full_name())
