"""Inclusion tied to the initiatives: the competences an initiative asks of people, its
people's skills gap, POP coverage and the actions done for it, on its page (per role,
with small groups hidden), on the programme's page, and the training attendance that
links itself."""

import dataclasses
import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from adoption.models import TrainingSession
from inclusion.actions import queries as pop_queries
from inclusion.actions.services import training_attendance_save
from inclusion.figures import MASK, SmallGroups
from inclusion.initiatives import queries
from inclusion.models import (
    ActionStatus,
    Assessment,
    Competence,
    Employee,
    InitiativeCompetence,
    SkillsAction,
    TargetLevel,
)
from organisations.models import Role
from tests.factories import (
    AdoptionTrackFactory,
    EmployeeFactory,
    InitiativeFactory,
    JobFactory,
    OrganisationUnitFactory,
    PopConversationFactory,
    SkillsActionFactory,
    TrainingSessionFactory,
)
from transformation.models import Initiative

pytestmark = pytest.mark.django_db

HR, ADMIN, DIRECTOR, PM = (
    Role.HR_ADVISER,
    Role.ORGANISATION_ADMIN,
    Role.DIRECTOR,
    Role.PROGRAMME_MANAGER,
)


def today():
    return timezone.localdate()


def days_ago(days):
    return today() - datetime.timedelta(days=days)


def competence(organisation, code):
    return Competence.objects.get(organisation=organisation, code=code)


def assess(employee, code, level, day):
    return Assessment.objects.create(
        organisation=employee.organisation,
        employee=employee,
        competence=competence(employee.organisation, code),
        level=level,
        assessed_on=day,
        source="hr",
    )


def ask(initiative, code, level=None):
    return InitiativeCompetence.objects.create(
        organisation=initiative.organisation,
        initiative=initiative,
        competence=competence(initiative.organisation, code),
        level=level,
    )


def staff(unit, job, count):
    return [EmployeeFactory(unit=unit, job=job) for _ in range(count)]


@pytest.fixture
def job(voorbeeldstad):
    job = JobFactory(organisation=voorbeeldstad, name="Medewerker publiekszaken")
    TargetLevel.objects.create(
        organisation=voorbeeldstad, job=job, competence=competence(voorbeeldstad, "2.1"), level=4
    )
    return job


@pytest.fixture
def initiative(programme_world, units):
    """The world's initiative, for units 0 and 1, started 120 days ago, asking 2.1 at
    the job's target level (4)."""
    initiative = programme_world["initiative"]
    initiative.start_date = days_ago(120)
    initiative.save()
    ask(initiative, "2.1")
    return initiative


@pytest.fixture
def people(units, job):
    """Ten in unit 0, six in unit 1, six in unit 2 (not the initiative's)."""
    return {index: staff(units[index], job, count) for index, count in ((0, 10), (1, 6), (2, 6))}


def counts_of(initiative, units):
    return {row.unit.pk: row for row in queries.unit_counts(initiative, units, today=today())}


# --- The gap ------------------------------------------------------------------------------------


def test_the_gap_takes_the_latest_assessment_now_and_three_months_ago(initiative, units, people):
    first, second, third, fourth = people[0][:4]
    # Below then, learnt since.
    assess(first, "2.1", 2, days_ago(200))
    assess(first, "2.1", 4, days_ago(10))
    # Below now, not assessed then: no gap then.
    assess(second, "2.1", 3, days_ago(10))
    # Below then and now.
    assess(third, "2.1", 2, days_ago(200))
    # At the target all along.
    assess(fourth, "2.1", 5, days_ago(200))
    # Another unit's employee is not the initiative's.
    assess(people[2][0], "2.1", 1, days_ago(200))

    rows = counts_of(initiative, initiative.units.all())
    assert set(rows) == {units[0].pk, units[1].pk}
    assert (rows[units[0].pk].people, rows[units[0].pk].below) == (10, 2)
    assert rows[units[0].pk].below_before == 2  # first and third
    assert rows[units[1].pk].below == 0


def test_the_initiatives_own_level_counts_over_the_jobs_target(initiative, units, people):
    employee = people[0][0]
    assess(employee, "2.1", 4, days_ago(10))
    assess(employee, "1.1", 3, days_ago(10))
    assert counts_of(initiative, units[:1])[units[0].pk].below == 0
    # 1.1 is in no job's target: only the initiative's level makes it a gap.
    ask(initiative, "1.1", level=5)
    assert counts_of(initiative, units[:1])[units[0].pk].below == 1
    InitiativeCompetence.objects.filter(initiative=initiative, competence__code="2.1").update(
        level=6
    )
    assert counts_of(initiative, units[:1])[units[0].pk].below == 1


