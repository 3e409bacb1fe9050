"""Digital skills: the framework, target levels per job, assessments and the heatmap."""

from django.urls import path

from inclusion.skills import views

app_name = "skills"

urlpatterns = [
    path("vaardigheden/", views.framework, name="framework"),
    path("vaardigheden/competenties/nieuw/", views.competence_edit, name="competence_create"),
    path(
        "vaardigheden/competenties/voorgesteld/",
        views.competence_add_suggested,
        name="competence_add_suggested",
    ),
    path(
        "vaardigheden/competenties/<int:pk>/bewerken/",
        views.competence_edit,
        name="competence_edit",
    ),
    path(
        "vaardigheden/competenties/<int:pk>/verwijderen/",
        views.competence_delete,
        name="competence_delete",
    ),
    path("vaardigheden/functies/", views.job_list, name="jobs"),
    path("vaardigheden/functies/<int:pk>/", views.job_targets, name="job_targets"),
    path(
        "vaardigheden/functies/<int:pk>/streefniveaus/",
        views.job_targets_edit,
        name="job_targets_edit",
    ),
    path("vaardigheden/kloof/", views.gap_heatmap, name="heatmap"),
    path("medewerkers/<int:pk>/vaardigheden/", views.employee_skills, name="employee_skills"),
    path(
        "medewerkers/<int:pk>/vaardigheden/nieuw/",
        views.assessment_create,
        name="assessment_create",
    ),
]
