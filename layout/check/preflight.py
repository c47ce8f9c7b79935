"""Our own structural preflight of the print shop's requirements R1–R14.

No free ISO PDF/X validator exists, so :func:`preflight` checks the file the
way the shop's preflight would, structurally, with pikepdf:

* the document level (identification, output intent, Info/XMP, encryption,
  JavaScript, forms, annotations, page count) from the catalog and trailer;
* the page level by walking every page's content stream with
  :func:`pikepdf.parse_content_stream` while tracking the graphics state
  (q/Q, cm, gs, colour spaces and colours, the clip, the text state and text
  matrices), recursing into Form XObjects (with their /Matrix and
  /Resources), tiling patterns and annotation appearance streams.  Every
  painting operator (path fill/stroke, text, image, shading) is checked
  against the rules with its bounding box in default user space.

What each rule checks (failures name page, object and value):

R1  GTS_PDFXVersion in Info and (X-4) pdfxid:GTS_PDFXVersion in XMP, in
    agreement and as required by ``settings.standard``; X-1a also
    GTS_PDFXConformance and a classic xref table; PDF version (header or
    catalog /Version) at most 1.6 / 1.4 (lower: a warning).
R2  exactly one /S /GTS_PDFX OutputIntent with OutputConditionIdentifier and
    RegistryName; DestOutputProfile (required for X-4): /N 4 and an ICC
    header of class 'prtr', colour space 'CMYK'.
R3  TrimBox and BleedBox present on every page (pdfinfo shows absent boxes
    as the MediaBox), TrimBox ⊆ BleedBox ⊆ MediaBox.
R4  BleedBox ≥ bleed_mm past the TrimBox on every edge; every text run
    (glyph widths from the font's /Widths or /W) ≥ text_inset_mm inside
    the TrimBox; painted areas and images that reach the trim run bleed_mm
    past it.
R5  strokes in the registration colour (Separation /All) lie outside the
    BleedBox (and are counted as crop marks); nothing else is painted in
    /All inside it; strokes wholly outside the BleedBox use /All.
R6  no DeviceRGB / CalRGB / ICCBased RGB / Indexed or Separation/DeviceN
    over RGB in any painting colour, image, inline image, shading, pattern,
    transparency group or DefaultCMYK/DefaultGray; for X-1a no
    device-independent colour at all.
R7  text colour: never RGB, never rich black (K ≥ 80 % with C/M/Y) or CMY
    black; 0 0 0 1 k (or 0 g) text overprints (op true, OPM 1 for CMYK).
R8  C+M+Y+K (+ spots, /All = 400 %) of every painting colour inside the
    BleedBox, of shading end colours, and the per-pixel maximum of every
    CMYK image (stored samples through its /Decode array) ≤ the limit.
R9  effective ppi of every image placement (pixels ÷ placed size from the
    CTM at ``Do``): < ppi_warn warns, < ppi_fail fails.
R10 every font in the resources used (Type 3 excepted) has FontFile,
    FontFile2 or FontFile3; glyphs shown as .notdef warn.
R11 ExtGState CA/ca < 1, SMask, blend modes other than Normal/Compatible,
    images with SMask/SMaskInData, /Group /S /Transparency.
R12 Info Title, CreationDate, ModDate, Trapped /False; trailer /ID; XMP with
    the same title, dates (as instants), Trapped and GTS_PDFXVersion.
R13 no /Encrypt, JavaScript (names, OpenAction, bookmarks, annotations),
    /AA, /AcroForm, /Annots.
R14 page count a multiple of ``page_multiple``.

The shop's preflight stays the final gate; this one tells the designer what
to fix, with page, object and value, before the file leaves the building.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pikepdf

from layout.pdfx.label import read_icc_header

MM = 72.0 / 25.4  # points per millimetre

RULE_TITLES: dict[str, str] = {
    "R1": "PDF/X identification",
    "R2": "Output intent",
    "R3": "Page boxes",
    "R4": "Bleed and text inset",
    "R5": "Crop marks",
    "R6": "CMYK only",
    "R7": "Black text K-only, overprinting",
    "R8": "Total ink",
    "R9": "Image resolution",
    "R10": "Fonts embedded",
    "R11": "No transparency",
    "R12": "Info and XMP metadata",
    "R13": "No encryption, JavaScript, forms, annotations",
    "R14": "Page count",
}
RULES = list(RULE_TITLES)

MAX_DETAILS = 40  # per rule; the rest is counted

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfx": "http://ns.adobe.com/pdfx/1.3/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

PDFX_VERSIONS = {"PDF/X-4": (1, 6), "PDF/X-1a:2003": (1, 4)}


# ====================================================================== results


@dataclass
class RuleResult:
    rule: str  # "R1" … "R14"
    title: str  # short: "PDF/X identification"
    passed: bool
    details: list[str]  # what failed, where (page N, object, value) — or what was checked
    warnings: list[str]
    summary: str = ""  # one line for the report header

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "passed": self.passed,
            "summary": self.summary,
            "details": list(self.details),
            "warnings": list(self.warnings),
        }


@dataclass
class PreflightReport:
    path: Path
    results: list[RuleResult]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failed_rules(self) -> list[str]:
        return [r.rule for r in self.results if not r.passed]

    def result(self, rule: str) -> RuleResult:
        for r in self.results:
            if r.rule == rule:
                return r
        raise KeyError(rule)

    def format(self) -> str:
        lines = []
        for r in self.results:
            head = f"{r.rule:<4}{'PASS' if r.passed else 'FAIL'}  {r.title}"
            if r.summary:
                head += f" — {r.summary}"
            lines.append(head)
            for d in r.details:
                lines.append(f"      {d}")
            for w in r.warnings:
                lines.append(f"      warning: {w}")
        n_fail = len(self.failed_rules)
        lines.append("preflight passed" if n_fail == 0 else f"preflight FAILED: {', '.join(self.failed_rules)}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "passed": self.passed,
            "failed": self.failed_rules,
            "rules": [r.to_dict() for r in self.results],
        }


@dataclass(frozen=True)
class PreflightSettings:
    standard: str | None = None  # expected "PDF/X-4" / "PDF/X-1a:2003"; None: accept either
    bleed_mm: float = 3.0
    text_inset_mm: float = 5.0
    ppi_warn: float = 300.0
    ppi_fail: float = 150.0
    page_multiple: int = 4
    total_ink_limit: float = 300.0  # percent


class _Rule:
    """Collects one rule's findings; repeated findings (same key) are counted."""

    def __init__(self, rule: str) -> None:
        self.rule = rule
        self.fails: dict[Any, list[Any]] = {}
        self.warns: dict[Any, list[Any]] = {}
        self.checked: list[str] = []
        self.summary = ""

    @staticmethod
    def _add(store: dict[Any, list[Any]], key: Any, msg: str) -> None:
        if key is None:
            key = msg
        if key in store:
            store[key][1] += 1
        else:
            store[key] = [msg, 1]

    def fail(self, msg: str, key: Any = None) -> None:
        self._add(self.fails, key, msg)

    def warn(self, msg: str, key: Any = None) -> None:
        self._add(self.warns, key, msg)

    @staticmethod
    def _render(store: dict[Any, list[Any]]) -> list[str]:
        out = [m if n == 1 else f"{m} (×{n})" for m, n in store.values()]
        if len(out) > MAX_DETAILS:
            extra = len(out) - MAX_DETAILS
            out = out[:MAX_DETAILS] + [f"… and {extra} more"]
        return out

    def result(self) -> RuleResult:
        passed = not self.fails
        details = self._render(self.fails) if self.fails else list(self.checked)
        summary = self.summary
        if not passed and not summary:
            n = sum(v[1] for v in self.fails.values())
            summary = f"{n} problem{'s' if n != 1 else ''}"
        return RuleResult(
            rule=self.rule,
            title=RULE_TITLES[self.rule],
            passed=passed,
            details=details,
            warnings=self._render(self.warns),
            summary=summary,
        )


# ====================================================================== geometry

