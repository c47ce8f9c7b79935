"""The typography audit (layout.check.typography) on hand-made PDFs.

A small test composer below sets one article in two 13-em columns of 9-pt
Noto Serif CJK (pitch 1.65 em, gutter 1.5 em) with ReportLab, placing every
character at an explicit x, the way the project's composer does: Han 1 em,
adjacent punctuation compressed (the first mark of a pair advances ½ em), a
closing mark at a line end trimmed to its ink half, ¼ em between Han and
Latin, justification spread evenly over the gaps, last lines set solid.  The
correct article passes every rule; each test then breaks one thing and
expects exactly that rule to fail.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from layout.check.typography import RULES, AuditReport, audit_pdf
from layout.check.typography.model import Block, Char, Line, Style, Tally
from layout.check.typography.structure import paragraphs, starts_at, toc_box
from layout.facts.chars import LEFT_CHARS, RIGHT_CHARS, is_han

ROOT = Path(__file__).resolve().parents[1]
BODY_TTF = ROOT / "fonts" / "NotoSerifCJKsc-Regular.ttf"
HEAD_TTF = ROOT / "fonts" / "NotoSansCJKsc-Bold.ttf"
BODY, HEAD = "AuditSerif", "AuditSansBold"

EM = 9.0
PITCH = 1.65 * EM
MEASURE = 13 * EM
LEFTS = (40.0, 40.0 + 14.5 * EM)  # two columns, 1.5-em gutter
TOP = 130.0  # first body baseline, from the top
PAGE_W, PAGE_H = 420.0, 420.0

CLOSING = set(LEFT_CHARS)
OPENING = set(RIGHT_CHARS)


@functools.cache
def fonts() -> tuple[str, str]:
    """Register the CJK fonts once per session (ReportLab parses them in Python)."""
    pdfmetrics.registerFont(TTFont(BODY, str(BODY_TTF)))
    pdfmetrics.registerFont(TTFont(HEAD, str(HEAD_TTF)))
    return BODY, HEAD


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass
class L:
    """One body line."""

    text: str
    last: bool = False  # a paragraph's last line: set solid
    indent: float = 0.0  # em
    compress: bool = True  # compress adjacent punctuation
    squeeze: bool = False  # over-compress: the second mark of a pair on top of the first
    trim_end: bool = True  # trim a closing mark at the line end
    latin_gap: float = 0.25  # em between Han and Latin
    justify: bool = True  # stretch (or squeeze) to the measure
    uneven: bool = False  # put all the slack into the first gap
    spacing: float = 0.0  # pt added to every gap of a last line
    step: float = PITCH  # baseline step from the line before


@dataclass
class Sub:
    """A subhead (9.5-pt sans bold) taking ``lines`` line slots; drawn on the
    last slot."""

    text: str
    lines: int = 2


def place(line: L, left: float) -> list[tuple[str, float]]:
    """(char, x) for a line set in [left, left + MEASURE]."""
    cs = list(line.text)
    adv = []
    for i, ch in enumerate(cs):
        nxt = cs[i + 1] if i + 1 < len(cs) else None
        a = pdfmetrics.stringWidth(ch, BODY, EM) if ch.isascii() else EM
        marks = CLOSING | OPENING
        if line.compress and ch in marks and nxt in marks and not (ch in OPENING and nxt in CLOSING):
            a = 0.0 if line.squeeze else EM / 2
        adv.append(a)
    gaps = []
    for p, q in itertools.pairwise(cs):
        gaps.append(line.latin_gap * EM if (is_han(p) and _latin(q)) or (_latin(p) and is_han(q)) else 0.0)
    natural = line.indent * EM + sum(adv) + sum(gaps)
    if cs[-1] in CLOSING and line.trim_end:
        natural -= EM / 2
    stretchable = [i for i, (p, q) in enumerate(itertools.pairwise(cs)) if not (_latin(p) and _latin(q))]
    if line.last:
        for i in range(len(gaps)):
            gaps[i] += line.spacing
    elif line.justify and stretchable:
        slack = MEASURE - natural
        if line.uneven:
            gaps[stretchable[0]] += slack
        else:
            for i in stretchable:
                gaps[i] += slack / len(stretchable)
    out, x = [], left + line.indent * EM
    for i, ch in enumerate(cs):
        out.append((ch, x))
        x += adv[i] + (gaps[i] if i < len(gaps) else 0.0)
    return out


def article() -> list[list[L | Sub]]:
    """A correct article: P2 runs from column 1 into column 2, a subhead,
    a number with Han–Latin spacing, compressed 。” and line-end trimming."""
    return [
        [
            L("端午节前夕，新泾镇一处", indent=2),
            L("居民区睦邻中心里热闹非凡，"),
            L("长条桌一字排开，浸泡好的糯"),
            L("米、洗净的粽叶整齐摆放在桌"),
            L("上，十分热闹。", last=True),
            L("“粽叶要先折成漏斗，米", indent=2),
            L("不能放得太满。”老人笑着说"),
            L("道。孩子们看得目不转睛，纷"),
            L("纷上手尝试，有的粽叶折得太"),
        ],
        [
            L("松，米粒从缝隙里漏了出来。"),
            L("大家笑成一团。", last=True),
            Sub("邻里同乐　温暖传承"),
            L("活动中还设置了端午知识问", indent=2),
            L("答，共有2025名居民参与了"),
            L("现场气氛十分热烈。", last=True),
        ],
    ]


def make_pdf(path: Path, columns: list[list[L | Sub]], *, headline: tuple[str, ...] = ("新泾粽香里的时光对话",)) -> Path:
    body, head = fonts()
    c = Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    c.setFont(head, 8)
    c.drawString(LEFTS[0], PAGE_H - 40, "第2版　2025年6月20日　星期五")  # running head
    c.setFont(head, 18)
    for i, text in enumerate(reversed(headline)):  # the last line sits 2 pitches above the body
        c.drawString(LEFTS[0], PAGE_H - (TOP - 2 * PITCH - i * 1.3 * 18), text)
    for left, items in zip(LEFTS, columns, strict=False):
        y = TOP - PITCH
        for item in items:
            if isinstance(item, Sub):
                y += item.lines * PITCH
                c.saveState()
                c.setFont(head, 9.5)
                c.setFillColorRGB(0.8, 0.1, 0.1)
                c.drawString(left, PAGE_H - y, item.text)
                c.restoreState()
                continue
            y += item.step
            c.setFont(body, EM)
            for ch, x in place(item, left):
                c.drawString(x, PAGE_H - y, ch)
    c.showPage()
    c.save()
    return path


def audit(tmp_path: Path, columns: list[list[L | Sub]], name: str = "t.pdf") -> AuditReport:
    return audit_pdf(make_pdf(tmp_path / name, columns))


def edited(col: int, row: int, **change) -> list[list[L | Sub]]:
    cols = article()
    line = cols[col][row]
    assert isinstance(line, L)
    for k, v in change.items():
        setattr(line, k, v)
    return cols


# ====================================================================== the correct article


def test_correct_article_passes(tmp_path):
    r = audit(tmp_path, article())
    assert r.passed, r.format()
    assert r.counts == {}
    # every rule the article exercises was really examined, not passed by default
    for rule in ["K1", "K2", "K3", "P1", "P2", "P4", "S1", "J1", "J2", "J3", "J4", "J5", "I1", "O1", "O2", "L1", "L2", "H1", "H2"]:
        assert r.checked.get(rule, 0) > 0, (rule, r.checked)
    assert r.em == EM
    assert abs(r.pitch - PITCH) < 0.01
    assert "typography audit passed" in r.format()


def test_the_test_composer_is_exact():
    """The helper's lines fill the measure (else the tests test the helper)."""
    fonts()
    for items in article():
        for item in items:
            if isinstance(item, L) and not item.last:
                pos = place(item, 0.0)
                ch, x = pos[-1]
                end = x + (EM / 2 if ch in CLOSING else pdfmetrics.stringWidth(ch, BODY, EM) if ch.isascii() else EM)
                assert abs(end - MEASURE) < 1e-6, item.text


