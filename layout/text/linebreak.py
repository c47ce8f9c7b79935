"""Linebreak: total-fit breaking over per-character break opportunities.

A pure function of the measured items (prepare.py).  Forward dynamic
programming in the manner of Knuth–Plass: for each reachable break ``a`` the
feasible next breaks ``b`` are found by bisection on prefix sums (the widest
line that still fits after all its shrink) and a few narrower ones; each line
costs demerits from its badness (how far its spaces must stretch or shrink)
plus the break's penalty.  Forbidden breaks (K1–K3) are never taken; a last
line with fewer than ``orphan_han`` Han characters costs heavily (O1), so a
character is pulled down from the line above.  Compression is cheaper than
stretching the line after it, which gives "push in before push out".

The slack of a justified line goes into its CJK gaps (never between the
letters of a word, a number or an address); past 0.35 em a gap a line is
spaced out and costs heavily, the more the further; a line with nothing to
take its slack (address segments) is set ragged, the last resort.  A time
range may end a line after its dash (9:00—/11:00) at RANGE_BREAK, so that
the line before it need not be spaced out (qa3 finding 9).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from layout.facts.addresses import MAX_SPACING_EM

from .classes import LATIN
from .prepare import FORBIDDEN, Items, ParaSpec

ORPHAN_PENALTY = 1.0e6
OVERFULL = 1.0e12
MAX_STRETCH_EM = MAX_SPACING_EM  # a line may take at most this much extra space per gap (issue 9: 0.35 em) …
SPACED_GAPS = 4  # a line with this many gaps or more …
SPACED_OUT = 1.0e6  # … spaced past MAX_STRETCH_EM costs this much badness on top
RESCUE_STRETCH_EM = 100.0  # … unless nothing else fits (a long URL, a lone word)
RAGGED = SPACED_OUT  # badness of a line with no gap to take its slack (set ragged, never letter-spaced) …
RAGGED_PER_EM = 5.0e5  # … and this per em it ends short: the last resort (twice the base without an address on it)
RAGGED_MOST_EM = 8.0  # … no candidate shorter than this by more (em) once one was taken


@dataclass(frozen=True)
class Metrics:
    """Prefix sums over the items, so any line's widths come in O(1)."""

    box: list[float]  # box[k] = widths of boxes 0..k-1
    gap: list[float]  # gap[k] = natural widths of gaps 1..k
    shrink: list[float]
    slot: list[int]
    han: list[int]
    fit: list[float]  # fit[b] = box[b] + gap[b-1] - shrink[b-1]: monotone in b
    capped: list[int]  # capped[k] = Han–Latin gaps among gaps 1..k (they stretch to double, no more)
    latin: list[int]  # latin[k] = Latin boxes (words, numbers, address segments) among boxes 0..k-1
    address: list[int]  # address[k] = address segments (URL, e-mail) among boxes 0..k-1


def metrics(it: Items) -> Metrics:
    n = len(it)
    box = [0.0, *accumulate(it.width)]
    gap = [0.0, *accumulate(it.gap[1:])] if n > 1 else [0.0]
    shrink = [0.0, *accumulate(it.shrink[1:])] if n > 1 else [0.0]
    slot = [0, *accumulate(it.slot[1:])] if n > 1 else [0]
    han = [0, *accumulate(it.han)]
    # line a..b: natural = box[b]-box[a] + gap[b-1]-gap[a]; fit uses b-1 for b >= 1
    fit = [0.0] * (n + 1)
    for b in range(1, n + 1):
        fit[b] = box[b] + gap[b - 1] - shrink[b - 1]
    capped = [0, *accumulate(int(c) for c in it.capped[1:])] if n > 1 else [0]
    latin = [0, *accumulate(int(c == LATIN) for c in it.cls)]
    address = [0, *accumulate(int(c) for c in it.address)]
    return Metrics(box, gap, shrink, slot, han, fit, capped, latin, address)


