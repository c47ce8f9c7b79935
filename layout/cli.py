"""The command line: ``layout build | build-all | verify | watch | check | preflight | schema``.

Thin: every command checks its arguments (:mod:`layout.cli_checks`), then
calls one function of the pipeline.  Problems with the input are printed as
``FILE:LINE:COL: message`` (exit 2), a valid issue that cannot be built as
asked exits 1; an operating-system error (a full disk, a folder that cannot
be written) is ``PATH: cause; what to do`` (exit 2); no traceback is shown
unless ``LAYOUT_DEBUG=1``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import typer

from .errors import LayoutError, os_diagnostic

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Lay out a Chinese community newsletter issue (YAML) as print-ready PDF.",
)


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _run(fn, where: str | None = None, *, summary: bool = True) -> None:
    """Run a command; ``where`` names the path an operating-system error
    without a file name is about (the output folder of a build);
    ``summary`` adds the count line after the problems of an issue."""
    try:
        fn()
    except LayoutError as exc:
        for d in exc.diagnostics:
            _err(str(d))
        n = sum(1 for d in exc.diagnostics if d.severity == "error")
        if summary:
            _err(f"{n} error(s); nothing was written" if n != 1 else "1 error; nothing was written")
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        _err("interrupted; nothing was written")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort, typer.BadParameter):
        raise
    except OSError as exc:  # the machine, not layout: a full disk, a read-only or vanished folder
        if os.environ.get("LAYOUT_DEBUG"):
            raise
        _err(str(os_diagnostic(exc, where or None)))
        raise typer.Exit(2) from None
    except Exception as exc:  # an internal error: say so plainly
        if os.environ.get("LAYOUT_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc}")
        _err("this is a bug in layout, not in your files; run again with LAYOUT_DEBUG=1 and report the output")
        raise typer.Exit(70) from None


@app.command()
def build(
    issue_dir: Path = typer.Argument(..., help="the issue folder, e.g. issues/2025-06"),
    out: str = typer.Option("out", "--out", "-o", help="output root; files go to OUT/<issue>/"),
    preview: bool = typer.Option(True, "--preview/--no-preview", help="write page images to OUT/<issue>/preview/"),
    dpi: int = typer.Option(100, help="resolution of the page previews (10…300)"),
    draft: bool = typer.Option(False, "--draft", help="write only a draft proof, OUT/<issue>/<name>-draft.pdf, even when "
                                                      "the content does not fit (every overset article marked); never "
                                                      "the print file; the last build's files are left as they were"),
    cache: bool = typer.Option(True, "--cache/--no-cache",
                               help="keep photo conversions, composed paragraphs, fonts, page hashes and previews in the user's cache folder (the output is the same)"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="processes to use (1: one after the other; 0: the cores there are)"),
) -> None:
    """Build the proof and print PDFs (plus previews, report, manifest)."""

    def go() -> None:
        from .build import build_issue
        from .cli_checks import check_dpi, check_out_root, check_source_date_epoch

        start = time.perf_counter()
        check_dpi(dpi)
        check_source_date_epoch()
        out_root = check_out_root(out)
        if jobs < 0:
            raise typer.BadParameter("--jobs is a number of processes: 0 (the cores there are), 1, 2 …")
        result = build_issue(issue_dir, out_root, previews=preview, dpi=dpi, draft=draft, cache=cache, jobs=jobs or None)
        for w in result.warnings:
            _err(str(w))
        for change in result.report.normalised:
            _err(f"{change.where}: note: punctuation normalised: {change.before} → {change.after}")
        for f in result.files:
            if f.suffix == ".pdf":
                typer.echo(f"wrote {f}")
        if draft:
            _draft_done(result, time.perf_counter() - start)
            return
        typer.echo(f"wrote {result.out_dir}/report.txt, manifest.json" + (", preview/" if preview else ""))
        typer.echo(f"done in {time.perf_counter() - start:.1f} s")

    _run(go, out)


def _draft_done(result, seconds: float) -> None:
    """A draft: its copyfit report, and exit 1 when something does not fit."""
    for d in result.overset:
        _err(str(d))
    n = sum(1 for d in result.overset if d.severity == "error")
    typer.echo(f"draft proof only (no print file, report or previews written; the last build's files are left "
               f"as they were) in {seconds:.1f} s")
    if n:
        _err(f"{n} article(s) do not fit; each is marked in the draft proof")
        raise typer.Exit(1)


@app.command("build-all")
def build_all(
    issues_dir: Path = typer.Argument(Path("issues"), help="the folder of the issues (each subfolder with an issue.yaml)"),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="output root; files go to OUT/<issue>/"),
    preview: bool = typer.Option(True, "--preview/--no-preview", help="write page images"),
    dpi: int = typer.Option(100, help="resolution of the page previews"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="builds at once (0: one per core, at most 2)"),
) -> None:
    """Build every issue (in parallel), going on past failures; a summary table at the end."""

    def go() -> None:
        from .batch import build_all as run
        from .batch import summary_table

        results = run(issues_dir, out, previews=preview, dpi=dpi, jobs=jobs or None)
        for r in results:
            if not r.ok:
                for m in r.messages:
                    _err(m)
        typer.echo(summary_table(results))
        if not results:
            _err(f"{issues_dir}: no issue folders (*/issue.yaml) here")
            raise typer.Exit(2)
        if any(not r.ok for r in results):
            raise typer.Exit(max(r.exit_code for r in results if not r.ok))

    _run(go)


@app.command()
def verify(
    issues_dir: Path = typer.Argument(Path("issues"), help="the folder of the issues"),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="the archive: the output root the issues were built into"),
    report: Path = typer.Option(Path("verify-report"), "--report", help="where the diff images and verify.txt go"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="rebuilds at once (0: one per core, at most 2)"),
) -> None:
    """Rebuild every issue into a temporary folder and compare with the archive:
    one line per issue (identical / changed / failed); exit 1 if any is not identical."""

    def go() -> None:
        from .batch import issue_folders
        from .verify import verify_archive

        if not issue_folders(issues_dir):
            _err(f"{issues_dir}: no issue folders (*/issue.yaml) here")
            raise typer.Exit(2)
        result = verify_archive(issues_dir, out, report, jobs=jobs or None)
        typer.echo(result.format())
        if any(v.images for v in result.verdicts):
            typer.echo(f"diff images under {report}/")
        if not result.ok:
            raise typer.Exit(1)

    _run(go)


@app.command()
def watch(
    issue_dir: Path = typer.Argument(..., help="the issue folder, e.g. issues/2025-06"),
    out: str = typer.Option("out", "--out", "-o", help="output root; files go to OUT/<issue>/"),
    port: int = typer.Option(0, "--port", help="the preview page's port on 127.0.0.1 (0: a free one)"),
) -> None:
    """Rebuild on every save and show the pages live in the browser (127.0.0.1 only)."""

    def go() -> None:
        from .cli_checks import check_out_root, check_source_date_epoch
        from .watch import Watcher

        if not 0 <= port <= 65535:
            raise typer.BadParameter("--port is 0 (a free one) or 1…65535")
        check_source_date_epoch()
        out_root = check_out_root(out)
        if not (issue_dir / "issue.yaml").is_file():
            raise typer.BadParameter(f"{issue_dir} has no issue.yaml")
        Watcher(issue_dir, out_root, port=port, echo=lambda s: typer.echo(s), err=_err).run()

    _run(go, out)


@app.command()
def check(
    issue_dir: Path | None = typer.Argument(None, help="the issue folder to validate (nothing is written)"),
    typography: Path | None = typer.Option(None, "--typography", help="audit a built PDF against the composition rules (clreq)"),
    json_out: bool = typer.Option(False, "--json", help="machine-readable audit"),
) -> None:
    """Validate an issue without writing anything, or audit a PDF's typography."""

    def go() -> None:
        if issue_dir is None and typography is None:
            raise typer.BadParameter("give an issue folder, or --typography PDF")
        if typography is not None:
            from .cli_checks import check_pdf

            check_pdf(typography)
        if issue_dir is not None:
            from .build import prepare_issue
            from .cli_checks import check_source_date_epoch

            check_source_date_epoch()
            checked = prepare_issue(issue_dir)
            for w in checked.warnings:
                _err(str(w))
            for c in checked.loaded.issue.changes:
                _err(f"{c.file}:{c.line}:{c.col}: note: punctuation normalised: {c.before} → {c.after}")
            pages = len(checked.layout.pages)
            typer.echo(f"{checked.loaded.issue.slug}: OK, {len(checked.loaded.issue.articles)} articles on {pages} pages")
        if typography is not None:
            from .check.typography import audit_pdf

            report = audit_pdf(typography)
            typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if json_out else report.format())
            if not report.passed:
                raise typer.Exit(1)

    _run(go, summary=issue_dir is not None)


