"""A TrueType file's character tables read with numpy: what ReportLab's
``TTFontFile.extractInfo`` computes one value at a time in Python (a tenth
of a second a CJK face), as whole arrays.

:func:`char_info` gives exactly the attributes ReportLab's own parse sets
from the ``cmap``, ``hmtx`` and ``loca`` tables — the same values, in the
same order of their dictionaries' keys (``tests/fonts/test_sfnt.py``
compares them with ReportLab's parse of every face in ``fonts/``).  A file
whose tables it does not know how to read as ReportLab does (a ``cmap``
subtable other than formats 4 and 12) gives None: the caller lets
ReportLab parse it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Header:
    """What ReportLab's parse of the file's other tables knows already."""

    tables: dict[str, dict[str, Any]]  # tag → its record (offset, length)
    num_glyphs: int
    units_per_em: int


def _u16(data: Any, at: int, n: int) -> np.ndarray:
    return np.frombuffer(data[at : at + 2 * n], ">u2").astype(np.int64)


def _cmap_offset(data: Any, cmap: int) -> int | None:
    """The subtable ReportLab chooses (its rules: the last platform-3 record,
    else Unicode, else Macintosh Roman), as an offset in the file."""
    version, count = struct.unpack(">HH", data[cmap : cmap + 4])
    if count == 0 and version != 0:
        count, version = version, count
    encoffs = None
    enc = 0
    records = data[cmap + 4 : cmap + 4 + 8 * count]
    for n in range(count):
        platform, encoding, offset = struct.unpack(">HHL", records[8 * n : 8 * n + 8])
        if platform == 3:
            enc, encoffs = 1, offset
        elif platform == 1 and encoding == 0 and enc != 1:
            enc, encoffs = 2, offset
        elif platform == 1 and encoding == 1:
            enc, encoffs = 1, offset
        elif platform == 0 and encoding != 5:
            enc, encoffs = 1, offset
    return None if encoffs is None else cmap + encoffs


def _format4(data: Any, at: int) -> tuple[np.ndarray, np.ndarray]:
    """Characters and glyphs in ReportLab's order (segment by segment)."""
    length = struct.unpack(">H", data[at + 2 : at + 4])[0]
    limit = at + length
    seg = struct.unpack(">H", data[at + 6 : at + 8])[0] // 2
    ends = _u16(data, at + 14, seg)
    starts = _u16(data, at + 16 + 2 * seg, seg)
    deltas = np.frombuffer(data[at + 16 + 4 * seg : at + 16 + 6 * seg], ">i2").astype(np.int64)
    ro_start = at + 16 + 6 * seg
    ranges = _u16(data, ro_start, seg)
    counts = np.maximum(ends - starts + 1, 0)
    which = np.repeat(np.arange(seg), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    chars = starts[which] + (np.arange(len(which)) - first)
    direct = (chars + deltas[which]) & 0xFFFF
    offsets = (chars - starts[which]) * 2 + ranges[which] + ro_start + 2 * which
    indirect = ranges[which] != 0
    glyphs = np.where(indirect, 0, direct)
    inside = indirect & (offsets < limit)
    if inside.any():
        lo = int(offsets[inside].min())
        hi = int(offsets[inside].max()) + 2
        table = np.frombuffer(data[lo:hi], np.uint8).astype(np.int64)
        at_ = offsets[inside] - lo
        found = table[at_] << 8 | table[at_ + 1]
        found = np.where(found != 0, (found + deltas[which][inside]) & 0xFFFF, 0)
        glyphs[inside] = found
    return chars, glyphs


def _format12(data: Any, at: int) -> tuple[np.ndarray, np.ndarray]:
    groups = struct.unpack(">L", data[at + 12 : at + 16])[0]
    g = np.frombuffer(data[at + 16 : at + 16 + 12 * groups], ">u4").astype(np.int64).reshape(-1, 3)
    starts, ends, first_glyph = g[:, 0], g[:, 1], g[:, 2]
    counts = np.maximum(ends - starts + 1, 0)
    which = np.repeat(np.arange(groups), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    step = np.arange(len(which)) - first
    return starts[which] + step, first_glyph[which] + step


def char_info(data: Any, head: Header) -> dict[str, Any] | None:
    """``charToGlyph``, ``charWidths``, ``hmetrics``, ``defaultWidth``,
    ``glyphPos`` and the parser's final position ``_pos`` as ReportLab's
    ``extractInfo`` sets them (None: a table this reader leaves to ReportLab)."""
    tables = head.tables
    if any(tag not in tables for tag in ("cmap", "hhea", "hmtx", "loca", "head")):
        return None
    at = _cmap_offset(data, tables["cmap"]["offset"])
    if at is None:
        return None
    fmt = struct.unpack(">H", data[at : at + 2])[0]
    if fmt == 4:
        chars, glyphs = _format4(data, at)
    elif fmt == 12:
        chars, glyphs = _format12(data, at)
    else:
        return None
    h = tables["head"]["offset"]
    index_format, glyph_format = struct.unpack(">HH", data[h + 50 : h + 54])
    if glyph_format != 0 or index_format not in (0, 1):
        return None
    hh = tables["hhea"]["offset"]
    metric_format, n_metrics = struct.unpack(">HH", data[hh + 32 : hh + 36])
    n_glyphs = head.num_glyphs
    if metric_format != 0 or not 0 < n_metrics <= n_glyphs:
        return None
    codes = chars.tolist()  # one object per character, the key of both its glyph and its width (as in ReportLab)
    to_glyph = dict(zip(codes, glyphs.tolist(), strict=True))
    hm = tables["hmtx"]["offset"]
    pairs = _u16(data, hm, 2 * n_metrics).reshape(-1, 2)
    rest = _u16(data, hm + 4 * n_metrics, n_glyphs - n_metrics)
    # thousandths of an em: ReportLab's ints at 1000 units, else each times 1000 / units (the same
    # floats); one value per glyph, shared by its metrics and its characters' widths as in ReportLab
    # (a value per character would hold a megabyte more a face)
    raw = pairs[:, 0].tolist()
    if head.units_per_em == 1000:
        advances = raw
    else:
        mult = 1000 / head.units_per_em
        advances = [a * mult for a in raw]
    last = advances[-1]
    hmetrics = list(zip(raw, pairs[:, 1].tolist(), strict=True)) + [(last, lsb) for lsb in rest.tolist()]
    of_glyph = advances + [last] * (n_glyphs - n_metrics)
    # charWidths: by glyph (each glyph's characters in the cmap's order), the glyphs the font has
    order = np.argsort(glyphs, kind="stable")
    order = order[(glyphs[order] >= 0) & (glyphs[order] < n_glyphs)]
    widths = dict(zip([codes[i] for i in order.tolist()], [of_glyph[g] for g in glyphs[order].tolist()], strict=True))
    lo = tables["loca"]["offset"]
    if index_format == 0:
        pos = (_u16(data, lo, n_glyphs + 1) << 1).tolist()
        end = lo + 2 * (n_glyphs + 1)
    else:
        pos = np.frombuffer(data[lo : lo + 4 * (n_glyphs + 1)], ">u4").astype(np.int64).tolist()
        end = lo + 4 * (n_glyphs + 1)
    if len(pos) != n_glyphs + 1:
        return None  # a table cut short: ReportLab's parse reports it
    if (0x20 in to_glyph and 0x20 not in widths) or (0x20 not in to_glyph and 0xA0 in to_glyph and 0xA0 not in widths):
        return None  # ReportLab's parse fails on it: let it say so
    if 0x20 in to_glyph:
        to_glyph[0xA0] = to_glyph[0x20]
        widths[0xA0] = widths[0x20]
    elif 0xA0 in to_glyph:
        to_glyph[0x20] = to_glyph[0xA0]
        widths[0x20] = widths[0xA0]
    return {"charToGlyph": to_glyph, "charWidths": widths, "hmetrics": hmetrics, "defaultWidth": advances[0],
            "glyphPos": pos, "_pos": end}
