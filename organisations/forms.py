"""Form helpers shared by every app: NL Design System classes and accessible errors."""

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.signals import user_login_failed
from django.db import IntegrityError, transaction
from django.utils.choices import CallableChoiceIterator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from organisations import hooks
from organisations.models import OrganisationUnit, User

WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    # Before RadioSelect, which it subclasses.
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class AccessibleBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            # Screen readers read the error together with the field.
            described = [attrs.get("aria-describedby", ""), f"{self.auto_id}_error"]
            attrs["aria-describedby"] = " ".join(part for part in described if part)
            attrs["aria-invalid"] = "true"
        return attrs


# Fields whose choices are labels of our own (not rows, not callables).
CHOICE_FIELDS = (forms.ChoiceField, forms.TypedChoiceField, forms.MultipleChoiceField)
LAZY = CallableChoiceIterator


def _capitalised(choices):
    """Choice labels start with a capital in a list of options, as badges do; the
    labels themselves are lower case, for use inside a sentence."""
    return [
        (value, _capitalised(label) if isinstance(label, list | tuple) else capfirst(label))
        for value, label in choices
    ]


class NLDesignFormMixin:
    bound_field_class = AccessibleBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field) in CHOICE_FIELDS and not isinstance(field.choices, LAZY):
                field.choices = _capitalised(field.choices)
            css = next(
                (c for kind, c in WIDGET_CLASSES.items() if isinstance(field.widget, kind)),
                TEXTBOX,
            )
            if css:
                existing = field.widget.attrs.get("class", "")
                field.widget.attrs["class"] = f"{existing} {css}".strip()


# --- Widgets and fields every app uses -----------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DecimalField(forms.DecimalField):
    """A decimal typed the Dutch way (12,5) or the English way (12.5)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")


# A unit filter is a select of every unit for an organisation of up to this many; above
# it, a search box that offers the units matching what one types (at most UNIT_MATCHES,
# organisations.views.unit_options), so that a page stays the same size however many
# units the organisation has.
UNIT_SELECT_MAX = 40
UNIT_MATCHES = 20
# The search box's parameter: the unit filter "unit" is searched as "unit_search".
SEARCH = "_search"


def units_matching(units, text: str):
    """The units whose name contains `text`, by name, with their parents for the path."""
    return units.filter(name__icontains=text.strip()).select_related("parent__parent")


class UnitFilterWidget(forms.Select):
    """A select of the organisation's units, or for a larger organisation a search box
    (an ARIA combobox, static/js/picker.js) beside a hidden input with the chosen unit's
    id. Its form gives it the organisation's units (`units`, read only when shown: one
    query). The value it reads from a sent form is a unit's id, whichever it showed;
    without JavaScript, a text that names several units offers them as radio buttons."""

    template_name = "organisations/widgets/unit_filter.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.units = None
        self.chosen = None
        self.text = None  # what was typed in the search box, when it was sent
        self.matches = None  # the units the text named, when it named not exactly one
        self._read = None

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if name + SEARCH not in data:
            return value  # the select, or a link with the unit alone
        asked = (value, data.get(name + SEARCH, ""))
        if self._read is None or self._read[0] != asked:
            self._read = (asked, self._searched(value, asked[1].strip()))
        return self._read[1]

    def _searched(self, value, text: str) -> str:
        """The unit the search box sent, as its id ("" for all units): the chosen one
        while the box still shows (part of) its name, else the one unit whose name
        contains the text typed (or is it), else none (an empty box is all units). A
        text that names several units, or none, leaves the matches to offer."""
        self.text, self.chosen, self.matches = text, None, None
        if not text:
            return ""
        if str(value or "").isdigit():
            # Chosen from the list as one typed, or from the matches offered without
            # JavaScript: the text is (part of) its name.
            unit = self.units.filter(pk=value).first()
            if unit is not None and text.casefold() in unit.name.casefold():
                self.chosen, self.text = unit, unit.name
                return str(unit.pk)
        found = list(units_matching(self.units, text)[: UNIT_MATCHES + 1])
        exact = [unit for unit in found if unit.name.casefold() == text.casefold()]
        if len(found) == 1 or len(exact) == 1:
            self.chosen = found[0] if len(found) == 1 else exact[0]
            self.text = self.chosen.name
            return str(self.chosen.pk)
        self.matches = found[:UNIT_MATCHES]
        return ""

    def get_context(self, name, value, attrs):
        first = list(self.units.values_list("pk", "name")[: UNIT_SELECT_MAX + 1])
        searching = len(first) > UNIT_SELECT_MAX
        self.choices = [] if searching else [("", _("All units")), *first]
        context = super().get_context(name, value, attrs)
        if searching and self.chosen is None and str(value or "").isdigit():
            self.chosen = self.units.filter(pk=value).first()
        context["widget"] |= {
            "searching": searching,
            "chosen": self.chosen,
            "text": self.text if self.text is not None else getattr(self.chosen, "name", ""),
            "search_name": name + SEARCH,
            "matches": self.matches,
        }
        return context


class UnitFilterField(forms.IntegerField):
    """One of the organisation's units to narrow a list to, or all of them; the
    FilterForm gives it the organisation's units (read only when shown)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Unit"))
        super().__init__(required=False, widget=UnitFilterWidget, **kwargs)


