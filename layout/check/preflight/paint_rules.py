"""The page-level rules R4–R11, judged on the paint events of the
content-stream reader (:mod:`layout.check.pdfread.paint`).

R4  every text run ≥ text_inset_mm inside the TrimBox; painted areas and
    images that reach the trim run bleed_mm past it (the BleedBox itself is
    a document-level check).
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
    FontFile2 or FontFile3; a composite (Type0) font has one CIDFont
    descendant whose descriptor names it, and the widths of its W (DW) are
    its TrueType program's advances, every CID mapped to a glyph the program
    has (pdfread/cidfont.py); glyphs shown as .notdef warn.
R11 ExtGState CA/ca < 1, SMask, blend modes other than Normal/Compatible,
    images with SMask/SMaskInData, /Group /S /Transparency.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from typing import Any

import pikepdf

from layout.facts.units import MM

from ..pdfread.colour import (
    ColourSpace,
    cmyk_of,
    fmt_colour,
    function_samples,
    ink_of,
    is_registration,
    max_image_ink,
)
from ..pdfread.events import (
    DefaultSpace,
    Event,
    ExtGStateDef,
    FontUse,
    GState,
    ImagePaint,
    PageBoxes,
    PageStart,
    PathPaint,
    ShadingPaint,
    TextPaint,
    TransparencyGroup,
    Unreadable,
)
from ..pdfread.fonts import PdfFont
from ..pdfread.objects import (
    BBox,
    dget,
    fmt_mm,
    intersect,
    is_empty,
    name_of,
    num,
    obj_key,
    overlaps,
    scale_of,
)
from ..report import Findings
from .settings import PreflightSettings
from .tally import Tally


class PaintRules(Tally):
    """Judges the paint events of one document, event by event; then
    :meth:`conclude` writes what was checked into each rule."""

    def __init__(self, settings: PreflightSettings, rules: dict[str, Findings],
                 known_ink: Mapping[str, float] | None = None) -> None:
        super().__init__()
        self.s = settings
        self.r = rules
        # the highest total ink of JPEG streams the caller has decoded already,
        # by the SHA-256 of the stream's bytes (the build measured what it wrote)
        self.known_ink = known_ink or {}
        self.font_pages: dict[Any, tuple[str, str, bool, set[int]]] = {}
        self.font_faults: dict[Any, tuple[str, ...]] = {}
        self.image_ink: dict[Any, tuple[float | None, str | None]] = {}
        self.page: PageBoxes | None = None
        # text colours judged clean: (side, colour space, values, pattern, overprint, OPM, inside the bleed)
        # → (the colour space, black runs it counts, its ink)
        self.clean_text: dict[tuple, tuple[ColourSpace, int, float | None]] = {}

    def judge(self, e: Event) -> None:
        match e:
            case TextPaint():
                self._text(e)
            case PathPaint():
                self._path(e)
            case ImagePaint():
                self._image(e)
            case ShadingPaint():
                self._shading(e)
            case PageStart():
                self.page = e.page
            case FontUse():
                if e.key not in self.font_pages:
                    self.font_pages[e.key] = (e.name, e.subtype, e.embedded, set())
                    self.font_faults[e.key] = e.faults
                self.font_pages[e.key][3].add(e.page)
            case ExtGStateDef():
                self._extgstate(e.gstate, e.where)
            case DefaultSpace():
                if e.cs.rgb:
                    self.r["R6"].fail(f"{e.where}: {e.name} remaps to {e.cs.label}")
            case TransparencyGroup():
                self.r["R11"].fail(f"{e.where}: transparency group (/Group /S /Transparency)", key=("group", e.where))
                if e.cs is not None and e.cs.rgb:
                    self.r["R6"].fail(f"{e.where}: transparency group blends in {e.cs.label}", key=("groupcs", e.where))
            case Unreadable():
                if e.page:
                    self.r["R6"].fail(f"{e.where}: content stream cannot be parsed, colours not checked ({e.error})")
                else:
                    self.r["R6"].warn(f"{e.where}: cannot parse ({e.error})")

    # ------------------------------------------------------------ resources (R10, R11)

    def _extgstate(self, g: Any, where: str) -> None:
        r11 = self.r["R11"]
        for key in ("/CA", "/ca"):
            v = dget(g, key)
            if v is not None and num(v, 1.0) < 1.0:
                r11.fail(f"{where}: {key[1:]} {num(v):.3g} (alpha < 1)", key=("alpha", where, key))
        sm = dget(g, "/SMask")
        if sm is not None and name_of(sm) != "None":
            r11.fail(f"{where}: soft mask (SMask)", key=("smask", where))
        bm = dget(g, "/BM")
        if bm is not None:
            modes = [name_of(x) for x in bm] if isinstance(bm, pikepdf.Array) else [name_of(bm)]
            bad = [m for m in modes if m not in ("Normal", "Compatible")]
            if bad and len(bad) == len(modes):
                r11.fail(f"{where}: blend mode /{bad[0]}", key=("bm", where))

    # ------------------------------------------------------------ paths and colour

    def _colour_checks(
        self,
        gs: GState,
        bbox: BBox | None,
        side: str,
        what: str,
    ) -> tuple[ColourSpace, tuple[float, ...]]:
        """R6/R8 for the fill or stroke colour used by one painting operator."""
        cs, vals, pat = (gs.fcs, gs.fc, gs.fpat) if side == "fill" else (gs.scs, gs.sc, gs.spat)
        assert self.page is not None
        pno = self.page.number
        if cs.rgb:
            self.r["R6"].fail(
                f"page {pno}: {what} {side}s in {cs.label} ({fmt_colour(cs, vals)})",
                key=("rgb", pno, what.split(" ")[0], side, cs.label),
            )
        elif cs.family == "Unknown":
            self.r["R6"].warn(f"page {pno}: {what} uses {cs.label}", key=("unk", pno, cs.label))
        if self.s.standard == "PDF/X-1a:2003" and cs.device_independent:
            self.r["R6"].fail(
                f"page {pno}: {what} uses {cs.label}: PDF/X-1a allows only DeviceCMYK, DeviceGray, Separation, DeviceN",
                key=("di", pno, cs.label),
            )
        if cs.family == "Pattern" and pat is not None and cs.base is not None:
            cs = cs.base  # the pattern itself is read as its own paints
        if bbox is not None and self.page.bleed_or_media and not overlaps(bbox, self.page.bleed_or_media):
            return cs, vals  # outside the bleed: marks and slug, not printed on the sheet we keep
        ink = ink_of(cs, vals)
        if ink is not None:
            self.max_ink_seen = max(self.max_ink_seen, ink)
            if ink > self.s.total_ink_limit + 0.05:
                self.r["R8"].fail(
                    f"page {pno}: {what} {side} colour {fmt_colour(cs, vals)} = {ink:.0f}% ink (limit {self.s.total_ink_limit:.0f}%)",
                    key=("ink", pno, cs.label, vals),
                )
        return cs, vals

    def _path(self, e: PathPaint) -> None:
        gs, bbox, fill, stroke = e.gs, e.bbox, e.fill, e.stroke
        self.paints += 1
        assert self.page is not None
        if stroke:
            half = gs.lw * scale_of(gs.ctm) / 2.0
            sbox = (bbox[0] - half, bbox[1] - half, bbox[2] + half, bbox[3] + half)
        else:
            sbox = bbox
        vis = intersect(sbox, gs.clip)
        if is_empty(vis):
            return
        raw_vis = intersect(bbox, gs.clip)
        for side, used in (("fill", fill), ("stroke", stroke)):
            if not used:
                continue
            cs, vals = self._colour_checks(gs, vis, side, "path")
            self._registration_check(
                cs, vals, raw_vis if raw_vis is not None and not is_empty(raw_vis) else vis, side, "path"
            )
            if side == "stroke" and not is_registration(cs):
                self._mark_check(cs, vals, raw_vis if raw_vis is not None and not is_empty(raw_vis) else vis)
            ink = ink_of(cs, vals)
            if ink is None or ink > 0.01:
                self._bleed_extension(vis, "filled area" if side == "fill" else "stroked line")  # type: ignore[arg-type]

    def _registration_check(self, cs: ColourSpace, vals: tuple[float, ...], bbox: BBox | None, side: str, what: str) -> None:
        if not is_registration(cs) or (vals and max(vals) <= 0.0):
            return
        assert self.page is not None
        bleed = self.page.bleed_or_media
        if bbox is None or overlaps(bbox, bleed, tol=0.1):
            loc = "" if bbox is None else f" at {self._where_mm(bbox)}"
            self.r["R5"].fail(
                f"page {self.page.number}: {what} {'filled' if side == 'fill' else 'stroked'} in the registration colour (Separation /All) inside the BleedBox{loc}",
                key=("reg-in", self.page.number, what),
            )
        elif what == "path" and side == "stroke":

            self.marks += 1

    def _mark_check(self, cs: ColourSpace, vals: tuple[float, ...], bbox: BBox | None) -> None:
        assert self.page is not None
        if bbox is None:
            return
        bleed = self.page.bleed_or_media
        if self.page.bleed is None or overlaps(bbox, bleed, tol=0.1):
            return
        ink = ink_of(cs, vals)
        if ink is not None and ink <= 0.0:
            return
        self.r["R5"].fail(
            f"page {self.page.number}: mark outside the BleedBox stroked in {fmt_colour(cs, vals)}, "
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
        if not overlaps(bbox, t, tol=0.01):
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
        return f"({fmt_mm(bbox[0] - o[0])}, {fmt_mm(bbox[1] - o[1])}) mm"

    def _text(self, e: TextPaint) -> None:
        gs, bbox, font, allcodes = e.gs, e.bbox, e.font, e.codes
        self.text_runs += 1
        if font is not None and font.subtype != "Type3":
            missing = font.notdef(allcodes)
            if missing:
                assert self.page is not None
                self.r["R10"].warn(
                    f"page {self.page.number}: {missing} glyph(s) shown as .notdef (character missing from {font.name}: prints as a box)",
                    key=("notdef", self.page.number, font.name),
                )
        self._text_checks(gs, bbox, font, allcodes)

    def _snippet(self, font: PdfFont | None, codes: list[int]) -> str:
        if font is None:
            return "?"
        text = font.decode(codes[:24]).strip()
        return f"'{text}{'…' if len(codes) > 24 else ''}'"

    def _text_checks(self, gs: GState, bbox: BBox, font: PdfFont | None, codes: list[int]) -> None:
        p = self.page
        assert p is not None
        fname = font.name if font else "(no font)"

        def what() -> str:  # built only for a message: most runs pass
            return f"text {self._snippet(font, codes)} ({fname} {gs.fsize:g} pt)"

        fill = gs.tr in (0, 2, 4, 6)
        stroke = gs.tr in (1, 2, 5, 6)
        vis = intersect(bbox, gs.clip)
        if is_empty(vis):
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
            if used:
                self._text_colour(gs, bbox, side, what)

    def _text_colour(self, gs: GState, bbox: BBox, side: str, what: Any) -> None:
        """R5–R8 for one side of a text run's colour.  Most runs of a page
        share a few colours: a colour judged clean before (no finding, not
        the registration colour) is counted in as it was judged."""
        cs0, vals0, pat, op = (gs.fcs, gs.fc, gs.fpat, gs.op_f) if side == "fill" else (gs.scs, gs.sc, gs.spat, gs.op_s)
        p = self.page
        assert p is not None
        key = (side, id(cs0), vals0, pat, op, gs.opm, overlaps(bbox, p.bleed_or_media))
        kept = self.clean_text.get(key)
        if kept is not None and kept[0] is cs0:
            self.black_runs += kept[1]
            if kept[2] is not None:
                self.max_ink_seen = max(self.max_ink_seen, kept[2])
            return
        found, black, seen = self._findings(), self.black_runs, self.max_ink_seen
        self.max_ink_seen = -1.0  # below any ink: what this colour reaches, if it is counted
        cs, vals = self._colour_checks(gs, bbox, side, "text")
        self._registration_check(cs, vals, bbox, side, "text")
        self._black_text(gs, cs, vals, side, what)
        ink = self.max_ink_seen if self.max_ink_seen >= 0.0 else None
        self.max_ink_seen = seen if ink is None else max(seen, ink)
        if not is_registration(cs) and self._findings() == found:
            self.clean_text[key] = (cs0, self.black_runs - black, ink)

    def _findings(self) -> int:
        """The findings of the rules a colour can break (R5–R8), repeats counted."""
        return sum(n for rule in ("R5", "R6", "R7", "R8") for store in (self.r[rule].fails, self.r[rule].warns)
                   for _, n in store.values())

    def _black_text(self, gs: GState, cs: ColourSpace, vals: tuple[float, ...], side: str, what_fn: Any) -> None:
        r7 = self.r["R7"]
        p = self.page
        assert p is not None
        if cs.rgb or cs.process == "rgb":
            r7.fail(
                f"page {p.number}: {what_fn()} is RGB ({fmt_colour(cs, vals)}), not K-only", key=("rgbtext", p.number)
            )
            return
        cmyk = cmyk_of(cs, vals)
        if cmyk is None or is_registration(cs):
            return
        c, m, y, k = cmyk
        if k >= 0.8 - 1e-6 and max(c, m, y) > 0.001:
            r7.fail(
                f"page {p.number}: {what_fn()} is rich black {fmt_colour(cs, vals)}; black text must be 0 0 0 1 k",
                key=("rich", p.number, vals),
            )
            return
        if min(c, m, y) >= 0.5 and max(c, m, y) - min(c, m, y) <= 0.2 and c + m + y + k >= 2.0:
            r7.fail(
                f"page {p.number}: {what_fn()} is a process (CMY) black {fmt_colour(cs, vals)}; black text must be 0 0 0 1 k",
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

    # ------------------------------------------------------------ images

    def _image(self, e: ImagePaint) -> None:
        p = self.page
        assert p is not None
        gs, vis, w, h = e.gs, e.vis, e.width, e.height
        if is_empty(vis) or not overlaps(vis, p.bleed_or_media):  # type: ignore[arg-type]
            return
        if e.name is None:
            self._inline_image(e)
            return
        x, name, flist = e.obj, e.name, e.filters
        label = f"image {name} ({w}×{h} px"
        # colour (R6, R8)
        if e.mask:
            label += ", stencil mask)"
            self._colour_checks(gs, vis, "fill", label)
        else:
            cs = e.cs
            assert cs is not None
            label += f", {cs.label})"
            if cs.rgb:
                self.r["R6"].fail(f"page {p.number}: {label} is {cs.label}", key=("rgbimg", p.number, obj_key(x)))
            elif cs.family == "Unknown":
                self.r["R6"].warn(f"page {p.number}: {label}: colour space not known", key=("unkimg", obj_key(x)))
            if self.s.standard == "PDF/X-1a:2003" and cs.device_independent:
                self.r["R6"].fail(
                    f"page {p.number}: {label}: PDF/X-1a allows no {cs.label} images", key=("diimg", obj_key(x))
                )
            self._image_ink(x, cs, flist, label, w, h)
        # transparency (R11)
        if dget(x, "/SMask") is not None:
            self.r["R11"].fail(f"page {p.number}: {label} has a soft mask (SMask)", key=("smaskimg", p.number, obj_key(x)))
        if num(dget(x, "/SMaskInData"), 0) > 0:
            self.r["R11"].fail(f"page {p.number}: {label} has SMaskInData", key=("smid", p.number, obj_key(x)))
        # resolution (R9)
        self._ppi(gs, w, h, label)
        # bleed (R4)
        self._bleed_extension(vis, label)  # type: ignore[arg-type]

    def _ppi(self, gs: GState, w: int, h: int, label: str) -> None:
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
        msg = f"page {p.number}: {label} placed at {fmt_mm(wpt)}×{fmt_mm(hpt)} mm = {ppi:.0f} ppi"
        if ppi < self.s.ppi_fail - 0.5:
            self.r["R9"].fail(f"{msg} (below {self.s.ppi_fail:g})", key=("ppi", p.number, label, round(ppi)))
        elif ppi < self.s.ppi_warn - 0.5:
            self.r["R9"].warn(f"{msg} (below {self.s.ppi_warn:g})", key=("ppi", p.number, label, round(ppi)))

    def _image_ink(self, x: Any, cs: ColourSpace, flist: list[str], label: str, w: int, h: int) -> None:
        p = self.page
        assert p is not None
        k = obj_key(x)
        if k is not None and k in self.image_ink:
            ink, note = self.image_ink[k]
        else:
            ink, note = self._known(x, cs, flist)
            if ink is None:
                ink, note = max_image_ink(x, cs, flist, w, h)
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

    def _known(self, x: Any, cs: ColourSpace, flist: list[str]) -> tuple[float | None, None]:
        """The measurement the caller carried for a plain CMYK JPEG stream
        (no Decode array of its own but Adobe's inversion), if any."""
        if not self.known_ink or flist != ["DCTDecode"] or cs.family != "DeviceCMYK":
            return None, None
        decode = dget(x, "/Decode")
        if decode is None or [num(v, -1) for v in decode] != [1, 0] * 4:  # as the decoder measured it
            return None, None
        try:
            digest = hashlib.sha256(x.read_raw_bytes()).hexdigest()
        except Exception:
            return None, None
        return self.known_ink.get(digest), None

    def _inline_image(self, e: ImagePaint) -> None:
        p = self.page
        assert p is not None
        gs, w, h = e.gs, e.width, e.height
        label = f"inline image ({w}×{h} px"
        if e.mask:
            label += ", stencil mask)"
            self._colour_checks(gs, e.vis, "fill", label)
        else:
            cs = e.cs
            assert cs is not None
            label += f", {cs.label})"
            if cs.rgb:
                self.r["R6"].fail(f"page {p.number}: {label} is {cs.label}", key=("rgbinl", p.number, cs.label))
            if cs.process == "cmyk" and cs.family != "Indexed":
                try:
                    import numpy as np

                    im = e.obj.as_pil_image()
                    if im.mode == "CMYK":
                        ink = float(np.asarray(im, dtype=np.uint16).sum(axis=2).max()) / 255.0 * 100.0
                        if ink > self.s.total_ink_limit + 0.05:
                            self.r["R8"].fail(
                                f"page {p.number}: {label} reaches {ink:.0f}% total ink", key=("inlink", p.number)
                            )
                except Exception:
                    self.r["R8"].warn(f"page {p.number}: {label}: pixels not checked", key=("inlnote", p.number))
        self._ppi(gs, w, h, label)

    # ------------------------------------------------------------ shadings

    def _shading(self, e: ShadingPaint) -> None:
        p = self.page
        assert p is not None
        sh, cs, bbox, what = e.shading, e.cs, e.bbox, e.what
        if cs.rgb:
            self.r["R6"].fail(f"page {p.number}: {what} in {cs.label}", key=("rgbsh", p.number, obj_key(sh)))
        if self.s.standard == "PDF/X-1a:2003" and cs.device_independent:
            self.r["R6"].fail(
                f"page {p.number}: {what} in {cs.label} (not allowed in PDF/X-1a)", key=("dish", obj_key(sh))
            )
        if bbox is not None and not overlaps(bbox, p.bleed_or_media):
            return
        for vals in function_samples(dget(sh, "/Function")):
            ink = ink_of(cs, vals)
            if ink is not None:
                self.max_ink_seen = max(self.max_ink_seen, ink)
            if ink is not None and ink > self.s.total_ink_limit + 0.05:
                self.r["R8"].fail(
                    f"page {p.number}: {what} colour {fmt_colour(cs, vals)} = {ink:.0f}% ink",
                    key=("shink", p.number, obj_key(sh), vals),
                )
        if is_registration(cs):
            self.r["R5"].fail(f"page {p.number}: {what} in the registration colour", key=("regsh", p.number))

    # ------------------------------------------------------------ the summary

    def conclude(self) -> None:
        """Name what was checked in each rule that passed (R4–R11)."""
        r10 = self.r["R10"]
        composite = 0
        for key, (name, sub, embedded, pages) in self.font_pages.items():
            for fault in self.font_faults.get(key, ()):
                r10.fail(f"font {name} ({sub}): {fault}", key=("font", name, sub, fault))
            composite += sub == "Type0"
            if not embedded:
                pl = ", ".join(str(p) for p in sorted(pages))
                hint = (
                    " (ReportLab's default: set initialFontName= on the canvas/doc template)"
                    if name == "Helvetica"
                    else ""
                )
                r10.fail(f"font {name} ({sub}) is not embedded, pages {pl}{hint}", key=("font", name, sub))
        nf = len(self.font_pages)
        r10.checked.append(f"{nf} font{'s' if nf != 1 else ''} embedded (Type 3 excluded)")
        if composite:
            r10.checked.append(f"{composite} composite font{'s' if composite != 1 else ''}: one CIDFont each, widths as the program's")
        r10.summary = f"{nf} font{'s' if nf != 1 else ''}" if not r10.fails else ""
        s = self.s
        if self.lowest_text_gap is not None:
            self.r["R4"].checked.append(
                f"bleed ≥ {s.bleed_mm:g} mm on every edge; nearest text {self.lowest_text_gap / MM:.1f} mm inside the trim"
            )
        else:
            self.r["R4"].checked.append(f"bleed ≥ {s.bleed_mm:g} mm on every edge; no text")
        self.r["R5"].checked.append(
            f"{self.marks} registration-colour mark strokes, all outside the BleedBox" if self.marks else "no crop marks"
        )
        self.r["R5"].summary = self.r["R5"].summary or ("no crop marks" if not self.marks else "")
        self.r["R6"].checked.append(
            f"{self.paints} paths, {self.text_runs} text runs, {self.images.count} image placements: no RGB"
        )
        self.r["R7"].checked.append(f"{self.black_runs} black text runs, all 0 0 0 1 k and overprinting")
        img = "" if self.images.max_ink is None else f", images ≤ {self.images.max_ink:.0f}%"
        self.r["R8"].checked.append(
            f"vector colours ≤ {self.max_ink_seen:.0f}%{img} (limit {s.total_ink_limit:.0f}%)"
        )
        if self.images.count:
            self.r["R9"].checked.append(f"{self.images.count} image placements, lowest {self.images.lowest_ppi:.0f} ppi")
        else:
            self.r["R9"].checked.append("no images")
        self.r["R11"].checked.append("no alpha, soft masks, blend modes or transparency groups")
