"""Demo data for Inclusie: the employees of Voorbeeldstad and Buurdorp, then what each
part adds for Voorbeeldstad. Idempotent: each part leaves alone what is already there."""

from __future__ import annotations

from django.db import transaction

from inclusion.actions import demo as actions_demo
from inclusion.employees import demo as employees_demo
from inclusion.initiatives import demo as initiatives_demo
from inclusion.metamorphosis import demo as metamorphosis_demo
from inclusion.models import Employee
from inclusion.skills import demo as skills_demo


@transaction.atomic
def seed_inclusion(*, organisations: dict, users: dict, **kwargs) -> None:
    from inclusion.defaults import install_framework

    for organisation in organisations.values():
        install_framework(organisation)
    for slug, plan, prefix in (
        ("voorbeeldstad", employees_demo.VOORBEELDSTAD, "VS"),
        ("buurdorp", employees_demo.BUURDORP, "BD"),
    ):
        organisation = organisations[slug]
        if Employee.objects.for_organisation(organisation).exists():
            continue
        employees_demo.seed(organisation, plan, prefix)
    # Each part leaves alone what is already there.
    voorbeeldstad = organisations["voorbeeldstad"]
    for part in (skills_demo, actions_demo, metamorphosis_demo, initiatives_demo):
        part.seed(voorbeeldstad, users)
    _anonymised_leaver(voorbeeldstad, users)


def _anonymised_leaver(organisation, users: dict) -> None:
    """Someone who left in 2023 and whose record was kept long enough: anonymised, as
    the nightly retention job does, so that the list shows what that looks like."""
    if Employee.objects.for_organisation(organisation).filter(anonymised_at__isnull=False).exists():
        return
    import datetime

    from inclusion.employees.services import employee_anonymise

    former = Employee.objects.create(
        organisation=organisation,
        personnel_number="VS0999",
        name="Oud-medewerker Demo",
        active=False,
        left_on=datetime.date(2023, 3, 31),
    )
    employee_anonymise(
        employee=former,
        reason="Bewaartermijn van 24 maanden na vertrek verstreken",
    )
