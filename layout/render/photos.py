"""Photos for print: crop to the placed box, flatten alpha onto paper white,
convert to CMYK with the output profile (Pillow ImageCms), limit total ink,
and compute the effective resolution at the placed size (R6, R8, R9).

The result is a CMYK JPEG written beside the output (deterministic for the
same input and library versions); ReportLab embeds it as is (DCTDecode).
The screen proof's photo is the print's CMYK pixels, smaller, seen through
the press profile in sRGB (a soft proof, relative colorimetric): an RGB
JPEG, which a viewer and the previews show as the press will print it,
and draw at a sixth of a CMYK image's time (pdfium).
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageFilter, ImageOps

from ..facts.printing import TOTAL_INK_LIMIT
from ..model.sheet import SRGB_PROFILE as SRGB
from ..model.styles import PhotoSettings
from ..pages.display import Picture
from ..pages.photos import effective_ppi
from ..usercache import Store

INK_LIMIT = TOTAL_INK_LIMIT


@dataclass(frozen=True)
class Prepared:
    path: Path  # CMYK JPEG
    ppi: float  # effective resolution at the placed size (before any downsampling)
    pixels: tuple[int, int]
    ink: float = 0.0  # the JPEG's highest total ink, measured on its decoded pixels (percent; 0: a screen proof's RGB)
    digest: str = ""  # SHA-256 of the JPEG's bytes: the image stream the PDF embeds


# photo file SHA-256 → its upright size, mode and colour profile (what PhotoPrep.look decodes)
_MEASURED: dict[str, tuple[tuple[int, int], str, bytes | None]] = {}


@dataclass(frozen=True)
class Source:
    """A placed photo's file as read once: its bytes, their SHA-256, its
    upright size in pixels and its resolution at the placed size."""

    raw: bytes
    digest: str
    pixels: tuple[int, int]
    ppi: float
    mode: str = "RGB"
    icc: bytes | None = None  # its embedded colour profile

    @property
    def colour(self) -> bool:
        """Converted through a colour table (not CMYK nor grey already)."""
        return self.mode not in ("CMYK", "L", "F") and not self.mode.startswith("I")


#: grid points per axis of the RGB → CMYK table (65: a node every 4 levels; the table
#: is closer to the profile's exact transform than Little CMS's own 33-point one)
LUT_GRID = 65
#: levels (of 255) the table's nodes stay below the ink target: the table's interpolation
#: rounds each of the four plates, which adds at most a level to a blend of nodes within the
#: target (every sRGB colour through the sample's table: tests/test_photos.py), so a converted
#: photo is within its target as converted: no limit follows the table (_to_cmyk)
TABLE_MARGIN = 2.0
#: a proof photo is first reduced by a whole factor (a box filter) to within this many times
#: its size, then resampled (Lanczos): a quarter of the time of Lanczos alone, a screen proof's
#: pixels within a few levels of it (the print's photos are resampled by Lanczos alone)
PROOF_REDUCING_GAP = 1.0
#: the conversion's version in every key: a stored photo is always what this code writes
METHOD = "lut65-margin2-proofgap1-srgbproof"

Converted = tuple[bytes, float]  # a JPEG and its highest total ink (percent; 0 for a screen proof's RGB)
Placement = tuple[Path, tuple[float, float, float, float], float, float]  # a photo, its crop, its size (pt)
Variant = tuple[float, bool]  # a conversion's max ppi, and whether it is the screen proof's (sRGB)
Ready = Mapping[tuple[Placement, Variant], "Prepared"]  # JPEGs written beforehand, by placement and variant


def placement(pic: Picture) -> Placement:
    return (pic.source, pic.crop, round(pic.w, 3), round(pic.h, 3))


class PhotoPrep:
    """Converts each placed photo once and writes the CMYK JPEG into
    ``folder`` for the renderer.  Conversions are kept between builds in
    ``store`` (the user's cache folder): a designer rebuilding all day
    converts a photo only when it, its crop or its size changes.  The key
    covers every input of the conversion, so a stored JPEG is always the
    file a fresh conversion would write; ``store=None`` converts afresh.
    ``ready`` holds the JPEGs already written into ``folder`` (by the photo
    stage, :mod:`layout.render.photostage`), by placement and variant.

    ``max_ppi`` overrides the theme's and makes the screen proof's photos:
    smaller, resampled from the print's converted, ink-limited pixels (a
    photo is decoded and colour-converted once for both) and shown in sRGB
    (the module docstring)."""

    def __init__(self, folder: Path, profile: Path, settings: PhotoSettings, *, store: Store | None = None,
                 max_ppi: float | None = None, ready: Ready | None = None):
        self.cache = folder
        self.store = store
        self.ready = ready or {}
        self.profile = profile
        self.ink_target = settings.ink_target  # percent, before JPEG; the preflight limit is INK_LIMIT
        # larger photos are resampled down to this (smaller files, same print)
        self.print_ppi = settings.max_ppi
        self.max_ppi = settings.max_ppi if max_ppi is None else max_ppi
        self.screen = max_ppi is not None  # the screen proof's: RGB
        self.jpeg_quality = settings.jpeg_quality
        self._profile_digest = hashlib.sha256(profile.read_bytes()).hexdigest()
        self._profile_name = ImageCms.getOpenProfile(str(profile)).profile.profile_description or ""
        self._done: dict[Placement, Prepared] = {}
        self._luts: dict[bytes, ImageFilter.Color3DLUT] = {}
        self._soft_proof: ImageCms.ImageCmsTransform | None = None

    @property
    def variant(self) -> Variant:
        return (self.max_ppi, self.screen)

    def _parts(self, pic: Picture, source_digest: str, settings: str) -> list[str]:
        import PIL

        return [source_digest, self._profile_digest, repr(pic.crop), f"{pic.w:.3f}x{pic.h:.3f}",
                settings, PIL.__version__, self._profile_name, METHOD]

    def _key(self, pic: Picture, source_digest: str) -> str:
        """The JPEG's file name (and so its name in the PDF)."""
        parts = self._parts(pic, source_digest, f"{self.ink_target}/{INK_LIMIT}/{self.max_ppi}/{self.jpeg_quality}"
                                                + ("/srgb" if self.screen else ""))
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]

    def _size_tag(self, ppi: float, max_ppi: float) -> str:
        """What decides a variant's pixel size: a photo below both the proof's
        and the print's ``max_ppi`` is converted once (``full``); a smaller
        variant is resampled from the print's pixels, whose size it names."""
        wanted = min(max_ppi, self.print_ppi)
        if ppi <= wanted:
            return "full"
        base = f"{self.print_ppi}" if ppi > self.print_ppi else "full"
        return base if wanted == self.print_ppi else f"{wanted}<{base}"

    def store_key(self, pic: Picture, source: Source, variant: Variant | None = None) -> str:
        """The stored conversion's key of ``variant`` (this prep's own by default)."""
        max_ppi, screen = self.variant if variant is None else variant
        size = self._size_tag(source.ppi, max_ppi)
        parts = self._parts(pic, source.digest, f"{self.ink_target}/{INK_LIMIT}/{size}/{self.jpeg_quality}"
                                                + ("/srgb" if screen else ""))
        return "photo-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]

    def look(self, pic: Picture) -> Source:
        """The photo's file read, hashed and measured (its header only decoded;
        a PNG's EXIF may follow its pixels, which are then decoded to find it:
        measured once per content in a process, as ``layout watch`` looks at
        every photo on each rebuild)."""
        raw = pic.source.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        measured = _MEASURED.get(digest)
        if measured is None:
            with Image.open(io.BytesIO(raw)) as im:
                turned = _orientation(im, raw) in (5, 6, 7, 8)
                pixels = ImageOps.exif_transpose(im).size if turned else im.size
                measured = pixels, im.mode, im.info.get("icc_profile")
            if len(_MEASURED) >= 256:
                _MEASURED.clear()
            _MEASURED[digest] = measured
        pixels, mode, icc = measured
        return Source(raw, digest, pixels, effective_ppi(pixels, pic.crop, pic.w, pic.h), mode, icc)

    def _marker(self, source_digest: str) -> str:
        parts = [source_digest, self._profile_digest, f"{self.ink_target}/{INK_LIMIT}/{self.print_ppi}/{self.jpeg_quality}",
                 self._profile_name, METHOD]
        return "seen-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]

    def mark(self, source_digest: str) -> None:
        """The photo of SHA-256 ``source_digest`` converted with these settings (a hint in the store)."""
        if self.store is not None:
            self.store.put(self._marker(source_digest), b"")

    def converted_before(self, raw: bytes) -> bool:
        """A photo of these bytes converted with these settings before (its
        placements then are most likely kept in the store: not worth
        converting it whole in advance)."""
        key = self._marker(hashlib.sha256(raw).hexdigest())
        return self.store is not None and self.store.get(key) is not None

    def stored(self, key: str) -> Converted | None:
        """The conversion kept in the store (None: none)."""
        blob = self.store.get(key) if self.store is not None else None
        if blob is None or len(blob) <= 8:
            return None
        return blob[8:], struct.unpack(">d", blob[:8])[0]

    def keep(self, key: str, converted: Converted) -> None:
        if self.store is not None:
            data, ink = converted
            self.store.put(key, struct.pack(">d", ink) + data)

    def path_for(self, pic: Picture, source: Source) -> Path:
        """Where the photo's JPEG is written for the renderer."""
        return self.cache / f"photo-{self._key(pic, source.digest)}.jpg"

    def write(self, path: Path, data: bytes) -> str:
        """``data`` written to ``path`` atomically; its SHA-256."""
        self.cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except BaseException:  # a full disk, an interrupt: no half-written file stays
            tmp.unlink(missing_ok=True)
            raise
        return hashlib.sha256(data).hexdigest()

    def prepare(self, pic: Picture) -> Prepared:
        key = placement(pic)
        prepared = self._done.get(key) or self.ready.get((key, self.variant))
        if prepared is None:
            source = self.look(pic)
            path = self.path_for(pic, source)
            store_key = self.store_key(pic, source)
            got = self.stored(store_key)
            if got is None:
                [got] = self.convert(source, pic, [self.variant])
                self.keep(store_key, got)
            data, ink = got
            prepared = Prepared(path, source.ppi, source.pixels, ink, self.write(path, data))
            del data, got
        self._done[key] = prepared
        return prepared

    def convert(self, source: Source, pic: Picture, variants: Sequence[Variant],
                frame: Image.Image | None = None) -> list[Converted]:
        """The photo's JPEG of each of ``variants``, from one decode: the
        print's pixels (cropped, resampled to the theme's ``max_ppi``,
        converted, ink-limited), each smaller variant resampled from them, a
        screen proof's in sRGB.
        ``frame``: the whole photo converted beforehand (:meth:`frame`), whose
        crop is the print's pixels of a photo not resampled (the table and the
        limit work pixel by pixel: the same pixels)."""
        if frame is not None and source.ppi <= self.print_ppi:
            base = frame.crop(_box(pic, frame.width, frame.height))
            crop_size = base.size
        else:
            with Image.open(io.BytesIO(source.raw)) as im:
                base, crop_size = self._print_pixels(im, pic, source.ppi)
        out: list[Converted] = []
        for max_ppi, screen in variants:
            wanted = min(max_ppi, self.print_ppi)
            if source.ppi <= wanted or wanted == self.print_ppi:
                variant = base
            else:
                f = wanted / source.ppi
                size = (max(1, round(crop_size[0] * f)), max(1, round(crop_size[1] * f)))
                variant = base.resize(size, Image.Resampling.LANCZOS, reducing_gap=PROOF_REDUCING_GAP)
                if not screen:  # Lanczos rings a little past the limit at hard edges: limited again
                    variant = limit_ink(variant, self.ink_target, own=True)
            out.append(self._screen_jpeg(variant) if screen else _jpeg(variant, self.ink_target, self.jpeg_quality))
            del variant
        return out

    def _screen_jpeg(self, cmyk: Image.Image) -> Converted:
        """The screen proof's JPEG: ``cmyk`` (press pixels) in sRGB."""
        if self._soft_proof is None:
            self._soft_proof = ImageCms.buildTransform(
                ImageCms.ImageCmsProfile(str(self.profile)), ImageCms.ImageCmsProfile(str(SRGB)), "CMYK", "RGB",
                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
        rgb = ImageCms.applyTransform(cmyk, self._soft_proof)
        assert rgb is not None
        buf = io.BytesIO()
        rgb.save(buf, "JPEG", quality=self.jpeg_quality, subsampling=0, optimize=False, progressive=False)
        return buf.getvalue(), 0.0

    def _print_pixels(self, im: Image.Image, pic: Picture, ppi: float) -> tuple[Image.Image, tuple[int, int]]:
        im.load()
        icc = im.info.get("icc_profile")
        # phone photos stored sideways turned upright (a copy); an upright photo is used as it is
        upright = ImageOps.exif_transpose(im) if im.getexif().get(0x0112, 1) in range(2, 9) else im
        part = upright.crop(_box(pic, upright.width, upright.height))
        # each stage's image goes as soon as the next exists (a build's peak memory)
        del upright
        im.close()  # the decoded pixels too
        crop_size = part.size
        if ppi > self.print_ppi:
            f = self.print_ppi / ppi
            part = part.resize((max(1, round(part.width * f)), max(1, round(part.height * f))), Image.Resampling.LANCZOS)
        return self._to_cmyk(part, icc), crop_size

    def frame(self, raw: bytes) -> Image.Image | None:
        """The whole photo (the file's bytes ``raw``) upright, converted as
        its print pixels are (for :meth:`convert`, before its placement is
        known); None for a photo other than plain RGB (converted from its
        file when placed)."""
        with Image.open(io.BytesIO(raw)) as im:
            if im.mode != "RGB":
                return None
            im.load()
            icc = im.info.get("icc_profile")
            upright = ImageOps.exif_transpose(im) if im.getexif().get(0x0112, 1) in range(2, 9) else im
            return self._to_cmyk(upright, icc)

    def table(self, icc: bytes | None) -> ImageFilter.Color3DLUT:
        """The colour table for photos carrying ``icc`` (made once)."""
        key = icc or b"srgb"
        lut = self._luts.get(key)
        if lut is None:
            lut = self._luts[key] = cmyk_table(icc, self.profile, self.ink_target, self.store)
        return lut

    def _to_cmyk(self, im: Image.Image, icc: bytes | None) -> Image.Image:
        """CMYK within the ink target."""
        if im.mode == "CMYK":
            return limit_ink(im, self.ink_target)  # assumed to be for the press already
        if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
            im = im.convert("RGBA")
            ground = Image.new("RGBA", im.size, (255, 255, 255, 255))
            im = Image.alpha_composite(ground, im)
        if im.mode.startswith("I"):
            im = grey_8bit(im)
        elif im.mode == "F":
            im = im.convert("L")
        if im.mode == "L":
            # greyscale photos print on the black plate only
            k = Image.eval(im, lambda v: 255 - v)
            zero = Image.new("L", im.size, 0)
            return limit_ink(Image.merge("CMYK", (zero, zero, zero, k)), self.ink_target, own=True)
        if im.mode != "RGB":
            im = im.convert("RGB")
        # no limit after the table: its nodes are TABLE_MARGIN within the ink target, a blend
        # of nodes is within it too (the plates' weighted sums), and the rounding of the four
        # plates adds less than the margin (a theme's target is at least 200 %, over the black
        # plate's 100 %: every node can be brought within it); the JPEG is measured (_jpeg)
        return im.filter(self.table(icc))


#: what in a PNG file may carry the orientation Pillow reads (Image.getexif): an eXIf chunk, a
#: text chunk of EXIF or XMP (their keywords are stored uncompressed)
_PNG_ORIENTATION_MARKS = (b"eXIf", b"Raw profile type exif", b"XML:com.adobe.xmp")


def _orientation(im: Image.Image, raw: bytes) -> int:
    """The EXIF orientation of the opened photo of bytes ``raw`` (1:
    upright).  Pillow decodes a PNG's pixels to look for EXIF after them (a
    fifteenth of a second for a photo); a PNG none of whose bytes could
    carry an orientation is upright without that."""
    if im.format == "PNG" and not any(mark in raw for mark in _PNG_ORIENTATION_MARKS):
        return 1
    return int(im.getexif().get(0x0112, 1))


def _box(pic: Picture, width: int, height: int) -> tuple[int, int, int, int]:
    """The placed crop of an upright photo of ``width`` × ``height`` pixels."""
    return (round(pic.crop[0] * width), round(pic.crop[1] * height), round(pic.crop[2] * width),
            round(pic.crop[3] * height))


def cmyk_table(icc: bytes | None, profile: Path, ink_target: float, store: Store | None = None) -> ImageFilter.Color3DLUT:
    """RGB (from ``icc``, sRGB when absent or unreadable) to CMYK in ``profile``,
    perceptual, as a 3D table with the total ink limit folded in: each node
    is Little CMS's unoptimised (exact) transform of its colour, its C, M and Y
    scaled down where C+M+Y+K is over ``ink_target`` percent less
    :data:`TABLE_MARGIN` levels (K kept).  Little CMS's nodes (a tenth of a
    second to compute) are kept in ``store``: the early worker's table
    (:mod:`layout.render.photoearly`) serves this process too."""
    key = None
    if store is not None:
        import PIL

        parts = [hashlib.sha256(icc or b"srgb").hexdigest(), hashlib.sha256(profile.read_bytes()).hexdigest(),
                 str(LUT_GRID), PIL.__version__, str(getattr(ImageCms.core, "littlecms_version", "")), METHOD]
        key = "table-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
        kept = store.get(key)
        if kept is not None and len(kept) == LUT_GRID**3 * 4:
            return _limited_table(np.frombuffer(kept, np.uint8), ink_target)
    nodes = _exact_nodes(icc, profile)
    if store is not None and key is not None:
        store.put(key, nodes.tobytes())
    return _limited_table(nodes, ink_target)


def _exact_nodes(icc: bytes | None, profile: Path) -> np.ndarray:
    """Little CMS's exact CMYK of each node of the table, (nodes × 4) uint8."""
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc)) if icc else ImageCms.ImageCmsProfile(str(SRGB))
    except (OSError, ImageCms.PyCMSError):
        src = ImageCms.ImageCmsProfile(str(SRGB))
    dst = ImageCms.ImageCmsProfile(str(profile))
    exact = ImageCms.buildTransform(src, dst, "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL,
                                    flags=ImageCms.Flags.NOOPTIMIZE)
    levels = np.rint(np.linspace(0.0, 255.0, LUT_GRID)).astype(np.uint8)
    b, g, r = np.meshgrid(levels, levels, levels, indexing="ij")  # the table's order: red varies fastest
    grid = Image.fromarray(np.stack([r, g, b], axis=-1).reshape(1, -1, 3), "RGB")
    converted = ImageCms.applyTransform(grid, exact)
    assert converted is not None
    return np.asarray(converted).reshape(-1)


