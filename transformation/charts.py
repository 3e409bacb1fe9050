"""Accessible line charts as inline SVG, rendered on the server.

The same markup goes into web pages and, unchanged, into the PDF reports that
WeasyPrint makes, so it keeps to plain SVG 1.1: no scripts, no CSS variables,
no foreignObject. Pages are served under a Content-Security-Policy with
``style-src 'self'``, which blocks ``style`` attributes and ``<style>``
elements; everything is drawn with presentation attributes instead.

Screen readers get the chart's title and a one-sentence description. Pages
show the same numbers in a table beside the chart, so the drawn text is
decoration for them.
"""

import datetime
import decimal
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from organisations.svg import (
    AXIS_COLOUR,
    FONT_SIZE,
    GRID_COLOUR,
    PALETTE,
    svg_document,
)

# The palette (organisations.svg) has at least 3:1 contrast against white. Dash
# pattern and marker shape differ too, for whoever cannot tell colours apart.
# A generous average glyph width for sans-serif: too wide leaves a little
# space, too narrow would clip labels, and there is no font to measure here.
CHAR_WIDTH = 0.65 * FONT_SIZE
DASH = "6 4"
ROW = 18
# Marker shapes per series after the first (a circle), around the origin.
SHAPES = ("-3.5,-3.5 3.5,-3.5 3.5,3.5 -3.5,3.5", "0,-5 5,0 0,5 -5,0", "0,-5 4.5,3 -4.5,3")


@dataclass(frozen=True)
class Point:
    """One measurement, or one corner of a reference line."""

    when: datetime.date
    value: float | decimal.Decimal


@dataclass(frozen=True)
class Series:
    """One line; `label` names it in the legend. Reference lines (a target) are
    dashed and have no markers; measurements are solid with a marker per point."""

    label: str
    points: Sequence[Point]
    dashed: bool = False
    markers: bool = True


def _num(value: float) -> str:
    # A tenth of a unit is finer than a pixel and keeps the markup short.
    return f"{value:.1f}"


def _decimals(values: Sequence[float]) -> int:
    return next((d for d in (0, 1) if all(abs(v - round(v, d)) < 1e-9 for v in values)), 2)


def _format_value(value: float, decimals: int, unit: str) -> str:
    # number_format truncates floats; a Decimal of the rounded text does not.
    text = number_format(decimal.Decimal(f"{value:.{decimals}f}"), decimals, force_grouping=True)
    if not unit:
        return text
    return f"{text}{'' if unit == '%' else ' '}{unit}"


def _value_ticks(low: float, high: float) -> list[float]:
    # An axis that starts at 0 keeps a small change from looking like a large one.
    if low >= 0:
        low = 0.0
    elif high <= 0:
        high = 0.0
    if high == low:
        high = low + 1
    raw = (high - low) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    step = max(step, 0.01)  # labels show at most two decimals
    first = math.floor(round(low / step, 6))
    last = max(math.ceil(round(high / step, 6)), first + 1)
    return [round(i * step, 9) or 0.0 for i in range(first, last + 1)]


def _date_ticks(start: datetime.date, end: datetime.date, room: int) -> list[datetime.date]:
    days = (end - start).days
    count = max(2, min(6, days + 1, room))
    step = days / (count - 1)
    return sorted({start + datetime.timedelta(days=round(i * step)) for i in range(count)})


def _marker(index: int, x: float, y: float, colour: str) -> str:
    # The white edge keeps a marker visible where it lies on another line.
    paint = f'fill="{colour}" stroke="#ffffff" stroke-width="1.5"'
    if index % 4 == 0:
        return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4" {paint}/>'
    shape = SHAPES[index % 4 - 1]
    return f'<polygon points="{shape}" transform="translate({_num(x)} {_num(y)})" {paint}/>'


def _rule(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    return (
        f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}"'
        f' stroke="{colour}" stroke-width="1"/>'
    )


def _polyline(colour: str, dashed: bool, coords: list[tuple[float, float]]) -> str:
    dash = f' stroke-dasharray="{DASH}"' if dashed else ""
    points = " ".join(f"{_num(x)},{_num(y)}" for x, y in coords)
    return (
        f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"'
        f' stroke-linejoin="round"{dash}/>'
    )


def _draw(index: int, series: Series, coords: list[tuple[float, float]]) -> str:
    colour = PALETTE[index % len(PALETTE)]
    parts = [_polyline(colour, series.dashed, coords)] if len(coords) > 1 else []
    # A lone point of a reference line would otherwise not show at all.
    if series.markers or len(coords) == 1:
        parts.extend(_marker(index, x, y, colour) for x, y in coords)
    return "".join(parts)


def _summary(drawn: list[tuple[int, Series, list[Point]]], unit: str) -> str:
    template, parts = gettext("%(label)s %(value)s on %(date)s"), []
    for _, series, points in drawn:
        value, when = float(points[-1].value), date_format(points[-1].when)
        amount = _format_value(value, _decimals([value]), unit)
        parts.append(template % {"label": series.label, "value": amount, "date": when})
    return gettext("Latest values: %(values)s.") % {"values": "; ".join(parts)}


