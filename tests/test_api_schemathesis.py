"""Requests generated from the committed schema (api/openapi.yaml), against the app itself
(WSGI): every operation, at least a hundred examples each, answered without a server
error and as the schema says (status, content type, body).

Deterministic (Hypothesis derandomised, no example database), so that a failure in
`make test` fails again on the next run. Each operation is called with the token of a
role that may use it; ids in the path are half the time those of real objects, so that
both the found and the not-found answers are generated.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.models import PersonalAccessToken
from organisations.models import Role
from tests import worlds
from tests.factories import ReportRequestFactory, SkillsActionFactory

SCHEMA = Path(__file__).resolve().parent.parent / "api" / "openapi.yaml"
EXAMPLES = 100

schema = schemathesis.openapi.from_path(SCHEMA)
schema.app = get_wsgi_application()

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]

# Who calls each operation: a role that may use it (the others are the role matrix's).
CALLER = {
    ("GET", "/api/v1/employees/"): Role.HR_ADVISER,
    ("GET", "/api/v1/skills-actions/"): Role.HR_ADVISER,
    ("POST", "/api/v1/skills-actions/"): Role.HR_ADVISER,
    ("POST", "/api/v1/skills-actions/bulk/"): Role.HR_ADVISER,
}
# The real object each path's id stands for.
OBJECT = {
    "/api/v1/programmes/{id}/": "programme",
    "/api/v1/initiatives/{id}/": "initiative",
    "/api/v1/benefits/{id}/": "benefit",
    "/api/v1/benefits/{id}/measurements/": "benefit",
    "/api/v1/reports/{id}/": "report",
    "/api/v1/reports/{id}/download/": "report",
}


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), worlds.kept_for_the_module(django_db_blocker):
        organisation = worlds.voorbeeldstad()
        members = worlds.members(organisation, "st")
        units = worlds.units(organisation)
        world = worlds.adoption_world(worlds.programme_world(organisation, members, units), units)
        employees = worlds.employees(organisation, units)
        SkillsActionFactory(organisation=organisation, employees=employees[:2])
        world["report"] = ReportRequestFactory(
            organisation=organisation, programme=world["programme"], done=True
        )
        world["tokens"] = {
            role: PersonalAccessToken.issue(user=user, organisation=organisation, name="st")[1]
            for role, user in members.items()
        }
        world["media"] = media
        yield world


@pytest.fixture(autouse=True)
def media_root(settings, api_world):
    """The world's report file stays in the module's folder (made with the world)."""
    settings.MEDIA_ROOT = api_world["media"]


@pytest.fixture(scope="module", autouse=True)
def connections_kept():
    """As Django's test client does: the WSGI handler would otherwise close the test's
    database connection after each request, inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def unlimited(settings, api_world):
    """Hundreds of requests a minute: the rate limits are tested in test_api.py."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "1000000/minute", "api_write": "1000000/minute"},
    }
    cache.clear()


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_the_schema_says(case, api_world):
    operation = case.operation
    role = CALLER.get((operation.method.upper(), operation.path), Role.PROGRAMME_MANAGER)
    if operation.path in OBJECT and case.path_parameters:
        generated = case.path_parameters.get("id")
        if str(generated).isdigit() and int(generated) % 2 == 0:
            case.path_parameters["id"] = api_world[OBJECT[operation.path]].pk
    case.call_and_validate(
        headers={"Authorization": f"Bearer {api_world['tokens'][role]}"}, checks=CHECKS
    )
