"""The demo organisations, as `make run` loads them.

Seeding the demo is the slowest thing a test can do (it also makes last month's
reports), so it is seeded once for this module; each test runs in a savepoint of
its own, and may change or seed again what it likes.
"""

from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from api.models import PersonalAccessToken
from inclusion.actions import demo as demo_actions
from inclusion.actions import queries as action_queries
from inclusion.models import Assessment, Employee, Job, PopConversation, SkillsAction, TargetLevel
from inclusion.skills import demo as demo_skills
from inclusion.skills import queries as skills
from organisations.models import Membership, Organisation, OrganisationUnit, Role, User
from tests import worlds
from transformation.models import (
    RAG,
    BenefitMeasurement,
    CodeterminationStep,
    DecisionRequest,
    Initiative,
    InterventionChange,
    Theme,
    Vision,
    VisionStatus,
)

PASSWORD = "demo-Mensenwerk-2026"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with worlds.kept_for_the_module(django_db_blocker):
        # Last month's reports are made as any report is, and tested as such; the demo's
        # PDFs themselves are made where the demo meets a real worker (the production
        # smoke test and test_reports_celery.py), not again here.
        with mock.patch("reports.demo.services.report_make_now") as make_now:
            call_command("seed_demo", password=PASSWORD)
        assert {call.kwargs["kind"] for call in make_now.call_args_list} == {"management", "hr"}
        yield Organisation.objects.get(slug="voorbeeldstad")


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def today():
    return timezone.localdate()


def test_seed_demo_creates_both_municipalities_with_their_users(demo):
    assert demo.name == "Gemeente Voorbeeldstad"
    assert Organisation.objects.get(slug="buurdorp").name == "Gemeente Buurdorp"
    expected = {
        "programma": ("voorbeeldstad", Role.PROGRAMME_MANAGER),
        "hr": ("voorbeeldstad", Role.HR_ADVISER),
        "directeur": ("voorbeeldstad", Role.DIRECTOR),
        "beheer": ("voorbeeldstad", Role.ORGANISATION_ADMIN),
        "programma-buurdorp": ("buurdorp", Role.PROGRAMME_MANAGER),
        "hr-buurdorp": ("buurdorp", Role.HR_ADVISER),
        "directeur-buurdorp": ("buurdorp", Role.DIRECTOR),
    }
    for username, (slug, role) in expected.items():
        membership = Membership.objects.get(user__username=username, organisation__slug=slug)
        assert membership.role == role
        assert membership.user.check_password(PASSWORD)
    kinds = set(OrganisationUnit.objects.for_organisation(demo).values_list("kind", flat=True))
    assert kinds == {1, 2, 3}


def test_running_it_twice_changes_nothing(capsys):
    counts = [User.objects.count(), Membership.objects.count(), OrganisationUnit.objects.count()]
    passwords = dict(User.objects.values_list("username", "password"))
    capsys.readouterr()
    call_command("seed_demo", password="another-Password-2026")
    assert [
        User.objects.count(),
        Membership.objects.count(),
        OrganisationUnit.objects.count(),
    ] == counts
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert "nothing was changed" in capsys.readouterr().out


def test_without_a_password_one_is_generated_and_printed(capsys):
    # The demo's users come back (the rest of the demo is there already).
    User.objects.all().delete()
    capsys.readouterr()
    call_command("seed_demo")
    output = capsys.readouterr().out
    password = output.split("Their password: ")[1].split()[0]
    assert User.objects.get(username="directeur").check_password(password)


def test_the_demo_shows_every_part_of_the_programme_and_runs_twice(demo):
    statuses = set(Vision.objects.for_organisation(demo).values_list("status", flat=True))
    assert {VisionStatus.APPROVED, VisionStatus.DRAFT} <= statuses
    programme = demo.programme_set.get(name="Digitaal werken 2027")
    initiatives = programme.initiatives.all()
    assert initiatives.count() >= 6
    assert {i.status for i in initiatives} == {RAG.GREEN, RAG.AMBER, RAG.RED}
    assert len({i.status for i in programme.interventions.all()}) == 3
    phases = set(
        CodeterminationStep.objects.filter(initiative__programme=programme).values_list(
            "phase", flat=True
        )
    )
    assert phases == {"idea", "development", "implementation"}
    assert BenefitMeasurement.objects.filter(benefit__initiative__programme=programme).exists()
    assert Initiative.objects.filter(organisation__slug="buurdorp").exists()

    counts = [Vision.objects.count(), Initiative.objects.count(), Theme.objects.count()]
    call_command("seed_demo", password=PASSWORD)
    assert [Vision.objects.count(), Initiative.objects.count(), Theme.objects.count()] == counts


