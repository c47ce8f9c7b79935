"""White holes on the grid: a stand-in of the measure (layout/facts/whitespace.py)
that needs no PDF, for tests and quick surveys.

A page's grid cells (column × body line) are *inked* where a text line, a
photo or a filled box of the page touches them; a single empty line between
two inked cells of a column counts as inked (the measure's growth closes a
one-line gap).  The share of cells left empty is the page's grid holes.
Pure function of a laid-out page.
"""

from __future__ import annotations

from ..model.grid import Grid
from .display import Page, Picture, Rect, TextLine

Cells = list[list[bool]]  # [column][line]


def inked_cells(page: Page, grid: Grid, ground: frozenset[str] = frozenset()) -> Cells:
    """The cells of the page's type area that carry something; boxes filled
    with a colour of ``ground`` (a light tint) do not count."""
    used = [[False] * grid.lines for _ in range(grid.columns)]
    for item in page.items:
        if isinstance(item, TextLine):
            width = item.line.width
            top = bottom = item.baseline - 0.5 * grid.em
            x0, x1 = item.x, item.x + max(width, 0.5 * grid.em)
        elif isinstance(item, Picture) or (isinstance(item, Rect) and item.fill and item.fill not in ground):
            x0, x1, top, bottom = item.x, item.x + item.w, item.y, item.y + item.h
        else:
            continue
        _mark(used, grid, page.number, x0, x1, top, bottom)
    for col in used:
        for r in range(1, grid.lines - 1):
            if not col[r] and col[r - 1] and col[r + 1]:
                col[r] = True
    return used


def grid_holes(page: Page, grid: Grid, ground: frozenset[str] = frozenset()) -> float:
    """The share of the page's grid cells left empty."""
    used = inked_cells(page, grid, ground)
    return 1.0 - sum(sum(col) for col in used) / (grid.columns * grid.lines)


def _mark(used: Cells, grid: Grid, page: int, x0: float, x1: float, top: float, bottom: float) -> None:
    r0 = max(0, int((top - grid.top) // grid.pitch))
    r1 = min(grid.lines - 1, int((bottom - grid.top - 1e-6) // grid.pitch))
    for c in range(grid.columns):
        cx = grid.col_x(page, c)
        if cx < x1 and x0 < cx + grid.col_w:
            for r in range(r0, r1 + 1):
                used[c][r] = True
