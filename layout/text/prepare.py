"""Prepare: a paragraph's styled runs → measured boxes and the glues between them.

A *box* is what never breaks: a Han character, the ink half of a punctuation
mark, a 2-em unit (—— ……), a Latin word.  The *gap* before box k holds
everything between box k-1 and box k: the punctuation blanks (so that a
break, which discards the gap, trims a line-end mark to its ink: P1), the
Han–Latin space (S1), word spaces; with its natural width, how much it may
shrink (push-in: compression first), whether it takes justification space
(J3), and whether a line may break there (K1–K3).

Widths are in points.  Everything downstream is a pure function of these
arrays, so the breaker can be tested without fonts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from layout.facts.addresses import (
    SEGMENT_LIMIT,
    address_segments,
    is_address,
    is_letter_join,
    is_range_mark,
    is_unit_after_number,
)

from ..fonts.faces import Face, FontSet
from .classes import (
    CENTRE,
    END_FORBIDDEN,
    HAN,
    LATIN,
    LEFT,
    RIGHT,
    SPACE,
    START_FORBIDDEN,
    SYMBOL,
    UNIT,
    URL_BREAK_AFTER,
    char_class,
    is_han_char,
)

FORBIDDEN = -1  # gap_pen value: no break here
URL_BREAK = 100.0  # penalty of a break inside a URL or e-mail, at its punctuation
EMERGENCY_URL = 800.0  # penalty of a break inside an over-long Latin run, at / . - ?
EMERGENCY_ANY = 3000.0  # … anywhere else in it (between two letters)
MID_WORD = 10000.0  # display text (titles, subheads, captions): a break inside a word (dearer than any spacing up to 0.35 em) …
SHORT_WORD_EDGE = 200.0  # … next to a one-character word (老/手艺, 新/传人) …
WORD_EDGE = 40.0  # … between two words with no space or mark between them


@dataclass(frozen=True)
class Style:
    face: str  # face key of fonts/manifest.json
    size: float  # pt


@dataclass(frozen=True)
class Run:
    text: str
    style: Style


@dataclass(frozen=True)
class ParaSpec:
    """How a paragraph is set (the composer's knobs)."""

    measure: float  # line width, pt
    em: float  # the em of the rules (body size), pt
    indent: float = 0.0  # first-line indent, em (I1)
    justify: bool = True  # J1: fill every line but the last
    align: str = "left"  # unjustified lines and the last line: left | center | right
    open_mark_full: bool = True  # P3: an opening mark at a line start keeps its blank
    han_latin: float = 0.25  # S1 natural gap, em (shrinks to half, stretches to double)
    orphan_han: int = 2  # O1: min Han characters on a last line (0: off)
    fallback: tuple[str, ...] = ()  # faces tried for a character the run's face lacks
    phrase: bool = False  # display text: prefer breaks at spaces and after punctuation
    latin: str | None = None  # a face for Latin letters and digits (None: the CJK face's own)


@dataclass
class Items:
    """Parallel arrays, one entry per box; gap arrays are indexed by the box
    they precede (gap 0 is unused)."""

    text: list[str] = field(default_factory=list)
    cls: list[int] = field(default_factory=list)
    face: list[Face] = field(default_factory=list)
    size: list[float] = field(default_factory=list)
    width: list[float] = field(default_factory=list)
    han: list[int] = field(default_factory=list)  # Han characters in the box (O1)
    gap: list[float] = field(default_factory=list)  # natural width of the gap before box k
    shrink: list[float] = field(default_factory=list)
    slot: list[int] = field(default_factory=list)  # 1: takes justification space
    capped: list[bool] = field(default_factory=list)  # gap k is a Han–Latin space: it stretches to double, no more (S1)
    address: list[bool] = field(default_factory=list)  # box k is a segment of a URL or e-mail (its letters may be spaced)
    pen: list[float] = field(default_factory=list)  # FORBIDDEN or the break penalty
    lead: list[float] = field(default_factory=list)  # blank a box brings to a line start (RIGHT mark)
    phrase: list[bool] = field(default_factory=list)  # gap k lies between phrases (space, after a mark …)
    offset: list[int] = field(default_factory=list)  # offset in the paragraph text of box k's first character
    ideo: list[bool] = field(default_factory=list)  # gap k holds an ideographic space (drawn as U+3000)
    missing: list[tuple[int, str]] = field(default_factory=list)  # (char offset, char) no face has
    embolden: list[bool] = field(default_factory=list)  # box k drawn with a synthetic bold (a regular fallback in bold text)
    source: str = ""  # the paragraph's text as written (what a line's ActualText is cut from)

    def __len__(self) -> int:
        return len(self.width)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Split into (token, class, offset): single characters, 2-em units, Latin words and spaces."""
    out: list[tuple[str, int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        c = char_class(ch)
        if c == LATIN:
            j = i + 1
            while j < n and char_class(text[j]) == LATIN:
                j += 1
            out.append((text[i:j], LATIN, i))
            i = j
        elif c == UNIT:
            if ch in "—…⋯" and i + 1 < n and text[i + 1] == ch:
                out.append((ch + ch, UNIT, i))
                i += 2
            else:
                out.append((ch, UNIT, i))
                i += 1
        elif c == SPACE:
            j = i + 1
            while j < n and char_class(text[j]) == SPACE:
                j += 1
            out.append(("\u3000" if "\u3000" in text[i:j] else " ", SPACE, i))
            i = j
        else:
            out.append((ch, c, i))
            i += 1
    return out


def prepare(runs: list[Run], spec: ParaSpec, fonts: FontSet) -> Items:
    it = Items(source="".join(r.text for r in runs))
    em = spec.em
    half = em * 0.5
    s1 = spec.han_latin * em
    prev_cls = -1
    prev_last = ""
    pending_space = 0.0
    pending_ideo = False
    base = 0
    for run in runs:
        chain = fonts.chain(run.style.face, spec.fallback, han=False)
        han_chain = fonts.chain(run.style.face, spec.fallback, han=True)
        primary = fonts.face(run.style.face)
        first_box = len(it.width)
        latin = fonts.face(spec.latin) if spec.latin else None
        size = run.style.size
        for tok, c, off in _tokens(run.text):
            if c == SPACE:
                if prev_cls >= 0:
                    width = em if tok == "\u3000" else primary.advance(" ") * size
                    pending_space = max(pending_space, width)
                    pending_ideo = pending_ideo or tok == "\u3000"
                continue
            # faces: per character fallback; Latin runs may have a face of their own
            if c == LATIN and latin is not None and all(latin.has(ch) for ch in tok):
                _add_latin(it, tok, latin, size, base + off, prev_cls, prev_last, pending_space, s1, half, spec)
                prev_cls, prev_last, pending_space, pending_ideo = LATIN, tok[-1], 0.0, False
                continue
            face = primary if (primary.has(tok) if len(tok) == 1 else all(primary.has(ch) for ch in tok)) else None
            if face is None:
                if c == LATIN:
                    # split a Latin token where the face changes
                    for sub, f, sub_off in _split_by_face(tok, chain, fonts, primary, it, base + off):
                        _add_latin(it, sub, f, size, sub_off, prev_cls, prev_last, pending_space, s1, half, spec)
                        prev_cls, prev_last, pending_space, pending_ideo = LATIN, sub[-1], 0.0, False
                    continue
                face = fonts.resolve(tok[0], han_chain if c == HAN else chain)
                if face is None:
                    it.missing.append((base + off, tok[0]))
                    face = primary
            if c == LATIN:
                _add_latin(it, tok, face, size, base + off, prev_cls, prev_last, pending_space, s1, half, spec)
                prev_cls, prev_last, pending_space, pending_ideo = LATIN, tok[-1], 0.0, False
                continue
            if c in (LEFT, RIGHT, CENTRE):
                w = half
            elif c == UNIT:
                w = em * (2.0 if len(tok) == 2 or tok in "⸺" else 1.0)
            else:
                w = face.advance(tok) * size
            _add_gap(it, prev_cls, prev_last, c, tok[0], pending_space, s1, half, em, pending_ideo)
            it.text.append(tok)
            it.cls.append(c)
            it.face.append(face)
            it.size.append(size)
            it.width.append(w)
            it.han.append(1 if c == HAN and is_han_char(tok) else 0)
            it.lead.append(half if (c == RIGHT and spec.open_mark_full) else 0.0)
            it.address.append(False)
            it.offset.append(base + off)
            prev_cls, prev_last, pending_space, pending_ideo = c, tok[-1], 0.0, False
        # a character from a regular fallback face in bold text is emboldened
        it.embolden.extend(primary.bold and not f.bold for f in it.face[first_box:])
        base += len(run.text)
    _keep_numbers_whole(it)
    if spec.phrase:
        # display text reads better broken between phrases, then between
        # words, than inside a word
        from .words import word_starts

        words = word_starts("".join(r.text for r in runs))
        pen = it.pen
        for k in range(1, len(pen)):
            if pen[k] != 0.0:
                continue
            if it.cls[k - 1] == LATIN and it.text[k - 1][-1:].isdigit() and it.cls[k] == HAN:
                pen[k] = MID_WORD  # a number and its counter: 2025年, 6月, 20余个
            elif not it.phrase[k]:
                shorter = words.get(it.offset[k])
                pen[k] = MID_WORD if shorter is None else (WORD_EDGE if shorter >= 2 else SHORT_WORD_EDGE)
    return it


def _keep_numbers_whole(it: Items) -> None:
    """K3 for numbers: no break between a number and its unit (50 kg, 3万),
    nor after the dash of a range (8:30—11:30, 3～5)."""
    text, pen = it.text, it.pen
    for k in range(1, len(text)):
        if pen[k] == FORBIDDEN:
            continue
        if is_unit_after_number(text[k - 1], text[k]):
            pen[k] = FORBIDDEN
        elif k >= 2 and len(text[k - 1]) == 1 and is_range_mark(text[k - 2], text[k - 1], text[k]):
            pen[k] = FORBIDDEN


def _split_by_face(tok: str, chain: list[str], fonts: FontSet, primary: Face, it: Items, off: int):
    start = 0
    cur: Face | None = None
    for i, ch in enumerate(tok):
        f = fonts.resolve(ch, chain)
        if f is None:
            it.missing.append((off + i, ch))
            f = primary
        if cur is not None and f is not cur:
            yield tok[start:i], cur, off + start
            start = i
        cur = f
    if cur is not None:
        yield tok[start:], cur, off + start


def _add_latin(it: Items, word: str, face: Face, size: float, offset: int, prev_cls: int, prev_last: str,
               space: float, s1: float, half: float, spec: ParaSpec) -> None:
    """A Latin run.  A word that fits a line is one box.  A URL or an e-mail
    address is one box per segment between its break points (facts/addresses.py), and
    a segment wider than the line one box per character, breakable between
    letters.  Any other run wider than the line is one box per character,
    breakable after / . - ? & = and, at a higher cost, anywhere else, so it
    never passes the frame."""
    widths = [face.advance(ch) * size for ch in word]
    total = sum(widths)
    limit = spec.measure * SEGMENT_LIMIT
    if len(word) > 1 and is_address(word):
        for j, (i0, i1) in enumerate(address_segments(word)):
            if j == 0:
                _add_gap(it, prev_cls, prev_last, LATIN, word[0], space, s1, half, spec.em)
            else:
                _add_inner_gap(it, URL_BREAK)
            seg_w = sum(widths[i0:i1])
            if seg_w <= limit or i1 - i0 == 1:
                _push_latin(it, word[i0:i1], face, size, seg_w, offset + i0, address=True)
                continue
            # one segment wider than the line: between two letters, as a last resort
            for i in range(i0, i1):
                if i > i0:
                    _add_inner_gap(it, EMERGENCY_ANY if is_letter_join(word, i) else FORBIDDEN)
                _push_latin(it, word[i], face, size, widths[i], offset + i, address=True)
        return
    if total <= limit or len(word) == 1:
        _add_gap(it, prev_cls, prev_last, LATIN, word[0], space, s1, half, spec.em)
        _push_latin(it, word, face, size, total, offset)
        return
    for i, ch in enumerate(word):
        if i == 0:
            _add_gap(it, prev_cls, prev_last, LATIN, ch, space, s1, half, spec.em)
        else:
            before = word[i - 1]
            if ch in START_FORBIDDEN or before in END_FORBIDDEN:
                _add_inner_gap(it, FORBIDDEN)
            elif before in URL_BREAK_AFTER:
                _add_inner_gap(it, EMERGENCY_URL)
            else:
                _add_inner_gap(it, EMERGENCY_ANY)
        _push_latin(it, ch, face, size, widths[i], offset + i)


def _add_inner_gap(it: Items, pen: float) -> None:
    """The gap inside a Latin run broken into several boxes: no width, no
    justification space, breakable at ``pen`` (or FORBIDDEN)."""
    it.gap.append(0.0)
    it.shrink.append(0.0)
    it.slot.append(0)
    it.capped.append(False)
    it.phrase.append(True)
    it.ideo.append(False)
    it.pen.append(pen)


def _push_latin(it: Items, text: str, face: Face, size: float, width: float, offset: int, address: bool = False) -> None:
    it.offset.append(offset)
    it.text.append(text)
    it.cls.append(LATIN)
    it.face.append(face)
    it.size.append(size)
    it.width.append(width)
    it.han.append(0)
    it.lead.append(0.0)
    it.address.append(address)


def _add_gap(it: Items, a: int, a_last: str, b: int, b_first: str, space: float,
             s1: float, half: float, em: float, ideo: bool = False) -> None:
    """Append the gap between the previous box (class a, last char a_last)
    and a new box (class b, first char b_first)."""
    if a < 0:  # paragraph start: gap 0 is never used
        it.gap.append(0.0)
        it.shrink.append(0.0)
        it.slot.append(0)
        it.capped.append(False)
        it.pen.append(FORBIDDEN)
        it.phrase.append(False)
        it.ideo.append(False)
        return
    if a == LATIN and b == LEFT:
        # no space between a Latin run and the Chinese mark after it
        space, ideo = 0.0, False
    it.ideo.append(ideo)
    it.phrase.append(bool(space) or a in (LEFT, LATIN, UNIT) or b in (RIGHT, LATIN, UNIT)
                     or a_last == "\u3000" or b_first == "\u3000")
    blank_a = half if a == LEFT else 0.0
    blank_b = half if b == RIGHT else 0.0
    natural = blank_a + blank_b
    shrink = natural
    if not space:
        # P2: two blanks meeting, or a closing mark followed by a closing mark,
        # or an opening mark after an opening mark: 2 em → 1.5 em
        if a == LEFT and b == LEFT:
            natural = shrink = 0.0
        elif a == LEFT and b == RIGHT:
            natural = half  # 2 em → 1.5 em, and no further
            shrink = 0.0
        elif a == RIGHT and b == RIGHT:
            natural = shrink = 0.0
    slot = 1
    if (a == LATIN and b == LATIN and not space) or (a == LATIN and b == LEFT):
        slot = 0
    # S1: Han ↔ Latin letter/digit
    capped = not space and ((a in (HAN,) and b == LATIN and b_first.isalnum()) or (a == LATIN and b in (HAN,) and a_last.isalnum()))
    if capped:
        natural += s1
        shrink += s1 * 0.5
    if ideo:
        # an ideographic space: a full em that neither shrinks nor hides; it
        # takes two shares of justification, one on each side of its glyph
        natural += space
        slot = 2
    elif space:
        natural += space
        shrink += space / 3.0
    pen: float
    if (b_first in START_FORBIDDEN and not (b == LATIN and space)) or a_last in END_FORBIDDEN:
        pen = FORBIDDEN
    elif a == LATIN and b == LATIN and not space:
        pen = FORBIDDEN
    elif b == SYMBOL and a == LATIN:
        pen = FORBIDDEN  # 50％, 30℃ (K3)
    else:
        pen = 0.0
    it.gap.append(natural)
    it.shrink.append(shrink)
    it.slot.append(slot)
    it.capped.append(capped and not ideo)
    it.pen.append(pen)
