"""The days of each employee's latest done and latest planned action, kept beside the
actions so that "developing in the past twelve months" and "anything planned" are one
join: every way an action is logged, corrected, given a status, attended or deleted
keeps them right."""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps as django_apps
from django.db.models import Max

from inclusion.actions import services
from inclusion.metamorphosis.evidence import developing
from inclusion.models import ActionDays, ActionKind, ActionStatus, Employee, SkillsAction
from organisations.models import Role
from tests.factories import ProgrammeFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
HR = Role.HR_ADVISER


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def kept(organisation, field="done_on") -> dict[int, datetime.date]:
    """{employee id: day} of those with one."""
    return dict(
        ActionDays.objects.filter(
            employee__organisation=organisation, **{f"{field}__isnull": False}
        ).values_list("employee_id", field)
    )


def worked_out(organisation, status=ActionStatus.DONE) -> dict[int, datetime.date]:
    """The same, from the actions themselves."""
    return dict(
        SkillsAction.employees.through.objects.filter(
            employee__organisation=organisation, skillsaction__status=status
        )
        .values("employee_id")
        .annotate(day=Max("skillsaction__held_on"))
        .values_list("employee_id", "day")
    )


def planned(organisation) -> dict[int, datetime.date]:
    return kept(organisation, "planned_until")


def log(organisation, by, people, day, status=ActionStatus.DONE):
    return services.skills_action_log(
        organisation=organisation,
        by=by,
        kind=ActionKind.INTERVISIE,
        held_on=day,
        employees=people,
        status=status,
    )


@time_machine.travel(TODAY, tick=False)
def test_every_write_of_an_action_keeps_the_day_right(voorbeeldstad, members, employees):
    hr = members[HR]
    first, second, third = employees[1], employees[2], employees[3]

    older = log(voorbeeldstad, hr, [first, second], days(-100))
    assert kept(voorbeeldstad) == {first.pk: days(-100), second.pk: days(-100)}
    ahead = log(voorbeeldstad, hr, [first], days(20), status=ActionStatus.PLANNED)
    assert kept(voorbeeldstad)[first.pk] == days(-100), "a planned action is not development"
    assert planned(voorbeeldstad) == {first.pk: days(20)}

    newer = log(voorbeeldstad, hr, [first], days(-10))
    assert kept(voorbeeldstad)[first.pk] == days(-10)

    # Corrected: another day, another employee in place of one.
    services.skills_action_update(
        action=newer,
        by=hr,
        kind=ActionKind.INTERVISIE,
        held_on=days(-5),
        employees=[third],
    )
    assert kept(voorbeeldstad) == {
        first.pk: days(-100),
        second.pk: days(-100),
        third.pk: days(-5),
    }

    # Done and back to planned in bulk.
    services.skills_actions_set_status(actions=[older], status=ActionStatus.PLANNED, by=hr)
    assert kept(voorbeeldstad) == {third.pk: days(-5)}
    assert planned(voorbeeldstad) == worked_out(voorbeeldstad, ActionStatus.PLANNED)
    assert planned(voorbeeldstad)[second.pk] == days(-100)
    services.skills_actions_set_status(actions=[older], status=ActionStatus.DONE, by=hr)
    assert kept(voorbeeldstad) == worked_out(voorbeeldstad)
    services.skills_actions_set_status(actions=[ahead], status=ActionStatus.CANCELLED, by=hr)
    assert planned(voorbeeldstad) == {}

    services.skills_action_delete(action=newer, by=hr, reason="Dubbel ingevoerd")
    assert third.pk not in kept(voorbeeldstad)
    assert kept(voorbeeldstad) == worked_out(voorbeeldstad)
    assert ActionDays.objects.filter(done_on=None, planned_until=None).count() == 0


@time_machine.travel(TODAY, tick=False)
def test_attendance_keeps_the_day_of_who_came_and_who_did_not(voorbeeldstad, members, employees):
    session = TrainingSessionFactory(
        track__initiative__programme=ProgrammeFactory(organisation=voorbeeldstad),
        held_on=days(-3),
    )
    came, stayed_away = employees[1], employees[2]
    services.training_attendance_save(
        session=session, attendees=[came, stayed_away], shown=employees, by=members[HR]
    )
    assert kept(voorbeeldstad) == {came.pk: days(-3), stayed_away.pk: days(-3)}
    services.training_attendance_save(
        session=session, attendees=[came], shown=employees, by=members[HR]
    )
    assert kept(voorbeeldstad) == {came.pk: days(-3)}