# ====================================================================== one defect each

DEFECTS = {
    # name: (columns, the rule that must fail)
    "K1 comma at a line start": (lambda: edited(0, 2, text="，长条桌一字排开浸泡好的糯"), "K1"),
    "K2 opening quote at a line end": (lambda: edited(0, 2, text="长条桌一字排开，浸泡好的“"), "K2"),
    "J1 ragged non-final line": (lambda: edited(0, 2, text="长条桌一字排开，浸泡好的", justify=False), "J1"),
    "J1 ragged line at the foot of a continued column": (lambda: edited(0, 8, text="纷上手尝试，有的粽叶折得", justify=False), "J1"),
    "J1 short line ending in 。 at a continued column's foot": (lambda: edited(0, 8, text="纷上手尝试，有的粽叶折。", justify=False), "J1"),
    "J2 overfull line": (lambda: edited(0, 7, text="道。孩子们看得目不转睛，纷纷", justify=False), "J2"),
    "J3 uneven spacing": (lambda: edited(0, 1, uneven=True), "J3"),
    "J4 spaced last line": (lambda: edited(1, 1, spacing=1.0), "J4"),
    "P1 line-end comma not trimmed": (lambda: edited(0, 1, trim_end=False), "P1"),
    "P2 uncompressed 。”": (lambda: edited(0, 6, compress=False), "P2"),
    "I1 indent of 1.5 em": (lambda: edited(1, 3, indent=1.5), "I1"),
    "I1 missing indent": (lambda: edited(0, 5, text="“粽叶要先折成漏斗，米粒不", indent=0), "I1"),
    "O1 one Han character on a last line": (lambda: edited(0, 4, text="上。"), "O1"),
    "S1 no space between Han and digits": (lambda: edited(1, 4, latin_gap=0.0), "S1"),
    "L1 mixed pitch": (lambda: _mixed_pitch(), "L1"),
    "K3 number split across lines": (lambda: _split_number(), "K3"),
    "O2 orphan at a column foot": (lambda: _orphan(), "O2"),
    "H1 subhead stranded at a column foot": (lambda: _stranded_subhead(), "H1"),
}


