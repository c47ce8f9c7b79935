"""The typography audit on addresses (layout.check.typography.addresses): a
URL or e-mail running across lines is judged by the composer's own break
rules (layout.facts.addresses) — legal breaks pass K1/K2/K3, any other break
is a K3 finding, letter spacing inside an address is judged by J3.

Hand-made lines of the audit's model (a 13-em column of 9 pt: Han 1 em,
Latin ½ em per character), and one built article with a long URL and an
e-mail address in a two-column article."""

from __future__ import annotations

from pathlib import Path

from conftest import article_yaml, run_layout, write_small_issue
from layout.check.typography.addresses import column_chains, mark_addresses, paragraph_chains
from layout.check.typography.lines import check_k3, check_k12, check_line
from layout.check.typography.listtable import take_items
from layout.check.typography.model import Block, Char, Line, Style, Tally
from layout.check.typography.structure import is_page_ref

EM = 9.0
LEFT = 40.0
ST = Style(EM, "Serif", (0.0, 0.0, 0.0))
URL = "https://newsletter.xinjing-community.example.org/notices/2025/summer-clinic-hours.html"


def line(text: str, base: float, *, x: float = LEFT, latin_gap: float = 0.0, han_gap: float = 0.0) -> Line:
    """One body line: Han 1 em, Latin ½ em; ``latin_gap`` between two Latin
    characters, ``han_gap`` between two Han ones (justification)."""
    chars: list[Char] = []
    for ch in text:
        w = EM / 2 if ch.isascii() else EM
        if chars:
            p = chars[-1].t
            x += latin_gap if p.isascii() and ch.isascii() else (han_gap if not p.isascii() and not ch.isascii() else EM / 4)
        chars.append(Char(ch, x, x + w, base, EM, "Serif", (0.0, 0.0, 0.0)))
        x += w
    return Line(1, chars, base, EM, body=True)


def block(*texts: str, width_em: int = 13, **spacing: float) -> Block:
    lines = [line(t, 100.0 + 15 * i, **spacing) for i, t in enumerate(texts)]
    b = Block(1, LEFT, lines, right=LEFT + width_em * EM, sure=True, measured=True)
    for ln in lines:
        ln.block = b
        ln.kind = "flush"
    lines[-1].par_last = True
    return b


def first_line_judged(b: Block) -> Tally:
    """check_line on the block's first line, its right edge where that line
    ends (a full, justified line)."""
    judge(b)
    b.right = b.lines[0].end
    a = Tally()
    check_line(a, ST, b, b.lines[0], [])
    return a


def judge(b: Block) -> Tally:
    """Mark the addresses, then K1/K2 per line and K3 between lines."""
    for chain in column_chains([b]):
        for par in paragraph_chains(chain):
            mark_addresses(par)
    a = Tally()
    prev = None
    for ln in b.lines:
        check_k12(a, ln, prev)
        if prev is not None:
            check_k3(a, ST, prev, ln, b)
        prev = ln
    return a


def test_an_address_broken_at_its_punctuation_passes_k1_k2_k3():
    # https://| newsletter | .xinjing-community (wider than 13 em? no: 17 × ½ em) | .example ...
    parts = ["详情请登录https://", "newsletter.xinjing", "-community.example", ".org/notices/2025",
             "/summer-clinic-hours", ".html查询。"]
    assert "".join(parts) == "详情请登录" + URL + "查询。"
    a = judge(block(*parts))
    assert a.violations == []
    assert a.checked["K1"] == 6 and a.checked["K3"] == 5
    # every line end inside the address was recognised as a legal break
    b = block(*parts)
    judge(b)
    assert [ln.addr_after for ln in b.lines] == [True, True, True, True, True, None]


def test_a_break_between_letters_of_an_address_is_a_k3_finding():
    a = judge(block("详情请登录https://", "newsletter.xinjing-co", "mmunity.example.org查询。"))
    assert [v.rule for v in a.violations] == ["K3"]
    assert "address is split outside its break points" in a.violations[0].detail
    assert "xinjing-co | mmunity" in a.violations[0].detail


def test_a_break_inside_a_segment_wider_than_the_column_is_legal():
    # the segment "/" + 30 × "a" is 15½ em wide: in a 13-em column it may break between letters
    a = judge(block("请访问https://example.org/" + "a" * 14, "a" * 16 + "/x查询。"))
    assert a.violations == []
    # … but not in a 20-em column, where the segment fits
    a = judge(block("请访问https://example.org/" + "a" * 14, "a" * 16 + "/x查询。", width_em=20))
    assert [v.rule for v in a.violations] == ["K3"]


