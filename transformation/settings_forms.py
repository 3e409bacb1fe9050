"""Forms of the organisation admin's settings for Visie & programma: the themes of the
information vision, the co-determination questions and bodies."""

from __future__ import annotations

from django import forms

from organisations.forms import NLDesignFormMixin
from transformation.models import CodeterminationBody, CodeterminationQuestion, Theme


class ThemeForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = CodeterminationQuestion
        fields = ["phase", "text", "text_en", "position", "active"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "text_en": forms.Textarea(attrs={"rows": 3}),
        }


class BodyForm(NLDesignFormMixin, forms.ModelForm):
    class Meta:
        model = CodeterminationBody
        fields = ["name"]
