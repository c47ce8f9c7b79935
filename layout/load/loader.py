"""Load an issue folder: YAML + Markdown + images → a validated :class:`Issue`.

All problems of the input are collected and raised together as one
:class:`InputError`, each as ``FILE:LINE:COL: message``.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path
from typing import Any

from PIL import Image as PILImage

from ..errors import Diagnostic, InputError, display_path, os_problem, printable_path, shown_value
from ..limits import MAX_IMAGE_PIXELS, MAX_ISSUE_IMAGE_PIXELS, MAX_ISSUE_NAME_BYTES, MAX_ISSUE_TEXT_CHARS
from ..model.document import Article, Block, Image, Issue, Normalisation, Origin, Publication, Span, TableBlock, Text, TextBlock, Wechat
from ..model.styles import Theme
from . import probe
from .body import BodySource, parse_body
from .normalise import normalise, normalise_indexed
from .paths import LOOP, MISSING, PathProblem, file_problem, folder_name_problem, name_problem, resolve
from .placement import Widths, check_placement
from .qr import qr_capacity_problem
from .resolve import resolve_theme
from .schema import MIGRATIONS, SCHEMA_VERSION, ArticleIn, IssueHeadIn, PublicationIn, ThemeIn
from .source import Loc, SourceDoc, load_yaml, read_text
from .theme import ThemeSource, load_theme
from .validate import validate

ISSUE_FILE = "issue.yaml"


@dataclass
class _Budget:
    """What the issue may still read: body characters and photo pixels.
    Spent as bodies and photos are read, so that a hostile issue (200
    articles of 2 MB each) stops at the limit instead of parsing it all."""

    chars: int = MAX_ISSUE_TEXT_CHARS
    pixels: int = MAX_ISSUE_IMAGE_PIXELS
    reported: set[str] = field(default_factory=set)

    def spend(self, what: str, amount: int) -> bool:
        left = getattr(self, what)
        setattr(self, what, left - amount)
        return left - amount >= 0

    def first_overrun(self, what: str) -> bool:
        """True the first time ``what`` overran (one message, not one per article)."""
        if what in self.reported:
            return False
        self.reported.add(what)
        return True


@dataclass(frozen=True)
class Loaded:
    issue: Issue
    theme: Theme  # resolved: what every later stage reads
    inputs: tuple[Path, ...]  # every file read, for the manifest
    theme_files: tuple[Path, ...] = ()  # the theme's layers, base first (a subset of inputs)


def find_issue_file(issue_dir: Path) -> Path:
    """``issue.yaml`` of the folder ``issue_dir`` (or ``issue_dir`` itself
    when it names the file), absolute."""
    where = display_path(issue_dir)
    if file_problem(issue_dir) is None:
        path = issue_dir
    else:
        path = issue_dir / ISSUE_FILE
        problem = file_problem(path)
        if problem == MISSING:
            raise InputError(Diagnostic(where, None, None,
                                        f"no {ISSUE_FILE} here; give the folder of an issue, e.g. issues/2025-06"))
        if problem is not None:
            raise InputError(Diagnostic(display_path(path), None, None, problem))
    try:
        path = resolve(path)
    except PathProblem as exc:
        raise InputError(Diagnostic(where, None, None, str(exc))) from None
    problem = folder_name_problem(path.parent.name, MAX_ISSUE_NAME_BYTES)
    if problem is not None:
        raise InputError(Diagnostic(display_path(path.parent), None, None, problem))
    return path


def load_issue(issue_dir: Path, font_keys: Iterable[str] | None = None) -> Loaded:
    """Load and check an issue with its publication and theme.  ``font_keys``:
    the faces there are (default: those of the font manifest)."""
    issue_path = find_issue_file(Path(issue_dir))
    issue_dir = issue_path.parent
    inputs: list[Path] = [issue_path]
    errors: list[Diagnostic] = []

    idoc = load_yaml(issue_path)
    errors.extend(idoc.errors)
    data = _upgrade(idoc, errors)
    head = validate(IssueHeadIn, data, lambda loc: idoc, errors)

    # publication (its own file; a broken one is reported with the issue's problems)
    pub_rel = head.publication if head else str((data or {}).get("publication", "../publication.yaml"))
    publication: Publication | None = None
    theme_in: ThemeIn | None = None
    theme: Theme | None = None
    theme_source: ThemeSource | None = None
    theme_files: list[Path] = []
    try:
        pub_path = resolve(issue_dir / pub_rel)
        pub_problem = file_problem(pub_path)
    except PathProblem as exc:
        pub_problem = str(exc)
    if pub_problem == MISSING:
        errors.append(idoc.diag(("publication",), f"publication file '{printable_path(pub_rel)}' not found; the issue folder should sit beside publication.yaml, or set 'publication:'", key=True))
    elif pub_problem is not None:
        errors.append(idoc.diag(("publication",), f"publication file '{printable_path(pub_rel)}': {pub_problem}"))
    else:
        inputs.append(pub_path)
        try:
            own = (head.theme, issue_dir, idoc) if head is not None and head.theme else None
            publication, theme_in, theme_source = _load_publication(pub_path, errors, own)
            inputs.extend(layer.path for layer in theme_source.layers)
            theme_files = [layer.path for layer in theme_source.layers]
            theme = resolve_theme(theme_in, theme_source, _font_keys(font_keys))
        except InputError as exc:
            errors.extend(exc.diagnostics)

    normalise_on = theme_in.body.normalise_punctuation if theme_in else True
    changes: list[Normalisation] = []

    articles: list[Article] = []
    raw_articles = data.get("articles") if isinstance(data, dict) else None
    if isinstance(raw_articles, list):
        # checked even when the issue's other keys are wrong: all problems at once
        seen: dict[str, Loc] = {}
        budget = _Budget()
        placed: list[tuple[Loc, ArticleIn]] = []
        for i, raw in enumerate(raw_articles):
            loc: Loc = ("articles", i)
            art_id = raw.get("id") if isinstance(raw, dict) else None
            if isinstance(art_id, str) and art_id in seen:
                first = idoc.pos(seen[art_id] + ("id",))
                errors.append(idoc.diag(loc + ("id",), f"duplicate id '{shown_value(art_id)}' (first used on line {first.line}); ids must be unique within the issue"))
            elif isinstance(art_id, str):
                seen[art_id] = loc
            art_in = validate(ArticleIn, raw, lambda _l: idoc, errors, prefix=loc)
            if art_in is None:
                continue
            placed.append((loc, art_in))
            article = _load_article(art_in, idoc, loc, issue_dir, normalise_on, changes, errors, inputs, budget)
            if article is not None:
                articles.append(article)
        if head is not None and head.pages is not None and articles:
            last = max(a.page for a in articles)
            if head.pages < last:
                errors.append(idoc.diag(("pages",), f"pages is {head.pages} but an article starts on page {last}; raise 'pages' or move the article"))
        errors.extend(check_placement(idoc, placed, _raw_pages(raw_articles), head.pages if head else None,
                                      Widths.of(theme_in) if theme_in else None))

    if errors:
        raise InputError(_sorted(errors))
    assert head is not None and publication is not None and theme is not None
    issue = Issue(
        dir=issue_dir,
        path=issue_path,
        slug=issue_dir.name,
        publication=publication if not normalise_on else _normalise_publication(publication, changes),
        number=head.number,
        serial=head.serial,
        date=head.date,
        pages=head.pages,
        articles=tuple(articles),
        changes=tuple(changes),
    )
    return Loaded(issue, theme, tuple(dict.fromkeys(inputs)), tuple(theme_files))


def _raw_pages(raw_articles: list[Any]) -> list[tuple[Loc, int]]:
    """The page of every article that names one, valid or not."""
    return [(("articles", i), raw["page"]) for i, raw in enumerate(raw_articles)
            if isinstance(raw, dict) and isinstance(raw.get("page"), int) and not isinstance(raw["page"], bool) and raw["page"] >= 1]


def _font_keys(given: Iterable[str] | None) -> Iterable[str]:
    if given is not None:
        return given
    from ..fonts.faces import FontSet

    return FontSet(verify=False).keys


def _sorted(errors: list[Diagnostic]) -> list[Diagnostic]:
    """Sorted by place; one message per place (a bad date is reported by the
    YAML reader, not again by the schema)."""
    seen: set[tuple[str, int | None, int | None]] = set()
    unique = []
    for d in errors:
        key = (d.file, d.line, d.col)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return sorted(unique, key=lambda d: (d.file, d.line or 0, d.col or 0))


def _upgrade(doc: SourceDoc, errors: list[Diagnostic]) -> Any:
    data = doc.data
    if not isinstance(data, dict):
        errors.append(doc.diag((), "expected the keys of an issue (schema, number, date, articles …)"))
        return None
    version = data.get("schema")
    if version is None:
        errors.append(doc.diag((), f"missing required key 'schema'; add 'schema: {SCHEMA_VERSION}' at the top"))
        return data
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        errors.append(doc.diag(("schema",), f"'schema' must be a whole number like {SCHEMA_VERSION}, not '{shown_value(version)}'"))
        return data
    if version > SCHEMA_VERSION:
        errors.append(doc.diag(("schema",), f"this file is schema {version}; this version of layout reads schema {SCHEMA_VERSION}: upgrade layout"))
        return data
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["schema"] = version
    return data


def _text(doc: SourceDoc, loc: Loc, value: str | None, changes: list[Normalisation] | None) -> Text | None:
    if value is None:
        return None
    pos = doc.pos(loc)
    style = doc.styles.get(tuple(loc))
    col = pos.col + (1 if style in ('"', "'") else 0)
    origin = Origin.at(doc.name, pos.line, col)
    value = value.strip()
    if changes is not None:
        value, origin = normalise(value, origin, changes)
    return Text(value, origin)


def _load_publication(path: Path, errors: list[Diagnostic],
                      own_theme: tuple[str, Path, SourceDoc] | None = None) -> tuple[Publication, ThemeIn, ThemeSource]:
    """The publication and its theme; ``own_theme`` (spec, folder, the issue file) is
    an issue's own ``theme:``, which overrides the publication's."""
    doc = load_yaml(path)
    errors.extend(doc.errors)
    data = _upgrade(doc, errors)
    pub = validate(PublicationIn, data, lambda loc: doc, errors)
    if pub is None:
        raise InputError([])  # the problems are in `errors` already
    if own_theme is not None:
        spec, base_dir, tdoc = own_theme
    else:
        spec, base_dir, tdoc = pub.theme, path.parent, doc
    problem = _theme_path_problem(spec, base_dir)
    if problem is not None:
        raise InputError(tdoc.diag(("theme",), f"theme '{printable_path(spec)}': {problem}"))
    try:
        theme, theme_source = load_theme(spec, base_dir, tdoc.diag(("theme",), ""))
    except OSError as exc:  # a theme's base named through a path the file system refuses
        raise InputError(tdoc.diag(("theme",), f"theme '{printable_path(spec)}': {os_problem(exc)}")) from None
    except RuntimeError as exc:
        if "symlink loop" not in str(exc).lower():
            raise
        raise InputError(tdoc.diag(("theme",), f"theme '{printable_path(spec)}': {LOOP}")) from None
    wechat = None
    if pub.wechat is not None:
        problem = qr_capacity_problem(pub.wechat.url, theme.qr.error_correction)
        if problem is not None:
            errors.append(doc.diag(("wechat", "url"), problem))
        wechat = Wechat(
            account=_text(doc, ("wechat", "account"), pub.wechat.account, None),  # type: ignore[arg-type]
            url=pub.wechat.url,
            lines=tuple(_text(doc, ("wechat", "lines", i), line, None) for i, line in enumerate(pub.wechat.lines)),  # type: ignore[misc]
        )
    publication = Publication(
        path=path,
        title=_text(doc, ("title",), pub.title, None),  # type: ignore[arg-type]
        publisher=_text(doc, ("publisher",), pub.publisher, None),  # type: ignore[arg-type]
        wechat=wechat,
        theme=own_theme[0] if own_theme is not None else pub.theme,
    )
    return publication, theme, theme_source


def _normalise_publication(pub: Publication, changes: list[Normalisation]) -> Publication:
    def norm(t: Text) -> Text:
        value, origin = normalise(t.value, t.origin, changes)
        return Text(value, origin)

    wechat = pub.wechat
    if wechat is not None:
        wechat = Wechat(norm(wechat.account), wechat.url, tuple(norm(l) for l in wechat.lines))
    return Publication(pub.path, norm(pub.title), norm(pub.publisher), wechat, pub.theme)


def _theme_path_problem(spec: str, relative_to: Path) -> str | None:
    """What keeps the theme file ``spec`` from being opened (a NUL, a name
    too long, a symlink loop …); None when it can be, or is missing (the
    theme loader says so, with the built-in themes)."""
    if "/" not in spec and not spec.endswith((".yaml", ".yml")):
        return name_problem(spec)  # a built-in theme's name
    try:
        problem = file_problem(resolve(relative_to / spec))
    except PathProblem as exc:
        return str(exc)
    return None if problem == MISSING else problem


def _inside(issue_dir: Path, rel: str) -> Path | None:
    """The file ``rel`` names, or None when it leaves the issue folder.
    Raises :class:`PathProblem` for a path the file system refuses."""
    if Path(rel).is_absolute():
        return None
    path = resolve(issue_dir / rel)
    return path if path.is_relative_to(issue_dir) else None


def _locate(issue_dir: Path, rel: str) -> tuple[Path | None, str | None]:
    """(the file, None) or (None, what is wrong: outside / missing / why)."""
    try:
        path = _inside(issue_dir, rel)
    except PathProblem as exc:
        return None, str(exc)
    if path is None:
        return None, "outside"
    problem = file_problem(path)
    return (path, None) if problem is None else (None, problem)


def _load_article(
    a: ArticleIn,
    doc: SourceDoc,
    loc: Loc,
    issue_dir: Path,
    normalise_on: bool,
    changes: list[Normalisation],
    errors: list[Diagnostic],
    inputs: list[Path],
    budget: _Budget,
) -> Article | None:
    n_before = len(errors)
    norm = changes if normalise_on else None

    blocks: tuple[Block, ...] = ()
    if (a.body is None) == (a.body_file is None):
        what = "both 'body' and 'body_file'" if a.body is not None else "neither 'body' nor 'body_file'"
        errors.append(doc.diag(loc, f"article '{a.id}' has {what}; give exactly one", key=True))
    elif a.body is not None:
        raw = doc.block_text(loc + ("body",))
        if raw is not None:
            text, line0, col0 = raw
        else:
            pos = doc.pos(loc + ("body",))
            text, line0, col0 = a.body, pos.line - 1, pos.col - 1
        if _within(budget, "chars", len(text), doc, loc + ("body",), errors):
            blocks = parse_body(BodySource(text, doc.name, line0, col0), errors)
    else:
        assert a.body_file is not None  # exactly one of body, body_file (checked above)
        path, problem = _locate(issue_dir, a.body_file)
        if problem == "outside":
            errors.append(doc.diag(loc + ("body_file",), f"body_file '{printable_path(a.body_file)}' is outside the issue folder; keep bodies beside issue.yaml"))
        elif problem == MISSING:
            errors.append(doc.diag(loc + ("body_file",), f"body_file '{printable_path(a.body_file)}' not found in {display_path(issue_dir)}"))
        elif problem is not None or path is None:
            errors.append(doc.diag(loc + ("body_file",), f"body_file '{printable_path(a.body_file)}': {problem}"))
        else:
            inputs.append(path)
            try:
                if budget.chars >= 0:  # once over, the remaining bodies are not read
                    text = read_text(path)
                    if _within(budget, "chars", len(text), doc, loc + ("body_file",), errors):
                        blocks = parse_body(BodySource(text, display_path(path), 0, 0), errors)
            except InputError as exc:
                errors.extend(exc.diagnostics)
    if not blocks and len(errors) == n_before and budget.chars >= 0:
        errors.append(doc.diag(loc + (("body",) if a.body is not None else ("body_file",)), f"article '{a.id}' has an empty body"))
    if norm is not None:
        blocks = tuple(_normalise_any(b, norm) for b in blocks)

    images: list[Image] = []
    for j, img in enumerate(a.images):
        iloc = loc + ("images", j)
        image = _load_image(img, doc, iloc, issue_dir, norm, errors, budget)
        if image is not None:
            images.append(image)
            inputs.append(image.path)

    if len(errors) > n_before:
        return None
    toc: Text | None = None
    if a.toc is True:
        toc = _text(doc, loc + ("title",), a.title, norm)
    elif isinstance(a.toc, str):
        toc = _text(doc, loc + ("toc",), a.toc, norm)
    pos = doc.pos(loc)
    return Article(
        id=a.id,
        page=a.page,
        title=_text(doc, loc + ("title",), a.title, norm),  # type: ignore[arg-type]
        kicker=_text(doc, loc + ("kicker",), a.kicker, norm),
        subtitle=_text(doc, loc + ("subtitle",), a.subtitle, norm),
        byline=_text(doc, loc + ("byline",), a.byline, norm),
        toc=toc,
        columns=a.columns,
        body=blocks,
        images=tuple(images),
        origin=Origin.at(doc.name, pos.line, pos.col),
        continued_on=a.continued_on,
        jump_title=_text(doc, loc + ("jump_title",), a.jump_title, norm),
        box=a.box,
    )


def _within(budget: _Budget, what: str, amount: int, doc: SourceDoc, loc: Loc, errors: list[Diagnostic]) -> bool:
    """Spend ``amount`` of the issue's budget; past the limit, report it
    (once, at the first body or photo over it) and return False."""
    if budget.spend(what, amount):
        return True
    if budget.first_overrun(what):
        if what == "chars":
            errors.append(doc.diag(loc, f"with this body the articles have more than {MAX_ISSUE_TEXT_CHARS:,} characters together, "
                                        "the limit of an issue (about 32 tabloid pages of text): shorten the bodies or split the issue"))
        else:
            errors.append(doc.diag(loc, f"with this photo the issue has more than {MAX_ISSUE_IMAGE_PIXELS // 1_000_000} megapixels "
                                        "of photos, the limit of an issue (print needs far less): scale the largest photos down"))
    return False


def _normalise_any(block: Block, changes: list[Normalisation]) -> Block:
    if isinstance(block, TableBlock):
        def cells(row: tuple[TextBlock, ...]) -> tuple[TextBlock, ...]:
            return tuple(_normalise_block(c, changes) for c in row)
        return replace(block, header=cells(block.header), rows=tuple(cells(r) for r in block.rows))
    return _normalise_block(block, changes)


def _normalise_block(block: TextBlock, changes: list[Normalisation]) -> TextBlock:
    """Normalise a block as one text (context crosses bold edges), then cut
    the result back into spans by where each character came from."""
    src = block.text
    text, index = normalise_indexed(src, block.origin, changes)
    if text == src:
        return block
    owner: list[bool] = []
    for span in block.spans:
        owner.extend([span.bold] * len(span.text))
    spans = [
        Span("".join(ch for ch, _ in group), bold)
        for bold, group in groupby(zip(text, index, strict=False), key=lambda item: owner[item[1]])
    ]
    origin = Origin.from_positions(block.origin.file, [block.origin.locate(k) for k in index])
    return TextBlock(block.kind, tuple(spans), origin, block.ordinal)


# MPO: a phone camera's JPEG with a second picture (depth map, preview)
# appended; its first frame is the photo, read as the JPEG it is
_IMAGE_FORMATS = {"JPEG", "MPO", "PNG", "TIFF"}
# pixel modes the photo conversion turns into CMYK faithfully
_IMAGE_MODES = {"1", "L", "LA", "La", "P", "PA", "RGB", "RGBA", "RGBa", "RGBX", "YCbCr", "CMYK",
                "I;16", "I;16L", "I;16B", "I;16N"}
_MODE_NAMES = {"LAB": "a Lab colour", "HSV": "an HSV", "I": "a 32-bit greyscale", "F": "a floating-point greyscale"}


@contextlib.contextmanager
def _header_only() -> Iterator[None]:
    """Pillow's own pixel limit off while only a file's header is read, so
    that a photo over ours gets our message (its size and the limit), not
    Pillow's decompression-bomb warning."""
    limit = PILImage.MAX_IMAGE_PIXELS
    PILImage.MAX_IMAGE_PIXELS = None
    try:
        yield
    finally:
        PILImage.MAX_IMAGE_PIXELS = limit