def test_employees_who_left_are_not_counted(initiative, units, people):
    leaver = people[0][0]
    assess(leaver, "2.1", 1, days_ago(10))
    Employee.objects.filter(pk=leaver.pk).update(active=False)
    row = counts_of(initiative, units[:1])[units[0].pk]
    assert (row.people, row.below) == (9, 0)


# --- Actions for the initiative -----------------------------------------------------------------


def test_actions_serve_the_initiative_when_linked_or_for_its_units_since_its_start(
    initiative, units, people, voorbeeldstad, programme
):
    def action(**fields):
        return SkillsActionFactory(organisation=voorbeeldstad, **fields)

    linked = action(initiative=initiative, employees=people[0][:2])
    action(initiative=initiative, status=ActionStatus.PLANNED, employees=people[1][:1])
    whole_unit = action(unit=units[1], employees=people[1])
    # Before the initiative started, for another unit, cancelled, for another initiative.
    action(unit=units[0], held_on=days_ago(200), employees=people[0])
    action(unit=units[2], employees=people[2])
    action(initiative=initiative, status=ActionStatus.CANCELLED, employees=people[0])
    other = InitiativeFactory(programme=programme)
    action(initiative=other, employees=people[0][5:])

    assert queries.action_counts([initiative])[initiative.pk] == (2, 1)
    rows = counts_of(initiative, initiative.units.all())
    assert rows[units[0].pk].reached == 2
    assert rows[units[1].pk].reached == 6
    assert rows[units[1].pk].planned == 1
    assert {linked.pk, whole_unit.pk} <= set(SkillsAction.objects.values_list("pk", flat=True))


def test_the_programmes_count_of_people_reached_agrees_with_the_initiatives_page(
    initiative, units, people, voorbeeldstad, programme
):
    """The programme's page counts the people reached for all initiatives at once, from
    the actions' side; the initiative's page per unit, from the employees' side. Someone
    in a linked action and a whole-unit one counts once; a leaver, someone of another
    unit, and actions before the start or of another status do not count."""

    def action(**fields):
        return SkillsActionFactory(organisation=voorbeeldstad, **fields)

    action(initiative=initiative, employees=[*people[0][:3], people[1][0], people[2][0]])
    action(unit=units[1], held_on=days_ago(30), employees=people[1][:4])
    action(unit=units[0], held_on=days_ago(200), employees=people[0][3:])
    action(unit=units[0], status=ActionStatus.PLANNED, employees=people[0][3:])
    leaver = people[0][0]
    Employee.objects.filter(pk=leaver.pk).update(active=False)
    other = InitiativeFactory(programme=programme, start_date=days_ago(10))
    other.units.set([units[1]])

    both = Initiative.objects.filter(pk__in=[initiative.pk, other.pk])
    rows = {row.initiative.pk: row for row in queries.preparation(both, today=today())}
    per_unit = counts_of(initiative, initiative.units.all())
    assert rows[initiative.pk].reached == 2 + 4 == sum(row.reached for row in per_unit.values())
    # The whole-unit action of units[1] was held before `other` started.
    assert rows[other.pk].reached == 0


def test_training_attendance_serves_the_initiative_of_its_track(
    initiative, people, members, voorbeeldstad
):
    track = AdoptionTrackFactory(initiative=initiative)
    session = TrainingSessionFactory(track=track, held_on=days_ago(5))
    action = training_attendance_save(
        session=session, attendees=people[0][:3], shown=people[0], by=members[HR]
    )
    assert action.initiative == initiative
    # Saved again (more attendees), it keeps it; the trail has it.
    action = training_attendance_save(
        session=session, attendees=people[0][:5], shown=people[0], by=members[HR]
    )
    action.refresh_from_db()
    assert action.initiative == initiative
    assert action.history.first().initiative_id == initiative.pk


def test_the_migration_links_attendance_logged_before(initiative, people, voorbeeldstad):
    from importlib import import_module

    track = AdoptionTrackFactory(initiative=initiative)
    session = TrainingSessionFactory(track=track)
    action = SkillsActionFactory(organisation=voorbeeldstad, training_session=session)
    SkillsAction.objects.filter(pk=action.pk).update(initiative=None)
    migration = import_module("inclusion.migrations.0010_training_attendance_serves_its_initiative")
    migration.link(apps, None)
    action.refresh_from_db()
    assert action.initiative == initiative
    assert TrainingSession.objects.get(pk=session.pk).track.initiative == initiative


# --- The initiative's page ----------------------------------------------------------------------


def page(client, initiative):
    return client.get(reverse("transformation:initiative_detail", args=[initiative.pk]))


