"""The marks of a draft proof (``layout build --draft``): every article that
does not fit gets a frame round its module and, under it, a tag saying how
many lines are over (the theme's ``draft`` keys), so the designer sees at a
glance what to cut or move.  A draft is never printed: only the draft proof
is written from it.

What does not fit is not drawn: the make-up sets an article that runs out
of room down to the foot of the type area and counts the rest as lines over;
a module it could only place below the foot (a continuation sent to a full
page, a head with no line under it) is left out of the draft, and whatever
of a module reaches past the foot is cut there.  The article is then marked
on the last piece of it that holds body lines (its own frame, its own lines
over), so no tag lands on another article's frame and no text is drawn
outside the type area or inside another module.  A piece that holds only
its head (no body line, no photo) is left out too: an article with no such
piece gets a tag naming it in the foot margin of its page instead.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..facts.units import EM_ASCENT
from ..model.styles import Theme
from .display import Page, Picture, Placement, Rect, Rule, TextLine
from .styles import Setter

EPS = 0.5  # pt: geometry within this is level (rounding of the grid's arithmetic)


@dataclass(frozen=True)
class Overrun:
    """An article that does not fit: the page its module is on and the body
    lines that did not fit in it."""

    article_id: str
    page: int
    lines_over: int
    title: str = ""  # names the article in a tag of its own when no piece of it is left to frame


def mark_overset(pages: list[Page], overruns: Iterable[Overrun], theme: Theme, setter: Setter) -> list[Page]:
    """The pages with what does not fit left out and each overrun article
    marked (new pages; the given ones are left as they are).  An article
    with no piece in the type area that holds a body line or a photo gets a
    tag naming it in the foot margin of its page."""
    grid = theme.grid
    foot = grid.line_top(grid.lines)
    overruns = list(overruns)
    over: dict[str, int] = {}
    last_page: dict[str, int] = {}
    for o in overruns:
        over[o.article_id] = over.get(o.article_id, 0) + o.lines_over
        last_page[o.article_id] = max(last_page.get(o.article_id, 0), o.page)
    marked = {aid: _marked_piece(pages, aid, last_page[aid], foot) for aid in over}
    titles = {o.article_id: o.title or o.article_id for o in overruns}
    out: list[Page] = []
    for p in pages:
        items, placements, marks = list(p.items), [], []
        for at in p.placements:
            if at.y >= foot - EPS or at.h <= 0:  # nothing of it in the type area
                items = _without(items, at, min(at.y, foot), _next_top(at, p.placements, foot))
                continue
            if at.y + at.h > foot + EPS:  # cut at the foot
                items = _without(items, at, foot)
                at = replace(at, h=foot - at.y, columns=[(x, y, w, min(h, foot - y)) for x, y, w, h in at.columns])
            chosen = marked.get(at.id)
            if at.id in over and (chosen is None or p.number >= chosen[0]) and not _holds(at, p.items):
                # a head with no line under it (and no photo), after the piece that carries the mark
                items = _without(items, at, at.y, at.y + at.h)
                continue
            placements.append(at)
            if chosen == (p.number, at.y):
                marks.extend(_marks(at, over[at.id], theme, setter))
        unplaced = [aid for aid in over if marked[aid] is None and last_page[aid] == p.number]
        marks.extend(_unplaced_tags([(titles[aid], over[aid]) for aid in unplaced], p.number, theme, setter))
        items = [replace(it, y1=min(it.y1, it.y2), y2=foot) if isinstance(it, Rule) and it.x1 == it.x2
                 and min(it.y1, it.y2) < foot < max(it.y1, it.y2) - EPS else it for it in items]  # column rules
        out.append(Page(p.number, items + marks, placements, p.blank))
    return out


def _marked_piece(pages: list[Page], article_id: str, last_page: int, foot: float) -> tuple[int, float] | None:
    """(page, top) of the piece that carries the article's mark: its last
    piece up to ``last_page`` in the type area that holds body lines or a
    photo; None when it has none."""
    pieces = [(p.number, at.y) for p in pages[:last_page] for at in p.placements
              if at.id == article_id and at.y < foot - EPS and at.h > 0 and _holds(at, p.items)]
    return pieces[-1] if pieces else None


def _holds(at: Placement, items: list[object]) -> bool:
    """Whether the piece holds more than its head: body lines or a photo."""
    return at.lines > 0 or any(isinstance(it, Picture) and at.x - EPS <= it.x <= at.x + at.w + EPS
                               and at.y - EPS <= it.y <= at.y + at.h + EPS for it in items)


def _next_top(at: Placement, placements: list[Placement], foot: float) -> float:
    """Where the next module under ``at``'s top in its columns starts (no
    end for a piece under the foot)."""
    if at.y >= foot - EPS:
        return math.inf
    under = [o.y for o in placements if o is not at and o.y > at.y + EPS and o.x < at.x + at.w - EPS and at.x < o.x + o.w - EPS]
    return min(under, default=foot) - EPS


def _without(items: list[object], at: Placement, below: float, until: float = math.inf) -> list[object]:
    """``items`` less what lies in ``at``'s columns from ``below`` down to
    ``until``."""
    x0, x1 = at.x - EPS, at.x + at.w + EPS
    kept: list[object] = []
    for it in items:
        if isinstance(it, Rule):
            top, bottom = min(it.y1, it.y2), max(it.y1, it.y2)
            if x0 <= min(it.x1, it.x2) and max(it.x1, it.x2) <= x1 and below - EPS <= top <= until + EPS \
                    and (top > below + EPS or bottom > top + EPS):
                continue  # under ``below`` or running down from it
        elif _inside(it, below, until, x0, x1):
            continue
        kept.append(it)
    return kept


def _inside(it: object, below: float, until: float, x0: float, x1: float) -> bool:
    """Whether ``it`` starts inside the columns x0…x1 between ``below`` and
    ``until`` (a line by its baseline, a box by its top)."""
    if isinstance(it, TextLine):
        return x0 <= it.x <= x1 and below + EPS < it.baseline <= until + EPS
    if isinstance(it, (Rect, Picture)):
        return not getattr(it, "bleed", False) and x0 <= it.x <= x1 and below - EPS <= it.y <= until + EPS
    return False


def _marks(at: Placement, lines_over: int, theme: Theme, setter: Setter) -> list[object]:
    """A frame round the module and, under it, its tag (in the foot margin
    for a module at the page foot; inside the trim always)."""
    draft = theme.draft
    pad = draft.padding_pt
    x, y, w, h = at.x - pad, at.y - pad, at.w + 2 * pad, at.h + 2 * pad
    frame = Rect(x, y, w, h, stroke=draft.color, stroke_pt=draft.frame_pt)
    return [frame, *_tag(draft.note_format.format(lines=lines_over), x, y + h, theme, setter)[0]]


def _unplaced_tags(overs: list[tuple[str, int]], page: int, theme: Theme, setter: Setter) -> list[object]:
    """The tags of articles with no line in the type area of their page (the
    make-up had no room left for them at all): in a row in the foot margin,
    under the row of the frames' tags, each naming its article."""
    grid, pad = theme.grid, theme.draft.padding_pt
    y = grid.line_top(grid.lines) + pad + (theme.style("draft_note").size + 2 * pad) + pad
    x = grid.left(page) - pad
    out: list[object] = []
    for title, lines in overs:
        short = title if len(title) <= grid.column_chars else title[: grid.column_chars - 1] + "…"
        marks, w = _tag(f"{short} {theme.draft.note_format.format(lines=lines)}", x, y, theme, setter)
        out.extend(marks)
        x += w + 2 * pad
    return out


def _tag(text: str, x: float, y: float, theme: Theme, setter: Setter) -> tuple[list[object], float]:
    """A tag at (x, y), kept inside the trim: its ground and its text, and its width."""
    draft, style, grid = theme.draft, theme.style("draft_note"), theme.grid
    pad = draft.padding_pt
    note = setter.text(text, style, 1e5, align="left")[0]
    tag_w, tag_h = note.width + 2 * pad, style.size + 2 * pad
    y = min(y, grid.height - tag_h)
    tag = Rect(x, y, tag_w, tag_h, fill=draft.color)
    return [tag, TextLine(x + pad, y + pad + EM_ASCENT * style.size, note, style.color, "draft")], tag_w
