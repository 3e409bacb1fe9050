from django.urls import path

from sso import views

app_name = "sso"

urlpatterns = [
    path("inloggen/<slug:slug>/", views.start, name="start"),
    path("terug/", views.callback, name="callback"),
]
