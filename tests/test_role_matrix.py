"""Every URL pattern, every role, anonymous, and a user of another organisation.

A URL pattern without an entry here fails the test: adding a page means
deciding who may see it.
"""

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape

from inclusion.models import AccessLogEntry
from organisations.models import Role
from tests import (
    role_matrix_actions,
    role_matrix_adoption,
    role_matrix_api,
    role_matrix_decisions,
    role_matrix_initiatives,
    role_matrix_metamorphosis,
    role_matrix_privacy,
    role_matrix_reports,
    role_matrix_settings,
    role_matrix_skills,
    role_matrix_sso,
    role_matrix_twofactor,
    worlds,
)
from tests.factories import SkillsActionFactory
from tests.helpers import HTMX
from tests.role_matrix import (
    ACTORS,
    ADMIN_LOGIN,
    ALL_ROLES,
    ANONYMOUS,
    LOGIN,
    OTHER_ORGANISATION,
    Entry,
    everyone,
    members_only,
    obj,
    only,
    pk,
)

PM = Role.PROGRAMME_MANAGER

MATRIX = {
    "home": Entry(
        expected=dict.fromkeys(ACTORS, 302),
        redirects_to={ANONYMOUS: LOGIN, **dict.fromkeys(Role, "organisations:dashboard")},
    ),
    "login": Entry(expected={ANONYMOUS: 200, **dict.fromkeys([*Role, OTHER_ORGANISATION], 302)}),
    # Logging out is a POST: a link or a prefetch must never end a session.
    "logout": everyone(405),
    "password_change": members_only(),
    "password_change_done": members_only(),
    "password_reset": everyone(),
    "password_reset_done": everyone(),
    "password_reset_confirm": Entry(
        expected=dict.fromkeys(ACTORS, 200),
        kwargs=lambda world: {"uidb64": "MQ", "token": "invalid"},
    ),
    "password_reset_complete": everyone(),
    "set_language": everyone(302),
    "healthz": everyone(),
    "readyz": everyone(),
    "organisations:dashboard": members_only(),
    "organisations:switch": members_only(),
    "organisations:profile": members_only(),
    # The header's count of what needs attention (an htmx fragment; a page without it).
    "organisations:attention_count": members_only(),
    # A unit filter's search box: the organisation's own units only (tests/test_filter_forms.py).
    "organisations:unit_options": Entry(
        expected={ANONYMOUS: 302, **dict.fromkeys(Role, 200), OTHER_ORGANISATION: 200},
        redirects_to={ANONYMOUS: LOGIN},
        data={"field": "filter-unit", "search": "unit_search", "unit_search": "a"},
    ),
    # The search boxes for a job and an initiative: names of the organisation's own.
    "inclusion:employees:job_options": members_only(),
    "transformation:initiative_options": members_only(),
    "transformation:benefit_options": members_only(),
    "transformation:overview": members_only(),
    "transformation:vision_create": only(PM),
    "transformation:vision_compare": members_only(),
    "transformation:vision_detail": obj(*ALL_ROLES, kwargs=pk("approved")),
    "transformation:vision_edit": obj(PM, kwargs=pk("draft")),
    "transformation:vision_status": obj(
        PM, kwargs=pk("draft"), method="post", status=302, data={"action": "consultation"}
    ),
    "transformation:vision_approve": obj(Role.DIRECTOR, kwargs=pk("consultation")),
    "transformation:section_add": obj(PM, kwargs=pk("draft")),
    "transformation:section_edit": obj(PM, kwargs=pk("section")),
    # Removing asks first: the confirmation page.
    "transformation:section_delete": obj(PM, kwargs=pk("section")),
    "transformation:programme_create": only(PM),
    "transformation:programme_detail": obj(*ALL_ROLES, kwargs=pk("programme")),
    "transformation:programme_edit": obj(PM, kwargs=pk("programme")),
    "transformation:interventions": obj(*ALL_ROLES, kwargs=pk("programme")),
    "transformation:intervention_edit": obj(PM, Role.HR_ADVISER, kwargs=pk("intervention")),
    "transformation:initiative_create": obj(PM, kwargs=pk("programme")),
    "transformation:initiative_detail": obj(*ALL_ROLES, kwargs=pk("initiative")),
    "transformation:initiative_edit": obj(PM, kwargs=pk("initiative")),
    "transformation:initiative_status": obj(PM, kwargs=pk("initiative")),
    "transformation:codetermination": obj(
        *ALL_ROLES, kwargs=lambda world: {"pk": world["initiative"].pk, "phase": world["phase"]}
    ),
    "transformation:benefit_create": obj(PM, kwargs=pk("initiative")),
    "transformation:benefit_detail": obj(*ALL_ROLES, kwargs=pk("benefit")),
    "transformation:benefit_edit": obj(PM, kwargs=pk("benefit")),
    "transformation:measurement_delete": obj(PM, kwargs=pk("measurement")),
    "adoption:overview": members_only(),
    "adoption:board": obj(*ALL_ROLES, kwargs=pk("programme")),
    "adoption:track_start": obj(
        PM, kwargs=lambda world: {"pk": world["draft_initiative"].pk}, method="post", status=302
    ),
    "adoption:track_detail": obj(*ALL_ROLES, kwargs=pk("track")),
    "adoption:track_edit": obj(PM, kwargs=pk("track")),
    "adoption:phase_edit": obj(PM, kwargs=lambda world: {"pk": world["track"].pk, "phase": 1}),
    "adoption:track_move": obj(PM, kwargs=pk("track")),
    "adoption:usage_import": obj(PM, kwargs=pk("track")),
    # Training sessions are the HR adviser's too; the other registers are tested per
    # kind in test_adoption.py.
    "adoption:item_create": obj(
        PM, Role.HR_ADVISER, kwargs=lambda world: {"pk": world["track"].pk, "kind": "training"}
    ),
    "adoption:item_edit": obj(
        PM,
        Role.HR_ADVISER,
        kwargs=lambda world: {"pk": world["rows"]["training"].pk, "kind": "training"},
    ),
    # Asks first: the confirmation page.
    "adoption:item_delete": obj(
        PM,
        Role.HR_ADVISER,
        kwargs=lambda world: {"pk": world["rows"]["training"].pk, "kind": "training"},
    ),
    "inclusion:overview": members_only(),
    # Personal data: HR advisers and organisation admins only.
    "inclusion:employees:list": only(Role.HR_ADVISER, Role.ORGANISATION_ADMIN),
    "inclusion:employees:export": only(Role.HR_ADVISER, Role.ORGANISATION_ADMIN),
    "inclusion:employees:create": only(Role.HR_ADVISER),
    "inclusion:employees:import": only(Role.HR_ADVISER),
    "inclusion:employees:detail": obj(
        Role.HR_ADVISER, Role.ORGANISATION_ADMIN, kwargs=lambda world: {"pk": world["employee"].pk}
    ),
    "inclusion:employees:edit": obj(
        Role.HR_ADVISER, kwargs=lambda world: {"pk": world["employee"].pk}
    ),
    # Only someone who has left can be anonymised: HR is sent back from an employee who
    # works here (tests/test_erasure.py tries the page itself).
    "inclusion:employees:anonymise": obj(
        Role.HR_ADVISER, kwargs=lambda world: {"pk": world["employee"].pk}, status=302
    ),
    "inclusion:employees:inzage_json": obj(
        Role.HR_ADVISER, kwargs=lambda world: {"pk": world["employee"].pk}
    ),
    "inclusion:employees:access_log": only(Role.ORGANISATION_ADMIN),
    # The employee form's search box for the manager: names, so HR only.
    "inclusion:employees:employee_options": only(Role.HR_ADVISER),
    "reports:overview": members_only(),
    # Only the index and the changelists; the other admin URLs are Django's
    # own, reached through them, and tested for scoping in test_admin.py.
    "admin:index": only(Role.ORGANISATION_ADMIN, login=ADMIN_LOGIN),
    "admin:organisations_organisation_changelist": only(Role.ORGANISATION_ADMIN, login=ADMIN_LOGIN),
    "admin:organisations_organisationunit_changelist": only(
        Role.ORGANISATION_ADMIN, login=ADMIN_LOGIN
    ),
    "admin:organisations_membership_changelist": only(Role.ORGANISATION_ADMIN, login=ADMIN_LOGIN),
    "admin:organisations_user_changelist": only(Role.ORGANISATION_ADMIN, login=ADMIN_LOGIN),
    "admin:transformation_theme_changelist": only(Role.ORGANISATION_ADMIN, login=ADMIN_LOGIN),
    "admin:transformation_codeterminationquestion_changelist": only(
        Role.ORGANISATION_ADMIN, login=ADMIN_LOGIN
    ),
    "admin:adoption_checklistitem_changelist": only(Role.ORGANISATION_ADMIN, login=ADMIN_LOGIN),
    "admin:inclusion_inclusionsettings_changelist": only(
        Role.ORGANISATION_ADMIN, login=ADMIN_LOGIN
    ),
    "admin:transformation_codeterminationbody_changelist": only(
        Role.ORGANISATION_ADMIN, login=ADMIN_LOGIN
    ),
}


