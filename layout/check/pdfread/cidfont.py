"""What the preflight checks of a composite font (``Type0``) beyond its
program being embedded: that it is whole and that its widths are the
program's.

A ``Type0`` font draws through one descendant CIDFont; a reader places
each glyph by the descendant's ``W`` (``DW`` for a CID it does not list)
while the glyph's outline comes from the embedded program through
``CIDToGIDMap``.  Widths that disagree with the program's advances print
glyphs crowded or apart from where the text was set, and a CID mapped
past the program's glyphs prints nothing — neither shows in a text
extract.  :func:`composite_faults` says what is wrong, in words; an empty
list is a font a RIP draws as the PDF describes it.
"""

from __future__ import annotations

import re
import struct
from typing import Any

import pikepdf

from .objects import dget, name_of, num

WIDTH_SLACK = 1.0
"""How far (thousandths of the em) a width may be from the program's
advance: the advance per mille of the em rounds in ``W``."""
SHOWN = 3
"""Disagreeing CIDs named in a fault (the count says the rest)."""
_TAG = re.compile(r"^[A-Z]{6}\+")


def _tables(program: bytes) -> dict[bytes, tuple[int, int]]:
    count = struct.unpack(">H", program[4:6])[0]
    out = {}
    for n in range(count):
        tag, _sum, offset, length = struct.unpack(">4sLLL", program[12 + 16 * n : 28 + 16 * n])
        out[tag] = (offset, length)
    return out


def program_advances(program: bytes) -> list[float]:
    """Each glyph's advance in thousandths of the em, from a TrueType
    program's ``hmtx`` (``hhea``'s count of full metrics, ``head``'s units)."""
    tables = _tables(program)
    head, hhea, hmtx, maxp = (tables[t][0] for t in (b"head", b"hhea", b"hmtx", b"maxp"))
    units = struct.unpack(">H", program[head + 18 : head + 20])[0] or 1000
    metrics = struct.unpack(">H", program[hhea + 34 : hhea + 36])[0]
    glyphs = struct.unpack(">H", program[maxp + 4 : maxp + 6])[0]
    if not 0 < metrics <= glyphs:
        raise ValueError(f"hhea gives {metrics} metrics for {glyphs} glyphs")
    full = struct.unpack(f">{2 * metrics}H", program[hmtx : hmtx + 4 * metrics])[0::2]
    scale = 1000.0 / units
    advances = [a * scale for a in full]
    return advances + [advances[-1]] * (glyphs - metrics)


def widths_of(w: Any) -> dict[int, float]:
    """A ``W`` array as CID → width."""
    out: dict[int, float] = {}
    items = list(w) if w is not None else []
    i = 0
    while i + 1 < len(items):
        first, nxt = int(num(items[i])), items[i + 1]
        if isinstance(nxt, pikepdf.Array):
            for j, v in enumerate(nxt):
                out[first + j] = num(v)
            i += 2
        elif i + 2 < len(items):
            last, width = int(num(nxt)), num(items[i + 2])
            for c in range(first, min(last, first + 70000) + 1):
                out[c] = width
            i += 3
        else:
            break
    return out


def composite_faults(font: Any) -> list[str]:
    """What is wrong with the ``Type0`` font dictionary ``font`` (see the
    module docstring); [] for a sound one.  Embedding itself is R10's
    other check (:func:`layout.check.pdfread.fonts.font_embedded`)."""
    faults: list[str] = []
    if dget(font, "/Encoding") is None:
        faults.append("no /Encoding (CMap)")
    descendants = dget(font, "/DescendantFonts")
    if not isinstance(descendants, pikepdf.Array) or len(descendants) != 1:
        return [*faults, "not exactly one descendant CIDFont"]
    cid = descendants[0]
    sub = name_of(dget(cid, "/Subtype"))
    if sub not in ("CIDFontType0", "CIDFontType2"):
        return [*faults, f"descendant of subtype {sub}, not a CIDFont"]
    if dget(cid, "/CIDSystemInfo") is None:
        faults.append("no /CIDSystemInfo")
    desc = dget(cid, "/FontDescriptor")
    base = name_of(dget(cid, "/BaseFont")) or ""
    if desc is not None and name_of(dget(desc, "/FontName")) != base:
        faults.append(f"its descriptor names {name_of(dget(desc, '/FontName'))}, the CIDFont {base}")
    if _TAG.match(base) is None and "+" in base:
        faults.append(f"subset tag of {base} is not six capital letters")
    program = dget(desc, "/FontFile2") if desc is not None else None
    if sub != "CIDFontType2" or not isinstance(program, pikepdf.Stream):
        return faults  # a CFF program (CIDFontType0): its widths are not read here
    try:
        advances = program_advances(program.read_bytes())
    except (ValueError, KeyError, struct.error, pikepdf.PdfError) as exc:
        return [*faults, f"its TrueType program cannot be read ({exc})"]
    to_gid = dget(cid, "/CIDToGIDMap")
    widths = widths_of(dget(cid, "/W"))
    default = num(dget(cid, "/DW"), 1000.0)
    if isinstance(to_gid, pikepdf.Stream):
        data = to_gid.read_bytes()
        gids = list(struct.unpack(f">{len(data) // 2}H", data[: len(data) // 2 * 2]))
        cids = sorted(set(range(len(gids))) | set(widths))
    elif name_of(to_gid) in (None, "Identity"):
        gids = None
        cids = sorted(widths)
    else:
        return [*faults, f"/CIDToGIDMap is {to_gid}"]
    beyond: list[int] = []
    wrong: list[str] = []
    for c in cids:
        g = c if gids is None else (gids[c] if c < len(gids) else 0)
        if g >= len(advances):
            beyond.append(c)
            continue
        w = widths.get(c, default)
        if c and abs(w - advances[g]) > WIDTH_SLACK:  # (CID 0, .notdef, is drawn at whatever width the text gave it)
            wrong.append(f"CID {c} {w:g} (glyph {g}: {advances[g]:g})")
    if beyond:
        faults.append(f"{len(beyond)} CID(s) map past the program's {len(advances)} glyphs (e.g. {beyond[0]})")
    if wrong:
        faults.append(f"{len(wrong)} width(s) differ from the program's advances: {', '.join(wrong[:SHOWN])}")
    return faults
