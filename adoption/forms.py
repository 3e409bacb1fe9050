from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from adoption.models import (
    DERIVATION_PHASE,
    AdoptionTrack,
    AwarenessActivity,
    BusinessScenario,
    Champion,
    ChecklistItem,
    Derivation,
    InspirationSession,
    Stakeholder,
    TrackPhase,
    TrainingSession,
    UsageMeasurement,
)
from organisations.forms import (
    DateInput,
    NLDesignFormMixin,
    UnitSelectMultipleWidget,
    UnitSelectWidget,
)
from organisations.models import OrganisationUnit

SCORE_CHOICES = [("", "—"), *[(n, str(n)) for n in range(1, 6)]]


class TrackItemForm(NLDesignFormMixin, forms.ModelForm):
    """A register row of one track: its units come from the track's organisation."""

    def __init__(self, *args, track: AdoptionTrack, **kwargs):
        self.track = track
        super().__init__(*args, **kwargs)
        units = OrganisationUnit.objects.for_organisation(track.organisation_id)
        for field in self.fields.values():
            if isinstance(field.widget, UnitSelectWidget):
                # A select or checkboxes (each unit with the one it is part of), or for an
                # organisation of many units a search box.
                field.queryset = units
                field.widget.objects = units.order_by("name", "pk")
                field.widget.select_choices = units.choices_with_parent
                field.widget.blank = "—"

    def clean(self):
        cleaned = super().clean()
        # Model.clean() may look at the track, which the form does not edit.
        self.instance.track = self.track
        self.instance.organisation_id = self.track.organisation_id
        return cleaned

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate() + datetime.timedelta(days=366):
            raise ValidationError(_("Choose a date within the coming year."))
        return day


class StakeholderForm(TrackItemForm):
    influence = forms.TypedChoiceField(
        label=_("Influence"),
        choices=SCORE_CHOICES,
        coerce=int,
        help_text=_("1 = little, 5 = decisive."),
    )
    interest = forms.TypedChoiceField(
        label=_("Interest"),
        choices=SCORE_CHOICES,
        coerce=int,
        help_text=_("1 = hardly touched by it, 5 = their daily work changes."),
    )

    class Meta:
        model = Stakeholder
        fields = ["name", "unit", "influence", "interest", "attitude", "engagement"]
        widgets = {"engagement": forms.Textarea(attrs={"rows": 3}), "unit": UnitSelectWidget}


class ChampionForm(TrackItemForm):
    class Meta:
        model = Champion
        fields = ["name", "unit", "facilitator", "trained"]
        widgets = {"unit": UnitSelectWidget}


class InspirationSessionForm(TrackItemForm):
    class Meta:
        model = InspirationSession
        fields = ["held_on", "attendance", "notes"]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class BusinessScenarioForm(TrackItemForm):
    class Meta:
        model = BusinessScenario
        fields = [
            "title",
            "problem",
            "desired_way",
            "applications",
            "document_structure",
            "rules",
            "priority",
            "priority_reason",
            "units",
            "status",
            "written_with",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "problem",
                "desired_way",
                "applications",
                "document_structure",
                "rules",
                "priority_reason",
                "written_with",
            )
        } | {"units": UnitSelectMultipleWidget}


class AwarenessActivityForm(TrackItemForm):
    class Meta:
        model = AwarenessActivity
        fields = ["channel", "held_on", "units", "reached", "message"]
        widgets = {
            "held_on": DateInput(),
            "units": UnitSelectMultipleWidget,
            "message": forms.Textarea(attrs={"rows": 3}),
        }


