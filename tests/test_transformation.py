"""Visie & programma as a whole: what a new organisation starts with, its reference data
in the administration, the messages in both languages, and the queries its pages need.

Each part has a module of its own, as the views have: the information vision
(test_transformation_vision.py), the programme with its interventions
(test_transformation_programme.py), and the initiatives with co-determination and
benefits (test_transformation_initiatives.py).
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from organisations.models import Membership, Role
from tests.factories import (
    BenefitFactory,
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
)
from tests.helpers import urls_of
from transformation import services
from transformation.defaults import DEFAULT_QUESTIONS, DEFAULT_THEMES
from transformation.forms import InterventionForm
from transformation.models import (
    Benefit,
    BenefitMeasurement,
    CodeterminationQuestion,
    CodeterminationStep,
    Initiative,
    Theme,
    VisionStatement,
)

pytestmark = pytest.mark.django_db

PM = Role.PROGRAMME_MANAGER

url = urls_of("transformation")


# --- Defaults -----------------------------------------------------------------------------------


def test_a_new_organisation_gets_default_themes_and_questions_in_dutch_and_english():
    organisation = OrganisationFactory()
    themes = list(Theme.objects.for_organisation(organisation).values_list("name", flat=True))
    assert "Digitale inclusie" in themes
    assert len(themes) == len(DEFAULT_THEMES)
    questions = CodeterminationQuestion.objects.for_organisation(organisation)
    assert questions.count() == sum(len(q) for q in DEFAULT_QUESTIONS.values())
    first = questions.filter(phase="idea").first()
    assert first.text != first.text_en
    assert first.text_en == "Which problem does this idea solve, and for whom?"


# --- Reference data in the administration -------------------------------------------------------


def test_organisation_admin_sees_only_own_themes_and_questions(
    login, members, voorbeeldstad, buurdorp
):
    Theme.objects.create(organisation=buurdorp, name="Alleen in Buurdorp")
    client = login(members[Role.ORGANISATION_ADMIN])
    themes = client.get(reverse("admin:transformation_theme_changelist"))
    assert "Digitale inclusie" in themes.text
    assert "Alleen in Buurdorp" not in themes.text
    theirs = CodeterminationQuestion.objects.for_organisation(buurdorp).first()
    change = reverse("admin:transformation_codeterminationquestion_change", args=[theirs.pk])
    assert client.get(change).status_code == 302  # Django's admin: "doesn't exist", back to list


def test_organisation_admin_edits_a_question_in_both_languages(login, members, voorbeeldstad):
    question = CodeterminationQuestion.objects.for_organisation(voorbeeldstad).first()
    client = login(members[Role.ORGANISATION_ADMIN])
    response = client.post(
        reverse("admin:transformation_codeterminationquestion_change", args=[question.pk]),
        {
            "organisation": voorbeeldstad.pk,
            "phase": "idea",
            "text": "Wat is het doel?",
            "text_en": "What is the aim?",
            "position": 1,
            "active": "on",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.text_en) == ("Wat is het doel?", "What is the aim?")


def test_an_answered_question_is_switched_off_not_deleted(
    login, members, programme_world, voorbeeldstad
):
    question = CodeterminationQuestion.objects.for_organisation(voorbeeldstad).first()
    services.codetermination_save(
        step=CodeterminationStep(
            organisation=voorbeeldstad,
            initiative=programme_world["initiative"],
            phase=question.phase,
        ),
        answers={question.pk: "Ja"},
        by=members[PM],
    )
    client = login(members[Role.ORGANISATION_ADMIN])
    delete = reverse("admin:transformation_codeterminationquestion_delete", args=[question.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert CodeterminationQuestion.objects.filter(pk=question.pk).exists()


def test_the_admin_filters_do_not_name_other_organisations(login, members, voorbeeldstad, buurdorp):
    client = login(members[Role.ORGANISATION_ADMIN])
    for name in ("theme", "codeterminationquestion", "codeterminationbody"):
        response = client.get(reverse(f"admin:transformation_{name}_changelist"))
        assert response.status_code == 200
        assert buurdorp.name not in response.text, name


# --- Languages ----------------------------------------------------------------------------------


def test_errors_are_answered_in_dutch_and_in_english(login, members, programme_world):
    from django.utils import translation

    initiative = programme_world["initiative"]
    client = login(members[PM])
    message = "Give the reason for an amber or red status."
    with translation.override("nl"):
        dutch = translation.gettext(message)
    assert dutch != message, "the Dutch catalogue has it"
    response = client.post(url("initiative_status", initiative.pk), {"status": "amber"})
    assert dutch in response.text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(url("initiative_status", initiative.pk), {"status": "amber"})
    assert message in response.text


# --- Query bounds -------------------------------------------------------------------------------


def grow(programme_world, units, members):
    """Add many rows of every kind the pages show."""
    programme = programme_world["programme"]
    pm = members[PM]
    for _ in range(8):
        initiative = InitiativeFactory(programme=programme, owner=pm, units=units)
        services.initiative_change_status(
            initiative=initiative, status="amber", reason="Vertraagd", by=pm
        )
        benefit = BenefitFactory(initiative=initiative, owner=pm)
        for month in range(2, 8):
            BenefitMeasurement.objects.create(
                benefit=benefit, measured_on=datetime.date(2025, month, 1), value=month
            )
        for section in programme_world["draft"].sections.all():
            VisionStatement.objects.create(section=section, kind="principle", text="Meer")
    for intervention in programme.interventions.all():
        for _ in range(3):
            services.intervention_update(
                intervention=intervention, changed_fields=["evidence"], by=pm
            )


PAGES = [
    ("overview", None),
    ("vision_compare", None),
    ("vision_detail", "draft"),
    ("programme_detail", "programme"),
    ("interventions", "programme"),
    ("initiative_detail", "initiative"),
    ("benefit_detail", "benefit"),
    ("codetermination", "initiative"),
    ("section_edit", "section"),
    ("initiative_edit", "initiative"),
]


@pytest.mark.parametrize(("name", "target"), PAGES)
def test_pages_need_a_number_of_queries_that_does_not_grow(
    login, members, programme_world, units, name, target, django_assert_max_num_queries
):
    args = [programme_world[target].pk] if target else []
    if name == "codetermination":
        args.append("idea")
    page = url(name, *args)
    client = login(members[PM])
    client.get(page)

    # The programme's page carries the panels of the layers above (reports, inclusion's
    # preparation per initiative), each a few fixed queries; its lists read a page at a
    # time.
    with django_assert_max_num_queries(36) as small:
        assert client.get(page).status_code == 200
    grow(programme_world, units, members)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(page).status_code == 200


def rows_of(html: str, section: str, link: str) -> int:
    """The links to `link` pages in the page's section whose heading has id `section`."""
    start = html.index(f'id="{section}"')
    end = html.find('<section class="mw-section"', start)
    return html[start : end if end > 0 else None].count(f'href="/visie-en-programma/{link}/')


