from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from inclusion.models import Employee, Job
from organisations.forms import DateInput, FilterForm, NLDesignFormMixin, UnitFilterField
from organisations.models import OrganisationUnit


class EmployeeForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = Employee
        fields = [
            "personnel_number",
            "name",
            "email",
            "unit",
            "job",
            "manager",
            "active",
            "left_on",
        ]
        widgets = {"left_on": DateInput()}

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrganisationUnit.objects.for_organisation(organisation)
        self.fields["job"].queryset = Job.objects.for_organisation(organisation)
        managers = Employee.objects.for_organisation(organisation).filter(active=True)
        if self.instance.pk:
            managers = managers.exclude(pk=self.instance.pk)
        self.fields["manager"].queryset = managers.order_by("name")

    def clean_personnel_number(self):
        number = self.cleaned_data["personnel_number"].strip()
        taken = Employee.objects.for_organisation(self.organisation).filter(personnel_number=number)
        if taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Another employee already has this personnel number."))
        return number

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("active") is False and not cleaned.get("left_on"):
            self.add_error("left_on", _("Give the date this employee left."))
        if cleaned.get("active") and cleaned.get("left_on"):
            self.add_error("left_on", _("An employee who still works here has no leaving date."))
        return cleaned


class EmployeeImportForm(NLDesignFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Export from the HR system (CSV)"),
        help_text=_(
            "Columns personeelsnummer, naam, e-mail, afdeling, functie and leidinggevende "
            "(or employee_number, name, email, unit, job, manager), separated by ; or ,."
        ),
    )

    complete = forms.BooleanField(
        label=_("This file is the complete export: everyone who works here"),
        required=False,
        help_text=_(
            "Employees who work here now but are not in the file are then marked as left, "
            "on the day of the import. The preview lists them before anything changes."
        ),
    )

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        return upload


class EmployeeFilterForm(FilterForm):
    """Filters of the employee list: a name or number, a unit, and who works here."""

    ACTIVE, LEFT, EVERYONE = "active", "left", "all"

    q = forms.CharField(
        label=_("Name or personnel number"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    unit = UnitFilterField()
    status = forms.ChoiceField(
        label=_("Employment"),
        required=False,
        choices=[(ACTIVE, _("Working here")), (LEFT, _("Left")), (EVERYONE, _("Everyone"))],
    )

    def values(self) -> dict:
        values = super().values()
        values["q"] = (values.get("q") or "").strip()
        values["status"] = values.get("status") or self.ACTIVE
        return values


class AnonymiseForm(NLDesignFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_(
            "For example: “request of the employee of 3 March (art. 17 AVG)”. "
            "The reason is kept in the access log."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone"),
        error_messages={"required": _("Confirm that this cannot be undone.")},
    )
