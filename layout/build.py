"""The pipeline: load → text → pages → render → print → check.

``build_issue`` runs every stage and writes the outputs of one issue
atomically: everything is made in a temporary folder beside the outputs and
installed as a whole set only when every stage (the preflight included)
passed (:mod:`layout.install`), so a failed or killed build leaves the
previous set untouched.  It decides nothing
itself: each stage owns its rules.  A draft
(``draft=True``) writes a proof alone, with every article that does not
fit marked, under a name of its own (``…-draft.pdf``) beside the last
build's set, which it leaves as it was.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .copyfit import make_up, results_of, underfilled_warnings
from .dates import BuildDates, build_dates
from .errors import BuildError, Diagnostic, display_path
from .fonts.faces import FontSet
from .install import OutputSet
from .load.loader import Loaded, load_issue
from .model.document import Issue
from .model.sheet import SRGB_PROFILE
from .pages.padding import pad_for_print
from .pages.paginate import Layout
from .pages.photos import check_photos
from .report import Report, make_report
from .text.coverage import check_coverage

if TYPE_CHECKING:
    from .check.preflight import PreflightReport
    from .check.whitespace import Holes
    from .render.pdf import DocInfo


@dataclass
class Checked:
    """An issue that passed every input check and has been laid out."""

    loaded: Loaded
    fonts: FontSet
    layout: Layout
    warnings: list[Diagnostic] = field(default_factory=list)
    overset: list[Diagnostic] = field(default_factory=list)  # the copyfit report of a draft


def prepare_issue(issue_dir: Path, fonts: FontSet | None = None, *, draft: bool = False,
                  on_loaded: Callable[[Loaded], None] | None = None,
                  before_make_up: Callable[[], None] | None = None) -> Checked:
    """Every check that needs no output: load (theme, faces, grid, output
    profile), glyph coverage, layout (content that does not fit is a
    copyfit report; for a draft, laid out anyway), photo resolution.
    ``on_loaded`` is given the loaded issue before the text is set;
    ``before_make_up`` is called once the glyphs are checked."""
    fonts = fonts or FontSet()
    loaded = load_issue(issue_dir, fonts.keys)
    if on_loaded is not None:
        on_loaded(loaded)
    theme = loaded.theme
    fallbacks = check_coverage(loaded.issue, theme, fonts)
    if before_make_up is not None:
        before_make_up()
    layout, overset = make_up(loaded.issue, theme, fonts, draft=draft)
    results = results_of(layout)
    warnings = fallbacks + list(results.warnings)
    warnings.extend(underfilled_warnings(results.fill, theme.grid, theme.rules.empty_warn_lines, loaded.issue))
    warnings.extend(check_photos(loaded.issue, layout.pages, theme.photos, theme.grid.col_w, draft))
    return Checked(loaded, fonts, layout, warnings, overset)


STEM_TITLE_BYTES = 160  # of the title in a file name: with the issue folder's name and "-proof.pdf" within 255


def output_stem(issue: Issue) -> str:
    """The outputs' common name, ``<title>-<issue>``.  A title too long for a
    file name is cut at a character and marked with a digest of the whole
    title, so the name stays within the file system's limit and the same
    title always gives the same name."""
    title = issue.publication.title.value
    safe = "".join(ch for ch in title if ch not in '/\\:*?"<>|' and ch.isprintable()).strip() or "issue"
    if len(safe.encode("utf-8")) > STEM_TITLE_BYTES:
        digest = hashlib.sha256(title.encode("utf-8")).hexdigest()[:8]
        cut = safe.encode("utf-8")[: STEM_TITLE_BYTES - 9].decode("utf-8", "ignore").rstrip()
        safe = f"{cut}~{digest}"
    return f"{safe}-{issue.slug}"


@dataclass
class BuildResult:
    out_dir: Path
    files: list[Path]
    warnings: list[Diagnostic]
    report: Report
    overset: list[Diagnostic] = field(default_factory=list)  # a draft's copyfit report (empty: it all fits)


def build_issue(issue_dir: Path, out_root: Path, *, previews: bool = True, dpi: int = 100, draft: bool = False,
                env: Mapping[str, str] | None = None, cache: bool = True, jobs: int | None = None,
                fonts: FontSet | None = None,
                on_proof: Callable[[Path, list[Path], list[str]], None] | None = None) -> BuildResult:
    """``env``: where ``SOURCE_DATE_EPOCH`` is read (default: the process's
    environment; see :mod:`layout.dates`); ``cache``: keep photo conversions,
    composed paragraphs, page hashes, previews and font tables in the user's
    cache folder (the output is the same without); ``jobs``: 2
    makes the print file and its preflight beside the proof and previews (the
    default: the cores there are); ``on_proof`` is told of the proof, its
    previews and its page hashes as soon as they exist (still in the
    build's temporary folder);
    with it, the proof is drawn before the print file's worker starts (it
    has the cores to itself, and the worker reuses its lines)."""
    # the preflight and the previews are imported by the side that runs them (after the fork: on both cores)
    from .check.whitespace import measure_masks, measure_pdf, page_mask
    from .manifest import BuildOptions, keep_page_hashes, make_manifest, page_hashes, write_manifest
    from .pages.replan import reusing
    from .parallel import default_jobs, run_pair
    from .pdfx.archive import archive_info, page_labels
    from .pdfx.label import OutputCondition, label_pdfx
    from .pdfx.proof import finish_proof
    from .render.pdf import PROOF, Renderer, print_frame
    from .render.photos import PhotoPrep, Prepared
    from .render.photostage import EarlyStart, convert_photos, placed
    from .text.words import prime as prime_words
    from .text.words import release as release_words
    from .usercache import Store, stores_off

    if draft:
        return build_draft(issue_dir, out_root, env)
    if not cache:
        with stores_off():
            return build_issue(issue_dir, out_root, previews=previews, dpi=dpi, env=env, jobs=jobs, fonts=fonts,
                               on_proof=on_proof)
    jobs = default_jobs() if jobs is None else jobs
    # the photos' colour conversion starts while the text is set (render/photostage.py), after
    # jieba's dictionary index, which the worker makes while this process checks the glyphs (the
    # make-up then reads it from the cache folder)
    early = EarlyStart(jobs, prime_words)
    try:
        with reusing():  # the last plan of the pages, when an edit changed no line count (pages/replan.py)
            checked = prepare_issue(issue_dir, fonts, on_loaded=early, before_make_up=early.warmed)
    except BaseException:
        early.close()
        raise
    if fonts is None:  # a one-off build (``layout watch`` passes its fonts and keeps all warm)
        release_words()
    loaded, layout, fonts = checked.loaded, checked.layout, checked.fonts
    issue, theme = loaded.issue, loaded.theme
    sheet = theme.sheet
    stem = output_stem(issue)
    dates, title, info = _document(issue, env)
    created = dates.built
    print_pages, padded = pad_for_print(issue, layout.pages, sheet.page_multiple)
    warnings = list(checked.warnings) + padded
    archive = archive_info(issue, layout.pages, page_labels(issue, layout.pages, sheet.page_label, sheet.blank_page_label),
                           dates.publication, "zh-CN")
    with OutputSet(out_root, issue.slug) as outset:
        tmp = outset.path
        store = Store.user("photos")
        jobs = default_jobs() if jobs is None else jobs
        # every photo converted once for both outputs, on both cores; the renderers only read
        ready = convert_photos(placed(print_pages), outset.photo_cache, sheet.photo_profile, theme.photos, store, jobs,
                               early.handle)
        proof = tmp / f"{stem}-proof.pdf"
        printed = tmp / f"{stem}-print.pdf"

        def draw_proof() -> None:
            """The proof at trim size, its photos small (a screen proof)."""
            prep = PhotoPrep(outset.photo_cache, sheet.photo_profile, theme.photos, store=store,
                             max_ppi=theme.photos.proof_max_ppi, ready=ready)
            raw_proof = tmp / "proof-raw.pdf"
            Renderer(theme, fonts, prep).render(layout.pages, raw_proof, PROOF, info)
            finish_proof(raw_proof, proof, title=title, created=created, author=info.author, subject=info.subject,
                         creator=info.creator, archive=archive)
            raw_proof.unlink()

        def make_proof(drawn: bool) -> tuple[list[Path], Holes, list[str]]:
            """The proof (unless ``drawn``), the previews from it, its white holes and page hashes."""
            from .render.preview import render_previews

            if not drawn:
                draw_proof()
            hashes = page_hashes(proof, keep=False)  # kept in the cache folder once the proof is shown
            if not previews:
                if on_proof is not None:
                    on_proof(proof, [], hashes)
                keep_page_hashes()
                return [], measure_pdf(proof), hashes
            # the white-hole measure's rendering from the previews' pages; a page drawn as in an
            # earlier build (layout watch, a rebuild after an edit) is neither rendered nor measured again
            shown, masks = render_previews(proof, tmp / "preview", dpi, then=page_mask, hashes=hashes)
            if on_proof is not None:
                on_proof(proof, shown, hashes)
            keep_page_hashes()
            whole = [m for m in masks if m is not None]
            return shown, measure_masks(whole) if len(whole) == len(masks) else measure_pdf(proof), hashes

        def make_print() -> tuple[PreflightReport, dict[tuple[int, str], Prepared], list[str]]:
            """The print file: bleed, marks, page count a multiple of the signature; then its preflight
            and page hashes."""
            from .check.preflight import PreflightSettings, preflight

            renderer = Renderer(theme, fonts, PhotoPrep(outset.photo_cache, sheet.photo_profile, theme.photos, store=store,
                                                            ready=ready))
            raw_print = tmp / "print-raw.pdf"
            renderer.render(print_pages, raw_print, print_frame(sheet), info)
            oc = sheet.output
            condition = OutputCondition(identifier=oc.identifier, condition=oc.condition, registry_name=oc.registry,
                                        info=oc.condition, profile=oc.profile)
            label_pdfx(raw_print, printed, standard=sheet.standard, condition=condition, title=title, created=created,
                       author=info.author, subject=info.subject, creator=info.creator, producer=info.creator,
                       archive=archive.for_pages(page_labels(issue, print_pages, sheet.page_label, sheet.blank_page_label)))
            raw_print.unlink()
            measured = {p.digest: p.ink for p in renderer.prepared.values()}
            faces = " ".join(sorted(f.sha256 for f in fonts.used()))
            # the page hashes in the same pass (each page parsed once): a page drawn as before keeps its verdict
            checks = preflight(printed, PreflightSettings(**asdict(sheet.preflight)), measured, context=faces,
                               hash_pages=True)
            return checks, renderer.prepared, checks.page_hashes

        if on_proof is not None:  # someone waits for the proof (layout watch): it is drawn first, alone;
            draw_proof()  # the print file's worker then finds its lines drawn (render/text.py)
        first = partial(make_proof, on_proof is not None)
        (_, holes, proof_hashes), (checks, prepared, print_hashes) = run_pair(first, make_print, jobs)
        if not checks.passed:
            raise BuildError([Diagnostic(display_path(printed.name), None, None,
                                         f"preflight {r.rule} ({r.title}) failed: {'; '.join(r.details[:3])}")
                              for r in checks.results if not r.passed])
        report = make_report(issue, layout, theme.grid, prepared, warnings, checks, dates.publication.isoformat(),
                             holes=holes.pages)
        report.write(tmp)
        icc = [p for p in (sheet.output.profile, sheet.photo_profile, SRGB_PROFILE) if p is not None]
        write_manifest(tmp, make_manifest(issue, loaded.inputs, loaded.theme_files, fonts, icc, layout,
                                          {"proof": proof, "print": printed}, dates, BuildOptions(previews, dpi),
                                          {"proof": proof_hashes, "print": print_hashes}))
        final = outset.install()
    return BuildResult(outset.target, final, warnings, report)


def _document(issue: Issue, env: Mapping[str, str] | None, note: str = "") -> tuple[BuildDates, str, DocInfo]:
    """The dates, title and document info of an issue's PDFs (``note`` marks a draft)."""
    from .render.pdf import DocInfo

    dates = build_dates(issue.date, os.environ if env is None else env)
    title = f"{issue.publication.title.value} {issue.date.year}年第{issue.number}期"
    info = DocInfo(title=title, author=issue.publication.publisher.value,
                   subject=f"{issue.publication.title.value} {issue.slug}{note}", creator=f"layout {__version__}")
    return dates, title, info


