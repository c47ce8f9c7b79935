"""Reading order of a page (issue 8): the page's first article is its 头条 at
the top and as wide as any, and the YAML order runs top-left → top-right →
bottom.  The rule (layout.pages.pack.reads_after): each module starts lower
than the one before it, or on the same line to its right; so the modules
sorted by (first line, first column) are in YAML order.

A property test on the pure packer (random articles, photos, ``columns:``
and furniture), and the same rule read back from a made-up page of twelve
briefs set by the real composer (qa3 finding 6)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PARAGRAPH, make_article
from layout.pages.pack import Shape, pack
from layout.pages.paginate import paginate
from test_pages_makeup import _issue, check_layout

COLUMNS, LINES, SPACE = 6, 73, 1
FURNITURE = {
    "none": [0] * COLUMNS,
    "strip": [LINES] + [0] * (COLUMNS - 1),  # a vertical masthead strip closed to articles
    "band": [30] + [12] * (COLUMNS - 1),  # a masthead band across, the 导读 box deeper in the first column
}


def _reads_in_order(placed: list[tuple[int, int]]) -> bool:
    """(first line, first column) of each module, in YAML order."""
    return placed == sorted(placed) and len(set(placed)) == len(placed)


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(st.tuples(st.integers(3, 400), st.integers(0, 30), st.one_of(st.none(), st.none(), st.integers(1, 6)),
                             st.integers(0, 6)),
                   min_size=1, max_size=12),
    furniture=st.sampled_from(sorted(FURNITURE)),
    split=st.booleans(),
    lead=st.booleans(),
)
def test_packed_modules_read_in_yaml_order_under_the_lead(items, furniture, split, lead):
    tops = FURNITURE[furniture]
    arts = [make_article(f"a{i}", columns=c) for i, (_, _, c, _) in enumerate(items)]
    body = {a.id: (n, p, s) for a, (n, p, _, s) in zip(arts, items, strict=True)}

    def shape_of(art, k):
        n, photo, stretch = body[art.id]
        head = 3 if k > 1 else 4
        rows = head + photo + math.ceil(n / k)
        return Shape(rows, 1, rows - head, 0, head + photo + 4, stretch)

    more = {} if lead else {"lead": False}  # (a page whose first piece is a continuation: no 头条)
    choices = pack(arts, list(tops), LINES, SPACE, shape_of, (lambda _a: True) if split else None, **more)
    assert [c.article.id for c in choices] == [a.id for a in arts]
    assert _reads_in_order([(c.row0, c.c0) for c in choices]), [(c.article.id, c.row0, c.c0, c.k) for c in choices]
    if lead:
        first = choices[0]
        open_cols = [c for c, t in enumerate(tops) if t < LINES]
        highest = min(max(tops[c:c + first.k]) for c in range(open_cols[0], open_cols[-1] - first.k + 2))
        assert first.row0 == (highest + SPACE if highest else 0)  # the 头条 as high as its width lets it start
        across = sum(1 for t in tops if (t + SPACE if t else 0) <= first.row0)  # columns open on its line
        for ch in choices[1:]:
            if ch.article.columns is None and first.k < across:
                assert ch.k <= first.k, (first, ch)  # … and no article of free width wider


def test_a_page_of_twelve_briefs_reads_in_yaml_order(kit):
    """qa3 finding 6 (tabloid 2026-03-b page 2): twelve briefs of 100–500
    characters, made up with the real composer, growth and all: their
    pieces read in YAML order, the first at the top and as wide as any."""
    sizes = [3, 4, 5, 7, 3, 9, 6, 4, 8, 3, 11, 6]
    briefs = [make_article(f"b{i}", page=2, title=f"简讯{i + 1}", paragraphs=(PARAGRAPH * n,))
              for i, n in enumerate(sizes)]
    issue = _issue([make_article("front", page=1, paragraphs=(PARAGRAPH * 30,)), *briefs], 2)
    layout = paginate(issue, kit.theme, kit.fonts)
    check_layout(layout, issue, kit)
    pieces = [layout.articles[b.id].pieces for b in briefs]
    assert all(len(p) == 1 and p[0].page == 2 for p in pieces)
    placed = [(p[0].row0, p[0].c0) for p in pieces]
    assert _reads_in_order(placed), placed
    assert pieces[0][0].row0 == 0 and all(p[0].columns <= pieces[0][0].columns for p in pieces)
