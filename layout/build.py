"""The pipeline: load → text → pages → render → print → check.

``build_issue`` runs every stage and writes the outputs of one issue
atomically: everything is made in a temporary folder beside the outputs and
moved into place only when every stage (the preflight included) passed, so
a failed build leaves the previous PDFs untouched.  It decides nothing
itself: each stage owns its rules.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__
from .dates import build_dates
from .errors import BuildError, Diagnostic, display_path
from .fonts.faces import FontSet
from .load.loader import Loaded, load_issue
from .model.document import Issue
from .model.sheet import SRGB_PROFILE
from .pages.padding import pad_for_print
from .pages.paginate import Layout, paginate
from .pages.photos import check_photos
from .report import Report, make_report
from .text.coverage import check_coverage


@dataclass
class Checked:
    """An issue that passed every input check and has been laid out."""

    loaded: Loaded
    fonts: FontSet
    layout: Layout
    warnings: list[Diagnostic] = field(default_factory=list)


def prepare_issue(issue_dir: Path, fonts: FontSet | None = None) -> Checked:
    """Every check that needs no output: load (theme, faces, grid, output
    profile), glyph coverage, layout, photo resolution."""
    fonts = fonts or FontSet()
    loaded = load_issue(issue_dir, fonts.keys)
    fallbacks = check_coverage(loaded.issue, loaded.theme, fonts)
    layout = paginate(loaded.issue, loaded.theme, fonts)
    warnings = fallbacks + list(layout.warnings)
    warnings.extend(check_photos(loaded.issue, layout.pages, loaded.theme.photos))
    return Checked(loaded, fonts, layout, warnings)


def output_stem(issue: Issue) -> str:
    title = issue.publication.title.value
    safe = "".join(ch for ch in title if ch not in '/\\:*?"<>|' and ch.isprintable()).strip() or "issue"
    return f"{safe}-{issue.slug}"


@dataclass
class BuildResult:
    out_dir: Path
    files: list[Path]
    warnings: list[Diagnostic]
    report: Report


def build_issue(issue_dir: Path, out_root: Path, *, previews: bool = True, dpi: int = 100,
                env: Mapping[str, str] | None = None) -> BuildResult:
    """``env``: where ``SOURCE_DATE_EPOCH`` is read (default: the process's
    environment; see :mod:`layout.dates`)."""
    from .check.preflight import PreflightSettings, preflight
    from .manifest import BuildOptions, make_manifest, write_manifest
    from .pdfx.archive import archive_info, page_labels
    from .pdfx.label import OutputCondition, label_pdfx
    from .pdfx.proof import finish_proof
    from .render.pdf import PROOF, DocInfo, Renderer, print_frame
    from .render.photos import PhotoPrep
    from .render.preview import render_previews

    checked = prepare_issue(issue_dir)
    loaded, layout, fonts = checked.loaded, checked.layout, checked.fonts
    issue, theme = loaded.issue, loaded.theme
    sheet = theme.sheet
    out_dir = out_root / issue.slug
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = output_stem(issue)
    dates = build_dates(issue.date, os.environ if env is None else env)
    created = dates.built
    title = f"{issue.publication.title.value} {issue.date.year}年第{issue.number}期"
    info = DocInfo(title=title, author=issue.publication.publisher.value,
                   subject=f"{issue.publication.title.value} {issue.slug}", creator=f"layout {__version__}")
    print_pages, padded = pad_for_print(issue, layout.pages, sheet.page_multiple)
    warnings = list(checked.warnings) + padded
    archive = archive_info(issue, layout.pages, page_labels(issue, layout.pages, sheet.page_label, sheet.blank_page_label),
                           dates.publication, "zh-CN")
    with tempfile.TemporaryDirectory(prefix=".build-", dir=out_dir) as tmpname:
        tmp = Path(tmpname)
        renderer = Renderer(theme, fonts, PhotoPrep(out_root / ".cache" / "photos", sheet.photo_profile, theme.photos))
        # proof: trim size
        raw_proof = tmp / "proof-raw.pdf"
        renderer.render(layout.pages, raw_proof, PROOF, info)
        proof = tmp / f"{stem}-proof.pdf"
        finish_proof(raw_proof, proof, title=title, created=created, author=info.author, subject=info.subject,
                     creator=info.creator, archive=archive)
        # print: bleed, marks, page count a multiple of the signature
        raw_print = tmp / "print-raw.pdf"
        renderer.render(print_pages, raw_print, print_frame(sheet), info)
        oc = sheet.output
        condition = OutputCondition(identifier=oc.identifier, condition=oc.condition, registry_name=oc.registry,
                                    info=oc.condition, profile=oc.profile)
        printed = tmp / f"{stem}-print.pdf"
        label_pdfx(raw_print, printed, standard=sheet.standard, condition=condition, title=title, created=created,
                   author=info.author, subject=info.subject, creator=info.creator, producer=info.creator,
                   archive=archive.for_pages(page_labels(issue, print_pages, sheet.page_label, sheet.blank_page_label)))
        checks = preflight(printed, PreflightSettings(**asdict(sheet.preflight)))
        if not checks.passed:
            raise BuildError([Diagnostic(display_path(printed.name), None, None,
                                         f"preflight {r.rule} ({r.title}) failed: {'; '.join(r.details[:3])}")
                              for r in checks.results if not r.passed])
        raw_proof.unlink()
        raw_print.unlink()
        files = [proof, printed]
        if previews:
            files.extend(render_previews(proof, tmp / "preview", dpi))
        report = make_report(issue, layout, renderer.prepared, warnings, checks, dates.publication.isoformat())
        report.write(tmp)
        icc = [p for p in (sheet.output.profile, sheet.photo_profile, SRGB_PROFILE) if p is not None]
        write_manifest(tmp, make_manifest(issue, loaded.inputs, loaded.theme_files, fonts, icc, layout,
                                          {"proof": proof, "print": printed}, dates, BuildOptions(previews, dpi)))
        final = _move_into_place(tmp, out_dir, previews, [proof.name, printed.name])
    return BuildResult(out_dir, final, warnings, report)


def _move_into_place(tmp: Path, out_dir: Path, previews: bool, pdfs: list[str]) -> list[Path]:
    """The PDFs last, so a reader never sees a new report with old PDFs."""
    final: list[Path] = []
    if previews:
        dest = out_dir / "preview"
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(tmp / "preview", dest)
        final.extend(sorted(dest.glob("*.png")))
    for name in ("report.json", "report.txt", "manifest.json", *pdfs):
        os.replace(tmp / name, out_dir / name)
        final.append(out_dir / name)
    return final