def line_chart(
    *,
    title: str,
    series: Sequence[Series],
    unit: str = "",
    description: str = "",
    width: int = 640,
    height: int = 280,
    id_prefix: str = "chart",
) -> SafeString:
    """An SVG line chart of `series` over time; `id_prefix` keeps ids apart when
    the same chart appears twice on one page."""
    # Ids come from the input, not a counter, so the output is reproducible.
    lines = [(s.label, s.dashed, s.markers, [(p.when, p.value) for p in s.points]) for s in series]
    key = repr((title, unit, description, width, height, lines))
    ident = f"{id_prefix}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"
    # A value that is not a number cannot be placed; leave it out, not the chart.
    drawn = [
        (i, s, sorted((p for p in s.points if math.isfinite(float(p.value))), key=lambda p: p.when))
        for i, s in enumerate(series)
    ]
    drawn = [entry for entry in drawn if entry[2]]
    if not drawn:
        message = gettext("No measurements yet.")
        body = format_html(
            '<text x="{}" y="{}" text-anchor="middle">{}</text>', width / 2, height / 2, message
        )
        return svg_document(ident, title, description or message, width, height, body)

    values = [float(p.value) for _, _, points in drawn for p in points]
    dates = [p.when for _, _, points in drawn for p in points]
    start, end = min(dates), max(dates)
    if start == end:
        # Half a month either side, within the calendar's ends.
        half = datetime.timedelta(days=15)
        start = start - half if start - datetime.date.min >= half else datetime.date.min
        end = end + half if datetime.date.max - end >= half else datetime.date.max
    y_ticks = _value_ticks(min(values), max(values))
    decimals = _decimals(y_ticks)
    y_labels = [_format_value(v, decimals, unit if len(unit) <= 3 else "") for v in y_ticks]
    # The locale writes the month out: room for the longest month name, two-digit day.
    widest = [datetime.date(end.year, month, 28) for month in range(1, 13)]
    date_width = max(len(date_format(d)) for d in widest) * CHAR_WIDTH

    left = max(max(map(len, y_labels)) * CHAR_WIDTH + 14, date_width / 2 + 6)
    right = width - max(date_width / 2 + 6, 14)
    parts: list[str] = []

    # Legend above the plot, wrapped onto more rows when the labels are long.
    x, y = left, 8.0
    room = max(4, int((right - left - 30) / CHAR_WIDTH))
    for index, s, points in drawn:
        label = s.label if len(s.label) <= room else s.label[: room - 1] + "…"
        item = 30 + len(label) * CHAR_WIDTH
        if x > left and x + item > right:
            x, y = left, y + ROW
        colour = PALETTE[index % len(PALETTE)]
        parts.append(_polyline(colour, s.dashed, [(x, y + 8), (x + 24, y + 8)]))
        if s.markers or len(points) == 1:
            parts.append(_marker(index, x + 12, y + 8, colour))
        parts.append(
            format_html('<text x="{}" y="{}">{}</text>', _num(x + 30), _num(y + 12), label)
        )
        x += item + 16
    y += ROW
    if len(unit) > 3:
        # A long unit would crowd every tick label; name it once above the axis.
        parts.append(format_html('<text x="8" y="{}">{}</text>', _num(y + 12), unit))
        y += ROW
    top, bottom = y + 8, height - 28.0

    def x_of(day: datetime.date) -> float:
        return left + (day - start).days / (end - start).days * (right - left)

    def y_of(value: float) -> float:
        return bottom - (value - y_ticks[0]) / (y_ticks[-1] - y_ticks[0]) * (bottom - top)

    for value, label in zip(y_ticks, y_labels, strict=True):
        colour = AXIS_COLOUR if value == 0 and value != y_ticks[0] else GRID_COLOUR
        parts.append(
            _rule(left, y_of(value), right, y_of(value), colour)
            + f'<text x="{_num(left - 8)}" y="{_num(y_of(value) + 4)}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
    parts.append(_rule(left, bottom, right, bottom, AXIS_COLOUR))
    for day in _date_ticks(start, end, int((right - left) // (date_width + 16)) + 1):
        parts.append(
            _rule(x_of(day), bottom, x_of(day), bottom + 4, AXIS_COLOUR)
            + f'<text x="{_num(x_of(day))}" y="{_num(bottom + 18)}" text-anchor="middle">'
            f"{escape(date_format(day))}</text>"
        )
    for index, s, points in drawn:
        parts.append(_draw(index, s, [(x_of(p.when), y_of(float(p.value))) for p in points]))
    return svg_document(
        ident, title, description or _summary(drawn, unit), width, height, "".join(parts)
    )


def benefit_chart(
    *,
    title: str,
    unit: str,
    id_prefix: str,
    baseline_on: datetime.date,
    baseline: float | decimal.Decimal,
    target_date: datetime.date,
    target: float | decimal.Decimal,
    measurements: Sequence[Point],
    width: int = 640,
    height: int = 280,
) -> SafeString:
    """A benefit's measurements against the straight line from baseline to target:
    the benefit's page and the management report draw it with this one function."""
    return line_chart(
        title=title,
        unit=unit,
        id_prefix=id_prefix,
        width=width,
        height=height,
        series=[
            Series(gettext("Measured"), [Point(baseline_on, baseline), *measurements]),
            Series(
                gettext("Target"),
                [Point(baseline_on, baseline), Point(target_date, target)],
                dashed=True,
                markers=False,
            ),
        ],
    )
