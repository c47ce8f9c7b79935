"""An article as a rectangular module: headline across its columns, photos
at the top of the body, body balanced across the columns below.

Everything is measured in body lines: the headline block is rounded up to
whole lines (H2), photos and captions take whole lines, so every baseline of
every column sits on the page's line grid (L1).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..errors import Diagnostic
from ..facts.units import EM_ASCENT
from ..model.document import Article, Image, TableBlock
from ..model.grid import Grid
from ..text.compose import Line
from .display import Picture, Placement, Rect, Rule, TextLine
from .flow import ITEM, PARA, SUBHEAD, TABLE, Slot, Unit, balance
from .styles import Setter
from .table import TableSet, set_table


@dataclass
class Composed:
    """The parts of an article that do not depend on where it is placed."""

    article: Article
    blocks: list[tuple[str, list[Line]]]  # (PARA | SUBHEAD | ITEM | TABLE, lines at column width)
    marks: dict[int, Line] = field(default_factory=dict)  # block index of a list item → its number or bullet
    tables: dict[int, TableSet] = field(default_factory=dict)  # block index of a table → the set table
    errors: list[Diagnostic] = field(default_factory=list)  # tables too wide for the column
    inset: float = 0.0  # a boxed notice: its text stands this far inside each column
    space: int = 0  # blank lines above and below a table

    @property
    def units(self) -> list[Unit]:
        out = []
        for n, (kind, lines) in enumerate(self.blocks):
            t = self.tables.get(n)
            out.append(Unit(kind, len(lines)) if t is None else Unit(TABLE, len(t.body), len(t.head), t.breaks, self.space))
        return out


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


def inset_grid(grid: Grid, inset: float) -> Grid:
    """The grid of a boxed notice: every column ``inset`` narrower on each side."""
    return replace(grid, col_w=grid.col_w - 2 * inset, gutter=grid.gutter + 2 * inset,
                   left_odd=grid.left_odd + inset, left_even=grid.left_even + inset)


def compose_body(article: Article, grid: Grid, setter: Setter) -> Composed:
    b = setter.theme.blocks
    inset = b.box_padding_em * grid.em if article.box else 0.0
    measure = grid.col_w - 2 * inset
    comp = Composed(article, [], inset=inset, space=b.table_space_lines)
    for n, block in enumerate(article.body):
        if isinstance(block, TableBlock):
            table, error = set_table(block, measure, setter)
            if error is not None:
                comp.errors.append(error)
            comp.blocks.append((TABLE, []))
            if table is not None:
                comp.tables[n] = table
        elif block.kind == "subhead":
            comp.blocks.append((SUBHEAD, setter.subhead(block, measure)))
        elif block.kind == "item":
            mark, lines = setter.item(block, measure)
            comp.blocks.append((ITEM, lines))
            if mark is not None:
                comp.marks[n] = mark
        else:
            comp.blocks.append((PARA, setter.paragraph(block, measure)))
    return comp


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
                 grid: Grid, setter: Setter, *, photo_extra: int = 0, head_extra: int = 0, _boxed: bool = False) -> Module:
    """Set the article in columns c0..c0+k-1 from body line ``row0``, using at
    most ``max_rows`` lines; ``overflow`` > 0 when it does not fit.
    ``photo_extra`` lines make the first photo taller (a deeper crop) and
    ``head_extra`` lines give the headline more air: the page packer uses them
    to fill a column to its foot."""
    if comp.inset and not _boxed:
        return _framed(comp, page, c0, k, row0, max_rows, grid, setter, photo_extra=photo_extra, head_extra=head_extra)
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
        if kind in (ITEM, TABLE):
            items.extend(_block_items(comp, slot, cx, row0 + body_row, grid, setter))
            continue
        for i in range(slot.count):
            line = lines[slot.first + i]
            row = row0 + body_row + slot.row + i
            if kind == SUBHEAD:
                items.append(TextLine(cx, grid.baseline(row, sub.size), line, sub.color, "subhead"))
            else:
                items.append(TextLine(cx, grid.baseline(row), line, body_color, "body"))
    placement = Placement(art.id, page, x0, grid.line_top(row0), width, rows * grid.pitch, frames,
                          sum(len(lines) for _, lines in comp.blocks) + sum(len(t.head) + len(t.body) for t in comp.tables.values()))
    title_lines = sum(1 for _, _, _, role in head.lines if role == "title")
    return Module(art.id, rows, items, placement, flow.overflow, title_lines, h, bool(photos))


# ---------------------------------------------------------------- lists, tables, boxes

def _block_items(comp: Composed, slot: Slot, cx: float, row0: int, grid: Grid, setter: Setter) -> list[object]:
    """The display items of one slot of a list item or a table, ``row0`` the body's first row."""
    theme = setter.theme
    b = theme.blocks
    color = theme.style("body").color
    kind, lines = comp.blocks[slot.unit]
    out: list[object] = []
    row = row0 + slot.row
    if kind == ITEM:
        hang = b.marker_em * grid.em
        mark = comp.marks.get(slot.unit)
        if mark is not None and slot.first == 0:
            # numbers right-aligned in their column, the item text hanging
            x = cx + hang - b.marker_gap_em * grid.em - mark.width
            out.append(TextLine(x, grid.baseline(row), mark, color, "body"))
        for i in range(slot.count):
            out.append(TextLine(cx + hang, grid.baseline(row + i), lines[slot.first + i], color, "body"))
        return out
    table = comp.tables.get(slot.unit)
    if table is None:
        return out
    rows = table.head + table.body[slot.first : slot.first + slot.count]
    for i, cells in enumerate(rows):
        for dx, line in cells:
            out.append(TextLine(cx + dx, grid.baseline(row + i), line, color, "body"))
    x1 = cx + table.width
    head_rule = grid.line_top(row + len(table.head))
    out.append(Rule(cx, grid.line_top(row), x1, grid.line_top(row), b.table_rule_color, b.table_thick_pt))
    out.append(Rule(cx, head_rule, x1, head_rule, b.table_rule_color, b.table_thin_pt))
    end = grid.line_top(row + len(rows))
    out.append(Rule(cx, end, x1, end, b.table_rule_color, b.table_thick_pt))
    return out


def _framed(comp: Composed, page: int, c0: int, k: int, row0: int, max_rows: int, grid: Grid, setter: Setter,
            **extra: int) -> Module:
    """A boxed notice: the article set one line down on a grid inset by the
    padding, one line of air below, in a tinted frame (the tint is drawn first,
    the K-only text overprints it)."""
    b = setter.theme.blocks
    inner = build_module(comp, page, c0, k, row0 + 1, max_rows - 2, inset_grid(grid, comp.inset), setter,
                         _boxed=True, **extra)
    rows = inner.rows + 2
    pad = comp.inset
    # the padding from the content's line boxes (where a table's rules sit)
    top = max(grid.line_top(row0), grid.line_top(row0 + 1) - pad)
    bottom = min(grid.line_top(row0 + rows), grid.line_top(row0 + rows - 1) + pad)
    x = grid.col_x(page, c0)
    frame = Rect(x, top, grid.span(k), bottom - top, fill=b.box_ground, stroke=b.box_frame if b.box_frame_pt else None,
                 stroke_pt=b.box_frame_pt)
    inner.items.insert(0, frame)
    inner.rows = rows
    if inner.placement is not None:
        inner.placement.x, inner.placement.y = x, grid.line_top(row0)
        inner.placement.w, inner.placement.h = grid.span(k), rows * grid.pitch
    return inner
