"""The policy in one table, asked one way: named permissions and `require`."""

import pytest
from django.urls import reverse

from organisations.models import Role
from organisations.permissions import ROLE_PERMISSIONS, Perm, perm_in_role, require

# The permissions two roles share, and whose they are.
SHARED = {
    Perm.READ_REPORTS: {Role.PROGRAMME_MANAGER, Role.HR_ADVISER, Role.DIRECTOR},
    Perm.ASSESS_LESSONS: {Role.PROGRAMME_MANAGER, Role.DIRECTOR},
    Perm.EDIT_INTERVENTIONS: {Role.PROGRAMME_MANAGER, Role.HR_ADVISER},
    Perm.EDIT_TRAINING_REGISTER: {Role.PROGRAMME_MANAGER, Role.HR_ADVISER},
}
# Each is exactly what its parts grant together, so the name cannot drift from them.
PARTS = {
    Perm.READ_REPORTS: {Perm.REQUEST_MANAGEMENT_REPORT, Perm.REQUEST_HR_REPORT},
    Perm.ASSESS_LESSONS: {Perm.EDIT_PROGRAMME, Perm.APPROVE_VISION},
    Perm.EDIT_INTERVENTIONS: {Perm.EDIT_PROGRAMME, Perm.EDIT_INTERVENTION_EVIDENCE},
    Perm.EDIT_TRAINING_REGISTER: {Perm.EDIT_ADOPTION, Perm.MANAGE_TRAINING},
}


@pytest.mark.parametrize("perm", list(SHARED))
def test_a_shared_permission_is_granted_to_exactly_the_roles_of_its_parts(perm):
    holders = {role for role in Role if perm_in_role(role, perm)}
    assert holders == SHARED[perm]
    assert holders == {
        role for role in Role if any(perm_in_role(role, part) for part in PARTS[perm])
    }


def test_every_permission_is_granted_to_some_role():
    granted = set().union(*ROLE_PERMISSIONS.values())
    assert granted == set(Perm)


@pytest.mark.parametrize(
    "arguments",
    [{}, {"read": Perm.VIEW_WORKSPACE}, {"write": Perm.EDIT_PROGRAMME}],
)
def test_require_wants_one_way_of_asking(arguments):
    with pytest.raises(TypeError):
        require(**arguments)
    with pytest.raises(TypeError):
        require(Perm.VIEW_WORKSPACE, read=Perm.VIEW_WORKSPACE, write=Perm.EDIT_PROGRAMME)
    with pytest.raises(TypeError):
        require(Perm.VIEW_WORKSPACE, per=lambda **kwargs: ())


def test_read_on_get_and_write_on_post(login, members, programme_world):
    benefit = programme_world["benefit"]
    url = reverse("transformation:benefit_detail", args=[benefit.pk])
    director = login(members[Role.DIRECTOR])
    assert director.get(url).status_code == 200
    assert director.post(url, {"value": "1", "measured_on": "2026-01-05"}).status_code == 403
    assert not benefit.measurements.filter(measured_on="2026-01-05").exists()


@pytest.mark.parametrize(
    ("role", "kind", "status"),
    [
        (Role.HR_ADVISER, "hr", 200),
        (Role.HR_ADVISER, "management", 403),
        (Role.DIRECTOR, "management", 200),
        (Role.DIRECTOR, "hr", 403),
        (Role.DIRECTOR, "onbekend", 404),
    ],
)
def test_the_permission_can_follow_from_what_the_url_names(login, members, role, kind, status):
    response = login(members[role]).get(reverse("reports:request", args=[kind]))
    assert response.status_code == status
