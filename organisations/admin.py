from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from organisations import hooks
from organisations.models import Membership, Organisation, OrganisationUnit, Role, User
from organisations.permissions import admin_organisation_ids

# Only the organisations whose rows the admin can see: the filter must not list others.
ORGANISATION_FILTER = ("organisation", admin.RelatedOnlyFieldListFilter)


def managed_organisation_ids(request) -> list[int] | None:
    """None for a superuser (everything); otherwise the organisations this admin manages."""
    if request.user.is_superuser:
        return None
    return admin_organisation_ids(request)


class OrganisationAdminMixin:
    """Organisation admins may manage their own organisations' rows, and nothing else."""

    organisation_lookup = "organisation_id__in"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        managed = managed_organisation_ids(request)
        if managed is None:
            return queryset
        return queryset.filter(**{self.organisation_lookup: managed}).distinct()

    def _allowed(self, request, obj=None) -> bool:
        if request.user.is_superuser:
            return True
        return bool(managed_organisation_ids(request))

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        managed = managed_organisation_ids(request)
        if managed is not None:
            if db_field.related_model is Organisation:
                kwargs["queryset"] = Organisation.objects.filter(pk__in=managed)
            elif db_field.related_model is OrganisationUnit:
                kwargs["queryset"] = OrganisationUnit.objects.filter(organisation_id__in=managed)
            elif db_field.related_model is User:
                kwargs["queryset"] = User.objects.filter(
                    memberships__organisation_id__in=managed
                ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Organisation)
class OrganisationAdmin(OrganisationAdminMixin, admin.ModelAdmin):
    organisation_lookup = "pk__in"
    list_display = ["name", "slug", "colour"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        # The slug is used in commands and addresses; only superusers change it.
        return [] if request.user.is_superuser else ["slug"]

    def get_prepopulated_fields(self, request, obj=None):
        # A read-only field is not in the form, so nothing can be prepopulated into it
        # (the admin would look the slug up among the form's fields and fail).
        return self.prepopulated_fields if request.user.is_superuser else {}

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(OrganisationAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "organisation"]
    list_filter = ["kind", ORGANISATION_FILTER]
    search_fields = ["name"]
    list_select_related = ["parent", "organisation"]


@admin.register(Membership)
class MembershipAdmin(OrganisationAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "created_at"]
    list_filter = ["role", ORGANISATION_FILTER]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    list_select_related = ["user", "organisation"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("organisation")
        managed = managed_organisation_ids(request)
        return queryset if managed is None else queryset.filter(organisation_id__in=managed)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        managed = managed_organisation_ids(request)
        if db_field.name == "organisation" and managed is not None:
            kwargs["queryset"] = Organisation.objects.filter(pk__in=managed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return True

    def has_change_permission(self, request, obj=None):
        return True

    def has_delete_permission(self, request, obj=None):
        return True


class NewMemberForm(UserCreationForm):
    """A new user always starts with a role in an organisation the admin manages."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("organisation")
    )
    role = forms.ChoiceField(choices=Role.choices, label=_("role"))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name", "email"]


@admin.register(User)
class MemberAdmin(OrganisationAdminMixin, UserAdmin):
    organisation_lookup = "memberships__organisation_id__in"
    add_form = NewMemberForm
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "organisation",
                    "role",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    limited_fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Status"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return self.limited_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["last_login", "date_joined"]

    def get_inline_instances(self, request, obj=None):
        # On the add form the organisation and role are fields of the form itself.
        return [] if obj is None else super().get_inline_instances(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            managed = managed_organisation_ids(request)
            organisations = (
                Organisation.objects.all()
                if managed is None
                else Organisation.objects.filter(pk__in=managed)
            )
            form.base_fields["organisation"].queryset = organisations
        return form

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            Membership.objects.create(
                user=obj,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
            )

    def has_change_permission(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().has_change_permission(request, obj)
        # A person who also works for another organisation, or a superuser, is
        # not this admin's to change: that would reach across organisations.
        if obj.is_superuser:
            return False
        managed = set(managed_organisation_ids(request))
        return {m.organisation_id for m in obj.memberships.all()} <= managed

    def has_delete_permission(self, request, obj=None):
        # Someone who opened personal data stays in the access log: deactivate them
        # (untick "active") instead. The database refuses the delete as well.
        if obj is not None and any(kept(obj) for kept in hooks.user_kept_by):
            return False
        return self.has_change_permission(request, obj)
