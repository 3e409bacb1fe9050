import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils.html import escape

from organisations.models import Membership, Organisation, OrganisationUnit, Role, UnitKind, User
from tests.factories import MembershipFactory, OrganisationUnitFactory, UserFactory
from tests.helpers import HTMX
from transformation.models import Theme

pytestmark = pytest.mark.django_db


def test_for_organisation_never_crosses_organisations(voorbeeldstad, buurdorp):
    mine = OrganisationUnitFactory(organisation=voorbeeldstad)
    OrganisationUnitFactory(organisation=buurdorp)
    assert list(OrganisationUnit.objects.for_organisation(voorbeeldstad)) == [mine]


def test_a_user_has_one_role_per_organisation(voorbeeldstad):
    membership = MembershipFactory(organisation=voorbeeldstad)
    with pytest.raises(IntegrityError):
        MembershipFactory(organisation=voorbeeldstad, user=membership.user, role=Role.DIRECTOR)


def test_an_unknown_role_is_refused_by_the_database(voorbeeldstad):
    with pytest.raises(IntegrityError):
        MembershipFactory(organisation=voorbeeldstad, role="king")


def test_units_form_a_tree_from_directorate_to_team(voorbeeldstad):
    directie = OrganisationUnitFactory(
        organisation=voorbeeldstad, name="Directie", kind=UnitKind.DIRECTORATE
    )
    afdeling = OrganisationUnitFactory(
        organisation=voorbeeldstad, name="Burgerzaken", parent=directie
    )
    team = OrganisationUnitFactory(
        organisation=voorbeeldstad, name="Team A", parent=afdeling, kind=UnitKind.TEAM
    )
    tree = OrganisationUnit.objects.for_organisation(voorbeeldstad).as_tree()
    assert tree == [(directie, 0), (afdeling, 1), (team, 2)]


def test_a_team_cannot_contain_a_department(voorbeeldstad):
    team = OrganisationUnitFactory(organisation=voorbeeldstad, kind=UnitKind.TEAM)
    unit = OrganisationUnit(
        organisation=voorbeeldstad, parent=team, name="X", kind=UnitKind.DEPARTMENT
    )
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "parent" in error.value.message_dict


def test_a_unit_cannot_be_part_of_another_organisations_unit(voorbeeldstad, buurdorp):
    foreign = OrganisationUnitFactory(organisation=buurdorp, kind=UnitKind.DIRECTORATE)
    unit = OrganisationUnit(organisation=voorbeeldstad, parent=foreign, name="X", kind=2)
    with pytest.raises(ValidationError):
        unit.full_clean()


def test_a_unit_cannot_be_part_of_itself(voorbeeldstad):
    unit = OrganisationUnitFactory(organisation=voorbeeldstad, kind=UnitKind.DIRECTORATE)
    child = OrganisationUnitFactory(organisation=voorbeeldstad, parent=unit, kind=UnitKind.TEAM)
    unit.parent = child
    unit.kind = UnitKind.DIRECTORATE
    with pytest.raises(ValidationError):
        unit.clean()


def test_top_level_unit_names_are_unique_per_organisation(voorbeeldstad, buurdorp):
    OrganisationUnitFactory(organisation=voorbeeldstad, name="Directie", kind=1)
    OrganisationUnitFactory(organisation=buurdorp, name="Directie", kind=1)
    with pytest.raises(IntegrityError):
        OrganisationUnitFactory(organisation=voorbeeldstad, name="Directie", kind=1)


@pytest.fixture
def consultant(voorbeeldstad, buurdorp):
    user = UserFactory(username="adviseur")
    MembershipFactory(user=user, organisation=voorbeeldstad, role=Role.PROGRAMME_MANAGER)
    MembershipFactory(user=user, organisation=buurdorp, role=Role.DIRECTOR)
    return user


