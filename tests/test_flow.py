"""Column flow (O2, H1, balance) and page packing, as pure functions."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from layout.pages.flow import EVEN, ITEM, PARA, SUBHEAD, TABLE, Unit, _feet, balance, boundaries, fill, justify


def columns_of(flow, units):
    """Per column: list of (unit, first, count) in order."""
    cols: dict[int, list] = {}
    for s in flow.slots:
        cols.setdefault(s.col, []).append((s.unit, s.first, s.count))
    return cols


def test_paragraph_split_keeps_two_lines_each_side():
    # 3 free lines at the foot of column 1: a 4-line paragraph may not leave 1 line
    units = [Unit(PARA, 7), Unit(PARA, 4)]
    flow = fill(units, [(0, 10), (0, 10)], 1)
    cols = columns_of(flow, units)
    assert cols[0] == [(0, 0, 7), (1, 0, 2)]
    assert cols[1] == [(1, 2, 2)]


def test_three_line_paragraph_is_never_split():
    units = [Unit(PARA, 8), Unit(PARA, 3)]
    flow = fill(units, [(0, 10), (0, 10)], 1)
    cols = columns_of(flow, units)
    assert cols[0] == [(0, 0, 8)]
    assert cols[1] == [(1, 0, 3)]


def test_subhead_is_not_stranded_at_a_column_foot():
    units = [Unit(PARA, 7), Unit(SUBHEAD, 1), Unit(PARA, 5)]
    flow = fill(units, [(0, 10), (0, 10)], 1)
    cols = columns_of(flow, units)
    # 7 lines + space + subhead = 9: only 1 line of the paragraph would follow: move it
    assert cols[0] == [(0, 0, 7)]
    assert cols[1][0] == (1, 0, 1)
    first_sub = next(s for s in flow.slots if s.unit == 1)
    assert first_sub.row == 0  # no space above a subhead at a column top


def test_overflow_counts_the_lines_that_did_not_fit():
    flow = fill([Unit(PARA, 30)], [(0, 10), (0, 10)], 1)
    assert flow.overflow == 10


def test_balance_finds_even_columns():
    flow, h = balance([Unit(PARA, 10), Unit(PARA, 10), Unit(PARA, 10)], [0, 0, 0], 50, 1)
    assert h == 10 and flow.overflow == 0


@settings(max_examples=200, deadline=None)
@given(
    units=st.lists(st.tuples(st.sampled_from([PARA, PARA, PARA, SUBHEAD]), st.integers(1, 14)), min_size=1, max_size=20),
    k=st.integers(1, 6),
    starts=st.lists(st.integers(0, 8), min_size=6, max_size=6),
)
def test_flow_rules_hold(units, k, starts):
    units = [Unit(kind, n if kind == PARA else min(n, 2)) for kind, n in units]
    flow, h = balance(units, starts[:k], 200, 1)
    assert flow.overflow == 0
    placed: dict[int, int] = {}
    for s in flow.slots:
        placed[s.unit] = placed.get(s.unit, 0) + s.count
        assert s.row >= starts[s.col] and s.row + s.count <= h
        if units[s.unit].kind == PARA and s.count < units[s.unit].lines:
            assert s.count >= 2, "O2: fewer than 2 lines of a split paragraph in a column"
    assert placed == {i: u.lines for i, u in enumerate(units)}
    # H1: a subhead is followed in its column by its paragraph's first lines
    by_col: dict[int, list] = {}
    for s in flow.slots:
        by_col.setdefault(s.col, []).append(s)
    for slots in by_col.values():
        slots.sort(key=lambda s: s.row)
        if units[slots[-1].unit].kind == SUBHEAD and slots[-1].unit + 1 < len(units):
            raise AssertionError("H1: subhead at the foot of a column")


# ------------------------------------------------------------ tables and list items

def test_table_splits_between_rows_and_every_piece_repeats_its_header():
    # a header of 1 line, rows of 2, 1, 3, 2 lines; 6 lines free after a paragraph of 4
    table = Unit(TABLE, 8, head=1, breaks=(2, 3, 6, 8))
    flow = fill([Unit(PARA, 4), table], [(0, 10), (0, 10)], 1)
    assert flow.overflow == 0
    pieces = [s for s in flow.slots if s.unit == 1]
    # column 1: header + rows 1–2 (3 lines) fit in 6, row 3 (3 more) would need 7
    assert [(s.col, s.row, s.first, s.count) for s in pieces] == [(0, 4, 0, 3), (1, 0, 3, 5)]
    assert all(s.first in (0, *table.breaks) and s.first + s.count in table.breaks for s in pieces)


def test_table_piece_needs_its_header_and_a_whole_row():
    # 2 free lines: a 1-line header and a 2-line first row do not fit, so the whole table moves
    flow = fill([Unit(PARA, 8), Unit(TABLE, 4, head=1, breaks=(2, 4))], [(0, 10), (0, 10)], 1)
    assert [(s.col, s.first, s.count) for s in flow.slots if s.unit == 1] == [(1, 0, 4)]


def test_table_space_lines_above_and_below_but_not_at_a_column_top():
    units = [Unit(PARA, 2), Unit(TABLE, 2, head=1, breaks=(1, 2), space=1), Unit(PARA, 2)]
    flow = fill(units, [(0, 20)], 1)
    rows = {s.unit: s.row for s in flow.slots}
    assert rows == {0: 0, 1: 3, 2: 7}  # 2 lines, a blank, 3 table lines, a blank
    top = fill([Unit(TABLE, 2, head=1, breaks=(1, 2), space=1)], [(0, 20)], 1)
    assert top.slots[0].row == 0


def test_list_items_flow_like_paragraphs():
    units = [Unit(ITEM, 7), Unit(ITEM, 4)]
    flow = fill(units, [(0, 10), (0, 10)], 1)
    cols = columns_of(flow, units)
    assert cols[0] == [(0, 0, 7), (1, 0, 2)]  # O2 inside an item
    assert cols[1] == [(1, 2, 2)]


def test_balance_counts_a_tables_header_in_every_piece():
    units = [Unit(TABLE, 12, head=2, breaks=tuple(range(2, 13, 2)))]
    flow, h = balance(units, [0, 0], 40, 1)
    assert flow.overflow == 0
    used = [s.row + units[0].head + s.count for s in flow.slots]
    assert max(used) == h
    assert len(flow.slots) == 2 and h == 8  # 2 header lines + 6 body lines in each column


@settings(max_examples=60, deadline=None)
@given(paras=st.lists(st.integers(1, 9), min_size=2, max_size=14), k=st.integers(1, 4), extra=st.integers(0, 12))
def test_justify_spreads_gaps_between_paragraphs_and_keeps_every_line(paras, k, extra):
    """Vertical justification: one blank line at most above a paragraph that
    follows a paragraph, never at a column top; every line set once, in
    order; the columns no shorter than the balanced ones allow; no taller
    than asked."""
    units = [Unit(PARA, n) for n in paras]
    flow0, lo = balance(units, [0] * k, 200, 1)
    flow, h = justify(units, [0] * k, lo, lo + extra, 1, 1)
    assert lo <= h <= lo + extra and flow.overflow == 0
    seen = [(s.unit, s.first + i) for s in sorted(flow.slots, key=lambda s: (s.col, s.row)) for i in range(s.count)]
    assert seen == [(u, i) for u, n in enumerate(paras) for i in range(n)]
    for c in range(k):
        rows = sorted((s.row, s.row + s.count, s.unit, s.first) for s in flow.slots if s.col == c)
        for (_, a1, _, _), (b0, _, ub, fb) in itertools.pairwise(rows):
            assert b0 - a1 in (0, 1)  # at most one blank line
            if b0 - a1 == 1:
                assert fb == 0 and ub in boundaries(units)  # only above a paragraph's first line
    feet0 = _feet(flow0, units, [(0, lo)] * k)
    white0 = sum(feet0) + extra * k
    feet = _feet(flow, units, [(0, h)] * k)
    assert sum(feet) + (lo + extra - h) * k <= white0  # never whiter than the balanced flow
    assert max(feet, default=0) <= max(EVEN, max(feet0, default=0))


def test_justify_fills_a_taller_body_with_gaps_in_every_column():
    units = [Unit(PARA, 4)] * 12  # 48 lines, 11 boundaries
    _, lo = balance(units, [0, 0, 0], 200, 1)
    assert lo == 16
    flow, h = justify(units, [0, 0, 0], lo, lo + 3, 1, 1)
    assert h == 19 and sum(_feet(flow, units, [(0, h)] * 3)) <= 2
    gapped = {s.col for s in flow.slots if s.first == 0 and s.row > 0
              and not any(o.col == s.col and o.row + o.count == s.row for o in flow.slots)}
    assert gapped == {0, 1, 2}
