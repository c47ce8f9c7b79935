"""The pipeline: load → text → layout → render → print → check.

``build_issue`` runs every stage and writes the outputs of one issue
atomically: everything is made in a temporary folder beside the outputs and
moved into place only when every stage (the preflight included) passed, so
a failed build leaves the previous PDFs untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .digest import sha256_file
from .document import Issue
from .errors import BuildError, Diagnostic, InputError, display_path
from .fonts.faces import FontSet
from .load.loader import Loaded, load_issue
from .load.theme import FACE_FIELDS, Theme, ThemeSource
from .pages.display import Picture, QRCode
from .pages.grid import Grid, make_grid
from .pages.paginate import Layout, paginate
from .text.coverage import check_coverage

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@dataclass
class Checked:
    """An issue that passed every input check and has been laid out."""

    loaded: Loaded
    fonts: FontSet
    grid: Grid
    layout: Layout
    warnings: list[Diagnostic] = field(default_factory=list)


def build_date(issue: Issue) -> dt.datetime:
    """The date written into the PDFs: ``SOURCE_DATE_EPOCH`` when set (the
    reproducible-builds convention), else the issue's date at 00:00 Shanghai."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except ValueError:
            raise InputError(Diagnostic("SOURCE_DATE_EPOCH", None, None, f"'{epoch}' is not a whole number of seconds")) from None
    return dt.datetime.combine(issue.date, dt.time(0, 0), tzinfo=SHANGHAI)


def check_theme_fonts(theme: Theme, source: ThemeSource, fonts: FontSet) -> None:
    errors: list[Diagnostic] = []
    for loc in FACE_FIELDS:
        key = getattr(getattr(theme, str(loc[0])), str(loc[1]))
        if key not in fonts:
            errors.append(source.doc_for(loc).diag(loc, f"no font '{key}'; the fonts are {', '.join(fonts.keys)}"))
    if theme.body.latin_font is not None and theme.body.latin_font not in fonts:
        loc = ("body", "latin_font")
        errors.append(source.doc_for(loc).diag(loc, f"no font '{theme.body.latin_font}'; the fonts are {', '.join(fonts.keys)}"))
    for i, key in enumerate(theme.fonts.fallback):
        if key not in fonts:
            loc = ("fonts", "fallback", i)
            errors.append(source.doc_for(loc).diag(loc, f"no font '{key}'; the fonts are {', '.join(fonts.keys)}"))
    if errors:
        raise InputError(errors)


def prepare_issue(issue_dir: Path, fonts: FontSet | None = None) -> Checked:
    """Every check that needs no output: load, fonts, glyph coverage, layout."""
    loaded = load_issue(issue_dir)
    fonts = fonts or FontSet()
    check_theme_fonts(loaded.theme, loaded.theme_source, fonts)
    fallbacks = check_coverage(loaded.issue, loaded.theme, fonts)
    grid = make_grid(loaded.theme, loaded.theme_source)
    layout = paginate(loaded.issue, loaded.theme, grid, fonts)
    warnings = fallbacks + list(layout.warnings)
    warnings.extend(_photo_checks(loaded, layout))
    return Checked(loaded, fonts, grid, layout, warnings)


def _photo_checks(loaded: Loaded, layout: Layout) -> list[Diagnostic]:
    from .render.photos import effective_ppi

    theme = loaded.theme
    warnings: list[Diagnostic] = []
    errors: list[Diagnostic] = []
    images = {img.path: img for a in loaded.issue.articles for img in a.images}
    for page in layout.pages:
        for item in page.items:
            if not isinstance(item, Picture):
                continue
            img = images[item.source]
            ppi = effective_ppi(img.pixel_size, item.crop, item.w, item.h)
            where = img.file.origin
            line, col = where.locate(0)
            if ppi < theme.images.ppi_fail:
                errors.append(Diagnostic(where.file, line, col,
                                         f"photo '{img.file.value}' is {ppi:.0f} ppi at its printed size on page {page.number} "
                                         f"(at least {theme.images.ppi_fail:g} needed, {theme.images.ppi_warn:g} wanted); use a larger original or fewer columns"))
            elif ppi < theme.images.ppi_warn:
                warnings.append(Diagnostic(where.file, line, col,
                                           f"photo '{img.file.value}' is {ppi:.0f} ppi at its printed size on page {page.number}; "
                                           f"{theme.images.ppi_warn:g} ppi is wanted for print", "warning"))
    if errors:
        raise BuildError(errors)
    return warnings


