"""What the page make-up found, for the report and the copyfit advice.

Plain data, filled in by :mod:`.paginate`: per page how full it is, per
article the pieces it was set in and the jumps between them, per photo its
placed size, crop and resolution, and for an article that does not fit the
lines over and the moves the engine tried (each checked by packing the page
again).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageFill:
    """How much of a page's type area the content takes."""

    page: int
    capacity: int  # columns × lines of the type area, in body lines
    content: int  # body lines of grid taken by modules and furniture
    empty: int  # grid cells (column lines) inside the type area not covered by any module

    @property
    def share(self) -> float:
        return self.content / self.capacity if self.capacity else 0.0


@dataclass(frozen=True)
class Piece:
    """One piece of an article on one page."""

    page: int
    c0: int  # first grid column (0-based)
    columns: int
    row0: int  # first body line (0-based)
    rows: int  # height in body lines
    lines: int  # body text lines set in this piece


@dataclass(frozen=True)
class Jump:
    """A 转版: the piece on ``from_page`` ends with 下转第{to_page}版, the one
    on ``to_page`` opens with 上接第{from_page}版."""

    article_id: str
    from_page: int
    to_page: int


@dataclass
class ArticleResult:
    id: str
    pieces: list[Piece] = field(default_factory=list)
    jumps: list[Jump] = field(default_factory=list)


@dataclass(frozen=True)
class PhotoResult:
    """A photo as placed."""

    article_id: str
    file: str  # as written in issue.yaml
    page: int
    columns: int
    width_mm: float
    height_mm: float
    crop: tuple[float, float, float, float]  # share cut off the left, top, right, bottom
    ppi: float
    scaled: bool  # crop: none, set smaller than its frame instead of cropped
    narrowed: bool  # placed in fewer columns than asked because of its resolution


@dataclass(frozen=True)
class Move:
    """A change the engine tried for an article that does not fit."""

    text: str  # "photo to 2 columns", "continue on page 5, 31 free lines", "cut ~140 characters"
    fits: bool


@dataclass(frozen=True)
class Overset:
    """An article whose text does not fit."""

    article_id: str
    page: int
    lines_over: int
    chars_over: int  # about how many characters to cut
    moves: tuple[Move, ...] = ()
