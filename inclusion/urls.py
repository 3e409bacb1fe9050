from django.urls import include, path

from inclusion import views

app_name = "inclusion"

# Each part keeps its own patterns, under its own namespace ("inclusion:skills:heatmap").
urlpatterns = [
    path("", views.overview, name="overview"),
    path("", include("inclusion.employees.urls")),
    path("", include("inclusion.skills.urls")),
    path("", include("inclusion.actions.urls")),
    path("", include("inclusion.metamorphosis.urls")),
]
