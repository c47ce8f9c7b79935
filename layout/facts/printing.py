"""The print shop's requirements (print.md R1, R4, R8, R9, R14)."""

TOTAL_INK_LIMIT = 300.0
"""R8: the most C+M+Y+K, in percent, any colour or pixel may put on paper."""

PDFX_VERSIONS: dict[str, tuple[int, int]] = {"PDF/X-4": (1, 6), "PDF/X-1a:2003": (1, 4)}
"""R1: each supported PDF/X standard and the PDF version it is written as
(the most it allows)."""


def pdf_version_text(standard: str) -> str:
    """The PDF version a standard is written as, as the header spells it: "1.6"."""
    major, minor = PDFX_VERSIONS[standard]
    return f"{major}.{minor}"

BLEED_MM = 3.0
"""R4: artwork that touches the trim runs this far past it."""

TEXT_INSET_MM = 5.0
"""R4: text stays at least this far inside the trim."""

PPI_WARN = 300.0
"""R9: photos below this effective resolution at their placed size warn..."""

PPI_FAIL = 150.0
"""... and below this one fail."""

PAGE_MULTIPLE = 4
"""R14: the page count is a multiple of this (saddle stitch)."""
