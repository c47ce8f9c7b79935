"""PDF text operators for a composed line: one text object per line, every
glyph at its exact x (a ``TJ`` array with position adjustments), inside a
marked-content span whose ``/ActualText`` is the line's source text — so a
text extract reads as written (no spaces guessed from the justification
gaps, U+3000 kept, the word space at a line break kept).

ReportLab draws a TrueType font through 256-glyph subsets; we ask it for the
subset bytes and internal font names so that it still embeds and subsets
the fonts, and write the positioning ourselves.
"""

from __future__ import annotations

import itertools
import math
from collections import OrderedDict
from weakref import WeakKeyDictionary

from ..fonts.rlprivate import canvas_document, escape
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
_lines: OrderedDict[int, tuple[Line, tuple, tuple, str, str, int | None]] = OrderedDict()


def line_operators(canvas, x: float, y: float, line: Line) -> str:
    """``BT … ET`` drawing ``line`` with its left end at (x, y) (PDF
    coordinates, y up).  Characters of one subset, size, scale and weight in
    a row are written in one ``TJ`` array; the pen is tracked so that each
    character lands exactly where the composer put it.

    The operators of a line drawn before in this process (``layout watch``:
    the composer's memo gives the same Line) are written again, at the new
    place, when the document's font subsets give its characters the same
    codes and subset names: at once when the document's coding
    (:func:`give_codes`) is the one the line was drawn in, else after the
    subsets are asked (a text once per document, :func:`_subsets`); the
    rest is not computed again."""
    doc = canvas_document(canvas)
    coding = _coding.get(doc)
    key = id(line)
    found = _lines.get(key)
    if found is not None and found[0] is line and coding is not None and found[5] == coding:
        _lines.move_to_end(key)
        return f"{found[3]}\n1 0 0 1 {fp_str(x)} {fp_str(y)} Tm\n{found[4]}"
    asked = _asked.get(doc)
    if asked is None:
        asked = _asked[doc] = {}
    split_names = [_subsets(g.face.reportlab(), g.text, doc, asked) for g in line.glyphs]
    splits = tuple(s for s, _ in split_names)
    names = tuple(n for _, n in split_names)
    if found is not None and found[0] is line and found[1] == splits and found[2] == names:
        _lines.move_to_end(key)
        head, tail = found[3], found[4]
        if coding is not None:
            _lines[key] = (*found[:5], coding)
    else:
        head, tail = _operators(canvas, line, splits, names)
        _lines[key] = (line, splits, names, head, tail, coding)
        if len(_lines) > KEEP_LINES:
            _lines.popitem(last=False)
    return f"{head}\n1 0 0 1 {fp_str(x)} {fp_str(y)} Tm\n{tail}"


_coding: WeakKeyDictionary = WeakKeyDictionary()
"""Per document: the number of its coding (:func:`give_codes`)."""
_codings: OrderedDict[tuple, int] = OrderedDict()  # a coding → its number (documents coded alike share it)
_numbers = itertools.count()


def give_codes(canvas, characters: dict) -> None:
    """Give every character the document will draw its code in its face's
    subsets before anything is drawn (``characters``: face name → (face,
    how often each character is drawn)).

    ReportLab numbers a face's characters in the order they are first
    drawn, so an edit on page 1 that uses a character earlier than before
    renumbers every character after it, and every later page's text bytes
    change with it.  Here the order is how often the issue uses a character,
    in powers of two, then its code point: the frequent characters share the
    first subsets (a line switches subsets, a ``Tf`` and a new ``TJ``, less
    often: a sixth fewer than in first-use order, three tenths fewer than in
    code point order), and an edit renumbers only when it adds a character,
    removes its last use, or takes a count across a power of two — then a
    page drawn as before is the same bytes (its hash, preflight verdict and
    preview found again without being worked out)."""
    doc = canvas_document(canvas)
    coding = []
    for name in sorted(characters):
        face, counts = characters[name]
        order = "".join(sorted(counts, key=lambda ch: (-counts[ch].bit_length(), ch)))
        font = face.reportlab()
        split = font.splitString(order, doc)
        keep_subsets(font, face.sha256)
        # the face's PDF name given now, in this order (not where a page first draws it)
        coding.append((font.fontName, face.sha256, order, font.getSubsetInternalName(split[0][0], doc) if split else ""))
    # every character drawn has its code now: a line drawn in a document coded alike draws the same
    known = tuple(coding)
    number = _codings.get(known)
    if number is None:
        number = _codings[known] = next(_numbers)  # never reused: a line kept under a forgotten one is drawn afresh
        if len(_codings) > KEEP_CODINGS:
            _codings.popitem(last=False)
    _coding[doc] = number


KEEP_SUBSETS = 64
"""Font subsets' programs kept in the process (an issue's faces have a few
dozen subsets; a subset is some 100 KB)."""
_made: OrderedDict[tuple[int, tuple[int, ...]], bytes] = OrderedDict()


