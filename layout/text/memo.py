"""Paragraphs composed once per process: :func:`compose` with a memo.

Composition is a pure function of the runs (text and style), the
paragraph's settings (measure included) and the fonts, so a paragraph whose
text, style and measure did not change is not composed again — what makes
``layout watch`` rebuild after a one-paragraph edit in the time of that
paragraph.  The memo keeps the most recently used paragraphs (a bound, not a
design number: a few issues' worth).
"""

from __future__ import annotations

from collections import OrderedDict

from .compose import Line, ParaSpec, Run
from .compose import compose as compose_afresh

LIMIT = 50_000  # paragraphs and display texts kept
_memo: OrderedDict[tuple, tuple[Line, ...]] = OrderedDict()
stats = {"hits": 0, "misses": 0}


def compose(runs: list[Run], spec: ParaSpec, fonts) -> list[Line]:
    key = (tuple(runs), spec, fonts)  # the FontSet by identity (kept alive by the key)
    found = _memo.get(key)
    if found is not None:
        _memo.move_to_end(key)
        stats["hits"] += 1
        return list(found)
    stats["misses"] += 1
    lines = compose_afresh(runs, spec, fonts)
    _memo[key] = tuple(lines)
    if len(_memo) > LIMIT:
        _memo.popitem(last=False)
    return lines


def clear() -> None:
    """Forget every composed paragraph (a new theme's fonts, a test's fresh start)."""
    _memo.clear()