@pytest.fixture
def measured(initiative, people, voorbeeldstad, units):
    """Unit 0: three below the level asked; unit 1: one; a POP-gesprek and actions."""
    for employee in people[0][:3] + people[1][:1]:
        assess(employee, "2.1", 2, days_ago(10))
    for employee in people[0][:6]:
        PopConversationFactory(employee=employee, digital_skills=True)
    SkillsActionFactory(organisation=voorbeeldstad, initiative=initiative, employees=people[0][:7])
    SkillsActionFactory(organisation=voorbeeldstad, unit=units[1], employees=people[1])
    return initiative


@pytest.mark.parametrize("role", [PM, DIRECTOR], ids=str)
def test_programme_managers_and_directors_see_aggregates_with_small_groups_hidden(
    login, members, measured, units, role
):
    response = page(login(members[role]), measured)
    assert response.status_code == 200
    panel = next(p for t, p in response.context["panels"] if "initiatives" in t)
    rows = {row.unit.pk: row for row in panel["rows"]}
    assert str(rows[units[0].pk].people) == "10"
    # Three of ten below: fewer than five.
    assert rows[units[0].pk].below.hidden
    # Six of ten covered, but unit 1's none would follow from the total: hidden too.
    assert rows[units[0].pk].pop_covered.hidden
    # Six of six reached: its complement is small, so it is hidden too.
    assert rows[units[1].pk].reached.hidden
    # A column with a hidden unit has no total: another initiative over some of the same
    # units would subtract from it to the figure hidden here.
    for name in ("below", "pop_covered", "reached", "planned"):
        if any(getattr(row, name).hidden for row in rows.values()):
            assert getattr(panel["total"], name).hidden, name
    assert panel["total"].reached.hidden
    content = response.content.decode()
    assert "Collega" not in content
    assert "actions/nieuw" not in content and "?unit=" not in content
    choose = reverse("inclusion:initiatives:competences", args=[measured.pk])
    assert (choose in content) == (role == PM)


def test_a_column_with_a_hidden_unit_shows_no_total(
    login, members, initiative, units, job, voorbeeldstad
):
    """Ten of twenty reached in one unit, three of twelve in the other: the three are
    hidden, and the total too, though 13 alone gives neither back. Another initiative
    over the first unit only would show its ten, and 13 less 10 is the hidden three."""
    first, second = staff(units[0], job, 20), staff(units[1], job, 12)
    SkillsActionFactory(
        organisation=voorbeeldstad, initiative=initiative, employees=first[:10] + second[:3]
    )
    response = page(login(members[DIRECTOR]), initiative)
    panel = next(p for t, p in response.context["panels"] if "initiatives" in t)
    rows = {row.unit.pk: row for row in panel["rows"]}
    assert rows[units[1].pk].reached.hidden
    assert panel["total"].reached.count == 13 and panel["total"].reached.hidden
    hr = page(login(members[HR]), initiative)
    panel = next(p for t, p in hr.context["panels"] if "initiatives" in t)
    assert str(panel["total"].reached) == "13"


def test_a_units_size_hidden_on_the_coverage_page_is_hidden_here_too(
    login, members, initiative, units, job, voorbeeldstad
):
    """Beside the organisation's total, the coverage page hides a unit's size that would
    give a small unit away; the initiative's page, which shows some of the same units,
    hides the same sizes (and its own total with them)."""
    for index, count in ((0, 10), (1, 6), (2, 3)):
        staff(units[index], job, count)
    groups = SmallGroups.of(voorbeeldstad, exact=False)
    year = today().year
    coverage = pop_queries.coverage_table(groups, pop_queries.pop_coverage(voorbeeldstad, year))
    hidden_there = {row.unit.pk for row in coverage.rows if row.unit and row.active.hidden}
    assert units[1].pk in hidden_there
    response = page(login(members[DIRECTOR]), initiative)
    panel = next(p for t, p in response.context["panels"] if "initiatives" in t)
    rows = {row.unit.pk: row for row in panel["rows"]}
    assert rows[units[1].pk].people.hidden and panel["total"].people.hidden
    for pk, row in rows.items():
        assert row.people.hidden or pk not in hidden_there


