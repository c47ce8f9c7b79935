"""Normalisation in pairs (issue 9, item 6): ASCII quotes and parentheses
around Chinese become full-width as a pair, each change is reported once
with FILE:LINE:COL, a tab is reported; Latin and digit contexts keep ASCII."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from layout.load.loader import load_issue
from layout.load.normalise import normalise
from layout.model.document import Origin


def norm(text: str):
    changes: list = []
    out, _ = normalise(text, Origin.at("f.yaml", 3, 5), changes)
    return out, changes


@pytest.mark.parametrize("text, expected", [
    ('"美丽家园",请', "“美丽家园”，请"),
    ('开展"美丽家园"创建', "开展“美丽家园”创建"),
    ("7782(工作日),欢迎", "7782（工作日），欢迎"),
    ("电话:021-62581234(工作日9:00-17:00)", "电话：021-62581234（工作日9:00-17:00）"),
    ('他说"OK"就走了', "他说“OK”就走了"),
    ('He said "OK" and left', 'He said "OK" and left'),
    ("时间7:30,共1,268人", "时间7:30，共1,268人"),
    ("推广(AI)技术", "推广(AI)技术"),
    ("见附件(2)", "见附件(2)"),
    ('"第一"和"第二"', "“第一”和“第二”"),
    ('("社区")', "（“社区”）"),
])
def test_pairs_convert_together(text, expected):
    assert norm(text)[0] == expected


def test_each_pair_is_reported_once_at_its_opening_mark():
    out, changes = norm('"美丽家园",请')
    assert out == "“美丽家园”，请"
    assert [(c.line, c.col) for c in changes] == [(3, 5), (3, 11)]  # the pair, then the comma
    assert changes[0].before == '"美丽家园",请' and changes[0].after.startswith("“美丽家园”")
    assert changes[1].after == "园”，请"


def test_a_latin_context_reports_nothing():
    for text in ("7:30", "1,268", 'say "OK" now', "(AI)", "021-6259-4521"):
        assert norm(text) == (text, [])


def test_a_tab_is_reported():
    out, changes = norm("社区\t服务")
    assert "\t" not in out
    assert [(c.line, c.col) for c in changes] == [(3, 7)]
    assert "⇥" in changes[0].before


def test_a_tab_between_chinese_characters_is_dropped_elsewhere_a_space():
    """Chinese text gains no spaces: 社区⇥服务 reads 社区服务; beside Latin
    text or digits the tab is a space."""
    assert norm("社区\t服务")[0] == "社区服务"
    assert norm("热线\t021-62345678")[0] == "热线 021-62345678"
    assert norm("Wi-Fi\tok")[0] == "Wi-Fi ok"


def test_no_break_and_zero_width_spaces_in_chinese_text():
    """A no-break space between Chinese characters is dropped (in Latin text
    it stays); a zero-width space is dropped; each change is reported."""
    out, changes = norm("内容\u200b零宽空格\u00a0不换行，距离10\u00a0km")
    assert out == "内容零宽空格不换行，距离10\u00a0km"
    assert len(changes) == 2


PUB = textwrap.dedent("""\
    schema: 1
    title: 自家门口这点事
    publisher: 新泾镇党委、政府 联合出版
    theme: tabloid
    """)

ISSUE = """\
schema: 1
number: 6
date: 2025-06-20
articles:
  - id: a1
    page: 1
    title: 标题
    body: |
      开展"美丽家园"建设,请拨打7782(工作日),欢迎来电。
      社区\t服务。
"""


def test_the_loader_reports_pairs_and_tabs_with_file_line_col(tmp_path: Path):
    (tmp_path / "publication.yaml").write_text(PUB, encoding="utf-8")
    folder = tmp_path / "2025-06"
    folder.mkdir()
    (folder / "issue.yaml").write_text(ISSUE, encoding="utf-8")
    loaded = load_issue(folder)
    body = loaded.issue.articles[0].body[0].text
    assert "开展“美丽家园”建设，请拨打7782（工作日），欢迎来电。" in body
    assert "\t" not in body
    where = [(Path(c.file).name, c.line, c.col) for c in loaded.issue.changes]
    # 开展 starts at column 7 of line 9
    assert where == [("issue.yaml", 9, 9), ("issue.yaml", 9, 17), ("issue.yaml", 9, 25),
                     ("issue.yaml", 9, 30), ("issue.yaml", 10, 9)]
