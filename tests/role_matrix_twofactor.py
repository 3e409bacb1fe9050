"""Role-matrix entries for the pages of twofactor/: everyone's own second step and
profile page, the organisation admin's policy, members and resets (her own
organisation's members only).

The matrix logs in with tests/conftest.py's `login`: HR advisers and organisation
admins have an app and passed it; programme managers and directors have none."""

from organisations.models import Role
from tests.role_matrix import (
    ACTORS,
    ANONYMOUS,
    LOGIN,
    OTHER_ORGANISATION,
    Entry,
    members_only,
    obj,
    only,
)

ADMIN = Role.ORGANISATION_ADMIN
WITH_APP = (Role.HR_ADVISER, Role.ORGANISATION_ADMIN)


def entries() -> dict:
    return {
        "twofactor:manage": members_only(),
        "twofactor:enrol": members_only(),
        # Whoever passed the step goes on; whoever has no app goes to set one up.
        "twofactor:verify": Entry(
            expected=dict.fromkeys(ACTORS, 302), redirects_to={ANONYMOUS: LOGIN}
        ),
        # New codes are shown at once; without an app there is nothing to renew.
        "twofactor:recovery_codes": Entry(
            expected={
                ANONYMOUS: 302,
                **{role: 200 if role in WITH_APP else 302 for role in Role},
                OTHER_ORGANISATION: 200,
            },
            method="post",
            redirects_to={
                ANONYMOUS: LOGIN,
                **{role: "twofactor:manage" for role in Role if role not in WITH_APP},
            },
        ),
        # Required roles keep it on; the others have nothing to turn off.
        "twofactor:remove": Entry(
            expected=dict.fromkeys(ACTORS, 302),
            method="post",
            redirects_to={ANONYMOUS: LOGIN, **dict.fromkeys(WITH_APP, "twofactor:manage")},
        ),
        "twofactor:policy": only(ADMIN),
        "twofactor:members": only(ADMIN),
        "twofactor:reset": obj(
            ADMIN,
            kwargs=lambda world: {"pk": world["twofactor_membership"].pk},
            method="post",
            status=302,
        ),
    }


def extend_world(world: dict) -> dict:
    """The membership whose second factor the organisation admin resets: a director's."""
    director = world["members"][Role.DIRECTOR]
    return {**world, "twofactor_membership": director.memberships.get()}
