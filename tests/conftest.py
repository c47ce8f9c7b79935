"""Shared fixtures.

* ``sample``: the sample issue (issues/2025-06, eight A3 pages) built once
  per test session; every test of the real sample reads this one build.
* ``kit``: the default theme, its grid, the fonts and the text setter, made
  in one place (``make_kit``) for unit tests of pages/ and render/.
* ``small_issue``: writes a small synthetic issue (a few short articles, a
  generated photo) into a folder, for tests that need a build of their own
  (a variant theme, a bad photo, a short page count) without the A3 sample.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    """The session's own user cache folder: tests never read entries another
    checkout's code (or the user's builds) left in ~/.cache/layout, nor leave
    their own there.  Tests of the cache itself set their own folder."""
    import os
    import tempfile
    os.environ["XDG_CACHE_HOME"] = config._layout_cache = tempfile.mkdtemp(prefix="layout-test-cache-")  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = getattr(config, "_layout_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
ISSUES = ROOT / "issues"
SAMPLE = ISSUES / "2025-06"


# ------------------------------------------------------------------ the sample

@dataclass
class Built:
    out_dir: Path
    proof: Path
    print: Path
    result: Any  # layout.build.BuildResult


def _build(issue: Path, out: Path) -> Built:
    from layout.build import build_issue

    result = build_issue(issue, out, previews=False, env={})  # no SOURCE_DATE_EPOCH from the caller's shell
    proof = next(result.out_dir.glob("*-proof.pdf"))
    printed = next(result.out_dir.glob("*-print.pdf"))
    return Built(result.out_dir, proof, printed, result)


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Built:
    """The one build of the sample issue in a test session."""
    return _build(SAMPLE, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def loaded_sample():
    from layout.load.loader import load_issue

    return load_issue(SAMPLE)


@pytest.fixture
def issue_copy(tmp_path) -> Path:
    """A writable copy of issues/ (publication.yaml + the sample issue)."""
    dst = tmp_path / "issues"
    shutil.copytree(ISSUES, dst, ignore=shutil.ignore_patterns("README.md"))
    return dst / SAMPLE.name


# ------------------------------------------------- theme, grid, fonts, setter

@dataclass(frozen=True)
class Kit:
    """What the layout stage is handed: the resolved theme, the grid, the
    fonts and the setter that composes text in the theme's styles."""

    theme: Any
    grid: Any
    fonts: Any
    setter: Any


def make_kit(theme_spec: str = "tabloid", fonts: Any = None) -> Kit:
    """The one place tests construct Theme, Grid and Setter."""
    from layout.fonts.faces import FontSet
    from layout.load.resolve import builtin_theme
    from layout.pages.styles import Setter

    fonts = fonts or FontSet()
    theme = builtin_theme(theme_spec, fonts.keys)
    return Kit(theme, theme.grid, fonts, Setter(theme, fonts))


@pytest.fixture(scope="session")
def fonts():
    from layout.fonts.faces import FontSet

    return FontSet()


@pytest.fixture(scope="session")
def kit(fonts) -> Kit:
    """The default theme (tabloid, A3, 6 columns)."""
    return make_kit(fonts=fonts)


# ------------------------------------------------------------ a small issue

PUBLICATION = """\
schema: 1
title: 测试小报
publisher: 测试街道 编印
wechat:
  account: 测试发布
  url: https://example.org/qr-test
  lines: [扫描二维码, 关注测试发布]
theme: {theme}
"""

PARAGRAPH = "社区居民在活动中交流了各自的经验，大家认为邻里之间的互助让生活更加温暖。"


def article_yaml(aid: str, page: int, title: str, paragraphs: int = 3, *, columns: int | None = None,
                 toc: bool = False, photo: str | None = None, photo_columns: int = 2) -> str:
    lines = [f"  - id: {aid}", f"    page: {page}", f"    title: {title}"]
    if columns is not None:
        lines.append(f"    columns: {columns}")
    if toc:
        lines.append("    toc: true")
    lines.append("    body: |")
    for n in range(paragraphs):
        if n:
            lines.append("")
        lines.append("      " + PARAGRAPH * 3)
    if photo:
        lines += ["    images:", f"      - file: images/{photo}", "        caption: 活动现场（示意图）",
                  "        credit: 测试", f"        columns: {photo_columns}"]
    return "\n".join(lines) + "\n"


