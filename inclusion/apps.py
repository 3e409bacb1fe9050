from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InclusionConfig(AppConfig):
    name = "inclusion"
    verbose_name = _("Inclusion")

    def ready(self) -> None:
        from inclusion.demo import seed_inclusion
        from organisations.demo import demo_seeded

        demo_seeded.connect(seed_inclusion, dispatch_uid="inclusion_demo")