def _mixed_pitch():
    cols = article()
    for line in cols[0][5:]:
        line.step = 1.8 * EM
    return cols


def _split_number():
    cols = article()
    cols[1][4] = L("答，共有居民一千余人，约20")
    cols[1][5] = L("25名居民参与了活动。", last=True)
    return cols


def _orphan():
    """P2's first line alone at the foot of column 1."""
    cols = article()
    p2 = cols[0][5:]
    cols[0] = cols[0][:5] + p2[:1]
    cols[1] = p2[1:] + cols[1]
    return cols


def _stranded_subhead():
    cols = article()
    sub = cols[1].pop(2)
    p3 = cols[1][2:]
    return [cols[0][:5] + [sub], p3]


@pytest.mark.parametrize("name", list(DEFECTS))
def test_each_defect_is_found_and_named(tmp_path, name):
    build, rule = DEFECTS[name]
    r = audit(tmp_path, build())
    assert not r.passed
    assert set(r.counts) == {rule}, f"{name}: {r.format()}"
    v = next(v for v in r.violations if v.rule == rule)
    assert v.page == 1 and v.text and v.detail
    assert f"p1 {rule} 「" in r.format()
    assert re.search(rf"^{rule}\s+FAIL", r.format(), re.MULTILINE)


def test_over_compressed_pair(tmp_path):
    r = audit(tmp_path, edited(0, 6, squeeze=True))
    assert set(r.counts) == {"P2"}, r.format()
    assert "over-compressed" in r.violations[0].detail


def test_wrapped_headline_leaving_one_character(tmp_path):
    r = audit_pdf(make_pdf(tmp_path / "h.pdf", article(), headline=("新泾粽香里的时光对", "话")))
    assert set(r.counts) == {"O1"}, r.format()
    assert r.violations[0].text == "新泾粽香里的时光对 / 话"
    r = audit_pdf(make_pdf(tmp_path / "h2.pdf", article(), headline=("新泾粽香里的时", "光对话")))
    assert r.passed, r.format()


def test_violation_details_are_measured(tmp_path):
    r = audit(tmp_path, edited(0, 2, text="长条桌一字排开，浸泡好的", justify=False))
    (v,) = r.violations
    assert v.text == "长条桌一字排开，浸泡好的"
    assert "9.00 pt (1.00 em) short" in v.detail
    r = audit(tmp_path, edited(0, 6, compress=False), "p2.pdf")
    (v,) = r.violations
    assert "。”" in v.detail and "1.00 em" in v.detail
    r = audit(tmp_path, edited(1, 3, indent=1.5), "i1.pdf")
    assert "1.500 em" in r.violations[0].detail


# ====================================================================== report plumbing


def test_report_dict_and_pages(tmp_path):
    path = make_pdf(tmp_path / "k1.pdf", edited(0, 2, text="，长条桌一字排开浸泡好的糯"))
    r = audit_pdf(path, pages=[1])
    d = r.to_dict()
    json.dumps(d, ensure_ascii=False)
    assert d["passed"] is False
    assert set(d["counts"]) == set(RULES) and d["counts"]["K1"] == 1
    assert d["checked"]["K1"] >= 17  # body lines, subhead, headline, running head
    assert d["violations"][0] == {"rule": "K1", "page": 1, "text": "，长条桌一字排开浸泡好的糯", "detail": d["violations"][0]["detail"]}
    with pytest.raises(ValueError):
        audit_pdf(path, pages=[2])


def test_a_pdf_without_text(tmp_path):
    c = Canvas(str(tmp_path / "empty.pdf"))
    c.rect(10, 10, 100, 100)
    c.showPage()
    c.save()
    r = audit_pdf(tmp_path / "empty.pdf")
    assert r.passed and r.checked == {}
    assert "n/a" in r.format()


