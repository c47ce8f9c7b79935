"""The typography audit: a built PDF judged against the composition rules of
docs/typesetting.md (clreq, GB/T 15834), from the PDF alone.

``layout check --typography PDF`` calls :func:`audit_pdf`.  The audit is the
composer's judge, so it does not import the composer (``layout.text.*``): the
character classes are restated below from docs/typesetting.md, and everything is
inferred from pdfplumber's character boxes (``page.chars``: ``x0``, ``x1``,
the baseline from the text matrix, ``size``, font name, fill colour).
pdfplumber's boxes are *advance* boxes: a compressed or line-end-trimmed
punctuation mark keeps its full 1-em box and is *positioned* half an em
earlier (its box overlaps the next one, or hangs ½ em past the frame edge).

How the text structure is inferred, per page
---------------------------------------------
* ``em`` (the body size), the body font and the body colour are the most
  common size, font (subset prefix dropped) and fill colour of the audited
  pages' characters.  ``tol = max(0.3 pt, 0.03 em)``.
* Lines: upright characters are grouped into rows by baseline (± 0.5 pt) and
  size, and a row is cut into runs where the gap between two boxes exceeds
  ¾ of the size (and where a run reaches another column's left edge).  A run
  at the body size, mostly in the body colour, with a character in the body
  font and the rest in its family (bold emphasis) or ASCII, is a *body line*;
  every other run is an *other line* (headline, subhead, byline, caption,
  导读 entry, running head …) and gets only K1/K2.  Other lines of at least
  0.95 em in another font/colour, or larger than the body, are *headings*.
* Frames: the left edges of body lines (lines starting with an opening mark
  are left out) are clustered; a cluster 2 em right of another one holds
  indented lines, not a frame.  A line belongs to the frame whose left edge
  ``L`` it starts at (``L``, ``L + 2 em``, or ``L − ½ em`` / ``L + 1½ em``
  for an opening mark that lost its blank); a line starting elsewhere inside
  a frame is a misaligned line of that frame (a run cut apart by a very wide
  gap is joined back to its line).
* Blocks: the lines of one left edge, top to bottom, split where the baseline
  gap exceeds 1.5 line pitches (pitch = the page's median baseline step).  A
  block's right frame edge ``R`` is the most common line end (≥ 2 lines agree,
  ≥ 3 lines in the block), else the width of a neighbour block of the same
  left edge, else the page's most common column width.  A line's *end* is
  the last box's ``x1`` — except for a closing mark (，。、：；！？”’）》…,
  class LEFT) whose end is its ``x0 + ½ em`` (its blank is trimmed) and for
  the middle dot, whose ½-em cell is centred on its narrow box.
* Paragraphs: a line starting 1–3 em in is a paragraph's first line.  The line
  before it is a paragraph's last line; so is a block's last line unless a
  following block continues it.  A block whose first line is *not* indented
  continues a paragraph from the foot of the column to its left (gutter
  ≤ 4 em): from that column's block level with it, followed down the column
  past subheads and photos (page images) but not past a blank gap or a
  headline (another article) — provided the heading above the block, if any,
  spans that column too.  If that column's foot already flows elsewhere, the
  block continues the block above it in its own column across a photo.
  Inside a block, a short line (≥ 1 em short of ``R``) that ends in a
  sentence-final mark (。！？…”’）」』) and is followed by an unindented line
  is taken as a paragraph end whose successor lacks its indent (I1); a short
  line ending otherwise is a ragged line (J1).  A block without predecessor
  that starts flush lacks its indent (I1) — unless a （上接第M版） marker
  stands just above it.

What each rule checks (``tol`` as above, ``s`` = the line's added spacing, the
median Han–Han gap of the line)
------------------------------------------------------------------------
K1  no line (any text) starts with a START_FORBIDDEN character (including ％‰℃
    after a number at the end of the line before).
K2  no line ends with an END_FORBIDDEN character.
K3  consecutive body lines (in a block, and across a continued column) do not
    split ——, ……, an ASCII word or number (letter/digit | letter/digit, or
    e.g. ``2.`` | ``0``; a run wider than ¾ of the column, a URL, may break),
    a number from its ％‰℃, or ￥＄ from their number.
P1  a body line that is not a paragraph's last line and ends with a closing
    mark: the mark's ink half ends at ``R`` ± tol; a box ending at ``R``
    (blank not trimmed, ink ½ em short) is a P1 violation.
P2  adjacent marks except opening→closing (e.g. 。” ，“ ）、 《《): the second
    box starts ½ em after the first (one blank compressed; pdfplumber's boxes
    are full advances, so the compressed distance is ½ em, not 1 em); a pair
    whose distance ``x0₂ − x0₁`` exceeds ½ em + s + tol is uncompressed (the
    uncompressed distance is 1 em).  A pair closer than its inks allow
    (closing→closing or opening→opening under ½ em, closing→opening under 0)
    is over-compressed.  Compression between ½ em and 0 for closing→opening
    (both blanks taken, as line compression 挤进 may) is accepted.
P3  body lines starting with an opening mark: all keep the mark's blank (box
    at ``L`` or ``L + 2 em``) or all lose it (box at ``L − ½ em`` or
    ``L + 1½ em``); the minority policy's lines are violations.
P4  “”‘’ next to a Han character have full-width (1 em ± tol) boxes.
P5  no ASCII , ; : ( ) ! ? with Han characters on both sides.
S1  Han ↔ ASCII letter/digit gaps in [⅛ em − tol, ½ em + tol]; a CJK mark ↔
    ASCII letter/digit gap at most s + tol; an ASCII letter/digit at a line
    edge that sits ⅛–½ em inside the frame edge (the space left at the edge).
J1  every body line that is not a paragraph's last line starts at ``L`` (or
    its indent) and ends at ``R`` ± tol (too short: "ragged"); every body line
    starts at ``L``, ``L + 2 em``, or within 1–3 em (then judged by I1).
J2  no body line's end past ``R + tol``.
J3  justified lines: Han–Han gaps equal (max − min ≤ tol); no space inside
    an ASCII word or inside ——/…… (gap ≤ tol).
J4  paragraphs' last lines set solid: every Han–Han gap 0 ± tol (a full,
    spaced line at the foot of a block that nothing continues is not judged:
    it goes on somewhere the audit cannot link, e.g. another page).
J5  every frame whose edge was measured is a whole number of em wide ± tol.
I1  a paragraph's first line starts at ``L + 2 em`` ± 0.03 em (an opening mark
    that lost its blank: ``L + 1½ em``); a missing indent (see Paragraphs,
    and a block after a heading or without predecessor starting flush) is a
    violation.
O1  a paragraph's last line holds ≥ 2 Han characters, or ≥ 2 em of Han and
    Latin text (a number or word counts by its width).  Also display text: a
    headline, subhead, 导读 entry or caption line that continues the line
    above it (same size, font and colour, 0.9–2.2 sizes lower, aligned) must
    not hold a single Han character (a vertical masthead, one character per
    line, is left alone).
O2  a paragraph continued from one column into the next leaves ≥ 2 of its
    lines at the foot of the first and ≥ 2 at the head of the second.
L1  inside a block every baseline step equals the block's pitch ± 0.1 pt; every
    block's baselines lie on the page's baseline grid (first baseline of the
    largest block + k·pitch) ± 0.1 pt (blocks of another pitch excepted).
L2  body line pitch / em in [1.5, 2.0] (per block of ≥ 2 lines).
H1  a subhead (a heading ≤ 1.3 em inside one frame) is followed in its frame
    by ≥ 2 body lines (or 1 that ends the article) within 4 pitches; a
    headline overlapping body frames has body text below it within 15 pitches.
H2  the gap between two body blocks of one frame with a heading between them
    is a whole number of pitches ± 0.05 (the heading occupies whole lines).

Not judged (counted nowhere, or as ``unjudged``): F1 (missing glyphs — the
build's job and preflight's R10); K3 across pages and columns not linked by
the continuation rule; O2 across pages; H2 for headlines above a page's first
blocks; J1's line end in blocks whose right edge could not be measured; a
Latin word split at a space, if the PDF holds no space glyph, is reported as
K3 (the PDF cannot tell a space from a gap).
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# ====================================================================== classes
# Restated from docs/typesetting.md ("Classes"): the judge keeps its own tables.

LEFT = set("，。、：；！？”’）》〉」』】〕〗］｝．")  # ink left, blank right (closing marks)
RIGHT = set("“‘（《〈「『【〔〖［｛")  # ink right, blank left (opening marks)
CENTRE = set("·・")  # fixed ½ em
UNIT_CHARS = set("—…⋯⸺")  # halves of the unbreakable 2-em units —— …… ⋯⋯ (and ⸺)
START_FORBIDDEN = set("、，。．：；！？”’」』）］｝〕】〗》〉–—～·/／…⋯⸺,.;:?!)]}")
AFTER_NUMBER = set("％%‰℃℉")  # may not start a line after a number
END_FORBIDDEN = set("“‘「『（［｛〔【〖《〈/／([{") | set("￥＄$¥")
SENTENCE_END = set("。！？…”’）」』!?")
ASCII_PUNCT_BETWEEN_HAN = set(",;:()!?")
QUOTES = set("“”‘’")

RULES = ["K1", "K2", "K3", "P1", "P2", "P3", "P4", "P5", "S1", "J1", "J2", "J3", "J4", "J5", "I1", "O1", "O2", "L1", "L2", "H1", "H2"]
TITLES = {
    "K1": "no forbidden mark at a line start",
    "K2": "no forbidden mark at a line end",
    "K3": "no split ——, ……, word or number",
    "P1": "line-end closing mark trimmed to ½ em",
    "P2": "adjacent punctuation compressed",
    "P3": "one policy for opening marks at line start",
    "P4": "full-width quotes between Han",
    "P5": "no ASCII punctuation between Han",
    "S1": "Han–Latin spacing ⅛–½ em",
    "J1": "lines justified to both frame edges",
    "J2": "nothing past the frame edge",
    "J3": "justification spread evenly",
    "J4": "paragraph last lines set solid",
    "J5": "columns a whole number of em wide",
    "I1": "2-em first-line indent",
    "O1": "no single Han character on a last line",
    "O2": "no widow/orphan across columns",
    "L1": "constant line pitch, shared baseline grid",
    "L2": "line pitch 1.5–2.0 em",
    "H1": "no stranded heading",
    "H2": "headings occupy whole lines",
}
MAX_LISTED = 30


def _is_han(ch: str) -> bool:
    """A Han character proper (ideograph)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x3FFFF or 0xF900 <= o <= 0xFAFF


