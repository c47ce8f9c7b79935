"""``layout watch``: rebuild on every save, show the result live.

One process keeps the fonts, the composer's memo and the caches warm.  On
every change to an input (issue.yaml, a body's Markdown, a photo,
publication.yaml, a theme) it rebuilds; the proof and its page images reach
the preview page first, the print file and its preflight follow.  A bad
edit prints its ``FILE:LINE:COL`` problems and keeps watching: the last
good output stays in place and on the page.  Ctrl-C stops it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .errors import LayoutError, os_diagnostic
from .fonts.faces import FontSet
from .serve import Board, PreviewServer

Echo = Callable[[str], None]
WAKE_MS = 100  # how often the watch loop looks up when nothing changes (the first build waits for its first look)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


class InputFilter:
    """The changes that concern this issue: anything in its folder, and
    anything beside it (publication.yaml, themes) but the other issues'
    folders and the output folder."""

    def __init__(self, issue_dir: Path, out_root: Path, extra: list[Path]):
        from watchfiles import DefaultFilter

        self.issue_dir = issue_dir.resolve()
        self.out_root = out_root.resolve()
        self.extra = [p.resolve() for p in extra]
        self.default = DefaultFilter()  # editors' swap and backup files, VCS folders

    def __call__(self, change: object, path: str) -> bool:
        if not self.default(change, path):  # type: ignore[arg-type]
            return False
        p = Path(path).resolve()
        if _inside(p, self.out_root) or p.name.startswith(".build-"):
            return False
        if _inside(p, self.issue_dir) or any(_inside(p, e) for e in self.extra):
            return True
        parent = self.issue_dir.parent
        if not _inside(p, parent):
            return False
        top = parent / p.relative_to(parent).parts[0]
        return not (top.is_dir() and (top / "issue.yaml").exists())  # another issue's folder


def page_texts(pdf_path: Path, known: dict[str, str] | None = None, hashes: list[str] | None = None) -> list[str]:
    """Each page's text, as a PDF reader extracts it (pdfium).  ``known``:
    page hash → text of pages read before (:func:`layout.manifest.page_hashes`,
    ``hashes`` if the caller has them); a page drawn as one of them is not
    read again, and the pages read are added."""
    import pypdfium2 as pdfium

    if known is not None and hashes is None:
        from .manifest import page_hashes

        hashes = list(page_hashes(pdf_path, keep=False))  # from the memo of the build that just hashed them
    hashes = hashes or []
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        out = []
        for i in range(len(pdf)):
            key = hashes[i] if i < len(hashes) else None
            if known is not None and key is not None and key in known:
                out.append(known[key])
                continue
            page = pdf[i]
            text = page.get_textpage()
            out.append(text.get_text_range())
            text.close()
            page.close()
            if known is not None and key is not None:
                known[key] = out[-1]
        return out
    finally:
        pdf.close()


class Watcher:
    def __init__(self, issue_dir: Path, out_root: Path, *, port: int = 0, echo: Echo = print, err: Echo = print,
                 jobs: int | None = None):
        self.issue_dir = issue_dir
        self.out_root = out_root
        self.echo = echo
        self.err = err
        self.jobs = jobs
        self.fonts = FontSet()
        self.board = Board()
        self.server = PreviewServer(self.board, port)
        self.shown_warnings: set[str] = set()
        self.texts: dict[str, str] = {}  # page hash → the page's text

    def roots(self) -> list[Path]:
        from .load.resolve import __file__ as resolve_file

        themes = Path(resolve_file).resolve().parent.parent / "themes"  # the built-in themes
        return [self.issue_dir.resolve().parent, themes]

    def rebuild(self) -> bool:
        from .build import build_issue
        from .pages.replan import reusing

        start = time.perf_counter()
        proof_s: list[float] = []

        def on_proof(proof: Path, pngs: list[Path], hashes: list[str]) -> None:
            proof_s.append(time.perf_counter() - start)
            texts = page_texts(proof, self.texts, hashes)
            if len(self.texts) > 4 * len(texts) + 64:  # only the recent pages' texts kept
                self.texts = dict(list(self.texts.items())[-len(texts):])
            self.board.show_pages(proof.name.removesuffix("-proof.pdf"), pngs, texts)
            self.board.update(status=f"proof ready in {proof_s[0]:.2f} s; print file and preflight under way",
                              errors=[])

        try:
            with reusing():  # an edit that changed no line count keeps the last plan of the pages
                result = build_issue(self.issue_dir, self.out_root, fonts=self.fonts, on_proof=on_proof,
                                     jobs=self.jobs)
        except LayoutError as exc:
            problems = [str(d) for d in exc.diagnostics]
            for line in problems:
                self.err(line)
            self.err(f"{len(problems)} problem(s); the last good output stays; watching")
            self.board.update(errors=problems, status="this edit has problems: the pages shown are the last good build")
            return False
        except OSError as exc:
            line = str(os_diagnostic(exc, str(self.out_root)))
            self.err(line)
            self.board.update(errors=[line], status="the output could not be written")
            return False
        total = time.perf_counter() - start
        warnings = [str(w) for w in result.warnings]
        for w in warnings:
            if w not in self.shown_warnings:  # each warning once, not again on every save
                self.err(w)
        self.shown_warnings = set(warnings)
        proof = f"proof {proof_s[0]:.2f} s, " if proof_s else ""
        self.echo(f"{proof}print+preflight {total:.2f} s")
        self.board.update(status=f"built in {total:.2f} s ({time.strftime('%H:%M:%S')})", errors=[],
                          warnings=warnings, report=result.report.format())
        return True

    def run(self, *, ready: Callable[[str], None] | None = None) -> None:
        from watchfiles import watch

        _ctrl_c_stops()
        self.server.start()
        try:
            self.echo(f"preview on {self.server.url} (Ctrl-C stops)")
            roots = self.roots()
            keep = InputFilter(self.issue_dir, self.out_root, roots[1:])
            first = True
            # the folders are watched from before the first build: a save made while it runs (or just
            # after its line) is seen; an empty set comes when nothing changed for a tenth of a second
            for changes in watch(*roots, watch_filter=keep, debounce=400, step=30, raise_interrupt=True,
                                 yield_on_timeout=True, rust_timeout=WAKE_MS):
                if first:
                    first = False
                    self.rebuild()
                    if ready is not None:
                        ready(self.server.url)
                if not changes:
                    continue
                names = sorted({Path(p).name for _, p in changes})
                self.echo(f"changed: {', '.join(names[:4])}{' …' if len(names) > 4 else ''}")
                self.rebuild()
        except KeyboardInterrupt:
            self.echo("stopped")
        finally:
            self.server.stop()


def _ctrl_c_stops() -> None:
    """Ctrl-C (SIGINT) stops the watch even when it was started with SIGINT
    ignored (a background job of a script or of a non-interactive shell:
    Python then keeps it ignored, and the watch could not be stopped)."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
