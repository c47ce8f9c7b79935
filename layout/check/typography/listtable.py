"""Lists and tables in the audit: found before the frame inference, so that
neither a list item's hanging lines nor a table's cells are mistaken for
paragraph text, and judged by rules of their own.

Tables (三线表) are found from the page's horizontal rules: three rules of
one x-range, a thick one, a thinner one, a thick one again, top to bottom,
with text between them.  Every text run whose baseline lies between the top
and the bottom rule and which starts inside their x-range is a table cell.
Cells get K1/K2 (each cell line) and J2 (no cell line reaches past the
table's right edge, whose rule is the measure).  They are not body lines:
J1/J3/J4 (a cell is aligned and justified to its own column, which the PDF
does not record), I1, O1, O2, L1 and H1 do not apply to them.

List items are body lines that start with a mark — a number with its point
(``1.`` ``2、`` ``3)``) or a bullet (● • ◆ ■ ▪ ○ ◦ –) — followed by the item
text at ``T``; the item's later lines are the body lines directly below it
(one line pitch each) that start at ``T`` — as long as the line above is
full (ends at the column's right edge, the most common line end of the
column): the line after a short one starts something new, such as a
paragraph indented to where the items hang.  An item whose last line is
full and ends its column continues at the head of the next column
to the right (the first body line there with nothing above it, and its
followers at the same x).  Each item is judged as a paragraph of its own,
hung at ``T`` with its right edge the column's: J1 (every line starts at
``T``, every line but the last ends at the right edge), J2, J3, J4 (its last
line solid), O1, P1–P5, S1, and K3 between its lines; I1 is not demanded
(items have no first-line indent).  The marks of consecutive items of one
list must end at one x (J1: numbers right-aligned in their column).  A
line that begins with a mark and whose next line starts flush under the mark
is no item: it is a paragraph's line that happens to begin with "4.".
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .addresses import mark_addresses
from .lines import check_k3, check_k12, check_line
from .model import Block, Line, Style, Tally, cluster, fmt
from .structure import Box, box_columns, inside

Rule = tuple[float, float, float, float]  # x0, x1, y (top-down), line width

# a list mark; "1.5万" at a line start is a number, not the item "1." (qa3 2026-03-d p4)
_MARK = re.compile(r"^(?:[0-9]{1,3}(?:[.．](?![0-9])|[、)）])|[（(][0-9]{1,3}[)）]|[●•◆■▪○◦–])")


@dataclass
class Table:
    x0: float
    x1: float
    top: float
    head: float  # the thin rule under the header
    bottom: float
    cells: list[Line] = field(default_factory=list)


def find_tables(rules: list[Rule], tol: float) -> list[Table]:
    """三线表: thick, thin, thick rules sharing an x-range, top to bottom."""
    groups: dict[tuple[float, float], list[Rule]] = {}
    for r in rules:
        key = next((k for k in groups if abs(k[0] - r[0]) <= tol and abs(k[1] - r[1]) <= tol), (r[0], r[1]))
        groups.setdefault(key, []).append(r)
    tables = []
    for (x0, x1), rs in groups.items():
        rs.sort(key=lambda r: r[2])
        i = 0
        while i + 2 < len(rs):
            a, b, c = rs[i], rs[i + 1], rs[i + 2]
            if a[3] > b[3] + 0.05 and abs(a[3] - c[3]) <= 0.05:
                tables.append(Table(x0, x1, a[2], b[2], c[2]))
                i += 3
            else:
                i += 1
    return tables


def take_cells(lines: list[Line], tables: list[Table], tol: float) -> list[Line]:
    """Move every run inside a table to its cells; the other runs are returned."""
    rest = []
    for ln in lines:
        home = next((t for t in tables if t.top < ln.base < t.bottom and t.x0 - tol <= ln.x0 < t.x1), None)
        if home is None:
            rest.append(ln)
        else:
            home.cells.append(ln)
    return rest


def cell_chains(t: Table, tol: float) -> list[list[Line]]:
    """The lines of each cell, top down: lines starting at one x, each one
    line below the one before (a cell's text wraps in its column)."""
    out: list[list[Line]] = []
    for ln in sorted(t.cells, key=lambda c: c.base):
        chain = next((c for c in out if abs(c[-1].x0 - ln.x0) <= tol and 0 < ln.base - c[-1].base <= 2.1 * ln.size), None)
        if chain is None:
            out.append([ln])
        else:
            chain.append(ln)
    return out


def check_tables(a: Tally, st: Style, tables: list[Table]) -> None:
    for t in tables:
        for chain in cell_chains(t, st.tol):
            mark_addresses(chain, math.inf)  # a cell's measure is not known: an address breaks only at its own marks
        for ln in t.cells:
            check_k12(a, ln, None)
            a.check("J2")
            if ln.x1 > t.x1 + st.tol:
                a.fail("J2", ln.page, ln.text, f"table cell ends {fmt(ln.x1 - t.x1)} pt past the table's edge x={fmt(t.x1)} (x={fmt(ln.x0)}, y={fmt(ln.base)})")


@dataclass
class Item:
    mark: Line  # the mark's characters
    lines: list[Line]  # the item text, line by line (the first without its mark)
    rights: dict[float, float | None] = field(default_factory=dict)  # x of a part's lines → its column's right edge


def _split_mark(ln: Line) -> tuple[Line, Line] | None:
    m = _MARK.match(ln.text)
    if m is None or len(ln.chars) <= m.end():
        return None
    k = m.end()
    mark = Line(ln.page, ln.chars[:k], ln.base, ln.size, body=True)
    text = Line(ln.page, ln.chars[k:], ln.base, ln.size, body=True)
    return mark, text


def _right_edge(ln: Line, x: float, body: list[Line], st: Style, boxes: Sequence[Box] = ()) -> float | None:
    """The right edge of the column a line stands in: the most common end of
    the body lines near it that cover ``x`` (≥ 2 lines agree), the nearest
    lines first (a boxed notice's columns end inside the box, short of the
    columns of the article under it); the column's own lines (starting left
    of ``x``, not with a list mark) before the items' (two short items of one
    length end level, short of the edge); the lines of its boxed notice only
    (``boxes``), or only those outside boxes.  An item alone in a boxed
    notice's column (a line or two: no edge to read) ends where the box's
    column does (:func:`box_columns`: the grid's columns, inset alike)."""
    home = next((i for i, b in enumerate(boxes) if inside(ln, b)), None)
    mine = [y for y in body if next((i for i, b in enumerate(boxes) if inside(y, b)), None) == home]
    for own in (True, False):
        for reach in (6, 40):
            near = [(y.end, y) for y in mine if y.x0 - st.tol <= x < y.end and abs(y.base - ln.base) <= reach * st.em
                    and (not own or (y.x0 < x - st.em and _MARK.match(y.text) is None))]
            cl = [c for c in cluster(near, st.tol) if len(c[1]) >= 2]
            if cl:
                return max(cl, key=lambda c: (len(c[1]), c[0]))[0]
    if home is not None:
        columns = box_columns(body, boxes, (), st.em, st.tol).get(home)
        if columns is not None:
            lefts, width = columns
            left = next((v for v in lefts if v - st.tol <= ln.x0 < v + width), None)
            if left is not None and ln.end <= left + width + st.tol:
                return left + width
    return None


def take_items(st: Style, body: list[Line], ruled: Sequence[Rule] = (), boxes: Sequence[Box] = ()) -> tuple[list[Item], list[Line]]:
    """The list items among the body lines, and the other body lines.  An
    item's line is followed by another of the item only when it is full
    (ends at the column's right edge): the line after a short one starts
    something new, e.g. a paragraph indented to where the items hang; so
    does a line after a full one when the line below it is set flush (a
    paragraph's first line, then its second).  ``ruled``: the rules the
    make-up draws over an article set under another one (its top);
    ``boxes``: the page's boxed notices (an item's column is read within its box)."""
    em, tol = st.em, st.tol
    taken: set[int] = set()
    items: list[Item] = []
    by_base = sorted(body, key=lambda ln: ln.base)

    def below(ln: Line, x: float) -> Line | None:
        """The body line one pitch below ``ln`` hung near ``x`` (a line hung
        wrong is taken, and judged J1, rather than read as a paragraph)."""
        return next((y for y in by_base if id(y) not in taken and 1.4 * em <= y.base - ln.base <= 2.1 * em
                     and abs(y.x0 - x) < 1.5 * em and y.x0 < ln.end), None)

    def opens_paragraph(ln: Line, x: float, right: float) -> bool:
        """A full line hung at ``x`` with a line set flush one pitch below it
        (at the frame's left edge, where no item line stands): the first
        line of a paragraph after the item, indented as far as items hang,
        and its second (a short one is the item's last line)."""
        return ln.end >= right - tol and any(1.4 * em <= y.base - ln.base <= 2.1 * em and x - 3 * em <= y.x0 <= x - 1.5 * em and y.x1 > ln.x0
                   and _split_mark(y) is None for y in by_base)

    def follow(it: Item, ln: Line, right: float | None) -> None:
        x = ln.x0
        while right is not None and ln.end >= right - tol:
            nxt = below(ln, x)
            # (a new item's mark stands left of where the item's lines hang: a line hung there that
            # starts with "2.0" or "3、" goes on with the item)
            if nxt is None or (_split_mark(nxt) is not None and nxt.x0 < x - tol) or opens_paragraph(nxt, x, right):
                return
            taken.add(id(nxt))
            it.lines.append(nxt)
            ln = nxt

    def split(ln: Line) -> tuple[Line, Line] | None:
        """A line's mark and text: one run, or a mark standing apart on the baseline."""
        parts = _split_mark(ln)
        if parts is not None or not _MARK.fullmatch(ln.text):
            return parts
        text = next((y for y in by_base if id(y) not in taken and y is not ln and abs(y.base - ln.base) <= 0.5
                     and 0 < y.x0 - ln.x1 <= 1.5 * em), None)
        if text is None:
            return None
        taken.add(id(text))
        return ln, text

    def heads_column(y: Line, above: float) -> bool:
        """No body line above ``y`` in its column, up to ``above``."""
        return not any(above <= z.base < y.base and z.x0 < y.x1 and z.x1 > y.x0 for z in body)

    def opens_under_rule(y: Line, top: Line, rule: float | None) -> bool:
        """``y`` heads its column under ``rule``, which runs on from over ``top``'s column to over y's."""
        return rule is not None and rule < y.base and any(
            abs(r - rule) < 0.01 and x0 <= top.x0 + tol and x1 >= y.x0 + em for x0, x1, r, _ in ruled) and heads_column(y, rule)

    rights: dict[int, float | None] = {}
    for ln in by_base:
        if id(ln) in taken:
            continue
        parts = split(ln)
        if parts is None:
            continue
        mark, text = parts
        gap = text.x0 - mark.chars[-1].x1
        if not (0 < gap <= 1.5 * em):
            continue
        right = _right_edge(ln, text.x0, body, st, boxes)
        if right is not None and text.end >= right - tol and any(
                1.4 * em <= y.base - ln.base <= 2.1 * em and abs(y.x0 - mark.x0) <= tol and _split_mark(y) is None
                for y in by_base):
            # a full line, and the line below starts flush under the number:
            # a paragraph's line that happens to begin with "4." or "110、", not an item
            taken.discard(id(text))
            continue
        taken.add(id(ln))
        it = Item(mark, [text])
        it.rights[round(text.x0, 1)] = right
        follow(it, text, right)
        rights[id(it)] = right
        items.append(it)
    # an item continued at the head of the next column (and of the one after, while it fills them)
    for it in items:
        right = rights[id(it)]
        if right is None:
            continue
        width = right - it.lines[0].x0  # the item text is as wide in every column
        opening = it.mark  # the first line of the item's part in the current column
        while True:
            last = it.lines[-1]
            if last.end < right - tol:
                break
            if any(1.4 * em <= y.base - last.base <= 2.1 * em and y.x0 < last.end and y.x1 > last.x0 for y in by_base):
                break  # the column goes on below: the item ended
            # the next column's head is at or below the top of the text of the item's own column (followed
            # up across a subhead's space, ≤ 6 em): a column head higher up — text under a photo that
            # another article's module holds — starts something else
            top = opening
            while (up := next((z for z in by_base if 1.4 * em <= top.base - z.base <= 6 * em
                               and z.x0 < top.x1 and z.x1 > top.x0), None)) is not None:
                top = up
            # (or the head of a column under the rule that marks the top of the item's article over both
            # columns: a column beside a headline over only some of them opens at the article's top)
            rule = max((r for x0, x1, r, _ in ruled if x0 <= top.x0 + tol and x1 >= top.x0 + em and r < top.base - em),
                       default=None)

            heads = [y for y in by_base if id(y) not in taken and y.x0 > right and y.x0 - last.x0 <= 2 * (right - last.x0)
                     and ((top.base - tol <= y.base and heads_column(y, top.base - tol)) or opens_under_rule(y, top, rule))
                     and y.base < last.base]
            if not heads:
                break
            head = min(heads, key=lambda y: (y.x0, y.base))
            if _split_mark(head) is not None or opens_paragraph(head, head.x0, head.x0 + width):
                break  # a new item, or a paragraph's first line (its second set flush)
            taken.add(id(head))
            it.lines.append(head)
            it.rights[round(head.x0, 1)] = right = head.x0 + width
            follow(it, head, right)
            opening = head
    return items, [ln for ln in body if id(ln) not in taken]


def check_items(a: Tally, st: Style, page: int, items: list[Item], p3: list) -> list[Block]:
    """Judge every item; returns the items' blocks (for H1: a subhead followed by a list)."""
    em, tol = st.em, st.tol
    every: list[Block] = []
    for it in items:
        # the item's parts: one per column it stands in
        parts: list[list[Line]] = []
        for ln in it.lines:
            if parts and ln.base > parts[-1][-1].base:  # a new part starts higher up, in the next column
                parts[-1].append(ln)
            else:
                parts.append([ln])
        blocks = []
        for part in parts:
            right = it.rights.get(round(part[0].x0, 1))
            b = Block(page, part[0].x0, part, right if right is not None else max(ln.end for ln in part), right is not None)
            for ln in part:
                ln.block, ln.offset = b, ln.x0 - b.left
                ln.kind = "flush" if abs(ln.offset) <= tol else "mis"  # J1: hung under the item's first line
            blocks.append(b)
        every.extend(blocks)
        it.lines[0].par_first = True
        it.lines[-1].par_last = True
        for b, nb in itertools.pairwise(blocks):
            b.succ, nb.pred = nb, b
        mark_addresses([ln for b in blocks for ln in b.lines])
        check_k12(a, it.mark, None)
        prev = None
        for b in blocks:
            for ln in b.lines:
                check_k12(a, ln, prev)
                if prev is not None:
                    check_k3(a, st, prev, ln, b)
                check_line(a, st, b, ln, p3)
                prev = ln
    # marks of one list: consecutive items of one column end their marks at one x
    items = sorted(items, key=lambda it: (round(it.lines[0].x0), it.mark.base))
    for x, y in itertools.pairwise(items):
        if abs(x.lines[0].x0 - y.lines[0].x0) > tol or not 0 < y.mark.base - x.lines[-1].base <= 2.1 * em:
            continue
        a.check("J1")
        dx = y.mark.x1 - x.mark.x1
        if abs(dx) > tol:
            a.fail("J1", page, y.mark.text + y.lines[0].text,
                   f"list mark {y.mark.text} ends {fmt(dx)} pt from the mark above it: marks are right-aligned in their column")
    return every