def build_draft(issue_dir: Path, out_root: Path, env: Mapping[str, str] | None = None) -> BuildResult:
    """A proof alone, laid out even when the content does not fit, every
    overset article marked (pages/draft.py), written as
    ``OUT/<issue>/<stem>-draft.pdf``: the last build's proof, print file,
    report and manifest stay as they were, one set that agrees (the next
    build replaces the folder whole, the draft with it).  The print file
    is never made from a draft."""
    from .install import check_target
    from .pages.draft import Overrun, mark_overset
    from .pages.styles import Setter
    from .pdfx.proof import finish_proof
    from .render.pdf import PROOF, Renderer
    from .render.photos import PhotoPrep

    checked = prepare_issue(issue_dir, draft=True)
    loaded, layout, fonts = checked.loaded, checked.layout, checked.fonts
    issue, theme = loaded.issue, loaded.theme
    titles = {a.id: (a.jump_title or a.title).value for a in issue.articles}
    overruns = [Overrun(o.article_id, o.page, o.lines_over, titles.get(o.article_id, "")) for o in results_of(layout).overset]
    pages = mark_overset(layout.pages, overruns, theme, Setter(theme, fonts))
    out_dir = out_root / issue.slug
    check_target(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = output_stem(issue)
    dates, title, info = _document(issue, env, " (draft)")
    created = dates.built
    # beside the output set, never inside it (the set is replaced whole by a build)
    with tempfile.TemporaryDirectory(prefix=f".draft-{issue.slug}.", dir=out_root) as tmpname:
        tmp = Path(tmpname)
        renderer = Renderer(theme, fonts, PhotoPrep(out_root / ".cache" / "photos", theme.sheet.photo_profile, theme.photos))
        raw_proof = tmp / "proof-raw.pdf"
        renderer.render(pages, raw_proof, PROOF, info)
        proof = tmp / f"{stem}-draft.pdf"
        finish_proof(raw_proof, proof, title=title, created=created, author=info.author, subject=info.subject,
                     creator=info.creator)
        report = make_report(issue, layout, theme.grid, renderer.prepared, checked.warnings, None,
                             dates.publication.isoformat())
        final = out_dir / proof.name
        os.replace(proof, final)
    return BuildResult(out_dir, [final], checked.warnings, report, checked.overset)

