"""The stakeholders' power-interest grid: valid, accessible, safe under the CSP, and readable."""

import itertools
import math
import re
import xml.etree.ElementTree as ET
from typing import NamedTuple

import pytest
from django.utils import translation

from adoption.grid import GridPoint, power_interest_grid

NS = "{http://www.w3.org/2000/svg}"
ATTITUDE_LABELS = {
    "opponent": "tegenstander",
    "critic": "criticus",
    "neutral": "neutraal",
    "supporter": "voorstander",
    "champion": "ambassadeur",
}


def point(label: str, influence: float, interest: float, attitude: str = "neutral") -> GridPoint:
    return GridPoint(label, influence, interest, attitude, ATTITUDE_LABELS.get(attitude, attitude))


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 - our own output, not untrusted input


def grid(*points: GridPoint, title: str = "Belanghebbenden") -> ET.Element:
    return parse(power_interest_grid(title=title, points=points))


class Drawn(NamedTuple):
    title: str
    shape: ET.Element
    x: float
    y: float
    label: ET.Element | None


def position(shape: ET.Element) -> tuple[float, float]:
    if shape.tag == f"{NS}circle":
        return float(shape.get("cx")), float(shape.get("cy"))
    found = re.fullmatch(r"translate\((\S+) (\S+)\)", shape.get("transform"))
    return float(found[1]), float(found[2])


def stakeholders(root: ET.Element) -> list[Drawn]:
    """Every stakeholder's marker group: a tooltip, a shape and perhaps a label."""
    drawn = []
    for group in root.iter(f"{NS}g"):
        if group.find(f"{NS}title") is None:
            continue
        shape = next(e for e in group if e.tag in (f"{NS}circle", f"{NS}polygon"))
        label = group.find(f"{NS}text")
        drawn.append(Drawn(group.find(f"{NS}title").text, shape, *position(shape), label))
    return drawn


def by_name(root: ET.Element) -> dict[str, Drawn]:
    return {d.title.rsplit(" (", 1)[0]: d for d in stakeholders(root)}


def plot_area(root: ET.Element) -> tuple[float, float, float, float]:
    """Left, right, top and bottom of the plot, from its frame."""
    frame = next(r for r in root.iter(f"{NS}rect") if r.get("fill") == "none")
    x, y = float(frame.get("x")), float(frame.get("y"))
    return x, x + float(frame.get("width")), y, y + float(frame.get("height"))


def row_middles(root: ET.Element) -> dict[int, float]:
    """The height of each influence tick, the middle of its row."""
    ticks = [t for t in root.iter(f"{NS}text") if t.get("text-anchor") == "end"]
    return {int(t.text): float(t.get("y")) - 4 for t in ticks}


def legend(root: ET.Element) -> list[str]:
    _, _, top, _ = plot_area(root)
    return [t.text for t in root.iter(f"{NS}text") if float(t.get("y", "inf")) < top]


def numbers_in(root: ET.Element) -> list[float]:
    found = []
    for element in root.find(f"{NS}g").iter():  # the root's width is "100%"
        for name in ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height"):
            if name in element.attrib:
                found.append(float(element.get(name)))
        moved = re.match(r"translate\((\S+) (\S+)\)", element.get("transform", ""))
        if moved:
            found.extend(float(n) for n in moved.groups())
    return found


def shape_of(shape: ET.Element) -> tuple[str, str | None]:
    return shape.tag, shape.get("points")


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_it_is_an_image_named_by_its_title_and_description():
    root = grid(point("Wethouder", 5, 4, "supporter"), title="Belanghebbenden Zaakgericht werken")
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert ids[title_id].tag == f"{NS}title"
    assert ids[title_id].text == "Belanghebbenden Zaakgericht werken"
    assert ids[desc_id].tag == f"{NS}desc"
    assert ids[desc_id].text


@pytest.mark.parametrize("points", [[], [point("Wethouder", 5, 4, "supporter")]])
def test_no_inline_style_and_no_script(points):
    markup = str(power_interest_grid(title="Belanghebbenden", points=points))
    assert "style" not in markup
    assert "<script" not in markup
    assert all(element.get("style") is None for element in parse(markup).iter())


def test_user_text_is_escaped():
    nasty = '<script>alert("x")</script> & Co'
    markup = str(power_interest_grid(title=nasty, points=[GridPoint(nasty, 3, 3, "critic", nasty)]))
    assert "<script" not in markup
    root = parse(markup)
    assert root.find(f"{NS}title").text == nasty
    assert stakeholders(root)[0].title.startswith(nasty)
    assert nasty[:5] in legend(root)[0]


