"""PDF text operators for a composed line: one text object per line, every
glyph at its exact x (a ``TJ`` array with position adjustments), inside a
marked-content span whose ``/ActualText`` is the line's source text — so a
text extract reads as written (no spaces guessed from the justification
gaps, U+3000 kept, the word space at a line break kept).

Each face is one composite font of the document (Type0, Identity-H:
:mod:`layout.fonts.composite`), its program ReportLab's subset of the
characters the document draws; the codes are given before anything is
drawn (:func:`give_codes`).
"""

from __future__ import annotations

import itertools
import math
from collections import OrderedDict
from dataclasses import dataclass
from functools import partial
from typing import Any
from weakref import WeakKeyDictionary

from ..fonts.composite import CompositeFont
from ..fonts.rlprivate import add_font, canvas_document, subset_program
from ..text.line import Line

SYNTHETIC_BOLD = 1 / 30
"""Stroke width of a synthetic bold, in em: a regular fallback face inside
bold text is filled and stroked in the text colour (render mode 2), which
thickens every stem by this much."""


_LOG_E_10 = math.log(10.0)
_FORMATS = ("%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f", "%.6f")


def fp_str(v: float) -> str:
    """ReportLab's ``fp_str`` of one number, the very same text (its pure
    Python version, which this environment runs: at most six decimals, fewer
    for larger numbers, no trailing zeros, no leading zero): a third of its
    time, without its argument list handling."""
    sa = abs(v)
    if sa <= 1e-7:
        return "0"
    places = 6 if sa <= 1 else min(max(0, 6 - int(math.log(sa) / _LOG_E_10)), 6)
    n = _FORMATS[places] % v
    if places:
        n = n.rstrip("0")
        if n[-1] == ".":
            n = n[:-1]
    return n if n[0] != "0" or len(n) == 1 else n[1:]


KEEP_LINES = 20_000
"""Lines whose operators this process keeps (a few issues' worth)."""
KEEP_CODINGS = 256
"""Documents' codings this process tells apart (a watch's builds: a new
coding is an edit that added or dropped a character)."""
_lines: OrderedDict[int, tuple[Line, int, tuple[str, str, str, str, bool, float]]] = OrderedDict()


@dataclass
class TextState:
    """What a page's content stream has open and set between its lines: a
    text object (``BT``) the next line goes on in, and the font and size
    (``Tf``) the last line left set (text state outlives ``ET``; a ``Q``
    takes back what was set after its ``q``); "" where it is not known
    (see :meth:`forget`)."""

    open: bool = False
    font: str = ""

    def forget(self) -> None:
        """Something else set text state (a vertical line's characters)."""
        self.font = ""


def end_text(state: TextState) -> str:
    """``ET`` where a text object is open (before anything that is not a
    line of text: a path, an image, a ``q``/``Q``), else nothing."""
    if state.open:
        state.open = False
        return "ET"
    return ""


def line_operators(canvas, x: float, y: float, line: Line, state: TextState | None = None) -> str:
    """The operators drawing ``line`` with its left end at (x, y) (PDF
    coordinates, y up), in a marked-content span whose ``/ActualText`` is
    the line's text.  Characters of one face, size, scale and weight in a
    row are written in one ``TJ`` array (each face is one composite font
    of the document, :mod:`layout.fonts.composite`: two bytes a character);
    the pen is tracked so that each character lands exactly where the
    composer put it.

    ``state``: the page's text state.  The lines of a page go on in one
    text object (``BT`` where none is open: the caller ends it with
    :func:`end_text`), each placed by its ``Tm``, its ``Tf`` left out where
    the line before left the same one set; a line with a synthetic bold is
    its own text object inside ``q``/``Q`` (its stroke width stays inside
    it).  Without a state a line is a text object of its own.

    The operators of a line drawn before in this process (``layout watch``:
    the composer's memo gives the same Line; the print file after the
    proof) are written again, at the new place, when the document's coding
    (:func:`give_codes`) is the one the line was drawn in."""
    doc = canvas_document(canvas)
    fonts = _fonts.get(doc)
    if fonts is None:
        fonts = _fonts[doc] = {}
    coding = _coding.get(doc, -1)
    key = id(line)
    found = _lines.get(key)
    if found is not None and found[0] is line and found[1] == coding >= 0:
        _lines.move_to_end(key)
        parts = found[2]
    else:
        known = len(fonts)
        parts = _operators(doc, fonts, line)
        if len(fonts) == known and coding >= 0:  # (a face given no codes before: not kept)
            _lines[key] = (line, coding, parts)
            if len(_lines) > KEEP_LINES:
                _lines.popitem(last=False)
    span, first, rest, last, bold, lead = parts
    place = f"1 0 0 1 {fp_str(x + lead)} {fp_str(y)} Tm"
    if state is None or bold:
        ops = [span, "BT", place, first, rest, "ET", "EMC"]
        if bold:
            ops = [end_text(state) if state is not None else "", "q", *ops, "Q"]
    else:
        ops = [span, place, first if first != state.font else "", rest, "EMC"]
        if not state.open:
            ops.insert(0, "BT")
            state.open = True
        state.font = last
    return "\n".join(op for op in ops if op)


