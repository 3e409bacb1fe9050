"""Digital skills: the services that change the framework and the target levels."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from inclusion.models import Competence, CompetenceArea, Job, LatestLevel, TargetLevel
from inclusion.skills.frameworks import ORGANISATION_EXTRAS

# The area an organisation's own competences go into when no other is chosen.
OWN_AREA_NL = "Eigen competenties"
OWN_AREA_EN = "Own competences"


def own_area(organisation) -> CompetenceArea:
    """The organisation's "own competences" area, made after the last area when needed."""
    areas = CompetenceArea.objects.for_organisation(organisation)
    existing = areas.filter(name=OWN_AREA_NL).first()
    if existing is not None:
        return existing
    number = (areas.aggregate(last=Max("number"))["last"] or 0) + 1
    return CompetenceArea.objects.create(
        organisation=organisation, number=number, name=OWN_AREA_NL, name_en=OWN_AREA_EN
    )


@transaction.atomic
def competences_add_suggested(*, organisation) -> list[Competence]:
    """Seed 003's three extras, in the own area; codes the organisation already has are
    left alone. Returns the competences added now."""
    taken = set(Competence.objects.for_organisation(organisation).values_list("code", flat=True))
    missing = [extra for extra in ORGANISATION_EXTRAS if extra.code not in taken]
    if not missing:
        return []
    area = own_area(organisation)
    return Competence.objects.bulk_create(
        Competence(
            organisation=organisation,
            area=area,
            code=extra.code,
            name=extra.name.nl,
            name_en=extra.name.en,
            digcomp=False,
        )
        for extra in missing
    )


@transaction.atomic
def target_levels_set(*, job: Job, levels: dict, current: dict | None = None) -> int:
    """Give `job` the target `levels` ({competence: level or None}) at once: create,
    change and remove; returns how many changed. `current` ({competence pk: TargetLevel})
    saves reading them again where the caller has them."""
    if current is None:
        current = {
            target.competence_id: target
            for target in TargetLevel.objects.filter(organisation_id=job.organisation_id, job=job)
        }
    create, update, remove = [], [], []
    for competence, level in levels.items():
        existing = current.get(competence.pk)
        if level is None and existing is not None:
            remove.append(existing.pk)
        elif level is not None and existing is None:
            create.append(
                TargetLevel(
                    organisation_id=job.organisation_id,
                    job=job,
                    competence=competence,
                    level=level,
                )
            )
        elif level is not None and existing.level != level:
            existing.level = level
            update.append(existing)
    TargetLevel.objects.filter(pk__in=remove).delete()
    TargetLevel.objects.bulk_create(create)
    TargetLevel.objects.bulk_update(update, ["level"])
    if create or update:  # bulk writes send no signals: the latest levels follow here
        LatestLevel.follow_jobs(job.employees.all())
    return len(create) + len(update) + len(remove)
