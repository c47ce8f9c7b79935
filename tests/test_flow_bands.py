"""Blocks set across the module (a wide table) cut the body into bands
(flow.banded, banded_jump): the text before a block above it, the text after
it below, every line once and in source order, in a module and in a piece cut
with a jump line."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from layout.pages.flow import ITEM, PARA, SUBHEAD, Stop, Unit, banded, banded_jump

SPACE = 1  # blank line above a subhead


def lines_set(flow, units):
    """Lines set of each unit, and each unit's slots in order of their first line."""
    got = [0] * len(units)
    for s in sorted(flow.slots, key=lambda s: (s.unit, s.first)):
        assert s.first == got[s.unit], "a unit's lines set out of order or twice"
        got[s.unit] += s.count
    return got


def assert_bands(flow, units, stops, tops, space):
    """Every line of a unit before a block above the block's top, every line after it below it."""
    for stop, top in zip(stops, tops, strict=False):
        for s in flow.slots:
            end = s.row + s.count + units[s.unit].head
            if s.unit < stop.at:
                assert end + space <= top, (s, stop, top)
            else:
                assert s.row >= top + stop.rows, (s, stop, top)


def test_the_text_before_a_block_is_balanced_above_it_and_the_text_after_it_below():
    # text, a subhead, a list, the table, text: three columns
    units = [Unit(PARA, 9), Unit(SUBHEAD, 1), Unit(ITEM, 2), Unit(ITEM, 3), Unit(PARA, 12)]
    flow, h, tops, white = banded(units, [Stop(4, 5)], [0, 0, 0], 60, SPACE, 0)
    assert flow.overflow == 0 and tops == [6]  # 9 + 1 + 1 + 2 + 3 = 16 lines over three columns: 6 rows
    assert_bands(flow, units, [Stop(4, 5)], tops, 0)
    assert lines_set(flow, units) == [u.lines for u in units]
    assert h == 6 + 5 + 4  # the 12 lines after it balanced in three columns of 4
    assert {s.col for s in flow.slots if s.unit == 4} == {0, 1, 2}
    assert white <= 3  # the columns above the table end at most a line short of it (a subhead's space in one)


def test_a_block_that_does_not_fit_counts_its_rows_and_the_text_after_it_as_over():
    units = [Unit(PARA, 10), Unit(PARA, 10)]
    flow, h, tops, _ = banded(units, [Stop(1, 8)], [0, 0], 10, SPACE, 0)
    assert tops == [] and flow.overflow == 8 + 10 and h == 10


def test_a_piece_cut_before_a_block_sends_the_block_on_and_says_so_as_the_unit_before_it():
    units = [Unit(PARA, 8), Unit(SUBHEAD, 1), Unit(PARA, 6), Unit(PARA, 8)]
    flow, tops, _ = banded_jump(units, [Stop(3, 6)], [0, 0], 10, SPACE, 0)
    # 8 + 1 + 1 + 6 lines balance in 2 columns of 9: the table (6 rows) does not fit under them
    assert tops == [] and flow.rest == (2, 6)
    assert lines_set(flow, units) == [8, 1, 6, 0]


@st.composite
def bodies(draw):
    kinds = draw(st.lists(st.sampled_from([PARA, PARA, PARA, SUBHEAD, ITEM]), min_size=2, max_size=12))
    units = []
    for n, kind in enumerate(kinds):
        if kind == SUBHEAD and (n == len(kinds) - 1 or kinds[n + 1] == SUBHEAD):
            kind = PARA  # a subhead is followed by text
        units.append(Unit(kind, 1 if kind == SUBHEAD else draw(st.integers(1, 14))))
    ats = sorted(draw(st.lists(st.integers(1, len(units)), min_size=1, max_size=3)))
    stops = [Stop(at, draw(st.integers(2, 7))) for at in ats]
    k = draw(st.integers(1, 4))
    starts = draw(st.lists(st.integers(0, 6), min_size=k, max_size=k))
    return units, stops, starts


@settings(max_examples=150, deadline=None)
@given(bodies(), st.integers(0, 1))
def test_random_bodies_keep_their_blocks_in_source_order(body, space):
    units, stops, starts = body
    flow, h, tops, _ = banded(units, stops, starts, 200, SPACE, space)
    assert flow.overflow == 0 and len(tops) == len(stops)
    assert lines_set(flow, units) == [u.lines for u in units]  # every line once, in order
    assert_bands(flow, units, stops, tops, space)
    assert all(top >= max(starts) for top in tops) and tops == sorted(tops)
    assert all(s.row >= starts[s.col] and s.row + s.count <= h for s in flow.slots)
    assert h >= tops[-1] + stops[-1].rows - space
    # each band read column by column: none left empty before one that holds its text
    bounds = [0, *sorted({s.at for s in stops}), len(units)]
    for lo, hi in itertools.pairwise(bounds):
        used = {s.col for s in flow.slots if lo <= s.unit < hi}
        assert not used or used == set(range(max(used) + 1)), (lo, used)


@settings(max_examples=150, deadline=None)
@given(bodies(), st.integers(6, 60), st.integers(0, 1))
def test_a_random_piece_cut_with_a_jump_line_keeps_every_block_with_the_text_around_it(body, height, space):
    units, stops, starts = body
    starts = [min(s, height - 3) for s in starts]
    flow, tops, _ = banded_jump(units, stops, starts, height, SPACE, space)
    got = lines_set(flow, units)
    k = len(starts)
    for s in flow.slots:  # within the piece, the jump line's row left free in the last column
        assert s.row + s.count + units[s.unit].head <= (height - 1 if s.col == k - 1 else height)
    assert_bands(flow, units, stops, tops, space)
    if flow.rest is None:
        assert got == [u.lines for u in units] and len(tops) == len(stops)
        return
    u, done = flow.rest
    # the lines before the cut are set, none after it: the continuation takes the rest in order
    assert got == [x.lines for x in units[:u]] + [done] + [0] * (len(units) - u - 1)
    assert flow.overflow == sum(x.lines for x in units[u:]) - done
    # a block is set here exactly when the cut comes after the text before it
    for n, stop in enumerate(stops):
        assert (n < len(tops)) == (stop.at <= u), (stop, flow.rest, tops)
