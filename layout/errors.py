"""Diagnostics shared by every stage.

A problem the user can fix (bad YAML, a missing photo, a character outside the
fonts, an overfull page) is a :class:`Diagnostic` with the place it comes from.
Stages collect them and raise :class:`InputError` (exit 2: the input is wrong)
or :class:`BuildError` (exit 1: the input is valid but cannot be built as
asked, e.g. an article that does not fit its page).  The CLI prints them as
``FILE:LINE:COL: message`` and never shows a traceback for them.
"""

from __future__ import annotations

import errno
import os
import unicodedata
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
        message = self.message.replace("\r\n", "\n").replace("\n", "⏎")  # one problem, one line
        return f"{where}: {prefix}{message}"


def display_path(path: str | Path) -> str:
    """A path as the user would type it: relative to the working directory
    when it lies below it, else absolute.  Bytes that are not UTF-8 (a
    folder name from another system) are shown as ``\\xNN``, a NUL as
    ``\\x00``, so that the message itself can always be printed."""
    p = Path(path)
    try:
        shown = str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the cwd, a NUL, a symlink loop
        shown = str(p)
    return printable_path(shown)


def printable_path(path: str | Path) -> str:
    """``path`` with undecodable bytes as ``\\xNN`` and control characters
    escaped: safe to print and to write into UTF-8 files."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(ascii(ch)[1:-1] if unicodedata.category(ch)[0] == "C" else ch for ch in text)


def shown_value(value: object, limit: int = 40) -> str:
    """A value quoted in a message: on one line (line breaks as ⏎, other
    controls escaped) and cut after ``limit`` characters."""
    text = str(value).replace("\r\n", "\n").replace("\n", "⏎")
    text = "".join(ascii(ch)[1:-1] if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return text if len(text) <= limit else text[:limit] + "…"


# errno → (what happened, what to do): the sentence a user reads instead of a traceback
_OS_ADVICE: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("no space left on the device", "free some space or choose another --out, then run again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space or choose another --out, then run again"),
    errno.EACCES: ("permission denied", "check the permissions, or choose another path"),
    errno.EPERM: ("operation not permitted (the file may be immutable or locked)", "check its attributes and permissions, or choose another path"),
    errno.EROFS: ("the file system is read-only", "choose a writable folder"),
    errno.ENAMETOOLONG: ("the name is longer than the file system allows", "use a shorter file name"),
    errno.ELOOP: ("symbolic links point at each other in a loop", "fix or remove the link"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "check the path"),
    errno.EISDIR: ("this is a folder, not a file", "give the path of a file"),
    errno.ENOENT: ("no such file or folder", "check the path"),
    errno.EEXIST: ("something of that name is in the way", "move it away, or choose another path"),
    errno.EIO: ("the device reported an input/output error", "check the disk, then run again"),
    errno.EMFILE: ("too many open files", "close other programs or raise the limit (ulimit -n), then run again"),
    errno.ENFILE: ("too many open files on the system", "close other programs, then run again"),
    errno.EBUSY: ("the file or device is busy", "close what uses it, then run again"),
    errno.ENOTEMPTY: ("the folder is not empty", "move its contents away, or choose another path"),
}


def os_problem(exc: OSError) -> str:
    """``cause, what to do`` for an operating-system error."""
    cause, todo = _OS_ADVICE.get(exc.errno or -1, (None, "check the path and the disk, then run again"))
    if cause is None:
        cause = (exc.strerror or str(exc)).lower()
    return f"{cause}; {todo}"


def os_diagnostic(exc: OSError, path: str | Path | None = None) -> Diagnostic:
    """An OSError as ``PATH: cause, what to do`` (the path it names, else ``path``)."""
    where = exc.filename if exc.filename is not None else path
    if isinstance(where, bytes):
        where = os.fsdecode(where)
    name = display_path(where) if where is not None else "layout"
    message = os_problem(exc)
    if exc.filename2 is not None:
        message = f"(with {display_path(os.fsdecode(exc.filename2))}) {message}"
    return Diagnostic(name, None, None, message)


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
