"""What the organisation admin keeps for Inclusie: how small a group may be before
its figures are hidden."""

from django.contrib import admin

from inclusion.models import InclusionSettings
from organisations.admin import OrganisationAdminMixin


@admin.register(InclusionSettings)
class InclusionSettingsAdmin(OrganisationAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "min_group_size"]
    list_select_related = ["organisation"]