Matrix = tuple[float, float, float, float, float, float]
BBox = tuple[float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: p' = p·m·n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])


def _bbox_of(points: Iterable[tuple[float, float]]) -> BBox | None:
    xs: list[float] = []
    ys: list[float] = []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


def _rect_bbox(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> BBox:
    return _bbox_of([_apply(m, x0, y0), _apply(m, x1, y0), _apply(m, x0, y1), _apply(m, x1, y1)])  # type: ignore[return-value]


def _intersect(a: BBox | None, b: BBox | None) -> BBox | None:
    if a is None:
        return b
    if b is None:
        return a
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _empty(b: BBox | None) -> bool:
    return b is not None and (b[2] < b[0] or b[3] < b[1])


def _overlaps(a: BBox, b: BBox, tol: float = 0.0) -> bool:
    """Do the interiors of a and b overlap by more than tol?"""
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def _inside(a: BBox, b: BBox, tol: float = 0.01) -> bool:
    return a[0] >= b[0] - tol and a[1] >= b[1] - tol and a[2] <= b[2] + tol and a[3] <= b[3] + tol


def _scale(m: Matrix) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) or 1.0


def _box(obj: Any) -> BBox | None:
    try:
        v = [float(x) for x in obj]
    except (TypeError, ValueError):
        return None
    if len(v) != 4:
        return None
    return (min(v[0], v[2]), min(v[1], v[3]), max(v[0], v[2]), max(v[1], v[3]))


def _fmt_box(b: BBox) -> str:
    return "[" + " ".join(f"{v:.2f}" for v in b) + "]"


def _mm(v: float) -> str:
    return f"{v / MM:.1f}"


# ====================================================================== small helpers


def _name(obj: Any) -> str | None:
    if isinstance(obj, pikepdf.Name):
        return str(obj)[1:]
    return None


def _num(obj: Any, default: float = 0.0) -> float:
    try:
        return float(obj)
    except (TypeError, ValueError):
        return default


def _key(obj: Any) -> tuple[int, int] | None:
    """A hashable identity for an indirect PDF object (its object number and
    generation); None for a direct object, which has no stable identity
    (pikepdf makes a new Python wrapper on each access) and is not cached."""
    try:
        if obj.is_indirect:
            return obj.objgen
    except Exception:
        pass
    return None


def _text(obj: Any) -> str:
    try:
        return str(obj)
    except Exception:
        return repr(obj)


def _get(d: Any, key: str, default: Any = None) -> Any:
    try:
        return d.get(key, default)
    except Exception:
        return default


# ====================================================================== colour spaces


@dataclass(frozen=True)
class _CS:
    family: (
        str  # DeviceGray DeviceRGB DeviceCMYK ICCBased CalRGB CalGray Lab Indexed Separation DeviceN Pattern Unknown
    )
    n: int
    process: str | None  # 'gray' 'rgb' 'cmyk' 'lab' — how the components read, if known
    rgb: bool  # RGB anywhere in it (base, alternate)
    label: str
    spot: str | None = None
    names: tuple[str, ...] = ()
    base: _CS | None = None
    lookup: bytes = b""
    device_independent: bool = False

    def initial(self) -> tuple[float, ...]:
        if self.family == "DeviceCMYK" or (self.family == "ICCBased" and self.process == "cmyk"):
            return (0.0, 0.0, 0.0, 1.0)
        if self.family in ("Separation", "DeviceN"):
            return (1.0,) * self.n
        if self.family == "Pattern":
            return ()
        return (0.0,) * self.n


GRAY = _CS("DeviceGray", 1, "gray", False, "DeviceGray")
RGB = _CS("DeviceRGB", 3, "rgb", True, "DeviceRGB")
CMYK = _CS("DeviceCMYK", 4, "cmyk", False, "DeviceCMYK")
PATTERN = _CS("Pattern", 0, None, False, "Pattern")
_DEVICE = {
    "DeviceGray": GRAY,
    "G": GRAY,
    "DeviceRGB": RGB,
    "RGB": RGB,
    "DeviceCMYK": CMYK,
    "CMYK": CMYK,
    "Pattern": PATTERN,
}


def _stream_bytes(obj: Any, limit: int | None = None) -> bytes:
    try:
        data = obj.read_bytes()
    except Exception:
        return b""
    return data if limit is None else data[:limit]


class _ColourSpaces:
    def __init__(self) -> None:
        self._icc: dict[Any, tuple[int, str | None]] = {}
        self._cache: dict[Any, _CS] = {}

    def icc_info(self, stream: Any) -> tuple[int, str | None]:
        k = _key(stream)
        if k is not None and k in self._icc:
            return self._icc[k]
        n = int(_num(_get(stream, "/N"), 0))
        head = read_icc_header(_stream_bytes(stream, 128))
        info = (n, head.colour_space if head else None)
        if k is not None:
            self._icc[k] = info
        return info

    def parse(self, obj: Any, resources: Any = None, depth: int = 0) -> _CS:
        if depth > 8:
            return _CS("Unknown", 1, None, False, "colour space nested too deep")
        nm = _name(obj)
        if nm is not None:
            if nm in _DEVICE:
                return _DEVICE[nm]
            if nm in ("I", "Indexed"):
                return _CS("Unknown", 1, None, False, nm)
            # a named resource
            csdict = _get(resources, "/ColorSpace") if resources is not None else None
            target = _get(csdict, "/" + nm) if csdict is not None else None
            if target is None:
                return _CS("Unknown", 1, None, False, f"undefined colour space /{nm}")
            return self.parse(target, resources, depth + 1)
        if isinstance(obj, pikepdf.Array):
            k = _key(obj)
            if k is not None and k in self._cache:
                return self._cache[k]
            cs = self._parse_array(obj, resources, depth)
            if k is not None:
                self._cache[k] = cs
            return cs
        return _CS("Unknown", 1, None, False, f"colour space {_text(obj)[:40]}")

    def _parse_array(self, arr: Any, resources: Any, depth: int) -> _CS:
        if len(arr) == 0:
            return _CS("Unknown", 1, None, False, "empty colour space array")
        fam = _name(arr[0]) or "?"
        if fam in _DEVICE and len(arr) == 1:
            return _DEVICE[fam]
        if fam == "ICCBased":
            n, space = self.icc_info(arr[1])
            if space == "RGB" or (space is None and n == 3):
                return _CS("ICCBased", 3, "rgb", True, "ICCBased RGB (N 3)", device_independent=True)
            if space == "Lab":
                return _CS("ICCBased", 3, "lab", False, "ICCBased Lab", device_independent=True)
            if n == 4:
                return _CS("ICCBased", 4, "cmyk", False, "ICCBased CMYK (N 4)", device_independent=True)
            if n == 1:
                return _CS("ICCBased", 1, "gray", False, "ICCBased Gray (N 1)", device_independent=True)
            return _CS("ICCBased", n or 1, None, False, f"ICCBased (N {n}, {space})", device_independent=True)
        if fam == "CalRGB":
            return _CS("CalRGB", 3, "rgb", True, "CalRGB", device_independent=True)
        if fam == "CalGray":
            return _CS("CalGray", 1, "gray", False, "CalGray", device_independent=True)
        if fam == "Lab":
            return _CS("Lab", 3, "lab", False, "Lab", device_independent=True)
        if fam in ("Indexed", "I") and len(arr) >= 4:
            base = self.parse(arr[1], resources, depth + 1)
            lk = arr[3]
            if isinstance(lk, pikepdf.Stream):
                lookup = _stream_bytes(lk)
            else:
                try:
                    lookup = bytes(lk)
                except Exception:
                    lookup = b""
            return _CS(
                "Indexed",
                1,
                base.process,
                base.rgb,
                f"Indexed over {base.label}",
                base=base,
                lookup=lookup,
                device_independent=base.device_independent,
            )
        if fam == "Separation" and len(arr) >= 3:
            spot = _name(arr[1]) or _text(arr[1])
            alt = self.parse(arr[2], resources, depth + 1)
            rgb = alt.rgb and spot != "None"
            label = f"Separation /{spot}" + (f" (alternate {alt.label})" if rgb else "")
            return _CS("Separation", 1, None, rgb, label, spot=spot, base=alt)
        if fam == "DeviceN" and len(arr) >= 3:
            names = tuple((_name(x) or _text(x)) for x in arr[1])
            alt = self.parse(arr[2], resources, depth + 1)
            label = f"DeviceN [{' '.join(names)}]" + (f" (alternate {alt.label})" if alt.rgb else "")
            return _CS("DeviceN", len(names), None, alt.rgb, label, names=names, base=alt)
        if fam == "Pattern":
            under = self.parse(arr[1], resources, depth + 1) if len(arr) > 1 else None
            return _CS(
                "Pattern",
                under.n if under else 0,
                None,
                bool(under and under.rgb),
                "Pattern" + (f" over {under.label}" if under else ""),
                base=under,
            )
        return _CS("Unknown", 1, None, False, f"colour space /{fam}")


_PROCESS = {"Cyan": 0, "Magenta": 1, "Yellow": 2, "Black": 3}


def _cmyk_of(cs: _CS, vals: tuple[float, ...]) -> tuple[float, float, float, float] | None:
    """The process CMYK a colour paints, if it is a process/gray colour."""
    if cs.process == "cmyk" and cs.family in ("DeviceCMYK", "ICCBased") and len(vals) >= 4:
        return (vals[0], vals[1], vals[2], vals[3])
    if cs.process == "gray" and cs.family in ("DeviceGray", "ICCBased", "CalGray") and vals:
        return (0.0, 0.0, 0.0, 1.0 - vals[0])
    if cs.family == "Indexed" and cs.base is not None and vals:
        n = cs.base.n
        i = int(vals[0])
        entry = cs.lookup[i * n : i * n + n]
        if len(entry) == n:
            return _cmyk_of(cs.base, tuple(b / 255.0 for b in entry))
    if cs.family == "Separation" and vals:
        t = vals[0]
        if cs.spot == "All":
            return (t, t, t, t)
        if cs.spot in _PROCESS:
            out = [0.0, 0.0, 0.0, 0.0]
            out[_PROCESS[cs.spot]] = t
            return tuple(out)  # type: ignore[return-value]
    if cs.family == "DeviceN" and cs.names and all(n in _PROCESS or n == "None" for n in cs.names):
        out = [0.0, 0.0, 0.0, 0.0]
        for name, t in zip(cs.names, vals, strict=False):
            if name in _PROCESS:
                out[_PROCESS[name]] = t
        return tuple(out)  # type: ignore[return-value]
    return None


def _ink(cs: _CS, vals: tuple[float, ...]) -> float | None:
    """Total ink in percent (process + spot plates), None when not computable."""
    cmyk = _cmyk_of(cs, vals)
    if cmyk is not None:
        return 100.0 * sum(cmyk)
    if cs.family == "Separation" and vals:
        return 0.0 if cs.spot == "None" else 100.0 * vals[0]
    if cs.family == "DeviceN" and vals:
        total = 0.0
        for n, t in zip(cs.names, vals, strict=False):
            if n == "All":
                total += 4 * t
            elif n != "None":
                total += t
        return 100.0 * total
    return None


def _fmt_colour(cs: _CS, vals: tuple[float, ...]) -> str:
    nums = " ".join(f"{v:.3g}" for v in vals)
    if cs.family == "DeviceCMYK":
        return f"{nums} k"
    if cs.family == "DeviceGray":
        return f"{nums} g"
    if cs.family == "DeviceRGB":
        return f"{nums} rg"
    return f"{cs.label} {nums}".strip()


def _is_registration(cs: _CS) -> bool:
    return (cs.family == "Separation" and cs.spot == "All") or (cs.family == "DeviceN" and "All" in cs.names)


# ====================================================================== fonts


class _Font:
    def __init__(self, fontdict: Any) -> None:
        self.dict = fontdict
        self.subtype = _name(_get(fontdict, "/Subtype")) or "?"
        self.name = _name(_get(fontdict, "/BaseFont")) or _text(_get(fontdict, "/Name", "?"))
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
        desc = None
        df = None
        try:
            if self.subtype == "Type0":
                enc = _get(fontdict, "/Encoding")
                encname = _name(enc) or ""
                self.vertical = encname.endswith("-V")
                if isinstance(enc, pikepdf.Stream):
                    self.vertical = int(_num(_get(enc, "/WMode"), 0)) == 1
                dfs = _get(fontdict, "/DescendantFonts")
                df = dfs[0] if dfs is not None and len(dfs) else None
                if df is not None:
                    self.name = _name(_get(df, "/BaseFont")) or self.name
                    self.default_width = _num(_get(df, "/DW"), 1000.0)
                    self._parse_w(_get(df, "/W"))
                    desc = _get(df, "/FontDescriptor")
            elif self.subtype == "Type3":
                fm = _get(fontdict, "/FontMatrix")
                self.scale = _num(fm[0], 0.001) if fm is not None else 0.001
                self.first = int(_num(_get(fontdict, "/FirstChar"), 0))
                self.widths = [_num(w) for w in (_get(fontdict, "/Widths") or [])]
                fb = _box(_get(fontdict, "/FontBBox"))
                ys = _num(fm[3], 0.001) if fm is not None else 0.001
                if fb is not None:
                    self.ascent, self.descent = fb[3] * ys, fb[1] * ys
            else:
                self.first = int(_num(_get(fontdict, "/FirstChar"), 0))
                self.widths = [_num(w) for w in (_get(fontdict, "/Widths") or [])]
                desc = _get(fontdict, "/FontDescriptor")
            if desc is not None:
                self.default_width = _num(_get(desc, "/MissingWidth"), self.default_width) or self.default_width
                asc, dsc = _num(_get(desc, "/Ascent"), 0.0), _num(_get(desc, "/Descent"), 0.0)
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
            first = int(_num(items[i]))
            nxt = items[i + 1] if i + 1 < len(items) else None
            if isinstance(nxt, pikepdf.Array):
                for j, v in enumerate(nxt):
                    self.cid_widths[first + j] = _num(v)
                i += 2
            elif i + 2 < len(items):
                last, width = int(_num(nxt)), _num(items[i + 2])
                if last - first <= 70000:
                    for c in range(first, last + 1):
                        self.cid_widths[c] = width
                i += 3
            else:
                break

    def codes(self, data: bytes) -> list[int]:
        if self.two_byte:
            return [(data[i] << 8) | (data[i + 1] if i + 1 < len(data) else 0) for i in range(0, len(data), 2)]
        return list(data)

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
            self._tounicode = _parse_tounicode(_get(self.dict, "/ToUnicode"))
        return self._tounicode

    def notdef(self, codes: list[int]) -> int:
        """How many codes the font maps to U+0000 (ReportLab's .notdef for a
        character missing from a TrueType font: printed as an empty box)."""
        m = self._map()
        return sum(1 for c in codes if m.get(c) == "\x00")

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


def _parse_tounicode(stream: Any) -> dict[int, str]:
    out: dict[int, str] = {}
    if not isinstance(stream, pikepdf.Stream):
        return out
    data = _stream_bytes(stream)
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


def _font_embedded(fontdict: Any) -> bool:
    sub = _name(_get(fontdict, "/Subtype"))
    if sub == "Type3":
        return True
    target = fontdict
    if sub == "Type0":
        dfs = _get(fontdict, "/DescendantFonts")
        if dfs is None or len(dfs) == 0:
            return False
        target = dfs[0]
    desc = _get(target, "/FontDescriptor")
    if desc is None:
        return False
    return any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


# ====================================================================== graphics state


class _GS:
    __slots__ = (
        "clip",
        "ctm",
        "fc",
        "fcs",
        "font",
        "fpat",
        "fsize",
        "lw",
        "op_f",
        "op_s",
        "opm",
        "rise",
        "sc",
        "scs",
        "spat",
        "tc",
        "tl",
        "tr",
        "tw",
        "tz",
    )

    def __init__(self, ctm: Matrix = IDENTITY, clip: BBox | None = None) -> None:
        self.ctm = ctm
        self.clip = clip
        self.fcs: _CS = GRAY
        self.scs: _CS = GRAY
        self.fc: tuple[float, ...] = (0.0,)
        self.sc: tuple[float, ...] = (0.0,)
        self.fpat: str | None = None
        self.spat: str | None = None
        self.op_f = False
        self.op_s = False
        self.opm = 0
        self.lw = 1.0
        self.font: _Font | None = None
        self.fsize = 0.0
        self.tc = 0.0
        self.tw = 0.0
        self.tz = 100.0
        self.tl = 0.0
        self.tr = 0
        self.rise = 0.0

    def copy(self) -> _GS:
        g = _GS.__new__(_GS)
        for s in _GS.__slots__:
            setattr(g, s, getattr(self, s))
        return g


@dataclass
class _Page:
    number: int
    media: BBox
    trim: BBox | None
    bleed: BBox | None

    @property
    def trim_or_media(self) -> BBox:
        return self.trim or self.media

    @property
    def bleed_or_media(self) -> BBox:
        return self.bleed or self.media


@dataclass
class _ImageStats:
    count: int = 0
    lowest_ppi: float | None = None
    max_ink: float | None = None
    unchecked: list[str] = field(default_factory=list)


# ====================================================================== the walker


_PATH_PAINT_FILL = {"f", "F", "f*", "B", "B*", "b", "b*"}
_PATH_PAINT_STROKE = {"S", "s", "B", "B*", "b", "b*"}
_PATH_PAINT = _PATH_PAINT_FILL | _PATH_PAINT_STROKE | {"n"}


class _Walker:
    def __init__(self, pdf: pikepdf.Pdf, settings: PreflightSettings, rules: dict[str, _Rule]) -> None:
        self.pdf = pdf
        self.s = settings
        self.r = rules
        self.cs = _ColourSpaces()
        self.fonts: dict[Any, _Font] = {}
        self.font_pages: dict[Any, tuple[str, str, bool, set[int]]] = {}
        self.seen_resources: set[Any] = set()
        self.image_ink: dict[Any, tuple[float | None, str | None]] = {}
        self.images = _ImageStats()
        self.marks = 0
        self.text_runs = 0
        self.black_runs = 0
        self.paints = 0
        self.max_ink_seen = 0.0
        self.page: _Page | None = None
        self.form_stack: list[Any] = []
        self.pattern_seen: set[Any] = set()
        self.lowest_text_gap: float | None = None

    # ------------------------------------------------------------ pages

    def walk_page(self, pageno: int, page: pikepdf.Page) -> None:
        pobj = page.obj
        media = _box(_get(pobj, "/MediaBox")) or _box(page.mediabox) or (0.0, 0.0, 612.0, 792.0)
        trim = _box(_get(pobj, "/TrimBox"))
        bleed = _box(_get(pobj, "/BleedBox"))
        self.page = _Page(pageno, media, trim, bleed)
        resources = _get(pobj, "/Resources")
        group = _get(pobj, "/Group")
        if group is not None:
            self._check_group(group, resources, f"page {pageno}")
        gs = _GS(IDENTITY, media)
        try:
            instructions = pikepdf.parse_content_stream(page) if "/Contents" in pobj else []
        except Exception as exc:  # a broken stream is itself a problem
            self.r["R6"].fail(f"page {pageno}: content stream cannot be parsed, colours not checked ({exc})")
            return
        self._run(instructions, resources, gs, f"page {pageno}")
        # annotation appearances (annotations themselves fail R13)
        annots = _get(pobj, "/Annots")
        if annots is not None:
            for annot in annots:
                self._walk_annotation(annot, resources)

    def _walk_annotation(self, annot: Any, page_resources: Any) -> None:
        ap = _get(annot, "/AP")
        normal = _get(ap, "/N") if ap is not None else None
        if normal is None:
            return
        streams = (
            [normal]
            if isinstance(normal, pikepdf.Stream)
            else [v for v in normal.values() if isinstance(v, pikepdf.Stream)]
        )
        rect = _box(_get(annot, "/Rect"))
        for st in streams:
            m = tuple(_num(x) for x in (_get(st, "/Matrix") or [1, 0, 0, 1, 0, 0]))
            bb = _box(_get(st, "/BBox")) or (0.0, 0.0, 1.0, 1.0)
            tb = _rect_bbox(m, *bb)  # type: ignore[arg-type]
            base: Matrix = IDENTITY
            if rect is not None and tb[2] > tb[0] and tb[3] > tb[1]:
                sx = (rect[2] - rect[0]) / (tb[2] - tb[0])
                sy = (rect[3] - rect[1]) / (tb[3] - tb[1])
                base = (sx, 0.0, 0.0, sy, rect[0] - tb[0] * sx, rect[1] - tb[1] * sy)
            gs = _GS(base, rect)
            self._form(st, gs, page_resources, "annotation appearance", extra=IDENTITY)

    # ------------------------------------------------------------ resources (R10, R11)

    def _scan_resources(self, resources: Any, where: str) -> None:
        if resources is None:
            return
        k = _key(resources)
        assert self.page is not None
        pageno = self.page.number
        fonts = _get(resources, "/Font")
        if fonts is not None:
            for rname, fd in fonts.items():
                fk = _key(fd) or ("direct", _name(_get(fd, "/BaseFont")) or rname)
                if fk not in self.font_pages:
                    sub = _name(_get(fd, "/Subtype")) or "?"
                    name = _name(_get(fd, "/BaseFont")) or rname
                    self.font_pages[fk] = (name, sub, _font_embedded(fd), set())
                self.font_pages[fk][3].add(pageno)
        if k is not None:
            if k in self.seen_resources:
                return
            self.seen_resources.add(k)
        gstates = _get(resources, "/ExtGState")
        if gstates is not None:
            for gname, g in gstates.items():
                self._check_extgstate(g, f"{where}: ExtGState {gname}")
        csd = _get(resources, "/ColorSpace")
        if csd is not None:
            for dname in ("/DefaultCMYK", "/DefaultGray"):
                d = _get(csd, dname)
                if d is not None:
                    cs = self.cs.parse(d, resources)
                    if cs.rgb:
                        self.r["R6"].fail(f"{where}: {dname[1:]} remaps to {cs.label}")

    def _check_extgstate(self, g: Any, where: str) -> None:
        r11 = self.r["R11"]
        for key in ("/CA", "/ca"):
            v = _get(g, key)
            if v is not None and _num(v, 1.0) < 1.0:
                r11.fail(f"{where}: {key[1:]} {_num(v):.3g} (alpha < 1)", key=("alpha", where, key))
        sm = _get(g, "/SMask")
        if sm is not None and _name(sm) != "None":
            r11.fail(f"{where}: soft mask (SMask)", key=("smask", where))
        bm = _get(g, "/BM")
        if bm is not None:
            modes = [_name(x) for x in bm] if isinstance(bm, pikepdf.Array) else [_name(bm)]
            bad = [m for m in modes if m not in ("Normal", "Compatible")]
            if bad and len(bad) == len(modes):
                r11.fail(f"{where}: blend mode /{bad[0]}", key=("bm", where))

    def _check_group(self, group: Any, resources: Any, where: str) -> None:
        if _name(_get(group, "/S")) == "Transparency":
            self.r["R11"].fail(f"{where}: transparency group (/Group /S /Transparency)", key=("group", where))
            csobj = _get(group, "/CS")
            if csobj is not None:
                cs = self.cs.parse(csobj, resources)
                if cs.rgb:
                    self.r["R6"].fail(f"{where}: transparency group blends in {cs.label}", key=("groupcs", where))

    # ------------------------------------------------------------ the interpreter

    def _run(self, instructions: list[Any], resources: Any, gs: _GS, where: str) -> None:
        self._scan_resources(resources, where)
        stack: list[_GS] = []
        path: list[tuple[float, float]] = []
        pending_clip = False
        tm: Matrix = IDENTITY
        tlm: Matrix = IDENTITY
        fcache: dict[str, _Font | None] = {}
        for ins in instructions:
            if isinstance(ins, pikepdf.ContentStreamInlineImage):
                self._inline_image(ins.iimage, gs, resources, where)
                continue
            ops, opobj = ins.operands, ins.operator
            op = str(opobj)
            # ---------------- text (the most frequent operators first)
            if op in ("Tj", "TJ", "'", '"'):
                if op in ("'", '"'):
                    if op == '"' and len(ops) == 3:
                        gs.tw, gs.tc = _num(ops[0]), _num(ops[1])
                    tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl), tlm)
                    tm = tlm
                if ops:
                    tm = self._show(gs, tm, ops[-1], op == "TJ", where)
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf":
                if len(ops) == 2:
                    fname = str(ops[0])
                    if fname not in fcache:
                        fcache[fname] = self._font(resources, ops[0])
                    gs.font = fcache[fname]
                    gs.fsize = _num(ops[1])
            elif op == "Td":
                if len(ops) == 2:
                    tlm = _mul((1.0, 0.0, 0.0, 1.0, _num(ops[0]), _num(ops[1])), tlm)
                    tm = tlm
            elif op == "TD":
                if len(ops) == 2:
                    gs.tl = -_num(ops[1])
                    tlm = _mul((1.0, 0.0, 0.0, 1.0, _num(ops[0]), _num(ops[1])), tlm)
                    tm = tlm
            elif op == "Tm":
                if len(ops) == 6:
                    tm = tlm = tuple(_num(v) for v in ops)  # type: ignore[assignment]
            elif op == "T*":
                tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl), tlm)
                tm = tlm
            elif op == "Tc":
                if ops:
                    gs.tc = _num(ops[0])
            elif op == "Tw":
                if ops:
                    gs.tw = _num(ops[0])
            elif op == "Tz":
                if ops:
                    gs.tz = _num(ops[0], 100.0)
            elif op == "TL":
                if ops:
                    gs.tl = _num(ops[0])
            elif op == "Tr":
                if ops:
                    gs.tr = int(_num(ops[0]))
            elif op == "Ts":
                if ops:
                    gs.rise = _num(ops[0])
            # ---------------- path construction
            elif op == "re":
                if len(ops) == 4:
                    x, y, w, h = (_num(v) for v in ops)
                    m = gs.ctm
                    path.extend((_apply(m, x, y), _apply(m, x + w, y), _apply(m, x, y + h), _apply(m, x + w, y + h)))
            elif op in ("m", "l"):
                if len(ops) == 2:
                    path.append(_apply(gs.ctm, _num(ops[0]), _num(ops[1])))
            elif op in ("c", "v", "y"):
                nums = [_num(v) for v in ops]
                for i in range(0, len(nums) - 1, 2):
                    path.append(_apply(gs.ctm, nums[i], nums[i + 1]))
            elif op == "h":
                pass
            elif op in _PATH_PAINT:
                bbox = _bbox_of(path)
                if op != "n" and bbox is not None:
                    self._paint_path(
                        gs, bbox, fill=op in _PATH_PAINT_FILL, stroke=op in _PATH_PAINT_STROKE, where=where
                    )
                if pending_clip and bbox is not None:
                    gs.clip = _intersect(gs.clip, bbox)
                path = []
                pending_clip = False
            elif op in ("W", "W*"):
                pending_clip = True
            # ---------------- graphics state
            elif op == "q":
                stack.append(gs.copy())
            elif op == "Q":
                if stack:
                    gs = stack.pop()
            elif op == "cm":
                if len(ops) == 6:
                    gs.ctm = _mul(tuple(_num(v) for v in ops), gs.ctm)  # type: ignore[arg-type]
            elif op == "w":
                if ops:
                    gs.lw = _num(ops[0], 1.0)
            elif op == "gs":
                if ops:
                    self._apply_extgstate(gs, resources, ops[0])
            # ---------------- colour
            elif op in ("g", "G", "rg", "RG", "k", "K"):
                cs = {"g": GRAY, "rg": RGB, "k": CMYK}[op.lower()]
                vals = tuple(_num(v) for v in ops)
                if op.islower():
                    gs.fcs, gs.fc, gs.fpat = cs, vals, None
                else:
                    gs.scs, gs.sc, gs.spat = cs, vals, None
            elif op in ("cs", "CS"):
                if ops:
                    cs = self.cs.parse(ops[0], resources)
                    if op == "cs":
                        gs.fcs, gs.fc, gs.fpat = cs, cs.initial(), None
                    else:
                        gs.scs, gs.sc, gs.spat = cs, cs.initial(), None
            elif op in ("sc", "scn", "SC", "SCN"):
                comps = tuple(_num(v) for v in ops if not isinstance(v, pikepdf.Name))
                pat = next((_name(v) for v in ops if isinstance(v, pikepdf.Name)), None)
                if op.islower():
                    gs.fc, gs.fpat = comps, pat
                else:
                    gs.sc, gs.spat = comps, pat
            # ---------------- XObjects, shadings
            elif op == "Do":
                if ops:
                    self._do(gs, resources, ops[0], where)
            elif op == "sh":
                if ops:
                    self._shading_op(gs, resources, ops[0], where)
            elif op in ("d0", "d1", "BX", "EX", "BMC", "BDC", "EMC", "MP", "DP", "ri", "i", "j", "J", "M", "d", "ET"):
                pass

    def _apply_extgstate(self, gs: _GS, resources: Any, nameobj: Any) -> None:
        gstates = _get(resources, "/ExtGState")
        g = _get(gstates, str(nameobj)) if gstates is not None else None
        if g is None:
            return
        if "/OP" in g:
            gs.op_s = bool(g.OP)
            if "/op" not in g:
                gs.op_f = gs.op_s
        if "/op" in g:
            gs.op_f = bool(g.op)
        if "/OPM" in g:
            gs.opm = int(_num(g.OPM))
        if "/LW" in g:
            gs.lw = _num(g.LW, gs.lw)
        if "/Font" in g:
            try:
                fd, size = g.Font[0], g.Font[1]
                gs.font, gs.fsize = self._font_of(fd), _num(size)
            except Exception:
                pass

    def _font(self, resources: Any, nameobj: Any) -> _Font | None:
        fonts = _get(resources, "/Font")
        fd = _get(fonts, str(nameobj)) if fonts is not None else None
        if fd is None:
            return None
        return self._font_of(fd)

    def _font_of(self, fd: Any) -> _Font:
        k = _key(fd)
        if k is None:
            return _Font(fd)
        if k not in self.fonts:
            self.fonts[k] = _Font(fd)
        return self.fonts[k]

    # ------------------------------------------------------------ painting

    def _colour_checks(
        self,
        gs: _GS,
        bbox: BBox | None,
        side: str,
        what: str,
        where: str,
        resources: Any = None,
    ) -> tuple[_CS, tuple[float, ...]]:
        """R6/R8 for the fill or stroke colour used by one painting operator."""
        cs, vals, pat = (gs.fcs, gs.fc, gs.fpat) if side == "fill" else (gs.scs, gs.sc, gs.spat)
        assert self.page is not None
        pno = self.page.number
        if cs.rgb:
            self.r["R6"].fail(
                f"page {pno}: {what} {side}s in {cs.label} ({_fmt_colour(cs, vals)})",
                key=("rgb", pno, what.split(" ")[0], side, cs.label),
            )
        elif cs.family == "Unknown":
            self.r["R6"].warn(f"page {pno}: {what} uses {cs.label}", key=("unk", pno, cs.label))
        if self.s.standard == "PDF/X-1a:2003" and cs.device_independent:
            self.r["R6"].fail(
                f"page {pno}: {what} uses {cs.label}: PDF/X-1a allows only DeviceCMYK, DeviceGray, Separation, DeviceN",
                key=("di", pno, cs.label),
            )
        if cs.family == "Pattern" and pat is not None:
            self._pattern(gs, resources, pat, where)
            if cs.base is not None:
                cs = cs.base
        if bbox is not None and self.page.bleed_or_media and not _overlaps(bbox, self.page.bleed_or_media):
            return cs, vals  # outside the bleed: marks and slug, not printed on the sheet we keep
        ink = _ink(cs, vals)
        if ink is not None:
            self.max_ink_seen = max(self.max_ink_seen, ink)
            if ink > self.s.total_ink_limit + 0.05:
                self.r["R8"].fail(
                    f"page {pno}: {what} {side} colour {_fmt_colour(cs, vals)} = {ink:.0f}% ink (limit {self.s.total_ink_limit:.0f}%)",
                    key=("ink", pno, cs.label, vals),
                )
        return cs, vals

    def _paint_path(self, gs: _GS, bbox: BBox, *, fill: bool, stroke: bool, where: str) -> None:
        self.paints += 1
        assert self.page is not None
        if stroke:
            half = gs.lw * _scale(gs.ctm) / 2.0
            sbox = (bbox[0] - half, bbox[1] - half, bbox[2] + half, bbox[3] + half)
        else:
            sbox = bbox
        vis = _intersect(sbox, gs.clip)
        if _empty(vis):
            return
        raw_vis = _intersect(bbox, gs.clip)
        for side, used in (("fill", fill), ("stroke", stroke)):
            if not used:
                continue
            cs, vals = self._colour_checks(gs, vis, side, "path", where)
            self._registration_check(
                cs, vals, raw_vis if raw_vis is not None and not _empty(raw_vis) else vis, side, "path"
            )
            if side == "stroke" and not _is_registration(cs):
                self._mark_check(cs, vals, raw_vis if raw_vis is not None and not _empty(raw_vis) else vis)
            ink = _ink(cs, vals)
            if ink is None or ink > 0.01:
                self._bleed_extension(vis, "filled area" if side == "fill" else "stroked line")  # type: ignore[arg-type]

    def _registration_check(self, cs: _CS, vals: tuple[float, ...], bbox: BBox | None, side: str, what: str) -> None:
        if not _is_registration(cs) or (vals and max(vals) <= 0.0):
            return
        assert self.page is not None
        bleed = self.page.bleed_or_media
        if bbox is None or _overlaps(bbox, bleed, tol=0.1):
            loc = "" if bbox is None else f" at {self._where_mm(bbox)}"
            self.r["R5"].fail(
                f"page {self.page.number}: {what} {'filled' if side == 'fill' else 'stroked'} in the registration colour (Separation /All) inside the BleedBox{loc}",
                key=("reg-in", self.page.number, what),
            )
        elif what == "path" and side == "stroke":
            self.marks += 1

    def _mark_check(self, cs: _CS, vals: tuple[float, ...], bbox: BBox | None) -> None:
        assert self.page is not None
        if bbox is None:
            return
        bleed = self.page.bleed_or_media
        if self.page.bleed is None or _overlaps(bbox, bleed, tol=0.1):
            return
        ink = _ink(cs, vals)
        if ink is not None and ink <= 0.0:
            return
        self.r["R5"].fail(
            f"page {self.page.number}: mark outside the BleedBox stroked in {_fmt_colour(cs, vals)}, "
            "not in the registration colour (Separation /All)",
            key=("mark-colour", self.page.number, cs.label),
        )

    def _bleed_extension(self, bbox: BBox, what: str) -> None:
        """R4: artwork that touches the trim must run bleed_mm past it."""
        p = self.page
        assert p is not None
        if p.trim is None or p.bleed is None:
            return
        t = p.trim
        if not _overlaps(bbox, t, tol=0.01):
            return
        need = self.s.bleed_mm * MM
        tol = 0.05 * MM
        edges = (
            ("left", t[0] - bbox[0]),
            ("bottom", t[1] - bbox[1]),
            ("right", bbox[2] - t[2]),
            ("top", bbox[3] - t[3]),
        )
        for edge, past in edges:
            if -tol <= past < need - tol:
                self.r["R4"].fail(
                    f"page {p.number}: {what} at {self._where_mm(bbox)} reaches the trim on the {edge} "
                    f"but runs only {max(0.0, past) / MM:.1f} mm past it (needs {self.s.bleed_mm:g} mm of bleed)",
                    key=("ext", p.number, edge, round(bbox[0]), round(bbox[1])),
                )

    def _where_mm(self, bbox: BBox) -> str:
        """Position of a box in mm from the trim's lower-left corner."""
        p = self.page
        assert p is not None
        o = p.trim_or_media
        return f"({_mm(bbox[0] - o[0])}, {_mm(bbox[1] - o[1])}) mm"

    # ------------------------------------------------------------ text

    def _show(self, gs: _GS, tm: Matrix, arg: Any, is_tj: bool, where: str) -> Matrix:
        font = gs.font
        fs = gs.fsize
        th = gs.tz / 100.0
        items: list[Any] = list(arg) if is_tj and isinstance(arg, pikepdf.Array) else [arg]
        x = 0.0
        xmin, xmax = 0.0, 0.0
        allcodes: list[int] = []
        vertical = bool(font and font.vertical)
        for it in items:
            if isinstance(it, pikepdf.String):
                data = bytes(it)
                if font is None:
                    codes = list(data)
                    for c in codes:
                        adv = (0.5 * fs + gs.tc + (gs.tw if c == 32 else 0.0)) * (1.0 if vertical else th)
                        x += adv
                        xmax = max(xmax, x)
                    allcodes.extend(codes)
                    continue
                codes = font.codes(data)
                allcodes.extend(codes)
                width = font.width
                tc, tw = gs.tc, (0.0 if font.two_byte else gs.tw)
                for c in codes:
                    w0 = width(c)
                    if vertical:
                        x += fs + tc
                    else:
                        end = x + w0 * fs * th
                        xmax = max(xmax, end)
                        x += (w0 * fs + tc + (tw if c == 32 else 0.0)) * th
                    if x < xmin:
                        xmin = x
                    elif x > xmax:
                        xmax = x
            else:
                adj = _num(it) / 1000.0 * fs
                x -= adj * (1.0 if vertical else th)
                xmin = min(xmin, x)
        if not allcodes:
            return tm
        trm = _mul(tm, gs.ctm)
        asc = font.ascent if font else 0.8
        desc = font.descent if font else -0.2
        if vertical:
            # glyphs stacked downwards, centred on the pen position
            bbox = _rect_bbox(trm, -fs / 2, -xmax, fs / 2, -xmin)
            new_tm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -x), tm)
        else:
            bbox = _rect_bbox(trm, xmin, desc * fs + gs.rise, xmax, asc * fs + gs.rise)
            new_tm = _mul((1.0, 0.0, 0.0, 1.0, x, 0.0), tm)
        if gs.tr in (3, 7):  # invisible: neither printed nor checked
            return new_tm
        self.text_runs += 1
        if font is not None and font.subtype != "Type3":
            missing = font.notdef(allcodes)
            if missing:
                assert self.page is not None
                self.r["R10"].warn(
                    f"page {self.page.number}: {missing} glyph(s) shown as .notdef (character missing from {font.name}: prints as a box)",
                    key=("notdef", self.page.number, font.name),
                )
        self._text_checks(gs, bbox, font, allcodes, where)
        return new_tm

    def _snippet(self, font: _Font | None, codes: list[int]) -> str:
        if font is None:
            return "?"
        text = font.decode(codes[:24]).strip()
        return f"'{text}{'…' if len(codes) > 24 else ''}'"

    def _text_checks(self, gs: _GS, bbox: BBox, font: _Font | None, codes: list[int], where: str) -> None:
        p = self.page
        assert p is not None
        fname = font.name if font else "(no font)"

        def what() -> str:  # built only for a message: most runs pass
            return f"text {self._snippet(font, codes)} ({fname} {gs.fsize:g} pt)"

        fill = gs.tr in (0, 2, 4, 6)
        stroke = gs.tr in (1, 2, 5, 6)
        vis = _intersect(bbox, gs.clip)
        if _empty(vis):
            return
        # R4: inset from the trim
        trim = p.trim
        if trim is not None:
            gap = min(bbox[0] - trim[0], bbox[1] - trim[1], trim[2] - bbox[2], trim[3] - bbox[3])
            self.lowest_text_gap = gap if self.lowest_text_gap is None else min(self.lowest_text_gap, gap)
            if gap < self.s.text_inset_mm * MM - 0.01 * MM:
                self.r["R4"].fail(
                    f"page {p.number}: {what()} at {self._where_mm(bbox)} is {gap / MM:.1f} mm from the trim edge "
                    f"(text must stay ≥ {self.s.text_inset_mm:g} mm inside)",
                    key=("inset", p.number, round(bbox[0], 1), round(bbox[1], 1)),
                )
        for side, used in (("fill", fill), ("stroke", stroke)):
            if not used:
                continue
            cs, vals = self._colour_checks(gs, bbox, side, "text", where)
            self._registration_check(cs, vals, bbox, side, "text")
            self._black_text(gs, cs, vals, side, what)

    def _black_text(self, gs: _GS, cs: _CS, vals: tuple[float, ...], side: str, what_fn: Any) -> None:
        r7 = self.r["R7"]
        p = self.page
        assert p is not None
        if cs.rgb or cs.process == "rgb":
            r7.fail(
                f"page {p.number}: {what_fn()} is RGB ({_fmt_colour(cs, vals)}), not K-only", key=("rgbtext", p.number)
            )
            return
        cmyk = _cmyk_of(cs, vals)
        if cmyk is None or _is_registration(cs):
            return
        c, m, y, k = cmyk
        if k >= 0.8 - 1e-6 and max(c, m, y) > 0.001:
            r7.fail(
                f"page {p.number}: {what_fn()} is rich black {_fmt_colour(cs, vals)}; black text must be 0 0 0 1 k",
                key=("rich", p.number, vals),
            )
            return
        if min(c, m, y) >= 0.5 and max(c, m, y) - min(c, m, y) <= 0.2 and c + m + y + k >= 2.0:
            r7.fail(
                f"page {p.number}: {what_fn()} is a process (CMY) black {_fmt_colour(cs, vals)}; black text must be 0 0 0 1 k",
                key=("cmyblack", p.number, vals),
            )
            return
        if max(c, m, y) <= 0.001 and k >= 0.999:
            self.black_runs += 1
            overprint = gs.op_f if side == "fill" else gs.op_s
            needs_opm = cs.family in ("DeviceCMYK", "ICCBased") and cs.process == "cmyk"
            if not overprint or (needs_opm and gs.opm != 1):
                why = (
                    f"{'op' if side == 'fill' else 'OP'} false"
                    if not overprint
                    else "overprint mode OPM 0 (needs OPM 1)"
                )
                r7.fail(
                    f"page {p.number}: black text does not overprint ({why}), e.g. {what_fn()}",
                    key=("noop", p.number),
                )

    # ------------------------------------------------------------ XObjects

    def _do(self, gs: _GS, resources: Any, nameobj: Any, where: str) -> None:
        xobjs = _get(resources, "/XObject")
        x = _get(xobjs, str(nameobj)) if xobjs is not None else None
        if x is None:
            return
        sub = _name(_get(x, "/Subtype"))
        if sub == "Image":
            self._image(gs, x, str(nameobj), resources, where)
        elif sub == "Form":
            self._form(x, gs, resources, f"{where} form {nameobj}")

    def _form(self, x: Any, gs: _GS, parent_resources: Any, where: str, extra: Matrix | None = None) -> None:
        k = _key(x) or ("direct", id(x))  # x stays alive while it is on the stack
        if k in self.form_stack or len(self.form_stack) > 20:
            return
        m = tuple(_num(v) for v in (_get(x, "/Matrix") or [1, 0, 0, 1, 0, 0]))
        if len(m) != 6:
            m = IDENTITY
        res = _get(x, "/Resources")
        if res is None:
            res = parent_resources
        group = _get(x, "/Group")
        if group is not None:
            self._check_group(group, res, where)
        inner = gs.copy()
        inner.ctm = _mul(m, gs.ctm)
        bb = _box(_get(x, "/BBox"))
        if bb is not None:
            inner.clip = _intersect(gs.clip, _rect_bbox(inner.ctm, *bb))
            if _empty(inner.clip):
                return
        try:
            instructions = pikepdf.parse_content_stream(x)
        except Exception as exc:
            self.r["R6"].warn(f"{where}: cannot parse ({exc})")
            return
        self.form_stack.append(k)
        try:
            self._run(instructions, res, inner, where)
        finally:
            self.form_stack.pop()

    def _image(self, gs: _GS, x: Any, name: str, resources: Any, where: str) -> None:
        p = self.page
        assert p is not None
        bbox = _rect_bbox(gs.ctm, 0, 0, 1, 1)
        vis = _intersect(bbox, gs.clip)
        if _empty(vis) or not _overlaps(vis, p.bleed_or_media):  # type: ignore[arg-type]
            return
        w = int(_num(_get(x, "/Width"), 0))
        h = int(_num(_get(x, "/Height"), 0))
        is_mask = bool(_get(x, "/ImageMask", False))
        filters = _get(x, "/Filter")
        flist = (
            [(_name(f) or "") for f in filters]
            if isinstance(filters, pikepdf.Array)
            else ([_name(filters) or ""] if filters is not None else [])
        )
        label = f"image {name} ({w}×{h} px"
        # colour (R6, R8)
        if is_mask:
            label += ", stencil mask)"
            self._colour_checks(gs, vis, "fill", label, where, resources)
        else:
            csobj = _get(x, "/ColorSpace")
            if csobj is None:
                cs = (
                    _CS("Unknown", 3, None, False, "colour space inside the JPEG 2000 data")
                    if "JPXDecode" in flist
                    else GRAY
                )
            else:
                cs = self.cs.parse(csobj, resources)
            label += f", {cs.label})"
            if cs.rgb:
                self.r["R6"].fail(f"page {p.number}: {label} is {cs.label}", key=("rgbimg", p.number, _key(x)))
            elif cs.family == "Unknown":
                self.r["R6"].warn(f"page {p.number}: {label}: colour space not known", key=("unkimg", _key(x)))
            if self.s.standard == "PDF/X-1a:2003" and cs.device_independent:
                self.r["R6"].fail(
                    f"page {p.number}: {label}: PDF/X-1a allows no {cs.label} images", key=("diimg", _key(x))
                )
            self._image_ink(x, cs, flist, label, w, h)
        # transparency (R11)
        if _get(x, "/SMask") is not None:
            self.r["R11"].fail(f"page {p.number}: {label} has a soft mask (SMask)", key=("smaskimg", p.number, _key(x)))
        if _num(_get(x, "/SMaskInData"), 0) > 0:
            self.r["R11"].fail(f"page {p.number}: {label} has SMaskInData", key=("smid", p.number, _key(x)))
        # resolution (R9)
        self._ppi(gs, w, h, label)
        # bleed (R4)
        self._bleed_extension(vis, label)  # type: ignore[arg-type]

    def _ppi(self, gs: _GS, w: int, h: int, label: str) -> None:
        p = self.page
        assert p is not None
        m = gs.ctm
        wpt = math.hypot(m[0], m[1])
        hpt = math.hypot(m[2], m[3])
        if w <= 0 or h <= 0 or wpt <= 0 or hpt <= 0:
            return
        ppi = min(w / (wpt / 72.0), h / (hpt / 72.0))
        self.images.count += 1
        self.images.lowest_ppi = ppi if self.images.lowest_ppi is None else min(self.images.lowest_ppi, ppi)
        msg = f"page {p.number}: {label} placed at {_mm(wpt)}×{_mm(hpt)} mm = {ppi:.0f} ppi"
        if ppi < self.s.ppi_fail - 0.5:
            self.r["R9"].fail(f"{msg} (below {self.s.ppi_fail:g})", key=("ppi", p.number, label, round(ppi)))
        elif ppi < self.s.ppi_warn - 0.5:
            self.r["R9"].warn(f"{msg} (below {self.s.ppi_warn:g})", key=("ppi", p.number, label, round(ppi)))

    def _image_ink(self, x: Any, cs: _CS, flist: list[str], label: str, w: int, h: int) -> None:
        p = self.page
        assert p is not None
        k = _key(x)
        if k is not None and k in self.image_ink:
            ink, note = self.image_ink[k]
        else:
            ink, note = _max_image_ink(x, cs, flist, w, h)
            if k is not None:
                self.image_ink[k] = (ink, note)
        if note:
            self.r["R8"].warn(f"page {p.number}: {label}: {note}", key=("imgnote", k))
        if ink is None:
            return
        self.images.max_ink = ink if self.images.max_ink is None else max(self.images.max_ink, ink)
        if ink > self.s.total_ink_limit + 0.05:
            self.r["R8"].fail(
                f"page {p.number}: {label} reaches {ink:.0f}% total ink (limit {self.s.total_ink_limit:.0f}%)",
                key=("imgink", p.number, k),
            )

    def _inline_image(self, ii: Any, gs: _GS, resources: Any, where: str) -> None:
        p = self.page
        assert p is not None
        bbox = _rect_bbox(gs.ctm, 0, 0, 1, 1)
        vis = _intersect(bbox, gs.clip)
        if _empty(vis) or not _overlaps(vis, p.bleed_or_media):  # type: ignore[arg-type]
            return
        try:
            w, h = int(ii.width), int(ii.height)
            is_mask = bool(ii.image_mask)
        except Exception:
            return
        label = f"inline image ({w}×{h} px"
        if is_mask:
            label += ", stencil mask)"
            self._colour_checks(gs, vis, "fill", label, where, resources)
        else:
            try:
                csobj = ii.obj.get("/ColorSpace", ii.obj.get("/CS"))
            except Exception:
                csobj = None
            cs = self.cs.parse(csobj, resources) if csobj is not None else GRAY
            label += f", {cs.label})"
            if cs.rgb:
                self.r["R6"].fail(f"page {p.number}: {label} is {cs.label}", key=("rgbinl", p.number, cs.label))
            if cs.process == "cmyk" and cs.family != "Indexed":
                try:
                    import numpy as np

                    im = ii.as_pil_image()
                    if im.mode == "CMYK":
                        ink = float(np.asarray(im, dtype=np.uint16).sum(axis=2).max()) / 255.0 * 100.0
                        if ink > self.s.total_ink_limit + 0.05:
                            self.r["R8"].fail(
                                f"page {p.number}: {label} reaches {ink:.0f}% total ink", key=("inlink", p.number)
                            )
                except Exception:
                    self.r["R8"].warn(f"page {p.number}: {label}: pixels not checked", key=("inlnote", p.number))
        self._ppi(gs, w, h, label)

    # ------------------------------------------------------------ shadings and patterns

    def _shading_check(self, sh: Any, resources: Any, bbox: BBox | None, what: str) -> None:
        p = self.page
        assert p is not None
        csobj = _get(sh, "/ColorSpace")
        cs = self.cs.parse(csobj, resources) if csobj is not None else GRAY
        if cs.rgb:
            self.r["R6"].fail(f"page {p.number}: {what} in {cs.label}", key=("rgbsh", p.number, _key(sh)))
        if self.s.standard == "PDF/X-1a:2003" and cs.device_independent:
            self.r["R6"].fail(
                f"page {p.number}: {what} in {cs.label} (not allowed in PDF/X-1a)", key=("dish", _key(sh))
            )
        if bbox is not None and not _overlaps(bbox, p.bleed_or_media):
            return
        for vals in _function_samples(_get(sh, "/Function")):
            ink = _ink(cs, vals)
            if ink is not None:
                self.max_ink_seen = max(self.max_ink_seen, ink)
            if ink is not None and ink > self.s.total_ink_limit + 0.05:
                self.r["R8"].fail(
                    f"page {p.number}: {what} colour {_fmt_colour(cs, vals)} = {ink:.0f}% ink",
                    key=("shink", p.number, _key(sh), vals),
                )
        if _is_registration(cs):
            self.r["R5"].fail(f"page {p.number}: {what} in the registration colour", key=("regsh", p.number))

    def _shading_op(self, gs: _GS, resources: Any, nameobj: Any, where: str) -> None:
        shs = _get(resources, "/Shading")
        sh = _get(shs, str(nameobj)) if shs is not None else None
        if sh is None:
            return
        bb = _box(_get(sh, "/BBox"))
        bbox = _intersect(gs.clip, _rect_bbox(gs.ctm, *bb) if bb else None)
        if _empty(bbox):
            return
        self._shading_check(sh, resources, bbox, f"shading {nameobj}")

    def _pattern(self, gs: _GS, resources: Any, patname: str, where: str) -> None:
        pats = _get(resources, "/Pattern")
        pat = _get(pats, "/" + patname) if pats is not None else None
        if pat is None:
            return
        assert self.page is not None
        pk = _key(pat)
        if pk is not None:
            if (self.page.number, pk) in self.pattern_seen:
                return
            self.pattern_seen.add((self.page.number, pk))
        ptype = int(_num(_get(pat, "/PatternType"), 0))
        g = _get(pat, "/ExtGState")
        if g is not None:
            self._check_extgstate(g, f"page {self.page.number}: pattern /{patname}")
        if ptype == 2:
            sh = _get(pat, "/Shading")
            if sh is not None:
                self._shading_check(sh, resources, gs.clip, f"shading pattern /{patname}")
        elif ptype == 1 and int(_num(_get(pat, "/PaintType"), 1)) == 1 and isinstance(pat, pikepdf.Stream):
            m = tuple(_num(v) for v in (_get(pat, "/Matrix") or [1, 0, 0, 1, 0, 0]))
            inner = _GS(m if len(m) == 6 else IDENTITY, gs.clip)
            res = _get(pat, "/Resources") or resources
            try:
                instructions = pikepdf.parse_content_stream(pat)
            except Exception:
                return
            sk = pk or ("direct", id(pat))
            if sk in self.form_stack:
                return
            self.form_stack.append(sk)
            try:
                self._run(instructions, res, inner, f"{where} pattern /{patname}")
            finally:
                self.form_stack.pop()


