"""Impossible placement requests are input errors at load (issue 8, item 6):
each at FILE:LINE of the key that asks, naming what is allowed, all at once,
and ``layout check`` exits 2 without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_layout
from layout.errors import InputError
from layout.load.loader import load_issue

PUB = """\
schema: 1
title: 测试小报
publisher: 测试街道 编印
theme: {theme}
"""

HORIZONTAL = """\
schema: 1
base: tabloid
masthead: {orientation: horizontal}
"""


def article(aid: str, page: int, *extra: str, photo: str | None = None) -> str:
    """One article of issue.yaml; ``extra``: more keys, ``photo``: the keys
    of one photo (besides its file)."""
    lines = [f"  - id: {aid}", f"    page: {page}", f"    title: {aid}的标题", *(f"    {e}" for e in extra),
             "    body: 社区居民在活动中交流了各自的经验。"]
    if photo is not None:
        lines += ["    images:", "      - file: p.png", f"        {photo}"]
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, *articles: str, pages: int | None = None, theme: str = "tabloid") -> Path:
    from PIL import Image

    tmp_path.mkdir(parents=True, exist_ok=True)
    if theme != "tabloid":
        (tmp_path / "mine.yaml").write_text(theme, encoding="utf-8")
        theme = "mine.yaml"
    (tmp_path / "publication.yaml").write_text(PUB.format(theme=theme), encoding="utf-8")
    folder = tmp_path / "2025-09"
    folder.mkdir()
    Image.new("RGB", (1200, 800), (90, 120, 150)).save(folder / "p.png")
    head = "schema: 1\nnumber: 9\ndate: 2025-09-19\n" + (f"pages: {pages}\n" if pages else "") + "articles:\n"
    (folder / "issue.yaml").write_text(head + "".join(articles), encoding="utf-8")
    return folder


def line_of(folder: Path, text: str, nth: int = 0) -> int:
    """The line number of the ``nth`` line of issue.yaml containing ``text``."""
    hits = [n for n, line in enumerate((folder / "issue.yaml").read_text(encoding="utf-8").splitlines(), 1) if text in line]
    return hits[nth]


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(InputError) as exc:
        load_issue(folder)
    return [str(d) for d in exc.value.diagnostics]


def test_page_one_leaves_the_masthead_strip(tmp_path):
    folder = write(tmp_path, article("lead", 1, "columns: 6"), article("inside", 2))
    [error] = errors_of(folder)
    assert f"issue.yaml:{line_of(folder, 'columns: 6')}:" in error
    assert "page 1 leaves 5 columns beside the masthead" in error and "widest allowed is 5" in error


def test_wider_than_the_grid(tmp_path):
    folder = write(tmp_path, article("lead", 1), article("inside", 2, "columns: 7"))
    [error] = errors_of(folder)
    assert f"issue.yaml:{line_of(folder, 'columns: 7')}:" in error
    assert "grid has 6 columns" in error and "widest allowed is 6" in error


def test_a_horizontal_masthead_leaves_every_column(tmp_path):
    folder = write(tmp_path, article("lead", 1, "columns: 6"), article("inside", 2), theme=HORIZONTAL)
    assert load_issue(folder).issue.articles[0].columns == 6


def test_a_photo_wider_than_its_article(tmp_path):
    folder = write(tmp_path, article("lead", 1, "columns: 3", photo="columns: 4"),
                   article("inside", 2, photo="columns: 6"))
    folder2 = write(tmp_path / "b", article("lead", 1, photo="columns: 6"), article("inside", 2, "columns: 2", photo="columns: 3"))
    errors = errors_of(folder)
    [error] = errors
    assert f"issue.yaml:{line_of(folder, 'columns: 4')}:" in error
    assert "its article spans 3" in error and "widest allowed is 3" in error
    front, inside = errors_of(folder2)
    # page 1, no columns on the article: the strip's limit
    assert f"issue.yaml:{line_of(folder2, 'columns: 6')}:" in front and "widest allowed is 5" in front
    assert f"issue.yaml:{line_of(folder2, 'columns: 3')}:" in inside and "its article spans 2" in inside


def test_an_empty_page_in_the_middle_is_named(tmp_path):
    folder = write(tmp_path, article("lead", 1), article("back", 3))
    [error] = errors_of(folder)
    assert f"issue.yaml:{line_of(folder, 'page: 3')}:" in error
    assert "page 2 has no article" in error


def test_empty_pages_up_to_pages(tmp_path):
    folder = write(tmp_path, article("lead", 1), article("inside", 2), pages=4)
    [error] = errors_of(folder)
    assert f"issue.yaml:{line_of(folder, 'pages: 4')}:" in error
    assert "pages 3–4 have no article" in error and "lower 'pages' to 2" in error


def test_a_page_named_by_continued_on_is_not_empty(tmp_path):
    folder = write(tmp_path, article("lead", 1, "continued_on: 3"), article("inside", 2), pages=3)
    assert load_issue(folder).issue.articles[0].continued_on == 3


@pytest.mark.parametrize(("page", "target", "pages", "says"), [
    (2, 2, 3, "a continuation goes on a later page: use 3"),
    (1, 4, 3, "pages is 3; use 2…3"),
    (3, 4, None, "the article starts on page 3, the issue's last"),
])
def test_continued_on_is_a_later_page_of_the_issue(tmp_path, page, target, pages, says):
    arts = [article("lead", 1), article("inside", 2), article("back", 3)]
    arts[page - 1] = article("moved", page, f"continued_on: {target}")
    folder = write(tmp_path, *arts, pages=pages)
    [error] = errors_of(folder)
    assert f"issue.yaml:{line_of(folder, 'continued_on:')}:" in error
    assert says in error, error


def test_check_reports_every_placement_problem_at_once(tmp_path):
    folder = write(tmp_path, article("lead", 1, "columns: 6"), article("inside", 2, "continued_on: 2"),
                   article("back", 4, photo="focus: [1.5, 0.5]"))
    done = run_layout("check", folder)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    where = {line_of(folder, "columns: 6"), line_of(folder, "focus:"), line_of(folder, "continued_on:"), line_of(folder, "page: 4")}
    for line in where:
        assert f"issue.yaml:{line}:" in done.stderr, done.stderr
    assert "page 3 has no article" in done.stderr
    assert "4 error(s); nothing was written" in done.stderr
