"""The stakeholder register's power-interest grid as inline SVG, rendered on the server.

Influence runs up, interest to the right, both 1 to 5; stakeholders who share a
cell stand in a short list inside it, so neither markers nor labels overlap. The
conventions are those of `organisations.svg`: presentation attributes only
(the Content-Security-Policy blocks inline styles; WeasyPrint reuses the markup),
a title and a one-sentence description for screen readers, ids that follow from
the input. Pages show the same stakeholders in a table beside the grid.
"""

import hashlib
import math
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from itertools import accumulate

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_noop, ngettext

from organisations.svg import AXIS_COLOUR, FONT_SIZE, GRID_COLOUR, PALETTE, svg_document

LOW, HIGH = 1, 5
# The middle of the scale, 3, counts as low: a stakeholder is high on an axis
# from 4 up. The quadrant lines therefore run between cells 3 and 4, at 3.5,
# and no marker ever sits on one.
HIGH_FROM = 4
LABEL_SIZE = 10
MAX_LABEL = 22
ROW = 13  # one stakeholder's line inside a cell
BAND = 16  # a strip along the plot's top and bottom edge for the quadrant names
LEGEND_ROW = 18
STAR = "0,-5.5 1.4,-1.9 5.2,-1.7 2.3,0.7 3.2,4.4 0,2.4 -3.2,4.4 -2.3,0.7 -5.2,-1.7 -1.4,-1.9"

# Colour and shape per attitude, so colour is never the only cue. Every colour
# has at least 3:1 contrast against white; shapes lie around the origin, and
# None is a circle. An unknown attitude is drawn as neutral.
ATTITUDES: dict[str, tuple[str, str | None]] = {
    "opponent": (PALETTE[1], "-5,-3.5 5,-3.5 0,5"),
    "critic": (PALETTE[3], "0,-5.5 5.5,0 0,5.5 -5.5,0"),
    "neutral": (AXIS_COLOUR, None),
    "supporter": (PALETTE[0], "-4,-4 4,-4 4,4 -4,4"),
    "champion": (PALETTE[2], STAR),
}
# (high interest, high influence, name, light shade); the description counts the first.
QUADRANTS = (
    (True, True, gettext_noop("Manage closely"), "#e4ecf6"),
    (False, True, gettext_noop("Keep satisfied"), "#f0f0f0"),
    (True, False, gettext_noop("Keep informed"), "#f0f0f0"),
    (False, False, gettext_noop("Monitor"), "#f8f8f8"),
)


@dataclass(frozen=True)
class GridPoint:
    """One stakeholder of the register; `attitude_label` is the translated attitude."""

    label: str
    influence: int
    interest: int
    attitude: str
    attitude_label: str


Placed = tuple[GridPoint, int, int, str]  # the point, its interest, influence and attitude


def _el(tag: str, text: str | None = None, **attrs: float | str) -> str:
    """One element; `font_size` becomes ``font-size``, a float gets one decimal
    (finer than a pixel, and short), and all text is escaped."""
    pairs = "".join(
        f' {name.replace("_", "-")}="{escape(f"{v:.1f}" if isinstance(v, float) else v)}"'
        for name, v in attrs.items()
    )
    return f"<{tag}{pairs}/>" if text is None else f"<{tag}{pairs}>{escape(text)}</{tag}>"


def _place(p: GridPoint) -> Placed:
    # The model validates the range; a stray value is drawn at the nearest end.
    interest, influence = (
        min(HIGH, max(LOW, round(v))) if math.isfinite(v) else LOW
        for v in (p.interest, p.influence)
    )
    return p, interest, influence, p.attitude if p.attitude in ATTITUDES else "neutral"


def _width(text: str, size: float) -> float:
    # Sans-serif glyph widths, on the generous side: there is no font to measure here.
    return sum(0.95 if c in "MWmw" else 0.8 if c.isupper() else 0.62 for c in text) * size


def _fit(text: str, room: float, size: float, most: int = 80) -> str:
    """`text`, cut short with an ellipsis to at most `most` characters and `room` pixels."""
    if len(text) <= most and _width(text, size) <= room:
        return text
    widths = accumulate(_width(c, size) for c in text[: most - 1])
    return text[: sum(1 for w in widths if w + size <= room)].rstrip() + "…"


def _marker(attitude: str, x: float, y: float) -> str:
    # The white edge keeps a marker clear of grid lines and of its neighbours.
    colour, shape = ATTITUDES[attitude]
    paint = {"fill": colour, "stroke": "#ffffff", "stroke_width": 1}
    if shape is None:
        return _el("circle", cx=x, cy=y, r=4.5, **paint)
    return _el("polygon", points=shape, transform=f"translate({x:.1f} {y:.1f})", **paint)


def _summary(placed: list[Placed]) -> str:
    closely = sum(1 for _, i, f, _ in placed if i >= HIGH_FROM and f >= HIGH_FROM)
    total, quadrant = len(placed), gettext(QUADRANTS[0][2])
    people = ngettext("%(count)d stakeholder", "%(count)d stakeholders", total) % {"count": total}
    template = gettext("%(stakeholders)s; %(count)d in the quadrant %(quadrant)s.")
    return template % {"stakeholders": people, "count": closely, "quadrant": quadrant}