def output_stem(issue: Issue) -> str:
    title = issue.publication.title.value
    safe = "".join(ch for ch in title if ch not in '/\\:*?"<>|' and ch.isprintable()).strip() or "issue"
    return f"{safe}-{issue.slug}"


@dataclass
class BuildResult:
    out_dir: Path
    files: list[Path]
    warnings: list[Diagnostic]
    report: dict


def build_issue(issue_dir: Path, out_root: Path, *, previews: bool = True, dpi: int = 100) -> BuildResult:
    from .check.preflight import PreflightSettings, preflight
    from .pdfx.label import OutputCondition, label_pdfx
    from .pdfx.proof import finish_proof
    from .render.pdf import PROOF, DocInfo, Renderer, print_sheet
    from .render.photos import PhotoPrep
    from .render.preview import render_previews

    checked = prepare_issue(issue_dir)
    loaded, layout, fonts = checked.loaded, checked.layout, checked.fonts
    issue, theme = loaded.issue, loaded.theme
    out_dir = out_root / issue.slug
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = output_stem(issue)
    created = build_date(issue)
    grid = checked.grid
    title = f"{issue.publication.title.value} {issue.date.year}年第{issue.number}期"
    info = DocInfo(title=title, author=issue.publication.publisher.value,
                   subject=f"{issue.publication.title.value} {issue.slug}", creator=f"layout {__version__}")
    warnings = list(checked.warnings)
    profile = _profile_path(theme, loaded.theme_source)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=out_dir) as tmpname:
        tmp = Path(tmpname)
        photos = PhotoPrep(out_root / ".cache" / "photos", profile or _default_profile())
        renderer = Renderer(theme, fonts, photos, grid.width, grid.height)
        # proof: trim size
        raw_proof = tmp / "proof-raw.pdf"
        renderer.render(layout.pages, raw_proof, PROOF, info)
        proof = tmp / f"{stem}-proof.pdf"
        finish_proof(raw_proof, proof, title=title, created=created, author=info.author, subject=info.subject, creator=info.creator)
        # print: bleed, marks, page count a multiple of the signature
        print_pages = list(layout.pages)
        multiple = theme.print.page_multiple
        if len(print_pages) % multiple:
            from .pages.display import Page

            extra = multiple - len(print_pages) % multiple
            first = len(print_pages) + 1
            which = f"page {first}" if extra == 1 else f"pages {first}–{first + extra - 1}"
            warnings.append(Diagnostic(display_path(issue.path), None, None,
                                       f"the issue has {len(print_pages)} pages; the print file gets blank {which} "
                                       f"to make a multiple of {multiple}", "warning"))
            for n in range(first, first + extra):
                print_pages.append(Page(n, blank=True))
        raw_print = tmp / "print-raw.pdf"
        renderer.render(print_pages, raw_print, print_sheet(theme), info)
        oc = theme.print.output_condition
        condition = OutputCondition(identifier=oc.identifier, condition=oc.condition, registry_name=oc.registry,
                                    info=oc.condition, profile=profile)
        printed = tmp / f"{stem}-print.pdf"
        label_pdfx(raw_print, printed, standard=theme.print.standard, condition=condition, title=title,
                   created=created, author=info.author, subject=info.subject, creator=info.creator,
                   producer=info.creator)
        report = preflight(printed, PreflightSettings(
            standard=theme.print.standard, bleed_mm=theme.print.bleed_mm,
            ppi_warn=theme.images.ppi_warn, ppi_fail=theme.images.ppi_fail,
            page_multiple=multiple,
        ))
        if not report.passed:
            failed = [r for r in report.results if not r.passed]
            raise BuildError([Diagnostic(display_path(printed.name), None, None,
                                         f"preflight {r.rule} ({r.title}) failed: {'; '.join(r.details[:3])}") for r in failed])
        raw_proof.unlink()
        raw_print.unlink()
        files = [proof, printed]
        if previews:
            prev_dir = tmp / "preview"
            files.extend(render_previews(proof, prev_dir, dpi))
        report_doc = _report(checked, report.to_dict(), renderer, warnings, created)
        (tmp / "report.json").write_text(json.dumps(report_doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (tmp / "report.txt").write_text(_report_text(report_doc, report.format()), encoding="utf-8")
        manifest = _manifest(checked, [proof, printed], created)
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        # move into place: the PDFs last, so a reader never sees a new report with old PDFs
        final: list[Path] = []
        if previews:
            dest = out_dir / "preview"
            if dest.exists():
                shutil.rmtree(dest)
            os.replace(tmp / "preview", dest)
            final.extend(sorted(dest.glob("*.png")))
        for name in ("report.json", "report.txt", "manifest.json", proof.name, printed.name):
            os.replace(tmp / name, out_dir / name)
            final.append(out_dir / name)
    return BuildResult(out_dir, final, warnings, report_doc)


def _default_profile() -> Path:
    from .pdfx.label import FOGRA39L_PROFILE

    return FOGRA39L_PROFILE


def _profile_path(theme: Theme, source: ThemeSource) -> Path | None:
    name = theme.print.output_condition.profile
    if name is None:
        return None
    from .pdfx.label import ICC_DIR

    builtin = ICC_DIR / name
    if builtin.is_file():
        return builtin
    loc = ("print", "output_condition", "profile")
    doc = source.doc_for(loc)
    path = (doc.path.parent / name).resolve()
    if not path.is_file():
        raise InputError(doc.diag(loc, f"output profile '{name}' not found (neither built in nor beside the theme)"))
    return path


def _report(checked: Checked, preflight: dict, renderer, warnings: list[Diagnostic], created: dt.datetime) -> dict:
    layout = checked.layout
    issue = checked.loaded.issue
    photos = [
        {"page": page, "file": label, "ppi": round(p.ppi, 1), "pixels": list(p.pixels)}
        for (page, label), p in sorted(renderer.prepared.items())
    ]
    qr = None
    for item in layout.pages[0].items:
        if isinstance(item, QRCode):
            qr = {"data": item.data, "size_mm": round(item.module * item.size * 25.4 / 72, 2), "modules": item.size}
    return {
        "issue": issue.slug,
        "pages": len(layout.pages),
        "articles": {pl.id: {"page": pl.page, "lines": pl.lines} for page in layout.pages for pl in page.placements},
        "toc": layout.toc,
        "photos": photos,
        "qr": qr,
        "normalised": [{"where": f"{c.file}:{c.line}:{c.col}", "before": c.before, "after": c.after} for c in issue.changes],
        "warnings": [str(w) for w in warnings],
        "preflight": preflight,
        "date": created.isoformat(),
    }


def _report_text(doc: dict, preflight_text: str) -> str:
    lines = [f"issue {doc['issue']}: {doc['pages']} pages", ""]
    lines.append("pages:")
    for aid, where in doc["articles"].items():
        lines.append(f"  p{where['page']}  {aid}  ({where['lines']} lines)")
    if doc["toc"]:
        lines.append("导读 references: " + ", ".join(f"{k} → P{v}" for k, v in doc["toc"].items()))
    if doc["qr"]:
        lines.append(f"QR: {doc['qr']['data']} ({doc['qr']['size_mm']} mm)")
    for p in doc["photos"]:
        lines.append(f"photo p{p['page']} {p['file']}: {p['ppi']} ppi")
    if doc["normalised"]:
        lines.append("punctuation normalised:")
        lines.extend(f"  {n['where']}: {n['before']} → {n['after']}" for n in doc["normalised"])
    if doc["warnings"]:
        lines.append("warnings:")
        lines.extend(f"  {w}" for w in doc["warnings"])
    lines.append("")
    lines.append(preflight_text)
    return "\n".join(lines) + "\n"


def _manifest(checked: Checked, outputs: list[Path], created: dt.datetime) -> dict:
    import fontTools
    import pikepdf
    import PIL
    import reportlab

    loaded = checked.loaded
    root = loaded.issue.dir.parent
    def rel(p: Path) -> str:
        try:
            return str(p.relative_to(root))
        except ValueError:
            return str(p)
    return {
        "issue": loaded.issue.slug,
        "date": created.isoformat(),
        "inputs": {rel(p): sha256_file(p) for p in loaded.inputs},
        "fonts": {f.key: {"file": f.path.name, "sha256": f.sha256, "version": f.version} for f in checked.fonts.used()},
        "tools": {
            "layout": __version__,
            "python": sys.version.split()[0],
            "reportlab": reportlab.Version,
            "pikepdf": pikepdf.__version__,
            "fonttools": fontTools.version,
            "pillow": PIL.__version__,
        },
        "outputs": {p.name: sha256_file(p) for p in outputs},
        "page_map": {pl.id: pl.page for page in checked.layout.pages for pl in page.placements},
    }
