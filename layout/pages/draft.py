"""The marks of a draft proof (``layout build --draft``): every article that
does not fit gets a frame round its module and, under it, a tag saying how
many lines are over (the theme's ``draft`` keys), so the designer sees at a
glance what to cut or move.  A draft is never printed: only the proof is
written from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..facts.units import EM_ASCENT
from ..model.styles import Theme
from .display import Page, Placement, Rect, TextLine
from .styles import Setter


@dataclass(frozen=True)
class Overrun:
    """An article that does not fit: the page its module is on and the body
    lines that did not fit in it."""

    article_id: str
    page: int
    lines_over: int


def mark_overset(pages: list[Page], overruns: Iterable[Overrun], theme: Theme, setter: Setter) -> list[Page]:
    """The pages with each overrun article marked (new pages; the given ones
    are left as they are).  An article with no module on its page is
    marked nowhere (it cannot happen: the engine places what it reports)."""
    marks: dict[int, list[object]] = {}
    for over in overruns:
        if over.page < 1 or over.page > len(pages):
            continue
        page = pages[over.page - 1]
        for placement in page.placements:
            if placement.id == over.article_id:
                marks.setdefault(page.number, []).extend(_marks(placement, over.lines_over, theme, setter))
                break
    return [Page(p.number, p.items + marks.get(p.number, []), list(p.placements), p.blank) for p in pages]


def _marks(at: Placement, lines_over: int, theme: Theme, setter: Setter) -> list[object]:
    draft = theme.draft
    style = theme.style("draft_note")
    pad = draft.padding_pt
    x, y, w, h = at.x - pad, at.y - pad, at.w + 2 * pad, at.h + 2 * pad
    frame = Rect(x, y, w, h, stroke=draft.color, stroke_pt=draft.frame_pt)
    note = setter.text(draft.note_format.format(lines=lines_over), style, 1e5, align="left")[0]
    tag_w, tag_h = note.width + 2 * pad, style.size + 2 * pad
    # under the frame, in the foot margin for a module at the page foot; inside the trim always
    tag_y = min(y + h, theme.grid.height - tag_h)
    tag = Rect(x, tag_y, tag_w, tag_h, fill=draft.color)
    text = TextLine(x + pad, tag_y + pad + EM_ASCENT * style.size, note, style.color, "draft")
    return [frame, tag, text]
