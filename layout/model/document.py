"""The validated issue: what the load stage hands to the text and layout stages.

These are plain frozen dataclasses, independent of YAML and pydantic.  Every
piece of text keeps its :class:`Origin` so that later stages (font coverage,
normalisation reports) can point at ``FILE:LINE:COL``.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class Origin:
    """Where each character of a text came from: one (line, col) per char.

    Stored as run-length segments ``(offset, line, col)``: characters after a
    segment start advance the column by one each until the next segment."""

    file: str
    starts: tuple[int, ...] = (0,)
    lines: tuple[int, ...] = (1,)
    cols: tuple[int, ...] = (1,)

    @staticmethod
    def at(file: str, line: int, col: int) -> Origin:
        return Origin(file, (0,), (line,), (col,))

    @staticmethod
    def from_positions(file: str, positions: list[tuple[int, int]]) -> Origin:
        """Compress per-character (line, col) positions into segments."""
        starts: list[int] = []
        lines: list[int] = []
        cols: list[int] = []
        prev: tuple[int, int] | None = None
        for i, (line, col) in enumerate(positions):
            if prev is None or line != prev[0] or col != prev[1] + 1:
                starts.append(i)
                lines.append(line)
                cols.append(col)
            prev = (line, col)
        if not starts:
            return Origin(file)
        return Origin(file, tuple(starts), tuple(lines), tuple(cols))

    def locate(self, offset: int) -> tuple[int, int]:
        k = bisect_right(self.starts, offset) - 1
        k = max(k, 0)
        return self.lines[k], self.cols[k] + (offset - self.starts[k])

    def positions(self, length: int) -> list[tuple[int, int]]:
        return [self.locate(i) for i in range(length)]


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class TextBlock:
    """A paragraph, a subhead or a list item of an article body (also a
    table cell); also used for titles."""

    kind: Literal["para", "subhead", "item", "cell"]
    spans: tuple[Span, ...]
    origin: Origin
    ordinal: int | None = None  # a list item: its number in a numbered list (None: bulleted, or not an item)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class TableBlock:
    """A GFM pipe table of an article body: a header row and body rows of
    cells (each a ``cell`` TextBlock; header cells are bold), one alignment
    per column."""

    header: tuple[TextBlock, ...]
    rows: tuple[tuple[TextBlock, ...], ...]
    align: tuple[Align, ...]
    origin: Origin  # where the table starts
    kind: Literal["table"] = "table"

    @property
    def cells(self) -> tuple[TextBlock, ...]:
        return self.header + tuple(c for row in self.rows for c in row)


Block = TextBlock | TableBlock


def text_blocks(body: tuple[Block, ...]) -> tuple[TextBlock, ...]:
    """Every TextBlock of a body, table cells included, in reading order."""
    return tuple(t for b in body for t in (b.cells if isinstance(b, TableBlock) else (b,)))


@dataclass(frozen=True)
class Text:
    """A single-style string from the YAML (title, caption …) with its origin."""

    value: str
    origin: Origin

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Image:
    path: Path
    file: Text  # as written, for messages
    caption: Text | None
    credit: Text | None
    columns: int | None
    pixel_size: tuple[int, int]
    crop: Literal["auto", "none"] = "auto"  # none: scale, never crop
    focus: tuple[float, float] | None = None  # fractions of width, height that must stay in view


@dataclass(frozen=True)
class Article:
    id: str
    page: int
    title: Text
    kicker: Text | None
    subtitle: Text | None
    byline: Text | None
    toc: Text | None  # the 导读 entry text, None when not listed
    columns: int | None
    body: tuple[Block, ...]
    images: tuple[Image, ...]
    origin: Origin  # where the article starts in issue.yaml
    continued_on: int | None = None  # the page its remainder continues on (None: nearest with room)
    jump_title: Text | None = None  # short title of the continuation head (None: the title)
    box: bool = False  # a boxed notice


@dataclass(frozen=True)
class Wechat:
    account: Text
    url: str
    lines: tuple[Text, ...]


@dataclass(frozen=True)
class Publication:
    path: Path
    title: Text
    publisher: Text
    wechat: Wechat | None
    theme: str  # built-in name or resolved path


@dataclass(frozen=True)
class Normalisation:
    """One change the loader made to the text (P5), reported to the editor."""

    file: str
    line: int
    col: int
    before: str
    after: str


@dataclass(frozen=True)
class Issue:
    dir: Path
    path: Path
    slug: str  # the folder name, e.g. 2025-06
    publication: Publication
    number: int
    serial: int | None
    date: dt.date
    pages: int | None
    articles: tuple[Article, ...]
    changes: tuple[Normalisation, ...] = field(default=())
