from django.urls import path

from transformation.views import decisions, initiatives, programme, settings, vision

app_name = "transformation"

urlpatterns = [
    path("", vision.overview, name="overview"),
    path("visie/nieuw/", vision.vision_create, name="vision_create"),
    path("visie/vergelijken/", vision.vision_compare, name="vision_compare"),
    path("visie/<int:pk>/", vision.vision_detail, name="vision_detail"),
    path("visie/<int:pk>/bewerken/", vision.vision_edit, name="vision_edit"),
    path("visie/<int:pk>/status/", vision.vision_status, name="vision_status"),
    path("visie/<int:pk>/goedkeuren/", vision.vision_approve, name="vision_approve"),
    path("visie/<int:pk>/thema-toevoegen/", vision.section_add, name="section_add"),
    path("visie/onderdeel/<int:pk>/", vision.section_edit, name="section_edit"),
    path("visie/onderdeel/<int:pk>/verwijderen/", vision.section_delete, name="section_delete"),
    path("initiatieven/zoeken/", initiatives.initiative_options, name="initiative_options"),
    path("baten/zoeken/", initiatives.benefit_options, name="benefit_options"),
    path("programma/nieuw/", programme.programme_create, name="programme_create"),
    path("programma/<int:pk>/", programme.programme_detail, name="programme_detail"),
    path("programma/<int:pk>/bewerken/", programme.programme_edit, name="programme_edit"),
    path("programma/<int:pk>/interventies/", programme.interventions, name="interventions"),
    path(
        "programma/<int:pk>/initiatief-toevoegen/",
        initiatives.initiative_create,
        name="initiative_create",
    ),
    path("interventie/<int:pk>/", programme.intervention_edit, name="intervention_edit"),
    # Decision requests (transformation/views/decisions.py).
    path("programma/<int:pk>/besluitvragen/", decisions.decision_list, name="decision_list"),
    path(
        "programma/<int:pk>/besluitvraag-toevoegen/",
        decisions.decision_create,
        name="decision_create",
    ),
    path(
        "programma/<int:pk>/niet-voorleggen/", decisions.proposal_dismiss, name="proposal_dismiss"
    ),
    path("besluitvraag/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("besluitvraag/<int:pk>/bewerken/", decisions.decision_edit, name="decision_edit"),
    path("besluitvraag/<int:pk>/verwijderen/", decisions.decision_delete, name="decision_delete"),
    path("besluitvraag/<int:pk>/besluit/", decisions.decision_outcome, name="decision_outcome"),
    path(
        "besluitvraag/<int:pk>/opnieuw-voorleggen/",
        decisions.decision_ask_again,
        name="decision_ask_again",
    ),
    path("initiatief/<int:pk>/", initiatives.initiative_detail, name="initiative_detail"),
    path("initiatief/<int:pk>/bewerken/", initiatives.initiative_edit, name="initiative_edit"),
    path("initiatief/<int:pk>/status/", initiatives.initiative_status, name="initiative_status"),
    path(
        "initiatief/<int:pk>/medezeggenschap/<str:phase>/",
        initiatives.codetermination,
        name="codetermination",
    ),
    path("initiatief/<int:pk>/baat-toevoegen/", initiatives.benefit_create, name="benefit_create"),
    path("baat/<int:pk>/", initiatives.benefit_detail, name="benefit_detail"),
    path("baat/<int:pk>/bewerken/", initiatives.benefit_edit, name="benefit_edit"),
    path("meting/<int:pk>/verwijderen/", initiatives.measurement_delete, name="measurement_delete"),
    # The organisation admin's settings (transformation/views/settings.py).
    path("instellingen/themas/", settings.themes, name="settings_themes"),
    path("instellingen/themas/nieuw/", settings.theme_edit, name="settings_theme_create"),
    path("instellingen/themas/<int:pk>/", settings.theme_edit, name="settings_theme_edit"),
    path(
        "instellingen/themas/<int:pk>/verwijderen/",
        settings.theme_delete,
        name="settings_theme_delete",
    ),
    path("instellingen/vragen/", settings.questions, name="settings_questions"),
    path("instellingen/vragen/nieuw/", settings.question_edit, name="settings_question_create"),
    path("instellingen/vragen/<int:pk>/", settings.question_edit, name="settings_question_edit"),
    path(
        "instellingen/vragen/<int:pk>/verwijderen/",
        settings.question_delete,
        name="settings_question_delete",
    ),
    path("instellingen/organen/", settings.bodies, name="settings_bodies"),
    path("instellingen/organen/nieuw/", settings.body_edit, name="settings_body_create"),
    path("instellingen/organen/<int:pk>/", settings.body_edit, name="settings_body_edit"),
    path(
        "instellingen/organen/<int:pk>/verwijderen/",
        settings.body_delete,
        name="settings_body_delete",
    ),
]