def test_below_the_level_then_is_hidden_when_few_crossed_it(
    login, members, initiative, units, people, job
):
    """Unit 0: eleven of twenty below the level three months ago, eight now, each figure
    fine on its own; but the three who crossed the level are a small group, so the share
    of then is hidden beside the count of now (and unit 1's five of ten then, which
    the total of then would give back)."""
    unit_0 = people[0] + staff(units[0], job, 10)
    unit_1 = people[1] + staff(units[1], job, 4)
    for employee in unit_0[:11] + unit_1[:5]:
        assess(employee, "2.1", 2, days_ago(200))
    for employee in unit_0[:3]:
        assess(employee, "2.1", 4, days_ago(10))

    def rows(client):
        panel = next(p for t, p in page(client, initiative).context["panels"] if "initiatives" in t)
        return {row.unit.pk: row for row in panel["rows"]}

    director = rows(login(members[DIRECTOR]))
    assert (str(director[units[0].pk].below), str(director[units[1].pk].below)) == ("8", "5")
    assert str(director[units[0].pk].below_before_share) == MASK
    hr = rows(login(members[HR]))
    assert str(hr[units[0].pk].below_before_share) == "55%"


def test_hr_advisers_see_exact_figures_and_plan_actions_per_team(login, members, measured, units):
    response = page(login(members[HR]), measured)
    panel = next(p for t, p in response.context["panels"] if "initiatives" in t)
    rows = {row.unit.pk: row for row in panel["rows"]}
    assert str(rows[units[0].pk].below) == "3"
    assert str(rows[units[0].pk].below_share) == "30%"
    assert str(rows[units[1].pk].reached) == "6"
    plan = reverse("inclusion:actions:log") + f"?unit={units[0].pk}&amp;initiative={measured.pk}"
    content = response.content.decode()
    assert plan in content
    assert reverse("inclusion:initiatives:competences", args=[measured.pk]) in content


def test_an_initiative_without_competences_asks_for_them(login, members, programme_world):
    initiative = programme_world["initiative"]
    response = page(login(members[PM]), initiative)
    assert reverse("inclusion:initiatives:competences", args=[initiative.pk]) in (
        response.content.decode()
    )
    panel = next(p for t, p in response.context["panels"] if "initiatives" in t)
    assert panel["asked"] == []


def add_world(organisation, initiative, units, job, size):
    """`size` more employees in the initiative's units, each assessed twice, with actions
    and POP-gesprekken; and `size` more initiatives sharing the units."""
    new = [EmployeeFactory(unit=units[n % 2], job=job) for n in range(size)]
    for n, employee in enumerate(new):
        assess(employee, "2.1", 1 + n % 5, days_ago(200))
        assess(employee, "2.1", 2 + n % 5, days_ago(5))
        PopConversationFactory(employee=employee, digital_skills=n % 2 == 0)
    for n in range(size):
        SkillsActionFactory(organisation=organisation, initiative=initiative, employees=new[n:])
        SkillsActionFactory(organisation=organisation, unit=units[n % 2], employees=new[:n])
        other = InitiativeFactory(programme=initiative.programme, units=units[:2])
        ask(other, "2.1", level=3)


