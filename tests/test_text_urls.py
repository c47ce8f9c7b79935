"""URLs, e-mail addresses, phone numbers, times and numbers with units in
body text (issue 9, item 4): where they may break, and that nothing around
them is spaced out.  Columns are a whole number of em wide (EM = 10 pt)."""

from __future__ import annotations

import itertools

import pytest

from layout.facts.addresses import address_breaks, address_segments, is_address, is_address_break
from layout.facts.chars import is_han
from layout.fonts.faces import FontSet
from layout.text.compose import ParaSpec, Run, Style, compose

EM = 10.0


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return FontSet()


def setp(fonts, text, n_em, *, face="serif", justify=True):
    spec = ParaSpec(measure=n_em * EM, em=EM, justify=justify, fallback=("serif", "sans", "kai"))
    return compose([Run(text, Style(face, EM))], spec, fonts)


def cuts(lines) -> list[int]:
    """Offsets (in the text without spaces) where a line ends."""
    out, pos = [], 0
    for line in lines[:-1]:
        pos += len(line.text.replace("\u3000", ""))
        out.append(pos)
    return out


URL = "https://newsletter.example.org/xinjing-community/2025/notice?id=7&lang=zh"
# where a line may end inside URL, by hand: after //, before / . - ? and
# before or after = &  (offsets in URL)
URL_BREAKS = {
    8,  # https://|newsletter
    18, 26,  # |.example |.org
    30,  # |/xinjing
    38,  # xinjing|-community
    48,  # |/2025
    53,  # |/notice
    60,  # notice|?id
    63, 64,  # id|=|7
    65, 66,  # 7|&|lang
    70, 71,  # lang|=|zh
}


def test_the_break_points_of_a_url_are_its_punctuation():
    assert set(address_breaks(URL)) == URL_BREAKS
    assert address_breaks("mailto:ju.min@example-co.org") == [7, 9, 13, 21, 24]
    assert is_address(URL) and is_address("ju.min@example.org") and is_address("www.example.org")
    assert is_address("(https://example.org/a)") and is_address("<ju.min@example.org>")
    for word in ("021-6259-4521", "8:30", "1,268", "v1.2", "Node.js", "WeChat"):
        assert not is_address(word), word


@pytest.mark.parametrize("width", range(8, 21))
def test_a_url_breaks_only_at_its_punctuation(fonts, width):
    text = f"居民可访问{URL}预约。"
    lines = setp(fonts, text, width)
    assert "".join(l.text for l in lines) == text  # no hyphen added, nothing lost
    start = text.index(URL)
    inside = [c - start for c in cuts(lines) if start < c < start + len(URL)]
    assert inside, "the URL is wider than the column: it must break"
    assert set(inside) <= URL_BREAKS, f"breaks {inside} not at the URL's punctuation"
    for line in lines:
        assert line.width <= width * EM + 0.3


def test_an_email_address_breaks_at_its_dot_or_at(fonts):
    mail = "xinjing.shequ.fuwu@example-community.org"
    allowed = set(address_breaks(mail))
    assert allowed == {7, 13, 18, 26, 36}  # |. |. |@ |- |.
    for width in range(8, 14):
        text = f"来稿请发至{mail}，谢谢。"
        lines = setp(fonts, text, width)
        start = text.index(mail)
        inside = [c - start for c in cuts(lines) if start < c < start + len(mail)]
        assert set(inside) <= allowed


def test_a_segment_wider_than_the_column_breaks_between_letters(fonts):
    seg = "averyveryverylongsegmentwithoutanypunctuation"
    url = f"https://example.org/{seg}"
    lines = setp(fonts, f"见{url}", 8)
    text = "".join(l.text for l in lines)
    assert text == f"见{url}"
    start = 1 + url.index(seg)
    inside_seg = [c for c in cuts(lines) if start < c < start + len(seg)]
    assert inside_seg, "a segment wider than the line must break somewhere"
    outside = [c - 1 for c in cuts(lines) if 1 < c < start]
    assert set(outside) <= set(address_breaks(url))
    for line in lines:
        assert line.width <= 8 * EM + 0.3


def test_letters_of_a_segment_that_fits_are_never_parted(fonts):
    url = "https://example.org/community/notice"
    for width in range(8, 16):
        lines = setp(fonts, f"一二三四五六七{url}八九十。", width)
        for a, b in itertools.pairwise(lines):
            assert not (a.text[-1].isascii() and a.text[-1].isalpha() and b.text[0].isascii() and b.text[0].isalpha()), (a.text, b.text)