def _exif_rotated(im: PILImage.Image) -> bool:
    """True when the EXIF orientation turns the picture by 90° (5–8)."""
    try:
        return im.getexif().get(0x0112, 1) in (5, 6, 7, 8)
    except Exception:  # noqa: BLE001 -- a broken EXIF block: treat as upright
        return False


def _load_image(img: Any, doc: SourceDoc, loc: Loc, issue_dir: Path,
                norm: list[Normalisation] | None, errors: list[Diagnostic], budget: _Budget) -> Image | None:
    path, problem = _locate(issue_dir, img.file)
    if problem == "outside":
        errors.append(doc.diag(loc + ("file",), f"image '{printable_path(img.file)}' is outside the issue folder; copy it into {display_path(issue_dir)}/images"))
        return None
    if problem == MISSING:
        errors.append(doc.diag(loc + ("file",), f"image '{printable_path(img.file)}' not found in {display_path(issue_dir)}"))
        return None
    if problem is not None or path is None:
        errors.append(doc.diag(loc + ("file",), f"image '{printable_path(img.file)}': {problem}"))
        return None
    def refused(fmt: str | None, mode: str, size: tuple[int, int]) -> bool:
        """The checks of what the file is, before (or without) decoding it."""
        if fmt not in _IMAGE_FORMATS:
            errors.append(doc.diag(loc + ("file",), f"image '{printable_path(img.file)}' is {fmt}; use JPEG, PNG or TIFF"))
            return True
        if size[0] * size[1] > MAX_IMAGE_PIXELS:
            errors.append(doc.diag(loc + ("file",), f"image '{printable_path(img.file)}' has {size[0]}×{size[1]} pixels; a photo may have at most "
                                                    f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels: scale it down"))
            return True
        if not _within(budget, "pixels", size[0] * size[1], doc, loc + ("file",), errors):
            return True
        if mode not in _IMAGE_MODES:
            what = _MODE_NAMES.get(mode, f"a {mode}")
            errors.append(doc.diag(loc + ("file",), f"image '{printable_path(img.file)}' is {what} image; save it as an RGB (sRGB), "
                                                    "greyscale or CMYK JPEG, PNG or TIFF"))
            return True
        return False

    found = probe.look(path)
    seen = found.seen  # decoded whole before: the same checks on what was learnt then
    try:
        if seen is not None:
            if refused(seen.format, seen.mode, seen.size):
                return None
            size = (seen.size[1], seen.size[0]) if seen.rotated else seen.size
        else:
            with _header_only(), PILImage.open(path) as im:
                fmt, mode, size = im.format, im.mode, im.size  # (the size checked against our limit, not Pillow's)
                if refused(fmt, mode, size):
                    return None
                im.verify()
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                with PILImage.open(path) as im:
                    if im.format == "JPEG":  # every coefficient decoded, at an eighth of the size:
                        im.draft(im.mode, (max(1, im.width // 8), max(1, im.height // 8)))  # half the time
                    im.load()  # the first frame (of an MPO, of a multi-page TIFF)
                    rotated = _exif_rotated(im)  # a phone photo stored sideways: its EXIF says how to turn it
            assert fmt is not None
            probe.keep(found, probe.Probe(fmt, mode, size, rotated))
            if rotated:
                size = (size[1], size[0])
    except Exception as exc:  # noqa: BLE001 -- Pillow raises many types for damaged files
        errors.append(doc.diag(loc + ("file",), f"image '{printable_path(img.file)}' cannot be read ({type(exc).__name__}: {exc}); replace it with a JPEG, PNG or TIFF"))
        return None
    return Image(
        path=path,
        file=_text(doc, loc + ("file",), img.file, None),  # type: ignore[arg-type]
        caption=_text(doc, loc + ("caption",), img.caption, norm),
        credit=_text(doc, loc + ("credit",), img.credit, norm),
        columns=img.columns,
        pixel_size=size,
        crop=img.crop,
        focus=(img.focus[0], img.focus[1]) if img.focus is not None else None,
    )
