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
    html = str(form["unit"])
    assert all(f'<option value="{unit.pk}"' in html for unit in units)
    assert f'<option value="{theirs.pk}"' not in html and '<option value=""' in html
    assert form.values() == {"unit": units[0].pk}


def test_a_unit_filter_needs_the_organisation():
    with pytest.raises(TypeError):
        Units(QueryDict(""))


# --- The unit filter of a large organisation: a search box ---------------------------------------


@pytest.fixture
def many_units(voorbeeldstad, monkeypatch):
    """Above the select's limit (three here): a directorate with a department of teams."""
    from organisations import forms as organisation_forms
    from organisations.models import UnitKind

    monkeypatch.setattr(organisation_forms, "SELECT_MAX", 3)
    directorate = OrganisationUnitFactory(
        organisation=voorbeeldstad, name="Directie Dienstverlening", kind=UnitKind.DIRECTORATE
    )
    department = OrganisationUnitFactory(
        organisation=voorbeeldstad,
        name="Afdeling Burgerzaken",
        kind=UnitKind.DEPARTMENT,
        parent=directorate,
    )
    teams = [
        OrganisationUnitFactory(
            organisation=voorbeeldstad, name=name, kind=UnitKind.TEAM, parent=department
        )
        for name in ("Team Balie", "Team Reisdocumenten", "Team Burgerzaken Noord")
    ]
    return {"directorate": directorate, "department": department, "teams": teams}


def test_a_small_organisations_unit_filter_is_a_select(voorbeeldstad, units):
    html = str(Units(QueryDict(f"unit={units[1].pk}"), organisation=voorbeeldstad)["unit"])
    assert "<select" in html and f'value="{units[1].pk}" selected' in html
    assert 'role="combobox"' not in html


def test_a_large_organisations_unit_filter_is_a_search_box(voorbeeldstad, many_units):
    balie = many_units["teams"][0]
    form = Units(QueryDict(f"unit={balie.pk}"), organisation=voorbeeldstad)
    assert form.values() == {"unit": balie.pk}  # a link with the unit alone
    html = str(form["unit"])
    assert "<select" not in html and "<option" not in html
    assert 'role="combobox"' in html and 'aria-controls="filter-unit-options"' in html
    assert f'name="unit" id="filter-unit-value" value="{balie.pk}"' in html
    assert 'name="unit_search"' in html and 'value="Team Balie"' in html


@pytest.mark.parametrize(
    ("query", "expected", "offered"),
    [
        # Chosen from the list: the box shows its name.
        ("unit=BALIE&unit_search=Team+Balie", "BALIE", None),
        # Chosen without JavaScript from the matches offered for "burger".
        ("unit=NOORD&unit_search=burger", "NOORD", None),
        # The box changed after a choice: the text counts.
        ("unit=BALIE&unit_search=reisdoc", "REIS", None),
        # A text that names one unit, in any case.
        ("unit=&unit_search=REISDOC", "REIS", None),
        # The exact name of one of several matches.
        ("unit=&unit_search=afdeling+burgerzaken", "DEPARTMENT", None),
        # Several: all units, and the matches offered.
        ("unit=&unit_search=burger", None, ["Afdeling Burgerzaken", "Team Burgerzaken Noord"]),
        # None: all units, and nothing offered.
        ("unit=&unit_search=zwembad", None, []),
        # An empty box is all units, whatever was chosen before.
        ("unit=BALIE&unit_search=", None, None),
    ],
)
def test_the_search_box_resolves_to_one_unit_or_offers_the_matches(
    voorbeeldstad, many_units, query, expected, offered
):
    balie, reis, noord = many_units["teams"]
    ids = {"BALIE": balie.pk, "REIS": reis.pk, "NOORD": noord.pk}
    ids["DEPARTMENT"] = many_units["department"].pk
    for name, pk in ids.items():
        query = query.replace(f"unit={name}&", f"unit={pk}&")
    form = Units(QueryDict(query), organisation=voorbeeldstad)
    assert form.values().get("unit") == (ids[expected] if expected else None)
    widget = form.fields["unit"].widget
    assert (None if widget.matches is None else [u["name"] for u in widget.matches]) == offered
    html = str(form["unit"])
    if offered:
        # Without JavaScript: radio buttons named "unit", and no hidden one beside them.
        assert html.count('type="radio" ') == len(offered) and 'type="hidden"' not in html
        assert "Directie Dienstverlening \u203a Afdeling Burgerzaken" in html
    if expected:
        assert f'value="{ids[expected]}"' in html


def test_another_organisations_unit_is_never_found(voorbeeldstad, buurdorp, many_units):
    OrganisationUnitFactory(organisation=buurdorp, name="Team Reisdocumenten Buurdorp")
    form = Units(QueryDict("unit_search=reisdoc"), organisation=voorbeeldstad)
    assert form.values().get("unit") == many_units["teams"][1].pk
    theirs = OrganisationUnitFactory(organisation=buurdorp, name="Team Balie 2")
    form = Units(
        QueryDict(f"unit={theirs.pk}&unit_search=Team+Balie+2"), organisation=voorbeeldstad
    )
    assert form.values().get("unit") is None


