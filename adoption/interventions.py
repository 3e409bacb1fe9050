"""What adoption's data says about two of the five interventions (registered in
`transformation.hooks.intervention_evidence` by `AdoptionConfig.ready`):

3. ownership: the share of the programme's business scenarios written with employees
   (seed 000: involve employees in building the solutions);
5. working programmatically: the programme's initiatives with an adoption track. The
   intervention says every change brings people along, so "anchored" asks for all of
   them.

Scenarios and initiatives are not people: their counts need no small-group rule.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from adoption.models import BusinessScenario
from transformation.hooks import InterventionEvidenceSource
from transformation.interventions import Evidence
from transformation.models import Initiative, InterventionKind


def _evidence(programme, kinds: frozenset[int], *, year: int) -> list[Evidence]:
    """One query per kind asked for (none of them yearly)."""
    board = reverse("adoption:board", args=[programme.pk])
    found = []
    if InterventionKind.OWNERSHIP in kinds:
        scenarios = BusinessScenario.objects.filter(track__initiative__programme=programme)
        counts = scenarios.aggregate(
            total=Count("pk"),
            # A line with a name on it: whitespace alone names nobody.
            written_with=Count("pk", filter=Q(written_with__regex=r"\S")),
        )
        found.append(
            Evidence.count(
                InterventionKind.OWNERSHIP,
                _("business scenarios written with employees"),
                counts["written_with"],
                counts["total"],
                note=_("A scenario counts when it names the employees who helped write it."),
                url=board,
                action=_("Open the phase board to add or edit business scenarios"),
            )
        )
    if InterventionKind.PROGRAMMATIC in kinds:
        counts = Initiative.objects.filter(programme=programme).aggregate(
            total=Count("pk"), tracks=Count("pk", filter=Q(adoption_track__isnull=False))
        )
        found.append(
            Evidence.count(
                InterventionKind.PROGRAMMATIC,
                _("initiatives with an adoption track"),
                counts["tracks"],
                counts["total"],
                note=_("Working programmatically: every initiative brings its people along."),
                url=f"{board}#without-heading",
                action=_("See the initiatives without an adoption track"),
                anchored_at=100,
            )
        )
    return found


source = InterventionEvidenceSource(
    kinds=frozenset({InterventionKind.OWNERSHIP, InterventionKind.PROGRAMMATIC}),
    evidence=_evidence,
)