def _function_samples(fn: Any, depth: int = 0) -> list[tuple[float, ...]]:
    """End colours of exponential/stitching functions (the extremes of axial/radial blends)."""
    if fn is None or depth > 5:
        return []
    if isinstance(fn, pikepdf.Array):
        # one function per component: combine their ends
        ends = [_function_samples(f, depth + 1) for f in fn]
        if all(len(e) >= 2 for e in ends):
            return [tuple(e[0][0] for e in ends), tuple(e[-1][0] for e in ends)]
        return []
    ftype = int(_num(_get(fn, "/FunctionType"), -1))
    if ftype == 2:
        c0 = tuple(_num(v) for v in (_get(fn, "/C0") or [0.0]))
        c1 = tuple(_num(v) for v in (_get(fn, "/C1") or [1.0]))
        return [c0, c1]
    if ftype == 3:
        out: list[tuple[float, ...]] = []
        for f in _get(fn, "/Functions") or []:
            out.extend(_function_samples(f, depth + 1))
        return out
    return []


def _max_image_ink(x: Any, cs: _CS, flist: list[str], w: int, h: int) -> tuple[float | None, str | None]:
    """Maximum per-pixel C+M+Y+K of a CMYK (or indexed-CMYK) image, in percent.

    The /Decode array is honoured.  A DCT (JPEG) image is decoded with Pillow,
    which inverts Adobe CMYK JPEGs on reading; the stored (raw) samples are
    recovered before the Decode array is applied, as a RIP would.
    """
    import numpy as np
    from PIL import Image

    if cs.process != "cmyk" or w <= 0 or h <= 0:
        return None, None
    indexed = cs.family == "Indexed"
    if cs.family not in ("DeviceCMYK", "ICCBased", "Indexed"):
        return None, None
    bpc = int(_num(_get(x, "/BitsPerComponent"), 8))
    last = flist[-1] if flist else ""
    if last in ("JPXDecode", "JBIG2Decode", "CCITTFaxDecode"):
        return None, f"{last} pixels not checked"
    ncomp = 1 if indexed else 4
    maxv = 255.0 if bpc == 8 else 65535.0
    arr = None
    try:
        # qpdf decodes every filter, DCT included (libjpeg), to the stored
        # samples: for an Adobe CMYK JPEG these are the inverted values that
        # the /Decode [1 0 1 0 1 0 1 0] written beside them turns back.
        data = x.read_bytes(decode_level=pikepdf.StreamDecodeLevel.all)
    except Exception:
        data = None
    if data is None and last == "DCTDecode" and len(flist) == 1 and not indexed:
        try:
            im = Image.open(io.BytesIO(x.read_raw_bytes()))
            if im.mode != "CMYK":
                return None, f"JPEG decodes as {im.mode}, not CMYK"
            arr = np.asarray(im)
            if "adobe" in im.info:
                arr = 255 - arr  # Pillow inverts Adobe CMYK on reading: back to the stored samples
            bpc, maxv = 8, 255.0
        except Exception as exc:
            return None, f"pixels not decoded ({exc.__class__.__name__})"
    elif data is None:
        return None, "pixels not decoded"
    else:
        if bpc == 8:
            arr = np.frombuffer(data, dtype=np.uint8)
        elif bpc == 16 and not indexed:
            arr = np.frombuffer(data, dtype=">u2")
        elif not indexed:
            return None, f"{bpc}-bit samples not checked"
        if arr is not None:
            need = w * h * ncomp
            if arr.size < need:
                return None, "image data shorter than Width×Height"
            arr = arr[:need].reshape(h, w, ncomp) if ncomp > 1 else arr[:need].reshape(h, w)

    if indexed:
        base = cs.base
        if base is None:
            return None, None
        pal = np.frombuffer(cs.lookup[: (len(cs.lookup) // base.n) * base.n], dtype=np.uint8).reshape(-1, base.n)
        used = np.unique(arr) if arr is not None else np.arange(pal.shape[0])
        used = used[used < pal.shape[0]]
        if base.n != 4 or used.size == 0:
            return None, None
        return float(pal[used].astype(np.uint16).sum(axis=1).max()) / 255.0 * 100.0, None

    dec = _get(x, "/Decode")
    lo = np.zeros(4, dtype=np.float32)
    hi = np.ones(4, dtype=np.float32)
    if dec is not None and len(dec) >= 8:
        vals = [_num(v) for v in dec]
        lo = np.array(vals[0:8:2], dtype=np.float32)
        hi = np.array(vals[1:8:2], dtype=np.float32)
    span = (hi - lo) / maxv
    best = 0.0
    assert arr is not None  # only an indexed image can have no samples here, and it returned above
    for r0 in range(0, h, 256):
        blk = arr[r0 : r0 + 256].astype(np.float32)
        s = (blk * span + lo).sum(axis=-1).max()
        best = max(best, float(s))
    return best * 100.0, None


# ====================================================================== dates and XMP


_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*([Zz+\-])?\s*(\d{2})?'?\s*(\d{2})?'?")


def parse_pdf_date(s: str) -> datetime | None:
    """A PDF date string as a datetime (aware when it carries an offset)."""
    m = _PDF_DATE.match(s.strip())
    if not m:
        return None
    y, mo, d, hh, mi, ss, sign, oh, om = m.groups()
    try:
        dt = datetime(int(y), int(mo or 1), int(d or 1), int(hh or 0), int(mi or 0), int(ss or 0))
    except ValueError:
        return None
    if sign in ("Z", "z"):
        return dt.replace(tzinfo=UTC)
    if sign in ("+", "-"):
        off = timedelta(hours=int(oh or 0), minutes=int(om or 0))
        return dt.replace(tzinfo=timezone(off if sign == "+" else -off))
    return dt


def parse_xmp_date(s: str) -> datetime | None:
    s = s.strip()
    m = re.match(
        r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+\-]\d{2}:\d{2})?)?)?)?$", s
    )
    if not m:
        return None
    y, mo, d, hh, mi, ss, tz = m.groups()
    try:
        dt = datetime(int(y), int(mo or 1), int(d or 1), int(hh or 0), int(mi or 0), int(ss or 0))
    except ValueError:
        return None
    if tz == "Z":
        return dt.replace(tzinfo=UTC)
    if tz:
        sign = 1 if tz[0] == "+" else -1
        off = timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
        return dt.replace(tzinfo=timezone(sign * off))
    return dt


