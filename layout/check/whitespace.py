"""White holes on the pages of a PDF, measured from its rendering alone
(the measure of :mod:`layout.facts.whitespace`).

:func:`holes` is the decision, a pure function over ink masks;
:func:`measure_pdf` renders a PDF (pypdfium2) into those masks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..facts.whitespace import GROW_PT, HEAD_BAND, HOLES_DPI, INK_BELOW

Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Holes:
    """The share of the type area left white, per page (1-based order)."""

    pages: tuple[float, ...]

    @property
    def worst(self) -> float:
        return max(self.pages, default=0.0)

    @property
    def mean(self) -> float:
        return sum(self.pages) / len(self.pages) if self.pages else 0.0


def grow(mask: Mask, reach: int) -> Mask:
    """Binary dilation by a (2·reach+1)² square, by summed-area table."""
    if reach <= 0:
        return mask.copy()
    c = np.pad(mask.astype(np.int32), ((reach + 1, reach), (reach + 1, reach))).cumsum(0).cumsum(1)
    n = 2 * reach + 1
    s = c[n:, n:] - c[:-n, n:] - c[n:, :-n] + c[:-n, :-n]
    return s > 0


def holes(masks: list[Mask], reach: int, head_band: float = HEAD_BAND) -> Holes:
    """The white share of the type area of each page: ``masks`` are the
    pages' ink (True = ink), ``reach`` the growth in pixels.  The type area
    is the bounding box of ink over all pages, less the top ``head_band`` of
    it.  Pages of different sizes are laid over each other at the top left."""
    if not masks:
        return Holes(())
    height = max(m.shape[0] for m in masks)
    width = max(m.shape[1] for m in masks)
    union = np.zeros((height, width), bool)
    for m in masks:
        union[: m.shape[0], : m.shape[1]] |= m
    ys, xs = np.nonzero(union)
    if not len(ys):
        return Holes(tuple(1.0 for _ in masks))
    y0, y1, x0, x1 = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
    y0 += int(head_band * (y1 - y0))
    shares = []
    for m in masks:
        page = np.zeros((height, width), bool)
        page[: m.shape[0], : m.shape[1]] = m
        inked = grow(page, reach)[y0:y1, x0:x1]
        shares.append(round(1.0 - float(inked.mean()), 4))
    return Holes(tuple(shares))


def page_mask(page: Any, dpi: float = HOLES_DPI) -> Mask:
    """One page (a pypdfium2 page) rendered in grey at ``dpi``: True where
    inked.  A page already rendered (a preview) renders again from
    pdfium's cache of its decoded images."""
    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
    grey = np.asarray(bitmap.to_pil().convert("L"))
    return grey < INK_BELOW


def ink_masks(pdf: Path, dpi: float = HOLES_DPI) -> list[Mask]:
    """Each page of ``pdf`` rendered in grey at ``dpi``: True where inked."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        masks = []
        for page in doc:
            masks.append(page_mask(page, dpi))
            page.close()
        return masks
    finally:
        doc.close()


def measure_masks(masks: list[Mask], dpi: float = HOLES_DPI, grow_pt: float = GROW_PT) -> Holes:
    """The white holes of pages rendered at ``dpi`` (:func:`page_mask`)."""
    return holes(masks, max(1, round(grow_pt * dpi / 72.0)))


def measure_pdf(pdf: Path, dpi: float = HOLES_DPI, grow_pt: float = GROW_PT) -> Holes:
    """The white holes of every page of ``pdf``."""
    return measure_masks(ink_masks(pdf, dpi), dpi, grow_pt)
