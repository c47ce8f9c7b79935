"""The page make-up engine (issue 8): 转版 across pages, any mix of articles
and photos, photo frames within the crop limit, the typed results.

Property tests run on the pure functions (the packer, the column flow) and
on synthetic issues laid out with the real composer; a few realistic issues
from tools/issuegen.py are laid out in both built-in themes, and one is
built end to end to read its jump lines back from the PDF."""

from __future__ import annotations

import dataclasses
import itertools
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from conftest import PARAGRAPH, make_article, make_image, make_kit
from layout.model.document import Issue, Origin, Publication, Text
from layout.pages.article import compose_body, headline
from layout.pages.display import Picture, TextLine
from layout.pages.flow import PARA, SUBHEAD, Unit, fill
from layout.pages.pack import Shape, pack
from layout.pages.paginate import Layout, paginate
from layout.pages.photoframe import crop_box, frame_for
from tools.issuegen import ArticleSpec, IssueSpec, PhotoSpec, random_spec, write_issue

# ------------------------------------------------------------------ packer


def _overlap(a, b) -> bool:
    return a.c0 < b.c0 + b.k and b.c0 < a.c0 + a.k and a.row0 < b.row0 + b.rows and b.row0 < a.row0 + a.rows


@settings(max_examples=80, deadline=None)
@given(
    items=st.lists(st.tuples(st.integers(3, 400), st.integers(0, 30), st.one_of(st.none(), st.integers(1, 6))),
                   min_size=1, max_size=12),
    strip=st.integers(0, 1),
    split=st.booleans(),
)
def test_packer_places_pieces_once_in_order_inside_the_frame(items, strip, split):
    """Random articles (body lines, photo lines, `columns:`): each placed once,
    in order, inside the page, never overlapping; a cut article ends at the
    page foot, only where it did not fit whole, keeping its minimum."""
    columns, lines, space = 6, 73, 1
    tops = [lines if c < strip else 0 for c in range(columns)]
    arts = [make_article(f"a{i}", columns=c) for i, (_, _, c) in enumerate(items)]
    body = {a.id: (n, p) for a, (n, p, _) in zip(arts, items, strict=True)}

    def shape_of(art, k):
        n, photo = body[art.id]
        head = 3 if k > 1 else 4
        rows = head + photo + math.ceil(n / k)
        return Shape(rows, 1, rows - head, 0, head + photo + 4)

    choices = pack(arts, tops, lines, space, shape_of, (lambda _a: True) if split else None)
    assert [c.article.id for c in choices] == [a.id for a in arts]
    for ch in choices:
        assert ch.c0 >= 0 and ch.c0 + ch.k <= columns
        assert ch.row0 >= max(tops[ch.c0:ch.c0 + ch.k])
        full = shape_of(ch.article, ch.k)
        if ch.split:
            assert split and ch.row0 + ch.rows == lines
            assert ch.row0 + full.rows > lines  # it did not fit whole where it sits
            assert ch.rows >= full.min_split_rows
        else:
            assert ch.rows == full.rows
        if ch.article.columns is not None:
            assert ch.k <= ch.article.columns  # kept, unless what is left of the page is narrower (a warning)
            if ch is choices[0]:
                assert ch.k == min(ch.article.columns, columns - strip)
    for i, a in enumerate(choices):
        for b in choices[i + 1:]:
            assert not _overlap(a, b), (a, b)


def test_packer_cuts_a_lead_too_long_for_its_page_instead_of_overflowing():
    arts = [make_article("lead"), make_article("brief")]

    def shape_of(art, k):
        n = 900 if art.id == "lead" else 20
        rows = 4 + math.ceil(n / k)
        return Shape(rows, 1, rows - 4, 0, 8)

    choices = pack(arts, [0] * 6, 73, 1, shape_of, lambda _a: True)
    lead = choices[0]
    assert lead.split and lead.row0 == 0 and lead.row0 + lead.rows == 73
    assert not choices[1].split


# ------------------------------------------------------------------ flow