def test_higher_influence_lies_higher_and_higher_interest_further_right():
    drawn = by_name(grid(*(point(f"P{v}", v, v) for v in range(1, 6))))
    xs = [drawn[f"P{v}"].x for v in range(1, 6)]
    ys = [drawn[f"P{v}"].y for v in range(1, 6)]
    assert xs == sorted(xs) and len(set(xs)) == 5
    assert ys == sorted(ys, reverse=True) and len(set(ys)) == 5
    drawn = by_name(grid(point("Hoog", 5, 1), point("Laag", 1, 5)))
    assert drawn["Hoog"].y < drawn["Laag"].y
    assert drawn["Hoog"].x < drawn["Laag"].x


@pytest.mark.parametrize("count", [2, 4, 7, 12])
def test_stakeholders_sharing_a_cell_are_spread_within_it(count):
    others = [point("Elders", 1, 1), point("Rechts", 5, 4)]
    root = grid(*(point(f"Persoon {i}", 5, 3, "supporter") for i in range(count)), *others)
    left, right, top, bottom = plot_area(root)
    column = (right - left) / 5
    rows = row_middles(root)
    shared = [d for d in stakeholders(root) if d.title.startswith("Persoon")]
    assert len(shared) == count
    assert len({(d.x, d.y) for d in shared}) == count
    for d in shared:
        # Inside the plot and inside its own cell: interest 3, influence 5.
        assert left + 2 * column + 5 <= d.x <= left + 3 * column - 5
        assert abs(d.y - rows[5]) < abs(rows[5] - rows[4]) / 2 - 5
        assert top < d.y < bottom
    for a, b in itertools.combinations(shared, 2):
        assert math.dist((a.x, a.y), (b.x, b.y)) >= 11  # markers are at most 11 wide


def test_labels_in_one_cell_stand_on_lines_of_their_own():
    root = grid(*(point(f"Persoon {i}", 2, 2, "critic") for i in range(3)))
    heights = sorted(float(d.label.get("y")) for d in stakeholders(root))
    assert all(b - a >= 12 for a, b in itertools.pairwise(heights))


@pytest.mark.parametrize("interest", [1, 4, 5])
def test_labels_stay_inside_the_plot(interest):
    long_label = "Functioneel beheerder Zaaksysteem en Documentbeheer"
    root = grid(point(long_label, 3, interest), point("Buur", 3, min(interest + 1, 5)))
    _, right, _, _ = plot_area(root)
    for d in stakeholders(root):
        text = d.label.text
        # Generous for sans-serif at 10px: 6 per character, 1 em for the ellipsis.
        assert float(d.label.get("x")) + 6 * len(text) + 4 * text.endswith("…") <= right


def test_a_label_runs_on_into_empty_cells_only():
    long_label = "Functioneel beheerder Zaaksysteem"
    alone = by_name(grid(point(long_label, 3, 1)))[long_label].label
    crowded = grid(point(long_label, 3, 1), point("Buur", 3, 2))
    left, right, _, _ = plot_area(crowded)
    beside = by_name(crowded)[long_label].label
    assert len(beside.text) < len(alone.text)
    assert float(beside.get("x")) + 6 * len(beside.text) <= left + (right - left) / 5


def test_a_long_label_is_shortened_and_whole_in_the_tooltip():
    long_label = "Afdelingshoofd Burgerzaken en Publiekszaken"
    drawn = stakeholders(grid(point(long_label, 1, 1, "opponent")))[0]
    assert drawn.label.text.endswith("…")
    assert len(drawn.label.text) <= 22
    assert long_label.startswith(drawn.label.text[:-1])
    assert drawn.title == f"{long_label} (tegenstander)"


def test_a_short_label_is_shown_whole():
    drawn = stakeholders(grid(point("OR", 2, 2)))[0]
    assert drawn.label.text == "OR"


def test_each_attitude_has_its_own_shape_and_colour():
    root = grid(*(point(a, 3, i + 1, a) for i, a in enumerate(ATTITUDE_LABELS)))
    drawn = stakeholders(root)
    assert len({shape_of(d.shape) for d in drawn}) == 5
    assert len({d.shape.get("fill") for d in drawn}) == 5


def test_markers_stand_out_against_white():
    root = grid(*(point(a, 3, i + 1, a) for i, a in enumerate(ATTITUDE_LABELS)))
    for d in stakeholders(root):
        assert 1.05 / (luminance(d.shape.get("fill")) + 0.05) >= 3


