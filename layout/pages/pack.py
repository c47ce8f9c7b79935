"""Packing a page's articles: which columns each takes and where it sits.

A beam search over the articles in reading order.  Each article may span
the columns its ``columns:`` key asks for, or, without the key, any width
from 2 columns to the page's open width; it sits where its columns are
highest (a skyline), at any start column.  A layout is scored by what a
reader would see as accidental:

* holes: lines left empty above an article because the columns it spans
  ended at different heights (heavy);
* overflow: lines that do not fit on the page (prohibitive);
* white space left at the page foot (light: short content cannot fill a
  page, but a fuller arrangement is better);
* awkward shapes: a body of only a few lines per column, a title broken
  into many lines, a long article squeezed into one column;
* a 转版 (prohibitive unless nothing else fits): an article allowed to
  continue on a later page may take its columns down to the page foot and
  leave the rest of its text for later.

Then the elastic step fills what is left below an article: a photo is
cropped deeper, or the headline gets more air, until the article meets
the next one or the page foot.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from ..model.document import Article

HOLE = 12.0
OVERFLOW = 10_000.0
FOOT = 1.0
FULL_FOOT = 12.0  # … on a page whose content is most of what it holds: white there is a hole
FULL = 0.8  # that share
HALF = 0.5  # a page with less content than this share weighs its foot white at FOOT
HIGH = 0.05  # between equals, an article sits as high on the page as it can
BEAM = 48
WIDE_BEAM = 4  # a page whose best packing in BEAM does not fit is packed again with a beam this many times wider
CONTINUE = 800.0  # an article cut here and continued later: worse than any hole, better than overflow
PLANNED = 200.0  # … an article whose continued_on: names where it continues: a 转版 the editor planned
SHALLOW_LINES = 6  # a body shallower than this many lines per column reads as a strip
SHALLOW = 10.0
LEFT = 6.0  # per column line of a cut article that a later page must take
SMALLER = 40.0  # an article's photos set smaller than their shape asks
LARGER = 3.0  # … or larger (a column wider): nearly as good, when it fills the page
GROW_BELOW = 0.9  # … which is tried only on a page whose content is less than this share of its room
BESIDE = 2.0  # an article's headline over only the columns it needs, its text beside it from the top
HEAD_WHITE = 8.0  # per column line left white beside a headline's lines (a short title over a wide module)
ONE_COLUMN_LINES = 12  # a body this long set in one column is a narrow tower
PHOTO_NARROW = 120.0  # per column a photo's ``columns:`` asks for beyond the article's width: the author's choice


@dataclass(frozen=True)
class Shape:
    """An article set k columns wide, before it is placed."""

    rows: int
    title_lines: int
    body_rows: int
    overflow: int  # lines that would not fit even in a whole page height
    min_split_rows: int = 0  # the least height it may be cut to (and continued), with its jump line
    stretch: int = 0  # lines it can grow by where free lines lie below it (deeper photos, justified body, headline air)
    holes: int = 0  # column lines left empty inside it (above a photo set lower than a column it spans)
    head_white: float = 0.0  # column lines left white beside its headline's lines (a short title over many columns)
    photo_short: int = 0  # columns its photos' ``columns:`` ask for beyond its width (each photo set as wide as it is)


@dataclass(frozen=True)
class Choice:
    article: Article
    k: int
    c0: int
    row0: int
    rows: int
    split: bool = False  # the article stops at the page foot and continues on a later page


@dataclass(frozen=True)
class _State:
    tops: tuple[int, ...]
    cost: float
    choices: tuple[Choice, ...]
    split: bool = False  # an article of it is cut and continued


def widths_for(art: Article, first: int, last: int) -> list[int]:
    room = last - first + 1
    if art.columns is not None:
        return [min(art.columns, room)]
    return list(range(1, room + 1))


def reads_after(placed: tuple[Choice, ...], row0: int, c0: int, k: int, art: Article, top: int, lead: bool,
                across: int = 0) -> bool:
    """Whether an article may sit at line ``row0``, columns ``c0``… ``c0 + k - 1``
    after the modules ``placed``, by the page's reading order (issue 8: the
    YAML order runs top-left → top-right → bottom):

    * it starts lower than the module before it, or on the same line and to
      its right — so the modules sorted by (first line, first column) are in
      YAML order, and each article is found where a reader looks next (the
      区序 top-left, top-right, then down, the right side before the left
      when it starts higher);
    * with ``lead`` (the first article is the page's own, not a
      continuation), the first is the 头条: it starts on ``top``, the
      highest line an article of its width can start on (the first body
      line under the furniture), and no later article of free width (no
      ``columns:``) is wider than it — unless it spans all ``across``
      columns open on its line (a 头条 across the page top may have a
      通栏 under it, wider by the columns the furniture takes above)."""
    if not placed:
        return not lead or row0 == top
    prev = placed[-1]
    if (row0, c0) <= (prev.row0, prev.c0):
        return False
    return not lead or art.columns is not None or k <= placed[0].k or placed[0].k >= across


def in_reading_order(choices: list[Choice]) -> bool:
    """Whether packed modules read in their order (:func:`reads_after`):
    each starts lower than the one before it, or on its line to its right."""
    return all((a.row0, a.c0) < (b.row0, b.c0) for a, b in itertools.pairwise(choices))


def shape_cost(shape: Shape, k: int) -> float:
    """What looks wrong about an article set k columns wide, whatever its place."""
    cost = HOLE * shape.holes + HEAD_WHITE * shape.head_white + PHOTO_NARROW * shape.photo_short
    per_column = shape.body_rows
    if per_column < SHALLOW_LINES and k > 1:
        cost += (SHALLOW_LINES - per_column) * SHALLOW * (k - 1)  # a wide headline over a shallow strip of text
    if shape.title_lines > 2:
        cost += (shape.title_lines - 2) * 6.0
    if k == 1 and shape.body_rows > ONE_COLUMN_LINES:
        cost += 25.0
    if shape.body_rows > 45:
        cost += (shape.body_rows - 45) * 1.0  # a tower
    return cost


def pack(arts: list[Article], tops: list[int], lines: int, space: int,
         shape_of: Callable[[Article, int], Shape], can_split: Callable[[Article], bool] | None = None,
         variants: Callable[[Article], list[tuple[Article, float, bool]]] | None = None, foot: float = FOOT,
         ruled: Callable[[Article], bool] | None = None, lead: bool = True) -> list[Choice]:
    """The best arrangement (:func:`_pack`); when it does not fit, the best
    of a beam :data:`WIDE_BEAM` times wider (an arrangement that fits may
    have been pruned early for costing a little more: a photo smaller, an
    article lower)."""
    best = _pack(arts, tops, lines, space, shape_of, can_split, variants, foot, BEAM, ruled, lead)
    if over(best, lines, shape_of):
        wide = _pack(arts, tops, lines, space, shape_of, can_split, variants, foot, BEAM * WIDE_BEAM, ruled, lead)
        if over(wide, lines, shape_of) < over(best, lines, shape_of):
            return wide
    return best


def over(choices: list[Choice], lines: int, shape_of: Callable[[Article, int], Shape]) -> int:
    """Lines of a packing that do not fit on the page: past its foot, or
    past a page height at the article's width; none of an article cut and
    continued (``Choice.split``: its rest goes to a later page)."""
    return sum(max(0, ch.row0 + ch.rows - lines) + shape_of(ch.article, ch.k).overflow for ch in choices if not ch.split)


def _pack(arts: list[Article], tops: list[int], lines: int, space: int,
          shape_of: Callable[[Article, int], Shape], can_split: Callable[[Article], bool] | None,
          variants: Callable[[Article], list[tuple[Article, float, bool]]] | None, foot: float, width: int,
          ruled: Callable[[Article], bool] | None = None, lead: bool = True) -> list[Choice]:
    """The best arrangement of ``arts`` below the skyline ``tops``, in
    reading order (:func:`reads_after`; ``lead``: the first article is the
    page's 头条).  An
    article for which ``can_split`` is true may instead end at the page foot
    (``Choice.split``) when it does not fit where it sits and the page foot
    leaves it at least its ``min_split_rows``.  ``variants`` gives the
    forms of an article (its photos smaller or larger), each with what it
    costs against the article as written and whether it is a larger one
    (never cut and continued: growing what then runs on would only push
    text to a later page).  ``foot`` weighs each column line left white at the page
    foot (heavier on a page whose content should fill it).  A form for
    which ``ruled`` is true sits only at the top of the page or under
    another article in one of its columns: where the rule drawn above it
    marks where it starts (a headline over only some of its columns: the
    typography audit reads the columns beside it as the article's from
    that rule)."""
    beam = [_State(tuple(tops), 0.0, ())]
    for n, art in enumerate(arts):
        grown: dict[tuple[int, ...], _State] = {}
        # in reading order; where no place keeps it (a fixed width, furniture), the article as it comes
        for ordered in (True, False):
            for st in beam:
                open_cols = [c for c, t in enumerate(st.tops) if t < lines]
                if not open_cols:
                    open_cols = list(range(len(st.tops)))
                first, last = open_cols[0], open_cols[-1]
                forms = variants(art) if variants is not None else [(art, 0.0, False)]
                # the columns open on the 头条's line (it may be narrower than that only if no article is wider)
                across = sum(1 for t in tops if _start([t], space) <= st.choices[0].row0) if st.choices else 0
                for penalty, grows, form, k in ((p, g, form, k) for form, p, g in forms for k in widths_for(art, first, last)):
                    full = shape_of(form, k)
                    # the highest line an article this wide can start on (the 头条's)
                    lead_top = 0 if st.choices else min(_start(st.tops[c:c + k], space) for c in range(first, last - k + 2))
                    needs_rule = ruled is not None and ruled(form)
                    for c0 in range(first, last - k + 2):
                        if needs_rule and max(st.tops[c0 : c0 + k]) > 0 and all(
                                st.tops[c] <= tops[c] for c in range(c0, c0 + k)):
                            continue  # under the page's furniture only: no rule above it
                        # only places flush with a step of the skyline (or the open edges)
                        left_flush = c0 == first or st.tops[c0 - 1] != st.tops[c0]
                        right_flush = c0 + k == last + 1 or st.tops[c0 + k - 1] != st.tops[c0 + k]
                        if not (left_flush or right_flush):
                            continue
                        shape = full
                        span = st.tops[c0 : c0 + k]
                        top = max(span)
                        row0 = _start(span, space)
                        if ordered and not reads_after(st.choices, row0, c0, k, art, lead_top, lead, across):
                            continue
                        holes = sum(top - t for t in span)
                        bottom = row0 + shape.rows
                        past = max(0, bottom - lines) + shape.overflow
                        split, left = False, 0
                        if past and can_split is not None and can_split(art) and not grows:
                            head = shape.rows - shape.body_rows
                            if shape.min_split_rows and lines - row0 >= shape.min_split_rows:
                                split, past, bottom = True, 0, lines
                                left = k * (row0 + shape.rows - lines)  # column lines sent to a later page
                                shape = Shape(lines - row0, shape.title_lines, lines - row0 - head, 0, head_white=shape.head_white,
                                              photo_short=shape.photo_short)
                        cost = (st.cost + HOLE * holes + OVERFLOW * past + shape_cost(shape, k)
                                + HIGH * row0 + ((PLANNED if art.continued_on is not None else CONTINUE) + LEFT * left if split else 0.0) + penalty)
                        tops2 = list(st.tops)
                        for c in range(c0, c0 + k):
                            tops2[c] = bottom
                        key = tuple(tops2)
                        choice = Choice(form, k, c0, row0, bottom - row0, split)
                        old = grown.get(key)
                        if old is None or cost < old.cost:
                            grown[key] = _State(key, cost, st.choices + (choice,), st.split or split)
            if grown:
                break
        if n == len(arts) - 1:  # the last article: every arrangement with the white it leaves at the foot
            return list(min(grown.values(), key=lambda s: s.cost + _cut_white(s, lines)
                            + foot * _foot_white(s, lines, shape_of)).choices)
        beam = sorted(grown.values(), key=lambda s: s.cost + _cut_white(s, lines) + _passed_white(s, space, shape_of))[:width]
    best = min(beam, key=lambda s: s.cost + _cut_white(s, lines) + foot * _foot_white(s, lines, shape_of))
    return list(best.choices)


def _start(span: tuple[int, ...] | list[int], space: int) -> int:
    """The line a module over columns whose tops are ``span`` starts on."""
    top = max(span)
    return top + space if top > 0 else 0


def _foot_white(st: _State, lines: int, shape_of: Callable[[Article, int], Shape]) -> int:
    """Column lines left white at the page foot once the article at the foot
    of each column has grown as far as it can."""
    low: dict[int, Choice] = {}
    for ch in st.choices:
        for c in range(ch.c0, ch.c0 + ch.k):
            if c not in low or ch.row0 > low[c].row0:
                low[c] = ch
    white = 0
    for c, t in enumerate(st.tops):
        at = low.get(c)
        grow = 0 if at is None or at.split else shape_of(at.article, at.k).stretch
        if at is not None and grow:  # it cannot grow past the foot of any of its columns (what is under it moves down)
            grow = min(grow, min(lines - st.tops[c2] for c2 in range(at.c0, at.c0 + at.k)))
        white += max(lines - t - grow, 0)
    return white


def _passed_white(st: _State, space: int, shape_of: Callable[[Article, int], Shape]) -> float:
    """White the reading order has passed by: lines of a column above the
    line the last article starts on (less the space above it) that no later
    article can take (each starts as low as the last or lower), once the
    article ending there has grown as far as it can.  A hole to come, weighed
    now, so that the beam keeps the arrangements whose columns keep level."""
    if not st.choices:
        return 0.0
    line = st.choices[-1].row0 - space
    white = 0
    for c, t in enumerate(st.tops):
        if t >= line:
            continue
        at = max((ch for ch in st.choices if ch.c0 <= c < ch.c0 + ch.k), key=lambda ch: ch.row0, default=None)
        grow = 0 if at is None or at.split else shape_of(at.article, at.k).stretch
        white += max(0, line - t - grow)
    return HOLE * white


def _cut_white(st: _State, lines: int) -> float:
    """White left at the page foot while an article is cut and continued:
    a hole, since that article could have filled it."""
    if not st.split:
        return 0.0
    return HOLE * sum(max(lines - t, 0) for t in st.tops)


def slack_below(choice: Choice, choices: list[Choice], lines: int, space: int) -> int:
    """Lines free under an article before the next article in any of its
    columns (or the page foot)."""
    bottom = choice.row0 + choice.rows
    limit = lines
    for other in choices:
        if other is choice:
            continue
        overlap = not (other.c0 + other.k <= choice.c0 or choice.c0 + choice.k <= other.c0)
        if overlap and other.row0 >= bottom:
            limit = min(limit, other.row0 - space)
    return max(0, limit - bottom)
