"""The composer's seam: styled text + a measure in, positioned lines out.

``compose(runs, spec, fonts)`` is all the page layout knows of Chinese line
composition: prepare → linebreak → line, each a module of its own.
"""

from __future__ import annotations

from .line import Glyph, Line, set_line
from .linebreak import break_lines, metrics
from .prepare import Items, ParaSpec, Run, Style, prepare

__all__ = ["Glyph", "Items", "Line", "ParaSpec", "Run", "Style", "compose"]


def compose(runs: list[Run], spec: ParaSpec, fonts) -> list[Line]:
    items = prepare(runs, spec, fonts)
    if len(items) == 0:
        return []
    breaks = break_lines(items, spec, metrics(items))
    last = len(breaks) - 2
    return [set_line(items, spec, breaks[i], breaks[i + 1], i == last) for i in range(len(breaks) - 1)]
