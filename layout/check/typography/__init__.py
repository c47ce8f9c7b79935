"""The typography audit: a built PDF judged against the composition rules of
typesetting.md (clreq, GB/T 15834), from the PDF alone.

``layout check --typography PDF`` calls :func:`audit_pdf`.  The audit is the
composer's judge, so it does not import the composer (``layout.text.*``): it
judges by the character tables of :mod:`layout.facts.chars` and the address
break rules of :mod:`layout.facts.addresses` that the composer sets by (where it must judge differently, e.g. ％ only after a number, the
difference is a named set there), and everything is inferred from pdfplumber's character boxes (``page.chars``: ``x0``, ``x1``,
the baseline from the text matrix, ``size``, font name, fill colour).
pdfplumber's boxes are *advance* boxes: a compressed or line-end-trimmed
punctuation mark keeps its full 1-em box and is *positioned* half an em
earlier (its box overlaps the next one, or hangs ½ em past the frame edge).

Modules: :mod:`.read` (characters from the PDF), :mod:`.structure` (lines,
frames, blocks, paragraphs), :mod:`.addresses` (URLs and e-mails across a
paragraph's lines), :mod:`.lines` (K, P, S, J), :mod:`.blocks` (I, O, L, H),
:mod:`.listtable` (lists and tables), :mod:`.audit` (the entry point and the
report).

Lists and tables (:mod:`.listtable`, before the frames are inferred)
--------------------------------------------------------------------
* A 三线表 is found by its rules (thick, thinner, thick, one x-range); every
  run between its top and bottom rule is a cell, never a body line: K1/K2
  per cell line and J2 against the table's right edge.
* A list item is a body line starting with a number and its point or a
  bullet, the text after the mark at ``T``; the lines hung below it at ``T``
  (while the line above is full) and, for an item ending a column full, the
  head of the next column, are the item (a line that begins with a number
  and its point and runs on flush under the number is a paragraph's line,
  not an item).  Each item is judged as a paragraph
  of its own at ``T``: J1 (its lines start under its first and fill the
  column), J2–J4, O1, P, S and K3 inside it; no I1 (items have no indent).
  Consecutive items' marks must end at one x (J1: numbers right-aligned).

How the text structure is inferred, per page
---------------------------------------------
* ``em`` (the body size), the body font and the body colour are the most
  common size, font (subset prefix dropped) and fill colour of the audited
  pages' characters.  ``tol = max(0.3 pt, 0.03 em)``.
* Lines: upright characters are grouped into rows by baseline (± 0.5 pt) and
  size, and a row is cut into runs where the gap between two boxes exceeds
  ¾ of the size (and where a run reaches another column's left edge).  A run
  at the body size, mostly in the body colour, with a character in the body
  font and the rest in its family (bold emphasis) or ASCII, is a *body line*;
  every other run is an *other line* (headline, subhead, byline, caption,
  导读 entry, running head …) and gets only K1/K2.  Other lines of at least
  0.95 em in another font/colour, or larger than the body, are *headings* —
  except a 导读 entry's page reference set apart (``>>>P3``, ``P3``,
  ``第3版``), which is neither a heading nor wrapped display text.
* Frames: the left edges of body lines (lines starting with an opening mark
  are left out) are clustered; a cluster 2 em right of another one (of ≥ 2
  lines: a lone character of a spaced-out line is none) holds indented
  lines, not a frame.  A line belongs to the frame whose left edge
  ``L`` it starts at (``L``, ``L + 2 em``, or ``L − ½ em`` / ``L + 1½ em``
  for an opening mark that lost its blank); a line starting elsewhere inside
  a frame is a misaligned line of that frame (a run cut apart by a very wide
  gap is joined back to its line).
* Blocks: the lines of one left edge, top to bottom, split where the baseline
  gap exceeds 1.5 line pitches (pitch = the page's median baseline step).  A
  block's right frame edge ``R`` is the most common line end (≥ 2 lines agree,
  ≥ 3 lines in the block), else the width of a neighbour block of the same
  left edge, else the page's most common column width.  A line's *end* is
  the last box's ``x1`` — except for a closing mark (，。、：；！？”’）》…,
  class LEFT) whose end is its ``x0 + ½ em`` (its blank is trimmed) and for
  the middle dot, whose ½-em cell is centred on its narrow box.
* Paragraphs: a line starting 1–3 em in is a paragraph's first line.  The line
  before it is a paragraph's last line; so is a block's last line unless a
  following block continues it.  A block whose first line is *not* indented
  continues a paragraph from the foot of the column to its left (gutter
  ≤ 4 em): from that column's block level with it, followed down the column
  past subheads, photos (page images) and a one-line gap above an indented
  first line (vertical justification between two paragraphs), but not past
  a wider blank gap or a headline (another article) — provided the heading above the block, if any,
  spans that column too.  If that column's foot already flows elsewhere, the
  block continues the block above it in its own column across a photo.
  Inside a block, a short line (≥ 1 em short of ``R``) that ends in a
  sentence-final mark (。！？…”’）」』) and is followed by an unindented line
  is taken as a paragraph end whose successor lacks its indent (I1); a short
  line ending otherwise is a ragged line (J1).  A block without predecessor
  that starts flush lacks its indent (I1) — unless a （上接第M版） marker
  stands just above it.

What each rule checks (``tol`` as above, ``s`` = the line's added spacing, the
median Han–Han gap of the line)
------------------------------------------------------------------------
K1  no line (any text) starts with a START_FORBIDDEN character (the units
    ％‰℃℉°′″ only after a number at the end of the line before:
    AUDIT_START_FORBIDDEN).
K2  no line ends with an END_FORBIDDEN character.
K3  consecutive body lines (in a block, and across a continued column) do not
    split ——, ……, an ASCII word or number (letter/digit | letter/digit, or
    e.g. ``2.`` | ``0``; a run wider than ¾ of the column may break),
    a number from its ％‰℃ (AFTER_NUMBER), or ￥＄ (BEFORE_NUMBER) from their
    number.  An address (URL, e-mail; :mod:`.addresses`) is judged by the
    composer's own break rules (:mod:`layout.facts.addresses`): a line end
    inside it is legal only at one of its break points (then its ``.`` ``/``
    at the line start or ``//`` at the line end is no K1/K2 fault either).
P1  a body line that is not a paragraph's last line and ends with a closing
    mark: the mark's ink half ends at ``R`` ± tol; a box ending at ``R``
    (blank not trimmed, ink ½ em short) is a P1 violation.
P2  adjacent marks except opening→closing (e.g. 。” ，“ ）、 《《): the second
    box starts ½ em after the first (one blank compressed; pdfplumber's boxes
    are full advances, so the compressed distance is ½ em, not 1 em); a pair
    whose distance ``x0₂ − x0₁`` exceeds ½ em + s + tol is uncompressed (the
    uncompressed distance is 1 em).  A pair closer than its inks allow
    (closing→closing or opening→opening under ½ em, closing→opening under 0)
    is over-compressed.  Compression between ½ em and 0 for closing→opening
    (both blanks taken, as line compression 挤进 may) is accepted.
P3  body lines starting with an opening mark: all keep the mark's blank (box
    at ``L`` or ``L + 2 em``) or all lose it (box at ``L − ½ em`` or
    ``L + 1½ em``); the minority policy's lines are violations.
P4  “”‘’ next to a Han character have full-width (1 em ± tol) boxes.
P5  no ASCII , ; : ( ) ! ? with Han characters on both sides.
S1  Han ↔ ASCII letter/digit gaps in [⅛ em − tol, ½ em + tol]; a CJK mark ↔
    ASCII letter/digit gap at most s + tol; an ASCII letter/digit at a line
    edge that sits ⅛–½ em inside the frame edge (the space left at the edge).
J1  every body line that is not a paragraph's last line starts at ``L`` (or
    its indent) and ends at ``R`` ± tol (too short: "ragged"); every body line
    starts at ``L``, ``L + 2 em``, or within 1–3 em (then judged by I1).
J2  no body line's end past ``R + tol``.
J3  justified lines: Han–Han gaps equal (max − min ≤ tol) and, on a line
    of ≥ 4 gaps, at most 0.35 em + tol (a paragraph's first line before a
    number too wide to join it excepted); no space inside an ASCII word or
    inside ——/…… (gap ≤ tol); the characters of an address letter-spaced
    only evenly, by at most 0.35 em, and once the Han gaps hold 0.35 em.
J4  paragraphs' last lines set solid: every Han–Han gap 0 ± tol (a full,
    spaced line at the foot of a block that nothing continues is not judged:
    it goes on somewhere the audit cannot link, e.g. another page).
J5  every frame whose edge was measured is a whole number of em wide ± tol.
I1  a paragraph's first line starts at ``L + 2 em`` ± 0.03 em (an opening mark
    that lost its blank: ``L + 1½ em``); a missing indent (see Paragraphs,
    and a block after a heading or without predecessor starting flush) is a
    violation.
O1  a paragraph's last line holds ≥ 2 Han characters, or ≥ 2 em of Han and
    Latin text (a number or word counts by its width).  Also display text: a
    headline, subhead, 导读 entry or caption line that continues the line
    above it (same size, font and colour, 0.9–2.2 sizes lower, aligned) must
    not hold a single Han character (a vertical masthead, one character per
    line, is left alone).
O2  a paragraph continued from one column into the next leaves ≥ 2 of its
    lines at the foot of the first and ≥ 2 at the head of the second.
L1  inside a block every baseline step equals the block's pitch ± 0.1 pt; every
    block's baselines lie on the page's baseline grid (first baseline of the
    largest block + k·pitch) ± 0.1 pt (blocks of another pitch excepted).
L2  body line pitch / em in [1.5, 2.0] (per block of ≥ 2 lines).
H1  a subhead (a heading ≤ 1.3 em inside one frame) is followed in its frame
    by ≥ 2 body lines (or 1 that ends the article) within 4 pitches; a
    headline overlapping body frames has body text below it within 15 pitches.
H2  the gap between two body blocks of one frame with a heading between them
    is a whole number of pitches ± 0.05 (the heading occupies whole lines).

Not judged (counted nowhere, or as ``unjudged``): F1 (missing glyphs — the
build's job and preflight's R10); K3 across pages and columns not linked by
the continuation rule; O2 across pages; H2 for headlines above a page's first
blocks; J1's line end in blocks whose right edge could not be measured; a
Latin word split at a space, if the PDF holds no space glyph, is reported as
K3 (the PDF cannot tell a space from a gap).
"""

from .audit import MAX_LISTED, RULES, TITLES, AuditReport, audit_pdf
from .model import Violation

__all__ = ["MAX_LISTED", "RULES", "TITLES", "AuditReport", "Violation", "audit_pdf"]
