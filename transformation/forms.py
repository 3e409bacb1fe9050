from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from organisations.forms import (
    DateInput,
    DecimalField,
    FilterForm,
    IdFilterField,
    NLDesignFormMixin,
    SearchSelectWidget,
    UnitFilterField,
    UnitSelectMultipleWidget,
    lazy_choices,
)
from organisations.models import Organisation, OrganisationUnit, User
from transformation.models import (
    RAG,
    Benefit,
    BenefitMeasurement,
    CodeterminationBody,
    CodeterminationStep,
    DecisionOutcome,
    DecisionRequest,
    Initiative,
    Intervention,
    LegalBasis,
    Outcome,
    Programme,
    Theme,
    Vision,
    VisionSection,
    VisionStatement,
)
from transformation.services import StartFrom


class InitiativeSelectWidget(SearchSelectWidget):
    """The organisation's initiatives, each found with its programme: a select, or a
    search box for an organisation of many."""

    options_url = "transformation:initiative_options"
    found_label = _("Initiatives found")
    help_text = _(
        "Type part of the initiative's title, then choose it with the arrow keys and Enter."
    )
    several_text = _("Initiatives whose title contains “%(text)s”: choose one")
    none_text = _("No initiative's title contains “%(text)s”.")
    not_found_status = _("No initiative found: check the spelling.")

    name_field = "title"

    def detailed(self, objects):
        return objects.select_related("programme")

    def detail(self, obj):
        return obj.programme.name

    def status(self, count):
        return ngettext(
            "%(counter)s initiative found.", "%(counter)s initiatives found.", count
        ) % {"counter": count}


class BenefitSelectWidget(SearchSelectWidget):
    """The programme's benefits, each found with its initiative: a select, or a search
    box for a programme of many."""

    options_url = "transformation:benefit_options"
    found_label = _("Benefits found")
    help_text = _("Type part of the benefit's name, then choose it with the arrow keys and Enter.")
    several_text = _("Benefits whose name contains “%(text)s”: choose one")
    none_text = _("No benefit's name contains “%(text)s”.")
    not_found_status = _("No benefit found: check the spelling.")

    name_field = "title"

    def detailed(self, objects):
        return objects.select_related("initiative")

    def detail(self, obj):
        return obj.initiative.title

    def status(self, count):
        return ngettext("%(counter)s benefit found.", "%(counter)s benefits found.", count) % {
            "counter": count
        }


