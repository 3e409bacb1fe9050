"""Erasure (AVG art. 17): an HR adviser anonymises someone who has left, with a
reason; nothing says who they were any more, and every figure stays the same."""

import datetime

import pytest
from django.urls import reverse

from inclusion import hooks
from inclusion.actions import queries as actions
from inclusion.employees import services
from inclusion.figures import SmallGroups
from inclusion.models import AccessAction, AccessLogEntry, Employee, log_access
from inclusion.skills import queries as skills
from organisations.models import Role
from reports.models import ReportRequest
from tests.factories import (
    MobilityTrajectoryFactory,
    PopConversationFactory,
    ReportRequestFactory,
    SkillsActionFactory,
)

HR = Role.HR_ADVISER


@pytest.fixture
def leaver(employees, members):
    """Someone who left, with a POP-gesprek, a trajectory, an action of their own and
    one with a colleague, and a look at their record in the access log."""
    employee = employees[1]
    employee.active, employee.left_on = False, datetime.date(2026, 6, 30)
    employee.save()
    PopConversationFactory(employee=employee, digital_skills=True, agreements="Wil naar ICT")
    MobilityTrajectoryFactory(employee=employee, outcome="Naar de gemeente Buurdorp")
    SkillsActionFactory(
        organisation=employee.organisation, employees=[employee], notes="Moeite met Teams"
    )
    SkillsActionFactory(
        organisation=employee.organisation,
        employees=[employee, employees[2]],
        notes="Teamdag",
    )
    log_access(
        user=members[HR],
        organisation=employee.organisation,
        action=AccessAction.VIEW,
        employee=employee,
    )
    return employee


def figures(organisation) -> tuple:
    exact = SmallGroups.of(organisation, exact=True)
    coverage = actions.pop_coverage_total(organisation, datetime.date.today().year)
    heat = skills.heatmap(organisation, groups=exact)
    return (
        coverage,
        [(row.employees, [cell.count for cell in row.cells]) for row in heat.rows],
        Employee.objects.filter(organisation=organisation).count(),
    )


def test_anonymising_removes_who_they_were_and_keeps_the_figures(login, members, leaver):
    before = figures(leaver.organisation)
    old = (leaver.name, leaver.email, leaver.personnel_number)
    url = reverse("inclusion:employees:anonymise", args=[leaver.pk])
    client = login(members[HR])
    assert client.get(url).status_code == 200

    response = client.post(url, {"reason": "Verzoek van 3 maart", "confirm": "on"})
    assert response.status_code == 302
    leaver.refresh_from_db()
    assert leaver.anonymised_at is not None and leaver.anonymisation_reason == "Verzoek van 3 maart"
    assert old[0] not in leaver.name and leaver.email == "" and leaver.manager is None
    assert leaver.personnel_number != old[2]
    assert leaver.pop_conversations.get().agreements == ""
    assert leaver.trajectories.get().outcome == ""
    notes = sorted(action.notes for action in leaver.skills_actions.all())
    assert notes == ["", "Teamdag"], "a group's notes are not about them alone"
    assert not Employee.history.filter(id=leaver.pk).exists()
    assert not leaver.pop_conversations.model.history.filter(employee_id=leaver.pk).exists()
    assert not AccessLogEntry.objects.filter(personnel_number=old[2]).exists()
    erased = AccessLogEntry.objects.get(action=AccessAction.ERASE)
    assert erased.detail == "Verzoek van 3 maart" and erased.user == members[HR]
    assert figures(leaver.organisation) == before

    page = client.get(reverse("inclusion:employees:detail", args=[leaver.pk])).text
    for detail in filter(None, old):
        assert detail not in page
    assert "Verzoek van 3 maart" in page


def test_without_a_reason_and_confirmation_nothing_changes(login, members, leaver):
    url = reverse("inclusion:employees:anonymise", args=[leaver.pk])
    response = login(members[HR]).post(url, {"reason": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"reason", "confirm"}
    leaver.refresh_from_db()
    assert leaver.anonymised_at is None and leaver.name == "Medewerker 0"


def test_someone_who_works_here_is_not_anonymised(login, members, employees):
    employee = employees[2]
    url = reverse("inclusion:employees:anonymise", args=[employee.pk])
    response = login(members[HR]).post(url, {"reason": "Verzoek", "confirm": "on"})
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.anonymised_at is None
    with pytest.raises(services.ValidationError):
        services.employee_anonymise(employee=employee, reason="Verzoek")


def test_an_anonymised_employee_cannot_be_changed_or_anonymised_again(login, members, leaver):
    services.employee_anonymise(employee=leaver, reason="Bewaartermijn", by=members[HR])
    client = login(members[HR])
    edit = client.get(reverse("inclusion:employees:edit", args=[leaver.pk]))
    assert edit.status_code == 302
    again = client.get(reverse("inclusion:employees:anonymise", args=[leaver.pk]))
    assert again.status_code == 302
    with pytest.raises(services.ValidationError):
        services.employee_anonymise(employee=leaver, reason="Nog eens")


def test_the_hr_reports_that_name_them_are_deleted(leaver, employees):
    organisation = leaver.organisation
    naming = ReportRequestFactory(
        organisation=organisation,
        kind="hr",
        done=True,
        snapshot={"trajectories": {"listed": [{"employee": leaver.pk}]}},
    )
    other = ReportRequestFactory(
        organisation=organisation,
        kind="hr",
        done=True,
        snapshot={"trajectories": {"listed": [{"employee": employees[2].pk}]}},
    )
    management = ReportRequestFactory(organisation=organisation, done=True)
    services.employee_anonymise(employee=leaver, reason="Verzoek")
    remaining = set(ReportRequest.objects.values_list("pk", flat=True))
    assert remaining == {other.pk, management.pk} and naming.pk not in remaining


def test_a_failure_half_way_leaves_everything_as_it_was(leaver):
    def fail(employee):
        raise RuntimeError("storage unavailable")

    hooks.employee_anonymised.append(fail)
    try:
        with pytest.raises(RuntimeError):
            services.employee_anonymise(employee=leaver, reason="Verzoek")
    finally:
        hooks.employee_anonymised.remove(fail)
    leaver.refresh_from_db()
    assert leaver.anonymised_at is None and leaver.name == "Medewerker 0"
    assert leaver.pop_conversations.get().agreements == "Wil naar ICT"
    assert not AccessLogEntry.objects.filter(action=AccessAction.ERASE).exists()


def test_the_anonymise_page_takes_a_fixed_number_of_queries(
    login, members, leaver, employees, django_assert_max_num_queries
):
    client = login(members[HR])
    url = reverse("inclusion:employees:anonymise", args=[leaver.pk])
    with django_assert_max_num_queries(25) as few:
        assert client.get(url).status_code == 200
    for year in range(2015, 2020):
        PopConversationFactory(employee=employees[3], held_on=datetime.date(year, 3, 1))
        SkillsActionFactory(organisation=leaver.organisation, employees=[leaver, employees[3]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
