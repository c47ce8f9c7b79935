"""The page make-up (layout/pages/): the packer, article modules, the front
page and pagination, on small synthetic inputs."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PARAGRAPH, make_article, make_image, write_photo, write_small_issue
from layout.errors import BuildError
from layout.pages.article import build_module, compose_body
from layout.pages.display import Picture, Rect, TextLine
from layout.pages.front import fill_format, qr_item, qr_matrix, toc_block
from layout.pages.pack import Choice, Shape, pack, slack_below
from layout.pages.paginate import paginate
from layout.pages.stack import foot_room, settle, share, stack_below

# ------------------------------------------------------------------ packer


def overlaps(a: Choice, b: Choice) -> bool:
    cols = a.c0 < b.c0 + b.k and b.c0 < a.c0 + a.k
    rows = a.row0 < b.row0 + b.rows and b.row0 < a.row0 + a.rows
    return cols and rows


@settings(max_examples=120, deadline=None)
@given(
    wanted=st.lists(st.one_of(st.none(), st.integers(1, 6)), min_size=1, max_size=6),
    lines=st.lists(st.integers(4, 60), min_size=6, max_size=6),
    tops=st.lists(st.integers(0, 10), min_size=6, max_size=6),
)
def test_packer_places_every_article_once_without_overlap_inside_the_grid(wanted, lines, tops):
    columns, page_lines, space = 6, 200, 1
    arts = [make_article(f"a{i}", columns=c) for i, c in enumerate(wanted)]
    body = {a.id: n for a, n in zip(arts, lines, strict=False)}

    def shape_of(art, k):
        rows = 3 + math.ceil(body[art.id] / k)
        return Shape(rows, 1, rows - 3, 0)

    choices = pack(arts, list(tops), page_lines, space, shape_of)
    assert [c.article.id for c in choices] == [a.id for a in arts]
    for ch in choices:
        assert ch.c0 >= 0 and ch.c0 + ch.k <= columns
        assert ch.row0 >= max(tops[ch.c0:ch.c0 + ch.k])  # below what was there already
        assert ch.row0 + ch.rows <= page_lines
        if ch.article.columns is not None:
            assert ch.k == min(ch.article.columns, columns)  # `columns:` is kept while it fits
    for i, a in enumerate(choices):
        for b in choices[i + 1:]:
            assert not overlaps(a, b), (a, b)


def test_slack_below_stops_at_the_next_article_in_the_same_columns():
    a = Choice(make_article("a"), 3, 0, 0, 20)
    b = Choice(make_article("b"), 2, 1, 30, 10)
    c = Choice(make_article("c"), 3, 3, 0, 50)
    assert slack_below(a, [a, b, c], 80, 1) == 9  # b starts at row 30, one line of space above it
    assert slack_below(c, [a, b, c], 80, 1) == 30  # nothing below c: the page foot



def test_the_free_lines_at_the_foot_of_a_stack_go_to_its_modules_top_down():
    """stack.py: module a over b (columns 0-2), c beside them, d across
    all four under b and c: the foot of columns 0-3 below d is free."""
    a = Choice(make_article("a"), 3, 0, 0, 20)
    b = Choice(make_article("b"), 3, 0, 21, 10)
    c = Choice(make_article("c"), 1, 3, 0, 25)
    d = Choice(make_article("d"), 4, 0, 32, 30)
    boxes = [a, b, c, d]
    assert stack_below(boxes, 0) == [1, 3] and stack_below(boxes, 2) == [3] and stack_below(boxes, 3) == []
    assert foot_room(boxes, 0, 80) == (18, 3)  # d ends at 62 of 80; a, b, d a chain of three
    assert share(18, 3) == 6 and share(18, 1) == 18
    moved = settle(boxes, 0, 26, 1)  # a took 6 lines: b and d move down
    assert [(m.row0, m.rows) for m in moved] == [(0, 26), (27, 10), (0, 25), (38, 30)]
    assert foot_room(moved, 1, 80) == (12, 2)
    split = boxes[:3] + [replace(d, rows=80 - 32, split=True)]  # d continued: it reaches the foot
    assert foot_room(split, 0, 80)[0] == 0
    for i, m in enumerate(moved):  # nothing overlaps, the space kept
        for o in moved[i + 1:]:
            if m.c0 < o.c0 + o.k and o.c0 < m.c0 + m.k:
                assert m.row0 + m.rows + 1 <= o.row0 or o.row0 + o.rows + 1 <= m.row0


# ------------------------------------------------------------ article module


def test_module_body_lines_sit_on_the_line_grid_inside_its_columns(kit):
    art = make_article(paragraphs=(PARAGRAPH * 5, PARAGRAPH * 3), subheads=("小标题",))
    comp = compose_body(art, kit.grid, kit.setter)
    k, c0, row0 = 3, 1, 5
    module = build_module(comp, 2, c0, k, row0, kit.grid.lines - row0, kit.grid, kit.setter)
    assert module.overflow == 0
    x0 = kit.grid.col_x(2, c0)
    body = [i for i in module.items if isinstance(i, TextLine) and i.role in ("body", "subhead")]
    assert len(body) == sum(len(lines) for _, lines in comp.blocks)
    for item in body:
        rows = [r for r in range(row0, row0 + module.rows)
                if abs(kit.grid.baseline(r, item.line.glyphs[0].size) - item.baseline) < 1e-6]
        assert rows, f"line at {item.baseline:.2f} is off the grid"  # L1
        assert x0 - 1e-6 <= item.x and item.x + item.line.width <= x0 + kit.grid.span(k) + 0.5
    assert module.placement is not None
    assert module.placement.w == pytest.approx(kit.grid.span(k))
    assert module.placement.h == pytest.approx(module.rows * kit.grid.pitch)  # whole lines (H2)


def test_module_that_cannot_fit_reports_its_overflow(kit):
    art = make_article(paragraphs=(PARAGRAPH * 20,))
    module = build_module(compose_body(art, kit.grid, kit.setter), 2, 0, 1, 0, 20, kit.grid, kit.setter)
    assert module.overflow > 0


def test_photo_sits_in_the_module_with_its_caption_below(kit, tmp_path):
    photo = tmp_path / "p.jpg"
    write_photo(photo, 1200, 800)
    art = make_article(images=(make_image(photo, (1200, 800), columns=2),))
    module = build_module(compose_body(art, kit.grid, kit.setter), 2, 0, 4, 0, kit.grid.lines, kit.grid, kit.setter)
    [pic] = [i for i in module.items if isinstance(i, Picture)]
    left, right = kit.grid.col_x(2, 0), kit.grid.col_x(2, 0) + kit.grid.span(4)
    assert left <= pic.x and pic.x + pic.w <= right + 1e-6
    assert pic.w == pytest.approx(kit.grid.span(2))
    captions = [i for i in module.items if isinstance(i, TextLine) and i.role == "caption"]
    assert captions and all(c.baseline > pic.y + pic.h for c in captions)
    crop_w, crop_h = pic.crop[2] - pic.crop[0], pic.crop[3] - pic.crop[1]
    assert (1200 * crop_w) / (800 * crop_h) == pytest.approx(pic.w / pic.h, rel=1e-3)  # cropped, never stretched



def test_a_photo_set_below_another_counts_the_lines_it_leaves_empty_above_it(kit, tmp_path):
    """Module.photo_gap: a 1-column photo, then one across all 3 columns
    (it sits under the first: the other two columns are empty above it)."""
    photo = tmp_path / "p.jpg"
    write_photo(photo, 1200, 800)
    one, wide = make_image(photo, (1200, 800), columns=1), make_image(photo, (1200, 800), columns=3)
    alone = build_module(compose_body(make_article(images=(wide,)), kit.grid, kit.setter), 2, 0, 3, 0, kit.grid.lines,
                         kit.grid, kit.setter)
    assert alone.photo_gap == 0
    both = build_module(compose_body(make_article(images=(one, wide)), kit.grid, kit.setter), 2, 0, 3, 0,
                        kit.grid.lines, kit.grid, kit.setter)
    [small, _] = [i for i in both.items if isinstance(i, Picture)]
    first_rows = round((small.h + kit.grid.pitch - kit.grid.em) / kit.grid.pitch) + 1 + 1  # photo, caption, a blank line
    assert both.photo_gap == 2 * first_rows


# ------------------------------------------------------------------ front page


def test_fill_format_gives_date_issue_and_page_fields(loaded_sample):
    issue = loaded_sample.issue
    text = fill_format("{year}年{month}月{day}日 {weekday} 第{number}期 第{page}版", issue, 3)
    d: dt.date = issue.date
    weekday = "星期" + "一二三四五六日"[d.weekday()]
    assert text == f"{d.year}年{d.month}月{d.day}日 {weekday} 第{issue.number}期 第3版"


def test_qr_runs_redraw_the_matrix_with_its_quiet_zone():
    data = "https://example.org/qr-test"
    item = qr_item(data, 10.0, 20.0, 60.0, 4, "M", "black")
    matrix = qr_matrix(data, "M")
    assert item.size == len(matrix) + 8
    assert item.module == pytest.approx(60.0 / item.size)
    drawn = [[False] * item.size for _ in range(item.size)]
    for row, col, length in item.dark:
        for c in range(col, col + length):
            drawn[row][c] = True
    expected = [[False] * item.size for _ in range(item.size)]
    for r, line in enumerate(matrix):
        for c, dark in enumerate(line):
            expected[r + 4][c + 4] = bool(dark)
    assert drawn == expected


def test_toc_box_has_one_entry_per_listed_article_inside_its_frame(kit, loaded_sample):
    issue = loaded_sample.issue
    listed = [a for a in issue.articles if a.toc is not None]
    x0, width = kit.grid.col_x(1, 0), kit.grid.span(2)
    toc = toc_block(issue, kit.grid, kit.setter, x0, width, 10, 8)
    assert toc is not None
    assert [e.article_id for e in toc.entries] == [a.id for a in listed]
    frame = next(i for i in toc.items if isinstance(i, Rect))
    for item in toc.items:
        if isinstance(item, TextLine):
            assert frame.x <= item.x and item.x + item.line.width <= frame.x + frame.w + 1e-6
            assert frame.y < item.baseline < frame.y + frame.h
    for entry in toc.entries:
        assert frame.y < entry.baseline < frame.y + frame.h


# ------------------------------------------------------------------ pagination


@pytest.fixture(scope="module")
def small_layout(tmp_path_factory, kit):
    from layout.load.loader import load_issue

    loaded = load_issue(write_small_issue(tmp_path_factory.mktemp("pages") / "issues"), kit.fonts.keys)
    return loaded, paginate(loaded.issue, loaded.theme, kit.fonts)


def test_articles_land_on_their_pages_and_the_toc_points_there(small_layout):
    loaded, layout = small_layout
    assert layout.page_of == {a.id: a.page for a in loaded.issue.articles}
    listed = [a.id for a in loaded.issue.articles if a.toc is not None]
    assert layout.toc == {aid: layout.page_of[aid] for aid in listed}
    refs = [i for i in layout.pages[0].items if isinstance(i, TextLine) and i.role == "toc"]
    texts = "".join(g.text for r in refs for g in r.line.glyphs)
    for aid in listed:
        assert f">>>P{layout.page_of[aid]}" in texts


def test_running_heads_on_inner_pages_only(small_layout):
    _, layout = small_layout
    for page in layout.pages:
        heads = [i for i in page.items if isinstance(i, TextLine) and i.role == "head"]
        assert bool(heads) == (page.number > 1), page.number


def test_articles_on_a_page_do_not_overlap_and_stay_on_the_page(small_layout, kit):
    _, layout = small_layout
    for page in layout.pages:
        boxes = page.placements
        for i, a in enumerate(boxes):
            assert a.x >= 0 and a.x + a.w <= kit.grid.width
            assert kit.grid.top - 1e-6 <= a.y and a.y + a.h <= kit.grid.top + kit.grid.lines * kit.grid.pitch + 1e-6
            for b in boxes[i + 1:]:
                apart = a.x + a.w <= b.x + 1e-6 or b.x + b.w <= a.x + 1e-6 or a.y + a.h <= b.y + 1e-6 or b.y + b.h <= a.y + 1e-6
                assert apart, (page.number, a.id, b.id)


def test_an_article_too_long_for_its_page_stops_the_build_naming_it(tmp_path, kit):
    from conftest import article_yaml
    from layout.load.loader import load_issue

    articles = article_yaml("front", 1, "头版", 2) + article_yaml("huge", 2, "太长的文章", 400, columns=6)
    loaded = load_issue(write_small_issue(tmp_path / "issues", pages=2, articles=articles), kit.fonts.keys)
    with pytest.raises(BuildError) as info:
        paginate(loaded.issue, loaded.theme, kit.fonts)
    assert "article 'huge' does not fit on page 2" in str(info.value)


def test_toc_entries_set_narrower_for_their_reference_are_not_spaced_out(kit, loaded_sample):
    """An entry whose last line has no room for its page reference is set
    narrower, ragged: a line cut short by a word break keeps its natural
    spacing (the sample's 新泾粽香里的时光对话 was set 新 泾 粽 香 里 的)."""
    issue = loaded_sample.issue
    x0, width = kit.grid.col_x(0, 0), kit.grid.span(1)  # the masthead strip's width, as built
    toc = toc_block(issue, kit.grid, kit.setter, x0, width, 10, 8)
    assert toc is not None
    size = kit.theme.style("toc_entry").size
    lines = [i.line for i in toc.items if isinstance(i, TextLine) and i.role == "toc" and i.line.gaps >= 4]
    assert lines
    assert max(ln.spread for ln in lines) <= 0.15 * size  # the body rule's "spaced" threshold


def test_a_daodu_entry_never_ends_on_a_lone_character():
    """Justified at the A4 box's width, 文明养宠倡议书　非遗展示：老 filled its
    first line and left 老 alone under it (O1); the entry breaks at its
    phrase instead."""
    from conftest import make_article, make_kit
    from layout.pages.front import _toc_stack

    kit = make_kit("a4")
    es = kit.theme.style("toc_entry").size
    for text in ("文明养宠倡议书　非遗展示：老", "社区微更新让老小区焕新颜　暑期托班开", "垃圾分类新规来了　老"):
        for w_em in range(8, 16):
            body: list = []
            _toc_stack([make_article(toc=text)], kit.setter, kit.grid, 0.0, w_em * es, 0, 3 * es, body, [])
            lines = [i.line for i in body if isinstance(i, TextLine)]
            assert "".join(ln.text for ln in lines).replace("\u3000", "") == text.replace("\u3000", "")
            assert len(lines) == 1 or lines[-1].han >= 2, (w_em, [ln.text for ln in lines])
