from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    name = "twofactor"
    verbose_name = _("Two-factor authentication")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from organisations import hooks
        from twofactor.middleware import note_at_login

        user_logged_in.connect(note_at_login, dispatch_uid="twofactor_note_at_login")

        hooks.settings_sections.extend(
            [
                hooks.SettingsSection(
                    _("Two-step verification policy"),
                    _("Whether every role, not only HR and admins, logs in with a code."),
                    "twofactor:policy",
                    order=60,
                ),
                hooks.SettingsSection(
                    _("Two-step verification of members"),
                    _("Who has set up the authenticator app; reset it after a lost phone."),
                    "twofactor:members",
                    order=61,
                ),
            ]
        )
        hooks.user_kept_by.append(_in_the_reset_log)


def _in_the_reset_log(user) -> bool:
    """The log of resets keeps who reset whose second factor, by name."""
    from django.db.models import Q

    from twofactor.models import SecondFactorReset

    return SecondFactorReset.objects.filter(Q(user=user) | Q(reset_by=user)).exists()
