from django.urls import path

from transformation import views

app_name = "transformation"

urlpatterns = [
    path("", views.overview, name="overview"),
]
