"""The audit's entry point and its report."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..report import Counts, Report, RuleResult
from .addresses import column_chains, heading_chains, mark_addresses, paragraph_chains
from .blocks import check_headings, check_o2, check_pitch, check_wraps
from .lines import check_k3, check_k12, check_line, check_p3
from .listtable import check_items, check_tables, find_tables, take_cells, take_items
from .model import Char, Line, Style, Tally, Violation
from .read import chars_of
from .structure import JUMP, cut_at_columns, frames, is_page_ref, paragraphs, runs, toc_box

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


@dataclass
class AuditReport(Report):
    violations: list[Violation]
    counts: dict[str, int]  # rule → violations
    checked: dict[str, int]  # rule → lines / pairs / gaps / blocks examined
    unjudged: dict[str, int] = field(default_factory=dict)  # rule → items seen but not judged
    path: str = ""
    pages: list[int] = field(default_factory=list)
    em: float = 0.0  # body size, pt
    pitch: float = 0.0  # body line pitch, pt (median over the pages)
    notes: list[str] = field(default_factory=list)
    name = "typography audit"

    @property
    def results(self) -> list[RuleResult]:  # type: ignore[override]
        out = []
        for rule in RULES:
            n_bad, n, skip = self.counts.get(rule, 0), self.checked.get(rule, 0), self.unjudged.get(rule, 0)
            summary = f"{n_bad} violation(s), {n} checked" + (f", {skip} not judged" if skip else "")
            out.append(RuleResult(rule, TITLES[rule], not n_bad, [], [], summary, Counts(n_bad, n, skip)))
        return out

    def head(self) -> list[str]:
        head = f"typography audit of {self.path}" if self.path else "typography audit"
        if self.em:
            head += f": body {self.em:g} pt"
            if self.pitch:
                head += f", pitch {self.pitch:.2f} pt ({self.pitch / self.em:.3f} em)"
        return [head]

    def tail(self) -> list[str]:
        out = [f"note: {note}" for note in self.notes]
        if self.violations:
            first = f", first {MAX_LISTED}" if len(self.violations) > MAX_LISTED else ""
            out.append(f"violations ({len(self.violations)}{first}):")
            for v in self.violations[:MAX_LISTED]:
                out.append(f"  p{v.page} {v.rule} 「{v.text}」 {v.detail}")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "pages": list(self.pages),
            "em": self.em,
            "pitch": self.pitch,
            "counts": {r: self.counts.get(r, 0) for r in RULES},
            "checked": {r: self.checked.get(r, 0) for r in RULES},
            "unjudged": {r: n for r, n in self.unjudged.items() if n},
            "notes": list(self.notes),
            "violations": [asdict(v) for v in self.violations],
        }


Quad = tuple[float, float, float, float]  # x0, top, x1, bottom (or x0, x1, y, width: a rule)


def audit_pdf(path: Path, *, pages: list[int] | None = None) -> AuditReport:
    """Audit the composition of ``path`` (1-based ``pages``; all by default)."""
    import pdfplumber

    path = Path(path)
    per_page: list[tuple[int, list[Char], list[Quad], list[Quad], list[Quad]]] = []
    with pdfplumber.open(str(path)) as pdf:
        numbers = pages or list(range(1, len(pdf.pages) + 1))
        for n in numbers:
            if not 1 <= n <= len(pdf.pages):
                raise ValueError(f"{path}: no page {n} (the file has {len(pdf.pages)})")
            pg = pdf.pages[n - 1]
            try:
                images = [(float(im["x0"]), float(im["top"]), float(im["x1"]), float(im["bottom"])) for im in pg.images]
                rules = [(float(ln["x0"]), float(ln["x1"]), float(ln["top"]), float(ln.get("linewidth") or 0.0))
                         for ln in pg.lines if abs(float(ln["top"]) - float(ln["bottom"])) < 0.01]
                grounds = [(float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"])) for r in pg.rects if r.get("fill")]
                per_page.append((n, chars_of(pg), images, rules, grounds))
            finally:
                _forget(pdf, pg)
    a = Tally()
    everything = [c for _, cs, *_ in per_page for c in cs]
    report = AuditReport([], {}, {}, path=str(path), pages=numbers)
    if not everything:
        report.notes.append("no text found")
        return report
    # the body's size and face: the characters of the page's long lines (each
    # weighed by its line's length: a short issue's body may have fewer
    # characters than its masthead and 导读, never lines as long)
    page_lines = {n: runs(n, chars) for n, chars, *_ in per_page}
    weighed: list[tuple[Char, int]] = [(c, len(ln.chars)) for lines in page_lines.values() for ln in lines for c in ln.chars]
    em = _heaviest((c.size, w) for c, w in weighed)
    body_font = _heaviest((c.font, w) for c, w in weighed if c.size == em)
    body_color = Counter(c.color for c in everything if c.size == em and c.font == body_font).most_common(1)[0][0]
    style = Style(em, body_font, body_color)
    pitches: list[float] = []
    p3: list[tuple[str, Line]] = []
    for n, _chars, images, rules, grounds in per_page:
        pitch = audit_page(a, style, n, page_lines[n], images, p3, rules, grounds)
        if pitch:
            pitches.append(pitch)
    check_p3(a, p3, style)
    report.violations = sorted(a.violations, key=lambda v: v.page)
    report.counts = {r: a.counts[r] for r in RULES if a.counts[r]}
    report.checked = {r: a.checked[r] for r in RULES if a.checked[r]}
    report.unjudged = {r: a.unjudged[r] for r in RULES if a.unjudged[r]}
    report.em = em
    report.pitch = round(statistics.median(pitches), 3) if pitches else 0.0
    return report


def item_boxes(items: list[Any], em: float) -> list[tuple[float, float, float, float]]:
    """The box (x0, top, x1, bottom) of each list item in each column it runs in."""
    out = []
    for it in items:
        lines = sorted([it.mark, *it.lines], key=lambda ln: ln.x0)
        part: list[Line] = []
        for ln in lines + [None]:
            if part and (ln is None or ln.x0 - part[-1].x0 > 4 * em):
                out.append((min(x.x0 for x in part), min(x.base for x in part) - em, max(x.x1 for x in part),
                            max(x.base for x in part)))
                part = []
            if ln is not None:
                part.append(ln)
    return out


def _forget(pdf: Any, page: Any) -> None:
    """Drop what pdfplumber and pdfminer keep of a page once its characters
    are read: the page's objects and layout, and the parser's cache of every
    object it read (content streams included), so that memory stays that of
    one page plus the compact characters, whatever the page count."""
    page.close()
    cache = getattr(getattr(pdf, "doc", None), "_cached_objs", None)
    if isinstance(cache, dict):
        cache.clear()


def emphasis_lines(st: Style, lines: list[Line]) -> None:
    """A body-size line wholly in bold emphasis (``**不转账、不汇款**`` running
    over a whole line) is body text, not a subhead, when the line above it is a
    body line one body pitch higher set to the same measure: a paragraph runs
    on through it (a subhead follows a paragraph's end or opens a column)."""
    body = [ln for ln in lines if ln.body]
    for ln in lines:
        if not ln.heading or abs(ln.size - st.em) > 0.05:
            continue
        if not st.in_family(ln):
            continue
        for p in body:
            pitch = ln.base - p.base
            if (1.2 * st.em <= pitch <= 2.2 * st.em and abs(p.x0 - ln.x0) < 0.3 * st.em
                    and abs(p.end - ln.end) < 0.3 * st.em):
                ln.heading, ln.body = False, True
                break


def _heaviest(pairs: Iterable[tuple[Any, int]]) -> Any:
    total: Counter[Any] = Counter()
    for key, weight in pairs:
        total[key] += weight
    return total.most_common(1)[0][0]


def audit_page(a: Tally, st: Style, page: int, lines: list[Line], images: list[tuple[float, float, float, float]], p3: list,
               rules: list[tuple[float, float, float, float]] | None = None,
               grounds: list[tuple[float, float, float, float]] | None = None) -> float | None:
    for ln in lines:
        ln.body = st.is_body(ln)
        ln.heading = st.is_heading(ln) and not is_page_ref(ln.text)
        if ln.body and JUMP.match(ln.text):
            ln.special = True
    for ln in toc_box(lines, st.em):
        ln.heading = False  # the 导读 box's title and entries: furniture
    emphasis_lines(st, lines)
    # tables and list items are judged by rules of their own (listtable.py); cells
    # go first, so that a column of cells is not taken for a column's left edge
    tables = find_tables(rules or [], st.tol)
    lines = cut_at_columns(st, take_cells(lines, tables, st.tol))
    # the rules the make-up draws over an article set under another one (not a table's)
    ruled = [r for r in rules or [] if not any(abs(r[0] - t.x0) <= st.tol and abs(r[1] - t.x1) <= st.tol
                                               and t.top - st.tol <= r[2] <= t.bottom + st.tol for t in tables)]
    # … and the top rule of a table set across its article's columns (wider than a column of body text): the
    # text after it is read from under it, as an article set under another one (flow.banded)
    column = max((ln.x1 - ln.x0 for ln in lines if ln.body), default=0.0)
    ruled += [r for r in rules or [] for t in tables if column and t.x1 - t.x0 > 1.5 * column
              and abs(r[0] - t.x0) <= st.tol and abs(r[1] - t.x1) <= st.tol and abs(r[2] - t.top) <= st.tol]
    # tinted grounds (x0, top, x1, bottom) wide enough to hold a column: boxed notices
    boxes = [g for g in grounds or [] if g[2] - g[0] >= 6 * st.em and g[3] - g[1] >= 2 * st.em]
    items, rest = take_items(st, [ln for ln in lines if ln.body and not ln.special], ruled, boxes)
    kept = {id(ln) for ln in rest}
    lines = [ln for ln in lines if id(ln) in kept or not ln.body or ln.special]
    body = [ln for ln in lines if ln.body and not ln.special]
    headings = [ln for ln in lines if ln.heading]

    markers = [ln for ln in lines if re.search(r"上接|接上|续前|接第", ln.text)]
    blocks, pitch = frames(a, st, page, body, [t.x0 for t in tables], boxes)
    # a table or a list stands in its column as a photo does: the text goes on under it
    standing = [(t.x0, t.top, t.x1, t.bottom) for t in tables] + item_boxes(items, st.em)
    listed = [ln for item in items for ln in [item.mark, *item.lines]]
    paragraphs(a, st, blocks, headings, pitch, markers, images + standing, ruled, listed, standing)

    # ---- addresses (URLs, e-mails) across the lines of each paragraph
    for chain in column_chains(blocks):
        for par in paragraph_chains(chain):
            mark_addresses(par)
    for chain in heading_chains(headings):
        mark_addresses(chain, math.inf)  # a headline breaks an address only at its own punctuation

    # ---- K1/K2 on every line; K3 across consecutive body lines
    prev_of: dict[int, Line] = {}
    for b in blocks:
        for i, ln in enumerate(b.lines):
            if i:
                prev_of[id(ln)] = b.lines[i - 1]
        if b.pred is not None:
            prev_of[id(b.lines[0])] = b.pred.lines[-1]
    for ln in lines:
        check_k12(a, ln, prev_of.get(id(ln)))
    for b in blocks:
        pairs = list(zip(b.lines, b.lines[1:], strict=False))
        if b.succ is not None:
            pairs.append((b.lines[-1], b.succ.lines[0]))
        for x, y in pairs:
            check_k3(a, st, x, y, b)

    # ---- per-line checks of body lines
    for b in blocks:
        for ln in b.lines:
            check_line(a, st, b, ln, p3)

    item_blocks = check_items(a, st, page, items, p3)
    check_tables(a, st, tables)

    # ---- O1 for wrapped headings, subheads, 导读 entries and captions
    check_wraps(a, st, [ln for ln in lines if not ln.body and not is_page_ref(ln.text)])

    # ---- L1/L2, O2, H1, H2
    check_pitch(a, st, page, blocks, pitch)
    check_o2(a, blocks)
    check_headings(a, st, page, blocks + item_blocks, headings, pitch)
    return pitch


# ---------------------------------------------------------------------- frames
