"""The white-hole measure of issue 8, item 3: what "a white hole" means.

A page is rendered at ``HOLES_DPI``; a pixel darker than ``INK_BELOW`` (of
255) is ink; ink is grown by ``GROW_PT`` in every direction, so line gaps,
gutters and indents close up; the type area is the bounding box of ink over
all pages of the issue less its top ``HEAD_BAND`` (the running head).  A
page's holes are the share of the type area left white.  Pages whose
content is at least ``FULL_SHARE`` of what they hold should have at most
``HOLES_BOUND`` of holes; a page below ``FULL_SHARE`` is under-filled, which
only more content can mend.
"""

HOLES_DPI = 36.0
INK_BELOW = 235
GROW_PT = 12.0
HEAD_BAND = 0.04
HOLES_BOUND = 0.10
FULL_SHARE = 0.80

PHOTO_ASPECT = 1.5
"""Width over height of the photo the copyfit advice measures room in
("room for a 3-column photo"): 3:2, the shape of a camera's frame."""