@pytest.mark.parametrize("width", range(8, 25))
def test_phone_numbers_and_times_never_break(fonts, width):
    text = "（2）电话报名：021-6259-4521、021-6259-4522，时间为每天8:30—11:30和13:30—17:00，名额50个。"
    lines = setp(fonts, text, width)
    assert "".join(l.text for l in lines) == text
    for word in ("021-6259-4521", "021-6259-4522", "8:30—11:30", "13:30—17:00"):
        start = text.index(word)
        assert not [c for c in cuts(lines) if start < c < start + len(word)], f"{word} broken at width {width}"


@pytest.mark.parametrize("width", range(8, 20))
def test_a_number_keeps_its_unit(fonts, width):
    text = "一二三四五六七八九十一二三四五六七共收集旧衣物约500 kg，募集善款3万元，气温35℃。"
    lines = setp(fonts, text, width)
    flat = text.replace(" ", "")
    for word in ("500kg", "3万", "35℃"):
        start = flat.index(word)
        assert not [c for c in cuts(lines) if start < c < start + len(word)], f"{word} broken at width {width}"


def test_no_space_before_chinese_punctuation_after_a_latin_run(fonts):
    lines = setp(fonts, "扫码关注WeChat ，或拨打12345 。", 30, justify=False)
    g = lines[0].glyphs
    for word, mark in (("WeChat", "，"), ("12345", "。")):
        w = next(x for x in g if x.text == word)
        m = next(x for x in g if x.text == mark)
        end = w.x + sum(w.face.advance(c) for c in word) * EM
        assert m.x == pytest.approx(end, abs=0.01), f"a space between {word} and {mark}"


def test_lines_around_a_url_are_not_spaced_out(fonts):
    # the line before a long unbreakable run must not take the slack alone
    text = "为方便居民办事，社区开通了线上预约通道，居民可访问" + URL + "预约，也可拨打电话021-6259-4521咨询。"
    for width in range(10, 16):
        for line in setp(fonts, text, width)[:-1]:
            if line.gaps >= 4:
                assert line.spread <= 0.35 * EM + 1e-6, f"{line.text!r} spread {line.spread / EM:.2f} em"


def han_latin_gaps(line) -> list[float]:
    """The Han ↔ Latin letter/digit gaps of a composed line, in em."""
    out = []
    for p, q in itertools.pairwise(line.glyphs):
        end = p.x + sum(p.face.advance(c) for c in p.text) * p.size * p.hscale / 100
        if (is_han(p.text[-1]) and q.text[0].isascii() and q.text[0].isalnum()) or (
                p.text[-1].isascii() and p.text[-1].isalnum() and is_han(q.text[0])):
            out.append((q.x - end) / EM)
    return out


@pytest.mark.parametrize("width", range(10, 16))
def test_the_han_latin_space_stretches_to_half_an_em_at_most(fonts, width):
    # a justified line before a long address takes its slack in the Han gaps
    # (0.35 em) and the address's letters; the Han–Latin space never passes ½ em
    text = "详情请登录" + URL + "查询，咨询电话021-6259-4521，工作日接待。"
    seen = 0
    for line in setp(fonts, text, width)[:-1]:
        for g in han_latin_gaps(line):
            seen += 1
            assert 0.125 - 0.01 <= g <= 0.5 + 0.01, f"{line.text!r}: Han–Latin gap {g:.2f} em"
    assert seen


def test_the_break_rules_the_audit_shares(fonts):
    word = "https://example.org/" + "a" * 30 + "/x"
    assert address_segments("https://a.org/b") == [(0, 8), (8, 9), (9, 13), (13, 15)]
    widths = [5.0] * len(word)  # ½ em each at EM = 10
    assert is_address_break(word, 8, widths, 130.0)  # after //
    assert not is_address_break(word, 3, widths, 130.0)  # inside "https"
    i = word.index("a" * 30) + 10  # inside the 31-character segment "/aaa…": 155 pt
    assert is_address_break(word, i, widths, 130.0)  # wider than a 13-em column
    assert not is_address_break(word, i, widths, 200.0)  # … not than a 20-em one
    assert not is_address_break(word, 0, widths, 130.0) and not is_address_break(word, len(word), widths, 130.0)


@pytest.mark.parametrize("width", range(10, 16))
def test_a_number_is_never_letter_spaced(fonts, width):
    # the line before an unbreakable phone number has its gaps full: its
    # number (119) must not take the rest between its digits, as an address may
    text = "遇紧急险情请拨打110、119。编辑部联系电话：021-6259-4521。参赛选手中，年龄最大的已经70多岁。"
    for line in setp(fonts, text, width)[:-1]:
        for p, q in itertools.pairwise(line.glyphs):
            if p.text.isascii() and q.text.isascii():
                end = p.x + sum(p.face.advance(c) for c in p.text) * p.size * p.hscale / 100
                assert q.x - end < 0.01, f"{line.text!r}: {p.text}|{q.text} letter-spaced {q.x - end:.2f} pt"
