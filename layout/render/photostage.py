"""The photo stage: every placed photo converted once, on both cores,
before the proof and the print file are drawn.

The colour conversion of a photo needs no placement when the photo is not
resampled (the table and the ink limit work pixel by pixel: a crop of the
whole photo converted is its print pixels), so it starts before the text is
set: :class:`Early` forks a worker once the issue is loaded, which converts
the issue's photos whole while this process composes and makes up the
pages (the second core is idle meanwhile), then takes its share of the
placed photos (:mod:`layout.render.photoearly`).

Each photo is decoded and colour-converted once for both outputs: the
print's variant and the proof's smaller one (resampled from the print's
converted pixels, :meth:`PhotoPrep.convert`).  The photos are split between
this process and a forked worker (:func:`layout.parallel.run_pair`) by their
pixel count; each writes its JPEGs where the renderers look for them and
keeps them in the store, and only their ink and SHA-256 come back
(``--no-cache`` builds the same way).  The renderers' :class:`PhotoPrep`
then only finds them: their bytes are what its own conversion would write.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from ..heap import trim
from ..model.styles import PhotoSettings
from ..pages.display import Page, Picture
from ..parallel import run_pair
from ..usercache import Store
from .photoearly import Early, plan, start
from .photos import PhotoPrep, Placement, Prepared, Source, Variant, placement

if TYPE_CHECKING:
    from ..load.loader import Loaded


@dataclass(frozen=True)
class _Job:
    pic: Picture
    source: Source
    keys: tuple[str, ...]  # the store keys still to make
    sizes: tuple[Variant, ...]  # their variants
    files: tuple[tuple[tuple[Variant, Path], ...], ...]  # for each: the (variant, file) of the preps that show it


def placed(pages: Iterable[Page]) -> list[Picture]:
    """The pictures of ``pages``, each placement once, in page order."""
    seen: dict[Placement, Picture] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, Picture):
                seen.setdefault(placement(item), item)
    return list(seen.values())


def convert_photos(pictures: Iterable[Picture], folder: Path, profile: Path, settings: PhotoSettings,
                   store: Store | None, jobs: int = 1, early: Early | None = None) -> dict[tuple[Placement, Variant], Prepared]:
    """The print and proof JPEGs of ``pictures`` written into ``folder``
    (as the renderers' :class:`PhotoPrep` names them), by placement and
    variant: taken from the store where kept, else made (on two processes when
    ``jobs`` ≥ 2, with the ``early`` worker when one was started) and kept.
    No photo's bytes stay in memory."""
    try:
        return _convert_photos(pictures, folder, profile, settings, store, jobs, early)
    finally:
        if early is not None:
            early.close()


def _convert_photos(pictures: Iterable[Picture], folder: Path, profile: Path, settings: PhotoSettings,
                    store: Store | None, jobs: int, early: Early | None) -> dict[tuple[Placement, Variant], Prepared]:
    preps = (PhotoPrep(folder, profile, settings, store=store),
             PhotoPrep(folder, profile, settings, store=store, max_ppi=settings.proof_max_ppi))
    prep = preps[0]
    ready: dict[tuple[Placement, Variant], Prepared] = {}
    todo: list[_Job] = []
    for pic in pictures:
        source = prep.look(pic)
        wanted: dict[str, tuple[Variant, list[tuple[Variant, Path]]]] = {}  # store key → variant, who shows it where
        for p in preps:
            wanted.setdefault(p.store_key(pic, source), (p.variant, []))[1].append((p.variant, p.path_for(pic, source)))
        keys: list[str] = []
        for key, (_, files) in wanted.items():
            known = [_known(path) if store is not None else None for _, path in files]
            if all(k is not None for k in known):  # written before by this process, unchanged: nothing to read
                for (variant, path), k in zip(files, known, strict=True):
                    assert k is not None
                    ready[(placement(pic), variant)] = Prepared(path, source.ppi, source.pixels, *k)
                continue
            got = prep.stored(key)
            if got is None:
                keys.append(key)
                continue
            for variant, path in files:
                ready[(placement(pic), variant)] = Prepared(path, source.ppi, source.pixels, got[1],
                                                            prep.write(path, got[0]))
        if keys:
            todo.append(_Job(pic, source, tuple(keys), tuple(wanted[k][0] for k in keys),
                             tuple(tuple(wanted[k][1]) for k in keys)))
    if todo:
        if early is not None and early.running:
            ready.update(early.share(todo, prep, lambda part: _run(part, prep)))
        else:
            ready.update(_convert(todo, prep, jobs))
        trim()  # the pixels' memory back to the system before the outputs' processes start
    _remember(ready.values())
    _SOURCES.update(_stamp(pic.source) for pic in pictures)
    return ready


Made = dict[tuple[Placement, Variant], Prepared]


class EarlyStart:
    """Called with the loaded issue (:func:`layout.build.prepare_issue`'s
    ``on_loaded``): starts the early worker (:mod:`layout.render.photoearly`)
    when ``jobs`` ≥ 2 and some photo of the issue is new to this process;
    ``handle`` is then given to :func:`convert_photos`, which stops it."""

    def __init__(self, jobs: int, warm: Callable[[], None] | None = None):
        self.jobs = jobs
        self.warm = warm  # run first by the worker (photoearly.start)
        self.handle: Early | None = None

    def __call__(self, loaded: Loaded) -> None:
        issue, theme = loaded.issue, loaded.theme
        sources = [(image.path, image.pixel_size) for article in issue.articles for image in article.images]
        if self.jobs < 2 or seen(path for path, _ in sources):
            return
        prep = PhotoPrep(Path("."), theme.sheet.photo_profile, theme.photos, store=Store.user("photos"))
        self.handle = start(plan(sources, prep), prep, _run, self.warm)
        if self.handle is not None:
            weakref.finalize(self, Early.close, self.handle)  # a build that fails before its photos

    def warmed(self) -> None:
        """Back once the worker has made what ``warm`` makes (at once without a worker)."""
        if self.handle is not None:
            self.handle.warmed()

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def _run(part: list[_Job], prep: PhotoPrep, frames: dict[Path, Image.Image | None] | None = None) -> Made:
    """The conversions of ``part`` made (from ``frames``, the photos converted
    whole beforehand, where there is one), kept in the store and written."""
    made: Made = {}
    for job in part:
        frame = frames.pop(job.pic.source, None) if frames is not None else None
        converted = prep.convert(job.source, job.pic, job.sizes, frame)
        del frame
        prep.mark(job.source.digest)
        for key, files, (data, ink) in zip(job.keys, job.files, converted, strict=True):
            prep.keep(key, (data, ink))
            for variant, path in files:
                made[(placement(job.pic), variant)] = Prepared(path, job.source.ppi, job.source.pixels, ink,
                                                               prep.write(path, data))
    return made


def _convert(todo: list[_Job], prep: PhotoPrep, jobs: int) -> Made:
    """The conversions ``todo`` made, kept in the store and written, on two
    processes when ``jobs`` ≥ 2."""
    mine, theirs = _split(todo) if jobs >= 2 and len(todo) >= 2 else (todo, [])

    def run(part: list[_Job]) -> Made:
        return _run(part, prep)

    if theirs:
        for icc in {job.source.icc for job in todo if job.source.colour}:
            prep.table(icc)  # each colour table made once, before the fork: both processes use it
        a, b = run_pair(lambda: run(mine), lambda: run(theirs), jobs)
        return {**a, **b}
    return run(mine)


#: the photo files this process converted or found converted, by (path, size, mtime_ns): a
#: build whose photos are all among them (``layout watch``) starts no early worker
_SOURCES: set[tuple[Path, int, int]] = set()


def _stamp(path: Path) -> tuple[Path, int, int]:
    try:
        st = path.stat()
    except OSError:
        return (path, -1, -1)
    return (path, st.st_size, st.st_mtime_ns)


def seen(paths: Iterable[Path]) -> bool:
    """Every one of ``paths`` converted (or found) by this process, unchanged since."""
    return all(_stamp(p) in _SOURCES for p in paths)


#: JPEGs this process wrote or found, by file: (size, mtime_ns) and (ink, SHA-256).  A file's
#: name covers every input of its conversion, so an unchanged file of that name is that
#: conversion (``layout watch`` rebuilds without reading the store again)
_WRITTEN: OrderedDict[Path, tuple[tuple[int, int], tuple[float, str]]] = OrderedDict()
KEEP = 256  # files remembered


def _known(path: Path) -> tuple[float, str] | None:
    entry = _WRITTEN.get(path)
    if entry is None:
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    return entry[1] if entry[0] == (st.st_size, st.st_mtime_ns) else None


def _remember(made: Iterable[Prepared]) -> None:
    for p in made:
        try:
            st = p.path.stat()
        except OSError:
            continue
        _WRITTEN[p.path] = ((st.st_size, st.st_mtime_ns), (p.ink, p.digest))
        _WRITTEN.move_to_end(p.path)
    while len(_WRITTEN) > KEEP:
        _WRITTEN.popitem(last=False)


def _split(todo: list[_Job]) -> tuple[list[_Job], list[_Job]]:
    """Two shares of about the same number of pixels (the largest first,
    each to the lighter share); the order within a share as given."""
    weight = [0, 0]
    share: list[int] = [0] * len(todo)
    for i in sorted(range(len(todo)), key=lambda i: -todo[i].source.pixels[0] * todo[i].source.pixels[1]):
        side = 0 if weight[0] <= weight[1] else 1
        share[i] = side
        weight[side] += todo[i].source.pixels[0] * todo[i].source.pixels[1]
    return [j for j, s in zip(todo, share, strict=True) if s == 0], [j for j, s in zip(todo, share, strict=True) if s == 1]
