"""Word boundaries for display text (titles, kickers, subtitles, subheads,
导读 entries, captions, running heads).

Chinese has no spaces between words, so a headline broken between any two
characters may split a word or a name (夏/季, 刘/平).  Body text may break
anywhere (that is the Chinese convention); display text is better broken
between words.  jieba's dictionary segmentation tells where they are.

jieba takes about a second to load its dictionary, so the word breaks of
every string are kept in a small cache file under the user's cache folder
(``$XDG_CACHE_HOME/layout``, by default ``~/.cache/layout``): a rebuild of an
issue finds every string there and never loads jieba.  The file is written
atomically (a temporary file in the same folder, then a rename) when the
process ends; a cache that cannot be read or written is ignored.  jieba's
own prefix dictionary (a second to build) is kept there too, never in
jieba's default /tmp.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import logging
import marshal
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from ..usercache import user_cache_dir

CACHE_LIMIT = 50_000  # strings kept; beyond it the oldest are dropped

# words of today's civic Chinese that jieba's dictionary lacks (its 线上 has
# frequency 0, so 线上线下 came out 线/上线/下), with a dictionary frequency
SUPPLEMENT: dict[str, int] = {
    "线上": 2000,
    "线下": 2000,
    "托班": 500,
    "老手艺": 300,
    "健康包": 300,
    "志愿服务": 2000,
    "睦邻中心": 500,
    "党群服务站": 300,
    "一网通办": 300,
    "垃圾分类": 1000,
}


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


def _cache_name() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("jieba")
    except PackageNotFoundError:  # pragma: no cover - jieba is a dependency
        v = "unknown"
    import hashlib

    extra = hashlib.sha256(json.dumps(SUPPLEMENT, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:8]
    return f"words-jieba-{v}-{extra}.json"


class _Cache:
    """Word starts by string, loaded on first use, saved at exit when it grew."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.data: dict[str, list[int]] | None = None
        self.dirty = False
        self.loaded = False

    def _load(self) -> dict[str, list[int]]:
        folder = user_cache_dir()
        path = folder / _cache_name() if folder is not None else None
        if not self.loaded or path != self.path:
            self.save()  # the strings found so far go to the folder they were found for
            self.path = path
            self.data = _read(path) if path is not None else {}
            self.dirty = False
            self.loaded = True
        assert self.data is not None
        return self.data

    def get(self, text: str) -> list[int] | None:
        return self._load().get(text)

    def put(self, text: str, starts: list[int]) -> None:
        data = self._load()
        if not self.dirty:
            self.dirty = True
            atexit.register(self.save)
        data[text] = starts

    def save(self) -> None:
        if not self.dirty or self.path is None or self.data is None:
            return
        merged = {**_read(self.path), **self.data}  # another process may have added strings
        if len(merged) > CACHE_LIMIT:
            merged = dict(list(merged.items())[-CACHE_LIMIT:])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(merged, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            return  # a read-only home: the cache is an optimisation only
        self.dirty = False


def _read(path: Path) -> dict[str, list[int]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, list)}


_CACHE = _Cache()


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
    for word, freq in SUPPLEMENT.items():
        tok.add_word(word, freq)
    return tok


def segment(text: str) -> list[int]:
    """The lengths of the words of ``text``, from the cache or from jieba."""
    cached = _CACHE.get(text)
    if cached is not None:
        return cached
    lengths = [len(w) for w in _tokenizer().cut(text, HMM=True)]
    _CACHE.put(text, lengths)
    return lengths


@lru_cache(maxsize=4096)
def word_starts(text: str) -> dict[int, int]:
    """Offsets in ``text`` where a word begins (0 excluded), each with the
    length of the shorter of the two words that meet there."""
    lengths: list[int] = []
    pos = 0
    for n in segment(text):
        word = text[pos : pos + n]
        prev_end = pos
        pos += n
        if lengths and n == 1 and text[prev_end - 1 : prev_end].isdigit() and not word.isascii():
            lengths[-1] += 1  # a number and its counter are one word: 2025年, 6月
        else:
            lengths.append(n)
    out: dict[int, int] = {}
    pos = 0
    for a, b in itertools.pairwise(lengths):
        pos += a
        out[pos] = min(a, b)
    return out


def flush() -> None:
    """Write the cache now (the build calls nothing: it is written at exit)."""
    _CACHE.save()


def release() -> None:
    """Drop jieba's dictionary (60 MB), loaded only for strings the cache
    lacked; a later string loads it again (from the prefix dictionary kept
    in the cache folder).  A build calls this once its text is set, so the
    print and proof processes do not carry it."""
    _tokenizer.cache_clear()
