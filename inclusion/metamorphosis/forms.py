"""Forms for functiemetamorfose (job vulnerability, mobility trajectories) and the
lesson self-assessments."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inclusion.employees.forms import JobSelectWidget
from inclusion.models import (
    Destination,
    Job,
    LessonAssessment,
    MobilityTrajectory,
    TrajectoryStatus,
    Vulnerability,
)
from organisations.forms import DateInput, NLDesignFormMixin


class JobVulnerabilityForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = Job
        fields = ["vulnerability", "vulnerability_reason", "horizon"]
        widgets = {
            "vulnerability": forms.RadioSelect,
            "vulnerability_reason": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vulnerability"].choices = Vulnerability.choices

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("vulnerability") in {Vulnerability.MEDIUM, Vulnerability.HIGH}
            and not (cleaned.get("vulnerability_reason") or "").strip()
        ):
            self.add_error(
                "vulnerability_reason",
                _("Say which tasks digitalisation takes over, so others understand the rating."),
            )
        return cleaned


class MobilityTrajectoryForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = MobilityTrajectory
        fields = [
            "from_job",
            "destination",
            "destination_job",
            "status",
            "started_on",
            "ended_on",
            "outcome",
        ]
        widgets = {
            # A select each, or for an organisation of many jobs a search box.
            "from_job": JobSelectWidget,
            "destination_job": JobSelectWidget,
            "destination": forms.RadioSelect,
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "destination_job": _("Only for a move to a new internal job."),
            "outcome": _("What the trajectory led to, once it has ended."),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        jobs = Job.objects.for_organisation(organisation).order_by("name", "pk")
        for name in ("from_job", "destination_job"):
            self.fields[name].queryset = jobs
            self.fields[name].widget.objects = jobs
            self.fields[name].widget.blank = self.fields[name].empty_label
        self.fields["destination"].choices = Destination.choices

    def clean(self):
        cleaned = super().clean()
        destination = cleaned.get("destination")
        new_job = cleaned.get("destination_job")
        if destination == Destination.INTERNAL_JOB:
            if new_job is None and "destination_job" not in self.errors:
                self.add_error("destination_job", _("Choose the new internal job."))
            elif new_job is not None and new_job == cleaned.get("from_job"):
                self.add_error(
                    "destination_job",
                    _("The new job must differ from the job the trajectory starts from."),
                )
        elif destination:
            # A new job belongs only to a move inside the organisation.
            cleaned["destination_job"] = None

        status, started, ended = (
            cleaned.get("status"),
            cleaned.get("started_on"),
            cleaned.get("ended_on"),
        )
        over = status in (TrajectoryStatus.COMPLETED, TrajectoryStatus.STOPPED)
        if ended and status and not over:
            self.add_error(
                "ended_on",
                _(
                    "Only a completed or stopped trajectory has an end date: clear it, "
                    "or change the status."
                ),
            )
        elif over and not ended and "ended_on" not in self.errors:
            self.add_error("ended_on", _("Give the day the trajectory ended."))
        elif ended and started and ended < started:
            self.add_error("ended_on", _("The trajectory cannot end before it started."))
        return cleaned


class LessonAssessmentForm(NLDesignFormMixin, forms.ModelForm):
    score = forms.TypedChoiceField(
        label=_("Score"),
        coerce=int,
        choices=[
            (1, _("1: not at all")),
            (2, _("2: a little")),
            (3, _("3: partly")),
            (4, _("4: largely")),
            (5, _("5: fully")),
        ],
        widget=forms.RadioSelect,
        help_text=_("How far does the programme follow this lesson?"),
    )

    class Meta:
        model = LessonAssessment
        fields = ["score", "notes", "assessed_on"]
        widgets = {
            "assessed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"notes": _("What supports the score, and what is still to do.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.initial.get("assessed_on"):
            self.initial["assessed_on"] = timezone.localdate()
        self.fields["assessed_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A self-assessment cannot be dated in the future."))
        return day
