from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.forms import NLDesignFormMixin
from twofactor.models import SecondFactorPolicy


def _normalised(code: str) -> str:
    # Apps show the code in groups ("123 456"); recovery codes are read off paper.
    return "".join(code.split()).lower()


class EnrolForm(NLDesignFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code from the authenticator app"),
        help_text=_("The six digits the app shows for Mensenwerk."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": _("Type the six digits the app shows.")},
    )

    def clean_code(self) -> str:
        code = _normalised(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("A code from the app is six digits, such as 123456."))
        return code


class VerifyForm(NLDesignFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autofocus": True}
        ),
        error_messages={"required": _("Type the code from your authenticator app.")},
    )

    def clean_code(self) -> str:
        return _normalised(self.cleaned_data["code"])


class PolicyForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = SecondFactorPolicy
        fields = ["required_for_every_role"]