def share(slack: float, slots: int, capped: int, room: float, address: bool,
          most: float | None = None) -> tuple[float, float, float]:
    """How a justified line's ``slack`` is spread (line.py sets it so):
    (extra space per gap, per Han–Latin gap, what is left at the line end).
    Every gap takes the same share, but a Han–Latin gap at most ``room``
    (S1: its space stretches to double, ½ em, no more) while the other gaps
    take the rest.  A line whose only gaps are Han–Latin ones takes it all
    in them, but beside an ``address`` (URL segments, never letter-spaced)
    leaves what they cannot take at its end (ragged); so does a line that
    ends inside an address (``most`` given, 0.35 em) once its other gaps
    hold ``most``.  Nothing goes between the letters of a word, a number or
    an address (clreq: no letter spacing inside Western text)."""
    e = slack / slots
    if not capped or e <= room or (slots == capped and not address):
        free = hl = e
    elif slots > capped:
        free, hl = (slack - capped * room) / (slots - capped), room
    else:
        return 0.0, room, slack - capped * room
    if most is not None and free > most:
        hl = min(hl, room)
        return most, hl, slack - most * (slots - capped) - hl * capped
    return free, hl, 0.0


def ends_in_address(it: Items, b: int) -> bool:
    """A line ending before box ``b`` breaks inside an address (between two
    of its segments)."""
    return 0 < b < len(it) and it.address[b - 1] and it.address[b] and it.slot[b] == 0


def line_widths(m: Metrics, it: Items, spec: ParaSpec, a: int, b: int) -> tuple[float, float, int]:
    """(natural width, shrinkability, justification slots) of the line a..b."""
    natural = m.box[b] - m.box[a] + m.gap[b - 1] - m.gap[a] + it.lead[a]
    if a == 0:
        natural += spec.indent * spec.em
    return natural, m.shrink[b - 1] - m.shrink[a], m.slot[b - 1] - m.slot[a]


def break_lines(it: Items, spec: ParaSpec, m: Metrics | None = None) -> list[int]:
    """Break positions [0, b1, …, n]: line i holds boxes breaks[i]..breaks[i+1]-1."""
    n = len(it)
    if n == 0:
        return [0]
    if m is None:
        m = metrics(it)
    measure = spec.measure
    em = spec.em
    pen = it.pen
    lead = it.lead
    box, gap, shr, slot, han, fit = m.box, m.gap, m.shrink, m.slot, m.han, m.fit
    capped, latin, address = m.capped, m.latin, m.address
    room = spec.han_latin * em
    inside = [ends_in_address(it, b) for b in range(n + 1)]
    eps = 1e-6
    # the breakable positions, ascending (n: the paragraph end)
    breakable = [k for k in range(1, n) if pen[k] != FORBIDDEN]
    breakable.append(n)
    cost = [float("inf")] * (n + 1)
    prev = [-1] * (n + 1)
    cost[0] = 0.0
    total_han = han[n]
    orphan = spec.orphan_han if total_han >= spec.orphan_han else 0
    justify = spec.justify
    indent = spec.indent * em
    starts = [0, *breakable[:-1]]
    for a in starts:
        ca = cost[a]
        if ca == float("inf"):
            continue
        adj = lead[a] + (indent if a == 0 else 0.0)
        base_fit = box[a] + gap[a] - shr[a] - adj
        # the widest line that fits: fit[b] - base_fit <= measure
        b_hi = bisect_right(fit, measure + base_fit + eps, lo=a + 1) - 1
        j_top = bisect_right(breakable, b_hi) - 1
        if j_top < 0 or breakable[j_top] <= a:
            # nothing fits after a: take the next break (overfull, only if unavoidable)
            b = breakable[bisect_right(breakable, a)]
            _relax(cost, prev, a, b, ca + OVERFULL)
            continue
        for limit in (MAX_STRETCH_EM, RESCUE_STRETCH_EM):
            if _candidates(a, ca, j_top, limit, adj, breakable, n, measure, em, eps, justify, orphan,
                           box, gap, shr, slot, han, pen, cost, prev, capped, room, latin, address, inside):
                break

    # walk back
    breaks = [n]
    k = n
    while k > 0:
        k = prev[k]
        if k < 0:  # unreachable (cannot happen: the overfull fallback always links)
            raise RuntimeError("line breaking found no path")
        breaks.append(k)
    breaks.reverse()
    return breaks


