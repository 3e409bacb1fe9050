from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("bewaartermijnen/", views.retention, name="retention"),
    path("bewaartermijnen/nu-toepassen/", views.apply_now, name="apply"),
]
