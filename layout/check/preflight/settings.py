"""What the preflight checks against: the rules' titles and the shop's
numbers (by default those of print.md, from :mod:`layout.facts.printing`;
a build passes its theme's)."""

from __future__ import annotations

from dataclasses import dataclass

from layout.facts.printing import (
    BLEED_MM,
    PAGE_MULTIPLE,
    PPI_FAIL,
    PPI_WARN,
    TEXT_INSET_MM,
    TOTAL_INK_LIMIT,
)

RULE_TITLES: dict[str, str] = {
    "R1": "PDF/X identification",
    "R2": "Output intent",
    "R3": "Page boxes",
    "R4": "Bleed and text inset",
    "R5": "Crop marks",
    "R6": "CMYK only",
    "R7": "Black text K-only, overprinting",
    "R8": "Total ink",
    "R9": "Image resolution",
    "R10": "Fonts embedded",
    "R11": "No transparency",
    "R12": "Info and XMP metadata",
    "R13": "No encryption, JavaScript, forms, annotations",
    "R14": "Page count",
}
RULES = list(RULE_TITLES)


@dataclass(frozen=True)
class PreflightSettings:
    standard: str | None = None  # expected "PDF/X-4" / "PDF/X-1a:2003"; None: accept either
    bleed_mm: float = BLEED_MM
    text_inset_mm: float = TEXT_INSET_MM
    ppi_warn: float = PPI_WARN
    ppi_fail: float = PPI_FAIL
    page_multiple: int = PAGE_MULTIPLE
    total_ink_limit: float = TOTAL_INK_LIMIT  # percent
