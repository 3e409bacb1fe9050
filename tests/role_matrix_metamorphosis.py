"""Role-matrix entries for functiemetamorfose, the nine lessons and the Inclusie
dashboard; collected by tests/test_role_matrix.py."""

from inclusion.models import Destination
from organisations.models import Role
from tests.factories import JobFactory, MobilityTrajectoryFactory
from tests.role_matrix import ALL_ROLES, members_only, obj

HR, ADMIN, PM, DIRECTOR = (
    Role.HR_ADVISER,
    Role.ORGANISATION_ADMIN,
    Role.PROGRAMME_MANAGER,
    Role.DIRECTOR,
)


def entries() -> dict:
    def job(world):
        return {"pk": world["vulnerable_job"].pk}

    def employee(world):
        return {"pk": world["employee"].pk}

    lesson = members_only()
    lesson.kwargs = lambda world: {"number": 2}

    return {
        # Aggregates: everyone in the organisation.
        "inclusion:metamorphosis:jobs": members_only(),
        "inclusion:metamorphosis:job": obj(*ALL_ROLES, kwargs=job),
        "inclusion:metamorphosis:job_edit": obj(HR, kwargs=job),
        # Trajectories name employees: personal data.
        "inclusion:metamorphosis:employee_trajectories": obj(HR, ADMIN, kwargs=employee),
        "inclusion:metamorphosis:trajectory_create": obj(HR, kwargs=employee),
        "inclusion:metamorphosis:trajectory_edit": obj(
            HR, kwargs=lambda world: {"pk": world["trajectory"].pk}
        ),
        # Knowledge pages for everyone; self-assessments by programme managers and directors.
        "inclusion:metamorphosis:lessons": members_only(),
        "inclusion:metamorphosis:lesson_detail": lesson,
        "inclusion:metamorphosis:lesson_assess": obj(
            PM,
            DIRECTOR,
            kwargs=lambda world: {"number": 2, "pk": world["programme"].pk},
        ),
        "inclusion:metamorphosis:dashboard": members_only(),
    }


def extend_world(world: dict) -> dict:
    employee = world["employee"]
    job = employee.job
    job.vulnerability = "high"
    job.vulnerability_reason = "Selfservice"
    job.save()
    trajectory = MobilityTrajectoryFactory(
        employee=employee,
        from_job=job,
        destination=Destination.INTERNAL_JOB,
        destination_job=JobFactory(organisation=employee.organisation, name="Informatiebeheerder"),
    )
    return {**world, "vulnerable_job": job, "trajectory": trajectory}
