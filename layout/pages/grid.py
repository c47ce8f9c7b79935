"""The page grid: trim size, margins, columns a whole number of characters
wide (J5), and the body line grid every block snaps to (L1, H2).

All layout positions are in body lines vertically and grid columns
horizontally; this module turns them into points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import InputError
from ..facts.units import EM_ASCENT, MM
from ..load.theme import Theme, ThemeSource

PAPER_MM = {
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
    "B4": (250.0, 353.0),
    "B5": (176.0, 250.0),
    "8K": (260.0, 368.0),
    "16K": (184.0, 260.0),
}


@dataclass(frozen=True)
class Grid:
    width: float  # trim, pt
    height: float
    em: float  # body size, pt
    pitch: float  # body line pitch, pt
    columns: int
    col_w: float
    gutter: float
    top: float  # y of the first body line box
    lines: int  # body lines per column
    left_odd: float  # x of the grid's left edge on odd (right-hand) pages
    left_even: float

    def left(self, page: int) -> float:
        return self.left_odd if page % 2 else self.left_even

    def span(self, k: int) -> float:
        """Width of k adjacent columns with their inner gutters."""
        return k * self.col_w + (k - 1) * self.gutter

    def col_x(self, page: int, c: int) -> float:
        return self.left(page) + c * (self.col_w + self.gutter)

    def line_top(self, i: float) -> float:
        return self.top + i * self.pitch

    def baseline(self, i: float, size: float | None = None) -> float:
        """Baseline of body line i for text of ``size`` centred in the line box."""
        size = self.em if size is None else size
        return self.line_top(i) + (self.pitch - size) / 2 + EM_ASCENT * size

    def em_top(self, i: float) -> float:
        """Top of the em box of body line i (where a photo beside it starts)."""
        return self.line_top(i) + (self.pitch - self.em) / 2

    def lines_for(self, height: float) -> int:
        """Whole body lines needed for ``height`` points (H2)."""
        return max(1, math.ceil(height / self.pitch - 1e-6))

    @property
    def grid_width(self) -> float:
        return self.span(self.columns)


def make_grid(theme: Theme, source: ThemeSource) -> Grid:
    page = theme.page
    if page.width_mm and page.height_mm:
        w_mm, h_mm = page.width_mm, page.height_mm
    else:
        w_mm, h_mm = PAPER_MM[page.size or "A3"]
    width, height = w_mm * MM, h_mm * MM
    em = theme.body.size_pt
    pitch = em * theme.body.line_pitch_em
    col_w = theme.grid.column_chars * em
    gutter = theme.grid.gutter_chars * em
    columns = theme.grid.columns
    grid_w = columns * col_w + (columns - 1) * gutter
    inside, outside = page.margin_inside_mm * MM, page.margin_outside_mm * MM
    room = width - inside - outside
    if grid_w > room + 0.01:
        loc = ("grid", "column_chars")
        raise InputError(source.doc_for(loc).diag(
            loc,
            f"the grid ({columns} columns × {theme.grid.column_chars} characters at {em:g} pt, gutters "
            f"{theme.grid.gutter_chars:g}) is {grid_w / MM:.1f} mm wide but the margins leave {room / MM:.1f} mm; "
            f"use fewer or narrower columns, or a smaller body size",
        ))
    spare = (room - grid_w) / 2
    # odd pages are right-hand pages: the inside margin is on the left
    left_odd = inside + spare
    left_even = outside + spare
    top = page.margin_top_mm * MM
    usable = height - top - page.margin_bottom_mm * MM
    lines = int(usable // pitch)
    if lines < 10:
        loc = ("page", "margin_top_mm")
        raise InputError(source.doc_for(loc).diag(loc, f"the page leaves room for only {lines} body lines; reduce the margins or the line pitch"))
    return Grid(width, height, em, pitch, columns, col_w, gutter, top, lines, left_odd, left_even)
