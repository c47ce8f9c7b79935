"""A line wholly in bold emphasis inside a paragraph is body text to the
typography audit, not a subhead (layout.check.typography.audit.emphasis_lines).

Hand-made lines of the audit's model: a 13-em column of 9 pt."""

from __future__ import annotations

from layout.check.typography.audit import emphasis_lines
from layout.check.typography.model import Char, Line, Style

EM = 9.0
ST = Style(EM, "Serif", (0.0, 0.0, 0.0))


def line(text: str, base: float, font: str = "Serif", size: float = EM) -> Line:
    chars = [Char(ch, 40.0 + i * size, 40.0 + (i + 1) * size, base, size, font, (0.0, 0.0, 0.0))
             for i, ch in enumerate(text)]
    ln = Line(1, chars, base, size)
    ln.body = ST.is_body(ln)
    ln.heading = ST.is_heading(ln)
    return ln


def test_a_bold_line_that_runs_on_from_a_full_line_is_body_text() -> None:
    above = line("对于行动不便确有需要的签约", 100.0)
    bold = line("不转账不汇款不透露验证码做", 100.0 + 1.6 * EM, font="Serif-Bold")
    assert above.body and bold.heading  # as read, before the rule
    emphasis_lines(ST, [above, bold])
    assert bold.body and not bold.heading


def test_a_subhead_after_a_paragraph_end_stays_a_heading() -> None:
    end = line("居民欢迎。", 100.0)  # a paragraph's short last line
    sub = line("防汛防台请做好准备工作提前", 100.0 + 1.6 * EM, font="Serif-Bold")
    emphasis_lines(ST, [end, sub])
    assert sub.heading and not sub.body


def test_a_larger_heading_under_a_full_line_stays_a_heading() -> None:
    above = line("对于行动不便确有需要的签约", 100.0)
    head = line("社区新闻十二字标题", 100.0 + 1.8 * EM, font="Sans-Bold", size=1.3 * EM)
    emphasis_lines(ST, [above, head])
    assert head.heading
