"""The theme, resolved: typed, ready values every stage after load reads.

Load turns the theme YAML (:class:`layout.load.schema.ThemeIn`) into a
:class:`Theme` once: one :class:`TextStyle` per kind of text (the roles of
:mod:`layout.model.roles`), the grid, the sheet, and the settings of each
piece of page furniture.  Colours stay theme colour names in the display
list; each style also carries its CMYK values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .grid import Grid
from .sheet import Sheet

CMYK = tuple[float, float, float, float]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class TextStyle:
    role: str
    face: str
    fallback: tuple[str, ...]  # the theme's fallback faces, in order
    size: float  # pt (for roles sized by columns: the size at one column)
    color: str  # theme colour name
    cmyk: CMYK
    align: Align = "left"
    leading: float | None = None  # line pitch in em of the size; None: the body line pitch
    sizes: tuple[float, ...] = ()  # headline roles: the size for an article 1…N columns wide

    @property
    def chain(self) -> tuple[str, ...]:
        """The face, then the fallbacks that are not the face."""
        return (self.face, *[f for f in self.fallback if f != self.face])

    def size_for(self, columns: int) -> float:
        if not self.sizes:
            return self.size
        return self.sizes[min(columns, len(self.sizes)) - 1]

    def pitch(self, size: float | None = None) -> float:
        """Line pitch, pt, for text of ``size`` (default: the style's size)."""
        assert self.leading is not None, f"{self.role} is set on the body line grid"
        return (self.size if size is None else size) * self.leading


@dataclass(frozen=True)
class BodySettings:
    indent_em: float
    open_mark_full: bool  # P3: an opening mark at a line start keeps its blank
    han_latin_space_em: float
    latin_face: str | None
    normalise_punctuation: bool


@dataclass(frozen=True)
class HeadlineSettings:
    space_lines: int  # blank body lines between headline block and body
    max_extra_lines: int  # lines of air the packer may add to fill a column
    subhead_space_lines: int
    justify_lines: int = 1  # blank lines the page may set between two paragraphs to fill a column (0: none)
    beside: bool = False  # a short headline may span only the columns it needs, text beside it (the packer's choice)
    beside_min_lines: int = 2  # body lines under such a headline, at least, in its columns


@dataclass(frozen=True)
class PhotoSettings:
    min_lines: int
    max_crop: float  # a photo may lose at most this share of its width or height
    max_height_share: float  # of the type area's height
    portrait_columns: int  # a portrait photo spans at most this many columns
    panorama_ratio: float  # a photo this much wider than tall spans its article
    columns_by_width: tuple[int, ...]  # default photo width in columns, by article width
    credit_prefix: str
    ppi_warn: float
    ppi_fail: float
    ink_target: float  # total ink % photos are converted to (under the print limit)
    max_ppi: float  # larger photos are resampled down to this
    jpeg_quality: int
    proof_max_ppi: float  # the proof's photos are resampled down to this


@dataclass(frozen=True)
class Jump:
    to_format: str  # （下转第{page}版）
    from_format: str  # （上接第{page}版）
    min_lines: int  # body lines per column a piece of a continued article keeps at least
    search_pages: int  # a continuation goes to the nearest of this many later pages with room


@dataclass(frozen=True)
class RunningHead:
    left: str
    center: str
    right: str
    mirror: bool
    rule_color: str
    rule_pt: float
    rule_above_lines: float  # the rule sits this many body line pitches above the grid
    baseline_above_rule_em: float  # the text baseline sits this many em above the rule


@dataclass(frozen=True)
class HorizontalMasthead:
    band_min_em: float
    title_width_share: float
    title_line_pitch_em: float
    title_drop_em: float
    info_x_share: float
    info_width_share: float
    info_line_pitch_em: float
    info_drop_em: float
    qr_caption_gap_pt: float
    qr_caption_line_pitch_em: float
    qr_caption_overhang_em: float
    band_foot_pt: float


@dataclass(frozen=True)
class Masthead:
    orientation: Literal["vertical", "horizontal"]
    columns: int
    band_color: str
    strip_color: str
    bleed: bool
    number_format: str
    serial_format: str
    date_format: str
    band_width_em: float  # vertical band width, in title sizes
    band_max_share: float  # … at most this share of the strip
    stack_below_em: float  # a strip narrower than this many title sizes stacks the band
    band_gap_em: float  # body ems between band and publisher column
    stacked_gap_lines: float
    rule_pt: float
    rule_space_lines: float
    qr_gap_lines: float
    qr_gap_lines_stacked: float
    horizontal: HorizontalMasthead
    band_span: Literal["page", "type_area"] = "page"  # a horizontal band: the page's width or the type area's
    strip_articles: bool = False  # a vertical strip takes an article between masthead and 导读 box
    strip_open: bool = False  # … and (strip_articles) with none for it, the 导读 box sits under the masthead, articles below it


@dataclass(frozen=True)
class Qr:
    size_mm: float
    quiet_zone_modules: int
    error_correction: Literal["L", "M", "Q", "H"]
    color: str
    ground_color: str


@dataclass(frozen=True)
class Toc:
    heading: str
    heading_band_color: str
    ref_format: str
    frame_color: str
    frame_pt: float
    ground_color: str
    padding_em: float
    heading_lines: int
    entry_rule_pt: float
    columns: int = 1  # under a horizontal masthead: entries side by side in this many grid columns


@dataclass(frozen=True)
class Rules:
    article_pt: float
    color: str
    module_space_lines: int
    column_rules: bool
    column_rule_min_lines: int  # a column rule only where articles sit side by side this many lines
    empty_warn_lines: int


@dataclass(frozen=True)
class Blocks:
    """Lists, tables and boxed notices of an article body."""

    marker_em: float  # the number/bullet column: the hanging indent of list items
    marker_gap_em: float  # between a right-aligned number and the item text
    bullet: str
    number_format: str  # "{n}."
    table_rule_color: str
    table_thick_pt: float
    table_thin_pt: float
    cell_gap_em: float
    table_space_lines: int
    box_ground: str
    box_frame: str
    box_frame_pt: float
    box_padding_em: float


@dataclass(frozen=True)
class Draft:
    """How a draft proof marks an article that does not fit (its tag's text
    is the ``draft_note`` style)."""

    color: str
    frame_pt: float
    note_format: str  # {lines}: the lines over
    padding_pt: float


@dataclass(frozen=True)
class Theme:
    """The resolved theme."""

    text: Mapping[str, TextStyle]  # role name → style (layout.model.roles.ROLES)
    colors: Mapping[str, CMYK]
    fallback: tuple[str, ...]
    grid: Grid
    sheet: Sheet
    body: BodySettings
    headline: HeadlineSettings
    photos: PhotoSettings
    jump: Jump
    running_head: RunningHead
    masthead: Masthead
    qr: Qr
    toc: Toc
    rules: Rules
    blocks: Blocks
    draft: Draft

    def style(self, role: str) -> TextStyle:
        return self.text[role]

    def is_black(self, color: str) -> bool:
        """K-only ink (such text overprints)."""
        c, m, y, k = self.colors[color]
        return c == m == y == 0 and k > 0
