"""The server-rendered SVG line chart: valid, accessible, safe under the CSP and to scale."""

import datetime
import itertools
import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from organisations.svg import AXIS_COLOUR, PALETTE, TEXT_COLOUR
from transformation import charts
from transformation.charts import Point, Series, line_chart

NS = "{http://www.w3.org/2000/svg}"
JAN_1 = datetime.date(2025, 1, 1)


def day(offset: int) -> datetime.date:
    return JAN_1 + datetime.timedelta(days=offset)


def measured(*values_by_day: tuple[int, float | Decimal], label: str = "Gemeten") -> Series:
    return Series(label, [Point(day(offset), value) for offset, value in values_by_day])


def target(*values_by_day: tuple[int, float | Decimal]) -> Series:
    points = [Point(day(offset), value) for offset, value in values_by_day]
    return Series("Doel", points, dashed=True, markers=False)


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 - our own output, not untrusted input


def plot_area(root: ET.Element) -> tuple[float, float, float, float]:
    """Left, right, top and bottom of the plot, from its horizontal rules."""
    rules = [r for r in root.iter(f"{NS}line") if r.get("y1") == r.get("y2")]
    ys = [float(r.get("y1")) for r in rules]
    return float(rules[0].get("x1")), float(rules[0].get("x2")), min(ys), max(ys)


def plot_circles(root: ET.Element) -> list[ET.Element]:
    # The legend sits above the plot; its sample markers are not data.
    _, _, top, _ = plot_area(root)
    return [c for c in root.iter(f"{NS}circle") if float(c.get("cy")) >= top]


