"""The build report: what was laid out where, photos (placed size, crop,
resolution), the white holes of each page, pages with room left, the QR
code, the punctuation normalised, warnings and the preflight — one typed
object, written to ``report.json`` and ``report.txt`` here and nowhere else."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .copyfit import PhotoLike, results_of
from .errors import Diagnostic
from .facts.units import MM
from .model.document import Issue
from .model.grid import Grid
from .pages.display import Picture, QRCode
from .pages.paginate import Layout
from .pages.photos import effective_ppi


@dataclass(frozen=True)
class PhotoEntry:
    page: int
    file: str
    ppi: float  # of the original at its placed size (the print file embeds at most images.max_ppi)
    pixels: tuple[int, int]  # of the image embedded
    columns: int = 0
    size_mm: tuple[float, float] = (0.0, 0.0)  # width, height as placed
    crop: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # % cut off the left, top, right, bottom
    note: str = ""  # how the make-up placed it, when not as asked: "scaled, not cropped", "narrowed for its resolution"


def placed_photos(pages: list[Any], issue: Issue, grid: Grid, prepared: Mapping[tuple[int, str], Any],
                  engine: Sequence[PhotoLike] = ()) -> tuple[PhotoEntry, ...]:
    """Every photo as placed on the pages (the display list: what is
    printed), with the render stage's prepared image (``prepared``: (page,
    label) → its pixels) and what the make-up says of it (``engine``)."""
    notes: dict[tuple[int, str], str] = {}
    for ph in engine:
        said = [text for flag, text in ((ph.scaled, "scaled, not cropped"), (ph.narrowed, "narrowed for its resolution")) if flag]
        notes[(ph.page, ph.file)] = ", ".join(said)
    pixel_size = {img.path: img.pixel_size for a in issue.articles for img in a.images}
    out = []
    for page in pages:
        for item in page.items:
            if not isinstance(item, Picture):
                continue
            left, top, right, bottom = item.crop
            cut = (round(100 * left, 1), round(100 * top, 1), round(100 * (1 - right), 1), round(100 * (1 - bottom), 1))
            columns = max(1, round((item.w + grid.gutter) / (grid.col_w + grid.gutter)))
            ppi = effective_ppi(pixel_size[item.source], item.crop, item.w, item.h) if item.source in pixel_size else 0.0
            done = prepared.get((page.number, item.label))
            pixels = (int(done.pixels[0]), int(done.pixels[1])) if done is not None else (0, 0)
            out.append(PhotoEntry(page.number, item.label, round(ppi, 1), pixels, columns,
                                  (round(item.w / MM, 1), round(item.h / MM, 1)), cut, notes.get((page.number, item.label), "")))
    return tuple(out)


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
    pieces: Mapping[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)  # article id → (page, lines) per piece
    holes: tuple[float, ...] = ()  # per page: the share of the type area left white (layout/check/whitespace.py)

    def to_dict(self) -> dict[str, Any]:
        """The document report.json holds."""
        return {
            "issue": self.issue,
            "pages": self.pages,
            "articles": {aid: {"page": page, "lines": lines,
                               "pieces": [{"page": pp, "lines": pl} for pp, pl in self.pieces.get(aid, ((page, lines),))]}
                         for aid, (page, lines) in self.articles.items()},
            "toc": dict(self.toc),
            "photos": [{"page": p.page, "file": p.file, "ppi": p.ppi, "pixels": list(p.pixels), "columns": p.columns,
                        "size_mm": list(p.size_mm), "crop_pct": dict(zip(("left", "top", "right", "bottom"), p.crop, strict=True)),
                        "note": p.note}
                       for p in self.photos],
            "holes": [{"page": n, "holes": h} for n, h in enumerate(self.holes, 1)],

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
            pieces = self.pieces.get(aid, ())
            jumps = "".join(f" → p{pp} ({pl} lines)" for pp, pl in pieces[1:])
            first = pieces[0][1] if len(pieces) > 1 else count
            lines.append(f"  p{page}  {aid}  ({first} lines){jumps}")
        if self.toc:
            lines.append("导读 references: " + ", ".join(f"{k} → P{v}" for k, v in self.toc.items()))
        if self.qr:
            lines.append(f"QR: {self.qr.data} ({self.qr.size_mm} mm)")
        if self.photos:
            lines.append("photos (placed size; crop off left, top, right, bottom; resolution):")
        for p in self.photos:
            crop = " ".join(f"{v:g}" for v in p.crop)
            lines.append(f"  p{p.page} {p.file}: {p.columns} col, {p.size_mm[0]:g} × {p.size_mm[1]:g} mm; "
                         f"crop {crop} %; {p.ppi:g} ppi" + (f" ({p.note})" if p.note else ""))
        if self.holes:
            lines.append("white holes (share of the type area):")
            lines.extend(f"  page {n}: holes {100 * h:.1f} %" for n, h in enumerate(self.holes, 1))

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


def make_report(issue: Issue, layout: Layout, grid: Grid, photos: Mapping[tuple[int, str], Any], warnings: list[Diagnostic],
                preflight: Any, date: str, *, holes: tuple[float, ...] = ()) -> Report:
    """``photos``: (page, label) → the render stage's prepared photo
    (pixels); ``preflight``: the preflight's report, None for a draft;
    ``holes``: the white holes per page of the proof."""
    qr = None
    for item in layout.pages[0].items:
        if isinstance(item, QRCode):
            qr = QrEntry(item.data, round(item.module * item.size / MM, 2), item.size)
    pieces: dict[str, list[tuple[int, int]]] = {}
    for page in layout.pages:
        for pl in page.placements:
            pieces.setdefault(pl.id, []).append((pl.page, pl.lines))
    return Report(
        issue=issue.slug,
        pages=len(layout.pages),
        articles={aid: (ps[0][0], sum(n for _, n in ps)) for aid, ps in pieces.items()},
        toc=dict(layout.toc),
        photos=placed_photos(layout.pages, issue, grid, photos, results_of(layout).photos),
        qr=qr,
        normalised=tuple(Change(f"{c.file}:{c.line}:{c.col}", c.before, c.after) for c in issue.changes),
        warnings=tuple(str(_relative(w, issue.dir.parent)) for w in warnings),
        preflight=_named_by_file(preflight.to_dict()) if preflight is not None else {},
        preflight_text=preflight.format() if preflight is not None else "preflight: not run (a draft has no print file)",
        date=date,
        pieces={aid: tuple(ps) for aid, ps in pieces.items() if len(ps) > 1},
        holes=holes,
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
