"""Forms for digital-skills actions, POP-gesprekken and training attendance."""

from __future__ import annotations

import contextlib

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from inclusion.models import (
    ActionKind,
    ActionStatus,
    Competence,
    Employee,
    PopConversation,
    SkillsAction,
)
from organisations.forms import (
    DateInput,
    DecimalField,
    FilterForm,
    NLDesignFormMixin,
    UnitFilterField,
)
from organisations.models import OrganisationUnit


class EmployeeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return obj.name


class CompetenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Competence) -> str:
        return f"{obj.code} {obj.localised_name}"


def _unit_from(form: forms.Form, units) -> OrganisationUnit | None:
    """The unit the form is about: the one posted, or else the initial one."""
    raw = form.data.get(form.add_prefix("unit")) if form.is_bound else form.initial.get("unit")
    if isinstance(raw, OrganisationUnit):
        return raw
    if raw and str(raw).isdigit():
        return next((unit for unit in units if unit.pk == int(raw)), None)
    return None


class SkillsActionForm(NLDesignFormMixin, forms.Form):
    """Logging one action. The unit narrows the list of employees; "the whole unit"
    logs the action for everyone who works there now."""

    # What stays for the next entry, so that twenty in a row are quick.
    KEPT = ("kind", "held_on", "unit", "competences", "status")

    kind = forms.ChoiceField(label=_("Type"), choices=ActionKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=OrganisationUnit.objects.none(),
        required=False,
        empty_label=_("All units"),
        help_text=_("Shows only this unit's employees."),
    )
    whole_unit = forms.BooleanField(
        label=_("For the whole unit: everyone who works there now"), required=False
    )
    employees = EmployeeChoiceField(
        label=_("Employees"),
        queryset=Employee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose employees of the unit shown.")},
    )
    competences = CompetenceChoiceField(
        label=_("Competences addressed"),
        queryset=Competence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hours = DecimalField(
        label=_("Hours"), required=False, min_value=0, max_digits=6, decimal_places=1
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.DONE
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["held_on"].initial = timezone.localdate
        units = list(OrganisationUnit.objects.for_organisation(organisation).order_by("name"))
        self.fields["unit"].queryset = OrganisationUnit.objects.for_organisation(organisation)
        # The choices are rendered from the list already read: no second query.
        self.fields["unit"].choices = [("", _("All units")), *((u.pk, u.name) for u in units)]
        self.chosen_unit = _unit_from(self, units)
        employees = Employee.objects.for_organisation(organisation).active().order_by("name", "pk")
        if self.chosen_unit is not None:
            employees = employees.filter(unit=self.chosen_unit)
        self.fields["employees"].queryset = employees
        self.fields["competences"].queryset = Competence.objects.for_organisation(
            organisation
        ).select_related("area")
        self.fields["kind"].widget.attrs["autofocus"] = True
        # With JavaScript, choosing a unit shows its employees at once.
        self.fields["unit"].widget.attrs.update(
            {
                "hx-get": reverse("inclusion:actions:log") + "?part=employees",
                "hx-target": "#action-employees",
                "hx-swap": "outerHTML",
            }
        )

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        chosen = cleaned.get("employees")
        if cleaned.get("whole_unit"):
            if unit is None:
                self.add_error("unit", _("Choose the unit whose employees all took part."))
            elif chosen:
                self.add_error("employees", _("Choose employees or the whole unit, not both."))
            elif (
                not Employee.objects.for_organisation(self.organisation)
                .active()
                .filter(unit=unit)
                .exists()
            ):
                self.add_error("whole_unit", _("Nobody works in this unit now."))
        elif "employees" in cleaned and not chosen:
            self.add_error(
                "employees", _("Choose at least one employee, or log it for the whole unit.")
            )
        held_on = cleaned.get("held_on")
        if (
            held_on
            and cleaned.get("status") == ActionStatus.DONE
            and held_on > timezone.localdate()
        ):
            self.add_error(
                "held_on", _("An action that is done cannot be in the future: plan it instead.")
            )
        return cleaned

    def kept(self) -> dict:
        """The last choices, for the next entry."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "held_on": data["held_on"],
            "unit": data["unit"],
            "competences": list(data["competences"]),
            "status": data["status"],
        }

    def focus_first_error(self) -> None:
        """After a failed save, the cursor starts at the first field in error."""
        first = next((name for name in self.fields if name in self.errors), None)
        if first is not None:
            self.fields["kind"].widget.attrs.pop("autofocus", None)
            self.fields[first].widget.attrs["autofocus"] = True


def kept_initial(query) -> dict:
    """The last choices from a querystring (the form without JavaScript)."""
    initial = {}
    kind = query.get("kind", "")
    if kind in ActionKind.values:
        initial["kind"] = kind
    status = query.get("status", "")
    if status in ActionStatus.values:
        initial["status"] = status
    held_on = query.get("held_on", "")
    if held_on:
        with contextlib.suppress(ValidationError):
            initial["held_on"] = forms.DateField().clean(held_on)
    unit = query.get("unit", "")
    if unit.isdigit():
        initial["unit"] = int(unit)
    competences = [int(pk) for pk in query.getlist("competences") if pk.isdigit()]
    if competences:
        initial["competences"] = competences
    return initial


class ActionFilterForm(FilterForm):
    """Filters of the action list."""

    unit = UnitFilterField()
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *((v, capfirst(label)) for v, label in ActionKind.choices)],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            *((v, capfirst(label)) for v, label in ActionStatus.choices),
        ],
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Up to and including"), required=False, widget=DateInput)


class PopConversationForm(NLDesignFormMixin, forms.ModelForm):
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions agreed"),
        queryset=SkillsAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("This employee's digital-skills actions that came from this conversation."),
    )

    class Meta:
        model = PopConversation
        fields = ["year", "held_on", "digital_skills", "digital_resilience", "agreements"]
        widgets = {"held_on": DateInput(), "agreements": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee
        this_year = timezone.localdate().year
        years = [this_year, this_year - 1]
        if self.instance.pk and self.instance.year not in years:
            years.append(self.instance.year)
        self.fields["year"] = forms.TypedChoiceField(
            label=_("Year"), choices=[(y, str(y)) for y in years], coerce=int
        )
        self.fields["year"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
        if not self.instance.pk:
            # The instance's empty values would win over the fields' initial values.
            self.initial["year"] = self.initial.get("year") or this_year
            self.initial["held_on"] = self.initial.get("held_on") or timezone.localdate()
        actions = SkillsAction.objects.filter(employees=employee).order_by("-held_on", "-pk")
        if self.instance.pk:
            actions = actions.filter(
                Q(pop_conversation__isnull=True) | Q(pop_conversation=self.instance)
            )
            self.fields["actions"].initial = list(
                self.instance.actions.values_list("pk", flat=True)
            )
        else:
            actions = actions.filter(pop_conversation__isnull=True)
        self.fields["actions"].queryset = actions

    def clean_year(self):
        year = self.cleaned_data["year"]
        taken = PopConversation.objects.filter(employee=self.employee, year=year)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                _("%(employee)s already has a POP-gesprek in %(year)s: edit that one.")
                % {"employee": self.employee.name, "year": year}
            )
        return year

    def clean(self):
        cleaned = super().clean()
        year, held_on = cleaned.get("year"), cleaned.get("held_on")
        if held_on:
            if held_on > timezone.localdate():
                self.add_error("held_on", _("A POP-gesprek cannot be in the future."))
            elif year and held_on.year != year:
                self.add_error("held_on", _("Give a date in %(year)s.") % {"year": year})
        return cleaned


class TrainingAttendanceForm(NLDesignFormMixin, forms.Form):
    """Who attended a training session: a tick per employee of the unit shown."""

    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    attendees = EmployeeChoiceField(
        label=_("Attended"),
        queryset=Employee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, session, shown, before: set, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.shown = shown
        self.before = before
        self.fields["attendees"].queryset = shown

    def clean_attendees(self):
        attendees = set(self.cleaned_data["attendees"])
        total = len((self.before - set(self.shown)) | attendees)
        capacity = self.session.capacity
        if capacity is not None and total > capacity:
            raise ValidationError(
                _("%(count)s attendees is more than the capacity of %(capacity)s.")
                % {"count": total, "capacity": capacity}
            )
        self.total = total
        return attendees
