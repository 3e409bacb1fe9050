import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from adoption import services as adoption_services
from adoption.models import AdoptionTrack, TrainingChannel, TrainingSession
from inclusion.models import (
    ActionKind,
    Destination,
    Employee,
    Job,
    MobilityTrajectory,
    PopConversation,
    SkillsAction,
)
from organisations.models import Membership, Organisation, OrganisationUnit, Role, UnitKind, User
from transformation import services
from transformation.models import Benefit, Initiative, Programme

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Gemeente {n:05d}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PROGRAMME_MANAGER


class OrganisationUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationUnit

    organisation = factory.SubFactory(OrganisationFactory)
    # Zero-padded, so that the order by name is the order of making, at any count.
    name = factory.Sequence(lambda n: f"Afdeling {n:05d}")
    kind = UnitKind.DEPARTMENT


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A programme with its five interventions, as the service makes it."""

    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Programma {n:05d}")
    aim = "Iedereen werkt digitaal samen."
    start_date = datetime.date(2025, 1, 6)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.programme_create(**kwargs)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SelfAttribute("programme.organisation")
    title = factory.Sequence(lambda n: f"Initiatief {n}")
    description = "Een concrete verandering op de werkvloer."
    start_date = datetime.date(2025, 3, 1)
    technology = "Nieuwe software."
    technology_readiness = 3
    processes = "Nieuwe werkafspraken."
    processes_readiness = 3
    human_action = "Anders samenwerken."
    human_action_readiness = 2

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benefit

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.SelfAttribute("initiative.organisation")
    title = factory.Sequence(lambda n: f"Baat {n}")
    measure = "Doorlooptijd van een aanvraag"
    unit = "dagen"
    baseline = Decimal("10")
    baseline_on = datetime.date(2025, 1, 1)
    target = Decimal("5")
    target_date = datetime.date(2027, 1, 1)


class AdoptionTrackFactory(factory.django.DjangoModelFactory):
    """A track with its four phases, as the service starts it. Other fields given
    (`current_phase`) are set afterwards, as if the track had got there."""

    class Meta:
        model = AdoptionTrack

    initiative = factory.SubFactory(InitiativeFactory)
    target_group_size = None

    @classmethod
    def _create(cls, model_class, *args, initiative, target_group_size, **fields):
        track = adoption_services.track_start(
            initiative=initiative, target_group_size=target_group_size
        )
        if fields:
            model_class.objects.filter(pk=track.pk).update(**fields)
            track.refresh_from_db()
        return track


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    track = factory.SubFactory(AdoptionTrackFactory)
    organisation = factory.SelfAttribute("track.organisation")
    title = factory.Sequence(lambda n: f"Training {n}")
    channel = TrainingChannel.CLASSROOM
    held_on = datetime.date(2026, 3, 2)


# Inclusie. Dates default to today: coverage, evidence and the dashboard count this year
# or the last days, so a test about another day says which.


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Functie {n:05d}")


class EmployeeFactory(factory.django.DjangoModelFactory):
    """An employee, of the organisation of her unit when she has one. Her default name
    is like no name the tests look for ("Medewerker 0", "Elders")."""

    class Meta:
        model = Employee

    organisation = factory.Maybe(
        "unit",
        yes_declaration=factory.SelfAttribute("unit.organisation"),
        no_declaration=factory.SubFactory(OrganisationFactory),
    )
    personnel_number = factory.Sequence(lambda n: str(100000 + n))
    name = factory.Sequence(lambda n: f"Collega {n:05d}")
    unit = None
    job = None
    manager = None


class PopConversationFactory(factory.django.DjangoModelFactory):
    """A POP-gesprek held today (or on `held_on`), in the year of that day."""

    class Meta:
        model = PopConversation

    employee = factory.SubFactory(EmployeeFactory)
    organisation = factory.SelfAttribute("employee.organisation")
    held_on = factory.LazyFunction(timezone.localdate)
    year = factory.LazyAttribute(lambda pop: pop.held_on.year)
    digital_skills = False


class SkillsActionFactory(factory.django.DjangoModelFactory):
    """A done training today; `employees=[...]` gives it its employees."""

    class Meta:
        model = SkillsAction
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    kind = ActionKind.TRAINING
    held_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def employees(self, create, extracted, **kwargs):
        if create and extracted:
            self.employees.set(extracted)


class MobilityTrajectoryFactory(factory.django.DjangoModelFactory):
    """A planned trajectory of an employee from her own job to upskilling in it."""

    class Meta:
        model = MobilityTrajectory

    employee = factory.SubFactory(
        EmployeeFactory,
        job=factory.SubFactory(JobFactory, organisation=factory.SelfAttribute("..organisation")),
    )
    organisation = factory.SelfAttribute("employee.organisation")
    from_job = factory.SelfAttribute("employee.job")
    destination = Destination.UPSKILLED


class ReportRequestFactory(factory.django.DjangoModelFactory):
    """A report row; `done=True` gives it a stored file (not a real PDF: for
    permission and page tests; the real documents are made in test_reports_*)."""

    class Meta:
        model = "reports.ReportRequest"

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "management"
    programme = factory.LazyAttribute(
        lambda o: ProgrammeFactory(organisation=o.organisation) if o.kind == "management" else None
    )
    period_start = datetime.date(2026, 10, 1)
    period_end = datetime.date(2026, 10, 31)
    language = "nl"

    class Params:
        done = factory.Trait(
            status="done",
            stage="finished",
            progress=100,
            page_count=7,
            size=12,
            checksum="0" * 64,
            finished_at=factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC)),
            snapshot={},
            file=factory.django.FileField(filename="report.pdf", data=b"%PDF-1.7\n%test\n"),
        )
