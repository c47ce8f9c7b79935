"""An article as a rectangular module: headline across its columns, photos
at the top of the body, body balanced across the columns below.

Everything is measured in body lines: the headline block is rounded up to
whole lines (H2), photos and captions take whole lines, so every baseline of
every column sits on the page's line grid (L1).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..errors import Diagnostic
from ..facts.units import EM_ASCENT, MM
from ..facts.whitespace import GROW_PT
from ..model.document import Article, Image, TableBlock
from ..model.grid import Grid
from ..text.compose import Line
from .display import Picture, Placement, Rect, Rule, TextLine
from .flow import ITEM, PARA, SUBHEAD, TABLE, Flow, Slot, Stop, Unit, banded, banded_jump
from .photoframe import Frame, fitted, frame_for, natural_height, ppi_at
from .result import PhotoResult
from .styles import Setter
from .table import Cells, TableSet, set_table


@dataclass
class Composed:
    """The parts of an article (or of the piece of it continued on a later
    page) that do not depend on where it is placed."""

    article: Article
    blocks: list[tuple[str, list[Line]]]  # (PARA | SUBHEAD | ITEM | TABLE, lines at column width)
    marks: dict[int, Line] = field(default_factory=dict)  # block index of a list item → its number or bullet
    tables: dict[int, TableSet] = field(default_factory=dict)  # block index of a table → the set table
    # tables too wide for a column, set across the columns they need: (columns, table); in the piece
    # whose text reaches them, one that opens the piece at the top of its body (like a photo), one
    # after text across the module, the text before it above it and the text after it below (flow.banded)
    wide: list[tuple[int, TableSet]] = field(default_factory=list)
    wide_at: list[int] = field(default_factory=list)  # for each wide table, the index of the block it stands before
    wide_src: list[TableBlock] = field(default_factory=list)  # for each wide table, its source (set again as wide as the module)
    errors: list[Diagnostic] = field(default_factory=list)  # tables too wide for the column
    warnings: list[Diagnostic] = field(default_factory=list)  # tables that set a cell one character per line however wide
    inset: float = 0.0  # a boxed notice: its text stands this far inside each column
    space: int = 0  # blank lines above and below a table
    from_page: int | None = None  # a continuation: the page the article comes from (上接第M版)
    part: int = 0  # 0: the start; n: the n-th continuation
    photos: tuple[Image, ...] | None = None  # the photos as set here (None: the article's; a continuation has none)
    photo_lines: int = 0  # every photo this many lines taller (< 0: shorter), within its crop limit
    head_step: int = 0  # the headline at the size of an article this many columns narrower (a page packed tight)
    head_beside: bool = False  # a short headline over only the columns it needs, text beside it (a form of the packer)
    # wide tables after text set across the module between the text before and after them (False: at the
    # top of the body, as those opening a piece: the make-up's second try for an issue that does not fit)
    bands: bool = True
    # set headlines and captions, by width: a page is packed trying many
    cache: dict[tuple[object, ...], object] = field(default_factory=dict, compare=False, repr=False)

    def unbanded(self) -> Composed | None:
        """This body with its wide tables after text set at the top of its
        pieces' bodies (``bands`` off); None when it has none after text."""
        return replace(self, bands=False, cache={}) if self.bands and any(at > 0 for at in self.wide_at) else None

    @property
    def images(self) -> tuple[Image, ...]:
        if self.part:
            return ()
        return self.article.images if self.photos is None else self.photos

    @property
    def units(self) -> list[Unit]:
        out = []
        for n, (kind, lines) in enumerate(self.blocks):
            t = self.tables.get(n)
            if t is not None:
                out.append(Unit(TABLE, len(t.body), len(t.head), t.breaks, self.space))
            elif kind == PARA and lines and lines[-1].measure > 0:
                out.append(Unit(kind, len(lines), tail=lines[-1].width / lines[-1].measure))
            else:
                out.append(Unit(kind, len(lines)))
        return out

    @property
    def id(self) -> str:
        """The piece's id: the article's, and ``id~n`` for its n-th continuation."""
        return self.article.id if self.part == 0 else f"{self.article.id}~{self.part}"

    @property
    def line_count(self) -> int:
        return sum(len(lines) for _, lines in self.blocks)

    def rest(self, at: tuple[int, int], page: int) -> Composed:
        """What follows line ``at`` = (unit, lines of it set): the piece
        continued from ``page``.  Lines are kept, never set again, so every
        character stays where the composer put it."""
        later = [n for n, w in enumerate(self.wide_at) if not _wide_here(w, at)]
        unit, done = at
        if done and done >= self.units[unit].lines:  # a block ended, a wide table after it sent on
            unit, done = unit + 1, 0
        blocks = list(self.blocks[unit:])
        marks = {n - unit: m for n, m in self.marks.items() if n >= unit}
        tables = {n - unit: t for n, t in self.tables.items() if n >= unit}
        if done:
            kind, lines = blocks[0]
            blocks[0] = (kind, lines[done:])
            marks.pop(0, None)  # a list item continued: its number stays with its first line
            t = tables.get(0)
            if t is not None:  # a table continued after whole rows: the header again, the rows left
                tables[0] = replace(t, body=t.body[done:], breaks=tuple(b - done for b in t.breaks if b > done))
        return replace(self, blocks=blocks, marks=marks, tables=tables, errors=[], warnings=[], from_page=page,
                       part=self.part + 1, photos=None, wide=[self.wide[n] for n in later],
                       wide_at=[self.wide_at[n] - unit for n in later], wide_src=[self.wide_src[n] for n in later],
                       cache={})

    def with_photos(self, photos: tuple[Image, ...]) -> Composed:
        return replace(self, photos=photos, cache={})


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
    rest: tuple[int, int] | None = None  # with a jump line: where the continued text starts
    lines: int = 0  # body text lines set here
    photos: list[PhotoResult] = field(default_factory=list)
    min_split_rows: int = 0  # the least height at which it can stop with a jump line, every column keeping some lines
    photo_gap: int = 0  # column lines left empty above a photo set below another in only some of its columns
    head_white: float = 0.0  # column lines left white beside the headline's lines (a short title over a wide module)


