"""A photo's frame in an article module: how many columns it spans, how many
body lines tall it is, and which part of the picture shows.

Pure functions of the photo's pixel size and the theme's photo settings.
The width follows the aspect ratio (a portrait 1–2 columns, a panorama the
article's width), a photo is never taller than the theme's share of the
type area, and never falls under ``ppi_fail`` (it is set in fewer columns
instead).  Its height is a whole number of lines chosen so that at most
``max_crop`` of its width or height is cut off (``crop: none``: the frame
is rounded up and the photo scaled into it, never cut).  ``focus`` keeps a
point of the picture in view: the crop window is centred on it as far as
the picture's edges allow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model.document import Image
from ..model.grid import Grid
from ..model.styles import PhotoSettings

PT_PER_INCH = 72.0


@dataclass(frozen=True)
class Frame:
    cols: int
    rows: int  # body lines of the photo (without its caption)
    min_rows: int  # the frame may be made as short as this … (within the crop limit)
    max_rows: int  # … or as tall as this
    narrowed: bool  # fewer columns than its shape asked for, for its resolution


def natural_height(image: Image, width: float) -> float:
    pw, ph = image.pixel_size
    return width * ph / pw


def ppi_at(image: Image, width: float, height: float, crop: tuple[float, float, float, float]) -> float:
    pw, ph = image.pixel_size
    cw = pw * (crop[2] - crop[0])
    ch = ph * (crop[3] - crop[1])
    return min(cw / (width / PT_PER_INCH), ch / (height / PT_PER_INCH))


def wanted_columns(image: Image, k: int, ps: PhotoSettings) -> int:
    """Columns a photo takes in an article k columns wide, by its shape."""
    if image.columns is not None:
        return max(1, min(image.columns, k))
    pw, ph = image.pixel_size
    aspect = pw / ph
    by_width = ps.columns_by_width
    cols = by_width[min(k, len(by_width)) - 1]
    if aspect >= ps.panorama_ratio:
        cols = k
    elif aspect < 1:
        cols = min(cols, ps.portrait_columns)
    return max(1, min(cols, k))


def _rows_range(h: float, grid: Grid, ps: PhotoSettings, crop_none: bool) -> tuple[int, int, int]:
    gap = grid.pitch - grid.em
    natural = (h + gap) / grid.pitch
    if crop_none:
        rows = max(1, math.ceil(natural - 1e-6))
        return rows, rows, rows
    keep = 1 - ps.max_crop
    lo = max(1, math.ceil((h * keep + gap) / grid.pitch - 1e-6))
    hi = max(lo, math.floor((h / keep + gap) / grid.pitch + 1e-6))
    rows = min(max(round(natural), lo, ps.min_lines), hi)
    return rows, lo, hi


def frame_for(image: Image, k: int, grid: Grid, ps: PhotoSettings) -> Frame:
    """The frame of a photo in an article k columns wide."""
    cols = wanted_columns(image, k, ps)
    narrowed = False
    limit = grid.lines * grid.pitch * ps.max_height_share
    crop_none = image.crop == "none"
    while True:
        width = grid.span(cols)
        h = natural_height(image, width)
        rows, lo, hi = _rows_range(h, grid, ps, crop_none)
        frame_h = rows * grid.pitch - (grid.pitch - grid.em)
        too_tall = min(frame_h, h) > limit
        ppi = ppi_at(image, width, min(frame_h, h) if crop_none else frame_h,
                     (0.0, 0.0, 1.0, 1.0) if crop_none else crop_box(image, width, frame_h))
        if cols > 1 and (too_tall or ppi < ps.ppi_fail):
            narrowed = narrowed or (ppi < ps.ppi_fail and not too_tall)
            cols -= 1
            continue
        if too_tall:
            # a column wide and still too tall (a 1:6 strip): the frame stops at the limit and the
            # photo, cut by at most the crop limit, is scaled into it, narrower than the column
            rows = max(1, math.floor((limit + grid.pitch - grid.em) / grid.pitch + 1e-6))
            return Frame(cols, rows, rows, rows, narrowed)
        return Frame(cols, rows, lo, hi, narrowed)


def fitted(image: Image, w: float, h: float, max_crop: float) -> tuple[tuple[float, float, float, float], float, float]:
    """The crop box and the shown size of a photo in a frame w × h: filling
    the frame (:func:`crop_box`) when that cuts at most ``max_crop`` of its
    height, else cut by ``max_crop`` (about its focus) and scaled to the
    frame's height, narrower than the frame."""
    box = crop_box(image, w, h)
    if box[3] - box[1] >= 1 - max_crop - 1e-9:
        return box, w, h
    pw, ph = image.pixel_size
    shown_w = h * pw / (ph * (1 - max_crop))
    return crop_box(image, shown_w, h), shown_w, h


def crop_box(image: Image, w: float, h: float) -> tuple[float, float, float, float]:
    """The part of the picture (fractions left, top, right, bottom) that fills
    a frame w × h, centred on the photo's focus as far as its edges allow."""
    pw, ph = image.pixel_size
    src = pw / ph
    dst = w / h
    fx, fy = image.focus if image.focus is not None else (0.5, 0.5)
    if src > dst:  # the picture is wider: trim the sides
        keep = dst / src
        x0 = min(max(fx - keep / 2, 0.0), 1 - keep)
        return (x0, 0.0, x0 + keep, 1.0)
    keep = src / dst
    y0 = min(max(fy - keep / 2, 0.0), 1 - keep)
    return (0.0, y0, 1.0, y0 + keep)
