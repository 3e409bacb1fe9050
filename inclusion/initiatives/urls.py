"""The competences an initiative asks of people."""

from django.urls import path

from inclusion.initiatives import views

app_name = "initiatives"

urlpatterns = [
    path(
        "initiatieven/<int:pk>/competenties/",
        views.competences,
        name="competences",
    ),
]