def inset_grid(grid: Grid, inset: float) -> Grid:
    """The grid of a boxed notice: every column ``inset`` narrower on each side."""
    return replace(grid, col_w=grid.col_w - 2 * inset, gutter=grid.gutter + 2 * inset,
                   left_odd=grid.left_odd + inset, left_even=grid.left_even + inset)


def compose_body(article: Article, grid: Grid, setter: Setter) -> Composed:
    b = setter.theme.blocks
    inset = b.box_padding_em * grid.em if article.box else 0.0
    measure = grid.col_w - 2 * inset
    comp = Composed(article, [], inset=inset, space=b.table_space_lines)
    for block in article.body:
        n = len(comp.blocks)
        if isinstance(block, TableBlock):
            _compose_table(comp, block, grid, setter)
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


def wide_table(block: TableBlock, grid: Grid, inset: float, setter: Setter, most: int) -> tuple[int, TableSet] | None:
    """A table too wide for one column set across the fewest columns, up to
    ``most``, that hold it (a 项目 | 时间 | 地点 | 电话 notice: a phone number
    and a time stay whole) with no cell set one character per line (a
    7-column table's header 备注2 as 备/注/2), else across the fewest that
    hold it with the fewest such cells; None when not even ``most`` columns do."""
    best: tuple[int, TableSet] | None = None
    for m in range(2, min(most, grid.columns) + 1):
        table, _ = set_table(block, grid.span(m) - 2 * inset, setter)
        if table is None:
            continue
        if not table.stacked:
            return m, table
        if best is None or len(table.stacked) < len(best[1].stacked):
            best = (m, table)
    return best


