"""Line: a chosen break range → glyphs at exact x positions.

Justification (J1, J3): a non-final line too short for the measure gets the
missing space spread evenly over its justification gaps (never inside a
2-em unit or a Latin word); a line too long is compressed, each gap giving
in proportion to its shrinkability (punctuation blanks, Han–Latin spaces,
word spaces).  The last line is set solid (J4).  Nothing passes the measure
(J2).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..fonts.faces import Face
from .classes import CENTRE, LATIN, RIGHT, UNIT
from .linebreak import MAX_STRETCH_EM, share
from .prepare import Items, ParaSpec


@dataclass(frozen=True)
class Glyph:
    """A string drawn from ``x`` (pt from the line start) with its natural
    advances, in one face and size; ``hscale`` is the horizontal scale in
    percent (the 2-em dash is drawn wider so that its halves join)."""

    text: str
    face: Face
    size: float
    x: float
    hscale: float = 100.0
    bold: bool = False  # synthetic bold: filled and stroked (a regular fallback face in bold text)


@dataclass(frozen=True)
class Line:
    glyphs: tuple[Glyph, ...]
    measure: float  # the frame width the line was set to
    width: float  # the set width: == measure for justified lines
    last: bool  # a paragraph's last line
    first: bool  # a paragraph's first line
    han: int  # Han characters on the line (O1)
    spread: float = 0.0  # justification space added per gap (or per character when letter-spaced), pt
    gaps: int = 0  # the justification gaps the spread went into
    source: str = ""  # the characters of the source this line sets, spaces included (its ActualText)

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)


def set_line(it: Items, spec: ParaSpec, a: int, b: int, last: bool) -> Line:
    em = spec.em
    x = it.lead[a] + (spec.indent * em if a == 0 else 0.0)
    natural = x
    slots = 0
    shrinkable = 0.0
    width, gap, shrink, slot, capped = it.width, it.gap, it.shrink, it.slot, it.capped
    n_capped = 0
    for k in range(a, b):
        natural += width[k]
        if k > a:
            natural += gap[k]
            slots += slot[k]
            shrinkable += shrink[k]
            n_capped += capped[k]
    measure = spec.measure
    extra = 0.0
    squeeze = 0.0
    letterspace = 0.0
    extra_hl = 0.0  # the share of a Han–Latin gap (S1: it stretches to double, no more)
    latin_ls = 0.0  # letter spacing of the line's addresses, when its gaps are full
    if natural > measure and shrinkable > 0:
        squeeze = min((natural - measure) / shrinkable, 1.0)
    elif natural < measure and spec.justify and not last:
        if slots > 0:
            # the gaps take the space, Han–Latin gaps up to ½ em, none more
            # than 0.35 em while the line's addresses (URL segments) can
            # take the rest between their letters (linebreak.share)
            extra, extra_hl, latin_ls = share(measure - natural, slots, n_capped, spec.han_latin * em,
                                              latin_joins(it, a, b), MAX_STRETCH_EM * em)
        else:
            letterspace = 1.0  # computed below, per character
    if letterspace:
        # no gap may take the space (a line of URL segments, a lone word):
        # spread it evenly between all the characters
        chars = sum(len(it.text[k]) for k in range(a, b))
        letterspace = (measure - natural) / max(chars - 1, 1)
    glyphs: list[Glyph] = []
    for k in range(a, b):
        if k > a:
            if it.ideo[k]:
                # the ideographic space stays in the text: its glyph sits after
                # the blanks before it and one share of the justification
                ideo_x = x + gap[k] - em - squeeze * shrink[k] + extra - (em * 0.5 if it.cls[k] == RIGHT else 0.0)
                glyphs.append(Glyph("\u3000", it.face[k], it.size[k], ideo_x))
            x += gap[k] - squeeze * shrink[k] + (extra_hl if capped[k] else extra * slot[k]) + letterspace
            if latin_ls and it.address[k] and it.address[k - 1] and slot[k] == 0:
                x += latin_ls
        ls = letterspace or (latin_ls if it.address[k] else 0.0)
        if ls and len(it.text[k]) > 1 and it.cls[k] == LATIN:
            face, size = it.face[k], it.size[k]
            for ch in it.text[k]:
                glyphs.append(Glyph(ch, face, size, x, bold=it.embolden[k]))
                x += face.advance(ch) * size + ls
            x -= ls
            continue
        start = len(glyphs)
        _place(glyphs, it, k, x, em)
        if it.embolden[k]:
            glyphs[start:] = [replace(g, bold=True) for g in glyphs[start:]]
        x += width[k]
    set_width = x
    if spec.justify and not last and (extra or extra_hl or letterspace or latin_ls):
        set_width = measure  # exact, whatever the rounding of the sum
    if set_width > measure + 1e-6:
        # nothing left to compress and nowhere to break (a word and the marks
        # that may not leave it wider than the line): condense the line's
        # glyphs horizontally so that nothing passes the frame (J2)
        squeeze = measure / set_width
        glyphs = [replace(g, x=g.x * squeeze, hscale=g.hscale * squeeze) for g in glyphs]
        set_width = measure
    offset = 0.0
    if (last or not spec.justify) and spec.align != "left":
        room = measure - set_width
        offset = room / 2 if spec.align == "center" else room
        if offset:
            glyphs = [replace(g, x=g.x + offset) for g in glyphs]
    han = sum(it.han[a:b])
    start = it.offset[a] if a < len(it.offset) else len(it.source)
    end = it.offset[b] if b < len(it.offset) else len(it.source)
    return Line(tuple(glyphs), measure, set_width, last, a == 0, han, max(extra, extra_hl) or letterspace, slots, it.source[start:end])


def latin_joins(it: Items, a: int, b: int) -> int:
    """Places between two letters of one address (URL, e-mail) on the line
    a..b: inside its boxes and between its boxes (its segments).  Only an
    address is letter-spaced when the line's gaps are full; a number, a
    phone number or a word never is (clreq: no letter spacing inside a
    Western word)."""
    n = 0
    for k in range(a, b):
        if it.address[k]:
            n += len(it.text[k]) - 1
            if k > a and it.address[k - 1] and it.slot[k] == 0:
                n += 1
    return n


def _place(glyphs: list[Glyph], it: Items, k: int, x: float, em: float) -> None:
    text, face, size, w, cls = it.text[k], it.face[k], it.size[k], it.width[k], it.cls[k]
    if cls == RIGHT:
        glyphs.append(Glyph(text, face, size, x + w - face.advance(text) * size))
    elif cls == CENTRE:
        # the middle dot: its ink centred in its ½-em cell, whatever the
        # face's advance (a proportional Latin · or a full-width ・)
        x0, x1 = face.ink(text)
        glyphs.append(Glyph(text, face, size, x + w / 2 - (x0 + x1) / 2 * size))
    elif cls == UNIT:
        _place_unit(glyphs, text, face, size, x, w)
    else:
        glyphs.append(Glyph(text, face, size, x))


def _place_unit(glyphs: list[Glyph], text: str, face: Face, size: float, x: float, w: float) -> None:
    ch = text[0]
    if ch == "—":
        # dashes: scale each copy so that their ink joins into one rule
        x0, x1 = face.ink(ch)
        ink = max(x1 - x0, 0.05)
        cells = len(text)
        s = (w / size - 0.08) / cells / ink
        for i in range(cells):
            glyphs.append(Glyph(ch, face, size, x + (0.04 + i * ink * s - x0 * s) * size, s * 100.0))
        return
    if len(text) == 2:
        cell = w / 2
        for i in range(2):
            glyphs.append(Glyph(ch, face, size, x + i * cell + (cell - face.advance(ch) * size) / 2))
        return
    glyphs.append(Glyph(text, face, size, x + (w - face.advance(text) * size) / 2))
