"""The print shop's constants (print.md R1, R8)."""

TOTAL_INK_LIMIT = 300.0
"""R8: the most C+M+Y+K, in percent, any colour or pixel may put on paper."""

PDFX_VERSIONS: dict[str, tuple[int, int]] = {"PDF/X-4": (1, 6), "PDF/X-1a:2003": (1, 4)}
"""R1: each supported PDF/X standard and the PDF version it is written as
(the most it allows)."""


def pdf_version_text(standard: str) -> str:
    """The PDF version a standard is written as, as the header spells it: "1.6"."""
    major, minor = PDFX_VERSIONS[standard]
    return f"{major}.{minor}"