def _compose_table(comp: Composed, block: TableBlock, grid: Grid, setter: Setter) -> None:
    """A body table: set in the article's column, or too wide for it (or
    setting a cell one character per line there) across the columns it
    needs (:func:`wide_table`, out of the column flow); an error when it
    fits nowhere it may go, a warning when a cell stands one character per line."""
    n = len(comp.blocks)
    inset = comp.inset
    table, error = set_table(block, grid.col_w - 2 * inset, setter)
    asked = comp.article.columns
    if (table is None or table.stacked) and grid.columns > 1:
        wide = wide_table(block, grid, inset, setter, asked or grid.columns)
        if wide is None and table is None and asked is not None and asked < grid.columns:
            wide = wide_table(block, grid, inset, setter, grid.columns)
            if wide is not None:
                o = block.origin
                comp.errors.append(Diagnostic(
                    o.file, o.lines[0], o.cols[0],
                    f"this table needs {wide[0]} columns (a phone number, a time or a word in it does not "
                    f"break) but the article is set columns: {asked}; give it columns: {wide[0]} or more, "
                    f"leave columns out, or use fewer or narrower table columns"))
        if wide is not None and (table is None or len(wide[1].stacked) < len(table.stacked)):
            comp.wide.append(wide)
            comp.wide_at.append(n)
            comp.wide_src.append(block)
            _warn_stacked(comp, block, wide[1], wide[0], grid, setter)
            return  # not in the column flow
        if table is None:
            _, error = set_table(block, grid.span(grid.columns) - 2 * inset, setter,
                                 f"the page's full width ({grid.columns} columns)")
    if error is not None:
        comp.errors.append(error)
    comp.blocks.append((TABLE, []))
    if table is not None:
        comp.tables[n] = table
        _warn_stacked(comp, block, table, 1, grid, setter)


def _warn_stacked(comp: Composed, block: TableBlock, table: TableSet, cols: int, grid: Grid, setter: Setter) -> None:
    """A warning at the table when it sets a cell one character per line
    across all the columns it may take, naming the cells and what to do."""
    if not table.stacked:
        return
    o = block.origin
    cells = "、".join(f"'{c}'" for c in table.stacked[:3]) + (f" and {len(table.stacked) - 3} more" if len(table.stacked) > 3 else "")
    where = "its article's column" if cols == 1 else f"{cols} columns"
    asked = comp.article.columns
    better = wide_table(block, grid, comp.inset, setter, grid.columns) if asked is not None and asked < grid.columns else None
    hint = (f"give the article columns: {better[0]} or leave columns: out, " if better is not None and not better[1].stacked
            else "")
    comp.warnings.append(Diagnostic(
        o.file, o.lines[0], o.cols[0],
        f"this table sets {cells} one character per line even across {where}; {hint}use fewer table columns "
        f"or shorter headers and cells, or write it as a list", "warning"))


# ---------------------------------------------------------------- headline

@dataclass
class Headline:
    rows: int
    lines: list[tuple[float, Line, str, str]]  # (baseline offset from block top, line, colour, role)
    white: float = 0.0  # column lines left white beside its lines (see :func:`headline`)


def _head_parts(comp: Composed, k: int, setter: Setter) -> list[tuple[str, str, float]]:
    """(role, text, size) of the lines over the body: the article's headline,
    or a continuation's head (jump title and 上接第M版)."""
    theme = setter.theme
    art = comp.article
    if comp.from_page is not None:
        title = art.jump_title or art.title
        jt, jl = theme.style("jump_title"), theme.style("jump")
        return [("jump_title", title.value, jt.size),
                ("jump", fill_format_page(theme.jump.from_format, comp.from_page), jl.size)]
    parts: list[tuple[str, str, float]] = []
    for role in ("kicker", "title", "subtitle", "byline"):
        text = getattr(art, role)
        if text:
            parts.append((role, text.value, theme.style(role).size_for(max(1, k - comp.head_step))))
    return parts


def fill_format_page(fmt: str, page: int) -> str:
    return fmt.format(page=page)


