"""The small-group rule, tried on random groups: whatever the counts, nothing that is
hidden can be worked out from what is shown, by a reader who knows how the rule works
and adds and subtracts everything on the page.

The reader's knowledge of a hidden count: "<5" means 0 to 4; the dash means 5 or more
(hidden because its remainder is small, or to protect another count) and at most its
group. The tests enumerate every assignment of the hidden counts that agrees with what
is shown, so they do not repeat the rule's own arithmetic.
"""

from __future__ import annotations

import itertools

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from inclusion.figures import MASK, Figure, SmallGroups
from organisations.templatetags.figures import grouped

THRESHOLDS = st.integers(min_value=5, max_value=7)


def possible(figure: Figure, threshold: int, most: int, least: int = 0) -> range:
    """The values a reader can tell a figure may have, knowing the rule: "<5" is 0 to
    4; the dash is 5 or more, except in a group smaller than twice the threshold, where
    every count is hidden with the dash. `least`: what the reader knows besides (1 for
    the size of a group that is a row because it has people in it)."""
    if not figure.hidden:
        return range(figure.count, figure.count + 1)
    if figure.text == f"<{threshold}":
        return range(least, min(threshold, most + 1))
    assert figure.text == MASK
    return range(max(least, 0 if most < 2 * threshold else threshold), most + 1)


def assert_undetermined(figures: list[Figure], candidates: list[tuple[int, ...]]) -> None:
    """Each hidden figure takes at least two values among the candidates."""
    assert candidates, "the true counts always agree with what is shown"
    for index, figure in enumerate(figures):
        if figure.hidden:
            values = {candidate[index] for candidate in candidates}
            assert len(values) >= 2, f"hidden count {figure.count} can be worked out: {values}"


# --- One count in its group ---------------------------------------------------------------------


@given(THRESHOLDS, st.integers(0, 60), st.integers(0, 60))
def test_a_shown_count_and_its_remainder_are_both_big_enough(threshold, count, rest):
    groups = SmallGroups(threshold, exact=False)
    figure = groups.count(count, count + rest)
    if not figure.hidden:
        assert count >= threshold and rest >= threshold
    else:
        assert str(figure) in (f"<{threshold}", MASK)
        assert str(count) != str(figure)


@given(THRESHOLDS, st.integers(0, 60), st.integers(0, 60))
def test_zero_is_hidden_like_any_small_count(threshold, _count, size):
    groups = SmallGroups(threshold, exact=False)
    zero = groups.count(0, size)
    assert zero.hidden
    if size >= 2 * threshold:
        assert str(zero) == f"<{threshold}"
    # "All of them" is hidden as well: it says as much about each as "none of them".
    if size:
        assert groups.count(size, size).hidden


@given(THRESHOLDS, st.integers(0, 60), st.integers(0, 60))
def test_a_share_is_shown_only_when_both_parts_are(threshold, part, rest):
    groups = SmallGroups(threshold, exact=False)
    whole = part + rest
    share = groups.share(groups.count(part, whole), groups.group(whole))
    if not share.hidden:
        assert part >= threshold and rest >= threshold
    else:
        assert str(share) == MASK


@given(THRESHOLDS, st.lists(st.integers(0, 40), min_size=1, max_size=6))
def test_a_reader_who_may_see_individuals_sees_every_count(threshold, counts):
    groups = SmallGroups(threshold, exact=True)
    figures, total = groups.column(counts)
    assert [str(figure) for figure in figures] == [str(count) for count in counts]
    assert str(total) == str(sum(counts))


# --- The parts of a whole that other pages show (units of the organisation) --------------------


