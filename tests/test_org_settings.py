"""The organisation admin's settings pages: the index the apps add their sections to,
the themes of the information vision, the co-determination questions and bodies, and
the inclusion settings. Who may open them is in tests/role_matrix_settings.py."""

import pytest
from django.conf import settings
from django.urls import reverse

from inclusion.models import InclusionSettings, min_group_size
from organisations.models import Role
from transformation.models import (
    CodeterminationAnswer,
    CodeterminationBody,
    CodeterminationQuestion,
    CodeterminationStep,
    Theme,
    VisionSection,
)

pytestmark = pytest.mark.django_db

ADMIN = Role.ORGANISATION_ADMIN


@pytest.fixture
def admin(login, members):
    return login(members[ADMIN])


def errors_of(response, field: str) -> str:
    """The error text shown at one field."""
    return " ".join(str(error) for error in response.context["form"].errors.get(field, []))


# --- The index ----------------------------------------------------------------------------------


def test_the_index_lists_every_apps_settings(admin):
    response = admin.get(reverse("organisations:settings"))
    for name in (
        "transformation:settings_themes",
        "transformation:settings_questions",
        "transformation:settings_bodies",
        "inclusion:settings",
        "adoption:checklist",
    ):
        assert f'href="{reverse(name)}"' in response.text


def test_only_the_organisation_admin_has_settings_in_the_navigation(login, members):
    settings_url = reverse("organisations:settings")
    for role, user in members.items():
        page = login(user).get(reverse("organisations:dashboard"))
        assert (f'href="{settings_url}"' in page.text) == (role == ADMIN), role


# --- Themes -------------------------------------------------------------------------------------


def test_the_admin_adds_renames_and_removes_a_theme(admin, voorbeeldstad):
    response = admin.post(
        reverse("transformation:settings_theme_create"),
        {"name": "Werken in de wijk", "description": "Dichtbij de inwoner.", "position": 9},
    )
    assert response.status_code == 302
    theme = Theme.objects.get(organisation=voorbeeldstad, name="Werken in de wijk")

    admin.post(
        reverse("transformation:settings_theme_edit", args=[theme.pk]),
        {"name": "Werken in de buurt", "description": "", "position": 9},
    )
    theme.refresh_from_db()
    assert theme.name == "Werken in de buurt"

    response = admin.post(
        reverse("transformation:settings_theme_delete", args=[theme.pk]), {"confirm": "1"}
    )
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=theme.pk).exists()


@pytest.mark.parametrize(
    ("name", "create", "data", "sentence"),
    [
        (
            "theme",
            "settings_theme_create",
            {"name": "Ongebruikt", "description": "", "position": 9},
            "No version of the information vision speaks about it",
        ),
        ("body", "settings_body_create", {"name": "GMR"}, "No co-determination step names it"),
    ],
)
def test_removing_an_unused_setting_asks_first(
    admin, voorbeeldstad, name, create, data, sentence, django_assert_max_num_queries
):
    admin.post(reverse(f"transformation:{create}"), data)
    model = {"theme": Theme, "body": CodeterminationBody}[name]
    row = model.objects.get(organisation=voorbeeldstad, name=data["name"])
    remove = reverse(f"transformation:settings_{name}_delete", args=[row.pk])
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for asked in (admin.get(remove), admin.post(remove)):
        assert asked.status_code == 200
        assert sentence in asked.text
        assert "This cannot be undone." in asked.text
        assert model.objects.filter(pk=row.pk).exists()
    with django_assert_max_num_queries(10):
        admin.get(remove)
    assert admin.post(remove, {"confirm": "1"}).status_code == 302
    assert not model.objects.filter(pk=row.pk).exists()


def test_a_theme_name_is_taken_once_per_organisation(admin, voorbeeldstad):
    existing = Theme.objects.filter(organisation=voorbeeldstad).first()
    response = admin.post(
        reverse("transformation:settings_theme_create"),
        {"name": existing.name, "description": "", "position": 1},
    )
    assert response.status_code == 200
    assert errors_of(response, "name")
    assert 'aria-invalid="true"' in response.text
    assert Theme.objects.filter(organisation=voorbeeldstad, name=existing.name).count() == 1


def test_an_empty_theme_name_is_an_error_at_the_field(admin):
    response = admin.post(
        reverse("transformation:settings_theme_create"), {"name": "", "position": "x"}
    )
    assert errors_of(response, "name")
    assert errors_of(response, "position")


def test_a_theme_a_vision_speaks_about_is_kept(admin, programme_world):
    theme = VisionSection.objects.select_related("theme").first().theme
    response = admin.post(
        reverse("transformation:settings_theme_delete", args=[theme.pk]), follow=True
    )
    assert Theme.objects.filter(pk=theme.pk).exists()
    [message] = response.context["messages"]
    assert message.level_tag == "error"


# --- Co-determination questions -----------------------------------------------------------------


def test_the_admin_adds_a_question_and_removes_it_while_unanswered(admin, voorbeeldstad):
    admin.post(
        reverse("transformation:settings_question_create"),
        {
            "phase": "development",
            "text": "Wie beheert de oplossing straks?",
            "text_en": "",
            "position": 5,
            "active": "on",
        },
    )
    question = CodeterminationQuestion.objects.get(
        organisation=voorbeeldstad, text="Wie beheert de oplossing straks?"
    )
    assert question.active and question.phase == "development"
    remove = reverse("transformation:settings_question_delete", args=[question.pk])
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "No step has answered it" in admin.get(remove).text
    admin.post(remove, {"confirm": "1"})
    assert not CodeterminationQuestion.objects.filter(pk=question.pk).exists()


