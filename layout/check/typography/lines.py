"""Line rules: K1–K3 (line starts and ends, splits), P1–P5 (punctuation),
S1 (Han–Latin spacing), J1–J4 (justification), judged per line."""

from __future__ import annotations

import itertools
from collections import Counter

from layout.facts.addresses import MAX_SPACING_EM

from .blocks import check_indent, check_last_line, check_missing_indent
from .model import (
    AFTER_NUMBER,
    ASCII_PUNCT,
    AUDIT_START_FORBIDDEN,
    BEFORE_NUMBER,
    DASH_CHARS,
    ELLIPSIS_CHARS,
    END_FORBIDDEN,
    LEFT,
    QUOTES,
    RIGHT,
    UNIT,
    Block,
    Char,
    Line,
    Style,
    Tally,
    fmt,
    is_alnum,
    is_cjk_punct,
    is_hanlike,
    is_latin,
    median,
)


def check_k12(a: Tally, ln: Line, prev: Line | None) -> None:
    if not ln.chars:
        return
    a.check("K1")
    a.check("K2")
    f, l = ln.first, ln.last
    if ln.addr_before:
        pass  # an address's own . / - … at one of its break points (addresses.py)
    elif f in AUDIT_START_FORBIDDEN:
        a.fail("K1", ln.page, ln.text, f"line starts with {f} (U+{ord(f):04X}) at x={fmt(ln.x0)} y={fmt(ln.base)}")
    elif f in AFTER_NUMBER and prev is not None and prev.last.isdigit():
        a.fail("K1", ln.page, ln.text, f"line starts with {f} after the number ending the line before ({prev.text})")
    if l in END_FORBIDDEN and len(ln.chars) > 1 and not ln.addr_after:
        a.fail("K2", ln.page, ln.text, f"line ends with {l} (U+{ord(l):04X}) at x={fmt(ln.chars[-1].x0)} y={fmt(ln.base)}")


def latin_run(chars: list[Char], from_end: bool) -> str:
    seq = reversed(chars) if from_end else iter(chars)
    out = []
    for c in seq:
        if not is_latin(c.t):
            break
        out.append(c.t)
    return "".join(reversed(out)) if from_end else "".join(out)


def check_k3(a: Tally, st: Style, x: Line, y: Line, b: Block) -> None:
    a.check("K3")
    l, f = x.last, y.first
    what = None
    if x.addr_after is not None:
        if not x.addr_after:
            what = f"an address is split outside its break points ({latin_run(x.chars, True)} | {latin_run(y.chars, False)})"
    elif l in DASH_CHARS and f in DASH_CHARS:
        what = "a dash —— is split"
    elif l in ELLIPSIS_CHARS and f in ELLIPSIS_CHARS:
        what = "an ellipsis …… is split"
    elif l.isascii() and y.chars and is_alnum(f):
        tail, head = latin_run(x.chars, True), latin_run(y.chars, False)
        joined = tail + head
        width = sum(c.w for c in x.chars[len(x.chars) - len(tail):]) + sum(c.w for c in y.chars[: len(head)])
        if tail and (is_alnum(l) or (len(tail) > 1 and is_alnum(tail[-2]) and l in ".,+-/:_")):
            if b.sure and width > 0.75 * (b.right - b.left):
                return  # an over-long run (a URL) may break
            what = f"the word/number {joined} is split ({tail} | {head})"
    elif l.isdigit() and f in AFTER_NUMBER:
        what = f"the number and its {f} are split"
    elif l in BEFORE_NUMBER and y.chars and f.isdigit():
        what = f"{l} is split from its number"
    if what:
        a.fail("K3", x.page, f"{x.text} | {y.text}", what)


def hh_gaps(ln: Line) -> list[float]:
    cs = ln.chars
    return [cs[i + 1].x0 - cs[i].x1 for i in range(len(cs) - 1) if is_hanlike(cs[i].t) and is_hanlike(cs[i + 1].t)]


def mark_gaps(ln: Line, tol: float) -> list[float]:
    cs = ln.chars
    out = []
    for p, q in itertools.pairwise(cs):
        if (is_hanlike(p.t) and is_cjk_punct(q.t)) or (is_cjk_punct(p.t) and is_hanlike(q.t)):
            g = q.x0 - p.x1
            if g >= -tol:
                out.append(g)
    return out