def test_the_demo_has_actions_and_pop_gesprekken_with_about_two_thirds_covered(demo):
    users = {user.username: user for user in User.objects.all()}
    actions = SkillsAction.objects.for_organisation(demo)
    assert 200 <= actions.count() <= 400
    assert actions.filter(unit__isnull=False).exists()
    assert not actions.filter(status="done", held_on__gt=today()).exists()
    total = action_queries.pop_coverage_total(demo, today().year)
    assert 0.55 <= total.share <= 0.75
    assert PopConversation.objects.filter(year=today().year - 1).count() > total.active // 2
    assert not PopConversation.objects.filter(held_on__gt=today()).exists()
    fingerprint = list(actions.order_by("pk").values_list("kind", "held_on", "status"))

    # Again: nothing changes.
    demo_actions.seed(demo, users)
    assert list(actions.order_by("pk").values_list("kind", "held_on", "status")) == fingerprint


def test_the_demo_sets_targets_and_assesses_most_employees_the_same_way_twice(demo):
    jobs = Job.objects.for_organisation(demo)
    assert all(job.target_levels.exists() for job in jobs)
    active = Employee.objects.for_organisation(demo).active()
    assessed = active.filter(assessments__isnull=False).distinct().count()
    assert assessed > active.count() * 0.8
    assert not Assessment.objects.filter(assessed_on__gt=today()).exists()
    # The skills demo's rounds; HR's recent look is the initiatives demo's.
    rounds = Assessment.objects.exclude(source="hr")
    first = list(
        rounds.order_by("pk").values_list("employee__personnel_number", "competence__code", "level")
    )
    demo_skills.seed(demo, {})
    assert rounds.count() == len(first)
    # Deterministic: the same levels on a fresh run.
    Assessment.objects.all().delete()
    TargetLevel.objects.all().delete()
    demo_skills.seed(demo, {})
    again = list(
        Assessment.objects.order_by("pk").values_list(
            "employee__personnel_number", "competence__code", "level"
        )
    )
    assert again == first
    assert skills.gap_totals(demo)


def test_the_demo_initiatives_ask_competences_and_their_people_are_being_prepared(demo):
    from inclusion.initiatives import queries as initiatives

    rows = initiatives.preparation(
        Initiative.objects.for_organisation(demo).order_by("title"), today=today()
    )
    asking = [row for row in rows if row.asked]
    assert len(asking) >= 5
    assert all(row.people for row in asking)
    assert any(row.actions_done for row in asking)
    # HR's recent look: somewhere the gap is closing.
    assert any(row.below < row.below_before for row in asking)


def test_the_demo_programme_manager_has_a_token_in_use_whose_secret_nobody_has(demo):
    token = PersonalAccessToken.objects.get(organisation=demo)
    assert token.user.username == "programma" and token.is_usable
    assert token.last_used_at is not None
    call_command("seed_demo", password=PASSWORD)
    assert PersonalAccessToken.objects.filter(organisation=demo).count() == 1


def test_the_demos_history_is_as_it_would_have_been_made(demo):
    # Each decided request was prepared before it was decided.
    decided = DecisionRequest.objects.for_organisation(demo).exclude(outcome="")
    assert decided.exists()
    for decision in decided:
        assert timezone.localdate(decision.created_at) <= decision.decided_on
    # Each change of an intervention names only the fields that changed.
    changes = InterventionChange.objects.filter(intervention__programme__organisation=demo)
    assert changes.exists()
    for intervention in {change.intervention for change in changes}:
        before = {"status": "not_started", "evidence": "", "owner_name": "", "last": None}
        for change in intervention.changes.order_by("changed_at", "pk"):
            now = {
                "status": change.status,
                "evidence": change.evidence,
                "owner_name": change.owner_name,
                "last": change.last_reviewed_on,
            }
            named = {"owner_name": "owner", "last": "last_reviewed_on"}
            differ = [named.get(key, key) for key in now if now[key] != before[key]]
            assert change.changed_fields == differ, (intervention, change.changed_at)
            before = now
