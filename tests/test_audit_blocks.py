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
PAGE = 520.0
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
    photos: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom
    heads: list[tuple[float, float, str, float]] = field(default_factory=list)  # x, baseline, text, size: subheads
    grounds: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom: tinted boxes
    spread: dict[tuple[float, float], float] = field(default_factory=dict)  # (x, baseline) of a line → its advance per character
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
    for x0, top, x1, bottom in page.grounds:  # drawn first, as the make-up does: the text over the tint
        c.setFillColorCMYK(0, 0.06, 0.12, 0)
        c.setLineWidth(0.5)
        c.rect(x0, PAGE - bottom, x1 - x0, bottom - top, stroke=1, fill=1)
        c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont(font(), 18)
    c.drawString(LEFT, PAGE - 80, "社区通知")
    c.setFont(font(), EM)
    for x, base, text in page.lines:
        if text.isascii():
            c.drawString(x, PAGE - base, text)
            continue
        step = page.spread.get((x, base), EM)
        for i, ch in enumerate(text):
            c.drawString(x + i * step, PAGE - base, ch)
    for x0, x1, y, w in page.rules:
        c.setLineWidth(w)
        c.line(x0, PAGE - y, x1, PAGE - y)
    for x, base, text, size in page.heads:
        c.setFont(font(), size)
        c.drawString(x, PAGE - base, text)
    if page.photos:
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        grey = ImageReader(Image.new("L", (8, 8), 128))
        for x0, top, x1, bottom in page.photos:
            c.drawImage(grey, x0, PAGE - bottom, x1 - x0, bottom - top)
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


def table_then_run_on() -> Page:
    """One article in two columns: a paragraph whose last line is full (its
    。 set whole, ending at the frame edge), a 三线表, a paragraph that starts
    under the table at the column's foot and runs on into the second column."""
    p = Page()
    p.line(han(11), LEFT + 2 * EM)
    p.line(han(13, 11))
    p.line(han(12, 24) + "。")
    top = p.y + PITCH / 2
    p.line("门诊")
    p.lines.append((LEFT + 5 * EM, p.y, "时间"))
    head = p.y + PITCH / 2
    for n in range(3):
        p.line(han(2, 3 * n))
        p.lines.append((LEFT + 5 * EM, p.y, han(8, 4 + n)))
    bottom = p.y + PITCH / 2
    p.rules += [(LEFT, LEFT + W, top, 1.0), (LEFT, LEFT + W, head, 0.5), (LEFT, LEFT + W, bottom, 1.0)]
    p.line(han(11, 20), LEFT + 2 * EM)
    p.line(han(13, 31))
    right = LEFT + W + 2 * EM
    p.y = 100.0
    p.line(han(13, 44), right)
    p.line(han(13, 57), right)
    p.line(han(5, 70), right)
    return p


def test_text_goes_on_under_a_table_as_under_a_photo(tmp_path):
    # the paragraph above the table ends there (its full last line keeps its 。 whole);
    # the one under the table runs on into the next column
    r = audit_pdf(make_pdf(tmp_path / "table.pdf", table_then_run_on()))
    assert r.passed, r.format()
    assert r.checked["I1"] == 2, r.checked


def item_at_a_foot_under_other_text() -> Page:
    """Two articles in two columns: the first article's two columns of text at
    the top; far below (where a second article's headline stands) the second
    article, whose list item fills the first column to its foot; its next item
    opens the second column.  The first article's second column is not the
    item's continuation."""
    p = Page()
    right = LEFT + W + 2 * EM
    p.line(han(11), LEFT + 2 * EM)
    p.line(han(13, 11))
    p.y = 100.0
    p.line(han(13, 24), right)
    p.line(han(6, 37), right)
    p.y = 100.0 + 10 * PITCH  # the second article's headline goes here
    p.line(han(11, 3), LEFT + 2 * EM)
    p.line(han(4, 14))
    p.lines.append((mark_x("1."), p.y + PITCH, "1."))
    p.line(han(11, 20), LEFT + 2 * EM)
    p.line(han(11, 31), LEFT + 2 * EM)
    p.y = 100.0 + 10 * PITCH
    p.lines.append((right + 1.5 * EM - pdfmetrics.stringWidth("2.", font(), EM), p.y + PITCH, "2."))
    p.line(han(11, 40), right + 2 * EM)
    p.line(han(3, 51), right + 2 * EM)
    return p


def test_a_list_item_at_a_columns_foot_is_not_continued_in_text_above_its_article(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "item.pdf", item_at_a_foot_under_other_text()))
    assert r.passed, r.format()