# Parts that keep their own entries (and the objects their pages need) in
# tests/role_matrix_<part>.py: `entries()` returns a dict like MATRIX, and
# `extend_world(world)` adds objects to the world before the URLs are built.
MATRIX_PARTS = [
    role_matrix_actions,
    role_matrix_api,
    role_matrix_adoption,
    role_matrix_decisions,
    role_matrix_initiatives,
    role_matrix_metamorphosis,
    role_matrix_privacy,
    role_matrix_reports,
    role_matrix_settings,
    role_matrix_skills,
    role_matrix_sso,
    role_matrix_twofactor,
]
for _part in MATRIX_PARTS:
    MATRIX.update(_part.entries())


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> list[str]:
    names = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names.extend(url_names(pattern, inner))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


ADMIN_INTERNALS = "admin:"


def test_every_url_pattern_has_a_matrix_entry():
    missing = [
        name for name in url_names() if name not in MATRIX and not name.startswith(ADMIN_INTERNALS)
    ]
    assert missing == [], f"Add these URL names to the role matrix: {missing}"


def test_every_pattern_has_a_name():
    def unnamed(resolver=None):
        for pattern in (resolver or get_resolver()).url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    yield from unnamed(pattern)
            elif not pattern.name:
                yield str(pattern.pattern)

    assert list(unnamed()) == []


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Voorbeeldstad with one of everything, and Buurdorp's users: built once for the
    hundreds of cases below, each of which runs in a savepoint of its own."""
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        worlds.kept_for_the_module(django_db_blocker),
    ):
        voorbeeldstad, buurdorp = worlds.voorbeeldstad(), worlds.buurdorp()
        members = worlds.members(voorbeeldstad, "vb")
        units = worlds.units(voorbeeldstad)
        world = worlds.adoption_world(worlds.programme_world(voorbeeldstad, members, units), units)
        employees = worlds.employees(voorbeeldstad, units)
        world = {
            **world,
            "members": members,
            "other_members": worlds.members(buurdorp, "bd"),
            "employee": employees[1],
            "employees": employees,
        }
        for part in MATRIX_PARTS:
            world = part.extend_world(world)
        yield world


@pytest.fixture(autouse=True)
def media_root(matrix_world):
    """The world's report files stay in the module's folder (made with the world)."""


# The roles that see no employee by name (docs/inclusie.md, "Who sees names").
NO_NAMES = (Role.PROGRAMME_MANAGER, Role.DIRECTOR)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("actor", ACTORS, ids=str)
def test_role_matrix(name, actor, client, login, matrix_world):
    entry = MATRIX[name]
    kwargs = entry.kwargs(matrix_world) if callable(entry.kwargs) else None
    url = reverse(name, kwargs=kwargs)
    if actor == OTHER_ORGANISATION:
        client = login(matrix_world["other_members"][entry.other_role])
    elif actor != ANONYMOUS:
        client = login(matrix_world["members"][actor])
    response = client.post(url, entry.data) if entry.method == "post" else client.get(url)
    assert response.status_code == entry.expected[actor], (
        f"{actor} on {name}: {response.status_code}"
    )
    if actor in entry.redirects_to:
        assert response["Location"].startswith(reverse(entry.redirects_to[actor]))
    if actor in NO_NAMES and response.status_code == 200 and not response.streaming:
        # Programme managers and directors see figures about employees, never an employee.
        seen = employees_shown(response, matrix_world["employees"])
        assert not seen, f"{actor} sees {seen[0]!r} on {name}"


def employees_shown(response, employees) -> list[str]:
    """The names, email addresses and personnel numbers of `employees` on a page."""
    shown = response.content.decode(errors="replace")
    found = []
    for employee in employees:
        number = employee.personnel_number
        # A number on its own (as a cell or in brackets), not inside another one.
        numbers = (f">{number}<", f"({number})") if number else ()
        texts = [escape(text) for text in (employee.name, employee.email) if text]
        found += [text for text in (*texts, *numbers) if text in shown]
    return found


# The readers of personal data, and the pages they read: every page of the matrix they
# may open, as a page and as an htmx request, and the fragments htmx asks for apart.
READERS = (Role.HR_ADVISER, Role.ORGANISATION_ADMIN)
FRAGMENTS = {
    "inclusion:actions:employee_search": lambda world: {"q": world["employee"].name},
    "inclusion:employees:employee_options": lambda world: {
        "field": "id_manager",
        "search": "manager_search",
        "manager_search": world["employee"].name,
    },
}


def readable(reader) -> list[str]:
    return sorted(
        name
        for name, entry in MATRIX.items()
        if entry.method == "get"
        and entry.expected.get(reader) == 200
        and not name.startswith(ADMIN_INTERNALS)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reader", "name"), [(reader, name) for reader in READERS for name in readable(reader)]
)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_every_response_with_personal_data_logs_one_read(reader, name, htmx, login, matrix_world):
    """Each response that shows an employee writes exactly one access-log entry and is
    not stored; a response that shows none writes none."""
    entry = MATRIX[name]
    kwargs = entry.kwargs(matrix_world) if callable(entry.kwargs) else None
    query = FRAGMENTS[name](matrix_world) if htmx and name in FRAGMENTS else {}
    client = login(matrix_world["members"][reader])
    # Something for the list of actions and the access log to show.
    employee = matrix_world["employee"]
    SkillsActionFactory(organisation=employee.organisation, employees=[employee])
    AccessLogEntry.new(
        user=matrix_world["members"][Role.HR_ADVISER],
        organisation=employee.organisation,
        action="view",
        employee=employee,
    ).save()
    before = AccessLogEntry.objects.count()
    response = client.get(reverse(name, kwargs=kwargs), query, headers=HTMX if htmx else {})
    written = AccessLogEntry.objects.count() - before
    assert response.status_code == 200
    if response.streaming:
        # A file: whether it names anyone is its kind's (the HR report does).
        assert written <= 1
        shows = bool(written)
    else:
        shows = bool(employees_shown(response, matrix_world["employees"]))
        assert written == (1 if shows else 0), f"{written} entries for {name}"
    if shows:
        assert "no-store" in response["Cache-Control"]
        logged = AccessLogEntry.objects.latest("pk")
        assert logged.user == matrix_world["members"][reader] and logged.detail
