from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class TransformationConfig(AppConfig):
    name = "transformation"
    verbose_name = _("Vision and programme")

    def ready(self) -> None:
        from organisations.demo import demo_seeded
        from organisations.models import Organisation
        from transformation.demo import seed_transformation

        # The organisations layer does not know this one: it subscribes instead.
        post_save.connect(
            _give_new_organisation_its_defaults,
            sender=Organisation,
            dispatch_uid="transformation_defaults",
        )
        demo_seeded.connect(seed_transformation, dispatch_uid="transformation_demo")


def _give_new_organisation_its_defaults(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from transformation.defaults import install_defaults

        install_defaults(instance)
