"""The audit's picture of a page: characters, lines, blocks, the body style,
and the tally of checks; the character sets it judges by (from
:mod:`layout.facts.chars`)."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from layout.facts.chars import (
    AFTER_NUMBER,
    AUDIT_START_FORBIDDEN,
    BEFORE_NUMBER,
    CENTRE_CHARS,
    DASH_CHARS,
    ELLIPSIS_CHARS,
    END_FORBIDDEN,
    FULL_WIDTH_OF,
    LEFT_CHARS,
    QUOTES,
    RIGHT_CHARS,
    SENTENCE_END,
    UNIT_CHARS,
    is_han,
    is_hanlike,
)

LEFT = frozenset(LEFT_CHARS)  # ink left, blank right (closing marks)
RIGHT = frozenset(RIGHT_CHARS)  # ink right, blank left (opening marks)
CENTRE = frozenset(CENTRE_CHARS)  # fixed ½ em
UNIT = frozenset(UNIT_CHARS)  # halves of the unbreakable 2-em units —— …… ⋯⋯ (and ⸺ ⸻)
ASCII_PUNCT = frozenset(FULL_WIDTH_OF)  # P5: ASCII , ; : ( ) ! ? that belong full-width between Han

__all__ = [
    "AFTER_NUMBER", "ASCII_PUNCT", "AUDIT_START_FORBIDDEN", "BEFORE_NUMBER", "CENTRE", "DASH_CHARS",
    "ELLIPSIS_CHARS", "END_FORBIDDEN", "LEFT", "QUOTES", "RIGHT", "SENTENCE_END", "UNIT",
    "Block", "Char", "Line", "Style", "Tally", "Violation",
    "cluster", "fmt", "is_alnum", "is_cjk_punct", "is_han", "is_hanlike", "is_latin", "median",
]


def is_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def is_latin(ch: str) -> bool:
    """ASCII printable, not a space."""
    return ch.isascii() and ch.isprintable() and not ch.isspace()


def is_cjk_punct(ch: str) -> bool:
    return ch in LEFT or ch in RIGHT or ch in CENTRE


@dataclass
class Violation:
    rule: str
    page: int
    text: str  # the line's text
    detail: str


@dataclass(eq=False, slots=True)
class Char:
    t: str
    x0: float
    x1: float
    base: float  # baseline, top-down page coordinates
    size: float
    font: str
    color: tuple

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    def cell(self) -> tuple[float, float]:
        """The box the composer set: a middle dot's narrow glyph is centred in a
        ½-em cell; everything else is its advance box."""
        if self.t in CENTRE and self.w < self.size / 2:
            pad = (self.size / 2 - self.w) / 2
            return self.x0 - pad, self.x1 + pad
        return self.x0, self.x1


@dataclass(eq=False)
class Line:
    page: int
    chars: list[Char]
    base: float
    size: float
    body: bool = False
    heading: bool = False
    # frame and paragraph structure (body lines)
    block: Block | None = None
    kind: str = ""  # "flush" | "indent" | "mis"
    offset: float = 0.0  # start − frame left
    par_first: bool = False
    par_last: bool = False
    missing_indent: bool = False  # a paragraph start set flush (I1)
    special: bool = False  # （下转第N版） and the like: K1/K2 only
    # addresses (URLs, e-mails) running through the line (see addresses.py):
    # the break before its first / after its last character is inside one —
    # None: no; True: where the address rules let it break; False: elsewhere
    addr_before: bool | None = None
    addr_after: bool | None = None
    addr_pairs: frozenset[int] = frozenset()  # i: chars[i] and chars[i + 1] belong to one address

    @property
    def text(self) -> str:
        return "".join(c.t for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0].cell()[0]

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @property
    def end(self) -> float:
        """Where the line's composed measure ends: a closing mark's blank is
        trimmed at a line end, so only its ink half counts."""
        c = self.chars[-1]
        if c.t in LEFT:
            return c.x0 + c.size / 2
        return c.cell()[1]

    @property
    def first(self) -> str:
        return self.chars[0].t

    @property
    def last(self) -> str:
        return self.chars[-1].t


@dataclass(eq=False)
class Block:
    page: int
    left: float
    lines: list[Line]
    right: float = math.nan
    sure: bool = False  # right edge measured (or borrowed from a measured block)
    measured: bool = False  # right edge measured from this block's own lines
    pred: Block | None = None
    succ: Block | None = None

    @property
    def top(self) -> float:
        return self.lines[0].base

    @property
    def bottom(self) -> float:
        return self.lines[-1].base


class Tally:
    """What the audit examined, could not judge, and found wrong."""

    def __init__(self) -> None:
        self.violations: list[Violation] = []
        self.counts: Counter[str] = Counter()
        self.checked: Counter[str] = Counter()
        self.unjudged: Counter[str] = Counter()

    def check(self, rule: str, n: int = 1) -> None:
        self.checked[rule] += n

    def skip(self, rule: str, n: int = 1) -> None:
        self.unjudged[rule] += n

    def fail(self, rule: str, page: int, text: str, detail: str) -> None:
        self.violations.append(Violation(rule, page, text, detail))
        self.counts[rule] += 1


@dataclass(frozen=True)
class Style:
    em: float
    font: str
    color: tuple

    @property
    def tol(self) -> float:
        return max(0.3, 0.03 * self.em)

    @property
    def family(self) -> str:
        return self.font.split("-", 1)[0]

    def is_body(self, ln: Line) -> bool:
        """Body size and colour, at least one character in the body font and
        the rest in its family (bold emphasis inside a body line) or Latin."""
        if abs(ln.size - self.em) > 0.05:
            return False
        n = len(ln.chars)
        if sum(1 for c in ln.chars if c.color == self.color) * 2 <= n:
            return False
        if not any(c.font == self.font for c in ln.chars):
            return False
        return self.in_family(ln)

    def in_family(self, ln: Line) -> bool:
        """Every character in the body font's family (regular or bold), Latin,
        or a Han character drawn from another face: a rare character the body
        face lacks, set from the theme's fallback (龚䶮, 吉𠮷祥) — still body text."""
        return all(c.font.split("-", 1)[0] == self.family or is_latin(c.t) or is_han(c.t) for c in ln.chars)

    def is_heading(self, ln: Line) -> bool:
        if ln.body or ln.size < 0.95 * self.em:
            return False
        return ln.size > 1.05 * self.em or any(c.font != self.font or c.color != self.color for c in ln.chars)


def fmt(v: float) -> str:
    return f"{v:.2f}"


def cluster(values: list[tuple[float, Any]], tol: float) -> list[tuple[float, list[Any]]]:
    """1-D single-link clusters of (value, item): [(median value, items)]."""
    out: list[tuple[float, list[Any]]] = []
    cur: list[tuple[float, Any]] = []
    for v, item in sorted(values, key=lambda t: t[0]):
        if cur and v - cur[-1][0] > tol:
            out.append((statistics.median(x for x, _ in cur), [i for _, i in cur]))
            cur = []
        cur.append((v, item))
    if cur:
        out.append((statistics.median(x for x, _ in cur), [i for _, i in cur]))
    return out


def median(xs: Iterable[float]) -> float | None:
    xs = list(xs)
    return statistics.median(xs) if xs else None
