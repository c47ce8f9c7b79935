"""The draft proof's pages (layout/pages/draft.py, issue 8 item 5): what
does not fit is not drawn, and each overset article is marked once, on its
own frame, with its own lines over (qa3 finding 10 c/d: a continuation sent
to a full page was drawn under the type area, and its tag landed under
another article's frame)."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.pages.display import Page, Picture, Placement, Rect, Rule, TextLine
from layout.pages.draft import Overrun, mark_overset


def _line(kit, text: str = "正文一行"):
    return kit.setter.text(text, kit.theme.style("body"), kit.grid.col_w, align="left")[0]


def _tags(page: Page) -> list[TextLine]:
    return [it for it in page.items if isinstance(it, TextLine) and it.role == "draft"]


def _frames(page: Page, kit) -> list[Rect]:
    return [it for it in page.items if isinstance(it, Rect) and it.stroke == kit.theme.draft.color and it.fill is None]


def _tag_text(tag: TextLine) -> str:
    return tag.line.text.replace(" ", "")


def test_a_piece_under_the_foot_is_not_drawn_and_its_article_is_marked_on_its_last_piece(kit):
    g = kit.grid
    foot = g.line_top(g.lines)
    x0, x1 = g.col_x(2, 0), g.col_x(2, 1)
    lead1 = Placement("lead", 1, x0, g.top, g.col_w, foot - g.top, lines=g.lines)
    other = Placement("other", 2, x0, g.top, g.col_w, foot - g.top, lines=g.lines)
    lead2 = Placement("lead", 2, x0, foot + g.pitch, g.span(2), -g.pitch)  # no room: placed under the foot
    head = TextLine(x0, foot + 2 * g.pitch, _line(kit, "续标题"), "ink", "jump_title")
    rule = Rule(x0, foot + g.pitch / 2, x1 + g.col_w, foot + g.pitch / 2, "ink", 0.5)
    body2 = TextLine(x0, foot - g.pitch, _line(kit), "ink")
    pages = [Page(1, [TextLine(x0, g.top + g.pitch, _line(kit), "ink")], [lead1]),
             Page(2, [body2, head, rule], [other, lead2])]
    marked = mark_overset(pages, [Overrun("other", 2, 6), Overrun("lead", 2, 40)], kit.theme, kit.setter)
    # the lead's piece under the foot is gone, with its head and the rule over it; the other's line stays
    assert head not in marked[1].items and rule not in marked[1].items and body2 in marked[1].items
    assert [at.id for at in marked[1].placements] == ["other"]
    # one tag each, on its own frame, with its own lines over
    assert [_tag_text(t) for t in _tags(marked[0])] == ["超版40行"]
    assert [_tag_text(t) for t in _tags(marked[1])] == ["超版6行"]
    (f1,), (f2,) = _frames(marked[0], kit), _frames(marked[1], kit)
    pad = kit.theme.draft.padding_pt
    assert (f1.x + pad, f1.y + pad, f1.h - 2 * pad) == pytest.approx((lead1.x, lead1.y, lead1.h))
    assert (f2.x + pad, f2.y + pad, f2.h - 2 * pad) == pytest.approx((other.x, other.y, other.h))
    for page in marked:
        for it in page.items:
            if isinstance(it, TextLine) and it.role != "draft":
                assert it.baseline <= foot
    assert len(pages[1].items) == 3 and pages[1].placements == [other, lead2]  # the pages given stay


def test_a_module_past_the_foot_is_cut_there_and_framed_inside_the_type_area(kit):
    g = kit.grid
    foot = g.line_top(g.lines)
    x = g.col_x(2, 0)
    top = foot - 4 * g.pitch
    at = Placement("a", 2, x, top, g.col_w, 8 * g.pitch, columns=[(x, top, g.col_w, 8 * g.pitch)], lines=8)
    lines = [TextLine(x, g.baseline(g.lines - 4 + i), _line(kit), "ink") for i in range(8)]
    column_rule = Rule(x + g.col_w + g.gutter / 2, top, x + g.col_w + g.gutter / 2, top + 8 * g.pitch, "ink", 0.5)
    pages = [Page(1), Page(2, [*lines, column_rule], [at])]
    marked = mark_overset(pages, [Overrun("a", 2, 4)], kit.theme, kit.setter)
    drawn = [it for it in marked[1].items if isinstance(it, TextLine) and it.role != "draft"]
    assert drawn == lines[:4]
    (rule,) = [it for it in marked[1].items if isinstance(it, Rule)]
    assert max(rule.y1, rule.y2) == pytest.approx(foot)
    (frame,) = _frames(marked[1], kit)
    assert frame.y + frame.h - kit.theme.draft.padding_pt == pytest.approx(foot)
    assert marked[1].placements[0].h == pytest.approx(foot - top)
    assert [_tag_text(t) for t in _tags(marked[1])] == ["超版4行"]


def test_a_head_with_no_line_after_the_marked_piece_is_left_out(kit):
    g = kit.grid
    x = g.col_x(2, 0)
    foot = g.line_top(g.lines)
    first = Placement("a", 1, x, g.top, g.col_w, foot - g.top, lines=g.lines)
    below = Placement("b", 2, x, g.top, g.col_w, foot - g.top - 3 * g.pitch, lines=g.lines - 3)
    stub = Placement("a", 2, x, foot - 2 * g.pitch, g.col_w, 2 * g.pitch)  # a continuation head only
    kept = TextLine(x, g.baseline(g.lines - 4), _line(kit), "ink")
    head = TextLine(x, g.baseline(g.lines - 1), _line(kit, "续标题"), "ink", "jump_title")
    pages = [Page(1, [], [first]), Page(2, [kept, head], [below, stub])]
    marked = mark_overset(pages, [Overrun("a", 2, 30)], kit.theme, kit.setter)
    assert kept in marked[1].items and head not in marked[1].items
    assert [_tag_text(t) for t in _tags(marked[0])] == ["超版30行"] and not _tags(marked[1])


@pytest.mark.parametrize("theme", [None, "a4"])
def test_a_continuation_sent_to_a_full_page_is_marked_on_its_own_frame(tmp_path: Path, theme: str | None):
    """A generated issue: page 1's article continues on page 2, which its own
    article fills: the continuation has no line of room there."""
    from layout.build import prepare_issue
    from layout.copyfit import results_of
    from layout.pages.styles import Setter
    from tools.issuegen import ArticleSpec, IssueSpec, write_issue

    issue = write_issue(tmp_path / "2025-08", IssueSpec([ArticleSpec(1, 9000), ArticleSpec(2, 7000)], pages=2,
                                                          theme=theme), seed=1)
    checked = prepare_issue(issue, draft=True)
    theme_ = checked.loaded.theme
    g = theme_.grid
    foot = g.line_top(g.lines)
    over = {o.article_id: o.lines_over for o in results_of(checked.layout).overset}
    assert len(over) == 2, over
    pages = mark_overset(checked.layout.pages, [Overrun(a, 2, n) for a, n in over.items()], theme_,
                         Setter(theme_, checked.fonts))
    seen: dict[str, int] = {}
    for page in pages:
        frames = [it for it in page.items if isinstance(it, Rect) and it.stroke == theme_.draft.color and it.fill is None]
        tags = [it for it in page.items if isinstance(it, TextLine) and it.role == "draft"]
        assert len(frames) == len(tags)
        for frame, tag in zip(frames, tags, strict=True):
            pad = theme_.draft.padding_pt
            (own,) = [at for at in page.placements if abs(at.x - frame.x - pad) < 0.01 and abs(at.y - frame.y - pad) < 0.01]
            assert own.lines > 0 and frame.y + frame.h - pad <= foot + 0.01
            seen[own.id] = int("".join(ch for ch in tag.line.text if ch.isdigit()))
            for at in page.placements:  # no other module inside the frame
                if at is not own:
                    assert at.x >= frame.x + frame.w - pad - 0.01 or at.x + at.w <= frame.x + pad + 0.01 \
                        or at.y >= frame.y + frame.h - pad - 0.01 or at.y + at.h <= frame.y + pad + 0.01
        for it in page.items:
            if isinstance(it, TextLine) and it.role != "draft":
                assert it.baseline <= foot + 0.01, (page.number, it.line.text)
            if isinstance(it, Rule):
                assert min(it.y1, it.y2) <= foot + 0.01
        assert all(at.y < foot and at.y + at.h <= foot + 0.01 for at in page.placements)
    assert seen == over


def test_an_article_with_no_line_in_the_type_area_gets_a_tag_naming_it_in_the_foot_margin(kit):
    g = kit.grid
    foot = g.line_top(g.lines)
    x = g.col_x(2, 0)
    full = Placement("full", 2, x, g.top, g.span(g.columns), foot - g.top, lines=g.lines * g.columns)
    lost = Placement("lost", 2, x, foot + g.pitch, g.span(2), -g.pitch)
    title = TextLine(x, foot + 2 * g.pitch, _line(kit, "简讯十二"), "ink", "title")
    pages = [Page(1), Page(2, [title], [full, lost])]
    marked = mark_overset(pages, [Overrun("full", 2, 3, "头条"), Overrun("lost", 2, 19, "简讯十二：社区活动提醒提醒提醒")],
                          kit.theme, kit.setter)
    assert title not in marked[1].items
    tags = sorted(_tags(marked[1]), key=lambda t: t.baseline)
    assert _tag_text(tags[0]) == "超版3行"
    # the title cut to a column's characters
    assert _tag_text(tags[1]) == "简讯十二：社区活动提醒提醒提醒"[: kit.grid.column_chars - 1] + "…超版19行"
    grounds = [it for it in marked[1].items if isinstance(it, Rect) and it.fill == kit.theme.draft.color]
    assert all(foot <= r.y and r.y + r.h <= g.height + 1e-6 for r in grounds)
    assert grounds[0].y + grounds[0].h <= grounds[1].y  # a row under the frames' tags


def test_an_article_set_as_its_head_alone_is_left_out_and_named_in_the_foot_margin(kit):
    """qa3 a4 2026-03-b p2: 简讯10's module held its headline and no line (H1
    in the draft's audit: a heading with no body text below it)."""
    g = kit.grid
    foot = g.line_top(g.lines)
    x = g.col_x(2, 0)
    above = Placement("above", 2, x, g.top, g.col_w, foot - g.top - 4 * g.pitch, lines=g.lines - 4)
    stub = Placement("stub", 2, x, foot - 3 * g.pitch, g.col_w, 3 * g.pitch)
    kept = TextLine(x, g.baseline(g.lines - 6), _line(kit), "ink")
    head = TextLine(x, g.baseline(g.lines - 2), _line(kit, "简讯十"), "ink", "title")
    ground = Rect(x, foot - 3 * g.pitch, g.col_w, 3 * g.pitch, fill="paper")
    pages = [Page(1), Page(2, [kept, ground, head], [above, stub])]
    marked = mark_overset(pages, [Overrun("stub", 2, 9, "简讯十")], kit.theme, kit.setter)
    assert kept in marked[1].items and head not in marked[1].items and ground not in marked[1].items
    assert [at.id for at in marked[1].placements] == ["above"]
    assert [_tag_text(t) for t in _tags(marked[1])] == ["简讯十超版9行"] and not _frames(marked[1], kit)
    # a piece with a photo and no line is kept and marked
    photo = Picture(x, foot - 3 * g.pitch, g.col_w, 2 * g.pitch, Path("p.jpg"), (0, 0, 1, 1), "p.jpg")
    pages = [Page(1), Page(2, [kept, photo, head], [above, stub])]
    marked = mark_overset(pages, [Overrun("stub", 2, 9, "简讯十")], kit.theme, kit.setter)
    assert photo in marked[1].items and head in marked[1].items
    assert [_tag_text(t) for t in _tags(marked[1])] == ["超版9行"] and len(_frames(marked[1], kit)) == 1
