"""The build report: what was laid out where, photos, the QR code, the
punctuation normalised, warnings and the preflight — one typed object,
written to ``report.json`` and ``report.txt`` here and nowhere else."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import Diagnostic
from .facts.units import MM
from .model.document import Issue
from .pages.display import QRCode
from .pages.paginate import Layout


@dataclass(frozen=True)
class PhotoEntry:
    page: int
    file: str
    ppi: float
    pixels: tuple[int, int]


@dataclass(frozen=True)
class QrEntry:
    data: str
    size_mm: float
    modules: int


@dataclass(frozen=True)
class Change:
    where: str
    before: str
    after: str


@dataclass(frozen=True)
class Report:
    issue: str
    pages: int
    articles: Mapping[str, tuple[int, int]]  # article id → (page, lines)
    toc: Mapping[str, int]
    photos: tuple[PhotoEntry, ...]
    qr: QrEntry | None
    normalised: tuple[Change, ...]
    warnings: tuple[str, ...]
    preflight: Mapping[str, Any]  # the preflight's own report, as its to_dict()
    preflight_text: str
    date: str

    def to_dict(self) -> dict[str, Any]:
        """The document report.json holds."""
        return {
            "issue": self.issue,
            "pages": self.pages,
            "articles": {aid: {"page": page, "lines": lines} for aid, (page, lines) in self.articles.items()},
            "toc": dict(self.toc),
            "photos": [{"page": p.page, "file": p.file, "ppi": p.ppi, "pixels": list(p.pixels)} for p in self.photos],
            "qr": None if self.qr is None else {"data": self.qr.data, "size_mm": self.qr.size_mm, "modules": self.qr.modules},
            "normalised": [{"where": c.where, "before": c.before, "after": c.after} for c in self.normalised],
            "warnings": list(self.warnings),
            "preflight": dict(self.preflight),
            "date": self.date,
        }

    def __getitem__(self, key: str) -> Any:
        """Read like report.json: ``report["qr"]``."""
        return self.to_dict()[key]

    def format(self) -> str:
        """report.txt."""
        lines = [f"issue {self.issue}: {self.pages} pages", ""]
        lines.append("pages:")
        for aid, (page, count) in self.articles.items():
            lines.append(f"  p{page}  {aid}  ({count} lines)")
        if self.toc:
            lines.append("导读 references: " + ", ".join(f"{k} → P{v}" for k, v in self.toc.items()))
        if self.qr:
            lines.append(f"QR: {self.qr.data} ({self.qr.size_mm} mm)")
        for p in self.photos:
            lines.append(f"photo p{p.page} {p.file}: {p.ppi} ppi")
        if self.normalised:
            lines.append("punctuation normalised:")
            lines.extend(f"  {c.where}: {c.before} → {c.after}" for c in self.normalised)
        if self.warnings:
            lines.append("warnings:")
            lines.extend(f"  {w}" for w in self.warnings)
        lines.append("")
        lines.append(self.preflight_text)
        return "\n".join(lines) + "\n"

    def write(self, folder: Path) -> list[Path]:
        """report.json and report.txt in ``folder``."""
        as_json = folder / "report.json"
        as_text = folder / "report.txt"
        as_json.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        as_text.write_text(self.format(), encoding="utf-8")
        return [as_json, as_text]


def make_report(issue: Issue, layout: Layout, photos: Mapping[tuple[int, str], Any], warnings: list[Diagnostic],
                preflight: Any, date: str) -> Report:
    """``photos``: (page, label) → the render stage's prepared photo (ppi,
    pixels); ``preflight``: the preflight's report."""
    qr = None
    for item in layout.pages[0].items:
        if isinstance(item, QRCode):
            qr = QrEntry(item.data, round(item.module * item.size / MM, 2), item.size)
    return Report(
        issue=issue.slug,
        pages=len(layout.pages),
        articles={pl.id: (pl.page, pl.lines) for page in layout.pages for pl in page.placements},
        toc=dict(layout.toc),
        photos=tuple(PhotoEntry(page, label, round(p.ppi, 1), tuple(p.pixels)) for (page, label), p in sorted(photos.items())),
        qr=qr,
        normalised=tuple(Change(f"{c.file}:{c.line}:{c.col}", c.before, c.after) for c in issue.changes),
        warnings=tuple(str(_relative(w, issue.dir.parent)) for w in warnings),
        preflight=_named_by_file(preflight.to_dict()),
        preflight_text=preflight.format(),
        date=date,
    )


def _named_by_file(checks: dict[str, Any]) -> dict[str, Any]:
    """The preflight's report with the checked file named without its
    folder (the build's temporary folder): report.json is the same for every
    build of the same inputs."""
    if "path" in checks:
        checks = {**checks, "path": Path(str(checks["path"])).name}
    return checks


def _relative(diagnostic: Diagnostic, root: Path) -> Diagnostic:
    """A warning about a file of the issue named relative to the issues
    folder, not to wherever the build ran."""
    try:
        name = Path(diagnostic.file).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return diagnostic
    return replace(diagnostic, file=name)
