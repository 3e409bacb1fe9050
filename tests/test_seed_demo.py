import pytest
from django.core.management import CommandError, call_command

from organisations.models import Membership, Organisation, OrganisationUnit, Role, User

pytestmark = pytest.mark.django_db

PASSWORD = "demo-Mensenwerk-2026"


def test_seed_demo_creates_both_municipalities_with_their_users():
    call_command("seed_demo", password=PASSWORD)
    voorbeeldstad = Organisation.objects.get(slug="voorbeeldstad")
    assert voorbeeldstad.name == "Gemeente Voorbeeldstad"
    assert Organisation.objects.get(slug="buurdorp").name == "Gemeente Buurdorp"
    expected = {
        "programma": ("voorbeeldstad", Role.PROGRAMME_MANAGER),
        "hr": ("voorbeeldstad", Role.HR_ADVISER),
        "directeur": ("voorbeeldstad", Role.DIRECTOR),
        "beheer": ("voorbeeldstad", Role.ORGANISATION_ADMIN),
        "programma-buurdorp": ("buurdorp", Role.PROGRAMME_MANAGER),
        "hr-buurdorp": ("buurdorp", Role.HR_ADVISER),
        "directeur-buurdorp": ("buurdorp", Role.DIRECTOR),
    }
    for username, (slug, role) in expected.items():
        membership = Membership.objects.get(user__username=username, organisation__slug=slug)
        assert membership.role == role
        assert membership.user.check_password(PASSWORD)
    kinds = set(
        OrganisationUnit.objects.for_organisation(voorbeeldstad).values_list("kind", flat=True)
    )
    assert kinds == {1, 2, 3}


def test_running_it_twice_changes_nothing(capsys):
    call_command("seed_demo", password=PASSWORD)
    counts = [User.objects.count(), Membership.objects.count(), OrganisationUnit.objects.count()]
    passwords = dict(User.objects.values_list("username", "password"))
    capsys.readouterr()
    call_command("seed_demo", password="another-Password-2026")
    assert [
        User.objects.count(),
        Membership.objects.count(),
        OrganisationUnit.objects.count(),
    ] == counts
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert "nothing was changed" in capsys.readouterr().out


def test_without_a_password_one_is_generated_and_printed(capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    password = output.split("Their password: ")[1].split()[0]
    assert User.objects.get(username="directeur").check_password(password)


def test_a_weak_password_is_refused_before_anything_is_created():
    with pytest.raises(CommandError):
        call_command("seed_demo", password="123")
    assert not Organisation.objects.exists()
