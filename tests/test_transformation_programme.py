"""The programme: making one, its initiatives filtered and sorted, and the five
interventions edited in place."""

import datetime

import pytest
from django.utils import timezone

from organisations.models import Role
from tests.factories import InitiativeFactory
from tests.helpers import HTMX, urls_of
from transformation.models import RAG, InterventionChange, InterventionStatus

pytestmark = pytest.mark.django_db

PM, DIRECTOR, HR = Role.PROGRAMME_MANAGER, Role.DIRECTOR, Role.HR_ADVISER

url = urls_of("transformation")


# --- Programme ----------------------------------------------------------------------------------


def test_a_programme_has_no_end_date_by_default_and_starts_with_five_interventions(
    login, members, voorbeeldstad
):
    response = login(members[PM]).post(
        url("programme_create"),
        {
            "name": "Digitaal werken 2027",
            "aim": "Samen digitaal",
            "owner": members[PM].pk,
            "start_date": "2025-01-06",
        },
    )
    assert response.status_code == 302
    programme = voorbeeldstad.programme_set.get()
    assert programme.end_date is None
    assert programme.interventions.count() == 5


def test_the_end_date_help_says_why_it_is_optional(login, members, voorbeeldstad):
    response = login(members[PM]).get(url("programme_create"))
    assert "functiemetamorfose" in response.text.lower()


def test_an_end_before_the_start_is_refused_at_the_field(login, members, voorbeeldstad):
    response = login(members[PM]).post(
        url("programme_create"),
        {
            "name": "P",
            "aim": "A",
            "owner": members[PM].pk,
            "start_date": "2025-01-06",
            "end_date": "2024-01-06",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]


def test_the_owner_must_belong_to_the_organisation(login, members, other_members, voorbeeldstad):
    response = login(members[PM]).post(
        url("programme_create"),
        {
            "name": "P",
            "aim": "A",
            "owner": other_members[PM].pk,
            "start_date": "2025-01-06",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["owner"]


@pytest.fixture
def dashboard(programme_world, members, units):
    programme = programme_world["programme"]
    red = InitiativeFactory(
        programme=programme,
        title="Zaakgericht werken",
        status=RAG.RED,
        status_reason="Vertraagd",
        owner=members[HR],
        units=[units[2]],
    )
    return programme, red


def test_the_programme_filters_by_status_unit_and_owner(login, members, dashboard, units):
    programme, red = dashboard
    client = login(members[DIRECTOR])
    response = client.get(url("programme_detail", programme.pk), {"status": "red"})
    assert [i.title for i in response.context["initiatives"]] == ["Zaakgericht werken"]
    response = client.get(url("programme_detail", programme.pk), {"unit": units[0].pk})
    assert red not in response.context["initiatives"]
    response = client.get(url("programme_detail", programme.pk), {"owner": members[HR].pk})
    assert response.context["initiatives"] == [red]


def test_the_programme_sorts_worst_first_by_default(login, members, dashboard):
    programme, red = dashboard
    response = login(members[DIRECTOR]).get(url("programme_detail", programme.pk))
    assert response.context["initiatives"][0] == red
    response = login(members[DIRECTOR]).get(
        url("programme_detail", programme.pk), {"sort": "title"}
    )
    titles = [i.title for i in response.context["initiatives"]]
    assert titles == sorted(titles, key=str.lower)


def test_the_programme_sorts_by_owner_as_shown_and_by_start_then_title(
    login, members, dashboard, programme_world
):
    programme, red = dashboard
    programme.initiatives.exclude(pk=red.pk).delete()
    start = datetime.date(2026, 3, 2)
    members[PM].first_name, members[PM].last_name = "Anna", "Zwart"
    members[PM].save()
    members[HR].first_name, members[HR].last_name = "bram", "Acker"
    members[HR].save()
    for title, owner, day in (
        ("b zonder eigenaar", None, start),
        ("a zonder eigenaar", None, start + datetime.timedelta(days=9)),
        ("Bram zijn tweede", members[HR], start - datetime.timedelta(days=9)),
        ("Anna", members[PM], start),
    ):
        InitiativeFactory(programme=programme, title=title, owner=owner, start_date=day)
    red.start_date = start
    red.save()
    client = login(members[DIRECTOR])

    def titles(sort: str) -> list[str]:
        response = client.get(url("programme_detail", programme.pk), {"sort": sort})
        return [i.title for i in response.context["initiatives"]]

    # "Anna Zwart" before "bram Acker" whatever the case; without an owner first.
    assert titles("owner") == [
        "a zonder eigenaar",
        "b zonder eigenaar",
        "Anna",
        "Bram zijn tweede",
        "Zaakgericht werken",
    ]
    assert titles("start") == [
        "Bram zijn tweede",
        "Anna",
        "b zonder eigenaar",
        "Zaakgericht werken",
        "a zonder eigenaar",
    ]


def test_an_htmx_filter_request_gets_only_the_list(login, members, dashboard):
    programme, _ = dashboard
    response = login(members[DIRECTOR]).get(
        url("programme_detail", programme.pk), {"status": "red"}, headers=HTMX
    )
    assert response.text.lstrip().startswith('<div id="initiatives"')
    assert "<html" not in response.text
    assert "Zaakgericht werken" in response.text


def test_unknown_filter_values_are_ignored(login, members, dashboard):
    programme, _ = dashboard
    response = login(members[DIRECTOR]).get(
        url("programme_detail", programme.pk), {"status": "purple", "unit": "x", "sort": "?"}
    )
    assert response.status_code == 200
    assert len(response.context["initiatives"]) == 2


# --- The five interventions ---------------------------------------------------------------------


def test_hr_adviser_edits_only_the_evidence_and_it_is_kept_in_the_history(
    login, members, programme_world
):
    intervention = programme_world["intervention"]
    prefix = f"intervention-{intervention.pk}"
    client = login(members[HR])
    form = client.get(url("intervention_edit", intervention.pk)).context["form"]
    assert set(form.fields) == {"evidence", "last_reviewed_on"}

    response = client.post(
        url("intervention_edit", intervention.pk),
        {f"{prefix}-evidence": "HR zit in het programmateam", f"{prefix}-status": "anchored"},
    )
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert intervention.evidence == "HR zit in het programmateam"
    assert intervention.status == InterventionStatus.NOT_STARTED, "HR cannot change the status"
    change = InterventionChange.objects.get(intervention=intervention)
    assert change.changed_by == members[HR]
    assert change.changed_fields == ["evidence"]


def test_inline_editing_answers_htmx_with_the_row(login, members, programme_world):
    intervention = programme_world["intervention"]
    prefix = f"intervention-{intervention.pk}"
    client = login(members[PM])
    edit = client.get(url("intervention_edit", intervention.pk), headers=HTMX)
    assert edit.text.lstrip().startswith("<tr")
    assert f'name="{prefix}-status"' in edit.text

    response = client.post(
        url("intervention_edit", intervention.pk),
        {f"{prefix}-status": "in_progress", f"{prefix}-evidence": "Gestart"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<tr")
    assert 'role="status"' in response.text
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.IN_PROGRESS


def test_a_review_date_in_the_future_is_refused_inline(login, members, programme_world):
    intervention = programme_world["intervention"]
    prefix = f"intervention-{intervention.pk}"
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = login(members[PM]).post(
        url("intervention_edit", intervention.pk),
        {f"{prefix}-status": "anchored", f"{prefix}-last_reviewed_on": future},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "<form" in response.text and 'aria-invalid="true"' in response.text
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.NOT_STARTED
    assert not InterventionChange.objects.exists()
