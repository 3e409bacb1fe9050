"""A session saved while the database is away: 503, not Django's 400 (organisations/sessions.py)."""

from unittest import mock

import pytest
from django.db import DatabaseError, OperationalError
from django.test import Client
from django.urls import reverse

from organisations.models import Role
from organisations.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_session_saved_while_the_database_is_away_gives_the_503_page(login, members):
    client = login(members[Role.DIRECTOR])
    client.raise_request_exception = False
    away = OperationalError("server closed the connection unexpectedly")
    with mock.patch("django.contrib.sessions.models.Session.save", side_effect=away):
        response = client.get(reverse("organisations:dashboard"))
    assert response.status_code == 503
    assert "Mensenwerk is zo weer terug" in response.text


def test_a_session_another_request_deleted_is_still_django_s_own_answer(login, members):
    client = login(members[Role.DIRECTOR])
    client.raise_request_exception = False
    gone = DatabaseError("Forced update did not affect any rows.")
    with mock.patch("django.contrib.sessions.models.Session.save", side_effect=gone):
        response = client.get(reverse("organisations:dashboard"))
    assert response.status_code == 400


def test_the_sessions_are_kept_in_the_database():
    store = SessionStore()
    store["seen"] = True
    store.save()
    assert SessionStore(session_key=store.session_key).load() == {"seen": True}
    assert isinstance(Client().session, SessionStore)
