"""manifest.json: everything that went into a build and what came out, so an
archivist can rebuild the same bytes — and, when a rebuild differs, tell why.

Portable: no absolute path.  A file of the issue is named relative to the
issues folder (``2025-06/issue.yaml``, ``publication.yaml``), a file of the
tool relative to its checkout with the prefix ``layout:``
(``layout:layout/themes/tabloid.yaml``), anything else by its file name with
the prefix ``external:``.  Two clones in different folders write the same
manifest.

Complete: the tool (version, git commit and dirty flag, the lockfile's hash,
every installed distribution with its version, Python), the fonts (each
file and ``fonts/manifest.json``), the ICC profiles, the theme (each layer
by content), the build options, the dates and where they came from, the
outputs and a hash per page of what the page draws, under a
schema version (:data:`SCHEMA`).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .dates import BuildDates
from .digest import sha256_file
from .fonts.faces import MANIFEST as FONTS_MANIFEST
from .fonts.faces import FontSet, fonts_dir
from .model.document import Issue
from .pages.paginate import Layout

SCHEMA = 3
"""The manifest's own version: raised when a key changes meaning (3: the
page hashes are of what a page draws, no longer of a 72-dpi raster)."""

TOOL_ROOT = Path(__file__).resolve().parents[1]
"""The checkout the tool runs from (the folder holding ``layout/``)."""

LOCKFILE = "requirements.lock"


@dataclass(frozen=True)
class BuildOptions:
    """The choices a build was made with that change what it writes."""

    previews: bool = True
    dpi: int = 100

    def to_dict(self) -> dict[str, Any]:
        return {"previews": self.previews, "dpi": self.dpi}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BuildOptions:
        return cls(previews=bool(data.get("previews", True)), dpi=int(data.get("dpi", 100)))


# ------------------------------------------------------------------ naming

def portable_name(path: Path, issues_root: Path) -> str:
    """A file's name in the manifest (see the module docstring)."""
    path = Path(path).resolve()
    for root, prefix in ((issues_root.resolve(), ""), (TOOL_ROOT, "layout:")):
        try:
            return prefix + path.relative_to(root).as_posix()
        except ValueError:
            continue
    return f"external:{path.name}"


# ------------------------------------------------------------------ the tool

def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(TOOL_ROOT), *args], capture_output=True, text=True, check=False,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def tool_provenance() -> dict[str, Any]:
    """The tool's version, git commit (None outside a checkout) and whether
    the checkout had uncommitted changes to tracked files, the lockfile's
    hash, Python and every installed distribution."""
    commit = _git("rev-parse", "HEAD")
    status = _git("status", "--porcelain", "--untracked-files=no") if commit else None
    lock = TOOL_ROOT / LOCKFILE
    packages = installed_packages()
    return {
        "version": __version__,
        "commit": commit.strip() if commit else None,
        "dirty": bool(status.strip()) if status is not None else None,
        "lockfile": sha256_file(lock) if lock.is_file() else None,
        "python": sys.version.split()[0],
        "packages": dict(sorted(packages.items())),
    }


_PACKAGES: dict[str, dict[str, str]] = {}  # the installation's stamp → its packages


def _installation() -> str:
    """A stamp of the installed distributions: the names and modification
    times of the metadata folders on the import path (installing, upgrading
    or removing a package changes it)."""
    seen: list[str] = []
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as it:
                for e in it:
                    if e.name.endswith((".dist-info", ".egg-info")):
                        seen.append(f"{entry}/{e.name} {e.stat().st_mtime_ns}")
        except OSError:
            continue
    return hashlib.sha256("\n".join(seen).encode("utf-8", "surrogateescape")).hexdigest()


def installed_packages() -> dict[str, str]:
    """Every installed distribution's version, by its normalised name (read
    once per installation, kept in this process and in the user's cache
    folder, Store ``tool``: each distribution's metadata file is parsed)."""
    from .usercache import Store

    stamp = _installation()
    found = _PACKAGES.get(stamp)
    if found is not None:
        return dict(found)
    store = Store.user("tool")
    key = f"packages-{stamp[:40]}"
    blob = store.get(key) if store is not None else None
    try:
        kept = json.loads(blob) if blob is not None else None
    except ValueError:
        kept = None
    if isinstance(kept, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in kept.items()):
        found = kept
    else:
        found = {}
        for dist in metadata.distributions():
            name = dist.metadata["Name"]
            if name:
                found[name.lower().replace("_", "-")] = dist.version
        if store is not None:
            store.put(key, json.dumps(found, sort_keys=True).encode())
    _PACKAGES.clear()
    _PACKAGES[stamp] = found
    return dict(found)


# ------------------------------------------------------------------ pages

def page_hashes(pdf: Path, *, keep: bool = True) -> list[str]:
    """A hash per page of what the page draws, read from the PDF's objects
    (:mod:`layout.check.pdfread.pagehash`): a page whose drawing is
    unchanged keeps its hash when another page changes the font subsets or
    the objects' numbering."""
    from .check.pdfread.pagehash import page_hashes as hashes

    return hashes(pdf, keep=keep)


def keep_page_hashes() -> None:
    """Write the page hashes a ``page_hashes(…, keep=False)`` left to the user's cache folder."""
    from .check.pdfread.pagehash import flush

    flush()


# ------------------------------------------------------------------ the manifest

def make_manifest(issue: Issue, inputs: Iterable[Path], theme_files: Iterable[Path], fonts: FontSet,
                  icc_profiles: Iterable[Path], layout: Layout, outputs: Mapping[str, Path], dates: BuildDates,
                  options: BuildOptions, pages: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    """``outputs``: kind (``proof``, ``print``) → the written PDF; ``pages``:
    kind → its :func:`page_hashes` where the build has them already."""
    root = issue.dir.parent

    def name(p: Path) -> str:
        return portable_name(p, root)

    theme_layers = [{"file": name(p), "sha256": sha256_file(p)} for p in theme_files]
    fonts_manifest = fonts_dir() / FONTS_MANIFEST
    first_page: dict[str, int] = {}
    for page in layout.pages:
        for pl in page.placements:
            first_page.setdefault(pl.id, pl.page)
    return {
        "schema": SCHEMA,
        "issue": issue.slug,
        "dates": dates.to_dict(),
        "options": options.to_dict(),
        "inputs": dict(sorted((name(p), sha256_file(p)) for p in inputs)),
        "theme": {
            "layers": theme_layers,
            "sha256": hashlib.sha256("\n".join(f"{t['file']} {t['sha256']}" for t in theme_layers).encode()).hexdigest(),
        },
        "fonts": {
            "manifest": sha256_file(fonts_manifest) if fonts_manifest.is_file() else None,
            "files": {f.key: {"file": f.path.name, "sha256": f.sha256, "version": f.version} for f in fonts.used()},
        },
        "icc": dict(sorted((name(p), sha256_file(p)) for p in set(icc_profiles))),
        "tool": tool_provenance(),
        "outputs": {p.name: {"kind": kind, "sha256": sha256_file(p), "pages": (pages or {}).get(kind) or page_hashes(p)}
                    for kind, p in outputs.items()},
        "page_map": first_page,
    }


def write_manifest(folder: Path, manifest: Mapping[str, Any]) -> Path:
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def read_manifest(path: Path) -> dict[str, Any] | None:
    """A manifest as written, or None when it is missing or not JSON."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
