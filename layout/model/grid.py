"""The page grid: trim size, margins, columns a whole number of characters
wide (J5), and the body line grid every block snaps to (L1, H2).

All layout positions are in body lines vertically and grid columns
horizontally; the grid turns them into points.  It is computed once, at
load (:func:`layout.load.resolve.make_grid`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..facts.units import EM_ASCENT


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
    column_chars: int = 0  # body characters per column, as the theme gives it

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
