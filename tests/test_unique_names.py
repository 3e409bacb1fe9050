"""A name that is taken gets a message at its field, and nothing is saved or lost."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from organisations.models import Role
from tests.factories import BenefitFactory, InitiativeFactory, ProgrammeFactory
from transformation.models import Benefit, Initiative, Programme


def posted(form, **changes) -> dict:
    """What the browser would send back for `form` as shown, with `changes`."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        data[name] = "" if value is None else value
    return data | changes


@pytest.fixture
def second(programme_world):
    """A second programme, initiative and benefit, whose names the tests try to take."""
    programme = programme_world["programme"]
    other = ProgrammeFactory(organisation=programme.organisation, owner=programme.owner)
    initiative = InitiativeFactory(programme=programme, owner=programme.owner)
    benefit = BenefitFactory(initiative=programme_world["initiative"], owner=programme.owner)
    return {"programme": other, "initiative": initiative, "benefit": benefit}


CASES = [
    # (page, the object whose form is shown and whose name the second one has, field, model,
    #  the message in English and in Dutch)
    (
        "programme_edit",
        "programme",
        "name",
        Programme,
        "There is already a programme with this name.",
        "Er is al een programma met deze naam.",
    ),
    (
        "initiative_edit",
        "initiative",
        "title",
        Initiative,
        "The programme already has an initiative with this title.",
        "Het programma heeft al een initiatief met deze titel.",
    ),
    (
        "benefit_edit",
        "benefit",
        "title",
        Benefit,
        "This initiative already has a benefit with this name.",
        "Dit initiatief heeft al een baat met deze naam.",
    ),
]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("page", "kind", "field", "model", "english", "dutch"), CASES)
def test_editing_to_a_taken_name_is_refused_at_the_field(
    login, members, programme_world, second, page, kind, field, model, english, dutch, language
):
    client = login(members[Role.PROGRAMME_MANAGER])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    obj = programme_world[kind]
    url = reverse(f"transformation:{page}", args=[obj.pk])
    name = getattr(second[kind], field)
    form = client.get(url).context["form"]
    response = client.post(url, posted(form, **{field: name}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [english if language == "en" else dutch]
    # What the user typed is shown again; the stored object kept its name.
    assert f'value="{name}"' in response.text
    obj.refresh_from_db()
    assert getattr(obj, field) != name
    assert model.objects.filter(**{field: name}).count() == 1


def test_adding_with_a_taken_name_is_refused_and_adds_nothing(login, members, programme_world):
    client = login(members[Role.PROGRAMME_MANAGER])
    initiative = programme_world["initiative"]
    benefit = programme_world["benefit"]
    url = reverse("transformation:benefit_create", args=[initiative.pk])
    # The same benefit again: every field as the one there is, its name too.
    data = posted(
        client.get(reverse("transformation:benefit_edit", args=[benefit.pk])).context["form"]
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert Benefit.objects.filter(title=benefit.title).count() == 1
