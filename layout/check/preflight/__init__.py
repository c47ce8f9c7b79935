"""Our own structural preflight of the print shop's requirements R1–R14.

No free ISO PDF/X validator exists, so :func:`preflight` checks the file the
way the shop's preflight would, structurally, with pikepdf: the document
level (identification, output intent, Info/XMP, encryption, JavaScript,
forms, annotations, page count) from the catalog and trailer
(:mod:`.document`), the page level from every painting operator the
content-stream reader (:mod:`layout.check.pdfread.paint`) yields, with its
graphics state and bounding box in default user space (:mod:`.paint_rules`).
Failures name page, object and value.

The shop's preflight stays the final gate; this one tells the designer what
to fix, with page, object and value, before the file leaves the building.
``layout preflight FILE.pdf`` runs it from the command line.
"""

from ..report import RuleResult
from .metadata import parse_pdf_date, parse_xmp_date, read_xmp
from .run import PreflightReport, preflight
from .settings import RULE_TITLES, RULES, PreflightSettings

__all__ = [
    "RULES",
    "RULE_TITLES",
    "PreflightReport",
    "PreflightSettings",
    "RuleResult",
    "parse_pdf_date",
    "parse_xmp_date",
    "preflight",
    "read_xmp",
]
