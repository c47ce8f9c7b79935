"""A body parsed once per process (layout/load/body.py): parsed again it
gives the same blocks and reports the same problems."""

from __future__ import annotations

from layout.load import body
from layout.load.body import BodySource, parse_body


def test_a_body_parsed_again_gives_its_blocks_and_its_problems_again():
    src = BodySource("第一段文字。\n\n### 不支持的标题\n\n第二段。", "issue.yaml", 10, 6)
    body._parsed.pop(src, None)
    first: list = []
    blocks = parse_body(src, first)
    again: list = []
    assert parse_body(src, again) is blocks
    assert again == first and len(first) == 1 and first[0].line == 13 and "## " in first[0].message
    moved = BodySource(src.text, src.file, 11, 6)  # the same text one line lower: its own positions
    third: list = []
    assert parse_body(moved, third)[0].origin != blocks[0].origin and third[0].line == 14
