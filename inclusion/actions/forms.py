"""Forms for digital-skills actions, POP-gesprekken and training attendance."""

from __future__ import annotations

import contextlib

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from inclusion.actions import queries
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
    UnitSelectWidget,
    is_id,
)
from organisations.models import OrganisationUnit
from transformation.forms import InitiativeSelectWidget
from transformation.models import Initiative


class EmployeeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return obj.name


class CompetenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Competence) -> str:
        return f"{obj.code} {obj.localised_name}"


def _unit_from(form: forms.Form) -> OrganisationUnit | None:
    """The unit the form is about: the one sent (chosen in the select, or found by the
    search box of a larger organisation), or else the initial one."""
    raw = form["unit"].data if form.is_bound else form.initial.get("unit")
    if isinstance(raw, OrganisationUnit):
        return raw
    widget = form.fields["unit"].widget
    if widget.chosen is not None and str(widget.chosen.pk) == str(raw):
        return widget.chosen
    if is_id(raw):
        return form.fields["unit"].queryset.filter(pk=raw).first()
    return None


def _pks(values) -> list[int]:
    """The primary keys among `values` (strings from a form, or objects), in order, once."""
    pks = []
    for value in values:
        pk = getattr(value, "pk", value)
        if is_id(pk) and int(pk) not in pks:
            pks.append(int(pk))
    return pks


