from django.urls import path

from inclusion import views

app_name = "inclusion"

urlpatterns = [
    path("", views.overview, name="overview"),
]
