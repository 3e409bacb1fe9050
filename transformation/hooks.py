"""Where the layers above add to Visie & programma's pages without this app
knowing them: the adoption part adds its phase to the programme's rows, adoption and inclusion
add what their data says about the five interventions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class InitiativeColumn:
    heading: str
    # Renders one cell; the initiative is in the context as `initiative`.
    template: str
    # Called once with all the initiatives the page shows, so that the column
    # costs a fixed number of queries however many rows there are.
    annotate: Callable[[list], None]


initiative_columns: list[InitiativeColumn] = []


@dataclass(frozen=True)
class InitiativePanel:
    """A section on the initiative's page, rendered with `context(request, initiative)`."""

    template: str
    context: Callable


initiative_panels: list[InitiativePanel] = []


@dataclass(frozen=True)
class ProgrammePanel:
    """A section at the foot of the programme's page, rendered with
    `context(request, programme)`; a context of None leaves the panel out."""

    template: str
    context: Callable


programme_panels: list[ProgrammePanel] = []


@dataclass(frozen=True)
class InterventionEvidenceSource:
    """What a layer above can tell from its own data about some of the five
    interventions: `evidence(programme, kinds, year=…)` returns a list of
    `transformation.interventions.Evidence` for those of `kinds` it knows, in a fixed
    number of queries however much data there is. `year` is the year whose yearly
    figures count (the POP-gesprekken): this year's on a page, the report's period's in
    a report."""

    kinds: frozenset[int]
    evidence: Callable


intervention_evidence: list[InterventionEvidenceSource] = []
