"""Where a build writes, and how its output set is put in place.

A build writes into its own temporary folder beside the outputs,
``OUT/.build-<issue>.<pid>.<start>.<random>``: the name says which process
owns it (its id and its start time, so a reused process id is not taken
for the owner).  A build that was killed (``kill -9``, a power cut) leaves
that folder behind; the next build in ``OUT`` removes every such folder
whose owner is gone, and every ``*.<pid>.tmp`` file of a gone process in
the photo cache.

When every stage passed, the temporary folder *becomes* ``OUT/<issue>`` in
one step: on Linux the two folders are exchanged atomically
(``renameat2(RENAME_EXCHANGE)``), so a reader always finds either the old
set or the new set, whole — never a new report beside old PDFs.  The old
set, now under the temporary name, is then removed.  Where the file system
cannot exchange, the old set is renamed aside and the new one renamed in:
for a moment there is no ``OUT/<issue>``, but never a mixed one.

``OUT/<issue>`` belongs to layout: a folder there that holds files but no
``manifest.json`` or report (someone else's folder) is not replaced; the
build stops and says so.

An operating-system error while writing (a full disk, a folder made
read-only meanwhile) removes the temporary folder and becomes one line
naming ``OUT/<issue>`` and the cause (exit 2).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import stat
from pathlib import Path
from types import TracebackType
from typing import Self

from .errors import Diagnostic, InputError, display_path, os_problem

PREFIX = ".build-"
MARKS = ("manifest.json", "report.json", "report.txt")  # any one: the folder is a set layout wrote
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


# ---------------------------------------------------------------- owners


def _start_time(pid: int) -> str | None:
    """The start time of process ``pid`` in clock ticks since boot (Linux),
    '0' where there is no /proc, None when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            text = fh.read().decode("ascii", "replace")
    except FileNotFoundError:
        return None
    except OSError:
        return _alive_by_signal(pid)
    fields = text.rpartition(")")[2].split()  # the command name may hold spaces and parentheses
    return fields[19] if len(fields) > 19 else "0"


def _alive_by_signal(pid: int) -> str | None:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # another user's process: alive
        return "0"
    return "0"


def owner_tag(pid: int | None = None) -> str:
    """``<pid>.<start>`` of this (or process ``pid``)."""
    pid = os.getpid() if pid is None else pid
    return f"{pid}.{_start_time(pid) or '0'}"


def owner_alive(pid: int, start: str) -> bool:
    """Whether process ``pid``, started at ``start`` ('0': unknown), runs."""
    now = _start_time(pid) if os.path.isdir("/proc/self") else _alive_by_signal(pid)
    if now is None:
        return False
    return start == "0" or now == "0" or now == start


def parse_build_name(name: str) -> tuple[int, str] | None:
    """(pid, start) from a temporary folder's name, or None if it is not one."""
    if not name.startswith(PREFIX):
        return None
    parts = name.removesuffix(".old").rsplit(".", 3)
    if len(parts) != 4 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    return int(parts[1]), parts[2]


def sweep(out_root: Path) -> list[Path]:
    """Remove the temporary folders in ``out_root`` whose builds are gone
    (an old set renamed aside with no set in its place is put back); the
    folders removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(out_root))
    except OSError:
        return removed
    for entry in entries:
        owner = parse_build_name(entry.name)
        if owner is None or owner_alive(*owner):
            continue
        path = Path(entry.path)
        restore = out_root / entry.name.removesuffix(".old").rsplit(".", 3)[0][len(PREFIX):]
        if entry.name.endswith(".old") and entry.is_dir(follow_symlinks=False) and not os.path.lexists(restore):
            with contextlib.suppress(OSError):  # killed between the two renames: the old set goes back
                os.rename(path, restore)
                continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
        removed.append(path)
    return removed


def sweep_tmp_files(folder: Path) -> list[Path]:
    """Remove ``*.<pid>.tmp`` files in ``folder`` (the photo cache) whose
    writer is gone: a conversion killed half-way."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        stem, _, ext = entry.name.rpartition(".")
        pid = stem.rpartition(".")[2]
        if ext != "tmp" or not pid.isdigit() or owner_alive(int(pid), "0"):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


# --------------------------------------------------------------- folders


def _fail(path: Path, message: str) -> InputError:
    return InputError(Diagnostic(display_path(path), None, None, message))


def ensure_folder(path: Path, role: str) -> None:
    """Make the folder ``path`` (and its parents); when a file is in the way,
    say which one and what it was needed for."""
    probe = path
    while True:
        try:
            st = os.stat(probe)
        except FileNotFoundError:
            if probe.parent == probe:
                break
            probe = probe.parent
            continue
        except NotADirectoryError:
            probe = probe.parent
            continue
        except OSError as exc:
            raise _fail(probe, os_problem(exc)) from None
        if not stat.S_ISDIR(st.st_mode):
            raise _fail(probe, f"is a file, not a folder; layout needs a folder here for {role}: move the file away or choose another --out")
        break
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(path, f"cannot make the folder for {role}: {os_problem(exc)}") from None