def _same_instant(a: datetime, b: datetime) -> bool:
    if (a.tzinfo is None) != (b.tzinfo is None):
        return a.replace(tzinfo=None) == b.replace(tzinfo=None)
    return a == b


def read_xmp(data: bytes) -> dict[str, str]:
    """Simple properties of an XMP packet as {"prefix:Name": value}.

    Handles properties written as elements or as attributes of
    rdf:Description, and language alternatives (x-default, else the first).
    """
    out: dict[str, str] = {}
    try:
        root = ET.fromstring(data.strip().strip(b"\x00"))
    except ET.ParseError:
        start = data.find(b"<x:xmpmeta")
        if start < 0:
            start = data.find(b"<rdf:RDF")
        end_tag = b"</x:xmpmeta>" if data.find(b"</x:xmpmeta>") >= 0 else b"</rdf:RDF>"
        end = data.find(end_tag)
        if start < 0 or end < 0:
            raise
        root = ET.fromstring(data[start : end + len(end_tag)])
    prefixes = {v: k for k, v in NS.items()}

    def short(tag: str) -> str | None:
        if not tag.startswith("{"):
            return None
        ns, local = tag[1:].split("}", 1)
        p = prefixes.get(ns)
        return f"{p}:{local}" if p else f"{{{ns}}}{local}"

    for desc in root.iter(f"{{{NS['rdf']}}}Description"):
        for attr, val in desc.attrib.items():
            k = short(attr)
            if k and not k.startswith("rdf:"):
                out.setdefault(k, val)
        for child in desc:
            k = short(child.tag)
            if not k:
                continue
            lis = list(child.iter(f"{{{NS['rdf']}}}li"))
            if lis:
                chosen = next((li for li in lis if li.get(XML_LANG) == "x-default"), lis[0])
                out.setdefault(k, (chosen.text or "").strip())
            else:
                out.setdefault(k, (child.text or "").strip())
    return out


