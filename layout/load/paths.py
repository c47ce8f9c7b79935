"""The files an issue names, found without tripping over the file system.

A path in an input file may hold a NUL (YAML's ``"\\0"``), a name longer than
the file system allows, or a symbolic link that points at itself; Python
answers those with ValueError, OSError or RuntimeError.  Here each becomes a
sentence the loader puts at the path's place in the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import os_problem

NAME_MAX = 255  # bytes in one file or folder name (ext4, XFS, Btrfs, APFS, NTFS in UTF-16 units)
MISSING = "not found"
LOOP = "symbolic links point at each other in a loop; fix or remove the link"


class PathProblem(Exception):
    """A path that cannot be used; ``str(exc)`` says why and what to do."""


def name_problem(path: str | Path) -> str | None:
    """What is wrong with the spelling of ``path`` itself, or None."""
    text = str(path)
    if "\0" in text:
        return "the path contains a NUL character; remove it"
    for part in Path(text).parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            return f"a name in the path is {size} bytes long; the file system allows {NAME_MAX}: use a shorter name"
    return None


def resolve(path: Path) -> Path:
    """``path`` made absolute with its symbolic links followed."""
    problem = name_problem(path)
    if problem is not None:
        raise PathProblem(problem)
    try:
        return path.resolve()
    except RuntimeError:  # Python 3.11 reports a symlink loop so
        raise PathProblem(LOOP) from None
    except OSError as exc:
        raise PathProblem(os_problem(exc)) from None


def file_problem(path: Path) -> str | None:
    """None when ``path`` is a regular file; :data:`MISSING` when nothing
    is there; else what is wrong with it."""
    problem = name_problem(path)
    if problem is not None:
        return problem
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return MISSING
    except OSError as exc:
        return os_problem(exc)
    if stat.S_ISDIR(st.st_mode):
        return "this is a folder, not a file"
    if not stat.S_ISREG(st.st_mode):
        return "this is not a regular file (a device, pipe or socket); give a file"
    return None


def folder_name_problem(name: str, limit: int) -> str | None:
    """What is wrong with an issue folder's name (it becomes part of every
    output file's name), or None."""
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:
        return "the issue folder's name is not UTF-8 text; rename it, e.g. 2025-06"
    if size > limit:
        return f"the issue folder's name is {size} bytes long; at most {limit} are allowed (it names the outputs): rename it, e.g. 2025-06"
    return None
