"""What the preflight checks against: the rules' titles and the shop's numbers."""

from __future__ import annotations

from dataclasses import dataclass

from layout.facts.printing import TOTAL_INK_LIMIT

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
    bleed_mm: float = 3.0
    text_inset_mm: float = 5.0
    ppi_warn: float = 300.0
    ppi_fail: float = 150.0
    page_multiple: int = 4
    total_ink_limit: float = TOTAL_INK_LIMIT  # percent
