from django.urls import path

from transformation import views

app_name = "transformation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("visie/nieuw/", views.vision_create, name="vision_create"),
    path("visie/vergelijken/", views.vision_compare, name="vision_compare"),
    path("visie/<int:pk>/", views.vision_detail, name="vision_detail"),
    path("visie/<int:pk>/bewerken/", views.vision_edit, name="vision_edit"),
    path("visie/<int:pk>/status/", views.vision_status, name="vision_status"),
    path("visie/<int:pk>/goedkeuren/", views.vision_approve, name="vision_approve"),
    path("visie/<int:pk>/thema-toevoegen/", views.section_add, name="section_add"),
    path("visie/onderdeel/<int:pk>/", views.section_edit, name="section_edit"),
    path("visie/onderdeel/<int:pk>/verwijderen/", views.section_delete, name="section_delete"),
    path("programma/nieuw/", views.programme_create, name="programme_create"),
    path("programma/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programma/<int:pk>/bewerken/", views.programme_edit, name="programme_edit"),
    path("programma/<int:pk>/interventies/", views.interventions, name="interventions"),
    path(
        "programma/<int:pk>/initiatief-toevoegen/",
        views.initiative_create,
        name="initiative_create",
    ),
    path("interventie/<int:pk>/", views.intervention_edit, name="intervention_edit"),
    path("initiatief/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("initiatief/<int:pk>/bewerken/", views.initiative_edit, name="initiative_edit"),
    path("initiatief/<int:pk>/status/", views.initiative_status, name="initiative_status"),
    path(
        "initiatief/<int:pk>/medezeggenschap/<str:phase>/",
        views.codetermination,
        name="codetermination",
    ),
    path("initiatief/<int:pk>/baat-toevoegen/", views.benefit_create, name="benefit_create"),
    path("baat/<int:pk>/", views.benefit_detail, name="benefit_detail"),
    path("baat/<int:pk>/bewerken/", views.benefit_edit, name="benefit_edit"),
    path("meting/<int:pk>/verwijderen/", views.measurement_delete, name="measurement_delete"),
]
