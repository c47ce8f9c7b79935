"""The print sheet: bleed, crop marks, the PDF/X standard and output
condition with its ICC profile (found once, at load), the page multiple and
what the preflight is to expect."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..facts.units import MM

Standard = Literal["PDF/X-4", "PDF/X-1a:2003"]

ICC_DIR = Path(__file__).resolve().parent.parent / "data" / "icc"
DEFAULT_PROFILE = ICC_DIR / "FOGRA39L_coated.icc"  # photo conversion when the theme names none
SRGB_PROFILE = ICC_DIR / "sRGB.icc"


@dataclass(frozen=True)
class OutputIntent:
    identifier: str
    condition: str
    registry: str
    profile: Path | None  # the ICC profile to embed; None: a registered identifier only


@dataclass(frozen=True)
class PreflightSpec:
    """What the preflight checks the print file against (R1–R14)."""

    standard: Standard
    bleed_mm: float
    ppi_warn: float
    ppi_fail: float
    page_multiple: int


@dataclass(frozen=True)
class Sheet:
    bleed_mm: float
    crop_marks: bool
    mark_offset_mm: float
    mark_length_mm: float
    mark_pt: float
    mark_slug_mm: float  # room beyond the marks
    standard: Standard
    output: OutputIntent
    photo_profile: Path  # the profile photos are converted with
    page_multiple: int
    page_label: str  # PDF page label ({page}: the page number), e.g. 第1版
    blank_page_label: str  # … of a blank page added for print
    preflight: PreflightSpec

    @property
    def bleed(self) -> float:
        return self.bleed_mm * MM

    @property
    def slug(self) -> float:
        """pt beyond the bleed (room for the crop marks)."""
        if not self.crop_marks:
            return 0.0
        return (self.mark_offset_mm + self.mark_length_mm + self.mark_slug_mm) * MM
