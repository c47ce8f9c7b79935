"""Page previews: the proof rendered to PNG (pypdfium2) for a quick look.

The PNG is written here (:func:`png`): 8-bit RGB, no interlace, every row
unfiltered, deflated by ISA-L (python-isal) at level 1.  A page of text and
flat colour compresses better unfiltered than with the adaptive row filters
Pillow's encoder tries on every row, at half its time (the sample: 0.34 s
and 8.2 MB for its 8 pages, against 0.75 s and 9.2 MB from Pillow at level
3); ISA-L deflates an A3 page at 100 dpi in a sixth of zlib's time at its
level 1 (3.5 against 22.5 ms a page of a generated issue, 0.32 against
0.25 MB).  The pixels are the same whichever deflate wrote them.

A page whose drawing did not change since an earlier preview (``layout
watch``, a rebuild after an edit: an edit changes a page or two) is not
rendered again when its page hash is given: its PNG (and what ``then`` made
of it) comes from this process's memory or from the user's cache folder
(Store ``previews``, keyed by the page hash, the resolution and the code
that drew it).  The PNG is the same bytes a fresh encoding writes, since
the encoding is deterministic.  A page rendered is always encoded: ISA-L
deflates its pixels in less time than a digest of them would take (3.5
against 4.4 ms on A3 at 100 dpi), so no memo of pixels is kept."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar, cast

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
from isal import isal_zlib

from ..usercache import Store

PNG_LEVEL = 1
PNG_BAND = 128  # rows filtered and deflated at a time
KEEP = 64  # pages remembered by their hash (a PNG of 0.3 MB or so at 100 dpi on A3)
_pages: OrderedDict[tuple[str, int, object], tuple[bytes, object]] = OrderedDict()  # (page hash, dpi, then) → PNG, result
T = TypeVar("T")
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def render_previews(pdf_path: Path, out_dir: Path, dpi: int = 100, then: Callable[[pdfium.PdfPage], T] | None = None,
                    hashes: list[str] | None = None) -> tuple[list[Path], list[T | None]]:
    """The previews, and for each page what ``then`` made of it (given the
    page after its preview, before it is closed: another rendering of the
    page reuses pdfium's decoded images).  ``hashes``: the pages' hashes
    (:func:`layout.manifest.page_hashes`, what a page draws); a page drawn
    as one this process showed before at this ``dpi`` gets that PNG and
    ``then``'s result again, unrendered (``layout watch``: an edit redraws a
    page or two)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    results: list[T | None] = []
    store = Store.user("previews") if hashes is not None else None
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for i in range(len(pdf)):
            path = out_dir / f"page-{i + 1:02d}.png"
            key = (hashes[i], dpi, then) if hashes is not None and i < len(hashes) else None
            found = _pages.get(key) if key is not None else None
            if key is not None and found is None and store is not None:
                found = _read(store, _store_key(*key))
            if key is not None and found is not None:
                _pages[key] = found
                _pages.move_to_end(key)
                data, result = found[0], cast("T | None", found[1])
            else:
                page = pdf[i]
                rgb = page.render(scale=dpi / 72.0, rev_byteorder=True).to_numpy()  # rows of R, G, B
                result = then(page) if then is not None else None
                page.close()
                data = png(rgb)
                del rgb
                if key is not None:
                    _pages[key] = (data, result)
                    if store is not None:
                        _write(store, _store_key(*key), data, result)
            if len(_pages) > KEEP:
                _pages.popitem(last=False)
            path.write_bytes(data)
            files.append(path)
            results.append(result)
    finally:
        pdf.close()
    return files, results


def _store_key(page_hash: str, dpi: int, then: object) -> str:
    """A preview's entry in the user's cache folder: the page's hash, the
    resolution, the code that drew it (this module, pdfium) and made
    ``then``'s result (its module's source)."""
    return "page-" + hashlib.sha256(f"{page_hash} {dpi} {_code_digest(then)}".encode()).hexdigest()[:40]


@lru_cache(maxsize=8)
def _code_digest(then: object) -> str:
    import sys

    from isal import __version__ as isal_version
    from pypdfium2.version import PDFIUM_INFO, PYPDFIUM_INFO

    digest = hashlib.sha256(f"{PYPDFIUM_INFO} {PDFIUM_INFO} {np.__version__} {isal_version}".encode()
                            + Path(__file__).read_bytes())
    if then is not None:
        module = sys.modules.get(getattr(then, "__module__", "") or "")
        source = getattr(module, "__file__", None)
        digest.update(f"{getattr(then, '__qualname__', repr(then))}".encode())
        digest.update(Path(source).read_bytes() if source else b"?")
    return digest.hexdigest()


def _write(store: Store, key: str, data: bytes, result: object) -> None:
    """PNG and result as one entry; a result that is no array is not kept."""
    if result is not None and not isinstance(result, np.ndarray):
        return
    extra = io.BytesIO()
    if result is not None:
        np.save(extra, result, allow_pickle=False)
    store.put(key, len(data).to_bytes(8, "big") + data + extra.getvalue())


def _read(store: Store, key: str) -> tuple[bytes, object] | None:
    blob = store.get(key)
    if blob is None or len(blob) < 8:
        return None
    n = int.from_bytes(blob[:8], "big")
    data, extra = blob[8:8 + n], blob[8 + n:]
    if len(data) != n or not data.startswith(_SIGNATURE):
        return None
    if not extra:
        return data, None
    try:
        return data, np.load(io.BytesIO(extra), allow_pickle=False)
    except (ValueError, OSError):
        return None


def png(rgb: npt.NDArray[np.uint8], level: int = PNG_LEVEL) -> bytes:
    """An (height, width, 3) uint8 array as a PNG file (see the module
    docstring); its rows are filtered and deflated a band at a time (no
    copy of the whole page beside its pixels)."""
    height, width, channels = rgb.shape
    if channels != 3:
        raise ValueError(f"an RGB image has 3 channels, not {channels}")
    band = np.empty((min(PNG_BAND, height), width * 3 + 1), np.uint8)
    band[:, 0] = 0  # filter type 0 (None) for every row
    pixels = band[:, 1:].reshape(len(band), width, 3)  # a view: the band's rows after their filter byte
    deflate = isal_zlib.compressobj(level)
    parts = []
    for y in range(0, height, len(band)):
        n = min(len(band), height - y)
        pixels[:n] = rgb[y:y + n]
        parts.append(deflate.compress(band[:n].data))
    parts.append(deflate.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB, deflate, filter method 0, no interlace
    return _SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