def members_of(organisation: Organisation, *, keeping: int | None = None):
    """The people who can own something: everyone with a role in the organisation, and the
    user `keeping` names (who owns it now, even once their role has ended: saving the form
    for another field must not drop them)."""
    return (
        User.objects.filter(Q(memberships__organisation=organisation) | Q(pk=keeping))
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


class OrganisationForm(NLDesignFormMixin, forms.ModelForm):
    """A model form whose choices come from one organisation only."""

    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is User:
                now = getattr(self.instance, f"{name}_id", None) if self.instance.pk else None
                field.queryset = members_of(organisation, keeping=now)
                field.label_from_instance = lambda user: user.get_full_name() or user.username


# --- Vision -------------------------------------------------------------------------------------


class VisionCreateForm(NLDesignFormMixin, forms.Form):
    START_CHOICES = [
        (StartFrom.THEMES, _("A section for each of our themes")),
        (
            StartFrom.EMPLOYER_VISION,
            _(
                "The werkgeversvisie: Verbinden, Democratie, Bestuurlijke regie and Acties, "
                "each with a question to start from"
            ),
        ),
        ("copy", _("A copy of an earlier version")),
        (StartFrom.EMPTY, _("An empty version")),
    ]

    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(label=_("Introduction"), widget=forms.Textarea, required=False)
    start_from = forms.ChoiceField(
        label=_("Start from"), choices=START_CHOICES, widget=forms.RadioSelect, initial="themes"
    )
    based_on = forms.ModelChoiceField(
        label=_("Version to copy"), queryset=Vision.objects.none(), required=False
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = Vision.objects.for_organisation(organisation)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start_from") == "copy" and not cleaned.get("based_on"):
            self.add_error("based_on", _("Choose the version to copy."))
        return cleaned


class VisionForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = Vision
        fields = ["title", "introduction"]


class SectionAddForm(NLDesignFormMixin, forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none())

    def __init__(self, *args, vision: Vision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.for_organisation(
            vision.organisation_id
        ).exclude(sections__vision=vision)


class SectionForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = VisionSection
        fields = ["introduction"]
        labels = {"introduction": _("What the vision says about this theme")}
        widgets = {"introduction": forms.Textarea(attrs={"rows": 5})}


class StatementForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = VisionStatement
        fields = ["kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


StatementFormSet = inlineformset_factory(
    VisionSection,
    VisionStatement,
    form=StatementForm,
    extra=2,
    can_delete=True,
)


class ApprovalForm(NLDesignFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note with the approval"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("For example the date and the meeting of the board that decided."),
    )


# --- Programme and initiatives ------------------------------------------------------------------


class ProgrammeForm(OrganisationForm):
    class Meta:
        model = Programme
        fields = ["name", "aim", "owner", "start_date", "end_date", "vision"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].required = True
        self.fields["vision"].queryset = Vision.objects.for_organisation(self.organisation)


class InitiativeForm(OrganisationForm):
    class Meta:
        model = Initiative
        fields = [
            "title",
            "description",
            "owner",
            "units",
            "start_date",
            "technology",
            "technology_readiness",
            "processes",
            "processes_readiness",
            "human_action",
            "human_action_readiness",
        ]
        widgets = {
            "start_date": DateInput(),
            "units": UnitSelectMultipleWidget,
            "technology": forms.Textarea(attrs={"rows": 3}),
            "processes": forms.Textarea(attrs={"rows": 3}),
            "human_action": forms.Textarea(attrs={"rows": 3}),
        }

    READINESS_CHOICES = [
        (1, _("1 — not ready")),
        (2, _("2")),
        (3, _("3 — partly ready")),
        (4, _("4")),
        (5, _("5 — ready")),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].required = True
        units = self.fields["units"]
        units.queryset = OrganisationUnit.objects.for_organisation(self.organisation)
        # Checkboxes (each unit with the one it is part of), or a search box for many.
        units.widget.objects = units.queryset.order_by("name", "pk")
        units.widget.select_choices = units.queryset.choices_with_parent
        units.help_text = _("The units whose work changes.")
        for name in ("technology_readiness", "processes_readiness", "human_action_readiness"):
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=[("", "—"), *self.READINESS_CHOICES],
                coerce=int,
                help_text=_("How ready is this dimension, from 1 (not ready) to 5 (ready)?"),
            )
        for name in ("technology_readiness", "processes_readiness", "human_action_readiness"):
            self.fields[name].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"


class StatusForm(NLDesignFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RAG.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required for amber and red: what is wrong, and what is being done about it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") in {RAG.AMBER, RAG.RED} and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for an amber or red status."))
        return cleaned


class InterventionForm(OrganisationForm):
    """Programme managers edit everything; HR advisers the evidence and the review date."""

    EVIDENCE_FIELDS = ["evidence", "last_reviewed_on"]

    class Meta:
        model = Intervention
        fields = ["status", "evidence", "owner", "last_reviewed_on"]
        widgets = {
            "last_reviewed_on": DateInput(),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, evidence_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if evidence_only:
            for name in list(self.fields):
                if name not in self.EVIDENCE_FIELDS:
                    del self.fields[name]

    def clean_last_reviewed_on(self):
        day = self.cleaned_data.get("last_reviewed_on")
        if day and day > timezone.localdate():
            raise ValidationError(_("A review date cannot be in the future."))
        return day


# --- Co-determination ---------------------------------------------------------------------------


class DateListField(forms.CharField):
    """Dates separated by commas, as people write them: 12-03-2026, 9-4-2026."""

    default_error_messages = {
        "invalid_date": _("“%(value)s” is not a date. Write dates like 12-03-2026."),
    }

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(
                formats.date_format(datetime.date.fromisoformat(day), "SHORT_DATE_FORMAT")
                if isinstance(day, str)
                else formats.date_format(day, "SHORT_DATE_FORMAT")
                for day in value
            )
        return value

    def to_python(self, value):
        text = super().to_python(value)
        days = []
        for part in (p.strip() for p in text.replace(";", ",").split(",")):
            if not part:
                continue
            day = _parse_date(part)
            if day is None:
                raise ValidationError(
                    self.error_messages["invalid_date"], code="invalid_date", params={"value": part}
                )
            days.append(day)
        return sorted(set(days))


def _parse_date(text: str) -> datetime.date | None:
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class CodeterminationStepForm(OrganisationForm):
    meeting_dates = DateListField(
        label=_("Meeting dates"),
        required=False,
        help_text=_(
            "The dates it was discussed, separated by commas, for example 12-03-2026, 09-04-2026."
        ),
    )

    class Meta:
        model = CodeterminationStep
        fields = [
            "body",
            "legal_basis",
            "legal_basis_note",
            "meeting_dates",
            "advice_requested_on",
            "advice_given_on",
            "outcome",
            "outcome_note",
        ]
        widgets = {
            "advice_requested_on": DateInput(),
            "advice_given_on": DateInput(),
            "outcome_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, questions, answers: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = CodeterminationBody.objects.for_organisation(
            self.organisation
        )
        self._word_for_the_legal_basis()
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.localised_text,
                required=False,
                initial=answers.get(question.pk, ""),
                widget=forms.Textarea(
                    attrs={"rows": 3, "class": "utrecht-textarea utrecht-textarea--html-textarea"}
                ),
            )

    def _word_for_the_legal_basis(self) -> None:
        """The outcome and its dates in the words of the legal basis the form holds:
        advice (WOR art. 25) or consent (art. 27). Before either is chosen (or on another
        basis) each outcome names both, since the page does not change its words while
        the basis is being chosen."""
        basis = self["legal_basis"].value() or ""
        if LegalBasis.is_consent(basis) or basis == LegalBasis.WOR_25_1_K:
            words = {code: CodeterminationStep.stage_label(code, basis) for code in Outcome.values}
        else:
            words = {
                Outcome.POSITIVE: _("positive advice, or consent granted"),
                Outcome.CONDITIONS: _(
                    "positive advice with conditions, or consent granted with conditions"
                ),
                Outcome.NEGATIVE: _("negative advice, or consent refused"),
            }
        outcome = self.fields["outcome"]
        outcome.choices = [(code, words.get(code, text)) for code, text in Outcome.choices]
        outcome.help_text = _(
            "Advice (WOR art. 25) is positive, positive with conditions or negative. Consent "
            "(WOR art. 27) is granted, granted with conditions or refused; refused consent "
            "can only be replaced by the cantonal court's substitute consent (WOR art. 27(4))."
        )
        if LegalBasis.is_consent(basis):
            self.fields["advice_requested_on"].label = _("Consent requested on")
            self.fields["advice_given_on"].label = _("Decision on consent on")
            self.fields["outcome_note"].help_text = _(
                "The conditions of the consent, or the part of the decision it covers, or why "
                "co-determination is not required."
            )

    def clean_meeting_dates(self):
        return [day.isoformat() for day in self.cleaned_data["meeting_dates"]]

    @property
    def step_fields(self):
        return [self[name] for name in self.Meta.fields]

    @property
    def answer_fields(self):
        return [self[f"question_{q.pk}"] for q in self.questions]

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data[f"question_{q.pk}"] for q in self.questions}


# --- Benefits -----------------------------------------------------------------------------------


class BenefitForm(OrganisationForm):
    baseline = DecimalField(label=_("Baseline"), max_digits=12, decimal_places=2)
    target = DecimalField(label=_("Target"), max_digits=12, decimal_places=2)

    class Meta:
        model = Benefit
        fields = [
            "title",
            "owner",
            "measure",
            "unit",
            "baseline",
            "baseline_on",
            "target",
            "target_date",
            "measured_every",
            "key",
        ]
        widgets = {"baseline_on": DateInput(), "target_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].required = True
        # Left empty: the usual quarterly measurement.
        self.fields["measured_every"].required = False

    def clean_measured_every(self) -> int:
        value = self.cleaned_data.get("measured_every")
        # Only an empty field is the usual; a 0 is refused at the field (at least 1).
        return Benefit._meta.get_field("measured_every").default if value is None else value

    def clean_baseline_on(self):
        day = self.cleaned_data.get("baseline_on")
        if day and self.instance.pk:
            first = (
                self.instance.measurements.filter(measured_on__lt=day)
                .order_by("measured_on")
                .values_list("measured_on", flat=True)
                .first()
            )
            if first:
                raise ValidationError(
                    _(
                        "There is a measurement on %(date)s, before this date. Choose a "
                        "baseline date on or before the first measurement."
                    )
                    % {"date": formats.date_format(first)}
                )
        return day


class MeasurementForm(NLDesignFormMixin, forms.ModelForm):
    value = DecimalField(label=_("Value"), max_digits=12, decimal_places=2)

    class Meta:
        model = BenefitMeasurement
        fields = ["measured_on", "value", "note"]
        widgets = {"measured_on": DateInput()}

    def __init__(self, *args, benefit: Benefit, **kwargs):
        self.benefit = benefit
        super().__init__(*args, **kwargs)

    def clean_measured_on(self):
        day = self.cleaned_data["measured_on"]
        if day < self.benefit.baseline_on:
            raise ValidationError(
                _("A measurement cannot be before the baseline (%(date)s).")
                % {"date": formats.date_format(self.benefit.baseline_on)}
            )
        if day > timezone.localdate():
            raise ValidationError(_("A measurement cannot be in the future."))
        if self.benefit.measurements.filter(measured_on=day).exists():
            raise ValidationError(_("There is already a measurement on this date."))
        return day


class InitiativeFilterForm(FilterForm):
    """Filters and order of a programme's initiatives."""

    SORTS = {
        "status": _("Status, worst first"),
        "title": _("Title"),
        "owner": _("Owner"),
        "start": _("Start date"),
    }

    unit = UnitFilterField()
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *((v, capfirst(label)) for v, label in RAG.choices)],
    )
    owner = IdFilterField(label=_("Owner"), widget=forms.Select)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORTS.items()))

    def __init__(self, data=None, *, organisation: Organisation, owners=(), **kwargs):
        super().__init__(data, organisation=organisation, **kwargs)
        self.fields["owner"].widget.choices = lazy_choices(
            _("All owners"), lambda: [(owner.pk, str(owner)) for owner in owners]
        )

    def values(self) -> dict:
        values = super().values()
        values["sort"] = values.get("sort") or "status"
        return values


