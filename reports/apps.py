from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from organisations import hooks as dashboard_hooks
        from organisations.demo import demo_seeded
        from reports import views
        from reports.demo import seed_reports
        from transformation import hooks as programme_hooks

        dashboard_hooks.dashboard_panels.append(
            dashboard_hooks.DashboardPanel("reports/_dashboard_panel.html", views.dashboard_panel)
        )
        programme_hooks.programme_panels.append(
            programme_hooks.ProgrammePanel("reports/_programme_panel.html", views.programme_panel)
        )
        demo_seeded.connect(seed_reports, dispatch_uid="reports_demo")
        from organisations.models import Role
        from reports import attention

        dashboard_hooks.attention_sources.extend(
            [
                dashboard_hooks.AttentionSource(
                    frozenset({Role.DIRECTOR}), attention.new_report_items
                ),
                dashboard_hooks.AttentionSource(
                    frozenset({Role.ORGANISATION_ADMIN}), attention.failed_schedule_items
                ),
            ]
        )
        from inclusion import hooks as inclusion_hooks
        from reports import services

        inclusion_hooks.employee_anonymised.append(services.reports_naming_delete)
        inclusion_hooks.employee_panels.append(
            inclusion_hooks.EmployeePanel("reports/_inzage_panel.html", views.inzage_panel)
        )
