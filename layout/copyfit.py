"""The copyfit report (issue 8, item 5): when the content does not fit, say
per article how many lines are over, about how many characters to cut and
which moves would make it fit; for a page with room left, one line saying
how much.

A move said to fit is one this module has applied and made up again
(:func:`checked_moves`): the body cut by that many characters from its end,
a photo one column narrower, the article continued on a later page.  A cut
that does not fit yet is made longer by what is still over, a few times; a
move it had no time to try is said to be unchecked, never to fit.

It reads the engine's result (:mod:`layout.pages.result`, carried by the
:class:`~layout.pages.paginate.Layout`) through the small protocols below,
in one place (:func:`results_of`); the wording is decided here and nowhere
else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from .errors import BuildError, Diagnostic, display_path
from .facts.whitespace import PHOTO_ASPECT
from .fonts.faces import FontSet
from .model.document import Article, Issue, Span, TextBlock
from .model.grid import Grid
from .model.styles import Theme
from .pages.article import compose_body
from .pages.paginate import Layout, paginate
from .pages.paginate import make_up as pages_make_up
from .pages.styles import Setter

# make-ups run again to check the moves of one issue (each takes about as
# long as the issue's own), and of those the tries of one article's cut
CHECK_BUDGET = 8
CUT_TRIES = 3


class MoveLike(Protocol):
    @property
    def text(self) -> str: ...  # "photo to 2 columns", "continue on page 5, 31 free lines", "cut ~140 characters"
    @property
    def fits(self) -> bool: ...


class OversetLike(Protocol):
    @property
    def article_id(self) -> str: ...
    @property
    def page(self) -> int: ...
    @property
    def lines_over(self) -> int: ...
    @property
    def chars_over(self) -> int: ...  # about how many characters to cut
    @property
    def moves(self) -> Sequence[MoveLike]: ...


class PageFillLike(Protocol):
    @property
    def page(self) -> int: ...
    @property
    def capacity(self) -> int: ...  # grid cells (column lines) of the type area
    @property
    def content(self) -> int: ...  # cells taken by modules and furniture
    @property
    def empty(self) -> int: ...  # cells no module covers


class PhotoLike(Protocol):
    @property
    def article_id(self) -> str: ...
    @property
    def file(self) -> str: ...
    @property
    def page(self) -> int: ...
    @property
    def columns(self) -> int: ...
    @property
    def width_mm(self) -> float: ...
    @property
    def height_mm(self) -> float: ...
    @property
    def crop(self) -> tuple[float, float, float, float]: ...  # share cut off the left, top, right, bottom
    @property
    def ppi(self) -> float: ...
    @property
    def scaled(self) -> bool: ...  # crop: none: set smaller than its frame
    @property
    def narrowed(self) -> bool: ...  # fewer columns than asked, for its resolution


@dataclass(frozen=True)
class Results:
    """What the report reads of the make-up."""

    fill: tuple[PageFillLike, ...]
    photos: tuple[PhotoLike, ...]
    overset: tuple[OversetLike, ...]
    warnings: tuple[Diagnostic, ...]  # the engine's, less those this module words itself


def results_of(layout: Any) -> Results:
    """The engine's results from its Layout (``fill``, ``photos``,
    ``overset``; read with getattr so that a Layout without them, the
    engine before issue 8, reads as empty).  The engine also words an
    overset article and an emptyish page as a diagnostic of its own; those
    are left out here, where each gets its one line."""
    fill = tuple(getattr(layout, "fill", ()))
    overset = tuple(getattr(layout, "overset", ()))
    over_ids = {o.article_id for o in overset}
    fill_pages = {f"page {f.page}:" for f in fill}
    warnings = tuple(w for w in layout.warnings
                     if not (any(w.message.startswith(f"article '{a}' does not fit") for a in over_ids)
                             or (w.line is None and any(w.message.startswith(p) for p in fill_pages)
                                 and "of the type area is empty" in w.message)))
    return Results(fill, tuple(getattr(layout, "photos", ())), overset, warnings)


def overset_diagnostics(overset: Sequence[OversetLike], issue: Issue) -> list[Diagnostic]:
    """Per article that does not fit: an error at its place in issue.yaml
    with the lines over and about how many characters that is, then a note
    per move the engine tried (checked by packing the page again), the ones
    that fit first."""
    where = {a.id: a for a in issue.articles}
    out: list[Diagnostic] = []
    for o in overset:
        art = where.get(o.article_id)
        file, line, col = (art.origin.file, art.origin.lines[0], art.origin.cols[0]) if art else (display_path(issue.path), None, None)
        on = f"on page {o.page}" if art is None or art.page == o.page else f"on page {o.page}, where it continues from page {art.page}"
        out.append(Diagnostic(file, line, col, f"article '{o.article_id}' does not fit {on}: "
                                               f"{o.lines_over} line(s) over, about {o.chars_over} characters"))
        for m in sorted(o.moves, key=lambda m: not m.fits):
            verdict = "fits" if m.fits else "not checked" if getattr(m, "unchecked", False) else "does not fit"
            out.append(Diagnostic(file, line, col, f"{m.text}: {verdict}", "note"))
        if not any(m.fits for m in o.moves):
            some = "single move" if all(not getattr(m, "unchecked", False) for m in o.moves) else "move checked"
            out.append(Diagnostic(file, line, col, f"no {some} makes it fit: cut and move, or give the issue more pages", "note"))
    return out


@dataclass(frozen=True)
class Checked:
    """A move made up again: ``fits`` only when the article then fits."""

    text: str
    fits: bool
    unchecked: bool = False  # not tried: no make-up left in the budget


@dataclass(frozen=True)
class CheckedOverset:
    article_id: str
    page: int
    lines_over: int
    chars_over: int
    moves: tuple[Checked, ...]


def cut_from_end(article: Article, chars: int) -> Article | None:
    """The article with its body's last ``chars`` characters of text cut
    (whole blocks from the end, then the end of the last one; tables kept),
    or None when its text is not that long."""
    body = list(article.body)
    left = chars
    n = len(body)
    while left > 0 and n > 0:
        n -= 1
        block = body[n]
        if not isinstance(block, TextBlock):
            continue
        size = sum(len(sp.text) for sp in block.spans)
        if size <= left:
            left -= size
            body.pop(n)
            continue
        spans = list(block.spans)
        while left > 0:
            last = spans[-1]
            if len(last.text) <= left:
                left -= len(last.text)
                spans.pop()
            else:
                spans[-1] = Span(last.text[: len(last.text) - left], last.bold)
                left = 0
        body[n] = replace(block, spans=tuple(spans))
    if left > 0 or not any(isinstance(b, TextBlock) for b in body):
        return None
    return replace(article, body=tuple(body))


def checked_moves(issue: Issue, theme: Theme, fonts: FontSet, overset: Sequence[OversetLike],
                  photos: Sequence[PhotoLike], fill: Sequence[PageFillLike]) -> list[CheckedOverset]:
    """Each overset article with the moves that make it fit, each applied to
    the issue and made up again (the others left as they are): a cut from
    the end of its body, made longer by what is still over until it fits
    (at most ``CUT_TRIES`` cuts); each of its photos one column narrower;
    continuing on the nearest later page with room.  It fits when, made up
    again, it is not overset and no other article is that was not.  At most
    ``CHECK_BUDGET`` make-ups in all, taken in rounds (every article's first
    cut, then the other moves, then the longer cuts): the moves left are
    said unchecked."""
    setter = Setter(theme, fonts)
    composed = {a.id: compose_body(a, theme.grid, setter) for a in issue.articles}
    before = {o.article_id for o in overset}
    budget = [CHECK_BUDGET]

    def over_after(changed: Article) -> tuple[OversetLike | None, list[str]]:
        """The article's overset once changed (None: it fits) and the articles that then do not fit and did."""
        budget[0] -= 1
        trial = replace(issue, articles=tuple(changed if a.id == changed.id else a for a in issue.articles))
        comp = dict(composed)
        comp[changed.id] = compose_body(changed, theme.grid, setter)
        try:
            after = results_of(pages_make_up(trial, theme, setter, comp, strict=False)).overset
        except BuildError:
            return None, ["the issue"]
        worse = [o.article_id for o in after if o.article_id not in before]
        return next((o for o in after if o.article_id == changed.id), None), worse

    def check(text: str, changed: Article) -> Checked:
        if budget[0] <= 0:
            return Checked(text, False, unchecked=True)
        left, worse = over_after(changed)
        if worse:
            return Checked(f"{text} (then {_names(worse)} does not fit)", False)
        return Checked(text, left is None)

    arts = {a.id: a for a in issue.articles}
    todo = [(o, arts[o.article_id]) for o in overset if o.article_id in arts]
    cuts = {o.article_id: _Cut(o.chars_over) for o, _ in todo}
    for _, art in todo:  # every article's first cut
        cuts[art.id].step(art, budget, over_after)
    others: dict[str, list[Checked]] = {}
    for o, art in todo:  # then its photos one column narrower, and continuing
        moves = others.setdefault(art.id, [])
        for p in photos:
            if p.article_id == art.id and p.columns > 1:
                images = tuple(replace(i, columns=p.columns - 1) if i.file.value == p.file else i for i in art.images)
                moves.append(check(f"photo '{p.file}' to {p.columns - 1} column(s)", replace(art, images=images)))
        later = [f.page for f in fill if f.page > max(o.page, art.page) and f.empty > 0 and f.page != art.continued_on]
        if later:
            moves.append(check(f"continue on page {later[0]} (continued_on: {later[0]})", replace(art, continued_on=later[0])))
    for _ in range(CUT_TRIES - 1):  # then the longer cuts
        for _, art in todo:
            cuts[art.id].step(art, budget, over_after)
    out = []
    for o in overset:
        moves = [cuts[o.article_id].move(), *others[o.article_id]] if o.article_id in cuts else []
        out.append(CheckedOverset(o.article_id, o.page, o.lines_over, o.chars_over, tuple(moves)))
    return out


