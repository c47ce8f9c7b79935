"""``layout verify``: prove the archive, or say what changed and why.

Each issue is rebuilt into a temporary folder (never into the archive) with
the options and the ``SOURCE_DATE_EPOCH`` its manifest recorded, and its
PDFs compared with the archived ones: *identical* (byte for byte),
*changed* (the pages whose raster differs, and the causes read from the two
manifests: input, theme, font, ICC profile, tool, lockfile, library, Python,
options, dates) or *failed* (no archived build, or the rebuild failed).  A
changed page gets an image old | new | difference under the report folder.

The comparison is pure (:func:`causes`, :func:`changed_pages`); the rest
runs builds and draws images.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .batch import default_jobs, issue_folders, run_each
from .dates import EPOCH_VAR, epoch_of
from .digest import sha256_file
from .errors import Diagnostic, InputError, LayoutError, display_path
from .manifest import BuildOptions, page_hashes, read_manifest

REPORT_FILE = "verify.txt"
_KIND_ORDER = {"proof": 0, "print": 1}
DIFF_DPI = 50
"""The resolution of the old | new | difference images."""


# ------------------------------------------------------------------ pure comparison

def _changed_keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    return [(k, old.get(k), new.get(k)) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]


def _what(before: Any, after: Any) -> str:
    if before is None:
        return "added"
    if after is None:
        return "removed"
    return "changed"


def causes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """What differs between the recorded build ``old`` and the rebuild
    ``new`` (two manifests), in words, most specific first: inputs, theme,
    fonts, ICC profiles, the tool and its libraries, options, dates."""
    out: list[str] = []
    if old.get("schema") != new.get("schema"):
        out.append(f"manifest schema {old.get('schema')} → {new.get('schema')} (recorded by another version of layout)")
    theme_files = {layer.get("file") for m in (old, new) for layer in (m.get("theme") or {}).get("layers", [])}
    for key, before, after in _changed_keys(old.get("inputs") or {}, new.get("inputs") or {}):
        if key not in theme_files:
            out.append(f"input {_what(before, after)}: {key}")
    old_theme, new_theme = old.get("theme") or {}, new.get("theme") or {}
    if old_theme.get("sha256") != new_theme.get("sha256"):
        old_layers = {layer["file"]: layer["sha256"] for layer in old_theme.get("layers", [])}
        new_layers = {layer["file"]: layer["sha256"] for layer in new_theme.get("layers", [])}
        named = [f"{k} {_what(b, a)}" for k, b, a in _changed_keys(old_layers, new_layers)]
        out.append("theme changed" + (f" ({'; '.join(named)})" if named else " (its layers)"))
    old_fonts, new_fonts = old.get("fonts") or {}, new.get("fonts") or {}
    for key, before, after in _changed_keys(old_fonts.get("files") or {}, new_fonts.get("files") or {}):
        desc = (after or before or {}).get("file", "")
        out.append(f"font {_what(before, after)}: {key} ({desc})")
    if old_fonts.get("manifest") != new_fonts.get("manifest"):
        out.append("font changed: fonts/manifest.json")
    for key, before, after in _changed_keys(old.get("icc") or {}, new.get("icc") or {}):
        out.append(f"ICC profile {_what(before, after)}: {key}")
    old_tool, new_tool = old.get("tool") or {}, new.get("tool") or {}
    if (old_tool.get("version"), old_tool.get("commit")) != (new_tool.get("version"), new_tool.get("commit")):
        out.append(f"tool changed: layout {old_tool.get('version')} at {_short(old_tool.get('commit'))} → "
                   f"{new_tool.get('version')} at {_short(new_tool.get('commit'))}")
    if bool(old_tool.get("dirty")) != bool(new_tool.get("dirty")):
        out.append(f"tool changed: the {'recorded' if old_tool.get('dirty') else 'new'} build's checkout had uncommitted changes")
    if old_tool.get("lockfile") != new_tool.get("lockfile"):
        out.append("lockfile changed: requirements.lock")
    if old_tool.get("python") != new_tool.get("python"):
        out.append(f"Python changed: {old_tool.get('python')} → {new_tool.get('python')}")
    for key, before, after in _changed_keys(old_tool.get("packages") or {}, new_tool.get("packages") or {}):
        out.append(f"library {_what(before, after)}: {key} {before or '-'} → {after or '-'}")
    for key, before, after in _changed_keys(old.get("options") or {}, new.get("options") or {}):
        out.append(f"build option changed: {key} {before} → {after}")
    for key, before, after in _changed_keys(old.get("dates") or {}, new.get("dates") or {}):
        out.append(f"date changed: {key} {before} → {after}")
    return out


def _short(commit: Any) -> str:
    return str(commit)[:12] if commit else "(no git checkout)"


def changed_pages(old: list[str], new: list[str]) -> list[int]:
    """1-based numbers of the pages whose hash differs, pages added or
    removed included."""
    return [i + 1 for i in range(max(len(old), len(new)))
            if i >= len(old) or i >= len(new) or old[i] != new[i]]


# ------------------------------------------------------------------ one issue

@dataclass(frozen=True)
class FileChange:
    name: str
    kind: str  # proof | print
    pages: tuple[int, ...]


@dataclass(frozen=True)
class Verdict:
    issue: str
    status: str  # identical | changed | failed
    files: tuple[FileChange, ...] = ()
    causes: tuple[str, ...] = ()
    images: tuple[str, ...] = ()  # diff images written, relative to the report folder
    messages: tuple[str, ...] = ()  # why it failed

    def line(self) -> str:
        """The one line ``layout verify`` prints for the issue."""
        if self.status == "failed":
            return f"{self.issue}  failed: {self.messages[0] if self.messages else 'unknown'}"
        if self.status == "identical":
            note = f" (outputs the same although the recorded build differs: {'; '.join(self.causes)})" if self.causes else ""
            return f"{self.issue}  identical{note}"
        parts = [f"{f.kind} {'pages ' + ', '.join(map(str, f.pages)) if f.pages else 'bytes only, no page looks different'}"
                 for f in self.files]
        why = "; ".join(self.causes) if self.causes else "nothing recorded differs: the build is not reproducible"
        return f"{self.issue}  changed: {'; '.join(parts)} — because: {why}"

    def detail(self) -> list[str]:
        lines = [self.line()]
        lines += [f"    {m}" for m in self.messages[1:]]
        lines += [f"    diff image: {img}" for img in self.images]
        return lines


@dataclass(frozen=True)
class VerifyTask:
    archive: Path
    report_dir: Path
    env: Mapping[str, str] = field(default_factory=dict)  # the environment builds see, SOURCE_DATE_EPOCH aside

    def __call__(self, folder: Path) -> Verdict:
        try:
            return verify_issue(folder, self.archive, self.report_dir, self.env)
        except Exception as exc:  # keep going past anything: one issue's problem is its own line
            return Verdict(folder.name, "failed", messages=(f"internal error: {type(exc).__name__}: {exc}",))


def verify_issue(folder: Path, archive: Path, report_dir: Path, env: Mapping[str, str]) -> Verdict:
    from .build import build_issue

    slug = folder.name
    recorded_dir = archive / slug
    old = read_manifest(recorded_dir / "manifest.json")
    if old is None:
        return Verdict(slug, "failed", messages=(f"no archived build: {recorded_dir / 'manifest.json'} is missing or unreadable",))
    options = BuildOptions.from_dict(old.get("options") or {})
    build_env = {k: v for k, v in env.items() if k != EPOCH_VAR}
    epoch = epoch_of(old.get("dates") or {})
    if epoch is not None:
        build_env[EPOCH_VAR] = str(epoch)
    with tempfile.TemporaryDirectory(prefix="layout-verify-") as tmpname:
        tmp = Path(tmpname)
        try:
            result = build_issue(folder, tmp, previews=options.previews, dpi=options.dpi, env=build_env)
        except LayoutError as exc:
            return Verdict(slug, "failed", messages=tuple(f"rebuild failed: {d}" for d in exc.diagnostics))
        new = read_manifest(result.out_dir / "manifest.json") or {}
        why = causes(old, new)
        files: list[FileChange] = []
        images: list[str] = []
        missing: list[str] = []
        new_outputs = new.get("outputs") or {}
        names = set(new_outputs) | set(old.get("outputs") or {})
        for name in sorted(names, key=lambda n: (_KIND_ORDER.get((new_outputs.get(n) or {}).get("kind", ""), 9), n)):
            entry = new_outputs.get(name) or (old.get("outputs") or {}).get(name) or {}
            kind = entry.get("kind", name)
            archived, rebuilt = recorded_dir / name, result.out_dir / name
            if not archived.is_file() or not rebuilt.is_file():
                missing.append(f"{name} is {'not in the archive' if not archived.is_file() else 'no longer written'}")
                continue
            if sha256_file(archived) == sha256_file(rebuilt):
                continue
            pages = changed_pages(page_hashes(archived), page_hashes(rebuilt))
            files.append(FileChange(name, kind, tuple(pages)))
            if kind == "proof" and pages:
                images += diff_images(archived, rebuilt, pages, report_dir / slug, report_dir)
        if missing:
            return Verdict(slug, "failed", causes=tuple(why), messages=tuple(missing))
        status = "changed" if files else "identical"
        if files and (old.get("tool") or {}).get("dirty") and (new.get("tool") or {}).get("dirty"):
            why.append("tool: both builds ran from a checkout with uncommitted changes (the commit does not name the code)")
        return Verdict(slug, status, tuple(files), tuple(why), tuple(images))


# ------------------------------------------------------------------ diff images

def diff_images(old_pdf: Path, new_pdf: Path, pages: list[int], folder: Path, report_dir: Path) -> list[str]:
    """For each page: the old page, the new page and their difference (what
    changed in red on a faint copy of the new page), side by side."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops

    folder.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    old_doc, new_doc = pdfium.PdfDocument(str(old_pdf)), pdfium.PdfDocument(str(new_pdf))
    try:
        for number in pages:
            old_img = _render(old_doc, number)
            new_img = _render(new_doc, number)
            size = (max(i.width for i in (old_img, new_img) if i) if old_img or new_img else 1,
                    max(i.height for i in (old_img, new_img) if i) if old_img or new_img else 1)
            blank = Image.new("RGB", size, "white")
            a = _fit(old_img, blank)
            b = _fit(new_img, blank)
            mask = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 16 else 0)
            faint = Image.blend(b, blank, 0.8)
            diff = Image.composite(Image.new("RGB", size, (220, 0, 0)), faint, mask)
            sheet = Image.new("RGB", (size[0] * 3 + 20, size[1]), (128, 128, 128))
            for i, img in enumerate((a, b, diff)):
                sheet.paste(img, (i * (size[0] + 10), 0))
            path = folder / f"page-{number:02d}.png"
            sheet.save(path)
            written.append(path.relative_to(report_dir).as_posix())
    finally:
        old_doc.close()
        new_doc.close()
    return written


