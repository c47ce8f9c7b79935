"""Small test PDFs made with ReportLab: one good print file and broken variants.

The good file is what the pipeline should produce: 100×150 mm trim, 3 mm
bleed, a 10 mm slug with crop marks in the registration colour
(Separation /All) outside the bleed, TrimBox/BleedBox passed to the canvas,
an embedded TrueType font as the canvas's initial font (so no unembedded
Helvetica), K-only black text that overprints (op true, OPM 1), a CMYK photo
(sRGB → FOGRA39L with Pillow ImageCms, embedded as a CMYK JPEG, ≥ 300 ppi)
and a background band that runs 3 mm into the bleed.  :func:`make_pdf`
takes flags that break one thing each; :func:`labelled` labels a file
as PDF/X with :func:`layout.pdfx.label_pdfx`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color, toColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from layout.facts.printing import TOTAL_INK_LIMIT
from layout.pdfx import FOGRA39, OutputCondition, label_pdfx

ROOT = Path(__file__).resolve().parent.parent
ICC_DIR = ROOT / "layout" / "data" / "icc"
FONT_PATH = Path(__file__).resolve().parents[1] / "fonts" / "LXGWWenKai-Regular.ttf"  # the project's own copy
FONT_NAME = "LXGWWenKai"

TRIM_W, TRIM_H = 100 * mm, 150 * mm
BLEED = 3 * mm
SLUG = 10 * mm  # room for the crop marks outside the bleed

CREATED = datetime(2025, 6, 1, 9, 30, 0, tzinfo=timezone(timedelta(hours=8)))
TITLE = "自家门口这点事 2025-06"

K100 = CMYKColor(0, 0, 0, 1)
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")

TEXT = [
    "新泾镇党委、政府主办",
    "确保各项工作任务完成",
    "扫描二维码 关注上海社区发布",
    "Community news 2025-06 p.",
]


@functools.cache
def register_font() -> str:
    """Register the TTF once per process (ReportLab parses it in Python)."""
    if not FONT_PATH.exists():
        raise FileNotFoundError(f"{FONT_PATH} is missing: run 'make fonts'")
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_PATH)))
    return FONT_NAME


@functools.cache
def _srgb_to_fogra() -> ImageCms.ImageCmsTransform:
    srgb = ImageCms.getOpenProfile(str(ICC_DIR / "sRGB.icc"))
    fogra = ImageCms.getOpenProfile(str(ICC_DIR / "FOGRA39L_coated.icc"))
    return ImageCms.buildTransform(srgb, fogra, "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


def rgb_photo(width: int, height: int) -> Image.Image:
    """A synthetic photo: smooth gradients in mid tones (no deep shadows)."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    r = 90 + 140 * x / max(1, width - 1)
    g = 80 + 120 * y / max(1, height - 1)
    b = 160 - 60 * (x + y) / max(1, width + height - 2)
    arr = np.stack([r, g, b], axis=-1).clip(0, 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB")


def limit_total_ink(img: Image.Image, limit: float = TOTAL_INK_LIMIT) -> Image.Image:
    """Scale C, M, Y down where C+M+Y+K exceeds ``limit`` percent (keeps K).

    FOGRA39L separates deep shadows to ~330 %, over the shop's 300 %: a
    photo converted with it needs a total-ink clamp like this one (or a
    profile built for 300 %)."""
    a = np.asarray(img.convert("CMYK"), dtype=np.float32)
    cap = limit / 100.0 * 255.0
    total = a.sum(axis=-1)
    over = total > cap
    if over.any():
        k = a[..., 3]
        cmy = a[..., :3].sum(axis=-1)
        scale = np.where(over & (cmy > 0), np.clip((cap - k) / np.maximum(cmy, 1e-6), 0, 1), 1.0)
        a[..., :3] *= scale[..., None]
    return Image.fromarray(np.floor(a).clip(0, 255).astype(np.uint8), "CMYK")


def cmyk_photo(width: int, height: int) -> Image.Image:
    """An sRGB photo converted to FOGRA39L CMYK with ImageCms, ink-limited."""
    return limit_total_ink(ImageCms.applyTransform(rgb_photo(width, height), _srgb_to_fogra()))


def enforce_cmyk(colour: object) -> CMYKColor:
    """An ``enforceColorSpace=`` callable for ReportLab 5.1 canvases.

    ReportLab's own ``'sep_cmyk'`` treats a CMYKColor as a grey whenever its
    RGB approximation is neutral, and rewrites it as K only: rich black
    0.6 0.4 0.4 1 and 0.9 0.9 0.9 0.9 become 0 0 0 1 k, 0.2 0.2 0.2 0.5
    becomes 0 0 0 .7 k.  ``'cmyk'`` keeps CMYK but turns spot colours
    (CMYKColorSep, the /All registration colour) into process colours.
    This keeps every CMYK and spot colour as given, turns RGB greys into K
    and refuses any other RGB colour.
    """
    tc = toColor(colour)
    if isinstance(tc, CMYKColor):  # CMYKColorSep included
        return tc
    if isinstance(tc, Color) and tc.red == tc.green == tc.blue:
        return CMYKColor(0, 0, 0, 1 - tc.red, alpha=tc.alpha)
    raise ValueError(f"non-CMYK colour {colour!r}: give colours as CMYK")


@dataclass(frozen=True)
class Broken:
    """What to get wrong.  Each flag breaks (mostly) one rule."""

    rgb_text: bool = False  # R6, R7
    rgb_image: bool = False  # R6
    helvetica: bool = False  # R10 (standard 14 font, never embedded)
    no_trimbox: bool = False  # R3 (and R4: bleed unmeasurable)
    pages: int = 4  # R14 if not a multiple of 4
    photo_ppi: int = 320  # R9 warns below 300 and fails below 150 (72: a screen image)
    alpha: bool = False  # R11 (setFillAlpha 0.5)
    rich_black: bool = False  # R7
    no_overprint: bool = False  # R7
    heavy_ink: bool = False  # R8 (a 360 % fill)
    text_near_trim: bool = False  # R4 (text 2 mm from the trim)
    short_bleed: bool = False  # R4 (background ends at the trim)
    marks_in_black: bool = False  # R5 (marks in 0 0 0 1 K, not registration)
    registration_inside: bool = False  # R5 (a rule in /All inside the bleed)
    annotation: bool = False  # R13 (a link annotation)
    dark_photo: bool = False  # R8 (FOGRA39L shadows without the ink clamp)
    marks: bool = True


def make_pdf(path: Path, broken: Broken = Broken()) -> Path:
    """Write an unlabelled ReportLab PDF (good unless ``broken`` says otherwise)."""
    font = register_font()
    x0 = SLUG + BLEED  # trim box origin on the sheet
    y0 = SLUG + BLEED
    media = (TRIM_W + 2 * (BLEED + SLUG), TRIM_H + 2 * (BLEED + SLUG))
    trim = (x0, y0, x0 + TRIM_W, y0 + TRIM_H)
    bleed = (SLUG, SLUG, SLUG + TRIM_W + 2 * BLEED, SLUG + TRIM_H + 2 * BLEED)
    rgb_allowed = broken.rgb_text or broken.rgb_image
    c = Canvas(
        str(path),
        pagesize=media,
        invariant=1,
        enforceColorSpace=None if rgb_allowed else enforce_cmyk,
        initialFontName=None if broken.helvetica else font,
        trimBox=None if broken.no_trimbox else trim,
        bleedBox=bleed,
    )
    c.setTitle(TITLE)

    # the photo is placed at 40×30 mm
    photo_px = (round(40 / 25.4 * broken.photo_ppi), round(30 / 25.4 * broken.photo_ppi))
    if broken.rgb_image:
        photo = ImageReader(rgb_photo(*photo_px))
    elif broken.dark_photo:
        dark = Image.new("RGB", photo_px, (25, 25, 25))  # FOGRA39L: ≈ 316 % ink
        photo = ImageReader(ImageCms.applyTransform(dark, _srgb_to_fogra()))
    else:
        jpg = path.with_suffix(".photo.jpg")
        cmyk_photo(*photo_px).save(jpg, quality=92)  # Pillow writes an Adobe (inverted) CMYK JPEG
        photo = ImageReader(str(jpg))

    for page in range(1, broken.pages + 1):
        # a background band across the top, bleeding 3 mm off three edges
        c.setFillColor(CMYKColor(0.0, 0.9, 0.85, 0.0) if not broken.heavy_ink else CMYKColor(0.9, 0.9, 0.9, 0.9))
        band_h = 25 * mm
        if broken.short_bleed:
            c.rect(trim[0], trim[3] - band_h, TRIM_W, band_h, stroke=0, fill=1)
        else:
            c.rect(bleed[0], trim[3] - band_h, bleed[2] - bleed[0], band_h + BLEED, stroke=0, fill=1)

        if broken.alpha:
            c.setFillAlpha(0.5)
            c.setFillColor(CMYKColor(0.5, 0, 0, 0))
            c.rect(x0 + 10 * mm, y0 + 60 * mm, 30 * mm, 20 * mm, stroke=0, fill=1)
            c.setFillAlpha(1)

        # the photo, inside the trim
        c.drawImage(photo, x0 + 50 * mm, y0 + 10 * mm, 40 * mm, 30 * mm)

        # body text: K-only black, overprinting
        if broken.rgb_text:
            c.setFillColorRGB(0, 0, 0)
        elif broken.rich_black:
            c.setFillColor(CMYKColor(0.6, 0.4, 0.4, 1.0))
        else:
            c.setFillColor(K100)
        if not broken.no_overprint:
            c.setFillOverprint(True)
            c.setOverprintMask(1)
        c.setFont("Helvetica" if broken.helvetica else font, 10)
        y = trim[3] - band_h - 12 * mm
        for line in TEXT:
            c.drawString(x0 + 8 * mm, y, line + (str(page) if line.endswith("p.") else ""))
            y -= 14
        if broken.text_near_trim:
            c.drawString(x0 + 2 * mm, y0 + 50 * mm, "太靠近裁切线")
        c.setFillOverprint(False)

        if broken.registration_inside:
            c.setStrokeColor(REGISTRATION)
            c.setLineWidth(0.5)
            c.line(x0 + 10 * mm, y0 + 55 * mm, x0 + 90 * mm, y0 + 55 * mm)

        if broken.annotation:
            c.linkURL("https://example.org/", (x0 + 8 * mm, y0 + 90 * mm, x0 + 40 * mm, y0 + 95 * mm))

        if broken.marks:
            draw_crop_marks(c, trim, bleed, K100 if broken.marks_in_black else REGISTRATION)
        c.showPage()
    c.save()
    return path


def draw_crop_marks(c: Canvas, trim: tuple[float, ...], bleed: tuple[float, ...], colour: CMYKColor) -> None:
    """Corner marks on the trim lines, from 1 mm outside the bleed to the sheet edge."""
    tx0, ty0, tx1, ty1 = trim
    bx0, by0, bx1, by1 = bleed
    gap = 1 * mm
    c.saveState()
    c.setStrokeColor(colour)
    c.setLineWidth(0.25)
    for x in (tx0, tx1):
        c.line(x, 0, x, by0 - gap)
        c.line(x, by1 + gap, x, by1 + SLUG)
    for y in (ty0, ty1):
        c.line(0, y, bx0 - gap, y)
        c.line(bx1 + gap, y, bx1 + SLUG, y)
    c.restoreState()


def labelled(
    src: Path,
    dst: Path | None = None,
    *,
    standard: str = "PDF/X-4",
    condition: OutputCondition = FOGRA39,
) -> Path:
    """Label ``src`` as PDF/X into ``dst`` (default: NAME-x.pdf beside it)."""
    dst = dst or src.with_name(src.stem + "-x.pdf")
    label_pdfx(
        src,
        dst,
        standard=standard,  # type: ignore[arg-type]
        condition=condition,
        title=TITLE,
        created=CREATED,
        author="新泾镇",
        subject="社区报",
    )
    return dst


def make_good(folder: Path, standard: str = "PDF/X-4") -> Path:
    """The good file, labelled."""
    src = make_pdf(folder / "good.pdf")
    return labelled(src, folder / f"good-{standard.replace('/', '').replace(':', '')}.pdf", standard=standard)


def make_broken(folder: Path, name: str, **flags: object) -> Path:
    """A broken variant, labelled (the label never hides a content problem)."""
    src = make_pdf(folder / f"{name}.pdf", Broken(**flags))  # type: ignore[arg-type]
    return labelled(src)


def make_newspaper(path: Path, pages: int = 16, photos: int = 4) -> Path:
    """A load test: A3 pages of dense Chinese text (many font subsets) in six
    columns, two 300 ppi photos a page, crop marks; unlabelled."""
    import random

    font = register_font()
    w, h = 297 * mm, 420 * mm
    x0 = y0 = SLUG + BLEED
    trim = (x0, y0, x0 + w, y0 + h)
    bleed = (SLUG, SLUG, SLUG + w + 2 * BLEED, SLUG + h + 2 * BLEED)
    c = Canvas(
        str(path),
        pagesize=(w + 2 * (SLUG + BLEED), h + 2 * (SLUG + BLEED)),
        invariant=1,
        enforceColorSpace=enforce_cmyk,
        initialFontName=font,
        trimBox=trim,
        bleedBox=bleed,
    )
    rnd = random.Random(2025)
    # common hanzi: enough distinct characters for a dozen 256-glyph subsets
    chars = [chr(cp) for cp in range(0x4E00, 0x4E00 + 3000)]
    jpgs = []
    for i in range(photos):
        jpg = path.with_name(f"{path.stem}.photo{i}.jpg")
        cmyk_photo(1063, 709).rotate(90 * i).resize((1063, 709)).save(jpg, quality=85)
        jpgs.append(str(jpg))
    col_w = (w - 30 * mm) / 6
    for page in range(pages):
        c.setFillColor(CMYKColor(0, 0.9, 0.85, 0))
        c.rect(bleed[0], trim[3] - 40 * mm, bleed[2] - bleed[0], 40 * mm + BLEED, stroke=0, fill=1)
        c.drawImage(jpgs[page % photos], x0 + 15 * mm, y0 + 20 * mm, 90 * mm, 60 * mm)
        c.drawImage(jpgs[(page + 1) % photos], x0 + 120 * mm, y0 + 20 * mm, 90 * mm, 60 * mm)
        c.setFillColor(K100)
        c.setFillOverprint(True)
        c.setOverprintMask(1)
        c.setFont(font, 9.5)
        for col in range(6):
            x = x0 + 15 * mm + col * col_w
            y = trim[3] - 50 * mm
            while y > y0 + 90 * mm:
                c.drawString(x, y, "".join(rnd.choice(chars) for _ in range(int(col_w // 9.5) - 1)))
                y -= 13
        c.setFillOverprint(False)
        draw_crop_marks(c, trim, bleed, REGISTRATION)
        c.showPage()
    c.save()
    return path