def power_interest_grid(
    *,
    title: str,
    points: Sequence[GridPoint],
    width: int = 560,
    height: int = 420,
    id_prefix: str = "grid",
) -> SafeString:
    """An SVG power-interest grid of `points`; `id_prefix` keeps ids apart when
    the same grid appears twice on one page."""
    # Ids come from the input, not a counter, so the output is reproducible.
    key = repr((title, width, height, [astuple(p) for p in points]))
    ident = escape(f"{id_prefix}-{hashlib.sha256(key.encode()).hexdigest()[:10]}")
    placed = [_place(p) for p in points]
    left, right, parts = 40.0, width - 10.0, []

    # Legend above the plot: the attitudes present, in the order of the scale,
    # each named by its first stakeholder (hence reversed).
    present = {attitude: p.attitude_label for p, _, _, attitude in reversed(placed)}
    x, y = left, 8.0
    for attitude in (a for a in ATTITUDES if a in present):
        label = _fit(present[attitude], right - left - 16, FONT_SIZE)
        item = 16 + _width(label, FONT_SIZE)
        if x > left and x + item > right:
            x, y = left, y + LEGEND_ROW
        parts += [_marker(attitude, x + 6, y + 8), _el("text", label, x=x + 16, y=y + 12)]
        x += item + 16
    top = y + LEGEND_ROW + 6 if present else 12.0
    bottom = height - 42.0
    cell_w, cell_h = (right - left) / 5, (bottom - top - 2 * BAND) / 5

    def x_of(value: float) -> float:  # the middle of a column
        return left + (value - LOW + 0.5) * cell_w

    def y_of(value: float) -> float:  # the middle of a row
        return bottom - BAND - (value - LOW + 0.5) * cell_h

    split_x, split_y = x_of(HIGH_FROM - 0.5), y_of(HIGH_FROM - 0.5)
    for high_interest, high_influence, name, shade in QUADRANTS:
        x0, x1 = (split_x, right) if high_interest else (left, split_x)
        y0, y1 = (top, split_y) if high_influence else (split_y, bottom)
        name_y = top + 12 if high_influence else bottom - 4
        parts += [
            _el("rect", x=x0, y=y0, width=x1 - x0, height=y1 - y0, fill=shade),
            _el("text", gettext(name), x=x0 + 6, y=name_y, font_size=11, font_weight="bold"),
        ]
    for value in range(LOW, HIGH):
        split = value + 1 == HIGH_FROM
        line = {"stroke": AXIS_COLOUR if split else GRID_COLOUR, "stroke_width": 1 + split / 2}
        edge_x, edge_y = x_of(value + 0.5), y_of(value + 0.5)
        parts.append(_el("line", x1=edge_x, y1=top, x2=edge_x, y2=bottom, **line))
        parts.append(_el("line", x1=left, y1=edge_y, x2=right, y2=edge_y, **line))
    frame = {"fill": "none", "stroke": AXIS_COLOUR}
    parts.append(_el("rect", x=left, y=top, width=right - left, height=bottom - top, **frame))
    for value in range(LOW, HIGH + 1):
        parts.append(_el("text", str(value), x=left - 6, y=y_of(value) + 4, text_anchor="end"))
        parts.append(_el("text", str(value), x=x_of(value), y=bottom + 16, text_anchor="middle"))
    bold = {"text_anchor": "middle", "font_weight": "bold"}
    parts.append(_el("text", gettext("Interest"), x=(left + right) / 2, y=bottom + 34, **bold))
    turn = f"translate(14 {(top + bottom) / 2:.1f}) rotate(-90)"
    parts.append(_el("text", gettext("Influence"), transform=turn, **bold))

    if not placed:
        # On a white card, so that the quadrant lines do not run through the words.
        message = gettext("No stakeholders yet.")
        mid_x, mid_y, box = (left + right) / 2, (top + bottom) / 2, _width(message, FONT_SIZE) + 20
        card = {"fill": "#ffffff", "stroke": GRID_COLOUR}
        parts.append(_el("rect", x=mid_x - box / 2, y=mid_y - 14, width=box, height=24.0, **card))
        parts.append(_el("text", message, x=mid_x, y=mid_y + 4, text_anchor="middle"))
    cells: dict[tuple[int, int], list[Placed]] = {}
    for entry in placed:
        cells.setdefault((entry[1], entry[2]), []).append(entry)
    rows = max(1, int((cell_h - 2) // ROW))
    for (interest, influence), group in cells.items():
        # A short list in input order, in more columns when one does not hold it.
        per_column = min(len(group), rows)
        columns = -(-len(group) // per_column)
        column_w, cell_left = cell_w / columns, x_of(interest) - cell_w / 2
        # Labels may run on into empty cells to the right, never past the plot.
        taken = [(i, influence) in cells for i in range(interest + 1, HIGH + 1)]
        spill = [*taken, True].index(True) * cell_w
        for index, (p, _, _, attitude) in enumerate(group):
            column, row = divmod(index, per_column)
            in_column = min(per_column, len(group) - column * per_column)
            x = cell_left + column * column_w + 8
            y = y_of(influence) + (row - (in_column - 1) / 2) * ROW
            edge = cell_left + (column + 1) * column_w + (spill if column == columns - 1 else 0)
            text = _fit(p.label, edge - x - 11, LABEL_SIZE, MAX_LABEL)
            label = _el("text", text, x=x + 8, y=y + 3.5, font_size=LABEL_SIZE)
            tip = _el("title", f"{p.label} ({p.attitude_label})")  # the full label, on hover
            parts.append(f"<g>{tip}{_marker(attitude, x, y)}{label if len(text) > 1 else ''}</g>")
    description = _summary(placed) if placed else gettext("No stakeholders yet.")
    return svg_document(ident, title, description, width, height, "".join(parts))
