"""The demo organisations: Gemeente Voorbeeldstad and, to show that data never
crosses organisations, Gemeente Buurdorp. Idempotent: running it again changes
nothing that is already there."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal

from organisations.models import Membership, Organisation, OrganisationUnit, Role, UnitKind, User

# Sent after the organisations and users exist, so the apps above this one can
# add their own demo data: organisations=dict slug→Organisation, users=dict username→User.
demo_seeded = Signal()

D, A, T = UnitKind.DIRECTORATE, UnitKind.DEPARTMENT, UnitKind.TEAM

# (name, kind, children)
VOORBEELDSTAD_UNITS = [
    (
        "Directie Dienstverlening",
        D,
        [
            ("Burgerzaken", A, [("Team Publiekszaken", T, []), ("Team Backoffice", T, [])]),
            ("Klantcontactcentrum", A, []),
            ("Sociaal Domein", A, [("Team Wmo", T, []), ("Team Participatie", T, [])]),
        ],
    ),
    (
        "Directie Bedrijfsvoering",
        D,
        [
            ("HR", A, []),
            (
                "Informatievoorziening",
                A,
                [("Team Informatiebeheer", T, []), ("Team ICT", T, [])],
            ),
            ("Financiën", A, []),
        ],
    ),
    (
        "Directie Ruimte",
        D,
        [
            ("Vergunningen, Toezicht en Handhaving", A, []),
            ("Openbare Ruimte", A, [("Team Wijkbeheer", T, [])]),
        ],
    ),
]

BUURDORP_UNITS = [
    ("Directie", D, [("Publiekszaken", A, []), ("Bedrijfsvoering", A, [])]),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    roles: tuple[tuple[str, Role], ...]


DEMO_USERS = [
    DemoUser("programma", "Priya", "Bakker", (("voorbeeldstad", Role.PROGRAMME_MANAGER),)),
    DemoUser("hr", "Henk", "de Vries", (("voorbeeldstad", Role.HR_ADVISER),)),
    DemoUser("directeur", "Dewi", "Jansen", (("voorbeeldstad", Role.DIRECTOR),)),
    DemoUser("beheer", "Bram", "Visser", (("voorbeeldstad", Role.ORGANISATION_ADMIN),)),
    DemoUser("programma-buurdorp", "Pieter", "Smit", (("buurdorp", Role.PROGRAMME_MANAGER),)),
    DemoUser("hr-buurdorp", "Hanna", "Mulder", (("buurdorp", Role.HR_ADVISER),)),
    DemoUser("directeur-buurdorp", "Daan", "de Boer", (("buurdorp", Role.DIRECTOR),)),
    # An adviser of a shared-service organisation who works for both municipalities.
    DemoUser(
        "adviseur",
        "Aisha",
        "El Amrani",
        (("voorbeeldstad", Role.PROGRAMME_MANAGER), ("buurdorp", Role.PROGRAMME_MANAGER)),
    ),
]


def _create_units(organisation: Organisation, units, parent=None) -> None:
    for name, kind, children in units:
        unit, _ = OrganisationUnit.objects.get_or_create(
            organisation=organisation, parent=parent, name=name, defaults={"kind": kind}
        )
        _create_units(organisation, children, unit)


@transaction.atomic
def seed_organisations(*, password: str) -> list[str]:
    """Create the demo organisations, units and users; return the usernames created now."""
    organisations = {}
    for slug, name, units in [
        ("voorbeeldstad", "Gemeente Voorbeeldstad", VOORBEELDSTAD_UNITS),
        ("buurdorp", "Gemeente Buurdorp", BUURDORP_UNITS),
    ]:
        organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
        _create_units(organisation, units)
        organisations[slug] = organisation

    created = []
    users = {}
    for demo in DEMO_USERS:
        user, is_new = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@example.org",
            },
        )
        if is_new:
            # Passwords are set once: a second run must not lock people out.
            user.set_password(password)
            user.save(update_fields=["password"])
            created.append(demo.username)
        users[demo.username] = user
        for slug, role in demo.roles:
            Membership.objects.get_or_create(
                user=user, organisation=organisations[slug], defaults={"role": role}
            )
    demo_seeded.send(sender=Organisation, organisations=organisations, users=users)
    return created
