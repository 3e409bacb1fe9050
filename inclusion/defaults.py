"""The skills framework a new organisation starts with: DigComp 2.2 in Dutch and
English (see frameworks.py). Competences of its own are added by HR advisers."""

from __future__ import annotations

from inclusion.models import Competence, CompetenceArea
from inclusion.skills.frameworks import AREAS


def install_framework(organisation) -> None:
    """Idempotent: an organisation that has areas already is left alone."""
    if CompetenceArea.objects.for_organisation(organisation).exists():
        return
    rows = CompetenceArea.objects.bulk_create(
        CompetenceArea(
            organisation=organisation, number=area.number, name=area.name.nl, name_en=area.name.en
        )
        for area in AREAS
    )
    Competence.objects.bulk_create(
        Competence(
            organisation=organisation,
            area=row,
            code=competence.code,
            name=competence.name.nl,
            name_en=competence.name.en,
            digcomp=True,
        )
        for row, area in zip(rows, AREAS, strict=True)
        for competence in area.competences
    )