def _candidates(a, ca, j, limit, adj, breakable, n, measure, em, eps, justify, orphan,
                box, gap, shr, slot, han, pen, cost, prev, capped, room, latin, address, inside) -> bool:
    """Relax the lines a..b for b = breakable[j], breakable[j-1], … while
    they stay acceptable; True when at least one was taken."""
    found = False
    most = MAX_STRETCH_EM * em
    while j >= 0 and breakable[j] > a:
        b = breakable[j]
        j -= 1
        natural = box[b] - box[a] + gap[b - 1] - gap[a] + adj
        if b == n:
            # the last line: set solid, may shrink, never stretches
            if natural <= measure + eps:
                bad = 0.0
            else:
                s = shr[b - 1] - shr[a]
                bad = 100.0 * ((natural - measure) / s) ** 3 if s > 0 else OVERFULL
            if not justify and a > 0:
                # display text (titles): a short last line weighs like a short
                # line anywhere, so the lines come out balanced
                short = max(measure - natural, 0.0) / em
                bad += 10.0 * short * short
            d = (1.0 + bad) ** 2
            if orphan and han[n] - han[a] < orphan and a > 0:
                d += ORPHAN_PENALTY
            _relax(cost, prev, a, b, ca + d)
            found = True
            continue
        if not justify:
            short = max(measure - natural, 0.0) / em
            bad = 0.0 if natural <= measure + eps else 100.0
            # ragged lines: prefer full ones, mildly
            d = (1.0 + bad + 10.0 * short * short) ** 2 + pen[b] ** 2
            _relax(cost, prev, a, b, ca + d)
            found = True
            if short > max(4.0, 0.6 * measure / em):  # no shorter line is worth trying
                break
            continue
        if natural >= measure - eps:
            s = shr[b - 1] - shr[a]
            over = natural - measure
            bad = 0.0 if over <= eps else (100.0 * (over / s) ** 3 if s > 0 else OVERFULL)
        else:
            slots = slot[b - 1] - slot[a]
            short = (measure - natural) / em
            if slots <= 0:
                # nothing to justify with (a line of address segments, a
                # lone word): set ragged, never letter-spaced — the last
                # resort
                if short > RAGGED_MOST_EM and found:
                    break
                bad = (RAGGED if address[b] > address[a] else 2 * RAGGED) + RAGGED_PER_EM * short
            else:
                hl_gaps = capped[b - 1] - capped[a]
                free, hl, left = share(measure - natural, slots, hl_gaps, room, address[b] > address[a],
                                       most if inside[b] else None)
                per = max(free, hl) / em
                # the 0.35-em limit holds for every line but one of a few gaps
                # beside a Latin run (a URL, a phone number, a number): the
                # gaps take it all (issue 9: lines of fewer than 4 gaps are
                # excepted)
                few_beside_latin = slots < SPACED_GAPS and latin[b] - latin[a] > 0
                cap = RESCUE_STRETCH_EM if few_beside_latin else limit
                if per > cap:
                    break
                bad = 100.0 * (per / 0.1) ** 3
                if left > 0:
                    # the gaps full (Han–Latin ones at ½ em, beside an address;
                    # others at 0.35 em, before one): the rest stays at the end
                    bad += RAGGED + RAGGED_PER_EM * left / em
                elif per > MAX_STRETCH_EM:
                    # a spaced-out line (rescue pass): only when no path avoids
                    # one, dearer the further it passes the limit (a line of a
                    # few gaps beside a Latin run, which the limit excepts, by
                    # that part only): gaps of ⅔ em cost what a ragged line of
                    # address segments 4 em short does
                    bad += SPACED_OUT * ((0.0 if few_beside_latin else 1.0) + 2.0 * (per - MAX_STRETCH_EM) / MAX_STRETCH_EM)
        _relax(cost, prev, a, b, ca + (1.0 + bad) ** 2 + pen[b] ** 2)
        found = True
    return found


def _relax(cost: list[float], prev: list[int], a: int, b: int, c: float) -> None:
    if c < cost[b]:
        cost[b] = c
        prev[b] = a
