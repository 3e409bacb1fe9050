"""Forms for the skills framework, target levels and assessments."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inclusion.employees.forms import JobFilterField
from inclusion.models import Assessment, AssessmentSource, Competence, CompetenceArea, TargetLevel
from inclusion.skills import services
from inclusion.skills.queries import level_choices
from organisations.forms import DateInput, FilterForm, NLDesignFormMixin


class JobFilterForm(FilterForm):
    """One job to show the figures of, or all; the view gives the jobs to choose from
    (`jobs`): a select, or a search box for an organisation of many."""

    job = JobFilterField()

    def __init__(self, data=None, *, jobs, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["job"].widget.objects = jobs

    def chosen(self):
        """The job chosen, or None for all."""
        pk = self.values().get("job")
        widget = self.fields["job"].widget
        if widget.chosen is not None and widget.chosen.pk == pk:
            return widget.chosen
        return widget.objects.filter(pk=pk).first() if pk else None


class CompetenceForm(NLDesignFormMixin, forms.ModelForm):
    """An organisation's own competence. DigComp's are never edited through it."""

    class Meta:
        model = Competence
        fields = ["area", "code", "name", "name_en"]
        labels = {"name": _("Name (Dutch)"), "name_en": _("Name (English)")}
        help_texts = {
            "code": _("A short code of your own, for example O.4."),
            "name_en": _(
                "Shown when the interface is in English. Leave empty to use the Dutch name."
            ),
        }

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        area.queryset = CompetenceArea.objects.for_organisation(organisation).order_by("number")
        area.required = False
        area.empty_label = _("Own competences (a new area if there is none yet)")
        area.help_text = _("The DigComp area it belongs to, or your own competences.")

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = Competence.objects.for_organisation(self.organisation).filter(code__iexact=code)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("Another competence already has this code."))
        return code

    def save(self, commit=True):
        competence = super().save(commit=False)
        competence.organisation = self.organisation
        competence.digcomp = False
        with transaction.atomic():
            if competence.area_id is None:
                competence.area = services.own_area(self.organisation)
            if commit:
                competence.save()
        return competence


def level_field(competence: Competence, choices: list[tuple]) -> forms.TypedChoiceField:
    """A level for one competence (DigComp's 1 to 8, or what `choices` adds), as the
    forms that set a level per competence show it."""
    field = forms.TypedChoiceField(
        label=f"{competence.code} {competence.localised_name}",
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
    )
    field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
    return field


class TargetLevelsForm(NLDesignFormMixin, forms.Form):
    """One select per competence: the level the job asks for, or none."""

    def __init__(self, *args, job, competences, **kwargs):
        self.job = job
        self.competences = list(competences)
        self.current = {
            target.competence_id: target
            for target in TargetLevel.objects.filter(organisation_id=job.organisation_id, job=job)
        }
        super().__init__(*args, **kwargs)
        choices = level_choices(blank_label=_("No target"))
        for competence in self.competences:
            name = self.field_name(competence)
            self.fields[name] = level_field(competence, choices)
            if competence.pk in self.current:
                self.initial.setdefault(name, self.current[competence.pk].level)

    @staticmethod
    def field_name(competence) -> str:
        return f"competence_{competence.pk}"

    def areas(self) -> list[tuple]:
        """[(area, [bound field, ...])] in framework order, for one fieldset per area."""
        grouped: dict[int, tuple] = {}
        for competence in self.competences:
            entry = grouped.setdefault(competence.area_id, (competence.area, []))
            entry[1].append(self[self.field_name(competence)])
        return list(grouped.values())

    def save(self) -> int:
        """Create, change and remove target levels at once; returns how many changed."""
        return services.target_levels_set(
            job=self.job,
            levels={
                competence: self.cleaned_data.get(self.field_name(competence))
                for competence in self.competences
            },
            current=self.current,
        )


class AssessmentForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["competence", "level", "assessed_on", "source"]
        widgets = {"assessed_on": DateInput()}
        labels = {"assessed_on": _("Date of the assessment")}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = (
            Competence.objects.for_organisation(organisation)
            .select_related("area")
            .order_by("area__number", "code")
        )
        self.fields["level"].choices = level_choices(blank_label="---------")
        self.fields["source"].choices = [("", "---------"), *AssessmentSource.choices]
        self.fields["source"].help_text = _("Who assessed the level.")

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day
