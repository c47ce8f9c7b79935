"""The loader: positions, the Markdown subset, normalisation, themes, schema."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from layout.errors import InputError
from layout.load.loader import load_issue
from layout.load.normalise import normalise
from layout.model.document import Origin

PUB = textwrap.dedent("""\
    schema: 1
    title: 自家门口这点事
    publisher: 新泾镇党委、政府 联合出版
    wechat:
      account: 上海社区发布
      url: https://example.org/qr
      lines: [扫描二维码]
    theme: tabloid
    """)


def make_issue(tmp_path: Path, issue: str, pub: str = PUB, files: dict[str, str] | None = None) -> Path:
    (tmp_path / "publication.yaml").write_text(pub, encoding="utf-8")
    folder = tmp_path / "2025-06"
    folder.mkdir()
    (folder / "issue.yaml").write_text(textwrap.dedent(issue), encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(InputError) as exc:
        load_issue(folder)
    return [str(d) for d in exc.value.diagnostics]


ISSUE = """\
    schema: 1
    number: 6
    date: 2025-06-20
    articles:
      - id: a1
        page: 1
        title: 标题
        body: |
          近日,区委**副书记**,区长到
          新泾镇开展调研。

          ## 小标题
          第二段。
    """


def test_body_lines_join_without_space_and_keep_positions(tmp_path):
    loaded = load_issue(make_issue(tmp_path, ISSUE))
    art = loaded.issue.articles[0]
    para, sub, _para2 = art.body
    assert para.text == "近日，区委副书记，区长到新泾镇开展调研。"
    assert [s.bold for s in para.spans] == [False, True, False]
    assert sub.kind == "subhead" and sub.text == "小标题"
    # 新 is on the body's second line (file line 10), first column of the block (col 7)
    assert para.origin.locate(para.text.index("新")) == (10, 7)
    assert para.origin.locate(0) == (9, 7)


def test_normalisation_is_reported_with_place(tmp_path):
    loaded = load_issue(make_issue(tmp_path, ISSUE))
    changes = [(c.line, c.col, c.before, c.after) for c in loaded.issue.changes]
    assert (9, 9, "近日,区委", "近日，区委") in changes
    assert len(changes) == 2


def test_normalisation_can_be_switched_off(tmp_path):
    (tmp_path / "plain.yaml").write_text("schema: 1\nbody:\n  normalise_punctuation: false\n", encoding="utf-8")
    folder = make_issue(tmp_path, ISSUE, PUB.replace("theme: tabloid", "theme: plain.yaml"))
    loaded = load_issue(folder)
    assert loaded.issue.changes == ()
    assert loaded.issue.articles[0].body[0].text.startswith("近日,区委")


@pytest.mark.parametrize("text, expected", [
    ("近日,区委", "近日，区委"),
    ("7:30开始", "7:30开始"),
    ("共1,268人", "共1,268人"),
    ("电话021-62581234", "电话021-62581234"),
    ("“初心研习”(强化政治引领)、", "“初心研习”（强化政治引领）、"),
    ("推广(AI)技术", "推广(AI)技术"),
    ("好吗?", "好吗？"),
    ("Hello, world", "Hello, world"),
    ('他说"你好"。', "他说“你好”。"),
])
def test_normalisation_cases(text, expected):
    assert normalise(text, Origin.at("f", 1, 1), [])[0] == expected


@pytest.mark.parametrize("body, message", [
    ("1. 一项\n\n   第二段\n", "a list item holds one paragraph"),
    ("> 引用\n", "a block quote"),
    ("### 三级标题\n", "heading '### ' is not supported"),
    ("一段[链接](http://x)文字\n", "a link is not supported"),
    ("一段<b>粗</b>文字\n", "HTML is not supported"),
    ("| a | b |\n|---|---|\n", "a table needs at least one row"),
    ("一段*强调*文字\n", "*emphasis* (only **bold** is supported)"),
])
def test_markdown_outside_the_subset_is_an_error(tmp_path, body, message):
    issue = ISSUE.replace("body: |\n", "body_file: a1.md\n").split("      近日")[0]
    folder = make_issue(tmp_path, issue, files={"a1.md": "正文第一段。\n\n" + body})
    errs = errors_of(folder)
    assert any(message in e and "a1.md:3:" in e for e in errs), errs


def test_a_second_list_level_is_refused_at_its_line(tmp_path):
    issue = ISSUE.replace("body: |\n", "body_file: a1.md\n").split("      近日")[0]
    folder = make_issue(tmp_path, issue, files={"a1.md": "正文第一段。\n\n- 第一项\n  - 二级\n- 第二项\n"})
    errs = errors_of(folder)
    assert any("a1.md:4:1: a list inside a list item is not supported" in e for e in errs), errs


def test_lists_and_tables_reach_the_model(tmp_path):
    from layout.load.loader import load_issue
    from layout.model.document import TableBlock

    issue = ISSUE.replace("body: |\n", "body_file: a1.md\n").split("      近日")[0]
    body = ("正文第一段。\n\n0. 第零项\n1. 第一项**要点**\n\n- 甲\n\n"
            "| 门诊 | 时间 |\n|:--|--:|\n| 全科 | 8:00 |\n| 中医 |\n")
    folder = make_issue(tmp_path, issue, files={"a1.md": body})
    art = load_issue(folder).issue.articles[0]
    kinds = [b.kind for b in art.body]
    assert kinds == ["para", "item", "item", "item", "table"]
    assert [b.ordinal for b in art.body[1:4]] == [0, 1, None]  # type: ignore[union-attr]
    table = art.body[4]
    assert isinstance(table, TableBlock)
    assert table.align == ("left", "right")
    assert all(s.bold for c in table.header for s in c.spans)
    assert [c.text for c in table.rows[1]] == ["中医", ""]  # a short row is padded
    assert table.origin.lines[0] == 8


def test_unknown_key_gets_a_suggestion_at_its_line(tmp_path):
    errs = errors_of(make_issue(tmp_path, ISSUE.replace("title: 标题", "titel: 标题")))
    assert any(e.endswith("unknown key 'titel'; did you mean 'title'?") and ":7:5:" in e for e in errs), errs
    assert any("missing required key 'title'" in e for e in errs), errs


def test_schema_version_is_checked(tmp_path):
    errs = errors_of(make_issue(tmp_path, ISSUE.replace("schema: 1", "schema: 2")))
    assert any("schema 2" in e and "upgrade layout" in e for e in errs), errs
    (tmp_path / "b").mkdir()
    errs = errors_of(make_issue(tmp_path / "b", ISSUE.replace("    schema: 1\n", "")))
    assert any("missing required key 'schema'" in e for e in errs), errs


def test_paths_must_stay_inside_the_issue_folder(tmp_path):
    (tmp_path / "secret.md").write_text("秘密。", encoding="utf-8")
    issue = ISSUE.replace("body: |\n", "body_file: ../secret.md\n").split("      近日")[0]
    errs = errors_of(make_issue(tmp_path, issue))
    assert any("outside the issue folder" in e for e in errs), errs


def test_symlink_out_of_the_issue_folder_is_refused(tmp_path):
    (tmp_path / "secret.md").write_text("秘密。", encoding="utf-8")
    issue = ISSUE.replace("body: |\n", "body_file: link.md\n").split("      近日")[0]
    folder = make_issue(tmp_path, issue)
    (folder / "link.md").symlink_to(tmp_path / "secret.md")
    errs = errors_of(folder)
    assert any("outside the issue folder" in e for e in errs), errs


def test_theme_override_is_merged_and_checked(tmp_path):
    (tmp_path / "mine.yaml").write_text("schema: 1\ngrid:\n  columns: 4\nbody:\n  color: purple\n", encoding="utf-8")
    folder = make_issue(tmp_path, ISSUE, PUB.replace("theme: tabloid", "theme: mine.yaml"))
    errs = errors_of(folder)
    assert any("mine.yaml:5:10: colour 'purple' is not defined" in e for e in errs), errs


def test_theme_override_keeps_the_base_values(tmp_path):
    (tmp_path / "mine.yaml").write_text("schema: 1\ngrid:\n  columns: 4\n", encoding="utf-8")
    folder = make_issue(tmp_path, ISSUE, PUB.replace("theme: tabloid", "theme: mine.yaml"))
    theme = load_issue(folder).theme
    assert theme.grid.columns == 4
    assert theme.grid.column_chars == 13  # from tabloid


def test_pages_below_the_last_article_page_is_an_error(tmp_path):
    errs = errors_of(make_issue(tmp_path, ISSUE.replace("articles:", "pages: 1\n    articles:").replace("page: 1", "page: 2")))
    assert any("pages is 1 but an article starts on page 2" in e for e in errs), errs


def test_json_schema_for_editors():
    out = subprocess.run([sys.executable, "-m", "layout", "schema", "issue"], capture_output=True, text=True, check=True).stdout
    schema = json.loads(out)
    assert "articles" in schema["properties"]
    assert "schema" in schema["properties"]


def test_exif_rotated_photo_is_measured_upright(tmp_path):
    from PIL import Image

    folder = make_issue(tmp_path, ISSUE.replace("    body: |", "    images:\n          - file: p.jpg\n        body: |"))
    im = Image.new("RGB", (600, 400), (200, 100, 50))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° on display
    im.save(folder / "p.jpg", exif=exif)
    loaded = load_issue(folder)
    assert loaded.issue.articles[0].images[0].pixel_size == (400, 600)


CONTRACT_KEYS = """\
    schema: 1
    number: 6
    date: 2025-06-20
    theme: narrow.yaml
    pages: 3
    articles:
      - id: lead
        page: 1
        title: 区委副书记、区长刘平到新泾镇开展调研
        continued_on: 3
        jump_title: 刘平到新泾镇调研
        box: true
        images:
          - file: p.png
            crop: none
            focus: [0.25, 0.75]
        body: 第一段。
      - id: inside
        page: 2
        title: 社区消息
        body: 第二段。
    """


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (300, 200), (200, 100, 50)).save(path)


def test_contract_keys_for_continuation_boxes_and_photos_reach_the_model(tmp_path):
    folder = make_issue(tmp_path, CONTRACT_KEYS)
    (folder / "narrow.yaml").write_text("schema: 1\nbase: tabloid\ngrid: {columns: 5}\n", encoding="utf-8")
    _png(folder / "p.png")
    loaded = load_issue(folder)
    lead = loaded.issue.articles[0]
    assert lead.continued_on == 3 and lead.box is True
    assert lead.jump_title is not None and lead.jump_title.value == "刘平到新泾镇调研"
    assert lead.jump_title.origin.locate(0)[0] == 11  # its own line in issue.yaml, for messages
    [img] = lead.images
    assert img.crop == "none" and img.focus == (0.25, 0.75)
    plain = loaded.issue.articles[1]
    assert (plain.continued_on, plain.jump_title, plain.box) == (None, None, False)
    assert plain.images == ()
    # the issue's own theme overrides the publication's (tabloid has 6 columns)
    assert loaded.theme.grid.columns == 5


def test_contract_key_values_are_checked_with_their_place(tmp_path):
    bad = CONTRACT_KEYS.replace("focus: [0.25, 0.75]", "focus: [1.5, 0.75]").replace("crop: none", "crop: some")
    folder = make_issue(tmp_path, bad)
    (folder / "narrow.yaml").write_text("schema: 1\nbase: tabloid\n", encoding="utf-8")
    _png(folder / "p.png")
    errors = errors_of(folder)
    assert any(":15:" in e and "crop" in e for e in errors), errors
    assert any(":16:" in e and "focus" in e for e in errors), errors


def test_an_issue_theme_that_is_missing_is_reported_at_its_key(tmp_path):
    folder = make_issue(tmp_path, CONTRACT_KEYS.replace("theme: narrow.yaml", "theme: nowhere.yaml"))
    _png(folder / "p.png")
    errors = errors_of(folder)
    assert any("issue.yaml:4:" in e and "nowhere.yaml" in e for e in errors), errors


def test_a_photo_decoded_whole_is_not_decoded_again(tmp_path, monkeypatch):
    """The facts of a photo that decoded whole are kept by its bytes: the
    next load (an EXIF turn included) takes them from there; a changed file
    is decoded again, a damaged one reported every time, and without the
    cache every file is decoded."""
    from PIL import Image

    from layout.load import probe
    from layout.usercache import stores_off

    folder = make_issue(tmp_path, ISSUE.replace("    body: |", "    images:\n          - file: p.jpg\n        body: |"))
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (600, 400), (10, 120, 30)).save(folder / "p.jpg", exif=exif)
    opened: list[str] = []
    real_open = Image.open

    def counted(fp, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(fp))
        return real_open(fp, *args, **kwargs)

    monkeypatch.setattr(Image, "open", counted)
    first = load_issue(folder)
    assert opened and first.issue.articles[0].images[0].pixel_size == (400, 600)
    opened.clear()
    probe._memo.clear()  # from the user's cache folder, as a fresh process reads it
    assert load_issue(folder).issue.articles[0].images[0].pixel_size == (400, 600)
    assert not opened
    with stores_off():
        load_issue(folder)
    assert opened
    opened.clear()
    Image.new("RGB", (500, 300), (10, 120, 30)).save(folder / "p.jpg")  # another photo under the same name
    assert load_issue(folder).issue.articles[0].images[0].pixel_size == (500, 300)
    assert opened
    data = (folder / "p.jpg").read_bytes()
    (folder / "p.jpg").write_bytes(data[: len(data) // 2])  # cut short: never kept, reported each time
    for _ in range(2):
        assert any("p.jpg' cannot be read" in e for e in errors_of(folder))


_SAMPLE_DIR = Path(__file__).resolve().parents[1] / "issues"


@pytest.mark.parametrize("text", [
    (_SAMPLE_DIR / "2025-06" / "issue.yaml").read_text(encoding="utf-8"),
    (_SAMPLE_DIR / "publication.yaml").read_text(encoding="utf-8"),
    "title: 标题\nsubtitle:\nbody: |\n  正文一行\n  第二行",  # no newline at the end
    "title: 标题\nwechat: {account: }\n",  # an empty plain value in a flow mapping: libyaml places it a column on
    "lines: [扫描, 关注\ufeff布, 官方]\n",  # a byte-order mark inside a line: libyaml skips it
    "title: 标题\t\npages: 8\n",  # a tab after a value: PyYAML refuses it, libyaml takes it
    "a: [1, 2\nb: 3\n",  # not YAML
    "key: 'x'\nother: \"y\"\nfolded: >\n  a\n  b\nlist:\n  - {k: v}\n  -\n",
])
def test_libyamls_events_give_the_document_pyyamls_parser_gives(tmp_path, monkeypatch, text):
    """load_yaml reads a file with libyaml's parser where it can: the
    values, positions, styles, block ranges and problems are those of
    PyYAML's own parser (which reads what libyaml places or judges
    differently: an empty plain value, a tab, a byte-order mark)."""
    from layout.load import source

    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")

    def read() -> object:
        try:
            doc = source.load_yaml(path)
        except InputError as exc:
            return [str(d) for d in exc.diagnostics]
        return (doc.data, doc.values, doc.keys, doc.styles, doc.blocks, [str(e) for e in doc.errors], doc.duplicates)

    fast = read()
    monkeypatch.setattr(source, "_CBuilder", None)
    assert read() == fast