def test_the_programme_page_shows_a_page_of_each_list_however_large_the_programme(
    login, members, programme_world
):
    programme = programme_world["programme"]
    for _ in range(30):
        BenefitFactory(initiative=InitiativeFactory(programme=programme))
    initiatives = Initiative.objects.filter(programme=programme).count()
    benefits = Benefit.objects.filter(initiative__programme=programme).count()
    client = login(members[PM])
    page = url("programme_detail", programme.pk)
    first = client.get(page)
    assert rows_of(first.text, "initiatives-heading", "initiatief") == 25
    assert rows_of(first.text, "benefits-heading", "baat") == 25
    # Inclusion's panel: whether the initiatives' people are being prepared, a page too.
    assert rows_of(first.text, "preparation-heading", "initiatief") == 25
    assert "?voorbereiding=2#preparation" in first.text
    assert f"{initiatives} van {initiatives} initiatieven getoond" in first.text
    assert "Pagina 1 van 2" in first.text

    # Thirty initiatives more, with a benefit each: the page is no larger.
    for _ in range(30):
        BenefitFactory(initiative=InitiativeFactory(programme=programme))
    assert len(client.get(page).content) < len(first.content) * 1.05

    # Each list's next page keeps the other list's page.
    last = client.get(page, {"page": 3, "baten": 3})
    assert rows_of(last.text, "initiatives-heading", "initiatief") == initiatives + 30 - 50
    assert rows_of(last.text, "benefits-heading", "baat") == benefits + 30 - 50
    assert "page=3&amp;baten=2#benefits-heading" in last.text  # the benefits' previous
    assert "page=2&amp;baten=3#initiatives-heading" in last.text  # the initiatives' previous


