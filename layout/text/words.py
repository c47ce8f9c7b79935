"""Word boundaries for display text (titles, kickers, subtitles, subheads,
导读 entries, captions, running heads).

Chinese has no spaces between words, so a headline broken between any two
characters may split a word or a name (夏/季, 刘/平).  Body text may break
anywhere (that is the Chinese convention); display text is better broken
between words.  jieba's dictionary segmentation tells where they are.

jieba's dictionary is read lazily, a first character at a time
(:class:`_Prefixes`: the entries jieba's own prefix dictionary would have,
without building all 580,000 of them), and the word breaks of
every string are kept in a small cache file under the user's cache folder
(``$XDG_CACHE_HOME/layout``, by default ``~/.cache/layout``): a rebuild of an
issue finds every string there and never loads jieba.  The file is written
atomically (a temporary file in the same folder, then a rename) when the
process ends; a cache that cannot be read or written is ignored.  The
index of jieba's dictionary (where each first character's lines are) is
kept there too, never in jieba's default /tmp.
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


Index = dict[str, list[tuple[int, int]]]  # first character → byte ranges of the dictionary's lines
INDEX_FORMAT = "jieba-index 1"


def _read_cache(path: Path, digest: str) -> tuple[int, Index] | None:
    """The dictionary's index kept for the dictionary file of SHA-256 ``digest``."""
    try:
        with open(path, "rb") as fh:
            kept = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):  # missing, unreadable, damaged
        return None
    if not (isinstance(kept, tuple) and len(kept) == 4 and kept[0] == INDEX_FORMAT and kept[1] == digest):
        return None  # another dictionary's, or an older layout's cache
    _, _, total, index = kept
    if not isinstance(index, dict) or not isinstance(total, int) or total <= 0:
        return None
    return total, index


def _write_cache(path: Path, data: tuple) -> None:
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


@lru_cache(maxsize=1)
def _cache_name() -> str:
    """The word cache's file name: jieba's version and the supplement's digest
    (asked once per process: the package metadata look-up costs a third of a
    millisecond, and every segmented string asks)."""
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


def _index(data: bytes) -> tuple[int, Index]:
    """jieba's ``total`` (the sum of every line's frequency, as its
    ``gen_pfdict`` adds them) and where each first character's lines are."""
    import re

    import numpy as np

    total = sum(map(int, re.findall(rb"^\S+ (\d+)", data, re.MULTILINE)))
    a = np.frombuffer(data, np.uint8)
    starts = np.concatenate([[0], np.flatnonzero(a == 10) + 1])
    starts = starts[starts < len(a)]
    lead = a[starts]
    length = np.where(lead < 0x80, 1, np.where(lead < 0xE0, 2, np.where(lead < 0xF0, 3, 4)))
    padded = np.concatenate([a, np.zeros(4, np.uint8)]).astype(np.uint32)
    key = padded[starts] << 24 | padded[starts + 1] << 16 | padded[starts + 2] << 8 | padded[starts + 3]
    key &= np.array([0, 0xFF000000, 0xFFFF0000, 0xFFFFFF00, 0xFFFFFFFF], np.uint32)[length]  # the first character's bytes
    first = np.concatenate([[0], np.flatnonzero(key[1:] != key[:-1]) + 1])  # each run of lines of one first character
    ends = np.append(starts, len(a))[np.append(first[1:], len(starts))]
    index: Index = {}
    for i, end in zip(first.tolist(), ends.tolist(), strict=True):
        start = int(starts[i])
        ch = data[start : start + int(length[i])].decode("utf-8", "replace")
        index.setdefault(ch, []).append((start, int(end)))
    return total, index