def paragraph_list_paragraph() -> Page:
    """One article in two columns: a paragraph, a list item, and a paragraph
    that starts under the list at the column's foot and runs on into the
    second column.  The first paragraph ends above the list."""
    p = Page()
    p.para(5)
    p.lines.append((mark_x("4."), p.y + PITCH, "4."))
    p.line(han(11, 20), LEFT + 2 * EM)
    p.line(han(11, 31), LEFT + 2 * EM)
    p.line(han(3, 42), LEFT + 2 * EM)
    p.line(han(11, 45), LEFT + 2 * EM)
    p.line(han(13, 56))
    right = LEFT + W + 2 * EM
    p.y = 100.0
    p.line(han(13, 3), right)
    p.line(han(13, 16), right)
    p.line(han(5, 29), right)
    return p


def test_a_paragraph_above_a_list_ends_there_and_the_one_under_it_runs_on(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "list.pdf", paragraph_list_paragraph()))
    assert r.passed, r.format()


def text_skips_a_photo_column() -> Page:
    """An article in three columns with photos over them: the text runs from
    the first column's foot to the third, past the middle column, whose photo
    (taller than the others) and its caption fill it down to two lines above
    the text's first line."""
    p = Page()
    step = W + 2 * EM
    for col, bottom in ((0, 130.0), (1, 160.0), (2, 130.0)):
        p.photos.append((LEFT + col * step, 100.0, LEFT + col * step + W, bottom))
    p.y = 175.0
    p.line(han(11), LEFT + 2 * EM)
    p.line(han(13, 11))
    p.line(han(13, 24))
    p.y = 175.0
    p.line(han(13, 37), LEFT + 2 * step)
    p.line(han(13, 50), LEFT + 2 * step)
    p.line(han(6, 63), LEFT + 2 * step)
    return p


def test_text_may_skip_a_column_its_photo_fills(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "skip.pdf", text_skips_a_photo_column()))
    assert r.passed, r.format()


SUB = 10.5  # a subhead's size: a heading, within 1.3 em of the body


def subhead_then_photo_column() -> Page:
    """One article in two columns: in the first a paragraph, a subhead and a
    paragraph to the column's foot; in the second a photo, and under it the
    last lines of that paragraph, starting level with the subhead (above the
    paragraph's own first line)."""
    p = Page()
    p.para(5)
    p.y += PITCH  # the subhead's air
    p.heads.append((LEFT, p.y + PITCH, "小标题", SUB))
    p.y += PITCH
    p.line(han(11, 9), LEFT + 2 * EM)
    for n in range(6):
        p.line(han(13, 20 + 13 * n))
    right = LEFT + W + 2 * EM
    p.photos.append((right, 100.0, right + W, 145.0))
    p.y = 100.0 + 4 * PITCH
    p.line(han(13, 3), right)
    p.line(han(5, 16), right)
    return p


def test_text_under_a_photo_continues_the_foot_of_the_column_before_past_its_subhead(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "sub.pdf", subhead_then_photo_column()))
    assert r.passed, r.format()


def two_stacked_articles() -> Page:
    """Two articles stacked in two columns: the first runs from the first
    column into the second; six lines below it the second article opens with a
    subhead in the first column (its headline stands over other columns) and
    also runs into the second column."""
    p = Page()
    right = LEFT + W + 2 * EM
    p.line(han(11), LEFT + 2 * EM)
    for n in range(3):
        p.line(han(13, 11 + 13 * n))
    p.y = 100.0
    p.line(han(13, 3), right)
    p.line(han(4, 16), right)
    top = 100.0 + 4 * PITCH + 6 * PITCH
    p.heads.append((LEFT, top - PITCH, "小标题", SUB))
    p.y = top - PITCH
    p.line(han(11, 20), LEFT + 2 * EM)
    for n in range(4):
        p.line(han(13, 31 + 13 * n))
    p.y = top - PITCH
    p.line(han(13, 30), right)
    p.line(han(13, 43), right)
    p.line(han(4, 56), right)
    return p


def test_a_subhead_six_lines_below_a_column_opens_another_article(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "stack.pdf", two_stacked_articles()))
    assert r.passed, r.format()


def item_over_three_columns() -> Page:
    """A list item that starts at the first column's foot, fills the second
    and ends in the third: its lines hang 2 em in every column."""
    p = Page()
    p.para(5)
    p.lines.append((mark_x("4."), p.y + PITCH, "4."))
    p.line(han(11, 20), LEFT + 2 * EM)
    p.line(han(11, 31), LEFT + 2 * EM)
    step = W + 2 * EM
    for col, n in ((1, 6), (2, 3)):
        p.y = 100.0
        for i in range(n):
            last = col == 2 and i == n - 1
            p.line(han(4 if last else 11, 42 + 11 * (6 * (col - 1) + i)), LEFT + col * step + 2 * EM)
    return p


