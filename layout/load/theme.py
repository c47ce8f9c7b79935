"""Themes: the designer's knobs (page, grid, fonts, sizes, colours, print).

A theme is a YAML file.  The built-in ``tabloid`` is complete; any other theme
names a ``base`` (default ``tabloid``) and overrides only what it changes, so a
designer's theme stays short and keeps working when new keys are added.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Diagnostic, InputError, display_path, shown_value
from .paths import MISSING, PathProblem, file_problem, resolve
from .schema import SCHEMA_VERSION, ThemeIn
from .source import Loc, SourceDoc, load_yaml
from .validate import validate

THEME_DIR = Path(__file__).resolve().parent.parent / "themes"


def builtin_themes() -> list[str]:
    return sorted(p.stem for p in THEME_DIR.glob("*.yaml"))


class ThemeSource:
    """A merged theme with the file each value came from."""

    def __init__(self, layers: list[SourceDoc]):
        self.layers = layers  # base first, the theme named by the publication last
        merged: dict[str, Any] = {}
        for layer in layers:
            merged = _merge(merged, layer.data if isinstance(layer.data, dict) else {})
        merged.pop("base", None)
        self.data = merged

    def doc_for(self, loc: Loc) -> SourceDoc:
        for layer in reversed(self.layers):
            probe = tuple(loc)
            while probe:
                if probe in layer.values:
                    return layer
                probe = probe[:-1]
        return self.layers[-1]


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_theme(spec: str, relative_to: Path, where: Diagnostic) -> tuple[ThemeIn, ThemeSource]:
    """Load and merge the theme named ``spec`` (built-in name or a path
    relative to ``relative_to``) as written; ``where`` locates the
    ``theme:`` key for messages.  :mod:`.resolve` turns it into the model."""
    layers: list[SourceDoc] = []
    seen: set[Path] = set()
    current: str | None = spec
    base_dir = relative_to
    origin = where
    while current is not None:
        path = _resolve(current, base_dir, origin)
        if path in seen:
            raise InputError(Diagnostic(origin.file, origin.line, origin.col, f"theme '{current}' names itself as a base"))
        seen.add(path)
        doc = load_yaml(path)
        if doc.errors:
            raise InputError(doc.errors)
        if not isinstance(doc.data, dict):
            kind = "empty" if doc.data is None else f"a {_kind(doc.data)}"
            raise InputError(Diagnostic(display_path(path), 1, 1, f"a theme must be a mapping of keys (base:, body:, …); this file is {kind}"))
        layers.insert(0, doc)
        data = doc.data
        _check_schema(doc, data)
        if path.parent == THEME_DIR and path.stem == "tabloid":
            current = None
        else:
            current = str(data.get("base") or "tabloid")
            origin = doc.diag(("base",), "")
            base_dir = path.parent
    source = ThemeSource(layers)
    errors: list[Diagnostic] = []
    theme = validate(ThemeIn, source.data, source.doc_for, errors)
    if errors or theme is None:
        raise InputError(errors)
    return theme, source


def _resolve(spec: str, base_dir: Path, where: Diagnostic) -> Path:
    if "/" not in spec and not spec.endswith((".yaml", ".yml")):
        path = THEME_DIR / f"{spec}.yaml"
        if file_problem(path) is not None:
            raise InputError(Diagnostic(where.file, where.line, where.col,
                                        f"no built-in theme '{shown_value(spec)}'; built-in themes: {', '.join(builtin_themes())}, or give a path to a theme YAML"))
        return path.resolve()
    try:
        path = resolve(base_dir / spec)
    except PathProblem as exc:
        raise InputError(Diagnostic(where.file, where.line, where.col, f"theme file '{shown_value(spec)}': {exc}")) from None
    problem = file_problem(path)
    if problem == MISSING:
        raise InputError(Diagnostic(where.file, where.line, where.col, f"theme file '{shown_value(spec)}' not found (looked for {display_path(path)})"))
    if problem is not None:
        raise InputError(Diagnostic(where.file, where.line, where.col, f"theme file '{shown_value(spec)}': {problem}"))
    return path


def _kind(value: object) -> str:
    return {list: "list", str: "single text", int: "number", float: "number", bool: "yes/no value"}.get(type(value), type(value).__name__)


def _check_schema(doc: SourceDoc, data: dict[str, Any]) -> None:
    version = data.get("schema")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise InputError(doc.diag(("schema",), f"this theme is schema {version}; this version of layout reads schema {SCHEMA_VERSION}: upgrade layout"))
