from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # drf-spectacular finds the authentication schemes by their registration.
        from api import schema  # noqa: F401