# --- Decision requests (besluitvragen) ----------------------------------------------------------


class DecisionRequestForm(NLDesignFormMixin, forms.ModelForm):
    """What the programme manager puts to the directors: the choices of initiative and
    benefit are the programme's own. `source` travels along, hidden, when the request
    begins as a proposal of the data; it cannot be changed afterwards."""

    class Meta:
        model = DecisionRequest
        fields = [
            "title",
            "question",
            "options",
            "advice",
            "initiative",
            "benefit",
            "meeting",
            "meeting_on",
            "source",
        ]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "options": forms.Textarea(attrs={"rows": 4}),
            "advice": forms.Textarea(attrs={"rows": 4}),
            "meeting_on": DateInput(),
            "source": forms.HiddenInput(),
            # A select each, or for a programme of many a search box.
            "initiative": InitiativeSelectWidget,
            "benefit": BenefitSelectWidget,
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        initiative = self.fields["initiative"]
        initiative.queryset = Initiative.objects.filter(programme=programme)
        initiative.widget.objects = initiative.queryset.order_by("title", "pk")
        initiative.widget.blank = initiative.empty_label
        benefit = self.fields["benefit"]
        benefit.queryset = Benefit.objects.filter(initiative__programme=programme)
        benefit.widget.objects = benefit.queryset.order_by("title", "pk")
        benefit.widget.blank = benefit.empty_label
        benefit.widget.select_choices = lambda: [
            (b.pk, _("%(benefit)s (%(initiative)s)") % {"benefit": b.title, "initiative": i})
            for b, i in (
                (b, b.initiative.title) for b in benefit.widget.objects.select_related("initiative")
            )
        ]
        benefit.help_text = _(
            "A benefit of the chosen initiative. Without an initiative, the benefit's own is taken."
        )
        if self.instance.pk:
            # What the data proposed stays what it was.
            del self.fields["source"]

    def clean(self):
        cleaned = super().clean()
        benefit = cleaned.get("benefit")
        if benefit is not None and cleaned.get("initiative") is None:
            cleaned["initiative"] = benefit.initiative
        return cleaned


