"""ReportLab's private API, used from here only.

ReportLab has no public way to ask whether a font is registered without a
search through every Type 1 metrics file on the machine, nor to write raw
content-stream operators or reach the document a canvas subsets fonts
into.  Every such reach into its internals is one function here, so a
ReportLab upgrade that moves them breaks in one place.
"""

from __future__ import annotations

from typing import Any


def registered_font(name: str) -> Any | None:
    """The font registered under ``name``, or None (no search on disk)."""
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics._fonts.get(name)


def canvas_document(canvas: Any) -> Any:
    """The PDF document behind a canvas (font subsets are kept per document)."""
    return canvas._doc


def escape(canvas: Any, data: bytes) -> str:
    """``data`` as the inside of a PDF string literal, as the canvas writes it."""
    return canvas._escape(data)


def append_operators(canvas: Any, ops: str) -> None:
    """Write content-stream operators into the current page as they are."""
    canvas._code.append(ops)
