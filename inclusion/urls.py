from django.urls import include, path

from inclusion import settings_views, views

app_name = "inclusion"

# Each part keeps its own patterns, under its own namespace ("inclusion:skills:heatmap").
urlpatterns = [
    path("", views.overview, name="overview"),
    path("instellingen/", settings_views.inclusion_settings_edit, name="settings"),
    path("", include("inclusion.employees.urls")),
    path("", include("inclusion.skills.urls")),
    path("", include("inclusion.actions.urls")),
    path("", include("inclusion.metamorphosis.urls")),
    path("", include("inclusion.initiatives.urls")),
]
