from django.urls import path

from config.urls import urlpatterns as application_urls


def broken(request):
    raise RuntimeError("a failing view, to show the 500 page")


urlpatterns = [path("kapot/", broken), *application_urls]