@settings(max_examples=150, deadline=None)
@given(
    units=st.lists(st.tuples(st.sampled_from([PARA, PARA, PARA, SUBHEAD]), st.integers(1, 14)), min_size=1, max_size=14),
    k=st.integers(1, 4),
    height=st.integers(4, 30),
)
def test_a_cut_flow_keeps_every_line_once_in_order_with_o2_and_h1(units, k, height):
    """Pour into columns too short: the lines set, then the rest from where
    ``rest`` points, are every line once and in order; a paragraph cut
    keeps ≥ 2 lines each side (O2); no subhead is the last thing set (H1)."""
    us = [Unit(kind, n if kind == PARA else 1) for kind, n in units]
    flow = fill(us, [(0, height)] * k, 1)
    placed = [(s.unit, s.first + i) for s in flow.slots for i in range(s.count)]
    if flow.overflow:
        assert flow.rest is not None
        unit, done = flow.rest
        rest = [(unit, i) for i in range(done, us[unit].lines)] + [(j, i) for j in range(unit + 1, len(us)) for i in range(us[j].lines)]
        assert len(rest) == flow.overflow
        if done:
            assert us[unit].kind == PARA and done >= 2 and us[unit].lines - done >= 2  # O2
        if flow.slots and not flow.forced:
            assert us[flow.slots[-1].unit].kind != SUBHEAD  # H1: no subhead left at the foot
    else:
        rest = []
    every = [(j, i) for j in range(len(us)) for i in range(us[j].lines)]
    assert placed + rest == every


# ------------------------------------------------------------------ photos


@settings(max_examples=120, deadline=None)
@given(w=st.integers(400, 6000), h=st.integers(400, 6000), k=st.integers(1, 6),
       fx=st.floats(0, 1), fy=st.floats(0, 1), none=st.booleans())
def test_photo_frames_crop_at_most_the_limit_and_keep_the_focus_in_view(kit, w, h, k, fx, fy, none, tmp_path_factory):
    grid, ps = kit.grid, kit.theme.photos
    img = dataclasses.replace(make_image(Path("p.jpg"), (w, h)), focus=(fx, fy), crop="none" if none else "auto")
    frame = frame_for(img, k, grid, ps)
    assert 1 <= frame.cols <= k
    if w < h:
        assert frame.cols <= ps.portrait_columns
    width = grid.span(frame.cols)
    for rows in (frame.min_rows, frame.rows, frame.max_rows):
        box = crop_box(img, width, rows * grid.pitch - (grid.pitch - grid.em))
        if none:
            continue
        assert box[2] - box[0] >= 1 - ps.max_crop - 1e-6 or rows < ps.min_lines or frame.min_rows == frame.max_rows
        assert box[3] - box[1] >= 1 - ps.max_crop - 1e-6 or frame.min_rows == frame.max_rows
        assert box[0] - 1e-9 <= fx <= box[2] + 1e-9 or abs(fx - 0.5) > (box[2] - box[0]) / 2
        assert 0 <= box[0] <= box[2] <= 1 and 0 <= box[1] <= box[3] <= 1
    if none:
        assert frame.min_rows == frame.rows == frame.max_rows


def test_a_portrait_photo_is_set_narrow_and_a_panorama_across_the_article(kit):
    ps = kit.theme.photos
    portrait = make_image(Path("p.jpg"), (2000, 3000))
    panorama = make_image(Path("q.jpg"), (3600, 1200))
    assert frame_for(portrait, 6, kit.grid, ps).cols <= ps.portrait_columns
    assert frame_for(panorama, 5, kit.grid, ps).cols == 5


def test_a_photo_too_small_for_its_frame_is_set_narrower_not_failed(kit):
    ps = kit.theme.photos
    small = make_image(Path("s.jpg"), (700, 467))
    frame = frame_for(small, 6, kit.grid, ps)
    assert frame.narrowed
    width = kit.grid.span(frame.cols)
    assert 700 / (width / 72) >= ps.ppi_fail


# ------------------------------------------------------------------ whole issues


def _issue(articles, pages: int | None, theme_name: str = "tabloid") -> Issue:
    import datetime as dt

    origin = Origin.at("issue.yaml", 1, 1)
    pub = Publication(Path("publication.yaml"), Text("测试小报", origin), Text("测试街道 编印", origin), None, theme_name)
    return Issue(Path("."), Path("issue.yaml"), "test", pub, 1, None, dt.date(2025, 7, 1), pages, tuple(articles))


def body_text(layout: Layout, aid: str) -> str:
    """The body text of an article as it stands on the pages, piece by piece,
    column by column, line by line."""
    out: list[str] = []
    for piece_no, piece in enumerate(layout.articles[aid].pieces):
        page = layout.pages[piece.page - 1]
        placements = [p for p in page.placements if p.id == aid]
        place = placements[sum(1 for q in layout.articles[aid].pieces[:piece_no] if q.page == piece.page)]
        inside = [i for i in page.items if isinstance(i, TextLine) and i.role in ("body", "subhead")
                  and place.x - 0.01 <= i.x < place.x + place.w and place.y <= i.baseline <= place.y + place.h]
        edges = sorted(f[0] for f in place.columns) or [place.x]
        rows: dict[tuple[int, float], list[TextLine]] = {}
        for i in inside:  # by column, then line; a list item's number shares its line, left of its text
            col = sum(1 for e in edges if e <= i.x + 0.01)
            rows.setdefault((col, round(i.baseline, 1)), []).append(i)
        for key in sorted(rows):
            line = max(rows[key], key=lambda i: i.x)
            out.append("".join(g.text for g in line.line.glyphs))
    return "".join(out)


