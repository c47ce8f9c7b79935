"""The document-level rules: R1–R3 (and R4's BleedBox), R12–R14, from the
catalog, the trailer, Info, XMP and the page boxes.

R1  GTS_PDFXVersion in Info and (X-4) pdfxid:GTS_PDFXVersion in XMP, in
    agreement and as required by ``settings.standard``; X-1a also
    GTS_PDFXConformance and a classic xref table; PDF version (header or
    catalog /Version) at most 1.6 / 1.4 (lower: a warning).
R2  exactly one /S /GTS_PDFX OutputIntent with OutputConditionIdentifier and
    RegistryName; DestOutputProfile (required for X-4): /N 4 and an ICC
    header of class 'prtr', colour space 'CMYK'.
R3  TrimBox and BleedBox present on every page (pdfinfo shows absent boxes
    as the MediaBox), TrimBox ⊆ BleedBox ⊆ MediaBox.
R4  BleedBox ≥ bleed_mm past the TrimBox on every edge.
R12 Info Title, CreationDate, ModDate, Trapped /False; trailer /ID; XMP with
    the same title, dates (as instants), Trapped and GTS_PDFXVersion.
R13 no /Encrypt, JavaScript (names, OpenAction, bookmarks, annotations),
    /AA, /AcroForm, /Annots.
R14 page count a multiple of ``page_multiple``.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pikepdf

from layout.facts.icc import read_icc_header
from layout.facts.printing import PDFX_VERSIONS
from layout.facts.units import MM

from ..pdfread.objects import (
    box_of,
    dget,
    fmt_box,
    fmt_mm,
    inside,
    name_of,
    num,
    stream_bytes,
    text_of,
)
from ..report import Findings
from .metadata import parse_pdf_date, parse_xmp_date, read_xmp, same_instant
from .settings import PreflightSettings


def _version_tuple(v: str) -> tuple[int, int]:
    try:
        a, b = v.strip().split(".", 1)
        return int(a), int(b[:1])
    except ValueError:
        return (0, 0)


def _effective_version(pdf: pikepdf.Pdf) -> tuple[int, int]:
    v = _version_tuple(pdf.pdf_version)
    cat = name_of(dget(pdf.Root, "/Version"))
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


def info_dict(pdf: pikepdf.Pdf) -> Any:
    info = dget(pdf.trailer, "/Info")
    return info if isinstance(info, pikepdf.Dictionary) else None


def document_xmp(pdf: pikepdf.Pdf) -> tuple[dict[str, str] | None, str | None]:
    meta = dget(pdf.Root, "/Metadata")
    if not isinstance(meta, pikepdf.Stream):
        return None, None
    try:
        return read_xmp(meta.read_bytes()), None
    except Exception as exc:
        return None, f"XMP metadata cannot be parsed: {exc}"


def check_r1(pdf: pikepdf.Pdf, path: Path, s: PreflightSettings, r: Findings, xmp: dict[str, str] | None) -> None:
    info = info_dict(pdf)
    info_v = text_of(info.get("/GTS_PDFXVersion")) if info is not None and "/GTS_PDFXVersion" in info else None
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
        conf = text_of(info.get("/GTS_PDFXConformance")) if info is not None and "/GTS_PDFXConformance" in info else None
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


def check_r2(pdf: pikepdf.Pdf, s: PreflightSettings, r: Findings, claimed: str | None) -> None:
    intents = dget(pdf.Root, "/OutputIntents")
    pdfx = [oi for oi in (intents or []) if name_of(dget(oi, "/S")) == "GTS_PDFX"]
    if len(pdfx) != 1:
        r.fail(f"{len(pdfx)} OutputIntents with /S /GTS_PDFX (exactly one is required)")
        if not pdfx:
            r.summary = "no PDF/X output intent"
            return
    oi = pdfx[0]
    ident = text_of(dget(oi, "/OutputConditionIdentifier", "")).strip()
    if not ident:
        r.fail("the output intent has no OutputConditionIdentifier")
    reg = dget(oi, "/RegistryName")
    if reg is None:
        r.fail("the output intent has no RegistryName (http://www.color.org)")
    elif text_of(reg).rstrip("/") != "http://www.color.org":
        r.warn(f"RegistryName is {text_of(reg)!r}, not http://www.color.org")
    prof = dget(oi, "/DestOutputProfile")
    standard = s.standard or claimed
    desc = f"{ident or '?'}"
    cond = dget(oi, "/OutputCondition")
    if cond is not None:
        desc += f" ({text_of(cond)})"
    if prof is None:
        if standard == "PDF/X-4" or standard is None:
            r.fail("no embedded output profile (DestOutputProfile): PDF/X-4 requires the CMYK ICC profile")
        else:
            if dget(oi, "/Info") is None:
                r.warn("no /Info in the output intent: the shop sees only the identifier")
            r.checked.append(f"GTS_PDFX output intent {desc}, profile referenced by its registered name")
        r.summary = r.summary or f"{desc}, no profile embedded"
        return
    if not isinstance(prof, pikepdf.Stream):
        r.fail("DestOutputProfile is not a stream")
        return
    n = int(num(dget(prof, "/N"), 0))
    data = stream_bytes(prof)
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


def check_r12(pdf: pikepdf.Pdf, r: Findings, xmp: dict[str, str] | None, xmp_error: str | None) -> None:
    info = info_dict(pdf)
    if info is None:
        r.fail("no Info dictionary")
        info = pikepdf.Dictionary()
    title = text_of(info.get("/Title")).strip() if "/Title" in info else ""
    if not title:
        r.fail("Info has no Title")
    dates: dict[str, datetime] = {}
    for key in ("/CreationDate", "/ModDate"):
        if key not in info:
            r.fail(f"Info has no {key[1:]}")
            continue
        d = parse_pdf_date(text_of(info.get(key)))
        if d is None:
            r.fail(f"Info {key[1:]} {text_of(info.get(key))!r} is not a PDF date")
        else:
            dates[key] = d
            if d.tzinfo is None:
                r.warn(f"Info {key[1:]} has no time zone")
    trapped = info.get("/Trapped")
    if trapped is None:
        r.fail("Info has no Trapped key (must be /False)")
    elif name_of(trapped) != "False":
        r.fail(f"Info Trapped is {text_of(trapped)}, must be the name /False")
    ident = dget(pdf.trailer, "/ID")
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
        elif key in dates and not same_instant(dates[key], xd):
            r.fail(f"XMP {prop} {xv} differs from Info {key[1:]} {text_of(info.get(key))}")
    xtr = xmp.get("pdf:Trapped")
    if xtr is None:
        r.fail("XMP has no pdf:Trapped")
    elif trapped is not None and xtr != (name_of(trapped) or ""):
        r.fail(f"XMP pdf:Trapped {xtr!r} differs from Info Trapped {text_of(trapped)}")
    iv = text_of(info.get("/GTS_PDFXVersion")) if "/GTS_PDFXVersion" in info else None
    xv = xmp.get("pdfxid:GTS_PDFXVersion")
    if iv is not None and xv is not None and iv != xv:
        r.fail(f"XMP pdfxid:GTS_PDFXVersion {xv!r} differs from Info {iv!r}")
    elif iv is not None and xv is None and iv == "PDF/X-4":
        r.fail("XMP has no pdfxid:GTS_PDFXVersion")
    for ikey, prop in (("/Producer", "pdf:Producer"), ("/Creator", "xmp:CreatorTool")):
        if ikey in info and prop in xmp and text_of(info.get(ikey)) != xmp[prop]:
            r.warn(f"XMP {prop} {xmp[prop]!r} differs from Info {ikey[1:]} {text_of(info.get(ikey))!r}")
    r.checked.append(f"Title {title!r}; dates, Trapped /False, trailer /ID; XMP agrees with Info")
    r.summary = "Info, XMP and /ID agree"


def _actions_have_js(action: Any, depth: int = 0) -> bool:
    if action is None or depth > 10:
        return False
    if isinstance(action, pikepdf.Array):
        return any(_actions_have_js(a, depth + 1) for a in action)
    if not isinstance(action, pikepdf.Dictionary):
        return False
    if name_of(dget(action, "/S")) in ("JavaScript", "Rendition") and (
        dget(action, "/JS") is not None or name_of(dget(action, "/S")) == "JavaScript"
    ):
        return True
    return _actions_have_js(dget(action, "/Next"), depth + 1)


def check_r13(pdf: pikepdf.Pdf, r: Findings) -> None:
    if pdf.is_encrypted or dget(pdf.trailer, "/Encrypt") is not None:
        r.fail("the file is encrypted (/Encrypt)")
    root = pdf.Root
    names = dget(root, "/Names")
    if names is not None and dget(names, "/JavaScript") is not None:
        r.fail("document-level JavaScript (/Names /JavaScript)")
    if _actions_have_js(dget(root, "/OpenAction")):
        r.fail("JavaScript in /OpenAction")
    aa = dget(root, "/AA")
    if aa is not None:
        r.fail("document additional actions (/AA) in the catalog")
    if dget(root, "/AcroForm") is not None:
        r.fail("interactive form (/AcroForm)")
    outlines = dget(root, "/Outlines")
    if outlines is not None:
        item, guard = dget(outlines, "/First"), 0
        stack = [item] if item is not None else []
        while stack and guard < 10000:
            guard += 1
            it = stack.pop()
            if _actions_have_js(dget(it, "/A")):
                r.fail("JavaScript in a bookmark action", key="outline-js")
            for k in ("/First", "/Next"):
                nxt = dget(it, k)
                if nxt is not None:
                    stack.append(nxt)
    for i, page in enumerate(pdf.pages, 1):
        annots = dget(page.obj, "/Annots")
        if annots is not None and len(annots):
            kinds = sorted({name_of(dget(a, "/Subtype")) or "?" for a in annots})
            r.fail(f"page {i}: {len(annots)} annotation(s) ({', '.join(kinds)})")
            for a in annots:
                if _actions_have_js(dget(a, "/A")) or dget(a, "/AA") is not None:
                    r.fail(f"page {i}: annotation with JavaScript/additional actions", key=("annot-js", i))
        if dget(page.obj, "/AA") is not None:
            r.fail(f"page {i}: page additional actions (/AA)")
    r.checked.append("no /Encrypt, JavaScript, /AcroForm or /Annots")
    r.summary = "none found"


def check_boxes(pdf: pikepdf.Pdf, s: PreflightSettings, r3: Findings, r4: Findings) -> None:
    need = s.bleed_mm * MM
    tol = 0.01 * MM
    sizes: set[str] = set()
    for i, page in enumerate(pdf.pages, 1):
        pobj = page.obj
        media = box_of(dget(pobj, "/MediaBox")) or box_of(page.mediabox)
        trim = box_of(dget(pobj, "/TrimBox"))
        bleed = box_of(dget(pobj, "/BleedBox"))
        crop = box_of(dget(pobj, "/CropBox"))
        if media is None:
            r3.fail(f"page {i}: no valid MediaBox")
            continue
        missing = [n for n, b in (("TrimBox", trim), ("BleedBox", bleed)) if b is None]
        if missing:
            r3.fail(
                f"page {i}: no {' and no '.join(missing)} (only MediaBox {fmt_box(media)})",
                key=("missing", tuple(missing), i),
            )
        if trim is not None and bleed is not None and not inside(trim, bleed):
            r3.fail(f"page {i}: TrimBox {fmt_box(trim)} is not inside BleedBox {fmt_box(bleed)}")
        if bleed is not None and not inside(bleed, media):
            r3.fail(f"page {i}: BleedBox {fmt_box(bleed)} is not inside MediaBox {fmt_box(media)}")
        if trim is not None and not inside(trim, media):
            r3.fail(f"page {i}: TrimBox {fmt_box(trim)} is not inside MediaBox {fmt_box(media)}")
        if crop is not None and bleed is not None and not inside(bleed, crop):
            r3.warn(f"page {i}: BleedBox extends beyond the CropBox {fmt_box(crop)}")
        if trim is not None:
            sizes.add(f"{fmt_mm(trim[2] - trim[0])}×{fmt_mm(trim[3] - trim[1])} mm")
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


def check_r14(npages: int, s: PreflightSettings, r: Findings) -> None:
    mult = max(1, s.page_multiple)
    if npages == 0 or npages % mult:
        add = (-npages) % mult
        r.fail(f"{npages} pages: not a multiple of {mult} (add {add} page{'s' if add != 1 else ''}, e.g. blank)")
    else:
        r.checked.append(f"{npages} pages, a multiple of {mult}")
    r.summary = f"{npages} page{'s' if npages != 1 else ''}"
