"""Property tests of the composer over random notices: Han text and
punctuation mixed with URLs, e-mail addresses, phone numbers, times and
numbers with units, at random column widths of 8–30 em (issue 9)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layout.facts.addresses import address_breaks
from layout.fonts.faces import FontSet
from layout.text.classes import END_FORBIDDEN, START_FORBIDDEN
from layout.text.compose import ParaSpec, Run, Style, compose
from layout.text.line import latin_joins
from layout.text.prepare import FORBIDDEN, prepare

EM = 10.0
TOL = 0.3  # pt
LEFT = set("，。、：；！？”’）》〉」』】〕〗］｝")

HAN = "的一是在不了有和人这中大为上个我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料"
PUNCT_L = "，。、：；！"
PUNCT_R = "“（《"
URLS = [
    "https://newsletter.example.org/xinjing-community/2025/notice?id=7&lang=zh",
    "https://example.org/a",
    "www.xinjing-shequ.example.cn/fuwu",
    "http://example.org/path_with_underscores/and~tilde/#anchor",
    "https://example.org/averyveryverylongsegmentwithoutanypunctuationatall",
]
MAILS = ["xinjing.shequ@example.org", "fuwu-zhongxin@example-community.org", "a@b.cn"]
WHOLE = ["021-6259-4521", "021-6259-4522", "12345", "8:30—11:30", "13:30—17:00", "9:00", "500 kg", "3万", "50％",
         "1,268", "2025"]


@st.composite
def notices(draw):
    """(text, spans): the text and the (start, end, kind) of every address
    and every number that must stay whole."""
    text = ""
    spans: list[tuple[int, int, str]] = []
    for _ in range(draw(st.integers(3, 40))):
        kind = draw(st.sampled_from(["han", "han", "han", "han", "left", "right", "url", "mail", "whole", "whole"]))
        if kind == "han":
            # (Chinese prose: a run of two characters or more between marks)
            part = "".join(draw(st.lists(st.sampled_from(HAN), min_size=2, max_size=10)))
        elif kind == "left":
            part = draw(st.sampled_from(PUNCT_L))
            if text[-1:] in PUNCT_L or not text:
                part = draw(st.sampled_from(HAN)) + part
        elif kind == "right":
            part = draw(st.sampled_from(PUNCT_R)) + "".join(draw(st.lists(st.sampled_from(HAN), min_size=2, max_size=6)))
        else:
            word = draw(st.sampled_from({"url": URLS, "mail": MAILS, "whole": WHOLE}[kind]))
            if text and not ("\u4e00" <= text[-1] <= "\u9fff"):
                text += draw(st.sampled_from(HAN))
            spans.append((len(text), len(text) + len(word), kind))
            part = word + draw(st.sampled_from(HAN))
        text += part
    return text + "。", spans


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return FontSet()


def right_end(line) -> float:
    last = line.glyphs[-1]
    k = last.hscale / 100
    adv = sum(last.face.advance(c) for c in last.text) * last.size * k
    if last.text[-1] in LEFT:
        return last.x + 0.5 * EM * k
    if last.text == "·":
        return last.x + (0.5 * EM * k + adv) / 2
    return last.x + adv


def can_avoid_spacing_out(fonts, text, spec, addresses=()) -> bool:
    """An oracle independent of the breaker: is there any choice of legal
    breaks where every line fits and no line is spaced past 0.35 em a gap
    (the letters of an address on it — a URL or e-mail, ``addresses`` as
    (start, end) offsets — may take the rest; a number or phone number is
    never letter-spaced; a line without gaps is letter-spaced)?  Plain
    search over all break sequences, O(n²)."""
    it = prepare([Run(text, Style("serif", EM))], spec, fonts)

    def address_on(a: int, b: int) -> bool:
        return latin_joins(it, a, b) > 0 and any(
            s < it.offset[b - 1] + len(it.text[b - 1]) and it.offset[a] < e for s, e in addresses)

    n = len(it)
    breaks = [k for k in range(1, n) if it.pen[k] != FORBIDDEN] + [n]
    ok = [False] * (n + 1)
    ok[0] = True
    for a in [0, *breaks[:-1]]:
        if not ok[a]:
            continue
        natural = it.lead[a] + (spec.indent * EM if a == 0 else 0.0)
        shrink, slots = 0.0, 0
        k = a
        for b in breaks:
            if b <= a:
                continue
            while k < b:
                natural += it.width[k]
                if k > a:
                    natural += it.gap[k]
                    shrink += it.shrink[k]
                    slots += it.slot[k]
                k += 1
            if natural - shrink > spec.measure + 1e-6:
                break
            if b == n:
                ok[n] = True
                break
            # a line without a Latin run to letter-space: its gaps take the
            # space, at most 0.35 em each (a lone character cannot)
            if (natural < spec.measure and not address_on(a, b)
                    and (slots == 0 or (spec.measure - natural) / slots > 0.35 * EM + 1e-6)):
                continue
            ok[b] = True
    return ok[n]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=notices(), width=st.integers(8, 30))
def test_notices_keep_every_rule(fonts, case, width):
    text, spans = case
    spec = ParaSpec(measure=width * EM, em=EM, indent=2, fallback=("serif", "sans"))
    lines = compose([Run(text, Style("serif", EM))], spec, fonts)
    measure = width * EM
    flat = text.replace(" ", "")
    assert "".join(l.text for l in lines) == flat  # nothing lost, no hyphen added
    # line starts in offsets of the text without spaces; spans likewise
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line.text)

    def squeeze(i: int) -> int:
        return len(text[:i].replace(" ", ""))

    flat_spans = [(squeeze(a), squeeze(b), kind, text[a:b]) for a, b, kind in spans]
    for i, line in enumerate(lines):
        t = line.text
        s = starts[i]
        inside = [(a, b, kind, w) for a, b, kind, w in flat_spans if a < s < b]
        if i > 0:
            if inside:
                a, _b, kind, word = inside[0]
                # K3: numbers, phone numbers and times are never broken; an
                # address only at its own punctuation, or between two letters
                # of a segment wider than the column
                assert kind in ("url", "mail"), f"K3: {word} broken at {t!r}"
                off = s - a
                if off not in address_breaks(word):
                    face = fonts.face("serif")
                    segs = [0, *address_breaks(word), len(word)]
                    seg = next((x, y) for x, y in itertools.pairwise(segs) if x < off < y)
                    seg_w = sum(face.advance(c) for c in word[seg[0]:seg[1]]) * EM
                    assert seg_w > 0.98 * measure, f"K3: {word} broken inside {word[seg[0]:seg[1]]!r}"
            else:
                assert t[0] not in START_FORBIDDEN, f"K1: {t!r}"
        if i < len(lines) - 1:
            nxt_inside = any(a < starts[i + 1] < b for a, b, _, _ in flat_spans)
            if not nxt_inside:
                assert t[-1] not in END_FORBIDDEN, f"K2: {t!r}"
            assert not (t.endswith("—") and lines[i + 1].text.startswith("—")), "K3: —— split"
        assert line.glyphs[0].x >= -1e-6, "a glyph before the frame"
        right = right_end(line)
        assert right <= measure + TOL, f"a glyph past the frame: {t!r} ends at {right:.2f} of {measure}"
        for g in line.glyphs:
            assert g.x >= -1e-6 and g.x <= measure + TOL
        if i < len(lines) - 1 and len(t) > 1:
            assert right == pytest.approx(measure, abs=TOL), f"J1: ragged line {t!r} ({right:.2f} of {measure})"
            if line.gaps >= 4 and line.spread > 0.35 * EM + 1e-6:
                # only where no choice of breaks avoids it (a long phone
                # number after a mark that may not end a line, in a narrow column)
                addresses = [(a, b) for a, b, kind in spans if kind in ("url", "mail")]
                assert not can_avoid_spacing_out(fonts, text, spec, addresses), \
                    f"spaced out: {t!r} takes {line.spread / EM:.2f} em a gap, avoidably"