class TrainingSessionForm(TrackItemForm):
    class Meta:
        model = TrainingSession
        fields = ["title", "channel", "held_on", "trainer", "champion", "capacity", "attendance"]
        widgets = {"held_on": DateInput()}
        help_texts = {
            "trainer": _("Leave empty when a champion gives the training."),
            "attendance": _(
                "How many came. Once the HR adviser ticks who came (Attendance per employee, "
                "in the track's table of training sessions), this number follows the ticks."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["champion"].queryset = Champion.objects.filter(track=self.track)
        # Once the HR adviser has ticked who came, the count is theirs (their ticks set it,
        # and a number typed here would be overwritten by the next tick).
        self.ticked = bool(self.instance.pk) and self.instance.skills_actions.exists()
        if self.ticked:
            attendance = self.fields["attendance"]
            attendance.disabled = True
            attendance.help_text = _(
                "The HR adviser has ticked who came: this number follows those ticks."
            )

    def clean_held_on(self):
        day = super().clean_held_on()
        if self.ticked and day > timezone.localdate():
            raise ValidationError(
                _(
                    "The HR adviser has already ticked who came, so the training has been "
                    "held: it cannot move to a day in the future."
                )
            )
        return day

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("trainer") and not cleaned.get("champion"):
            self.add_error("trainer", _("Name the trainer, or choose the champion who trains."))
        return cleaned


class UsageMeasurementForm(TrackItemForm):
    class Meta:
        model = UsageMeasurement
        fields = ["measured_on", "active_users"]
        widgets = {"measured_on": DateInput()}

    def clean_measured_on(self):
        day = self.cleaned_data["measured_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A measurement cannot be in the future."))
        duplicate = UsageMeasurement.objects.filter(track=self.track, measured_on=day).exclude(
            pk=self.instance.pk
        )
        if duplicate.exists():
            raise ValidationError(_("There is already a measurement on this date."))
        return day


class TrackForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = AdoptionTrack
        fields = ["target_group_size"]


class PhaseForm(NLDesignFormMixin, forms.ModelForm):
    """A phase's status, dates and notes, and its checklist."""

    checklist = forms.MultipleChoiceField(
        label=_("Checklist"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = TrackPhase
        fields = ["status", "start_date", "end_date", "notes"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, items, ticked: set[int], judged: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        judged = judged or {}
        field = self.fields["checklist"]
        field.choices = [
            (str(item.pk), _label(item.localised_text, judged.get(item.pk))) for item in items
        ]
        field.initial = [str(pk) for pk in ticked]
        field.help_text = _(
            "Tick what this phase has achieved. Where the application can judge an item from "
            "its data, it says so beside the item; your tick counts either way."
        )

    def ticked_ids(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["checklist"]}


def _label(text: str, data: bool | None) -> str:
    if data is None:
        return text
    verdict = _("yes") if data else _("no")
    return format_lazy("{} ({}: {})", text, _("according to the data"), verdict)


class ChecklistItemForm(NLDesignFormMixin, forms.ModelForm):
    """One item of the organisation's checklist, on the organisation admin's settings page."""

    class Meta:
        model = ChecklistItem
        fields = ["phase", "text", "text_en", "position", "active", "derived_from"]
        help_texts = {
            "position": _("The order within the phase: lower comes first."),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        field = self.fields["derived_from"]
        field.choices = [
            ("", _("— judged by hand only —")),
            *[
                (
                    value,
                    format_lazy(
                        "{} {}: {}", _("phase"), DERIVATION_PHASE[Derivation(value)], label
                    ),
                )
                for value, label in Derivation.choices
            ],
        ]

    def clean(self):
        cleaned = super().clean()
        derived, phase = cleaned.get("derived_from"), cleaned.get("phase")
        if derived and phase and DERIVATION_PHASE[Derivation(derived)] != phase:
            self.add_error(
                "derived_from",
                _(
                    "This judgement reads the data of phase %(number)s: choose it for an item "
                    "of that phase, or judge this item by hand."
                )
                % {"number": DERIVATION_PHASE[Derivation(derived)]},
            )
        return cleaned


class GateForm(NLDesignFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why go on anyway?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("The reason is recorded and shown on the initiative and in the reports."),
    )


class UsageImportForm(NLDesignFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "For example the Microsoft 365 export of active users (user counts), or a file "
            "with the columns Datum and Actieve gebruikers."
        ),
    )
    column = forms.CharField(
        label=_("Column with the number of active users"),
        required=False,
        max_length=100,
        help_text=_(
            "Leave empty to use the first of Active users, Actieve gebruikers, Office 365 "
            "and Teams that the file has (Office 365 counts the users of all its apps)."
        ),
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        return upload
