"""What the loader learned of an image file by decoding it, kept by the
file's content.

The loader decodes every photo once to know it is whole (Pillow's
``verify`` and ``load``) and reads its format, pixel mode, size and EXIF
turn; that is most of a warm load's time.  A file whose bytes were decoded
whole before (in this process, or by an earlier one: the user's cache
folder, Store ``images``) is not decoded again: the loader takes the same
facts from here and runs the same checks on them.  Only a file that
decoded whole is kept, by the SHA-256 of its bytes and Pillow's version; a
file that fails is decoded (and reported) every time.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import astuple, dataclass
from pathlib import Path

import PIL

KEPT = 512  # files' facts kept in this process


@dataclass(frozen=True)
class Probe:
    format: str
    mode: str
    size: tuple[int, int]  # as stored (before the EXIF turn)
    rotated: bool  # the EXIF orientation turns it by 90°


_memo: OrderedDict[str, Probe] = OrderedDict()


@dataclass(frozen=True)
class Look:
    """A file as found: the key of its bytes, its size and time then, and
    what an earlier decode of the same bytes learnt (None: decode it)."""

    path: Path
    key: str | None
    stamp: tuple[int, int] | None
    seen: Probe | None


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _off() -> bool:
    """Inside :func:`layout.usercache.stores_off` (``--no-cache``): every file decoded."""
    from ..usercache import Store, user_cache_dir

    return Store.user("images") is None and user_cache_dir() is not None


def look(path: Path) -> Look:
    """The file at ``path`` by the SHA-256 of its bytes (and Pillow's version)."""
    if _off():
        return Look(path, None, None, None)
    stamp = _stamp(path)
    digest = hashlib.sha256(PIL.__version__.encode() + b"\0")
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return Look(path, None, None, None)
    key = digest.hexdigest()[:40]
    return Look(path, key, stamp, _known(key))


def _known(key: str) -> Probe | None:
    from ..usercache import Store

    found = _memo.get(key)
    if found is not None:
        _memo.move_to_end(key)
        return found
    store = Store.user("images")
    blob = store.get(f"probe-{key}") if store is not None else None
    if blob is None:
        return None
    try:
        fmt, mode, (w, h), rotated = json.loads(blob)
        found = Probe(str(fmt), str(mode), (int(w), int(h)), bool(rotated))
    except (ValueError, TypeError):
        return None
    _remember(key, found)
    return found


def keep(found: Look, probe: Probe) -> None:
    """Keep the facts of a file that decoded whole (unless it changed
    while it was read: then they may be another version's)."""
    from ..usercache import Store

    if found.key is None or found.stamp is None or _stamp(found.path) != found.stamp:
        return
    _remember(found.key, probe)
    store = Store.user("images")
    if store is not None:
        store.put(f"probe-{found.key}", json.dumps(astuple(probe)).encode())


def _remember(key: str, probe: Probe) -> None:
    _memo[key] = probe
    while len(_memo) > KEPT:
        _memo.popitem(last=False)
