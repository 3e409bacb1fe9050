"""Role-matrix entries for the organisation admin's settings pages (the index in
organisations, the themes, questions and bodies of Visie & programma, Inclusie's
settings): the organisation admin only, and only her own organisation's rows."""

from organisations.models import Role
from tests.role_matrix import obj, only, pk

ADMIN = Role.ORGANISATION_ADMIN


def entries() -> dict:
    edit = {
        "settings_theme_edit": "settings_theme",
        "settings_question_edit": "settings_question",
        "settings_body_edit": "settings_body",
    }
    delete = {
        "settings_theme_delete": "settings_theme",
        "settings_question_delete": "settings_question",
        "settings_body_delete": "settings_body",
    }
    return {
        "organisations:settings": only(ADMIN),
        "inclusion:settings": only(ADMIN),
        **{
            f"transformation:{name}": only(ADMIN)
            for name in (
                "settings_themes",
                "settings_theme_create",
                "settings_questions",
                "settings_question_create",
                "settings_bodies",
                "settings_body_create",
            )
        },
        **{f"transformation:{name}": obj(ADMIN, kwargs=pk(row)) for name, row in edit.items()},
        # Removing asks first: the confirmation page.
        **{f"transformation:{name}": obj(ADMIN, kwargs=pk(row)) for name, row in delete.items()},
    }


def extend_world(world: dict) -> dict:
    """A theme, a question and a body of Voorbeeldstad's own, none of them in use."""
    from transformation.models import CodeterminationBody, CodeterminationQuestion, Theme

    if "settings_theme" in world:
        return world
    organisation = world["programme"].organisation
    return {
        **world,
        "settings_theme": Theme.objects.create(organisation=organisation, name="Matrixthema"),
        "settings_question": CodeterminationQuestion.objects.create(
            organisation=organisation, phase="idea", text="Een vraag voor de matrix?"
        ),
        "settings_body": CodeterminationBody.objects.create(
            organisation=organisation, name="Matrixorgaan"
        ),
    }
