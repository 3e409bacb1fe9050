"""The large organisation that `seed_demo --scale N` adds next to the demo: Gemeente
Grootstad, generated in bulk for benchmarks and tests of how pages and reports behave
at the size of a large municipality.

Its size grows linearly with N: each unit of N adds about a thousand employees, ten
thousand digital-skills actions and fifteen initiatives (each app's `large.py` names its
own sizes per unit). N = 20 is the large size: 20,000 employees, 200,000 actions, 300
initiatives. Whatever N, the organisation has three years of history, dated back from
today, as the demo is.

Each app generates its own rows. This module makes the organisation, its users and its
units; every app above registers its part in its own `large.py` (found the way the admin
finds `admin.py`), and the parts run in the order of INSTALLED_APPS, which is the order
of the layers: each part finds the rows of the parts below it, and no app imports one
above it.

Deterministic: every part draws from a random generator seeded with its own name (not
the organisation's), so two organisations generated at the same N, in one database or
in two, have the same names and counts. Names that must be unique (units, jobs,
initiatives, benefits) are derived from an index, never left to chance.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from organisations.models import Membership, Organisation, OrganisationUnit, Role, UnitKind, User

# The N of the large size that the documentation promises and the benchmark uses.
LARGE_SCALE = 20
HISTORY_DAYS = 3 * 365
# Rows per INSERT.
BATCH = 5_000

# Units per unit of scale: ten teams of about 25 employees in each department.
DIRECTORATES_PER_SCALE = 0.5
DEPARTMENTS_PER_SCALE = 4
TEAMS_PER_SCALE = 40

DIRECTORATES = ["Dienstverlening", "Sociaal Domein", "Ruimte", "Bedrijfsvoering", "Veiligheid"]
DEPARTMENTS = [
    "Burgerzaken",
    "Klantcontact",
    "Belastingen",
    "Wmo",
    "Jeugd",
    "Participatie",
    "Vergunningen",
    "Handhaving",
    "Openbare Ruimte",
    "Stedelijke Ontwikkeling",
    "HR",
    "Financiën",
    "Informatievoorziening",
    "Inkoop",
    "Communicatie",
    "Juridische Zaken",
    "Sport en Cultuur",
    "Onderwijs",
]
TEAMS = [
    "Advies",
    "Uitvoering",
    "Frontoffice",
    "Backoffice",
    "Beleid",
    "Regie",
    "Projecten",
    "Kwaliteit",
    "Ondersteuning",
    "Wijkteam",
]
FIRST_NAMES = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Esra",
    "Fleur",
    "Gijs",
    "Hanna",
    "Imane",
    "Joost",
    "Kim",
    "Lars",
    "Mila",
    "Noah",
    "Olga",
    "Pieter",
    "Quinten",
    "Roos",
    "Sem",
    "Tessa",
    "Umut",
    "Vera",
    "Wouter",
    "Yara",
    "Zeynep",
    "Bas",
    "Eva",
    "Jan",
    "Lotte",
    "Mohamed",
    "Sanne",
    "Thijs",
]
LAST_NAMES = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Yilmaz",
    "El Amrani",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
]
# (key, first name, last name, role) of the people who use the organisation.
PEOPLE = [
    ("programma", "Pim", "de Graaf", Role.PROGRAMME_MANAGER),
    ("hr", "Hilde", "Kok", Role.HR_ADVISER),
    ("directeur", "Dirk", "Hendriks", Role.DIRECTOR),
    ("beheer", "Bea", "Peters", Role.ORGANISATION_ADMIN),
]


# --- Names and dates ----------------------------------------------------------------------------


def numbered(words: list[str], index: int) -> str:
    """The index-th of `words`, with a number from the second round on ("Wmo", …,
    "Wmo 2"): distinct indexes always give distinct names."""
    word, round_ = words[index % len(words)], index // len(words)
    return word if round_ == 0 else f"{word} {round_ + 1}"


def directorate_name(index: int) -> str:
    return f"Directie {numbered(DIRECTORATES, index)}"


def department_name(index: int) -> str:
    return numbered(DEPARTMENTS, index)


def team_name(index_in_department: int, department: str) -> str:
    return f"Team {numbered(TEAMS, index_in_department)} {department}"


def person_name(rng: random.Random) -> str:
    """A made-up name; people may share one, as they do (the personnel number tells them apart)."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def scale_text(scale: float) -> str:
    """20.0 → "20", 0.05 → "0.05"."""
    return f"{scale:.6f}".rstrip("0").rstrip(".")


def scaled(per_scale: float, scale: float, minimum: int = 1) -> int:
    """How many of something at `scale`, given how many per unit of scale."""
    return max(minimum, round(per_scale * scale))


def large_slug(scale: float) -> str:
    """One large organisation per N: grootstad-20, grootstad-0-05."""
    return "grootstad-" + scale_text(scale).replace(".", "-")


# --- The organisation being generated ------------------------------------------------------------


