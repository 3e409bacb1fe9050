"""The initiative's inclusion panel, the programme's "are the people being prepared?"
panel (both through transformation's hooks) and the page that chooses the competences
an initiative asks of people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inclusion.actions.queries import units_with_coverage_hidden
from inclusion.figures import MASK, Figure, Share, SmallGroups
from inclusion.initiatives import queries
from inclusion.initiatives.forms import InitiativeCompetencesForm
from inclusion.models import Competence, InitiativeCompetence
from inclusion.skills.queries import level_groups
from organisations.models import OrganisationUnit
from organisations.pages import page_of
from organisations.permissions import Perm, require
from organisations.shortcuts import owned_or_404
from transformation.hooks import InitiativePanel, ProgrammePanel
from transformation.models import Initiative, Programme

# Who chooses what an initiative asks of people: the programme manager and the HR adviser.
CHOOSE_COMPETENCES = (Perm.EDIT_PROGRAMME, Perm.EDIT_SKILLS_ACTIONS)


def _may_choose(request: HttpRequest) -> bool:
    return any(request.workspace.can(perm) for perm in CHOOSE_COMPETENCES)


# --- The initiative's page ----------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    unit: OrganisationUnit | None
    people: Figure
    below: Figure
    below_share: Share
    below_before_share: Share
    pop_covered: Figure
    pop_covered_share: Share
    reached: Figure
    reached_share: Share
    planned: Figure
    plan_url: str = ""


def _crossed(groups: SmallGroups, now: Figure, before: int, people: int) -> bool:
    """Whether a count shown now, beside its count of before on the same `people`,
    would show a small number of them crossing the line."""
    moved = abs(now.count - before)
    return not now.hidden and moved != 0 and groups.count(moved, people).hidden


def _initiative_panel(request: HttpRequest, initiative: Initiative) -> dict:
    """The initiative's people per unit as the reader may see them: four queries, two
    more for readers who get rounded figures (the organisation's POP coverage)."""
    groups = SmallGroups.for_reader(request)
    today = timezone.localdate()
    asked = list(
        InitiativeCompetence.objects.filter(
            organisation_id=initiative.organisation_id, initiative=initiative
        )
        .select_related("competence")
        .order_by("competence__code")
    )
    counts = queries.unit_counts(initiative, initiative.units.all(), today=today)
    done, planned = queries.action_counts([initiative]).get(initiative.pk, (0, 0))

    # The units part the initiative's people (each works in one unit): columns.
    sizes = [row.people for row in counts]
    hidden_there = None
    if groups.exact:
        people, people_total = groups.column(sizes)
    else:
        # The coverage page (every reader's) decides per unit across the whole
        # organisation which sizes and covered counts are hidden: hidden there, hidden
        # here, and the total of the initiative's units with them, or the pages subtract.
        hidden_there = units_with_coverage_hidden(initiative.organisation, today.year, groups)
        people = [
            figure.masked() if row.unit.pk in hidden_there.active else figure
            for row, figure in zip(counts, map(groups.group, sizes), strict=True)
        ]
        people_total = groups.total(sum(sizes), people)

    def column(name: str, hidden: Sequence[bool] = ()) -> tuple[list[Figure], Figure]:
        figures, total = groups.column(
            [getattr(row, name) for row in counts],
            sizes,
            whole_of=(people_total.count,),
            hidden=hidden,
        )
        if not groups.exact and any(figure.hidden for figure in figures):
            # Initiatives share units: the totals of two over overlapping units would
            # subtract to the figures of the units one has and the other has not.
            total = total.masked()
        return figures, total

    below, below_total = column("below")
    # Below the level now and three months ago, of the same people: the difference is
    # the people whose level crossed it, a count like any other.
    before, before_total = column(
        "below_before",
        hidden=[
            _crossed(groups, now, row.below_before, row.people)
            for row, now in zip(counts, below, strict=True)
        ],
    )
    if _crossed(groups, below_total, before_total.count, people_total.count):
        before_total = Figure(before_total.count, MASK)
    covered, covered_total = column(
        "pop_covered",
        hidden=[row.unit.pk in hidden_there.covered for row in counts] if hidden_there else (),
    )
    reached, reached_total = column("reached")
    with_plans, planned_total = column("planned")
    may_plan = request.workspace.can(Perm.EDIT_SKILLS_ACTIONS)
    log_url = reverse("inclusion:actions:log")
    rows = [
        UnitRow(
            unit=row.unit,
            people=people[index],
            below=below[index],
            below_share=groups.share(below[index], people[index]),
            below_before_share=groups.share(before[index], people[index]),
            pop_covered=covered[index],
            pop_covered_share=groups.share(covered[index], people[index]),
            reached=reached[index],
            reached_share=groups.share(reached[index], people[index]),
            planned=with_plans[index],
            plan_url=f"{log_url}?unit={row.unit.pk}&initiative={initiative.pk}" if may_plan else "",
        )
        for index, row in enumerate(counts)
    ]
    total = UnitRow(
        unit=None,
        people=people_total,
        below=below_total,
        below_share=groups.share(below_total, people_total),
        below_before_share=groups.share(before_total, people_total),
        pop_covered=covered_total,
        pop_covered_share=groups.share(covered_total, people_total),
        reached=reached_total,
        reached_share=groups.share(reached_total, people_total),
        planned=planned_total,
    )
    return {
        "initiative": initiative,
        "asked": asked,
        "rows": rows,
        "total": total,
        "groups": groups,
        "actions_done": groups.count(done),
        "actions_planned": groups.count(planned),
        "year": today.year,
        "looked_back_on": queries.looked_back_on(today),
        "may_choose": _may_choose(request),
        "may_plan": may_plan,
        "log_url": f"{log_url}?initiative={initiative.pk}" if may_plan else "",
    }


initiative_panel = InitiativePanel(
    template="inclusion/initiatives/_initiative_panel.html", context=_initiative_panel
)


# --- The programme's page -----------------------------------------------------------------------


PREPARATION_PER_PAGE = 25


def _programme_panel(request: HttpRequest, programme: Programme) -> dict | None:
    """Per initiative: are its people being prepared? A page of initiatives at a time,
    in five queries; none shown without initiatives."""
    today = timezone.localdate()
    initiatives = Initiative.objects.filter(programme=programme).order_by("title", "pk")
    # A page of initiatives at a time, counted for that page only: the programme's page
    # stays the same size, and its time does not grow with the number of initiatives.
    ids = list(initiatives.values_list("pk", flat=True))
    page = page_of(request, ids, PREPARATION_PER_PAGE, parameter="voorbereiding")
    counts = queries.preparation(initiatives.filter(pk__in=page.object_list), today=today)
    if not counts:
        return None
    groups = SmallGroups.for_reader(request)
    return {
        "programme": programme,
        "page": page,
        "rows": [queries.shown_preparation(groups, row) for row in counts],
        "groups": groups,
        "looked_back_on": queries.looked_back_on(today),
    }


programme_panel = ProgrammePanel(
    template="inclusion/initiatives/_programme_panel.html", context=_programme_panel
)


# --- Choosing the competences -------------------------------------------------------------------


@require(*CHOOSE_COMPETENCES)
@require_http_methods(["GET", "POST"])
def competences(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = owned_or_404(Initiative.objects.select_related("programme"), request, pk)
    form = InitiativeCompetencesForm(
        request.POST or None,
        initiative=initiative,
        competences=Competence.objects.for_organisation(initiative.organisation)
        .select_related("area")
        .order_by("area__number", "code"),
    )
    back = reverse("transformation:initiative_detail", args=[initiative.pk]) + "#inclusion"
    if request.method == "POST" and form.is_valid():
        changed = form.save()
        messages.success(
            request,
            _("The competences %(initiative)s asks of people are saved (%(count)s changed).")
            % {"initiative": initiative.title, "count": changed},
        )
        return redirect(back)
    return render(
        request,
        "inclusion/initiatives/competences.html",
        {
            "initiative": initiative,
            "form": form,
            "level_groups": level_groups(),
            "back": back,
        },
    )
