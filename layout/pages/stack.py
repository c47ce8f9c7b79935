"""Module stacks: the lines left free at the page foot shared among the
modules above them.

The packer places modules at the heights their shapes have; what they do
not fill is left at the foot of each column.  A module that grows pushes the
modules below it down (never into the page foot), so the free lines at the
foot of a stack of modules can go to any of them: to each its share, from
the top down, and what a module cannot use passes on to those below.  A
module continued on a later page (``Choice.split``) reaches the foot: the
columns above it have none to share.

Pure functions over :class:`~layout.pages.pack.Choice` boxes.
"""

from __future__ import annotations

from dataclasses import replace

from .pack import Choice


def _overlap(a: Choice, b: Choice) -> bool:
    return a.c0 < b.c0 + b.k and b.c0 < a.c0 + a.k


def stack_below(choices: list[Choice], i: int) -> list[int]:
    """Indices of the modules below module ``i``: under it in one of its
    columns, or under one of those (in reading order; the packer places a
    module only where its columns are highest, so every one below comes
    later)."""
    members = [i]
    for j in range(i + 1, len(choices)):
        cj = choices[j]
        if any(_overlap(choices[m], cj) and cj.row0 >= choices[m].row0 + choices[m].rows for m in members):
            members.append(j)
    return members[1:]


def _depth(choices: list[Choice], i: int, below: list[int]) -> int:
    """Modules in the longest chain from ``i`` down (``i`` counted)."""
    depth = {i: 1}
    best = 1
    for j in below:
        cj = choices[j]
        d = 1 + max((depth[m] for m in depth if _overlap(choices[m], cj) and cj.row0 >= choices[m].row0 + choices[m].rows),
                    default=0)
        depth[j] = d
        best = max(best, d)
    return best


def foot_room(choices: list[Choice], i: int, lines: int, floor: list[int] | None = None) -> tuple[int, int]:
    """(lines module ``i`` and the modules below it can grow by together
    before one of them reaches the foot, modules in the longest chain of
    them from ``i`` down).  ``floor``: per column, where its foot is (default
    the page's ``lines``)."""
    below = stack_below(choices, i)
    group = [choices[i]] + [choices[j] for j in below]
    cols = {c for ch in group for c in range(ch.c0, ch.c0 + ch.k)}
    free = lines
    for c in cols:
        foot = lines if floor is None else floor[c]
        bottom = max((ch.row0 + ch.rows if not ch.split else foot for ch in choices if ch.c0 <= c < ch.c0 + ch.k),
                     default=0)
        free = min(free, foot - bottom)
    return max(0, free), _depth(choices, i, below)


def share(free: int, depth: int) -> int:
    """The lines of ``free`` the top module of a chain of ``depth`` may take
    (the rest is left to those below it)."""
    return free if depth <= 1 else -(-free // depth)


def settle(choices: list[Choice], i: int, rows: int, space: int) -> list[Choice]:
    """The boxes after module ``i`` took ``rows`` lines: each module below
    it moved down as far as needed to keep ``space`` lines under the modules
    above it."""
    out = list(choices)
    out[i] = replace(out[i], rows=rows)
    below = set(stack_below(choices, i))
    for j in range(i + 1, len(out)):
        if j not in below:
            continue
        cj = out[j]
        # the modules above j in its columns (as first placed), where they end now
        need = max((out[m].row0 + out[m].rows + space for m in range(j)
                    if _overlap(choices[m], choices[j]) and choices[j].row0 >= choices[m].row0 + choices[m].rows),
                   default=cj.row0)
        if need > cj.row0:
            out[j] = replace(cj, row0=need)
    return out
