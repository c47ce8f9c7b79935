"""Structure inference: lines, frames (columns), blocks and paragraphs of
body text, and where the headings stand (see the package's docstring)."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence

from .model import (
    RIGHT,
    SENTENCE_END,
    Block,
    Char,
    Line,
    Style,
    Tally,
    cluster,
    fmt,
    median,
)

# a page reference standing apart: a 导读 entry's ">>>P3" / "P3" / "第3版"
_PAGE_REF = re.compile(r"^[>»›→▶►]*\s*(?:[Pp]\.?\s?[0-9]{1,3}|(?:见|转|接)?第?[0-9]{1,3}版)$")
# a jump line (continued on / from another page), in body type or not
JUMP = re.compile(r"^[（(]?(下转|上接|接上|转下|接第|转第)")


def is_page_ref(text: str) -> bool:
    """A run that is only a reference to a page (a 导读 entry's page, set
    apart from its title): neither a heading nor wrapped display text."""
    return _PAGE_REF.match(text) is not None


def toc_box(lines: Sequence[Line], em: float) -> list[Line]:
    """The lines of a 导读 box: its page references (``>>>P3``), the entries
    they close (on their baseline, or on the lines just above) and the box's
    title above them — furniture, not headings over the body (H1, H2)."""
    refs = [ln for ln in lines if ln.chars and is_page_ref(ln.text)]
    if not refs:
        return []
    right = max(r.x1 for r in refs)
    firsts = [ln for ln in lines if ln.chars and not is_page_ref(ln.text) and not ln.body
              and any(abs(ln.base - r.base) <= 0.5 and ln.x1 <= r.x0 for r in refs)]
    left = min((ln.x0 for ln in firsts), default=min(r.x0 for r in refs) - 12 * em)
    top = min(r.base for r in refs) - 9 * em  # the title band and an entry of two lines above the first reference
    bottom = max(r.base for r in refs)
    return [ln for ln in lines if ln.chars and not ln.body and top <= ln.base <= bottom + 0.5
            and ln.x0 >= left - em and ln.x1 <= right + em]


def runs(page_no: int, chars: list[Char]) -> list[Line]:
    """Rows by baseline (± 0.5 pt) and size, cut into runs at gaps > ¾ size."""
    chars = sorted(chars, key=lambda c: (c.base, c.x0))
    rows: list[list[Char]] = []
    for c in chars:
        if rows and abs(c.base - rows[-1][0].base) <= 0.5:
            rows[-1].append(c)
        else:
            rows.append([c])
    lines = []
    for row in rows:
        by_size: dict[float, list[Char]] = {}
        for c in row:
            key = next((s for s in by_size if abs(s - c.size) <= 0.05), c.size)
            by_size.setdefault(key, []).append(c)
        for size, cs in by_size.items():
            cs.sort(key=lambda c: c.x0)
            run = [cs[0]]
            for c in cs[1:]:
                if c.x0 - max(r.x1 for r in run[-3:]) > 0.75 * size:
                    lines.append(Line(page_no, run, run[0].base, size))
                    run = [c]
                else:
                    run.append(c)
            lines.append(Line(page_no, run, run[0].base, size))
    return lines


def cut_at_columns(st: Style, lines: list[Line]) -> list[Line]:
    """Cut a body run where it reaches the left edge of another column: a
    line that hangs or overflows past its frame can come within ¾ em of the
    next column's line and be read as one run with it.  Column left edges are
    line starts shared by ≥ 3 body lines; the cut needs such lines within 3
    pitches above or below and ≥ 4 em of the run before the cut."""
    em, tol = st.em, st.tol
    starts = cluster([(ln.x0, ln) for ln in lines if ln.body], tol)
    lefts = [(v, [x.base for x in items]) for v, items in starts if len(items) >= 3]
    if not lefts:
        return lines
    out = []
    for ln in lines:
        if not ln.body:
            out.append(ln)
            continue
        cur = [ln.chars[0]]
        for c in ln.chars[1:]:
            cut = c.x0 - cur[0].x0 >= 4 * em and c.x0 >= cur[-1].x1 - tol and any(
                abs(c.x0 - v) <= tol and any(abs(b - ln.base) <= 3 * 2.6 * em for b in bases) for v, bases in lefts
            )
            if cut:
                out.append(Line(ln.page, cur, ln.base, ln.size, body=True, special=ln.special))
                cur = []
            cur.append(c)
        out.append(Line(ln.page, cur, ln.base, ln.size, body=True, special=ln.special) if len(cur) < len(ln.chars) else ln)
    return out



def starts_at(ln: Line, left: float, em: float, tol: float) -> str | None:
    """How ``ln`` starts relative to a frame left edge: "flush", "indent"
    (1–3 em in), or None (misaligned or outside)."""
    o = ln.x0 - left
    if abs(o) <= tol:
        return "flush"
    if ln.first in RIGHT and abs(o + em / 2) <= tol:
        return "flush"
    if em - tol <= o <= 3 * em + tol:
        return "indent"
    return None


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def inside(ln: Line, box: Box) -> bool:
    x0, top, x1, bottom = box
    return x0 <= ln.x0 and ln.x1 <= x1 and top <= ln.base <= bottom


def _lefts(clusters: list[tuple[float, list[Line]]], edges: Sequence[float], em: float, tol: float) -> list[float]:
    """The frames' left edges: clusters of line starts that ≥ 2 lines (or a
    line and a known edge) share, less the indented lines of a frame 2 em to
    their left."""
    def support(v: float, items: list) -> int:
        return len(items) + sum(1 for e in edges if abs(e - v) <= tol)

    # (a cluster of one line, e.g. a character of a spaced-out line read as
    # a run of its own, is no frame whose indent another cluster could be)
    values = [v for v, items in clusters if support(v, items) >= 2]
    return sorted(v for v, items in clusters
                  if support(v, items) >= 2 and not any(abs(v - 2 * em - w) <= tol for w in values))


def box_columns(body: list[Line], boxes: Sequence[Box], edges: Sequence[float], em: float, tol: float) -> dict[int, tuple[list[float], float]]:
    """Per boxed notice (index into ``boxes``): the left edges of its columns
    and their width.  A box's columns are the grid's, each inset alike (its
    padding): they start a column step apart from one found inside it, the
    step the page's columns keep, and are as much narrower than the page's
    common column as twice the inset.  A box none of whose columns shows
    its edge (every column a line or two) gets none.  The page's columns
    are read from the lines outside boxes."""
    free = [ln for ln in body if not any(inside(ln, box) for box in boxes)]
    major = _lefts(cluster([(ln.x0, ln) for ln in free if ln.first not in RIGHT], tol), edges, em, tol)
    step = Counter(round(b - a, 1) for a, b in itertools.pairwise(major) if b - a > 6 * em).most_common(1)
    widths = Counter(round(ln.end - v, 1) for v in major for ln in free if abs(ln.x0 - v) <= tol and ln.end - v > 6 * em)
    if not step or not widths:
        return {}
    step_v, common = step[0][0], widths.most_common(1)[0][0]
    out: dict[int, tuple[list[float], float]] = {}
    for i, box in enumerate(boxes):
        x0, _, x1, _ = box
        starts = cluster([(ln.x0, ln) for ln in body if inside(ln, box) and ln.first not in RIGHT], tol)
        anchors = [v for v in _lefts(starts, (), em, tol) if x0 < v < x1]
        if not anchors:
            continue
        pad = (anchors[0] - x0) % step_v
        if pad > 2 * em:
            continue
        out[i] = ([x0 + pad + k * step_v for k in range(int((x1 - x0) // step_v) + 1) if x0 + pad + k * step_v < x1 - 2 * em],
                  common - 2 * pad)
    return out


def frames(a: Tally, st: Style, page: int, body: list[Line], edges: Sequence[float] = (),
           boxes: Sequence[Box] = ()) -> tuple[list[Block], float | None]:
    """The body lines in blocks of one frame (left edge) each; ``edges``: left
    edges known otherwise (a table's, whose cells are judged apart: the one
    line of a boxed notice's inset column under its table still has a frame).
    ``boxes``: the page's tinted frames (boxed notices), whose columns are
    inset from the page's (box_columns)."""
    em, tol = st.em, st.tol
    # left edges: clusters of line starts (opening marks may have lost their blank)
    clusters = cluster([(ln.x0, ln) for ln in body if ln.first not in RIGHT], tol)
    boxes = [b for b in boxes if any(inside(ln, b) for ln in body)]
    insets = box_columns(body, boxes, edges, em, tol) if boxes else {}
    major = _lefts(clusters, [*edges, *(v for lefts, _ in insets.values() for v in lefts)], em, tol)
    groups: dict[float, list[Line]] = {v: [] for v in major}
    pending: list[Line] = []
    for ln in body:
        best = None
        fits = [(kind != "flush", abs(ln.x0 - v - (0 if kind == "flush" else 2 * em)), v) for v in major
                for kind in [starts_at(ln, v, em, tol)]
                if kind == "flush" or (kind == "indent" and abs(ln.x0 - v - 2 * em) <= em / 2)]
        if fits:
            best = min(fits)[2]  # a flush start first, else the nearest indent
        if best is None:
            pending.append(ln)
        else:
            groups[best].append(ln)

    # the page's pitch: median baseline step inside left groups
    steps = []
    for g in groups.values():
        bs = sorted({round(ln.base, 3) for ln in g})
        steps += [y - x for x, y in itertools.pairwise(bs) if 1.0 * em <= y - x <= 2.6 * em]
    pitch = median(steps)
    split = 1.5 * pitch if pitch else 2.6 * em

    # widths of the major groups (to place pending lines)
    def width_of(v: float, g: list[Line]) -> float | None:
        cl = [c for c in cluster([(ln.end - v, ln) for ln in g], tol) if len(c[1]) >= 2]
        return max(cl, key=lambda c: (len(c[1]), c[0]))[0] if cl else None

    widths = {v: width_of(v, g) for v, g in groups.items()}
    for ln in pending:
        home = None
        for v in major:
            w = widths.get(v) or 13 * em
            near = [x for x in groups[v] if abs(x.base - ln.base) <= split + 0.5]
            if v - em <= ln.x0 <= v + w and near:
                home = v
                # a run cut apart by a very wide gap: join it to its line
                same = [x for x in groups[v] if abs(x.base - ln.base) <= 0.5 and x.x1 <= ln.x0 + tol]
                if same:
                    same[0].chars.extend(ln.chars)
                    ln.chars = []
                break
        if home is None:
            groups.setdefault(ln.x0, []).append(ln)
        elif ln.chars:
            groups[home].append(ln)

    # blocks: split each group where the baseline step exceeds 1.5 pitches
    blocks: list[Block] = []
    for v, g in groups.items():
        g = sorted((x for x in g if x.chars), key=lambda x: x.base)
        cur: list[Line] = []
        for ln in g:
            if cur and ln.base - cur[-1].base > split:
                blocks.append(Block(page, v, cur))
                cur = []
            cur.append(ln)
        if cur:
            blocks.append(Block(page, v, cur))
    for b in blocks:
        for ln in b.lines:
            ln.block = b
            ln.offset = ln.x0 - b.left
            kind = starts_at(ln, b.left, em, tol)
            ln.kind = kind or "mis"

    # right edges
    for b in blocks:
        ends = [(ln.end, ln) for ln in b.lines]
        cl = [c for c in cluster(ends, tol) if len(c[1]) >= 2]
        if cl and len(b.lines) >= 3:
            b.right = max(cl, key=lambda c: (len(c[1]), c[0]))[0]
            b.sure = b.measured = True
    measured = [b for b in blocks if b.measured]
    n_common = Counter(round((b.right - b.left) / em) for b in measured).most_common(1)
    for b in blocks:
        if b.sure:
            continue
        box = next((insets[i] for i, box in enumerate(boxes) if i in insets and inside(b.lines[0], box)), None)
        if box is not None and any(abs(b.left - v) <= tol for v in box[0]) and max(ln.end for ln in b.lines) <= b.left + box[1] + tol:
            b.right, b.sure = b.left + box[1], True  # a column of a boxed notice
            continue
        peers = sorted((m for m in measured if abs(m.left - b.left) <= tol), key=lambda m: abs(m.top - b.top))
        top_end = max(ln.end for ln in b.lines)
        # a column of a boxed notice: inset from a column measured elsewhere on the page by as much on
        # each side (the box's padding)
        outer = sorted({round(m.left, 2) for m in measured if tol < b.left - m.left <= 1.5 * em and m.right - m.left > 2 * em},
                       key=lambda left: b.left - left)
        if peers and top_end <= peers[0].right + tol:
            b.right, b.sure = peers[0].right, True
        elif not peers and n_common and outer and top_end <= 2 * outer[0] + n_common[0][0] * em - b.left + tol:
            b.right, b.sure = 2 * outer[0] + n_common[0][0] * em - b.left, True  # the outer right edge, inset as much
        elif n_common and top_end <= b.left + n_common[0][0] * em + tol:
            b.right, b.sure = b.left + n_common[0][0] * em, True
        else:
            b.right = top_end
    # J5 per measured frame (left, right)
    seen = set()
    for b in measured:
        key = (round(b.left, 1), round(b.right, 1))
        if key in seen:
            continue
        seen.add(key)
        a.check("J5")
        w = b.right - b.left
        n = round(w / em)
        if abs(w - n * em) > tol:
            a.fail("J5", page, b.lines[0].text, f"column at x={fmt(b.left)} is {fmt(w)} pt = {w / em:.3f} em wide, not a whole number of em")
    return blocks, pitch


# ---------------------------------------------------------------------- paragraphs


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def heading_between(headings: list[Line], left: float, right: float, y0: float, y1: float, em: float, subheads_ok: bool = False) -> bool:
    """A heading between baselines y0 and y1 over [left, right]; with
    ``subheads_ok``, subheads inside that frame (≤ 1.3 em) do not count."""
    for h in headings:
        if not y0 < h.base < y1:
            continue
        if overlap(h.x0, h.x1, left, right) < min(em, (h.x1 - h.x0) / 2):
            continue
        if subheads_ok and h.size <= 1.3 * em and h.x0 >= left - 2 * em and h.x1 <= right + em:
            continue
        return True
    return False


def heading_above(headings: list[Line], b: Block, blocks: list[Block], em: float) -> Line | None:
    """The nearest heading above ``b`` over its frame, with no body text of the
    frame between."""
    # (body text over the frame: of its own column, or of the column a boxed notice's inset one lies in)
    above_body = max((x.bottom for x in blocks if x is not b and overlap(x.left, x.right, b.left, b.right) >= em
                      and x.bottom < b.top), default=-1e9)
    cands = [h for h in headings if above_body < h.base < b.top and overlap(h.x0, h.x1, b.left, b.right) >= min(em, (h.x1 - h.x0) / 2)]
    return max(cands, key=lambda h: h.base) if cands else None


def paragraphs(
    a: Tally,
    st: Style,
    blocks: list[Block],
    headings: list[Line],
    pitch: float | None,
    markers: Sequence[Line] = (),
    images: Sequence[tuple[float, float, float, float]] = (),
    ruled: Sequence[tuple[float, float, float, float]] = (),
    listed: Sequence[Line] = (),
    standing: Sequence[tuple[float, float, float, float]] = (),
) -> None:
    """Link each block to the block its text continues from.  ``ruled``: the
    page's horizontal rules outside tables (x0, x1, y, width), which the
    make-up draws over an article set under another one: where an article
    starts, so that its columns are read from there (the columns beside a
    headline that spans only some of them start at its top).  ``listed``:
    the lines of the page's list items (judged apart, listtable.py), which a
    column's text may run through to the paragraph after the list.
    ``standing``: the boxes (x0, top, x1, bottom) of the page's tables and
    list items, which ``images`` holds too: a paragraph right above one ends
    there (Markdown: a list or a table starts a block of its own)."""
    em, tol = st.em, st.tol
    p = pitch or 1.65 * em

    def rule_over(b: Block) -> float:
        """Where the lowest rule above ``b`` across its column lies (the top
        of its article, under another one), or -inf."""
        return max((y for x0, x1, y, _ in ruled if x0 <= b.left + tol and x1 >= b.left + em and y < b.top - 0.5 * p),
                   default=-math.inf)

    def ruled_above(x: Block, top: float) -> bool:
        """A rule across the column of ``x`` between it and ``top`` below it:
        what stands there belongs to another article."""
        return any(x0 <= x.left + tol and x1 >= x.left + em and x.bottom < r < top for x0, x1, r, _ in ruled)

    def ruled_between(x: Block, y: Block) -> bool:
        return ruled_above(x, y.top)

    def ruled_across(x: Block, s: Block) -> bool:
        """A rule across the columns of ``x`` and ``s`` (right of it) between
        their tops: one of them starts above the top of an article set under
        another one, the other inside it (modules are rectangles)."""
        lo, hi = sorted((x.top, s.top))
        return any(x0 <= x.left + tol and x1 >= s.left + em and lo < r < hi for x0, x1, r, _ in ruled)

    # blocks whose last line ends a paragraph: a list or a table of their own article right under them
    # (a table across the columns of its article ends only the text of the last: flow.banded)
    ends = {id(b) for b in blocks
            if any(overlap(x0, x1, b.left, b.right) >= em and 0 < top - b.bottom <= 1.5 * p and not ruled_above(b, top)
                   and x1 <= b.right + em for x0, top, x1, _ in standing)}

    def heads_of_one_article(x: Block, s: Block) -> bool:
        """``x`` and ``s`` (right of it) open their columns under one rule
        across both, no body text between it and either: the columns of one
        article set under another one."""
        top = rule_over(s)
        if top == -math.inf or rule_over(x) != top:
            return False
        if not any(x0 <= x.left + tol and x1 >= s.left + em and abs(r - top) < 0.01 for x0, x1, r, _ in ruled):
            return False
        return not any(y is not b and abs(y.left - b.left) <= tol and top < y.bottom < b.top for b in (x, s) for y in blocks)
    # continuation: a block whose first line is not indented continues a
    # paragraph from the foot of the column to its left (the normal flow):
    # from the block of that column level with it, followed down the column
    # past subheads and photos (not past a blank gap or a headline: another
    # article).  When that column's foot already flows elsewhere, or there is
    # none, from the block above it in its own column across a photo.
    def photo_tight(x: Block, y: Block) -> bool:
        """A photo fills the gap between x and y in their column: it starts
        right under x (one blank line) and y follows its caption.  A longer
        gap holds something the audit does not see (a rule, another
        article's headline beside the column) and is not a continuation."""
        return any(
            overlap(i0, i1, x.left, x.right) >= em and top - x.bottom <= 2.5 * p and y.top - bottom <= 5 * p
            for i0, top, i1, bottom in images
            if top >= x.bottom - p and bottom <= y.top + p
        )

    def justified_gap(x: Block, y: Block) -> bool:
        """One blank line between two paragraphs of a column (vertical
        justification): ``y`` opens with an indented first line one line
        below where ``x`` would have gone on, nothing between them."""
        return (y.lines[0].kind == "indent" and 1.5 * p < y.top - x.bottom <= 2.5 * p
                and not any(top < y.top and bottom > x.bottom and overlap(i0, i1, x.left, x.right) > 0
                            for i0, top, i1, bottom in images))

    def list_between(x: Block, y: Block) -> bool:
        """A list (items judged apart) fills the gap between ``x`` and ``y``
        in their column, or a subhead and the list or table under it, at most
        a blank line above, between and below them: the column's text runs
        on through it (a subhead alone: flows_on)."""
        lines = [(ln.base, ln.base) for ln in listed if x.left - tol <= ln.x0 < x.left + 4 * em and x.bottom < ln.base < y.top]
        heads = [(h.base - h.size, h.base) for h in headings
                 if x.bottom < h.base < y.top and h.size <= 1.3 * em and overlap(h.x0, h.x1, x.left, x.right) >= em
                 and h.x0 >= x.left - 2 * em and h.x1 <= x.right + em]
        tables = [(top, bottom) for x0, top, x1, bottom in standing
                  if heads and overlap(x0, x1, x.left, x.right) >= em and x.bottom < top and bottom < y.top]
        if not lines and not tables:
            return False
        reached = x.bottom
        for top, bottom in sorted(lines + heads + tables) + [(y.top, y.top)]:
            if top - reached > 2.5 * p:
                return False
            reached = max(reached, bottom)
        return True

    def flows_on(x: Block, y: Block) -> bool:
        """Does the text of ``x`` go on in ``y``, the next block below it in its column?"""
        if heading_between(headings, x.left, x.right, x.bottom, y.top, em, subheads_ok=True) or ruled_between(x, y):
            return False
        # past a subhead: a line or two of it with its air (a wider gap with only a subhead in this
        # column is another article's top, its headline standing over the columns beside)
        return ((heading_between(headings, x.left, x.right, x.bottom, y.top, em) and y.top - x.bottom <= 4.5 * p)
                or photo_tight(x, y) or justified_gap(x, y) or list_between(x, y))

    def photos_between(x: Block, y: Block) -> bool:
        """The columns between x and y (y right of x) hold photos and no body
        text beside them: the text skips a column filled by photos."""
        lo, hi = min(x.top, y.top), max(x.bottom, y.bottom)
        if any(b is not x and b is not y and b.left >= x.right - tol and b.right <= y.left + tol
               and b.top <= hi and b.bottom >= lo for b in blocks):
            return False
        # (a photo whose caption stands level with the text's first lines: within 2½ lines above it)
        return any(i0 >= x.right - em and i1 <= y.left + em and i1 - i0 >= 2 * em and top <= hi and bottom >= lo - 2.5 * p
                   for i0, top, i1, bottom in images)

    def column_head(b: Block) -> bool:
        """No body text above ``b`` in its column (photos of different
        heights over the columns of one article: its text starts lower in
        one column than in the next)."""
        return not any(y is not b and abs(y.left - b.left) <= tol and y.bottom < b.top for y in blocks)

    def chain_end(x: Block) -> Block:
        """The last block of x's column that x's text flows on into."""
        for y in sorted((y for y in blocks if abs(y.left - x.left) <= tol and y.top > x.top), key=lambda y: y.top):
            if not flows_on(x, y):
                break
            x = y
        return x

    def under_photo(b: Block) -> bool:
        """``b`` starts under a photo over its column (and the photo's caption)."""
        return any(overlap(i0, i1, b.left, b.right) >= em and 0 < b.top - bottom <= 3.5 * p for i0, _, i1, bottom in images)

    def under_heading(b: Block) -> bool:
        """``b`` starts under a heading over its column."""
        return any(overlap(h.x0, h.x1, b.left, b.right) >= em and 0 < b.top - h.base <= 3.5 * p for h in headings)

    def opens(b: Block) -> bool:
        """``b`` opens its column of an article: nothing above it, or right above it a photo, a
        list or a table (``images`` holds those too), or the article's headline."""
        return column_head(b) or under_photo(b) or under_heading(b)

    def level(b: Block) -> bool:
        """Text in the column to the left of ``b`` opens there at ``b``'s height, under a heading
        (an article's columns start level; its headline may stand over only some of them)."""
        return any(y is not b and y.right < b.left + tol and b.left - y.right <= b.right - b.left + 4 * em  # a column between at most
                   and abs(y.top - b.top) <= 0.5 * p and under_heading(y) for y in blocks)

    for s in sorted(blocks, key=lambda b: (b.left, b.top)):
        if s.lines[0].kind == "indent":
            continue
        pred = None
        head = heading_above(headings, s, blocks, em)
        if head is not None and any(x0 <= s.left + tol and x1 >= s.right - tol and x1 - x0 > s.right - s.left + em
                                    and head.base < top < s.top for x0, top, x1, _ in standing):
            head = None  # it heads the text above a table set across the columns (flow.banded), not s under it
        # blocks of the column to the left whose text, followed down that column (past subheads,
        # photos, justified gaps), reaches as low as s starts
        firsts = sorted(
            (x for x in blocks if x is not s and x.right < s.left + tol and (s.left - x.right <= 4 * em or photos_between(x, s))
             and (x.top <= s.bottom + tol or (opens(x) and (opens(s) or level(s))) or heads_of_one_article(x, s))
             and not ruled_across(x, s)
             and chain_end(x).bottom >= s.top - 0.5 * p),
            key=lambda x: x.top,
        )
        if firsts:  # the nearest column to the left
            near = max(x.right for x in firsts)
            firsts = [x for x in firsts if x.right >= near - 2 * em]
        left_head = heading_above(headings, firsts[0], blocks, em) if firsts else None
        # one headline over both columns (read as one run, or as two parted by a space of its own size
        # or so); two heads level with each other but apart are two articles' (two continuations side by side)
        same_head = (left_head is not None and head is not None and abs(left_head.base - head.base) < 1.0
                     and (left_head is head or head.x0 - left_head.x1 <= 1.5 * max(head.size, left_head.size)))
        if firsts and (head is None or overlap(head.x0, head.x1, firsts[0].left, firsts[0].right) >= em or same_head):
            x = firsts[0]
            column = sorted((y for y in blocks if abs(y.left - x.left) <= tol and y.top > x.top), key=lambda y: y.top)
            for y in column:
                if not flows_on(x, y):
                    break
                x = y
            if x.succ is None and id(x) not in ends:
                pred = x
        if pred is None:
            above = [x for x in blocks if x is not s and abs(x.left - s.left) <= tol and x.bottom < s.top]
            if above:
                x = max(above, key=lambda x: x.bottom)
                if (x.succ is None and id(x) not in ends and photo_tight(x, s) and flows_on(x, s)
                        and not heading_between(headings, s.left, s.right, x.bottom, s.top, em)):
                    pred = x
        if pred is not None:
            s.pred, pred.succ = pred, s
    for b in blocks:
        n = len(b.lines)
        for i, ln in enumerate(b.lines):
            if ln.kind == "indent":
                ln.par_first = True
            nxt = b.lines[i + 1] if i + 1 < n else None
            if nxt is None:
                ln.par_last = b.succ is None
            elif nxt.kind == "indent":
                ln.par_last = True
            elif b.sure and ln.end < b.right - em + tol and ln.last in SENTENCE_END:
                ln.par_last = True  # a paragraph end, and the next line lacks its indent
                nxt.par_first = True
                nxt.missing_indent = True
        first = b.lines[0]
        if b.pred is None and first.kind != "indent":
            first.par_first = True
            continued = any(m.base < first.base and first.base - m.base <= 3 * p and overlap(m.x0, m.x1, b.left, b.right) > 0 for m in markers)
            if continued:
                a.skip("I1")  # resumes an article from another page after （上接第M版）
            else:
                first.missing_indent = True


# ---------------------------------------------------------------------- line checks