def source_text(comp) -> str:
    return "".join("".join(g.text for g in line.glyphs) for _, lines in comp.blocks for line in lines)


def check_layout(layout: Layout, issue: Issue, kit) -> None:
    """What must hold on every laid-out issue."""
    theme = kit.theme
    grid = theme.grid
    overset = {o.article_id for o in layout.overset}
    for art in issue.articles:
        res = layout.articles[art.id]
        # every character once, in order (an overset article: all but its lines over)
        placed, source = body_text(layout, art.id), source_text(compose_body(art, grid, kit.setter))
        if art.id in overset:
            assert source.startswith(placed), art.id
        else:
            assert placed == source, art.id
        # the pieces and the jumps pair up
        pages = [p.page for p in res.pieces]
        assert pages[0] == art.page and pages == sorted(pages) and len(set(pages)) == len(pages)
        assert [(j.from_page, j.to_page) for j in res.jumps] == list(itertools.pairwise(pages))
        for j in res.jumps:
            to_text = theme.jump.to_format.format(page=j.to_page)
            from_text = theme.jump.from_format.format(page=j.from_page)
            assert any(isinstance(i, TextLine) and i.role == "jump" and "".join(g.text for g in i.line.glyphs) == to_text
                       for i in layout.pages[j.from_page - 1].items)
            assert any(isinstance(i, TextLine) and i.role == "jump" and "".join(g.text for g in i.line.glyphs) == from_text
                       for i in layout.pages[j.to_page - 1].items)
    for page in layout.pages:
        boxes = [p for p in page.placements if p.id not in overset]  # an overset article may run off the page
        for i, a in enumerate(boxes):
            assert grid.left(page.number) - 0.01 <= a.x and a.x + a.w <= grid.left(page.number) + grid.grid_width + 0.01
            assert grid.top - 0.01 <= a.y and a.y + a.h <= grid.line_top(grid.lines) + 0.01
            for b in boxes[i + 1:]:
                assert a.x + a.w <= b.x + 0.01 or b.x + b.w <= a.x + 0.01 or a.y + a.h <= b.y + 0.01 or b.y + b.h <= a.y + 0.01
        for item in page.items:
            if isinstance(item, Picture):
                kept_w, kept_h = item.crop[2] - item.crop[0], item.crop[3] - item.crop[1]
                assert min(kept_w, kept_h) >= 1 - theme.photos.max_crop - 0.02  # rounding to whole lines
    # the 导读 points at start pages
    for aid, number in layout.toc.items():
        assert number == next(a.page for a in issue.articles if a.id == aid)


_KITS: dict[str, object] = {}


def kit_for(name: str):
    if name not in _KITS:
        _KITS[name] = make_kit(name)
    return _KITS[name]


