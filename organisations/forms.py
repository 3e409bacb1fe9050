"""Form helpers shared by every app: NL Design System classes and accessible errors."""

import datetime

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.choices import CallableChoiceIterator
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from organisations import hooks
from organisations.models import OrganisationUnit, User

CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"
WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    # Before RadioSelect, which it subclasses.
    forms.CheckboxSelectMultiple: CHECKBOX,
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"

# The largest id a row can have (a 64-bit signed integer, as PostgreSQL's bigint and
# SQLite's integer keep it): a longer number typed into an address is no row's, and SQLite
# refuses to compare with it at all.
MAX_ID = 2**63 - 1


# The longest text a search box looks for: a name is shorter, and a longer pattern only
# costs the database (SQLite refuses one of some 50,000 characters).
SEARCH_MAX = 200


def search_text(text: str) -> str:
    """What a search box looks for, from what was typed or sent: without NUL characters
    (PostgreSQL refuses them in a query) and at most SEARCH_MAX characters."""
    return text.replace("\x00", "").strip()[:SEARCH_MAX]


def is_id(value) -> bool:
    """Whether `value` (from a query string or a form) can be a row's id: ASCII digits
    (not "²", which Python also counts as a digit) for a number no larger than MAX_ID."""
    text = str(value or "")
    return text.isascii() and text.isdigit() and int(text) <= MAX_ID


# The days a date typed into a form or sent to the API can be: a measurement, a meeting or a
# target of year 9999 (or of year 1) is a typing error, and charts and periods drawn to it
# would span millennia.
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)


def plausible_date(value: datetime.date) -> None:
    """A validator: `value` lies between FIRST_DAY and LAST_DAY."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": date_format(FIRST_DAY), "last": date_format(LAST_DAY)},
        )


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
            kinds = {SearchSelectMultipleWidget: CHECKBOX, **WIDGET_CLASSES}
            css = next((c for kind, c in kinds.items() if isinstance(field.widget, kind)), TEXTBOX)
            if css:
                existing = field.widget.attrs.get("class", "")
                field.widget.attrs["class"] = f"{existing} {css}".strip()
            if isinstance(field, forms.DateField):
                field.validators.append(plausible_date)
                if isinstance(field.widget, DateInput):
                    field.widget.attrs.setdefault("min", FIRST_DAY.isoformat())
                    field.widget.attrs.setdefault("max", LAST_DAY.isoformat())
            if isinstance(field.widget, SearchSelectWidget):
                # A text that named several or none: said at the field, the text kept.
                field.error_messages = {
                    **field.error_messages,
                    "invalid": SEARCH_UNRESOLVED,
                    "invalid_choice": SEARCH_UNRESOLVED,
                    "invalid_pk_value": SEARCH_UNRESOLVED,
                }


# --- Widgets and fields every app uses -----------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DecimalField(forms.DecimalField):
    """A decimal typed as the language of the page writes it, without a separator for
    thousands: 12,5 in Dutch (which also reads 12.5), 12.5 in English."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")


# A choice among an organisation's units, jobs, initiatives or employees is a select of
# them for up to this many; above it, a search box that offers those whose name contains
# what one types (at most MATCHES, through the widget's `options_url`), so that a page
# stays the same size however large the organisation is.
SELECT_MAX = 40
MATCHES = 20
# The search box's parameter: the field "unit" is searched as "unit_search".
SEARCH = "_search"
# What a search box sends when its text named several objects or none: no choice, and
# for a form's field an error (a filter leaves it out).
UNRESOLVED = "?"
SEARCH_UNRESOLVED = _(
    "Choose one of those found: type part of the name, then pick it from the list."
)


