"""The typography audit on lists and tables (layout.check.typography.listtable),
on hand-made PDFs: one 13-em column of 9-pt Noto Serif CJK with a paragraph,
a numbered list (marks right-aligned 1½ em in, item text hung at 2 em, 11 em
wide), a paragraph, a 三线表 and a paragraph.  Han text only, every character
1 em, so every line's ends are known exactly."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from layout.check.typography import audit_pdf

ROOT = Path(__file__).resolve().parents[1]
BODY = "BlocksSerif"
EM, PITCH, LEFT = 9.0, 1.65 * 9.0, 40.0
W = 13 * EM
RIGHT_COLUMN = LEFT + W + 2 * EM  # a second column, 2 em of gutter
HEAD = 16.0  # a headline's size
PAGE = 420.0
HAN = "社区居民在活动中交流了各自的经验大家认为邻里之间的互助让生活更加温暖"


@functools.cache
def font() -> str:
    pdfmetrics.registerFont(TTFont(BODY, str(ROOT / "fonts" / "NotoSerifCJKsc-Regular.ttf")))
    return BODY


def han(n: int, start: int = 0) -> str:
    return "".join(HAN[(start + i) % len(HAN)] for i in range(n))


@dataclass
class Page:
    lines: list[tuple[float, float, str]] = field(default_factory=list)  # (x, baseline, text), 1 em per character
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, x1, y, width
    heads: list[tuple[float, float, str]] = field(default_factory=list)  # (x, baseline, text) at HEAD size
    y: float = 100.0

    def line(self, text: str, x: float = LEFT) -> None:
        self.y += PITCH
        self.lines.append((x, self.y, text))

    def para(self, n: int, start: int = 0) -> None:
        self.line(han(11, start), LEFT + 2 * EM)
        self.line(han(13, start + 11))
        self.line(han(13, start + 24))
        self.line(han(n, start + 37))


def mark_x(mark: str) -> float:
    return LEFT + 1.5 * EM - pdfmetrics.stringWidth(mark, font(), EM)


def good(*, hang_second: float = 2.0, aligned_marks: bool = True, cell_overflow: float = 0.0) -> Page:
    p = Page()
    p.para(5)
    for n, mark in enumerate(("9.", "10.")):
        x = mark_x(mark) if aligned_marks else LEFT
        p.lines.append((x, p.y + PITCH, mark))
        p.line(han(11, n * 7), LEFT + 2 * EM)
        p.line(han(11, n * 7 + 11), LEFT + hang_second * EM)
        p.line(han(4, n * 7 + 22), LEFT + 2 * EM)
    p.para(6, 5)
    # a 三线表: thick rule, header, thin rule, two rows, thick rule (rules halfway between lines)
    top = p.y + PITCH / 2
    p.line("门诊")
    p.lines.append((LEFT + 5 * EM, p.y, "时间"))
    head = p.y + PITCH / 2
    p.line("全科")
    p.lines.append((LEFT + 5 * EM, p.y, han(8 + int(cell_overflow), 3)))
    p.line("中医")
    p.lines.append((LEFT + 5 * EM, p.y, han(3, 9)))
    bottom = p.y + PITCH / 2
    p.rules += [(LEFT, LEFT + W, top, 1.0), (LEFT, LEFT + W, head, 0.5), (LEFT, LEFT + W, bottom, 1.0)]
    p.para(7, 9)
    return p


def make_pdf(path: Path, page: Page) -> Path:
    c = Canvas(str(path), pagesize=(PAGE, PAGE))
    c.setFont(font(), 18)
    c.drawString(LEFT, PAGE - 80, "社区通知")
    c.setFont(font(), EM)
    for x, base, text in page.lines:
        if text.isascii():
            c.drawString(x, PAGE - base, text)
            continue
        for i, ch in enumerate(text):
            c.drawString(x + i * EM, PAGE - base, ch)
    c.setFont(font(), HEAD)
    for x, base, text in page.heads:
        c.drawString(x, PAGE - base, text)
    c.setFont(font(), EM)
    for x0, x1, y, w in page.rules:
        c.setLineWidth(w)
        c.line(x0, PAGE - y, x1, PAGE - y)
    c.showPage()
    c.save()
    return path


def test_a_correct_list_and_table_pass_and_are_judged(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "ok.pdf", good()))
    assert r.passed, r.format()
    # the hung item lines (2 em in, like a paragraph indent) are judged as items, not paragraph starts:
    # the 3 paragraphs give 3 I1 checks, the items none
    assert r.checked["I1"] == 3, r.checked
    # J1 judged every paragraph line, every item line and the marks' alignment, but no cell
    assert r.checked["J1"] == 3 * 4 + 6 + 1, r.checked
    # J2: those lines and the 6 cells, judged against the table's edge
    assert r.checked["J2"] == 3 * 4 + 6 + 6, r.checked
    assert r.checked["K1"] == 1 + 3 * 4 + 2 + 6 + 6  # the headline, lines, marks, item lines, cells


def test_a_hung_line_out_of_line_with_its_first_is_found(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "hang.pdf", good(hang_second=1.0)))
    assert set(r.counts) == {"J1"}, r.format()
    assert any("from the frame's left edge" in v.detail and v.text == han(11, 11) for v in r.violations)


def test_numbers_not_right_aligned_are_found(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "marks.pdf", good(aligned_marks=False)))
    assert set(r.counts) == {"J1"}, r.format()
    assert any("right-aligned" in v.detail for v in r.violations)


def test_a_cell_past_the_tables_edge_is_found_and_short_cells_are_not_ragged_lines(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "cell.pdf", good(cell_overflow=2)))
    assert set(r.counts) == {"J2"}, r.format()
    assert "table cell" in r.violations[0].detail


def justified(blank_lines: int, indent: bool = True) -> Page:
    """Two columns of one article: in the first a paragraph, a blank gap, a
    paragraph that runs on into the second column (vertical justification)."""
    p = Page()
    p.para(5)
    p.y += blank_lines * PITCH
    p.line(han(11, 3), LEFT + (2 * EM if indent else 0))
    p.line(han(13, 14))
    p.line(han(13, 27))
    right = LEFT + W + 2 * EM
    p.y = 100.0
    p.line(han(13, 40), right)
    p.line(han(6, 53), right)
    p.line(han(11, 59), right + 2 * EM)
    p.line(han(4, 70), right)
    return p


def test_a_one_line_justification_gap_is_followed_down_the_column(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "gap.pdf", justified(1)))
    assert r.passed, r.format()
    assert r.checked["I1"] == 3, r.checked  # the run-on block continues the paragraph above it


def test_a_wider_gap_or_a_gap_before_an_unindented_line_still_breaks_the_column(tmp_path):
    wide = audit_pdf(make_pdf(tmp_path / "wide.pdf", justified(2)))
    assert not wide.passed
    flush = audit_pdf(make_pdf(tmp_path / "flush.pdf", justified(1, indent=False)))
    assert "I1" in flush.counts, flush.format()


def beside(one_rule: bool) -> Page:
    """An article under another one, the rule between them across both
    columns: its headline over the first column only, the second column's
    text from the top of the article (the end of the paragraph that runs on
    from the foot of the first, two lines: shorter than the headline).  With
    ``one_rule`` false, a rule over each column: two articles side by side,
    the second starting flush.  Every line on the grid of the page's pitch."""
    p = Page()
    p.para(5)  # the article above: a paragraph in each column, rows 1-4 and 1-3
    p.y = 100.0
    p.line(han(11, 9), RIGHT_COLUMN + 2 * EM)
    p.line(han(13, 20), RIGHT_COLUMN)
    p.line(han(6, 33), RIGHT_COLUMN)
    rule = 100.0 + 4.6 * PITCH
    if one_rule:
        p.rules.append((LEFT, RIGHT_COLUMN + W, rule, 0.5))
    else:
        p.rules += [(LEFT, LEFT + W, rule, 0.5), (RIGHT_COLUMN, RIGHT_COLUMN + W, rule, 0.5)]
    p.y = 100.0 + 5 * PITCH
    p.line(han(13, 40), RIGHT_COLUMN)  # rows 6-7, beside the headline: run on from the first column's foot
    p.line(han(7, 53), RIGHT_COLUMN)
    p.heads.append((LEFT, 100.0 + 6.6 * PITCH, "社区通知"))
    p.y = 100.0 + 7 * PITCH
    p.para(13, 12)  # rows 8-11 under the headline: its last line full, run on in the second column
    return p