def _is_hanlike(ch: str) -> bool:
    """A 1-em character cell that justification spaces like Han: ideographs,
    kana, 〇 and full-width letters/digits."""
    if _is_han(ch):
        return True
    o = ord(ch)
    return 0x3040 <= o <= 0x30FF or o == 0x3007 or 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A


def _is_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_latin(ch: str) -> bool:
    """ASCII printable, not a space."""
    return ch.isascii() and ch.isprintable() and not ch.isspace()


def _is_cjk_punct(ch: str) -> bool:
    return ch in LEFT or ch in RIGHT or ch in CENTRE


# ====================================================================== results


@dataclass
class Violation:
    rule: str
    page: int
    text: str  # the line's text
    detail: str


@dataclass
class AuditReport:
    violations: list[Violation]
    counts: dict[str, int]  # rule → violations
    checked: dict[str, int]  # rule → lines / pairs / gaps / blocks examined
    unjudged: dict[str, int] = field(default_factory=dict)  # rule → items seen but not judged
    path: str = ""
    pages: list[int] = field(default_factory=list)
    em: float = 0.0  # body size, pt
    pitch: float = 0.0  # body line pitch, pt (median over the pages)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.violations

    def format(self) -> str:
        out = []
        head = f"typography audit of {self.path}" if self.path else "typography audit"
        if self.em:
            head += f": body {self.em:g} pt"
            if self.pitch:
                head += f", pitch {self.pitch:.2f} pt ({self.pitch / self.em:.3f} em)"
        out.append(head)
        for rule in RULES:
            n_bad = self.counts.get(rule, 0)
            n = self.checked.get(rule, 0)
            skip = self.unjudged.get(rule, 0)
            status = "FAIL" if n_bad else ("PASS" if n else "n/a ")
            line = f"{rule:<3} {status}  {TITLES[rule]} — {n_bad} violation(s), {n} checked"
            if skip:
                line += f", {skip} not judged"
            out.append(line)
        for note in self.notes:
            out.append(f"note: {note}")
        if self.violations:
            out.append(f"violations ({len(self.violations)}{', first ' + str(MAX_LISTED) if len(self.violations) > MAX_LISTED else ''}):")
            for v in self.violations[:MAX_LISTED]:
                out.append(f"  p{v.page} {v.rule} 「{v.text}」 {v.detail}")
        failed = [r for r in RULES if self.counts.get(r)]
        out.append("typography audit passed" if not failed else f"typography audit FAILED: {', '.join(failed)}")
        return "\n".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "pages": list(self.pages),
            "passed": self.passed,
            "em": self.em,
            "pitch": self.pitch,
            "counts": {r: self.counts.get(r, 0) for r in RULES},
            "checked": {r: self.checked.get(r, 0) for r in RULES},
            "unjudged": {r: n for r, n in self.unjudged.items() if n},
            "notes": list(self.notes),
            "violations": [asdict(v) for v in self.violations],
        }


