from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from api import docs, pages, views
from inclusion.privacy import personal_data

app_name = "api"

v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.swagger, name="swagger"),
    path("redoc/", docs.redoc, name="redoc"),
    path("programmes/", views.ProgrammeList.as_view(), name="programme_list"),
    path("programmes/<int:pk>/", views.ProgrammeDetail.as_view(), name="programme_detail"),
    path("initiatives/", views.InitiativeList.as_view(), name="initiative_list"),
    path("initiatives/<int:pk>/", views.InitiativeDetail.as_view(), name="initiative_detail"),
    path("interventions/", views.InterventionList.as_view(), name="intervention_list"),
    path(
        "codetermination-steps/",
        views.CodeterminationStepList.as_view(),
        name="codetermination_list",
    ),
    path("benefits/", views.BenefitList.as_view(), name="benefit_list"),
    path("benefits/<int:pk>/", views.BenefitDetail.as_view(), name="benefit_detail"),
    path(
        "benefits/<int:pk>/measurements/",
        views.MeasurementCreate.as_view(),
        name="measurement_create",
    ),
    path("inclusion/pop-coverage/", views.PopCoverage.as_view(), name="pop_coverage"),
    path("inclusion/skills-gaps/", views.SkillsGaps.as_view(), name="skills_gaps"),
    # Personal data: each response that names employees is on record in the access log.
    path("employees/", personal_data(views.EmployeeList.as_view()), name="employee_list"),
    path(
        "skills-actions/",
        personal_data(views.SkillsActionList.as_view()),
        name="skills_action_list",
    ),
    path("skills-actions/bulk/", views.SkillsActionBulk.as_view(), name="skills_action_bulk"),
    path("reports/", views.ReportList.as_view(), name="report_list"),
    path("reports/<int:pk>/", views.ReportDetail.as_view(), name="report_detail"),
    path(
        "reports/<int:pk>/download/",
        personal_data(views.ReportDownload.as_view()),
        name="report_download",
    ),
    # Last: a path the API has not gets a JSON answer too.
    path("<path:rest>", views.not_found, name="not_found"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("tokens/", pages.tokens, name="tokens"),
    path("tokens/<int:pk>/intrekken/", pages.token_revoke, name="token_revoke"),
]