def test_a_list_item_running_over_three_columns_is_one_item(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "item3.pdf", item_over_three_columns()))
    assert r.passed, r.format()
    assert r.checked["I1"] == 1, r.checked  # the paragraph; the item's lines are judged as the item's


def boxed_list_over_an_article() -> Page:
    """A boxed notice over two columns (its text inset ½ em on each side:
    12 em): a paragraph running from the first column into the second, and a
    list item; under the box in the second column an article whose lines run
    the column's full 13 em, and a third column of full lines beside."""
    p = Page()
    step = W + 2 * EM
    for col in (0, 1):
        p.y = 100.0
        box = LEFT + col * step + EM / 2
        if col == 0:
            p.line(han(10), box + 2 * EM)
            p.line(han(12, 10), box)
            p.line(han(12, 22), box)
            continue
        p.line(han(12, 34), box)
        p.line(han(3, 46), box)
        p.lines.append((box + 1.5 * EM - pdfmetrics.stringWidth("1.", font(), EM), p.y + PITCH, "1."))
        p.line(han(10, 25), box + 2 * EM)
        p.line(han(4, 35), box + 2 * EM)
        p.y += 3 * PITCH
        p.line(han(11, 40), LEFT + step + 2 * EM)
        p.line(han(13, 51), LEFT + step)
        p.line(han(13, 64), LEFT + step)
        p.line(han(4, 77), LEFT + step)
    p.y = 100.0
    p.line(han(11, 3), LEFT + 2 * step + 2 * EM)
    p.line(han(13, 14), LEFT + 2 * step)
    p.line(han(13, 27), LEFT + 2 * step)
    p.line(han(5, 40), LEFT + 2 * step)
    return p


def test_a_boxed_notices_inset_columns_and_list_are_read_as_set(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "box.pdf", boxed_list_over_an_article()))
    assert r.passed, r.format()


def test_a_number_on_a_last_line_is_no_lone_character():
    from layout.check.typography.blocks import check_last_line
    from layout.check.typography.model import Char, Line, Style, Tally

    st = Style(EM, "Serif", (0.0, 0.0, 0.0))

    def judged(text: str) -> list[str]:
        chars, x = [], LEFT
        for ch in text:
            w = EM / 2 if ch.isascii() else EM
            chars.append(Char(ch, x, x + w, 100.0, EM, "Serif", (0.0, 0.0, 0.0)))
            x += w
        a = Tally()
        check_last_line(a, st, Line(1, chars, 100.0, EM, body=True), "")
        return [v.rule for v in a.violations]

    assert judged("119。") == []  # 拨打 / 119。: a number, not a 孤字
    assert judged("的。") == ["O1"] and judged("12。") == ["O1"] and judged("了。”") == ["O1"]
    assert judged("好的。") == []


def list_opens_a_column() -> Page:
    """An article under its headline: a list opens the first column, a
    paragraph follows it to the column's foot and runs on into the second
    column, which opens under the headline (another article's text above both)."""
    p = Page()
    right = LEFT + W + 2 * EM
    p.line(han(11, 5), LEFT + 2 * EM)  # the article above, in both columns
    p.line(han(13, 16))
    p.line(han(13, 29))
    p.y = 100.0
    p.line(han(13, 42), right)
    p.line(han(13, 55), right)
    p.line(han(6, 68), right)
    p.heads.append((LEFT, 100.0 + 6 * PITCH, "垃圾分类新规来了　夏季用电", 18.0))
    p.y = 100.0 + 7 * PITCH
    for n, mark in enumerate(("1.", "2.")):
        p.lines.append((mark_x(mark), p.y + PITCH, mark))
        p.line(han(11, 3 * n), LEFT + 2 * EM)
        p.line(han(4, 3 * n + 11), LEFT + 2 * EM)
    p.line(han(11, 40), LEFT + 2 * EM)
    p.line(han(13, 51))
    p.line(han(13, 64))
    p.y = 100.0 + 7 * PITCH
    p.line(han(13, 77), right)
    p.line(han(5, 90), right)
    return p


def test_a_column_a_list_opens_runs_on_into_the_next_one(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "lists.pdf", list_opens_a_column()))
    assert r.passed, r.format()


