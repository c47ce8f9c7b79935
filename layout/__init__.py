"""layout: a print-layout pipeline for Chinese community newsletters.

load (YAML → validated model) → text (normalise, compose lines) → layout
(pages, frames, masthead, 导读, QR, photos) → render (ReportLab) → print
(PDF/X labelling) → check (preflight, typography audit).
"""

__version__ = "0.1.0"
