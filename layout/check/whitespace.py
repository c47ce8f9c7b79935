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
    """Binary dilation by a (2·reach+1)² square: along the rows, then along
    the columns (a square is the two strips in turn)."""
    if reach <= 0:
        return mask.copy()
    return _strip(_strip(mask, reach, 1), reach, 0)


def _strip(mask: Mask, reach: int, axis: int) -> Mask:
    """True where ``mask`` has a True within ``reach`` along ``axis``: the
    OR of a window of 2·reach+1, by doubling (windows of 1, 2, 4 … cells,
    the last two overlapping), a few passes over bytes."""
    n = 2 * reach + 1
    pad = [(0, 0), (0, 0)]
    pad[axis] = (reach, reach)
    window = np.pad(mask, pad)  # the window of 1 starting at each padded cell
    k = 1
    while 2 * k <= n:
        size = window.shape[axis]
        window = _cut(window, 0, size - k, axis) | _cut(window, k, size, axis)
        k *= 2
    length = mask.shape[axis]
    return _cut(window, 0, length, axis) | _cut(window, n - k, n - k + length, axis)


def _cut(a: Mask, start: int, stop: int, axis: int) -> Mask:
    return a[start:stop] if axis == 0 else a[:, start:stop]


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