def boxed_table_and_paragraph() -> Page:
    """A boxed notice in the second column (inset ½ em): a 三线表 and under
    it a two-line paragraph, beside a column of the article around it."""
    p = Page()
    p.para(5)
    p.para(6, 9)
    box = LEFT + W + 2 * EM + EM / 2
    p.y = 100.0
    top = p.y + PITCH / 2
    p.line("门诊", box)
    p.lines.append((box + 5 * EM, p.y, "时间"))
    head = p.y + PITCH / 2
    p.line("全科", box)
    p.lines.append((box + 5 * EM, p.y, han(7, 3)))
    bottom = p.y + PITCH / 2
    p.rules += [(box, box + W - EM, top, 1.0), (box, box + W - EM, head, 0.5), (box, box + W - EM, bottom, 1.0)]
    p.line(han(10, 20), box + 2 * EM)
    p.line(han(4, 30), box)
    p.y += 3 * PITCH  # the article under the box, in the column's full 13 em
    p.line(han(11, 40), LEFT + W + 2 * EM + 2 * EM)
    p.line(han(13, 51), LEFT + W + 2 * EM)
    p.line(han(13, 64), LEFT + W + 2 * EM)
    p.line(han(4, 77), LEFT + W + 2 * EM)
    return p


def test_a_paragraph_under_a_table_in_a_boxed_notice_keeps_the_boxs_frame(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "boxtable.pdf", boxed_table_and_paragraph()))
    assert r.passed, r.format()


def headline_over_two_of_three_columns() -> Page:
    """An article in three columns under a headline over the first two only
    (another article's text above all three): text, then a list and a
    paragraph to the second column's foot, which runs on into the third
    column's top, level with the first column's."""
    p = Page()
    step = W + 2 * EM
    for col in range(3):  # the article above
        p.y = 100.0
        x = LEFT + col * step
        p.line(han(11, 5 + col), x + 2 * EM)
        p.line(han(6, 16 + col), x)
    p.heads.append((LEFT, 100.0 + 4 * PITCH, "文明养宠倡议书", 2 * EM))
    top = 100.0 + 5 * PITCH
    p.y = top
    p.line(han(11), LEFT + 2 * EM)
    for n in range(5):
        p.line(han(13, 11 + 13 * n))
    p.y = top
    for n, mark in enumerate(("1.", "2.")):
        p.lines.append((mark_x(mark) + step, p.y + PITCH, mark))
        p.line(han(11, 3 * n), LEFT + step + 2 * EM)
        p.line(han(4, 3 * n + 11), LEFT + step + 2 * EM)
    p.line(han(11, 40), LEFT + step + 2 * EM)
    p.line(han(13, 51), LEFT + step)
    p.y = top
    p.line(han(13, 64), LEFT + 2 * step)
    p.line(han(5, 77), LEFT + 2 * step)
    return p


def test_a_column_beside_a_headline_over_the_others_opens_level_with_them(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "beside.pdf", headline_over_two_of_three_columns()))
    assert r.passed, r.format()


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
    p.heads.append((LEFT, 100.0 + 6.6 * PITCH, "社区通知", HEAD))
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


def item_beside_a_headline() -> Page:
    """An article under another one (a rule across both columns), its
    headline over the first column only: under the headline a paragraph and
    a list item whose lines are full down to the column's foot; the item
    goes on at the head of the second column, beside the headline, at the
    top of the article (hung 2 em, ending short)."""
    p = Page()
    p.para(5)  # the article above: a paragraph in each column
    p.y = 100.0
    p.line(han(11, 9), RIGHT_COLUMN + 2 * EM)
    p.line(han(13, 20), RIGHT_COLUMN)
    p.line(han(6, 33), RIGHT_COLUMN)
    p.rules.append((LEFT, RIGHT_COLUMN + W, 100.0 + 4.6 * PITCH, 0.5))
    p.y = 100.0 + 5 * PITCH
    p.line(han(11, 40), RIGHT_COLUMN + 2 * EM)  # rows 6-8: the item's end, beside the headline
    p.line(han(11, 51), RIGHT_COLUMN + 2 * EM)
    p.line(han(4, 62), RIGHT_COLUMN + 2 * EM)
    p.heads.append((LEFT, 100.0 + 6.6 * PITCH, "社区通知", HEAD))
    p.y = 100.0 + 7 * PITCH
    p.para(6, 12)  # rows 8-11 under the headline
    p.lines.append((mark_x("1."), p.y + PITCH, "1."))
    p.line(han(11, 3), LEFT + 2 * EM)  # rows 12-13: the item, full to the foot
    p.line(han(11, 14), LEFT + 2 * EM)
    return p


