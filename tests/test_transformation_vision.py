"""The information vision: versions, approval, sections and their statements, and the
comparison of two versions."""

import datetime

import pytest

from organisations.models import Role
from tests.helpers import urls_of
from transformation import services
from transformation.compare import Change, compare_visions
from transformation.models import (
    StatementKind,
    Vision,
    VisionSection,
    VisionStatement,
    VisionStatus,
)

pytestmark = pytest.mark.django_db

PM, DIRECTOR = Role.PROGRAMME_MANAGER, Role.DIRECTOR

url = urls_of("transformation")


# --- Information vision -------------------------------------------------------------------------


def test_programme_manager_creates_a_draft_from_the_employer_vision(login, members, voorbeeldstad):
    response = login(members[PM]).post(
        url("vision_create"), {"title": "Werkgeversvisie", "start_from": "employer_vision"}
    )
    vision = Vision.objects.get(title="Werkgeversvisie")
    assert response.status_code == 302
    assert vision.status == VisionStatus.DRAFT
    assert [s.theme.name for s in vision.sections.all()] == [
        "Verbinden",
        "Democratie",
        "Bestuurlijke regie",
        "Acties",
    ]
    assert all(s.introduction for s in vision.sections.all())


def test_copying_needs_a_version_to_copy(login, members, voorbeeldstad):
    response = login(members[PM]).post(
        url("vision_create"), {"title": "Kopie", "start_from": "copy"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["based_on"]
    assert not Vision.objects.filter(title="Kopie").exists()


def test_versions_are_numbered_per_organisation(members, voorbeeldstad, buurdorp):
    pm = members[PM]
    first = services.vision_create(organisation=voorbeeldstad, title="A", by=pm)
    second = services.vision_create(organisation=voorbeeldstad, title="B", by=pm)
    elsewhere = services.vision_create(organisation=buurdorp, title="C", by=pm)
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)


def test_approval_supersedes_the_previous_version_and_records_who(login, members, programme_world):
    approved, consultation = programme_world["approved"], programme_world["consultation"]
    response = login(members[DIRECTOR]).post(
        url("vision_approve", consultation.pk), {"note": "Besloten in de directie"}
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    approved.refresh_from_db()
    assert consultation.status == VisionStatus.APPROVED
    assert consultation.approved_by == members[DIRECTOR]
    assert consultation.approved_at is not None
    assert consultation.approval_note == "Besloten in de directie"
    assert approved.status == VisionStatus.SUPERSEDED


def test_a_draft_cannot_be_approved(login, members, programme_world):
    draft = programme_world["draft"]
    response = login(members[DIRECTOR]).post(url("vision_approve", draft.pk), {"note": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VisionStatus.DRAFT


def test_the_database_allows_one_approved_version(programme_world):
    from django.db import IntegrityError

    draft = programme_world["draft"]
    draft.status = VisionStatus.APPROVED
    draft.approved_at = datetime.datetime.now(datetime.UTC)
    with pytest.raises(IntegrityError):
        draft.save()


def test_an_approved_version_is_read_only(login, members, programme_world):
    approved = programme_world["approved"]
    client = login(members[PM])
    response = client.post(url("vision_edit", approved.pk), {"title": "Anders"})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.title == "Visie 1"
    section = approved.sections.first()
    response = client.post(url("section_delete", section.pk), {"confirm": "1"})
    assert approved.sections.filter(pk=section.pk).exists()
    page = client.get(url("vision_detail", approved.pk))
    assert url("section_edit", section.pk) not in page.text
    assert "can no longer be changed" in page.text or "niet meer" in page.text


def test_section_statements_are_saved_in_order_and_removed(login, members, programme_world):
    section = programme_world["section"]
    data = {
        "section-introduction": "Wat we willen.",
        "statements-TOTAL_FORMS": "3",
        "statements-INITIAL_FORMS": "0",
        "statements-0-kind": StatementKind.PRINCIPLE,
        "statements-0-text": "Eerst de mens.",
        "statements-1-kind": StatementKind.AMBITION,
        "statements-1-text": "In 2027 werkt iedereen digitaal.",
        "statements-2-kind": "",
        "statements-2-text": "",
    }
    response = login(members[PM]).post(url("section_edit", section.pk), data)
    assert response.status_code == 302
    texts = list(section.statements.values_list("kind", "text"))
    assert (StatementKind.PRINCIPLE, "Eerst de mens.") in texts
    assert (StatementKind.AMBITION, "In 2027 werkt iedereen digitaal.") in texts

    statement = section.statements.get(text="Eerst de mens.")
    data = {
        "section-introduction": "Wat we willen.",
        "statements-TOTAL_FORMS": "2",
        "statements-INITIAL_FORMS": "2",
        "statements-0-id": str(statement.pk),
        "statements-0-kind": StatementKind.PRINCIPLE,
        "statements-0-text": "Eerst de mens.",
        "statements-0-DELETE": "on",
        "statements-1-id": str(section.statements.exclude(pk=statement.pk).get().pk),
        "statements-1-kind": StatementKind.AMBITION,
        "statements-1-text": "In 2027 werkt iedereen digitaal.",
    }
    login(members[PM]).post(url("section_edit", section.pk), data)
    assert not VisionStatement.objects.filter(pk=statement.pk).exists()


def test_removing_a_section_asks_first(
    login, members, programme_world, settings, django_assert_max_num_queries
):
    section = programme_world["section"]
    client = login(members[PM])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    remove = url("section_delete", section.pk)
    assert remove in client.get(url("section_edit", section.pk)).text
    for asked in (client.get(remove), client.post(remove)):
        assert asked.status_code == 200
        assert f"Its text and statements leave version {section.vision.number}" in asked.text
        assert url("section_edit", section.pk) in asked.text
        assert VisionSection.objects.filter(pk=section.pk).exists()
    with django_assert_max_num_queries(10):
        client.get(remove)
    assert client.post(remove, {"confirm": "1"}).status_code == 302
    assert not VisionSection.objects.filter(pk=section.pk).exists()


def test_a_statement_without_text_is_refused_at_the_field(login, members, programme_world):
    section = programme_world["section"]
    data = {
        "section-introduction": "Blijft staan",
        "statements-TOTAL_FORMS": "1",
        "statements-INITIAL_FORMS": "0",
        "statements-0-kind": StatementKind.PRINCIPLE,
        "statements-0-text": "",
    }
    response = login(members[PM]).post(url("section_edit", section.pk), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["text"]
    section.refresh_from_db()
    assert section.introduction != "Blijft staan", "nothing is saved when one row is wrong"
    assert "Blijft staan</textarea>" in response.text


def test_compare_marks_added_removed_and_changed_text(members, programme_world):
    old, new = programme_world["approved"], programme_world["draft"]
    section = new.sections.first()
    VisionStatement.objects.create(section=section, kind=StatementKind.AMBITION, text="Nieuw doel")
    section.introduction = "Een heel andere tekst"
    section.save()
    removed = new.sections.last()
    removed.delete()

    def fetch(vision):
        return Vision.objects.prefetch_related("sections__theme", "sections__statements").get(
            pk=vision.pk
        )

    comparison = compare_visions(fetch(old), fetch(new))
    by_theme = {c.theme.pk: c for c in comparison.themes}
    assert by_theme[section.theme_id].change == Change.CHANGED
    assert [line.change for line in by_theme[section.theme_id].ambitions] == [Change.ADDED]
    assert by_theme[removed.theme_id].change == Change.REMOVED
    assert comparison.has_changes


def test_compare_page_shows_both_versions(login, members, programme_world):
    old, new = programme_world["approved"], programme_world["draft"]
    section = new.sections.first()
    section.introduction = "Nieuwe <b>tekst</b>"
    section.save()
    response = login(members[DIRECTOR]).get(url("vision_compare"), {"a": old.pk, "b": new.pk})
    assert response.status_code == 200
    assert "Nieuwe &lt;b&gt;tekst&lt;/b&gt;" in response.text
    assert "<b>tekst" not in response.text
    assert "<del>1</del>" in response.text and "<ins>2</ins>" in response.text, "the titles"
    # A theme's name heads the rows of its part of the table, not the columns it spans.
    assert response.text.count('scope="rowgroup" colspan="3"') == new.sections.count()
    assert 'scope="colgroup"' not in response.text


def test_compare_with_another_organisations_version_is_not_found(
    login, members, programme_world, buurdorp
):
    theirs = services.vision_create(organisation=buurdorp, title="X", by=members[PM])
    response = login(members[DIRECTOR]).get(
        url("vision_compare"), {"a": programme_world["approved"].pk, "b": theirs.pk}
    )
    assert response.status_code == 404
