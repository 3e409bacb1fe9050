"""The competences an initiative asks of the people in its units."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from inclusion.models import InitiativeCompetence
from inclusion.skills.forms import level_field
from inclusion.skills.queries import level_choices
from organisations.forms import NLDesignFormMixin

# The choice "asked, at the level each employee's job asks for" (stored without a level).
JOB_TARGET = 0


class InitiativeCompetencesForm(NLDesignFormMixin, forms.Form):
    """One select per competence: not asked, asked at the job's target level, or asked
    at a level of the initiative's own."""

    def __init__(self, *args, initiative, competences, **kwargs):
        self.initiative = initiative
        self.competences = list(competences)
        self.current = {
            asked.competence_id: asked
            for asked in InitiativeCompetence.objects.filter(
                organisation_id=initiative.organisation_id, initiative=initiative
            )
        }
        super().__init__(*args, **kwargs)
        choices = [
            ("", _("Not asked")),
            (JOB_TARGET, _("Asked: the target level of each one's job")),
            *[
                (number, _("Asked at level %(level)s") % {"level": text})
                for number, text in level_choices()
            ],
        ]
        for competence in self.competences:
            name = self.field_name(competence)
            self.fields[name] = level_field(competence, choices)
            if competence.pk in self.current:
                level = self.current[competence.pk].level
                self.initial.setdefault(name, JOB_TARGET if level is None else level)

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

    @transaction.atomic
    def save(self) -> int:
        """Add, change and remove the competences asked at once; returns how many changed."""
        added, changed, removed = [], [], []
        for competence in self.competences:
            choice = self.cleaned_data.get(self.field_name(competence))
            current = self.current.get(competence.pk)
            level = None if choice == JOB_TARGET else choice
            if choice is None:
                if current is not None:
                    removed.append(current.pk)
            elif current is None:
                added.append(
                    InitiativeCompetence(
                        organisation_id=self.initiative.organisation_id,
                        initiative=self.initiative,
                        competence=competence,
                        level=level,
                    )
                )
            elif current.level != level:
                current.level = level
                changed.append(current)
        InitiativeCompetence.objects.filter(pk__in=removed).delete()
        InitiativeCompetence.objects.bulk_create(added)
        InitiativeCompetence.objects.bulk_update(changed, ["level"])
        return len(added) + len(changed) + len(removed)