_fonts: WeakKeyDictionary = WeakKeyDictionary()
"""Per document: face name (``Face.rl_name``) → its composite font."""
_coding: WeakKeyDictionary = WeakKeyDictionary()
"""Per document: the number of its coding (:func:`give_codes`)."""
_codings: OrderedDict[tuple, int] = OrderedDict()  # a coding → its number (documents coded alike share it)
_numbers = itertools.count()


def _font(doc, fonts: dict, face) -> CompositeFont:
    """The document's composite font of ``face`` (made, and given to the
    document to write when it is saved, the first time it is asked)."""
    font = fonts.get(face.rl_name)
    if font is None:
        font = fonts[face.rl_name] = CompositeFont(face, f"/C{len(fonts)}", _program(face))
        add_font(doc, font)
    return font


def give_codes(canvas, characters: dict) -> None:
    """Give every character the document will draw its code in its face's
    composite font before anything is drawn (``characters``: face name →
    (face, how often each character is drawn)).

    The order is how often the issue uses a character, in powers of two,
    then its code point: an edit on page 1 that uses a character earlier
    than before renumbers nothing (codes in first-use order would renumber
    every character after it, and every later page's text bytes with
    them); an edit renumbers only when it adds a character, removes its
    last use, or takes a count across a power of two — else a page drawn
    as before is the same bytes (its hash, preflight verdict and preview
    found again without being worked out)."""
    doc = canvas_document(canvas)
    fonts = _fonts.get(doc)
    if fonts is None:
        fonts = _fonts[doc] = {}
    coding = []
    for name in sorted(characters):
        face, counts = characters[name]
        order = "".join(sorted(counts, key=lambda ch: (-counts[ch].bit_length(), ch)))
        font = _font(doc, fonts, face)
        font.add(order)
        coding.append((face.rl_name, font.name, face.sha256, order))
    # every character drawn has its code now: a line drawn in a document coded alike draws the same
    known = tuple(coding)
    number = _codings.get(known)
    if number is None:
        number = _codings[known] = next(_numbers)  # never reused: a line kept under a forgotten one is drawn afresh
        if len(_codings) > KEEP_CODINGS:
            _codings.popitem(last=False)
    _coding[doc] = number


KEEP_SUBSETS = 16
"""Font subsets' programs kept in the process: an issue's faces have one
subset a document each (five or so; the proof's and the print file's the
same), some 10 KB to 2 MB each — three builds' worth for ``layout watch``
(an older one comes back from the user's cache folder)."""
_made: OrderedDict[tuple[str, tuple[int, ...]], bytes] = OrderedDict()


def _program(face):
    """The maker of ``face``'s subset programs (code points in order → a
    TrueType program, ReportLab's ``makeSubset``): ReportLab's subsetter
    makes a program from the characters alone, so the same characters of
    the same face (its file's SHA-256) are the same bytes.  A subset the
    process had before (the print file after the proof, the next build in
    ``layout watch``) is not made again, nor one a build had before in the
    user's cache folder (Store ``subsets``: the next build, a fresh
    process, after an edit); it is kept there with its Flate-compressed
    form, which the document then writes without compressing it again
    (:func:`deflated`)."""

    def made(subset: list[int]) -> bytes:
        key = (face.sha256, tuple(subset))
        found = _made.get(key)
        if found is None:
            ttf = face.reportlab().face
            found = _made[key] = _stored_subset(partial(subset_program, ttf), face.sha256, key[1])
            if len(_made) > KEEP_SUBSETS:
                _made.popitem(last=False)
        else:
            _made.move_to_end(key)
        return found

    return made


SUBSET_FORM = 2
"""How :func:`layout.fonts.rlprivate.subset_program` makes a program (part
of a stored subset's key): 2, every glyph's advance in font units."""


def _stored_subset(make, digest: str, subset: tuple[int, ...]) -> bytes:
    """A subset's program from the user's cache folder, else made (and kept there)."""
    import hashlib
    import marshal
    import zlib

    from reportlab import Version

    from ..usercache import Store

    store = Store.user("subsets")
    if store is None:
        return make(list(subset))
    head = f"{Version}\0{zlib.ZLIB_RUNTIME_VERSION}\0{digest}\0{SUBSET_FORM}\0"
    key = hashlib.sha256(head.encode() + marshal.dumps(subset)).hexdigest()[:40]
    blob = store.get(key)
    if blob is not None:
        try:
            program, packed = marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            program = packed = None
        if isinstance(program, bytes) and isinstance(packed, bytes):
            _keep_deflated(program, packed)
            return program
    program = make(list(subset))
    store.put(key, marshal.dumps((program, deflated(program))))
    return program


