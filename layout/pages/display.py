"""The display list: what the layout stage hands to the renderer.

Coordinates are points from the top-left corner of the trimmed page, y
growing downwards (the renderer flips them).  Colours are theme colour
names.  Items may extend past the trim into the bleed (``bleed=True`` marks
a deliberate one, which the proof clips and the print file keeps).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..fonts.faces import Face
from ..text.line import Line

ARTIFACTS = frozenset({"draft"})
"""The roles of lines that are no part of the content (a draft proof's
tags): the renderer writes them as ``/Artifact`` marked content, which
the typography audit leaves out."""


@dataclass(frozen=True)
class TextLine:
    x: float  # left end of the line's measure
    baseline: float
    line: Line
    color: str
    role: str = "body"  # body | subhead | title | caption | head | toc | masthead | draft (ARTIFACTS) …


@dataclass(frozen=True)
class VerticalText:
    """Characters set top to bottom (the vertical masthead)."""

    x: float  # centre line of the column of characters
    top: float  # top of the first character's em box
    text: str
    face: Face
    size: float
    pitch: float  # distance between character tops
    color: str


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    stroke_pt: float = 0.0
    bleed: bool = False


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    pt: float


@dataclass(frozen=True)
class Picture:
    x: float
    y: float
    w: float
    h: float
    source: Path  # the photo as given
    crop: tuple[float, float, float, float]  # fraction of the source: left, top, right, bottom
    label: str  # for messages: the file name as written


@dataclass(frozen=True)
class QRCode:
    x: float  # top-left of the quiet zone
    y: float
    module: float  # side of one module, pt
    size: int  # modules per side, quiet zone included
    dark: tuple[tuple[int, int, int], ...]  # horizontal runs of dark modules: (row, col, length)
    color: str
    data: str


@dataclass
class Placement:
    """Where an article (or another block) landed, for the page map and the
    typography audit."""

    id: str
    page: int
    x: float
    y: float
    w: float
    h: float
    columns: list[tuple[float, float, float, float]] = field(default_factory=list)  # body frames x, y, w, h
    lines: int = 0


@dataclass
class Page:
    number: int
    items: list[object] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    blank: bool = False  # a padding page added for print

    def add(self, item: object) -> None:
        self.items.append(item)
