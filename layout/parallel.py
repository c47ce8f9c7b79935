"""Two independent pieces of work on both cores.

:func:`run_pair` runs ``first`` in this process and ``second`` in a forked
child (which inherits the loaded fonts, the laid-out pages and every import,
so nothing is loaded twice), then returns both results.  The child's result
(or its exception) comes back pickled through a pipe.  With one job, or
where ``fork`` is unavailable, the two run one after the other here: the
output is the same either way, only the wall time differs.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable
from typing import TypeVar

A = TypeVar("A")
B = TypeVar("B")


def default_jobs() -> int:
    """``LAYOUT_JOBS`` if set, else the cores this process may use (at most 2)."""
    raw = os.environ.get("LAYOUT_JOBS", "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(2, cores))


def run_pair(first: Callable[[], A], second: Callable[[], B], jobs: int = 1) -> tuple[A, B]:
    if jobs < 2 or not hasattr(os, "fork") or sys.platform == "win32":
        return first(), second()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run second, send its outcome, leave without cleanup handlers
        code = 0
        try:
            os.close(read_fd)
            try:
                outcome: tuple[str, object] = ("ok", second())
            except BaseException as exc:  # noqa: BLE001 - sent to the parent, raised there
                outcome = ("error", exc)
            try:
                blob = pickle.dumps(outcome)
            except Exception as exc:  # noqa: BLE001 - an unpicklable exception: its text
                blob = pickle.dumps(("error", RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]} ({exc})")))
            with os.fdopen(write_fd, "wb") as fh:
                fh.write(blob)
        except BaseException:  # noqa: BLE001 - the parent reports a worker without a result
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    try:
        a = first()
    except BaseException:
        os.close(read_fd)
        _reap(pid, kill=True)
        raise
    with os.fdopen(read_fd, "rb") as fh:
        blob = fh.read()
    _reap(pid)
    if not blob:
        raise RuntimeError("the parallel worker ended without a result")
    kind, value = pickle.loads(blob)
    if kind == "error":
        assert isinstance(value, BaseException)
        raise value
    return a, value


def _reap(pid: int, kill: bool = False) -> None:
    import signal

    if kill:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
