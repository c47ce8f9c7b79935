"""Photo resolution at the placed size (R8): the policy that a photo below
the theme's ``images.ppi_fail`` stops the build and one below ``ppi_warn``
is reported, judged on the laid-out pages."""

from __future__ import annotations

import math

from ..errors import BuildError, Diagnostic
from ..model.document import Issue
from ..model.styles import PhotoSettings
from .display import Page, Picture


def effective_ppi(pixels: tuple[int, int], crop: tuple[float, float, float, float], w_pt: float, h_pt: float) -> float:
    """Pixels per inch of the cropped photo at ``w_pt`` × ``h_pt``."""
    cw = pixels[0] * (crop[2] - crop[0])
    ch = pixels[1] * (crop[3] - crop[1])
    return min(cw / (w_pt / 72.0), ch / (h_pt / 72.0))


def check_photos(issue: Issue, pages: list[Page], photos: PhotoSettings, column_pt: float,
                 draft: bool = False) -> list[Diagnostic]:
    """Warnings for photos below ``ppi_warn``; a :class:`BuildError` with
    every photo below ``ppi_fail`` (for a draft, a warning too: the designer
    looks at the pages; the print build refuses them).  ``column_pt``: one
    column's width (a photo wider can be set in fewer columns)."""
    warnings: list[Diagnostic] = []
    errors: list[Diagnostic] = []
    images = {img.path: img for a in issue.articles for img in a.images}
    for page in pages:
        for item in page.items:
            if not isinstance(item, Picture):
                continue
            img = images[item.source]
            ppi = effective_ppi(img.pixel_size, item.crop, item.w, item.h)
            where = img.file.origin
            line, col = where.locate(0)
            if ppi < photos.ppi_fail:
                # the pixels the original needs for this size, at the least
                scale = photos.ppi_fail / ppi
                need = f"{math.ceil(img.pixel_size[0] * scale)}×{math.ceil(img.pixel_size[1] * scale)}"
                fewer = " or fewer columns" if item.w > column_pt + 1.0 else ""
                message = (f"photo '{img.file.value}' is {ppi:.0f} ppi at its printed size on page {page.number} "
                           f"(at least {photos.ppi_fail:g} needed, {photos.ppi_warn:g} wanted); use a larger original "
                           f"(it has {img.pixel_size[0]}×{img.pixel_size[1]} pixels; at least {need} for this size){fewer}")
                if draft:
                    warnings.append(Diagnostic(where.file, line, col, message + "; the print build refuses it", "warning"))
                else:
                    errors.append(Diagnostic(where.file, line, col, message))
            elif ppi < photos.ppi_warn:
                warnings.append(Diagnostic(where.file, line, col,
                                           f"photo '{img.file.value}' is {ppi:.0f} ppi at its printed size on page {page.number}; "
                                           f"{photos.ppi_warn:g} ppi is wanted for print", "warning"))
    if errors:
        raise BuildError(errors)
    return warnings
