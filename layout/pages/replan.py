"""The last make-up, reused when an edit leaves every measured shape the same.

The make-up (:func:`layout.pages.paginate.make_up`) reads an article's body
only as measured items: per block its kind and line count, a paragraph's
last-line fill (``Unit.tail``), the set tables and list marks; the body
lines themselves it only places, by reference, into ``TextLine`` items.  So
when an edit (the usual one-word edit in ``layout watch``) leaves the
make-up's inputs the same in everything but the characters on the lines —
the issue without its bodies, the theme, the fonts, and every article's
:func:`shape` — the previous plan holds: the same pages, with the new lines
where the old ones stood.  :func:`made_up` keeps the last make-up of the
process and gives that back, the lines swapped; any other change makes up
the pages afresh.  Only within :func:`reusing` (``layout watch`` around each
rebuild, ``layout build`` around its make-up; elsewhere every make-up is
fresh, and nothing is kept).

Between processes (a designer's next ``layout build`` after an edit) the
plan is kept in the user's cache folder (:class:`layout.usercache.Store`
``plans``), named by the digest of the same inputs, of the fonts (each
face's SHA-256) and of the package's code: the pages with each body line
stored as its place in its article's blocks (:func:`freeze`), read back with
the lines composed now in those places (:func:`thaw`).  The output is the same as a fresh make-up's, byte for
byte (tests/pages/test_replan.py).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import pickle
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..fonts.faces import Face, FontSet
from ..model.document import Issue
from ..model.styles import Theme
from ..text.line import Line
from .article import Composed
from .display import Page, TextLine
from .flow import PARA

if TYPE_CHECKING:
    from .paginate import Layout

SWAPPED = ("body", "subhead")  # the roles of body lines (a table cell's and a list mark's are compared whole)
_BODY_FIELDS = ("blocks", "cache", "article")  # a piece's fields compared through shape() or the bare issue


def shape(comp: Composed) -> tuple[object, ...]:
    """What the make-up measures of a composed piece: per block its kind,
    its line count and (a paragraph) its last line's set width and measure;
    every other field of the piece (tables, marks, wide tables, inset,
    continuation, photo form) by value."""
    blocks = tuple((kind, len(lines), (lines[-1].width, lines[-1].measure) if kind == PARA and lines else None)
                   for kind, lines in comp.blocks)
    rest = tuple((f.name, getattr(comp, f.name)) for f in fields(comp) if f.name not in _BODY_FIELDS)
    return blocks, rest


def key(issue: Issue, theme: Theme, composed: dict[str, Composed], strict: bool) -> tuple[object, ...]:
    """The make-up's inputs with the bodies' characters left out (and the
    loader's record of the marks it normalised, which the make-up never
    reads; the fonts are compared by identity)."""
    bare = replace(issue, articles=tuple(replace(a, body=()) for a in issue.articles), changes=())
    return bare, theme, strict, tuple((aid, shape(c)) for aid, c in composed.items())


@dataclass
class _Kept:
    key: tuple[object, ...]
    fonts: FontSet
    composed: dict[str, Composed]
    layout: Layout


_last: list[_Kept] = []  # the process's last make-up (one: an edit is compared with the build before it)
_active: list[bool] = []  # inside reusing()


@contextlib.contextmanager
def reusing() -> Iterator[None]:
    """Make-ups within keep the last one and reuse it when they can."""
    _active.append(True)
    try:
        yield
    finally:
        _active.pop()


def made_up(issue: Issue, theme: Theme, fonts: FontSet, composed: dict[str, Composed], strict: bool,
            fresh: Callable[[], Layout]) -> Layout:
    """The make-up of ``composed``: within :func:`reusing`, the last one (of
    this process, else of the cache folder) with its lines swapped when only
    the characters changed; else ``fresh()``, kept for the next call."""
    if not _active:
        return fresh()
    from ..usercache import Store

    now = key(issue, theme, composed, strict)
    kept = _last[0] if _last else None
    if kept is not None and kept.fonts is fonts and kept.key == now:
        swap = _swaps(kept.composed, composed)
        if swap is not None:
            _last[0] = _Kept(now, fonts, composed, relined(kept.layout, swap))
            return relined(_last[0].layout, {})
    _last.clear()
    store = Store.user("plans")
    name = _stored_name(now, fonts) if store is not None else ""
    blob = store.get(name) if store is not None else None
    layout = thaw(blob, composed, fonts) if blob is not None else None
    if layout is None:
        layout = fresh()
        blob = freeze(layout, composed) if store is not None else None
        if store is not None and blob is not None:
            store.put(name, blob)
    _last.append(_Kept(now, fonts, composed, relined(layout, {})))
    return layout


def forget() -> None:
    """Drop the kept make-up (a test's fresh start)."""
    _last.clear()


def _swaps(old: dict[str, Composed], new: dict[str, Composed]) -> dict[int, Line] | None:
    """Old body line (by identity) → the new line in its place; None when
    one old line stands for two different new ones (a paragraph shared by
    two articles and edited in one), or is also a table's or list mark's
    line (those are not swapped)."""
    swap: dict[int, Line] = {}
    fixed: set[int] = set()
    for aid, comp in new.items():
        before = old[aid]
        fixed.update(id(m) for m in before.marks.values())
        fixed.update(id(line) for t in before.tables.values() for cells in t.head + t.body for _, line in cells)
        fixed.update(id(line) for _, t in before.wide for cells in t.head + t.body for _, line in cells)
        for (_, was), (_, now) in zip(before.blocks, comp.blocks, strict=True):
            for a, b in zip(was, now, strict=True):
                if swap.setdefault(id(a), b) is not b:  # kept lines too: a line kept in one place, changed in another
                    return None
    changed = {k: line for k, line in swap.items() if id(line) != k}
    if not changed.keys().isdisjoint(fixed):
        return None
    return changed


def relined(layout: Layout, swap: dict[int, Line]) -> Layout:
    """A copy of ``layout`` (new pages, items lists and results) with each
    body line in ``swap`` replaced."""
    pages = []
    for page in layout.pages:
        items = [replace(it, line=swap[id(it.line)])
                 if isinstance(it, TextLine) and it.role in SWAPPED and id(it.line) in swap else it
                 for it in page.items]
        pages.append(Page(page.number, items, [replace(p, columns=list(p.columns)) for p in page.placements],
                          page.blank))
    rest = copy.deepcopy({f.name: getattr(layout, f.name) for f in fields(layout) if f.name != "pages"})
    return replace(layout, pages=pages, **rest)


# ------------------------------------------------------------------ between processes

@dataclass(frozen=True)
class _Ref:
    """A body line's ``TextLine`` as stored: the line by its places, each
    (article, block, line index) — a line shared by two articles (a subhead
    question both ask) is read back only where all its places hold one line."""

    x: float
    baseline: float
    color: str
    role: str
    places: tuple[tuple[str, int, int], ...]


def _places(composed: dict[str, Composed]) -> dict[int, tuple[tuple[str, int, int], ...]] | None:
    """Body line (by identity) → its places; None when one is also a table's
    or list mark's line (those are stored as they are)."""
    places: dict[int, list[tuple[str, int, int]]] = {}
    fixed: set[int] = set()
    for aid, comp in composed.items():
        fixed.update(id(m) for m in comp.marks.values())
        fixed.update(id(line) for t in comp.tables.values() for cells in t.head + t.body for _, line in cells)
        fixed.update(id(line) for _, t in comp.wide for cells in t.head + t.body for _, line in cells)
        for b, (_, lines) in enumerate(comp.blocks):
            for i, line in enumerate(lines):
                places.setdefault(id(line), []).append((aid, b, i))
    return None if not places.keys().isdisjoint(fixed) else {k: tuple(v) for k, v in places.items()}


def _line_at(composed: dict[str, Composed], places: tuple[tuple[str, int, int], ...]) -> Line:
    lines = [composed[a].blocks[b][1][i] for a, b, i in places]
    if any(line is not lines[0] for line in lines):
        raise LookupError("a line shared by two articles changed in one")
    return lines[0]


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: object) -> object:
        return obj.key if type(obj) is Face else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, blob: bytes, fonts: FontSet):
        super().__init__(io.BytesIO(blob))
        self.fonts = fonts

    def persistent_load(self, pid: object) -> Face:
        assert isinstance(pid, str)
        return self.fonts.face(pid)