KEEP_DEFLATED = 24 << 20
"""Bytes of streams (as given and compressed) whose compressed form this
process keeps: the fonts' programs and the pages' contents of the last
documents (an issue's are a few MB)."""
DEFLATE_FROM = 16 << 10
"""Shorter streams compressed here are not kept (the memo would cost more
than it saves); a font program from the cache folder is, whatever its size."""
_deflated: OrderedDict[bytes, bytes] = OrderedDict()
_deflated_bytes = [0]


def deflated(data: bytes) -> bytes:
    """``zlib.compress(data)``, ReportLab's Flate filter: a stream compressed
    before in this process (a font subset of the last document, a page
    drawn as before in ``layout watch``) is not compressed again."""
    import zlib

    if type(data) is not bytes:
        return zlib.compress(data)
    found = _deflated.get(data)
    if found is None:
        found = zlib.compress(data)
        if len(data) >= DEFLATE_FROM:
            _keep_deflated(data, found)
    else:
        _deflated.move_to_end(data)
    return found


def _keep_deflated(data: bytes, packed: bytes) -> None:
    if data in _deflated:
        return
    _deflated[data] = packed
    _deflated_bytes[0] += len(data) + len(packed)
    while _deflated_bytes[0] > KEEP_DEFLATED and _deflated:
        old, old_packed = _deflated.popitem(last=False)
        _deflated_bytes[0] -= len(old) + len(old_packed)


def _operators(doc, fonts: dict, line: Line) -> tuple[str, str, str, str, bool, float]:
    """:func:`line_operators` worked out: the line's span (``BDC``), its
    first ``Tf``, the rest of its operators after the ``Tm``, the ``Tf`` it
    leaves set, whether it has a synthetic bold, and where its first
    character stands from the line's start (the ``Tm`` goes there)."""
    ops: list[str] = []
    # the line is placed where its first character goes (an indent in its Tm: the TJ is a number shorter)
    lead = line.glyphs[0].x if line.glyphs else 0.0
    pen = lead  # current text position, relative to the line start
    cur_font: str | None = None
    cur_size: float | None = None
    cur_scale = 100.0
    cur_bold = False
    first = last = ""
    # one TJ array for as long as the face, size, scale and bold stay (fewer operators for every reader)
    parts: list[str] = []
    run: list[bytes] = []

    def show() -> None:
        if run:
            parts.append(f"<{b''.join(run).hex().upper()}>")
            run.clear()
        if parts:
            ops.append(f"[{' '.join(parts)}] TJ")
            parts.clear()

    face: Any = None
    font: Any = None
    codes: dict[str, bytes] = {}
    widths: dict[int, float] = {}
    for g in line.glyphs:
        if g.face is not face:  # (the same face glyph after glyph: looked up once)
            face = g.face
            font = _font(doc, fonts, face)
            codes, widths = font.codes, face.widths
        if font.name != cur_font or g.size != cur_size:
            show()
            last = f"{font.name} {fp_str(g.size)} Tf"
            if first:
                ops.append(last)
            else:
                first = last
            cur_font, cur_size = font.name, g.size
        if g.bold != cur_bold:
            show()
            ops.append(f"{fp_str(g.size * SYNTHETIC_BOLD)} w 2 Tr" if g.bold else "0 Tr")
            cur_bold = g.bold
        if g.hscale != cur_scale:
            show()
            ops.append(f"{fp_str(g.hscale)} Tz")
            cur_scale = g.hscale
        k = g.hscale / 100.0
        unit = g.size * k / 1000.0  # text space per thousandth of the em
        pos = g.x  # where the next character of g goes
        for ch in g.text:
            delta = pos - pen
            if abs(delta) > 1e-4:
                if run:
                    parts.append(f"<{b''.join(run).hex().upper()}>")
                    run.clear()
                parts.append(fp_str(-delta / unit))
                pen = pos
            run.append(codes.get(ch) or font.code(ch))
            adv = widths.get(ord(ch), 1000) * unit
            pen += adv
            pos += adv
    show()
    if cur_scale != 100.0:
        ops.append("100 Tz")
    if cur_bold:
        ops.append("0 Tr")
    span = f"/Span <</ActualText {actual_text(line.source or line.text)}>> BDC"
    return span, first, "\n".join(ops), last, any(g.bold for g in line.glyphs), lead


def artifact_operators(canvas, x: float, y: float, line: Line, state: TextState | None = None) -> str:
    """:func:`line_operators` for a line that is no part of the content (a
    draft's tag): an ``/Artifact`` sequence instead of the ``/Span`` (no
    ``/ActualText``: that belongs to a span), which the typography audit
    leaves out."""
    span = f"/Span <</ActualText {actual_text(line.source or line.text)}>> BDC"
    return line_operators(canvas, x, y, line, state).replace(span, "/Artifact <</Type /Layout>> BDC", 1)


def actual_text(text: str) -> str:
    """``text`` as a PDF hex string (UTF-16BE with its byte-order mark): what
    a reader extracts for the line instead of guessing spaces from gaps."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"
