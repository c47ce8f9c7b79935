"""Character facts of Chinese composition (clreq; docs of typesetting K1–K3,
P1–P5): the classes, the line-start and line-end sets, and the Unicode blocks
of Chinese text, in one table each.

The composer (``layout.text``) sets text by these tables and the typography
audit (``layout.check.typography``) judges the PDF by them.  Where the audit
must judge differently from what the composer does, the difference is a named
set derived below, next to the table it is derived from.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

# ---------------------------------------------------------------- classes

LEFT_CHARS = "，。、：；！？”’）》〉」』】〕〗］｝．｡､"
"""Ink on the left, blank on the right: closing marks (half-width ｡ ､ too)."""

RIGHT_CHARS = "“‘（《〈「『【〔〖［｛"
"""Ink on the right, blank on the left: opening marks."""

CENTRE_CHARS = "·・‧"
"""Middle dots: a fixed ½-em cell with the ink centred."""

UNIT_CHARS = "—…⋯⸺⸻"
"""Halves of the unbreakable 2-em units —— …… ⋯⋯ (and the 2- and 3-em dashes
⸺ ⸻, one character each)."""

ELLIPSIS_CHARS = frozenset("…⋯")
"""The units' halves that are ellipses (…… ⋯⋯)."""

DASH_CHARS = frozenset(UNIT_CHARS) - ELLIPSIS_CHARS
"""The units' halves that are dashes (—— ⸺ ⸻)."""

SYMBOL_CHARS = "％‰℃℉￥＄°′″№＃＆＊＠§"
"""Full-width symbols that are not punctuation (set in a 1-em cell, no blank)."""

# ---------------------------------------------------------------- K1, K2

AFTER_NUMBER = frozenset("％%‰℃℉°′″")
"""Units written after a number (50％, 30℃, 45°): K1 and K3 keep them with it."""

BEFORE_NUMBER = frozenset("￥＄$¥£€#＃")
"""Prefixes written before a number (￥30, #5): K2 and K3 keep them with it."""

START_FORBIDDEN = (
    frozenset("、，。．：；！？”’」』）］｝〕】〗》〉–—～·/／")
    | frozenset(",.;:?!)]}")  # half-width closing punctuation
    | frozenset("…⋯⸺⸻")  # the units ……, ⋯⋯, ⸺, ⸻ (—— is in the first line)
    | AFTER_NUMBER
)
"""K1: may not start a line.  The composer never starts a line with a unit
mark, after a number or not."""

END_FORBIDDEN = frozenset("“‘「『（［｛〔【〖《〈/／([{") | BEFORE_NUMBER
"""K2: may not end a line."""

AUDIT_START_FORBIDDEN = START_FORBIDDEN - AFTER_NUMBER
"""K1 as the audit judges it: a line starting with ％ ‰ ℃ ℉ ° ′ ″ or % is
wrong only after a number at the end of the line before (the audit checks
that case on its own); anywhere else such a mark is text (“％ 是百分号”).
The composer is stricter and never starts a line with one."""

URL_BREAK_AFTER = frozenset("/.-?&=_#")
"""Half-width break points inside an over-long Latin run (a URL): after these."""

# ---------------------------------------------------------------- other sets

SENTENCE_END = frozenset("。！？…”’）」』!?")
"""Marks that can end a sentence (a paragraph's last line ends with one)."""

QUOTES = frozenset("“”‘’")
"""Quotation marks the CJK font sets full-width next to Han (P4)."""

FULL_WIDTH_OF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
"""P5: ASCII punctuation and its full-width form, used between Chinese
characters (the normaliser converts it on load; the audit finds what is left)."""

CJK_WIDE_MARKS = frozenset("“”‘’…—·⸺")
"""Marks outside the CJK blocks that the CJK font sets full-width."""

# ---------------------------------------------------------------- Unicode blocks


class Block(NamedTuple):
    first: int
    last: int
    kind: str  # "han" | "punct" | "kana" | "cell"
    name: str


CJK_BLOCKS: tuple[Block, ...] = (
    Block(0x2460, 0x24FF, "cell", "Enclosed Alphanumerics (①)"),
    Block(0x25A0, 0x27BF, "cell", "Geometric Shapes … Dingbats (■ ● ★ ☆)"),
    Block(0x2E80, 0x2FDF, "cell", "CJK and Kangxi Radicals"),
    Block(0x3000, 0x303F, "punct", "CJK Symbols and Punctuation (〇 々 〃 、 。)"),
    Block(0x3040, 0x30FF, "kana", "Hiragana and Katakana"),
    Block(0x3200, 0x33FF, "cell", "Enclosed CJK Letters, CJK Compatibility"),
    Block(0x3400, 0x4DBF, "han", "CJK Unified Ideographs Extension A"),
    Block(0x4E00, 0x9FFF, "han", "CJK Unified Ideographs"),
    Block(0xF900, 0xFAFF, "han", "CJK Compatibility Ideographs"),
    Block(0xFF00, 0xFFEF, "punct", "Halfwidth and Fullwidth Forms"),
    Block(0x20000, 0x3FFFF, "han", "planes 2 and 3: Extensions B–H, Compatibility Supplement"),
)
"""Every block of Chinese text, in code-point order, none overlapping.  The
composer sets all of them in 1-em cells; "han" blocks hold the ideographs."""

_FIRSTS = [b.first for b in CJK_BLOCKS]


def cjk_block(ch: str) -> Block | None:
    """The CJK block ``ch`` lies in, if any."""
    o = ord(ch)
    i = bisect_right(_FIRSTS, o) - 1
    if i >= 0 and o <= CJK_BLOCKS[i].last:
        return CJK_BLOCKS[i]
    return None


def is_han(ch: str) -> bool:
    """A Han character proper (an ideograph)."""
    b = cjk_block(ch)
    return b is not None and b.kind == "han"


def is_cjk_cell(ch: str) -> bool:
    """Set in a 1-em cell like Han: any character of the CJK blocks."""
    return cjk_block(ch) is not None


def is_cjk(ch: str) -> bool:
    """Chinese text for the punctuation normaliser: Han characters, CJK and
    full-width punctuation, and the marks the CJK font sets full-width."""
    b = cjk_block(ch)
    return (b is not None and b.kind in ("han", "punct")) or ch in CJK_WIDE_MARKS


def is_cjk_letter(ch: str) -> bool:
    """A Han character or kana (not a punctuation mark)."""
    b = cjk_block(ch)
    return b is not None and b.kind in ("han", "kana")


def is_hanlike(ch: str) -> bool:
    """A 1-em cell that justification spaces like Han: ideographs, kana, 〇
    and full-width letters and digits."""
    b = cjk_block(ch)
    if b is not None and b.kind in ("han", "kana"):
        return True
    return ch == "〇" or "０" <= ch <= "９" or "Ａ" <= ch <= "Ｚ" or "ａ" <= ch <= "ｚ"