# ====================================================================== model


@dataclass(eq=False)
class _Ch:
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
class _Ln:
    page: int
    chars: list[_Ch]
    base: float
    size: float
    body: bool = False
    heading: bool = False
    # frame and paragraph structure (body lines)
    block: _Blk | None = None
    kind: str = ""  # "flush" | "indent" | "mis"
    offset: float = 0.0  # start − frame left
    par_first: bool = False
    par_last: bool = False
    missing_indent: bool = False  # a paragraph start set flush (I1)
    special: bool = False  # （下转第N版） and the like: K1/K2 only

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
class _Blk:
    page: int
    left: float
    lines: list[_Ln]
    right: float = math.nan
    sure: bool = False  # right edge measured (or borrowed from a measured block)
    measured: bool = False  # right edge measured from this block's own lines
    pred: _Blk | None = None
    succ: _Blk | None = None

    @property
    def top(self) -> float:
        return self.lines[0].base

    @property
    def bottom(self) -> float:
        return self.lines[-1].base


class _Audit:
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


# ====================================================================== reading


def _color(c: dict) -> tuple:
    """The fill colour as RGB rounded to 0.01, so that one black written as
    ``0 g``, ``0 0 0 rg`` or ``0 0 0 1 k`` compares equal."""
    v = c.get("non_stroking_color")
    if v is None:
        return (0.0, 0.0, 0.0)
    if isinstance(v, (int, float)):
        v = (v,)
    try:
        v = tuple(float(x) for x in v)
    except (TypeError, ValueError):
        return (str(v),)
    if len(v) == 1:
        rgb = (v[0],) * 3
    elif len(v) == 3:
        rgb = v
    elif len(v) == 4:
        k = v[3]
        rgb = tuple((1 - x) * (1 - k) for x in v[:3])
    else:
        return tuple(round(x, 2) for x in v)
    return tuple(round(x, 2) + 0.0 for x in rgb)


def _chars_of(page: Any) -> list[_Ch]:
    out = []
    for c in page.chars:
        t = c.get("text") or ""
        if not t or (t.isspace() and t != "\u3000"):
            continue
        if not c.get("upright", True):
            continue
        m = c.get("matrix")
        if m is not None:
            if abs(m[1]) > 1e-6 or abs(m[2]) > 1e-6:
                continue  # rotated or skewed text
            base = c["bottom"] + c["y0"] - m[5]
        else:
            base = c["bottom"] - 0.12 * c["size"]
        out.append(
            _Ch(
                t=t if len(t) == 1 else t[0],
                x0=float(c["x0"]),
                x1=float(c["x1"]),
                base=float(base),
                size=round(float(c["size"]), 3),
                font=str(c.get("fontname", "")).split("+", 1)[-1],
                color=_color(c),
            )
        )
    return out


def _runs(page_no: int, chars: list[_Ch]) -> list[_Ln]:
    """Rows by baseline (± 0.5 pt) and size, cut into runs at gaps > ¾ size."""
    chars = sorted(chars, key=lambda c: (c.base, c.x0))
    rows: list[list[_Ch]] = []
    for c in chars:
        if rows and abs(c.base - rows[-1][0].base) <= 0.5:
            rows[-1].append(c)
        else:
            rows.append([c])
    lines = []
    for row in rows:
        by_size: dict[float, list[_Ch]] = {}
        for c in row:
            key = next((s for s in by_size if abs(s - c.size) <= 0.05), c.size)
            by_size.setdefault(key, []).append(c)
        for size, cs in by_size.items():
            cs.sort(key=lambda c: c.x0)
            run = [cs[0]]
            for c in cs[1:]:
                if c.x0 - max(r.x1 for r in run[-3:]) > 0.75 * size:
                    lines.append(_Ln(page_no, run, run[0].base, size))
                    run = [c]
                else:
                    run.append(c)
            lines.append(_Ln(page_no, run, run[0].base, size))
    return lines


def _cluster(values: list[tuple[float, Any]], tol: float) -> list[tuple[float, list[Any]]]:
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


def _median(xs: Iterable[float]) -> float | None:
    xs = list(xs)
    return statistics.median(xs) if xs else None


# ====================================================================== the audit


def audit_pdf(path: Path, *, pages: list[int] | None = None) -> AuditReport:
    """Audit the composition of ``path`` (1-based ``pages``; all by default)."""
    import pdfplumber

    path = Path(path)
    per_page: list[tuple[int, list[_Ch], list[tuple[float, float, float, float]]]] = []
    with pdfplumber.open(str(path)) as pdf:
        numbers = pages or list(range(1, len(pdf.pages) + 1))
        for n in numbers:
            if not 1 <= n <= len(pdf.pages):
                raise ValueError(f"{path}: no page {n} (the file has {len(pdf.pages)})")
            pg = pdf.pages[n - 1]
            images = [(float(im["x0"]), float(im["top"]), float(im["x1"]), float(im["bottom"])) for im in pg.images]
            per_page.append((n, _chars_of(pg), images))
    a = _Audit()
    everything = [c for _, cs, _ in per_page for c in cs]
    report = AuditReport([], {}, {}, path=str(path), pages=numbers)
    if not everything:
        report.notes.append("no text found")
        return report
    em = Counter(c.size for c in everything).most_common(1)[0][0]
    body_font = Counter(c.font for c in everything if c.size == em).most_common(1)[0][0]
    body_color = Counter(c.color for c in everything if c.size == em and c.font == body_font).most_common(1)[0][0]
    style = _Style(em, body_font, body_color)
    pitches: list[float] = []
    p3: list[tuple[str, _Ln]] = []
    for n, chars, images in per_page:
        pitch = _audit_page(a, style, n, chars, images, p3)
        if pitch:
            pitches.append(pitch)
    _check_p3(a, p3, style)
    report.violations = sorted(a.violations, key=lambda v: v.page)
    report.counts = {r: a.counts[r] for r in RULES if a.counts[r]}
    report.checked = {r: a.checked[r] for r in RULES if a.checked[r]}
    report.unjudged = {r: a.unjudged[r] for r in RULES if a.unjudged[r]}
    report.em = em
    report.pitch = round(statistics.median(pitches), 3) if pitches else 0.0
    return report


