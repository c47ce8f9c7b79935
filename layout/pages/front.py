"""Page 1's furniture: the masthead (报头) with publisher line, issue number
and date, the WeChat QR box, and the 导读 box.

The 导读 box is built before the inner pages are laid out but its page
references are drawn after, from where each article really landed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import qrcode
import qrcode.constants

from ..document import Issue
from .display import QRCode, Rect, Rule, TextLine, VerticalText
from .grid import EM_ASCENT, MM, Grid
from .styles import Setter

WEEKDAYS = "一二三四五六日"
_EC = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


def date_fields(date: dt.date) -> dict[str, object]:
    return {
        "date": date,
        "year": date.year,
        "month": date.month,
        "day": date.day,
        "weekday": "星期" + WEEKDAYS[date.weekday()],
    }


def fill_format(fmt: str, issue: Issue, page: int | None = None) -> str:
    fields = date_fields(issue.date)
    fields.update(
        title=issue.publication.title.value,
        number=issue.number,
        serial=issue.serial if issue.serial is not None else "",
        page=page if page is not None else "",
    )
    return fmt.format(**fields)


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
    pub = issue.publication
    x0 = grid.col_x(1, 0)
    width = grid.span(m.columns)
    items: list[object] = []
    title = pub.title.value
    size = m.title_size_pt
    pitch = size * 1.12
    title_top = grid.top + grid.pitch
    band_bottom = title_top + pitch * len(title) + grid.pitch
    stacked = width < size * 3  # a narrow strip: the band takes its width, the rest goes below
    band_w = width if stacked else min(size * 1.7, width * 0.5)
    items.append(Rect(x0, 0.0, band_w, band_bottom, fill=m.band_color, bleed=m.bleed))
    face = setter.fonts.resolve(title[0], [m.title_font, *theme.fonts.fallback]) or setter.fonts.face(m.title_font)
    items.append(VerticalText(x0 + band_w / 2, title_top + (pitch - size) / 2, title, face, size, pitch, m.title_color))

    if stacked:
        rx, rw, y = x0, width, band_bottom + grid.pitch * 0.6
    else:
        rx = x0 + band_w + grid.em
        rw, y = x0 + width - rx, grid.top
    pub_lines = setter.text(pub.publisher.value, m.publisher_font, m.publisher_size_pt, rw, align="center" if stacked else "left")
    p_pitch = m.publisher_size_pt * 1.4
    for line in pub_lines:
        items.append(TextLine(rx, y + (p_pitch - m.publisher_size_pt) / 2 + EM_ASCENT * m.publisher_size_pt, line, m.color, "masthead"))
        y += p_pitch
    y += grid.pitch * 0.3
    items.append(Rule(rx, y, rx + rw, y, m.band_color, 0.8))
    y += grid.pitch * 0.3
    info = [fill_format(m.number_format, issue)]
    if issue.serial is not None:
        info[0] += "　" + fill_format(m.serial_format, issue)
    info.extend(fill_format(m.date_format, issue).split("　"))
    i_pitch = m.info_size_pt * 1.6
    for text in info:
        for line in setter.text(text, m.info_font, m.info_size_pt, rw, align="center" if stacked else "left"):
            items.append(TextLine(rx, y + (i_pitch - m.info_size_pt) / 2 + EM_ASCENT * m.info_size_pt, line, m.color, "masthead"))
            y += i_pitch
    bottom = max(band_bottom, y)
    if pub.wechat is not None:
        q = theme.qr
        qsize = q.size_mm * MM
        cap_lines = []
        cs = q.caption_size_pt
        for t in pub.wechat.lines:
            cap_lines.extend(setter.text(t.value, q.caption_font, cs, rw, align="center"))
        c_pitch = cs * 1.45
        block_h = qsize + len(cap_lines) * c_pitch
        qy = y + grid.pitch * 0.5 if stacked else max(y + grid.pitch, band_bottom - block_h)
        qx = rx + (rw - qsize) / 2
        items.append(Rect(qx, qy, qsize, qsize, fill="paper"))
        items.append(qr_item(pub.wechat.url, qx, qy, qsize, q.quiet_zone_modules, q.error_correction, q.color))
        cy = qy + qsize
        for line in cap_lines:
            items.append(TextLine(rx, cy + (c_pitch - cs) / 2 + EM_ASCENT * cs, line, q.color, "qr"))
            cy += c_pitch
        bottom = max(bottom, cy)
    rows = grid.lines_for(bottom - grid.top)
    return Block(rows, items)


def _masthead_horizontal(issue: Issue, grid: Grid, setter: Setter) -> Block:
    theme = setter.theme
    m = theme.masthead
    pub = issue.publication
    x0 = grid.col_x(1, 0)
    width = grid.span(grid.columns)
    items: list[object] = []
    size = m.title_size_pt
    q = theme.qr
    qsize = q.size_mm * MM
    band_h = max(size * 1.5, qsize + grid.pitch) + grid.top
    items.append(Rect(0.0, 0.0, grid.width, band_h, fill=m.band_color, bleed=m.bleed))
    title_lines = setter.text(pub.title.value, m.title_font, size, width * 0.6)
    ty = grid.top + (band_h - grid.top - size * 1.2 * len(title_lines)) / 2
    for line in title_lines:
        items.append(TextLine(x0, ty + 0.1 * size + EM_ASCENT * size, line, m.title_color, "masthead"))
        ty += size * 1.2
    rx = x0 + width * 0.62
    rw = width * 0.38 - (qsize + grid.em if pub.wechat else 0)
    y = grid.top
    texts = [(pub.publisher.value, m.publisher_font, m.publisher_size_pt)]
    number = fill_format(m.number_format, issue)
    if issue.serial is not None:
        number += "　" + fill_format(m.serial_format, issue)
    texts.append((number, m.info_font, m.info_size_pt))
    texts.append((fill_format(m.date_format, issue), m.info_font, m.info_size_pt))
    for text, font, s in texts:
        for line in setter.text(text, font, s, rw):
            items.append(TextLine(rx, y + 0.2 * s + EM_ASCENT * s, line, m.title_color, "masthead"))
            y += s * 1.5
    if pub.wechat is not None:
        qx = x0 + width - qsize
        qy = grid.top
        items.append(Rect(qx, qy, qsize, qsize, fill="paper"))
        items.append(qr_item(pub.wechat.url, qx, qy, qsize, q.quiet_zone_modules, q.error_correction, q.color))
        cs = q.caption_size_pt
        cy = qy + qsize + 2
        for t in pub.wechat.lines:
            for line in setter.text(t.value, q.caption_font, cs, qsize + grid.em * 2, align="center"):
                items.append(TextLine(qx - grid.em, cy + EM_ASCENT * cs, line, m.title_color, "qr"))
                cy += cs * 1.3
        band_h = max(band_h, cy + 4)
        items[0] = Rect(0.0, 0.0, grid.width, band_h, fill=m.band_color, bleed=m.bleed)
    rows = grid.lines_for(band_h - grid.top)
    return Block(rows, items)


# ------------------------------------------------------------------- 导读

@dataclass
class TocEntry:
    article_id: str
    x: float  # where the reference is right-aligned to (its right end)
    baseline: float


@dataclass
class TocBlock(Block):
    entries: list[TocEntry] = field(default_factory=list)
    ref_size: float = 0.0


def toc_block(issue: Issue, grid: Grid, setter: Setter, x0: float, width: float, row0: int, max_page: int) -> TocBlock | None:
    """The 导读 box at body line ``row0``: a heading band, then each listed
    article's entry with room for its page reference on the entry's last
    line (or a line of its own).  The references are drawn later."""
    theme = setter.theme
    t = theme.toc
    listed = [a for a in issue.articles if a.toc is not None]
    if not listed:
        return None
    top = grid.line_top(row0)
    pad = grid.em * 0.5
    inner_x = x0 + pad
    inner_w = width - 2 * pad
    head_rows = 2
    hs = t.heading_size_pt
    es = t.entry_size_pt
    ref_w = setter.width(t.ref_format.format(page=max(max_page, 10)), t.entry_font, es)
    body: list[object] = []
    entries: list[TocEntry] = []
    row = row0 + head_rows
    for n, art in enumerate(listed):
        assert art.toc is not None
        lines = setter.text(art.toc.value, t.entry_font, es, inner_w, justify=True)
        if n:
            rule_y = grid.line_top(row) + (grid.pitch - es) / 4
            body.append(Rule(inner_x, rule_y, inner_x + inner_w, rule_y, t.frame_color, 0.3))
        for line in lines:
            body.append(TextLine(inner_x, grid.baseline(row, es), line, theme.body.color, "toc"))
            row += 1
        if lines and lines[-1].width + es + ref_w > inner_w:
            row += 1  # the reference gets a line of its own
        entries.append(TocEntry(art.id, inner_x + inner_w, grid.baseline(row - 1, es)))
    # the frame closes half a line under the last entry; its lines are whole lines (H2)
    rows = row - row0 + 1
    height = (rows - 1) * grid.pitch + (grid.pitch - es) / 2
    items: list[object] = [
        Rect(x0, top, width, height, fill=t.ground_color, stroke=t.frame_color, stroke_pt=t.frame_pt),
        Rect(x0, top, width, head_rows * grid.pitch - (grid.pitch - es) / 2, fill=t.heading_band_color),
    ]
    for line in setter.text(t.heading, t.heading_font, hs, inner_w, align="center")[:1]:
        items.append(TextLine(inner_x, top + (head_rows * grid.pitch - (grid.pitch - es) / 2 - hs) / 2 + EM_ASCENT * hs, line, t.heading_color, "toc"))
    items.extend(body)
    return TocBlock(rows, items, entries, es)
