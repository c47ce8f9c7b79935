"""A short headline over a wide article (a piece's ``head_beside`` form,
one the packer may choose on any page; theme ``headline_beside_text``): it
spans only the columns it needs, and the columns beside it carry text from
the top of the module instead of white.  Such a module sits at the page top
or under another article, where the rule drawn above it tells the
typography audit where its columns start."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from conftest import PARAGRAPH, make_article
from layout.check.typography import audit_pdf
from layout.load.loader import load_issue
from layout.pages.article import build_module, compose_body
from layout.pages.display import Rule, TextLine
from layout.pages.pack import Shape, pack
from layout.pages.paginate import paginate
from layout.pages.styles import Setter
from test_pages_makeup import check_layout, kit_for
from tools.issuegen import random_spec, write_issue


def _module(kit, title: str, k: int, beside: bool = True, **kw):
    art = make_article(title=title, paragraphs=(PARAGRAPH * 6, PARAGRAPH * 5), **kw)
    comp = dataclasses.replace(compose_body(art, kit.grid, kit.setter), head_beside=beside)
    return build_module(comp, 2, 0, k, 0, kit.grid.lines, kit.grid, kit.setter)


def _across(kit):
    """The kit with the theme's headlines set across their articles."""
    theme = dataclasses.replace(kit.theme, headline=dataclasses.replace(kit.theme.headline, beside=False))
    return dataclasses.replace(kit, theme=theme, setter=Setter(theme, kit.fonts))


def _body_tops(kit, module, k: int) -> list[float]:
    """The first body baseline of each of the module's columns."""
    grid = kit.grid
    tops = []
    for c in range(k):
        x = grid.col_x(2, c)
        ys = [it.baseline for it in module.items if isinstance(it, TextLine) and it.role == "body" and abs(it.x - x) < 1]
        tops.append(min(ys))
    return tops


def test_a_short_headline_spans_its_own_columns_and_text_runs_up_beside_it(kit):
    k = 5
    module = _module(kit, "便民服务", k)
    head = [it for it in module.items if isinstance(it, TextLine) and it.role == "title"]
    assert len(head) == 1
    right = head[0].x + head[0].line.width
    assert right <= kit.grid.col_x(2, 0) + kit.grid.span(k - 1) + 0.01  # narrower than the article
    tops = _body_tops(kit, module, k)
    under = kit.grid.col_x(2, 0) + kit.grid.span(2)
    beside = [t for c, t in enumerate(tops) if kit.grid.col_x(2, c) >= under]
    assert beside, tops
    assert max(beside) < head[0].baseline, tops  # the columns beside start level with the headline
    assert min(tops[:1]) > head[0].baseline  # the first column starts under it
    # and the module is shorter than with the headline across all five columns
    assert module.rows < _module(kit, "便民服务", k, beside=False).rows


def test_a_notice_too_short_to_fill_under_a_short_headline_gets_it_across(kit):
    """A notice whose text, the columns balanced, would leave fewer than
    ``headline_beside_min_lines`` lines under a short headline: the headline
    spans the article (not a side head with nothing under it)."""
    k = 6
    art = make_article(title="便民服务", paragraphs=(PARAGRAPH * 3,))
    comp = dataclasses.replace(compose_body(art, kit.grid, kit.setter), head_beside=True)
    module = build_module(comp, 2, 0, k, 0, kit.grid.lines, kit.grid, kit.setter)
    head = [it for it in module.items if isinstance(it, TextLine) and it.role == "title"]
    body = [it for it in module.items if isinstance(it, TextLine) and it.role == "body"]
    assert body and min(it.baseline for it in body) > head[0].baseline  # the text starts under it


def test_a_headline_that_needs_the_width_spans_the_article(kit):
    long_title = "社区居民在活动中交流了各自的经验大家认为邻里之间的互助让生活更加温暖"
    k = 3
    module = _module(kit, long_title, k)
    tops = _body_tops(kit, module, k)
    heads = [it.baseline for it in module.items if isinstance(it, TextLine) and it.role == "title"]
    assert min(tops) > max(heads)  # every column starts under the headline


