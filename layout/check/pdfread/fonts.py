"""The fonts of a PDF: glyph widths, ToUnicode maps, embedding."""

from __future__ import annotations

import contextlib
import re
import struct
from typing import Any

import pikepdf

from .objects import box_of, dget, name_of, num, stream_bytes, text_of


class PdfFont:
    def __init__(self, fontdict: Any) -> None:
        self.dict = fontdict
        self.subtype = name_of(dget(fontdict, "/Subtype")) or "?"
        self.name = name_of(dget(fontdict, "/BaseFont")) or text_of(dget(fontdict, "/Name", "?"))
        self.two_byte = self.subtype == "Type0"
        self.vertical = False
        self.scale = 0.001
        self.first = 0
        self.widths: list[float] = []
        self.cid_widths: dict[int, float] = {}
        self.default_width = 500.0
        self.ascent = 0.8
        self.descent = -0.2
        self._tounicode: dict[int, str] | None = None
        self._byte_widths: list[float] | None = None
        self._notdef: frozenset[int] | None = None  # the codes mapped to U+0000
        desc = None
        df = None
        try:
            if self.subtype == "Type0":
                enc = dget(fontdict, "/Encoding")
                encname = name_of(enc) or ""
                self.vertical = encname.endswith("-V")
                if isinstance(enc, pikepdf.Stream):
                    self.vertical = int(num(dget(enc, "/WMode"), 0)) == 1
                dfs = dget(fontdict, "/DescendantFonts")
                df = dfs[0] if dfs is not None and len(dfs) else None
                if df is not None:
                    self.name = name_of(dget(df, "/BaseFont")) or self.name
                    self.default_width = num(dget(df, "/DW"), 1000.0)
                    self._parse_w(dget(df, "/W"))
                    desc = dget(df, "/FontDescriptor")
            elif self.subtype == "Type3":
                fm = dget(fontdict, "/FontMatrix")
                self.scale = num(fm[0], 0.001) if fm is not None else 0.001
                self.first = int(num(dget(fontdict, "/FirstChar"), 0))
                self.widths = [num(w) for w in (dget(fontdict, "/Widths") or [])]
                fb = box_of(dget(fontdict, "/FontBBox"))
                ys = num(fm[3], 0.001) if fm is not None else 0.001
                if fb is not None:
                    self.ascent, self.descent = fb[3] * ys, fb[1] * ys
            else:
                self.first = int(num(dget(fontdict, "/FirstChar"), 0))
                self.widths = [num(w) for w in (dget(fontdict, "/Widths") or [])]
                desc = dget(fontdict, "/FontDescriptor")
            if desc is not None:
                self.default_width = num(dget(desc, "/MissingWidth"), self.default_width) or self.default_width
                asc, dsc = num(dget(desc, "/Ascent"), 0.0), num(dget(desc, "/Descent"), 0.0)
                if asc > 0:
                    self.ascent = asc * 0.001
                if dsc < 0:
                    self.descent = dsc * 0.001
        except Exception:
            pass
        if self.subtype == "Type0" and df is not None and "/DW" not in df:
            self.default_width = 1000.0

    def _parse_w(self, w: Any) -> None:
        if w is None:
            return
        items = list(w)
        i = 0
        while i < len(items):
            first = int(num(items[i]))
            nxt = items[i + 1] if i + 1 < len(items) else None
            if isinstance(nxt, pikepdf.Array):
                for j, v in enumerate(nxt):
                    self.cid_widths[first + j] = num(v)
                i += 2
            elif i + 2 < len(items):
                last, width = int(num(nxt)), num(items[i + 2])
                if last - first <= 70000:
                    for c in range(first, last + 1):
                        self.cid_widths[c] = width
                i += 3
            else:
                break

    def codes(self, data: bytes) -> list[int]:
        if self.two_byte:  # two bytes a code, big-endian; an odd last byte the high byte of a code
            if len(data) & 1:
                data += b"\0"
            return list(struct.unpack(f">{len(data) >> 1}H", data))
        return list(data)

    def byte_widths(self) -> list[float]:
        """:meth:`width` of every one-byte code, as a table (the same values)."""
        if self._byte_widths is None:
            self._byte_widths = [self.width(c) for c in range(256)]
        return self._byte_widths

    def width(self, code: int) -> float:
        """Advance of a glyph in text space units per unit font size."""
        if self.two_byte:
            return self.cid_widths.get(code, self.default_width) * self.scale
        i = code - self.first
        if 0 <= i < len(self.widths):
            return self.widths[i] * self.scale
        return self.default_width * self.scale

    def _map(self) -> dict[int, str]:
        if self._tounicode is None:
            self._tounicode = parse_tounicode(dget(self.dict, "/ToUnicode"))
        return self._tounicode

    def notdef(self, codes: list[int]) -> int:
        """How many codes the font maps to U+0000 (ReportLab's .notdef for a
        character missing from a TrueType font: printed as an empty box)."""
        if self._notdef is None:
            self._notdef = frozenset(c for c, ch in self._map().items() if ch == "\x00")
        return sum(1 for c in codes if c in self._notdef) if self._notdef else 0

    def decode(self, codes: list[int]) -> str:
        self._map()
        assert self._tounicode is not None
        out = []
        for c in codes:
            if c in self._tounicode:
                out.append(self._tounicode[c])
            elif not self.two_byte and 32 <= c < 127:
                out.append(chr(c))
            else:
                out.append("�")
        return "".join(out)


_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def _utf16(hexstr: bytes) -> str:
    h = re.sub(rb"\s", b"", hexstr)
    try:
        return bytes.fromhex(h.decode()).decode("utf-16-be", "replace")
    except ValueError:
        return "�"


def parse_tounicode(stream: Any) -> dict[int, str]:
    out: dict[int, str] = {}
    if not isinstance(stream, pikepdf.Stream):
        return out
    data = stream_bytes(stream)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[0::2], pairs[1::2], strict=False):
            with contextlib.suppress(ValueError):
                out[int(src, 16)] = _utf16(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for m in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])", block):
            lo, hi = int(m.group(1), 16), int(m.group(2), 16)
            dst = m.group(3)
            if hi - lo > 65536:
                continue
            if dst.startswith(b"["):
                for i, d in enumerate(_HEX.findall(dst)):
                    out[lo + i] = _utf16(d)
            else:
                base = _utf16(dst[1:-1])
                if base:
                    for i in range(hi - lo + 1):
                        out[lo + i] = base[:-1] + chr(min(ord(base[-1]) + i, 0x10FFFF))
    return out


def font_embedded(fontdict: Any) -> bool:
    sub = name_of(dget(fontdict, "/Subtype"))
    if sub == "Type3":
        return True
    target = fontdict
    if sub == "Type0":
        dfs = dget(fontdict, "/DescendantFonts")
        if dfs is None or len(dfs) == 0:
            return False
        target = dfs[0]
    desc = dget(target, "/FontDescriptor")
    if desc is None:
        return False
    return any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