def test_the_legend_lists_only_the_attitudes_present_in_the_order_of_the_scale():
    root = grid(point("Fan", 5, 5, "champion"), point("Tegen", 2, 2, "opponent"))
    assert legend(root) == ["tegenstander", "ambassadeur"]
    _, _, top, _ = plot_area(root)
    # Stakeholders' markers sit in groups of their own; the legend's samples do not.
    samples = [e for e in root.find(f"{NS}g") if e.tag in (f"{NS}circle", f"{NS}polygon")]
    assert len(samples) == 2
    assert all(position(s)[1] < top for s in samples)
    drawn = {shape_of(d.shape) for d in stakeholders(root)}
    assert {shape_of(s) for s in samples} == drawn
    assert legend(grid(point("Alleen", 3, 3, "neutral"))) == ["neutraal"]


def test_a_long_legend_wraps_above_the_plot():
    points = [GridPoint("X", 3, 3, a, f"Een heel lange naam voor {a}") for a in ATTITUDE_LABELS]
    root = grid(*points)
    _, right, top, _ = plot_area(root)
    texts = [t for t in root.iter(f"{NS}text") if float(t.get("y", "inf")) < top]
    assert len({t.get("y") for t in texts}) > 1
    assert all(float(t.get("x")) + 7.8 * len(t.text) <= right for t in texts)


def test_the_axes_and_quadrants_are_named():
    with translation.override("en"):
        root = grid(point("Wethouder", 5, 4))
    texts = [t.text for t in root.iter(f"{NS}text")]
    for name in ("Influence", "Interest", "Manage closely", "Keep satisfied"):
        assert name in texts
    assert "Keep informed" in texts and "Monitor" in texts
    for tick in "12345":
        assert texts.count(tick) == 2


def test_quadrants_split_between_three_and_four():
    with translation.override("en"):
        root = grid(point("Hoog", 4, 4), point("Midden", 3, 3))
    lines = [e for e in root.iter(f"{NS}line") if e.get("stroke-width") == "1.5"]
    assert len(lines) == 2
    vertical = next(e for e in lines if e.get("x1") == e.get("x2"))
    horizontal = next(e for e in lines if e.get("y1") == e.get("y2"))
    drawn = by_name(root)
    assert drawn["Midden"].x < float(vertical.get("x1")) < drawn["Hoog"].x
    assert drawn["Hoog"].y < float(horizontal.get("y1")) < drawn["Midden"].y


def test_without_stakeholders_it_says_so():
    with translation.override("en"):
        root = grid()
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "No stakeholders yet." in texts
    assert "Manage closely" in texts
    assert root.find(f"{NS}desc").text == "No stakeholders yet."
    assert stakeholders(root) == []
    assert legend(root) == []


def test_the_description_counts_stakeholders_and_those_to_manage_closely():
    points = [point("A", 4, 4), point("B", 5, 5), point("C", 3, 5), point("D", 5, 3)]
    with translation.override("en"):
        many = grid(*points).find(f"{NS}desc").text
        one = grid(point("E", 1, 1)).find(f"{NS}desc").text
    assert many == "4 stakeholders; 2 in the quadrant Manage closely."
    assert one == "1 stakeholder; 0 in the quadrant Manage closely."


@pytest.mark.parametrize(
    ("influence", "interest"), [(0, 0), (-3, 99), (6, 5), (10**9, -(10**9)), (math.nan, math.inf)]
)
def test_values_out_of_range_are_drawn_at_the_nearest_end(influence, interest):
    markup = str(power_interest_grid(title="t", points=[point("Vreemd", influence, interest)]))
    root = parse(markup)
    assert all(math.isfinite(n) and 0 <= n <= 560 for n in numbers_in(root))
    left, right, top, bottom = plot_area(root)
    drawn = stakeholders(root)[0]
    assert left < drawn.x < right and top < drawn.y < bottom
    if math.isfinite(influence) and math.isfinite(interest):
        nearest = [min(5, max(1, v)) for v in (influence, interest)]
        expected = stakeholders(grid(point("Vreemd", *nearest)))[0]
        assert (drawn.x, drawn.y) == (expected.x, expected.y)


def test_an_unknown_attitude_is_drawn_as_neutral():
    unknown = stakeholders(grid(GridPoint("X", 3, 3, "enthusiast", "enthousiast")))[0]
    neutral = stakeholders(grid(point("X", 3, 3, "neutral")))[0]
    assert shape_of(unknown.shape) == shape_of(neutral.shape)


def test_ids_differ_between_grids_and_repeat_for_the_same_grid():
    first = power_interest_grid(title="Grid", points=[point("A", 1, 1)])
    again = power_interest_grid(title="Grid", points=[point("A", 1, 1)])
    other = power_interest_grid(title="Grid", points=[point("A", 1, 2)])
    prefixed = power_interest_grid(title="Grid", points=[point("A", 1, 1)], id_prefix="tweede")
    assert first == again
    ids = [parse(m).get("aria-labelledby") for m in (first, other, prefixed)]
    assert len(set(ids)) == 3
    assert ids[2].startswith("tweede-")
