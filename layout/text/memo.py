"""Paragraphs composed once: :func:`compose` with a memo, in the process and
between processes.

Composition is a pure function of the runs (text and style), the
paragraph's settings (measure included) and the fonts, so a paragraph whose
text, style and measure did not change is not composed again — what makes
``layout watch`` rebuild after a one-paragraph edit in the time of that
paragraph.  The memo keeps the most recently used paragraphs (a bound, not a
design number: a few issues' worth).

Between processes (a designer's next ``layout build``) the composed lines
are kept in the user's cache folder (:class:`layout.usercache.Store`
``compose``): one entry per font set and composer, named by the digest of
the fonts (each face's SHA-256) and of the composer's own code (the sources
of ``layout/text``, ``layout/fonts`` and ``layout/facts``, the word
breaker's dictionary, Python's version), so a changed composer or font
never reads an old line; within it, a paragraph by the digest of its runs
and settings.  A line is stored as plain values (its glyphs' faces by key)
and read back into the very :class:`~layout.text.line.Line` a fresh
composition makes.  The entry is written when the process ends, atomically;
without a cache folder nothing is kept.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import marshal
import os
import sys
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

from .compose import Line, ParaSpec, Run
from .compose import compose as compose_afresh
from .line import Glyph

LIMIT = 50_000  # paragraphs and display texts kept in the process
KEPT = 4_000  # paragraphs kept between processes (about 2 KB each: a few issues)
_memo: OrderedDict[tuple, tuple[Line, ...]] = OrderedDict()
stats = {"hits": 0, "misses": 0}


def compose(runs: list[Run], spec: ParaSpec, fonts) -> list[Line]:
    key = (tuple(runs), spec, fonts)  # the FontSet by identity (kept alive by the key)
    found = _memo.get(key)
    if found is not None:
        _memo.move_to_end(key)
        stats["hits"] += 1
        return list(found)
    kept = _kept(fonts)
    para = _para_key(runs, spec) if kept is not None else ""
    stored = kept.lines.get(para) if kept is not None else None
    lines = _lines(stored, fonts) if stored is not None else None
    if lines is not None:
        stats["hits"] += 1
    else:
        stats["misses"] += 1
        lines = compose_afresh(runs, spec, fonts)
        if kept is not None:
            kept.add(para, [_plain(line) for line in lines])
    _memo[key] = tuple(lines)
    if len(_memo) > LIMIT:
        _memo.popitem(last=False)
    return lines


def clear() -> None:
    """Forget every composed paragraph, those read from the cache folder
    too (a new theme's fonts, a test's fresh start); the folder keeps them."""
    _memo.clear()
    for kept in _stores.values():
        kept.lines.clear()


# ------------------------------------------------------------------ between processes

class _Kept:
    """The composed paragraphs of one font set and composer, as stored."""

    def __init__(self, key: str):
        from ..usercache import Store

        self.key = key
        self.store = Store.user("compose")
        self.lines: dict[str, list] = {}
        self.added = 0
        if self.store is not None:
            blob = self.store.get(key)
            if blob is not None:
                try:
                    data = marshal.loads(blob)
                except (EOFError, ValueError, TypeError):
                    data = None
                if isinstance(data, dict):
                    self.lines = data

    def add(self, para: str, lines: list) -> None:
        if not self.added:
            atexit.register(self.save)
        self.lines[para] = lines
        self.added += 1

    def save(self) -> None:
        if not self.added or self.store is None:
            return
        items = list(self.lines.items())[-KEPT:]  # the newest paragraphs (read ones first, then new ones)
        self.store.put(self.key, marshal.dumps(dict(items)))
        self.added = 0


_stores: dict[str, _Kept] = {}


_found: dict[tuple, tuple[Any, _Kept | None]] = {}  # (font set, where the cache folder is, stores on) → its store


def _kept(fonts) -> _Kept | None:
    """The stored paragraphs for ``fonts`` (None when there is no cache folder)."""
    from .. import usercache

    # asked once a paragraph: found once per font set and cache folder (and whether stores are off)
    where = (id(fonts), os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"), bool(usercache._OFF))
    found = _found.get(where)
    if found is not None and found[0] is fonts:
        return found[1]
    kept: _Kept | None = None
    if usercache.user_cache_dir() is not None and hasattr(fonts, "manifest") and usercache.Store.user("compose") is not None:
        key = _store_key(fonts)
        kept = _stores.get(key)
        if kept is None:
            kept = _stores[key] = _Kept(key)
        if kept.store is None:
            kept = None
    _found[where] = (fonts, kept)  # the font set kept alive with it: its id is not reused
    return kept


def _store_key(fonts) -> str:
    faces = json.dumps(sorted((e["key"], e["sha256"]) for e in fonts.manifest["fonts"]))
    return "compose-" + hashlib.sha256(f"{_code_digest()}\n{faces}".encode()).hexdigest()[:40]


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The composer's own code: its sources, the word breaker's dictionary, Python."""
    from .words import _cache_name

    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{sys.version_info[:2]} {_cache_name()}".encode())
    for folder in ("text", "fonts", "facts"):
        for path in sorted((root / folder).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _para_key(runs: list[Run], spec: ParaSpec) -> str:
    return hashlib.sha256(repr((tuple(runs), spec)).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _plain(line: Line) -> tuple:
    return (tuple((g.text, g.face.key, g.size, g.x, g.hscale, g.bold) for g in line.glyphs),
            line.measure, line.width, line.last, line.first, line.han, line.spread, line.gaps, line.source)


def _lines(stored: Any, fonts) -> list[Line] | None:
    """Stored lines back as Lines (None when the entry is not what was written).

    A glyph is made as its frozen dataclass's ``__init__`` makes it (its
    fields in its ``__dict__``), without the ``__init__``: a paragraph read
    back is some forty glyphs a line, and the frozen ``__init__`` sets each
    field through ``object.__setattr__`` (half the reading time)."""
    face_of: dict[str, Any] = {}
    new = object.__new__
    glyph = Glyph
    try:
        out = []
        for glyphs, measure, width, last, first, han, spread, gaps, source in stored:
            made = []
            for text, key, size, x, hscale, bold in glyphs:
                face = face_of.get(key)
                if face is None:
                    face = face_of[key] = fonts.face(key)
                g = new(glyph)
                g.__dict__.update(text=text, face=face, size=size, x=x, hscale=hscale, bold=bold)
                made.append(g)
            out.append(Line(tuple(made), measure, width, last, first, han, spread, gaps, source))
        return out
    except (TypeError, ValueError, KeyError):
        return None
