"""Flowing an article's body into its columns (O2, H1, L1).

A pure function over line counts: the body is a sequence of units (a
paragraph of n lines, a subhead of n lines) poured column by column into
row ranges.  A paragraph split across columns keeps at least two lines on
each side (O2); a subhead is kept with at least two lines of what follows,
never stranded at a column foot (H1).  A list item flows like a paragraph;
a table splits only between its rows, and every piece starts with its
header again (the header's lines count in the piece).  ``balance`` finds the smallest module
height at which everything fits, so the columns come out even.

A block set across the whole module (a table too wide for a column) cuts
the body into bands (``banded``): the text before it balanced over the
columns above it, the block under that text, the text after it below, so
that a reader meets every block where the source has it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

PARA = "para"
SUBHEAD = "subhead"
ITEM = "item"  # a list item: flows like a paragraph (O2 inside it)
TABLE = "table"  # splits between rows only; every piece repeats the header


@dataclass(frozen=True)
class Unit:
    kind: str  # PARA | SUBHEAD | ITEM | TABLE
    lines: int  # a table: its body rows' lines, without the header
    head: int = 0  # a table: lines of its header, set again at the top of every piece
    breaks: tuple[int, ...] = ()  # a table: body line counts at which a row ends
    space: int = 0  # a table: blank lines above it (not at a column top) and below it
    gap: int = 0  # a paragraph: blank lines above it (not at a column top), to justify the columns (``spread``)
    tail: float = 1.0  # a paragraph: the share of the measure its last line fills


@dataclass(frozen=True)
class Slot:
    """Lines first..first+count-1 of unit ``unit`` set in column ``col`` from row ``row``."""

    col: int
    row: int
    unit: int
    first: int
    count: int


@dataclass(frozen=True)
class Flow:
    slots: list[Slot]
    overflow: int  # lines that did not fit
    height: int  # rows used (the module body height)
    forced: int = 0  # subheads set without their following lines (the column was too short)
    rest: tuple[int, int] | None = None  # when lines did not fit: (unit, lines of it already set) where they start


def fill(units: list[Unit], columns: list[tuple[int, int]], space_before: int) -> Flow:
    """Pour ``units`` into ``columns`` = [(first row, end row), …] in order."""
    slots: list[Slot] = []
    forced = 0
    c = 0
    row = columns[0][0] if columns else 0
    i = 0
    done = 0  # lines of unit i already set
    n_units = len(units)
    while i < n_units:
        if c >= len(columns):
            overflow = units[i].lines - done + sum(u.lines for u in units[i + 1 :])
            return Flow(slots, overflow, max((s.row + s.count for s in slots), default=0), forced, (i, done))
        top, end = columns[c]
        room = end - row
        unit = units[i]
        if unit.kind == SUBHEAD:
            space = 0 if row == top else space_before
            follow = _kept_with(units, i + 1, space_before)
            need = space + unit.lines + follow
            if need <= room or (row == top and unit.lines <= room and need > end - top):
                forced += need > room
                slots.append(Slot(c, row + space, i, 0, unit.lines))
                row += space + unit.lines
                i += 1
                continue
            c, row = _next(columns, c)
            continue
        if unit.kind == TABLE:
            placed, row, ended = _table_piece(unit, done, c, row, top, room, slots, i)
            if ended:
                i += 1
                done = 0
                row = min(row + unit.space, end)
            else:
                done = placed
                c, row = _next(columns, c)
            continue
        if unit.gap and not done and row > top:
            row = min(row + unit.gap, end)
            room = end - row
        remaining = unit.lines - done
        if remaining <= room:
            if remaining > 0:
                slots.append(Slot(c, row, i, done, remaining))
            row += remaining
            i += 1
            done = 0
            continue
        # split: every piece of a paragraph keeps at least 2 lines (O2)
        take = min(room, remaining - 2)
        if take >= 2:
            slots.append(Slot(c, row, i, done, take))
            done += take
        c, row = _next(columns, c)
    return Flow(slots, 0, max((s.row + s.count for s in slots), default=0), forced)


def _table_piece(unit: Unit, done: int, c: int, row: int, top: int, room: int, slots: list[Slot],
                 i: int) -> tuple[int, int, bool]:
    """Set as many whole rows of a table as fit from ``row``, under its header:
    (body lines set so far, the row after the piece, whether the table ended)."""
    if done >= unit.lines:
        return done, row, True
    space = 0 if row == top else unit.space
    room -= space + unit.head
    fits = [b for b in unit.breaks if b > done and b - done <= room]
    if not fits:
        return done, row, False
    last = max(fits)
    slots.append(Slot(c, row + space, i, done, last - done))
    return last, row + space + unit.head + last - done, last >= unit.lines


def _kept_with(units: list[Unit], j: int, space_before: int) -> int:
    """Lines that must follow a subhead in its column: any subheads right after
    it, then two lines of the paragraph (all of one too short to split)."""
    need = 0
    while j < len(units) and units[j].kind == SUBHEAD:
        need += space_before + units[j].lines
        j += 1
    if j < len(units) and units[j].kind == TABLE:
        need += units[j].space + units[j].head + (units[j].breaks[0] if units[j].breaks else 0)
    elif j < len(units):
        n = units[j].lines
        need += n if n <= 3 else 2  # a paragraph of 3 lines or fewer cannot be split (O2)
    return need


def _next(columns: list[tuple[int, int]], c: int) -> tuple[int, int]:
    c += 1
    return c, (columns[c][0] if c < len(columns) else 0)


def balance(units: list[Unit], starts: list[int], max_height: int, space_before: int, min_height: int = 0) -> tuple[Flow, int]:
    """Smallest height h ≤ max_height (rows from the body top) at which the
    units fit into columns starting at ``starts``; returns the flow and h.
    When nothing fits, the flow at max_height with its overflow."""
    total = sum(u.lines + u.head + 2 * u.space for u in units) + space_before * sum(1 for u in units if u.kind == SUBHEAD)
    k = len(starts)
    lo = max(min_height, max(starts, default=0), (total + sum(starts) + k - 1) // max(k, 1))
    lo = min(lo, max_height)
    fallback: tuple[Flow, int] | None = None
    for h in range(lo, max_height + 1):
        flow = fill(units, [(s, h) for s in starts], space_before)
        if flow.overflow == 0:
            if flow.forced == 0:
                return flow, h
            if fallback is None:
                fallback = (flow, h)
    if fallback is not None:
        return fallback
    flow = fill(units, [(s, max_height) for s in starts], space_before)
    return flow, max_height


def boundaries(units: list[Unit]) -> list[int]:
    """Units that may take a justification gap above them: a paragraph
    right after a paragraph (never a subhead's first paragraph, a list or a
    table)."""
    return [i for i in range(1, len(units)) if units[i].kind == PARA and units[i - 1].kind == PARA]


def spread(units: list[Unit], starts: list[int], height: int, space_before: int, gap: int, n: int) -> tuple[Flow, list[Unit]]:
    """The flow at a fixed ``height`` with ``n`` gaps of ``gap`` blank lines
    spread evenly over the paragraph boundaries of the body (vertical
    justification): the white a column would leave at its foot goes
    between its paragraphs instead.  The gaps go under the paragraphs whose
    last lines are the fullest (a short last line over a blank line leaves a
    patch of white a reader sees), between equals spread evenly.  A gap
    that falls at a column top is not set (the column opens with the
    paragraph).  Returns the flow and the units with their gaps."""
    cols = [(s, height) for s in starts]
    bounds = boundaries(units)
    n = min(n, len(bounds))
    if n <= 0 or gap <= 0:
        return fill(units, cols, space_before), units
    # the n boundaries under the fullest last lines; between equals, the nearest an even spread
    spots = [(j + 0.5) * len(bounds) / n - 0.5 for j in range(n)]
    ranked = sorted(range(len(bounds)), key=lambda i: (-round(units[bounds[i] - 1].tail, 1), min(abs(i - s) for s in spots), i))
    picks = {bounds[i] for i in ranked[:n]}
    trial = [replace(u, gap=gap) if i in picks else u for i, u in enumerate(units)]
    return fill(trial, cols, space_before), trial


EVEN = 2  # lines a justified column may stay short of the others


def _feet(flow: Flow, units: list[Unit], cols: list[tuple[int, int]]) -> list[int]:
    """Lines left empty at the foot of each column."""
    ends = [top for top, _ in cols]
    for s in flow.slots:
        ends[s.col] = max(ends[s.col], s.row + s.count + units[s.unit].head)
    return [end - e for e, (_, end) in zip(ends, cols, strict=True)]


def _white(flow: Flow, units: list[Unit], cols: list[tuple[int, int]]) -> int:
    """Lines left empty at the feet of the columns."""
    return sum(_feet(flow, units, cols))


def justify(units: list[Unit], starts: list[int], lo: int, hi: int, space_before: int, gap: int) -> tuple[Flow, int]:
    """The body height in ``lo``..``hi`` (``lo`` the balanced height) and its
    :func:`spread` flow that leave the fewest lines white in the columns and
    below them down to ``hi``, the columns still even (none shorter than at
    the balanced height, or than :data:`EVEN` lines, below the others);
    between equals the lowest height (the rest is left to the module's other
    means)."""
    k = len(starts)
    base = fill(units, [(s, lo) for s in starts], space_before)
    if base.overflow or gap <= 0 or k == 0:
        return base, lo
    limit = max(EVEN, max(_feet(base, units, [(s, lo) for s in starts]), default=0))
    best = (sum(_feet(base, units, [(s, lo) for s in starts])) + (hi - lo) * k, base, lo)
    bounds = len(boundaries(units))
    total = (sum(u.lines + u.head + 2 * u.space for u in units) + space_before * sum(1 for u in units if u.kind == SUBHEAD)
             + sum(starts))
    top = min(hi, (total + bounds * gap + k * limit) // k)
    for h in range(lo, top + 1):
        cols = [(s, h) for s in starts]
        need = max(0, (k * h - total) // gap)
        for n in range(min(need, bounds), max(-1, need - k - limit - 1), -1):
            flow, trial = spread(units, starts, h, space_before, gap, n)
            if flow.overflow or flow.forced > base.forced:
                continue
            flow, trial = _close_last(flow, trial, cols, space_before, gap)
            feet = _feet(flow, trial, cols)
            if max(feet, default=0) > limit:
                continue
            white = sum(feet) + (hi - h) * k
            if white < best[0]:
                best = (white, flow, h)
            break
        if best[0] == 0:
            break
    return best[1], best[2]


def _close_last(flow: Flow, units: list[Unit], cols: list[tuple[int, int]], space_before: int,
                gap: int) -> tuple[Flow, list[Unit]]:
    """The last column's foot white, as far as it goes, as gaps between its
    own paragraphs (nothing follows it to push on)."""
    last = len(cols) - 1
    white = _feet(flow, units, cols)[last]
    if white < gap or last < 0:
        return flow, units
    room = [s.unit for s in flow.slots if s.col == last and s.first == 0 and s.row > cols[last][0]
            and units[s.unit].kind == PARA and s.unit > 0 and units[s.unit - 1].kind == PARA and not units[s.unit].gap]
    n = min(len(room), white // gap)
    if n <= 0:
        return flow, units
    picks = {max(room[j * len(room) // n : (j + 1) * len(room) // n], key=lambda b: units[b - 1].tail) for j in range(n)}
    trial = [replace(u, gap=gap) if i in picks else u for i, u in enumerate(units)]
    closed = fill(trial, cols, space_before)
    if closed.overflow or closed.forced > flow.forced or _white(closed, trial, cols) >= _white(flow, units, cols):
        return flow, units
    return closed, trial


# ---------------------------------------------------------------- bands around blocks across the module

@dataclass(frozen=True)
class Stop:
    """A block set across all the columns (a wide table) standing before
    unit ``at`` (> 0), ``rows`` tall with the space under it."""

    at: int
    rows: int


def _groups(stops: list[Stop]) -> list[tuple[int, list[int]]]:
    """Stops standing before one unit, together: (unit, their rows in order)."""
    out: list[tuple[int, list[int]]] = []
    for s in stops:
        if out and out[-1][0] == s.at:
            out[-1][1].append(s.rows)
        else:
            out.append((s.at, [s.rows]))
    return out


def _ends(slots: list[Slot], units: list[Unit], cur: list[int]) -> list[int]:
    """The row under the last line set in each column (its start when it holds none)."""
    ends = list(cur)
    for s in slots:
        ends[s.col] = max(ends[s.col], s.row + s.count + units[s.unit].head)
    return ends


def _shifted(slots: list[Slot], by: int) -> list[Slot]:
    return [replace(s, unit=s.unit + by) for s in slots]


def _band(units: list[Unit], cur: list[int], max_height: int, space_before: int, min_height: int = 0) -> tuple[Flow, int]:
    """A band balanced over the columns from ``cur`` with no column left
    empty before one that holds text (a paragraph that cannot leave two
    lines in a short column skips it: the band is made taller instead)."""
    flow, h = balance(units, cur, max_height, space_before, min_height)
    while not flow.overflow and h < max_height and _skips(flow):
        h += 1
        flow = fill(units, [(s, h) for s in cur], space_before)
    return flow, h


def _skips(flow: Flow) -> bool:
    used = {s.col for s in flow.slots}
    return bool(used) and len(used) <= max(used)


def banded(units: list[Unit], stops: list[Stop], starts: list[int], max_height: int, space_before: int, space: int,
           min_height: int = 0, fill_to: int | None = None, gap: int = 0) -> tuple[Flow, int, list[int], int]:
    """The body with blocks across the module: the units before each block
    balanced over the columns (from ``starts``, then from under the block
    above), the block ``space`` lines under the lowest of them, the units
    after the last block balanced below it (and, with ``fill_to``, justified
    towards it: :func:`justify`).  ``min_height`` holds for the first band.
    Returns the flow (its overflow: the lines of the units and the rows of
    the blocks that did not fit), the height, each placed block's top row,
    and the column lines left white above the blocks."""
    k = len(starts)
    cur = list(starts)
    slots: list[Slot] = []
    tops: list[int] = []
    forced = white = prev = 0
    for at, rows in _groups(stops):
        part = units[prev:at]
        flow, ends, top = _band_above(part, cur, max_height, space_before, space, min_height if prev == 0 else 0)
        slots += _shifted(flow.slots, prev)
        forced += flow.forced
        if flow.overflow or top + sum(rows) > max_height:
            over = flow.overflow + sum(u.lines for u in units[at:]) + sum(sum(r) for a, r in _groups(stops) if a >= at)
            return Flow(slots, over, max_height, forced), max_height, tops, white
        white += sum(top - e for e in ends)
        cur = [_stack(tops, rows, top)] * k
        prev = at
    part = units[prev:]
    flow, h = (_band if stops else balance)(part, cur, max_height, space_before, min_height if prev == 0 else 0)
    if fill_to is not None and not flow.overflow:
        flow, h = justify(part, cur, h, max(h, min(fill_to, max_height)), space_before, gap)
    if not part:
        h = max(cur, default=0) - (space if stops else 0)
    return Flow(slots + _shifted(flow.slots, prev), flow.overflow, h, forced + flow.forced), h, tops, white


def _band_above(part: list[Unit], cur: list[int], height: int, space_before: int, space: int,
                min_height: int = 0) -> tuple[Flow, list[int], int]:
    """The units ``part`` balanced over the columns from ``cur`` (:func:`_band`),
    where each column's text ends, and the row the blocks under them start
    on (``space`` lines under the lowest)."""
    flow, _ = _band(part, cur, height, space_before, min_height)
    ends = _ends(flow.slots, part, cur)
    return flow, ends, max(ends) + space


def _stack(tops: list[int], rows: list[int], top: int) -> int:
    """Blocks of ``rows`` rows set one under another from row ``top`` (their
    tops appended to ``tops``); the row under the last."""
    for r in rows:
        tops.append(top)
        top += r
    return top


def jump_fill(units: list[Unit], limit: int, cols: list[tuple[int, int]], space: int) -> Flow:
    """Units ``units[:limit]`` poured into a piece that ends with a jump
    line, cut between paragraphs where it can, so that the continuation opens
    with a paragraph's indented first line (and no subhead is left above the
    jump); the units from ``limit`` on go to the continuation."""
    flow = fill(units[:limit], cols, space)
    rest = flow.rest if flow.rest is not None else (limit, 0) if limit < len(units) else None
    if rest is None:
        return flow
    at = rest[0]
    if rest[1] or at == limit:
        while at > 0 and units[at - 1].kind == SUBHEAD:
            at -= 1
        if (at, 0) != rest and sum(u.lines for u in units[:at]) >= 2:
            flow = fill(units[:at], cols, space)
            rest = (at, 0)
    over = sum(u.lines for u in units[rest[0]:]) - rest[1]
    return Flow(flow.slots, over, flow.height, flow.forced, rest)


def banded_jump(units: list[Unit], stops: list[Stop], starts: list[int], height: int, space_before: int,
                space: int) -> tuple[Flow, list[int], int]:
    """A piece ``height`` rows tall that ends with a jump line (the last line
    of its last column), with blocks across the module: bands as in
    :func:`banded` while the text before a block and the block fit above
    the jump line; then the text is poured to the foot and cut
    (:func:`jump_fill`), the blocks from there sent on with the text after
    them.  The flow's ``rest`` says where the continuation starts (a block
    sent on is cut as the unit before it, all its lines set); returns the
    flow, the placed blocks' top rows and the column lines left white above them."""
    k = len(starts)
    cur = list(starts)
    slots: list[Slot] = []
    tops: list[int] = []
    forced = white = prev = 0

    def cut(limit: int) -> tuple[Flow, list[int], int]:
        cols = [(c, height) for c in cur[:-1]] + [(cur[-1], height - 1)] if cur else []
        flow = jump_fill(units[prev:], limit - prev, cols, space_before)
        rest = None if flow.rest is None else (flow.rest[0] + prev, flow.rest[1])
        if rest is None and len(tops) < len(stops):  # a block after the last unit, sent on
            rest = (len(units), 0)
        if rest is not None and rest[1] == 0 and rest[0] > 0 and any(s.at == rest[0] for s in stops[len(tops):]):
            rest = (rest[0] - 1, units[rest[0] - 1].lines)  # the cut just before a block sent on
        return Flow(slots + _shifted(flow.slots, prev), flow.overflow, height, forced + flow.forced, rest), tops, white

    for at, rows in _groups(stops):
        part = units[prev:at]
        flow, ends, top = _band_above(part, cur, height, space_before, space)
        if flow.overflow or top + sum(rows) > height - 1:
            return cut(at)
        slots += _shifted(flow.slots, prev)
        forced += flow.forced
        white += sum(top - e for e in ends)
        cur = [_stack(tops, rows, top)] * k
        prev = at
    return cut(len(units))
