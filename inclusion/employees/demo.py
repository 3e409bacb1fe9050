"""Demo data for Inclusie: about 150 made-up employees of Voorbeeldstad in its
units and jobs, with managers; a few for Buurdorp. Names are generated from
short lists, so nobody real is in them. Idempotent: an organisation that has
employees is left alone."""

from __future__ import annotations

import itertools

from inclusion.models import Employee, Job
from organisations.models import OrganisationUnit

FIRST_NAMES = [
    "Anna",
    "Bram",
    "Charlotte",
    "Daan",
    "Emma",
    "Fatima",
    "Gijs",
    "Hanna",
    "Ibrahim",
    "Julia",
    "Kees",
    "Lotte",
    "Mohamed",
    "Noor",
    "Oscar",
    "Priya",
    "Quinten",
    "Roos",
    "Sem",
    "Tess",
    "Umar",
    "Vera",
    "Wouter",
    "Yara",
    "Zeynep",
    "Jeroen",
    "Marieke",
    "Ahmet",
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
    "Dekker",
    "Yilmaz",
    "El Idrissi",
    "Kaya",
    "Wijaya",
    "Verhoeven",
    "Kok",
    "Brouwer",
    "Koster",
]

# (unit, [(job, how many)]): the first job of each unit is its manager's.
VOORBEELDSTAD = [
    ("Team Publiekszaken", [("Teamleider", 1), ("Medewerker publiekszaken", 14)]),
    ("Team Backoffice", [("Teamleider", 1), ("Medewerker burgerzaken backoffice", 9)]),
    ("Klantcontactcentrum", [("Teamleider", 1), ("Klantcontactmedewerker", 16)]),
    ("Team Wmo", [("Teamleider", 1), ("Consulent Wmo", 12), ("Administratief medewerker", 4)]),
    ("Team Participatie", [("Teamleider", 1), ("Klantmanager", 10)]),
    ("HR", [("Afdelingshoofd", 1), ("HR-adviseur", 4), ("Salarisadministrateur", 3)]),
    (
        "Team Informatiebeheer",
        [("Teamleider", 1), ("Informatiebeheerder", 6), ("Archiefmedewerker", 3)],
    ),
    ("Team ICT", [("Teamleider", 1), ("Functioneel beheerder", 5), ("Servicedeskmedewerker", 4)]),
    (
        "Financiën",
        [("Afdelingshoofd", 1), ("Financieel adviseur", 5), ("Administratief medewerker", 3)],
    ),
    (
        "Vergunningen, Toezicht en Handhaving",
        [("Afdelingshoofd", 1), ("Vergunningverlener", 9), ("Toezichthouder", 5)],
    ),
    ("Team Wijkbeheer", [("Teamleider", 1), ("Wijkbeheerder", 10)]),
]
BUURDORP = [
    ("Publiekszaken", [("Teamleider", 1), ("Medewerker publiekszaken", 5)]),
    ("Bedrijfsvoering", [("Afdelingshoofd", 1), ("Administratief medewerker", 4)]),
]


def seed(organisation, plan, prefix: str) -> None:
    # A fixed walk through first and last names: the same people on every run,
    # and no two alike within 150.
    names = (
        f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[(7 * i) % len(LAST_NAMES)]}"
        for i in itertools.count()
    )
    units = {u.name: u for u in OrganisationUnit.objects.for_organisation(organisation)}
    number = itertools.count(1001)
    for unit_name, jobs in plan:
        manager = None
        for job_name, count in jobs:
            job, _ = Job.objects.get_or_create(organisation=organisation, name=job_name)
            for _index in range(count):
                name = next(names)
                employee = Employee.objects.create(
                    organisation=organisation,
                    personnel_number=f"{prefix}{next(number)}",
                    name=name,
                    email=name.lower().replace(" ", ".") + f"@{organisation.slug}.example.org",
                    unit=units[unit_name],
                    job=job,
                    manager=manager,
                )
                manager = manager or employee
    # Someone who left, to show that the list keeps them apart.
    leaver = Employee.objects.for_organisation(organisation).order_by("-pk").first()
    leaver.active = False
    leaver.left_on = leaver.created_at.date()
    leaver.save(update_fields=["active", "left_on"])
