"""What the content-stream reader yields: the graphics state, a page's
boxes, and one event per thing painted or declared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .colour import GRAY, ColourSpace
from .fonts import PdfFont
from .objects import IDENTITY, BBox, Matrix

# ====================================================================== graphics state


class GState:
    __slots__ = (
        "clip",
        "ctm",
        "fc",
        "fcs",
        "font",
        "fpat",
        "fsize",
        "lw",
        "op_f",
        "op_s",
        "opm",
        "rise",
        "sc",
        "scs",
        "spat",
        "tc",
        "tl",
        "tr",
        "tw",
        "tz",
    )

    def __init__(self, ctm: Matrix = IDENTITY, clip: BBox | None = None) -> None:
        self.ctm = ctm
        self.clip = clip
        self.fcs: ColourSpace = GRAY
        self.scs: ColourSpace = GRAY
        self.fc: tuple[float, ...] = (0.0,)
        self.sc: tuple[float, ...] = (0.0,)
        self.fpat: str | None = None
        self.spat: str | None = None
        self.op_f = False
        self.op_s = False
        self.opm = 0
        self.lw = 1.0
        self.font: PdfFont | None = None
        self.fsize = 0.0
        self.tc = 0.0
        self.tw = 0.0
        self.tz = 100.0
        self.tl = 0.0
        self.tr = 0
        self.rise = 0.0

    def copy(self) -> GState:
        g = GState.__new__(GState)
        for s in GState.__slots__:
            setattr(g, s, getattr(self, s))
        return g


@dataclass(slots=True)
class PageBoxes:
    number: int
    media: BBox
    trim: BBox | None
    bleed: BBox | None

    @property
    def trim_or_media(self) -> BBox:
        return self.trim or self.media

    @property
    def bleed_or_media(self) -> BBox:
        return self.bleed or self.media


# ====================================================================== events


@dataclass(slots=True)
class PageStart:
    page: PageBoxes


@dataclass(slots=True)
class PageContent:
    """A page's own content begins (its resources' declarations were
    yielded before); ``skipped``: the caller asked for it not to be read,
    and no event of it follows."""

    number: int
    skipped: bool


@dataclass(slots=True)
class PageEnd:
    """A page's content is over.  ``declared``: resource dictionaries
    with fonts, graphics states or default colour spaces its content read
    besides the page's own (forms', patterns') — their declarations are
    yielded once a file, so such a page's events depend on the pages
    before it."""

    number: int
    declared: int


@dataclass(slots=True)
class Unreadable:
    """A content stream pikepdf cannot parse: nothing in it was read."""

    where: str
    error: str
    page: bool  # the page's own content stream (else a form's)


@dataclass(slots=True)
class FontUse:
    """A font in the resources of something painted on ``page``."""

    key: Any  # the font dictionary's identity
    name: str
    subtype: str
    embedded: bool
    page: int
    faults: tuple[str, ...] = ()  # what is wrong with a composite font besides embedding (pdfread/cidfont.py)


@dataclass(slots=True)
class ExtGStateDef:
    """An ExtGState dictionary in the resources (each resource dictionary once)."""

    gstate: Any
    where: str


@dataclass(slots=True)
class DefaultSpace:
    """A /DefaultCMYK or /DefaultGray remapping in the resources."""

    name: str
    cs: ColourSpace
    where: str


@dataclass(slots=True)
class TransparencyGroup:
    where: str
    cs: ColourSpace | None  # the group's blending space, if it names one


@dataclass(slots=True)
class PathPaint:
    gs: GState
    bbox: BBox  # the path's points, before the stroke width and the clip
    fill: bool
    stroke: bool


@dataclass(slots=True)
class TextPaint:
    """A visible text-showing operator (Tj TJ ' ")."""

    gs: GState
    bbox: BBox  # the glyphs' advance boxes from the ascent to the descent
    font: PdfFont | None
    codes: list[int]


@dataclass(slots=True)
class ImagePaint:
    gs: GState
    vis: BBox | None  # the unit square under the CTM, clipped
    width: int
    height: int
    mask: bool  # a stencil mask, painted in the fill colour
    cs: ColourSpace | None  # None for a stencil mask
    filters: list[str]
    obj: Any  # the image XObject, or the inline image
    name: str | None  # the XObject's resource name; None for an inline image


@dataclass(slots=True)
class ShadingPaint:
    shading: Any
    cs: ColourSpace
    bbox: BBox | None
    what: str  # "shading /Sh0", "shading pattern /P0"


Event = (
    PageStart | PageContent | PageEnd | Unreadable | FontUse | ExtGStateDef | DefaultSpace | TransparencyGroup
    | PathPaint | TextPaint | ImagePaint | ShadingPaint
)