def headline(comp: Composed, width: float, k: int, grid: Grid, setter: Setter, extra: int = 0) -> Headline:
    theme = setter.theme
    parts: list[tuple[list[Line], float, float, str, str]] = []  # lines, size, pitch, colour, role
    for role, text, size in _head_parts(comp, k, setter):
        style = theme.style(role)
        pitch = style.pitch(size) if style.leading is not None else grid.pitch
        parts.append((setter.text(text, style, width, size=size), size, pitch, style.color, role))
    total = sum(len(lines) * pitch for lines, _, pitch, _, _ in parts)
    rows = grid.lines_for(total) + extra
    y = (rows * grid.pitch - total) / 2
    if comp.from_page is not None:
        # a continuation head is a label on the body under it: its air goes above it,
        # so that （上接第M版） stays on the line over the body's first line
        y += extra * grid.pitch / 2
    out: list[tuple[float, Line, str, str]] = []
    white = 0.0  # on each line, what it leaves of the width less the reach of the measure's ink, in column lines
    for lines, s, pitch, colour, role in parts:
        for line in lines:
            out.append((y + (pitch - s) / 2 + EM_ASCENT * s, line, colour, role))
            y += pitch
            white += max(0.0, width - line.width - GROW_PT) / (grid.col_w + grid.gutter) * pitch / grid.pitch
    return Headline(rows, out, white)


def _head_block(comp: Composed, k: int, grid: Grid, setter: Setter, extra: int) -> tuple[int, Headline]:
    """The headline of a module ``k`` columns wide and the columns it spans:
    all of them, or for a piece packed with ``head_beside`` (a form of the
    packer; theme ``headline_beside_text``) the fewest in which it
    sets in as many lines as across the article (two at least), so that the
    columns beside it carry text from the top instead of white.  A
    continuation's head and an article of one or two columns span the whole
    module."""
    whole = headline(comp, grid.span(k), k, grid, setter, extra)
    if not (comp.head_beside and setter.theme.headline.beside) or comp.from_page is not None or k < 3:
        return k, whole
    lines = sum(len(ls) for _, ls in comp.blocks)
    for cols in range(2, k):  # over two columns at least: the audit reads a one-column headline as its column's
        narrow = headline(comp, grid.span(cols), k, grid, setter, extra)
        # the columns balanced, those under the headline hold two lines at least (else it stands
        # beside the text with nothing under it, a box's side head, not 题文穿插)
        under = (lines + cols * narrow.rows) / k - narrow.rows
        if narrow.rows == whole.rows and len(narrow.lines) == len(whole.lines) and under >= setter.theme.headline.beside_min_lines:
            return cols, narrow
    return k, whole


# ---------------------------------------------------------------- photos

@dataclass
class PhotoBlock:
    image: Image
    frame: Frame
    photo_rows: int
    caption: list[Line]

    @property
    def cols(self) -> int:
        return self.frame.cols

    @property
    def rows(self) -> int:
        return self.photo_rows + len(self.caption)


def photo_block(image: Image, k: int, grid: Grid, setter: Setter, max_rows: int, extra: int = 0,
                cache: dict[tuple[object, ...], object] | None = None) -> PhotoBlock:
    """The photo at its frame (photoframe.py), ``extra`` lines taller as far
    as the crop limit allows, with its caption under it."""
    ps = setter.theme.photos
    cache = {} if cache is None else cache
    key = ("frame", image, k)
    if key not in cache:
        made = frame_for(image, k, grid, ps)
        width = grid.span(made.cols)
        text = image.caption.value if image.caption else ""
        if image.credit:
            credit = ps.credit_prefix + image.credit.value
            text = f"{text}　{credit}" if text else credit
        cache[key] = (made, setter.text(text, setter.theme.style("caption"), width, justify=True) if text else [])
    held = cache[key]
    assert isinstance(held, tuple)
    frame: Frame = held[0]
    caption: list[Line] = held[1]
    rows = min(frame.rows + extra, frame.max_rows)
    rows = max(frame.min_rows, min(rows, max_rows - len(caption) - 1))
    return PhotoBlock(image, frame, rows, caption)


# ---------------------------------------------------------------- the module

