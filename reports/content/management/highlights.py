"""The management report's prose: the programme's state in three sentences, for the
opening page.

Every sentence is built from figures the context has already read from the snapshot,
so that what the opening page says and what the chapters show cannot disagree.
"""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from transformation.models import RAG, BenefitTrack

# The opening names red initiatives up to this many; more are counted, not named.
NAMED_RED = 3


def highlights(context: dict) -> list[str]:
    """Three sentences: the initiatives, the benefits, the people and the interventions."""
    return [_initiatives(context), _benefits(context), _people(context)]


def _initiatives(context: dict) -> str:
    total = len(context["initiatives"])
    counts = {tile["code"]: tile["count"] for tile in context["status_counts"]}
    if not total:
        return _("The programme has no initiatives yet.")
    sentence = ngettext(
        "%(count)s initiative: %(green)s on green, %(amber)s on amber and %(red)s on red",
        "%(count)s initiatives: %(green)s on green, %(amber)s on amber and %(red)s on red",
        total,
    ) % {
        "count": total,
        "green": counts.get(RAG.GREEN, 0),
        "amber": counts.get(RAG.AMBER, 0),
        "red": counts.get(RAG.RED, 0),
    }
    red = context["red"]
    if red and len(red) <= NAMED_RED:
        return _("%(sentence)s (%(names)s).") % {
            "sentence": sentence,
            "names": ", ".join(row["title"] for row in red),
        }
    return f"{sentence}."


def _benefits(context: dict) -> str:
    tracks = {tile["code"]: tile["count"] for tile in context["benefit_counts"]}
    total = sum(tracks.values())
    measured = total - tracks.get(BenefitTrack.NOT_MEASURED, 0)
    if not total:
        return _("No benefits are set for the initiatives yet.")
    if not measured:
        return ngettext(
            "None of the %(count)s benefit has been measured yet.",
            "None of the %(count)s benefits has been measured yet.",
            total,
        ) % {"count": total}
    good = tracks.get(BenefitTrack.ON_TRACK, 0) + tracks.get(BenefitTrack.ACHIEVED, 0)
    return ngettext(
        "%(measured)s benefit measured: %(good)s on track or reached, %(off)s off track.",
        "%(measured)s benefits measured: %(good)s on track or reached, %(off)s off track.",
        measured,
    ) % {"measured": measured, "good": good, "off": tracks.get(BenefitTrack.OFF_TRACK, 0)}


def _people(context: dict) -> str:
    anchored = next((c["count"] for c in context["intervention_counts"] if c["mark"] == "green"), 0)
    interventions = ngettext(
        "%(anchored)s of the five interventions is anchored",
        "%(anchored)s of the five interventions are anchored",
        anchored,
    ) % {"anchored": anchored}
    percentage = context["inclusion"]["pop_percentage"]
    if isinstance(percentage, int) and not isinstance(percentage, bool):
        return _(
            "For %(percentage)s%% of the employees, digital skills came up in their "
            "POP-gesprek of %(year)s, and %(interventions)s."
        ) % {
            "percentage": percentage,
            "year": context["inclusion"]["year"],
            "interventions": interventions,
        }
    return f"{capfirst(interventions)}."
