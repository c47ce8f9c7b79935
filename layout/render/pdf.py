"""Render the display list with ReportLab.

One function draws both deliverables from the same pages: the proof (trim
size, nothing outside it) and the print file (bleed, TrimBox/BleedBox, crop
marks in the registration colour outside the bleed).  Every colour is CMYK
(the canvas refuses RGB), black text is K only and overprints, no font is
left unembedded (the canvas's initial font is one of ours).
"""

from __future__ import annotations

import os
from collections import Counter, OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color, toColor
from reportlab.pdfgen.canvas import Canvas

from ..facts.dates import EPOCH_VAR
from ..facts.units import EM_ASCENT, MM
from ..fonts.faces import Face, FontSet
from ..fonts.rlprivate import append_operators, use_flate
from ..model.sheet import Sheet
from ..model.styles import Theme
from ..pages.display import ARTIFACTS, Page, Picture, QRCode, Rect, Rule, TextLine, VerticalText
from ..text.line import Glyph, Line
from .photos import PhotoPrep, Prepared
from .text import KEEP_LINES, TextState, artifact_operators, deflated, end_text, give_codes, line_operators

REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All", density=1)

# ReportLab wraps every stream in ASCII85 by default: a quarter bigger, and
# its pure-Python encoder takes seconds per photo.  Binary streams are fine.
rl_config.useA85 = 0
# and its streams compressed once a process (render/text.py: a font subset, a page drawn as before)
use_flate(deflated)


def enforce_cmyk(colour: object) -> CMYKColor:
    """The canvas's colour check: CMYK and spot colours pass as given, RGB
    greys become K, any other RGB colour is refused (R6).  ReportLab's own
    'sep_cmyk' would rewrite neutral CMYK such as a rich black as K only."""
    tc = toColor(colour)
    if isinstance(tc, CMYKColor):
        return tc
    if isinstance(tc, Color) and tc.red == tc.green == tc.blue:
        return CMYKColor(0, 0, 0, 1 - tc.red)
    raise ValueError(f"non-CMYK colour {colour!r}: themes give colours as CMYK")