def test_a_list_item_goes_on_in_a_column_beside_its_articles_headline(tmp_path):
    """The column beside a headline over only some of an article's columns
    opens at the article's rule, above the item's own column: the item goes
    on there (read as the item's, not as a paragraph hung 2 em)."""
    r = audit_pdf(make_pdf(tmp_path / "item-beside.pdf", item_beside_a_headline()))
    assert r.passed, r.format()
    assert r.checked["I1"] == 3, r.checked  # the paragraphs above and under the rule, not the item's lines


def text_over_a_photo_column_above_a_rule() -> Page:
    """Two articles, one under the other, a rule across all three columns
    between them.  The upper one: text down the first column, the second
    column a photo, the third a photo and under it the text run on from the
    first column's foot.  The lower one: a headline over two columns, a
    paragraph in the first, a subhead opening the second over the article's
    last paragraph; the third column a photo."""
    p = Page()
    step = W + 2 * EM
    p.photos += [(LEFT + step, 100.0, LEFT + step + W, 100.0 + 6 * PITCH),
                 (LEFT + 2 * step, 100.0, LEFT + 2 * step + W, 100.0 + 2 * PITCH)]
    p.line(han(11), LEFT + 2 * EM)
    for i in range(5):
        p.line(han(13, 11 + 13 * i))  # rows 2-6, the last full: runs on
    p.y = 100.0 + 3 * PITCH
    for i in range(2):
        p.line(han(13, 5 + 13 * i), LEFT + 2 * step)  # rows 4-5 under the photo, flush: the run-on
    p.line(han(4, 31), LEFT + 2 * step)
    rule = 100.0 + 7.6 * PITCH
    p.rules.append((LEFT, LEFT + 2 * step + W, rule, 0.5))
    p.photos.append((LEFT + 2 * step, rule + PITCH, LEFT + 2 * step + W, rule + 7 * PITCH))
    p.heads.append((LEFT, 100.0 + 9.6 * PITCH, "社区通知", HEAD))
    p.y = 100.0 + 10 * PITCH
    p.para(6, 12)  # rows 11-14
    p.heads.append((LEFT + step, 100.0 + 11 * PITCH, "活动安排", SUB))
    p.y = 100.0 + 12 * PITCH
    p.line(han(11, 20), LEFT + step + 2 * EM)
    p.line(han(13, 31), LEFT + step)
    p.line(han(13, 44), LEFT + step)
    p.line(han(3, 57), LEFT + step)  # the article's end
    return p


def test_text_above_an_articles_rule_does_not_run_on_from_the_article_under_it(tmp_path):
    """The column under the upper article's photo continues its first
    column across the photo column, not the lower article's column beside
    it (which opens lower, under the rule across both: another article)."""
    r = audit_pdf(make_pdf(tmp_path / "above-rule.pdf", text_over_a_photo_column_above_a_rule()))
    assert r.passed, r.format()


def article_under(p: Page, top: float) -> Page:
    """An article in both columns of the page (13 em) whose first lines
    stand at ``top``, under a rule across both: the first column's paragraph
    runs on (its last line full) into the second."""
    p.rules.append((LEFT, RIGHT_COLUMN + W, top - 0.4 * PITCH, 0.5))
    p.y = top
    p.para(13, 3)
    p.y = top
    p.line(han(13, 40), RIGHT_COLUMN)
    p.line(han(13, 53), RIGHT_COLUMN)
    p.line(han(6, 66), RIGHT_COLUMN)
    return p


def boxed_notice_of_two_line_columns(ragged: bool = False) -> Page:
    """A boxed notice across two columns, every column inset ½ em on each
    side (12 em wide) and two lines deep: the first column an indented line
    and a full flush one, the second a full flush line and a short one.
    Under it an article in both columns of the page (13 em).  ``ragged``:
    the second column's first line 2 em short."""
    p = Page()
    pad = EM / 2
    p.grounds.append((LEFT, 100.0 - PITCH / 2, RIGHT_COLUMN + W, 100.0 + 3 * PITCH))
    p.line(han(10), LEFT + pad + 2 * EM)
    p.line(han(12, 10), LEFT + pad)
    p.y = 100.0
    p.line(han(10 if ragged else 12, 22), RIGHT_COLUMN + pad)
    p.line(han(5, 34), RIGHT_COLUMN + pad)
    return article_under(p, 100.0 + 4 * PITCH)


def test_a_boxed_notices_columns_are_the_pages_inset_even_when_a_line_or_two_deep(tmp_path):
    """The tint marks the box: its columns start a column step apart and are
    narrower by the inset on each side, so a column holding one flush line
    (under an indented one) is read against its own edges, not the page's."""
    r = audit_pdf(make_pdf(tmp_path / "box2.pdf", boxed_notice_of_two_line_columns()))
    assert r.passed, r.format()
    assert r.checked["I1"] == 2, r.checked  # the box's paragraph and the article's


