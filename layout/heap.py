"""Freed memory handed back to the system.

glibc keeps the heap memory a process frees for its own reuse, so a
process's size stays at its high-water mark.  A build that has just dropped
a large working set (jieba's dictionary once the text is set, the photo
stage's pixels) hands it back with :func:`trim`: the process then carries
less into its later stages, and the print worker forked next starts
smaller.  Where the C library has no ``malloc_trim`` (not glibc), nothing.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _malloc_trim() -> Any | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def trim() -> None:
    fn = _malloc_trim()
    if fn is not None:
        fn(0)
