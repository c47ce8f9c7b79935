"""An article as a rectangular module: headline across its columns, photos
at the top of the body, body balanced across the columns below.

Everything is measured in body lines: the headline block is rounded up to
whole lines (H2), photos and captions take whole lines, so every baseline of
every column sits on the page's line grid (L1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..facts.units import EM_ASCENT
from ..model.document import Article, Image
from ..model.grid import Grid
from ..text.compose import Line
from .display import Picture, Placement, TextLine
from .flow import PARA, SUBHEAD, Unit, balance
from .styles import Setter


@dataclass
class Composed:
    """The parts of an article that do not depend on where it is placed."""

    article: Article
    blocks: list[tuple[str, list[Line]]]  # (PARA | SUBHEAD, lines at column width)

    @property
    def units(self) -> list[Unit]:
        return [Unit(kind, len(lines)) for kind, lines in self.blocks]


@dataclass
class Module:
    """An article set at a place: its items and its height in lines."""

    id: str
    rows: int  # total height in body lines
    items: list[object] = field(default_factory=list)
    placement: Placement | None = None
    overflow: int = 0
    title_lines: int = 0
    body_rows: int = 0  # rows of the body region (text and photos)
    has_photo: bool = False


def compose_body(article: Article, grid: Grid, setter: Setter) -> Composed:
    blocks: list[tuple[str, list[Line]]] = []
    for block in article.body:
        if block.kind == "subhead":
            blocks.append((SUBHEAD, setter.subhead(block, grid.col_w)))
        else:
            blocks.append((PARA, setter.paragraph(block, grid.col_w)))
    return Composed(article, blocks)


# ---------------------------------------------------------------- headline

@dataclass
class Headline:
    rows: int
    lines: list[tuple[float, Line, str, str]]  # (baseline offset from block top, line, colour, role)


def headline(article: Article, width: float, k: int, grid: Grid, setter: Setter, extra: int = 0) -> Headline:
    theme = setter.theme
    parts: list[tuple[list[Line], float, float, str, str]] = []  # lines, size, pitch, colour, role
    for role in ("kicker", "title", "subtitle", "byline"):
        text = getattr(article, role)
        if not text:
            continue
        style = theme.style(role)
        size = style.size_for(k)
        pitch = style.pitch(size) if style.leading is not None else grid.pitch
        parts.append((setter.text(text.value, style, width, size=size), size, pitch, style.color, role))
    total = sum(len(lines) * pitch for lines, _, pitch, _, _ in parts)
    rows = grid.lines_for(total) + extra
    y = (rows * grid.pitch - total) / 2
    out: list[tuple[float, Line, str, str]] = []
    for lines, s, pitch, colour, role in parts:
        for line in lines:
            out.append((y + (pitch - s) / 2 + EM_ASCENT * s, line, colour, role))
            y += pitch
    return Headline(rows, out)


# ---------------------------------------------------------------- photos

@dataclass
class PhotoBlock:
    image: Image
    cols: int
    photo_rows: int
    caption: list[Line]

    @property
    def rows(self) -> int:
        return self.photo_rows + len(self.caption)


def photo_block(image: Image, k: int, grid: Grid, setter: Setter, max_rows: int, extra: int = 0) -> PhotoBlock:
    ps = setter.theme.photos
    by_width = ps.columns_by_width
    cols = image.columns or max(1, min(k, by_width[min(k, len(by_width)) - 1]))
    cols = min(cols, k)
    width = grid.span(cols)
    pw, ph = image.pixel_size
    height = width * ph / pw
    gap = grid.pitch - grid.em
    rows = max(ps.min_lines, round((height + gap) / grid.pitch))
    text = image.caption.value if image.caption else ""
    if image.credit:
        credit = ps.credit_prefix + image.credit.value
        text = f"{text}　{credit}" if text else credit
    caption = setter.text(text, setter.theme.style("caption"), width, justify=True) if text else []
    grown = min(rows + extra, int(rows * (1 + ps.max_growth)))
    rows = max(ps.min_lines, min(grown, max_rows - len(caption) - 1))
    return PhotoBlock(image, cols, rows, caption)


def _crop(image: Image, w: float, h: float) -> tuple[float, float, float, float]:
    pw, ph = image.pixel_size
    src = pw / ph
    dst = w / h
    if src > dst:  # source wider: trim the sides
        keep = dst / src
        return ((1 - keep) / 2, 0.0, (1 + keep) / 2, 1.0)
    keep = src / dst
    return (0.0, (1 - keep) / 2, 1.0, (1 + keep) / 2)


# ---------------------------------------------------------------- the module

def build_module(comp: Composed, page: int, c0: int, k: int, row0: int, max_rows: int,
                 grid: Grid, setter: Setter, *, photo_extra: int = 0, head_extra: int = 0) -> Module:
    """Set the article in columns c0..c0+k-1 from body line ``row0``, using at
    most ``max_rows`` lines; ``overflow`` > 0 when it does not fit.
    ``photo_extra`` lines make the first photo taller (a deeper crop) and
    ``head_extra`` lines give the headline more air: the page packer uses them
    to fill a column to its foot."""
    theme = setter.theme
    art = comp.article
    x0 = grid.col_x(page, c0)
    width = grid.span(k)
    head = headline(art, width, k, grid, setter, head_extra)
    body_row = head.rows + theme.headline.space_lines
    items: list[object] = []
    for off, line, colour, role in head.lines:
        items.append(TextLine(x0, grid.line_top(row0) + off, line, colour, role))

    # photos at the top of the body, alternately right and left
    starts = [body_row] * k
    photos: list[tuple[PhotoBlock, int, int]] = []  # block, first column (relative), row
    for n, image in enumerate(art.images):
        block = photo_block(image, k, grid, setter, max_rows - body_row, photo_extra if n == 0 else 0)
        c = k - block.cols if n % 2 == 0 else 0
        r = max(starts[c : c + block.cols])
        photos.append((block, c, r))
        for j in range(c, c + block.cols):
            starts[j] = r + block.rows + 1
    space = theme.headline.subhead_space_lines
    body_rows = max_rows - body_row
    units = comp.units
    flow, h = balance(units, [s - body_row for s in starts], body_rows, space,
                      min_height=max((s - body_row - 1 for s in starts), default=0))
    rows = body_row + h
    # a photo's block may reach below the text
    for block, _, r in photos:
        rows = max(rows, r + block.rows)

    for block, c, r in photos:
        px = x0 + c * (grid.col_w + grid.gutter)
        pw = grid.span(block.cols)
        top = grid.em_top(row0 + r)
        ph = block.photo_rows * grid.pitch - (grid.pitch - grid.em)
        items.append(Picture(px, top, pw, ph, block.image.path, _crop(block.image, pw, ph), block.image.file.value))
        for i, line in enumerate(block.caption):
            items.append(TextLine(px, grid.baseline(row0 + r + block.photo_rows + i, line.glyphs[0].size if line.glyphs else None), line, theme.style("caption").color, "caption"))

    frames: list[tuple[float, float, float, float]] = []
    for col in range(k):
        cx = x0 + col * (grid.col_w + grid.gutter)
        top_row = row0 + starts[col]
        frames.append((cx, grid.line_top(top_row), grid.col_w, grid.line_top(row0 + rows) - grid.line_top(top_row)))
    body_color = theme.style("body").color
    sub = theme.style("subhead")
    for slot in flow.slots:
        kind, lines = comp.blocks[slot.unit]
        cx = x0 + slot.col * (grid.col_w + grid.gutter)
        for i in range(slot.count):
            line = lines[slot.first + i]
            row = row0 + body_row + slot.row + i
            if kind == SUBHEAD:
                items.append(TextLine(cx, grid.baseline(row, sub.size), line, sub.color, "subhead"))
            else:
                items.append(TextLine(cx, grid.baseline(row), line, body_color, "body"))
    placement = Placement(art.id, page, x0, grid.line_top(row0), width, rows * grid.pitch, frames,
                          sum(len(lines) for _, lines in comp.blocks))
    title_lines = sum(1 for _, _, _, role in head.lines if role == "title")
    return Module(art.id, rows, items, placement, flow.overflow, title_lines, h, bool(photos))