def test_a_question_without_text_or_with_an_unknown_phase_is_refused(admin):
    response = admin.post(
        reverse("transformation:settings_question_create"),
        {"phase": "someday", "text": "", "position": 1},
    )
    assert errors_of(response, "phase")
    assert errors_of(response, "text")


def answered_step(programme_world, body=None):
    """A co-determination step of the world's initiative, with one question answered."""
    initiative = programme_world["initiative"]
    step = CodeterminationStep.objects.create(
        organisation=initiative.organisation, initiative=initiative, phase="idea", body=body
    )
    question = CodeterminationQuestion.objects.filter(
        organisation=initiative.organisation, phase="idea"
    ).first()
    CodeterminationAnswer.objects.create(step=step, question=question, answer="Voor de wijk.")
    return step, question


def test_an_answered_question_is_put_out_of_use_not_removed(admin, programme_world):
    _step, question = answered_step(programme_world)
    remove = reverse("transformation:settings_question_delete", args=[question.pk])
    # Asked first, without saying it cannot be undone: it is switched off, not removed.
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    asked = admin.get(remove)
    assert "no longer asked" in asked.text
    assert "cannot be undone" not in asked.text
    assert CodeterminationQuestion.objects.get(pk=question.pk).active
    admin.post(remove, {"confirm": "1"})
    question.refresh_from_db()
    assert not question.active
    page = admin.get(reverse("transformation:settings_questions"))
    assert page.text.count('class="mw-badge mw-badge--grey"') == 1


def test_the_phases_offered_start_with_a_capital(admin):
    page = admin.get(reverse("transformation:settings_question_create"))
    assert ">Idea</option>" in page.text or ">Idee</option>" in page.text


# --- Co-determination bodies --------------------------------------------------------------------


def test_a_body_a_step_names_is_kept_and_an_unused_one_removed(admin, programme_world):
    organisation = programme_world["initiative"].organisation
    used = CodeterminationBody.objects.create(organisation=organisation, name="MED")
    answered_step(programme_world, body=used)
    refused = admin.post(
        reverse("transformation:settings_body_delete", args=[used.pk]),
        {"confirm": "1"},
        follow=True,
    )
    assert [m.level_tag for m in refused.context["messages"]] == ["error"]
    assert CodeterminationBody.objects.filter(pk=used.pk).exists()

    admin.post(reverse("transformation:settings_body_create"), {"name": "GMR"})
    unused = CodeterminationBody.objects.get(organisation=used.organisation, name="GMR")
    admin.post(reverse("transformation:settings_body_delete", args=[unused.pk]), {"confirm": "1"})
    assert not CodeterminationBody.objects.filter(pk=unused.pk).exists()


def test_a_body_name_is_taken_once(admin, voorbeeldstad):
    CodeterminationBody.objects.get_or_create(organisation=voorbeeldstad, name="Ondernemingsraad")
    response = admin.post(
        reverse("transformation:settings_body_create"), {"name": "Ondernemingsraad"}
    )
    assert errors_of(response, "name")
    assert CodeterminationBody.objects.filter(name="Ondernemingsraad").count() == 1


# --- Inclusion settings -------------------------------------------------------------------------


def test_the_admin_sets_the_smallest_group_and_the_pop_target(admin, voorbeeldstad):
    response = admin.post(
        reverse("inclusion:settings"), {"min_group_size": 7, "pop_coverage_target": 90}
    )
    assert response.status_code == 302
    saved = InclusionSettings.objects.get(organisation=voorbeeldstad)
    assert (saved.min_group_size, saved.pop_coverage_target) == (7, 90)
    assert min_group_size(voorbeeldstad) == 7


def test_a_group_under_five_or_a_target_over_100_is_an_error_at_the_field(admin, voorbeeldstad):
    response = admin.post(
        reverse("inclusion:settings"), {"min_group_size": 3, "pop_coverage_target": 120}
    )
    assert response.status_code == 200
    assert errors_of(response, "min_group_size")
    assert errors_of(response, "pop_coverage_target")
    assert not InclusionSettings.objects.filter(organisation=voorbeeldstad).exists()


# --- Bounded queries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "transformation:settings_themes",
        "transformation:settings_questions",
        "transformation:settings_bodies",
        "organisations:settings",
        "inclusion:settings",
    ],
)
def test_the_settings_pages_ask_the_same_number_of_queries_for_more_rows(
    admin, voorbeeldstad, django_assert_max_num_queries, name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert admin.get(reverse(name)).status_code == 200
    for n in range(25):
        Theme.objects.create(organisation=voorbeeldstad, name=f"Thema {n}")
        CodeterminationQuestion.objects.create(
            organisation=voorbeeldstad, phase="idea", text=f"Vraag {n}?"
        )
        CodeterminationBody.objects.create(organisation=voorbeeldstad, name=f"Orgaan {n}")
    with django_assert_max_num_queries(len(few)):
        assert admin.get(reverse(name)).status_code == 200
