"""Fuzzing: seeded random mutations of the sample's issue.yaml,
publication.yaml and Markdown body, each run through ``layout check``
in-process.  Whatever the mutation, the answer is exit 0 (valid), 1 (valid
but does not fit) or 2 (bad input, with its place) — never a traceback,
never "internal error".

The sample is cut to its first three articles on two pages, so that the
mutations that stay valid are laid out in well under a second.  Every case
is reproducible from its number: a failure names the case and the mutation.
``LAYOUT_FUZZ_CASES=2000`` runs more of them; ``LAYOUT_FUZZ_FIRST=962
LAYOUT_FUZZ_CASES=1`` runs case 962 alone.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from layout.cli import app

ROOT = Path(__file__).resolve().parents[1]
ISSUES = ROOT / "issues"
SAMPLE = ISSUES / "2025-06"

CASES = int(os.environ.get("LAYOUT_FUZZ_CASES", "200"))
FIRST = int(os.environ.get("LAYOUT_FUZZ_FIRST", "0"))

# values a hostile or careless editor might write after a key
VALUES = [
    "", "~", "null", "true", "no", "0", "-1", "1.5", "1e400", ".inf", "-.nan", "0x1F", "99999999999999999999",
    "9" * 5000, "2025-02-30", "0001-01-01", "9999-12-31", "[", "]", "{", "{a: 1}", "[1, [2, [3]]]", "- x",
    "&anchor x", "*anchor", "!!python/object/apply:os.system ['true']", "!!binary aGVsbG8=", "'unclosed",
    '"\\0"', '"\\x7f"', '"\\u202e"', '"\\uffff"', '"a\\tb"', "|", ">", "| \n  x", "<<: {a: 1}", "?", "%YAML 1.1",
    "---", "...", "#", "@", "`", "中文标题", "，，，，", "a" * 300, "images/../../etc/passwd", "/etc/passwd",
    "../publication.yaml", "rencai-gongyu.md", "images", ".", "tabloid", "nosuch", "mine.yaml",
    "https://weixin.qq.com/r/" + "x" * 3000, "L", "H", "3", "64", "65", "1000000",
]
# characters that break parsers or slip past them
CHARS = ["\t", "\r", "\x00", "\x01", "\x1b", "\x7f", "\x80", "\x85", "\u00a0", "\u2028", "\u202e", "\u3000", "\ufeff",
         "\uffff", "\U0001F600", "𠀀", ":", "-", "#", "&", "*", "!", "|", ">", "'", '"', "[", "]", "{", "}", "%", "@",
         "\\", "，", "“", "”", "中"]
# Markdown the body contract refuses, and Markdown it takes
MARKDOWN = [
    "- 列表项", "1. 编号", "> 引用", "```", "    缩进代码", "<b>粗</b>", "<!-- 注释 -->", "&amp;", "&#x202E;", "&nbsp;",
    "[链接](http://example.com)", "[ref]: http://example.com", "![图](a.jpg)", "# 一级标题", "### 三级标题", "---",
    "***", "| a | b |\n|---|---|\n| 1 | 2 |", "~~删除~~", "*斜体*", "**粗体", "**粗体**", "\\*", "`代码`",
    "<http://example.com>", "## 小标题", "标题\n===", "", "\n\n\n", "正文。" * 50,
]


def _mutate(text: str, rng: random.Random, markdown: bool) -> tuple[str, str]:
    """One random mutation of ``text`` and what it was (for the failure message)."""
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    op = rng.choice(["delete-line", "duplicate-line", "swap-lines", "insert-char", "delete-span", "truncate",
                     "indent", "dedent", "value", "value", "value", "markdown" if markdown else "value"])
    if op == "delete-line":
        del lines[i]
    elif op == "duplicate-line":
        lines.insert(i, lines[i])
    elif op == "swap-lines":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "insert-char":
        line = lines[i]
        at = rng.randint(0, len(line))
        ch = rng.choice(CHARS)
        lines[i] = line[:at] + ch + line[at:]
        op += f" {ch!r}"
    elif op == "delete-span":
        at = rng.randrange(len(text))
        return text[:at] + text[at + rng.randint(1, 40):], f"{op} at {at}"
    elif op == "truncate":
        at = rng.randrange(len(text))
        return text[:at], f"{op} at {at}"
    elif op == "indent":
        lines[i] = "  " + lines[i]
    elif op == "dedent":
        lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i].lstrip()
    elif op == "value":
        keyed = [k for k, line in enumerate(lines) if re.match(r"^\s*(- )?[a-z_]+: ", line)]
        if keyed:
            i = rng.choice(keyed)
        value = rng.choice(VALUES)
        lines[i] = re.sub(r"^(\s*(?:- )?[a-z_]+: ).*$", lambda m: m.group(1) + value, lines[i]) if keyed else value
        op += f" {value[:40]!r}"
    elif op == "markdown":
        piece = rng.choice(MARKDOWN)
        lines.insert(i, piece)
        op += f" {piece[:40]!r}"
    return "\n".join(lines), f"{op} at line {i + 1}"


@pytest.fixture(scope="module")
def small_sample(tmp_path_factory) -> Path:
    """The sample cut to three articles (pages 1–2), in a folder of its own."""
    root = tmp_path_factory.mktemp("fuzz") / "issues"
    shutil.copytree(ISSUES, root, ignore=shutil.ignore_patterns("make_standins.py", "README.md"))
    issue = root / SAMPLE.name
    text = (issue / "issue.yaml").read_text(encoding="utf-8")
    parts = re.split(r"(?m)^(?=  - id: )", text)
    (issue / "issue.yaml").write_text("".join(parts[:4]).replace("pages: 8", "pages: 2"), encoding="utf-8")
    (root / "mine.yaml").write_text("schema: 1\nbody:\n  size_pt: 9.5\n", encoding="utf-8")
    return issue


def test_mutated_inputs_end_in_a_clear_answer(small_sample):
    issue = small_sample
    targets = {
        "issue.yaml": issue / "issue.yaml",
        "publication.yaml": issue.parent / "publication.yaml",
        "rencai-gongyu.md": issue / "rencai-gongyu.md",
        "mine.yaml": issue.parent / "mine.yaml",
    }
    originals = {name: path.read_text(encoding="utf-8") for name, path in targets.items()}
    runner = CliRunner()
    answers: dict[int, int] = {}
    assert runner.invoke(app, ["check", str(issue)]).exit_code == 0, "the cut sample itself must be valid"
    for case in range(FIRST, FIRST + CASES):
        rng = random.Random(case)
        name = rng.choices(list(targets), weights=[6, 2, 3, 1])[0]
        mutated, what = originals[name], []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            mutated, step = _mutate(mutated, rng, markdown=name.endswith(".md"))
            what.append(step)
        if name == "mine.yaml":  # the designer's theme is used only when the publication names it
            targets["publication.yaml"].write_text(originals["publication.yaml"].replace("theme: tabloid", "theme: mine.yaml"),
                                                   encoding="utf-8")
        targets[name].write_text(mutated, encoding="utf-8")
        try:
            result = runner.invoke(app, ["check", str(issue)])
        finally:
            for n, path in targets.items():
                path.write_text(originals[n], encoding="utf-8")
        where = f"case {case}: {name}: {'; '.join(what)}"
        assert result.exception is None or isinstance(result.exception, SystemExit), f"{where}: {result.exception!r}"
        assert result.exit_code in (0, 1, 2), f"{where}: exit {result.exit_code}\n{result.output}"
        assert "Traceback" not in result.output and "internal error" not in result.output, f"{where}\n{result.output}"
        if result.exit_code == 2:
            # every problem has its place: a file and, for a problem inside a file, its line
            problems = [l for l in result.output.splitlines() if l and not l.endswith("nothing was written") and ": warning: " not in l and ": note: " not in l]
            assert problems and all(re.match(r"^\S.*?: ", l) for l in problems), f"{where}\n{result.output}"
        answers[result.exit_code] = answers.get(result.exit_code, 0) + 1
    # the mutations reach the layout too, not only the YAML reader
    if CASES < 50:
        return
    assert answers.get(2, 0) > CASES // 4 and answers.get(0, 0) + answers.get(1, 0) > CASES // 10, answers