def test_cli_exit_codes(tmp_path):
    from typer.testing import CliRunner

    from layout.cli import app

    good = make_pdf(tmp_path / "good.pdf", article())
    bad = make_pdf(tmp_path / "bad.pdf", edited(0, 4, text="上。"))
    runner = CliRunner()
    res = runner.invoke(app, ["check", "--typography", str(good)])
    assert res.exit_code == 0, res.output
    assert "typography audit passed" in res.output
    res = runner.invoke(app, ["check", "--typography", str(bad), "--json"])
    assert res.exit_code == 1
    assert json.loads(res.output)["counts"]["O1"] == 1


@pytest.mark.parametrize(("theme", "seed"), [("a4", 1), (None, 2)])
def test_a_generated_issue_passes_the_audit(tmp_path, theme, seed):
    """A small issue from tools/issuegen.py (2 pages: a 导读 box with its
    >>>P2 references, continuation heads, captions), built and audited: the
    audit reads its furniture as furniture (a4 seed 1 failed H1 on the 导读
    references before)."""
    from conftest import run_layout
    from tools.issuegen import random_spec, write_issue

    spec = random_spec(seed, pages=2, theme=theme, capacity=2000 if theme else 5000)
    folder = write_issue(tmp_path / "issues" / "issue", spec, seed=seed)
    out = tmp_path / "out"
    built = run_layout("build", folder, "--out", out)
    assert built.returncode == 0, built.stderr
    checked = run_layout("check", "--typography", next(out.rglob("*-proof.pdf")))
    assert checked.returncode == 0, checked.stdout


def test_text_that_starts_lower_in_one_column_than_in_the_next_flows_on(tmp_path):
    # photos of different heights over an article's columns: its first column's
    # text starts under a tall photo, below where the second column's text
    # (under a short photo) ends; the second column's flush first line
    # continues the first column's paragraph (no I1)
    cols = article()
    first = [L("端午节前夕，新泾镇一处", indent=2, step=7 * PITCH), L("居民区睦邻中心里热闹非凡，"), L("长条桌一字排开，浸泡好的糯")]
    second = [L("米、洗净的粽叶整齐摆放在桌"), *cols[0][4:]]
    r = audit(tmp_path, [first, second])
    assert r.passed, r.format()
    assert r.checked["O2"] == 1, r.checked


# ====================================================================== the audit's model, by hand


def model_line(text: str, x: float, base: float, *, body: bool = True, size: float = EM) -> Line:
    chars, cx = [], x
    for ch in text:
        w = size / 2 if ch.isascii() else size
        chars.append(Char(ch, cx, cx + w, base, size, "Serif" if body else "Sans", (0.0, 0.0, 0.0)))
        cx += w
    return Line(1, chars, base, size, body=body)


def model_block(left: float, top: float, texts: list[str], *, indent_first: bool) -> Block:
    lines = [model_line(t, left + (2 * EM if indent_first and i == 0 else 0.0), top + i * PITCH) for i, t in enumerate(texts)]
    b = Block(1, left, lines, right=left + MEASURE, sure=True, measured=True)
    for ln in lines:
        ln.block, ln.offset = b, ln.x0 - left
        ln.kind = starts_at(ln, left, EM, max(0.3, 0.03 * EM)) or "mis"
    return b


def test_the_daodu_box_is_furniture():
    title = model_line("导读", 60.0, 100.0, body=False, size=13.0)
    entries = [model_line("暑期托班开班啦", 40.0, 130.0, body=False), model_line(">>>P2", 150.0, 130.0, body=False),
               model_line("居民议事会议出", 40.0, 145.0, body=False), model_line("新气象", 40.0, 160.0, body=False),
               model_line(">>>P3", 150.0, 160.0, body=False)]
    headline = model_line("停车难有了新办法", 200.0, 120.0, body=False, size=18.0)
    body = model_line("社区居民在活动中交流了各自", 40.0, 200.0)
    found = toc_box([title, *entries, headline, body], EM)
    assert set(map(id, found)) == set(map(id, [title, *entries]))
    assert toc_box([headline, body], EM) == []


@pytest.mark.parametrize("photo", [True, False])
def test_text_skips_a_column_filled_by_photos(photo):
    # column 1's paragraph goes on in column 3, under a photo; column 2 holds photos only
    left3 = 40.0 + 2 * 14.5 * EM
    col1 = model_block(40.0, 100.0, ["端午节前夕新泾镇一处", "居民区睦邻中心里热闹非凡", "长条桌一字排开浸泡好的糯"], indent_first=True)
    col3 = model_block(left3, 100.0 + PITCH, ["米洗净的粽叶整齐摆放在桌", "上十分热闹大家笑成一团"], indent_first=False)
    images = [(40.0 + 14.5 * EM, 90.0, 40.0 + 14.5 * EM + MEASURE, 260.0)] if photo else []
    paragraphs(Tally(), Style(EM, "Serif", (0.0, 0.0, 0.0)), [col1, col3], [], PITCH, [], images)
    assert (col3.pred is col1) is photo
    assert col3.lines[0].missing_indent is not photo