def _limited_table(exact: np.ndarray, ink_target: float) -> ImageFilter.Color3DLUT:
    nodes = exact.reshape(-1, 4).astype(np.float64)
    cap = ink_target * 255.0 / 100.0 - TABLE_MARGIN
    over = nodes.sum(axis=1) > cap
    cmy_sum = nodes[over, :3].sum(axis=1)
    allowed = np.maximum(cap - nodes[over, 3], 0.0)
    nodes[over, :3] *= (allowed / np.maximum(cmy_sum, 1e-6))[:, None]
    return ImageFilter.Color3DLUT(LUT_GRID, nodes / 255.0, channels=4, target_mode="CMYK")


def grey_8bit(im: Image.Image) -> Image.Image:
    """A 16-bit greyscale image (PNG, TIFF: modes I;16…, or I holding
    16-bit values) as 8-bit L, every level scaled (65535 → 255).  Pillow's
    own convert("L") clips at 255, which prints a 16-bit photo as white."""
    a = np.asarray(im).astype(np.int64)
    scaled = (np.clip(a, 0, 65535) * 255 + 32767) // 65535
    return Image.fromarray(scaled.astype(np.uint8), "L")


def _total_ink(a: np.ndarray) -> np.ndarray:
    """C+M+Y+K of each pixel of an (h, w, 4) uint8 array, as uint16 (the
    four planes added one by one: the same sums as ``a.sum(axis=2)``, without
    numpy's slow reduction over an axis of four)."""
    total = a[..., 0].astype(np.uint16)
    total += a[..., 1]
    total += a[..., 2]
    total += a[..., 3]
    return total


