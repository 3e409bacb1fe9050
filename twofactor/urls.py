from django.urls import path

from twofactor import views

app_name = "twofactor"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("instellen/", views.enrol, name="enrol"),
    path("controleren/", views.verify, name="verify"),
    path("herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("uitzetten/", views.remove, name="remove"),
    path("beleid/", views.policy, name="policy"),
    path("leden/", views.members, name="members"),
    path("leden/<int:pk>/herstellen/", views.reset, name="reset"),
]
