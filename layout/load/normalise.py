"""Punctuation normalisation on load (clreq P5).

Text copied from print or typed on a Latin keyboard carries ASCII
``, ; : ? ! ( ) "`` after Chinese characters.  They become their full-width
forms ``，；：？！（）“”``; every change is reported (file:line, before → after)
so the editor sees it.  Digits and Latin keep theirs: ``7:30``, ``1,268``,
``021-62581234``, ``(AI)`` stay as they are.  A theme switch turns this off.
"""

from __future__ import annotations

from ..facts.chars import FULL_WIDTH_OF as _FULL
from ..facts.chars import is_cjk
from ..model.document import Normalisation, Origin

_SPACES = " \t"


def _neighbour(text: str, i: int, step: int) -> str | None:
    """The nearest non-space character before (step -1) or after (+1) i."""
    j = i + step
    while 0 <= j < len(text) and text[j] in _SPACES:
        j += step
    return text[j] if 0 <= j < len(text) else None


def normalise(text: str, origin: Origin, changes: list[Normalisation]) -> tuple[str, Origin]:
    """Return the normalised text and its origin; append each change."""
    new, index = normalise_indexed(text, origin, changes)
    if new == text:
        return text, origin
    return new, Origin.from_positions(origin.file, [origin.locate(i) for i in index])


def normalise_indexed(text: str, origin: Origin, changes: list[Normalisation]) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of the
    character of ``text`` it comes from."""
    if not any(c in _FULL or c == '"' for c in text):
        return text, list(range(len(text)))
    out: list[str] = []
    pos: list[int] = []
    skip: set[int] = set()  # spaces swallowed next to a converted mark
    converted_open: list[bool] = []  # stack of '(' and whether it was converted
    quote_open = True
    n = len(text)
    for i, ch in enumerate(text):
        if i in skip:
            continue
        new = ch
        prev, nxt = _neighbour(text, i, -1), _neighbour(text, i, +1)
        prev_cjk = prev is not None and is_cjk(prev)
        next_cjk = nxt is not None and is_cjk(nxt)
        if ch in ",;:?!":
            # a mark after a Chinese character belongs to the Chinese text:
            # 开始, 1,268人 → 开始，1,268人; 电话:021 → 电话：021
            if prev_cjk:
                new = _FULL[ch]
        elif ch == "(":
            ok = next_cjk and (prev is None or prev_cjk)
            converted_open.append(ok)
            if ok:
                new = "（"
        elif ch == ")":
            opened = converted_open.pop() if converted_open else None
            if opened or (opened is None and prev_cjk and (next_cjk or nxt is None)):
                new = "）"
        elif ch == '"' and (prev is None or prev_cjk) and (nxt is None or next_cjk):
            new = "“" if quote_open else "”"
            quote_open = not quote_open
        if new != ch:
            # swallow the spaces on both sides of a converted mark
            j = i + 1
            while j < n and text[j] in _SPACES:
                skip.add(j)
                j += 1
            while out and out[-1] in _SPACES:
                out.pop()
                pos.pop()
            line, col = origin.locate(i)
            changes.append(Normalisation(origin.file, line, col, _context(text, i, ch), _context(text, i, new, trim=True)))
        out.append(new)
        pos.append(i)
    return "".join(out), pos


def _context(text: str, i: int, ch: str, trim: bool = False) -> str:
    before, after = text[max(0, i - 2) : i], text[i + 1 : i + 4]
    if trim:
        before, after = before.rstrip(_SPACES), after.lstrip(_SPACES)
    return before + ch + after[:2]
