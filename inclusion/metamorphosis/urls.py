"""Functiemetamorfose, the nine lessons and the Inclusie dashboard."""

from django.urls import path

from inclusion.metamorphosis import views

app_name = "metamorphosis"

urlpatterns = [
    path("functiemetamorfose/", views.job_list, name="jobs"),
    path("functiemetamorfose/functies/<int:pk>/", views.job_detail, name="job"),
    path(
        "functiemetamorfose/functies/<int:pk>/beoordelen/",
        views.job_edit,
        name="job_edit",
    ),
    path(
        "functiemetamorfose/medewerkers/<int:pk>/",
        views.employee_trajectories,
        name="employee_trajectories",
    ),
    path(
        "functiemetamorfose/medewerkers/<int:pk>/nieuw-traject/",
        views.trajectory_create,
        name="trajectory_create",
    ),
    path(
        "functiemetamorfose/trajecten/<int:pk>/bewerken/",
        views.trajectory_edit,
        name="trajectory_edit",
    ),
    path("lessen/", views.lesson_list, name="lessons"),
    path("lessen/<int:number>/", views.lesson_detail, name="lesson_detail"),
    path(
        "lessen/<int:number>/programmas/<int:pk>/zelfevaluatie/",
        views.lesson_assess,
        name="lesson_assess",
    ),
    path("dashboard/", views.dashboard, name="dashboard"),
]
