"""The composer on narrow measures (qa3 finding 9, 12c): lines next to
unbreakable runs — dates, times, phone numbers, URLs, e-mail addresses —
in boxed notices and list items of 8–14 em, and URLs in headlines.

The rules: a line never starts with a closing mark (a URL's own ``.`` or
``/`` included: it breaks after them) nor ends with an opening one; every
character is kept, in order; the slack of a line goes into its CJK gaps,
never between the characters of a Latin word, a number or an address.
Columns are a whole number of em wide (EM = 10 pt)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layout.facts.addresses import address_breaks
from layout.facts.chars import BEFORE_NUMBER, RIGHT_CHARS, START_FORBIDDEN
from layout.fonts.faces import FontSet
from layout.text.compose import ParaSpec, Run, Style, compose

EM = 10.0
NOTICE = "1月20日（周二）9:00—11:00，天山西路1068号停水，请居民提前做好储水准备。咨询电话：021-62345678。"
ITEM = "填写《居民服务申请表》（可在https://www.shxinjing.gov.cn/forms下载）；"
OPENING = frozenset(RIGHT_CHARS) | frozenset("([{") | BEFORE_NUMBER

HAN = "的一是在不了有和人这中大为上个我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多"
# runs that must stay whole (whole: never broken; range: only after its dash; address: at its punctuation)
WHOLE = ["021-62345678", "13812345678", "1,208", "2.35", "50％", "￥30", "2026"]
RANGES = ["9:00—11:00", "8:30—17:00", "3～5"]
ADDRESSES = ["https://www.shxinjing.gov.cn/service", "www.shxinjing.gov.cn", "xinjing-service@163.com",
             "https://www.changning.sh.cn/xinjing/news/2025/09/index.html?from=print"]
DATES = ["1月20日", "2026年3月15日", "（周二）", "（周日）"]


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return FontSet()


def setp(fonts, text: str, n_em: float, indent: float = 2, **kw):
    spec = ParaSpec(measure=n_em * EM, em=EM, indent=indent, fallback=("serif", "sans"), **kw)
    return compose([Run(text, Style("serif", EM))], spec, fonts)


@st.composite
def notices(draw):
    """(text, spans): a notice of Han text, marks, dates, times, numbers
    and addresses, and the (start, end, kind) of each run that must not
    grow inside."""
    text = ""
    spans: list[tuple[int, int, str]] = []
    for _ in range(draw(st.integers(2, 14))):
        kind = draw(st.sampled_from(["han", "han", "mark", "open", "date", "whole", "range", "address"]))
        if kind == "han":
            text += "".join(draw(st.lists(st.sampled_from(HAN), min_size=2, max_size=9)))
        elif kind == "mark":
            text += draw(st.sampled_from(HAN)) + draw(st.sampled_from("，。、：；"))
        elif kind == "open":
            text += draw(st.sampled_from("《“（")) + "".join(draw(st.lists(st.sampled_from(HAN), min_size=2, max_size=5))) \
                + draw(st.sampled_from("》”）"))
        elif kind == "date":
            text += draw(st.sampled_from(DATES))
        else:
            word = draw(st.sampled_from({"whole": WHOLE, "range": RANGES, "address": ADDRESSES}[kind]))
            text += draw(st.sampled_from(HAN))
            spans.append((len(text), len(text) + len(word), kind))
            text += word + draw(st.sampled_from(HAN))
    return text + "。", spans


def char_xs(line) -> list[float]:
    """The x of every character a line draws (its glyphs' characters at
    their advances)."""
    xs: list[float] = []
    for g in line.glyphs:
        x = g.x
        for ch in g.text:
            xs.append(x)
            x += g.face.advance(ch) * g.size * g.hscale / 100
    return xs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=notices(), width=st.integers(8, 14))
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(fonts, case, width):
    text, _spans = case
    lines = setp(fonts, text, width)
    for i, line in enumerate(lines):
        t = line.text
        if i > 0:
            assert t[0] not in START_FORBIDDEN, f"K1: {t!r} (after {lines[i - 1].text!r})"
        if i < len(lines) - 1:
            assert t[-1] not in OPENING, f"K2: {t!r}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=notices(), width=st.integers(8, 14))
def test_characters_are_kept_in_order_and_never_spaced_apart_inside_a_word_number_or_address(fonts, case, width):
    text, spans = case
    lines = setp(fonts, text, width)
    assert "".join(line.text for line in lines) == text  # every character, in order, nothing added
    # each run set alone and solid: the distances between its characters
    solid = {}
    for a, b, _kind in spans:
        (ref,) = setp(fonts, text[a:b], 60, indent=0)
        solid[a] = char_xs(ref)
    owner = {}
    for a, b, _kind in spans:
        for i in range(a, b):
            owner[i] = a
    pos = 0
    for line in lines:
        xs = char_xs(line)
        assert len(xs) == len(line.text)
        for j in range(len(xs) - 1):
            i = pos + j
            a = owner.get(i)
            if a is None or owner.get(i + 1) != a:
                continue
            ref = solid[a]
            want = ref[i + 1 - a] - ref[i - a]
            got = xs[j + 1] - xs[j]
            assert got == pytest.approx(want, abs=0.01), \
                f"{text[a:a + len(ref)]!r} spaced apart at {text[i:i + 2]!r} on {line.text!r}: {got - want:+.2f} pt"
        pos += len(line.text)


@pytest.mark.parametrize("width", [10, 11, 12, 13, 14])
def test_the_notice_of_qa3_is_not_spaced_out(fonts, width):
    # the line before the time range took its slack in 7 gaps (1 月 20 日 （ 周 二 ）):
    # a range may end a line after its dash, and compression comes first
    lines = setp(fonts, NOTICE, width)
    assert "".join(line.text for line in lines) == NOTICE
    for line in lines[:2]:
        assert line.spread <= 0.2 * EM + 1e-6, f"{line.text!r} spread {line.spread / EM:.2f} em"
    for line in lines[:-1]:
        assert line.spread <= 0.35 * EM + 1e-6, f"{line.text!r} spread {line.spread / EM:.2f} em"


@pytest.mark.parametrize("width", [9, 10, 11, 12, 13])
def test_a_url_in_a_list_item_breaks_after_its_marks_and_is_never_letter_spaced(fonts, width):
    lines = setp(fonts, ITEM, width, indent=0)
    assert "".join(line.text for line in lines) == ITEM
    url = "https://www.shxinjing.gov.cn/forms"
    start = ITEM.index(url)
    pos = 0
    for line in lines[:-1]:
        pos += len(line.text)
        if start < pos < start + len(url):
            assert pos - start in address_breaks(url), f"{line.text!r}: the URL broken inside a segment"
            assert url[pos - start - 1] in "/.", f"{line.text!r}: not after / or ."
        for g in line.glyphs:  # a letter-spaced run is drawn a character at a time
            assert not (len(g.text) == 1 and g.text.isascii() and g.text.isalpha()), f"letter-spaced: {line.text!r}"


TITLE = "扫码登录www.shxinjing.gov.cn，咨询请发邮件至xinjing@163.com"


@pytest.mark.parametrize("width", range(12, 31, 2))
def test_a_headline_breaks_between_phrases_and_inside_a_url_only_when_it_must(fonts, width):
    # qa3 finding 12c: www.shxinjing / .gov.cn，咨询请 (A4 draft of a4/2026-01)
    lines = setp(fonts, TITLE, width, indent=0, justify=False, phrase=True, orphan_han=0)
    assert "".join(line.text for line in lines) == TITLE
    face = fonts.face("serif")
    for word in ("www.shxinjing.gov.cn", "xinjing@163.com"):
        start = TITLE.index(word)
        pos = 0
        for line in lines[:-1]:
            pos += len(line.text)
            if start < pos < start + len(word):
                assert sum(face.advance(c) for c in word) * EM > width * EM, f"{word} broken though it fits: {line.text!r}"
                assert word[pos - start - 1] in "/.@", f"{word} broken at {line.text!r}"