def write_photo(path: Path, width: int, height: int) -> None:
    """A smooth RGB gradient (a stand-in photo of a given pixel size)."""
    import numpy as np
    from PIL import Image

    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack([x * 255 // max(width - 1, 1), y * 255 // max(height - 1, 1),
                    (x + y) * 127 // max(width + height - 2, 1)], axis=-1).astype(np.uint8)
    Image.fromarray(rgb, "RGB").save(path, quality=90)


def write_small_issue(root: Path, *, pages: int = 4, theme: str = "tabloid", theme_text: str | None = None,
                      photo_px: tuple[int, int] = (1800, 1200), articles: str | None = None) -> Path:
    """issues/ with publication.yaml and one issue folder ``root/2025-07``: on
    each page one or two short articles, a photo on page 2, two 导读 entries.
    ``theme_text`` writes a theme file beside publication.yaml and uses it."""
    root.mkdir(parents=True, exist_ok=True)
    if theme_text is not None:
        (root / "test-theme.yaml").write_text(textwrap.dedent(theme_text), encoding="utf-8")
        theme = "test-theme.yaml"
    (root / "publication.yaml").write_text(PUBLICATION.format(theme=theme), encoding="utf-8")
    folder = root / "2025-07"
    (folder / "images").mkdir(parents=True)
    write_photo(folder / "images" / "photo.jpg", *photo_px)
    if articles is None:
        parts = [article_yaml("front", 1, "社区议事会召开", 4, columns=5)]
        for page in range(2, pages + 1):
            parts.append(article_yaml(f"p{page}-a", page, f"第{page}版头条文章", 5, toc=page in (2, 3),
                                      photo="photo.jpg" if page == 2 else None))
            parts.append(article_yaml(f"p{page}-b", page, f"第{page}版短讯", 2))
        articles = "".join(parts)
    (folder / "issue.yaml").write_text(
        f"schema: 1\nnumber: 7\ndate: 2025-07-18\npages: {pages}\narticles:\n" + articles, encoding="utf-8")
    return folder


@pytest.fixture
def small_issue(tmp_path) -> Callable[..., Path]:
    """``small_issue(**options)`` writes a small issue under tmp_path (see
    write_small_issue) and returns its folder."""
    counter = iter(range(1000))
    return lambda **options: write_small_issue(tmp_path / f"issues{next(counter)}", **options)


def run_layout(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The command line, as an editor runs it."""
    return subprocess.run([sys.executable, "-m", "layout", *map(str, args)],
                          capture_output=True, check=False, text=True, timeout=600)


# ------------------------------------------- model objects for unit tests

def make_article(aid: str = "a", *, page: int = 1, title: str = "测试标题", paragraphs: tuple[str, ...] = (PARAGRAPH * 4,),
                 subheads: tuple[str, ...] = (), columns: int | None = None, toc: str | None = None,
                 kicker: str | None = None, images: tuple[Any, ...] = ()) -> Any:
    """An Article as the loader hands it on (paragraphs, then one subhead and
    paragraph per ``subheads`` entry)."""
    from layout.model.document import Article, Origin, Span, Text, TextBlock

    origin = Origin.at("issue.yaml", 1, 1)
    body = [TextBlock("para", (Span(p),), origin) for p in paragraphs]
    for sub in subheads:
        body += [TextBlock("subhead", (Span(sub),), origin), TextBlock("para", (Span(PARAGRAPH * 3),), origin)]
    return Article(aid, page, Text(title, origin), Text(kicker, origin) if kicker else None, None, None,
                   Text(toc, origin) if toc else None, columns, tuple(body), images, origin)


def make_image(path: Path, pixels: tuple[int, int], columns: int | None = None, caption: str | None = "图片说明") -> Any:
    from layout.model.document import Image, Origin, Text

    origin = Origin.at("issue.yaml", 1, 1)
    return Image(path, Text(path.name, origin), Text(caption, origin) if caption else None, None, columns, pixels)