def test_a_ragged_line_in_a_boxed_notices_column_is_still_found(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "box2-ragged.pdf", boxed_notice_of_two_line_columns(ragged=True)))
    assert [(v.rule, v.text) for v in r.violations] == [("J1", han(10, 22))], r.format()


def item_at_a_foot_beside_a_paragraph_after_a_gap() -> Page:
    """A photo over the first column, a list item under it whose lines are
    full to the column's foot (its end).  Beside it, the second column: a
    paragraph, one blank line (vertical justification), and a paragraph
    whose first line stands level with the item's mark, hung 2 em as an
    item's line would be, its second line flush."""
    p = Page()
    p.photos.append((LEFT, 100.0, LEFT + W, 100.0 + 6 * PITCH))
    p.y = 100.0 + 7 * PITCH
    p.lines.append((mark_x("1."), p.y + PITCH, "1."))
    for i in range(3):
        p.line(han(11, 11 * i), LEFT + 2 * EM)  # rows 8-10
    p.y = 100.0
    p.line(han(11, 5), RIGHT_COLUMN + 2 * EM)
    for i in range(4):
        p.line(han(13, 16 + 13 * i), RIGHT_COLUMN)
    p.line(han(6, 68), RIGHT_COLUMN)  # rows 1-6
    p.y = 100.0 + 7 * PITCH
    p.line(han(11, 20), RIGHT_COLUMN + 2 * EM)  # row 8
    p.line(han(13, 31), RIGHT_COLUMN)
    p.line(han(4, 44), RIGHT_COLUMN)
    return p


def test_a_paragraph_beside_an_items_end_is_not_its_continuation(tmp_path):
    """An item goes on only at the head of the next column, not at a
    paragraph's first line lower down it (after a blank line): that one,
    with its second line flush, opens a paragraph."""
    r = audit_pdf(make_pdf(tmp_path / "item-gap.pdf", item_at_a_foot_beside_a_paragraph_after_a_gap()))
    assert r.passed, r.format()
    assert r.checked["I1"] == 2, r.checked


def short_items_of_one_length() -> Page:
    """A paragraph, then three bulleted items: two short ones of one length
    (they end level, 2 em short of the column's edge) and a third whose
    first line is full."""
    p = Page()
    p.para(13)  # full lines, its last ending at the edge too
    p.line(han(5, 50))
    for n, k in enumerate((9, 9, 11)):
        p.lines.append((mark_x("●"), p.y + PITCH, "●"))
        p.line(han(k, 7 * n), LEFT + 2 * EM)
    p.line(han(2, 30), LEFT + 2 * EM)
    return p


def test_items_ending_level_short_of_the_edge_do_not_make_it(tmp_path):
    """The column's right edge is read from its paragraph's lines, not from
    two short items that end level: the full item line is not past it."""
    r = audit_pdf(make_pdf(tmp_path / "short-items.pdf", short_items_of_one_length()))
    assert r.passed, r.format()


def subhead_then_list_then_paragraph() -> Page:
    """A paragraph that ends, a subhead, a numbered list, a paragraph run on
    into the next column, which ends it."""
    p = Page()
    p.para(5)  # rows 1-4, a blank row 5
    p.heads.append((LEFT, p.y + 2 * PITCH, "办事指南", SUB))  # row 6
    p.y += 2 * PITCH
    for n, mark in enumerate(("1.", "2.")):
        p.lines.append((mark_x(mark), p.y + PITCH, mark))
        p.line(han(11, n * 7), LEFT + 2 * EM)
        p.line(han(3, n * 7 + 11), LEFT + 2 * EM)
    p.para(13, 20)  # its last line full: runs on
    p.y = 100.0
    p.line(han(13, 3), RIGHT_COLUMN)
    p.line(han(4, 16), RIGHT_COLUMN)
    return p


def test_a_column_runs_on_through_a_subhead_and_its_list(tmp_path):
    """The next column continues the paragraph under the list, not the one
    above the subhead (whose short last line is its end)."""
    r = audit_pdf(make_pdf(tmp_path / "sub-list.pdf", subhead_then_list_then_paragraph()))
    assert r.passed, r.format()


def table_with_an_address(cell_lines: tuple[str, ...]) -> Page:
    """A paragraph, then a 三线表 whose second column's cell holds an e-mail
    address wrapped over several lines, then a paragraph."""
    p = Page()
    p.para(5)
    top = p.y + PITCH / 2
    p.line("姓名")
    p.lines.append((LEFT + 4 * EM, p.y, "邮箱"))
    head = p.y + PITCH / 2
    p.line("张三")
    p.lines.append((LEFT + 4 * EM, p.y, cell_lines[0]))
    for text in cell_lines[1:]:
        p.y += PITCH
        p.lines.append((LEFT + 4 * EM, p.y, text))
    bottom = p.y + PITCH / 2
    p.rules += [(LEFT, LEFT + W, top, 1.0), (LEFT, LEFT + W, head, 0.5), (LEFT, LEFT + W, bottom, 1.0)]
    p.para(7, 9)
    return p