def test_the_theme_can_keep_headlines_across_the_article(kit):
    kit = _across(kit)
    module = _module(kit, "便民服务", 5)
    heads = [it.baseline for it in module.items if isinstance(it, TextLine) and it.role == "title"]
    assert min(_body_tops(kit, module, 5)) > max(heads)


def test_a_headline_spans_its_article_in_its_usual_form(kit):
    module = _module(kit, "便民服务", 5, beside=False)
    heads = [it.baseline for it in module.items if isinstance(it, TextLine) and it.role == "title"]
    assert min(_body_tops(kit, module, 5)) > max(heads)


def test_a_page_that_did_not_fit_sets_headlines_beside_text_and_reads_clean(tmp_path):
    """A generated A4 issue whose page 4 was 4 lines over with every headline
    across its article (tools/issuegen.py, seed 10): with headlines beside
    text it fits, loses nothing, every such module sits at the page top or
    under a rule, and the proof passes the typography audit (which reads the
    columns beside a headline from the rule above the module)."""
    kit = kit_for("a4")
    folder = write_issue(tmp_path / "issues" / "gen-a4-10", random_spec(10, pages=4, theme="a4"), 10)
    loaded = load_issue(folder, kit.fonts.keys)
    layout = paginate(loaded.issue, loaded.theme, kit.fonts, strict=False)
    assert not layout.overset, layout.overset
    check_layout(layout, loaded.issue, kit)
    beside = [pl for page in layout.pages for pl in page.placements
              if len({round(c[1]) for c in pl.columns}) > 1 and pl.columns[-1][1] < pl.columns[0][1]]
    assert beside, "no module set its headline beside text"
    for page in layout.pages:
        rules = [it for it in page.items if isinstance(it, Rule) and it.y1 == it.y2]
        for pl in page.placements:
            if pl in beside and pl.y > kit.grid.top + 0.01:
                assert any(r.x1 <= pl.x + 0.01 and r.x2 >= pl.x + pl.w - 0.01 and pl.y - kit.grid.pitch < r.y1 < pl.y
                           for r in rules), (page.number, pl.id)
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "layout", "build", str(folder), "--out", str(out)],
                       capture_output=True, text=True, check=False, timeout=600)
    assert r.returncode == 0, r.stderr
    report = audit_pdf(next(out.rglob("*-proof.pdf")))
    assert report.passed, report.format()


def test_a_form_read_from_its_rule_sits_at_the_page_top_or_under_an_article():
    """The packer sets a ``ruled`` form (a headline beside text) only where a
    rule will mark its top: at the top of the page or under another article
    in one of its columns, never under the page's furniture alone."""
    arts = [make_article(f"a{i}") for i in range(4)]
    beside = {a.id: make_article(f"{a.id}?beside") for a in arts}

    def shape_of(art, k):
        rows = 3 + -(-60 // k) - (6 if "?" in art.id else 0)  # the form beside text is shorter
        return Shape(rows, 1, rows - 3, 0, 8)

    def variants(art):  # the form beside text is much the cheaper: taken wherever it may be
        return [(art, 500.0, False), (beside[art.id], 0.0, False)]

    for furniture in ([0] * 6, [8] * 6, [73, 0, 0, 0, 0, 0], [8, 8, 0, 0, 0, 0]):
        choices = pack(arts, list(furniture), 73, 1, shape_of, None, variants, ruled=lambda a: "?" in a.id)
        assert len(choices) == 4
        for n, ch in enumerate(choices):
            if "?" not in ch.article.id:
                continue
            cols = range(ch.c0, ch.c0 + ch.k)
            under = any(o.c0 < ch.c0 + ch.k and ch.c0 < o.c0 + o.k and o.row0 + o.rows <= ch.row0 for o in choices[:n])
            assert ch.row0 == 0 or under, (furniture, ch)
            assert under or all(furniture[c] == 0 for c in cols), (furniture, ch)
        # the first article: beside text at the page top, across its columns under the furniture
        assert ("?" in choices[0].article.id) == (max(furniture[c] for c in range(choices[0].c0, choices[0].c0 + choices[0].k)) == 0)
