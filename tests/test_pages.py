"""What every page shares: language, security headers, error pages, query bounds."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from organisations.models import Role
from tests.factories import MembershipFactory, OrganisationUnitFactory

pytestmark = pytest.mark.django_db

MEMBER_PAGES = [
    "organisations:dashboard",
    "organisations:switch",
    "transformation:overview",
    "adoption:overview",
    "inclusion:overview",
    "reports:overview",
]


def test_the_interface_is_dutch_whatever_the_browser_asks(login, members):
    client = login(members[Role.DIRECTOR])
    response = client.get(reverse("organisations:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="nl"' in response.text
    assert "Visie & programma" in response.text


def test_the_language_switch_gives_english(login, members):
    client = login(members[Role.DIRECTOR])
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("organisations:dashboard")}
    )
    assert response.status_code == 302
    response = client.get(reverse("organisations:dashboard"))
    assert '<html lang="en"' in response.text
    assert "Vision & programme" in response.text
    assert response["Content-Language"] == "en"


def test_every_dutch_message_is_translated():
    po = Path(django_settings.BASE_DIR, "locale/nl/LC_MESSAGES/django.po").read_text()
    entries = po.split("\n\n")[1:]
    untranslated = [
        entry
        for entry in entries
        if re.search(r'^msgstr(\[\d\])? ""\n?$', entry, re.M)
        and not re.search(r'^msgstr(\[\d\])? ""\n"', entry, re.M)
    ]
    assert untranslated == []
    assert "#, fuzzy" not in po.split("\n\n", 1)[1]


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_pages_send_a_strict_content_security_policy(login, members, name):
    response = login(members[Role.PROGRAMME_MANAGER]).get(reverse(name))
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts, "htmx is loaded on every page"
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag
        assert "src=" in tag, "no inline scripts"


def test_pages_carry_the_csrf_token_for_htmx(login, members):
    response = login(members[Role.DIRECTOR]).get(reverse("organisations:dashboard"))
    assert re.search(r"hx-headers='\{\"X-CSRFToken\": \"[^\"]+\"\}'", response.text)


def test_htmx_is_configured_for_the_policy(login, members):
    response = login(members[Role.DIRECTOR]).get(reverse("organisations:dashboard"))
    assert '"allowEval": false' in response.text
    assert '"includeIndicatorStyles": false' in response.text


def test_not_found_page_is_in_house_style(login, members):
    response = login(members[Role.DIRECTOR]).get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text
    assert "mensenwerk.css" in response.text


def test_forbidden_page_is_in_house_style(login, members):
    response = login(members[Role.DIRECTOR]).get(reverse("admin:index"))
    assert response.status_code == 403
    assert "Je hebt geen toegang tot deze pagina" in response.text


def test_server_error_page_is_in_house_style(members, settings):
    settings.ROOT_URLCONF = "tests.urls_failing"
    client = Client(raise_request_exception=False)
    response = client.get("/kapot/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.text


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nl", "Mensenwerk is zo weer terug"), ("en", "Mensenwerk is back in a moment")],
)
def test_a_database_that_is_away_gives_a_calm_503_in_house_style(
    members, settings, language, heading
):
    settings.ROOT_URLCONF = "tests.urls_failing"
    client = Client(raise_request_exception=False, headers={"accept-language": language})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/database-weg/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert heading in response.text
    assert "mensenwerk.css" in response.text


@pytest.mark.parametrize("role", list(Role))
def test_dashboard_queries_do_not_grow_with_the_organisation(
    login, members, voorbeeldstad, role, django_assert_max_num_queries
):
    client = login(members[role])
    client.get(reverse("organisations:dashboard"))  # session and caches warm

    # What needs attention reads each part's data in a fixed number of queries
    # (tests/test_attention.py grows that data too).
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("organisations:dashboard"))
    for _ in range(25):
        OrganisationUnitFactory(organisation=voorbeeldstad)
        MembershipFactory(organisation=voorbeeldstad, role=Role.HR_ADVISER)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("organisations:dashboard"))
    assert response.status_code == 200


# Visie & programma, Adoptie and Rapportages have their own bounds in
# test_transformation.py, test_adoption.py and test_reports.py.
OWN_BOUNDS = ("transformation:overview", "adoption:overview", "reports:overview")


@pytest.mark.parametrize("name", [n for n in MEMBER_PAGES[1:] if n not in OWN_BOUNDS])
def test_section_pages_need_a_bounded_number_of_queries(
    login, members, name, django_assert_max_num_queries
):
    client = login(members[Role.PROGRAMME_MANAGER])
    # Session, user and memberships, and saving the session (with its savepoint);
    # Inclusie counts the employees in one more (an aggregate, whatever their number)
    # and reads the organisation's threshold for small groups in another.
    with django_assert_max_num_queries(8 if name == "inclusion:overview" else 6):
        assert client.get(reverse(name)).status_code == 200


def test_the_admin_allows_inline_styles_but_never_inline_scripts(login, members):
    response = login(members[Role.ORGANISATION_ADMIN]).get(reverse("admin:index"))
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert "'unsafe-inline'" in directives["style-src"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
