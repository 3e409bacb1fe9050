from functools import update_wrapper

from csp.constants import UNSAFE_INLINE
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from organisations.permissions import admin_organisation_ids


class MensenwerkAdminSite(admin.AdminSite):
    """The Django admin, for superusers and for each organisation's admins.

    Organisation admins are not staff: the site admits them by their role, and
    every model admin shows them only their own organisations' rows.
    """

    site_header = _("Mensenwerk administration")
    site_title = _("Mensenwerk administration")
    index_title = _("Organisations, units, users and roles")

    def has_permission(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        return user.is_superuser or bool(admin_organisation_ids(request))

    def admin_view(self, view, cacheable=False):
        checked = super().admin_view(view, cacheable)

        def refuse_members_without_the_role(request, *args, **kwargs):
            # A logged-in member without the role gets 403, not a second login page.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            response = checked(request, *args, **kwargs)
            # Django's admin templates carry style attributes. Styles only, and
            # only here: scripts stay limited to our own files everywhere.
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
            return response

        return update_wrapper(refuse_members_without_the_role, checked)

    def login(self, request, extra_context=None):
        # One login page for the whole application, with its brute-force protection.
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next", request.get_full_path()))
