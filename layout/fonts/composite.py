"""A face written as ONE composite font of a PDF: ``Type0`` over a
``CIDFontType2``, ``Identity-H`` (two-byte codes), the characters a
document draws in one subset TrueType program.

ReportLab embeds a TrueType face as subsets of 256 glyphs, so a line of
Chinese switched font every one to three characters (a ``Tf`` and a new
show each time) and every reader of the page (the page hash, the
preflight, pdfium for the previews and the audit) paid for each of those
operators.  Here a face has one font dictionary a document:

* its codes: character *i* of the document's order (the order
  :func:`layout.render.text.give_codes` gives) is CID *i* + 1, written as
  two bytes; CID 0 is the ``.notdef`` glyph, the code of a character the
  face lacks (its ``ToUnicode`` entry is U+0000: the preflight's R10 warns
  of it, as it did of ReportLab's ``.notdef``);
* its program: ReportLab's subsetter (``TTFontFile.makeSubset``) given the
  characters in that order — glyph 0 stays ``.notdef``, the glyphs follow
  in the order of their characters' first use, composite glyphs' parts
  after them; the program's own ``cmap`` (format 6, code *i* → new glyph)
  says which glyph each CID draws, and ``CIDToGIDMap`` says it to the
  reader;
* ``W``: each CID's advance, the composer's widths (the face's ``hmtx``
  per mille of the em), ``DW`` 1000 for the rest;
* ``ToUnicode``: each CID's character (UTF-16BE, a character beyond the
  BMP as its surrogate pair);
* a ``FontDescriptor`` as ReportLab writes one for its subsets, with
  ``FontFile2`` and the subset tag ``ABCDEF+`` made from the characters.

Every byte follows from the face's file and the characters in their
order: the same characters give the same objects.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEFAULT_WIDTH = 1000
"""``DW``: the advance of a CID not listed in ``W`` (a Han character's)."""
BFCHAR_BLOCK = 100
"""Entries of one ``beginbfchar`` block (the CMap format's limit)."""


def subset_tag(digest: str, chars: str) -> str:
    """Six capital letters naming the subset (ISO 32000-1 9.6.4): a digest
    of the face's file and the characters, so other characters give
    another tag and the same ones the same."""
    h = hashlib.sha256(f"{digest}\0{chars}".encode("utf-8", "surrogatepass")).digest()
    return "".join(chr(ord("A") + b % 26) for b in h[:6])


def program_glyphs(program: bytes, count: int) -> list[int]:
    """The glyph of each of the first ``count`` codes of a subset program
    ReportLab's subsetter made: its ``cmap`` is one format-6 subtable from
    code 0 (the ``count`` characters it was given, in order)."""
    tables = struct.unpack(">H", program[4:6])[0]
    for n in range(tables):
        tag, _sum, offset, _length = struct.unpack(">4sLLL", program[12 + 16 * n : 28 + 16 * n])
        if tag == b"cmap":
            break
    else:
        raise ValueError("subset program without a cmap")
    sub = offset + struct.unpack(">L", program[offset + 8 : offset + 12])[0]
    fmt, _len, _lang, first, entries = struct.unpack(">HHHHH", program[sub : sub + 10])
    if fmt != 6 or first != 0 or entries < count:
        raise ValueError(f"subset program's cmap is format {fmt} from {first}, {entries} codes; {count} expected")
    return list(struct.unpack(f">{count}H", program[sub + 10 : sub + 10 + 2 * count]))


def _num(v: float) -> str:
    if v == int(v):
        return str(int(v))
    return f"{v:.3f}".rstrip("0").rstrip(".")


def widths_array(widths: list[float], default: float = DEFAULT_WIDTH) -> str:
    """``W`` of CIDs 1, 2, … with these advances: each run of CIDs whose
    advance is not ``default`` as ``first [w w …]``."""
    out: list[str] = []
    run: list[str] = []
    start = 0
    for cid, w in enumerate(widths, start=1):
        if w == default:
            if run:
                out.append(f"{start} [{' '.join(run)}]")
                run = []
            continue
        if not run:
            start = cid
        run.append(_num(w))
    if run:
        out.append(f"{start} [{' '.join(run)}]")
    return "[" + "\n".join(out) + "]"


def _utf16(text: str) -> str:
    return text.encode("utf-16-be", "surrogatepass").hex().upper()


def to_unicode_cmap(chars: str, notdef: bool) -> bytes:
    """A ``ToUnicode`` CMap: CID *i* + 1 → ``chars[i]`` (and CID 0 → U+0000
    where ``notdef``: a character the face lacks was drawn)."""
    entries = [f"<{cid:04X}> <{_utf16(ch)}>" for cid, ch in enumerate(chars, start=1)]
    if notdef:
        entries.insert(0, "<0000> <0000>")
    body = []
    for i in range(0, len(entries), BFCHAR_BLOCK):
        block = entries[i : i + BFCHAR_BLOCK]
        body.append(f"{len(block)} beginbfchar\n" + "\n".join(block) + "\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(body)
        + "\nendcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend\n"
    ).encode("ascii")


@dataclass
class CompositeFont:
    """One face in one document: its characters' codes, and the objects
    :meth:`addObjects` writes when the document is saved (ReportLab calls
    it for each of the document's ``delayedFonts``).

    ``face``: a :class:`layout.fonts.faces.Face`; ``name``: the resource
    name pages use (``/C0``); ``program``: code points in order → the
    subset's TrueType program (ReportLab's ``makeSubset``, or a kept copy
    of what it made)."""

    face: Any
    name: str
    program: Callable[[list[int]], bytes]
    chars: list[str] = field(default_factory=list)
    codes: dict[str, bytes] = field(default_factory=dict)
    notdef: bool = False
    written: bool = False

    def add(self, chars: str) -> None:
        """Give each character of ``chars`` without a code the next CID."""
        for ch in chars:
            self.code(ch)

    def code(self, ch: str) -> bytes:
        """The two bytes ``ch`` is shown by (a new CID for a character the
        document has not drawn yet; the ``.notdef`` CID 0 for one the face
        lacks)."""
        found = self.codes.get(ch)
        if found is None:
            if self.written:
                raise RuntimeError(f"{self.face.key}: character {ch!r} drawn after the fonts were written")
            if self.face.has(ch):
                self.chars.append(ch)
                found = len(self.chars).to_bytes(2, "big")
            else:
                found = b"\0\0"
                self.notdef = True
            self.codes[ch] = found
        return found

    def encode(self, text: str) -> bytes:
        return b"".join([self.code(ch) for ch in text])

    # ------------------------------------------------------------------ the PDF objects
    def addObjects(self, doc: Any) -> None:  # ReportLab calls it by this name
        from reportlab.pdfbase import pdfdoc

        self.written = True
        ttf = self.face.reportlab().face
        chars = "".join(self.chars)
        base = f"{subset_tag(self.face.sha256, chars)}+{ttf.name.decode('latin-1')}"
        program = self.program([ord(ch) for ch in chars])
        glyphs = program_glyphs(program, len(chars))

        def stream(content: bytes, **entries: Any) -> Any:
            s = pdfdoc.PDFStream(content=content)
            s.dictionary.dict.update(entries)
            if doc.compression:
                s.filters = [pdfdoc.PDFZCompress]
            return s

        key = f"{self.face.sha256[:16]}:{base}"
        file_ref = doc.Reference(stream(program, Length1=len(program)), f"cidFontFile:{key}")
        gid_ref = doc.Reference(stream(struct.pack(f">{len(glyphs) + 1}H", 0, *glyphs)), f"cidToGid:{key}")
        cmap_ref = doc.Reference(stream(to_unicode_cmap(chars, self.notdef)), f"cidToUnicode:{key}")
        flags = (ttf.flags & ~32) | 4  # symbolic, as ReportLab writes its subsets'
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor",
            "FontName": pdfdoc.PDFName(base),
            "Flags": flags,
            "FontBBox": pdfdoc.PDFArray(ttf.bbox),
            "ItalicAngle": ttf.italicAngle,
            "Ascent": ttf.ascent,
            "Descent": ttf.descent,
            "CapHeight": ttf.capHeight,
            "StemV": ttf.stemV,
            "MissingWidth": ttf.defaultWidth,
            "FontFile2": file_ref,
        })
        widths = self.face.widths
        cid_font = pdfdoc.PDFDictionary({
            "Type": "/Font",
            "Subtype": "/CIDFontType2",
            "BaseFont": pdfdoc.PDFName(base),
            "CIDSystemInfo": "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>",
            "FontDescriptor": doc.Reference(descriptor, f"cidDescriptor:{key}"),
            "DW": DEFAULT_WIDTH,
            "W": widths_array([widths.get(ord(ch), DEFAULT_WIDTH) for ch in chars]),
            "CIDToGIDMap": gid_ref,
        })
        font = pdfdoc.PDFDictionary({
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": pdfdoc.PDFName(base),
            "Encoding": "/Identity-H",
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font, f"cidFont:{key}")]),
            "ToUnicode": cmap_ref,
        })
        internal = self.name[1:]
        doc.idToObject["BasicFonts"].dict[internal] = doc.Reference(font, internal)
