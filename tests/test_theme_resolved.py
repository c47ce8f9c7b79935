"""The theme resolved once at load: typed styles per kind of text, the
output profile found (and checked) at load, and the stages importing one
way only."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from layout.load.schema import ThemeIn
from layout.model.roles import ROLES

PACKAGE = Path(__file__).resolve().parents[1] / "layout"
# each stage may import the stages before it, never one after it
ORDER = ["facts", "model", "load", "text", "pages", "render", "pdfx"]


def _use_theme(issue: Path, text: str) -> None:
    (issue.parent / "mine.yaml").write_text(text, encoding="utf-8")
    pub = issue.parent / "publication.yaml"
    pub.write_text(pub.read_text(encoding="utf-8").replace("theme: tabloid", "theme: mine.yaml"), encoding="utf-8")


def test_check_reports_a_missing_output_profile(issue_copy):
    _use_theme(issue_copy, "schema: 1\nprint:\n  output_condition:\n    profile: nowhere.icc\n")
    proc = subprocess.run([sys.executable, "-m", "layout", "check", str(issue_copy)], check=False, capture_output=True, text=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert re.search(r"mine\.yaml:4:\d+: output profile 'nowhere\.icc' not found", proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_profile_beside_the_theme_is_found_at_load(issue_copy, loaded_sample):
    icc = PACKAGE / "data" / "icc" / "FOGRA39L_coated.icc"
    (issue_copy.parent / "press.icc").write_bytes(icc.read_bytes())
    _use_theme(issue_copy, "schema: 1\nprint:\n  output_condition:\n    profile: press.icc\n")
    from layout.load.loader import load_issue

    sheet = load_issue(issue_copy).theme.sheet
    assert sheet.output.profile == (issue_copy.parent / "press.icc").resolve()
    assert sheet.photo_profile == sheet.output.profile
    assert loaded_sample.theme.sheet.output.profile == icc


def test_theme_numbers_reach_the_styles(issue_copy):
    _use_theme(issue_copy, "schema: 1\nkicker:\n  line_pitch_em: 1.5\n  size_ratio: 0.5\n  size_step_pt: 1\n")
    from layout.load.loader import load_issue

    theme = load_issue(issue_copy).theme
    kicker = theme.style("kicker")
    assert kicker.sizes == tuple(float(round(s * 0.5)) for s in theme.style("title").sizes)
    assert kicker.pitch(10.0) == 15.0
    assert kicker.align == theme.style("title").align


def _face_fields(model: type, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for name, info in model.model_fields.items():
        key = info.alias or name
        ann = info.annotation
        if isinstance(ann, type) and hasattr(ann, "model_fields"):
            out |= _face_fields(ann, prefix + (key,))
        elif key.endswith("font") and key != "latin_font" and typing.get_origin(ann) is None:
            out.add(prefix + (key,))
    return out


def test_every_face_of_the_theme_belongs_to_a_text_role():
    """A face in the schema with no role would be neither resolved nor
    glyph-checked: a new kind of text is a row in ROLES."""
    assert _face_fields(ThemeIn) == {r.font for r in ROLES}


def test_every_role_names_its_colour_and_size(loaded_sample):
    theme = loaded_sample.theme
    for role in ROLES:
        style = theme.style(role.name)
        assert style.cmyk == theme.colors[style.color]
        assert style.size > 0 and style.face


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PACKAGE.parent).with_suffix("").parts
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(rel[: len(rel) - node.level])
                names.add(".".join(base + ([node.module] if node.module else [])))
            elif node.module:
                names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


@pytest.mark.parametrize("stage", ORDER)
def test_a_stage_imports_no_later_stage(stage):
    later = ORDER[ORDER.index(stage) + 1 :]
    folder = PACKAGE / stage
    bad = []
    for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "layout" and len(parts) > 1 and parts[1] in later:
                bad.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert not bad, bad


def test_reportlab_private_api_is_used_from_one_module():
    users = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\b(canvas|c|pdfmetrics)\._[a-z]", text):
            users.append(path.name)
    assert users == ["rlprivate.py"], users


def test_running_head_offsets_come_from_the_theme(loaded_sample):
    from dataclasses import replace

    from layout.fonts.faces import FontSet
    from layout.load.resolve import builtin_theme
    from layout.pages.display import Page, Rule, TextLine
    from layout.pages.paginate import _running_head
    from layout.pages.styles import Setter

    def head(theme):
        page = Page(2)
        _running_head(loaded_sample.issue, theme, theme.grid, Setter(theme, FontSet()), page)
        rule = next(i for i in page.items if isinstance(i, Rule))
        text = next(i for i in page.items if isinstance(i, TextLine))
        return rule, text

    theme = builtin_theme()
    rule, text = head(theme)
    assert rule.y1 < theme.grid.top and text.baseline < rule.y1
    lower = replace(theme, running_head=replace(theme.running_head, rule_above_lines=0.5, baseline_above_rule_em=1.0))
    rule2, text2 = head(lower)
    assert rule2.y1 == theme.grid.top - theme.grid.pitch * 0.5
    assert text2.baseline == rule2.y1 - theme.style("running_head").size


def test_theme_text_is_glyph_checked_too(issue_copy):
    """Text the theme adds (here the credit prefix) is checked like the
    issue's own: a character no face has is an error naming the theme key's text."""
    _use_theme(issue_copy, 'schema: 1\ncaption:\n  credit_prefix: "\U000e01ef/"\n')
    proc = subprocess.run([sys.executable, "-m", "layout", "check", str(issue_copy)], check=False, capture_output=True, text=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "U+E01EF" in proc.stderr, proc.stderr
