"""Many issues at once: ``layout build-all`` (``make issues``) and the pool
``layout verify`` runs on.

Each issue is built in a worker process of its own (both cores by
default); a failing issue is reported and the others go on.  Every build
installs its outputs only when it passed (see :func:`layout.build.build_issue`),
so an issue's folder in the output never holds a mix of two builds.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .errors import LayoutError

T = TypeVar("T")
ISSUE_FILE = "issue.yaml"


def issue_folders(issues_dir: Path) -> list[Path]:
    """The issues of an issues folder: each subfolder with an issue.yaml, by name."""
    return sorted(p.parent for p in Path(issues_dir).glob(f"*/{ISSUE_FILE}"))


def default_jobs() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def run_each(fn: Callable[[Path], T], folders: Iterable[Path], jobs: int) -> Iterator[T]:
    """``fn(folder)`` for every folder, in ``jobs`` worker processes (started
    fresh, so no state of this process leaks into a build); results as they
    finish.  ``fn`` must catch its own errors."""
    folders = list(folders)
    if jobs <= 1 or len(folders) <= 1:
        for folder in folders:
            yield fn(folder)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(folders)), mp_context=context) as pool:
        futures = [pool.submit(fn, folder) for folder in folders]
        for future in as_completed(futures):
            yield future.result()


@dataclass(frozen=True)
class Built:
    issue: str
    ok: bool
    pages: int
    seconds: float
    messages: tuple[str, ...]  # warnings, or the errors that stopped it
    exit_code: int = 0


def _build_one(folder: Path, out_root: Path, previews: bool, dpi: int) -> Built:
    from .build import build_issue

    start = time.perf_counter()
    try:
        result = build_issue(folder, out_root, previews=previews, dpi=dpi)
    except LayoutError as exc:
        return Built(folder.name, False, 0, time.perf_counter() - start, tuple(str(d) for d in exc.diagnostics),
                     exc.exit_code)
    except Exception as exc:  # an internal error: report it and let the other issues go on
        return Built(folder.name, False, 0, time.perf_counter() - start,
                     (f"internal error: {type(exc).__name__}: {exc}",), 70)
    return Built(folder.name, True, result.report.pages, time.perf_counter() - start,
                 tuple(str(w) for w in result.warnings))


@dataclass(frozen=True)
class _BuildTask:
    out_root: Path
    previews: bool
    dpi: int

    def __call__(self, folder: Path) -> Built:
        return _build_one(folder, self.out_root, self.previews, self.dpi)


def build_all(issues_dir: Path, out_root: Path, *, previews: bool = True, dpi: int = 100,
              jobs: int | None = None) -> list[Built]:
    """Build every issue of ``issues_dir`` into ``out_root``; in issue order."""
    task = _BuildTask(Path(out_root).resolve(), previews, dpi)
    results = list(run_each(task, issue_folders(issues_dir), jobs or default_jobs()))
    return sorted(results, key=lambda b: b.issue)


def summary_table(results: list[Built]) -> str:
    """One row per issue: status, pages, time, the first message."""
    rows = [("issue", "status", "pages", "time", "note")]
    for r in results:
        note = r.messages[0] if r.messages and not r.ok else (f"{len(r.messages)} warning(s)" if r.messages else "")
        rows.append((r.issue, "built" if r.ok else "FAILED", str(r.pages) if r.ok else "-", f"{r.seconds:.1f} s", note))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + ("  " + row[4] if row[4] else "")
             for row in rows]
    failed = sum(1 for r in results if not r.ok)
    lines.append(f"{len(results) - failed} built, {failed} failed")
    return "\n".join(line.rstrip() for line in lines)
