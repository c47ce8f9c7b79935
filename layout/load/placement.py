"""Load-time checks of where an issue asks things to go (issue 8, item 6).

Requests no page can honour are input errors found by ``layout check``,
each at the key that asks for it: an article or photo wider than the grid
(or, on page 1, than the columns the vertical masthead's strip leaves), a
photo wider than its article, a page of the issue with no article on it,
a ``continued_on`` that is not a later page of the issue.  (``focus`` is
bounded to [0, 1] by the schema.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import Diagnostic
from .schema import ArticleIn
from .source import Loc, SourceDoc


@dataclass(frozen=True)
class Widths:
    """How many grid columns an article may span: anywhere, and on page 1."""

    grid: int
    front: int  # beside a vertical masthead's strip; the grid under a horizontal one

    @staticmethod
    def of(theme: Any) -> Widths:
        """From a theme as validated (:class:`~layout.load.schema.ThemeIn`)."""
        columns = theme.grid.columns
        strip = theme.masthead.columns if theme.masthead.orientation == "vertical" else 0
        return Widths(columns, max(columns - strip, 1))

    def widest(self, page: int) -> int:
        return self.front if page == 1 else self.grid

    def where(self, page: int) -> str:
        if page == 1 and self.front < self.grid:
            return f"page 1 leaves {self.front} columns beside the masthead"
        return f"the theme's grid has {self.grid} columns"


def check_placement(doc: SourceDoc, articles: Sequence[tuple[Loc, ArticleIn]], raw_pages: Sequence[tuple[Loc, int]],
                    pages: int | None, widths: Widths | None) -> list[Diagnostic]:
    """Every impossible placement request, each at its key.  ``articles``:
    the articles that passed the schema, with their place in the file;
    ``raw_pages``: the ``page`` of every article that names a whole page,
    valid or not (so one broken article does not make its page look
    empty); ``pages``: the issue's ``pages:``; ``widths``: None when the
    theme is broken (reported elsewhere)."""
    errors: list[Diagnostic] = []
    if widths is not None:
        for loc, a in articles:
            errors.extend(_widths(doc, loc, a, widths))
    last = max((p for _, p in raw_pages), default=0)
    n_pages = max(pages or 0, last)
    for loc, a in articles:
        errors.extend(_continued_on(doc, loc, a, n_pages, pages))
    errors.extend(_empty_pages(doc, raw_pages, [a.continued_on for _, a in articles if a.continued_on], pages, n_pages))
    return errors


def _widths(doc: SourceDoc, loc: Loc, a: ArticleIn, widths: Widths) -> list[Diagnostic]:
    errors = []
    widest = widths.widest(a.page)
    if a.columns is not None and a.columns > widest:
        errors.append(doc.diag(loc + ("columns",), f"columns is {a.columns} but {widths.where(a.page)}; "
                                                   f"the widest allowed is {widest}: use 1…{widest}"))
    article_width = min(a.columns, widest) if a.columns is not None else widest
    for j, img in enumerate(a.images):
        if img.columns is None or img.columns <= article_width:
            continue
        if a.columns is not None and a.columns <= widest:
            why = f"its article spans {a.columns}"
        else:
            why = widths.where(a.page)
        errors.append(doc.diag(loc + ("images", j, "columns"), f"the photo is {img.columns} columns wide but {why}; "
                                                               f"the widest allowed is {article_width}: use 1…{article_width}"))
    return errors


def _continued_on(doc: SourceDoc, loc: Loc, a: ArticleIn, n_pages: int, pages: int | None) -> list[Diagnostic]:
    target = a.continued_on
    if target is None:
        return []
    where = loc + ("continued_on",)
    if a.page >= n_pages:
        return [doc.diag(where, f"continued_on is {target} but the article starts on page {a.page}, the issue's last; "
                                f"there is no later page: raise 'pages' or remove 'continued_on'")]
    allowed = f"{a.page + 1}…{n_pages}" if a.page + 1 < n_pages else f"{n_pages}"
    if target <= a.page:
        return [doc.diag(where, f"continued_on is {target} but the article starts on page {a.page}; "
                                f"a continuation goes on a later page: use {allowed}")]
    if target > n_pages:
        size = f"pages is {pages}" if pages else f"the last page with an article is {n_pages}"
        return [doc.diag(where, f"continued_on is {target} but {size}; use {allowed}, or raise 'pages'")]
    return []


def _empty_pages(doc: SourceDoc, raw_pages: Sequence[tuple[Loc, int]], continued: list[int], pages: int | None,
                 n_pages: int) -> list[Diagnostic]:
    """Each run of pages from 1 to the issue's last that no article starts
    on and no ``continued_on`` names (a default continuation goes to a page
    with room; it does not fill an empty one)."""
    if not raw_pages:
        return []
    used = {p for _, p in raw_pages} | set(continued)
    empty = [p for p in range(1, n_pages + 1) if p not in used]
    runs: list[list[int]] = []
    for page in empty:
        if runs and runs[-1][-1] == page - 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    errors = []
    for run in runs:
        first, last = run[0], run[-1]
        what = f"page {first} has" if first == last else f"pages {first}–{last} have"
        fix = f"start an article there (page: {first}) or send a continuation there (continued_on: {first})"
        after = sorted((p, loc) for loc, p in raw_pages if p > last)
        if after:
            page, loc = after[0]
            errors.append(doc.diag(loc + ("page",), f"{what} no article (this article starts on page {page}); "
                                                    f"{fix}, or renumber the pages"))
        else:
            errors.append(doc.diag(("pages",), f"{what} no article but pages is {pages}; {fix}, "
                                               f"or lower 'pages' to {first - 1}"))
    return errors
