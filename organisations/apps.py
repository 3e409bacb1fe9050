from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    default = True
    name = "organisations"
    verbose_name = _("Organisations and roles")

    def ready(self) -> None:
        from organisations import (
            checks,  # noqa: F401 - registers the system checks
            lookups,  # noqa: F401 - registers lookups that know an integer column's range
        )
        from organisations.history import in_a_trail
        from organisations.hooks import user_kept_by

        # The audit trail's tables belong to the layers above; the reader finds them all.
        user_kept_by.append(in_a_trail)


class MensenwerkAdminConfig(admin_apps.AdminConfig):
    """The Django admin on Mensenwerk's own site, which admits organisation admins."""

    default = False
    default_site = "organisations.admin_site.MensenwerkAdminSite"