@settings(max_examples=150, deadline=None)
@given(
    THRESHOLDS,
    # A group with nobody in it is not a row.
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)).filter(sum), min_size=1, max_size=4),
)
def test_the_parts_of_a_shown_whole_give_no_hidden_part_away(threshold, parts):
    """Each part is a count within its own group (say: employees with a gap, of a
    unit's employees); the whole is the organisation's, as the dashboards show it."""
    counts = [count for count, _rest in parts]
    sizes = [count + rest for count, rest in parts]
    groups = SmallGroups(threshold, exact=False)
    figures, total = groups.column(counts, sizes, whole_of=(sum(sizes),))

    for figure, size in zip(figures, sizes, strict=True):
        if not figure.hidden:
            assert figure.count >= threshold and size - figure.count >= threshold
    # The reader knows the whole, even when this page hides it: another page shows it.
    whole = sum(counts)
    ranges = [possible(f, threshold, size) for f, size in zip(figures, sizes, strict=True)]
    candidates = [candidate for candidate in itertools.product(*ranges) if sum(candidate) == whole]
    if total.hidden and not any(figure.hidden for figure in figures):
        raise AssertionError("a whole is hidden only for the sake of a hidden part")
    # Each mark alone leaves a hidden count at least two values, whatever else is known.
    for figure, rng in zip(figures, ranges, strict=True):
        if figure.hidden:
            assert len(rng) >= 2, f"{figure.count} of {rng} is given away by its mark"
    if not total.hidden:
        assert_undetermined(figures, candidates)


@settings(max_examples=150, deadline=None)
@given(THRESHOLDS, st.lists(st.integers(1, 12), min_size=1, max_size=4))
def test_group_sizes_that_add_up_to_a_shown_total(threshold, sizes):
    """The employees per unit beside the organisation's total. A unit without any is not
    a row, so the reader knows each hidden size is at least 1; and the hidden units
    together are never a group below the threshold."""
    groups = SmallGroups(threshold, exact=False)
    figures, total = groups.column(sizes, listed=True)
    if total.hidden:
        return
    ranges = [possible(figure, threshold, total.count, least=1) for figure in figures]
    candidates = [c for c in itertools.product(*ranges) if sum(c) == total.count]
    assert_undetermined(figures, candidates)
    together = sum(figure.count for figure in figures if figure.hidden)
    assert together == 0 or together >= threshold


def test_two_small_units_of_one_employee_each_are_not_given_away_by_the_whole():
    """Two units of 1 beside units of 40 and 30: "<5" twice and a whole of 72 would say
    that both hold one employee, since a unit is only a row when someone works there."""
    groups = SmallGroups(5, exact=False)
    figures, total = groups.column([1, 40, 1, 30], listed=True)
    assert [figure.hidden for figure in figures] == [True, False, True, True]
    assert str(total) == "72"


@settings(max_examples=100, deadline=None)
@given(THRESHOLDS, st.lists(st.integers(1, 12), min_size=2, max_size=5), st.randoms())
def test_pages_that_list_the_same_units_in_another_order_hide_the_same_ones(
    threshold, sizes, random
):
    """The coverage page lists units by name, the heatmap as a tree: with the units' ids
    as keys, both hide the same units, so that neither shows a size the other hides."""
    groups = SmallGroups(threshold, exact=False)
    keys = list(range(1, len(sizes) + 1))
    order = list(range(len(sizes)))
    random.shuffle(order)
    figures, total = groups.column(sizes, listed=True, keys=keys)
    shuffled, shuffled_total = groups.column(
        [sizes[i] for i in order], listed=True, keys=[keys[i] for i in order]
    )
    assert {keys[i] for i, f in enumerate(figures) if f.hidden} == {
        keys[i] for i, f in zip(order, shuffled, strict=True) if f.hidden
    }
    assert str(total) == str(shuffled_total)


# --- A table with the totals of its rows and columns (destination by status) -------------------


@settings(max_examples=150, deadline=None)
@given(
    THRESHOLDS,
    st.sampled_from([(2, 2), (2, 3), (3, 2)]),
    st.lists(st.integers(0, 9), min_size=6, max_size=6),
)
def test_a_table_with_its_totals_gives_no_hidden_cell_away(threshold, shape, values):
    height, width = shape
    counts = [values[row * width : (row + 1) * width] for row in range(height)]
    groups = SmallGroups(threshold, exact=False)
    table = groups.table(counts)
    cells = [figure for row in table.rows for figure in row]
    # A generous reader: every cell is known to be at most 9.
    ranges = [possible(figure, threshold, 9) for figure in cells]

    def agrees(candidate: tuple[int, ...]) -> bool:
        grid = [candidate[row * width : (row + 1) * width] for row in range(height)]
        for row, total in zip(grid, table.row_totals, strict=True):
            if not total.hidden and sum(row) != total.count:
                return False
        for index, total in enumerate(table.column_totals):
            if not total.hidden and sum(row[index] for row in grid) != total.count:
                return False
        return table.total.hidden or sum(candidate) == table.total.count

    candidates = [c for c in itertools.product(*ranges) if agrees(c)]
    assert_undetermined(cells, candidates)


