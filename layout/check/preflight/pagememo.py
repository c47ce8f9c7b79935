"""The page-level verdicts kept between preflights of the same pages.

A rebuild after an edit, or ``layout watch``, preflights a print file whose
pages are mostly drawn as before.  The caller gives each page's hash
(:func:`layout.check.pdfread.pagehash.page_hashes`: its boxes, its content
and every resource the content uses, each by content); a page whose hash
was judged before, under the same settings and by the same code, is not
read again: its tally (paths, text runs, inks, the nearest text to the
trim, image placements …) is counted in as it was.

Only a clean page is kept: one whose content raised no finding at all and
read no resource dictionary of its own with declarations (a form's fonts
or graphics states are reported once a file, so such a page's events
depend on the pages before it).  A page with a finding is read every time,
so the report's wording (page numbers, counts) is the one a full read
gives.  The document-level rules, the fonts and graphics states in each
page's own resources, run every time.

The kept verdicts live in this process and in the user's cache folder
(Store ``preflight``), bounded, by their key; the cache is never needed
for a correct result (``--no-cache`` reads every page).
"""

from __future__ import annotations

import hashlib
import marshal
from collections import OrderedDict
from pathlib import Path

import pikepdf

from .settings import PreflightSettings
from .tally import PageTally

MEMO_PAGES = 2048  # per settings and code: a few issues' pages

_MEMO: dict[str, OrderedDict[str, PageTally]] = {}  # store name → page key → tally
_CODE: list[str] = []


def _code_digest() -> str:
    """This preflight's code and the content reader's, and pikepdf's version:
    a verdict kept by other code is never used."""
    if not _CODE:
        here = Path(__file__).resolve().parent
        digest = hashlib.sha256(pikepdf.__version__.encode())
        for folder in (here, here.parent / "pdfread"):
            for path in sorted(folder.glob("*.py")):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        digest.update((here.parent / "report.py").read_bytes())
        _CODE.append(digest.hexdigest())
    return _CODE[0]


class PageVerdicts:
    """The kept tallies of one preflight's pages (``page_keys``: page
    hashes, in page order; ``context``: anything else the caller knows the
    verdicts depend on)."""

    def __init__(self, page_keys: list[str], settings: PreflightSettings, context: str = "") -> None:
        from ...usercache import Store, user_cache_dir

        self.store = Store.user("preflight")
        self.off = self.store is None and user_cache_dir() is not None  # inside stores_off(): every page read
        head = f"{_code_digest()}\n{settings!r}\n{context}"
        self.name = "verdicts-" + hashlib.sha256(head.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        self.keys: dict[int, str] = {}
        for n, k in enumerate(page_keys, 1):
            self.add_key(n, k)
        self.added: list[str] = []
        if self.name not in _MEMO:
            _MEMO[self.name] = OrderedDict(self._read())
        self.memo = _MEMO[self.name]

    def _read(self) -> dict[str, PageTally]:
        blob = self.store.get(self.name) if self.store is not None else None
        if blob is None:
            return {}
        try:
            data = marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            return {}
        return {k: tuple(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def add_key(self, number: int, page_key: str) -> None:
        """Page ``number``'s hash, given as it is found (the preflight hashing the pages it reads)."""
        self.keys[number] = hashlib.sha256(f"{self.name} {page_key}".encode()).hexdigest()[:40]

    def known(self, number: int) -> PageTally | None:
        key = None if self.off else self.keys.get(number)
        found = self.memo.get(key) if key is not None else None
        if found is not None and key is not None:
            self.memo.move_to_end(key)
        return found

    def keep(self, number: int, tally: PageTally) -> None:
        key = None if self.off else self.keys.get(number)
        if key is None:
            return
        self.memo[key] = tally
        self.added.append(key)
        while len(self.memo) > MEMO_PAGES:
            self.memo.popitem(last=False)

    def flush(self) -> None:
        """Write the verdicts found afresh to the user's cache folder (merged
        with what another process wrote meanwhile)."""
        if not self.added or self.store is None:
            return
        merged = self._read()
        for key in self.added:
            if key in self.memo:
                merged.pop(key, None)
                merged[key] = self.memo[key]
        self.added.clear()
        self.store.put(self.name, marshal.dumps(dict(list(merged.items())[-MEMO_PAGES:])))