@dataclass(frozen=True)
class _Style:
    em: float
    font: str
    color: tuple

    @property
    def tol(self) -> float:
        return max(0.3, 0.03 * self.em)

    @property
    def family(self) -> str:
        return self.font.split("-", 1)[0]

    def is_body(self, ln: _Ln) -> bool:
        """Body size and colour, at least one character in the body font and
        the rest in its family (bold emphasis inside a body line) or Latin."""
        if abs(ln.size - self.em) > 0.05:
            return False
        n = len(ln.chars)
        if sum(1 for c in ln.chars if c.color == self.color) * 2 <= n:
            return False
        if not any(c.font == self.font for c in ln.chars):
            return False
        return all(c.font.split("-", 1)[0] == self.family or _is_latin(c.t) for c in ln.chars)

    def is_heading(self, ln: _Ln) -> bool:
        if ln.body or ln.size < 0.95 * self.em:
            return False
        return ln.size > 1.05 * self.em or any(c.font != self.font or c.color != self.color for c in ln.chars)


def _fmt(v: float) -> str:
    return f"{v:.2f}"


def _audit_page(a: _Audit, st: _Style, page: int, chars: list[_Ch], images: list[tuple[float, float, float, float]], p3: list) -> float | None:
    lines = _runs(page, chars)
    for ln in lines:
        ln.body = st.is_body(ln)
        ln.heading = st.is_heading(ln)
        if ln.body and re.match(r"^[（(]?(下转|上接|接上|转下|接第|转第)", ln.text):
            ln.special = True
    lines = _cut_at_columns(st, lines)
    body = [ln for ln in lines if ln.body and not ln.special]
    headings = [ln for ln in lines if ln.heading]

    markers = [ln for ln in lines if re.search(r"上接|接上|续前|接第", ln.text)]
    blocks, pitch = _frames(a, st, page, body)
    _paragraphs(a, st, blocks, headings, pitch, markers, images)

    # ---- K1/K2 on every line; K3 across consecutive body lines
    prev_of: dict[int, _Ln] = {}
    for b in blocks:
        for i, ln in enumerate(b.lines):
            if i:
                prev_of[id(ln)] = b.lines[i - 1]
        if b.pred is not None:
            prev_of[id(b.lines[0])] = b.pred.lines[-1]
    for ln in lines:
        _check_k12(a, ln, prev_of.get(id(ln)))
    for b in blocks:
        pairs = list(zip(b.lines, b.lines[1:], strict=False))
        if b.succ is not None:
            pairs.append((b.lines[-1], b.succ.lines[0]))
        for x, y in pairs:
            _check_k3(a, st, x, y, b)

    # ---- per-line checks of body lines
    for b in blocks:
        for ln in b.lines:
            _check_line(a, st, b, ln, p3)

    # ---- O1 for wrapped headings, subheads, 导读 entries and captions
    _check_wraps(a, st, [ln for ln in lines if not ln.body])

    # ---- L1/L2, O2, H1, H2
    _check_pitch(a, st, page, blocks, pitch)
    _check_o2(a, blocks)
    _check_headings(a, st, page, blocks, headings, pitch)
    return pitch


# ---------------------------------------------------------------------- frames


def _cut_at_columns(st: _Style, lines: list[_Ln]) -> list[_Ln]:
    """Cut a body run where it reaches the left edge of another column: a
    line that hangs or overflows past its frame can come within ¾ em of the
    next column's line and be read as one run with it.  Column left edges are
    line starts shared by ≥ 3 body lines; the cut needs such lines within 3
    pitches above or below and ≥ 4 em of the run before the cut."""
    em, tol = st.em, st.tol
    starts = _cluster([(ln.x0, ln) for ln in lines if ln.body], tol)
    lefts = [(v, [x.base for x in items]) for v, items in starts if len(items) >= 3]
    if not lefts:
        return lines
    out = []
    for ln in lines:
        if not ln.body:
            out.append(ln)
            continue
        cur = [ln.chars[0]]
        for c in ln.chars[1:]:
            cut = c.x0 - cur[0].x0 >= 4 * em and c.x0 >= cur[-1].x1 - tol and any(
                abs(c.x0 - v) <= tol and any(abs(b - ln.base) <= 3 * 2.6 * em for b in bases) for v, bases in lefts
            )
            if cut:
                out.append(_Ln(ln.page, cur, ln.base, ln.size, body=True, special=ln.special))
                cur = []
            cur.append(c)
        out.append(_Ln(ln.page, cur, ln.base, ln.size, body=True, special=ln.special) if len(cur) < len(ln.chars) else ln)
    return out



def _starts_at(ln: _Ln, left: float, em: float, tol: float) -> str | None:
    """How ``ln`` starts relative to a frame left edge: "flush", "indent"
    (1–3 em in), or None (misaligned or outside)."""
    o = ln.x0 - left
    if abs(o) <= tol:
        return "flush"
    if ln.first in RIGHT and abs(o + em / 2) <= tol:
        return "flush"
    if em - tol <= o <= 3 * em + tol:
        return "indent"
    return None