def test_a_user_of_two_organisations_chooses_one_explicitly(login, consultant):
    client = login(consultant)
    response = client.get(reverse("organisations:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:switch")
    response = client.get(reverse("organisations:switch"))
    assert "Gemeente Buurdorp" in response.text
    assert "Gemeente Voorbeeldstad" in response.text


def test_the_header_shows_no_organisation_before_one_is_chosen(login, consultant):
    client = login(consultant)
    # The page that offers the choice has no second one in the header.
    page = client.get(reverse("organisations:switch"))
    assert 'id="organisation-switcher"' not in page.text
    # Elsewhere the header leads there, and selects nothing as if it had been chosen.
    page = client.get(reverse("organisations:profile"))
    assert 'id="organisation-switcher"' not in page.text
    assert f'href="{reverse("organisations:switch")}"' in page.text
    client.post(reverse("organisations:switch"), {"organisation": "buurdorp"})
    page = client.get(reverse("organisations:profile"))
    assert '<option value="buurdorp" selected>' in page.text
    assert '<option value="voorbeeldstad">' in page.text


def test_switching_changes_the_organisation_and_the_role(login, consultant):
    client = login(consultant)
    client.post(reverse("organisations:switch"), {"organisation": "buurdorp"})
    response = client.get(reverse("organisations:dashboard"))
    assert "Gemeente Buurdorp" in response.text
    assert "directeur" in response.text
    client.post(reverse("organisations:switch"), {"organisation": "voorbeeldstad"})
    response = client.get(reverse("organisations:dashboard"))
    assert "programmamanager" in response.text


def test_switching_to_an_organisation_without_membership_is_not_found(login, members, buurdorp):
    client = login(members[Role.DIRECTOR])
    response = client.post(reverse("organisations:switch"), {"organisation": "buurdorp"})
    assert response.status_code == 404


def test_a_removed_membership_no_longer_gives_access(login, consultant):
    client = login(consultant)
    client.post(reverse("organisations:switch"), {"organisation": "buurdorp"})
    Membership.objects.filter(user=consultant, organisation__slug="buurdorp").delete()
    response = client.get(reverse("organisations:dashboard"))
    assert "Gemeente Voorbeeldstad" in response.text


def test_each_role_has_its_own_dashboard(login, members):
    expected = {
        Role.PROGRAMME_MANAGER: "Adoptie",
        Role.HR_ADVISER: "POP-gesprek",
        Role.DIRECTOR: "Rapportages",
        Role.ORGANISATION_ADMIN: "Gebruikers en rollen",
    }
    for role, text in expected.items():
        response = login(members[role]).get(reverse("organisations:dashboard"))
        assert response.status_code == 200
        assert text in response.text, role


def test_only_the_admin_dashboard_lists_users(login, members):
    # Escaped as the page prints it: Dutch names such as "'s Gravensande" hold quotes.
    names = escape(members[Role.HR_ADVISER].get_full_name())
    assert names in login(members[Role.ORGANISATION_ADMIN]).get("/dashboard/").text
    assert names not in login(members[Role.DIRECTOR]).get("/dashboard/").text


def test_the_admin_dashboard_never_lists_another_organisations_users(login, members, other_members):
    response = login(members[Role.ORGANISATION_ADMIN]).get(reverse("organisations:dashboard"))
    assert other_members[Role.DIRECTOR].username not in response.text


def test_the_admin_dashboard_lists_a_large_organisations_units_per_directorate(
    login, members, voorbeeldstad, monkeypatch, django_assert_max_num_queries
):
    """A short tree whole; above the limit (four here) each directorate with its numbers of
    departments and teams, so that the page does not grow with the teams."""
    from organisations import forms as organisation_forms

    monkeypatch.setattr(organisation_forms, "SELECT_MAX", 4)
    client = login(members[Role.ORGANISATION_ADMIN])
    directorate = OrganisationUnitFactory(
        organisation=voorbeeldstad, name="Directie Samenleving", kind=UnitKind.DIRECTORATE
    )
    department = OrganisationUnitFactory(
        organisation=voorbeeldstad,
        name="Afdeling Zorg",
        kind=UnitKind.DEPARTMENT,
        parent=directorate,
    )
    OrganisationUnitFactory(
        organisation=voorbeeldstad, name="Team Wmo", kind=UnitKind.TEAM, parent=department
    )
    assert "Team Wmo" in client.get("/dashboard/").text

    for n in range(3):
        OrganisationUnitFactory(
            organisation=voorbeeldstad, name=f"Team {n}", kind=UnitKind.TEAM, parent=department
        )
    page = client.get("/dashboard/")
    assert "Team Wmo" not in page.text
    row = re.search(r"Directie Samenleving.*?</tr>", page.text, re.S).group(0)
    assert re.findall(r">(\d+)</td>", row) == ["1", "4"]
    assert "6 organisatieonderdelen" in page.text

    for n in range(40):
        OrganisationUnitFactory(
            organisation=voorbeeldstad,
            name=f"Team extra {n}",
            kind=UnitKind.TEAM,
            parent=department,
        )
    with django_assert_max_num_queries(30):
        more = client.get("/dashboard/")
    token = re.compile(r'(value|nonce|X-CSRFToken": )="?[^"]{20,}"')
    # Two figures one digit longer: 6 -> 46 units, 4 -> 44 teams.
    assert len(token.sub("", more.text)) == len(token.sub("", page.text)) + 2


def test_admin_filters_users_by_role_as_a_full_page(login, members):
    response = login(members[Role.ORGANISATION_ADMIN]).get(
        reverse("organisations:dashboard"), {"role": Role.DIRECTOR}
    )
    assert response.status_code == 200
    assert "<html" in response.text
    assert members[Role.DIRECTOR].username in response.text
    assert members[Role.HR_ADVISER].username not in response.text
    assert "1 gebruiker" in response.text


def test_admin_filters_users_by_role_through_htmx(login, members, django_assert_max_num_queries):
    client = login(members[Role.ORGANISATION_ADMIN])
    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("organisations:dashboard"), {"role": Role.HR_ADVISER}, headers=HTMX
        )
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div id="members"')
    assert members[Role.HR_ADVISER].username in response.text
    assert members[Role.DIRECTOR].username not in response.text