@dataclass
class LargeOrganisation:
    """What the parts share while they generate: the organisation, its size and day,
    and the rows of this app that every part above needs."""

    organisation: Organisation
    scale: float
    today: datetime.date
    users: dict[str, User] = field(default_factory=dict)
    owners: list[User] = field(default_factory=list)
    directorates: list[OrganisationUnit] = field(default_factory=list)
    departments: list[OrganisationUnit] = field(default_factory=list)
    teams: list[OrganisationUnit] = field(default_factory=list)

    @property
    def start(self) -> datetime.date:
        """The first day of its history."""
        return self.today - datetime.timedelta(days=HISTORY_DAYS)

    @property
    def units(self) -> list[OrganisationUnit]:
        return [*self.directorates, *self.departments, *self.teams]

    def size(self, per_scale: float, minimum: int = 1) -> int:
        return scaled(per_scale, self.scale, minimum)

    def random(self, part: str) -> random.Random:
        """A generator of its own for each part, so that one part's draws never shift another's."""
        return random.Random(f"mensenwerk-large-{part}")


# --- The parts of the apps -----------------------------------------------------------------------


@dataclass(frozen=True)
class LargePart:
    """One app's share of the large organisation: `generate(large)` makes its rows,
    `count(organisation)` counts them (label → number)."""

    generate: Callable[[LargeOrganisation], None]
    count: Callable[[Organisation], dict[str, int]]


_parts: dict[str, LargePart] = {}


def register(part: LargePart) -> None:
    """An app's `large.py` registers its part when it is imported."""
    _parts[part.generate.__module__] = part


def parts() -> list[LargePart]:
    """Every app's part, in the order of the layers (INSTALLED_APPS)."""
    autodiscover_modules("large")
    order = {config.name: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(
        _parts.values(),
        key=lambda part: order[apps.get_containing_app_config(part.generate.__module__).name],
    )


def seed_large(
    *,
    scale: float,
    slug: str | None = None,
    password: str | None = None,
    log: Callable[[str], None] | None = None,
) -> LargeOrganisation | None:
    """Generate the large organisation at `scale`, in one transaction. Its four users get
    `password` (without one they cannot log in). Returns None, and changes nothing, when
    an organisation with its slug exists already."""
    slug = slug or large_slug(scale)
    if Organisation.objects.filter(slug=slug).exists():
        return None
    with transaction.atomic():
        # Through the model, so that the apps above give it what every new organisation
        # gets: themes, works council, checklist, skills framework.
        organisation = Organisation.objects.create(
            name=f"Gemeente Grootstad (schaal {scale_text(scale)})", slug=slug, colour="#5b2a86"
        )
        large = LargeOrganisation(organisation, scale, timezone.localdate())
        for part in parts():
            started = time.perf_counter()
            part.generate(large)
            if log is not None:
                seconds = time.perf_counter() - started
                log(f"  {part.generate.__module__:<24} {seconds:7.1f} s")
        if password is not None:
            # One hash for the four: hashing is slow on purpose.
            User.objects.filter(pk__in=[large.users[key].pk for key, *_rest in PEOPLE]).update(
                password=make_password(password)
            )
    return large


def row_counts(organisation: Organisation) -> dict[str, int]:
    """The organisation's rows, counted by every app's part (any organisation, not only a
    generated one)."""
    counts: dict[str, int] = {}
    for part in parts():
        counts |= part.count(organisation)
    return counts


# --- This app's part: users and units ------------------------------------------------------------


def generate(large: LargeOrganisation) -> None:
    _users(large)
    _units(large)


def _users(large: LargeOrganisation) -> None:
    slug = large.organisation.slug
    people = [
        *PEOPLE,
        *(
            (f"eigenaar{n}", "Eigenaar", str(n), Role.PROGRAMME_MANAGER)
            for n in range(1, large.size(1, minimum=3) + 1)
        ),
    ]
    users = []
    for key, first, last, _role in people:
        user = User(
            username=f"{slug}-{key}",
            first_name=first,
            last_name=last,
            email=f"{key}@{slug}.example",
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(
        Membership(organisation=large.organisation, user=user, role=role)
        for user, (_key, _first, _last, role) in zip(users, people, strict=True)
    )
    large.users = {key: user for user, (key, *_rest) in zip(users, people, strict=True)}
    large.owners = users[len(PEOPLE) :]


def _units(large: LargeOrganisation) -> None:
    """Directorates, their departments and the departments' teams, spread evenly."""
    organisation = large.organisation
    directorates = large.size(DIRECTORATES_PER_SCALE)
    departments = large.size(DEPARTMENTS_PER_SCALE, minimum=2)
    teams = large.size(TEAMS_PER_SCALE, minimum=3)
    large.directorates = OrganisationUnit.objects.bulk_create(
        OrganisationUnit(
            organisation=organisation, name=directorate_name(i), kind=UnitKind.DIRECTORATE
        )
        for i in range(directorates)
    )
    large.departments = OrganisationUnit.objects.bulk_create(
        OrganisationUnit(
            organisation=organisation,
            parent=large.directorates[i % directorates],
            name=department_name(i),
            kind=UnitKind.DEPARTMENT,
        )
        for i in range(departments)
    )
    large.teams = OrganisationUnit.objects.bulk_create(
        (
            OrganisationUnit(
                organisation=organisation,
                parent=large.departments[i % departments],
                name=team_name(i // departments, large.departments[i % departments].name),
                kind=UnitKind.TEAM,
            )
            for i in range(teams)
        ),
        batch_size=BATCH,
    )


def count(organisation: Organisation) -> dict[str, int]:
    return {
        "users": Membership.objects.for_organisation(organisation).count(),
        "units": OrganisationUnit.objects.for_organisation(organisation).count(),
    }


register(LargePart(generate=generate, count=count))