def check_target(target: Path) -> None:
    """``OUT/<issue>`` may be replaced: nothing is there, or a folder layout wrote."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _fail(target, os_problem(exc)) from None
    if stat.S_ISLNK(st.st_mode):
        raise _fail(target, "is a symbolic link; layout writes the issue's outputs into a folder of this name: "
                            "remove the link or choose another --out")
    if not stat.S_ISDIR(st.st_mode):
        raise _fail(target, "is a file; layout writes the issue's outputs into a folder of this name: "
                            "move the file away or choose another --out")
    try:
        names = os.listdir(target)
    except OSError as exc:
        raise _fail(target, f"cannot read the folder: {os_problem(exc)}") from None
    if names and not any(m in names for m in MARKS) and not _draft_only(target, names):
        raise _fail(target, "holds files layout did not write (no manifest.json or report); a build replaces this "
                            "folder whole: move the files away or choose another --out")


def _draft_only(target: Path, names: list[str]) -> bool:
    """The folder holds only what ``layout build --draft`` writes there: its
    proof (``…-draft.pdf``; ``…-proof.pdf`` from earlier versions), marked a draft in its
    document info, written by layout."""
    if not all(n.endswith(("-draft.pdf", "-proof.pdf")) for n in names):
        return False
    import pikepdf

    for name in names:
        try:
            with pikepdf.open(target / name) as pdf:
                info = pdf.docinfo
                subject, creator = str(info.get("/Subject", "")), str(info.get("/Creator", ""))
        except (OSError, pikepdf.PdfError, ValueError):
            return False
        if not (subject.endswith("(draft)") and creator.startswith("layout ")):
            return False
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), os.fsdecode(b))


def install(new: Path, target: Path) -> None:
    """Put the folder ``new`` in the place of ``target`` in one step; the
    old set is removed afterwards."""
    if not os.path.lexists(target):
        try:
            os.rename(new, target)
            return
        except OSError as exc:  # another build installed meanwhile: exchange with it
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # the old set, under the temporary name
        return
    aside = new.with_name(new.name + ".old")
    os.rename(target, aside)
    os.rename(new, target)
    shutil.rmtree(aside, ignore_errors=True)


# ---------------------------------------------------------------- the set


class OutputSet:
    """The temporary folder of one build of ``slug`` under ``out_root``::

        with OutputSet(out_root, slug) as outset:
            ... write into outset.path ...
            files = outset.install()
    """

    def __init__(self, out_root: Path, slug: str):
        self.out_root = out_root
        self.target = out_root / slug
        self.photo_cache = out_root / ".cache" / "photos"
        self.path = out_root / f"{PREFIX}{slug}.{owner_tag()}.{secrets.token_hex(4)}"
        self.installed = False

    def __enter__(self) -> Self:
        ensure_folder(self.out_root, "the outputs")
        check_target(self.target)
        ensure_folder(self.photo_cache, "the photo cache")
        sweep(self.out_root)
        sweep_tmp_files(self.photo_cache)
        try:
            self.path.mkdir()
        except OSError as exc:
            raise _fail(self.out_root, f"cannot make the build's temporary folder: {os_problem(exc)}") from None
        return self

    def install(self) -> list[Path]:
        """Make the written set ``OUT/<issue>``; its files, as installed."""
        try:
            check_target(self.target)
            install(self.path, self.target)
        except OSError as exc:
            raise _fail(self.target, f"cannot put the new outputs in place: {os_problem(exc)}") from None
        self.installed = True
        return sorted(p for p in self.target.rglob("*") if p.is_file())

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if not self.installed:
            shutil.rmtree(self.path, ignore_errors=True)
        if isinstance(exc, OSError):
            name = os.path.basename(os.fsdecode(exc.filename)) if exc.filename else None
            what = f" ({name})" if name else ""
            raise _fail(self.target, f"cannot write the outputs{what}: {os_problem(exc)}; nothing was changed") from None
        if exc is not None and _is_disk_full(exc):
            raise _fail(self.target, f"cannot write the outputs: {os_problem(OSError(errno.ENOSPC, ''))}; "
                                     "nothing was changed") from None


def _is_disk_full(exc: BaseException) -> bool:
    """A library (qpdf, ReportLab) that reports a full disk in its own exception."""
    text = str(exc)
    return "No space left on device" in text or "Disk quota exceeded" in text
