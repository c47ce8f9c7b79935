"""The kinds of text, in one table.

Each :class:`Role` says where the theme keeps its face, size, colour, line
pitch and alignment, and which texts of an issue it sets.  Load resolves
every role into a :class:`~layout.model.styles.TextStyle`; the glyph
coverage check walks the same table.  A new kind of text is one new row
here (plus its keys in the theme schema and ``tabloid.yaml``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .document import Issue, Origin, text_blocks
from .formats import fill_format

if TYPE_CHECKING:
    from .styles import Theme

Loc = tuple[str, ...]
# a text a role sets: its characters and where they came from (None: made
# from the theme's format strings, reported at the issue file)
Piece = tuple[str, Origin | None]
Texts = Callable[[Issue, "Theme"], Iterable[Piece]]

# the running-head formats are checked with a two-digit page number
SAMPLE_PAGE = 8


@dataclass(frozen=True)
class Role:
    name: str
    font: Loc
    size: Loc | None  # None: the size of ``scales``' role times ``ratio``
    color: Loc
    leading: Loc | None = None  # line pitch in em of the role's size; None: on the body line grid
    align: Loc | None = None  # None: left
    sizes_by_columns: bool = False  # ``size`` is a list: one size per article width in columns
    scales: str | None = None  # the role whose sizes this one's are a ratio of
    ratio: Loc | None = None
    step: Loc | None = None  # scaled sizes are rounded to this many points
    texts: Texts = lambda issue, theme: ()


class Shifted:
    """An origin seen from ``offset`` characters into its text."""

    def __init__(self, origin: Origin, offset: int):
        self.origin = origin
        self.offset = offset
        self.file = origin.file

    def locate(self, i: int) -> tuple[int, int]:
        return self.origin.locate(i + self.offset)


def _spans(bold: bool) -> Texts:
    def texts(issue: Issue, theme: Theme) -> Iterable[Piece]:
        for a in issue.articles:
            for block in text_blocks(a.body):
                if block.kind == "subhead":
                    continue
                offset = 0
                for span in block.spans:
                    if span.bold == bold:
                        yield span.text, Shifted(block.origin, offset)  # type: ignore[misc]
                    offset += len(span.text)
    return texts


def _subheads(issue: Issue, theme: Theme) -> Iterable[Piece]:
    for a in issue.articles:
        for block in text_blocks(a.body):
            if block.kind == "subhead":
                yield block.text, block.origin


def _field(name: str) -> Texts:
    def texts(issue: Issue, theme: Theme) -> Iterable[Piece]:
        for a in issue.articles:
            text = getattr(a, name)
            if text is not None:
                yield text.value, text.origin
    return texts


def _image_field(name: str) -> Texts:
    def texts(issue: Issue, theme: Theme) -> Iterable[Piece]:
        for a in issue.articles:
            for img in a.images:
                text = getattr(img, name)
                if text is not None:
                    yield text.value, text.origin
    return texts


def _running_head(issue: Issue, theme: Theme) -> Iterable[Piece]:
    title = issue.publication.title
    yield title.value, title.origin
    rh = theme.running_head
    for fmt in (rh.left, rh.center, rh.right):
        yield fill_format(fmt, issue, SAMPLE_PAGE), None


def _masthead_title(issue: Issue, theme: Theme) -> Iterable[Piece]:
    yield issue.publication.title.value, issue.publication.title.origin


def _publisher(issue: Issue, theme: Theme) -> Iterable[Piece]:
    yield issue.publication.publisher.value, issue.publication.publisher.origin


def _info(issue: Issue, theme: Theme) -> Iterable[Piece]:
    m = theme.masthead
    for fmt in (m.number_format, m.serial_format, m.date_format):
        yield fill_format(fmt, issue), None


def _qr_caption(issue: Issue, theme: Theme) -> Iterable[Piece]:
    if issue.publication.wechat:
        for line in issue.publication.wechat.lines:
            yield line.value, line.origin


def _toc_heading(issue: Issue, theme: Theme) -> Iterable[Piece]:
    yield theme.toc.heading, None


def _toc_ref(issue: Issue, theme: Theme) -> Iterable[Piece]:
    if any(a.toc is not None for a in issue.articles):
        yield theme.toc.ref_format.format(page=SAMPLE_PAGE), None


def _draft_note(issue: Issue, theme: Theme) -> Iterable[Piece]:
    yield theme.draft.note_format.format(lines=SAMPLE_PAGE), None


def _credits(issue: Issue, theme: Theme) -> Iterable[Piece]:
    prefix = theme.photos.credit_prefix
    if prefix and any(img.credit is not None for a in issue.articles for img in a.images):
        yield prefix, None
    yield from _image_field("credit")(issue, theme)


def _jump(issue: Issue, theme: Theme) -> Iterable[Piece]:
    yield fill_format(theme.jump.to_format, issue, SAMPLE_PAGE), None
    yield fill_format(theme.jump.from_format, issue, SAMPLE_PAGE), None


def _jump_titles(issue: Issue, theme: Theme) -> Iterable[Piece]:
    for a in issue.articles:
        text = a.jump_title or a.title
        yield text.value, text.origin


ROLES: tuple[Role, ...] = (
    Role("masthead_title", ("masthead", "title_font"), ("masthead", "title_size_pt"), ("masthead", "title_color"),
         leading=("masthead", "title_line_pitch_em"), texts=_masthead_title),
    Role("running_head", ("running_head", "font"), ("running_head", "size_pt"), ("running_head", "color"), texts=_running_head),
    Role("masthead_publisher", ("masthead", "publisher_font"), ("masthead", "publisher_size_pt"), ("masthead", "color"),
         leading=("masthead", "publisher_line_pitch_em"), texts=_publisher),
    Role("qr_caption", ("qr", "caption_font"), ("qr", "caption_size_pt"), ("qr", "color"),
         leading=("qr", "caption_line_pitch_em"), align=("qr", "caption_align"), texts=_qr_caption),
    Role("masthead_info", ("masthead", "info_font"), ("masthead", "info_size_pt"), ("masthead", "color"),
         leading=("masthead", "info_line_pitch_em"), texts=_info),
    Role("toc_heading", ("toc", "heading_font"), ("toc", "heading_size_pt"), ("toc", "heading_color"),
         align=("toc", "heading_align"), texts=_toc_heading),
    Role("title", ("title", "font"), ("title", "size_pt_by_columns"), ("title", "color"),
         leading=("title", "line_pitch_em"), align=("title", "align"), sizes_by_columns=True, texts=_field("title")),
    Role("kicker", ("kicker", "font"), None, ("kicker", "color"), leading=("kicker", "line_pitch_em"),
         align=("title", "align"), scales="title", ratio=("kicker", "size_ratio"), step=("kicker", "size_step_pt"),
         texts=_field("kicker")),
    Role("subtitle", ("subtitle", "font"), None, ("subtitle", "color"), leading=("subtitle", "line_pitch_em"),
         align=("title", "align"), scales="title", ratio=("subtitle", "size_ratio"), step=("subtitle", "size_step_pt"),
         texts=_field("subtitle")),
    Role("byline", ("byline", "font"), ("byline", "size_pt"), ("byline", "color"), align=("title", "align"),
         texts=_field("byline")),
    Role("toc_entry", ("toc", "entry_font"), ("toc", "entry_size_pt"), ("body", "color"), texts=_field("toc")),
    Role("toc_ref", ("toc", "entry_font"), ("toc", "entry_size_pt"), ("toc", "ref_color"), texts=_toc_ref),
    Role("subhead", ("subhead", "font"), ("subhead", "size_pt"), ("subhead", "color"), align=("subhead", "align"),
         texts=_subheads),
    Role("body", ("body", "font"), ("body", "size_pt"), ("body", "color"), leading=("body", "line_pitch_em"),
         texts=_spans(False)),
    Role("body_bold", ("body", "bold_font"), ("body", "size_pt"), ("body", "color"), leading=("body", "line_pitch_em"),
         texts=_spans(True)),
    Role("jump", ("jump", "font"), ("jump", "size_pt"), ("jump", "color"), texts=_jump),
    Role("jump_title", ("jump", "title_font"), ("jump", "title_size_pt"), ("jump", "title_color"),
         leading=("jump", "title_line_pitch_em"), align=("title", "align"), texts=_jump_titles),
    Role("caption", ("caption", "font"), ("caption", "size_pt"), ("caption", "color"), texts=_image_field("caption")),
    Role("credit", ("caption", "font"), ("caption", "size_pt"), ("caption", "color"), texts=_credits),
    Role("draft_note", ("draft", "font"), ("draft", "size_pt"), ("draft", "note_color"), texts=_draft_note),
)
