"""Role-matrix entries for the skills pages (framework, target levels, assessments,
heatmap); collected by tests/test_role_matrix.py."""

from organisations.models import Role
from tests.role_matrix import ALL_ROLES, members_only, obj, only

HR, ADMIN = Role.HR_ADVISER, Role.ORGANISATION_ADMIN


def entries() -> dict:
    suggested = only(HR, status=302)
    suggested.method = "post"

    def own(world):
        return {"pk": world["own_competence"].pk}

    def job(world):
        return {"pk": world["employee"].job.pk}

    def employee(world):
        return {"pk": world["employee"].pk}

    return {
        # The framework, the target levels and the heatmap are no personal data.
        "inclusion:skills:framework": members_only(),
        "inclusion:skills:competence_create": only(HR),
        "inclusion:skills:competence_add_suggested": suggested,
        "inclusion:skills:competence_edit": obj(HR, kwargs=own),
        # Removing asks first: the confirmation page.
        "inclusion:skills:competence_delete": obj(HR, kwargs=own),
        "inclusion:skills:jobs": members_only(),
        "inclusion:skills:job_targets": obj(*ALL_ROLES, kwargs=job),
        "inclusion:skills:job_targets_edit": obj(HR, kwargs=job),
        "inclusion:skills:heatmap": members_only(),
        # Assessments are personal data.
        "inclusion:skills:employee_skills": obj(HR, ADMIN, kwargs=employee),
        "inclusion:skills:assessment_create": obj(HR, kwargs=employee),
    }


def extend_world(world: dict) -> dict:
    from inclusion.models import Competence, CompetenceArea

    organisation = world["employee"].organisation
    area = CompetenceArea.objects.for_organisation(organisation).order_by("number").first()
    own = Competence.objects.create(
        organisation=organisation, area=area, code="O.9", name="Eigen vaardigheid", digcomp=False
    )
    return {**world, "own_competence": own}
