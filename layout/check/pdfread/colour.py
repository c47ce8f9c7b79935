"""Colour spaces of a PDF and the ink their colours put on paper."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pikepdf

from layout.facts.icc import read_icc_header

from .objects import dget, name_of, num, obj_key, stream_bytes, text_of


@dataclass(frozen=True)
class ColourSpace:
    family: (
        str  # DeviceGray DeviceRGB DeviceCMYK ICCBased CalRGB CalGray Lab Indexed Separation DeviceN Pattern Unknown
    )
    n: int
    process: str | None  # 'gray' 'rgb' 'cmyk' 'lab' — how the components read, if known
    rgb: bool  # RGB anywhere in it (base, alternate)
    label: str
    spot: str | None = None
    names: tuple[str, ...] = ()
    base: ColourSpace | None = None
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


GRAY = ColourSpace("DeviceGray", 1, "gray", False, "DeviceGray")
RGB = ColourSpace("DeviceRGB", 3, "rgb", True, "DeviceRGB")
CMYK = ColourSpace("DeviceCMYK", 4, "cmyk", False, "DeviceCMYK")
PATTERN = ColourSpace("Pattern", 0, None, False, "Pattern")
_DEVICE = {
    "DeviceGray": GRAY,
    "G": GRAY,
    "DeviceRGB": RGB,
    "RGB": RGB,
    "DeviceCMYK": CMYK,
    "CMYK": CMYK,
    "Pattern": PATTERN,
}




class ColourSpaces:
    def __init__(self) -> None:
        self._icc: dict[Any, tuple[int, str | None]] = {}
        self._cache: dict[Any, ColourSpace] = {}

    def icc_info(self, stream: Any) -> tuple[int, str | None]:
        k = obj_key(stream)
        if k is not None and k in self._icc:
            return self._icc[k]
        n = int(num(dget(stream, "/N"), 0))
        head = read_icc_header(stream_bytes(stream, 128))
        info = (n, head.colour_space if head else None)
        if k is not None:
            self._icc[k] = info
        return info

    def parse(self, obj: Any, resources: Any = None, depth: int = 0) -> ColourSpace:
        if depth > 8:
            return ColourSpace("Unknown", 1, None, False, "colour space nested too deep")
        nm = name_of(obj)
        if nm is not None:
            if nm in _DEVICE:
                return _DEVICE[nm]
            if nm in ("I", "Indexed"):
                return ColourSpace("Unknown", 1, None, False, nm)
            # a named resource
            csdict = dget(resources, "/ColorSpace") if resources is not None else None
            target = dget(csdict, "/" + nm) if csdict is not None else None
            if target is None:
                return ColourSpace("Unknown", 1, None, False, f"undefined colour space /{nm}")
            return self.parse(target, resources, depth + 1)
        if isinstance(obj, pikepdf.Array):
            k = obj_key(obj)
            if k is not None and k in self._cache:
                return self._cache[k]
            cs = self._parse_array(obj, resources, depth)
            if k is not None:
                self._cache[k] = cs
            return cs
        return ColourSpace("Unknown", 1, None, False, f"colour space {text_of(obj)[:40]}")

    def _parse_array(self, arr: Any, resources: Any, depth: int) -> ColourSpace:
        if len(arr) == 0:
            return ColourSpace("Unknown", 1, None, False, "empty colour space array")
        fam = name_of(arr[0]) or "?"
        if fam in _DEVICE and len(arr) == 1:
            return _DEVICE[fam]
        if fam == "ICCBased":
            n, space = self.icc_info(arr[1])
            if space == "RGB" or (space is None and n == 3):
                return ColourSpace("ICCBased", 3, "rgb", True, "ICCBased RGB (N 3)", device_independent=True)
            if space == "Lab":
                return ColourSpace("ICCBased", 3, "lab", False, "ICCBased Lab", device_independent=True)
            if n == 4:
                return ColourSpace("ICCBased", 4, "cmyk", False, "ICCBased CMYK (N 4)", device_independent=True)
            if n == 1:
                return ColourSpace("ICCBased", 1, "gray", False, "ICCBased Gray (N 1)", device_independent=True)
            return ColourSpace("ICCBased", n or 1, None, False, f"ICCBased (N {n}, {space})", device_independent=True)
        if fam == "CalRGB":
            return ColourSpace("CalRGB", 3, "rgb", True, "CalRGB", device_independent=True)
        if fam == "CalGray":
            return ColourSpace("CalGray", 1, "gray", False, "CalGray", device_independent=True)
        if fam == "Lab":
            return ColourSpace("Lab", 3, "lab", False, "Lab", device_independent=True)
        if fam in ("Indexed", "I") and len(arr) >= 4:
            base = self.parse(arr[1], resources, depth + 1)
            lk = arr[3]
            if isinstance(lk, pikepdf.Stream):
                lookup = stream_bytes(lk)
            else:
                try:
                    lookup = bytes(lk)
                except Exception:
                    lookup = b""
            return ColourSpace(
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
            spot = name_of(arr[1]) or text_of(arr[1])
            alt = self.parse(arr[2], resources, depth + 1)
            rgb = alt.rgb and spot != "None"
            label = f"Separation /{spot}" + (f" (alternate {alt.label})" if rgb else "")
            return ColourSpace("Separation", 1, None, rgb, label, spot=spot, base=alt)
        if fam == "DeviceN" and len(arr) >= 3:
            names = tuple((name_of(x) or text_of(x)) for x in arr[1])
            alt = self.parse(arr[2], resources, depth + 1)
            label = f"DeviceN [{' '.join(names)}]" + (f" (alternate {alt.label})" if alt.rgb else "")
            return ColourSpace("DeviceN", len(names), None, alt.rgb, label, names=names, base=alt)
        if fam == "Pattern":
            pbase = self.parse(arr[1], resources, depth + 1) if len(arr) > 1 else None
            return ColourSpace(
                "Pattern",
                pbase.n if pbase else 0,
                None,
                bool(pbase and pbase.rgb),
                "Pattern" + (f" over {pbase.label}" if pbase else ""),
                base=pbase,
            )
        return ColourSpace("Unknown", 1, None, False, f"colour space /{fam}")


_PROCESS = {"Cyan": 0, "Magenta": 1, "Yellow": 2, "Black": 3}


def cmyk_of(cs: ColourSpace, vals: tuple[float, ...]) -> tuple[float, float, float, float] | None:
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
            return cmyk_of(cs.base, tuple(b / 255.0 for b in entry))
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
        for nm, t in zip(cs.names, vals, strict=False):
            if nm in _PROCESS:
                out[_PROCESS[nm]] = t
        return tuple(out)  # type: ignore[return-value]
    return None


def ink_of(cs: ColourSpace, vals: tuple[float, ...]) -> float | None:
    """Total ink in percent (process + spot plates), None when not computable."""
    cmyk = cmyk_of(cs, vals)
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


def fmt_colour(cs: ColourSpace, vals: tuple[float, ...]) -> str:
    nums = " ".join(f"{v:.3g}" for v in vals)
    if cs.family == "DeviceCMYK":
        return f"{nums} k"
    if cs.family == "DeviceGray":
        return f"{nums} g"
    if cs.family == "DeviceRGB":
        return f"{nums} rg"
    return f"{cs.label} {nums}".strip()


def is_registration(cs: ColourSpace) -> bool:
    return (cs.family == "Separation" and cs.spot == "All") or (cs.family == "DeviceN" and "All" in cs.names)




def function_samples(fn: Any, depth: int = 0) -> list[tuple[float, ...]]:
    """End colours of exponential/stitching functions (the extremes of axial/radial blends)."""
    if fn is None or depth > 5:
        return []
    if isinstance(fn, pikepdf.Array):
        # one function per component: combine their ends
        ends = [function_samples(f, depth + 1) for f in fn]
        if all(len(e) >= 2 for e in ends):
            return [tuple(e[0][0] for e in ends), tuple(e[-1][0] for e in ends)]
        return []
    ftype = int(num(dget(fn, "/FunctionType"), -1))
    if ftype == 2:
        c0 = tuple(num(v) for v in (dget(fn, "/C0") or [0.0]))
        c1 = tuple(num(v) for v in (dget(fn, "/C1") or [1.0]))
        return [c0, c1]
    if ftype == 3:
        out: list[tuple[float, ...]] = []
        for f in dget(fn, "/Functions") or []:
            out.extend(function_samples(f, depth + 1))
        return out
    return []


def max_image_ink(x: Any, cs: ColourSpace, flist: list[str], w: int, h: int) -> tuple[float | None, str | None]:
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
    bpc = int(num(dget(x, "/BitsPerComponent"), 8))
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

    dec = dget(x, "/Decode")
    lo = np.zeros(4, dtype=np.float32)
    hi = np.ones(4, dtype=np.float32)
    if dec is not None and len(dec) >= 8:
        vals = [num(v) for v in dec]
        lo = np.array(vals[0:8:2], dtype=np.float32)
        hi = np.array(vals[1:8:2], dtype=np.float32)
    span = (hi - lo) / maxv
    assert arr is not None  # set above for every non-indexed image that got here
    best = 0.0
    for r0 in range(0, h, 256):
        blk = arr[r0 : r0 + 256].astype(np.float32)
        s = (blk * span + lo).sum(axis=-1).max()
        best = max(best, float(s))
    return best * 100.0, None


