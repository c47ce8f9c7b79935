"""Punctuation normalisation on load (clreq P5).

Text copied from print or typed on a Latin keyboard carries ASCII
``, ; : ? ! ( ) "`` after Chinese characters.  They become their full-width
forms ``，；：？！（）“”``; every change is reported (file:line:col, before →
after) so the editor sees it.  Quotes and parentheses are judged in pairs:
``"美丽家园",请`` → ``“美丽家园”，请`` (both quotes and the comma after
them), ``7782(工作日),欢迎`` → ``7782（工作日），欢迎``; a pair is reported
once.  Digits and Latin keep theirs: ``7:30``, ``1,268``, ``021-62581234``,
``(AI)``, ``"OK"`` in an English phrase stay as they are.  A tab is
reported and set as a space, or dropped between two Chinese characters
(Chinese text gains no spaces), as is a no-break space there (elsewhere it
stays); a zero-width space is reported and dropped.  A theme switch turns
this off.
"""

from __future__ import annotations

from ..facts.chars import FULL_WIDTH_OF as _FULL
from ..facts.chars import is_cjk, is_cjk_letter
from ..model.document import Normalisation, Origin

_SPACES = " \t"

_BLANKS = "\t\u00a0\u200b"  # a tab, a no-break space, a zero-width space: reported, set as a space or dropped
_MARKS = frozenset(_FULL) | {'"'} | frozenset(_BLANKS)  # the characters normalise_indexed may change


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


def _pairs(text: str) -> dict[int, int]:
    """ASCII quotes and parentheses matched in pairs: opening index → closing
    index (quotes in order of appearance, parentheses by nesting)."""
    pairs: dict[int, int] = {}
    quote: int | None = None
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == '"':
            if quote is None:
                quote = i
            else:
                pairs[quote] = i
                quote = None
        elif ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs[stack.pop()] = i
    return pairs


def _has_cjk(text: str) -> bool:
    return any(is_cjk(c) for c in text)


def _converted_pairs(text: str) -> dict[int, int]:
    """The pairs that belong to Chinese text: quotes around Chinese or next
    to it ("美丽家园", 他说"OK"), parentheses around Chinese (7782(工作日)).
    Latin contexts keep ASCII: "OK" in an English phrase, (AI), (2)."""
    out: dict[int, int] = {}
    for i, j in _pairs(text).items():
        inner = text[i + 1 : j]
        if not inner.strip():
            continue
        if text[i] == '"':
            prev, nxt = _neighbour(text, i, -1), _neighbour(text, j, +1)
            outside = (prev is not None and is_cjk(prev)) or (nxt is not None and is_cjk(nxt))
            if _has_cjk(inner) or outside:
                out[i] = j
        elif _has_cjk(inner):
            out[i] = j
    return out


def normalise_indexed(text: str, origin: Origin, changes: list[Normalisation]) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of the
    character of ``text`` it comes from.  Quotes and parentheses are judged
    in pairs and each converted pair is reported once, at its opening mark;
    a tab is reported and set as a space (dropped between Chinese characters)."""
    if _MARKS.isdisjoint(text):
        return text, list(range(len(text)))
    pairs = _converted_pairs(text)
    closing = {j: i for i, j in pairs.items()}
    out: list[str] = []
    pos: list[int] = []
    skip: set[int] = set()  # spaces swallowed next to a converted mark
    n = len(text)
    for i, ch in enumerate(text):
        if i in skip:
            continue
        new = ch
        report = True
        if ch in _BLANKS:
            # a space, or nothing between two Chinese characters (Chinese text gains no spaces); a
            # zero-width space is nothing (the composer breaks Chinese text anywhere already)
            prev, nxt = (out[-1] if out else None), (text[i + 1] if i + 1 < n else None)
            between = ch == "\u200b" or (prev is not None and nxt is not None and is_cjk(prev) and is_cjk(nxt))
            if ch == "\u00a0" and not between:  # a no-break space in Latin text (10\u00a0km) is the writer's
                out.append(ch)
                pos.append(i)
                continue
            line, col = origin.locate(i)
            shown = {"\t": "⇥", "\u00a0": "⍽", "\u200b": "<U+200B>"}[ch]
            changes.append(Normalisation(origin.file, line, col, _context(text, i, shown), _context(text, i, "" if between else "␣")))
            if not between:
                out.append(" ")
                pos.append(i)
            continue
        if ch in ",;:?!":
            # a mark after a Chinese character (or a converted mark), or
            # before one, belongs to the Chinese text: 开始, → 开始，
            # (工作日), → （工作日）， 7:30,共 → 7:30，共; 1,268人 and 7:30 keep theirs
            prev = next((c for c in reversed(out) if c not in _SPACES), None)
            nxt = _neighbour(text, i, +1)
            if prev is not None and is_cjk(prev):
                new = _FULL[ch]
            elif prev is not None and nxt is not None and is_cjk_letter(nxt):
                # a mark between a Latin run and Chinese text: 7:30,共 → 7:30，共
                new = _FULL[ch]
        elif i in pairs:
            new = "“" if ch == '"' else "（"
        elif i in closing:
            new = "”" if ch == '"' else "）"
            report = False  # reported with its opening mark
        elif ch == '"' and _lone_quote_between_cjk(text, i):
            new = "“" if _quote_opens(text, i) else "”"
        if new != ch:
            done = "".join(out[-2:])  # the text before, as it now reads
            # swallow the spaces on both sides of a converted mark
            j = i + 1
            while j < n and text[j] in _SPACES:
                skip.add(j)
                j += 1
            while out and out[-1] in _SPACES:
                out.pop()
                pos.pop()
            if report:
                line, col = origin.locate(i)
                if i in pairs:
                    before, after = _pair_context(text, i, pairs[i])
                else:
                    before = done + ch + text[i + 1 : i + 3]
                    after = done.rstrip(_SPACES) + new + text[i + 1 : i + 4].lstrip(_SPACES)[:2]
                changes.append(Normalisation(origin.file, line, col, before, after))
        out.append(new)
        pos.append(i)
    return "".join(out), pos


def _lone_quote_between_cjk(text: str, i: int) -> bool:
    """An unpaired quote converts only between Chinese characters (or a text edge)."""
    prev, nxt = _neighbour(text, i, -1), _neighbour(text, i, +1)
    return (prev is None or is_cjk(prev)) and (nxt is None or is_cjk(nxt)) and not (prev is None and nxt is None)


def _quote_opens(text: str, i: int) -> bool:
    nxt = _neighbour(text, i, +1)
    return nxt is not None


def _pair_context(text: str, i: int, j: int) -> tuple[str, str]:
    """A converted pair as the editor sees it: ``"美丽家园",请`` → ``“美丽家园”,请``."""
    open_new, close_new = ("“", "”") if text[i] == '"' else ("（", "）")
    inner = text[i + 1 : j]
    if len(inner) > 12:
        inner = inner[:5] + "…" + inner[-5:]
    before = text[max(0, i - 2) : i]
    after = text[j + 1 : j + 3]
    return (before + text[i] + inner + text[j] + after,
            before.rstrip(_SPACES) + open_new + inner.strip(_SPACES) + close_new + after.lstrip(_SPACES))


def _context(text: str, i: int, ch: str, trim: bool = False) -> str:
    before, after = text[max(0, i - 2) : i], text[i + 1 : i + 4]
    if trim:
        before, after = before.rstrip(_SPACES), after.lstrip(_SPACES)
    return before + ch + after[:2]