@settings(max_examples=8, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    theme_name=st.sampled_from(["tabloid", "a4"]),
    pages=st.integers(2, 3),
    arts=st.lists(st.tuples(st.integers(1, 3), st.integers(1, 60), st.integers(0, 2), st.sampled_from(
        [(1800, 1200), (1200, 1800), (1500, 1500), (3600, 1200)]), st.one_of(st.none(), st.integers(1, 3))),
        min_size=1, max_size=7),
)
@example(theme_name="a4", pages=2, arts=[(2, 12, 2, (3600, 1200), None)])
def test_random_pages_lose_nothing_and_pair_their_jumps(tmp_path_factory, theme_name, pages, arts):
    kit = kit_for(theme_name)
    folder = tmp_path_factory.mktemp("photos")
    made = []
    for i, (page, paras, photos, px, cols) in enumerate(sorted(arts, key=lambda a: a[0])):
        page = min(page, pages)
        images = []
        for j in range(photos):
            path = folder / f"p{i}-{j}.jpg"
            images.append(make_image(path, px))
        made.append(make_article(f"a{i}", page=page, paragraphs=tuple(PARAGRAPH * (1 + n % 4) for n in range(paras)),
                                 columns=cols, images=tuple(images)))
    for p in range(1, pages + 1):  # no page without an article
        if not any(a.page == p for a in made):
            made.append(make_article(f"fill{p}", page=p))
    made.sort(key=lambda a: a.page)
    issue = _issue(made, pages, theme_name)
    layout = paginate(issue, kit.theme, kit.fonts, strict=False)
    check_layout(layout, issue, kit)
    over = {o.article_id for o in layout.overset}
    for o in layout.overset:
        assert o.lines_over > 0 and o.chars_over == o.lines_over * kit.grid.column_chars
    # an issue with plenty of room sets everything
    grid = kit.grid
    demand = sum(compose_body(a, grid, kit.setter).line_count + 8 for a in made)
    for a in made:
        for img in a.images:
            frame = frame_for(img, grid.columns, grid, kit.theme.photos)
            demand += frame.cols * (frame.rows + 2)
    # (a fixed `columns:` too narrow for an article and its photos on the last page is overset, rightly)
    def column_lines(a):
        photos = sum(f.cols * (f.rows + 2) for f in (frame_for(img, a.columns, grid, kit.theme.photos) for img in a.images))
        return compose_body(a, grid, kit.setter).line_count + photos
    narrow = any(a.columns and column_lines(a) > a.columns * (grid.lines - 12) for a in made)
    # (nor can the last page hold more than a page: nothing continues from it)
    last = sum(compose_body(a, grid, kit.setter).line_count + 8 for a in made if a.page == pages)
    if demand <= 0.6 * grid.columns * grid.lines * pages and not narrow and last <= 0.6 * grid.columns * grid.lines:
        assert not over


def test_a_lead_continues_on_the_page_continued_on_names(kit):
    long = tuple(PARAGRAPH * 6 for _ in range(25))
    lead = dataclasses.replace(make_article("lead", page=1, paragraphs=long), continued_on=3,
                               jump_title=Text("调研续", Origin.at("issue.yaml", 1, 1)))
    issue = _issue([lead, make_article("p2", page=2), make_article("p3", page=3)], 3)
    layout = paginate(issue, kit.theme, kit.fonts)
    assert [(j.from_page, j.to_page) for j in layout.articles["lead"].jumps] == [(1, 3)]
    check_layout(layout, issue, kit)
    heads = [i for i in layout.pages[2].items if isinstance(i, TextLine) and i.role == "jump_title"]
    assert "".join(g.text for i in heads for g in i.line.glyphs) == "调研续"


def test_a_continuation_head_keeps_its_jump_line_over_the_body_when_given_air(kit):
    """Air given to a continuation head goes above it: （上接第M版） stays on
    the line right over the body's first line (no blank line between)."""
    art = dataclasses.replace(make_article("lead", page=1), jump_title=Text("调研续", Origin.at("issue.yaml", 1, 1)))
    comp = dataclasses.replace(compose_body(art, kit.grid, kit.setter), from_page=1)
    width = kit.grid.span(3)
    tight = headline(comp, width, 3, kit.grid, kit.setter)
    airy = headline(comp, width, 3, kit.grid, kit.setter, extra=2)
    assert airy.rows == tight.rows + 2
    assert [role for _, _, _, role in airy.lines][-1] == "jump"
    # from the jump line's baseline down to the body's first line
    assert airy.rows * kit.grid.pitch - airy.lines[-1][0] == pytest.approx(tight.rows * kit.grid.pitch - tight.lines[-1][0])


def test_without_continued_on_the_rest_goes_to_the_nearest_page_with_room(kit):
    long = tuple(PARAGRAPH * 6 for _ in range(25))
    full = tuple(PARAGRAPH * 6 for _ in range(22))
    issue = _issue([make_article("lead", page=1, paragraphs=long), make_article("big", page=2, paragraphs=full),
                    make_article("p3", page=3)], 3)
    layout = paginate(issue, kit.theme, kit.fonts)
    jumps = [(j.from_page, j.to_page) for j in layout.articles["lead"].jumps]
    assert jumps == [(1, 3)]  # page 2 is full with its own article
    check_layout(layout, issue, kit)


def test_an_issue_too_full_reports_what_to_cut_and_the_moves_it_tried(kit):
    long = tuple(PARAGRAPH * 6 for _ in range(50))
    issue = _issue([make_article("a", page=1, paragraphs=long), make_article("b", page=1, paragraphs=long)], 1)
    layout = paginate(issue, kit.theme, kit.fonts, strict=False)
    assert layout.overset
    o = layout.overset[0]
    assert o.lines_over > 0 and o.moves and o.moves[0].text.startswith("cut ~")


# ------------------------------------------------------------------ generated issues


