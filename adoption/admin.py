"""The adoption checklist per phase: reference data the organisation admin keeps."""

from django.contrib import admin

from adoption.models import ChecklistItem
from organisations.admin import ORGANISATION_FILTER, OrganisationAdminMixin


@admin.register(ChecklistItem)
class ChecklistItemAdmin(OrganisationAdminMixin, admin.ModelAdmin):
    list_display = ["text", "phase", "position", "active", "derived_from", "organisation"]
    list_editable = ["position", "active"]
    list_filter = ["phase", "active", ORGANISATION_FILTER]
    search_fields = ["text", "text_en"]
    list_select_related = ["organisation"]
    fields = ["organisation", "phase", "text", "text_en", "position", "active", "derived_from"]

    def has_delete_permission(self, request, obj=None):
        # Ticked items are switched off rather than deleted.
        if obj is not None and obj.ticks.exists():
            return False
        return super().has_delete_permission(request, obj)