def test_the_columns_beside_a_headline_over_only_some_of_them_continue_under_the_articles_rule(tmp_path):
    """The make-up's rule over an article set under another marks where it
    starts: a column of it that opens at that rule, beside its headline,
    continues the column to its left (no I1), and text of the article above
    does not run on across the rule."""
    r = audit_pdf(make_pdf(tmp_path / "beside.pdf", beside(True)))
    assert r.passed, r.format()


def test_columns_under_two_rules_are_two_articles_and_a_flush_start_is_still_found(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "two.pdf", beside(False)))
    assert "I1" in r.counts, r.format()
    assert any(v.text == han(13, 40) for v in r.violations), r.format()


def test_a_column_runs_on_through_a_list_to_the_paragraph_at_its_foot(tmp_path):
    """A paragraph, a list, a paragraph that runs on into the next column:
    the next column continues the last paragraph, not the one above the list
    (whose short last line is its end, not a ragged line)."""
    p = Page()
    p.para(5)
    for n, mark in enumerate(("1.", "2.")):
        p.lines.append((mark_x(mark), p.y + PITCH, mark))
        p.line(han(11, n * 7), LEFT + 2 * EM)
        p.line(han(4, n * 7 + 11), LEFT + 2 * EM)
    p.line(han(11, 30), LEFT + 2 * EM)
    p.line(han(13, 41))
    p.y = 100.0
    p.line(han(13, 54), RIGHT_COLUMN)
    p.line(han(6, 67), RIGHT_COLUMN)
    r = audit_pdf(make_pdf(tmp_path / "list.pdf", p))
    assert r.passed, r.format()


def test_a_paragraph_after_an_item_whose_last_line_is_full_is_not_read_as_the_item(tmp_path):
    """An item ending with a full line, then a paragraph: its first line
    stands where item lines hang (2 em), its second flush — a paragraph,
    not more of the item (whose flush line would start without an indent)."""
    p = Page()
    p.para(5)
    p.lines.append((mark_x("4."), p.y + PITCH, "4."))
    p.line(han(11, 3), LEFT + 2 * EM)
    p.line(han(11, 14), LEFT + 2 * EM)  # full: the item could go on
    p.line(han(11, 25), LEFT + 2 * EM)  # … but this is a paragraph's first line
    p.line(han(13, 36))
    p.line(han(5, 49))
    r = audit_pdf(make_pdf(tmp_path / "after.pdf", p))
    assert r.passed, r.format()
    assert r.checked["I1"] == 2, r.checked  # the paragraph above the item and the one after it
