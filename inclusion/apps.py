from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InclusionConfig(AppConfig):
    name = "inclusion"
    verbose_name = _("Inclusion")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from inclusion.demo import seed_inclusion
        from organisations.demo import demo_seeded
        from organisations.models import Organisation

        post_save.connect(
            _give_new_organisation_its_framework,
            sender=Organisation,
            dispatch_uid="inclusion_framework",
        )
        demo_seeded.connect(seed_inclusion, dispatch_uid="inclusion_demo")
        from organisations.hooks import SettingsSection, settings_sections

        settings_sections.append(
            SettingsSection(
                _("Inclusion settings"),
                _("The smallest group whose figures are shown, and the POP coverage target."),
                "inclusion:settings",
                order=50,
            )
        )
        from adoption import hooks
        from adoption.models import TrainingSession

        hooks.training_session_links.append(_attendance_link)
        post_save.connect(
            _attendance_follows_the_session,
            sender=TrainingSession,
            dispatch_uid="inclusion_attendance_day",
        )
        from organisations import hooks as organisation_hooks

        organisation_hooks.user_kept_by.append(_in_the_access_log)
        from inclusion import interventions
        from transformation import hooks as transformation_hooks

        transformation_hooks.intervention_evidence.append(interventions.source)
        from inclusion.initiatives import views as initiatives

        transformation_hooks.initiative_panels.append(initiatives.initiative_panel)
        transformation_hooks.programme_panels.append(initiatives.programme_panel)
        from inclusion import attention
        from organisations.models import Role

        hr = frozenset({Role.HR_ADVISER})
        organisation_hooks.attention_sources.extend(
            organisation_hooks.AttentionSource(hr, source)
            for source in (
                attention.gap_items,
                attention.pop_items,
                attention.overdue_action_items,
                attention.trajectory_items,
                attention.vulnerable_job_items,
            )
        )


def _in_the_access_log(user) -> bool:
    """Whoever opened personal data stays in the access log, by name."""
    from inclusion.models import AccessLogEntry

    return AccessLogEntry.objects.filter(user=user).exists()


def _attendance_link(request, session):
    """Attendance per employee counts as a digital-skills action for each of them."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from organisations.permissions import Perm

    workspace = request.workspace
    # Names of employees: HR's (programme managers keep the attendance as a number).
    if not workspace.can(Perm.EDIT_SKILLS_ACTIONS):
        return None
    return gettext("Attendance per employee"), reverse(
        "inclusion:actions:training_attendance", args=[session.pk]
    )


def _attendance_follows_the_session(sender, instance, created, raw=False, **kwargs):
    """A training session moved to another day takes its attendees' training action along:
    they attended it on the day it was held, which the figures per period count."""
    if created or raw:
        return
    from inclusion.models import SkillsAction

    for action in SkillsAction.objects.filter(training_session=instance).exclude(
        held_on=instance.held_on
    ):
        action.held_on = instance.held_on
        action.save(update_fields=["held_on"])


def _give_new_organisation_its_framework(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from inclusion.defaults import install_framework

        install_framework(instance)
