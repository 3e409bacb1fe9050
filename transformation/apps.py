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

        from organisations.hooks import SettingsSection, settings_sections

        settings_sections.extend(
            [
                SettingsSection(
                    _("Themes of the information vision"),
                    _("The themes a version of the information vision speaks about."),
                    "transformation:settings_themes",
                    order=10,
                ),
                SettingsSection(
                    _("Co-determination questions"),
                    _("The questions the works council asks in each phase of an initiative."),
                    "transformation:settings_questions",
                    order=20,
                ),
                SettingsSection(
                    _("Co-determination bodies"),
                    _("The works council and committees asked for advice or consent."),
                    "transformation:settings_bodies",
                    order=30,
                ),
            ]
        )

        from organisations.hooks import AttentionSource, attention_sources
        from organisations.models import Role
        from transformation import attention

        steering = frozenset({Role.PROGRAMME_MANAGER, Role.DIRECTOR})
        attention_sources.extend(
            [
                AttentionSource(steering, attention.vision_items),
                AttentionSource(steering, attention.initiative_items),
                AttentionSource(steering, attention.benefit_items),
                AttentionSource(
                    frozenset({Role.PROGRAMME_MANAGER}), attention.codetermination_items
                ),
                AttentionSource(frozenset({Role.PROGRAMME_MANAGER}), attention.intervention_items),
                AttentionSource(steering, attention.decision_items),
                AttentionSource(frozenset({Role.PROGRAMME_MANAGER}), attention.proposal_items),
            ]
        )


def _give_new_organisation_its_defaults(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from transformation.defaults import install_defaults

        install_defaults(instance)
