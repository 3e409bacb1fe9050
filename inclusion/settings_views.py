"""The organisation admin's inclusion settings (listed on the settings index through
organisations.hooks.settings_sections): the smallest group whose figures are shown and
the POP coverage every unit should reach."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inclusion.models import InclusionSettings, inclusion_settings
from organisations.forms import NLDesignFormMixin
from organisations.pages import form_page
from organisations.permissions import Perm, require


class InclusionSettingsForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = InclusionSettings
        fields = [
            name
            for name in ("min_group_size", "pop_coverage_target")
            if name in {field.name for field in InclusionSettings._meta.get_fields()}
        ]


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def inclusion_settings_edit(request: HttpRequest) -> HttpResponse:
    current = inclusion_settings(request.workspace.organisation)
    form = InclusionSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The inclusion settings are saved."))
        return redirect("inclusion:settings")
    return form_page(
        request,
        form,
        title=_("Inclusion settings"),
        lead=_(
            "Small groups: figures about fewer employees than the smallest group are hidden "
            "from everyone who may not see individual employees, so that no one can be "
            "recognised in them."
        ),
        submit=_("Save"),
        cancel_url=reverse("organisations:settings"),
    )