def freeze(layout: Layout, composed: dict[str, Composed]) -> bytes | None:
    """The layout as stored, each body line by its place (None: it cannot be)."""
    places = _places(composed)
    if places is None:
        return None
    pages = []
    for page in layout.pages:
        items = [_Ref(it.x, it.baseline, it.color, it.role, places[id(it.line)])
                 if isinstance(it, TextLine) and it.role in SWAPPED and id(it.line) in places else it
                 for it in page.items]
        pages.append(Page(page.number, items, page.placements, page.blank))
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(replace(layout, pages=pages))
    return out.getvalue()


def thaw(blob: bytes, composed: dict[str, Composed], fonts: FontSet) -> Layout | None:
    """A stored layout with the lines of ``composed`` in their places (None: not one)."""
    from .paginate import Layout

    try:
        layout = _Unpickler(blob, fonts).load()
        if not isinstance(layout, Layout):
            return None
        for page in layout.pages:
            page.items = [TextLine(it.x, it.baseline, _line_at(composed, it.places), it.color, it.role)
                          if type(it) is _Ref else it for it in page.items]
    except Exception:  # noqa: BLE001 - an entry of another shape: made up afresh
        return None
    return layout


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The package's code (every module: the make-up reads the model, the text and the fonts), Python's version."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _stored_name(now: tuple[object, ...], fonts: FontSet) -> str:
    faces = json.dumps(sorted((e["key"], e["sha256"]) for e in fonts.manifest["fonts"]))
    text = f"{_code_digest()}\n{faces}\n{now!r}"
    return "plan-" + hashlib.sha256(text.encode()).hexdigest()[:40]