def _frames(a: _Audit, st: _Style, page: int, body: list[_Ln]) -> tuple[list[_Blk], float | None]:
    em, tol = st.em, st.tol
    # left edges: clusters of line starts (opening marks may have lost their blank)
    clusters = _cluster([(ln.x0, ln) for ln in body if ln.first not in RIGHT], tol)
    values = [v for v, _ in clusters]
    lefts = []
    for v, items in clusters:
        if any(abs(v - 2 * em - w) <= tol for w in values):
            continue  # the indented lines of the frame 2 em to the left
        lefts.append((v, items))
    major = sorted(v for v, items in lefts if len(items) >= 2)
    groups: dict[float, list[_Ln]] = {v: [] for v in major}
    pending: list[_Ln] = []
    for ln in body:
        best = None
        for v in major:
            kind = _starts_at(ln, v, em, tol)
            if kind == "flush" or (kind == "indent" and abs(ln.x0 - v - 2 * em) <= em / 2):
                best = v
                break
        if best is None:
            pending.append(ln)
        else:
            groups[best].append(ln)

    # the page's pitch: median baseline step inside left groups
    steps = []
    for g in groups.values():
        bs = sorted({round(ln.base, 3) for ln in g})
        steps += [y - x for x, y in itertools.pairwise(bs) if 1.0 * em <= y - x <= 2.6 * em]
    pitch = _median(steps)
    split = 1.5 * pitch if pitch else 2.6 * em

    # widths of the major groups (to place pending lines)
    def width_of(v: float, g: list[_Ln]) -> float | None:
        cl = [c for c in _cluster([(ln.end - v, ln) for ln in g], tol) if len(c[1]) >= 2]
        return max(cl, key=lambda c: (len(c[1]), c[0]))[0] if cl else None

    widths = {v: width_of(v, g) for v, g in groups.items()}
    for ln in pending:
        home = None
        for v in major:
            w = widths.get(v) or 13 * em
            near = [x for x in groups[v] if abs(x.base - ln.base) <= split + 0.5]
            if v - em <= ln.x0 <= v + w and near:
                home = v
                # a run cut apart by a very wide gap: join it to its line
                same = [x for x in groups[v] if abs(x.base - ln.base) <= 0.5 and x.x1 <= ln.x0 + tol]
                if same:
                    same[0].chars.extend(ln.chars)
                    ln.chars = []
                break
        if home is None:
            groups.setdefault(ln.x0, []).append(ln)
        elif ln.chars:
            groups[home].append(ln)

    # blocks: split each group where the baseline step exceeds 1.5 pitches
    blocks: list[_Blk] = []
    for v, g in groups.items():
        g = sorted((x for x in g if x.chars), key=lambda x: x.base)
        cur: list[_Ln] = []
        for ln in g:
            if cur and ln.base - cur[-1].base > split:
                blocks.append(_Blk(page, v, cur))
                cur = []
            cur.append(ln)
        if cur:
            blocks.append(_Blk(page, v, cur))
    for b in blocks:
        for ln in b.lines:
            ln.block = b
            ln.offset = ln.x0 - b.left
            kind = _starts_at(ln, b.left, em, tol)
            ln.kind = kind or "mis"

    # right edges
    for b in blocks:
        ends = [(ln.end, ln) for ln in b.lines]
        cl = [c for c in _cluster(ends, tol) if len(c[1]) >= 2]
        if cl and len(b.lines) >= 3:
            b.right = max(cl, key=lambda c: (len(c[1]), c[0]))[0]
            b.sure = b.measured = True
    measured = [b for b in blocks if b.measured]
    n_common = Counter(round((b.right - b.left) / em) for b in measured).most_common(1)
    for b in blocks:
        if b.sure:
            continue
        peers = sorted((m for m in measured if abs(m.left - b.left) <= tol), key=lambda m: abs(m.top - b.top))
        top_end = max(ln.end for ln in b.lines)
        if peers and top_end <= peers[0].right + tol:
            b.right, b.sure = peers[0].right, True
        elif n_common and top_end <= b.left + n_common[0][0] * em + tol:
            b.right, b.sure = b.left + n_common[0][0] * em, True
        else:
            b.right = top_end
    # J5 per measured frame (left, right)
    seen = set()
    for b in measured:
        key = (round(b.left, 1), round(b.right, 1))
        if key in seen:
            continue
        seen.add(key)
        a.check("J5")
        w = b.right - b.left
        n = round(w / em)
        if abs(w - n * em) > tol:
            a.fail("J5", page, b.lines[0].text, f"column at x={_fmt(b.left)} is {_fmt(w)} pt = {w / em:.3f} em wide, not a whole number of em")
    return blocks, pitch


# ---------------------------------------------------------------------- paragraphs


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _heading_between(headings: list[_Ln], left: float, right: float, y0: float, y1: float, em: float, subheads_ok: bool = False) -> bool:
    """A heading between baselines y0 and y1 over [left, right]; with
    ``subheads_ok``, subheads inside that frame (≤ 1.3 em) do not count."""
    for h in headings:
        if not y0 < h.base < y1:
            continue
        if _overlap(h.x0, h.x1, left, right) < min(em, (h.x1 - h.x0) / 2):
            continue
        if subheads_ok and h.size <= 1.3 * em and h.x0 >= left - 2 * em and h.x1 <= right + em:
            continue
        return True
    return False


def _heading_above(headings: list[_Ln], b: _Blk, blocks: list[_Blk], em: float) -> _Ln | None:
    """The nearest heading above ``b`` over its frame, with no body text of the
    frame between."""
    above_body = max((x.bottom for x in blocks if x is not b and abs(x.left - b.left) <= 0.5 and x.bottom < b.top), default=-1e9)
    cands = [h for h in headings if above_body < h.base < b.top and _overlap(h.x0, h.x1, b.left, b.right) >= min(em, (h.x1 - h.x0) / 2)]
    return max(cands, key=lambda h: h.base) if cands else None


def _paragraphs(
    a: _Audit,
    st: _Style,
    blocks: list[_Blk],
    headings: list[_Ln],
    pitch: float | None,
    markers: Sequence[_Ln] = (),
    images: Sequence[tuple[float, float, float, float]] = (),
) -> None:
    em, tol = st.em, st.tol
    p = pitch or 1.65 * em
    # continuation: a block whose first line is not indented continues a
    # paragraph from the foot of the column to its left (the normal flow):
    # from the block of that column level with it, followed down the column
    # past subheads and photos (not past a blank gap or a headline: another
    # article).  When that column's foot already flows elsewhere, or there is
    # none, from the block above it in its own column across a photo.
    def photo_tight(x: _Blk, y: _Blk) -> bool:
        """A photo fills the gap between x and y in their column: it starts
        right under x (one blank line) and y follows its caption.  A longer
        gap holds something the audit does not see (a rule, another
        article's headline beside the column) and is not a continuation."""
        return any(
            _overlap(i0, i1, x.left, x.right) >= em and top - x.bottom <= 2.5 * p and y.top - bottom <= 5 * p
            for i0, top, i1, bottom in images
            if top >= x.bottom - p and bottom <= y.top + p
        )

    def flows_on(x: _Blk, y: _Blk) -> bool:
        """Does the text of ``x`` go on in ``y``, the next block below it in its column?"""
        if _heading_between(headings, x.left, x.right, x.bottom, y.top, em, subheads_ok=True):
            return False
        return _heading_between(headings, x.left, x.right, x.bottom, y.top, em) or photo_tight(x, y)

    for s in sorted(blocks, key=lambda b: (b.left, b.top)):
        if s.lines[0].kind == "indent":
            continue
        pred = None
        head = _heading_above(headings, s, blocks, em)
        firsts = sorted(
            (x for x in blocks if x is not s and x.right < s.left + tol and s.left - x.right <= 4 * em and x.bottom >= s.top - 0.5 * p and x.top <= s.bottom + tol),
            key=lambda x: x.top,
        )
        left_head = _heading_above(headings, firsts[0], blocks, em) if firsts else None
        same_head = left_head is not None and head is not None and abs(left_head.base - head.base) < 1.0
        if firsts and (head is None or _overlap(head.x0, head.x1, firsts[0].left, firsts[0].right) >= em or same_head):
            x = firsts[0]
            column = sorted((y for y in blocks if abs(y.left - x.left) <= tol and y.top > x.top), key=lambda y: y.top)
            for y in column:
                if not flows_on(x, y):
                    break
                x = y
            if x.succ is None:
                pred = x
        if pred is None:
            above = [x for x in blocks if x is not s and abs(x.left - s.left) <= tol and x.bottom < s.top]
            if above:
                x = max(above, key=lambda x: x.bottom)
                if (x.succ is None and photo_tight(x, s) and flows_on(x, s)
                        and not _heading_between(headings, s.left, s.right, x.bottom, s.top, em)):
                    pred = x
        if pred is not None:
            s.pred, pred.succ = pred, s
    for b in blocks:
        n = len(b.lines)
        for i, ln in enumerate(b.lines):
            if ln.kind == "indent":
                ln.par_first = True
            nxt = b.lines[i + 1] if i + 1 < n else None
            if nxt is None:
                ln.par_last = b.succ is None
            elif nxt.kind == "indent":
                ln.par_last = True
            elif b.sure and ln.end < b.right - em + tol and ln.last in SENTENCE_END:
                ln.par_last = True  # a paragraph end, and the next line lacks its indent
                nxt.par_first = True
                nxt.missing_indent = True
        first = b.lines[0]
        if b.pred is None and first.kind != "indent":
            first.par_first = True
            continued = any(m.base < first.base and first.base - m.base <= 3 * p and _overlap(m.x0, m.x1, b.left, b.right) > 0 for m in markers)
            if continued:
                a.skip("I1")  # resumes an article from another page after （上接第M版）
            else:
                first.missing_indent = True