class DecisionOutcomeForm(NLDesignFormMixin, forms.ModelForm):
    """What the directors decided: taken, postponed or rejected, on a day not in the
    future; postponing or rejecting says why."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(value, label) for value, label in DecisionOutcome.choices if value],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = DecisionRequest
        fields = ["outcome", "decided_on", "outcome_note"]
        widgets = {"decided_on": DateInput(), "outcome_note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].required = True
        if not self.instance.decided_on:
            self.initial["decided_on"] = timezone.localdate()

    def clean_decided_on(self):
        day = self.cleaned_data["decided_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A decision cannot be dated in the future."))
        return day

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("outcome") in {DecisionOutcome.POSTPONED, DecisionOutcome.REJECTED}
            and not cleaned.get("outcome_note", "").strip()
        ):
            self.add_error("outcome_note", _("Say why the decision is postponed or rejected."))
        if "decided_on" in self.errors:
            # The outcome is not set on the request without a date the form could take:
            # the request's own check ("give the date of the decision") would only repeat,
            # at the same field, what the form already said about the date.
            cleaned.pop("outcome", None)
        return cleaned


class ProposalDismissForm(NLDesignFormMixin, forms.Form):
    source = forms.CharField(widget=forms.HiddenInput, max_length=80)
    reason = forms.CharField(
        label=_("Why not"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: why this is not put to the directors, for whoever looks later."),
    )
