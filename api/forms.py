from __future__ import annotations

import datetime

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from organisations.forms import DateInput, NLDesignFormMixin

# A token without an end is allowed, but one with an end should not outlive a year.
LONGEST = datetime.timedelta(days=366)


class TokenForm(NLDesignFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, for example: dashboard of the programme office."),
    )
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("Optional, at most a year ahead. The token stops working after this day."),
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = {m.organisation_id: m for m in memberships}
        self.fields["organisation"].choices = [
            (m.organisation_id, m.organisation.name) for m in memberships
        ]
        self.fields["organisation"].help_text = _(
            "The token works only in this organisation, with your role there."
        )

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day is None:
            return None
        if day <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if day > today + LONGEST:
            raise forms.ValidationError(
                _("Choose %(last)s or earlier: a token is valid for a year at most.")
                % {"last": formats.date_format(today + LONGEST)}
            )
        return day

    def expires_at(self) -> datetime.datetime | None:
        """The end of the chosen day, in the installation's time zone."""
        day = self.cleaned_data["expires_on"]
        if day is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
