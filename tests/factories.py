import datetime
from decimal import Decimal

import factory

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
