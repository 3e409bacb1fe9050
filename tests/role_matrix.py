"""The role matrix's vocabulary: who asks, and what each of them should get.

tests/test_role_matrix.py holds the matrix and its test; tests/role_matrix_<part>.py
keep the entries of one part each. All of them build their entries from these.
"""

from dataclasses import dataclass, field

from organisations.models import Role

ANONYMOUS = "anonymous"
OTHER_ORGANISATION = "other organisation"
ACTORS = [ANONYMOUS, *Role, OTHER_ORGANISATION]
ALL_ROLES = tuple(Role)
LOGIN = "login"
# The admin sends anonymous users on to the application's own login page.
ADMIN_LOGIN = "admin:login"


@dataclass
class Entry:
    """The expected status per actor; `kwargs` builds the URL's arguments."""

    expected: dict
    kwargs: object = None
    method: str = "get"
    redirects_to: dict = field(default_factory=dict)
    # The role the other organisation's user has: for pages about one object,
    # a role that would be allowed, so that only the organisation decides (404).
    other_role: Role = Role.ORGANISATION_ADMIN
    data: dict = field(default_factory=dict)


def members_only(status=200):
    """Anonymous users go to the login page; every member gets `status`."""
    return Entry(
        expected={ANONYMOUS: 302, **dict.fromkeys(Role, status), OTHER_ORGANISATION: status},
        redirects_to={ANONYMOUS: LOGIN},
    )


def everyone(status=200):
    return Entry(expected=dict.fromkeys(ACTORS, status))


def only(*roles, status=200, denied=403, login=LOGIN):
    return Entry(
        expected={
            ANONYMOUS: 302,
            **{role: status if role in roles else denied for role in Role},
            OTHER_ORGANISATION: status if Role.ORGANISATION_ADMIN in roles else denied,
        },
        redirects_to={ANONYMOUS: login},
    )


def obj(*roles, kwargs, method="get", status=200, data=None):
    """A page about one of Voorbeeldstad's objects: another organisation gets 404."""
    return Entry(
        expected={
            ANONYMOUS: 302,
            **{role: status if role in roles else 403 for role in Role},
            OTHER_ORGANISATION: 404,
        },
        kwargs=kwargs,
        method=method,
        redirects_to={ANONYMOUS: LOGIN},
        other_role=roles[0],
        data=data or {},
    )


def pk(name):
    return lambda world: {"pk": world[name].pk}
