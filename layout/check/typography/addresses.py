"""Addresses in the audit: URLs and e-mail addresses, found in a paragraph's
text across its lines and judged by the composer's own break rules
(:mod:`layout.facts.addresses`, the one home of those rules).

The text of a paragraph is rebuilt from its lines in reading order (a
block's lines, on into the block that continues it; a list item's lines).
Every maximal run of ASCII characters in it — a Latin word as the composer
tokenises it, which may run across line ends — that :func:`is_address`
accepts is an address.  Each line end inside an address is a break the
composer made; it is legal where :func:`is_address_break` allows it: after
``//`` or ``:``, before ``/ . , - _ ? # % ~ @``, before or after ``= &``, and
between two letters only inside a segment wider than the column.  The lines
are marked (:class:`~.model.Line` ``addr_before``, ``addr_after``,
``addr_pairs``) and the line rules read the marks:

* K1/K2: an address's own ``.`` or ``/`` at a line start, or ``//`` at a
  line end, is no fault at a legal break;
* K3: a line end inside an address at any other place is a split address;
* J3: on a justified line the characters of an address may be letter-spaced
  (the composer's last resort when its segments leave the line short), but
  evenly, by at most 0.35 em, and only once the line's Han gaps are full.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from layout.facts.addresses import is_address, is_address_break

from .model import Block, Char, Line, is_latin


def mark_addresses(chain: Sequence[Line], measure: float | None = None) -> None:
    """Find the addresses in the lines of one paragraph (in reading order)
    and mark the lines.  The measure a segment is compared with is the width
    of the block of the line that breaks, or ``measure`` for lines outside
    blocks (a headline's: infinite, so that it breaks only at the address's
    own punctuation); where neither is known, no break is legal."""
    flat: list[tuple[Line, int, Char]] = [(ln, i, c) for ln in chain for i, c in enumerate(ln.chars)]
    k, n = 0, len(flat)
    while k < n:
        if not is_latin(flat[k][2].t):
            k += 1
            continue
        j = k
        while j < n and is_latin(flat[j][2].t):
            j += 1
        run = flat[k:j]
        k = j
        word = "".join(c.t for _, _, c in run)
        if len(word) < 2 or not is_address(word):
            continue
        widths = [c.w for _, _, c in run]
        for i, (ln, ci, _) in enumerate(run):
            if i + 1 < len(run) and run[i + 1][0] is ln:
                ln.addr_pairs = ln.addr_pairs | {ci}
            elif i + 1 < len(run):
                b = ln.block
                width = (b.right - b.left if b.sure else None) if b is not None else measure
                ok = width is not None and is_address_break(word, i + 1, widths, width)
                ln.addr_after = ok
                run[i + 1][0].addr_before = ok


def paragraph_chains(lines: Iterable[Line]) -> list[list[Line]]:
    """Cut a column's lines (in reading order) into paragraphs: a new one
    starts after each paragraph's last line."""
    out: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines:
        cur.append(ln)
        if ln.par_last:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def column_chains(blocks: Sequence[Block]) -> list[list[Line]]:
    """The body lines in reading order: each block that nothing continues
    into starts a chain, which follows the blocks continuing it."""
    out = []
    for b in blocks:
        if b.pred is not None:
            continue
        chain: list[Line] = []
        x: Block | None = b
        seen: set[int] = set()
        while x is not None and id(x) not in seen:
            seen.add(id(x))
            chain.extend(x.lines)
            x = x.succ
        out.append(chain)
    return out


def heading_chains(headings: Sequence[Line]) -> list[list[Line]]:
    """The lines of each headline, kicker or subhead, top down: lines of one
    size and face, each at most 1.6 sizes below the one before and over it."""
    out: list[list[Line]] = []
    for ln in sorted(headings, key=lambda h: h.base):
        for chain in out:
            last = chain[-1]
            if (abs(last.size - ln.size) < 0.05 and last.chars[0].font == ln.chars[0].font
                    and 0 < ln.base - last.base <= 1.6 * ln.size and ln.x0 < last.x1 and last.x0 < ln.x1):
                chain.append(ln)
                break
        else:
            out.append([ln])
    return out
