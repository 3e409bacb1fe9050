from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SingleSignOnConfig(AppConfig):
    name = "sso"
    verbose_name = _("Single sign-on")

    def ready(self) -> None:
        from organisations import hooks
        from sso.policy import password_login_refused

        hooks.password_login_refusals.append(password_login_refused)