BAND = 256  # rows of pixels handled at a time (a whole photo's array is never held beside it)


def _bands(im: Image.Image) -> Iterator[tuple[int, np.ndarray]]:
    """The image's rows in bands, each as a (rows, width, channels) array."""
    for y in range(0, im.height, BAND):
        yield y, np.asarray(im.crop((0, y, im.width, min(y + BAND, im.height))))


def limit_ink(im: Image.Image, limit: float, *, own: bool = False) -> Image.Image:
    """Reduce C, M and Y where C+M+Y+K exceeds ``limit`` percent (K kept).
    Works in bands of rows to keep memory small; only the pixels over the
    limit are computed (in float32, as a whole band would be).  An image
    within the limit is returned as it is; else a copy limited, or with
    ``own`` (the caller's own new image, referenced nowhere else) the image
    itself, limited in place."""
    cap = limit * 255.0 / 100.0
    out: Image.Image | None = None
    for y, band in _bands(im):
        over = _total_ink(band) > cap
        if not over.any():
            continue
        rows = band.copy()
        px = rows[over].astype(np.float32)  # (n, 4): the pixels over the limit
        cmy = px[:, :3]
        cmy_sum = cmy.sum(axis=1)
        allowed = np.maximum(cap - px[:, 3], 0.0)
        factor = np.where(cmy_sum > 0, allowed / np.maximum(cmy_sum, 1e-6), 1.0)
        px[:, :3] = np.floor(cmy * factor[:, None])
        rows[over] = px.astype(np.uint8)
        if out is None:
            out = im if own else im.copy()
        out.paste(Image.fromarray(rows, "CMYK"), (0, y))
    return im if out is None else out


def max_ink(im: Image.Image) -> float:
    """The highest C+M+Y+K of the image's pixels, in percent."""
    return max(float(_total_ink(band).max()) for _, band in _bands(im)) * 100.0 / 255.0


def _jpeg(im: Image.Image, target: float, quality: int) -> tuple[bytes, float]:
    """CMYK JPEG whose decoded pixels stay under the ink limit (the target
    lowered step by step when JPEG's rounding overshoots), and its highest
    total ink as decoded."""
    while True:
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=quality, subsampling=0, optimize=False, progressive=False)
        data = buf.getvalue()
        with Image.open(io.BytesIO(data)) as back:
            back.load()
            ink = max_ink(back)
            if ink <= INK_LIMIT - 0.5 or target < 200:
                return data, ink
        target -= 15
        im = limit_ink(im, target)
