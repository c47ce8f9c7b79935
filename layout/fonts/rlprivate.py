"""ReportLab's private API, used from here only.

ReportLab has no public way to ask whether a font is registered without a
search through every Type 1 metrics file on the machine, nor to write raw
content-stream operators or reach the document a canvas subsets fonts
into.  Every such reach into its internals is one function here, so a
ReportLab upgrade that moves them breaks in one place.
"""

from __future__ import annotations

import re
from typing import Any


def registered_font(name: str) -> Any | None:
    """The font registered under ``name``, or None (no search on disk)."""
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics._fonts.get(name)


def canvas_document(canvas: Any) -> Any:
    """The PDF document behind a canvas (font subsets are kept per document)."""
    return canvas._doc


def add_font(doc: Any, font: Any) -> None:
    """Have the document call ``font.addObjects(doc)`` when it is saved
    (what ReportLab does for its own TrueType fonts: their objects are
    written once every page has been drawn)."""
    doc.delayedFonts.append(font)


def append_operators(canvas: Any, ops: str) -> None:
    """Write content-stream operators into the current page as they are."""
    canvas._code.append(ops)


# ------------------------------------------------------------------ a TrueType face read once

# the file's bytes, a function made from unitsPerEm, and the glyph → characters map, which
# only ReportLab's HarfBuzz shaping reads (never used here: the composer places every glyph)
_NOT_STATE = ("_ttf_data", "_pdfScale", "glyphToChar")


def lighten(face: Any, data: Any) -> None:
    """A face just parsed, made as :func:`face_from_state` makes one: the
    file's bytes ``data`` (a mapping of the file) in place of the copy read
    for the parse, and none of what :data:`_NOT_STATE` leaves out kept."""
    face._ttf_data = data
    vars(face).pop("glyphToChar", None)


def face_header(filename: str, data: Any) -> Any:
    """A ``TTFontFace`` of the file ``filename`` (bytes ``data``) with what
    ReportLab reads of its name, head, OS/2, post, hhea and maxp tables
    (``extractInfo`` without its character tables: ``charToGlyph`` and the
    widths are None, for :func:`set_char_info`)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFontFace, TTFontFile

    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)  # as TTFontFace.__init__ does
    face.filename = filename  # as the parser's readFile sets them (it keeps bytes it is given)
    face._ttf_data = data
    TTFontFile.__init__(face, filename, charInfo=0)
    return face


def header_tables(face: Any) -> tuple[dict[str, dict[str, Any]], int, int]:
    """The table directory, the glyph count and the units per em a :func:`face_header` read."""
    return face.table, face.numGlyphs, face.unitsPerEm


def set_char_info(face: Any, info: dict[str, Any]) -> None:
    """The character tables (:func:`layout.fonts.sfnt.char_info`) into a
    :func:`face_header` face: what ``extractInfo`` would have set."""
    vars(face).update(info)


def face_state(face: Any) -> dict[str, Any]:
    """What ReportLab read from a TrueType file (a ``TTFontFace``'s
    attributes) as plain values, for :func:`marshal`: its names (bytes that
    carry their text) as their text, the file's bytes left out."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    plain: dict[str, Any] = {}
    names: dict[str, str] = {}
    for key, value in vars(face).items():
        if key in _NOT_STATE:
            continue
        if isinstance(value, TTFNameBytes):
            names[key] = value.ustr
        else:
            plain[key] = value
    return {"attributes": plain, "names": names}


def face_from_state(state: dict[str, Any], data: Any) -> Any:
    """The ``TTFontFace`` that :func:`face_state` was taken of, given the
    file's bytes: the same attributes, no parse of the file."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

    face = TTFontFace.__new__(TTFontFace)
    attributes = dict(state["attributes"])
    attributes.update({key: TTFNameBytes(text.encode("utf8")) for key, text in state["names"].items()})
    vars(face).update(attributes)
    face._ttf_data = data
    units = face.unitsPerEm
    if units == 1000:  # as TTFontFile.extractInfo makes it
        face._pdfScale = lambda x: x
    else:
        mult = 1000 / units
        face._pdfScale = lambda x: x * mult
    return face


def ttfont_of_face(name: str, filename: str, face: Any) -> Any:
    """A ReportLab ``TTFont`` built by its own constructor around a face
    already read (the constructor makes its face from the file name: it is
    handed this one instead)."""
    from reportlab.pdfbase import ttfonts

    made = ttfonts.TTFontFace
    ttfonts.TTFontFace = lambda *args, **kwargs: face
    try:
        return ttfonts.TTFont(name, filename)
    finally:
        ttfonts.TTFontFace = made


def subset_program(face: Any, subset: list[int]) -> bytes:
    """ReportLab's subset program of the characters ``subset`` of the
    ``TTFontFace`` ``face`` (``makeSubset``), every glyph's advance in its
    ``hmtx`` in the font's units.  ReportLab's parse keeps a glyph past
    ``hhea``'s count of full metrics at the last full advance in
    thousandths of the em (the unit of its widths, not of the file) and
    its subsetter writes that back as font units: in a face of 1024 units
    (HanaMin) such a glyph's program said 976.6 where its width said 1000,
    a disagreement the preflight's R10 now reads.  The subsetter is given
    those glyphs' metrics in font units (a face of 1000 units is as it was)."""
    if face.unitsPerEm == 1000:
        return face.makeSubset(subset)
    hhea = face.table["hhea"]["offset"]
    full = int.from_bytes(face._ttf_data[hhea + 34 : hhea + 36], "big")
    made = face.hmetrics
    if 0 < full <= len(made):
        last = made[full - 1][0]
        face.hmetrics = made[:full] + [(last, lsb) for _aw, lsb in made[full:]]
    try:
        return face.makeSubset(subset)
    finally:
        face.hmetrics = made


def use_flate(compress: Any) -> None:
    """ReportLab's Flate filter (what compresses its streams: page contents,
    font programs) made to call ``compress`` (bytes → bytes, the bytes
    ``zlib.compress`` gives) in place of ``zlib.compress``."""
    from reportlab.pdfbase import pdfdoc

    class _Flate(pdfdoc.PDFStreamFilterZCompress):
        def encode(self, text: str | bytes) -> bytes:
            return compress(text.encode("utf8") if isinstance(text, str) else text)

    pdfdoc.PDFZCompress = _Flate()


# ------------------------------------------------------------------ ToUnicode beyond the BMP


_BEYOND_BMP = re.compile(r"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>$", re.MULTILINE)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ``makeToUnicodeCMap`` with each character beyond the BMP
    written as UTF-16BE, as the PDF reference requires: ReportLab writes the
    code point in hex, so 𠮷 (U+20BB7) became ``<20BB7>`` and a reader took it
    for U+20BB ₻ followed by a stray digit — searching or copying the name of
    a person with a rare character gave the wrong text."""
    from reportlab.pdfbase import ttfonts

    made = getattr(ttfonts, "_layout_made_tounicode", ttfonts.makeToUnicodeCMap)
    return _BEYOND_BMP.sub(lambda m: m[1] + "<" + chr(int(m[2], 16)).encode("utf-16-be").hex().upper() + ">",
                           made(fontname, subset))


def tounicode_as_utf16() -> None:
    """Have ReportLab write its subsets' ToUnicode maps with :func:`_to_unicode_cmap`
    (the same bytes for every character of the BMP)."""
    from reportlab.pdfbase import ttfonts

    if ttfonts.makeToUnicodeCMap is not _to_unicode_cmap:
        ttfonts._layout_made_tounicode = ttfonts.makeToUnicodeCMap  # ReportLab's own, kept once
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
