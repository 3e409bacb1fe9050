from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Retention (AVG): how long each organisation keeps what names people. The top
    layer: it reads and removes the rows of the apps below, and nothing imports it."""

    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from organisations.hooks import AttentionSource, attention_sources
        from organisations.models import Role
        from privacy.attention import retention_items

        attention_sources.append(
            AttentionSource(frozenset({Role.ORGANISATION_ADMIN}), retention_items)
        )
