"""The copyfit report (issue 8, item 5): when the content does not fit, say
per article how many lines are over, about how many characters to cut and
which moves the make-up engine tried would make it fit; for a page with
room left, one line saying how much.

It reads the engine's result (:mod:`layout.pages.result`, carried by the
:class:`~layout.pages.paginate.Layout`) through the small protocols below,
in one place (:func:`results_of`); the wording is decided here and nowhere
else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .errors import BuildError, Diagnostic, display_path
from .facts.whitespace import PHOTO_ASPECT
from .fonts.faces import FontSet
from .model.document import Issue
from .model.grid import Grid
from .model.styles import Theme
from .pages.paginate import Layout, paginate


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
    where = {a.id: a.origin for a in issue.articles}
    out: list[Diagnostic] = []
    for o in overset:
        origin = where.get(o.article_id)
        file, line, col = (origin.file, origin.lines[0], origin.cols[0]) if origin else (display_path(issue.path), None, None)
        out.append(Diagnostic(file, line, col, f"article '{o.article_id}' does not fit on page {o.page}: "
                                               f"{o.lines_over} line(s) over, about {o.chars_over} characters"))
        for m in sorted(o.moves, key=lambda m: not m.fits):
            out.append(Diagnostic(file, line, col, f"{m.text}: {'fits' if m.fits else 'does not fit'}", "note"))
        if not any(m.fits for m in o.moves):
            out.append(Diagnostic(file, line, col, "no single move makes it fit: cut and move, or give the issue more pages", "note"))
    return out


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
        overset = results_of(layout).overset
        if not overset:
            raise
        report = overset_diagnostics(overset, issue)
        if draft:
            return layout, report
        ids = {o.article_id for o in overset}
        rest = [d for d in exc.diagnostics if not any(d.message.startswith(f"article '{a}' does not fit") for a in ids)]
        raise BuildError(report + rest) from None
