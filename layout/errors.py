"""Diagnostics shared by every stage.

A problem the user can fix (bad YAML, a missing photo, a character outside the
fonts, an overfull page) is a :class:`Diagnostic` with the place it comes from.
Stages collect them and raise :class:`InputError` (exit 2: the input is wrong)
or :class:`BuildError` (exit 1: the input is valid but cannot be built as
asked, e.g. an article that does not fit its page).  The CLI prints them as
``FILE:LINE:COL: message`` and never shows a traceback for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int | None = None
    col: int | None = None
    message: str = ""
    severity: str = "error"  # "error" | "warning" | "note"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {prefix}{self.message}"


def display_path(path: str | Path) -> str:
    """A path as the user would type it: relative to the working directory
    when it lies below it, else absolute."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


class LayoutError(Exception):
    """Base of the errors the CLI reports without a traceback."""

    exit_code = 1

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class InputError(LayoutError):
    """The input files are wrong (syntax, schema, missing file, glyph)."""

    exit_code = 2


class BuildError(LayoutError):
    """The input is valid but the issue cannot be built as asked
    (overfull page, photo resolution too low, preflight failure)."""

    exit_code = 1