# ====================================================================== document-level rules


def _version_tuple(v: str) -> tuple[int, int]:
    try:
        a, b = v.strip().split(".", 1)
        return int(a), int(b[:1])
    except ValueError:
        return (0, 0)


def _effective_version(pdf: pikepdf.Pdf) -> tuple[int, int]:
    v = _version_tuple(pdf.pdf_version)
    cat = _name(_get(pdf.Root, "/Version"))
    if cat:
        v = max(v, _version_tuple(cat))
    return v


def _uses_xref_streams(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 2048))
            tail = fh.read()
            m = list(re.finditer(rb"startxref\s+(\d+)", tail))
            if not m:
                return False
            fh.seek(int(m[-1].group(1)))
            head = fh.read(32)
        return not head.lstrip().startswith(b"xref")
    except (OSError, ValueError):
        return False


def _info_dict(pdf: pikepdf.Pdf) -> Any:
    info = _get(pdf.trailer, "/Info")
    return info if isinstance(info, pikepdf.Dictionary) else None


def _xmp(pdf: pikepdf.Pdf) -> tuple[dict[str, str] | None, str | None]:
    meta = _get(pdf.Root, "/Metadata")
    if not isinstance(meta, pikepdf.Stream):
        return None, None
    try:
        return read_xmp(meta.read_bytes()), None
    except Exception as exc:
        return None, f"XMP metadata cannot be parsed: {exc}"