def keep_subsets(font, digest: str) -> None:
    """Make each of ``font``'s subsets once: ReportLab builds a subset's
    font program when the document is saved, from its characters alone, so
    the same characters of the same face (``digest``: its file's SHA-256)
    are the same bytes.  A subset the process had before (the next build in
    ``layout watch``, the print file after the proof) is not built again,
    nor one a build had before in the user's cache folder (Store
    ``subsets``: the next build, a fresh process, after an edit); it is
    kept there with its Flate-compressed form, which the document then
    writes without compressing it again (:func:`deflated`)."""
    face = font.face
    if "makeSubset" in vars(face):  # kept already
        return
    make = face.makeSubset

    def made(subset):
        key = (id(face), tuple(subset))  # the face stays registered, alive, for the process
        found = _made.get(key)
        if found is None:
            found = _made[key] = _stored_subset(make, digest, key[1])
            if len(_made) > KEEP_SUBSETS:
                _made.popitem(last=False)
        else:
            _made.move_to_end(key)
        return found

    face.makeSubset = made


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
    head = f"{Version}\0{zlib.ZLIB_RUNTIME_VERSION}\0{digest}\0"
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


_asked: WeakKeyDictionary = WeakKeyDictionary()
"""Per document: (font, text) → its subsets and their names, as ReportLab gave them."""


def _subsets(font, text: str, doc, asked: dict) -> tuple[tuple, tuple]:
    """ReportLab's ``splitString`` of ``text`` in ``font`` for ``doc`` and the
    subsets' internal names.  Once a text has been split, all its characters
    have their codes in the document (a code, once given, is never changed),
    so asking again gives the same answer: it is asked once per document."""
    key = (font.fontName, text)
    found = asked.get(key)
    if found is None:
        split = tuple(font.splitString(text, doc))
        found = asked[key] = (split, tuple(font.getSubsetInternalName(subset, doc) for subset, _ in split))
    return found


def _operators(canvas, line: Line, splits: tuple, names: tuple) -> tuple[str, str]:
    """:func:`line_operators` given each glyph's subsets (``splits``: the
    (subset, bytes) pairs ReportLab's ``splitString`` gave) and their names:
    the operators before the line's ``Tm`` and those after it."""
    ops: list[str] = [f"/Span <</ActualText {actual_text(line.source or line.text)}>> BDC", "BT"]
    pen = 0.0  # current text position, relative to the line start
    cur_font: str | None = None
    cur_size: float | None = None
    cur_scale = 100.0
    cur_bold = False
    # one TJ array for as long as the font, size, scale and bold stay (a glyph's characters and the next
    # glyph's in the same subset are one show: fewer operators for every reader of the page)
    parts: list[str] = []
    run = bytearray()

    def show() -> None:
        if run:
            parts.append(f"({escape(canvas, bytes(run))})")
            run.clear()
        if parts:
            ops.append(f"[{' '.join(parts)}] TJ")
            parts.clear()

    for g, split, split_names in zip(line.glyphs, splits, names, strict=True):
        if g.bold != cur_bold:
            show()
            ops.append(f"{fp_str(g.size * SYNTHETIC_BOLD)} w 2 Tr" if g.bold else "0 Tr")
            cur_bold = g.bold
        widths = g.face.widths
        if g.hscale != cur_scale:
            show()
            ops.append(f"{fp_str(g.hscale)} Tz")
            cur_scale = g.hscale
        k = g.hscale / 100.0
        pos = g.x  # where the next character of g goes
        i = 0  # next character of g.text
        for (_subset, data), name in zip(split, split_names, strict=True):
            if name != cur_font or g.size != cur_size:
                show()
                ops.append(f"{name} {fp_str(g.size)} Tf")
                cur_font, cur_size = name, g.size
            for byte in data:
                delta = pos - pen
                if abs(delta) > 1e-4:
                    if run:
                        parts.append(f"({escape(canvas, bytes(run))})")
                        run.clear()
                    parts.append(fp_str(-delta * 1000.0 / (g.size * k)))
                    pen = pos
                run.append(byte)
                adv = widths.get(ord(g.text[i]), 1000) / 1000.0 * g.size * k
                pen += adv
                pos += adv
                i += 1
    show()
    if cur_scale != 100.0:
        ops.append("100 Tz")
    if cur_bold:
        ops.append("0 Tr")
    ops.append("ET")
    ops.append("EMC")
    if any(g.bold for g in line.glyphs):
        # the stroke width of a synthetic bold stays inside this line
        ops.insert(0, "q")
        ops.append("Q")
    at = ops.index("BT") + 1  # the Tm goes here
    return "\n".join(ops[:at]), "\n".join(ops[at:])


def artifact_operators(canvas, x: float, y: float, line: Line) -> str:
    """:func:`line_operators` for a line that is no part of the content (a
    draft's tag): an ``/Artifact`` sequence instead of the ``/Span`` (no
    ``/ActualText``: that belongs to a span), which the typography audit
    leaves out."""
    span = f"/Span <</ActualText {actual_text(line.source or line.text)}>> BDC"
    return line_operators(canvas, x, y, line).replace(span, "/Artifact <</Type /Layout>> BDC", 1)


def actual_text(text: str) -> str:
    """``text`` as a PDF hex string (UTF-16BE with its byte-order mark): what
    a reader extracts for the line instead of guessing spaces from gaps."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"
