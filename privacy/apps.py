from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Retention (AVG): how long each organisation keeps what names people. The top
    layer: it reads and removes the rows of the apps below, and nothing imports it."""

    name = "privacy"
    verbose_name = _("Privacy")