@contextmanager
def _without_epoch() -> Iterator[None]:
    """ReportLab stamps its file with ``SOURCE_DATE_EPOCH`` when the
    environment has it (its invariant date otherwise); the labelling stage
    writes every date itself and derives the document ids from these bytes,
    so the variable must not reach ReportLab: a build's ids then depend on
    the inputs only (layout.dates says what the variable does set)."""
    saved = os.environ.pop(EPOCH_VAR, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[EPOCH_VAR] = saved


class _StablePath(str):
    """A photo's path that ReportLab opens as usual but names the image
    XObject after the file's name only (ReportLab hashes ``'%s' % path``):
    the cache folder's location must not change the PDF's bytes."""

    _name: str

    def __new__(cls, path: Path) -> Self:
        obj = super().__new__(cls, str(path))
        obj._name = path.name
        return obj

    def __str__(self) -> str:
        return self._name


@dataclass(frozen=True)
class Frame:
    """Where the trimmed page sits on the PDF page."""

    bleed: float  # pt
    slug: float  # pt beyond the bleed (room for crop marks)
    marks: bool

    @property
    def offset(self) -> float:
        return self.bleed + self.slug


PROOF = Frame(0.0, 0.0, False)


def print_frame(sheet: Sheet) -> Frame:
    return Frame(sheet.bleed, sheet.slug, sheet.crop_marks)


def _characters(pages: list[Page]) -> dict[str, tuple[Face, Counter[str]]]:
    """How often the pages draw each character, by face (its ReportLab name)."""
    texts: dict[int, tuple[Face, list[str]]] = {}  # by the face object: its texts
    for page in pages:
        for item in page.items:
            if isinstance(item, TextLine):
                for face, text in _line_texts(item.line):
                    found = texts.get(id(face))
                    if found is None:
                        found = texts[id(face)] = (face, [])
                    found[1].append(text)
            elif isinstance(item, VerticalText):
                texts.setdefault(id(item.face), (item.face, []))[1].append(item.text)
    out: dict[str, tuple[Face, Counter[str]]] = {}
    for face, parts in texts.values():
        out.setdefault(face.rl_name, (face, Counter()))[1].update("".join(parts))
    return out


_texts_of: OrderedDict[int, tuple[Line, tuple[tuple[Face, str], ...]]] = OrderedDict()


def _line_texts(line: Line) -> tuple[tuple[Face, str], ...]:
    """A line's characters by face, worked out once a process (``layout
    watch``: the composer's memo gives the same Line again; the proof and
    the print file draw the same lines)."""
    found = _texts_of.get(id(line))
    if found is not None and found[0] is line:
        return found[1]
    glyphs = line.glyphs
    if glyphs and all(g.face is glyphs[0].face for g in glyphs):  # (most lines: one face)
        texts: tuple[tuple[Face, str], ...] = ((glyphs[0].face, "".join([g.text for g in glyphs])),)
        _keep_texts(line, texts)
        return texts
    by_face: dict[int, tuple[Face, list[str]]] = {}
    for g in line.glyphs:
        entry = by_face.get(id(g.face))
        if entry is None:
            entry = by_face[id(g.face)] = (g.face, [])
        entry[1].append(g.text)
    texts = tuple((face, "".join(parts)) for face, parts in by_face.values())
    _keep_texts(line, texts)
    return texts


def _keep_texts(line: Line, texts: tuple[tuple[Face, str], ...]) -> None:
    _texts_of[id(line)] = (line, texts)
    if len(_texts_of) > KEEP_LINES:
        _texts_of.popitem(last=False)


@dataclass(frozen=True)
class DocInfo:
    title: str
    author: str
    subject: str
    creator: str


class Renderer:
    def __init__(self, theme: Theme, fonts: FontSet, photos: PhotoPrep):
        self.theme = theme
        self.fonts = fonts
        self.photos = photos
        self.width = theme.grid.width
        self.height = theme.grid.height
        self.colors = {name: CMYKColor(*(v / 100.0 for v in cmyk)) for name, cmyk in theme.colors.items()}
        self.prepared: dict[tuple[int, str], Prepared] = {}  # (page, label) → photo, for the report

    def render(self, pages: list[Page], path: Path, sheet: Frame, info: DocInfo) -> None:
        o = sheet.offset
        W, H = self.width + 2 * o, self.height + 2 * o
        body = self.theme.style("body")
        body_face = self.fonts.face(body.face)
        body_face.reportlab()
        kwargs = {}
        if sheet.bleed or sheet.slug:
            kwargs["trimBox"] = (o, o, o + self.width, o + self.height)
            kwargs["bleedBox"] = (o - sheet.bleed, o - sheet.bleed, o + self.width + sheet.bleed, o + self.height + sheet.bleed)
        with _without_epoch():
            canvas = self._canvas(path, W, H, body_face.rl_name, body.size, kwargs)
        canvas.setTitle(info.title)
        canvas.setAuthor(info.author)
        canvas.setSubject(info.subject)
        canvas.setCreator(info.creator)
        canvas.setProducer(info.creator)
        give_codes(canvas, _characters(pages))
        for page in pages:
            self._page(canvas, page, sheet)
            canvas.showPage()
        canvas.save()

    def _canvas(self, path: Path, W: float, H: float, font: str, size: float, kwargs: dict) -> Canvas:
        return Canvas(
            str(path),
            pagesize=(W, H),
            invariant=1,
            pageCompression=1,
            enforceColorSpace=enforce_cmyk,
            initialFontName=font,
            initialFontSize=size,
            lang="zh-CN",
            **kwargs,
        )

    # ------------------------------------------------------------------ page
    def _page(self, c: Canvas, page: Page, sheet: Frame) -> None:
        o = sheet.offset
        H = self.height
        if sheet.marks:
            self._crop_marks(c, sheet)
        c.saveState()
        if sheet.bleed or sheet.slug:
            # nothing may reach past the bleed
            path = c.beginPath()
            path.rect(o - sheet.bleed, o - sheet.bleed, self.width + 2 * sheet.bleed, H + 2 * sheet.bleed)
            c.clipPath(path, stroke=0, fill=0)
        overprint = None
        stroke_op = False  # stroke overprint set for a synthetic bold
        fill: str | None = None  # the fill colour a line of text set (the lines after it in that colour set none)
        text = TextState()  # the page's lines go on in one text object
        for item in page.items:
            if isinstance(item, TextLine):
                want = self.theme.is_black(item.color)
                if want != overprint:
                    c.setFillOverprint(want)
                    c.setOverprintMask(want)
                    overprint = want
                if item.color != fill:
                    c.setFillColor(self.colors[item.color])
                    fill = item.color
                if any(g.bold for g in item.line.glyphs):
                    # a synthetic bold strokes the glyphs: in the fill colour, overprinting alike
                    c.setStrokeColor(self.colors[item.color])
                    c.setStrokeOverprint(want)
                    stroke_op = stroke_op or want
                draw = artifact_operators if item.role in ARTIFACTS else line_operators
                append_operators(c, draw(c, o + item.x, o + H - item.baseline, item.line, text))
                continue
            ended = end_text(text)
            if ended:
                append_operators(c, ended)
            fill = None  # (what follows may set another fill colour)
            if stroke_op:
                c.setStrokeOverprint(False)
                stroke_op = False
            if overprint:
                c.setFillOverprint(False)
                c.setOverprintMask(False)
                overprint = False
            if isinstance(item, Rect):
                self._rect(c, item, o, sheet)
            elif isinstance(item, Rule):
                c.setStrokeColor(self.colors[item.color])
                c.setLineWidth(item.pt)
                c.line(o + item.x1, o + H - item.y1, o + item.x2, o + H - item.y2)
            elif isinstance(item, Picture):
                prepared = self.photos.prepare(item)
                self.prepared[(page.number, item.label)] = prepared
                c.drawImage(_StablePath(prepared.path), o + item.x, o + H - item.y - item.h, item.w, item.h)
            elif isinstance(item, QRCode):
                self._qr(c, item, o)
            elif isinstance(item, VerticalText):
                self._vertical(c, item, o)
                text.forget()  # its characters' own text objects set their Tf
        ended = end_text(text)
        if ended:
            append_operators(c, ended)
        c.restoreState()

    def _rect(self, c: Canvas, r: Rect, o: float, sheet: Frame) -> None:
        x, y, w, h = r.x, r.y, r.w, r.h
        if r.bleed:
            # extend edges that touch the trim into the bleed (R4)
            eps = 0.5
            b = sheet.bleed
            if x <= eps:
                w += x + b
                x = -b
            if y <= eps:
                h += y + b
                y = -b
            if x + w >= self.width - eps:
                w = self.width + b - x
            if y + h >= self.height - eps:
                h = self.height + b - y
        if r.fill:
            c.setFillColor(self.colors[r.fill])
        if r.stroke:
            c.setStrokeColor(self.colors[r.stroke])
            c.setLineWidth(r.stroke_pt)
        c.rect(o + x, o + self.height - y - h, w, h, stroke=1 if r.stroke else 0, fill=1 if r.fill else 0)

    def _qr(self, c: Canvas, q: QRCode, o: float) -> None:
        c.setFillColor(self.colors[q.color])
        path = c.beginPath()
        m = q.module
        for row, col, length in q.dark:
            x = o + q.x + col * m
            y = o + self.height - (q.y + (row + 1) * m)
            path.rect(x, y, length * m, m)
        c.drawPath(path, stroke=0, fill=1)

    def _vertical(self, c: Canvas, v: VerticalText, o: float) -> None:
        c.setFillColor(self.colors[v.color])
        for i, ch in enumerate(v.text):
            adv = v.face.advance(ch) * v.size
            top = v.top + i * v.pitch
            baseline = top + EM_ASCENT * v.size
            line = Line((Glyph(ch, v.face, v.size, 0.0),), adv, adv, True, True, 1)
            append_operators(c, line_operators(c, o + v.x - adv / 2, o + self.height - baseline, line))

    def _crop_marks(self, c: Canvas, sheet: Frame) -> None:
        p = self.theme.sheet
        o = sheet.offset
        gap = sheet.bleed + p.mark_offset_mm * MM  # marks start outside the bleed
        length = p.mark_length_mm * MM
        c.saveState()
        c.setStrokeColor(REGISTRATION)
        c.setLineWidth(p.mark_pt)
        W, H = self.width, self.height
        for x in (o, o + W):
            for y in (o, o + H):
                sx = -1 if x == o else 1
                sy = -1 if y == o else 1
                # horizontal mark at the trim line y, vertical at the trim line x
                c.line(x + sx * gap, y, x + sx * (gap + length), y)
                c.line(x, y + sy * gap, x, y + sy * (gap + length))
        c.restoreState()