@app.command()
def preflight(
    pdf: Path = typer.Argument(..., help="a print PDF"),
    standard: str | None = typer.Option(None, help="expected standard: PDF/X-4 or PDF/X-1a:2003"),
    json_out: bool = typer.Option(False, "--json", help="machine-readable report"),
) -> None:
    """Check a print PDF against the print shop's rules R1–R14 (PASS/FAIL per rule)."""

    def go() -> None:
        from .check.preflight import PreflightSettings
        from .check.preflight import preflight as run
        from .cli_checks import check_pdf

        check_pdf(pdf)
        report = run(pdf, PreflightSettings(standard=standard))
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if json_out else report.format())
        if not report.passed:
            raise typer.Exit(1)

    _run(go, summary=False)


@app.command()
def schema(
    which: str = typer.Argument("issue", help="issue | publication | theme"),
) -> None:
    """Print the JSON Schema of issue.yaml, publication.yaml or a theme (for editors)."""

    def go() -> None:
        from pydantic import BaseModel

        from .load.schema import IssueIn, PublicationIn, ThemeIn

        models: dict[str, type[BaseModel]] = {"issue": IssueIn, "publication": PublicationIn, "theme": ThemeIn}
        if which not in models:
            raise typer.BadParameter(f"choose one of {', '.join(models)}")
        typer.echo(json.dumps(models[which].model_json_schema(by_alias=True), ensure_ascii=False, indent=2))

    _run(go)


def main() -> None:
    app(prog_name="layout")


if __name__ == "__main__":
    main()
