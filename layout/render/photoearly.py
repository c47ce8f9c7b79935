"""The early photo worker: the issue's photos converted whole on the second
core while the text is set (:mod:`layout.render.photostage`).

:func:`start` forks the worker as soon as the issue is loaded.  It first
makes what the build's own process will soon read from the user's cache
folder (``warm``: jieba's dictionary index; the build waits for it,
:meth:`Early.warmed`, before it sets the text).  Then it reads
each photo it plans (the issue's photos not converted before: no marker in
the store; within :data:`EARLY_PIXELS`) and converts it whole, upright
(:meth:`PhotoPrep.frame`), holding the results.  Once the pages are made,
:meth:`Early.share` hands it the conversions to make: the worker first takes
those it holds a frame for (a placed photo not resampled: its print pixels
are a crop of the frame), then any left; this process takes the others
first, then any left, so neither core waits while there is work.  Each
conversion is claimed once from two queues (pipes of job numbers written
before either side reads: a read takes one whole number or finds the queue
empty).  The worker writes its JPEGs and store entries itself and sends
back what the renderers need (ink and SHA-256); a conversion whose result
never came back (the worker died) is made here.  The bytes are the same
whoever makes them and whether or not from a frame.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PIL import Image

from .photos import PhotoPrep

#: source pixels the worker holds converted (4 bytes each: 128 MB) — the peak memory's bound; an
#: issue of the sample's size (seven photos, 28 megapixels) is converted whole while its text is set
EARLY_PIXELS = 32_000_000

#: seconds the build waits at most for the worker's ``warm`` (a third of a second of work)
WARM_WAIT = 3.0

Run = Callable[..., dict[Any, Any]]  # photostage._run: (jobs, prep, frames) → what was made
_NUMBER = struct.Struct(">I")


class Early:
    """The parent's handle on the worker (see the module docstring)."""

    def __init__(self, pid: int, jobs_w: int, results_r: int, queues: tuple[tuple[int, int], tuple[int, int]],
                 planned: Sequence[Path], warm_r: int = -1):
        self.pid: int | None = pid
        self._jobs_w = jobs_w
        self._results_r = results_r
        self._queues = queues
        self._warm_r = warm_r
        self.planned = list(planned)

    def warmed(self, timeout: float = WARM_WAIT) -> None:
        """Back once the worker's ``warm`` (:func:`start`) is done, it has
        ended, or ``timeout`` seconds have passed (then this process makes
        what it needs itself)."""
        if self._warm_r < 0:
            return
        import select

        with contextlib.suppress(OSError):
            select.select([self._warm_r], [], [], timeout)
        self._warm_r = self._shut(self._warm_r)

    @property
    def running(self) -> bool:
        return self.pid is not None

    def share(self, todo: list[Any], prep: PhotoPrep, run_here: Callable[[list[Any]], dict[Any, Any]]) -> dict[Any, Any]:
        """The conversions ``todo`` (photostage jobs) made by the worker and
        by this process (``run_here``) together."""
        order = {path: n for n, path in enumerate(self.planned)}
        framed = sorted((i for i, job in enumerate(todo)
                         if job.pic.source in order and job.source.ppi <= prep.print_ppi),
                        key=lambda i: order[todo[i].pic.source])
        rest = [i for i in range(len(todo)) if i not in set(framed)]
        (theirs_r, theirs_w), (mine_r, mine_w) = self._queues
        for fd, numbers in ((theirs_w, framed), (mine_w, rest)):
            _write_all(fd, b"".join(_NUMBER.pack(i) for i in numbers))
        self._queues = ((theirs_r, self._shut(theirs_w)), (mine_r, self._shut(mine_w)))
        with contextlib.suppress(BrokenPipeError):  # the worker is gone: every job is claimed here
            _write_all(self._jobs_w, pickle.dumps((prep.cache, todo)))
        self._jobs_w = self._shut(self._jobs_w)
        made: dict[Any, Any] = {}
        done: set[int] = set()
        for fd in (mine_r, theirs_r):
            while (i := _claim(fd)) is not None:
                made.update(run_here([todo[i]]))
                done.add(i)
        for i, theirs in _results(self._results_r):
            made.update(theirs)
            done.add(i)
        self.close()
        missing = [todo[i] for i in range(len(todo)) if i not in done]
        if missing:  # the worker ended without them
            made.update(run_here(missing))
        return made

    def close(self) -> None:
        """The worker stopped (if still running) and reaped; every pipe closed."""
        if self.pid is None:
            return
        # a warm-up under way is let finish (it may be writing into the cache folder: a build that
        # fails while it runs would leave its temporary file there); then the worker writes nothing
        # before it is given work: safe to stop
        self.warmed()
        pid, self.pid = self.pid, None
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        for fd in (self._jobs_w, self._results_r, self._warm_r, *(fd for q in self._queues for fd in q)):
            self._shut(fd)
        self._jobs_w = self._results_r = self._warm_r = -1
        self._queues = ((-1, -1), (-1, -1))

    @staticmethod
    def _shut(fd: int) -> int:
        """``fd`` closed (once: each is set to -1 where it is kept), -1."""
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        return -1


