"""Digital-skills actions, POP-gesprekken and training attendance."""

from django.urls import path

from inclusion.actions import views

app_name = "actions"

urlpatterns = [
    path("acties/", views.action_log, name="log"),
    path("acties/medewerkers-zoeken/", views.employee_search, name="employee_search"),
    path("acties/overzicht/", views.action_list, name="list"),
    path("acties/overzicht/export.<str:fmt>", views.action_export, name="export"),
    path("acties/overzicht/status/", views.action_bulk, name="bulk"),
    path("acties/<int:pk>/bewerken/", views.action_edit, name="edit"),
    path("acties/<int:pk>/verwijderen/", views.action_delete, name="delete"),
    path("acties/<int:pk>/status/", views.action_status, name="status"),
    path("medewerkers/<int:pk>/pop/", views.employee_pop, name="employee_pop"),
    path("medewerkers/<int:pk>/pop/nieuw/", views.pop_create, name="pop_create"),
    path("pop-gesprekken/<int:pk>/bewerken/", views.pop_edit, name="pop_edit"),
    path("pop-gesprekken/dekking/", views.pop_coverage, name="pop_coverage"),
    path(
        "training/<int:session_pk>/aanwezigheid/",
        views.training_attendance,
        name="training_attendance",
    ),
]
