"""PDF/X labelling: turn a finished ReportLab PDF into an identified PDF/X file.

ReportLab cannot write an OutputIntent or the GTS keys; :func:`label_pdfx`
adds them (with XMP that agrees with the Info dictionary) deterministically.
"""

from layout.facts.icc import IccHeader, read_icc_header
from layout.pdfx.label import (
    FOGRA39,
    FOGRA39L_PROFILE,
    JAPAN_COLOR_2001_COATED,
    STANDARDS,
    OutputCondition,
    label_pdfx,
    pdf_date,
    xmp_date,
)

__all__ = [
    "FOGRA39",
    "FOGRA39L_PROFILE",
    "JAPAN_COLOR_2001_COATED",
    "STANDARDS",
    "IccHeader",
    "OutputCondition",
    "label_pdfx",
    "pdf_date",
    "read_icc_header",
    "xmp_date",
]