def build_module(comp: Composed, page: int, c0: int, k: int, row0: int, max_rows: int,
                 grid: Grid, setter: Setter, *, photo_extra: tuple[int, ...] = (), head_extra: int = 0,
                 jump_to: int | None = None, fill_to: int | None = None, _boxed: bool = False) -> Module:
    """Set the article in columns c0..c0+k-1 from body line ``row0``, using at
    most ``max_rows`` lines; ``overflow`` > 0 when it does not fit.
    ``photo_extra[n]`` lines make photo ``n`` taller (a deeper crop, within
    the crop limit) and ``head_extra`` lines give the headline more air: the
    page packer uses them to fill a column to its foot.  With ``jump_to``
    the module takes all ``max_rows`` lines and ends with the jump line
    下转第{jump_to}版; ``rest`` says where the text left over starts.  With
    ``fill_to`` the body is justified (:func:`justify`) to make the module as
    near ``fill_to`` rows tall as its paragraphs allow, its columns even.  A boxed
    notice is set inside its frame (``_framed``)."""
    if comp.inset and not _boxed:
        return _framed(comp, page, c0, k, row0, max_rows, grid, setter, photo_extra=photo_extra,
                       head_extra=head_extra, jump_to=jump_to, fill_to=fill_to)
    theme = setter.theme
    art = comp.article
    x0 = grid.col_x(page, c0)
    width = grid.span(k)
    key = ("head", k, head_extra)
    if key not in comp.cache:
        comp.cache[key] = _head_block(comp, k, grid, setter, head_extra)
    held = comp.cache[key]
    assert isinstance(held, tuple)
    head_cols: int = held[0]
    head: Headline = held[1]
    body_row = head.rows + theme.headline.space_lines
    items: list[object] = []
    for off, line, colour, role in head.lines:
        items.append(TextLine(x0, grid.line_top(row0) + off, line, colour, role))

    # photos at the top of the body, from the right (the start piece only); the
    # columns beside a headline narrower than the article start at its top
    starts = [body_row] * head_cols + [0] * (k - head_cols)
    photos: list[tuple[PhotoBlock, int, int]] = []  # block, first column (relative), row
    photo_gap = 0  # column lines left empty above photos that sit lower than the top of a column they span
    for n, image in enumerate(comp.images):
        block = photo_block(image, k, grid, setter, max_rows - body_row, (photo_extra[n] if n < len(photo_extra) else 0) + comp.photo_lines,
                            comp.cache)
        # where it sits highest, never over the first column unless it spans the
        # article (the text starts at the top left, where a reader looks first);
        # between equals, right first
        first_col = 0 if block.cols >= k else 1
        options = range(k - block.cols, first_col - 1, -1)
        width_cols = block.cols
        c = min(options, key=lambda c0: max(starts[c0 : c0 + width_cols]))
        r = max(starts[c : c + block.cols])
        photo_gap += sum(r - starts[j] for j in range(c, c + block.cols))
        photos.append((block, c, r))
        for j in range(c, c + block.cols):
            starts[j] = r + block.rows + 1
    space = theme.headline.subhead_space_lines
    body_rows = max_rows - body_row
    units = comp.units
    # a wide table that opens the piece sits at the top of its body like a photo; one after text
    # is set across the module between the text before it and the text after it
    photo_starts = starts
    starts, wide, gap, wide_over = _place_wide(comp, [n for n, at in enumerate(comp.wide_at) if at == 0], starts, k)
    spans, over = _spanning(comp, k, grid, setter)
    wide_over += over
    stops = [Stop(comp.wide_at[n], len(t.head) + len(t.body) + comp.space) for n, t in spans]
    rel = [s - body_row for s in starts]
    if jump_to is None:
        def poured(stops: list[Stop], rel: list[int]) -> tuple[Flow, int, list[int]]:
            flow, h, tops, _ = banded(units, stops, rel, body_rows, space, comp.space,
                                      min_height=max((s - 1 for s in rel), default=0),
                                      fill_to=None if fill_to is None else fill_to - body_row,
                                      gap=theme.headline.justify_lines)
            return flow, h, tops

        # with bands off (paginate's second try) the bands are not poured at all
        banded_flow = poured(stops, rel) if comp.bands or not spans else None
        if banded_flow is not None:
            flow, h, tops = banded_flow
        if spans and (banded_flow is None or banded_flow[0].overflow):
            # the bands do not fit the rows the module may take (each band ends a line or so short
            # in some columns): its wide tables at the top of the body instead, as those opening a
            # piece, the text poured around them — out of the reader's order, but a module that
            # fits where the bands leave lines over (a page with no later page to continue on)
            top_starts, top_wide, top_gap, top_over = _place_wide(comp, list(range(len(comp.wide))), photo_starts, k)
            top_flow, top_h, _ = poured([], [s - body_row for s in top_starts])
            if banded_flow is None or top_flow.overflow + top_over < banded_flow[0].overflow + wide_over:
                flow, h, tops, spans = top_flow, top_h, [], []
                wide, gap, wide_over = top_wide, top_gap, top_over
    else:
        h = body_rows
        # a wide table the cut leaves for the continuation goes with it, and the text stops at it:
        # the blocks keep their order across the jump
        flow, tops, _ = banded_jump(units, stops, rel, h, space, comp.space)
        if flow.rest is not None:  # the tables sent on count as lines over, so that the piece continues
            left = sum(len(t.head) + len(t.body) for _, t in spans[len(tops):])
            flow = replace(flow, overflow=flow.overflow + left)
    wide += [(t, 0, body_row + top) for (_, t), top in zip(spans, tops, strict=False)]
    # (the white a band leaves above its table is not added to the photo gap the packer weighs: counted
    # so, it set such articles narrower and left larger holes on the page, generated a4 614, tabloid 618)
    photo_gap += gap
    rows = body_row + h
    # a photo's block may reach below the text
    for block, _, r in photos:
        rows = max(rows, r + block.rows)
    for table, c, r in wide:
        rows = max(rows, r + len(table.head) + len(table.body))
        items.extend(_table_items(table, table.head + table.body, x0 + c * (grid.col_w + grid.gutter), row0 + r, grid, setter))

    results: list[PhotoResult] = []
    for block, c, r in photos:
        px = x0 + c * (grid.col_w + grid.gutter)
        pw = grid.span(block.cols)
        top = grid.em_top(row0 + r)
        ph = block.photo_rows * grid.pitch - (grid.pitch - grid.em)
        image = block.image
        if image.crop == "none":
            nat = natural_height(image, pw)
            crop, shown_w, shown_h = (0.0, 0.0, 1.0, 1.0), pw, nat
            if nat > ph:  # scaled down into the frame
                shown_w, shown_h = pw * ph / nat, ph
            items.append(Picture(px, top, shown_w, shown_h, image.path, crop, image.file.value))
        else:
            crop, shown_w, shown_h = fitted(image, pw, ph, theme.photos.max_crop)
            items.append(Picture(px, top, shown_w, shown_h, image.path, crop, image.file.value))
        results.append(PhotoResult(
            art.id, image.file.value, page, block.cols, round(shown_w / MM, 1), round(shown_h / MM, 1),
            (round(crop[0], 4), round(crop[1], 4), round(1 - crop[2], 4), round(1 - crop[3], 4)),
            round(ppi_at(image, shown_w, shown_h, crop), 1), image.crop == "none", block.frame.narrowed))
        for i, line in enumerate(block.caption):
            items.append(TextLine(px, grid.baseline(row0 + r + block.photo_rows + i, line.glyphs[0].size if line.glyphs else None), line, theme.style("caption").color, "caption"))

    frames: list[tuple[float, float, float, float]] = []
    for col in range(k):
        cx = x0 + col * (grid.col_w + grid.gutter)
        top_row = row0 + starts[col]
        frames.append((cx, grid.line_top(top_row), grid.col_w, grid.line_top(row0 + rows) - grid.line_top(top_row)))
    body_color = theme.style("body").color
    sub = theme.style("subhead")
    set_lines = 0
    for slot in flow.slots:
        kind, lines = comp.blocks[slot.unit]
        cx = x0 + slot.col * (grid.col_w + grid.gutter)
        set_lines += slot.count
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
    rest = None
    if jump_to is not None and flow.overflow:
        rest = flow.rest
        js = theme.style("jump")
        jump = setter.text(fill_format_page(theme.jump.to_format, jump_to), js, 1e5, align="left")[0]
        cx = x0 + (k - 1) * (grid.col_w + grid.gutter) + grid.col_w - jump.width
        items.append(TextLine(cx, grid.baseline(row0 + body_row + h - 1, js.size), jump, js.color, "jump"))
    overflow = (0 if rest is not None else flow.overflow) + wide_over
    placement = Placement(art.id, page, x0, grid.line_top(row0), width, rows * grid.pitch, frames, set_lines)
    title_lines = sum(1 for _, _, _, role in head.lines if role in ("title", "jump_title"))
    min_split = max(starts, default=body_row) + theme.jump.min_lines + 1
    return Module(comp.id, rows, items, placement, overflow, title_lines, h, bool(photos), rest, set_lines, results,
                  min_split, photo_gap, head.white)


