"""Employees: the list, each one's record, the import and export, and the access log."""

from django.urls import path

from inclusion.employees import views

app_name = "employees"

urlpatterns = [
    path("medewerkers/", views.employee_list, name="list"),
    path("medewerkers/nieuw/", views.employee_edit, name="create"),
    path("medewerkers/importeren/", views.employee_import, name="import"),
    path("medewerkers/exporteren/", views.employee_export, name="export"),
    path("medewerkers/<int:pk>/", views.employee_detail, name="detail"),
    path("medewerkers/<int:pk>/bewerken/", views.employee_edit, name="edit"),
    path("medewerkers/<int:pk>/anonimiseren/", views.anonymise, name="anonymise"),
    path("medewerkers/<int:pk>/inzage.json", views.inzage_json, name="inzage_json"),
    path("toegangslog/", views.access_log, name="access_log"),
    # The search boxes of the employee form and the job filters.
    path("functies/zoeken/", views.job_options, name="job_options"),
    path("medewerkers/zoeken/", views.employee_options, name="employee_options"),
]
