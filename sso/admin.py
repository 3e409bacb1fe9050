from django.contrib import admin

from organisations.admin import (
    ORGANISATION_FILTER,
    OrganisationAdminMixin,
    managed_organisation_ids,
)
from organisations.models import User
from sso.models import ExternalIdentity, GroupRole, IdentityProvider


class GroupRoleInline(admin.TabularInline):
    """Part of the provider: whoever may change the provider may change its groups."""

    model = GroupRole
    extra = 1

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return True

    def has_change_permission(self, request, obj=None):
        return True

    def has_delete_permission(self, request, obj=None):
        return True


@admin.register(IdentityProvider)
class IdentityProviderAdmin(OrganisationAdminMixin, admin.ModelAdmin):
    list_display = ["label", "organisation", "issuer", "create_users", "password_login_allowed"]
    list_select_related = ["organisation"]
    list_filter = [ORGANISATION_FILTER]
    inlines = [GroupRoleInline]
    fieldsets = [
        (None, {"fields": ["organisation", "label"]}),
        (
            "OpenID Connect",
            {"fields": ["issuer", "client_id", "client_secret_env", "scopes", "user_claim"]},
        ),
        (None, {"fields": ["groups_claim", "create_users", "password_login_allowed"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "issuer":
            # An issuer typed without a scheme is an https address (OpenID Connect requires it).
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(OrganisationAdminMixin, admin.ModelAdmin):
    """Which provider account is which user: an admin links one in advance, or unlinks one."""

    organisation_lookup = "provider__organisation_id__in"
    list_display = ["user", "subject", "provider", "created_at"]
    list_select_related = ["user", "provider__organisation"]
    search_fields = ["subject", "user__username", "user__email"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        managed = managed_organisation_ids(request)
        if managed is not None:
            if db_field.name == "provider":
                kwargs["queryset"] = IdentityProvider.objects.filter(organisation_id__in=managed)
            elif db_field.name == "user":
                kwargs["queryset"] = User.objects.filter(
                    memberships__organisation_id__in=managed
                ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