def test_the_programme_lists_benefits_with_their_track_first_and_values_as_they_mean(
    login, members, programme_world
):
    """From 10 to 5 days: whole days, with the unit, as the report writes them; the track
    next to the name, where a phone shows it without scrolling the table."""
    programme = programme_world["programme"]
    benefit = BenefitFactory(
        initiative=InitiativeFactory(programme=programme), title="Doorlooptijd vergunning"
    )
    services.benefit_add_measurement(
        benefit=benefit, measured_on=datetime.date(2026, 6, 1), value=Decimal("7.36"), by=None
    )
    text = login(members[PM]).get(url("programme_detail", programme.pk)).text
    table = text[text.index('id="benefits-heading"') :]
    row = table[table.index("Doorlooptijd vergunning") :].split("</tr>")[0]
    assert ">7 dagen<" in row and "7,36" not in row and ">10 dagen<" in row
    header = table[: table.index("</thead>")]
    assert header.index("Voortgang") < header.index("Initiatief")

    # The benefit's own table keeps what was measured, and rounds what the plan expected
    # (10 - 5 x 516/730 = 6,47 days) as the values are rounded: whole days.
    text = login(members[PM]).get(url("benefit_detail", benefit.pk)).text
    [row] = re.findall(r'<td class="utrecht-table__cell">1 juni 2026</td>(.*?)</tr>', text)
    assert re.findall(r'mw-number">([^<]*)<', row) == ["7,36", "6"]


def test_an_owner_whose_role_has_ended_stays_the_owner_when_another_field_is_saved(
    members, programme_world
):
    programme = programme_world["programme"]
    organisation = programme.organisation
    former = MembershipFactory(organisation=organisation).user
    intervention = programme.interventions.first()
    intervention.owner = former
    intervention.save()
    Membership.objects.filter(user=former).delete()

    form = InterventionForm(
        {"status": intervention.status, "evidence": "Nieuw", "owner": former.pk},
        instance=intervention,
        organisation=organisation,
    )
    assert form["owner"].value() == former.pk
    assert form.is_valid(), form.errors
    assert form.save().owner == former
    # A user without a role here who does not own it now is still no choice.
    stranger = MembershipFactory(organisation=OrganisationFactory()).user
    form = InterventionForm(
        {"status": intervention.status, "evidence": "", "owner": stranger.pk},
        instance=intervention,
        organisation=organisation,
    )
    assert not form.is_valid()
    assert form.errors["owner"]


def test_a_refused_edit_keeps_the_stored_name_in_the_heading(login, members, programme_world):
    programme = programme_world["programme"]
    other = ProgrammeFactory(organisation=programme.organisation, name="Ander programma")
    initiative = programme_world["initiative"]
    taken = InitiativeFactory(programme=programme, title="Al genomen")
    client = login(members[PM])

    response = client.post(
        url("programme_edit", programme.pk),
        {"name": other.name, "owner": members[PM].pk, "start_date": "2026-01-01"},
    )
    assert response.status_code == 200
    assert programme.name in response.context["title"]
    assert other.name not in response.context["title"]

    response = client.post(
        url("initiative_edit", initiative.pk),
        {"title": taken.title, "owner": members[PM].pk, "start_date": "2026-01-01"},
    )
    assert response.status_code == 200
    assert initiative.title in response.context["title"]
    assert taken.title not in response.context["title"]
