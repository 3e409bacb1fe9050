from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AdoptionConfig(AppConfig):
    name = "adoption"
    verbose_name = _("Adoption")

    def ready(self) -> None:
        from adoption import interventions
        from adoption.demo import seed_adoption
        from adoption.views import initiative_panel, phase_column
        from organisations.demo import demo_seeded
        from organisations.models import Organisation
        from transformation import hooks

        post_save.connect(
            _give_new_organisation_its_checklist,
            sender=Organisation,
            dispatch_uid="adoption_checklist",
        )
        # Connected after transformation's (INSTALLED_APPS order): its initiatives exist first.
        demo_seeded.connect(seed_adoption, dispatch_uid="adoption_demo")
        hooks.initiative_columns.append(phase_column)
        hooks.initiative_panels.append(initiative_panel)
        hooks.intervention_evidence.append(interventions.source)
        from organisations.hooks import SettingsSection, settings_sections

        settings_sections.append(
            SettingsSection(
                _("Adoption checklist"),
                _("What each phase of an adoption track asks before the next one."),
                "adoption:checklist",
                order=40,
            )
        )

        from adoption import attention
        from organisations.hooks import AttentionSource, attention_sources
        from organisations.models import Role

        manager = frozenset({Role.PROGRAMME_MANAGER})
        attention_sources.extend(
            [
                AttentionSource(
                    frozenset({Role.PROGRAMME_MANAGER, Role.DIRECTOR}), attention.override_items
                ),
                AttentionSource(manager, attention.phase_items),
                AttentionSource(manager, attention.without_track_items),
            ]
        )


def _give_new_organisation_its_checklist(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from adoption.defaults import install_checklist

        install_checklist(instance)
