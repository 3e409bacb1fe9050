from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from inclusion.models import Employee, Job, Vulnerability
from organisations.forms import (
    DateInput,
    FilterForm,
    NLDesignFormMixin,
    UnitFilterField,
    lazy_choices,
)
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
    """Filters of the employee list: a name or number, a unit, a job, how vulnerable
    the job is, and who works here."""

    ACTIVE, LEFT, EVERYONE = "active", "left", "all"
    # Vulnerable: rated medium or high by functiemetamorfose.
    VULNERABLE = "vulnerable"

    q = forms.CharField(
        label=_("Name or personnel number"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    unit = UnitFilterField()
    job = forms.IntegerField(label=_("Job"), required=False, widget=forms.Select)
    vulnerability = forms.ChoiceField(
        label=_("Vulnerable job"),
        required=False,
        choices=[
            ("", _("Any job")),
            (VULNERABLE, _("High or medium")),
            (Vulnerability.HIGH, capfirst(Vulnerability.HIGH.label)),
            (Vulnerability.MEDIUM, capfirst(Vulnerability.MEDIUM.label)),
        ],
    )
    status = forms.ChoiceField(
        label=_("Employment"),
        required=False,
        choices=[(ACTIVE, _("Working here")), (LEFT, _("Left")), (EVERYONE, _("Everyone"))],
    )

    def __init__(self, data=None, *, organisation, **kwargs):
        super().__init__(data, organisation=organisation, **kwargs)
        jobs = Job.objects.for_organisation(organisation).order_by("name")
        self.fields["job"].widget.choices = lazy_choices(
            _("All jobs"), lambda: jobs.values_list("pk", "name")
        )

    def values(self) -> dict:
        values = super().values()
        values["q"] = (values.get("q") or "").strip()
        values["status"] = values.get("status") or self.ACTIVE
        return values

    def filter(self, employees):
        """`employees` narrowed to the filters given."""
        values = self.values()
        if values["q"]:
            employees = employees.search(values["q"])
        if values.get("unit"):
            employees = employees.filter(unit_id=values["unit"])
        if values.get("job"):
            employees = employees.filter(job_id=values["job"])
        if values.get("vulnerability") == self.VULNERABLE:
            employees = employees.filter(
                job__vulnerability__in=[Vulnerability.HIGH, Vulnerability.MEDIUM]
            )
        elif values.get("vulnerability"):
            employees = employees.filter(job__vulnerability=values["vulnerability"])
        if values["status"] == self.ACTIVE:
            employees = employees.filter(active=True)
        elif values["status"] == self.LEFT:
            employees = employees.filter(active=False)
        return employees


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
