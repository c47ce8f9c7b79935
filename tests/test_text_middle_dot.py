"""The middle dot between Chinese words (阿依古丽·买买提, 冬日暖心·便民;
GB/T 15834): its ink centred in a ½-em cell, space on both sides, never
compressed into its neighbours (issue 9, item 8)."""

from __future__ import annotations

import pytest

from layout.fonts.faces import FontSet
from layout.text.compose import ParaSpec, Run, Style, compose

EM = 10.0


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return FontSet()


def setp(fonts, text, n_em, face="serif", justify=True):
    spec = ParaSpec(measure=n_em * EM, em=EM, justify=justify, fallback=("serif", "sans", "kai"))
    return compose([Run(text, Style(face, EM))], spec, fonts)


def around(line, dot: str):
    """(end of the box before the dot, the dot's ink centre, start of the box after)."""
    g = line.glyphs
    i = next(k for k, x in enumerate(g) if x.text == dot)
    before, d, after = g[i - 1], g[i], g[i + 1]
    end = before.x + before.face.advance(before.text[-1]) * EM
    x0, x1 = d.face.ink(dot)
    return end, d.x + (x0 + x1) / 2 * EM, after.x


@pytest.mark.parametrize("face", ["serif", "sans", "sans-bold", "kai"])
@pytest.mark.parametrize("dot", ["·", "・"])
def test_the_dot_is_centred_in_half_an_em(fonts, face, dot):
    if not fonts.face(face).has(dot) and not fonts.face("serif").has(dot):
        pytest.skip(f"no face has {dot}")
    line = setp(fonts, f"阿依古丽{dot}买买提", 20, face=face, justify=False)[0]
    end, centre, start = around(line, dot)
    assert start - end == pytest.approx(0.5 * EM, abs=0.01)  # a ½-em cell
    assert centre - end == pytest.approx(start - centre, abs=0.01)  # ink centred: space on both sides
    assert centre - end > 0.1 * EM


def test_a_compressed_line_never_takes_the_dot_cell(fonts):
    # 12 em of text in a 11.5-em line: the commas give up their blanks, the dot does not
    text = "冬日暖心·便民，服务进社区，好。二三四五六"
    for width in (10, 11, 12):
        for line in setp(fonts, text, width):
            if "·" in line.text[1:-1]:
                end, centre, start = around(line, "·")
                assert start - end >= 0.5 * EM - 0.01, f"dot cell compressed at {width} em"
                assert centre - end == pytest.approx(start - centre, abs=0.01)


def test_a_dot_never_starts_a_line(fonts):
    for width in range(4, 12):
        lines = setp(fonts, "新泾镇举办四全赋能·二〇二五年新社工启航培训班暨冬日暖心·便民服务", width)
        assert all(not l.text.startswith("·") for l in lines)
