"""The YAML contract as pydantic models (docs/issue-format.md).

These models validate the files as written; the loader then resolves them
into :mod:`layout.model.document`.  ``layout schema`` prints their JSON Schema for
editors with YAML completion.

Contract rule: keys are only ever added.  A change of meaning bumps
``schema`` and gets a migration in :data:`MIGRATIONS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..limits import MAX_ARTICLES, MAX_DISPLAY_CHARS, MAX_NUMBER, MAX_PAGES, MAX_PUBLICATION_TITLE_CHARS, MAX_SERIAL

SCHEMA_VERSION = 1

# schema version → function upgrading a raw mapping to the next version.
# Empty while only version 1 exists; kept so archivists' old files keep
# loading when the format moves on.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# one line of display text (a title, a caption, a QR caption line): bounded, so
# that a hostile file cannot make the line breaker run for minutes
Display = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_DISPLAY_CHARS)]
PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGES)]
ArticleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True, allow_inf_nan=False)


class WechatIn(Model):
    account: Display = Field(description="official account name, e.g. 上海社区发布")
    url: NonEmpty = Field(description="what the QR code encodes (any URL or text)")
    lines: list[Display] = Field(default_factory=list, description="caption lines beside the code")


class PublicationIn(Model):
    schema_: int = Field(alias="schema", description="format version of this file")
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PUBLICATION_TITLE_CHARS)] = Field(
        description=f"masthead title (at most {MAX_PUBLICATION_TITLE_CHARS} characters: it names the output files)")
    publisher: Display = Field(description="line under / beside the masthead")
    wechat: WechatIn | None = Field(default=None, description="the QR box on the front page")
    theme: NonEmpty = Field(default="tabloid", description="a built-in theme name or a path to a theme YAML")


class ImageIn(Model):
    file: NonEmpty = Field(description="relative to the issue folder, never outside it")
    caption: Display | None = None
    credit: Display | None = Field(default=None, description="e.g. 摄影/…")
    columns: Annotated[int, Field(ge=1)] | None = Field(default=None, description="width in grid columns")
    crop: Literal["auto", "none"] = Field(default="auto", description="auto: crop at most the theme's limit to fit; none: scale, never crop")
    focus: Annotated[list[Annotated[float, Field(ge=0, le=1)]], Field(min_length=2, max_length=2)] | None = Field(
        default=None, description="[x, y], fractions of width and height: the point that must stay in view when cropped")


class ArticleIn(Model):
    id: ArticleId = Field(description="unique within the issue: [a-z0-9-]+")
    page: PageNumber = Field(description=f"the page (版) the article starts on (at most {MAX_PAGES})")
    kicker: Display | None = Field(default=None, description="引题, above the title")
    title: Display = Field(description="主题")
    subtitle: Display | None = Field(default=None, description="副题, below the title")
    byline: Display | None = None
    toc: bool | Display = Field(default=False, description="list in the front-page 导读 box; a string replaces the title")
    columns: Annotated[int, Field(ge=1)] | None = Field(default=None, description="grid columns the article spans")
    continued_on: Annotated[int, Field(ge=2)] | None = Field(
        default=None, description="the page its remainder continues on when it does not fit (default: the nearest later page with room)")
    jump_title: NonEmpty | None = Field(default=None, description="short title of the continuation head (default: the title)")
    box: bool = Field(default=False, description="a boxed notice: the article in a frame on the theme's tint (theme box: keys)")
    body: str | None = Field(default=None, description="Markdown subset: paragraphs, ## subheads, **bold**, one-level lists "
                             "('1. ' numbered, '- ' bulleted), GFM pipe tables (':' aligns a column)")
    body_file: NonEmpty | None = Field(default=None, description="instead of body: a Markdown file beside issue.yaml")
    images: list[ImageIn] = Field(default_factory=list)


class IssueHeadIn(Model):
    """issue.yaml without its articles (validated one by one, so that one
    broken article does not hide the problems of the others)."""

    schema_: int = Field(alias="schema")
    publication: NonEmpty = Field(default="../publication.yaml")
    number: Annotated[int, Field(ge=1, le=MAX_NUMBER)] = Field(description="期号 in its year")
    serial: Annotated[int, Field(ge=1, le=MAX_SERIAL)] | None = Field(default=None, description="总第N期")
    date: dt.date = Field(description="ISO date of publication")
    theme: NonEmpty | None = Field(default=None, description="this issue's theme (built-in name or path), overriding the publication's")
    pages: PageNumber | None = Field(default=None, description=f"page count (at most {MAX_PAGES})")
    articles: list[Any] = Field(min_length=1, max_length=MAX_ARTICLES, description=f"reading order; at least one, at most {MAX_ARTICLES}")


class IssueIn(IssueHeadIn):
    """The whole issue.yaml, for the JSON Schema."""

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)


# --------------------------------------------------------------------- theme

CMYK = Annotated[list[Annotated[float, Field(ge=0, le=100)]], Field(min_length=4, max_length=4)]
Positive = Annotated[float, Field(gt=0)]
NonNeg = Annotated[float, Field(ge=0)]
FaceKey = NonEmpty
ColorName = NonEmpty


class PageTheme(Model):
    size: Literal["A3", "A4", "B4", "B5", "8K", "16K"] | None = "A3"
    width_mm: Positive | None = None
    height_mm: Positive | None = None
    margin_top_mm: NonNeg
    margin_bottom_mm: NonNeg
    margin_inside_mm: NonNeg
    margin_outside_mm: NonNeg


class GridTheme(Model):
    columns: Annotated[int, Field(ge=1, le=12)]
    column_chars: Annotated[int, Field(ge=4, le=60)]
    gutter_chars: Annotated[float, Field(ge=0.5, le=6)]
    module_space_lines: Annotated[int, Field(ge=0, le=6)]
    column_rules: bool
    empty_warn_lines: Annotated[int, Field(ge=1)] = Field(default=4, description="warn about a column with this many empty lines or more")


class FontsTheme(Model):
    fallback: list[FaceKey]


class BodyTheme(Model):
    font: FaceKey
    bold_font: FaceKey
    size_pt: Annotated[float, Field(ge=5, le=24)]
    line_pitch_em: Annotated[float, Field(ge=1.2, le=2.5)]
    indent_em: Annotated[float, Field(ge=0, le=4)]
    color: ColorName
    normalise_punctuation: bool
    open_mark_at_line_start: Literal["full", "half"]
    han_latin_space_em: Annotated[float, Field(ge=0, le=0.5)]
    latin_font: FaceKey | None = None


class SubheadTheme(Model):
    font: FaceKey
    size_pt: Positive
    color: ColorName
    space_before_lines: Annotated[int, Field(ge=0, le=4)]
    align: Literal["left", "center"]


class TitleTheme(Model):
    font: FaceKey
    size_pt_by_columns: list[Positive] = Field(min_length=1)
    line_pitch_em: Annotated[float, Field(ge=1.0, le=2.0)]
    color: ColorName
    align: Literal["left", "center"]


class RatioTextTheme(Model):
    font: FaceKey
    size_ratio: Annotated[float, Field(gt=0, le=1)]
    color: ColorName
    line_pitch_em: Annotated[float, Field(ge=1.0, le=2.5)] = 1.35
    size_step_pt: Positive = Field(default=0.5, description="the scaled size is rounded to a multiple of this")


class TextTheme(Model):
    font: FaceKey
    size_pt: Positive
    color: ColorName


class CaptionTheme(TextTheme):
    credit_prefix: str = ""


class ImagesTheme(Model):
    ppi_warn: Positive
    ppi_fail: Positive
    min_lines: Annotated[int, Field(ge=1)] = Field(default=4, description="a photo is at least this many body lines tall")
    max_crop: Annotated[float, Field(ge=0, lt=0.5)] = Field(
        default=0.15, description="a photo may lose at most this share of its width or of its height to fit its module")
    max_height_share: Annotated[float, Field(gt=0, le=1)] = Field(
        default=0.5, description="a photo is at most this share of the type area's height")
    portrait_columns: Annotated[int, Field(ge=1)] = Field(default=2, description="a portrait photo spans at most this many columns")
    panorama_ratio: Annotated[float, Field(gt=1)] = Field(default=2.2, description="a photo this many times wider than tall spans its article's width")
    columns_by_width: list[Annotated[int, Field(ge=1)]] = Field(
        default_factory=lambda: [1, 2, 2, 3, 4, 4], min_length=1,
        description="photo width in columns for an article 1…N columns wide (when the photo gives none)")
    ink_target_pct: Annotated[float, Field(ge=200, le=300)] = Field(default=280.0, description="total ink photos are converted to")
    max_ppi: Positive = Field(default=450.0, description="larger photos are resampled down to this")
    jpeg_quality: Annotated[int, Field(ge=50, le=100)] = 92
    proof_max_ppi: Positive = Field(default=200.0, description="the proof's photos are resampled down to this (the print keeps max_ppi)")


class JumpTheme(Model):
    font: FaceKey = "sans"
    size_pt: Positive = 8.5
    color: ColorName = "red"
    to_format: NonEmpty = Field(default="（下转第{page}版）", description="the jump line at the foot of a start module")
    from_format: NonEmpty = Field(default="（上接第{page}版）", description="the line under the continuation head")
    title_font: FaceKey = "sans-bold"
    title_size_pt: Positive = Field(default=14.0, description="the jump title of a continuation head")
    title_color: ColorName = "black"
    title_line_pitch_em: Annotated[float, Field(ge=1.0, le=2.0)] = 1.25
    min_lines: Annotated[int, Field(ge=2)] = Field(default=3, description="a piece of a continued article has at least this many body lines per column")
    search_pages: Annotated[int, Field(ge=1)] = Field(default=4, description="a continuation goes to the nearest of this many later pages with room (else the next page)")


class RunningHeadTheme(TextTheme):
    rule_color: ColorName
    rule_pt: NonNeg
    left: str
    center: str
    right: str
    mirror: bool
    rule_above_lines: NonNeg = Field(default=0.9, description="the rule sits this many body line pitches above the grid")
    baseline_above_rule_em: NonNeg = Field(default=0.45, description="the text baseline sits this many em above the rule")


class HorizontalMastheadTheme(Model):
    band_min_em: Positive = 1.5
    title_width_share: Annotated[float, Field(gt=0, le=1)] = 0.6
    title_line_pitch_em: Positive = 1.2
    title_drop_em: NonNeg = 0.1
    info_x_share: Annotated[float, Field(ge=0, le=1)] = 0.62
    info_width_share: Annotated[float, Field(gt=0, le=1)] = 0.38
    info_line_pitch_em: Positive = 1.5
    info_drop_em: NonNeg = 0.2
    qr_caption_gap_pt: NonNeg = 2.0
    qr_caption_line_pitch_em: Positive = 1.3
    qr_caption_overhang_em: NonNeg = 1.0
    band_foot_pt: NonNeg = 4.0


class MastheadTheme(Model):
    orientation: Literal["vertical", "horizontal"]
    columns: Annotated[int, Field(ge=1)]
    title_font: FaceKey
    title_size_pt: Positive
    title_color: ColorName
    band_color: ColorName
    publisher_font: FaceKey
    publisher_size_pt: Positive
    info_font: FaceKey
    info_size_pt: Positive
    color: ColorName
    bleed: bool
    strip_articles: bool = Field(default=False, description="a vertical masthead's strip takes an article of page 1 between masthead and 导读 box")
    strip_open: bool = Field(default=False, description="with strip_articles, a vertical masthead's strip with no article for it: the 导读 box sits under the masthead and the strip's columns below it take articles")
    band_span: Literal["page", "type_area"] = Field(default="page", description="a horizontal masthead band runs the page's width (page) or the type area's (type_area)")
    strip_color: ColorName
    number_format: str
    serial_format: str
    date_format: str
    title_line_pitch_em: Positive = Field(default=1.12, description="vertical title: character pitch in title sizes")
    publisher_line_pitch_em: Positive = 1.4
    info_line_pitch_em: Positive = 1.6
    band_width_em: Positive = Field(default=1.7, description="vertical band width in title sizes")
    band_max_share: Annotated[float, Field(gt=0, le=1)] = 0.5
    stack_below_em: NonNeg = Field(default=3.0, description="a strip narrower than this many title sizes puts the text under the band")
    band_gap_em: NonNeg = 1.0
    stacked_gap_lines: NonNeg = 0.6
    rule_pt: NonNeg = 0.8
    rule_space_lines: NonNeg = 0.3
    qr_gap_lines: NonNeg = 1.0
    qr_gap_lines_stacked: NonNeg = 0.5
    horizontal: HorizontalMastheadTheme = Field(default_factory=HorizontalMastheadTheme)


class QrTheme(Model):
    size_mm: Annotated[float, Field(ge=20, le=80)]
    quiet_zone_modules: Annotated[int, Field(ge=4, le=10)]
    error_correction: Literal["L", "M", "Q", "H"]
    caption_font: FaceKey
    caption_size_pt: Positive
    color: ColorName
    caption_line_pitch_em: Positive = 1.45
    caption_align: Literal["left", "center", "right"] = "center"
    ground_color: ColorName = "paper"


class TocTheme(Model):
    heading: NonEmpty
    heading_font: FaceKey
    heading_size_pt: Positive
    heading_color: ColorName
    heading_band_color: ColorName
    entry_font: FaceKey
    entry_size_pt: Positive
    ref_format: NonEmpty
    ref_color: ColorName
    frame_color: ColorName
    frame_pt: NonNeg
    ground_color: ColorName
    heading_align: Literal["left", "center", "right"] = "center"
    padding_em: NonNeg = 0.5
    heading_lines: Annotated[int, Field(ge=1)] = 2
    entry_rule_pt: NonNeg = 0.3
    columns: Annotated[int, Field(ge=1, le=12)] = Field(default=1, description="under a horizontal masthead: the entries side by side in this many grid columns (the box spans them)")


class RulesTheme(Model):
    article_pt: NonNeg
    color: ColorName
    column_rule_min_lines: Annotated[int, Field(ge=1)] = Field(default=2, description="a column rule only where articles sit side by side at least this many lines")


class ListTheme(Model):
    marker_em: Positive = Field(default=2, description="width of the numbers' or bullets' column (the hanging indent), body characters")
    marker_gap_em: NonNeg = Field(default=0.5, description="space between a right-aligned number and its item text")
    bullet: NonEmpty = Field(default="●", description="the mark of a bulleted item")
    number_format: NonEmpty = Field(default="{n}.", description="the mark of a numbered item; {n} is its number")


class TableTheme(Model):
    rule_color: ColorName = "black"
    thick_pt: Positive = Field(default=1.0, description="the top and bottom rules of the 三线表")
    thin_pt: Positive = Field(default=0.5, description="the rule under the header")
    cell_gap_em: NonNeg = Field(default=1, description="space between two columns, body characters")
    space_lines: Annotated[int, Field(ge=0, le=2)] = Field(default=0, description="blank body lines above and below a table")


class BoxTheme(Model):
    ground_color: ColorName = "tint"
    frame_color: ColorName = "black"
    frame_pt: NonNeg = 0.5
    padding_em: Annotated[float, Field(ge=0, le=4)] = Field(default=0.5, description="inner padding left and right, body characters")


class DraftTheme(Model):
    """The marks a draft proof (``layout build --draft``) puts on an article that does not fit."""

    color: ColorName = Field(description="the frame round the module and the ground of its tag")
    frame_pt: Positive = Field(description="line width of the frame")
    font: FaceKey
    size_pt: Positive = Field(description="the tag under the module")
    note_color: ColorName = Field(description="the tag's text, on the frame colour")
    note_format: NonEmpty = Field(description="the tag's text: {lines} is the number of lines over")
    padding_pt: NonNeg = Field(description="room between the frame and the module, and round the tag's text")


class OutputConditionTheme(Model):
    identifier: NonEmpty
    condition: NonEmpty
    registry: NonEmpty = "http://www.color.org"
    profile: NonEmpty | None = None


class PrintTheme(Model):
    bleed_mm: Annotated[float, Field(ge=0, le=10)]
    crop_marks: bool
    mark_offset_mm: NonNeg
    mark_length_mm: Positive
    mark_pt: Positive
    mark_slug_mm: NonNeg = Field(default=1.0, description="room beyond the crop marks")
    standard: Literal["PDF/X-4", "PDF/X-1a:2003"]
    output_condition: OutputConditionTheme
    page_multiple: Annotated[int, Field(ge=1)]
    page_label: NonEmpty = Field(default="第{page}版", description="PDF page label of a page ({page}: its number)")
    blank_page_label: NonEmpty = Field(default="空白{page}", description="PDF page label of a blank page added for print")


class ThemeIn(Model):
    schema_: int = Field(alias="schema")
    base: NonEmpty | None = None
    page: PageTheme
    grid: GridTheme
    colors: dict[str, CMYK]
    fonts: FontsTheme
    body: BodyTheme
    subhead: SubheadTheme
    title: TitleTheme
    kicker: RatioTextTheme
    subtitle: RatioTextTheme
    byline: TextTheme
    headline_space_lines: Annotated[int, Field(ge=0, le=4)]
    headline_max_extra_lines: Annotated[int, Field(ge=0, le=6)] = Field(default=2, description="lines of air the page may add around a headline to fill a column")
    justify_space_lines: Annotated[int, Field(ge=0, le=1)] = Field(default=1, description="blank lines the page may set between two paragraphs to fill a column (0: none; more than 1 would open a gap of 24 pt)")
    headline_beside_text: bool = Field(default=False, description="a headline that needs fewer columns than its article may span only those, the body of the columns beside it starting at the top of the module (题文穿插; chosen by the page packer where it leaves less white, at the page top or under another article: needs rules.article_pt > 0)")
    headline_beside_min_lines: Annotated[int, Field(ge=1, le=10)] = Field(default=2, description="with headline_beside_text: body lines the columns under the short headline hold at least (fewer: the headline spans the article)")
    caption: CaptionTheme
    images: ImagesTheme
    jump: JumpTheme = Field(default_factory=JumpTheme)
    running_head: RunningHeadTheme
    masthead: MastheadTheme
    qr: QrTheme
    toc: TocTheme
    rules: RulesTheme
    list: ListTheme = ListTheme()
    table: TableTheme = TableTheme()
    box: BoxTheme = BoxTheme()
    draft: DraftTheme
    print: PrintTheme
