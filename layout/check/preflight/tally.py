"""What the page-level rules count and measure (:class:`Tally`), page by
page: a page's tally is kept with its verdict (:mod:`.pagememo`) and counted
in again when the page is drawn as before."""

from __future__ import annotations

from dataclasses import dataclass

PageTally = tuple[int, int, int, int, float, float | None, int, float | None, float | None]
"""paths, text runs, black text runs, mark strokes, highest vector ink, nearest text to the trim, image
placements, lowest ppi, highest image ink"""


def lowest(a: float | None, b: float | None) -> float | None:
    """The lower of two measures, either of which may be missing."""
    return b if a is None else (a if b is None else min(a, b))


@dataclass
class _ImageStats:
    count: int = 0
    lowest_ppi: float | None = None
    max_ink: float | None = None


class Tally:
    """The counters of :class:`~.paint_rules.PaintRules`."""

    def __init__(self) -> None:
        self.images = _ImageStats()
        self.marks = 0
        self.text_runs = 0
        self.black_runs = 0
        self.paints = 0
        self.max_ink_seen = 0.0
        self.lowest_text_gap: float | None = None

    def tally(self) -> PageTally:
        """What the page-level rules counted and measured so far."""
        i = self.images
        return (self.paints, self.text_runs, self.black_runs, self.marks, self.max_ink_seen, self.lowest_text_gap,
                i.count, i.lowest_ppi, i.max_ink)

    def restart_tally(self) -> PageTally:
        """The tally so far, and a fresh one begun (for one page's content)."""
        before = self.tally()
        self.paints = self.text_runs = self.black_runs = self.marks = 0
        self.max_ink_seen = 0.0
        self.lowest_text_gap = None
        self.images = _ImageStats()
        return before

    def add_tally(self, t: PageTally) -> None:
        """Count in a page's tally (one read now, or kept from an earlier
        read of the same page): sums, highest and lowest values, as the
        events themselves would have counted."""
        paints, text_runs, black_runs, marks, max_ink, gap, count, ppi, img_ink = t
        self.paints += paints
        self.text_runs += text_runs
        self.black_runs += black_runs
        self.marks += marks
        self.max_ink_seen = max(self.max_ink_seen, max_ink)
        self.lowest_text_gap = lowest(self.lowest_text_gap, gap)
        i = self.images
        i.count += count
        i.lowest_ppi = lowest(i.lowest_ppi, ppi)
        i.max_ink = img_ink if i.max_ink is None else (i.max_ink if img_ink is None else max(i.max_ink, img_ink))