class SearchSelectWidget(forms.Select):
    """A select of `objects`, or when there are more than SELECT_MAX a search box (an
    ARIA combobox, static/js/picker.js) beside a hidden input with the chosen object's
    id. The form gives it the objects (`objects`, read only when shown: one query) and,
    for a choice that may be left open, the blank choice's label (`blank`). The value it
    reads from a sent form is an object's id, whichever it showed; without JavaScript, a
    text that names several objects offers them as radio buttons.

    A subclass says what it chooses among: `options_url` (the view that answers as one
    types, organisations.views.search_options), how to find by text (`matching`), what
    an option says besides its name (`detail`), and its texts. `submits` is for a filter:
    choosing sends its form."""

    template_name = "organisations/widgets/search_select.html"
    options_url = ""
    # Texts (and `status`, which counts what was found).
    found_label = ""
    help_text = ""
    several_text = ""  # with %(text)s
    none_text = ""  # with %(text)s
    not_found_status = ""

    def __init__(self, attrs=None, *, blank=None, submits=False):
        super().__init__(attrs)
        self.objects = None
        self.blank = blank
        self.submits = submits
        self.chosen = None
        self.text = None  # what was typed in the search box, when it was sent
        self.matches = None  # the objects the text named, when it named not exactly one
        self._read = None

    # What a subclass may change.

    # The field that names an object, and is searched.
    name_field = "name"

    def matching(self, objects, text: str):
        """The objects whose name contains `text`, with what their detail needs."""
        return self.detailed(objects.filter(**{f"{self.name_field}__icontains": text}))

    def detailed(self, objects):
        """`objects` with what `detail` reads."""
        return objects

    def name_of(self, obj) -> str:
        return getattr(obj, self.name_field)

    def detail(self, obj) -> str:
        """What an option says besides the name (a unit's department, …), or ""."""
        return ""

    def status(self, count: int) -> str:
        """What the live region says when `count` were found (at least one)."""
        raise NotImplementedError

    def offered(self, objects) -> list[dict]:
        """Options to offer: each object's id, name and detail."""
        return [{"pk": o.pk, "name": self.name_of(o), "detail": self.detail(o)} for o in objects]

    # Reading a sent form.

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if name + SEARCH not in data:
            return value  # the select, or a link with the id alone
        asked = (value, data.get(name + SEARCH, ""))
        if self._read is None or self._read[0] != asked:
            self._read = (asked, self._searched(value, search_text(asked[1])))
        return self._read[1]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + SEARCH not in data

    def found(self, text: str) -> list:
        """At most MATCHES + 1 objects whose name contains `text`, by name."""
        return list(self.matching(self.objects, search_text(text))[: MATCHES + 1])

    def _searched(self, value, text: str) -> str:
        """The object the search box sent, as its id ("" for none): the chosen one while
        the box still shows (part of) its name, else the one object whose name contains
        the text typed (or is it), else none (an empty box chooses nothing). A text that
        names several objects, or none, leaves the matches to offer and is UNRESOLVED."""
        self.text, self.chosen, self.matches = text, None, None
        if not text:
            return ""
        if is_id(value):
            # Chosen from the list as one typed, or from the matches offered without
            # JavaScript: the text is (part of) its name.
            obj = self.objects.filter(pk=value).first()
            if obj is not None and text.casefold() in self.name_of(obj).casefold():
                self.chosen, self.text = obj, self.name_of(obj)
                return str(obj.pk)
        found = self.found(text)
        exact = [obj for obj in found if self.name_of(obj).casefold() == text.casefold()]
        if len(found) == 1 or len(exact) == 1:
            self.chosen = found[0] if len(found) == 1 else exact[0]
            self.text = self.name_of(self.chosen)
            return str(self.chosen.pk)
        self.matches = self.offered(found[:MATCHES])
        return UNRESOLVED

    # Showing it.

    @cached_property
    def searching(self) -> bool:
        """More objects than a select shows (read once, when shown)."""
        return self.objects.all()[SELECT_MAX : SELECT_MAX + 1].exists()

    def select_choices(self) -> list:
        """The select's options when there are few: each object's id and name (a form may
        set its own, such as units with the unit they are part of)."""
        return [(obj.pk, self.name_of(obj)) for obj in self.objects]

    def optgroups(self, name, value, attrs=None):
        blank = [] if self.blank is None or self.allow_multiple_selected else [("", self.blank)]
        self.choices = [] if self.searching else [*blank, *self.select_choices()]
        return super().optgroups(name, value, attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"] |= {
            "searching": self.searching,
            "search_name": name + SEARCH,
            "matches": self.matches,
            "options_url": self.options_url,
            "submits": self.submits,
            "found_label": self.found_label,
            "help_text": self.help_text,
            "several_text": self.several_text % {"text": self.text or ""},
            "none_text": self.none_text % {"text": self.text or ""},
            # The form's own description of the field (an error), after the box's help.
            "described_by": context["widget"]["attrs"].get("aria-describedby", ""),
            "invalid": context["widget"]["attrs"].get("aria-invalid"),
        }
        if self.searching:
            context["widget"] |= self._chosen_context(value)
            context["widget"]["box_data"] = self.box_data(context["widget"]["attrs"]["id"], name)
        return context

    def box_data(self, id_: str, name: str) -> str:
        """The search box's data attributes for static/js/picker.js: one choice, into the
        hidden input beside it; a filter's sends its form."""
        return format_html(
            'data-combobox="one" data-value="{}-value"{}',
            id_,
            mark_safe(" data-submits") if self.submits else "",
        )

    def _chosen_context(self, value) -> dict:
        if self.chosen is None and is_id(value):
            self.chosen = self.objects.filter(pk=value).first()
        text = self.text
        if text is None:
            text = self.name_of(self.chosen) if self.chosen is not None else ""
        return {"chosen": self.chosen, "text": text}


