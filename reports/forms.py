from __future__ import annotations

from django import forms
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from organisations.forms import DateInput, NLDesignFormMixin
from reports.models import ReportKind, ReportRequest, ReportSchedule
from transformation.models import Programme


class ReportRequestForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = ReportRequest
        fields = ["programme", "period_start", "period_end", "annex", "notify"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
        }

    def __init__(self, *args, organisation, kind: ReportKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.instance.kind = kind
        if kind == ReportKind.MANAGEMENT:
            programme = self.fields["programme"]
            programme.queryset = Programme.objects.for_organisation(organisation).order_by("name")
            programme.required = True
            programme.empty_label = None
        else:
            # The HR report covers the whole organisation.
            del self.fields["programme"]
            del self.fields["annex"]
        self.fields["period_start"].help_text = _("The first day the report covers.")
        self.fields["period_end"].help_text = _(
            "The last day the report covers: today at the latest."
        )

    def clean_period_end(self):
        end = self.cleaned_data["period_end"]
        today = timezone.localdate()
        if end and end > today:
            raise forms.ValidationError(
                _("A report cannot look ahead: choose %(today)s or earlier."),
                code="future",
                params={"today": formats.date_format(today)},
            )
        return end

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and start > end:
            self.add_error(
                "period_start",
                forms.ValidationError(
                    _("The period starts after it ends: choose a first day on or before the last."),
                    code="period_order",
                ),
            )
        return cleaned

    def _post_clean(self):
        # The request is saved by `services.report_request`, which checks the row
        # itself; the model's own checks would only repeat the ones above.
        pass


class ReportScheduleForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = ReportSchedule
        fields = ["kind", "programme", "day_of_month", "language", "recipients", "active"]
        widgets = {
            "kind": forms.RadioSelect,
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["programme"].queryset = Programme.objects.for_organisation(
            organisation
        ).order_by("name")
        self.fields["programme"].help_text = _(
            "Needed for the management report; the HR report covers the whole organisation."
        )
        self.fields["kind"].choices = [
            (kind.value, capfirst(kind.label)) for kind in ReportKind.periodic()
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ReportKind.HR:
            cleaned["programme"] = None
            self.instance.programme = None
        return cleaned
