from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("aanvragen/<str:kind>/", views.request_report, name="request"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/opnieuw/", views.request_again, name="request_again"),
    path("<int:pk>/download/", views.download, name="download"),
    path("inzage/<int:pk>/", views.inzage_request, name="inzage_request"),
    path("planning/", views.schedules, name="schedules"),
    path("planning/nieuw/", views.schedule_edit, name="schedule_add"),
    path("planning/<int:pk>/", views.schedule_edit, name="schedule_edit"),
    path("planning/<int:pk>/verwijderen/", views.schedule_delete, name="schedule_delete"),
]