class FilterForm(NLDesignFormMixin, forms.Form):
    """The filters of a list, read from the query string: a value that does not fit is
    left out, never an error. Its fields have the ids "filter-<name>";
    templates/includes/filter_form.html shows them."""

    def __init__(self, data=None, *, organisation=None, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(data if data is not None else {}, **kwargs)
        for field in self.fields.values():
            if isinstance(field, UnitFilterField):
                if organisation is None:
                    raise TypeError(f"{type(self).__name__} filters units: give the organisation")
                field.widget.units = OrganisationUnit.objects.for_organisation(
                    organisation
                ).order_by("name", "pk")

    def values(self) -> dict:
        """The filters that were given and fit, by name."""
        self.is_valid()
        return dict(self.cleaned_data)


class ChoiceFilterForm(FilterForm):
    """One select above a list or a figure (a job, a kind of report, a year, …).
    `choices` are (value, label) pairs; `blank`, when given, is the first option
    and means "no filter". A value that is not among the choices is left out."""

    def __init__(self, data=None, *, name: str, label, choices, blank=None, default=None, **kwargs):
        choices = [(str(value), text) for value, text in choices]
        if default is not None and (data or {}).get(name) not in {v for v, _t in choices}:
            # Nothing or something unknown asked for: the default, shown as chosen too.
            data = data.copy() if data is not None else {}
            data[name] = str(default)
        super().__init__(data, **kwargs)
        self.name = name
        self.fields[name] = forms.ChoiceField(
            label=label,
            required=False,
            choices=[("", blank), *choices] if blank is not None else choices,
            # Made after the mixin styled the other fields.
            widget=forms.Select(attrs={"class": WIDGET_CLASSES[forms.Select]}),
        )

    @property
    def chosen(self) -> str:
        """The value chosen, as a string, or "" for none."""
        return self.values().get(self.name) or ""


def lazy_choices(blank: str, choices) -> CallableChoiceIterator:
    """`blank` and then `choices` (a callable, so a queryset is read only when shown)."""
    return CallableChoiceIterator(lambda: [("", blank), *choices()])


def save_unless_taken(form: forms.BaseForm, *, field: str, message: str, save=None):
    """Save (`save()`, or the model form's own save) in a savepoint and return what it
    returns. When a unique constraint refuses it, `message` goes to `field` and
    nothing is saved: returns None, and the page shows the form again with what the
    user typed."""
    try:
        with transaction.atomic():
            return save() if save is not None else form.save()
    except IntegrityError:
        form.add_error(field, message)
        return None


class LoginForm(NLDesignFormMixin, auth_forms.AuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        for refusal in hooks.password_login_refusals:
            if reason := refusal(user):
                raise forms.ValidationError(reason, code="password_login_refused")


class PasswordChangeForm(NLDesignFormMixin, auth_forms.PasswordChangeForm):
    """A wrong old password counts as a failed login (django-axes), so a session left
    open cannot be used to guess the password without limit."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        credentials = {"username": self.user.get_username()}
        if self.request is not None and AxesProxyHandler.is_locked(self.request, credentials):
            raise LockedOut
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            if self.request is not None:
                user_login_failed.send(
                    sender=type(self), credentials=credentials, request=self.request
                )
                if AxesProxyHandler.is_locked(self.request, credentials):
                    raise LockedOut from None
            raise


class LockedOut(Exception):
    """Too many wrong passwords for this username from this address."""


class PasswordResetForm(NLDesignFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(NLDesignFormMixin, auth_forms.SetPasswordForm):
    pass


class ProfileForm(NLDesignFormMixin, forms.ModelForm):
    """What a user decides about themselves."""

    class Meta:
        model = User
        fields = ["weekly_digest"]
