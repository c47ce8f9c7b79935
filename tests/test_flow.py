"""Column flow (O2, H1, balance) and page packing, as pure functions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from layout.pages.flow import PARA, SUBHEAD, Unit, balance, fill


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