GENERATED = [("tabloid", s) for s in range(6)] + [("a4", 0), ("a4", 1), ("a4", 4)]


@pytest.mark.parametrize(("theme_name", "seed"), GENERATED)
def test_generated_issues_lay_out_whole(tmp_path, theme_name, seed):
    """Realistic issues nobody tuned for (tools/issuegen.py), in both themes."""
    from layout.load.loader import load_issue

    kit = kit_for(theme_name)
    spec = random_spec(seed, pages=4, theme=theme_name)  # filled to 80–100 % of what the theme's pages hold
    folder = write_issue(tmp_path / "issues" / "gen", spec, seed)
    loaded = load_issue(folder, kit.fonts.keys)
    layout = paginate(loaded.issue, loaded.theme, kit.fonts)
    assert not layout.overset
    check_layout(layout, loaded.issue, kit)
    photos = list(layout.photos)
    assert len(photos) == sum(len(a.images) for a in loaded.issue.articles)
    for p in photos:
        assert p.ppi >= loaded.theme.photos.ppi_fail
        assert max(p.crop[0] + p.crop[2], p.crop[1] + p.crop[3]) <= loaded.theme.photos.max_crop + 0.02


def test_an_issue_with_jumps_builds_and_its_pdf_names_the_right_pages(tmp_path):
    """End to end: a lead continued from page 1 to page 3 (continued_on) and
    an article continued by default; the jump lines in the proof's text and
    the 导读 references name the right pages; the typography audit passes."""
    import pypdfium2

    from layout.build import build_issue
    from layout.check.typography import audit_pdf

    spec = IssueSpec([
        ArticleSpec(1, 4000, [PhotoSpec("landscape")], subheads=2, continued_on=3, jump_title="调研续"),
        ArticleSpec(1, 500),
        ArticleSpec(2, 4000, [PhotoSpec("portrait")], toc=True),
        ArticleSpec(2, 2500, toc=True),
        ArticleSpec(3, 900, [PhotoSpec("panorama")]),
        ArticleSpec(3, 500),
        ArticleSpec(4, 2500, [PhotoSpec("square")], toc=True),
    ], pages=4)
    folder = write_issue(tmp_path / "issues" / "jumps", spec, 7)
    result = build_issue(folder, tmp_path / "out", previews=False)
    proof = next(result.out_dir.glob("*-proof.pdf"))
    pdf = pypdfium2.PdfDocument(proof)
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert "下转第3版" in texts[0].replace(" ", "")
    assert "上接第1版" in texts[2].replace(" ", "")
    assert result.report.toc == {"a03-p2": 2, "a04-p2": 2, "a07-p4": 4}
    report = audit_pdf(proof)
    assert report.passed, report.format()


@settings(max_examples=120, deadline=None)
@given(w=st.integers(200, 6000), h=st.integers(200, 6000), k=st.integers(1, 6), fy=st.floats(0, 1),
       none=st.booleans())
def test_a_photo_is_never_taller_than_its_share_nor_cut_past_the_limit(kit, w, h, k, fy, none):
    """However tall a strip (1:15), its frame stops at the theme's share of
    the type area and the photo is scaled into it, narrower than its
    columns, rather than cut by more than the crop limit or run down the page."""
    from layout.pages.photoframe import fitted

    grid, ps = kit.grid, kit.theme.photos
    img = dataclasses.replace(make_image(Path("p.jpg"), (w, h)), focus=(0.5, fy), crop="none" if none else "auto")
    frame = frame_for(img, k, grid, ps)
    width = grid.span(frame.cols)
    limit = grid.lines * grid.pitch * ps.max_height_share
    frame_h = frame.rows * grid.pitch - (grid.pitch - grid.em)
    assert frame_h <= limit + grid.pitch  # whole lines: at most the line that rounds it
    if none:
        return
    box, shown_w, shown_h = fitted(img, width, frame_h, ps.max_crop)
    assert shown_w <= width + 1e-6 and shown_h == frame_h
    assert box[3] - box[1] >= 1 - ps.max_crop - 1e-6  # never cut past the limit top to bottom
    assert abs((w * (box[2] - box[0])) / (h * (box[3] - box[1])) - shown_w / shown_h) < 1e-6  # not distorted


def test_a_strip_too_tall_for_a_column_is_not_reported_narrowed_for_its_resolution(kit):
    strip = make_image(Path("s.jpg"), (300, 3000))
    frame = frame_for(strip, 4, kit.grid, kit.theme.photos)
    assert frame.cols == 1 and not frame.narrowed