class SearchSelectMultipleWidget(SearchSelectWidget):
    """Several of `objects`: checkboxes when there are few; above SELECT_MAX the chosen
    ones as ticked checkboxes (untick to remove) above a search box whose choice adds one
    (static/js/picker.js, "many"). Without JavaScript, a text that names one adds it when
    the form is sent; a text that names several offers them as checkboxes to tick."""

    template_name = "organisations/widgets/search_select_multiple.html"
    option_template_name = "django/forms/widgets/checkbox_option.html"
    allow_multiple_selected = True
    input_type = "checkbox"
    # As CheckboxSelectMultiple: each box with the widget's attributes and its own id.
    option_inherits_attrs = True
    checked_attribute = {"checked": True}
    chosen_label = ""

    def use_required_attribute(self, initial):
        return False  # one box ticked is enough, not each

    @property
    def fieldset(self) -> bool:
        """Checkboxes, in a fieldset whose legend is the label (includes/form_fields.html)."""
        return not self.searching

    def value_from_datadict(self, data, files, name):
        chosen = data.getlist(name) if hasattr(data, "getlist") else list(data.get(name) or [])
        if name + SEARCH not in data:
            return chosen
        asked = (tuple(chosen), data.get(name + SEARCH, ""))
        if self._read is None or self._read[0] != asked:
            found = self._searched(None, asked[1].strip())
            if found and found != UNRESOLVED:
                self.text = ""  # added to the chosen ones: the box is free again
            self._read = (asked, [*chosen, found] if found and found not in chosen else chosen)
        return self._read[1]

    def format_value(self, value):
        return [str(v) for v in (value or []) if is_id(v)]

    def box_data(self, id_, name):
        """Each choice a ticked checkbox named `name` in the group above the box."""
        return format_html('data-combobox="many" data-name="{}" data-chosen="{}-chosen"', name, id_)

    def _chosen_context(self, value) -> dict:
        pks = [int(pk) for pk in self.format_value(value)]
        found = self.detailed(self.objects.filter(pk__in=pks))
        return {
            "chosen": self.offered(found),
            "text": self.text or "",
            "chosen_label": self.chosen_label,
        }


class UnitSelectWidget(SearchSelectWidget):
    """The organisation's units, each found with the department and directorate it is
    part of."""

    options_url = "organisations:unit_options"
    found_label = _("Units found")
    help_text = _("Type part of the unit's name, then choose it with the arrow keys and Enter.")
    several_text = _("Units whose name contains “%(text)s”: choose one")
    none_text = _("No unit's name contains “%(text)s”.")
    not_found_status = _("No unit found: check the spelling.")

    def detailed(self, objects):
        return objects.select_related("parent__parent")

    def detail(self, obj):
        parents = [obj.parent.parent, obj.parent] if obj.parent else []
        return " \u203a ".join(unit.name for unit in parents if unit is not None)

    def status(self, count):
        return ngettext("%(counter)s unit found.", "%(counter)s units found.", count) % {
            "counter": count
        }


class UnitFilterWidget(UnitSelectWidget):
    """The unit filter above a list: all units when empty, sent once chosen."""

    help_text = _(
        "Type part of the unit's name, then choose it with the arrow keys and Enter."
        " Empty: all units."
    )

    def __init__(self, attrs=None):
        super().__init__(attrs, blank=_("All units"), submits=True)


class UnitSelectMultipleWidget(SearchSelectMultipleWidget, UnitSelectWidget):
    """Several of the organisation's units: checkboxes, or for an organisation of many
    the chosen ones above a search box."""

    chosen_label = _("Chosen units")
    help_text = _(
        "Type part of the unit's name, then choose it with the arrow keys and Enter; it is"
        " added to the units above. Untick a unit to leave it out."
    )
    several_text = _("Units whose name contains “%(text)s”: tick those to add")


class IdFilterField(forms.IntegerField):
    """A row's id in a list's filter: a number no row can have is left out, as anything
    else that does not fit."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class UnitFilterField(IdFilterField):
    """One of the organisation's units to narrow a list to, or all of them; the
    FilterForm gives it the organisation's units (read only when shown)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Unit"))
        super().__init__(widget=UnitFilterWidget, **kwargs)


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
                field.widget.objects = OrganisationUnit.objects.for_organisation(
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