@time_machine.travel(TODAY, tick=False)
def test_the_demo_actions_are_kept_for_every_employee(voorbeeldstad, members, employees):
    from inclusion.actions import demo

    demo.seed(voorbeeldstad, {"hr": members[HR]})
    assert kept(voorbeeldstad)
    assert kept(voorbeeldstad) == worked_out(voorbeeldstad)
    assert planned(voorbeeldstad) == worked_out(voorbeeldstad, ActionStatus.PLANNED)


@time_machine.travel(TODAY, tick=False)
def test_developing_is_who_the_actions_of_the_twelve_months_up_to_a_day_name(
    voorbeeldstad, members, employees
):
    """Also on a day in the past, when a later done action is someone's latest."""
    hr = members[HR]
    log(voorbeeldstad, hr, [employees[1]], days(-400))
    log(voorbeeldstad, hr, [employees[2]], days(-30))
    log(voorbeeldstad, hr, [employees[3]], days(-200))
    log(voorbeeldstad, hr, [employees[3], employees[4]], days(-1))
    log(voorbeeldstad, hr, [employees[5]], days(5))
    log(voorbeeldstad, hr, [employees[0]], days(-3), status=ActionStatus.PLANNED)

    def looked_up(day) -> set[Employee]:
        return set(
            Employee.objects.filter(
                organisation=voorbeeldstad,
                skills_actions__status=ActionStatus.DONE,
                skills_actions__held_on__gt=day - datetime.timedelta(days=365),
                skills_actions__held_on__lte=day,
            )
        )

    for day in (days(-500), days(-250), days(-100), days(-10), days(-1), TODAY, days(30)):
        found = set(Employee.objects.filter(organisation=voorbeeldstad).filter(developing(day)))
        assert found == looked_up(day), day
    assert len(looked_up(TODAY)) == 3
    assert len(looked_up(days(-100))) == 2


def test_the_migration_makes_the_rows_from_the_actions(voorbeeldstad, members, employees):
    log(voorbeeldstad, members[HR], [employees[1]], datetime.date(2026, 1, 5))
    log(voorbeeldstad, members[HR], [employees[1], employees[2]], datetime.date(2026, 2, 5))
    log(voorbeeldstad, members[HR], [employees[3]], datetime.date(2026, 9, 5), ActionStatus.PLANNED)
    ActionDays.objects.all().delete()
    migration = importlib.import_module("inclusion.migrations.0015_action_days")
    migration.make(django_apps, None)
    assert kept(voorbeeldstad) == {
        employees[1].pk: datetime.date(2026, 2, 5),
        employees[2].pk: datetime.date(2026, 2, 5),
    }
    assert planned(voorbeeldstad) == {employees[3].pk: datetime.date(2026, 9, 5)}


def test_any_write_through_the_models_keeps_the_day(voorbeeldstad, members, employees):
    """The admin, a shell or a factory: the model and its employees keep it too."""
    first, second = employees[1], employees[2]
    action = SkillsAction.objects.create(
        organisation=voorbeeldstad,
        kind=ActionKind.TRAINING,
        held_on=datetime.date(2026, 3, 1),
        status=ActionStatus.DONE,
    )
    action.employees.add(first, second)
    assert (
        kept(voorbeeldstad)
        == worked_out(voorbeeldstad)
        == {
            first.pk: datetime.date(2026, 3, 1),
            second.pk: datetime.date(2026, 3, 1),
        }
    )
    action.employees.remove(second)
    assert kept(voorbeeldstad) == {first.pk: datetime.date(2026, 3, 1)}
    second.skills_actions.add(action)
    action.held_on = datetime.date(2026, 4, 1)
    action.save()
    assert set(kept(voorbeeldstad).values()) == {datetime.date(2026, 4, 1)}
    action.employees.clear()
    assert kept(voorbeeldstad) == {}
    action.employees.set([first])
    action.delete()
    assert kept(voorbeeldstad) == {}