def _check_r1(pdf: pikepdf.Pdf, path: Path, s: PreflightSettings, r: _Rule, xmp: dict[str, str] | None) -> None:
    info = _info_dict(pdf)
    info_v = _text(info.get("/GTS_PDFXVersion")) if info is not None and "/GTS_PDFXVersion" in info else None
    xmp_v = xmp.get("pdfxid:GTS_PDFXVersion") if xmp else None
    xmp_v_old = xmp.get("pdfx:GTS_PDFXVersion") if xmp else None
    claimed = info_v or xmp_v or xmp_v_old
    version = _effective_version(pdf)
    vtext = f"PDF {version[0]}.{version[1]}"
    if claimed is None:
        r.fail(
            "not identified as PDF/X: no GTS_PDFXVersion in the Info dictionary or the XMP (label it with layout.pdfx.label_pdfx)"
        )
        r.summary = f"not PDF/X ({vtext})"
        return
    if claimed not in PDFX_VERSIONS:
        r.fail(f"identified as {claimed!r}: expected {' or '.join(PDFX_VERSIONS)}")
        return
    if s.standard is not None and claimed != s.standard:
        r.fail(f"identified as {claimed}, but {s.standard} is required")
    if info_v is None:
        r.fail(f"Info has no GTS_PDFXVersion (XMP says {claimed})")
    if claimed == "PDF/X-4":
        if xmp_v is None:
            r.fail(
                "XMP has no pdfxid:GTS_PDFXVersion (namespace http://www.npes.org/pdfx/ns/id/), required for PDF/X-4"
            )
        elif xmp_v != claimed:
            r.fail(f"XMP pdfxid:GTS_PDFXVersion is {xmp_v!r} but Info says {claimed!r}")
    else:
        conf = _text(info.get("/GTS_PDFXConformance")) if info is not None and "/GTS_PDFXConformance" in info else None
        if conf != "PDF/X-1a:2003":
            r.fail(f"Info GTS_PDFXConformance is {conf!r}, must be 'PDF/X-1a:2003'")
        if xmp_v is not None and xmp_v != claimed:
            r.fail(f"XMP pdfxid:GTS_PDFXVersion is {xmp_v!r} but Info says {claimed!r}")
        if _uses_xref_streams(path):
            r.fail("cross-reference stream (object streams): PDF/X-1a:2003 needs a PDF 1.4 xref table")
    want = PDFX_VERSIONS[claimed]
    if version > want:
        r.fail(f"{vtext}: {claimed} allows at most PDF {want[0]}.{want[1]}")
    elif version < want:
        r.warn(f"{vtext}: {claimed} is normally written as PDF {want[0]}.{want[1]}")
    r.checked.append(f"{claimed}, {vtext}; Info and XMP identification checked")
    r.summary = f"{claimed}, {vtext}"