def _names(ids: list[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


class _Cut:
    """The cut of one article's body from its end, made longer by what is
    still over after each try until it fits."""

    def __init__(self, chars: int) -> None:
        self.chars = chars
        self.tries = 0
        self.fits = False
        self.stop = ""  # why no longer cut will be tried
        self.short = (0, 0)  # the last cut tried that was not enough, and the lines still over after it

    def step(self, art: Article, budget: list[int],
             over_after: Callable[[Article], tuple[OversetLike | None, list[str]]]) -> None:
        if self.fits or self.stop or budget[0] <= 0:
            return
        shorter = cut_from_end(art, self.chars)
        if shorter is None:
            self.stop = "more than its text"
            return
        self.tries += 1
        left, worse = over_after(shorter)
        if worse:
            self.stop = f"then {_names(worse)} does not fit"
        elif left is None:
            self.fits = True
        else:
            self.short = (self.chars, left.lines_over)
            self.chars += max(left.chars_over, 1)

    def move(self) -> Checked:
        text = f"cut ~{self.chars} characters"
        if self.fits:
            return Checked(text, True)
        if self.stop:
            return Checked(f"{text} ({self.stop})", False)
        if self.tries == 0:
            return Checked(text, False, unchecked=True)
        tried, lines = self.short
        return Checked(f"{text} or more (with ~{tried} cut it is still {lines} line(s) over)", False, unchecked=True)


def photo_room(empty: int, grid: Grid) -> int:
    """The widest photo (in columns) of the usual 3:2 shape whose area fits
    in ``empty`` grid cells; 0 when not even a 1-column one does."""
    widest = 0
    for k in range(1, grid.columns + 1):
        rows = grid.lines_for(grid.span(k) / PHOTO_ASPECT)
        if rows <= grid.lines and k * rows <= empty:
            widest = k
    return widest


def underfilled(fill: Sequence[PageFillLike], grid: Grid, warn_lines: int) -> list[str]:
    """One line per page left with room: at least ``warn_lines`` empty lines
    per column on the average (the theme's ``grid.empty_warn_lines``)."""
    lines = []
    for f in fill:
        if f.capacity <= 0 or f.empty < warn_lines * grid.columns:
            continue
        chars = round(f.empty * grid.column_chars / 50) * 50
        text = f"page {f.page}: {100 * f.empty / f.capacity:.0f} % white, room for about {chars} characters"
        k = photo_room(f.empty, grid)
        if k:
            text += f" or a {k}-column photo"
        lines.append(text)
    return lines


def underfilled_warnings(fill: Sequence[PageFillLike], grid: Grid, warn_lines: int, issue: Issue) -> list[Diagnostic]:
    where = display_path(issue.path)
    return [Diagnostic(where, None, None, f"{text}; lengthen or widen an article, or add a photo", "warning")
            for text in underfilled(fill, grid, warn_lines)]


def make_up(issue: Issue, theme: Theme, fonts: FontSet, *, draft: bool = False) -> tuple[Layout, list[Diagnostic]]:
    """The pages, and the copyfit diagnostics of what does not fit.  An
    issue that does not fit is a :class:`BuildError` with the copyfit
    report, unless ``draft`` (then the pages are made anyway, every overset
    article in them, and the diagnostics are returned)."""
    try:
        return paginate(issue, theme, fonts), []
    except BuildError as exc:
        layout = paginate(issue, theme, fonts, strict=False)
        results = results_of(layout)
        if not results.overset:
            raise
        checked = checked_moves(issue, theme, fonts, results.overset, results.photos, results.fill)
        report = overset_diagnostics(checked, issue)
        if draft:
            return layout, report
        ids = {o.article_id for o in results.overset}
        rest = [d for d in exc.diagnostics if not any(d.message.startswith(f"article '{a}' does not fit") for a in ids)]
        raise BuildError(report + rest) from None
