"""A body table set as a 三线表 within the article's column (or, too wide for
one, across the fewest columns that hold it: article.py ``wide_table``).

Column widths come from the content: each column's natural width (its
widest cell on one line) and its least width (its widest unbreakable piece:
a word, a number, a time, a Han character with its kinsoku neighbours), both
rounded up to whole body characters so that cell text stays on the
character grid.  When the natural widths fit the column they are used and
the spare characters shared out; otherwise, of all the whole-em widths
between least and natural that fill the column, the one giving the fewest
cells set one character per line (a header 备注2 as 备/注/2: :func:`stacked`),
then the fewest lone characters ending a cell (O1), then the fewest table
lines plus cell lines, is chosen.  A table whose least widths do not fit is
an error naming how wide it would need to be; one that holds only with a
cell set one character per line says which cells (``TableSet.stacked``), so
that it is set wider (article.py ``wide_table``).

Every cell is composed by the clreq composer at its column's width, set
solid and ragged to the column's alignment (a narrow cell justified would be
spaced out around an unbreakable number or time);
a row takes as many body lines as its tallest cell, so every baseline stays
on the line grid (L1).  The header is bold and is repeated at the head of
every column the table continues into.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from ..errors import Diagnostic
from ..model.document import TableBlock, TextBlock
from ..text.compose import Line
from .styles import Setter

Cells = list[tuple[float, Line]]  # (x from the table's left edge, line) of one body line


@dataclass(frozen=True)
class TableSet:
    head: list[Cells]  # the header's body lines
    body: list[Cells]  # the body rows' lines
    breaks: tuple[int, ...]  # counts of body lines after which a row ends (where the table may split)
    width: float  # the table's width: the column measure
    stacked: tuple[str, ...] = ()  # the text of each cell set one character per line (:func:`stacked`)


def ems(width: float, em: float) -> int:
    """A width in whole ems, rounded up (at least 1)."""
    return max(1, math.ceil(width / em - 1e-6))


def widest_line(lines: list[Line]) -> float:
    return max((ln.width for ln in lines), default=0.0)


def stacked(lines: list[Line]) -> bool:
    """Whether a cell is set one character per line (two lines or more): a
    reader reads 备/注/2 down the column, not as the word 备注2."""
    return len(lines) >= 2 and all(len(ln.text.strip()) <= 1 for ln in lines)


def compositions(total: int, low: list[int], high: list[int]) -> Iterator[tuple[int, ...]]:
    """Every way of giving ``total`` whole ems to the columns, column j at
    least ``low[j]``; the last column takes the rest, the others at most ``high[j]``."""
    if len(low) == 1:
        if total >= low[0]:
            yield (total,)
        return
    rest_low = sum(low[1:])
    for w in range(low[0], min(high[0], total - rest_low) + 1):
        for tail in compositions(total - w, low[1:], high[1:]):
            yield (w, *tail)


def column_widths(least: list[int], natural: list[int], total: int, height: Callable[[tuple[int, ...]], tuple[int, ...]]) -> tuple[int, ...] | None:
    """Whole-em column widths summing to ``total``: each at least its least
    width, none wider than its natural width unless all are (the spare
    shared out), chosen by the least ``height(widths)`` (set_table: the
    fewest cells one character per line, then the fewest lone characters on
    a cell's last line, then the fewest table lines plus cell lines: a short
    table whose cells wrap little); None when the least widths do not fit."""
    if sum(least) > total:
        return None
    if sum(natural) <= total:
        grown = list(natural)
        for j in range(total - sum(natural)):
            grown[j % len(grown)] += 1
        return tuple(grown)
    best: tuple[tuple[int, ...], tuple[int, ...]] | None = None
    for widths in compositions(total, least, natural):
        score = height(widths)
        if best is None or score < best[0]:
            best = (score, widths)
    return best[1] if best else None


def set_table(table: TableBlock, measure: float, setter: Setter,
              room: str | None = None) -> tuple[TableSet | None, Diagnostic | None]:
    """The table at ``measure`` points, or the error saying how wide it needs
    to be (``room`` names what ``measure`` is when it is not the article's column)."""
    em = setter.theme.style("body").size
    gap = setter.theme.blocks.cell_gap_em * em
    n = len(table.header)
    rows = [table.header, *table.rows]
    natural = [0.0] * n
    least = [0.0] * n
    for row in rows:
        for j, cell in enumerate(row):
            if not cell.spans:
                continue
            natural[j] = max(natural[j], widest_line(setter.cell(cell, 1e6, "left")))
            least[j] = max(least[j], setter.least_width(cell))
    total = int((measure - gap * (n - 1)) / em + 1e-6)
    low = [ems(w, em) for w in least]
    nat = [max(lo, ems(w, em)) for lo, w in zip(low, natural, strict=True)]

    @cache
    def lines_at(r: int, j: int, w: int) -> tuple[int, int, int]:
        """Lines of cell (r, j) at w ems, 1 if it is set one character per
        line, and 1 if its last line is a lone Han character (O1)."""
        cell = rows[r][j]
        if not cell.spans:
            return 1, 0, 0
        lines = setter.cell(cell, w * em, table.align[j])
        return len(lines), int(stacked(lines)), int(len(lines) > 1 and lines[-1].han < 2 and len(lines[-1].text) <= 2)

    def height(widths: tuple[int, ...]) -> tuple[int, int, int]:
        per = [[lines_at(r, j, w) for j, w in enumerate(widths)] for r in range(len(rows))]
        return (sum(s for p in per for _, s, _ in p), sum(o for p in per for _, _, o in p),
                sum(max(n for n, _, _ in p) for p in per) + sum(n for p in per for n, _, _ in p))

    chosen = column_widths(low, nat, total, height)
    if chosen is None:
        need = sum(low) + setter.theme.blocks.cell_gap_em * (n - 1)
        o = table.origin
        what = (f"a column {need:g} characters wide but the article's column is {measure / em:g}" if room is None
                else f"{need:g} characters across but {room} is {measure / em:g}")
        return None, Diagnostic(o.file, o.lines[0], o.cols[0],
                                f"this table needs {what}; use fewer or narrower columns, or write it as a list")
    widths = [w * em for w in chosen]
    xs = [sum(widths[:j]) + gap * j for j in range(n)]

    lone: list[str] = []  # the cells set one character per line

    def set_row(row: tuple[TextBlock, ...]) -> list[Cells]:
        cells = [setter.cell(c, widths[j], table.align[j]) if c.spans else [] for j, c in enumerate(row)]
        lone.extend("".join(ln.text for ln in c) for c in cells if stacked(c))
        height = max((len(c) for c in cells), default=0)
        return [[(xs[j], c[i]) for j, c in enumerate(cells) if i < len(c)] for i in range(max(height, 1))]

    head = set_row(table.header)
    body: list[Cells] = []
    breaks: list[int] = []
    for row in table.rows:
        body.extend(set_row(row))
        breaks.append(len(body))
    return TableSet(head, body, tuple(breaks), measure, tuple(lone)), None
