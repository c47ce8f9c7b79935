"""Themes: the designer's knobs (page, grid, fonts, sizes, colours, print).

A theme is a YAML file.  The built-in ``tabloid`` is complete; any other theme
names a ``base`` (default ``tabloid``) and overrides only what it changes, so a
designer's theme stays short and keeps working when new keys are added.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Diagnostic, InputError
from ..facts.printing import TOTAL_INK_LIMIT
from .schema import SCHEMA_VERSION, ThemeIn
from .source import Loc, SourceDoc, load_yaml
from .validate import validate

THEME_DIR = Path(__file__).resolve().parent.parent / "themes"

Theme = ThemeIn

# the colour-name fields of a theme, for the check that each names a colour
_COLOR_FIELDS: list[Loc] = [
    ("body", "color"), ("subhead", "color"), ("title", "color"), ("kicker", "color"),
    ("subtitle", "color"), ("byline", "color"), ("caption", "color"),
    ("running_head", "color"), ("running_head", "rule_color"),
    ("masthead", "title_color"), ("masthead", "band_color"), ("masthead", "color"), ("masthead", "strip_color"),
    ("qr", "color"), ("toc", "heading_color"), ("toc", "heading_band_color"),
    ("toc", "ref_color"), ("toc", "frame_color"), ("toc", "ground_color"), ("rules", "color"),
]
FACE_FIELDS: list[Loc] = [
    ("body", "font"), ("body", "bold_font"), ("subhead", "font"), ("title", "font"),
    ("kicker", "font"), ("subtitle", "font"), ("byline", "font"), ("caption", "font"),
    ("running_head", "font"), ("masthead", "title_font"), ("masthead", "publisher_font"),
    ("masthead", "info_font"), ("qr", "caption_font"), ("toc", "heading_font"), ("toc", "entry_font"),
]


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


def load_theme(spec: str, relative_to: Path, where: Diagnostic) -> tuple[Theme, ThemeSource]:
    """Load the theme named ``spec`` (built-in name or a path relative to
    ``relative_to``); ``where`` locates the ``theme:`` key for messages."""
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
        layers.insert(0, doc)
        data = doc.data if isinstance(doc.data, dict) else {}
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
    if theme is not None:
        for loc in _COLOR_FIELDS:
            name = getattr(getattr(theme, loc[0]), loc[1])
            if name not in theme.colors:
                errors.append(source.doc_for(loc).diag(loc, f"colour '{name}' is not defined; define it under 'colors:' or use one of {', '.join(theme.colors)}"))
        for name, cmyk in theme.colors.items():
            if sum(cmyk) > TOTAL_INK_LIMIT:
                errors.append(source.doc_for(("colors", name)).diag(("colors", name), f"colour '{name}' has {sum(cmyk):g}% total ink; the print limit is {TOTAL_INK_LIMIT:g}%"))
        if len(theme.title.size_pt_by_columns) < theme.grid.columns:
            loc = ("title", "size_pt_by_columns")
            errors.append(source.doc_for(loc).diag(loc, f"give one title size per column count (1…{theme.grid.columns})"))
        if theme.masthead.columns >= theme.grid.columns:
            loc = ("masthead", "columns")
            errors.append(source.doc_for(loc).diag(loc, f"the masthead must leave columns for articles: at most {theme.grid.columns - 1}"))
    if errors or theme is None:
        raise InputError(errors)
    return theme, source


def _resolve(spec: str, base_dir: Path, where: Diagnostic) -> Path:
    if "/" not in spec and not spec.endswith((".yaml", ".yml")):
        path = THEME_DIR / f"{spec}.yaml"
        if not path.exists():
            raise InputError(Diagnostic(where.file, where.line, where.col,
                                        f"no built-in theme '{spec}'; built-in themes: {', '.join(builtin_themes())}, or give a path to a theme YAML"))
        return path.resolve()
    path = (base_dir / spec).resolve()
    if not path.is_file():
        raise InputError(Diagnostic(where.file, where.line, where.col, f"theme file '{spec}' not found (looked for {path})"))
    return path


def _check_schema(doc: SourceDoc, data: dict[str, Any]) -> None:
    version = data.get("schema")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise InputError(doc.diag(("schema",), f"this theme is schema {version}; this version of layout reads schema {SCHEMA_VERSION}: upgrade layout"))
