"""Pages: place each page's articles as modules on the grid, add the
running heads, the front-page furniture, the rules between articles; then
fill in the 导读 page references from where the articles really landed.

Where each article goes and how many columns it spans is the packer's
choice (pack.py); its module is then built there and may grow into the
lines left free below it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from ..errors import BuildError, Diagnostic, display_path
from ..fonts.faces import FontSet
from ..model.document import Article, Issue
from ..model.formats import fill_format
from ..model.grid import Grid
from ..model.styles import Theme
from .article import Composed, Module, build_module, compose_body
from .display import Page, Rule, TextLine
from .flow import PARA
from .front import TocBlock, front_page
from .grow import grow, target_for
from .pack import BESIDE, FOOT, FULL, FULL_FOOT, GROW_BELOW, HALF, LARGER, SHALLOW_LINES, SMALLER, Choice, Shape, over, pack
from .photoframe import frame_for
from .replan import made_up
from .result import ArticleResult, Jump, Move, Overset, PageFill, PhotoResult, Piece
from .stack import settle
from .styles import Setter


@dataclass
class Layout:
    pages: list[Page]
    page_of: dict[str, int]  # article id → page it starts on
    warnings: list[Diagnostic] = field(default_factory=list)
    toc: dict[str, int] = field(default_factory=dict)  # article id → page printed in the 导读 box
    fill: list[PageFill] = field(default_factory=list)  # per page, how full it is
    articles: dict[str, ArticleResult] = field(default_factory=dict)  # pieces and jumps
    photos: list[PhotoResult] = field(default_factory=list)
    overset: list[Overset] = field(default_factory=list)  # articles that do not fit, with the moves tried


class _Engine:
    """Packs pages: the shapes of every piece at every width (cached), the
    pieces waiting for their continuation page, trial packings."""

    def __init__(self, theme: Theme, setter: Setter, n_pages: int):
        self.theme = theme
        self.grid = theme.grid
        self.setter = setter
        self.n_pages = n_pages
        self.pieces: dict[str, Composed] = {}
        self.stand_in: dict[str, Article] = {}
        self.shapes: dict[tuple[str, int], Shape] = {}

    def article_for(self, comp: Composed, key: str | None = None) -> Article:
        """The article the packer sees for a piece: a continuation has no
        fixed width, no photos and no planned continuation of its own."""
        key = key or comp.id
        if key not in self.stand_in:
            art = comp.article
            if comp.part or key != art.id:
                art = replace(art, id=key, columns=art.columns if comp.part == 0 else None, images=comp.images,
                              continued_on=art.continued_on if comp.part == 0 else None)
            self.stand_in[key] = art
            self.pieces[key] = comp
        return self.stand_in[key]

    def variants(self, art: Article) -> list[tuple[Article, float, bool]]:
        """The article, then its form with a short headline over only the
        columns it needs and text beside it (theme ``headline_beside_text``),
        then (when it has photos of free width) its form with every such
        photo smaller (a portrait in one column, others in at most two), a
        column narrower, and its forms with them one and two columns wider,
        each with its cost to the packer and whether it is larger."""
        comp = self.pieces[art.id]
        if comp.part or "?" in art.id:
            return [(art, 0.0, False)]
        out = [(art, 0.0, False)]
        if self.theme.headline.beside and self.theme.rules.article_pt > 0:
            # a short headline over only the columns it needs, text beside it (where a rule marks the module's top)
            beside = replace(comp, head_beside=True, cache={})
            out.append((self.article_for(beside, f"{art.id}?beside"), BESIDE, False))
        if not comp.images:
            return out
        ps = self.theme.photos
        top = self.grid.columns
        small = tuple(img if img.columns is not None else
                      replace(img, columns=1 if img.pixel_size[0] < img.pixel_size[1]
                              else max(1, min(2, frame_for(img, top, self.grid, ps).cols - 1)))
                      for img in comp.images)
        mid = tuple(img if img.columns is not None else
                    replace(img, columns=max(1, frame_for(img, top, self.grid, ps).cols - 1)) for img in comp.images)
        forms = [("small", small, SMALLER, False), ("mid", mid, SMALLER / 2, False)]
        for more in (1, 2):
            forms.append((f"large{more}", tuple(
                img if img.columns is not None else
                replace(img, columns=min(top, frame_for(img, top, self.grid, ps).cols + more)) for img in comp.images),
                LARGER * more, True))
        seen = {comp.images}
        for name, photos, cost, grows in forms:
            if photos not in seen:
                seen.add(photos)
                out.append((self.article_for(comp.with_photos(photos), f"{art.id}?{name}"), cost, grows))
        return out

    def compact(self, art: Article) -> list[tuple[Article, float, bool]]:
        """For a page that does not fit otherwise: the article's forms (see
        :meth:`variants`), then with its photos as short as the crop limit
        lets them be and its headline one or two sizes smaller (the size of
        a narrower article: within the theme's range), its headline over only
        the columns it needs with text beside it (theme
        ``headline_beside_text``), last its photos a column wide."""
        out = self.variants(art)
        comp = self.pieces[art.id]
        if "?" in art.id:
            return out
        steps = [(1, SMALLER / 2), (2, SMALLER)]
        for step, cost in steps:
            tight = replace(comp, photo_lines=-self.grid.lines if comp.images else 0, head_step=step, cache={})
            out.append((self.article_for(tight, f"{art.id}?tight{step}"), cost, False))
        if self.theme.headline.beside and self.theme.rules.article_pt > 0:  # a short headline beside text, tight
            tight = replace(comp, photo_lines=-self.grid.lines if comp.images else 0, head_step=1, head_beside=True,
                            cache={})
            out.append((self.article_for(tight, f"{art.id}?tightbeside"), SMALLER, False))
        if any(img.columns is None for img in comp.images):  # and its photos a column wide
            narrow = tuple(img if img.columns is not None else replace(img, columns=1) for img in comp.images)
            tight = replace(comp, photos=narrow, photo_lines=-self.grid.lines, head_step=1, cache={})
            out.append((self.article_for(tight, f"{art.id}?narrow"), 2 * SMALLER, False))
        return out

    def shape_of(self, art: Article, k: int) -> Shape:
        key = (art.id, k)
        if key not in self.shapes:
            comp = self.pieces[art.id]
            m = build_module(comp, 1, 0, k, 0, self.grid.lines, self.grid, self.setter)
            # a table wider than k columns stays with the start piece: set k wide, it cannot be continued
            narrow = comp.part == 0 and any(cols > k for cols, _ in comp.wide)
            self.shapes[key] = Shape(m.rows, m.title_lines, m.body_rows, m.overflow, 0 if narrow else m.min_split_rows,
                                     self.stretch(comp, k), m.photo_gap, m.head_white,
                                     sum(max(0, img.columns - k) for img in comp.images if img.columns is not None))
        return self.shapes[key]

    def stretch(self, comp: Composed, k: int) -> int:
        """About how many lines a piece set k columns wide can grow by to
        fill free lines below it: its headline's air, a blank line between
        paragraphs in every column, each photo as deep as the crop limit
        lets it be (over the share of the columns it spans), its photos set
        narrower than their frames as wide again."""
        grow = self.theme.headline.max_extra_lines
        if self.theme.headline.justify_lines:
            units = comp.units
            gaps = sum(1 for a, b in itertools.pairwise(units) if a.kind == PARA and b.kind == PARA)
            grow += gaps * self.theme.headline.justify_lines // (2 * k)  # about half the boundaries take a line
        for img in comp.images:
            frame = frame_for(img, k, self.grid, self.theme.photos)
            grow += (frame.max_rows - frame.rows) * frame.cols // k
        # photos set narrower than their own frames may widen back
        for img, own in zip(comp.images, comp.article.images, strict=False):
            if own.columns is None and img.columns is not None:
                cur = frame_for(img, k, self.grid, self.theme.photos)
                full = frame_for(own, k, self.grid, self.theme.photos)
                grow += max(0, full.cols * full.rows - cur.cols * cur.rows) // k
        return grow

    def area(self, art: Article) -> int:
        """The fewest column lines the piece takes at any width (with the
        lines that would not fit in a page height)."""
        return min(k * (self.shape_of(art, k).rows + self.shape_of(art, k).overflow) for k in range(1, self.grid.columns + 1))

    def pack(self, arts: list[Article], tops: list[int], page: int, split: bool, compact: bool = False) -> list[Choice]:
        can = (lambda _a: True) if split else None
        room = sum(self.grid.lines - t for t in tops)
        # white at the foot weighs more the more content the page has
        share = sum(self.area(a) for a in arts) / max(room, 1)
        foot = FOOT + (FULL_FOOT - FOOT) * min(1.0, max(0.0, (share - HALF) / (FULL - HALF)))
        # larger photos only where the page has lines to spare for them
        def forms(a: Article) -> list[tuple[Article, float, bool]]:
            return [f for f in (self.compact(a) if compact else self.variants(a)) if share < GROW_BELOW or not f[2]]

        lead = bool(arts) and self.pieces[arts[0].id].part == 0  # the page's own first article: its 头条
        return pack(arts, tops, self.grid.lines, self.theme.rules.module_space_lines, self.shape_of, can, forms, foot,
                    self.beside, lead)

    def beside(self, art: Article) -> bool:
        """Whether the piece's headline spans only some of its columns (the
        audit reads the columns beside it from the rule above the module:
        without article rules, only at the page top)."""
        return self.pieces[art.id].head_beside

    def over(self, choices: list[Choice]) -> int:
        """Lines of a packing that do not fit on the page (:func:`pack.over`)."""
        return over(choices, self.grid.lines, self.shape_of)

    def fits(self, arts: list[Article], tops: list[int], page: int) -> bool:
        """Whether ``arts`` fit on the page whole, no article continued:
        packed as usual or, as a page that does not fit otherwise is, tight."""
        return any(all(ch.row0 + ch.rows <= self.grid.lines and not self.shape_of(ch.article, ch.k).overflow
                       for ch in self.pack(arts, tops, page, False, compact=compact))
                   for compact in (False, True))

    def free_lines(self, arts: list[Article], tops: list[int], page: int) -> int:
        """Column lines left empty on a page holding ``arts``."""
        used = sum(ch.k * ch.rows for ch in self.pack(arts, tops, page, False))
        return max(0, sum(self.grid.lines - t for t in tops) - used)


def paginate(issue: Issue, theme: Theme, fonts: FontSet, *, strict: bool = True) -> Layout:
    """Compose every body, then make up the pages (:func:`make_up`)."""
    setter = Setter(theme, fonts)
    composed = {a.id: compose_body(a, theme.grid, setter) for a in issue.articles}
    too_wide = [d for c in composed.values() for d in c.errors]
    if too_wide:
        raise BuildError(too_wide)
    # an edit that changed only characters (no line count) keeps the last make-up's plan (replan.py)
    return made_up(issue, theme, fonts, composed, strict, lambda: _made_up(issue, theme, setter, composed, strict))


def _made_up(issue: Issue, theme: Theme, setter: Setter, composed: dict[str, Composed], strict: bool) -> Layout:
    """:func:`make_up`, and when the issue does not fit, again with the wide
    tables after text at the top of their articles' bodies (each table across
    the columns it needs, not the module's: fewer lines) — the reading order
    given up only where it makes the difference between fitting and not."""
    flat = {aid: c.unbanded() or c for aid, c in composed.items()}
    if all(flat[aid] is c for aid, c in composed.items()):
        return make_up(issue, theme, setter, composed, strict=strict)
    try:
        layout = make_up(issue, theme, setter, composed, strict=strict)
    except BuildError as exc:
        try:
            return make_up(issue, theme, setter, flat, strict=True)
        except BuildError:
            raise exc from None
    if not layout.overset:
        return layout
    other = make_up(issue, theme, setter, flat, strict=False)
    return other if sum(o.lines_over for o in other.overset) < sum(o.lines_over for o in layout.overset) else layout


def make_up(issue: Issue, theme: Theme, setter: Setter, composed: dict[str, Composed], *, strict: bool = True) -> Layout:
    """Place the composed articles on the pages, continuing what does not
    fit; a :class:`BuildError` when something does not fit at all (unless
    ``strict`` is false: then ``Layout.overset`` says what)."""
    grid = theme.grid
    last_page = max(a.page for a in issue.articles)
    n_pages = max(issue.pages or 0, last_page)
    engine = _Engine(theme, setter, n_pages)
    own: dict[int, list[Article]] = {n: [] for n in range(1, n_pages + 1)}
    for a in issue.articles:
        own[a.page].append(engine.article_for(composed[a.id]))
    pages = [Page(n) for n in range(1, n_pages + 1)]
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = [d for c in composed.values() for d in c.warnings]  # tables (article.py)
    page_of = {a.id: a.page for a in issue.articles}
    order = {a.id: n for n, a in enumerate(issue.articles)}
    results = {a.id: ArticleResult(a.id) for a in issue.articles}
    waiting: dict[int, list[Article]] = {}  # continuation pieces by the page they go to
    layout = Layout(pages, page_of, warnings, {}, articles=results)
    toc: TocBlock | None = None
    space = theme.rules.module_space_lines
    page_tops: dict[int, list[int]] = {}
    for page in pages:
        tops = [0] * grid.columns
        gap: tuple[int, int] | None = None
        if page.number == 1:
            toc, gap = front_page(issue, grid, setter, page, tops, n_pages)
        else:
            _running_head(issue, theme, grid, setter, page)
        page_tops[page.number] = list(tops)
        # the page's own articles, then the continuations sent to it, each in YAML order
        arts = own[page.number] + sorted(waiting.pop(page.number, []), key=lambda a: order[engine.pieces[a.id].article.id])
        strip = _strip_piece(engine, arts, gap, theme.masthead.columns) if gap and theme.masthead.strip_articles else None
        if strip is not None:  # (the strip may hold a form of the article)
            arts = [a for a in arts if engine.pieces[a.id].id != engine.pieces[strip.article.id].id]
        if page.number == 1 and gap is not None and strip is None and theme.masthead.strip_articles and theme.masthead.strip_open \
                and toc is not None:
            # nothing for the strip: the 导读 box goes up under the masthead, the strip below it takes
            # articles; where the page sets none there, the strip stays as it was
            opened = Page(page.number)
            tops_open = [0] * grid.columns
            toc_open, _ = front_page(issue, grid, setter, opened, tops_open, n_pages, open_strip=True)
            choices = _pack_page(engine, arts, tops_open, page.number, n_pages)
            if any(ch.c0 < theme.masthead.columns for ch in choices):
                page.items[:], page.placements[:], tops, toc, gap = opened.items, opened.placements, tops_open, toc_open, None
                page_tops[page.number] = list(tops)
            else:
                choices = _pack_page(engine, arts, tops, page.number, n_pages)
        else:
            choices = _pack_page(engine, arts, tops, page.number, n_pages)
        if strip is not None:
            choices.append(strip)
        planned = _planned_rests(engine, choices, page.number)
        for n in range(len(choices)):
            ch = choices[n]
            comp = engine.pieces[ch.article.id]
            art = comp.article
            if comp.part == 0 and art.columns is not None and ch.k < art.columns:
                warnings.append(Diagnostic(art.origin.file, art.origin.lines[0], art.origin.cols[0],
                                           f"article '{art.id}' asks for {art.columns} columns but page {page.number} "
                                           f"has {ch.k} free; set in {ch.k}", "warning"))
            module = None
            if ch.split:
                planned.pop(comp.id, None)  # its own rest goes out now
                module = _continue(engine, comp, page.number, ch, own, waiting, page_tops, results[art.id].jumps,
                                   tuple(planned.values()))
            if module is None:
                floor = gap[1] if ch is strip and gap is not None else grid.lines
                module = grow(comp, page.number, ch, grid, setter, floor,
                               target_for(choices, n, floor, space, ch is strip, strip))
            if ch is strip:
                choices[n] = replace(ch, rows=module.rows)
            else:  # the modules below it move down with it
                choices[:] = settle(choices, n, module.rows, space)
            over = module.overflow or max(0, ch.row0 + module.rows - grid.lines)
            if over:
                oset = _overset(engine, comp, page.number, ch, over, arts, page_tops[page.number])
                layout.overset.append(oset)
                tried = "; ".join(f"{m.text}: {'fits' if m.fits else 'does not fit'}" for m in oset.moves)
                errors.append(Diagnostic(
                    art.origin.file, art.origin.lines[0], art.origin.cols[0],
                    f"article '{art.id}' does not fit on page {page.number}: {over} line(s) over "
                    f"(about {oset.chars_over} characters; {ch.k} columns from line {ch.row0 + 1} of {grid.lines})"
                    + (f"; tried: {tried}" if tried else "; shorten it or move it to another page"),
                ))
            page.items.extend(module.items)
            assert module.placement is not None
            page.placements.append(module.placement)
            results[art.id].pieces.append(Piece(page.number, ch.c0, ch.k, ch.row0, module.rows, module.lines))
            layout.photos.extend(module.photos)
            for ph in module.photos:
                img = next(i for i in art.images if i.file.value == ph.file)
                if img.columns is not None and ph.columns < img.columns and not ph.narrowed:
                    at_line, at_col = img.file.origin.locate(0)
                    warnings.append(Diagnostic(img.file.origin.file, at_line, at_col,
                                               f"photo '{ph.file}' asks for {img.columns} columns but its article is set "
                                               f"{ch.k} wide on page {page.number}; set {ph.columns} column(s) wide; "
                                               f"give the article columns: {img.columns} or shorten the page's articles",
                                               "warning"))
                if ph.narrowed:
                    at_line, at_col = img.file.origin.locate(0)
                    warnings.append(Diagnostic(img.file.origin.file, at_line, at_col,
                                               f"photo '{ph.file}' is too small for a wider frame at {theme.photos.ppi_fail:g} ppi; "
                                               f"set {ph.columns} column(s) wide ({ph.ppi:.0f} ppi); use a larger original to print it wider",
                                               "warning"))
            for c in range(ch.c0, ch.c0 + ch.k):
                tops[c] = max(tops[c], ch.row0 + module.rows)
        _rules(page, choices, grid, theme)
        inside = next((c for c in choices if strip is not None and c.article is strip.article), None)
        fill_ = _page_fill(page.number, page_tops[page.number], choices, grid, space, inside)
        layout.fill.append(fill_)
        if not arts and page.number > 1:
            warnings.append(Diagnostic(display_path(issue.path), None, None, f"page {page.number} has no articles", "warning"))
        elif fill_.empty >= theme.rules.empty_warn_lines * grid.columns:
            warnings.append(Diagnostic(display_path(issue.path), None, None,
                                       f"page {page.number}: {100 * fill_.empty / fill_.capacity:.0f} % of the type area is empty, "
                                       f"room for about {fill_.empty * grid.column_chars} characters; lengthen or widen an article, or add a photo",
                                       "warning"))
    for pieces in waiting.values():  # continuations sent past the last page (cannot happen: no split there)
        for a in pieces:
            errors.append(Diagnostic(a.origin.file, a.origin.lines[0], a.origin.cols[0], f"article '{a.id}' has no page to continue on"))
    if errors and strict:
        raise BuildError(errors)
    warnings.extend(Diagnostic(e.file, e.line, e.col, e.message, "warning") for e in errors)
    if toc is not None:
        ref = theme.style("toc_ref")
        for entry in toc.entries:
            number = page_of[entry.article_id]
            layout.toc[entry.article_id] = number
            text = theme.toc.ref_format.format(page=number)
            lines = setter.text(text, ref, 1e5, size=toc.ref_size)
            line = lines[0]
            pages[0].items.append(TextLine(entry.x - line.width, entry.baseline, line, ref.color, "toc"))
    return layout


def _pack_page(engine: _Engine, arts: list[Article], tops: list[int], page: int, n_pages: int) -> list[Choice]:
    """The page's packing: as usual, whole and tight where the usual one cuts
    an article (photos shorter, headlines a size smaller), tight where it
    does not fit."""
    choices = engine.pack(arts, tops, page, page < n_pages)
    if any(ch.split for ch in choices):  # whole, packed tight?
        whole = engine.pack(arts, tops, page, False, compact=True)
        if not engine.over(whole):
            choices = whole
    if engine.over(choices):  # packed tight
        tight = engine.pack(arts, tops, page, page < n_pages, compact=True)
        if engine.over(tight) < engine.over(choices):
            choices = tight
    return choices


def _planned_rests(engine: _Engine, choices: list[Choice], page: int) -> dict[str, tuple[int, Article]]:
    """The rests the page's cut articles with a ``continued_on:`` will send
    on (page, rest), as cut where the packer put them: a rest sent on
    before them (an article without the key, higher on the page) looks for
    a page with room for them too."""
    out: dict[str, tuple[int, Article]] = {}
    for ch in choices:
        comp = engine.pieces[ch.article.id]
        wanted = comp.article.continued_on
        if not ch.split or comp.part or wanted is None or not page < wanted <= engine.n_pages:
            continue
        trial = build_module(comp, page, ch.c0, ch.k, ch.row0, engine.grid.lines - ch.row0, engine.grid, engine.setter,
                             jump_to=wanted)
        if trial.rest is not None:
            out[comp.id] = (wanted, engine.article_for(comp.rest(trial.rest, page), f"{comp.id}?planned"))
    return out


def _continue(engine: _Engine, comp: Composed, page: int, ch: Choice, own: dict[int, list[Article]],
              waiting: dict[int, list[Article]], page_tops: dict[int, list[int]], jumps: list[Jump],
              planned: tuple[tuple[int, Article], ...] = ()) -> Module | None:
    """Set a piece down to the page foot with its jump line and send the rest
    on: to ``continued_on`` when given, else to the nearest later page where
    it fits whole, with the rests ``planned`` for it (else the next page,
    where it may continue again).  None when the piece fits here after all
    or would keep too little."""
    grid, setter = engine.grid, engine.setter
    rows = grid.lines - ch.row0
    trial = build_module(comp, page, ch.c0, ch.k, ch.row0, rows, grid, setter, jump_to=page + 1)
    if trial.rest is None or trial.lines < 2:
        return None
    rest = comp.rest(trial.rest, page)
    rest_art = engine.article_for(rest)
    wanted = comp.article.continued_on
    if wanted is not None and page < wanted <= engine.n_pages:
        dest = wanted
    else:
        dest = page + 1
        for q in range(page + 1, min(page + engine.theme.jump.search_pages, engine.n_pages) + 1):
            tops = page_tops.get(q, [0] * grid.columns)
            arts = own[q] + waiting.get(q, []) + [a for to, a in planned if to == q] + [rest_art]
            if sum(engine.area(a) for a in arts) > sum(grid.lines - t for t in tops):
                continue  # cannot fit: no need to pack it
            if engine.fits(arts, tops, q):
                dest = q
                break
    waiting.setdefault(dest, []).append(rest_art)
    jumps.append(Jump(comp.article.id, page, dest))
    return build_module(comp, page, ch.c0, ch.k, ch.row0, rows, grid, setter, jump_to=dest)


def _overset(engine: _Engine, comp: Composed, page: int, ch: Choice, over: int, arts: list[Article],
             tops: list[int]) -> Overset:
    """An article that does not fit, and the moves that would make it fit,
    each checked by packing the page again."""
    grid = engine.grid
    chars = over * grid.column_chars
    start_tops = tops
    others = [a for a in arts if engine.pieces[a.id].id != comp.id]
    moves: list[Move] = []
    # cut the lines over
    cut = _cut(comp, over)
    if cut is not None:
        moves.append(Move(f"cut ~{chars} characters", engine.fits(others + [engine.article_for(cut, comp.id + "?cut")],
                                                                 start_tops, page)))
    # a photo narrower
    for n, img in enumerate(comp.images):
        cols = frame_for(img, ch.k, grid, engine.theme.photos).cols
        if cols <= 1:
            continue
        trial = comp.with_photos(tuple(replace(i, columns=cols - 1) if j == n else i for j, i in enumerate(comp.images)))
        moves.append(Move(f"photo '{img.file.value}' to {cols - 1} column(s)",
                          engine.fits(others + [engine.article_for(trial, f"{comp.id}?photo{n}")], start_tops, page)))
    # continue on a later page
    for q in range(page + 1, engine.n_pages + 1):
        free = engine.free_lines([], [0] * grid.columns, q)
        if free:
            moves.append(Move(f"continue on page {q}, {free} free lines", free >= over + grid.lines // 4))
            break
    return Overset(comp.article.id, page, over, chars, tuple(moves))


def _cut(comp: Composed, lines: int) -> Composed | None:
    """The piece without its last ``lines`` body lines."""
    blocks = [(kind, list(ls)) for kind, ls in comp.blocks]
    left = lines
    while left and blocks:
        kind, ls = blocks[-1]
        if len(ls) <= left:
            left -= len(ls)
            blocks.pop()
        else:
            blocks[-1] = (kind, ls[: len(ls) - left])
            left = 0
    if not blocks:
        return None
    return replace(comp, blocks=blocks, cache={})


def _page_fill(number: int, furniture: list[int], choices: list[Choice], grid: Grid, space: int,
               inside: Choice | None = None) -> PageFill:
    """Grid cells of the page: taken by furniture or modules (with the space
    above a module under another), and left empty; ``inside`` sits within
    the furniture (the masthead strip), its cells counted there."""
    used = [[False] * grid.lines for _ in range(grid.columns)]
    for c, t in enumerate(furniture):
        for r in range(min(t, grid.lines)):
            used[c][r] = True
    content = 0
    for ch in choices:
        content += 0 if ch is inside else ch.k * ch.rows
        for c in range(ch.c0, ch.c0 + ch.k):
            for r in range(max(ch.row0 - space, 0), min(ch.row0 + ch.rows, grid.lines)):
                used[c][r] = True
    capacity = grid.columns * grid.lines
    empty = capacity - sum(sum(col) for col in used)
    furniture_cells = sum(min(t, grid.lines) for t in furniture)
    return PageFill(number, capacity, content + furniture_cells, empty)


def _strip_piece(engine: _Engine, arts: list[Article], gap: tuple[int, int], k: int) -> Choice | None:
    """An article for the free lines of the masthead strip: of the page's
    articles after its lead, the one that fills most of them whole, set as
    wide as the strip (the last of equals: a brief, by the order of the page),
    as written or, when that does not fit, in the form of it that fills most
    (its photos smaller or shorter, its headline a size smaller: the forms a
    page that does not fit is packed with)."""
    best: Choice | None = None
    for art in arts[1:]:
        comp = engine.pieces[art.id]
        if comp.part or art.columns not in (None, k):
            continue
        fitting = [(form, shape) for form, shape in ((f, engine.shape_of(f, k)) for f, _, _ in engine.compact(art))
                   if not shape.overflow and shape.rows <= gap[1] - gap[0] and shape.body_rows >= SHALLOW_LINES
                   and not engine.beside(form)]
        if not fitting:
            continue
        form, shape = fitting[0] if fitting[0][0] is art else max(fitting, key=lambda fs: fs[1].rows)
        if best is None or shape.rows >= best.rows:
            best = Choice(form, k, 0, gap[0], shape.rows)
    return best


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
