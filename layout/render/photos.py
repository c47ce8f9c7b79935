"""Photos for print: crop to the placed box, flatten alpha onto paper white,
convert to CMYK with the output profile (Pillow ImageCms), limit total ink,
and compute the effective resolution at the placed size (R6, R8, R9).

The result is a CMYK JPEG written beside the output (deterministic for the
same input and library versions); ReportLab embeds it as is (DCTDecode).
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageOps

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
    ink: float = 0.0  # the JPEG's highest total ink, measured on its decoded pixels (percent)
    digest: str = ""  # SHA-256 of the JPEG's bytes: the image stream the PDF embeds


class PhotoPrep:
    """Converts each placed photo once and writes the CMYK JPEG into
    ``folder`` for the renderer.  Conversions are kept between builds in
    ``store`` (the user's cache folder): a designer rebuilding all day
    converts a photo only when it, its crop or its size changes.  The key
    covers every input of the conversion, so a stored JPEG is always the
    file a fresh conversion would write; ``store=None`` converts afresh.

    ``max_ppi`` overrides the theme's (the proof's photos are smaller)."""

    def __init__(self, folder: Path, profile: Path, settings: PhotoSettings, *, store: Store | None = None,
                 max_ppi: float | None = None):
        self.cache = folder
        self.store = store
        self.profile = profile
        self.ink_target = settings.ink_target  # percent, before JPEG; the preflight limit is INK_LIMIT
        # larger photos are resampled down to this (smaller files, same print)
        self.max_ppi = settings.max_ppi if max_ppi is None else max_ppi
        self.jpeg_quality = settings.jpeg_quality
        self._profile_digest = hashlib.sha256(profile.read_bytes()).hexdigest()
        self._profile_name = ImageCms.getOpenProfile(str(profile)).profile.profile_description or ""
        self._done: dict[tuple, Prepared] = {}
        self._transforms: dict[bytes, ImageCms.ImageCmsTransform] = {}

    def _parts(self, pic: Picture, source_digest: str, settings: str) -> list[str]:
        import PIL

        return [source_digest, self._profile_digest, repr(pic.crop), f"{pic.w:.3f}x{pic.h:.3f}",
                settings, PIL.__version__, self._profile_name]

    def _key(self, pic: Picture, source_digest: str) -> str:
        """The JPEG's file name (and so its name in the PDF)."""
        parts = self._parts(pic, source_digest, f"{self.ink_target}/{INK_LIMIT}/{self.max_ppi}/{self.jpeg_quality}")
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]

    def _store_key(self, pic: Picture, source_digest: str, ppi: float) -> str:
        """The stored conversion's key: what decides its pixels (a photo
        below both the proof's and the print's ``max_ppi`` is converted once)."""
        size = f"{self.max_ppi}" if ppi > self.max_ppi else "full"
        parts = self._parts(pic, source_digest, f"{self.ink_target}/{INK_LIMIT}/{size}/{self.jpeg_quality}")
        return "photo-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]

    def prepare(self, pic: Picture) -> Prepared:
        key = (pic.source, pic.crop, round(pic.w, 3), round(pic.h, 3))
        if key in self._done:
            return self._done[key]
        raw = pic.source.read_bytes()
        source_digest = hashlib.sha256(raw).hexdigest()
        path = self.cache / f"photo-{self._key(pic, source_digest)}.jpg"
        with Image.open(io.BytesIO(raw)) as im:
            pixels = ImageOps.exif_transpose(im).size if im.getexif().get(0x0112, 1) in (5, 6, 7, 8) else im.size
            ppi = effective_ppi(pixels, pic.crop, pic.w, pic.h)
            store_key = self._store_key(pic, source_digest, ppi)
            stored = self.store.get(store_key) if self.store is not None else None
            if stored is not None and len(stored) > 8:
                ink, data = struct.unpack(">d", stored[:8])[0], stored[8:]
            else:
                data, ink = self._convert(im, pic, ppi)
                if self.store is not None:
                    self.store.put(store_key, struct.pack(">d", ink) + data)
        self.cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except BaseException:  # a full disk, an interrupt: no half-written file stays
            tmp.unlink(missing_ok=True)
            raise
        prepared = Prepared(path, ppi, pixels, ink, hashlib.sha256(data).hexdigest())
        self._done[key] = prepared
        return prepared

    def _convert(self, im: Image.Image, pic: Picture, ppi: float) -> tuple[bytes, float]:
        im.load()
        icc = im.info.get("icc_profile")
        # phone photos stored sideways turned upright (a copy); an upright photo is used as it is
        upright = ImageOps.exif_transpose(im) if im.getexif().get(0x0112, 1) in range(2, 9) else im
        box = (
            round(pic.crop[0] * upright.width),
            round(pic.crop[1] * upright.height),
            round(pic.crop[2] * upright.width),
            round(pic.crop[3] * upright.height),
        )
        part = upright.crop(box)
        del upright  # each stage's image goes as soon as the next exists (a build's peak memory)
        if ppi > self.max_ppi:
            f = self.max_ppi / ppi
            part = part.resize((max(1, round(part.width * f)), max(1, round(part.height * f))), Image.Resampling.LANCZOS)
        cmyk = self._to_cmyk(part, icc)
        del part
        cmyk = limit_ink(cmyk, self.ink_target)
        return _jpeg(cmyk, self.ink_target, self.jpeg_quality)

    def _to_cmyk(self, im: Image.Image, icc: bytes | None) -> Image.Image:
        if im.mode == "CMYK":
            return im  # assumed to be for the press already
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
            return Image.merge("CMYK", (zero, zero, zero, k))
        im = im.convert("RGB")
        src_key = icc or b"srgb"
        transform = self._transforms.get(src_key)
        if transform is None:
            try:
                src = ImageCms.ImageCmsProfile(io.BytesIO(icc)) if icc else ImageCms.ImageCmsProfile(str(SRGB))
            except (OSError, ImageCms.PyCMSError):
                src = ImageCms.ImageCmsProfile(str(SRGB))
            dst = ImageCms.ImageCmsProfile(str(self.profile))
            transform = ImageCms.buildTransform(src, dst, "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL)
            self._transforms[src_key] = transform
        out = ImageCms.applyTransform(im, transform)
        assert out is not None  # not in place: a new image
        return out


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


def limit_ink(im: Image.Image, limit: float) -> Image.Image:
    """Reduce C, M and Y where C+M+Y+K exceeds ``limit`` percent (K kept).
    Works in bands of rows to keep memory small; only the pixels over the
    limit are computed (in float32, as a whole band would be)."""
    a = np.asarray(im)
    cap = limit * 255.0 / 100.0
    if int(_total_ink(a).max()) <= cap:
        return im
    out = a.copy()
    del a
    for y in range(0, out.shape[0], 256):
        rows = out[y : y + 256]
        over = _total_ink(rows) > cap
        if not over.any():
            continue
        px = rows[over].astype(np.float32)  # (n, 4): the pixels over the limit
        cmy = px[:, :3]
        cmy_sum = cmy.sum(axis=1)
        allowed = np.maximum(cap - px[:, 3], 0.0)
        factor = np.where(cmy_sum > 0, allowed / np.maximum(cmy_sum, 1e-6), 1.0)
        px[:, :3] = np.floor(cmy * factor[:, None])
        rows[over] = px.astype(np.uint8)
    return Image.fromarray(out, "CMYK")


def max_ink(im: Image.Image) -> float:
    return float(_total_ink(np.asarray(im)).max()) * 100.0 / 255.0


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
