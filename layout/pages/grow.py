"""The elastic step of the page make-up: an article built where the packer
put it takes its share of the lines left free below it.

:func:`target_for` says how tall a module may grow (the lines free under
it, its share of those at the foot of its stack, as far as the modules it
pushes down keep their reading order); :func:`grow` builds the article
there and lets it take them: photos wider and deeper (within the crop
limit), the body justified, the headline larger or with more air.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..model.grid import Grid
from .article import Composed, Module, build_module
from .pack import Choice, in_reading_order, slack_below
from .photoframe import frame_for
from .stack import foot_room, settle, share, stack_below
from .styles import Setter


def target_for(choices: list[Choice], n: int, floor: int, space: int, alone: bool,
                strip: Choice | None = None) -> Callable[[int], int]:
    """How tall module ``n`` may grow once set ``rows`` tall: the lines free
    below it down to the next module (or ``floor``), and (unless ``alone``:
    the masthead strip's article ``strip``) its share of the
    lines free at the foot of its stack (stack.py), as far as the modules it
    pushes down keep their reading order (:func:`in_reading_order`)."""
    def target(rows: int) -> int:
        at = replace(choices[n], rows=rows)
        slack = slack_below(at, choices, floor, space)
        if alone:
            return rows + slack
        boxes = [*choices[:n], at, *choices[n + 1:]]
        if not stack_below(boxes, n):  # nothing below it: the slack reaches the foot already
            return rows + slack
        free, depth = foot_room(boxes, n, floor)
        most = rows + slack + share(free, depth)
        packed = [c for c in boxes if c is not strip]
        while most > rows + slack and not in_reading_order(settle(packed, n, most, space)):
            most -= 1
        return most
    return target


def grow(comp: Composed, page: int, ch: Choice, grid: Grid, setter: Setter, floor: int,
          target_for: Callable[[int], int]) -> Module:
    """Build the article where the packer put it, then let it take its share
    of the lines free below it (``target_for``): its photos wider (a column
    at a time) and deeper (within the crop limit), then its body justified
    (blank lines between paragraphs, the columns even), then more air around
    the headline."""
    rows_left = floor - ch.row0
    module = build_module(comp, page, ch.c0, ch.k, ch.row0, rows_left, grid, setter)
    if module.overflow:
        return module
    target = min(target_for(module.rows), rows_left)
    ps = setter.theme.photos
    base = comp
    # the author's widths stay (a form of the packer may have set the others)
    free = [own.columns is None for own in comp.article.images] if comp.part == 0 else []
    for more in range(1, ch.k if target > module.rows else 0):
        # photos a column wider while the page has room for them
        wider = tuple(replace(img, columns=min(ch.k, frame_for(img, ch.k, grid, ps).cols + more)) if ok else img
                      for img, ok in zip(base.images, free, strict=False))
        if wider == comp.images:
            break
        grown = build_module(base.with_photos(wider), page, ch.c0, ch.k, ch.row0, rows_left, grid, setter)
        if not (module.rows < grown.rows <= target) or grown.overflow or grown.photo_gap > module.photo_gap:
            break
        comp, module = base.with_photos(wider), grown
    # then one photo at a time a column wider, while the lines free below take it
    grew = len(comp.images) > 1
    while grew and module.rows < target:
        grew = False
        for n, (img, ok) in enumerate(zip(comp.images, free, strict=False)):
            if not ok:
                continue
            cols = frame_for(img, ch.k, grid, ps).cols
            if cols >= ch.k:
                continue
            wider = tuple(replace(i, columns=cols + 1) if j == n else i for j, i in enumerate(comp.images))
            grown = build_module(base.with_photos(wider), page, ch.c0, ch.k, ch.row0, rows_left, grid, setter)
            if module.rows < grown.rows <= target and not grown.overflow and grown.photo_gap <= module.photo_gap:
                comp, module, grew = base.with_photos(wider), grown, True
                break
    # each photo in turn deeper (within the crop limit), the largest crop that still ends above the obstacle
    photo_extra: tuple[int, ...] = ()
    for n, img in enumerate(comp.images if module.has_photo else ()):
        if module.rows >= target:
            break
        frame = frame_for(img, ch.k, grid, ps)
        for extra in range(min(target - module.rows, frame.max_rows - frame.rows), 0, -1):
            deeper = (*photo_extra, *([0] * (n - len(photo_extra))), extra)
            grown = build_module(comp, page, ch.c0, ch.k, ch.row0, rows_left, grid, setter, photo_extra=deeper)
            if grown.rows <= target and not grown.overflow:
                if grown.rows > module.rows:
                    module, photo_extra = grown, deeper
                break
    grown = build_module(comp, page, ch.c0, ch.k, ch.row0, rows_left, grid, setter, photo_extra=photo_extra, fill_to=target)
    if grown.rows <= target and not grown.overflow:
        module = grown
    if comp.part == 0:
        # a headline a size or two larger (the size of a wider article: within the theme's range),
        # where it takes lines free below, or fills more of its width in the lines it has
        base = comp
        for step in (-1, -2):
            larger = replace(base, head_step=base.head_step + step, cache={})
            grown = build_module(larger, page, ch.c0, ch.k, ch.row0, rows_left, grid, setter, photo_extra=photo_extra,
                                 fill_to=target)
            if grown.overflow or grown.rows > target:
                continue
            if module.rows < grown.rows or (grown.rows == module.rows and grown.title_lines <= module.title_lines):
                comp, module = larger, grown
    left = target - module.rows
    if left > 0:
        head = min(left, setter.theme.headline.max_extra_lines)
        grown = build_module(comp, page, ch.c0, ch.k, ch.row0, rows_left, grid, setter,
                             photo_extra=photo_extra, head_extra=head, fill_to=target)
        if grown.rows <= target and not grown.overflow:
            module = grown
    return module
