"""Hostile and mistaken input: a clear FILE:LINE message, exit 2, no
traceback, and the PDF of the last good build left untouched."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _first_article_line(issue: Path) -> str:
    for line in (issue / "issue.yaml").read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("title:") and line.startswith("    "):
            return line
    raise AssertionError("no article title")


def _yaml_syntax(issue: Path) -> str:
    _edit(issue / "issue.yaml", "articles:", "articles:\n  - id: [unclosed")
    return "issue.yaml"


def _unknown_key(issue: Path) -> str:
    line = _first_article_line(issue)
    _edit(issue / "issue.yaml", line, line.replace("title:", "titel:"))
    return "issue.yaml"


def _wrong_type(issue: Path) -> str:
    text = (issue / "issue.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^number: .*$", "number: six", text, count=1)
    (issue / "issue.yaml").write_text(text, encoding="utf-8")
    return "issue.yaml"


def _duplicate_id(issue: Path) -> str:
    ids = re.findall(r"(?m)^  - id: (\S+)$", (issue / "issue.yaml").read_text(encoding="utf-8"))
    _edit(issue / "issue.yaml", f"- id: {ids[1]}\n", f"- id: {ids[0]}\n")
    return "issue.yaml"


def _missing_file(issue: Path) -> str:
    image = next((issue / "images").glob("*.jpg"))
    image.unlink()
    return "issue.yaml"


def _outside(issue: Path) -> str:
    image = next((issue / "images").glob("*.jpg")).name
    _edit(issue / "issue.yaml", f"file: images/{image}", "file: ../../etc/passwd")
    return "issue.yaml"


def _corrupt_image(issue: Path) -> str:
    image = next((issue / "images").glob("*.jpg"))
    image.write_bytes(image.read_bytes()[:2000])
    return "issue.yaml"


def _bad_date(issue: Path) -> str:
    text = (issue / "issue.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^date: .*$", "date: 2025-06-31", text, count=1)
    (issue / "issue.yaml").write_text(text, encoding="utf-8")
    return "issue.yaml"


def _missing_glyph(issue: Path) -> str:
    line = _first_article_line(issue)
    _edit(issue / "issue.yaml", line, line + "\U00030000")  # CJK Ext-G: in none of the fonts (𠮷 is in HanaMinB)
    return "issue.yaml"


def _not_utf8(issue: Path) -> str:
    md = next(issue.glob("*.md"))
    md.write_bytes(md.read_text(encoding="utf-8").encode("gb18030"))
    return md.name


def _schema_too_new(issue: Path) -> str:
    _edit(issue / "issue.yaml", "schema: 1", "schema: 9")
    return "issue.yaml"


def _markdown_list(issue: Path) -> str:
    md = next(issue.glob("*.md"))
    md.write_text(md.read_text(encoding="utf-8") + "\n- 一个列表项\n  - 二级列表项\n", encoding="utf-8")
    return md.name


def _theme_key(issue: Path) -> str:
    (issue.parent / "mine.yaml").write_text("schema: 1\nbody:\n  size_pt: 9\n  colour: black\n", encoding="utf-8")
    _edit(issue.parent / "publication.yaml", "theme: tabloid", "theme: mine.yaml")
    return "mine.yaml"


def _alias_bomb(issue: Path) -> str:
    text = (issue / "issue.yaml").read_text(encoding="utf-8")
    bomb = "x-lol: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"x-{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefg", "bcdefgh", strict=False))
    (issue / "issue.yaml").write_text(bomb + text, encoding="utf-8")
    return "issue.yaml"


CASES = {
    "alias-bomb": _alias_bomb,
    "yaml-syntax": _yaml_syntax,
    "unknown-key": _unknown_key,
    "wrong-type": _wrong_type,
    "duplicate-id": _duplicate_id,
    "missing-file": _missing_file,
    "path-outside-issue": _outside,
    "corrupt-image": _corrupt_image,
    "bad-date": _bad_date,
    "missing-glyph": _missing_glyph,
    "not-utf8": _not_utf8,
    "schema-too-new": _schema_too_new,
    "markdown-nested-list": _markdown_list,
    "theme-unknown-key": _theme_key,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_and_nothing_is_replaced(case, issue_copy, tmp_path):
    out = tmp_path / "out"
    existing = out / issue_copy.name / "自家门口这点事-2025-06-print.pdf"
    existing.parent.mkdir(parents=True)
    existing.write_bytes(b"%PDF-1.4 the last good build\n")
    blamed = CASES[case](issue_copy)
    proc = subprocess.run(
        [sys.executable, "-m", "layout", "build", str(issue_copy), "--out", str(out)],
        capture_output=True, check=False, text=True, timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert re.search(rf"{re.escape(blamed)}:\d+(:\d+)?: ", proc.stderr), proc.stderr
    assert existing.read_bytes() == b"%PDF-1.4 the last good build\n"
    assert sorted(p.name for p in existing.parent.iterdir()) == [existing.name]


def test_unknown_key_suggests_the_right_one(issue_copy, tmp_path):
    _unknown_key(issue_copy)
    proc = subprocess.run([sys.executable, "-m", "layout", "check", str(issue_copy)], capture_output=True, check=False, text=True)
    assert proc.returncode == 2
    assert "did you mean 'title'?" in proc.stderr


def test_all_problems_of_a_file_are_reported_at_once(issue_copy):
    _unknown_key(issue_copy)
    _wrong_type(issue_copy)
    _duplicate_id(issue_copy)
    proc = subprocess.run([sys.executable, "-m", "layout", "check", str(issue_copy)], capture_output=True, check=False, text=True)
    assert proc.returncode == 2
    errors = [l for l in proc.stderr.splitlines() if re.match(r".*issue\.yaml:\d+:\d+: ", l)]
    assert len(errors) >= 3, proc.stderr


def test_missing_glyph_names_the_character_and_code_point(issue_copy):
    _missing_glyph(issue_copy)
    proc = subprocess.run([sys.executable, "-m", "layout", "check", str(issue_copy)], capture_output=True, check=False, text=True)
    assert proc.returncode == 2
    assert "character \U00030000 (U+30000) is not in font" in proc.stderr


def test_fallback_face_is_reported(issue_copy):
    line = _first_article_line(issue_copy)
    _edit(issue_copy / "issue.yaml", line, line + "𠮷")
    proc = subprocess.run([sys.executable, "-m", "layout", "check", str(issue_copy)], capture_output=True, check=False, text=True)
    assert proc.returncode == 0, proc.stderr
    # the headline is bold Hei: the rare character comes from the Ming fallback
    # with a synthetic bold, never from Kai
    assert re.search(r"issue\.yaml:\d+:\d+: warning: character 𠮷 \(U\+20BB7\) is not in .*; set in HanaMinB .*synthetic bold",
                     proc.stderr), proc.stderr
    assert "kai" not in proc.stderr
