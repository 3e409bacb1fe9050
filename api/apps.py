from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # drf-spectacular finds the authentication schemes by their registration.
        from api import schema  # noqa: F401
        from api.demo import seed_api
        from organisations.demo import demo_seeded

        demo_seeded.connect(seed_api, dispatch_uid="api_demo")