# ---------------------------------------------------------------------- line checks


def _check_k12(a: _Audit, ln: _Ln, prev: _Ln | None) -> None:
    if not ln.chars:
        return
    a.check("K1")
    a.check("K2")
    f, l = ln.first, ln.last
    if f in START_FORBIDDEN:
        a.fail("K1", ln.page, ln.text, f"line starts with {f} (U+{ord(f):04X}) at x={_fmt(ln.x0)} y={_fmt(ln.base)}")
    elif f in AFTER_NUMBER and prev is not None and prev.last.isdigit():
        a.fail("K1", ln.page, ln.text, f"line starts with {f} after the number ending the line before ({prev.text})")
    if l in END_FORBIDDEN and len(ln.chars) > 1:
        a.fail("K2", ln.page, ln.text, f"line ends with {l} (U+{ord(l):04X}) at x={_fmt(ln.chars[-1].x0)} y={_fmt(ln.base)}")


def _latin_run(chars: list[_Ch], from_end: bool) -> str:
    seq = reversed(chars) if from_end else iter(chars)
    out = []
    for c in seq:
        if not _is_latin(c.t):
            break
        out.append(c.t)
    return "".join(reversed(out)) if from_end else "".join(out)


def _check_k3(a: _Audit, st: _Style, x: _Ln, y: _Ln, b: _Blk) -> None:
    a.check("K3")
    l, f = x.last, y.first
    what = None
    if l in "—⸺" and f in "—⸺":
        what = "a dash —— is split"
    elif l in "…⋯" and f in "…⋯":
        what = "an ellipsis …… is split"
    elif l.isascii() and y.chars and _is_alnum(f):
        tail, head = _latin_run(x.chars, True), _latin_run(y.chars, False)
        joined = tail + head
        width = sum(c.w for c in x.chars[len(x.chars) - len(tail):]) + sum(c.w for c in y.chars[: len(head)])
        if tail and (_is_alnum(l) or (len(tail) > 1 and _is_alnum(tail[-2]) and l in ".,+-/:_")):
            if b.sure and width > 0.75 * (b.right - b.left):
                return  # an over-long run (a URL) may break
            what = f"the word/number {joined} is split ({tail} | {head})"
    elif l.isdigit() and f in AFTER_NUMBER:
        what = f"the number and its {f} are split"
    elif l in "￥＄$¥" and y.chars and f.isdigit():
        what = f"{l} is split from its number"
    if what:
        a.fail("K3", x.page, f"{x.text} | {y.text}", what)


def _hh_gaps(ln: _Ln) -> list[float]:
    cs = ln.chars
    return [cs[i + 1].x0 - cs[i].x1 for i in range(len(cs) - 1) if _is_hanlike(cs[i].t) and _is_hanlike(cs[i + 1].t)]


