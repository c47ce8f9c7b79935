"""manifest.json: what went into a build (inputs, fonts, tool versions) and
what came out, each with its SHA-256 — enough to rebuild the same bytes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import __version__
from .digest import sha256_file
from .fonts.faces import FontSet
from .model.document import Issue
from .pages.paginate import Layout


def tool_versions() -> dict[str, str]:
    import fontTools
    import pikepdf
    import PIL
    import reportlab

    return {
        "layout": __version__,
        "python": sys.version.split()[0],
        "reportlab": reportlab.Version,
        "pikepdf": pikepdf.__version__,
        "fonttools": fontTools.version,
        "pillow": PIL.__version__,
    }


def make_manifest(issue: Issue, inputs: Iterable[Path], fonts: FontSet, layout: Layout, outputs: list[Path],
                  date: str) -> dict[str, Any]:
    root = issue.dir.parent

    def rel(p: Path) -> str:
        try:
            return str(p.relative_to(root))
        except ValueError:
            return str(p)

    return {
        "issue": issue.slug,
        "date": date,
        "inputs": {rel(p): sha256_file(p) for p in inputs},
        "fonts": {f.key: {"file": f.path.name, "sha256": f.sha256, "version": f.version} for f in fonts.used()},
        "tools": tool_versions(),
        "outputs": {p.name: sha256_file(p) for p in outputs},
        "page_map": {pl.id: pl.page for page in layout.pages for pl in page.placements},
    }


def write_manifest(folder: Path, manifest: dict[str, Any]) -> Path:
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
