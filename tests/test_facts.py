"""The shared character tables (layout.facts.chars) and the audit's own
reading of them."""

from __future__ import annotations

from itertools import pairwise

from layout.check.typography.lines import check_k12
from layout.check.typography.model import Char, Line, Tally
from layout.facts.chars import (
    AFTER_NUMBER,
    AUDIT_START_FORBIDDEN,
    CENTRE_CHARS,
    CJK_BLOCKS,
    END_FORBIDDEN,
    LEFT_CHARS,
    RIGHT_CHARS,
    START_FORBIDDEN,
    SYMBOL_CHARS,
    UNIT_CHARS,
    is_cjk,
    is_han,
    is_hanlike,
)
from layout.text.classes import CENTRE, HAN, LEFT, RIGHT, SYMBOL, UNIT, char_class


def _line(text: str, base: float = 100.0) -> Line:
    chars = [Char(t, 10.0 * i, 10.0 * i + 10.0, base, 10.0, "Body", (0.0, 0.0, 0.0)) for i, t in enumerate(text)]
    return Line(1, chars, base, 10.0, body=True)


def _k1(text: str, before: str) -> int:
    tally = Tally()
    check_k12(tally, _line(text), _line(before, 85.0))
    return tally.counts["K1"]


def test_audit_allows_a_unit_mark_at_a_line_start_only_away_from_a_number():
    # the composer never starts a line with ％, the audit judges it by what precedes it
    assert AFTER_NUMBER <= START_FORBIDDEN
    assert not AFTER_NUMBER & AUDIT_START_FORBIDDEN
    assert _k1("％是百分号", "这一行以汉字结束") == 0
    assert _k1("％的居民参加了活动", "这一行以数字结束50") == 1
    assert _k1("°左右", "气温三十") == 0
    assert _k1("°左右", "气温30") == 1
    assert _k1("，开头", "这一行") == 1  # a closing mark is wrong anywhere
    assert _k1("……开头", "这一行") == 1  # so is an ellipsis


def test_the_class_tables_do_not_overlap():
    tables = [LEFT_CHARS, RIGHT_CHARS, CENTRE_CHARS, UNIT_CHARS, SYMBOL_CHARS]
    for i, a in enumerate(tables):
        for b in tables[i + 1 :]:
            assert not set(a) & set(b), (a, b)
    # only the slash may neither start nor end a line
    assert {"/", "／"} == START_FORBIDDEN & END_FORBIDDEN


def test_the_composer_classes_come_from_the_tables():
    for chars, cls in ((LEFT_CHARS, LEFT), (RIGHT_CHARS, RIGHT), (CENTRE_CHARS, CENTRE), (UNIT_CHARS, UNIT), (SYMBOL_CHARS, SYMBOL)):
        assert {char_class(c) for c in chars} == {cls}, chars
    assert char_class("\u4dbf") == HAN and char_class("ア") == HAN and char_class("①") == HAN


def test_the_cjk_blocks_are_sorted_and_disjoint():
    for a, b in pairwise(CJK_BLOCKS):
        assert a.last < b.first, (a, b)


def test_han_is_the_ideographs_only():
    assert all(is_han(c) for c in "中㐀\U00020000\uf900龥")
    assert not any(is_han(c) for c in "〇。，ア①Ａ䷀a")  # U+4DC0 is a Yijing hexagram, not Han
    assert is_hanlike("〇") and is_hanlike("ア") and is_hanlike("Ａ") and not is_hanlike("①")
    assert is_cjk("。") and is_cjk("“") and is_cjk("中") and not is_cjk("a") and not is_cjk("ア")


def test_every_place_naming_the_pdfx_standards_names_the_same_ones():
    """Type checkers need the standards spelled as Literal types in the theme's
    schema and the labeller; they must be exactly the ones the facts know."""
    from typing import get_args

    from layout.facts.printing import PDFX_VERSIONS
    from layout.load.schema import PrintTheme
    from layout.pdfx.label import STANDARDS, Standard

    assert set(get_args(Standard)) == set(PDFX_VERSIONS) == set(STANDARDS)
    assert set(get_args(PrintTheme.model_fields["standard"].annotation)) == set(PDFX_VERSIONS)
    assert STANDARDS == {"PDF/X-4": "1.6", "PDF/X-1a:2003": "1.4"}