def test_the_search_box_offers_at_most_twenty_matches_as_one_types(
    login, members, voorbeeldstad, buurdorp, many_units, django_assert_max_num_queries
):
    from django.urls import reverse

    from organisations.models import Role

    for n in range(25):
        OrganisationUnitFactory(organisation=voorbeeldstad, name=f"Team Wijk {n:02d}")
    OrganisationUnitFactory(organisation=buurdorp, name="Team Wijk Buurdorp")
    client = login(members[Role.DIRECTOR])
    answer = reverse("organisations:unit_options")
    with django_assert_max_num_queries(12):
        response = client.get(
            answer, {"field": "filter-unit", "search": "unit_search", "unit_search": "wijk"}
        )
    assert response.status_code == 200
    assert response.text.count('role="option"') == 20
    assert 'id="filter-unit-options"' in response.text and "Buurdorp" not in response.text
    assert 'id="filter-unit-status"' in response.text and "hx-swap-oob" in response.text
    assert "Team Wijk 00" in response.text and "Team Wijk 20" not in response.text
    one = client.get(
        answer, {"field": "filter-unit", "search": "unit_search", "unit_search": "balie"}
    )
    assert 'data-name="Team Balie"' in one.text
    assert "Directie Dienstverlening \u203a Afdeling Burgerzaken" in one.text
    # A field id that is not one is refused.
    assert client.get(answer, {"field": '"><script>', "search": "unit_search"}).status_code == 404
    # So is a parameter that is not a search box's.
    assert (
        client.get(answer, {"field": "filter-unit", "search": "csrfmiddlewaretoken"}).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("value", "fits"),
    [
        ("1", True),
        (str(2**63 - 1), True),
        (str(2**63), False),
        ("9" * 25, False),
        ("²", False),
        ("٣", False),
        ("", False),
        (None, False),
        ("-1", False),
        ("1.0", False),
    ],
)
def test_an_id_is_ascii_digits_no_larger_than_a_row_can_have(value, fits):
    from organisations.forms import is_id

    assert is_id(value) is fits


@pytest.mark.parametrize("value", ["9" * 25, str(2**63), "²"])
@pytest.mark.parametrize(
    ("name", "parameter", "role"),
    [
        ("inclusion:actions:list", "unit", "hr"),
        ("inclusion:employees:list", "unit", "hr"),
        ("inclusion:employees:list", "job", "hr"),
    ],
)
@pytest.mark.django_db
def test_a_number_no_row_can_have_is_left_out_of_a_list_filter(
    login, members, employees, name, parameter, role, value
):
    """Typed into the address by hand: PostgreSQL finds nothing, and SQLite refused to
    compare with it at all (a 500)."""
    from django.urls import reverse

    from organisations.models import Role

    client = login(members[Role.HR_ADVISER])
    for query in (f"{parameter}={value}", f"{parameter}={value}&{parameter}_search=Nergens"):
        response = client.get(f"{reverse(name)}?{query}")
        assert response.status_code == 200
        context = response.context
        [form] = {
            id(context[key]): context[key]
            for key in context.keys()  # noqa: SIM118 (a ContextList iterates its contexts)
            if isinstance(context[key], FilterForm)
        }.values()
        assert form.values().get(parameter) is None


@pytest.mark.parametrize("value", ["²", "9" * 25])
@pytest.mark.django_db
def test_an_id_in_an_address_that_no_row_can_have_is_ignored(login, members, adoption_world, value):
    """Each page that reads an id from its address: the value is left out (the page as
    without it), never a 500; "²" counts as a digit to Python but is no number to int()."""
    from django.urls import reverse

    from organisations.models import Role

    programme = adoption_world["programme"]
    pages = [
        (Role.PROGRAMME_MANAGER, reverse("transformation:vision_create"), {"based_on": value}),
        (Role.PROGRAMME_MANAGER, reverse("adoption:board", args=[programme.pk]), {"stap": value}),
        (Role.ORGANISATION_ADMIN, reverse("adoption:checklist_create"), {"fase": value}),
        (Role.DIRECTOR, reverse("reports:overview"), {"open": f"1,{value}"}),
        (Role.DIRECTOR, reverse("reports:request", args=["management"]), {"programme": value}),
        (Role.HR_ADVISER, reverse("inclusion:actions:log"), {"unit": value}),
        (Role.HR_ADVISER, reverse("inclusion:actions:log"), {"competences": value}),
        (Role.HR_ADVISER, reverse("inclusion:actions:log"), {"initiative": value}),
        (Role.HR_ADVISER, reverse("inclusion:actions:log"), {"employees": value}),
        (Role.HR_ADVISER, reverse("inclusion:actions:employee_search"), {"unit": value}),
        (Role.HR_ADVISER, reverse("inclusion:actions:employee_search"), {"employees": value}),
    ]
    for role, address, query in pages:
        response = login(members[role]).get(address, query)
        assert response.status_code == 200, (address, query)