def check_line(a: Tally, st: Style, b: Block, ln: Line, p3: list) -> None:
    em, tol = st.em, st.tol
    page, text = ln.page, ln.text
    cs = ln.chars
    hh = hh_gaps(ln)
    # the spacing justification added to this line: its Han–Han gaps, or on a
    # line without them its Han ↔ CJK-mark gaps (a mark's full box, not compressed)
    s = max(0.0, median(hh if hh else mark_gaps(ln, tol)) or 0.0)
    last = ln.par_last
    where = f"(x={fmt(ln.x0)}, y={fmt(ln.base)})"

    # --- start: J1 / I1 / P3
    a.check("J1")
    if ln.kind == "indent":
        want = check_indent(a, st, ln, where)
        if ln.first in RIGHT:
            p3.append(("trim" if want == 1.5 else "keep", ln))
    elif ln.kind == "mis":
        if is_alnum(ln.first) and em / 8 - tol <= ln.offset <= em / 2 + tol:
            a.check("S1")
            a.fail("S1", page, text, f"line starts {ln.offset / em:.2f} em inside the frame: Han–Latin space left at the line start {where}")
        else:
            a.fail("J1", page, text, f"line starts {fmt(ln.offset)} pt ({ln.offset / em:+.2f} em) from the frame's left edge {where}")
    else:
        if ln.first in RIGHT:
            p3.append(("trim" if ln.offset < -tol else "keep", ln))
    if ln.missing_indent:
        check_missing_indent(a, b, ln, where)

    # --- end: J1 / J2 / P1 (the measure is known only when the frame edge is)
    if not b.sure:
        a.skip("J1")  # the line end (its start was judged)
        a.skip("J2")
    else:
        end = ln.end
        a.check("J2")
        over = end - b.right
        if over > tol:
            a.fail("J2", page, text, f"line ends {fmt(over)} pt past the frame edge x={fmt(b.right)} (ends at {fmt(end)}) {where}")
        elif not last:
            short = b.right - end
            if ln.last in LEFT:
                a.check("P1")
                if abs(cs[-1].x1 - b.right) <= tol:
                    a.fail("P1", page, text, f"line-end {ln.last} not trimmed: its box ends at the frame edge, its ink {fmt(em / 2)} pt short {where}")
                    short = 0.0
            if short > tol:
                if is_alnum(ln.last) and em / 8 - tol <= short <= em / 2 + tol:
                    a.check("S1")
                    a.fail("S1", page, text, f"line ends {short / em:.2f} em short of the frame edge after {ln.last}: a Han–Latin space left at the line end (or a ragged line) {where}")
                else:
                    a.fail("J1", page, text, f"ragged: line ends {fmt(short)} pt ({short / em:.2f} em) short of the frame edge x={fmt(b.right)} {where}")

    # --- spacing: J3 (justified lines) / J4 (last lines)
    unlinked_end = last and ln is b.lines[-1] and b.sure and abs(ln.end - b.right) <= tol
    if last and unlinked_end and hh and max(abs(g) for g in hh) > tol:
        a.skip("J4")  # a full, spaced line at a block's foot: continued somewhere the audit cannot link
    elif last:
        if hh:
            a.check("J4")
            worst = max(hh, key=abs)
            if abs(worst) > tol:
                a.fail("J4", page, text, f"last line not set solid: Han–Han gaps up to {fmt(worst)} pt {where}")
    else:
        judged = False
        if len(hh) >= 2:
            judged = True
            spread = max(hh) - min(hh)
            gaps = sum(1 for p, q in itertools.pairwise(cs) if not (is_latin(p.t) and is_latin(q.t)))
            if spread > tol:
                a.fail("J3", page, text, f"uneven spacing: Han–Han gaps from {fmt(min(hh))} to {fmt(max(hh))} pt (spread {fmt(spread)}) {where}")
            elif gaps >= 4 and s > MAX_SPACING_EM * em + tol and not unavoidably_spaced(st, b, ln):
                a.fail("J3", page, text, f"spaced out: Han–Han gaps of {fmt(s)} pt = {s / em:.2f} em (at most {MAX_SPACING_EM:g} em on a line of ≥ 4 gaps) {where}")
        if ln.addr_pairs:
            judged = True
            check_address_spacing(a, st, ln, hh, where)
        for i in range(len(cs) - 1):
            p, q = cs[i], cs[i + 1]
            g = q.x0 - p.x1
            if i in ln.addr_pairs:
                continue  # judged above
            if is_alnum(p.t) and is_alnum(q.t) or (p.t in UNIT and q.t == p.t):
                judged = True
                if (g > tol) if p.t in UNIT else (abs(g) > tol):  # the halves of —— may overlap (scaled to join)
                    unit = "inside " + (p.t + q.t if p.t in UNIT else "a Latin word")
                    a.fail("J3", page, text, f"space {unit}: gap {fmt(g)} pt between {p.t} and {q.t} {where}")
        if judged:
            a.check("J3")

    # --- O1
    if last:
        check_last_line(a, st, ln, where)

    # --- pairs: P2, S1, P4, P5
    for i in range(len(cs) - 1):
        p, q = cs[i], cs[i + 1]
        pc, qc = p.t, q.t
        if (pc in LEFT or pc in RIGHT) and (qc in LEFT or qc in RIGHT) and not (pc in RIGHT and qc in LEFT):
            a.check("P2")
            d = q.x0 - p.x0
            if d > em / 2 + s + tol:
                a.fail("P2", page, text, f"{pc}{qc} not compressed: the second mark starts {d / em:.2f} em after the first (½ em when compressed) {where}")
            elif d < (0.0 if (pc in LEFT and qc in RIGHT) else em / 2) - tol:
                a.fail("P2", page, text, f"{pc}{qc} over-compressed: the second mark starts {d / em:.2f} em after the first, their inks overlap {where}")
        han_latin = (is_hanlike(pc) and is_alnum(qc)) or (is_alnum(pc) and is_hanlike(qc))
        if han_latin:
            a.check("S1")
            g = q.cell()[0] - p.cell()[1]
            if not (em / 8 - tol <= g <= em / 2 + tol):
                a.fail("S1", page, text, f"Han–Latin gap {pc}|{qc} is {fmt(g)} pt = {g / em:.2f} em (⅛–½ em) {where}")
        elif (is_cjk_punct(pc) and is_alnum(qc)) or (is_alnum(pc) and is_cjk_punct(qc)):
            a.check("S1")
            g = q.cell()[0] - p.cell()[1]
            if g > s + tol:
                a.fail("S1", page, text, f"space {fmt(g)} pt between {pc} and {qc}: no Han–Latin space next to CJK punctuation {where}")
    for i, c in enumerate(cs):
        prev = cs[i - 1].t if i else None
        nxt = cs[i + 1].t if i + 1 < len(cs) else None
        if c.t in QUOTES and ((prev and is_hanlike(prev)) or (nxt and is_hanlike(nxt))):
            a.check("P4")
            if c.w < em - tol:
                a.fail("P4", page, text, f"quote {c.t} is {c.w / em:.2f} em wide (font {c.font}), not a full-width CJK quote {where}")
        if c.t in ASCII_PUNCT and ((prev and is_hanlike(prev)) or (nxt and is_hanlike(nxt))):
            a.check("P5")
            if (prev is None or is_hanlike(prev)) and (nxt is None or is_hanlike(nxt)):
                a.fail("P5", page, text, f"ASCII {c.t} between Han characters (should be full-width) {where}")


