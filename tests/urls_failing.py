from django.db import OperationalError
from django.urls import path

from config.urls import handler500  # noqa: F401 - the application's fault page
from config.urls import urlpatterns as application_urls


def broken(request):
    raise RuntimeError("a failing view, to show the 500 page")


def database_away(request):
    raise OperationalError("connection failed: the database system is shutting down")


urlpatterns = [path("kapot/", broken), path("database-weg/", database_away), *application_urls]
