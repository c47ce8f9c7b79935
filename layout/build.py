"""The pipeline: load → text → pages → render → print → check.

``build_issue`` runs every stage and writes the outputs of one issue
atomically: everything is made in a temporary folder beside the outputs and
moved into place only when every stage (the preflight included) passed, so
a failed build leaves the previous PDFs untouched.  It decides nothing
itself: each stage owns its rules.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__
from .errors import BuildError, Diagnostic, InputError, display_path
from .fonts.faces import FontSet
from .load.loader import Loaded, load_issue
from .model.document import Issue
from .pages.padding import pad_for_print
from .pages.paginate import Layout, paginate
from .pages.photos import check_photos
from .report import Report, make_report
from .text.coverage import check_coverage

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@dataclass
class Checked:
    """An issue that passed every input check and has been laid out."""

    loaded: Loaded
    fonts: FontSet
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


def build_issue(issue_dir: Path, out_root: Path, *, previews: bool = True, dpi: int = 100, cache: bool = True,
                jobs: int | None = None, fonts: FontSet | None = None,
                on_proof: Callable[[Path, list[Path]], None] | None = None) -> BuildResult:
    """``cache``: keep photo conversions in the user's cache folder (the
    output is the same without); ``jobs``: 2 makes the print file and its
    preflight beside the proof and previews (the default: the cores there
    are); ``on_proof`` is told of the proof and previews as soon as they
    exist (still in the build's temporary folder)."""
    from .check.preflight import PreflightReport, PreflightSettings, preflight
    from .manifest import make_manifest, write_manifest
    from .parallel import default_jobs, run_pair
    from .pdfx.label import OutputCondition, label_pdfx
    from .pdfx.proof import finish_proof
    from .render.pdf import PROOF, DocInfo, Renderer, print_frame
    from .render.photos import PhotoPrep, Prepared
    from .render.preview import render_previews
    from .usercache import Store

    checked = prepare_issue(issue_dir, fonts)
    loaded, layout, fonts = checked.loaded, checked.layout, checked.fonts
    issue, theme = loaded.issue, loaded.theme
    sheet = theme.sheet
    out_dir = out_root / issue.slug
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = output_stem(issue)
    created = build_date(issue)
    title = f"{issue.publication.title.value} {issue.date.year}年第{issue.number}期"
    info = DocInfo(title=title, author=issue.publication.publisher.value,
                   subject=f"{issue.publication.title.value} {issue.slug}", creator=f"layout {__version__}")
    print_pages, padded = pad_for_print(issue, layout.pages, sheet.page_multiple)
    warnings = list(checked.warnings) + padded
    with tempfile.TemporaryDirectory(prefix=".build-", dir=out_dir) as tmpname:
        tmp = Path(tmpname)
        store = Store.user("photos") if cache else None
        proof = tmp / f"{stem}-proof.pdf"
        printed = tmp / f"{stem}-print.pdf"

        def make_proof() -> list[Path]:
            """The proof at trim size, its photos small (a screen proof), and the previews from it."""
            prep = PhotoPrep(tmp / "proof-photos", sheet.photo_profile, theme.photos, store=store,
                             max_ppi=theme.photos.proof_max_ppi)
            raw_proof = tmp / "proof-raw.pdf"
            Renderer(theme, fonts, prep).render(layout.pages, raw_proof, PROOF, info)
            finish_proof(raw_proof, proof, title=title, created=created, author=info.author, subject=info.subject,
                         creator=info.creator)
            raw_proof.unlink()
            shown = render_previews(proof, tmp / "preview", dpi) if previews else []
            if on_proof is not None:
                on_proof(proof, shown)
            return shown

        def make_print() -> tuple[PreflightReport, dict[tuple[int, str], Prepared]]:
            """The print file: bleed, marks, page count a multiple of the signature; then its preflight."""
            renderer = Renderer(theme, fonts, PhotoPrep(tmp / "photos", sheet.photo_profile, theme.photos, store=store))
            raw_print = tmp / "print-raw.pdf"
            renderer.render(print_pages, raw_print, print_frame(sheet), info)
            oc = sheet.output
            condition = OutputCondition(identifier=oc.identifier, condition=oc.condition, registry_name=oc.registry,
                                        info=oc.condition, profile=oc.profile)
            label_pdfx(raw_print, printed, standard=sheet.standard, condition=condition, title=title, created=created,
                       author=info.author, subject=info.subject, creator=info.creator, producer=info.creator)
            raw_print.unlink()
            measured = {p.digest: p.ink for p in renderer.prepared.values()}
            return preflight(printed, PreflightSettings(**asdict(sheet.preflight)), measured), renderer.prepared

        _, (checks, prepared) = run_pair(make_proof, make_print, default_jobs() if jobs is None else jobs)
        if not checks.passed:
            raise BuildError([Diagnostic(display_path(printed.name), None, None,
                                         f"preflight {r.rule} ({r.title}) failed: {'; '.join(r.details[:3])}")
                              for r in checks.results if not r.passed])
        report = make_report(issue, layout, prepared, warnings, checks, created.isoformat())
        report.write(tmp)
        write_manifest(tmp, make_manifest(issue, loaded.inputs, fonts, layout, [proof, printed], created.isoformat()))
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