def test_an_e_mail_broken_before_its_at_sign_and_dot():
    a = judge(block("或发送邮件至volunteer.service-centre", "@xinjing-community", ".example.org报名。"))
    assert a.violations == []


def test_non_address_text_keeps_every_rule():
    # a line that starts with "." outside an address, and a split word
    a = judge(block("社区居民在活动中交流了", ".各自的经验。"))
    assert [v.rule for v in a.violations] == ["K1"]
    a = judge(block("社区居民参加了Work", "shop活动。"))
    assert [v.rule for v in a.violations] == ["K3"]
    assert "word/number" in a.violations[0].detail


def spaced(latin_gap: float, han_gap: float, text: str = "详情请登录https://") -> Tally:
    return first_line_judged(block(text, "newsletter.example.org/a查询。", latin_gap=latin_gap, han_gap=han_gap))


def test_an_address_may_be_letter_spaced_evenly_once_the_han_gaps_are_full():
    assert spaced(0.05 * EM, 0.35 * EM).violations == []
    # letter spacing while the Han gaps still have room
    a = spaced(0.05 * EM, 0.1 * EM)
    assert [v.rule for v in a.violations] == ["J3"] and "Han gaps" in a.violations[0].detail
    # letter spacing past 0.35 em
    a = spaced(0.5 * EM, 0.35 * EM)
    assert [v.rule for v in a.violations] == ["J3"] and "at most 0.35 em" in a.violations[0].detail


def test_letter_spacing_outside_an_address_is_still_a_finding():
    a = first_line_judged(block("社区居民参加了Workshop活动", "交流了各自的经验。", latin_gap=0.05 * EM, han_gap=0.35 * EM))
    assert {v.rule for v in a.violations} == {"J3"}
    assert all("inside a Latin word" in v.detail for v in a.violations)


def test_a_spaced_out_justified_line_is_a_finding():
    a = first_line_judged(block("咨询电话：", "021-6259-4521。", han_gap=1.5 * EM))
    assert [v.rule for v in a.violations] == ["J3"] and "spaced out" in a.violations[0].detail
    assert first_line_judged(block("咨询电话：", "021-6259-4521。", han_gap=0.3 * EM)).violations == []


def test_a_paragraphs_first_line_may_be_loosened_only_before_a_number_too_wide_to_join_it():
    # 咨询电话： and the phone number after it (6½ em) do not fit one 11-em line:
    # numbers stay whole, nothing before a paragraph's first line can take the slack
    b = block("咨询电话：", "021-6259-4521。", han_gap=1.5 * EM)
    b.lines[0].par_first = True
    assert first_line_judged(b).violations == []
    # … a short number would have fitted: the spaced-out line is a finding
    b = block("咨询电话：", "12345。", han_gap=1.5 * EM)
    b.lines[0].par_first = True
    assert [v.rule for v in first_line_judged(b).violations] == ["J3"]


def test_a_paragraph_line_that_begins_with_a_number_and_point_is_no_list_item():
    han_gap = (13 * EM - 11.25 - 11 * EM) / 10  # "4." (½ em each), ¼ em, 11 Han spaced to 13 em
    lines = [line("社区居民在活动中交流了各自", 100.0), line("4.文体活动保障协助社区文", 115.0, han_gap=han_gap),
             line("化活动中心维护各类活动的现", 130.0), line("场秩序。", 145.0)]
    assert abs(lines[1].end - lines[0].end) < 0.01
    items, rest = take_items(ST, lines)
    assert items == [] and rest == lines
    # … also when the text after the "mark" starts far from the line below (110、120求助)
    lines = [line("社区居民在活动中交流了各自", 100.0), line("110、120求助可就近寻找", 115.0, han_gap=1.875),
             line("救生圈竹竿绳索等物品施救此", 130.0), line("外，居民还在小区出入口。", 145.0)]
    assert abs(lines[1].end - lines[0].end) < 0.01
    items, rest = take_items(ST, lines)
    assert items == [] and rest == lines
    # a real item: the mark right-aligned before the text, its second line hung under the text
    hung = [line("社区居民在活动中交流了各自", 100.0), line("4.", 115.0, x=LEFT + 0.5 * EM),
            line("文体活动保障协助社区文", 115.0, x=LEFT + 2 * EM), line("化活动中心维护各类活动", 130.0, x=LEFT + 2 * EM),
            line("场秩序。", 145.0, x=LEFT + 2 * EM), line("社区居民在活动中交流了各自", 160.0)]
    items, rest = take_items(ST, hung)
    assert [[ln.text for ln in it.lines] for it in items] == [["文体活动保障协助社区文", "化活动中心维护各类活动", "场秩序。"]]


