"""Role-matrix entries for the reports: requesting, following, downloading, scheduling."""

from organisations.models import Role
from tests.role_matrix import ANONYMOUS, LOGIN, OTHER_ORGANISATION, Entry, obj, only


def entries() -> dict:
    pm, director, hr, admin = (
        Role.PROGRAMME_MANAGER,
        Role.DIRECTOR,
        Role.HR_ADVISER,
        Role.ORGANISATION_ADMIN,
    )

    def management_report(name, method="get", status=200):
        # The HR adviser reads reports, but not this kind: for her it does not exist.
        return Entry(
            expected={
                ANONYMOUS: 302,
                pm: status,
                director: status,
                hr: 404,
                admin: 403,
                OTHER_ORGANISATION: 404,
            },
            kwargs=lambda world: {"pk": world[name].pk},
            method=method,
            redirects_to={ANONYMOUS: LOGIN},
            other_role=director,
        )

    return {
        "reports:request": Entry(
            expected={
                ANONYMOUS: 302,
                pm: 200,
                director: 200,
                hr: 403,
                admin: 403,
                OTHER_ORGANISATION: 403,
            },
            kwargs=lambda world: {"kind": "management"},
            redirects_to={ANONYMOUS: LOGIN},
        ),
        "reports:detail": management_report("management_report"),
        "reports:download": management_report("management_report"),
        "reports:request_again": management_report("failed_report", method="post", status=302),
        # The inzage PDF of one employee: HR asks for it from the employee's page.
        "reports:inzage_request": obj(
            hr, kwargs=lambda world: {"pk": world["employee"].pk}, method="post", status=302
        ),
        "reports:schedules": only(admin),
        "reports:schedule_add": only(admin),
        "reports:schedule_edit": obj(admin, kwargs=lambda world: {"pk": world["schedule"].pk}),
        # Removing asks first: the confirmation page.
        "reports:schedule_delete": obj(admin, kwargs=lambda world: {"pk": world["schedule"].pk}),
    }


def extend_world(world: dict) -> dict:
    from reports.models import ReportSchedule
    from tests.factories import ReportRequestFactory

    if "management_report" in world:
        return world
    programme = world["programme"]
    organisation = programme.organisation
    return {
        **world,
        "management_report": ReportRequestFactory(
            organisation=organisation, programme=programme, done=True
        ),
        "failed_report": ReportRequestFactory(
            organisation=organisation, programme=programme, status="failed", error="Kapot"
        ),
        "schedule": ReportSchedule.objects.create(
            organisation=organisation, kind="management", programme=programme, day_of_month=3
        ),
    }