def value_labels(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{NS}text") if t.get("text-anchor") == "end"]


def date_labels(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{NS}text") if t.get("text-anchor") == "middle"]


def numbers_in(root: ET.Element) -> list[float]:
    found = []
    for element in root.iter():
        for name in ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy"):
            if name in element.attrib:
                found.append(float(element.get(name)))
        if element.tag in (f"{NS}polyline", f"{NS}polygon") and "transform" not in element.attrib:
            found.extend(float(n) for n in re.split(r"[ ,]", element.get("points")))
    return found


def assert_within_view(markup: str, width: int = 640, height: int = 280) -> None:
    assert not re.search(r"nan|inf", markup, re.IGNORECASE)
    numbers = numbers_in(parse(markup))
    assert numbers
    assert all(math.isfinite(n) and 0 <= n <= max(width, height) for n in numbers)


def benefit_chart(**kwargs) -> str:
    defaults = {
        "title": "Minder handmatige invoer",
        "unit": "%",
        "series": [
            measured((0, 12), (59, Decimal("18.5")), (139, 27), (212, 31.25)),
            target((0, 12), (364, 60)),
        ],
    }
    return line_chart(**{**defaults, **kwargs})


def test_it_is_an_image_named_by_its_title_and_description():
    root = parse(benefit_chart())

    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 640 280"
    assert root.get("width") == "100%"
    assert root.get("preserveAspectRatio")
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find(f"{NS}title")
    desc = root.find(f"{NS}desc")
    assert (title.get("id"), title.text) == (title_id, "Minder handmatige invoer")
    assert desc.get("id") == desc_id
    assert title_id != desc_id


def test_the_generated_description_gives_each_last_value():
    with translation.override("en"):
        desc = parse(benefit_chart()).find(f"{NS}desc").text

    assert "Gemeten 31.25%" in desc
    assert "Doel 60%" in desc
    assert "31 December 2025" in desc


def test_a_given_description_is_used():
    desc = parse(benefit_chart(description="Stijgt gestaag.")).find(f"{NS}desc").text

    assert desc == "Stijgt gestaag."


@pytest.mark.parametrize(
    "series",
    [
        [measured((0, 12), (30, 20)), target((0, 10), (60, 40))],
        [measured((0, -3), (30, 2))],
        [],
    ],
)
def test_no_inline_style_and_no_script(series):
    markup = line_chart(title="Grafiek", series=series)
    root = parse(markup)

    assert "style" not in markup
    assert "<script" not in markup
    assert "foreignObject" not in markup
    assert all("style" not in element.attrib for element in root.iter())


def test_user_text_is_escaped():
    markup = line_chart(
        title="Titel <b>&",
        description="Uitleg <script>",
        unit="<i>",
        series=[measured((0, 1), (10, 2), label="Lijn <b>&")],
    )
    root = parse(markup)

    assert "<b>" not in markup
    assert "<i>" not in markup
    assert "<script>" not in markup
    assert "Lijn &lt;b&gt;&amp;" in markup
    assert root.find(f"{NS}title").text == "Titel <b>&"
    assert root.find(f"{NS}desc").text == "Uitleg <script>"
    assert "Lijn <b>&" in [t.text for t in root.iter(f"{NS}text")]
    assert any(label.endswith(" <i>") for label in value_labels(root))


def test_points_lie_in_proportion_to_time():
    # Given out of order, and unevenly spaced: a chart that spaced points by
    # their index would put the second one at a third, not a quarter.
    series = [measured((60, 4), (0, 1), (15, 2), (30, 3))]
    root = parse(line_chart(title="Tijd", series=series))
    left, right, _, _ = plot_area(root)

    xs = [float(c.get("cx")) for c in plot_circles(root)]

    fractions = [(x - left) / (right - left) for x in xs]
    assert fractions == pytest.approx([0, 0.25, 0.5, 1], abs=0.002)


def test_higher_values_lie_higher_and_the_axis_starts_at_zero():
    series = [measured((0, 10), (10, 40), (20, 20))]
    root = parse(line_chart(title="Waarden", series=series))
    _, _, top, bottom = plot_area(root)

    ys = [float(c.get("cy")) for c in plot_circles(root)]

    assert ys[1] < ys[2] < ys[0]
    assert top <= min(ys) and max(ys) <= bottom
    with translation.override("en"):
        labels = value_labels(parse(line_chart(title="Waarden", series=series)))
    assert labels[0] == "0"


@pytest.mark.parametrize(
    ("low", "high"), [(0, 40), (0, 7), (12, 31.25), (-3.5, 2.25), (0.1, 0.9), (1200, 98000)]
)
def test_value_ticks_are_few_nice_and_cover_every_value(low, high):
    series = [measured((0, low), (10, high))]
    with translation.override("en"):
        labels = value_labels(parse(line_chart(title="Ticks", series=series)))

    ticks = [float(label.replace(",", "")) for label in labels]
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert 3 <= len(ticks) <= 7
    assert len(steps) == 1
    step = steps.pop()
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 2.5, 5)
    assert ticks[0] <= min(low, 0) and ticks[-1] >= high


def test_date_ticks_are_few_and_within_the_range():
    root = parse(benefit_chart())
    labels = date_labels(root)

    assert 2 <= len(labels) <= 6
    with translation.override("en"):
        labels = date_labels(parse(benefit_chart()))
    assert labels[0] == "1 January 2025"
    assert labels[-1] == "31 December 2025"


def test_a_dashed_series_has_a_dash_pattern_and_a_solid_one_has_none():
    root = parse(benefit_chart())
    lines = list(root.iter(f"{NS}polyline"))

    dashed = [line for line in lines if line.get("stroke") == PALETTE[1]]
    solid = [line for line in lines if line.get("stroke") == PALETTE[0]]
    # One in the plot and one as the legend's sample, for each series.
    assert len(dashed) == len(solid) == 2
    assert all(line.get("stroke-dasharray") for line in dashed)
    assert not any(line.get("stroke-dasharray") for line in solid)


def test_a_reference_line_has_no_markers():
    root = parse(line_chart(title="Doel", series=[target((0, 10), (60, 40))]))

    assert not list(root.iter(f"{NS}circle"))
    assert len(list(root.iter(f"{NS}polyline"))) == 2


@pytest.mark.parametrize(
    "series",
    [
        [measured((0, 5), (10, 5), (20, 5))],
        [measured((0, 0), (10, 0))],
        [measured((0, -2), (10, -2))],
        [measured((0, 7))],
        [measured((0, 7)), target((0, 7))],
        [measured((0, 1e-9), (1, 2e-9))],
    ],
)
def test_flat_series_and_single_points_are_drawn_within_the_picture(series):
    markup = line_chart(title="Vlak", series=series)

    assert_within_view(markup)
    assert plot_circles(parse(markup))


def test_a_single_point_sits_in_the_middle():
    root = parse(line_chart(title="Eén", series=[measured((0, 7))]))
    left, right, _, _ = plot_area(root)

    (circle,) = plot_circles(root)

    assert float(circle.get("cx")) == pytest.approx((left + right) / 2, abs=0.1)


def test_negative_values_get_their_own_part_of_the_axis():
    series = [measured((0, -3.5), (10, 2.25), (20, Decimal("-0.75")))]
    markup = line_chart(title="Saldo", series=series)
    root = parse(markup)
    _, _, top, bottom = plot_area(root)

    with translation.override("en"):
        labels = value_labels(parse(line_chart(title="Saldo", series=series)))

    ticks = [float(label) for label in labels]
    assert ticks[0] <= -3.5 < 0 < 2.25 <= ticks[-1]
    assert 0 in ticks
    ys = [float(c.get("cy")) for c in plot_circles(root)]
    assert top <= ys[1] < ys[2] < ys[0] <= bottom
    assert_within_view(markup)


def test_a_value_that_is_not_a_number_is_left_out():
    series = [measured((0, 1), (10, float("nan")), (20, Decimal("NaN")), (30, 3))]
    markup = line_chart(title="Gaten", series=series)

    assert_within_view(markup)
    assert len(plot_circles(parse(markup))) == 2


@pytest.mark.parametrize("series", [[], [Series("Gemeten", [])], [target()]])
def test_without_points_it_says_so(series):
    with translation.override("en"):
        root = parse(line_chart(title="Nog niets", series=series))

    assert root.find(f"{NS}title").text == "Nog niets"
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert texts == ["No measurements yet."]
    assert root.find(f"{NS}desc").text == "No measurements yet."
    assert not list(root.iter(f"{NS}polyline"))


def test_ids_differ_between_charts_and_repeat_for_the_same_chart():
    first = parse(benefit_chart())
    second = parse(benefit_chart(series=[measured((0, 1), (10, 2))]))
    prefixed = parse(benefit_chart(id_prefix="rapport"))

    ids = {first.find(f"{NS}title").get("id"), second.find(f"{NS}title").get("id")}
    assert len(ids) == 2
    assert prefixed.find(f"{NS}title").get("id").startswith("rapport-")
    assert prefixed.find(f"{NS}title").get("id") not in ids
    assert benefit_chart() == benefit_chart()


def test_dutch_uses_a_decimal_comma():
    series = [measured((0, Decimal("0.1")), (10, Decimal("0.9")))]
    with translation.override("nl"):
        root = parse(line_chart(title="Aandeel", series=series))
        dates = date_labels(parse(benefit_chart()))

    labels = value_labels(root)
    assert "0,25" in labels
    assert not any("." in label for label in labels)
    assert dates[-1] == "31 december 2025"


def test_a_short_unit_follows_each_value_and_a_long_one_is_named_once():
    short = parse(line_chart(title="Uren", unit="uur", series=[measured((0, 1), (10, 8))]))
    long = parse(line_chart(title="Adoptie", unit="gebruikers", series=[measured((0, 1), (10, 8))]))

    assert all(label.endswith(" uur") for label in value_labels(short))
    assert not any("gebruikers" in label for label in value_labels(long))
    assert [t.text for t in long.iter(f"{NS}text")].count("gebruikers") == 1


def test_large_values_are_grouped_in_thousands():
    with translation.override("nl"):
        labels = value_labels(
            parse(line_chart(title="Groot", series=[measured((0, 0), (1, 2000))]))
        )

    assert "2.000" in labels


def contrast(colour: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    return (1.05) / (luminance(colour) + 0.05)


def test_lines_and_text_stand_out_against_white():
    assert all(contrast(colour) >= 3 for colour in PALETTE)
    assert contrast(AXIS_COLOUR) >= 3
    assert contrast(TEXT_COLOUR) >= 4.5
    assert contrast("#ffffff") == pytest.approx(1)


def test_a_benefit_is_drawn_as_its_measurements_against_a_dashed_line_to_its_target():
    with translation.override("en"):
        svg = charts.benefit_chart(
            title="Sneller antwoord",
            unit="dagen",
            id_prefix="benefit-1",
            baseline_on=day(0),
            baseline=Decimal(10),
            target_date=day(300),
            target=Decimal(4),
            measurements=[Point(day(100), Decimal(8)), Point(day(200), Decimal(7))],
        )
    lines = list(parse(svg).iter(f"{NS}polyline"))
    target = [line for line in lines if line.get("stroke") == PALETTE[1]]
    measured = [line for line in lines if line.get("stroke") == PALETTE[0]]
    # In the plot and in the legend, each: the target dashed, the measurements solid.
    assert len(target) == len(measured) == 2
    assert all(line.get("stroke-dasharray") for line in target)
    assert not any(line.get("stroke-dasharray") for line in measured)
    # The measured line starts at the baseline: three points.
    assert max(len(line.get("points").split()) for line in measured) == 3
    assert "Measured" in svg and "Target" in svg