@pytest.mark.parametrize("role", [HR, PM, DIRECTOR], ids=str)
def test_the_initiative_page_runs_a_fixed_number_of_queries(
    login, members, initiative, units, job, voorbeeldstad, role, django_assert_max_num_queries
):
    client = login(members[role])
    add_world(voorbeeldstad, initiative, units, job, 2)
    with django_assert_max_num_queries(60) as small:
        assert page(client, initiative).status_code == 200
    add_world(voorbeeldstad, initiative, units, job, 25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = page(client, initiative)
    assert response.context["panels"][-1][1]["total"].people.count == 27


@pytest.mark.parametrize("role", [HR, PM], ids=str)
def test_the_programme_page_runs_a_fixed_number_of_queries(
    login,
    members,
    initiative,
    units,
    job,
    programme,
    voorbeeldstad,
    role,
    django_assert_max_num_queries,
):
    client = login(members[role])
    url = reverse("transformation:programme_detail", args=[programme.pk])
    add_world(voorbeeldstad, initiative, units, job, 2)
    with django_assert_max_num_queries(80) as small:
        assert client.get(url).status_code == 200
    add_world(voorbeeldstad, initiative, units, job, 25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    panel = next(p for t, p in response.context["panels"] if "initiatives" in t)
    # A page of them: 1 + 2 + 25 initiatives, 25 counted and shown at a time.
    assert len(panel["rows"]) == 25
    assert panel["page"].paginator.count == 1 + 2 + 25


# --- The programme's page -----------------------------------------------------------------------


def test_the_programme_page_shows_per_initiative_whether_its_people_are_prepared(
    login, members, initiative, people, units, voorbeeldstad, programme
):
    # Unit 0 and 1: 16 people; eight below three months ago, six of them learnt since.
    for employee in people[0][:8]:
        assess(employee, "2.1", 2, days_ago(200))
    for employee in people[0][:6]:
        assess(employee, "2.1", 4, days_ago(20))
    SkillsActionFactory(organisation=voorbeeldstad, initiative=initiative, employees=people[0])
    empty = InitiativeFactory(programme=programme, title="Zonder mensen")

    both = Initiative.objects.filter(pk__in=[initiative.pk, empty.pk])
    rows = {row.initiative.pk: row for row in queries.preparation(both, today=today())}
    row = rows[initiative.pk]
    assert (row.people, row.below, row.below_before, row.reached, row.actions_done) == (
        16,
        2,
        8,
        10,
        1,
    )
    assert rows[empty.pk].people == 0

    exact = queries.shown_preparation(SmallGroups.of(voorbeeldstad, exact=True), row)
    assert (str(exact.below_share), str(exact.below_before_share)) == ("12%", "50%")
    assert str(exact.reached_share) == "62%"
    assert exact.closing is True

    # Initiatives share units: per initiative a director sees the direction only, since
    # two initiatives' counts would subtract to one unit's, however small.
    shown = queries.shown_preparation(SmallGroups.of(voorbeeldstad, exact=False), row)
    assert all(
        str(figure) == MASK
        for figure in (shown.people, shown.below_share, shown.below_before_share)
    )
    assert str(shown.reached_share) == MASK
    assert shown.closing is True  # sixteen people: at least twice the threshold

    response = login(members[DIRECTOR]).get(
        reverse("transformation:programme_detail", args=[programme.pk])
    )
    content = response.content.decode()
    assert "Zonder mensen" in content
    assert "62%" not in content
    assert "slinkt: minder mensen onder het gevraagde niveau" in content

    response = login(members[HR]).get(
        reverse("transformation:programme_detail", args=[programme.pk])
    )
    assert "62%" in response.content.decode()


def test_the_direction_is_not_said_of_a_small_initiative(initiative, people, voorbeeldstad):
    row = queries.preparation(Initiative.objects.filter(pk=initiative.pk), today=today())[0]
    small = dataclasses.replace(row, people=9)
    groups = SmallGroups.of(voorbeeldstad, exact=False)
    assert queries.shown_preparation(groups, small).closing is None


# --- Choosing the competences -------------------------------------------------------------------


def competences_url(initiative):
    return reverse("inclusion:initiatives:competences", args=[initiative.pk])


@pytest.mark.parametrize("role", [PM, HR], ids=str)
def test_the_programme_manager_and_hr_choose_the_competences_asked(
    login, members, programme_world, voorbeeldstad, role
):
    initiative = programme_world["initiative"]
    client = login(members[role])
    assert client.get(competences_url(initiative)).status_code == 200
    field = f"competence_{competence(voorbeeldstad, '2.1').pk}"
    other = f"competence_{competence(voorbeeldstad, '1.1').pk}"
    response = client.post(competences_url(initiative), {field: "0", other: "5"})
    assert response.status_code == 302
    assert response["Location"].endswith("#inclusion")
    asked = dict(
        InitiativeCompetence.objects.filter(initiative=initiative).values_list(
            "competence__code", "level"
        )
    )
    assert asked == {"2.1": None, "1.1": 5}
    # Not asked any more: removed.
    client.post(competences_url(initiative), {field: "0"})
    assert InitiativeCompetence.objects.filter(initiative=initiative).count() == 1


def test_a_level_that_does_not_exist_is_refused_at_the_field(
    login, members, programme_world, voorbeeldstad
):
    initiative = programme_world["initiative"]
    field = f"competence_{competence(voorbeeldstad, '2.1').pk}"
    response = login(members[PM]).post(competences_url(initiative), {field: "9"})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not InitiativeCompetence.objects.exists()


def test_directors_do_not_choose_competences(login, members, programme_world):
    response = login(members[DIRECTOR]).get(competences_url(programme_world["initiative"]))
    assert response.status_code == 403


def test_another_organisations_initiative_is_not_found(login, other_members, programme_world):
    response = login(other_members[PM]).get(competences_url(programme_world["initiative"]))
    assert response.status_code == 404


def test_a_competence_is_asked_once_per_initiative(programme_world):
    from django.db import IntegrityError, transaction

    initiative = programme_world["initiative"]
    ask(initiative, "2.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ask(initiative, "2.1", level=3)


def test_units_without_employees_say_so(login, members, programme_world, voorbeeldstad):
    initiative = InitiativeFactory(
        programme=programme_world["programme"],
        units=[OrganisationUnitFactory(organisation=voorbeeldstad)],
    )
    response = page(login(members[DIRECTOR]), initiative)
    assert "Geen van de organisatieonderdelen van het initiatief" in response.content.decode()