def next_line(b: Block, ln: Line) -> Line | None:
    """The body line after ``ln`` in reading order (its block, or the block continuing it)."""
    i = next((k for k, x in enumerate(b.lines) if x is ln), None)
    if i is not None and i + 1 < len(b.lines):
        return b.lines[i + 1]
    return b.succ.lines[0] if b.succ is not None and b.succ.lines else None


def unavoidably_spaced(st: Style, b: Block, ln: Line) -> bool:
    """A paragraph's first line spaced out because the number or word that
    starts the next line (with the marks that may not begin a line after it)
    cannot join it even at its tightest (punctuation at its ink, Han–Latin
    space at ⅛ em): nothing before it can take the slack, and numbers stay
    whole (021-6259-4521) — the one line the composer loosens."""
    nxt = next_line(b, ln)
    if not ln.par_first or nxt is None or not b.sure:
        return False
    head = latin_run(nxt.chars, False)
    if not head or not is_alnum(head[0]):
        return False
    em = st.em

    def tight(c: Char) -> float:
        return em / 2 if (c.t in LEFT or c.t in RIGHT) else c.w

    width = sum(tight(c) for c in ln.chars) + sum(c.w for c in nxt.chars[: len(head)])
    width += sum(tight(c) for c in itertools.takewhile(lambda c: c.t in AUDIT_START_FORBIDDEN, nxt.chars[len(head):]))
    if is_hanlike(ln.last):
        width += em / 8
    return width > b.right - ln.x0 + st.tol


def check_address_spacing(a: Tally, st: Style, ln: Line, hh: list[float], where: str) -> None:
    """J3 for the letters of an address on a justified line: the composer
    letter-spaces them only when the line's gaps cannot take its slack —
    evenly, by at most 0.35 em (lines of fewer than 4 gaps excepted), and
    only once its Han gaps hold 0.35 em each."""
    em, tol = st.em, st.tol
    cs = ln.chars
    gaps = [cs[i + 1].x0 - cs[i].x1 for i in sorted(ln.addr_pairs)]
    lo, hi = min(gaps), max(gaps)
    if hi - lo > tol:
        a.fail("J3", ln.page, ln.text, f"address letter-spaced unevenly: gaps from {fmt(lo)} to {fmt(hi)} pt {where}")
    elif hi > MAX_SPACING_EM * em + tol and len(cs) - 1 >= 4:
        a.fail("J3", ln.page, ln.text, f"address letter-spaced {hi / em:.2f} em (at most {MAX_SPACING_EM:g} em) {where}")
    elif hi > tol and hh and min(hh) < MAX_SPACING_EM * em - tol:
        a.fail("J3", ln.page, ln.text, f"address letter-spaced {fmt(hi)} pt while the Han gaps take {fmt(min(hh))} pt (they fill to {MAX_SPACING_EM:g} em first) {where}")


def check_p3(a: Tally, p3: list[tuple[str, Line]], st: Style) -> None:
    if not p3:
        return
    a.check("P3", len(p3))
    policies = Counter(k for k, _ in p3)
    if len(policies) < 2:
        return
    major = policies.most_common(1)[0][0]
    for k, ln in p3:
        if k != major:
            what = "loses" if k == "trim" else "keeps"
            a.fail("P3", ln.page, ln.text, f"opening mark {ln.first} at the line start {what} its ½-em blank; most such lines ({policies[major]}) {'keep' if major == 'keep' else 'lose'} it")
