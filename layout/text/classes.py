"""Character classes for Chinese composition (clreq; docs/typesetting.md).

Every character of a paragraph gets one class; the composer's rules are
stated in terms of these classes only.
"""

from __future__ import annotations

# class codes (small ints: the composer's inner loops compare them)
HAN = 0  # ideographs, kana, full-width letters/digits, ideographic space: a 1-em cell
LEFT = 1  # ink on the left, blank on the right: ，。、：；！？”’）》…
RIGHT = 2  # ink on the right, blank on the left: “‘（《…
CENTRE = 3  # · : fixed ½ em
UNIT = 4  # —— ⸺ …… ⋯⋯ : unbreakable 2-em units
LATIN = 5  # letters, digits and ASCII punctuation of Latin runs
SPACE = 6  # ASCII space (a glue between words)
SYMBOL = 7  # other full-width symbols that are not punctuation: ％ ℃ ‰ ￥ ＄ …

LEFT_CHARS = "，。、：；！？”’）》〉」』】〕〗］｝．｡､"
RIGHT_CHARS = "“‘（《〈「『【〔〖［｛"
CENTRE_CHARS = "·・‧"

# K1: may not start a line
START_FORBIDDEN = set("、，。．：；！？”’」』）］｝〕】〗》〉–—～·/／,.;:?!)]}%") | {"％", "‰", "℃", "℉", "°", "′", "″"}
# K2: may not end a line
END_FORBIDDEN = set("“‘「『（［｛〔【〖《〈/／([{") | {"￥", "＄", "$", "¥", "£", "€", "#", "＃"}

# half-width break points inside an over-long Latin run (a URL): after these
URL_BREAK_AFTER = set("/.-?&=_#")

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
for _c in "％‰℃℉￥＄°′″№＃＆＊＠§":
    _CLASS[_c] = SYMBOL
_CLASS["\u3000"] = SPACE  # the ideographic space: a 1-em space, dropped at line edges


def char_class(ch: str) -> int:
    c = _CLASS.get(ch)
    if c is not None:
        return c
    o = ord(ch)
    if (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x3FFFF
        or 0xF900 <= o <= 0xFAFF
        or 0x3040 <= o <= 0x30FF  # kana
        or 0x3000 <= o <= 0x303F  # remaining CJK symbols (〇 々 〃 …)
        or 0xFF00 <= o <= 0xFFEF  # full-width forms not classed above
        or 0x3200 <= o <= 0x33FF  # enclosed CJK, compatibility
        or 0x2460 <= o <= 0x24FF  # ①
        or 0x2E80 <= o <= 0x2FDF  # radicals
        or 0x25A0 <= o <= 0x27BF  # ■ ● ★ ☆ …
    ):
        return HAN
    if ch in "—…⋯⸺⸻":
        return UNIT
    return LATIN


def is_han_char(ch: str) -> bool:
    """A Han character proper (for O1's count of 孤字)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x3FFFF or 0xF900 <= o <= 0xFAFF