def _wide_here(at: int, cut: tuple[int, int] | None) -> bool:
    """Whether a wide table standing before block ``at`` belongs to the piece
    whose text ends at ``cut`` = (unit, lines of it set), None: all its text.
    A cut just before block ``at`` keeps the table (it stays under the text
    it follows); a table sent on is cut as (at - 1, all its lines)."""
    if cut is None:
        return True
    return at <= cut[0]


def _place_wide(comp: Composed, keep: list[int], starts: list[int], k: int
                ) -> tuple[list[int], list[tuple[TableSet, int, int]], int, int]:
    """The wide tables ``keep`` (those opening the piece) set across the
    columns they need under the photos, where they sit highest, from the
    left (the reader meets them first, the text after them under them):
    the columns' new starts, each (table, first column, row), the column
    lines left empty above them and the lines of tables wider than the module."""
    starts = list(starts)
    wide: list[tuple[TableSet, int, int]] = []
    gap = over = 0
    for n in keep:
        m, table = comp.wide[n]
        t_rows = len(table.head) + len(table.body)
        if m > k:
            over += t_rows
            continue
        c = min(range(k - m + 1), key=lambda c0: max(starts[c0 : c0 + m]))
        r = max(starts[c : c + m])
        gap += sum(r - starts[j] for j in range(c, c + m))
        wide.append((table, c, r))
        for j in range(c, c + m):
            starts[j] = r + t_rows + comp.space
    return starts, wide, gap, over