def _check_r2(pdf: pikepdf.Pdf, s: PreflightSettings, r: _Rule, claimed: str | None) -> None:
    intents = _get(pdf.Root, "/OutputIntents")
    pdfx = [oi for oi in (intents or []) if _name(_get(oi, "/S")) == "GTS_PDFX"]
    if len(pdfx) != 1:
        r.fail(f"{len(pdfx)} OutputIntents with /S /GTS_PDFX (exactly one is required)")
        if not pdfx:
            r.summary = "no PDF/X output intent"
            return
    oi = pdfx[0]
    ident = _text(_get(oi, "/OutputConditionIdentifier", "")).strip()
    if not ident:
        r.fail("the output intent has no OutputConditionIdentifier")
    reg = _get(oi, "/RegistryName")
    if reg is None:
        r.fail("the output intent has no RegistryName (http://www.color.org)")
    elif _text(reg).rstrip("/") != "http://www.color.org":
        r.warn(f"RegistryName is {_text(reg)!r}, not http://www.color.org")
    prof = _get(oi, "/DestOutputProfile")
    standard = s.standard or claimed
    desc = f"{ident or '?'}"
    cond = _get(oi, "/OutputCondition")
    if cond is not None:
        desc += f" ({_text(cond)})"
    if prof is None:
        if standard == "PDF/X-4" or standard is None:
            r.fail("no embedded output profile (DestOutputProfile): PDF/X-4 requires the CMYK ICC profile")
        else:
            if _get(oi, "/Info") is None:
                r.warn("no /Info in the output intent: the shop sees only the identifier")
            r.checked.append(f"GTS_PDFX output intent {desc}, profile referenced by its registered name")
        r.summary = r.summary or f"{desc}, no profile embedded"
        return
    if not isinstance(prof, pikepdf.Stream):
        r.fail("DestOutputProfile is not a stream")
        return
    n = int(_num(_get(prof, "/N"), 0))
    data = _stream_bytes(prof)
    head = read_icc_header(data)
    if head is None or not head.signature_ok:
        r.fail("DestOutputProfile is not an ICC profile")
        return
    if n != 4:
        r.fail(f"DestOutputProfile /N is {n}, must be 4 (CMYK)")
    if head.device_class != "prtr":
        r.fail(f"output profile class is {head.device_class!r}, must be 'prtr' (output device)")
    if head.colour_space != "CMYK":
        r.fail(f"output profile colour space is {head.colour_space!r}, must be 'CMYK'")
    r.checked.append(
        f"GTS_PDFX output intent {desc}; embedded ICC v{head.version} {head.device_class}/{head.colour_space}, "
        f"{len(data)} bytes"
    )
    r.summary = r.summary or f"{ident}, {head.device_class} {head.colour_space} profile embedded"


def _check_r12(pdf: pikepdf.Pdf, r: _Rule, xmp: dict[str, str] | None, xmp_error: str | None) -> None:
    info = _info_dict(pdf)
    if info is None:
        r.fail("no Info dictionary")
        info = pikepdf.Dictionary()
    title = _text(info.get("/Title")).strip() if "/Title" in info else ""
    if not title:
        r.fail("Info has no Title")
    dates: dict[str, datetime] = {}
    for key in ("/CreationDate", "/ModDate"):
        if key not in info:
            r.fail(f"Info has no {key[1:]}")
            continue
        d = parse_pdf_date(_text(info.get(key)))
        if d is None:
            r.fail(f"Info {key[1:]} {_text(info.get(key))!r} is not a PDF date")
        else:
            dates[key] = d
            if d.tzinfo is None:
                r.warn(f"Info {key[1:]} has no time zone")
    trapped = info.get("/Trapped")
    if trapped is None:
        r.fail("Info has no Trapped key (must be /False)")
    elif _name(trapped) != "False":
        r.fail(f"Info Trapped is {_text(trapped)}, must be the name /False")
    ident = _get(pdf.trailer, "/ID")
    if not isinstance(ident, pikepdf.Array) or len(ident) != 2:
        r.fail("trailer has no /ID (two file identifiers)")
    if xmp_error:
        r.fail(xmp_error)
        return
    if xmp is None:
        r.fail("no XMP metadata stream in the catalog (/Metadata)")
        return
    xt = xmp.get("dc:title")
    if xt is None:
        r.fail("XMP has no dc:title")
    elif title and xt.strip() != title:
        r.fail(f"XMP dc:title {xt!r} differs from Info Title {title!r}")
    for key, prop in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        xv = xmp.get(prop)
        if xv is None:
            r.fail(f"XMP has no {prop}")
            continue
        xd = parse_xmp_date(xv)
        if xd is None:
            r.fail(f"XMP {prop} {xv!r} is not a date")
        elif key in dates and not _same_instant(dates[key], xd):
            r.fail(f"XMP {prop} {xv} differs from Info {key[1:]} {_text(info.get(key))}")
    xtr = xmp.get("pdf:Trapped")
    if xtr is None:
        r.fail("XMP has no pdf:Trapped")
    elif trapped is not None and xtr != (_name(trapped) or ""):
        r.fail(f"XMP pdf:Trapped {xtr!r} differs from Info Trapped {_text(trapped)}")
    iv = _text(info.get("/GTS_PDFXVersion")) if "/GTS_PDFXVersion" in info else None
    xv = xmp.get("pdfxid:GTS_PDFXVersion")
    if iv is not None and xv is not None and iv != xv:
        r.fail(f"XMP pdfxid:GTS_PDFXVersion {xv!r} differs from Info {iv!r}")
    elif iv is not None and xv is None and iv == "PDF/X-4":
        r.fail("XMP has no pdfxid:GTS_PDFXVersion")
    for ikey, prop in (("/Producer", "pdf:Producer"), ("/Creator", "xmp:CreatorTool")):
        if ikey in info and prop in xmp and _text(info.get(ikey)) != xmp[prop]:
            r.warn(f"XMP {prop} {xmp[prop]!r} differs from Info {ikey[1:]} {_text(info.get(ikey))!r}")
    r.checked.append(f"Title {title!r}; dates, Trapped /False, trailer /ID; XMP agrees with Info")
    r.summary = "Info, XMP and /ID agree"


