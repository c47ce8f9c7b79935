"""Character classes for Chinese composition (clreq; docs/typesetting.md).

Every character of a paragraph gets one class; the composer's rules are
stated in terms of these classes only.
"""

from __future__ import annotations

from ..facts.chars import (
    CENTRE_CHARS,
    END_FORBIDDEN,
    LEFT_CHARS,
    RIGHT_CHARS,
    START_FORBIDDEN,
    SYMBOL_CHARS,
    UNIT_CHARS,
    URL_BREAK_AFTER,
    is_cjk_cell,
    is_han,
)

# class codes (small ints: the composer's inner loops compare them)
HAN = 0  # ideographs, kana, full-width letters/digits, ideographic space: a 1-em cell
LEFT = 1  # ink on the left, blank on the right: ，。、：；！？”’）》…
RIGHT = 2  # ink on the right, blank on the left: “‘（《…
CENTRE = 3  # · : fixed ½ em
UNIT = 4  # —— ⸺ …… ⋯⋯ : unbreakable 2-em units
LATIN = 5  # letters, digits and ASCII punctuation of Latin runs
SPACE = 6  # ASCII space (a glue between words)
SYMBOL = 7  # other full-width symbols that are not punctuation: ％ ℃ ‰ ￥ ＄ …

# the tables live in layout.facts.chars (the typography audit judges by them too)
__all__ = ["CENTRE", "END_FORBIDDEN", "HAN", "LATIN", "LEFT", "RIGHT", "SPACE", "START_FORBIDDEN", "SYMBOL",
           "UNIT", "URL_BREAK_AFTER", "char_class", "is_han_char"]

_CLASS: dict[str, int] = {}
for _c in LEFT_CHARS:
    _CLASS[_c] = LEFT
for _c in RIGHT_CHARS:
    _CLASS[_c] = RIGHT
for _c in CENTRE_CHARS:
    _CLASS[_c] = CENTRE
_CLASS[" "] = SPACE
_CLASS["\u00a0"] = SPACE
_CLASS["\t"] = SPACE
for _c in SYMBOL_CHARS:
    _CLASS[_c] = SYMBOL
_CLASS["\u3000"] = SPACE  # the ideographic space: a 1-em space, dropped at line edges


_FOUND: dict[str, int] = {}  # the classes of the other characters met, once each (the composer asks per character)


def char_class(ch: str) -> int:
    c = _CLASS.get(ch)
    if c is not None:
        return c
    c = _FOUND.get(ch)
    if c is None:
        c = _FOUND[ch] = HAN if is_cjk_cell(ch) else UNIT if ch in UNIT_CHARS else LATIN
    return c


_HAN: dict[str, bool] = {}


def is_han_char(ch: str) -> bool:
    """A Han character proper (for O1's count of 孤字): :func:`layout.facts.chars.is_han`, once per character."""
    h = _HAN.get(ch)
    if h is None:
        h = _HAN[ch] = is_han(ch)
    return h
