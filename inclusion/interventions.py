"""What inclusion's data says about two of the five interventions (registered in
`transformation.hooks.intervention_evidence` by `InclusionConfig.ready`):

1. the strategic HR adviser has an active role from the start: the share of the
   programme's initiatives for whose units HR logged a digital-skills action for the
   whole unit (planned or done). Only actions for a whole unit count: an action for
   named employees would, for an initiative of a small unit, tell about a person.
4. line managers make digital skills part of every POP-gesprek: of this year's
   POP-gesprekken, the share in which digital skills came up. These are counts of
   people, so they go through the small-group rule, never exact (the page is read by
   every role), and are the figures of the POP coverage page's total row: hidden there,
   hidden here.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from inclusion.figures import SmallGroups
from inclusion.models import ActionStatus, SkillsAction
from organisations.permissions import Perm
from transformation.hooks import InterventionEvidenceSource
from transformation.interventions import Evidence
from transformation.models import Initiative, InterventionKind


def _hr_adviser(programme) -> Evidence:
    """One query."""
    # Looked up per unit of an initiative, through the actions' index of their unit,
    # rather than by reading every action that has a unit: the actions table is the
    # largest there is (at scale 20, 11 -> 3 ms).
    unit_action = SkillsAction.objects.filter(
        organisation=programme.organisation, unit_id=OuterRef("organisationunit_id")
    ).exclude(status=ActionStatus.CANCELLED)
    for_a_unit = Initiative.units.through.objects.filter(
        Exists(unit_action), initiative_id=OuterRef("pk")
    )
    counts = Initiative.objects.filter(programme=programme).aggregate(
        total=Count("pk"), reached=Count("pk", filter=Exists(for_a_unit))
    )
    return Evidence.count(
        InterventionKind.HR_ADVISER,
        _("initiatives whose units had a digital-skills action for the whole unit"),
        counts["reached"],
        counts["total"],
        note=_("A training, intervisie or other action that HR logged for a whole unit."),
        url=reverse("inclusion:actions:log"),
        action=_("Log a digital-skills action"),
        perm=Perm.EDIT_SKILLS_ACTIONS,
    )


def _pop(programme, year: int) -> Evidence:
    """Four queries: the organisation's threshold and its POP coverage of `year`."""
    from inclusion.actions.queries import organisation_coverage

    organisation = programme.organisation
    groups = SmallGroups.of(organisation, exact=False)
    coverage = organisation_coverage(organisation, year, groups)
    label = _("POP-gesprekken held in %(year)s in which digital skills came up") % {"year": year}
    link = {
        "url": reverse("inclusion:actions:pop_coverage"),
        "action": _("See the POP coverage per unit"),
    }
    if not coverage.active.count:
        # Nobody is registered: nobody to protect, and nothing to count.
        return Evidence.count(InterventionKind.LINE_MANAGER, label, 0, 0, **link)
    if coverage.held.hidden or coverage.covered.hidden:
        return Evidence.withheld(
            InterventionKind.LINE_MANAGER,
            label,
            _("%(part)s of %(whole)s") % {"part": coverage.covered, "whole": coverage.held},
            _(
                "Not shown: with these figures, a group of fewer than %(threshold)s employees "
                "could be recognised."
            )
            % {"threshold": groups.threshold},
            **link,
        )
    return Evidence.count(
        InterventionKind.LINE_MANAGER,
        label,
        coverage.covered.count,
        coverage.held.count,
        note=_("Of the POP-gesprekken held this year with employees who work here."),
        **link,
    )


def _evidence(programme, kinds: frozenset[int], *, year: int) -> list[Evidence]:
    found = []
    if InterventionKind.HR_ADVISER in kinds:
        found.append(_hr_adviser(programme))
    if InterventionKind.LINE_MANAGER in kinds:
        found.append(_pop(programme, year))
    return found


source = InterventionEvidenceSource(
    kinds=frozenset({InterventionKind.HR_ADVISER, InterventionKind.LINE_MANAGER}),
    evidence=_evidence,
)
