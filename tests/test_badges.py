"""Badges: each choices class decides its colours; the one tag prints them."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from adoption.models import ScenarioStatus
from inclusion.models import Job, Vulnerability
from organisations.badges import Colour, Coloured, choices_class
from reports.models import ReportStatus
from transformation.models import RAG, BenefitTrack, Initiative, InterventionStatus, VisionStatus


def render(source: str, **context) -> str:
    with translation.override("en"):
        return Template("{% load badges %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "choices",
    [
        VisionStatus,
        RAG,
        InterventionStatus,
        BenefitTrack,
        ScenarioStatus,
        Vulnerability,
        ReportStatus,
    ],
)
def test_every_value_of_a_coloured_class_has_a_colour_or_is_plain_text(choices):
    assert choices in Coloured.classes
    for member in choices:
        assert member.colour is None or member.colour in Colour


def test_a_model_field_finds_its_coloured_choices_class():
    assert choices_class(Initiative._meta.get_field("status")) is RAG
    assert choices_class(Job._meta.get_field("vulnerability")) is Vulnerability
    assert choices_class(Initiative._meta.get_field("title")) is None


def test_a_field_value_prints_its_label_in_its_colour():
    html = render('{% badge initiative "status" %}', initiative=Initiative(status="amber"))
    assert html == '<span class="mw-badge mw-badge--amber mw-badge--amber">Amber</span>'


def test_a_member_prints_the_same_way_with_its_value_as_a_handle():
    html = render("{% badge track %}", track=BenefitTrack.OFF_TRACK)
    assert html == '<span class="mw-badge mw-badge--red mw-badge--off_track">Off track</span>'


def test_a_value_without_a_colour_is_plain_text():
    html = render('{% badge job "vulnerability" %}', job=Job(vulnerability=Vulnerability.NONE))
    assert html == '<span class="mw-meta">Not assessed</span>'


def test_a_field_without_colours_is_a_mistake_in_the_template():
    with pytest.raises(TemplateSyntaxError):
        render('{% badge initiative "title" %}', initiative=Initiative(title="Zaakgericht werken"))
    with pytest.raises(TemplateSyntaxError):
        render("{% badge text %}", text="green")
