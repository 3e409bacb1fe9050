from django.urls import path

from organisations import views

app_name = "organisations"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("organisation/switch/", views.switch_organisation, name="switch"),
]
