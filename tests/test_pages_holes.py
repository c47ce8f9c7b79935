"""White holes (issue 8, requirement 3): pages whose content is at least
80 % of what they hold keep at most 10 % of the type area white.

At grid level (layout/pages/holes.py, no PDF) over random generated pages,
and end to end with the measure itself (layout/check/whitespace.py) on a
small generated issue per theme.  The bound is not met yet on every page:
those two tests are strict xfails that name the figures measured, and turn
into failures the day the bound holds (then drop the mark)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from layout.facts.whitespace import FULL_SHARE, HOLES_BOUND
from layout.pages.display import Page, Picture, Rect, TextLine
from layout.pages.holes import grid_holes, inked_cells
from layout.pages.paginate import paginate
from test_pages_makeup import check_layout, kit_for
from tools.issuegen import capacity_of, random_spec, write_issue

THEMES = ["tabloid", "a4"]


def _laid_out(tmp: Path, theme_name: str, seed: int, pages: int, fill: tuple[float, float] = (0.8, 1.0)):
    from layout.load.loader import load_issue

    kit = kit_for(theme_name)
    spec = random_spec(seed, pages=pages, theme=theme_name, fill=fill)
    folder = write_issue(tmp / "issues" / f"gen-{theme_name}-{seed}", spec, seed)
    loaded = load_issue(folder, kit.fonts.keys)
    return kit, loaded, paginate(loaded.issue, loaded.theme, kit.fonts, strict=False)


def _full_pages(layout) -> list[int]:
    return [f.page for f in layout.fill if f.content >= FULL_SHARE * f.capacity]


# ------------------------------------------------------------------ the grid stand-in


def test_grid_cells_are_inked_by_lines_photos_and_boxes_and_a_one_line_gap_closes(kit):
    grid = kit.grid
    line = kit.setter.text("社区" * 3, kit.theme.style("body"), grid.col_w)[0]
    page = Page(2)
    page.items.append(TextLine(grid.col_x(2, 0), grid.baseline(0), line, "black"))
    page.items.append(TextLine(grid.col_x(2, 0), grid.baseline(2), line, "black"))  # line 1 left blank
    page.items.append(Picture(grid.col_x(2, 2), grid.line_top(10), grid.span(2), 5 * grid.pitch - 1, Path("x.jpg"),
                              (0.0, 0.0, 1.0, 1.0), "x.jpg"))
    page.items.append(Rect(grid.col_x(2, 4), grid.line_top(0), grid.col_w, grid.pitch - 1, fill="tint"))
    used = inked_cells(page, grid, frozenset({"tint"}))
    assert used[0][:4] == [True, True, True, False]  # the blank line between two lines counts, the one below does not
    assert all(used[c][r] for c in (2, 3) for r in range(10, 15)) and not used[2][15] and not used[1][10]
    assert not used[4][0]  # a light ground is not ink
    cells = grid.columns * grid.lines
    assert grid_holes(page, grid, frozenset({"tint"})) == pytest.approx(1 - 13 / cells)


# ------------------------------------------------------------------ generated pages


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(theme_name=st.sampled_from(THEMES), seed=st.integers(0, 10_000))
# pages whose fitting arrangement the packer's beam had pruned early (a photo smaller, a brief lower): 4-5 lines over
@example(theme_name="tabloid", seed=142)
@example(theme_name="tabloid", seed=341)
@example(theme_name="tabloid", seed=906)
def test_generated_full_pages_lose_nothing(tmp_path_factory, theme_name, seed):
    """Random pages filled to 80–90 % of what they hold (tools/issuegen.py):
    all set (at 90–100 % an issue may truly hold more than its pages: the
    copyfit report's case), every line once and in order, no overlap, all
    inside the frame, jumps paired."""
    kit, loaded, layout = _laid_out(tmp_path_factory.mktemp("gen"), theme_name, seed, 2, (0.8, 0.9))
    assert not layout.overset
    check_layout(layout, loaded.issue, kit)


def test_issuegen_fills_to_what_the_theme_pages_hold():
    for name in THEMES:
        kit = kit_for(name)
        g = kit.grid
        cap = capacity_of(name)
        assert cap.page == g.columns * g.lines * g.column_chars
        assert 0.5 * cap.page < cap.front < cap.page


@pytest.mark.xfail(strict=True, reason="not met yet: generated pages at 80-100 % content still measure up to 26 % "
                                       "grid holes (wide headlines over short titles count as empty cells here; page 1)")
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(theme_name=st.sampled_from(THEMES), seed=st.integers(0, 10_000))
def test_generated_full_pages_keep_their_grid_holes_under_the_bound(tmp_path_factory, theme_name, seed):
    _, loaded, layout = _laid_out(tmp_path_factory.mktemp("gen"), theme_name, seed, 2)
    ground = frozenset({loaded.theme.masthead.strip_color})
    for n in _full_pages(layout):
        assert grid_holes(layout.pages[n - 1], loaded.theme.grid, ground) <= HOLES_BOUND, (theme_name, seed, n)


# ------------------------------------------------------------------ end to end


@pytest.mark.parametrize("theme_name", [
    pytest.param("tabloid", marks=pytest.mark.xfail(strict=True, reason="not met yet: pages 1-2 measure 19.4 % and 10.1 %")),
    pytest.param("a4", marks=pytest.mark.xfail(strict=True, reason="not met yet: page 1 measures 14.5 % (page 2: 2.6 %)")),
])
def test_a_generated_issue_measures_its_holes_under_the_bound(tmp_path, theme_name):
    """Built to PDF and measured as the judge does, on the pages the make-up
    reckons full (its layout is the build's: pagination is deterministic)."""
    from layout.build import build_issue
    from layout.check.whitespace import measure_pdf

    _, _, layout = _laid_out(tmp_path, theme_name, 3, 2)
    result = build_issue(tmp_path / "issues" / f"gen-{theme_name}-3", tmp_path / "out", previews=False)
    holes = measure_pdf(next(result.out_dir.glob("*-proof.pdf"))).pages
    full = _full_pages(layout)
    assert full, "no page of the generated issue is full"
    for n in full:
        assert holes[n - 1] <= HOLES_BOUND, (theme_name, n, holes)


# ------------------------------------------------------------------ the masthead strip


@pytest.mark.parametrize("on", [True, False])
def test_the_masthead_strip_takes_a_brief_of_page_1_when_the_theme_says_so(kit, on):
    """masthead.strip_articles: a brief of page 1 (not its lead) set in the
    strip's free lines between masthead and 导读 box, never into the box."""
    import dataclasses

    from conftest import PARAGRAPH, make_article
    from test_pages_makeup import _issue

    theme = dataclasses.replace(kit.theme, masthead=dataclasses.replace(kit.theme.masthead, strip_articles=on))
    lead = make_article("lead", paragraphs=tuple(PARAGRAPH * 3 for _ in range(12)))
    brief = make_article("brief", paragraphs=(PARAGRAPH * 3, PARAGRAPH * 2), toc="简讯")
    issue = _issue([lead, brief, make_article("p2", page=2)], 2)
    layout = paginate(issue, theme, kit.fonts)
    check_layout(layout, issue, dataclasses.replace(kit, theme=theme))
    piece = layout.articles["brief"].pieces[0]
    box = next(p for p in layout.pages[0].placements if p.id == "导读")
    if on:
        assert (piece.c0, piece.columns) == (0, theme.masthead.columns)
        assert kit.grid.line_top(piece.row0 + piece.rows) <= box.y
    else:
        assert piece.c0 >= theme.masthead.columns


@pytest.mark.parametrize(("lead_paras", "other_paras", "opened"), [(12, 8, True), (3, 10, False)])
def test_an_empty_masthead_strip_opens_under_the_toc_box_only_where_an_article_takes_it(kit, lead_paras, other_paras,
                                                                                         opened):
    """masthead.strip_open: no article of page 1 fits the strip whole, so the
    导读 box goes up under the masthead and the strip's column below it is
    open to the page's articles; where none of them is set there, the box
    stays at the strip's foot (an open strip left empty would only move the
    white)."""
    from conftest import PARAGRAPH, make_article
    from test_pages_makeup import _issue

    m = kit.theme.masthead
    assert m.orientation == "vertical" and m.strip_articles and m.strip_open
    lead = make_article("lead", paragraphs=tuple(PARAGRAPH * 3 for _ in range(lead_paras)))
    other = make_article("other", paragraphs=tuple(PARAGRAPH * 3 for _ in range(other_paras)), toc="要闻")
    issue = _issue([lead, other, make_article("p2", page=2)], 2)
    layout = paginate(issue, kit.theme, kit.fonts)
    check_layout(layout, issue, kit)
    grid = kit.grid
    box = next(p for p in layout.pages[0].placements if p.id == "导读")
    box_end = round((box.y + box.h - grid.top) / grid.pitch)
    pieces = [p for r in layout.articles.values() for p in r.pieces if p.page == 1]
    in_strip = [p for p in pieces if p.c0 < m.columns]
    if opened:
        assert in_strip and box_end < grid.lines // 2
        assert all(p.row0 >= box_end for p in in_strip)  # under the box, never into it
        ground = next(i for i in layout.pages[0].items if isinstance(i, Rect) and i.x == box.x and i.y == grid.top)
        assert ground.h == pytest.approx(grid.line_top(box_end) - grid.top)  # the strip's ground ends with the box
    else:
        assert not in_strip and box_end == grid.lines