def test_a_hidden_cell_hides_the_totals_it_is_part_of():
    groups = SmallGroups(5, exact=False)
    table = groups.table([[6, 2], [7, 8]])
    assert [str(cell) for cell in table.rows[0]] == ["6", "<5"]
    assert str(table.row_totals[0]) == MASK and str(table.column_totals[1]) == MASK
    assert str(table.row_totals[1]) == "15" and str(table.column_totals[0]) == "13"
    assert str(table.total) == MASK


def test_one_small_unit_hides_a_second_so_the_whole_can_stay():
    """Financiën's 3 beside the whole's 29 and the other units' 20 and 6: the 6 goes too."""
    groups = SmallGroups(5, exact=False)
    figures, total = groups.column([20, 3, 6])
    assert [str(figure) for figure in figures] == ["20", "<5", MASK]
    assert str(total) == "29"


@settings(max_examples=150, deadline=None)
@given(
    THRESHOLDS,
    # Parts within two groups each (say: of a unit's employees, those who had a
    # POP-gesprek, and of those, who discussed digital skills); a unit where nobody had
    # one is a row, with an empty second group.
    st.lists(
        st.tuples(st.integers(1, 12), st.integers(0, 12), st.integers(0, 12)),
        min_size=1,
        max_size=4,
    ),
)
def test_a_part_in_an_empty_group_gives_nothing_away(threshold, rows):
    """A reader who knows the rule never sees a group of none (0 is always hidden), so
    such a group bounds a hidden count no more than the unit it is part of."""
    sizes = [active for active, _held, _covered in rows]
    held = [min(h, active) for active, h, _covered in rows]
    covered = [min(c, h) for (_active, _h, c), h in zip(rows, held, strict=True)]
    groups = SmallGroups(threshold, exact=False)
    figures, total = groups.column(
        covered, list(zip(sizes, held, strict=True)), whole_of=(sum(sizes), sum(held))
    )
    whole = sum(covered)
    ranges = [
        possible(f, threshold, h or size) for f, h, size in zip(figures, held, sizes, strict=True)
    ]
    candidates = [candidate for candidate in itertools.product(*ranges) if sum(candidate) == whole]
    if not total.hidden:
        assert_undetermined(figures, candidates)


def test_the_coverage_of_a_unit_where_nobody_had_a_pop_gesprek_keeps_the_whole():
    """Digital skills discussed per unit, each of those who had a POP-gesprek there: a
    unit where nobody had one no longer hides every count and the whole."""
    groups = SmallGroups(5, exact=False)
    figures, total = groups.column([12, 0, 3, 15], [(30, 25), (1, 0), (9, 6), (30, 25)])
    # The two hidden ones would share 3, a group below the threshold: the smallest shown
    # count is hidden too, and the three hidden ones share 15.
    assert [figure.hidden for figure in figures] == [True, True, True, False]
    assert str(total) == "30"
    # Before, the empty unit's 0 counted as given away whatever was hidden: every count
    # and the whole were hidden.


# --- How a figure is written -------------------------------------------------------------------


@pytest.mark.parametrize(("language", "written"), [("nl", "3.869"), ("en", "3,869")])
def test_a_shown_count_is_printed_in_thousands_as_the_language_writes_them(language, written):
    """People read "3.869"; the API and a report's snapshot keep the bare number."""
    for exact in (True, False):
        figure = SmallGroups(5, exact=exact).group(3869)
        with translation.override(language):
            assert str(figure) == written
            assert Template("{{ figure }}").render(Context({"figure": figure})) == written
        assert (figure.text, figure.hidden) == ("3869", False)


def test_a_hidden_count_keeps_its_mark_in_every_language():
    groups = SmallGroups(5, exact=False)
    for language in ("nl", "en"):
        with translation.override(language):
            assert str(groups.group(3)) == "<5"
            assert str(groups.count(4000, 4002)) == MASK
            assert Template("{{ figure }}").render(Context({"figure": groups.group(3)})) == "&lt;5"


@pytest.mark.parametrize(
    ("count", "written"), [(None, ""), ("", ""), (7, "7"), (1095, "1.095"), (40080, "40.080")]
)
def test_the_grouped_filter_writes_a_plain_count_as_a_figure_is_written(count, written):
    with translation.override("nl"):
        assert grouped(count) == written
