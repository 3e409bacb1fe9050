"""The management report's prose: the summary's sentences and the decisions the
figures themselves put before the directors, each with its reason.

Every sentence is built from figures the context has already read from the snapshot,
so that what the summary says and what the chapters show cannot disagree.
"""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.content.common import as_dict, as_list
from transformation.models import RAG, BenefitTrack, Outcome


def highlights(context: dict) -> list[str]:
    """The summary in a few sentences, each built from the figures."""
    lines = []
    initiatives = context["initiatives"]
    counts = {tile["code"]: tile["count"] for tile in context["status_counts"]}
    lines.append(
        ngettext(
            "%(count)s initiative: %(green)s green, %(amber)s amber, %(red)s red.",
            "%(count)s initiatives: %(green)s green, %(amber)s amber, %(red)s red.",
            len(initiatives),
        )
        % {
            "count": len(initiatives),
            "green": counts.get(RAG.GREEN, 0),
            "amber": counts.get(RAG.AMBER, 0),
            "red": counts.get(RAG.RED, 0),
        }
    )
    if context["red"]:
        lines.append(
            _("On red: %(initiatives)s.")
            % {"initiatives": ", ".join(row["title"] for row in context["red"])}
        )
    overrides = len(context["gate_overrides"])
    lines.append(
        ngettext(
            "%(count)s gate override in this period.",
            "%(count)s gate overrides in this period.",
            overrides,
        )
        % {"count": overrides}
        if overrides
        else _("No gate overrides in this period.")
    )
    tracks = {tile["code"]: tile["count"] for tile in context["benefit_counts"]}
    measured = sum(tracks.values()) - tracks.get(BenefitTrack.NOT_MEASURED, 0)
    if measured:
        lines.append(
            _(
                "Benefits measured: %(measured)s; on track or target reached: %(good)s; "
                "off track: %(off)s."
            )
            % {
                "measured": measured,
                "good": tracks.get(BenefitTrack.ON_TRACK, 0) + tracks.get(BenefitTrack.ACHIEVED, 0),
                "off": tracks.get(BenefitTrack.OFF_TRACK, 0),
            }
        )
    anchored = next((c["count"] for c in context["intervention_counts"] if c["mark"] == "green"), 0)
    lines.append(
        ngettext(
            "%(anchored)s of the five interventions is anchored.",
            "%(anchored)s of the five interventions are anchored.",
            anchored,
        )
        % {"anchored": anchored}
    )
    inclusion = context["inclusion"]
    if isinstance(inclusion["pop_percentage"], int):
        lines.append(
            _("Digital skills came up in %(percentage)s%% of this year's POP-gesprekken.")
            % {"percentage": inclusion["pop_percentage"]}
        )
    return lines


def decisions(snap: dict, initiatives: list[dict], overrides: list[dict]) -> list[dict]:
    """What the figures themselves put before the directors, each with its reason:
    `initiatives` and `overrides` are the context's rows of the snapshot `snap`."""
    decisions = []
    vision = as_dict(snap.get("vision"))
    for version in as_list(vision.get("consultation")):
        decisions.append(
            {
                "text": _(
                    "Approve version %(number)s of the information vision, “%(title)s”, "
                    "or send it back with your comments."
                )
                % {"number": version.get("number"), "title": version.get("title", "")},
                "why": _(
                    "It is in consultation and waits for the directors. Their visible "
                    "commitment to the vision is itself a success factor (lesson 2)."
                ),
            }
        )
    if "vision" in snap and not vision.get("approved") and not as_list(vision.get("consultation")):
        decisions.append(
            {
                "text": _("Ask for an information vision to approve."),
                "why": _(
                    "There is no approved information vision: the programme has no agreed "
                    "course to put into practice."
                ),
            }
        )
    for row in initiatives:
        if row["status"] == RAG.RED:
            decisions.append(
                {
                    "text": _("Decide how %(initiative)s goes on.") % {"initiative": row["title"]},
                    "why": _("The initiative is on red: %(reason)s")
                    % {"reason": row["reason"] or "—"},
                }
            )
    for move in overrides:
        if move.get("confirmed_on"):
            continue  # the directors decided already
        decisions.append(
            {
                "text": _(
                    "Confirm, or reverse, that %(initiative)s went on to %(phase)s before "
                    "these phases were done: %(open)s."
                )
                % {"initiative": move["initiative"], "phase": move["to"], "open": move["open"]},
                "why": _(
                    "Gate override of %(date)s, because: %(reason)s. Training before the "
                    "earlier phases is the classic pitfall of “install – explain – done?”."  # noqa: RUF001
                )
                % {"date": _day_text(move["on"]), "reason": _clause(move["reason"])},
            }
        )
    for row in initiatives:
        for step in row["codetermination"]:
            if step["stage"] == Outcome.NEGATIVE:
                decisions.append(
                    {
                        "text": _(
                            "Decide on the negative advice of %(body)s on %(initiative)s "
                            "(%(phase)s phase)."
                        )
                        % {
                            "body": step["body"] or _("the works council"),
                            "initiative": row["title"],
                            "phase": step["phase_label"],
                        },
                        "why": _(
                            "Going on against the advice needs a reasoned decision by the "
                            "directors, and the works council has to hear it first."
                        ),
                    }
                )
    return decisions


def _clause(text: str) -> str:
    """Free text set inside a sentence of our own, without its own closing full stop."""
    return text.strip().rstrip(".").strip() or "—"


def _day_text(day: datetime.date | None) -> str:
    return formats.date_format(day) if day else "—"