class SkillsActionForm(NLDesignFormMixin, forms.Form):
    """Logging one action, or correcting one (`action`). The employees are chosen with a
    search (the picker) and shown as chips; "the whole unit" logs the action for everyone
    who works there now. What looks like a duplicate is only saved on a second request,
    with "save anyway"."""

    # What stays for the next entry, so that twenty in a row are quick.
    KEPT = ("kind", "held_on", "unit", "competences", "status", "initiative")

    kind = forms.ChoiceField(label=_("Type"), choices=ActionKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=OrganisationUnit.objects.none(),
        required=False,
        empty_label=_("All units"),
        help_text=_("The search finds only this unit's employees."),
        # A select, or for an organisation of many units a search box.
        widget=UnitSelectWidget(blank=_("All units")),
    )
    whole_unit = forms.BooleanField(
        label=_("For the whole unit: everyone who works there now"), required=False
    )
    employees = EmployeeChoiceField(
        label=_("Employees"),
        queryset=Employee.objects.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
        error_messages={"invalid_choice": _("Choose employees of this organisation.")},
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
    initiative = forms.ModelChoiceField(
        label=_("For the initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("No initiative in particular"),
        help_text=_("The change this action prepares people for, if there is one."),
        # A select, or for a programme of many initiatives a search box.
        widget=InitiativeSelectWidget(blank=_("No initiative in particular")),
    )

    def __init__(self, *args, organisation, action: SkillsAction | None = None, **kwargs):
        if action is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = initial_of(action)
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.action = action
        self.fields["held_on"].initial = timezone.localdate
        units = OrganisationUnit.objects.for_organisation(organisation)
        self.fields["unit"].queryset = units
        # The widget reads the units when shown (a select of them, or a search box).
        self.fields["unit"].widget.objects = units.order_by("name", "pk")
        self.chosen_unit = _unit_from(self)
        employees = Employee.objects.for_organisation(organisation)
        if action is not None:
            # Someone who has left since stays on the action until removed from it.
            employees = employees.filter(Q(active=True) | Q(skills_actions=action)).distinct()
        else:
            employees = employees.active()
        # Only the chosen ones are ever read: the picker searches, it lists nobody.
        self.fields["employees"].queryset = employees
        self.fields["competences"].queryset = Competence.objects.for_organisation(
            organisation
        ).select_related("area")
        initiatives = Initiative.objects.for_organisation(organisation).order_by("title", "pk")
        self.fields["initiative"].queryset = initiatives
        self.fields["initiative"].widget.objects = initiatives
        if action is None:
            self.fields["kind"].widget.attrs["autofocus"] = True
        self.duplicates = 0
        self.focus = ""
        # What was typed in the picker's search, and whether it was sent (without JavaScript).
        self.query = (self.data.get("q", "") if self.is_bound else "").strip()
        self.searched = False

    # --- The picker -----------------------------------------------------------------------------

    def chosen_pks(self) -> list[int]:
        """The employees chosen so far (the chips), without one removed without JavaScript."""
        if self.is_bound:
            chosen = _pks(self.data.getlist(self.add_prefix("employees")))
            removed = _pks([self.data.get("remove_employee", "")])
            return [pk for pk in chosen if pk not in removed]
        return _pks(self.initial.get("employees") or [])

    def chosen_employees(self) -> list[Employee]:
        """The chips: the chosen employees with their team and job, one query."""
        pks = self.chosen_pks()
        if not pks:
            return []
        return list(
            self.fields["employees"]
            .queryset.filter(pk__in=pks)
            .select_related("unit", "job")
            .order_by("name", "pk")
        )

    # --- Checks ---------------------------------------------------------------------------------

    def _people(self, unit, chosen):
        """Who the action will be for: a queryset or a list of employees."""
        if self.cleaned_data.get("whole_unit") and unit is not None:
            if self.action is not None and self.action.unit_id == unit.pk:
                return Employee.objects.filter(skills_actions=self.action)
            return Employee.objects.for_organisation(self.organisation).active().filter(unit=unit)
        return list(chosen or [])

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        chosen = cleaned.get("employees")
        if cleaned.get("whole_unit"):
            if unit is None:
                self.add_error("unit", _("Choose the unit whose employees all took part."))
            elif chosen:
                self.add_error("employees", _("Choose employees or the whole unit, not both."))
            elif not self._people(unit, chosen).exists():
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
        if not self.errors and not self.data.get("save_anyway"):
            self._warn_of_duplicates(cleaned, self._people(unit, chosen))
        return cleaned

    def _warn_of_duplicates(self, cleaned, people) -> None:
        self.duplicates = queries.duplicate_count(
            self.organisation,
            kind=cleaned["kind"],
            held_on=cleaned["held_on"],
            competences=cleaned.get("competences") or [],
            employees=people,
            besides=self.action,
        )
        if self.duplicates:
            total = len(people) if isinstance(people, list) else people.count()
            raise ValidationError(
                ngettext_lazy(
                    "%(count)s of the %(total)s chosen employees already has this action: "
                    "%(kind)s on %(date)s with the same competences. Save it anyway, "
                    "or change it.",
                    "%(count)s of the %(total)s chosen employees already have this action: "
                    "%(kind)s on %(date)s with the same competences. Save it anyway, "
                    "or change it.",
                    "count",
                )
                % {
                    "count": self.duplicates,
                    "total": total,
                    "kind": ActionKind(cleaned["kind"]).label,
                    "date": formats.date_format(cleaned["held_on"]),
                },
                code="duplicate",
            )

    def kept(self) -> dict:
        """The last choices, for the next entry."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "held_on": data["held_on"],
            "unit": data["unit"],
            "competences": list(data["competences"]),
            "status": data["status"],
            "initiative": data["initiative"],
        }

    def focus_first_error(self) -> None:
        """After a failed save, the cursor starts at the first field in error: for the
        employees, the picker's search; for a duplicate, the "save anyway" button."""
        first = next((name for name in self.fields if name in self.errors), None)
        self.fields["kind"].widget.attrs.pop("autofocus", None)
        if first == "employees":
            self.focus = "search"
        elif first is not None:
            self.fields[first].widget.attrs["autofocus"] = True
        elif self.duplicates:
            self.focus = "save_anyway"


def shown_again(data, *, organisation, action: SkillsAction | None = None) -> SkillsActionForm:
    """The form as it was sent, not checked: without JavaScript, a search or a chip's remove button
    sends the form, which comes back with the matches or without that person, and the
    cursor in the search box."""
    removed = data.get("remove_employee", "")
    initial = kept_initial(data) | {
        "hours": data.get("hours", ""),
        "notes": data.get("notes", ""),
        "whole_unit": bool(data.get("whole_unit")),
        "employees": [pk for pk in data.getlist("employees") if is_id(pk) and pk != removed],
    }
    form = SkillsActionForm(initial=initial, organisation=organisation, action=action)
    form.query = data.get("q", "").strip()
    form.searched = "search_employees" in data
    form.focus = "search"
    form.fields["kind"].widget.attrs.pop("autofocus", None)
    return form


def initial_of(action: SkillsAction) -> dict:
    """An action's values as the form's initial ones."""
    return {
        "kind": action.kind,
        "held_on": action.held_on,
        "unit": action.unit_id,
        "whole_unit": action.unit_id is not None,
        "employees": [] if action.unit_id else [e.pk for e in action.employees.all()],
        "competences": [c.pk for c in action.competences.all()],
        "hours": action.hours,
        "status": action.status,
        "notes": action.notes,
        "initiative": action.initiative_id,
    }


class ActionDeleteForm(NLDesignFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        # The length of simple-history's change reason, where the reason is kept.
        max_length=100,
        help_text=_("Why this action goes, for whoever reads its history later."),
        error_messages={"required": _("Give the reason for deleting this action.")},
    )


class StatusForm(forms.Form):
    """A status change from the list: one action, the selected ones, or a group."""

    to = forms.ChoiceField(
        choices=[(s.value, s.label) for s in (ActionStatus.DONE, ActionStatus.CANCELLED)],
        error_messages={"required": _("Choose what the actions become.")},
    )


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
    if is_id(unit):
        initial["unit"] = int(unit)
    competences = [int(pk) for pk in query.getlist("competences") if is_id(pk)]
    if competences:
        initial["competences"] = competences
    initiative = query.get("initiative", "")
    if is_id(initiative):
        initial["initiative"] = int(initiative)
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


class AttendanceUnitForm(FilterForm):
    """The unit whose employees the attendance page lists to tick."""

    unit = UnitFilterField()


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
        if attendees and self.session.held_on > timezone.localdate():
            raise ValidationError(
                _("Who came can be ticked from the day of the training, %(date)s.")
                % {"date": formats.date_format(self.session.held_on)}
            )
        total = len((self.before - set(self.shown)) | attendees)
        capacity = self.session.capacity
        if capacity is not None and total > capacity:
            raise ValidationError(
                _("%(count)s attendees is more than the capacity of %(capacity)s.")
                % {"count": total, "capacity": capacity}
            )
        self.total = total
        return attendees
