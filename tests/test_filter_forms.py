"""Filters read from the query string: what does not fit is left out, never an error."""

import pytest
from django import forms
from django.http import QueryDict

from organisations.forms import ChoiceFilterForm, DateInput, FilterForm, UnitFilterField
from tests.factories import OrganisationUnitFactory


class Dates(FilterForm):
    start = forms.DateField(required=False, widget=DateInput)
    count = forms.IntegerField(required=False)


def test_values_that_do_not_fit_are_left_out():
    form = Dates(QueryDict("start=gisteren&count=3"))
    assert form.values() == {"count": 3}
    assert form["start"].auto_id == "filter-start"


def test_without_a_query_nothing_is_filtered():
    assert Dates(None).values() == {"start": None, "count": None}


def test_a_choice_filter_with_a_blank_means_all():
    choices = [(1, "Beleidsmedewerker"), (2, "Klantadviseur")]
    form = ChoiceFilterForm(
        QueryDict("job=2"), name="job", label="Functie", blank="Alle", choices=choices
    )
    assert form.chosen == "2"
    unknown = ChoiceFilterForm(
        QueryDict("job=99"), name="job", label="Functie", blank="Alle", choices=choices
    )
    assert unknown.chosen == ""


def test_a_choice_filter_with_a_default_shows_the_default_as_chosen():
    years = [(2026, 2026), (2025, 2025)]
    for query in ("", "jaar=1999", "jaar=abc"):
        form = ChoiceFilterForm(
            QueryDict(query), name="jaar", label="Jaar", choices=years, default=2026
        )
        assert form.chosen == "2026"
        assert 'value="2026" selected' in str(form["jaar"])
    chosen = ChoiceFilterForm(
        QueryDict("jaar=2025"), name="jaar", label="Jaar", choices=years, default=2026
    )
    assert chosen.chosen == "2025"


class Units(FilterForm):
    unit = UnitFilterField()


def test_a_unit_filter_offers_only_the_organisations_own_units(voorbeeldstad, buurdorp, units):
    theirs = OrganisationUnitFactory(organisation=buurdorp)
    form = Units(QueryDict(f"unit={units[0].pk}"), organisation=voorbeeldstad)
    offered = {value for value, _label in form.fields["unit"].widget.choices}
    assert {str(unit.pk) for unit in units} <= {str(v) for v in offered}
    assert theirs.pk not in offered and "" in offered
    assert form.values() == {"unit": units[0].pk}


def test_a_unit_filter_needs_the_organisation():
    with pytest.raises(TypeError):
        Units(QueryDict(""))
