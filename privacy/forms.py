from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.forms import NLDesignFormMixin
from privacy.models import BOUNDS, RetentionKind, RetentionPolicy, login_records_ceiling


class RetentionPolicyForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = RetentionPolicy
        fields = [BOUNDS[kind].field for kind in RetentionKind]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in RetentionKind:
            bounds = BOUNDS[kind]
            # Phones offer digits; the bounds are checked here, the browser is not asked.
            self.fields[bounds.field].widget.attrs.update(
                {"inputmode": "numeric", "min": bounds.minimum, "max": self._maximum(kind)}
            )

    @staticmethod
    def _maximum(kind: RetentionKind) -> int:
        if kind == RetentionKind.LOGIN_RECORDS:
            # Never longer than the installation itself keeps them.
            return max(BOUNDS[kind].minimum, min(BOUNDS[kind].maximum, login_records_ceiling()))
        return BOUNDS[kind].maximum

    def clean_login_records_days(self):
        days = self.cleaned_data["login_records_days"]
        maximum = self._maximum(RetentionKind.LOGIN_RECORDS)
        if days is not None and days > maximum:
            raise forms.ValidationError(
                _(
                    "This installation keeps login records for %(days)s days at most: "
                    "choose %(days)s or fewer."
                ),
                code="above_ceiling",
                params={"days": maximum},
            )
        return days