def _check_line(a: _Audit, st: _Style, b: _Blk, ln: _Ln, p3: list) -> None:
    em, tol = st.em, st.tol
    page, text = ln.page, ln.text
    cs = ln.chars
    hh = _hh_gaps(ln)
    s = max(0.0, _median(hh) or 0.0)  # the spacing justification added to this line
    last = ln.par_last
    where = f"(x={_fmt(ln.x0)}, y={_fmt(ln.base)})"

    # --- start: J1 / I1 / P3
    a.check("J1")
    if ln.kind == "indent":
        a.check("I1")
        ind = ln.offset / em
        want = 1.5 if (ln.first in RIGHT and abs(ind - 1.5) <= 0.03) else 2.0
        if ln.first in RIGHT:
            p3.append(("trim" if want == 1.5 else "keep", ln))
        if abs(ind - want) > 0.03:
            a.fail("I1", page, text, f"first-line indent {ind:.3f} em ({_fmt(ln.offset)} pt), not {want:g} em {where}")
    elif ln.kind == "mis":
        if _is_alnum(ln.first) and em / 8 - tol <= ln.offset <= em / 2 + tol:
            a.check("S1")
            a.fail("S1", page, text, f"line starts {ln.offset / em:.2f} em inside the frame: Han–Latin space left at the line start {where}")
        else:
            a.fail("J1", page, text, f"line starts {_fmt(ln.offset)} pt ({ln.offset / em:+.2f} em) from the frame's left edge {where}")
    else:
        if ln.first in RIGHT:
            p3.append(("trim" if ln.offset < -tol else "keep", ln))
    if ln.missing_indent:
        a.check("I1")
        why = "after a paragraph's last line" if ln is not b.lines[0] else ("after a heading" if b.pred is None else "at a block start")
        a.fail("I1", page, text, f"paragraph starts without its 2-em indent {why} {where}")

    # --- end: J1 / J2 / P1 (the measure is known only when the frame edge is)
    if not b.sure:
        a.skip("J1")  # the line end (its start was judged)
        a.skip("J2")
    else:
        end = ln.end
        a.check("J2")
        over = end - b.right
        if over > tol:
            a.fail("J2", page, text, f"line ends {_fmt(over)} pt past the frame edge x={_fmt(b.right)} (ends at {_fmt(end)}) {where}")
        elif not last:
            short = b.right - end
            if ln.last in LEFT:
                a.check("P1")
                if abs(cs[-1].x1 - b.right) <= tol:
                    a.fail("P1", page, text, f"line-end {ln.last} not trimmed: its box ends at the frame edge, its ink {_fmt(em / 2)} pt short {where}")
                    short = 0.0
            if short > tol:
                if _is_alnum(ln.last) and em / 8 - tol <= short <= em / 2 + tol:
                    a.check("S1")
                    a.fail("S1", page, text, f"line ends {short / em:.2f} em short of the frame edge after {ln.last}: a Han–Latin space left at the line end (or a ragged line) {where}")
                else:
                    a.fail("J1", page, text, f"ragged: line ends {_fmt(short)} pt ({short / em:.2f} em) short of the frame edge x={_fmt(b.right)} {where}")

    # --- spacing: J3 (justified lines) / J4 (last lines)
    unlinked_end = last and ln is b.lines[-1] and b.sure and abs(ln.end - b.right) <= tol
    if last and unlinked_end and hh and max(abs(g) for g in hh) > tol:
        a.skip("J4")  # a full, spaced line at a block's foot: continued somewhere the audit cannot link
    elif last:
        if hh:
            a.check("J4")
            worst = max(hh, key=abs)
            if abs(worst) > tol:
                a.fail("J4", page, text, f"last line not set solid: Han–Han gaps up to {_fmt(worst)} pt {where}")
    else:
        judged = False
        if len(hh) >= 2:
            judged = True
            spread = max(hh) - min(hh)
            if spread > tol:
                a.fail("J3", page, text, f"uneven spacing: Han–Han gaps from {_fmt(min(hh))} to {_fmt(max(hh))} pt (spread {_fmt(spread)}) {where}")
        for i in range(len(cs) - 1):
            p, q = cs[i], cs[i + 1]
            g = q.x0 - p.x1
            if _is_alnum(p.t) and _is_alnum(q.t) or (p.t in UNIT_CHARS and q.t == p.t):
                judged = True
                if (g > tol) if p.t in UNIT_CHARS else (abs(g) > tol):  # the halves of —— may overlap (scaled to join)
                    unit = "inside " + (p.t + q.t if p.t in UNIT_CHARS else "a Latin word")
                    a.fail("J3", page, text, f"space {unit}: gap {_fmt(g)} pt between {p.t} and {q.t} {where}")
        if judged:
            a.check("J3")

    # --- O1
    if last:
        a.check("O1")
        n_han = sum(1 for c in cs if _is_han(c.t))
        width = sum(c.w for c in cs if _is_hanlike(c.t) or _is_alnum(c.t))
        if n_han < 2 and width < 2 * em - tol:
            a.fail("O1", page, text, f"paragraph's last line holds {n_han} Han character(s) {where}")

    # --- pairs: P2, S1, P4, P5
    for i in range(len(cs) - 1):
        p, q = cs[i], cs[i + 1]
        pc, qc = p.t, q.t
        if (pc in LEFT or pc in RIGHT) and (qc in LEFT or qc in RIGHT) and not (pc in RIGHT and qc in LEFT):
            a.check("P2")
            d = q.x0 - p.x0
            if d > em / 2 + s + tol:
                a.fail("P2", page, text, f"{pc}{qc} not compressed: the second mark starts {d / em:.2f} em after the first (½ em when compressed) {where}")
            elif d < (0.0 if (pc in LEFT and qc in RIGHT) else em / 2) - tol:
                a.fail("P2", page, text, f"{pc}{qc} over-compressed: the second mark starts {d / em:.2f} em after the first, their inks overlap {where}")
        han_latin = (_is_hanlike(pc) and _is_alnum(qc)) or (_is_alnum(pc) and _is_hanlike(qc))
        if han_latin:
            a.check("S1")
            g = q.cell()[0] - p.cell()[1]
            if not (em / 8 - tol <= g <= em / 2 + tol):
                a.fail("S1", page, text, f"Han–Latin gap {pc}|{qc} is {_fmt(g)} pt = {g / em:.2f} em (⅛–½ em) {where}")
        elif (_is_cjk_punct(pc) and _is_alnum(qc)) or (_is_alnum(pc) and _is_cjk_punct(qc)):
            a.check("S1")
            g = q.cell()[0] - p.cell()[1]
            if g > s + tol:
                a.fail("S1", page, text, f"space {_fmt(g)} pt between {pc} and {qc}: no Han–Latin space next to CJK punctuation {where}")
    for i, c in enumerate(cs):
        prev = cs[i - 1].t if i else None
        nxt = cs[i + 1].t if i + 1 < len(cs) else None
        if c.t in QUOTES and ((prev and _is_hanlike(prev)) or (nxt and _is_hanlike(nxt))):
            a.check("P4")
            if c.w < em - tol:
                a.fail("P4", page, text, f"quote {c.t} is {c.w / em:.2f} em wide (font {c.font}), not a full-width CJK quote {where}")
        if c.t in ASCII_PUNCT_BETWEEN_HAN and ((prev and _is_hanlike(prev)) or (nxt and _is_hanlike(nxt))):
            a.check("P5")
            if (prev is None or _is_hanlike(prev)) and (nxt is None or _is_hanlike(nxt)):
                a.fail("P5", page, text, f"ASCII {c.t} between Han characters (should be full-width) {where}")


def _check_p3(a: _Audit, p3: list[tuple[str, _Ln]], st: _Style) -> None:
    if not p3:
        return
    a.check("P3", len(p3))
    policies = Counter(k for k, _ in p3)
    if len(policies) < 2:
        return
    major = policies.most_common(1)[0][0]
    for k, ln in p3:
        if k != major:
            what = "loses" if k == "trim" else "keeps"
            a.fail("P3", ln.page, ln.text, f"opening mark {ln.first} at the line start {what} its ½-em blank; most such lines ({policies[major]}) {'keep' if major == 'keep' else 'lose'} it")


def _check_wraps(a: _Audit, st: _Style, others: list[_Ln]) -> None:
    """A heading, subhead, 导读 entry or caption that wraps must not leave a
    single Han character on a line of its own (O1 for display text).  A line
    continues the one above it when it has the same size, font and colour,
    lies 0.9–2.2 sizes lower and starts within 2 sizes of it (or shares its
    centre); every such continuation line is checked."""
    def style(ln: _Ln) -> tuple:
        return (round(ln.size, 1), ln.chars[0].font, ln.chars[0].color)

    others = sorted((ln for ln in others if ln.chars), key=lambda ln: ln.base)
    nxt: dict[int, _Ln] = {}
    prv: dict[int, _Ln] = {}
    for i, x in enumerate(others):
        for y in others[i + 1 :]:
            d = y.base - x.base
            if d > 2.2 * x.size:
                break
            if d < 0.9 * x.size or style(y) != style(x) or id(y) in prv:
                continue
            cx, cy = (x.x0 + x.x1) / 2, (y.x0 + y.x1) / 2
            if abs(y.x0 - x.x0) <= 2 * x.size or abs(cx - cy) <= x.size:
                nxt[id(x)], prv[id(y)] = y, x
                break
    for ln in others:
        if id(ln) not in prv:
            continue
        up = prv[id(ln)]
        if len(ln.chars) == 1 and len(up.chars) == 1:
            continue  # vertical text (a masthead set one character per line)
        a.check("O1")
        n_han = sum(1 for c in ln.chars if _is_han(c.t))
        width = sum(c.w for c in ln.chars if _is_hanlike(c.t) or _is_alnum(c.t))
        if n_han < 2 and width < 2 * ln.size - st.tol:
            group = [ln]
            while id(group[0]) in prv and len(group) < 4:
                group.insert(0, prv[id(group[0])])
            a.fail("O1", ln.page, " / ".join(g.text for g in group[-2:]), f"wrapped heading/entry leaves {n_han} Han character on its last line (size {ln.size:g}, y={_fmt(ln.base)})")