def plan(sources: Iterable[tuple[Path, tuple[int, int]]], prep: PhotoPrep) -> list[Path]:
    """The photos the worker converts whole: each file once, in the issue's
    order, within :data:`EARLY_PIXELS`."""
    chosen: list[Path] = []
    total = 0
    for path, (w, h) in sources:
        if path in chosen or total + w * h > EARLY_PIXELS:
            continue
        chosen.append(path)
        total += w * h
    return chosen


def start(planned: list[Path], prep: PhotoPrep, run: Run, warm: Callable[[], None] | None = None) -> Early | None:
    """The worker forked (None: nothing planned, or no ``fork`` here).  It
    first calls ``warm`` (what the build's own process will need soon and
    finds in the user's cache folder once made: jieba's dictionary index,
    text/words.py), then converts."""
    if not planned or not hasattr(os, "fork"):
        return None
    jobs_r, jobs_w = os.pipe()
    results_r, results_w = os.pipe()
    warm_r, warm_w = os.pipe() if warm is not None else (-1, -1)
    theirs, mine = os.pipe(), os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: convert ahead, then take its share; leave without cleanup handlers
        code = 0
        try:
            for fd in (jobs_w, results_r, warm_r, theirs[1], mine[1]):
                if fd >= 0:
                    os.close(fd)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle (it stops this)
            if warm is not None:
                with contextlib.suppress(Exception):  # an optimisation only: the build makes it itself
                    warm()
                os.close(warm_w)  # the parent's Early.warmed returns
            _work(planned, prep, run, jobs_r, results_w, theirs[0], mine[0])
        except BaseException:  # noqa: BLE001 - the parent makes whatever did not come back
            code = 1
        finally:
            os._exit(code)
    os.close(jobs_r)
    os.close(results_w)
    if warm_w >= 0:
        os.close(warm_w)
    return Early(pid, jobs_w, results_r, (theirs, mine), planned, warm_r)


def _work(planned: list[Path], prep: PhotoPrep, run: Run, jobs_r: int, results_w: int, first: int, then: int) -> None:
    frames: dict[Path, Image.Image | None] = {}
    for path in planned:
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        if prep.converted_before(raw):
            continue
        frames[path] = prep.frame(raw)
    blob = _read_all(jobs_r)
    os.close(jobs_r)
    if not blob:  # the parent needs nothing (every photo found kept, or the build failed)
        return
    folder, todo = pickle.loads(blob)
    prep.cache = folder
    out: list[tuple[int, dict[Any, Any]]] = []
    for fd in (first, then):
        while (i := _claim(fd)) is not None:
            out.append((i, run([todo[i]], prep, frames)))
    frames.clear()
    _write_all(results_w, pickle.dumps(out))
    os.close(results_w)


def _claim(fd: int) -> int | None:
    """The next job number of a queue, or None when it is empty (all numbers
    were written, and the writing end closed, before anyone read)."""
    got = os.read(fd, _NUMBER.size)
    if len(got) < _NUMBER.size:
        return None
    return int(_NUMBER.unpack(got)[0])


def _results(fd: int) -> list[tuple[int, dict[Any, Any]]]:
    blob = _read_all(fd)
    if not blob:
        return []
    try:
        got = pickle.loads(blob)
    except Exception:  # noqa: BLE001 - a worker killed while writing: its share is made here
        return []
    return list(got)


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
