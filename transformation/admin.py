"""Reference data an organisation admin keeps: vision themes, the works council
questions per phase and the names of the co-determination bodies."""

from django.contrib import admin
from django.db.models import Case, When

from organisations.admin import ORGANISATION_FILTER, OrganisationAdminMixin
from transformation.models import (
    CodeterminationBody,
    CodeterminationPhase,
    CodeterminationQuestion,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(OrganisationAdminMixin, admin.ModelAdmin):
    list_display = ["name", "position", "organisation"]
    list_editable = ["position"]
    list_filter = [ORGANISATION_FILTER]
    search_fields = ["name"]
    list_select_related = ["organisation"]

    def has_delete_permission(self, request, obj=None):
        # A theme used by a vision stays: the vision is the record of what was said.
        if obj is not None and obj.sections.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(CodeterminationQuestion)
class CodeterminationQuestionAdmin(OrganisationAdminMixin, admin.ModelAdmin):
    list_display = ["text", "phase", "position", "active", "organisation"]
    list_editable = ["position", "active"]
    list_filter = ["phase", "active", ORGANISATION_FILTER]
    search_fields = ["text", "text_en"]
    list_select_related = ["organisation"]
    fields = ["organisation", "phase", "text", "text_en", "position", "active"]

    def get_queryset(self, request):
        # The phases in the order a project goes through them.
        phase_order = Case(
            *[When(phase=phase, then=index) for index, phase in enumerate(CodeterminationPhase)]
        )
        return super().get_queryset(request).order_by("organisation__name", phase_order, "position")

    def has_delete_permission(self, request, obj=None):
        # Answered questions are switched off rather than deleted.
        if obj is not None and obj.answers.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(CodeterminationBody)
class CodeterminationBodyAdmin(OrganisationAdminMixin, admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_filter = [ORGANISATION_FILTER]
    search_fields = ["name"]
    list_select_related = ["organisation"]
