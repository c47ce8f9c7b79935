"""The content-stream reader: every painting operator of a PDF, with its
graphics state and its bounding box in default user space.

:func:`paint_events` walks every page's content stream (parsed by
:func:`pikepdf.parse_content_stream`) while tracking the graphics state (q/Q,
cm, gs, colour spaces and colours, the clip, the text state and text
matrices), recursing into Form XObjects (with their /Matrix and /Resources),
tiling patterns and annotation appearance streams.  It yields one event per
thing the preflight's rules judge: a page's start, a font or ExtGState in the
resources, a transparency group, a path, text, image or shading painted.  It
judges nothing itself.

The events are defined in :mod:`.events`.  An event's ``gs`` is the reader's
live graphics state: read it before asking for the next event
(``GState.copy()`` keeps one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pikepdf

from .cidfont import composite_faults
from .colour import CMYK, GRAY, RGB, ColourSpace, ColourSpaces
from .events import (
    DefaultSpace,
    Event,
    ExtGStateDef,
    FontUse,
    GState,
    ImagePaint,
    PageBoxes,
    PageContent,
    PageEnd,
    PageStart,
    PathPaint,
    ShadingPaint,
    TextPaint,
    TransparencyGroup,
    Unreadable,
)
from .fonts import PdfFont, font_embedded
from .objects import (
    IDENTITY,
    BBox,
    Matrix,
    apply,
    bbox_of,
    box_of,
    dget,
    intersect,
    is_empty,
    mul,
    name_of,
    num,
    obj_key,
    rect_bbox,
)

if TYPE_CHECKING:
    from .pagehash import Plain

Parse = Callable[[int, pikepdf.Page], tuple[Any, "Plain | None"]]


def paint_events(pdf: pikepdf.Pdf, skip: Callable[[int], bool] | None = None,
                 parse: Parse | None = None) -> Iterator[Event]:
    """Every event of every page of ``pdf``, page by page, in stream order.

    ``skip(n)`` true: page ``n``'s content is not read (its boxes, group and
    its own resources' declarations still are; :class:`PageContent` says
    it was skipped) — the caller knows its verdict from an earlier read.
    ``parse(n, page)``: page ``n``'s content stream as
    :func:`pikepdf.parse_content_stream` gives it (the caller may have
    parsed it already), and what was read of it as plain values, or None
    (:class:`.pagehash.Plain`); called after ``skip(n)``."""
    reader = _Reader(parse)
    for i, page in enumerate(pdf.pages, 1):
        yield from reader.page(i, page, skip is not None and skip(i))


# ====================================================================== the reader


_PATH_PAINT_FILL = {"f", "F", "f*", "B", "B*", "b", "b*"}
_PATH_PAINT_STROKE = {"S", "s", "B", "B*", "b", "b*"}
_PATH_PAINT = _PATH_PAINT_FILL | _PATH_PAINT_STROKE | {"n"}
_IGNORED = frozenset({"d0", "d1", "BX", "EX", "BMC", "BDC", "EMC", "MP", "DP", "ri", "i", "j", "J", "M", "d", "ET"})
"""Operators that change nothing the preflight reads."""


class _Reader:
    def __init__(self, parse: Parse | None = None) -> None:
        self.parse = parse  # page number, page → its content stream parsed (paint_events)
        self.cs = ColourSpaces()
        self.fonts: dict[Any, PdfFont] = {}
        self.font_faults: dict[Any, tuple[str, ...]] = {}  # by a font's key: what is wrong with it, read once a file
        self.seen_resources: set[Any] = set()
        self.page_no = 0
        self.form_stack: list[Any] = []
        self.pattern_seen: set[Any] = set()
        self.declared = 0  # resource dictionaries read with declarations (fonts, graphics states, default spaces)

    # ------------------------------------------------------------ pages

    def page(self, pageno: int, page: pikepdf.Page, skip: bool = False) -> Iterator[Event]:
        pobj = page.obj
        media = box_of(dget(pobj, "/MediaBox")) or box_of(page.mediabox) or (0.0, 0.0, 612.0, 792.0)
        trim = box_of(dget(pobj, "/TrimBox"))
        bleed = box_of(dget(pobj, "/BleedBox"))
        self.page_no = pageno
        yield PageStart(PageBoxes(pageno, media, trim, bleed))
        resources = dget(pobj, "/Resources")
        group = dget(pobj, "/Group")
        where = f"page {pageno}"
        if group is not None:
            yield from self._group(group, resources, where)
        if skip:
            yield from self._scan_resources(resources, where)
            yield PageContent(pageno, skipped=True)
            yield PageEnd(pageno, 0)
            return
        gs = GState(IDENTITY, media)
        try:
            plain = None
            if "/Contents" not in pobj:
                instructions: Any = []
            elif self.parse is not None:
                instructions, plain = self.parse(pageno, page)
            else:
                instructions = pikepdf.parse_content_stream(page)
        except Exception as exc:
            yield Unreadable(where, str(exc), page=True)
            return
        yield from self._scan_resources(resources, where)
        yield PageContent(pageno, skipped=False)
        declared = self.declared
        yield from self._run(instructions, resources, gs, where, scan=False, plain=plain)
        # annotation appearances (annotations themselves fail R13)
        annots = dget(pobj, "/Annots")
        if annots is not None:
            for annot in annots:
                yield from self._annotation(annot, resources)
        yield PageEnd(pageno, self.declared - declared)

    def _annotation(self, annot: Any, page_resources: Any) -> Iterator[Event]:
        ap = dget(annot, "/AP")
        normal = dget(ap, "/N") if ap is not None else None
        if normal is None:
            return
        streams = (
            [normal]
            if isinstance(normal, pikepdf.Stream)
            else [v for v in normal.values() if isinstance(v, pikepdf.Stream)]
        )
        rect = box_of(dget(annot, "/Rect"))
        for st in streams:
            m = tuple(num(x) for x in (dget(st, "/Matrix") or [1, 0, 0, 1, 0, 0]))
            bb = box_of(dget(st, "/BBox")) or (0.0, 0.0, 1.0, 1.0)
            tb = rect_bbox(m, *bb)  # type: ignore[arg-type]
            base: Matrix = IDENTITY
            if rect is not None and tb[2] > tb[0] and tb[3] > tb[1]:
                sx = (rect[2] - rect[0]) / (tb[2] - tb[0])
                sy = (rect[3] - rect[1]) / (tb[3] - tb[1])
                base = (sx, 0.0, 0.0, sy, rect[0] - tb[0] * sx, rect[1] - tb[1] * sy)
            yield from self._form(st, GState(base, rect), page_resources, "annotation appearance")

    # ------------------------------------------------------------ resources

    def _scan_resources(self, resources: Any, where: str) -> Iterator[Event]:
        if resources is None:
            return
        if any(dget(resources, k) is not None for k in ("/Font", "/ExtGState", "/ColorSpace")):
            self.declared += 1
        fonts = dget(resources, "/Font")
        if fonts is not None:
            for rname, fd in fonts.items():
                fk = obj_key(fd) or ("direct", name_of(dget(fd, "/BaseFont")) or rname)
                sub = name_of(dget(fd, "/Subtype")) or "?"
                name = name_of(dget(fd, "/BaseFont")) or rname
                faults = self.font_faults.get(fk)
                if faults is None:
                    faults = self.font_faults[fk] = tuple(composite_faults(fd)) if sub == "Type0" else ()
                yield FontUse(fk, name, sub, font_embedded(fd), self.page_no, faults)
        k = obj_key(resources)
        if k is not None:
            if k in self.seen_resources:
                return
            self.seen_resources.add(k)
        gstates = dget(resources, "/ExtGState")
        if gstates is not None:
            for gname, g in gstates.items():
                yield ExtGStateDef(g, f"{where}: ExtGState {gname}")
        csd = dget(resources, "/ColorSpace")
        if csd is not None:
            for dname in ("/DefaultCMYK", "/DefaultGray"):
                d = dget(csd, dname)
                if d is not None:
                    yield DefaultSpace(dname[1:], self.cs.parse(d, resources), where)

    def _group(self, group: Any, resources: Any, where: str) -> Iterator[Event]:
        if name_of(dget(group, "/S")) == "Transparency":
            csobj = dget(group, "/CS")
            yield TransparencyGroup(where, self.cs.parse(csobj, resources) if csobj is not None else None)

    # ------------------------------------------------------------ the interpreter

    def _run(self, instructions: list[Any], resources: Any, gs: GState, where: str, scan: bool = True,
             plain: Plain | None = None) -> Iterator[Event]:
        if scan:  # a page's own resources are read before its content (Reader.page)
            yield from self._scan_resources(resources, where)
        stack: list[GState] = []
        path: list[tuple[float, float]] = []
        pending_clip = False
        tm: Matrix = IDENTITY
        tlm: Matrix = IDENTITY
        fcache: dict[str, PdfFont | None] = {}
        names = plain.ops if plain is not None else None  # what the page's hash read already
        given = plain.operands if plain is not None else None
        for at, ins in enumerate(instructions):
            if isinstance(ins, pikepdf.ContentStreamInlineImage):
                yield from self._inline_image(ins.iimage, gs, resources, where)
                continue
            op = names[at] if names is not None else str(ins.operator)
            if op in _IGNORED:
                continue  # their operands never become Python objects (a marked-content span a line)
            ops = given.get(at) if given is not None else None
            if ops is None:
                ops = ins.operands
            # ---------------- text (the most frequent operators first)
            if op in ("Tj", "TJ", "'", '"'):
                if op in ("'", '"'):
                    if op == '"' and len(ops) == 3:
                        gs.tw, gs.tc = num(ops[0]), num(ops[1])
                    tlm = mul((1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl), tlm)
                    tm = tlm
                if ops:
                    tm, shown = self._show(gs, tm, ops[-1], op == "TJ")
                    if shown is not None:
                        if gs.fcs.family == "Pattern" or gs.scs.family == "Pattern":
                            yield from self._patterns(gs, resources, gs.tr in (0, 2, 4, 6), gs.tr in (1, 2, 5, 6), where)
                        yield shown
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf":
                if len(ops) == 2:
                    fname = str(ops[0])
                    if fname not in fcache:
                        fcache[fname] = self._font(resources, ops[0])
                    gs.font = fcache[fname]
                    gs.fsize = num(ops[1])
            elif op == "Td":
                if len(ops) == 2:
                    tlm = mul((1.0, 0.0, 0.0, 1.0, num(ops[0]), num(ops[1])), tlm)
                    tm = tlm
            elif op == "TD":
                if len(ops) == 2:
                    gs.tl = -num(ops[1])
                    tlm = mul((1.0, 0.0, 0.0, 1.0, num(ops[0]), num(ops[1])), tlm)
                    tm = tlm
            elif op == "Tm":
                if len(ops) == 6:
                    tm = tlm = tuple(num(v) for v in ops)  # type: ignore[assignment]
            elif op == "T*":
                tlm = mul((1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl), tlm)
                tm = tlm
            elif op == "Tc":
                if ops:
                    gs.tc = num(ops[0])
            elif op == "Tw":
                if ops:
                    gs.tw = num(ops[0])
            elif op == "Tz":
                if ops:
                    gs.tz = num(ops[0], 100.0)
            elif op == "TL":
                if ops:
                    gs.tl = num(ops[0])
            elif op == "Tr":
                if ops:
                    gs.tr = int(num(ops[0]))
            elif op == "Ts":
                if ops:
                    gs.rise = num(ops[0])
            # ---------------- path construction
            elif op == "re":
                if len(ops) == 4:
                    x, y, w, h = (num(v) for v in ops)
                    m = gs.ctm
                    path.extend((apply(m, x, y), apply(m, x + w, y), apply(m, x, y + h), apply(m, x + w, y + h)))
            elif op in ("m", "l"):
                if len(ops) == 2:
                    path.append(apply(gs.ctm, num(ops[0]), num(ops[1])))
            elif op in ("c", "v", "y"):
                nums = [num(v) for v in ops]
                for i in range(0, len(nums) - 1, 2):
                    path.append(apply(gs.ctm, nums[i], nums[i + 1]))
            elif op == "h":
                pass
            elif op in _PATH_PAINT:
                bbox = bbox_of(path)
                if op != "n" and bbox is not None:
                    fill, stroke = op in _PATH_PAINT_FILL, op in _PATH_PAINT_STROKE
                    if gs.fcs.family == "Pattern" or gs.scs.family == "Pattern":
                        yield from self._patterns(gs, resources, fill, stroke, where)
                    yield PathPaint(gs, bbox, fill, stroke)
                if pending_clip and bbox is not None:
                    gs.clip = intersect(gs.clip, bbox)
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
                    gs.ctm = mul(tuple(num(v) for v in ops), gs.ctm)  # type: ignore[arg-type]
            elif op == "w":
                if ops:
                    gs.lw = num(ops[0], 1.0)
            elif op == "gs":
                if ops:
                    self._apply_extgstate(gs, resources, ops[0])
            # ---------------- colour
            elif op in ("g", "G", "rg", "RG", "k", "K"):
                cs = {"g": GRAY, "rg": RGB, "k": CMYK}[op.lower()]
                vals = tuple(num(v) for v in ops)
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
                comps = tuple(num(v) for v in ops if not isinstance(v, pikepdf.Name))
                pat = next((name_of(v) for v in ops if isinstance(v, pikepdf.Name)), None)
                if op.islower():
                    gs.fc, gs.fpat = comps, pat
                else:
                    gs.sc, gs.spat = comps, pat
            # ---------------- XObjects, shadings
            elif op == "Do":
                if ops:
                    yield from self._do(gs, resources, ops[0], where)
            elif op == "sh" and ops:
                yield from self._shading_op(gs, resources, ops[0], where)

    def _apply_extgstate(self, gs: GState, resources: Any, nameobj: Any) -> None:
        gstates = dget(resources, "/ExtGState")
        g = dget(gstates, str(nameobj)) if gstates is not None else None
        if g is None:
            return
        if "/OP" in g:
            gs.op_s = bool(g.OP)
            if "/op" not in g:
                gs.op_f = gs.op_s
        if "/op" in g:
            gs.op_f = bool(g.op)
        if "/OPM" in g:
            gs.opm = int(num(g.OPM))
        if "/LW" in g:
            gs.lw = num(g.LW, gs.lw)
        if "/Font" in g:
            try:
                fd, size = g.Font[0], g.Font[1]
                gs.font, gs.fsize = self._font_of(fd), num(size)
            except Exception:
                pass

    def _font(self, resources: Any, nameobj: Any) -> PdfFont | None:
        fonts = dget(resources, "/Font")
        fd = dget(fonts, str(nameobj)) if fonts is not None else None
        if fd is None:
            return None
        return self._font_of(fd)

    def _font_of(self, fd: Any) -> PdfFont:
        k = obj_key(fd)
        if k is None:
            return PdfFont(fd)
        if k not in self.fonts:
            self.fonts[k] = PdfFont(fd)
        return self.fonts[k]

    # ------------------------------------------------------------ text

    def _show(self, gs: GState, tm: Matrix, arg: Any, is_tj: bool) -> tuple[Matrix, TextPaint | None]:
        """The text matrix after a text-showing operator, and the text it
        shows (None when nothing visible is shown)."""
        font = gs.font
        fs = gs.fsize
        th = gs.tz / 100.0
        items: Any = arg if is_tj and isinstance(arg, (pikepdf.Array, list)) else (arg,)
        x = 0.0
        xmin, xmax = 0.0, 0.0
        allcodes: list[int] = []
        vertical = bool(font and font.vertical)
        for it in items:
            if isinstance(it, (bytes, pikepdf.String)):
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
                tc, tw = gs.tc, (0.0 if font.two_byte else gs.tw)
                if vertical:
                    for _ in codes:
                        x += fs + tc
                        if x < xmin:
                            xmin = x
                        elif x > xmax:
                            xmax = x
                    continue
                # a table for one-byte codes; for two-byte ones the CIDs' widths (PdfFont.width's values)
                width = font.byte_widths() if not font.two_byte else None
                cid_width, default, scale = font.cid_widths.get, font.default_width, font.scale
                for c in codes:  # the glyph's right edge and the pen after it (the arithmetic of the PDF's order)
                    a = (width[c] if width is not None else cid_width(c, default) * scale) * fs
                    edge = x + a * th
                    if edge > xmax:  # noqa: PLR1730 - a compare, not a call, per glyph
                        xmax = edge
                    x += (a + tc + (tw if c == 32 else 0.0)) * th
                    if x < xmin:
                        xmin = x
                    elif x > xmax:
                        xmax = x
            else:
                adj = num(it) / 1000.0 * fs
                x -= adj * (1.0 if vertical else th)
                xmin = min(xmin, x)
        if not allcodes:
            return tm, None
        trm = mul(tm, gs.ctm)
        asc = font.ascent if font else 0.8
        desc = font.descent if font else -0.2
        if vertical:
            # glyphs stacked downwards, centred on the pen position
            bbox = rect_bbox(trm, -fs / 2, -xmax, fs / 2, -xmin)
            new_tm = mul((1.0, 0.0, 0.0, 1.0, 0.0, -x), tm)
        else:
            bbox = rect_bbox(trm, xmin, desc * fs + gs.rise, xmax, asc * fs + gs.rise)
            new_tm = mul((1.0, 0.0, 0.0, 1.0, x, 0.0), tm)
        if gs.tr in (3, 7):  # invisible: neither printed nor checked
            return new_tm, None
        return new_tm, TextPaint(gs, bbox, font, allcodes)

    # ------------------------------------------------------------ XObjects

    def _do(self, gs: GState, resources: Any, nameobj: Any, where: str) -> Iterator[Event]:
        xobjs = dget(resources, "/XObject")
        x = dget(xobjs, str(nameobj)) if xobjs is not None else None
        if x is None:
            return
        sub = name_of(dget(x, "/Subtype"))
        if sub == "Image":
            yield from self._image(gs, x, str(nameobj), resources, where)
        elif sub == "Form":
            yield from self._form(x, gs, resources, f"{where} form {nameobj}")

    def _form(self, x: Any, gs: GState, parent_resources: Any, where: str) -> Iterator[Event]:
        k = obj_key(x) or ("direct", id(x))  # x stays alive while it is on the stack
        if k in self.form_stack or len(self.form_stack) > 20:
            return
        m = tuple(num(v) for v in (dget(x, "/Matrix") or [1, 0, 0, 1, 0, 0]))
        if len(m) != 6:
            m = IDENTITY
        res = dget(x, "/Resources")
        if res is None:
            res = parent_resources
        group = dget(x, "/Group")
        if group is not None:
            yield from self._group(group, res, where)
        inner = gs.copy()
        inner.ctm = mul(m, gs.ctm)
        bb = box_of(dget(x, "/BBox"))
        if bb is not None:
            inner.clip = intersect(gs.clip, rect_bbox(inner.ctm, *bb))
            if is_empty(inner.clip):
                return
        try:
            instructions = pikepdf.parse_content_stream(x)
        except Exception as exc:
            yield Unreadable(where, str(exc), page=False)
            return
        self.form_stack.append(k)
        try:
            yield from self._run(instructions, res, inner, where)
        finally:
            self.form_stack.pop()

    def _image(self, gs: GState, x: Any, name: str, resources: Any, where: str) -> Iterator[Event]:
        vis = intersect(rect_bbox(gs.ctm, 0, 0, 1, 1), gs.clip)
        w = int(num(dget(x, "/Width"), 0))
        h = int(num(dget(x, "/Height"), 0))
        is_mask = bool(dget(x, "/ImageMask", False))
        filters = dget(x, "/Filter")
        flist = (
            [(name_of(f) or "") for f in filters]
            if isinstance(filters, pikepdf.Array)
            else ([name_of(filters) or ""] if filters is not None else [])
        )
        cs: ColourSpace | None = None
        if is_mask:
            yield from self._patterns(gs, resources, True, False, where)
        else:
            csobj = dget(x, "/ColorSpace")
            if csobj is None:
                cs = (
                    ColourSpace("Unknown", 3, None, False, "colour space inside the JPEG 2000 data")
                    if "JPXDecode" in flist
                    else GRAY
                )
            else:
                cs = self.cs.parse(csobj, resources)
        yield ImagePaint(gs, vis, w, h, is_mask, cs, flist, x, name)

    def _inline_image(self, ii: Any, gs: GState, resources: Any, where: str) -> Iterator[Event]:
        vis = intersect(rect_bbox(gs.ctm, 0, 0, 1, 1), gs.clip)
        try:
            w, h = int(ii.width), int(ii.height)
            is_mask = bool(ii.image_mask)
        except Exception:
            return
        cs: ColourSpace | None = None
        if is_mask:
            yield from self._patterns(gs, resources, True, False, where)
        else:
            try:
                csobj = ii.obj.get("/ColorSpace", ii.obj.get("/CS"))
            except Exception:
                csobj = None
            cs = self.cs.parse(csobj, resources) if csobj is not None else GRAY
        yield ImagePaint(gs, vis, w, h, is_mask, cs, [], ii, None)

    # ------------------------------------------------------------ shadings and patterns

    def _shading(self, sh: Any, resources: Any, bbox: BBox | None, what: str) -> ShadingPaint:
        csobj = dget(sh, "/ColorSpace")
        cs = self.cs.parse(csobj, resources) if csobj is not None else GRAY
        return ShadingPaint(sh, cs, bbox, what)

    def _shading_op(self, gs: GState, resources: Any, nameobj: Any, where: str) -> Iterator[Event]:
        shs = dget(resources, "/Shading")
        sh = dget(shs, str(nameobj)) if shs is not None else None
        if sh is None:
            return
        bb = box_of(dget(sh, "/BBox"))
        bbox = intersect(gs.clip, rect_bbox(gs.ctm, *bb) if bb else None)
        if is_empty(bbox):
            return
        yield self._shading(sh, resources, bbox, f"shading {nameobj}")

    def _patterns(self, gs: GState, resources: Any, fill: bool, stroke: bool, where: str) -> Iterator[Event]:
        """The patterns a paint's fill or stroke colour paints with."""
        if fill and gs.fcs.family == "Pattern" and gs.fpat is not None:
            yield from self._pattern(gs, resources, gs.fpat, where)
        if stroke and gs.scs.family == "Pattern" and gs.spat is not None:
            yield from self._pattern(gs, resources, gs.spat, where)

    def _pattern(self, gs: GState, resources: Any, patname: str, where: str) -> Iterator[Event]:
        pats = dget(resources, "/Pattern")
        pat = dget(pats, "/" + patname) if pats is not None else None
        if pat is None:
            return
        pk = obj_key(pat)
        if pk is not None:
            if (self.page_no, pk) in self.pattern_seen:
                return
            self.pattern_seen.add((self.page_no, pk))
        ptype = int(num(dget(pat, "/PatternType"), 0))
        g = dget(pat, "/ExtGState")
        if g is not None:
            yield ExtGStateDef(g, f"page {self.page_no}: pattern /{patname}")
        if ptype == 2:
            sh = dget(pat, "/Shading")
            if sh is not None:
                yield self._shading(sh, resources, gs.clip, f"shading pattern /{patname}")
        elif ptype == 1 and int(num(dget(pat, "/PaintType"), 1)) == 1 and isinstance(pat, pikepdf.Stream):
            m = tuple(num(v) for v in (dget(pat, "/Matrix") or [1, 0, 0, 1, 0, 0]))
            inner = GState(m if len(m) == 6 else IDENTITY, gs.clip)
            res = dget(pat, "/Resources") or resources
            try:
                instructions = pikepdf.parse_content_stream(pat)
            except Exception:
                return
            sk = pk or ("direct", id(pat))
            if sk in self.form_stack:
                return
            self.form_stack.append(sk)
            try:
                yield from self._run(instructions, res, inner, f"{where} pattern /{patname}")
            finally:
                self.form_stack.pop()