def test_an_address_in_a_table_cell_breaks_at_its_own_marks(tmp_path):
    """A cell's address wraps before its dots and @ as in the text (no K1);
    a cell line starting with a Chinese comma is still one."""
    ok = audit_pdf(make_pdf(tmp_path / "cell.pdf", table_with_an_address(("zhangsan", ".longname", "@example", ".com.cn"))))
    assert ok.passed, ok.format()
    bad = audit_pdf(make_pdf(tmp_path / "cell-bad.pdf", table_with_an_address(("社区服务", "，周二"))))
    assert [v.rule for v in bad.violations] == ["K1"], bad.format()


def test_a_short_issues_body_is_found_by_its_long_lines(tmp_path):
    """One short article: fewer body characters (9 pt) than the masthead's
    and the 导读's short lines (8.5 pt), never lines as long: the body is
    the 9-pt text (the masthead's lines are not read as paragraphs)."""
    p = Page()
    p.para(4)  # 11 + 13 + 13 + 4 characters
    for i in range(12):  # a column of masthead lines: 期号, 日期, 星期, 二维码 …
        p.heads.append((LEFT + W + 4 * EM, 100.0 + i * PITCH, han(4, i), 8.5))
    r = audit_pdf(make_pdf(tmp_path / "short.pdf", p))
    assert r.em == EM, r.format()
    assert r.passed, r.format()


def boxed_list_under_an_article() -> Page:
    """An article's full lines (13 em) down a column, then a boxed notice in
    the same column (12 em inset ½ em a side): a paragraph, two bulleted
    items hung 2 em inside the box (the second's first line justified: its
    characters ⅛ em apart), a paragraph."""
    p = Page()
    p.line(han(11), LEFT + 2 * EM)
    for i in range(9):
        p.line(han(13, 11 + 13 * i))
    p.line(han(6, 3))
    p.y += PITCH
    inner = LEFT + EM / 2
    p.grounds.append((LEFT, p.y + PITCH / 2, LEFT + W, p.y + 13 * PITCH))
    p.y += PITCH
    p.line(han(10), inner + 2 * EM)
    p.line(han(12, 10), inner)
    p.line(han(4, 22), inner)
    for n, lengths in enumerate(((10, 10, 3), (9, 4))):
        p.lines.append((inner + 1.5 * EM - pdfmetrics.stringWidth("●", font(), EM), p.y + PITCH, "●"))
        for k, length in enumerate(lengths):
            p.line(han(length, 30 + 9 * n + 4 * k), inner + 2 * EM)
            if length == 9:  # justified to the item's 10 em
                p.spread[(inner + 2 * EM, p.y)] = EM + EM / 8
    p.line(han(10, 50), inner + 2 * EM)
    p.line(han(12, 60), inner)
    p.line(han(12, 72), inner)
    p.line(han(5, 84), inner)
    return p


def test_an_items_edge_in_a_boxed_notice_is_the_boxs(tmp_path):
    """The article's column above the box has more full lines than the box:
    an item's right edge is still read from the box's own lines."""
    r = audit_pdf(make_pdf(tmp_path / "box-list.pdf", boxed_list_under_an_article()))
    assert r.passed, r.format()


def test_an_items_line_that_starts_like_a_mark_goes_on_with_the_item(tmp_path):
    """An item's line hung where its lines hang that happens to start with
    what could be a mark (…已修缮 / ○○小区… ; 2.0》… in a proof) is the
    item's, not a new item (whose mark would stand left of the hang)."""
    p = Page()
    p.para(5)
    p.lines.append((mark_x("1."), p.y + PITCH, "1."))
    p.line(han(11), LEFT + 2 * EM)
    p.line("○○" + han(8, 11), LEFT + 2 * EM)  # justified to the item's 11 em
    p.spread[(LEFT + 2 * EM, p.y)] = EM * 10 / 9
    p.line(han(11, 19), LEFT + 2 * EM)
    p.line(han(4, 30), LEFT + 2 * EM)
    p.para(6, 9)
    r = audit_pdf(make_pdf(tmp_path / "item-number.pdf", p))
    assert r.passed, r.format()


