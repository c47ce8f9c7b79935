"""The user's cache folder: ``$XDG_CACHE_HOME/layout``, default
``~/.cache/layout`` — never a shared folder such as /tmp, where another
user's file of the same name would be in the way (or be read)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def user_cache_dir() -> Path | None:
    """The folder for caches kept between runs; None when the user has no
    home folder (then nothing is cached)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and os.path.isabs(base):  # the XDG spec: a relative path is ignored
        root = Path(base)
    else:
        try:
            root = Path.home() / ".cache"
        except (RuntimeError, KeyError):  # no HOME and no passwd entry
            return None
    return root / "layout"


# ---------------------------------------------------------------- the store

_OFF: list[bool] = []  # not empty inside stores_off()


@contextlib.contextmanager
def stores_off() -> Iterator[None]:
    """No store read or written inside (``layout build --no-cache``: photo
    conversions, composed paragraphs, page hashes, previews, font tables
    all made afresh)."""
    _OFF.append(True)
    try:
        yield
    finally:
        _OFF.pop()


#: the store's size bound when LAYOUT_CACHE_MB does not give one
DEFAULT_LIMIT_MB = 1024
_MAGIC = b"layout-cache 1\n"
_HEAD = len(_MAGIC) + 8 + 32  # magic, payload length, payload SHA-256


def cache_limit() -> int:
    """The store's bound in bytes: ``LAYOUT_CACHE_MB`` or the default."""
    raw = os.environ.get("LAYOUT_CACHE_MB", "")
    try:
        mb = float(raw) if raw else DEFAULT_LIMIT_MB
    except ValueError:
        mb = DEFAULT_LIMIT_MB
    return max(0, int(mb * 1024 * 1024))


class Store:
    """Files kept between runs, one per key, in ``folder``.

    An entry is written to a temporary file and renamed into place, and
    carries its payload's length and SHA-256: an entry left half-written by
    a killed process (or by a crash of the machine: entries are not
    synced to disk, a cache is not worth a build's waiting) fails the
    check on reading, is removed and reported as missing, so the caller
    rebuilds it.  Reading an entry marks it used (its modification time);
    when the folder grows past ``limit`` bytes the least recently used
    entries go.  Every failure of the disk (read-only, full) is a miss,
    never an error: a build never depends on the cache for correctness."""

    def __init__(self, folder: Path, limit: int | None = None):
        self.folder = folder
        self.limit = cache_limit() if limit is None else limit

    @classmethod
    def user(cls, name: str) -> Store | None:
        """The store ``name`` in the user's cache folder (None: no folder,
        or inside :func:`stores_off`)."""
        root = user_cache_dir()
        return cls(root / name) if root is not None and not _OFF else None

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.entry"

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                blob = fh.read()
        except OSError:
            return None
        payload = _unpack(blob)
        if payload is None:  # half-written or damaged: never used
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: the last to be evicted
        return payload

    def put(self, key: str, payload: bytes) -> None:
        import hashlib

        blob = _MAGIC + len(payload).to_bytes(8, "big") + hashlib.sha256(payload).digest() + payload
        tmp: str | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "wb") as fh:  # not fsync'd: an entry a crash leaves short fails its check
                fh.write(blob)
            os.replace(tmp, self._path(key))
            tmp = None
        except OSError:
            return
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        self.evict()

    def evict(self) -> None:
        """Remove the least recently used entries until the folder is
        within its bound (and temporary files older than an hour: a
        writer that was killed)."""
        import time

        entries: list[tuple[float, int, Path]] = []
        now = time.time()
        try:
            with os.scandir(self.folder) as it:
                for e in it:
                    try:
                        st = e.stat()
                    except OSError:
                        continue
                    if e.name.endswith(".tmp"):
                        if now - st.st_mtime > 3600:
                            with contextlib.suppress(OSError):
                                os.unlink(e.path)
                        continue
                    if e.name.endswith(".entry"):
                        entries.append((st.st_mtime, st.st_size, Path(e.path)))
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries, key=lambda t: (t[0], t[2].name)):
            if total <= self.limit:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size


def _unpack(blob: bytes) -> bytes | None:
    import hashlib

    if len(blob) < _HEAD or not blob.startswith(_MAGIC):
        return None
    n = int.from_bytes(blob[len(_MAGIC) : len(_MAGIC) + 8], "big")
    digest = blob[len(_MAGIC) + 8 : _HEAD]
    payload = blob[_HEAD:]
    if len(payload) != n or hashlib.sha256(payload).digest() != digest:
        return None
    return payload
