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
LETTERSPACE_COST = 1000.0  # badness of any line justified by letter spacing
SPACED_GAPS = 4  # a line with this many gaps or more …
SPACED_OUT = 1.0e6  # … spaced past MAX_STRETCH_EM costs this much badness on top
RESCUE_STRETCH_EM = 100.0  # … unless nothing else fits (a long URL, a lone word)


@dataclass(frozen=True)
class Metrics:
    """Prefix sums over the items, so any line's widths come in O(1)."""

    box: list[float]  # box[k] = widths of boxes 0..k-1
    gap: list[float]  # gap[k] = natural widths of gaps 1..k
    shrink: list[float]
    slot: list[int]
    han: list[int]
    fit: list[float]  # fit[b] = box[b] + gap[b-1] - shrink[b-1]: monotone in b
    chars: list[int]  # chars[k] = characters in boxes 0..k-1 (letter spacing of a line without gaps)
    joins: list[int]  # joins[k] = letter joins of the addresses in boxes 0..k-1 (see line.latin_joins)
    join_at: list[int]  # 1 where the gap before box k joins two boxes of one address (at one of its break points)
    capped: list[int]  # capped[k] = Han–Latin gaps among gaps 1..k (they stretch to double, no more)
    latin: list[int]  # latin[k] = Latin boxes (words, numbers, address segments) among boxes 0..k-1


def metrics(it: Items) -> Metrics:
    n = len(it)
    box = [0.0, *accumulate(it.width)]
    gap = [0.0, *accumulate(it.gap[1:])] if n > 1 else [0.0]
    shrink = [0.0, *accumulate(it.shrink[1:])] if n > 1 else [0.0]
    slot = [0, *accumulate(it.slot[1:])] if n > 1 else [0]
    han = [0, *accumulate(it.han)]
    chars = [0, *accumulate(len(t) for t in it.text)]
    adr = it.address
    join_at = [1 if k > 0 and adr[k - 1] and adr[k] and it.slot[k] == 0 else 0 for k in range(n)]
    joins = [0, *accumulate((len(it.text[k]) - 1 if adr[k] else 0) + join_at[k] for k in range(n))]
    # line a..b: natural = box[b]-box[a] + gap[b-1]-gap[a]; fit uses b-1 for b >= 1
    fit = [0.0] * (n + 1)
    for b in range(1, n + 1):
        fit[b] = box[b] + gap[b - 1] - shrink[b - 1]
    capped = [0, *accumulate(int(c) for c in it.capped[1:])] if n > 1 else [0]
    latin = [0, *accumulate(int(c == LATIN) for c in it.cls)]
    return Metrics(box, gap, shrink, slot, han, fit, chars, joins, join_at, capped, latin)


def share(slack: float, slots: int, capped: int, room: float, inner: int, most: float) -> tuple[float, float, float]:
    """How a justified line's ``slack`` is spread (line.py sets it so):
    (extra space per gap, per Han–Latin gap, per letter join of the line's
    addresses).  Every gap takes the same share, but a Han–Latin gap at most
    ``room`` (S1: its space stretches to double, ½ em) while other gaps can
    take the rest; no gap more than ``most`` (0.35 em) while the letters of
    the line's addresses (URL segments, ``inner`` joins) can take the rest.
    With no letters to space, the Han–Latin gaps give up their limit before
    the others pass ``most``."""
    e = slack / slots
    free = hl = e
    if capped and e > room:
        if slots > capped:
            free, hl = (slack - capped * room) / (slots - capped), room
        elif inner:
            free, hl = 0.0, room
    if inner and (free > most or (slots == capped and hl < e)):
        free = min(free, most)
        if not capped:
            hl = free
        return free, hl, (slack - free * (slots - capped) - hl * capped) / inner
    if free > most and hl < e:
        free = max(e, most)
        hl = (slack - free * (slots - capped)) / capped
    return free, hl, 0.0


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
    box, gap, shr, slot, han, fit, chars = m.box, m.gap, m.shrink, m.slot, m.han, m.fit, m.chars
    joins, join_at, capped, latin = m.joins, m.join_at, m.capped, m.latin
    room = spec.han_latin * em
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
                           box, gap, shr, slot, han, pen, cost, prev, chars, joins, join_at, capped, room, latin):
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
                box, gap, shr, slot, han, pen, cost, prev, chars, joins, join_at, capped, room, latin) -> bool:
    """Relax the lines a..b for b = breakable[j], breakable[j-1], … while
    they stay acceptable; True when at least one was taken."""
    found = False
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
            if slots <= 0:
                # nothing to justify with but letter spacing (a line of URL
                # segments, a lone word): spread over its characters, at a
                # cost like any spacing and a premium that prefers real gaps
                per = (measure - natural) / max(chars[b] - chars[a] - 1, 1) / em
                if per > RESCUE_STRETCH_EM:  # (a line without gaps is exempt from the 0.35-em limit)
                    break
                bad = LETTERSPACE_COST + 100.0 * (per / 0.1) ** 3
                if joins[b] - joins[a] - join_at[a] == 0 and per > MAX_STRETCH_EM:
                    bad += SPACED_OUT  # a lone character spread over the line
            else:
                inner = joins[b] - joins[a] - join_at[a]
                hl_gaps = capped[b - 1] - capped[a]
                if inner or hl_gaps:
                    free, hl, ls = share(measure - natural, slots, hl_gaps, room, inner, MAX_STRETCH_EM * em)
                    per = max(free, hl) / em
                    ls /= em
                else:  # share() of a line of plain gaps: each the same part of the slack
                    per = (measure - natural) / slots / em
                    ls = 0.0
                # the 0.35-em limit holds for every line but one of a few gaps
                # beside a long Latin run (a URL, a phone number): the letters
                # of an address take what the gaps cannot; beside a number or
                # a word (never letter-spaced) the few gaps take it (issue 9:
                # lines of fewer than 4 gaps are excepted)
                few_beside_latin = slots < SPACED_GAPS and latin[b] - latin[a] > 0
                cap = RESCUE_STRETCH_EM if few_beside_latin else limit
                if ls > 0:
                    # the gaps take 0.35 em each (Han–Latin gaps ½ em in all),
                    # the letters of the line's addresses (URL segments) the
                    # rest (line.py does the same)
                    if ls > cap:
                        break
                    bad = 100.0 * (MAX_STRETCH_EM / 0.1) ** 3 + LETTERSPACE_COST + 100.0 * (ls / 0.1) ** 3
                    _relax(cost, prev, a, b, ca + (1.0 + bad) ** 2 + pen[b] ** 2)
                    found = True
                    continue
                if per > cap:
                    break
                bad = 100.0 * (per / 0.1) ** 3
                if per > MAX_STRETCH_EM and not few_beside_latin:
                    # a spaced-out line (rescue pass): only when no path avoids
                    # one; a line of URL segments letter-spaced is the lesser evil
                    bad += SPACED_OUT
        _relax(cost, prev, a, b, ca + (1.0 + bad) ** 2 + pen[b] ** 2)
        found = True
    return found


def _relax(cost: list[float], prev: list[int], a: int, b: int, c: float) -> None:
    if c < cost[b]:
        cost[b] = c
        prev[b] = a
