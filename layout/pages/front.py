"""Page 1's furniture: the masthead (报头) with publisher line, issue number
and date, the WeChat QR box, and the 导读 box.

The 导读 box is built before the inner pages are laid out but its page
references are drawn after, from where each article really landed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import qrcode
import qrcode.constants

from ..errors import BuildError, Diagnostic
from ..facts.units import EM_ASCENT, MM
from ..model.document import Article, Issue, Text
from ..model.formats import fill_format
from ..model.grid import Grid
from .display import Page, Placement, QRCode, Rect, Rule, TextLine, VerticalText
from .styles import Setter

_EC = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


@dataclass
class Block:
    """A placed piece of furniture: its items and the body lines it takes."""

    rows: int
    items: list[object] = field(default_factory=list)


# ------------------------------------------------------------------- QR

def qr_matrix(data: str, level: str) -> list[list[bool]]:
    qr = qrcode.QRCode(error_correction=_EC[level], border=0, box_size=1)
    qr.add_data(data)
    qr.make(fit=True)
    return qr.get_matrix()


def qr_item(data: str, x: float, y: float, size: float, quiet: int, level: str, color: str) -> QRCode:
    """A QR code whose quiet zone's top-left corner is (x, y), ``size`` pt wide
    in all, drawn as dark runs (vector squares)."""
    matrix = qr_matrix(data, level)
    n = len(matrix) + 2 * quiet
    module = size / n
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                runs.append((r + quiet, start + quiet, c - start))
            else:
                c += 1
    return QRCode(x, y, module, n, tuple(runs), color, data)


# ------------------------------------------------------------------- masthead

def masthead(issue: Issue, grid: Grid, setter: Setter) -> Block:
    """The 报头.  Vertical: a red band down the front-page strip with the
    title set top to bottom, then the publisher line, issue number and date,
    then the QR box.  Horizontal: a band across the top of the page."""
    theme = setter.theme
    m = theme.masthead
    if m.orientation == "horizontal":
        return _masthead_horizontal(issue, grid, setter)
    ts, ps, ist = theme.style("masthead_title"), theme.style("masthead_publisher"), theme.style("masthead_info")
    pub = issue.publication
    x0 = grid.col_x(1, 0)
    width = grid.span(m.columns)
    items: list[object] = []
    title = pub.title.value
    size = ts.size
    pitch = ts.pitch()
    title_top = grid.top + grid.pitch
    band_bottom = title_top + pitch * len(title) + grid.pitch
    stacked = width < size * m.stack_below_em  # a narrow strip: the band takes its width, the rest goes below
    band_w = width if stacked else min(size * m.band_width_em, width * m.band_max_share)
    items.append(Rect(x0, 0.0, band_w, band_bottom, fill=m.band_color, bleed=m.bleed))
    face = setter.fonts.resolve(title[0], [ts.face, *ts.fallback]) or setter.fonts.face(ts.face)
    items.append(VerticalText(x0 + band_w / 2, title_top + (pitch - size) / 2, title, face, size, pitch, ts.color))

    if stacked:
        rx, rw, y = x0, width, band_bottom + grid.pitch * m.stacked_gap_lines
    else:
        rx = x0 + band_w + grid.em * m.band_gap_em
        rw, y = x0 + width - rx, grid.top
    align = "center" if stacked else "left"
    pub_lines = setter.text(pub.publisher.value, ps, rw, align=align)
    limit = grid.top + grid.lines * grid.pitch  # the foot of the type area
    problems = _too_wide(pub.publisher, pub_lines, rw, "the masthead")
    p_pitch = ps.pitch()
    for line in pub_lines:
        items.append(TextLine(rx, y + (p_pitch - ps.size) / 2 + EM_ASCENT * ps.size, line, ps.color, "masthead"))
        y += p_pitch
    y += grid.pitch * m.rule_space_lines
    items.append(Rule(rx, y, rx + rw, y, m.band_color, m.rule_pt))
    y += grid.pitch * m.rule_space_lines
    info = [fill_format(m.number_format, issue)]
    if issue.serial is not None:
        info[0] += "　" + fill_format(m.serial_format, issue)
    info.extend(fill_format(m.date_format, issue).split("　"))
    i_pitch = ist.pitch()
    for text in info:
        for line in setter.text(text, ist, rw, align=align):
            items.append(TextLine(rx, y + (i_pitch - ist.size) / 2 + EM_ASCENT * ist.size, line, ist.color, "masthead"))
            y += i_pitch
    if y > limit:
        problems.append(_at(pub.publisher, f"the publisher line ({len(pub_lines)} lines) with the issue number and date "
                                           f"is {(y - grid.top) / MM:.0f} mm tall; the masthead has {(limit - grid.top) / MM:.0f} mm: shorten it"))
    bottom = max(band_bottom, y)
    if pub.wechat is not None:
        q = theme.qr
        cap = theme.style("qr_caption")
        qsize = q.size_mm * MM
        cap_lines = []
        cs = cap.size
        for t in pub.wechat.lines:
            lines = setter.text(t.value, cap, rw)
            problems.extend(_too_wide(t, lines, rw, "the QR box"))
            cap_lines.extend(lines)
        c_pitch = cap.pitch()
        block_h = qsize + len(cap_lines) * c_pitch
        qy = y + grid.pitch * m.qr_gap_lines_stacked if stacked else max(y + grid.pitch * m.qr_gap_lines, band_bottom - block_h)
        qx = rx + (rw - qsize) / 2
        items.append(Rect(qx, qy, qsize, qsize, fill=q.ground_color))
        items.append(qr_item(pub.wechat.url, qx, qy, qsize, q.quiet_zone_modules, q.error_correction, q.color))
        cy = qy + qsize
        for line in cap_lines:
            items.append(TextLine(rx, cy + (c_pitch - cs) / 2 + EM_ASCENT * cs, line, cap.color, "qr"))
            cy += c_pitch
        bottom = max(bottom, cy)
        if cy > limit and not problems and pub.wechat.lines:
            problems.append(_at(pub.wechat.lines[0], f"the QR box with its {len(cap_lines)} caption lines ends "
                                                     f"{(cy - limit) / MM:.0f} mm below the type area; shorten the wechat lines"))
    if problems:
        raise BuildError(problems)
    rows = grid.lines_for(bottom - grid.top)
    return Block(rows, items)


def _at(text: Text, message: str) -> Diagnostic:
    o = text.origin
    return Diagnostic(o.file, o.lines[0], o.cols[0], message)


def _too_wide(text: Text, lines: list, measure: float, where: str) -> list[Diagnostic]:
    """A line that cannot be broken to the measure (a long Latin word, a long number)."""
    widest = max((line.width for line in lines), default=0.0)
    if widest <= measure + 0.01:
        return []
    return [_at(text, f"a part of this text is {widest / MM:.0f} mm wide without a break; {where} is "
                      f"{measure / MM:.0f} mm wide: shorten it or add a space")]


def _masthead_horizontal(issue: Issue, grid: Grid, setter: Setter) -> Block:
    theme = setter.theme
    m = theme.masthead
    h = m.horizontal
    ts = theme.style("masthead_title")
    pub = issue.publication
    x0 = grid.col_x(1, 0)
    width = grid.span(grid.columns)
    items: list[object] = []
    size = ts.size
    q = theme.qr
    qsize = q.size_mm * MM
    band_h = max(size * h.band_min_em, qsize + grid.pitch) + grid.top
    # the band across the page (into the bleed) or across the type area only
    bx, bw = (0.0, grid.width) if m.band_span == "page" else (x0, width)
    items.append(Rect(bx, 0.0, bw, band_h, fill=m.band_color, bleed=m.bleed))
    title_lines = setter.text(pub.title.value, ts, width * h.title_width_share)
    t_pitch = size * h.title_line_pitch_em
    ty = grid.top + (band_h - grid.top - t_pitch * len(title_lines)) / 2
    for line in title_lines:
        items.append(TextLine(x0, ty + h.title_drop_em * size + EM_ASCENT * size, line, ts.color, "masthead"))
        ty += t_pitch
    rx = x0 + width * h.info_x_share
    rw = width * h.info_width_share - (qsize + grid.em if pub.wechat else 0)
    y = grid.top
    texts = [(pub.publisher.value, theme.style("masthead_publisher"))]
    number = fill_format(m.number_format, issue)
    if issue.serial is not None:
        number += "　" + fill_format(m.serial_format, issue)
    texts.append((number, theme.style("masthead_info")))
    texts.append((fill_format(m.date_format, issue), theme.style("masthead_info")))
    for text, style in texts:
        s = style.size
        for line in setter.text(text, style, rw):
            # knocked out of the band like the title
            items.append(TextLine(rx, y + h.info_drop_em * s + EM_ASCENT * s, line, ts.color, "masthead"))
            y += s * h.info_line_pitch_em
    if pub.wechat is not None:
        cap = theme.style("qr_caption")
        qx = x0 + width - qsize
        qy = grid.top
        items.append(Rect(qx, qy, qsize, qsize, fill=q.ground_color))
        items.append(qr_item(pub.wechat.url, qx, qy, qsize, q.quiet_zone_modules, q.error_correction, q.color))
        cs = cap.size
        cy = qy + qsize + h.qr_caption_gap_pt
        over = grid.em * h.qr_caption_overhang_em
        for t in pub.wechat.lines:
            for line in setter.text(t.value, cap, qsize + over * 2):
                items.append(TextLine(qx - over, cy + EM_ASCENT * cs, line, ts.color, "qr"))
                cy += cs * h.qr_caption_line_pitch_em
        band_h = max(band_h, cy + h.band_foot_pt)
        items[0] = Rect(bx, 0.0, bw, band_h, fill=m.band_color, bleed=m.bleed)
    rows = grid.lines_for(band_h - grid.top)
    room = grid.lines - theme.rules.module_space_lines - 1  # at least a line of articles below
    if max(rows, grid.lines_for(y - grid.top)) > room:
        blame = pub.wechat.lines[0] if pub.wechat is not None and pub.wechat.lines and band_h > y else pub.publisher
        raise BuildError(_at(blame, f"the masthead band takes {max(rows, grid.lines_for(y - grid.top))} body lines; "
                                    f"the page has {grid.lines}: shorten this text"))
    return Block(rows, items)


# ------------------------------------------------------------------- 导读


# ------------------------------------------------------------------- page 1

def front_page(issue: Issue, grid: Grid, setter: Setter, page: Page, tops: list[int],
               n_pages: int, open_strip: bool = False) -> tuple[TocBlock | None, tuple[int, int] | None]:
    """Page 1's furniture.  A vertical masthead makes a strip of
    ``masthead.columns`` columns, the full height of the page: masthead and QR
    at its top, the 导读 box at its foot (``open_strip``: the 导读 box under
    the QR, the strip ending there and its columns below it open to
    articles).  A horizontal one is a band across the top, with the 导读 box
    under it in the first columns.  Also the lines of a vertical strip left
    free between masthead and 导读 box (first, end)."""
    theme = setter.theme
    m = theme.masthead
    block = masthead(issue, grid, setter)
    # under a horizontal band the 导读 box may span several columns, its entries side by side
    across = 1 if m.orientation == "vertical" else max(1, min(theme.toc.columns, grid.columns))
    strip = list(range(max(m.columns, across)))
    x0, width = grid.col_x(1, 0), grid.span(len(strip))
    ground = len(page.items)  # where the strip's ground goes (under what is drawn on it)
    if m.orientation == "vertical":
        for c in range(grid.columns):
            tops[c] = block.rows if c in strip else 0
    else:
        for c in range(grid.columns):
            tops[c] = block.rows + theme.rules.module_space_lines
    page.items.extend(block.items)
    toc = toc_block(issue, grid, setter, x0, width, 0, n_pages, across)
    space = theme.rules.module_space_lines
    if toc is None:
        if m.orientation == "vertical":
            page.items.insert(ground, Rect(x0, grid.top, width, grid.lines * grid.pitch, fill=m.strip_color))
            for c in strip:
                tops[c] = grid.lines
            return None, (block.rows + space, grid.lines)
        return None, None
    if m.orientation == "vertical":
        row0 = block.rows + 1 if open_strip else max(grid.lines - toc.rows, block.rows + 1)
    else:
        row0 = tops[0]
    toc = toc_block(issue, grid, setter, x0, width, row0, n_pages, across)
    assert toc is not None
    if m.orientation == "vertical":
        end = row0 + toc.rows if open_strip else grid.lines
        page.items.insert(ground, Rect(x0, grid.top, width, grid.line_top(end) - grid.top if open_strip
                                       else grid.lines * grid.pitch, fill=m.strip_color))
    page.items.extend(toc.items)
    for c in strip:
        tops[c] = (row0 + toc.rows if open_strip else grid.lines) if m.orientation == "vertical" else row0 + toc.rows
    page.placements.append(Placement("导读", 1, x0, grid.line_top(row0), width, toc.rows * grid.pitch))
    return toc, ((block.rows + space, row0 - space) if m.orientation == "vertical" and not open_strip else None)


@dataclass
class TocEntry:
    article_id: str
    x: float  # where the reference is right-aligned to (its right end)
    baseline: float


@dataclass
class TocBlock(Block):
    entries: list[TocEntry] = field(default_factory=list)
    ref_size: float = 0.0


def toc_block(issue: Issue, grid: Grid, setter: Setter, x0: float, width: float, row0: int, max_page: int,
              across: int = 1) -> TocBlock | None:
    """The 导读 box at body line ``row0``: a heading band, then each listed
    article's entry with room for its page reference on the entry's last
    line (or a line of its own), in one stack or side by side in the first
    ``across`` grid columns.  The references are drawn later."""
    theme = setter.theme
    t = theme.toc
    heading, entry = theme.style("toc_heading"), theme.style("toc_entry")
    # in page order, then in the order of issue.yaml
    listed = sorted((a for a in issue.articles if a.toc is not None), key=lambda a: a.page)
    if not listed:
        return None
    top = grid.line_top(row0)
    pad = grid.em * t.padding_em
    inner_x = x0 + pad
    inner_w = width - 2 * pad
    head_rows = t.heading_lines
    hs = heading.size
    es = entry.size
    ref_w = setter.width(t.ref_format.format(page=max(max_page, 10)), theme.style("toc_ref"))
    body: list[object] = []
    entries: list[TocEntry] = []
    # side by side in ``across`` grid columns (column by column, in page order; fewer entries
    # share the box's width), or one stack
    across = max(1, min(across, len(listed)))
    per = -(-len(listed) // across)
    row = row0 + head_rows
    for j in range(across):
        if across > 1:
            step = (width + grid.gutter) / across
            inner_x, inner_w = x0 + j * step + pad, step - grid.gutter - 2 * pad
        row = max(row, _toc_stack(listed[j * per:(j + 1) * per], setter, grid, inner_x, inner_w, row0 + head_rows,
                                  ref_w, body, entries))
    inner_x, inner_w = x0 + pad, width - 2 * pad
    # the frame closes half a line under the last entry; its lines are whole lines (H2)
    rows = row - row0 + 1
    if row0 + rows > grid.lines:
        longest = max(listed, key=lambda a: len(a.toc.value) if a.toc else 0)
        assert longest.toc is not None
        free = grid.lines - row0
        raise BuildError(_at(longest.toc, f"the 导读 box needs {rows} body lines; {max(free, 0)} are left on page 1 "
                                          f"under the masthead: shorten the toc entries (this is the longest) or list fewer"))
    height = (rows - 1) * grid.pitch + (grid.pitch - es) / 2
    items: list[object] = [
        Rect(x0, top, width, height, fill=t.ground_color, stroke=t.frame_color, stroke_pt=t.frame_pt),
        Rect(x0, top, width, head_rows * grid.pitch - (grid.pitch - es) / 2, fill=t.heading_band_color),
    ]
    for line in setter.text(t.heading, heading, inner_w)[:1]:
        items.append(TextLine(inner_x, top + (head_rows * grid.pitch - (grid.pitch - es) / 2 - hs) / 2 + EM_ASCENT * hs, line, heading.color, "toc"))
    items.extend(body)
    return TocBlock(rows, items, entries, es)


def _toc_stack(listed: list[Article], setter: Setter, grid: Grid, inner_x: float, inner_w: float, row: int,
               ref_w: float, body: list[object], entries: list[TocEntry]) -> int:
    """Set 导读 entries one under another from ``row``; the row after them."""
    theme = setter.theme
    t = theme.toc
    entry = theme.style("toc_entry")
    es = entry.size
    for n, art in enumerate(listed):
        assert art.toc is not None
        lines = setter.text(art.toc.value, entry, inner_w, justify=True)
        if len(lines) > 1 and lines[-1].han < 2:
            # justified, the entry would end on a lone character (O1: a full line 文明养宠倡议书　非遗展示：
            # over 老): ragged, it breaks at a phrase instead, where it takes no more lines
            ragged = setter.text(art.toc.value, entry, inner_w)
            if len(ragged) <= len(lines) and ragged[-1].han >= 2:
                lines = ragged
        if lines and lines[-1].width + es + ref_w > inner_w:
            # no room for the reference after the last line: set the entry narrower so that it has
            # (a reference alone on a line reads as a stranded heading) — ragged, so that a line cut
            # short by a word break is not spaced out, and only when it takes no more rows than the
            # entry at full width with its reference on a line of its own
            narrower = setter.text(art.toc.value, entry, inner_w - ref_w - es)
            if (narrower and narrower[-1].width + es + ref_w <= inner_w and len(narrower) <= len(lines) + 1
                    and (len(narrower) == 1 or narrower[-1].han >= 2)):
                lines = narrower
        if n:
            rule_y = grid.line_top(row) + (grid.pitch - es) / 4
            body.append(Rule(inner_x, rule_y, inner_x + inner_w, rule_y, t.frame_color, t.entry_rule_pt))
        for line in lines:
            body.append(TextLine(inner_x, grid.baseline(row, es), line, entry.color, "toc"))
            row += 1
        if lines and lines[-1].width + es + ref_w > inner_w:
            row += 1  # the reference gets a line of its own
        entries.append(TocEntry(art.id, inner_x + inner_w, grid.baseline(row - 1, es)))
    return row
