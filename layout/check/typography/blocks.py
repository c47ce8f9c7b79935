"""Block rules: the first-line indent (I1), the last line of a paragraph
and of wrapped display text (O1), widows and orphans across columns (O2),
line pitch and the baseline grid (L1, L2), headings (H1, H2)."""

from __future__ import annotations

import itertools
import statistics
from collections import Counter

from .model import RIGHT, Block, Line, Style, Tally, fmt, is_alnum, is_han, is_hanlike
from .structure import heading_between, overlap


def check_indent(a: Tally, st: Style, ln: Line, where: str) -> float:
    """I1 for a line that starts indented: 2 em (1½ em after an opening mark
    that lost its blank).  Returns the indent wanted, in em."""
    a.check("I1")
    ind = ln.offset / st.em
    want = 1.5 if (ln.first in RIGHT and abs(ind - 1.5) <= 0.03) else 2.0
    if abs(ind - want) > 0.03:
        a.fail("I1", ln.page, ln.text, f"first-line indent {ind:.3f} em ({fmt(ln.offset)} pt), not {want:g} em {where}")
    return want


def check_missing_indent(a: Tally, b: Block, ln: Line, where: str) -> None:
    """I1 for a paragraph's first line set flush."""
    a.check("I1")
    why = "after a paragraph's last line" if ln is not b.lines[0] else ("after a heading" if b.pred is None else "at a block start")
    a.fail("I1", ln.page, ln.text, f"paragraph starts without its 2-em indent {why} {where}")


def check_last_line(a: Tally, st: Style, ln: Line, where: str) -> None:
    """O1: a paragraph's last line holds ≥ 2 Han characters, ≥ 2 em of text,
    or a number or word of 3 letters or more (拨打 / 119。: no 孤字, and
    pulling 拨打 down would space the line above out past any limit)."""
    a.check("O1")
    cs = ln.chars
    n_han = sum(1 for c in cs if is_han(c.t))
    width = sum(c.w for c in cs if is_hanlike(c.t) or is_alnum(c.t))
    run = longest = 0
    for c in cs:
        run = run + 1 if is_alnum(c.t) else 0
        longest = max(longest, run)
    if n_han < 2 and width < 2 * st.em - st.tol and longest < 3:
        a.fail("O1", ln.page, ln.text, f"paragraph's last line holds {n_han} Han character(s) {where}")


def check_wraps(a: Tally, st: Style, others: list[Line]) -> None:
    """A heading, subhead, 导读 entry or caption that wraps must not leave a
    single Han character on a line of its own (O1 for display text).  A line
    continues the one above it when it has the same size, font and colour,
    lies 0.9–2.2 sizes lower and starts within 2 sizes of it (or shares its
    centre); every such continuation line is checked."""
    def style(ln: Line) -> tuple:
        return (round(ln.size, 1), ln.chars[0].font, ln.chars[0].color)

    others = sorted((ln for ln in others if ln.chars), key=lambda ln: ln.base)
    nxt: dict[int, Line] = {}
    prv: dict[int, Line] = {}
    for i, x in enumerate(others):
        for y in others[i + 1 :]:
            d = y.base - x.base
            if d > 2.2 * x.size:
                break
            if d < 0.9 * x.size or style(y) != style(x) or id(y) in prv:
                continue
            cx, cy = (x.x0 + x.x1) / 2, (y.x0 + y.x1) / 2
            if abs(y.x0 - x.x0) <= 2 * x.size or abs(cx - cy) <= x.size:
                nxt[id(x)], prv[id(y)] = y, x
                break
    for ln in others:
        if id(ln) not in prv:
            continue
        up = prv[id(ln)]
        if len(ln.chars) == 1 and len(up.chars) == 1:
            continue  # vertical text (a masthead set one character per line)
        a.check("O1")
        n_han = sum(1 for c in ln.chars if is_han(c.t))
        width = sum(c.w for c in ln.chars if is_hanlike(c.t) or is_alnum(c.t))
        if n_han < 2 and width < 2 * ln.size - st.tol:
            group = [ln]
            while id(group[0]) in prv and len(group) < 4:
                group.insert(0, prv[id(group[0])])
            a.fail("O1", ln.page, " / ".join(g.text for g in group[-2:]), f"wrapped heading/entry leaves {n_han} Han character on its last line (size {ln.size:g}, y={fmt(ln.base)})")


# ---------------------------------------------------------------------- pitch, O2, headings