class _Prefixes(dict):
    """jieba's prefix dictionary (every word with its frequency, every
    prefix of a word with 0), read one first character at a time: a word
    and its prefixes start with the same character, so the lines of that
    character, in the file's order, give exactly the entries jieba's own
    ``gen_pfdict`` makes for them.  Only the characters of the strings
    segmented are read (a few thousand entries, not 580,000)."""

    def __init__(self, data: bytes, index: Index):
        super().__init__()
        self._data = data
        self._index = index
        self._read: set[str] = set()

    def _fill(self, ch: str) -> None:
        self._read.add(ch)
        ranges = self._index.get(ch, ())
        chunks = [self._data[start:end] for start, end in ranges]
        if self._fill_whole(b"".join(c if c.endswith(b"\n") else c + b"\n" for c in chunks)):
            return
        for chunk in chunks:
            for raw in chunk.splitlines():
                line = raw.strip().decode("utf-8")
                if not line:
                    continue
                word, freq = line.split(" ")[:2]
                dict.__setitem__(self, word, int(freq))
                for n in range(1, len(word)):
                    if not dict.__contains__(self, word[:n]):
                        dict.__setitem__(self, word[:n], 0)

    def _fill_whole(self, chunk: bytes) -> bool:
        """The lines of ``chunk`` (every line of one first character, in the
        file's order) entered at once, when each is ``word freq tag``
        (jieba's dictionary as shipped): the entries the line-by-line
        reading makes, as whole lists.  No entry of that character is in
        yet, so every prefix not a word of them gets 0 and every word its
        frequency (the last line of a word wins).  False (nothing entered)
        for lines of another shape."""
        fields = chunk.split()
        lines = chunk.count(b"\n") + (0 if chunk.endswith(b"\n") else 1)
        if len(fields) != 3 * lines:
            return False
        freqs = fields[1::3]
        if not all(f.isdigit() for f in freqs):
            return False
        try:
            words = b"\n".join(fields[0::3]).decode("utf-8").split("\n")
        except UnicodeDecodeError:
            return False
        prefixes = {w[:n] for w in words for n in range(1, len(w))}
        dict.update(self, dict.fromkeys(prefixes, 0))
        dict.update(self, zip(words, map(int, freqs), strict=True))
        return True

    def _ready(self, word: object) -> None:
        if isinstance(word, str) and word and word[0] not in self._read:
            self._fill(word[0])

    def __contains__(self, word: object) -> bool:
        self._ready(word)
        return dict.__contains__(self, word)

    def __getitem__(self, word: str) -> int:
        self._ready(word)
        return dict.__getitem__(self, word)

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        self._ready(word)
        return dict.get(self, word, default)

    def __setitem__(self, word: str, freq: int) -> None:
        self._ready(word)  # an added word (SUPPLEMENT) overrides the file's entry, as in jieba
        dict.__setitem__(self, word, freq)


@lru_cache(maxsize=1)
def _tokenizer():
    """jieba's tokenizer on its own dictionary, read lazily (:class:`_Prefixes`);
    the dictionary's index is kept in the user's cache folder."""
    import hashlib

    jieba = _import_jieba()

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    folder = user_cache_dir()
    path = _index_path(folder, jieba.__version__) if folder is not None else None
    if folder is not None:
        tok.tmp_dir = str(folder)  # should jieba ever build it itself: not in /tmp
    with tok.get_dict_file() as fh:
        data = fh.read()
    digest = hashlib.sha256(data).hexdigest()
    cached = _read_cache(path, digest) if path is not None else None
    if cached is None:
        cached = _index(data)
        if path is not None:
            _write_cache(path, (INDEX_FORMAT, digest, *cached))
    tok.total, index = cached
    tok.FREQ = _Prefixes(data, index)
    tok.initialized = True
    for word, freq in SUPPLEMENT.items():
        tok.add_word(word, freq)
    return tok


def prime() -> None:
    """jieba's tokenizer built now, and so the index of its dictionary kept
    in the user's cache folder: the early photo worker (render/photoearly.py)
    calls this while the build's own process checks the glyphs, and the
    build then reads the index rather than making it.  Nothing when an
    index is kept there already (without importing jieba to learn its
    version: after an upgrade the build makes the new one itself), or there
    is no cache folder."""
    folder = user_cache_dir()
    if folder is not None and not any(folder.glob(_index_path(folder, "*").name)):
        _tokenizer()


def _index_path(folder: Path, version: str) -> Path:
    """Where the index of jieba's dictionary is kept."""
    return folder / f"jieba-{version}.cache"


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
    """Drop jieba's tokenizer and the part of its dictionary read (loaded
    only for strings the cache lacked); a later string loads it again (with
    the dictionary's index kept in the cache folder).  A build calls this
    once its text is set, so the print and proof processes do not carry it."""
    from ..heap import trim

    if _tokenizer.cache_info().currsize:  # built: its memory back to the system
        _tokenizer.cache_clear()
        trim()
