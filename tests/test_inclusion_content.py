"""Content checks for the DigComp 2.2 data and the nine lessons (no database)."""

from __future__ import annotations

import dataclasses

import pytest

from inclusion.metamorphosis.lessons import EVIDENCE_KEYS, LESSONS
from inclusion.skills.frameworks import (
    AREAS,
    COMPETENCES,
    LEVEL_GROUPS,
    LEVELS,
    ORGANISATION_EXTRAS,
    Text,
)

DIGCOMP_CODES = [
    "1.1",
    "1.2",
    "1.3",
    "2.1",
    "2.2",
    "2.3",
    "2.4",
    "2.5",
    "2.6",
    "3.1",
    "3.2",
    "3.3",
    "3.4",
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "5.1",
    "5.2",
    "5.3",
    "5.4",
]

AREA_NAMES = {
    1: "Information and data literacy",
    2: "Communication and collaboration",
    3: "Digital content creation",
    4: "Safety",
    5: "Problem solving",
}

SEED_CASES = ["Den Haag", "Waternet", "Apeldoorn", "Rotterdam", "Zuidhorn", "Amersfoort"]

# Words that are the same in Dutch and English.
SAME_IN_BOTH = {"Netiquette"}


def _texts(obj):
    """Every Text inside a (nested) dataclass, tuple or dict."""
    if isinstance(obj, Text):
        yield obj
    elif dataclasses.is_dataclass(obj):
        for field in dataclasses.fields(obj):
            yield from _texts(getattr(obj, field.name))
    elif isinstance(obj, tuple | list):
        for item in obj:
            yield from _texts(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _texts(item)


ALL_TEXTS = list(_texts((AREAS, LEVELS, LEVEL_GROUPS, ORGANISATION_EXTRAS, LESSONS)))


def test_five_areas_with_official_names():
    assert [a.number for a in AREAS] == [1, 2, 3, 4, 5]
    assert {a.number: a.name.en for a in AREAS} == AREA_NAMES


def test_twenty_one_competences_in_order_and_unique():
    codes = [c.code for c in COMPETENCES]
    assert codes == DIGCOMP_CODES
    assert len(set(codes)) == 21
    assert all(c.digcomp for c in COMPETENCES)


def test_competences_belong_to_their_area():
    for area in AREAS:
        assert area.competences
        assert all(c.code.split(".")[0] == str(area.number) for c in area.competences)


def test_official_english_names_sample():
    names = {c.code: c.name.en for c in COMPETENCES}
    assert names["1.1"] == (
        "Browsing, searching and filtering data, information and digital content"
    )
    assert names["2.5"] == "Netiquette"
    assert names["3.2"] == "Integrating and re-elaborating digital content"
    assert names["5.4"] == "Identifying digital competence gaps"
    assert len(set(names.values())) == 21


@pytest.mark.parametrize("text", ALL_TEXTS, ids=lambda t: t.en[:40])
def test_every_text_has_both_languages(text):
    assert text.en.strip()
    assert text.nl.strip()
    if text.en not in SAME_IN_BOTH:
        assert text.en != text.nl


def test_eight_levels_in_four_groups_of_two():
    assert [lv.number for lv in LEVELS] == list(range(1, 9))
    assert set(LEVEL_GROUPS) == {"foundation", "intermediate", "advanced", "highly_specialised"}
    groups = [lv.group for lv in LEVELS]
    assert groups == [
        "foundation",
        "foundation",
        "intermediate",
        "intermediate",
        "advanced",
        "advanced",
        "highly_specialised",
        "highly_specialised",
    ]
    assert [LEVEL_GROUPS[g].nl for g in dict.fromkeys(groups)] == [
        "Basis",
        "Gemiddeld",
        "Gevorderd",
        "Hooggespecialiseerd",
    ]


def test_three_organisation_extras_outside_digcomp():
    assert len(ORGANISATION_EXTRAS) == 3
    codes = {c.code for c in ORGANISATION_EXTRAS}
    assert len(codes) == 3
    assert not codes & set(DIGCOMP_CODES)
    assert not any(c.digcomp for c in ORGANISATION_EXTRAS)
    assert {c.name.nl for c in ORGANISATION_EXTRAS} == {
        "Datagedreven werken",
        "Verandermanagement",
        "Ethisch denken en handelen",
    }


def test_nine_lessons_numbered():
    assert [lesson.number for lesson in LESSONS] == list(range(1, 10))
    for lesson in LESSONS:
        for text in (lesson.title, lesson.text):
            assert text.en.strip()
            assert text.nl.strip()


def test_lesson_texts_are_three_to_five_sentences():
    for lesson in LESSONS:
        for body in (lesson.text.en, lesson.text.nl):
            sentences = [s for s in body.replace("?", ".").split(". ") if s.strip()]
            assert 3 <= len(sentences) <= 5, (lesson.number, body)


@pytest.mark.parametrize("name", SEED_CASES)
def test_seed_cases_appear(name):
    assert any(lesson.case is not None and name in lesson.case.organisation for lesson in LESSONS)


def test_cases_have_text_in_both_languages():
    for lesson in LESSONS:
        if lesson.case is not None:
            assert lesson.case.organisation.strip()
            assert lesson.case.text.en.strip()
            assert lesson.case.text.nl.strip()


def test_every_lesson_names_evidence_the_application_computes_or_none():
    # Which evidence belongs to which lesson: test_inclusion_lessons.py changes the
    # subject of each lesson in turn and sees only that lesson's evidence move.
    for lesson in LESSONS:
        assert lesson.evidence == "" or lesson.evidence in EVIDENCE_KEYS