def check_pitch(a: Tally, st: Style, page: int, blocks: list[Block], pitch: float | None) -> None:
    em = st.em
    multi = [b for b in blocks if len(b.lines) >= 2]
    if not multi or not pitch:
        return
    own: dict[int, float] = {}
    for b in multi:
        steps = [y.base - x.base for x, y in zip(b.lines, b.lines[1:], strict=False)]
        bp = statistics.median(steps)
        own[id(b)] = bp
        a.check("L1")
        bad = [d for d in steps if abs(d - bp) > 0.1]
        if bad:
            shown = ", ".join(f"{fmt(d)}×{n}" for d, n in Counter(round(d, 2) for d in steps).most_common(4))
            a.fail("L1", page, b.lines[0].text, f"line pitch varies in the column at x={fmt(b.left)}: steps {shown} pt (block pitch {fmt(bp)})")
        a.check("L2")
        ratio = bp / em
        if not 1.5 - 1e-3 <= ratio <= 2.0 + 1e-3:
            a.fail("L2", page, b.lines[0].text, f"line pitch {fmt(bp)} pt = {ratio:.3f} em (1.5–2.0 em)")
    # the page's baseline grid: every block on it (blocks of another pitch excepted)
    ref_blk = max(multi, key=lambda b: len(b.lines))
    ref = ref_blk.top
    p = statistics.median([y.base - x.base for b in multi for x, y in zip(b.lines, b.lines[1:], strict=False) if abs(own[id(b)] - pitch) <= 0.1] or [pitch])
    for b in blocks:
        if b is ref_blk:
            continue
        if id(b) in own and abs(own[id(b)] - p) > 0.1:
            a.skip("L1")
            continue
        a.check("L1")
        k = round((b.top - ref) / p)
        dev = b.top - ref - k * p
        if abs(dev) > 0.1:
            a.fail("L1", page, b.lines[0].text, f"block at x={fmt(b.left)} y={fmt(b.top)} is {fmt(dev)} pt off the page's baseline grid (pitch {fmt(p)} from y={fmt(ref)})")


def segments(b: Block) -> list[int]:
    """Lengths of the paragraph pieces of a block, top to bottom."""
    out, n = [], 0
    for ln in b.lines:
        if ln.par_first and n:
            out.append(n)
            n = 0
        n += 1
    out.append(n)
    return out


def check_o2(a: Tally, blocks: list[Block]) -> None:
    for b in blocks:
        s = b.succ
        if s is None:
            continue
        a.check("O2")
        foot = segments(b)[-1]
        head = segments(s)[0]
        if foot < 2:
            a.fail("O2", b.page, b.lines[-1].text, f"orphan: a paragraph leaves {foot} line at the foot of the column at x={fmt(b.left)} (y={fmt(b.bottom)})")
        if head < 2:
            a.fail("O2", s.page, s.lines[0].text, f"widow: a paragraph continues with {head} line at the head of the column at x={fmt(s.left)} (y={fmt(s.top)})")


def check_headings(a: Tally, st: Style, page: int, blocks: list[Block], headings: list[Line], pitch: float | None) -> None:
    em, tol = st.em, st.tol
    p = pitch or 1.65 * em
    # heading stacks: kicker, headline, subtitle, byline; a wrapped subhead
    stacks: list[list[Line]] = []
    for h in sorted(headings, key=lambda h: h.base):
        for st_ in stacks:
            t = st_[-1]
            if 0 < h.base - t.base <= 2.5 * max(h.size, t.size) and overlap(h.x0, h.x1, min(x.x0 for x in st_), max(x.x1 for x in st_)) > 0:
                st_.append(h)
                break
        else:
            stacks.append([h])
    for stack in stacks:
        x0, x1 = min(h.x0 for h in stack), max(h.x1 for h in stack)
        low = stack[-1]
        text = " / ".join(h.text for h in stack)
        frames = [b for b in blocks if b.sure and overlap(x0, x1, b.left, b.right) >= 2 * em]
        if not frames:
            continue  # not over body text (masthead, 导读 strip …)
        inside = [b for b in frames if x0 >= b.left - 2 * em and x1 <= b.right + em]
        a.check("H1")
        if all(h.size <= 1.3 * em for h in stack) and inside:
            below = [b for b in inside if b.top > low.base]
            nxt = min(below, key=lambda b: b.top) if below else None
            if nxt is None or nxt.top - low.base > 4 * p + tol:
                a.fail("H1", page, text, f"subhead stranded: no body text follows it in its column (y={fmt(low.base)})")
            elif len(nxt.lines) < 2 and not (nxt.lines[0].par_last and nxt.succ is None):
                a.fail("H1", page, text, f"subhead followed by only {len(nxt.lines)} line at the foot of its column (y={fmt(low.base)})")
        elif not any(b.top > low.base for b in frames):
            a.fail("H1", page, text, f"heading with no body text below it (y={fmt(low.base)})")
    # H2: blocks of one frame separated by a heading are a whole number of lines apart
    if not pitch:
        return
    by_left: dict[float, list[Block]] = {}
    for b in blocks:
        key = next((k for k in by_left if abs(k - b.left) <= tol), b.left)
        by_left.setdefault(key, []).append(b)
    for col in by_left.values():
        col.sort(key=lambda b: b.top)
        for x, y in itertools.pairwise(col):
            if not heading_between(headings, y.left, max(x.right, y.right), x.bottom, y.top, em):
                continue
            a.check("H2")
            k = (y.top - x.bottom) / pitch
            if abs(k - round(k)) > 0.05:
                a.fail("H2", page, y.lines[0].text, f"the heading between y={fmt(x.bottom)} and y={fmt(y.top)} takes {k:.2f} lines, not a whole number (pitch {fmt(pitch)})")
