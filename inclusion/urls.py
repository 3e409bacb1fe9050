from django.urls import path

from inclusion import views, views_actions, views_metamorphosis, views_skills

app_name = "inclusion"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("medewerkers/", views.employee_list, name="employee_list"),
    path("medewerkers/nieuw/", views.employee_edit, name="employee_create"),
    path("medewerkers/importeren/", views.employee_import, name="employee_import"),
    path("medewerkers/exporteren/", views.employee_export, name="employee_export"),
    path("medewerkers/<int:pk>/", views.employee_detail, name="employee_detail"),
    path("medewerkers/<int:pk>/bewerken/", views.employee_edit, name="employee_edit"),
    path("toegangslog/", views.access_log, name="access_log"),
    # Each part keeps its own patterns in its own view module.
    *views_skills.urlpatterns,
    *views_actions.urlpatterns,
    *views_metamorphosis.urlpatterns,
]
