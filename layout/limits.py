"""The documented limits of the input (README, "Limits").

Every limit is checked before the work it protects (a file's size before it
is read, a page count before any page is laid out), so that any input, valid
or hostile, is answered within seconds and a few hundred MB.  They are far
above what a newsletter needs: the sample issue has 8 pages, 35 articles and
28,000 characters of body text.
"""

from __future__ import annotations

# --- files
MAX_FILE_BYTES = 2_000_000  # any YAML or Markdown input file
MAX_NESTING = 32  # YAML mappings and lists inside each other
MAX_ISSUE_NAME_BYTES = 64  # the issue folder's name (UTF-8), part of every output name
MAX_PROFILE_BYTES = 50_000_000  # an ICC output profile a theme names (ISO Coated v2 is 2 MB)

# --- the issue
MAX_PAGES = 64  # 'pages:' and every article's 'page:'
MAX_ARTICLES = 200
MAX_ISSUE_TEXT_CHARS = 120_000  # body text of all articles together (~32 tabloid pages; 4× the sample)
MAX_DISPLAY_CHARS = 200  # one display text: kicker, title, subtitle, byline, toc, caption, credit, QR lines …
MAX_PUBLICATION_TITLE_CHARS = 40  # the masthead title, part of every output file name
MAX_NUMBER = 9999  # 'number:' (期号 in its year)
MAX_SERIAL = 999_999  # 'serial:' (总第N期)

# --- photos
MAX_IMAGE_PIXELS = 50_000_000  # one photo (a 50-megapixel camera); an A3 page at 300 ppi is 17 MP
MAX_ISSUE_IMAGE_PIXELS = 400_000_000  # all photos of an issue together

# --- the command line
DPI_RANGE = (10, 300)  # --dpi of the page previews
# SOURCE_DATE_EPOCH: seconds since 1970-01-01 UTC up to 9999-12-31 23:59:59 UTC
# (a PDF date has a four-digit year)
SOURCE_DATE_EPOCH_RANGE = (0, 253_402_300_799)

# --- PDFs given to 'layout check --typography' and 'layout preflight'
MAX_PDF_PAGES = 80  # an issue's pages plus the blank pages of the print signature
MAX_PDF_BYTES = 1_000_000_000
MAX_PDF_STREAM_BYTES = 50_000_000  # one stream, decompressed (a "zip bomb" is refused)
