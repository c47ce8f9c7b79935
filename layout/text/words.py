"""Word boundaries for display text (titles, subheads, 导读 entries).

Chinese has no spaces between words, so a headline broken between any two
characters may split a word or a name (夏/季, 刘/平).  Body text may break
anywhere (that is the Chinese convention); display text is better broken
between words.  jieba's dictionary segmentation tells where they are.

jieba's prefix dictionary takes a second to build; it is kept in the user's
cache folder (:func:`layout.usercache.user_cache_dir`), not in jieba's
default /tmp.  A cache that cannot be read or written costs that second,
never a message or a traceback.
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from ..usercache import user_cache_dir


def _read_cache(path: Path) -> tuple[dict, int] | None:
    try:
        with open(path, "rb") as fh:
            freq, total = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):  # missing, unreadable, damaged
        return None
    if not isinstance(freq, dict) or not isinstance(total, int) or total <= 0:
        return None
    return freq, total


def _write_cache(path: Path, data: tuple[dict, int]) -> None:
    """Write atomically (another build may read it meanwhile); on any
    failure (read-only, full disk) leave nothing behind."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(data, fh)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _import_jieba():
    """jieba, imported without ``pkg_resources`` (a quarter second of
    setuptools for finding its own data files, which it then opens by path)."""
    import sys

    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import fails: jieba's fallback
    try:
        import jieba
    finally:
        if blocked and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


@lru_cache(maxsize=1)
def _tokenizer():
    jieba = _import_jieba()

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    folder = user_cache_dir()
    path = folder / f"jieba-{jieba.__version__}.cache" if folder is not None else None
    if folder is not None:
        tok.tmp_dir = str(folder)  # should jieba ever build it itself: not in /tmp
    cached = _read_cache(path) if path is not None else None
    if cached is None:
        cached = tok.gen_pfdict(tok.get_dict_file())
        if path is not None:
            _write_cache(path, cached)
    tok.FREQ, tok.total = cached
    tok.initialized = True
    return tok


@lru_cache(maxsize=4096)
def word_starts(text: str) -> frozenset[int]:
    """Offsets in ``text`` where a word begins (0 excluded)."""
    starts: set[int] = set()
    pos = 0
    for word in _tokenizer().cut(text, HMM=True):
        pos += len(word)
        starts.add(pos)
    starts.discard(len(text))
    return frozenset(starts)
