"""Continuation by default (issue 8, requirement 1): an article without
``continued_on:`` that does not fit its page continues on the nearest later
page with room, whatever else its page holds (a table across columns, a
second long article with its own ``continued_on:`` and a tall photo)."""

from __future__ import annotations

import dataclasses

from conftest import PARAGRAPH, make_article, make_image, write_photo
from layout.model.document import Origin, Span, TableBlock, TextBlock
from layout.pages.paginate import paginate
from test_pages_makeup import _issue

ORIGIN = Origin.at("issue.yaml", 1, 1)


def _cell(text: str) -> TextBlock:
    return TextBlock("cell", (Span(text),), ORIGIN)


def phone_table() -> TableBlock:
    """A 服务点 | 地址 | 联系电话 | 开放时间 table: too wide for one column."""
    rows = (("新泾镇社区事务受理服务中心", "天山西路1068号", "021-62345678", "8:30-17:00"),
            ("淞虹路党群服务站", "淞虹路456弄12号", "021-52167890 转 8012", "9:00-16:30"),
            ("吉祥里睦邻点", "哈密路1955弄", "13812345678", "周一至周五"))
    return TableBlock(tuple(_cell(t) for t in ("服务点", "地址", "联系电话", "开放时间")),
                      tuple(tuple(_cell(t) for t in row) for row in rows), ("left", "left", "right", "center"), ORIGIN)


def front_page_pair(tmp_path, body):
    """qa3's tabloid/2026-01: a page-1 lead of ``body`` with a panorama asking
    for 4 columns, beside it a long article with a portrait photo and
    ``continued_on: 3``; pages 2–4 one article each."""
    photo = tmp_path / "wide.jpg"
    write_photo(photo, 3000, 1000)
    lead = dataclasses.replace(make_article("lead", page=1, kicker="民生实事", images=(make_image(photo, (3000, 1000), 4),)),
                               body=body)
    portrait = tmp_path / "portrait.jpg"
    write_photo(portrait, 1000, 1500)
    second = dataclasses.replace(make_article("second", page=1, paragraphs=(PARAGRAPH * 6,) * 12,
                                              images=(make_image(portrait, (1000, 1500)),)), continued_on=3)
    return _issue([lead, second, make_article("p2", page=2, paragraphs=(PARAGRAPH * 6,) * 8),
                   make_article("p3", page=3), make_article("p4", page=4)], 4)


def test_a_front_page_lead_with_a_wide_table_continues_beside_a_long_second_article(kit, tmp_path):
    """qa3's tabloid/2026-01: a lead a page and a half long with a subhead, a
    list and a phone-number table, and beside it on page 1 a long article
    with a portrait photo and ``continued_on: 3``.  Set one column wide the
    lead could not hold its table (it stays with the start piece), so that
    width is no place to cut it: the lead continues and the build fits."""
    para = TextBlock("para", (Span(PARAGRAPH * 5),), ORIGIN)
    body = ((para,) * 16 + (TextBlock("subhead", (Span("办事指南"),), ORIGIN),)
            + tuple(TextBlock("item", (Span(f"第{n}项：" + PARAGRAPH),), ORIGIN, n) for n in (1, 2, 3))
            + (phone_table(),) + (para,) * 3)
    issue = front_page_pair(tmp_path, body)
    layout = paginate(issue, kit.theme, kit.fonts)  # raises BuildError when the lead does not fit
    assert not layout.overset
    lead_res = layout.articles["lead"]
    assert [(j.from_page, j.to_page) for j in lead_res.jumps] == [(1, lead_res.pieces[1].page)]
    assert lead_res.pieces[0].page == 1 and len(lead_res.pieces) == 2
    assert lead_res.pieces[0].columns >= 2  # wide enough for its table
    assert [(j.from_page, j.to_page) for j in layout.articles["second"].jumps] == [(1, 3)]
    grid = kit.grid
    for page in layout.pages:  # every module on its page, none over another
        boxes = page.placements
        for i, a in enumerate(boxes):
            assert a.y + a.h <= grid.line_top(grid.lines) + 0.01
            for b in boxes[i + 1:]:
                assert a.x + a.w <= b.x + 0.01 or b.x + b.w <= a.x + 0.01 or a.y + a.h <= b.y + 0.01 or b.y + b.h <= a.y + 0.01


def test_the_front_page_lead_keeps_its_photo_width_or_says_why(kit, tmp_path):
    """qa3's tabloid/2026-01-notable: the lead's panorama asks for 4 columns;
    beside it a long article with a portrait photo.  The photo is set as
    wide as asked, or a warning names it and the width it got; the lead is
    the page's widest article (its 头条), not one column beside the second."""
    para = TextBlock("para", (Span(PARAGRAPH * 5),), ORIGIN)
    issue = front_page_pair(tmp_path, (para,) * 18)
    layout = paginate(issue, kit.theme, kit.fonts)
    placed = next(p for p in layout.photos if p.article_id == "lead")
    named = [w for w in layout.warnings if "wide.jpg" in w.message and "asks for 4 columns" in w.message]
    assert placed.columns == 4 or named
    # the 头条: no article of its page wider (the second, continued_on: 3, continues as planned)
    first = {aid: res.pieces[0].columns for aid, res in layout.articles.items() if res.pieces[0].page == 1}
    assert first["lead"] == max(first.values())



def test_a_rest_sent_on_leaves_room_for_the_continuation_the_editor_planned(kit):
    """Two long articles on page 1, the second with ``continued_on: 3``: the
    first's rest (sent on first, from higher on the page) looks for a page
    with room for the planned rest too, so each continues once (it used to
    take page 3 and push the planned rest on to page 4, a third piece)."""
    def long(aid, page, n):
        return make_article(aid, page=page, paragraphs=tuple(PARAGRAPH * 6 for _ in range(n)))

    second = dataclasses.replace(long("second", 1, 20), continued_on=3)
    issue = _issue([long("lead", 1, 25), second, long("p2", 2, 22), long("p3", 3, 6), make_article("p4", page=4)], 4)
    layout = paginate(issue, kit.theme, kit.fonts)
    assert [(j.from_page, j.to_page) for j in layout.articles["second"].jumps] == [(1, 3)]
    assert len(layout.articles["lead"].jumps) == 1
    assert all(len(r.pieces) <= 2 for r in layout.articles.values())
