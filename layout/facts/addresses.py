"""Where addresses and numbers may break (issue 9, item 4).

A URL or an e-mail address breaks only at its own punctuation, the way
reference works break them (Chicago 6.8; never with a hyphen added): after
``//`` or ``:``, before a single ``/`` and before ``. , - _ ? # % ~ @``, before
or after ``= &``.  Between two letters only when one of those segments is
wider than the column.  Phone numbers (021-6259-4521), times (8:30) and
numbers with their unit (50 kg, 3万) never break; neither does a range
(8:30—11:30) at its dash.

The character tables and break rules live here, in one place: the composer
(``layout.text.prepare``) sets addresses by them and the typography audit
(``layout.check.typography``) judges the breaks it finds in a PDF by them.
"""

from __future__ import annotations

import itertools
import re

# a URL or e-mail breaks before these …
BREAK_BEFORE = frozenset("/.,-_?#%~@")
# … before or after these
BREAK_AROUND = frozenset("=&")

# a segment (the text between two break points) wider than this share of the
# measure may break between any two of its letters
SEGMENT_LIMIT = 0.98

# no justification gap takes more than this, and the letters of an address
# (letter-spaced when its segments leave a line short) no more either
# (issue 9: "none more than 0.35 em")
MAX_SPACING_EM = 0.35

# a dash or tilde between two numbers joins a range: 8:30—11:30, 3～5
RANGE_MARKS = frozenset("—–~～-")

# Latin unit words that stay with the number before them (50 kg, 20 km)
LATIN_UNITS = frozenset({
    "mm", "cm", "dm", "m", "km", "m²", "m2", "m³", "m3", "km²", "g", "kg", "mg", "t",
    "ml", "mL", "l", "L", "h", "min", "s", "ms", "kW", "W", "kWh", "V", "A", "Hz",
    "kHz", "MHz", "GHz", "KB", "MB", "GB", "TB", "kB", "pt", "px", "dpi", "ppi",
    "℃", "°C", "%", "yuan", "RMB",
})

# Han units and magnitudes that stay with the number before them (3万, 50元)
HAN_UNITS = frozenset("万亿元角岁倍米克斤吨升度")

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_EMAIL = re.compile(r"^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_DOMAIN = re.compile(r"^([A-Za-z0-9-]+\.)+[A-Za-z]{2,}(:[0-9]+)?([/?#].*)?$")


def is_address(word: str) -> bool:
    """A URL (with a scheme, www., or a host name with a path) or an e-mail
    address, perhaps in brackets or quotes: (https://example.org)."""
    word = word.strip("()[]<>'\".,;:!?")
    if not word:
        return False
    if _SCHEME.match(word) or word.lower().startswith("www.") or _EMAIL.match(word):
        return True
    m = _DOMAIN.match(word)
    # a bare host name needs a path or two dots (newsletter.example.org), so
    # that e.g. "Node.js" or "v1.2" is not taken for one
    return m is not None and (m.group(3) is not None or word.count(".") >= 2) and not word[0].isdigit()


def address_breaks(word: str) -> list[int]:
    """Offsets ``i`` (0 < i < len) where a line may end before ``word[i]``."""
    out: list[int] = []
    n = len(word)
    for i in range(1, n):
        a, b = word[i - 1], word[i]
        if b == "/" and a in ":/":
            continue  # inside "://" or "//"
        if a == "/" and b == "/":
            continue
        if a == "/" and i >= 2 and word[i - 2] == "/":
            out.append(i)  # after //
        elif a == ":" and b != "/":
            out.append(i)  # after :
        elif b == "/" and i + 1 < n and word[i + 1] == "/":
            continue  # before a // that is not a scheme's: keep it whole
        elif b in BREAK_BEFORE and a not in BREAK_BEFORE:
            out.append(i)
        elif b in BREAK_AROUND or a in BREAK_AROUND:
            out.append(i)
    return out


def address_cuts(word: str) -> list[int]:
    """The break points of an address the composer uses: those of
    :func:`address_breaks` with a letter or digit after them (a trailing
    ``.`` or ``/`` stays with the address)."""
    return [i for i in address_breaks(word) if any(c.isalnum() for c in word[i:])]


def address_segments(word: str) -> list[tuple[int, int]]:
    """The unbreakable pieces ``word[i0:i1]`` between its cuts."""
    bounds = [0, *address_cuts(word), len(word)]
    return list(itertools.pairwise(bounds))


def is_letter_join(word: str, i: int) -> bool:
    """``word[i - 1]`` and ``word[i]`` are two letters or digits."""
    return 0 < i < len(word) and word[i - 1].isalnum() and word[i].isalnum()


def is_address_break(word: str, i: int, widths: list[float], measure: float) -> bool:
    """May a line end before ``word[i]`` (an address; ``widths`` the advance
    of each character, ``measure`` the line width)?  At a cut, or between two
    letters of a segment wider than ``SEGMENT_LIMIT`` of the measure."""
    if not 0 < i < len(word):
        return False
    for i0, i1 in address_segments(word):
        if i == i0:
            return True
        if i0 < i < i1:
            return sum(widths[i0:i1]) > measure * SEGMENT_LIMIT and is_letter_join(word, i)
    return False


def is_range_mark(before: str, mark: str, after: str) -> bool:
    """``mark`` joins two numbers into a range (8:30—11:30): no break after it."""
    return mark in RANGE_MARKS and before[-1:].isdigit() and after[:1].isdigit()


def is_unit_after_number(number: str, unit: str) -> bool:
    """``unit`` (the token after a space, or the character after the number)
    is the unit of ``number``: they stay on one line."""
    if not number[-1:].isdigit():
        return False
    return unit in LATIN_UNITS or unit[:1] in HAN_UNITS
