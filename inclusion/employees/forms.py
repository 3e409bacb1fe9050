from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from inclusion.models import Employee, Job, Vulnerability
from organisations.forms import (
    DateInput,
    FilterForm,
    IdFilterField,
    NLDesignFormMixin,
    SearchSelectWidget,
    UnitFilterField,
    UnitSelectWidget,
)
from organisations.models import OrganisationUnit


class JobSelectWidget(SearchSelectWidget):
    """The organisation's jobs: a select, or a search box for an organisation of many."""

    options_url = "inclusion:employees:job_options"
    found_label = _("Jobs found")
    help_text = _("Type part of the job's name, then choose it with the arrow keys and Enter.")
    several_text = _("Jobs whose name contains “%(text)s”: choose one")
    none_text = _("No job's name contains “%(text)s”.")
    not_found_status = _("No job found: check the spelling.")

    def status(self, count):
        return ngettext("%(counter)s job found.", "%(counter)s jobs found.", count) % {
            "counter": count
        }


class JobFilterWidget(JobSelectWidget):
    """The job filter above a list or a figure: all jobs when empty, sent once chosen."""

    help_text = _(
        "Type part of the job's name, then choose it with the arrow keys and Enter."
        " Empty: all jobs."
    )

    def __init__(self, attrs=None):
        super().__init__(attrs, blank=_("All jobs"), submits=True)


class JobFilterField(IdFilterField):
    """One of the jobs the form's `jobs` names (given by the form), or all of them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Job"))
        super().__init__(widget=JobFilterWidget, **kwargs)


class EmployeeSelectWidget(SearchSelectWidget):
    """One of the organisation's employees (a manager), found by name or personnel
    number, each with their unit and job."""

    options_url = "inclusion:employees:employee_options"
    found_label = _("Employees found")
    help_text = _(
        "Type part of the name or the personnel number, then choose with the arrow keys and Enter."
    )
    several_text = _("Employees whose name or number contains “%(text)s”: choose one")
    none_text = _("No employee's name or number contains “%(text)s”.")
    not_found_status = _("No employee found: check the spelling.")

    def matching(self, objects, text):
        return self.detailed(objects.search(text))

    def detailed(self, objects):
        return objects.select_related("unit", "job")

    def detail(self, obj):
        return " · ".join(part.name for part in (obj.unit, obj.job) if part is not None)

    def status(self, count):
        return ngettext("%(counter)s employee found.", "%(counter)s employees found.", count) % {
            "counter": count
        }


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
        # A select each, or for an organisation of many a search box (with the
        # employees' names: the manager is searched for, never listed whole).
        widgets = {
            "left_on": DateInput(),
            "unit": UnitSelectWidget,
            "job": JobSelectWidget,
            "manager": EmployeeSelectWidget,
        }

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        # Those who work here, and the manager the employee has now even if they have left:
        # saving the form for another field must not drop them.
        managers = Employee.objects.for_organisation(organisation).filter(
            Q(active=True) | Q(pk=self.instance.manager_id)
        )
        if self.instance.pk:
            managers = managers.exclude(pk=self.instance.pk)
        choices = {
            "unit": OrganisationUnit.objects.for_organisation(organisation).order_by("name", "pk"),
            "job": Job.objects.for_organisation(organisation).order_by("name", "pk"),
            "manager": managers.order_by("name", "pk"),
        }
        for name, objects in choices.items():
            field = self.fields[name]
            field.queryset = objects
            field.widget.objects = objects
            field.widget.blank = field.empty_label

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
        elif cleaned.get("left_on") and cleaned["left_on"] > timezone.localdate():
            # Marked as left, they would leave every figure (and could be anonymised) today.
            self.add_error(
                "left_on",
                _(
                    "Record the leaving from the day itself: until then the employee still "
                    "works here."
                ),
            )
        if cleaned.get("manager") and self.instance.pk:
            circle = self._circle(cleaned["manager"])
            if circle:
                message = _("The managers go round in a circle: %(chain)s.")
                chain = " → ".join([self.instance.name, *circle, self.instance.name])
                self.add_error("manager", message % {"chain": chain})
        return cleaned

    # Further up than any organisation's line of managers; a circle it could not close.
    MAX_LEVELS = 100

    def _circle(self, manager: Employee) -> list[str]:
        """The names from `manager` up to the employee being edited, if the managers above
        `manager` lead back to them (the import refuses such a circle too); else []."""
        names, pk, seen = [manager.name], manager.manager_id, {manager.pk}
        while pk is not None and pk not in seen and len(seen) <= self.MAX_LEVELS:
            if pk == self.instance.pk:
                return names
            seen.add(pk)
            above = (
                Employee.objects.for_organisation(self.organisation)
                .filter(pk=pk)
                .values_list("name", "manager_id")
                .first()
            )
            if above is None:
                return []
            names.append(above[0])
            pk = above[1]
        return []


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
    job = JobFilterField()
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
        self.fields["job"].widget.objects = Job.objects.for_organisation(organisation).order_by(
            "name", "pk"
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