# ---------------------------------------------------------------------- pitch, O2, headings


def _check_pitch(a: _Audit, st: _Style, page: int, blocks: list[_Blk], pitch: float | None) -> None:
    em = st.em
    multi = [b for b in blocks if len(b.lines) >= 2]
    if not multi or not pitch:
        return
    own: dict[int, float] = {}
    for b in multi:
        steps = [y.base - x.base for x, y in zip(b.lines, b.lines[1:], strict=False)]
        bp = statistics.median(steps)
        own[id(b)] = bp
        a.check("L1")
        bad = [d for d in steps if abs(d - bp) > 0.1]
        if bad:
            shown = ", ".join(f"{_fmt(d)}×{n}" for d, n in Counter(round(d, 2) for d in steps).most_common(4))
            a.fail("L1", page, b.lines[0].text, f"line pitch varies in the column at x={_fmt(b.left)}: steps {shown} pt (block pitch {_fmt(bp)})")
        a.check("L2")
        ratio = bp / em
        if not 1.5 - 1e-3 <= ratio <= 2.0 + 1e-3:
            a.fail("L2", page, b.lines[0].text, f"line pitch {_fmt(bp)} pt = {ratio:.3f} em (1.5–2.0 em)")
    # the page's baseline grid: every block on it (blocks of another pitch excepted)
    ref_blk = max(multi, key=lambda b: len(b.lines))
    ref = ref_blk.top
    p = statistics.median([y.base - x.base for b in multi for x, y in zip(b.lines, b.lines[1:], strict=False) if abs(own[id(b)] - pitch) <= 0.1] or [pitch])
    for b in blocks:
        if b is ref_blk:
            continue
        if id(b) in own and abs(own[id(b)] - p) > 0.1:
            a.skip("L1")
            continue
        a.check("L1")
        k = round((b.top - ref) / p)
        dev = b.top - ref - k * p
        if abs(dev) > 0.1:
            a.fail("L1", page, b.lines[0].text, f"block at x={_fmt(b.left)} y={_fmt(b.top)} is {_fmt(dev)} pt off the page's baseline grid (pitch {_fmt(p)} from y={_fmt(ref)})")


def _segments(b: _Blk) -> list[int]:
    """Lengths of the paragraph pieces of a block, top to bottom."""
    out, n = [], 0
    for ln in b.lines:
        if ln.par_first and n:
            out.append(n)
            n = 0
        n += 1
    out.append(n)
    return out


def _check_o2(a: _Audit, blocks: list[_Blk]) -> None:
    for b in blocks:
        s = b.succ
        if s is None:
            continue
        a.check("O2")
        foot = _segments(b)[-1]
        head = _segments(s)[0]
        if foot < 2:
            a.fail("O2", b.page, b.lines[-1].text, f"orphan: a paragraph leaves {foot} line at the foot of the column at x={_fmt(b.left)} (y={_fmt(b.bottom)})")
        if head < 2:
            a.fail("O2", s.page, s.lines[0].text, f"widow: a paragraph continues with {head} line at the head of the column at x={_fmt(s.left)} (y={_fmt(s.top)})")


def _check_headings(a: _Audit, st: _Style, page: int, blocks: list[_Blk], headings: list[_Ln], pitch: float | None) -> None:
    em, tol = st.em, st.tol
    p = pitch or 1.65 * em
    # heading stacks: kicker, headline, subtitle, byline; a wrapped subhead
    stacks: list[list[_Ln]] = []
    for h in sorted(headings, key=lambda h: h.base):
        for st_ in stacks:
            t = st_[-1]
            if 0 < h.base - t.base <= 2.5 * max(h.size, t.size) and _overlap(h.x0, h.x1, min(x.x0 for x in st_), max(x.x1 for x in st_)) > 0:
                st_.append(h)
                break
        else:
            stacks.append([h])
    for stack in stacks:
        x0, x1 = min(h.x0 for h in stack), max(h.x1 for h in stack)
        low = stack[-1]
        text = " / ".join(h.text for h in stack)
        frames = [b for b in blocks if b.sure and _overlap(x0, x1, b.left, b.right) >= 2 * em]
        if not frames:
            continue  # not over body text (masthead, 导读 strip …)
        inside = [b for b in frames if x0 >= b.left - 2 * em and x1 <= b.right + em]
        a.check("H1")
        if all(h.size <= 1.3 * em for h in stack) and inside:
            below = [b for b in inside if b.top > low.base]
            nxt = min(below, key=lambda b: b.top) if below else None
            if nxt is None or nxt.top - low.base > 4 * p + tol:
                a.fail("H1", page, text, f"subhead stranded: no body text follows it in its column (y={_fmt(low.base)})")
            elif len(nxt.lines) < 2 and not (nxt.lines[0].par_last and nxt.succ is None):
                a.fail("H1", page, text, f"subhead followed by only {len(nxt.lines)} line at the foot of its column (y={_fmt(low.base)})")
        elif not any(b.top > low.base for b in frames):
            a.fail("H1", page, text, f"heading with no body text below it (y={_fmt(low.base)})")
    # H2: blocks of one frame separated by a heading are a whole number of lines apart
    if not pitch:
        return
    by_left: dict[float, list[_Blk]] = {}
    for b in blocks:
        key = next((k for k in by_left if abs(k - b.left) <= tol), b.left)
        by_left.setdefault(key, []).append(b)
    for col in by_left.values():
        col.sort(key=lambda b: b.top)
        for x, y in itertools.pairwise(col):
            if not _heading_between(headings, y.left, max(x.right, y.right), x.bottom, y.top, em):
                continue
            a.check("H2")
            k = (y.top - x.bottom) / pitch
            if abs(k - round(k)) > 0.05:
                a.fail("H2", page, y.lines[0].text, f"the heading between y={_fmt(x.bottom)} and y={_fmt(y.top)} takes {k:.2f} lines, not a whole number (pitch {_fmt(pitch)})")
