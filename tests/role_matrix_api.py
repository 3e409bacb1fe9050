"""Role-matrix entries for the API (api/) and its token pages.

The API answers the anonymous with 401 rather than a redirect to the login page. The
matrix posts a form; the API reads JSON only, so a role that may write gets 415 there:
past the permission check. tests/test_api.py writes with JSON.
"""

from organisations.models import Role
from tests.role_matrix import ANONYMOUS, LOGIN, OTHER_ORGANISATION, Entry, everyone, members_only

PM, HR, DIRECTOR, ADMIN = (
    Role.PROGRAMME_MANAGER,
    Role.HR_ADVISER,
    Role.DIRECTOR,
    Role.ORGANISATION_ADMIN,
)
UNSUPPORTED = 415


def _api(allowed, *, other, kwargs=None, method="get", status=200, other_role=ADMIN):
    return Entry(
        expected={
            ANONYMOUS: 401,
            **{role: status if role in allowed else 403 for role in Role},
            OTHER_ORGANISATION: other,
        },
        kwargs=kwargs,
        method=method,
        other_role=other_role,
    )


def _pk(name):
    return lambda world: {"pk": world[name].pk}


def entries() -> dict:
    everybody = tuple(Role)
    personal = (HR, ADMIN)

    def reads(kwargs=None):
        # Every member reads; another organisation reads its own, and not ours (404).
        return _api(everybody, other=404 if kwargs else 200, kwargs=kwargs)

    management_report = Entry(
        # The HR adviser reads reports, but not this kind: for her it does not exist.
        expected={
            ANONYMOUS: 401,
            PM: 200,
            DIRECTOR: 200,
            HR: 404,
            ADMIN: 403,
            OTHER_ORGANISATION: 404,
        },
        kwargs=_pk("management_report"),
        other_role=DIRECTOR,
    )
    return {
        "api:schema": everyone(),
        "api:swagger": everyone(),
        "api:redoc": everyone(),
        "api:tokens": members_only(),
        # Only its owner revokes a token; for anyone else it is not there.
        "api:token_revoke": Entry(
            expected={
                ANONYMOUS: 302,
                **{role: 302 if role == PM else 404 for role in Role},
                OTHER_ORGANISATION: 404,
            },
            kwargs=_pk("api_token"),
            method="post",
            redirects_to={ANONYMOUS: LOGIN, PM: "api:tokens"},
        ),
        "api:programme_list": reads(),
        "api:programme_detail": reads(_pk("programme")),
        "api:initiative_list": reads(),
        "api:initiative_detail": reads(_pk("initiative")),
        "api:intervention_list": reads(),
        "api:codetermination_list": reads(),
        "api:benefit_list": reads(),
        "api:benefit_detail": reads(_pk("benefit")),
        "api:pop_coverage": reads(),
        "api:skills_gaps": reads(),
        "api:measurement_create": _api(
            (PM,),
            other=404,
            kwargs=_pk("benefit"),
            method="post",
            status=UNSUPPORTED,
            other_role=PM,
        ),
        "api:employee_list": _api(personal, other=200),
        "api:skills_action_list": _api(personal, other=200),
        "api:skills_action_bulk": _api(
            (HR,), other=UNSUPPORTED, method="post", status=UNSUPPORTED, other_role=HR
        ),
        "api:report_list": _api((PM, HR, DIRECTOR), other=403),
        "api:report_detail": management_report,
        "api:report_download": management_report,
        "api:not_found": Entry(
            expected=dict.fromkeys([ANONYMOUS, *Role, OTHER_ORGANISATION], 404),
            kwargs=lambda world: {"rest": "onbekend/"},
        ),
    }


def extend_world(world: dict) -> dict:
    from api.models import PersonalAccessToken

    token, _secret = PersonalAccessToken.issue(
        user=world["members"][PM],
        organisation=world["programme"].organisation,
        name="Dashboard",
    )
    return {**world, "api_token": token}
