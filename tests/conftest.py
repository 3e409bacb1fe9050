import os
import shutil

import pytest
from django.test import Client

from organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, OrganisationUnitFactory

# pytest-django's live_server runs the ORM from Playwright's event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
ROLES = list(Role)


def pytest_configure(config):
    # In CI the real services are part of what is tested: never fall back.
    if os.environ.get("CI") == "true":
        missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
        if missing:
            raise pytest.UsageError(f"CI=true but {', '.join(missing)} is not set.")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test keeps the files it makes (reports) to itself: ids come back after a
    rollback, and a folder named for an id must not hold an earlier test's file."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def voorbeeldstad(db):
    return OrganisationFactory(slug="voorbeeldstad", name="Gemeente Voorbeeldstad")


@pytest.fixture
def buurdorp(db):
    return OrganisationFactory(slug="buurdorp", name="Gemeente Buurdorp")


@pytest.fixture
def members(voorbeeldstad):
    """One user per role in Voorbeeldstad, keyed by role."""
    return {
        role: MembershipFactory(
            organisation=voorbeeldstad, role=role, user__username=f"vb-{role}"
        ).user
        for role in ROLES
    }


@pytest.fixture
def other_members(buurdorp):
    """One user per role in Buurdorp: they must never see Voorbeeldstad's data."""
    return {
        role: MembershipFactory(organisation=buurdorp, role=role, user__username=f"bd-{role}").user
        for role in ROLES
    }


@pytest.fixture
def units(voorbeeldstad):
    return [OrganisationUnitFactory(organisation=voorbeeldstad) for _ in range(3)]


@pytest.fixture
def login():
    """A test client logged in as `user`, without going through the login form."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user, backend=MODEL_BACKEND)
        return client

    return make


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Chromium is not installed; `make test` installs Debian's chromium package.")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def programme_world(voorbeeldstad, members, units):
    """Voorbeeldstad's vision, programme and one of everything in it, for page tests."""
    from tests.factories import BenefitFactory, InitiativeFactory, ProgrammeFactory
    from transformation import services
    from transformation.models import BenefitMeasurement, CodeterminationPhase

    pm = members[Role.PROGRAMME_MANAGER]
    approved = services.vision_create(organisation=voorbeeldstad, title="Visie 1", created_by=pm)
    services.vision_send_to_consultation(vision=approved)
    services.vision_approve(vision=approved, approved_by=members[Role.DIRECTOR])
    draft = services.vision_create(
        organisation=voorbeeldstad, title="Visie 2", created_by=pm, based_on=approved
    )
    consultation = services.vision_create(
        organisation=voorbeeldstad, title="Visie 3", created_by=pm, based_on=approved
    )
    services.vision_send_to_consultation(vision=consultation)
    programme = ProgrammeFactory(organisation=voorbeeldstad, owner=pm, vision=approved)
    initiative = InitiativeFactory(programme=programme, owner=pm, units=units[:2])
    benefit = BenefitFactory(initiative=initiative, owner=pm)
    measurement = BenefitMeasurement.objects.create(
        benefit=benefit, measured_on=benefit.baseline_on.replace(month=6), value=9
    )
    return {
        "approved": approved,
        "draft": draft,
        "consultation": consultation,
        "section": draft.sections.first(),
        "programme": programme,
        "intervention": programme.interventions.first(),
        "initiative": initiative,
        "phase": CodeterminationPhase.DEVELOPMENT,
        "benefit": benefit,
        "measurement": measurement,
    }


@pytest.fixture
def adoption_world(programme_world, units):
    """The programme world's initiative with an adoption track and one row of each register."""
    import datetime

    from adoption import services
    from adoption.models import (
        AwarenessActivity,
        BusinessScenario,
        Champion,
        InspirationSession,
        Stakeholder,
        TrainingSession,
        UsageMeasurement,
    )

    track = services.track_start(initiative=programme_world["initiative"], target_group_size=40)
    common = {"organisation": track.organisation, "track": track}
    day = datetime.date(2026, 3, 2)
    champion = Champion.objects.create(**common, name="Sanne", unit=units[0])
    rows = {
        "belanghebbende": Stakeholder.objects.create(
            **common, name="Afdelingshoofd", influence=5, interest=4, attitude="supporter"
        ),
        "champion": champion,
        "inspiratiesessie": InspirationSession.objects.create(**common, held_on=day, attendance=8),
        "scenario": BusinessScenario.objects.create(
            **common, title="Teams", problem="Bijlagen", desired_way="Links", applications="Teams"
        ),
        "bewustwording": AwarenessActivity.objects.create(
            **common, channel="video", held_on=day, reached=10, message="Minder zoeken"
        ),
        "training": TrainingSession.objects.create(
            **common, title="Teams", channel="classroom", held_on=day, trainer="X", attendance=6
        ),
        "gebruik": UsageMeasurement.objects.create(**common, measured_on=day, active_users=12),
    }
    from tests.factories import InitiativeFactory

    without_track = InitiativeFactory(programme=programme_world["programme"])
    return {**programme_world, "track": track, "rows": rows, "draft_initiative": without_track}


@pytest.fixture
def employees(voorbeeldstad, units):
    """Six employees of Voorbeeldstad: a manager and five in her team."""
    from inclusion.models import Employee, Job

    job = Job.objects.create(organisation=voorbeeldstad, name="Medewerker")
    manager = Employee.objects.create(
        organisation=voorbeeldstad, personnel_number="1000", name="Marieke Bos", unit=units[0]
    )
    team = [
        Employee.objects.create(
            organisation=voorbeeldstad,
            personnel_number=str(1001 + n),
            name=f"Medewerker {n}",
            unit=units[0],
            job=job,
            manager=manager,
        )
        for n in range(5)
    ]
    return [manager, *team]
