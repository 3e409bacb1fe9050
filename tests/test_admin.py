"""Organisation admins manage their own organisation in the Django admin, and nothing else."""

import pytest
from django.urls import reverse

from organisations.models import Membership, OrganisationUnit, Role, User
from tests.factories import MembershipFactory, OrganisationUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(login, members):
    return login(members[Role.ORGANISATION_ADMIN])


def test_units_list_shows_only_own_organisation(admin_client, voorbeeldstad, buurdorp):
    OrganisationUnitFactory(organisation=voorbeeldstad, name="Eigen afdeling")
    OrganisationUnitFactory(organisation=buurdorp, name="Afdeling van de buren")
    response = admin_client.get(reverse("admin:organisations_organisationunit_changelist"))
    assert "Eigen afdeling" in response.text
    assert "Afdeling van de buren" not in response.text


def test_another_organisations_unit_is_out_of_reach(admin_client, buurdorp):
    unit = OrganisationUnitFactory(organisation=buurdorp)
    url = reverse("admin:organisations_organisationunit_change", args=[unit.pk])
    response = admin_client.get(url)
    # The admin redirects to its index with a "does not exist" message.
    assert response.status_code == 302
    response = admin_client.post(
        url, {"name": "Overgenomen", "kind": 2, "organisation": buurdorp.pk}
    )
    unit.refresh_from_db()
    assert unit.name != "Overgenomen"


def test_a_unit_cannot_be_added_to_another_organisation(admin_client, buurdorp):
    response = admin_client.post(
        reverse("admin:organisations_organisationunit_add"),
        {"organisation": buurdorp.pk, "name": "Ingeslopen", "kind": 2},
    )
    assert response.status_code == 200
    assert not OrganisationUnit.objects.filter(name="Ingeslopen").exists()


def test_admin_adds_a_user_with_a_role(admin_client, voorbeeldstad):
    response = admin_client.post(
        reverse("admin:organisations_user_add"),
        {
            "username": "nieuwe-collega",
            "first_name": "Nina",
            "last_name": "Nieuw",
            "email": "nina@example.org",
            "organisation": voorbeeldstad.pk,
            "role": Role.HR_ADVISER,
            "password1": "een-goed-wachtwoord-2026",
            "password2": "een-goed-wachtwoord-2026",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    user = User.objects.get(username="nieuwe-collega")
    assert user.memberships.get().role == Role.HR_ADVISER
    assert not user.is_staff and not user.is_superuser


def test_admin_cannot_add_a_user_to_another_organisation(admin_client, buurdorp):
    admin_client.post(
        reverse("admin:organisations_user_add"),
        {
            "username": "spion",
            "organisation": buurdorp.pk,
            "role": Role.DIRECTOR,
            "password1": "een-goed-wachtwoord-2026",
            "password2": "een-goed-wachtwoord-2026",
        },
    )
    assert not User.objects.filter(username="spion").exists()


def test_admin_cannot_change_someone_who_also_works_elsewhere(
    admin_client, voorbeeldstad, buurdorp
):
    shared = MembershipFactory(organisation=voorbeeldstad).user
    MembershipFactory(organisation=buurdorp, user=shared)
    url = reverse("admin:organisations_user_change", args=[shared.pk])
    response = admin_client.post(url, {"username": shared.username, "email": "x@example.org"})
    shared.refresh_from_db()
    assert shared.email != "x@example.org"
    assert response.status_code == 403


def test_admin_cannot_grant_superuser_rights(admin_client, members):
    target = members[Role.DIRECTOR]
    url = reverse("admin:organisations_user_change", args=[target.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "is_superuser" not in response.text


def test_admin_membership_list_is_scoped(admin_client, other_members):
    response = admin_client.get(reverse("admin:organisations_membership_changelist"))
    assert other_members[Role.DIRECTOR].username not in response.text
    assert Membership.objects.count() == 8


def test_superuser_sees_every_organisation(login, voorbeeldstad, buurdorp):
    superuser = User.objects.create_superuser("root", "root@example.org", "x-very-long-pass")
    response = login(superuser).get(reverse("admin:organisations_organisation_changelist"))
    assert "Gemeente Voorbeeldstad" in response.text
    assert "Gemeente Buurdorp" in response.text


def test_the_organisation_filter_names_only_own_organisations(admin_client, other_members):
    for name in ("organisationunit", "membership"):
        response = admin_client.get(reverse(f"admin:organisations_{name}_changelist"))
        assert "Gemeente Buurdorp" not in response.text, name


def test_organisation_admin_opens_and_saves_their_own_organisation(admin_client, voorbeeldstad):
    url = reverse("admin:organisations_organisation_change", args=[voorbeeldstad.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'name="slug"' not in response.text  # read-only: shown, not editable
    response = admin_client.post(
        url, {"name": "Gemeente Voorbeeldstad (nieuw)", "colour": voorbeeldstad.colour}
    )
    assert response.status_code == 302, response.text[:2000]
    voorbeeldstad.refresh_from_db()
    assert voorbeeldstad.name == "Gemeente Voorbeeldstad (nieuw)"
    assert voorbeeldstad.slug == "voorbeeldstad"


def test_organisation_admin_cannot_change_the_slug(admin_client, voorbeeldstad):
    url = reverse("admin:organisations_organisation_change", args=[voorbeeldstad.pk])
    admin_client.post(url, {"name": voorbeeldstad.name, "slug": "overgenomen", "colour": "#1f4e79"})
    voorbeeldstad.refresh_from_db()
    assert voorbeeldstad.slug == "voorbeeldstad"


def test_superuser_still_gets_the_slug_prepopulated(login, voorbeeldstad):
    superuser = User.objects.create_superuser("root", "root@example.org", "x-very-long-pass")
    url = reverse("admin:organisations_organisation_change", args=[voorbeeldstad.pk])
    response = login(superuser).get(url)
    assert response.status_code == 200
    assert 'name="slug"' in response.text
    assert "prepopulated" in response.text
