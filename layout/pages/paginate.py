"""Pages: place each page's articles as modules on the grid, add the
running heads, the front-page furniture, the rules between articles; then
fill in the 导读 page references from where the articles really landed.

Where each article goes and how many columns it spans is the packer's
choice (pack.py); its module is then built there and may grow into the
lines left free below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import BuildError, Diagnostic, display_path
from ..fonts.faces import FontSet
from ..model.document import Article, Issue
from ..model.formats import fill_format
from ..model.grid import Grid
from ..model.styles import Theme
from .article import Composed, Module, build_module, compose_body
from .display import Page, Placement, Rect, Rule, TextLine
from .front import TocBlock, masthead, toc_block
from .pack import Choice, Shape, pack, slack_below
from .styles import Setter


@dataclass
class Layout:
    pages: list[Page]
    page_of: dict[str, int]  # article id → page it starts on
    warnings: list[Diagnostic] = field(default_factory=list)
    toc: dict[str, int] = field(default_factory=dict)  # article id → page printed in the 导读 box


def paginate(issue: Issue, theme: Theme, fonts: FontSet, *, strict: bool = True) -> Layout:
    grid = theme.grid
    setter = Setter(theme, fonts)
    composed = {a.id: compose_body(a, grid, setter) for a in issue.articles}
    too_wide = [d for c in composed.values() for d in c.errors]
    if too_wide:
        raise BuildError(too_wide)
    last_page = max(a.page for a in issue.articles)
    n_pages = max(issue.pages or 0, last_page)
    pages = [Page(n) for n in range(1, n_pages + 1)]
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    page_of: dict[str, int] = {}
    toc: TocBlock | None = None
    for page in pages:
        arts = [a for a in issue.articles if a.page == page.number]
        tops = [0] * grid.columns
        if page.number == 1:
            toc = _front(issue, grid, setter, page, tops, n_pages)
        else:
            _running_head(issue, theme, grid, setter, page)
        space = theme.rules.module_space_lines
        shapes: dict[tuple[str, int], Shape] = {}

        def shape_of(art: Article, k: int, _page: int = page.number,
                     shapes: dict[tuple[str, int], Shape] = shapes) -> Shape:
            key = (art.id, k)
            if key not in shapes:
                m = build_module(composed[art.id], _page, 0, k, 0, grid.lines, grid, setter)
                shapes[key] = Shape(m.rows, m.title_lines, m.body_rows, m.overflow)
            return shapes[key]

        choices = pack(arts, tops, grid.lines, space, shape_of)
        for n, ch in enumerate(choices):
            art = ch.article
            if art.columns is not None and ch.k < art.columns:
                warnings.append(Diagnostic(art.origin.file, art.origin.lines[0], art.origin.cols[0],
                                           f"article '{art.id}' asks for {art.columns} columns but page {page.number} "
                                           f"has {ch.k} free; set in {ch.k}", "warning"))
            module = _fill(composed[art.id], page.number, ch, choices, grid, setter, space)
            choices[n] = Choice(art, ch.k, ch.c0, ch.row0, module.rows)
            if module.overflow or ch.row0 + module.rows > grid.lines:
                over = module.overflow or (ch.row0 + module.rows - grid.lines)
                errors.append(Diagnostic(
                    art.origin.file, art.origin.lines[0], art.origin.cols[0],
                    f"article '{art.id}' does not fit on page {page.number}: {over} line(s) "
                    f"did not fit ({ch.k} columns from line {ch.row0 + 1} of {grid.lines}); shorten it, "
                    f"give it more 'columns:', make its photo smaller, or move it to another page",
                ))
            page.items.extend(module.items)
            assert module.placement is not None
            page.placements.append(module.placement)
            page_of[art.id] = page.number
            for c in range(ch.c0, ch.c0 + ch.k):
                tops[c] = max(tops[c], ch.row0 + module.rows)
        _rules(page, choices, grid, theme)
        if not arts and page.number > 1:
            warnings.append(Diagnostic(display_path(issue.path), None, None, f"page {page.number} has no articles", "warning"))
        else:
            _report_space(issue, page, tops, choices, grid, theme.rules.empty_warn_lines, warnings)
    if errors and strict:
        raise BuildError(errors)
    warnings.extend(Diagnostic(e.file, e.line, e.col, e.message, "warning") for e in errors)
    refs: dict[str, int] = {}
    if toc is not None:
        ref = theme.style("toc_ref")
        for entry in toc.entries:
            number = page_of[entry.article_id]
            refs[entry.article_id] = number
            text = theme.toc.ref_format.format(page=number)
            lines = setter.text(text, ref, 1e5, size=toc.ref_size)
            line = lines[0]
            pages[0].items.append(TextLine(entry.x - line.width, entry.baseline, line, ref.color, "toc"))
    return Layout(pages, page_of, warnings, refs)


def _fill(comp: Composed, page: int, ch: Choice, choices: list[Choice], grid: Grid, setter: Setter, space: int) -> Module:
    """Build the article where the packer put it, then let it take the lines
    free below it: a deeper photo first, then more air around the headline."""
    module = build_module(comp, page, ch.c0, ch.k, ch.row0, grid.lines - ch.row0, grid, setter)
    slack = slack_below(Choice(ch.article, ch.k, ch.c0, ch.row0, module.rows), choices, grid.lines, space)
    if slack <= 0 or module.overflow:
        return module
    target = module.rows + slack
    photo_extra = 0
    if module.has_photo:
        # the largest deeper crop that still ends above the obstacle
        for extra in range(slack, 0, -1):
            grown = build_module(comp, page, ch.c0, ch.k, ch.row0, grid.lines - ch.row0, grid, setter, photo_extra=extra)
            if grown.rows <= target and not grown.overflow:
                if grown.rows > module.rows:
                    module, photo_extra = grown, extra
                break
    left = target - module.rows
    if left > 0:
        head = min(left, setter.theme.headline.max_extra_lines)
        grown = build_module(comp, page, ch.c0, ch.k, ch.row0, grid.lines - ch.row0, grid, setter,
                             photo_extra=photo_extra, head_extra=head)
        if grown.rows <= target and not grown.overflow:
            module = grown
    return module


def _front(issue: Issue, grid: Grid, setter: Setter, page: Page, tops: list[int], n_pages: int) -> TocBlock | None:
    """Page 1's furniture.  A vertical masthead makes a strip of
    ``masthead.columns`` columns, the full height of the page: masthead and QR
    at its top, the 导读 box at its foot.  A horizontal one is a band across
    the top, with the 导读 box under it in the first columns."""
    theme = setter.theme
    m = theme.masthead
    block = masthead(issue, grid, setter)
    strip = list(range(m.columns))
    x0, width = grid.col_x(1, 0), grid.span(m.columns)
    if m.orientation == "vertical":
        page.items.append(Rect(x0, grid.top, width, grid.lines * grid.pitch, fill=m.strip_color))
        for c in range(grid.columns):
            tops[c] = block.rows if c in strip else 0
    else:
        for c in range(grid.columns):
            tops[c] = block.rows + theme.rules.module_space_lines
    page.items.extend(block.items)
    toc = toc_block(issue, grid, setter, x0, width, 0, n_pages)
    if toc is None:
        if m.orientation == "vertical":
            for c in strip:
                tops[c] = grid.lines
        return None
    if m.orientation == "vertical":
        row0 = max(grid.lines - toc.rows, block.rows + 1)
    else:
        row0 = tops[0]
    toc = toc_block(issue, grid, setter, x0, width, row0, n_pages)
    assert toc is not None
    page.items.extend(toc.items)
    for c in strip:
        tops[c] = grid.lines if m.orientation == "vertical" else row0 + toc.rows
    page.placements.append(Placement("导读", 1, x0, grid.line_top(row0), width, toc.rows * grid.pitch))
    return toc


def _running_head(issue: Issue, theme: Theme, grid: Grid, setter: Setter, page: Page) -> None:
    rh = theme.running_head
    style = theme.style("running_head")
    x0 = grid.left(page.number)
    width = grid.grid_width
    s = style.size
    rule_y = grid.top - grid.pitch * rh.rule_above_lines
    baseline = rule_y - s * rh.baseline_above_rule_em
    left, right = rh.left, rh.right
    if rh.mirror and page.number % 2 == 0:
        left, right = right, left
    for fmt, align in ((left, "left"), (rh.center, "center"), (right, "right")):
        if not fmt:
            continue
        text = fill_format(fmt, issue, page.number)
        for line in setter.text(text, style, width, align=align)[:1]:
            page.items.append(TextLine(x0, baseline, line, style.color, "head"))
    if rh.rule_pt:
        page.items.append(Rule(x0, rule_y, x0 + width, rule_y, rh.rule_color, rh.rule_pt))


def _rules(page: Page, spans: list[Choice], grid: Grid, theme: Theme) -> None:
    """A rule above each article that sits below another article, and a
    column rule in the gutter between articles side by side."""
    r = theme.rules
    for s in spans:
        x0 = grid.col_x(page.number, s.c0)
        x1 = x0 + grid.span(s.k)
        above = any(o is not s and o.c0 < s.c0 + s.k and s.c0 < o.c0 + o.k and o.row0 + o.rows <= s.row0 for o in spans)
        if above:
            space = r.module_space_lines
            y = grid.line_top(s.row0 - space / 2) if space else grid.line_top(s.row0)
            page.items.append(Rule(x0, y, x1, y, r.color, r.article_pt))
    if not r.column_rules:
        return
    for a in spans:
        for b in spans:
            if a.c0 + a.k != b.c0:
                continue
            top = max(a.row0, b.row0)
            bottom = min(a.row0 + a.rows, b.row0 + b.rows)
            if bottom - top < r.column_rule_min_lines:
                continue
            x = grid.col_x(page.number, b.c0) - grid.gutter / 2
            page.items.append(Rule(x, grid.em_top(top), x, grid.em_top(bottom) - (grid.pitch - grid.em), r.color, r.article_pt))


def _report_space(issue: Issue, page: Page, tops: list[int], spans: list[Choice], grid: Grid, warn_lines: int,
                  warnings: list[Diagnostic]) -> None:
    """Warn about empty stretches of column (left at a page foot or between modules)."""
    used = [[False] * grid.lines for _ in range(grid.columns)]
    for c in range(grid.columns):
        if page.number == 1:
            for r in range(min(tops[c], grid.lines)):
                used[c][r] = True  # furniture and modules on page 1
    for s in spans:
        for c in range(s.c0, s.c0 + s.k):
            for r in range(max(s.row0 - 1, 0), min(s.row0 + s.rows, grid.lines)):
                used[c][r] = True
    for c in range(grid.columns):
        empty = grid.lines - sum(used[c])
        if empty >= warn_lines:
            warnings.append(Diagnostic(display_path(issue.path), None, None,
                                       f"page {page.number}: column {c + 1} has {empty} empty line(s); lengthen or widen an article, or add a photo",
                                       "warning"))
