"""The preflight's entry point: open the PDF, judge the document-level
rules, stream the pages' paint events through the page-level rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pikepdf

from layout.facts.printing import PDFX_VERSIONS

from ..pdfread.events import PageContent, PageEnd
from ..pdfread.objects import text_of
from ..pdfread.paint import paint_events
from ..report import Findings, Report, RuleResult
from .document import (
    check_boxes,
    check_r1,
    check_r2,
    check_r12,
    check_r13,
    check_r14,
    document_xmp,
    info_dict,
)
from .pagememo import PageVerdicts

if TYPE_CHECKING:
    from ..pdfread.pagehash import Plain
from .paint_rules import PaintRules
from .settings import RULE_TITLES, RULES, PreflightSettings
from .tally import PageTally


@dataclass
class PreflightReport(Report):
    path: Path
    results: list[RuleResult]
    page_hashes: list[str] = field(default_factory=list)  # with ``hash_pages``: the file's page hashes
    name = "preflight"


def _report(path: Path, rules: dict[str, Findings], hashes: list[str] | None = None) -> PreflightReport:
    return PreflightReport(path, [rules[k].result() for k in RULES], hashes or [])


def preflight(path: Path, settings: PreflightSettings | None = None,
              known_ink: Mapping[str, float] | None = None, page_keys: list[str] | None = None,
              context: str = "", *, hash_pages: bool = False) -> PreflightReport:
    """Check ``path`` against R1–R14 and return the report (never raises for
    a bad PDF: an unreadable file fails every rule with the reason).

    ``known_ink``: the highest total ink of CMYK JPEG streams the caller
    decoded already (the build, of the photos it converted), by the SHA-256
    of the stream's bytes; those streams are not decoded again.
    ``page_keys``: the file's page hashes, if the caller has them: a clean
    page judged before is not read again (:mod:`.pagememo`; ``context``:
    what else its verdict depends on, e.g. the font files).  ``hash_pages``:
    the page keys are the page hashes
    (:func:`layout.check.pdfread.pagehash.page_hashes`, kept in the user's
    cache folder as it keeps them), found in the same pass, each page's
    content stream parsed once for its hash and its paint; the report gives
    them (``page_hashes``)."""
    path = Path(path)
    settings = settings or PreflightSettings()
    rules = {k: Findings(k, RULE_TITLES[k]) for k in RULES}
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        rules["R13"].fail("the file is encrypted with a password")
        for k in RULES:
            if k != "R13":
                rules[k].fail("not checked: the file is encrypted")
        return _report(path, rules)
    except Exception as exc:
        for k in RULES:
            rules[k].fail(f"the file cannot be read as PDF: {exc}")
        return _report(path, rules)

    with pdf:
        xmp, xmp_error = document_xmp(pdf)
        info = info_dict(pdf)
        claimed = None
        if info is not None and "/GTS_PDFXVersion" in info:
            claimed = text_of(info.get("/GTS_PDFXVersion"))
        elif xmp:
            claimed = xmp.get("pdfxid:GTS_PDFXVersion")
        effective = settings.standard or (claimed if claimed in PDFX_VERSIONS else None)
        # the pages are judged by the standard the file claims when none is required
        page_settings = settings if settings.standard or not effective else replace(settings, standard=effective)

        check_r1(pdf, path, settings, rules["R1"], xmp)
        check_r2(pdf, settings, rules["R2"], claimed)
        check_boxes(pdf, settings, rules["R3"], rules["R4"])
        check_r12(pdf, rules["R12"], xmp, xmp_error)
        check_r13(pdf, rules["R13"])

        judge = PaintRules(page_settings, rules, known_ink)
        memo = None
        hashes: list[str] = []
        parse = None
        if hash_pages:
            memo = PageVerdicts([], page_settings, context)
            parse = _HashingPages(pdf, memo, hashes)
        elif page_keys is not None and len(page_keys) == len(pdf.pages):
            memo = PageVerdicts(page_keys, page_settings, context)
        _judge_pages(pdf, judge, rules, memo, parse)
        judge.conclude()
        check_r14(len(pdf.pages), settings, rules["R14"])
    if hash_pages:
        from ..pdfread.pagehash import flush

        flush()
    return _report(path, rules, hashes)


class _HashingPages:
    """Each page's hash found just before its paint is read (the verdicts'
    key), and the content stream the hash parsed handed to the reader."""

    def __init__(self, pdf: pikepdf.Pdf, memo: PageVerdicts, hashes: list[str]) -> None:
        from ..pdfread.pagehash import PageHasher

        self.pdf, self.memo, self.hashes = pdf, memo, hashes
        self.hasher = PageHasher()
        self.parsed: dict[int, tuple[Any, Plain | None]] = {}

    def skip(self, number: int) -> bool:
        self.parsed.clear()
        self.hashes.append(self.hasher.page(self.pdf.pages[number - 1]))
        if self.hasher.parsed is not None:
            self.parsed[number] = (self.hasher.parsed, self.hasher.plain)
        self.memo.add_key(number, self.hashes[-1])
        return self.memo.known(number) is not None

    def __call__(self, number: int, page: pikepdf.Page) -> tuple[Any, Plain | None]:
        found = self.parsed.pop(number, None)
        return found if found is not None else (pikepdf.parse_content_stream(page), None)


def _judge_pages(pdf: pikepdf.Pdf, judge: PaintRules, rules: dict[str, Findings], memo: PageVerdicts | None,
                 parse: _HashingPages | None = None) -> None:
    """Every page's paint events through the page-level rules; a page the
    memo knows is counted in from it, a clean page read now is kept."""
    before: PageTally | None = None  # the tally of the pages before the one being read
    found = 0
    skip: Callable[[int], bool] | None = None
    if parse is not None:
        skip = parse.skip
    elif memo is not None:
        skip = lambda n: memo.known(n) is not None
    for event in paint_events(pdf, skip=skip, parse=parse):
        judge.judge(event)
        if memo is None:
            continue
        if isinstance(event, PageContent):
            if event.skipped:
                kept = memo.known(event.number)
                assert kept is not None
                judge.add_tally(kept)
            else:
                before, found = judge.restart_tally(), _findings(rules)
        elif isinstance(event, PageEnd) and before is not None:
            page = judge.tally()
            judge.restart_tally()
            judge.add_tally(before)
            judge.add_tally(page)
            before = None
            if event.declared == 0 and _findings(rules) == found:
                memo.keep(event.number, page)
    if memo is not None:
        memo.flush()


def _findings(rules: dict[str, Findings]) -> int:
    """How many findings (failures and warnings, repeats counted) the rules have."""
    return sum(n for f in rules.values() for store in (f.fails, f.warns) for _, n in store.values())
