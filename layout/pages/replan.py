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
rebuild; elsewhere every make-up is fresh, and nothing is kept).  The output is the same as a fresh make-up's, byte for
byte (tests/pages/test_replan.py).
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from ..fonts.faces import FontSet
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
    """The make-up's inputs with the bodies' characters left out (the fonts are compared by identity)."""
    bare = replace(issue, articles=tuple(replace(a, body=()) for a in issue.articles))
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
    """The make-up of ``composed``: the last one with its lines swapped when
    only the characters changed, else ``fresh()`` (kept for the next call
    within :func:`reusing`)."""
    if not _active:
        return fresh()
    now = key(issue, theme, composed, strict)
    kept = _last[0] if _last else None
    if kept is not None and kept.fonts is fonts and kept.key == now:
        swap = _swaps(kept.composed, composed)
        if swap is not None:
            _last[0] = _Kept(now, fonts, composed, relined(kept.layout, swap))
            return relined(_last[0].layout, {})
    _last.clear()
    layout = fresh()
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