def _spanning(comp: Composed, k: int, grid: Grid, setter: Setter) -> tuple[list[tuple[int, TableSet]], int]:
    """The wide tables after text in the piece, each (index, the table set
    across the k columns of the module), and the lines of those wider than
    the module (it cannot hold them)."""
    out: list[tuple[int, TableSet]] = []
    over = 0
    for n, (m, table) in enumerate(comp.wide):
        if comp.wide_at[n] == 0:
            continue
        if m > k:
            over += len(table.head) + len(table.body)
            continue
        key = ("span", n, k)
        if key not in comp.cache:
            comp.cache[key] = table if m == k else set_table(comp.wide_src[n], grid.span(k), setter)[0] or table
        held = comp.cache[key]
        assert isinstance(held, TableSet)
        out.append((n, held))
    return out, over


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
    return _table_items(table, table.head + table.body[slot.first : slot.first + slot.count], cx, row, grid, setter)


def _table_items(table: TableSet, rows: list[Cells], cx: float, row: int, grid: Grid, setter: Setter) -> list[object]:
    """A 三线表's cells and rules, its first line (the header) at body line ``row``, from ``cx``."""
    b = setter.theme.blocks
    color = setter.theme.style("body").color
    out: list[object] = []
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
            *, photo_extra: tuple[int, ...], head_extra: int, jump_to: int | None, fill_to: int | None) -> Module:
    """A boxed notice: the article set one line down on a grid inset by the
    padding, one line of air below, in a tinted frame (the tint is drawn first,
    the K-only text overprints it)."""
    b = setter.theme.blocks
    inner = build_module(comp, page, c0, k, row0 + 1, max_rows - 2, inset_grid(grid, comp.inset), setter,
                         photo_extra=photo_extra, head_extra=head_extra, jump_to=jump_to,
                         fill_to=None if fill_to is None else fill_to - 2, _boxed=True)
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
    inner.min_split_rows += 2
    if inner.placement is not None:
        inner.placement.x, inner.placement.y = x, grid.line_top(row0)
        inner.placement.w, inner.placement.h = grid.span(k), rows * grid.pitch
    return inner