def _render(doc: Any, number: int) -> Any:
    if number > len(doc):
        return None
    page = doc[number - 1]
    try:
        return page.render(scale=DIFF_DPI / 72.0).to_pil().convert("RGB")
    finally:
        page.close()


def _fit(img: Any, blank: Any) -> Any:
    out = blank.copy()
    if img is not None:
        out.paste(img, (0, 0))
    return out


# ------------------------------------------------------------------ the archive

@dataclass(frozen=True)
class VerifyReport:
    verdicts: tuple[Verdict, ...]
    report_dir: Path

    @property
    def ok(self) -> bool:
        return all(v.status == "identical" for v in self.verdicts)

    def format(self) -> str:
        lines = [line for v in self.verdicts for line in v.detail()]
        counts = {s: sum(1 for v in self.verdicts if v.status == s) for s in ("identical", "changed", "failed")}
        lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
        return "\n".join(lines)


def verify_archive(issues_dir: Path, archive: Path, report_dir: Path, *, jobs: int | None = None,
                   env: Mapping[str, str] | None = None) -> VerifyReport:
    """Verify every issue of ``issues_dir`` against ``archive`` (the output
    root the issues were built into); diff images go to ``report_dir``,
    which is emptied first and must not be inside the archive."""
    import os

    archive, report_dir = Path(archive).resolve(), Path(report_dir).resolve()
    if report_dir == archive or archive in report_dir.parents or report_dir in archive.parents:
        raise InputError(Diagnostic(display_path(report_dir), None, None,
                                    f"the report folder overlaps the archive {display_path(archive)}; give --report a folder of its own"))
    if report_dir.exists():
        if any(report_dir.iterdir()) and not (report_dir / REPORT_FILE).is_file():
            raise InputError(Diagnostic(display_path(report_dir), None, None,
                                        f"this folder is not empty and holds no {REPORT_FILE}: give --report a new folder or an old report's"))
        shutil.rmtree(report_dir)
    report_dir.mkdir(parents=True)
    task = VerifyTask(archive, report_dir, dict(os.environ if env is None else env))
    verdicts = sorted(run_each(task, issue_folders(issues_dir), jobs or default_jobs()), key=lambda v: v.issue)
    report = VerifyReport(tuple(verdicts), report_dir)
    (report_dir / REPORT_FILE).write_text(report.format() + "\n", encoding="utf-8")
    return report