def test_an_unknown_role_filter_shows_everyone(login, members):
    response = login(members[Role.ORGANISATION_ADMIN]).get(
        reverse("organisations:dashboard"), {"role": "<script>"}
    )
    assert response.status_code == 200
    assert "4 gebruikers" in response.text
    assert "<script>" not in response.text.split("<body", 1)[1].split("</main>")[0]


def test_create_organisation_makes_the_first_admin_who_chooses_a_password(client):
    out = io.StringIO()
    call_command(
        "create_organisation",
        "--name",
        "Waterschap Laagland",
        "--slug",
        "laagland",
        "--admin",
        "beheer-laagland",
        "--email",
        "beheer@laagland.nl",
        stdout=out,
    )
    organisation = Organisation.objects.get(slug="laagland")
    admin = User.objects.get(username="beheer-laagland")
    assert admin.memberships.get().organisation == organisation
    assert admin.memberships.get().role == Role.ORGANISATION_ADMIN
    assert not admin.has_usable_password()
    assert Theme.objects.filter(organisation=organisation).exists()  # defaults come with it

    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", out.getvalue()).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "Dijkgraaf-en-polder-2026", "new_password2": "Dijkgraaf-en-polder-2026"},
    )
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.check_password("Dijkgraaf-en-polder-2026")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--slug", "voorbeeldstad", "--email", "a@example.org"], "slug"),
        (["--slug", "nieuw", "--email", "geen-adres"], "email"),
        (["--slug", "niet goed", "--email", "a@example.org"], "slug"),
    ],
)
def test_create_organisation_refuses_bad_input_and_creates_nothing(
    voorbeeldstad, arguments, message
):
    before = (Organisation.objects.count(), User.objects.count())
    with pytest.raises(CommandError, match=message):
        call_command("create_organisation", "--name", "X", "--admin", "x", *arguments)
    assert (Organisation.objects.count(), User.objects.count()) == before