def boxed_item_alone_in_a_column() -> Page:
    """A boxed notice across two columns (each inset ½ em on each side: 12 em),
    three lines deep: the first column a paragraph (indented, full, short),
    the second only a bulleted item of two lines, its first full (the bullet
    at the column's left, the text hung 2 em in), its second short.  Under
    it an article in both columns of the page (13 em)."""
    p = Page()
    pad = EM / 2
    p.grounds.append((LEFT, 100.0 - PITCH / 2, RIGHT_COLUMN + W, 100.0 + 4 * PITCH))
    p.line(han(10), LEFT + pad + 2 * EM)
    p.line(han(12, 10), LEFT + pad)
    p.line(han(5, 22), LEFT + pad)
    p.y = 100.0
    p.lines.append((RIGHT_COLUMN + pad, p.y + PITCH, "●"))
    p.line(han(10, 27), RIGHT_COLUMN + pad + 2 * EM)
    p.line(han(3, 37), RIGHT_COLUMN + pad + 2 * EM)
    return article_under(p, 100.0 + 5 * PITCH)


def test_an_item_alone_in_a_boxed_notices_column_ends_at_the_boxs_column_edge(tmp_path):
    """Two lines give the item no edge of its own: the box's column (the
    page's, inset alike) does, so its short second line is its last, not a
    paragraph's first line indented 2 em, and its full first line is no
    paragraph's loose last line."""
    r = audit_pdf(make_pdf(tmp_path / "box-item.pdf", boxed_item_alone_in_a_column()))
    assert r.passed, r.format()


def two_continuations_side_by_side(apart: bool = True) -> Page:
    """Two articles' continuations, each a column wide, side by side: over
    each its own head (16 pt) and （上接第2版）, level with the other's.  The
    left one's last line ends its paragraph (short); the right one opens
    flush (the rest of a paragraph from another page).  ``apart=False``:
    the two heads a space apart, as one headline read as two runs."""
    p = Page()
    p.heads.append((LEFT, 80.0, "线上服务", HEAD))
    p.heads.append((RIGHT_COLUMN if apart else LEFT + 4 * HEAD + HEAD, 80.0, "民生实事", HEAD))
    for x in (LEFT, RIGHT_COLUMN):
        p.lines.append((x, 80.0 + PITCH, "（上接第2版）"))
    p.y = 80.0 + 2 * PITCH
    p.line(han(13))
    p.line(han(13, 13))
    p.line(han(6, 26))
    p.y = 80.0 + 2 * PITCH
    p.line(han(13, 40), RIGHT_COLUMN)
    p.line(han(13, 53), RIGHT_COLUMN)
    p.line(han(13, 66), RIGHT_COLUMN)
    p.line(han(4, 79), RIGHT_COLUMN)
    return p


def test_a_column_does_not_run_on_into_another_articles_continuation_beside_it(tmp_path):
    """The left column's short last line ends its article's text: the column
    beside it opens under a head of its own (level with the left one's but
    six ems apart), so it is no run-on and the short line is no ragged line."""
    r = audit_pdf(make_pdf(tmp_path / "two-cont.pdf", two_continuations_side_by_side()))
    assert r.passed, r.format()


def test_one_headline_read_as_two_runs_still_carries_its_columns_on(tmp_path):
    """The same columns under one headline (its two runs a space apart):
    the left column runs on into the right one, so its short last line, a
    paragraph's last line that the right column then continues flush, is
    found ragged (J1)."""
    r = audit_pdf(make_pdf(tmp_path / "one-head.pdf", two_continuations_side_by_side(apart=False)))
    assert "J1" in {v.rule for v in r.violations}, r.format()


def test_a_decimal_number_at_a_line_start_is_no_list_mark():
    """qa3 2026-03-d p4: a column's last line "1.5万人次。项目负责人介绍，" was
    taken for the list item "1.", its paragraph's run-on lines for the item's
    (J2 at the item's narrower edge)."""
    from layout.check.typography.listtable import _split_mark
    from layout.check.typography.model import Char, Line

    def line(text: str) -> Line:
        chars = [Char(t, LEFT + i * EM, LEFT + (i + 1) * EM, 100.0, EM, BODY, (0.0, 0.0, 0.0)) for i, t in enumerate(text)]
        return Line(1, chars, 100.0, EM, body=True)

    assert _split_mark(line("1.5万人次。项目负责人介绍")) is None
    assert _split_mark(line("3．5公里外的社区服务中心")) is None
    for text, mark in (("1.携带本人身份证原件", "1."), ("12.提交至社区受理中心", "12."), ("2、填写申请表", "2、")):
        split = _split_mark(line(text))
        assert split is not None and split[0].text == mark and split[1].text == text[len(mark):]
