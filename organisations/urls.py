from django.urls import path

from organisations import settings_views, views

app_name = "organisations"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("organisation/switch/", views.switch_organisation, name="switch"),
    path("profiel/", views.profile, name="profile"),
    path("aandacht/aantal/", views.attention_count, name="attention_count"),
    path("eenheden/zoeken/", views.unit_options, name="unit_options"),
    path("instellingen/", settings_views.settings_index, name="settings"),
]