def spaced_line(text: str, gap: float, *, after_mark: float | None = None) -> Line:
    """A line with ``gap`` between any two characters not both Latin, and
    ``after_mark`` (default: ``gap``) between a CJK mark and a digit."""
    ln = line(text, 100.0)
    x = LEFT
    for i, c in enumerate(ln.chars):
        w = c.w
        if i:
            p = ln.chars[i - 1].t
            if not (p.isascii() and c.t.isascii()):
                x += after_mark if (after_mark is not None and not p.isascii() and c.t.isascii()) else gap
        c.x0, c.x1 = x, x + w
        x += w
    return ln


def test_a_line_without_han_pairs_is_judged_by_its_own_justification():
    # 话：021-6259-4521。答：项 — no two Han side by side: the justification
    # (0.42 pt a gap) is read from the Han ↔ mark gaps, so the same 0.42 pt
    # after ： is no Han–Latin space
    for after, rules in ((None, []), (2.25, ["S1"])):
        ln = spaced_line("话：021-6259-4521。答：项", 0.42, after_mark=after)
        b = Block(1, LEFT, [ln, line("社区居民在活动中交流了各自", 115.0)], right=ln.end, sure=True)
        for x in b.lines:
            x.block, x.kind = b, "flush"
        a = Tally()
        check_line(a, ST, b, ln, [])
        assert [v.rule for v in a.violations] == rules, a.violations


def test_page_references_of_the_daodu_box():
    for ref in (">>>P3", "P3", "P 12", "第3版", "见第2版", "»P4"):
        assert is_page_ref(ref), ref
    for text in ("P3版面说明", "第3版头条文章", "社区", ">>>", "2025"):
        assert not is_page_ref(text), text


BODY = ("详情请登录https://newsletter.xinjing-community.example.org/notices/2025/summer-clinic-hours.html查询，"
        "或发送邮件至volunteer.service-centre@xinjing-community.example.org报名，咨询电话021-6259-4521，"
        "工作日8:30—11:30接待。")


def test_a_built_article_with_a_url_and_an_e_mail_passes_the_audit(tmp_path: Path):
    notice = "\n".join(["  - id: clinic", "    page: 2", "    title: 暑期门诊时间调整", "    columns: 2",
                        "    body: |", "      " + BODY]) + "\n"
    folder = write_small_issue(tmp_path / "issues", pages=2,
                               articles=article_yaml("front", 1, "社区议事会召开", 4, columns=5) + notice)
    out = tmp_path / "out"
    built = run_layout("build", folder, "--out", out)
    assert built.returncode == 0, built.stderr
    proof = next(out.rglob("*-proof.pdf"))
    checked = run_layout("check", "--typography", proof)
    assert checked.returncode == 0, checked.stdout


def headline(text: str, base: float, size: float = 24.0) -> Line:
    chars, x = [], LEFT
    for ch in text:
        w = size / 2 if ch.isascii() else size
        chars.append(Char(ch, x, x + w, base, size, "Sans-Bold", (0.0, 0.0, 0.0)))
        x += w
    return Line(1, chars, base, size, heading=True)


def test_a_headline_broken_after_an_addresss_double_slash_passes_k2():
    from layout.check.typography.addresses import heading_chains

    def k2(first: str, second: str, marked: bool = True) -> list[str]:
        lines = [headline(first, 100.0), headline(second, 130.0)]
        if marked:
            for chain in heading_chains(lines):
                mark_addresses(chain, float("inf"))
        a = Tally()
        check_k12(a, lines[0], None)
        check_k12(a, lines[1], lines[0])
        return [v.rule for v in a.violations]

    assert k2("“一网通办”上线啦！https://", "zwdt.sh.gov.cn可办理") == []
    assert k2("“一网通办”上线啦！https://", "zwdt.sh.gov.cn可办理", marked=False) == ["K2"]  # read as a bare “/”
    assert k2("上线啦！“", "https://zwdt.sh.gov.cn”可办理") == ["K2"]  # an opening quote at a line end still is one
