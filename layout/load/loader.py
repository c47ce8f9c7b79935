"""Load an issue folder: YAML + Markdown + images → a validated :class:`Issue`.

All problems of the input are collected and raised together as one
:class:`InputError`, each as ``FILE:LINE:COL: message``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from PIL import Image as PILImage

from ..errors import Diagnostic, InputError, display_path
from ..model.document import Article, Image, Issue, Normalisation, Origin, Publication, Span, Text, TextBlock, Wechat
from ..model.styles import Theme
from .body import BodySource, parse_body
from .normalise import normalise, normalise_indexed
from .resolve import resolve_theme
from .schema import MIGRATIONS, SCHEMA_VERSION, ArticleIn, IssueHeadIn, PublicationIn, ThemeIn
from .source import Loc, SourceDoc, load_yaml, read_text
from .theme import ThemeSource, load_theme
from .validate import validate

ISSUE_FILE = "issue.yaml"


@dataclass(frozen=True)
class Loaded:
    issue: Issue
    theme: Theme  # resolved: what every later stage reads
    inputs: tuple[Path, ...]  # every file read, for the manifest
    theme_files: tuple[Path, ...] = ()  # the theme's layers, base first (a subset of inputs)


def find_issue_file(issue_dir: Path) -> Path:
    if issue_dir.is_file():
        return issue_dir
    path = issue_dir / ISSUE_FILE
    if not path.is_file():
        raise InputError(Diagnostic(display_path(issue_dir), None, None,
                                    f"no {ISSUE_FILE} here; give the folder of an issue, e.g. issues/2025-06"))
    return path


def load_issue(issue_dir: Path, font_keys: Iterable[str] | None = None) -> Loaded:
    """Load and check an issue with its publication and theme.  ``font_keys``:
    the faces there are (default: those of the font manifest)."""
    issue_path = find_issue_file(Path(issue_dir)).resolve()
    issue_dir = issue_path.parent
    inputs: list[Path] = [issue_path]
    errors: list[Diagnostic] = []

    idoc = load_yaml(issue_path)
    errors.extend(idoc.errors)
    data = _upgrade(idoc, errors)
    head = validate(IssueHeadIn, data, lambda loc: idoc, errors)

    # publication (its own file; a broken one is reported with the issue's problems)
    pub_rel = head.publication if head else str((data or {}).get("publication", "../publication.yaml"))
    pub_path = (issue_dir / pub_rel).resolve()
    publication: Publication | None = None
    theme_in: ThemeIn | None = None
    theme: Theme | None = None
    theme_files: list[Path] = []
    if not pub_path.is_file():
        errors.append(idoc.diag(("publication",), f"publication file '{pub_rel}' not found; the issue folder should sit beside publication.yaml, or set 'publication:'", key=True))
    else:
        inputs.append(pub_path)
        try:
            own = (head.theme, issue_dir, idoc.diag(("theme",), "")) if head is not None and head.theme else None
            publication, theme_in, theme_source = _load_publication(pub_path, errors, own)
            inputs.extend(layer.path for layer in theme_source.layers)
            theme_files = [layer.path for layer in theme_source.layers]
            theme = resolve_theme(theme_in, theme_source, _font_keys(font_keys))
        except InputError as exc:
            errors.extend(exc.diagnostics)

    normalise_on = theme_in.body.normalise_punctuation if theme_in else True
    changes: list[Normalisation] = []
    grid_columns = theme_in.grid.columns if theme_in else None

    articles: list[Article] = []
    raw_articles = data.get("articles") if isinstance(data, dict) else None
    if isinstance(raw_articles, list):
        # checked even when the issue's other keys are wrong: all problems at once
        seen: dict[str, Loc] = {}
        for i, raw in enumerate(raw_articles):
            loc: Loc = ("articles", i)
            art_id = raw.get("id") if isinstance(raw, dict) else None
            if isinstance(art_id, str) and art_id in seen:
                first = idoc.pos(seen[art_id] + ("id",))
                errors.append(idoc.diag(loc + ("id",), f"duplicate id '{art_id}' (first used on line {first.line}); ids must be unique within the issue"))
            elif isinstance(art_id, str):
                seen[art_id] = loc
            art_in = validate(ArticleIn, raw, lambda _l: idoc, errors, prefix=loc)
            if art_in is None:
                continue
            article = _load_article(art_in, idoc, loc, issue_dir, grid_columns, normalise_on, changes, errors, inputs)
            if article is not None:
                articles.append(article)
        if head is not None and head.pages is not None and articles:
            last = max(a.page for a in articles)
            if head.pages < last:
                errors.append(idoc.diag(("pages",), f"pages is {head.pages} but an article starts on page {last}; raise 'pages' or move the article"))

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
        errors.append(doc.diag(("schema",), f"'schema' must be a whole number like {SCHEMA_VERSION}, not '{version}'"))
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
                      own_theme: tuple[str, Path, Diagnostic] | None = None) -> tuple[Publication, ThemeIn, ThemeSource]:
    """The publication and its theme; ``own_theme`` (spec, folder, where) is
    an issue's own ``theme:``, which overrides the publication's."""
    doc = load_yaml(path)
    errors.extend(doc.errors)
    data = _upgrade(doc, errors)
    pub = validate(PublicationIn, data, lambda loc: doc, errors)
    if pub is None:
        raise InputError([])  # the problems are in `errors` already
    if own_theme is not None:
        theme, theme_source = load_theme(*own_theme)
    else:
        theme, theme_source = load_theme(pub.theme, path.parent, doc.diag(("theme",), ""))
    wechat = None
    if pub.wechat is not None:
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


def _inside(issue_dir: Path, rel: str) -> Path | None:
    """The file ``rel`` names, or None when it leaves the issue folder."""
    if Path(rel).is_absolute():
        return None
    path = (issue_dir / rel).resolve()
    return path if path.is_relative_to(issue_dir) else None


def _load_article(
    a: ArticleIn,
    doc: SourceDoc,
    loc: Loc,
    issue_dir: Path,
    grid_columns: int | None,
    normalise_on: bool,
    changes: list[Normalisation],
    errors: list[Diagnostic],
    inputs: list[Path],
) -> Article | None:
    n_before = len(errors)
    norm = changes if normalise_on else None
    if grid_columns is not None and a.columns is not None and a.columns > grid_columns:
        errors.append(doc.diag(loc + ("columns",), f"columns is {a.columns} but the theme's grid has {grid_columns}; use 1…{grid_columns}"))

    blocks: tuple[TextBlock, ...] = ()
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
        blocks = parse_body(BodySource(text, doc.name, line0, col0), errors)
    else:
        path = _inside(issue_dir, a.body_file)  # type: ignore[arg-type]
        if path is None:
            errors.append(doc.diag(loc + ("body_file",), f"body_file '{a.body_file}' is outside the issue folder; keep bodies beside issue.yaml"))
        elif not path.is_file():
            errors.append(doc.diag(loc + ("body_file",), f"body_file '{a.body_file}' not found in {display_path(issue_dir)}"))
        else:
            inputs.append(path)
            try:
                text = read_text(path)
                blocks = parse_body(BodySource(text, display_path(path), 0, 0), errors)
            except InputError as exc:
                errors.extend(exc.diagnostics)
    if not blocks and len(errors) == n_before:
        errors.append(doc.diag(loc + (("body",) if a.body is not None else ("body_file",)), f"article '{a.id}' has an empty body"))
    if norm is not None:
        blocks = tuple(_normalise_block(b, norm) for b in blocks)

    images: list[Image] = []
    for j, img in enumerate(a.images):
        iloc = loc + ("images", j)
        image = _load_image(img, doc, iloc, issue_dir, a, grid_columns, norm, errors)
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
    return TextBlock(block.kind, tuple(spans), origin)


_IMAGE_FORMATS = {"JPEG", "PNG", "TIFF"}


def _exif_rotated(im: PILImage.Image) -> bool:
    """True when the EXIF orientation turns the picture by 90° (5–8)."""
    try:
        return im.getexif().get(0x0112, 1) in (5, 6, 7, 8)
    except Exception:  # noqa: BLE001 -- a broken EXIF block: treat as upright
        return False


def _load_image(img: Any, doc: SourceDoc, loc: Loc, issue_dir: Path, a: ArticleIn, grid_columns: int | None,
                norm: list[Normalisation] | None, errors: list[Diagnostic]) -> Image | None:
    path = _inside(issue_dir, img.file)
    if path is None:
        errors.append(doc.diag(loc + ("file",), f"image '{img.file}' is outside the issue folder; copy it into {display_path(issue_dir)}/images"))
        return None
    if not path.is_file():
        errors.append(doc.diag(loc + ("file",), f"image '{img.file}' not found in {display_path(issue_dir)}"))
        return None
    limit = a.columns or grid_columns
    if img.columns is not None and limit is not None and img.columns > limit:
        errors.append(doc.diag(loc + ("columns",), f"the photo is {img.columns} columns wide but its article spans {limit}; use 1…{limit}"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as im:
                fmt = im.format
                im.verify()
            with PILImage.open(path) as im:
                im.load()
                size = im.size
                if _exif_rotated(im):  # a phone photo stored sideways: its EXIF says how to turn it
                    size = (size[1], size[0])
    except Exception as exc:  # noqa: BLE001 -- Pillow raises many types for damaged files
        errors.append(doc.diag(loc + ("file",), f"image '{img.file}' cannot be read ({type(exc).__name__}: {exc}); replace it with a JPEG, PNG or TIFF"))
        return None
    if fmt not in _IMAGE_FORMATS:
        errors.append(doc.diag(loc + ("file",), f"image '{img.file}' is {fmt}; use JPEG, PNG or TIFF"))
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