def _actions_have_js(action: Any, depth: int = 0) -> bool:
    if action is None or depth > 10:
        return False
    if isinstance(action, pikepdf.Array):
        return any(_actions_have_js(a, depth + 1) for a in action)
    if not isinstance(action, pikepdf.Dictionary):
        return False
    if _name(_get(action, "/S")) in ("JavaScript", "Rendition") and (
        _get(action, "/JS") is not None or _name(_get(action, "/S")) == "JavaScript"
    ):
        return True
    return _actions_have_js(_get(action, "/Next"), depth + 1)


def _check_r13(pdf: pikepdf.Pdf, r: _Rule) -> None:
    if pdf.is_encrypted or _get(pdf.trailer, "/Encrypt") is not None:
        r.fail("the file is encrypted (/Encrypt)")
    root = pdf.Root
    names = _get(root, "/Names")
    if names is not None and _get(names, "/JavaScript") is not None:
        r.fail("document-level JavaScript (/Names /JavaScript)")
    if _actions_have_js(_get(root, "/OpenAction")):
        r.fail("JavaScript in /OpenAction")
    aa = _get(root, "/AA")
    if aa is not None:
        r.fail("document additional actions (/AA) in the catalog")
    if _get(root, "/AcroForm") is not None:
        r.fail("interactive form (/AcroForm)")
    outlines = _get(root, "/Outlines")
    if outlines is not None:
        item, guard = _get(outlines, "/First"), 0
        stack = [item] if item is not None else []
        while stack and guard < 10000:
            guard += 1
            it = stack.pop()
            if _actions_have_js(_get(it, "/A")):
                r.fail("JavaScript in a bookmark action", key="outline-js")
            for k in ("/First", "/Next"):
                nxt = _get(it, k)
                if nxt is not None:
                    stack.append(nxt)
    for i, page in enumerate(pdf.pages, 1):
        annots = _get(page.obj, "/Annots")
        if annots is not None and len(annots):
            kinds = sorted({_name(_get(a, "/Subtype")) or "?" for a in annots})
            r.fail(f"page {i}: {len(annots)} annotation(s) ({', '.join(kinds)})")
            for a in annots:
                if _actions_have_js(_get(a, "/A")) or _get(a, "/AA") is not None:
                    r.fail(f"page {i}: annotation with JavaScript/additional actions", key=("annot-js", i))
        if _get(page.obj, "/AA") is not None:
            r.fail(f"page {i}: page additional actions (/AA)")
    r.checked.append("no /Encrypt, JavaScript, /AcroForm or /Annots")
    r.summary = "none found"


def _check_boxes(pdf: pikepdf.Pdf, s: PreflightSettings, r3: _Rule, r4: _Rule) -> None:
    need = s.bleed_mm * MM
    tol = 0.01 * MM
    sizes: set[str] = set()
    for i, page in enumerate(pdf.pages, 1):
        pobj = page.obj
        media = _box(_get(pobj, "/MediaBox")) or _box(page.mediabox)
        trim = _box(_get(pobj, "/TrimBox"))
        bleed = _box(_get(pobj, "/BleedBox"))
        crop = _box(_get(pobj, "/CropBox"))
        if media is None:
            r3.fail(f"page {i}: no valid MediaBox")
            continue
        missing = [n for n, b in (("TrimBox", trim), ("BleedBox", bleed)) if b is None]
        if missing:
            r3.fail(
                f"page {i}: no {' and no '.join(missing)} (only MediaBox {_fmt_box(media)})",
                key=("missing", tuple(missing), i),
            )
        if trim is not None and bleed is not None and not _inside(trim, bleed):
            r3.fail(f"page {i}: TrimBox {_fmt_box(trim)} is not inside BleedBox {_fmt_box(bleed)}")
        if bleed is not None and not _inside(bleed, media):
            r3.fail(f"page {i}: BleedBox {_fmt_box(bleed)} is not inside MediaBox {_fmt_box(media)}")
        if trim is not None and not _inside(trim, media):
            r3.fail(f"page {i}: TrimBox {_fmt_box(trim)} is not inside MediaBox {_fmt_box(media)}")
        if crop is not None and bleed is not None and not _inside(bleed, crop):
            r3.warn(f"page {i}: BleedBox extends beyond the CropBox {_fmt_box(crop)}")
        if trim is not None:
            sizes.add(f"{_mm(trim[2] - trim[0])}×{_mm(trim[3] - trim[1])} mm")
        if trim is None or bleed is None:
            r4.fail(f"page {i}: bleed cannot be checked without TrimBox and BleedBox", key=("nobox",))
            continue
        margins = {
            "left": trim[0] - bleed[0],
            "bottom": trim[1] - bleed[1],
            "right": bleed[2] - trim[2],
            "top": bleed[3] - trim[3],
        }
        short = {k: v for k, v in margins.items() if v < need - tol}
        if short:
            txt = ", ".join(f"{k} {v / MM:.2f} mm" for k, v in short.items())
            r4.fail(
                f"page {i}: BleedBox extends only {txt} beyond the TrimBox (needs {s.bleed_mm:g} mm)",
                key=("bleed", txt),
            )
    if sizes:
        r3.checked.append(
            f"TrimBox ⊆ BleedBox ⊆ MediaBox on all {len(pdf.pages)} pages; trim {', '.join(sorted(sizes))}"
        )
        r3.summary = f"trim {', '.join(sorted(sizes))}"


# ====================================================================== entry point


def preflight(path: Path, settings: PreflightSettings = PreflightSettings()) -> PreflightReport:
    """Check ``path`` against R1–R14 and return the report (never raises for
    a bad PDF: an unreadable file fails every rule with the reason)."""
    path = Path(path)
    rules = {k: _Rule(k) for k in RULES}
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        rules["R13"].fail("the file is encrypted with a password")
        for k in RULES:
            if k != "R13":
                rules[k].fail("not checked: the file is encrypted")
        return PreflightReport(path, [rules[k].result() for k in RULES])
    except Exception as exc:
        for k in RULES:
            rules[k].fail(f"the file cannot be read as PDF: {exc}")
        return PreflightReport(path, [rules[k].result() for k in RULES])

    with pdf:
        xmp, xmp_error = _xmp(pdf)
        info = _info_dict(pdf)
        claimed = None
        if info is not None and "/GTS_PDFXVersion" in info:
            claimed = _text(info.get("/GTS_PDFXVersion"))
        elif xmp:
            claimed = xmp.get("pdfxid:GTS_PDFXVersion")
        effective = settings.standard or (claimed if claimed in PDFX_VERSIONS else None)
        walk_settings = (
            settings
            if settings.standard or not effective
            else PreflightSettings(
                standard=effective,
                bleed_mm=settings.bleed_mm,
                text_inset_mm=settings.text_inset_mm,
                ppi_warn=settings.ppi_warn,
                ppi_fail=settings.ppi_fail,
                page_multiple=settings.page_multiple,
                total_ink_limit=settings.total_ink_limit,
            )
        )

        _check_r1(pdf, path, settings, rules["R1"], xmp)
        _check_r2(pdf, settings, rules["R2"], claimed)
        _check_boxes(pdf, settings, rules["R3"], rules["R4"])
        _check_r12(pdf, rules["R12"], xmp, xmp_error)
        _check_r13(pdf, rules["R13"])

        walker = _Walker(pdf, walk_settings, rules)
        npages = len(pdf.pages)
        for i, page in enumerate(pdf.pages, 1):
            walker.walk_page(i, page)

        # R10 fonts
        r10 = rules["R10"]
        for name, sub, embedded, pages in walker.font_pages.values():
            if not embedded:
                pl = ", ".join(str(p) for p in sorted(pages))
                hint = (
                    " (ReportLab's default: set initialFontName= on the canvas/doc template)"
                    if name == "Helvetica"
                    else ""
                )
                r10.fail(f"font {name} ({sub}) is not embedded, pages {pl}{hint}", key=("font", name, sub))
        nf = len(walker.font_pages)
        r10.checked.append(f"{nf} font{'s' if nf != 1 else ''} embedded (Type 3 excluded)")
        r10.summary = f"{nf} font{'s' if nf != 1 else ''}" if not r10.fails else ""

        # R4 summary
        if walker.lowest_text_gap is not None:
            rules["R4"].checked.append(
                f"bleed ≥ {settings.bleed_mm:g} mm on every edge; nearest text {walker.lowest_text_gap / MM:.1f} mm inside the trim"
            )
        else:
            rules["R4"].checked.append(f"bleed ≥ {settings.bleed_mm:g} mm on every edge; no text")
        # R5
        rules["R5"].checked.append(
            f"{walker.marks} registration-colour mark strokes, all outside the BleedBox"
            if walker.marks
            else "no crop marks"
        )
        rules["R5"].summary = rules["R5"].summary or ("no crop marks" if not walker.marks else "")
        # R6
        rules["R6"].checked.append(
            f"{walker.paints} paths, {walker.text_runs} text runs, {walker.images.count} image placements: no RGB"
        )
        # R7
        rules["R7"].checked.append(f"{walker.black_runs} black text runs, all 0 0 0 1 k and overprinting")
        # R8
        img = "" if walker.images.max_ink is None else f", images ≤ {walker.images.max_ink:.0f}%"
        rules["R8"].checked.append(
            f"vector colours ≤ {walker.max_ink_seen:.0f}%{img} (limit {settings.total_ink_limit:.0f}%)"
        )
        # R9
        if walker.images.count:
            rules["R9"].checked.append(
                f"{walker.images.count} image placements, lowest {walker.images.lowest_ppi:.0f} ppi"
            )
        else:
            rules["R9"].checked.append("no images")
        # R11
        rules["R11"].checked.append("no alpha, soft masks, blend modes or transparency groups")
        # R14
        r14 = rules["R14"]
        mult = max(1, settings.page_multiple)
        if npages == 0 or npages % mult:
            add = (-npages) % mult
            r14.fail(f"{npages} pages: not a multiple of {mult} (add {add} page{'s' if add != 1 else ''}, e.g. blank)")
        else:
            r14.checked.append(f"{npages} pages, a multiple of {mult}")
        r14.summary = f"{npages} page{'s' if npages != 1 else ''}"

    return PreflightReport(path, [rules[k].result() for k in RULES])


def main(argv: list[str] | None = None) -> int:
    """python -m layout.check.preflight FILE.pdf [--standard PDF/X-4] [--json]"""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m layout.check.preflight", description=__doc__.split("\n")[0])
    ap.add_argument("pdf", type=Path)
    ap.add_argument("--standard", choices=list(PDFX_VERSIONS), default=None)
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    report = preflight(args.pdf, PreflightSettings(standard=args.standard))
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.format())
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
