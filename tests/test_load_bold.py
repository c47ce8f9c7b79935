"""**bold** in Chinese text (layout.load.body): the pairs the editor wrote,
whatever Chinese punctuation stands inside them or beside them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from layout.errors import Diagnostic
from layout.load.body import BodySource, parse_body
from layout.model.document import TextBlock


def spans(md: str) -> list[tuple[str, bool]]:
    errors: list[Diagnostic] = []
    blocks = parse_body(BodySource(md, "a.md", 0, 0), errors)
    assert not errors, errors
    block = blocks[0]  # a list's first item is a block of its own
    assert isinstance(block, TextBlock)
    out: list[tuple[str, bool]] = []
    for s in block.spans:  # runs of one weight, merged
        if out and out[-1][1] == s.bold:
            out[-1] = (out[-1][0] + s.text, s.bold)
        else:
            out.append((s.text, s.bold))
    return out


def test_a_bold_lead_in_ending_in_a_colon_closes_before_the_han_text_after_it():
    assert spans("**注意：**请按时参加。") == [("注意：", True), ("请按时参加。", False)]
    assert spans("**特别提醒：**活动当天请带好证件。") == [("特别提醒：", True), ("活动当天请带好证件。", False)]


def test_bold_quotes_and_digits_inside_han_text():
    assert spans("请看**“引号开头”**的强调，数字**2026年**起。") == [
        ("请看", False), ("“引号开头”", True), ("的强调，数字", False), ("2026年", True), ("起。", False)]


def test_a_list_items_bold_lead_in():
    assert spans("- **第一项：**说明文字\n- 第二项\n") == [("第一项：", True), ("说明文字", False)]


def test_latin_text_keeps_commonmarks_rule():
    assert spans("a **b** c") == [("a ", False), ("b", True), (" c", False)]
    assert spans("a**.b.**c") == [("a**.b.**c", False)]  # CommonMark: no bold between a mark and a letter


_CHARS = st.sampled_from(list("社区居民活动通知时间地点电话年月日周二ABCxyz0123456789，。：；、“”《》（）！？—…"))
_TEXT = st.text(_CHARS, min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=4), _TEXT)
def test_bold_pairs_are_read_as_written(pairs, tail):
    """Any run of Chinese text, digits, Latin letters and Chinese marks:
    ``plain**bold**plain…`` gives exactly those runs, bold where written."""
    md = "".join(f"{plain}**{bold}**" for plain, bold in pairs) + tail
    want = [run for plain, bold in pairs for run in ((plain, False), (bold, True))] + [(tail, False)]
    assert spans(md) == want
