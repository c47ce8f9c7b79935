"""The archive: build-all, verify, the portable manifest, dates, back issues
keeping their own theme.  Small synthetic issues (two pages each), built
once per module into an archive that the tests copy before they change
anything."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from unittest import mock

import pikepdf
import pytest

from conftest import run_layout, write_small_issue

PRISM = "{http://prismstandard.org/namespaces/basic/3.0/}"
EPOCH = "1750000000"  # 2025-06-15 15:06:40 UTC = 23:06:40 in Shanghai
OWN_THEME = """\
schema: 1
base: tabloid
colors:
  red: [0, 90, 80, 0]
"""


def _second_issue(root: Path) -> Path:
    """2025-08: a copy of 2025-07 with its own number, date and theme."""
    folder = root / "2025-08"
    shutil.copytree(root / "2025-07", folder)
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    text = text.replace("number: 7\ndate: 2025-07-18\n", "number: 8\ndate: 2025-08-15\ntheme: own-theme.yaml\n")
    (folder / "issue.yaml").write_text(text, encoding="utf-8")
    (folder / "own-theme.yaml").write_text(OWN_THEME, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, Path]:
    """(issues folder, archive) with 2025-07 and 2025-08 built by build-all
    under SOURCE_DATE_EPOCH."""
    from layout.batch import build_all

    base = tmp_path_factory.mktemp("archive")
    issues = base / "issues"
    write_small_issue(issues, pages=2)
    _second_issue(issues)
    out = base / "out"
    with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": EPOCH}):
        results = build_all(issues, out, previews=False, jobs=2)
    assert [(r.issue, r.ok) for r in results] == [("2025-07", True), ("2025-08", True)], results
    return issues, out


def _copy(archive: tuple[Path, Path], dst: Path) -> tuple[Path, Path]:
    issues, out = archive
    shutil.copytree(issues, dst / "issues")
    shutil.copytree(out, dst / "out")
    return dst / "issues", dst / "out"


def _verify(issues: Path, out: Path, report: Path):
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return run_layout_env(env, "verify", issues, "--out", out, "--report", report)


def run_layout_env(env: dict[str, str], *args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "layout", *map(str, args)], capture_output=True, check=False,
                          text=True, timeout=900, env=env)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------ verify

def test_verify_on_an_untouched_archive_reports_every_issue_identical(archive, tmp_path):
    issues, out = archive
    before = _snapshot(out)
    done = _verify(issues, out, tmp_path / "report")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "2025-07  identical"
    assert lines[1] == "2025-08  identical"
    assert "2 identical, 0 changed, 0 failed" in done.stdout
    assert _snapshot(out) == before, "verify wrote into the archive"
    # the SOURCE_DATE_EPOCH recorded was reused (the shell had none)
    manifest = json.loads((out / "2025-07" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["dates"]["source_date_epoch"] == int(EPOCH)


def test_verify_names_the_issue_and_page_of_a_one_character_edit(archive, tmp_path):
    issues, out = _copy(archive, tmp_path)
    yaml = issues / "2025-07" / "issue.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert text.count("第2版短讯") == 1
    yaml.write_text(text.replace("第2版短讯", "第2版简讯"), encoding="utf-8")
    report = tmp_path / "report"
    done = _verify(issues, out, report)
    assert done.returncode == 1, done.stdout + done.stderr
    line07, line08 = (line for line in done.stdout.splitlines() if line.startswith("2025-"))
    assert line07.startswith("2025-07  changed: ")
    assert "proof pages 2;" in line07 and "print pages 2 " in line07
    assert "input changed: 2025-07/issue.yaml" in line07
    assert line08 == "2025-08  identical"
    image = report / "2025-07" / "page-02.png"
    assert image.is_file()
    from PIL import Image

    with Image.open(image) as img:  # old | new | difference: three pages side by side
        assert img.width > 2.9 * img.height * 297 / 420 / 1.05


def test_verify_names_a_font_or_library_change_from_the_manifests(archive, tmp_path):
    issues, out = _copy(archive, tmp_path)
    path = out / "2025-07" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    reportlab = manifest["tool"]["packages"]["reportlab"]
    manifest["tool"]["packages"]["reportlab"] = "0.0.1"
    manifest["fonts"]["files"]["serif"]["sha256"] = "0" * 64
    path.write_text(json.dumps(manifest), encoding="utf-8")
    done = _verify(issues, out, tmp_path / "report")
    line = done.stdout.splitlines()[0]
    assert line.startswith("2025-07  identical (outputs the same although the recorded build differs: ")
    assert "font changed: serif (NotoSerifCJKsc-Regular.ttf)" in line
    assert f"library changed: reportlab 0.0.1 → {reportlab}" in line


def test_verify_names_a_changed_theme_as_the_cause(archive, tmp_path):
    issues, out = _copy(archive, tmp_path)
    theme = issues / "2025-08" / "own-theme.yaml"
    theme.write_text(OWN_THEME.replace("[0, 90, 80, 0]", "[0, 100, 100, 0]"), encoding="utf-8")
    done = _verify(issues, out, tmp_path / "report")
    assert done.returncode == 1
    line = done.stdout.splitlines()[1]
    assert line.startswith("2025-08  changed: proof pages 1")
    assert "theme changed (2025-08/own-theme.yaml changed)" in line
    assert "input changed" not in line


def test_verify_keeps_going_past_an_issue_without_an_archived_build(archive, tmp_path):
    issues, out = _copy(archive, tmp_path)
    shutil.rmtree(out / "2025-07")
    done = _verify(issues, out, tmp_path / "report")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("2025-07  failed: no archived build")
    assert lines[1] == "2025-08  identical"


def test_causes_in_words():
    from layout.verify import causes, changed_pages

    old = {"schema": 2, "inputs": {"a/issue.yaml": "1", "theme.yaml": "t"}, "theme": {"sha256": "x", "layers": [{"file": "theme.yaml", "sha256": "t"}]},
           "fonts": {"files": {}, "manifest": "m"}, "tool": {"version": "0.1.0", "commit": "abc", "lockfile": "l", "packages": {"numpy": "2.0"}}}
    new = {"schema": 2, "inputs": {"a/issue.yaml": "2", "theme.yaml": "u"}, "theme": {"sha256": "y", "layers": [{"file": "theme.yaml", "sha256": "u"}]},
           "fonts": {"files": {}, "manifest": "m"}, "tool": {"version": "0.1.0", "commit": "abc", "lockfile": "k", "packages": {"numpy": "2.1"}}}
    assert causes(old, new) == ["input changed: a/issue.yaml", "theme changed (theme.yaml changed)",
                                "lockfile changed: requirements.lock", "library changed: numpy 2.0 → 2.1"]
    assert causes(old, old) == []
    assert changed_pages(["a", "b"], ["a", "c", "d"]) == [2, 3]


# ------------------------------------------------------------------ build-all

def test_build_all_goes_on_past_a_failure_and_ends_with_a_table(tmp_path):
    issues = tmp_path / "issues"
    write_small_issue(issues, pages=2)
    bad = issues / "2025-06"
    bad.mkdir()
    (bad / "issue.yaml").write_text("schema: 1\nnumber: x\n", encoding="utf-8")
    done = run_layout("build-all", issues, "--out", tmp_path / "out", "--no-preview")
    assert done.returncode == 2, done.stdout + done.stderr
    table = done.stdout.splitlines()
    assert table[0].split() == ["issue", "status", "pages", "time", "note"]
    assert table[1].split()[:3] == ["2025-06", "FAILED", "-"]
    assert table[2].split()[:3] == ["2025-07", "built", "2"]
    assert table[-1] == "1 built, 1 failed"
    assert not (tmp_path / "out" / "2025-06").exists()
    assert (tmp_path / "out" / "2025-07" / "manifest.json").is_file()
    assert "2025-06/issue.yaml:" in done.stderr


# ------------------------------------------------------------------ manifest and dates

def test_two_clones_in_different_folders_write_identical_manifests(archive, tmp_path):
    from layout.build import build_issue

    issues, out = archive
    elsewhere = tmp_path / "a" / "much" / "longer" / "path"
    shutil.copytree(issues, elsewhere / "issues")
    result = build_issue(elsewhere / "issues" / "2025-07", elsewhere / "out", previews=False,
                         env={"SOURCE_DATE_EPOCH": EPOCH})
    for name in ("manifest.json", "report.json", "report.txt"):
        assert (result.out_dir / name).read_bytes() == (out / "2025-07" / name).read_bytes(), name
    text = (result.out_dir / "manifest.json").read_text(encoding="utf-8")
    assert str(tmp_path) not in text and "/tmp" not in text
    manifest = json.loads(text)
    assert manifest["schema"] >= 2
    assert manifest["tool"]["commit"] and manifest["tool"]["lockfile"]
    assert {"reportlab", "pikepdf", "jieba", "markdown-it-py", "pyyaml", "pydantic", "qrcode", "numpy", "pypdfium2"} <= set(manifest["tool"]["packages"])
    assert manifest["options"] == {"previews": False, "dpi": 100}
    assert manifest["theme"]["layers"][0]["file"] == "layout:layout/themes/tabloid.yaml"
    assert manifest["icc"] and manifest["fonts"]["manifest"]


def test_source_date_epoch_sets_only_the_build_timestamps(archive):
    _issues, out = archive
    proof = next((out / "2025-07").glob("*-proof.pdf"))
    with pikepdf.open(proof) as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == "D:20250615230640+08'00'"
        meta = pdf.open_metadata()
        assert meta["xmp:CreateDate"] == "2025-06-15T23:06:40+08:00"
        assert meta[PRISM + "coverDate"] == "2025-07-18"
        assert meta[PRISM + "publicationDate"] == "2025-07-18T00:00:00+08:00"
    manifest = json.loads((out / "2025-07" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["dates"] == {"publication": "2025-07-18T00:00:00+08:00", "built": "2025-06-15T23:06:40+08:00",
                                 "built_from": f"SOURCE_DATE_EPOCH={EPOCH}", "source_date_epoch": int(EPOCH)}


def test_page_hashes_follow_what_the_page_shows(archive, tmp_path):
    """The one-character edit on page 2 changes page 2's hash only, though
    the font subsets of the whole file are renumbered."""
    from layout.build import build_issue

    issues, out = _copy(archive, tmp_path)
    yaml = issues / "2025-07" / "issue.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("第2版短讯", "第2版快讯"), encoding="utf-8")
    result = build_issue(issues / "2025-07", tmp_path / "new", previews=False, env={"SOURCE_DATE_EPOCH": EPOCH})
    old = json.loads((out / "2025-07" / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    new = json.loads((result.out_dir / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    for name in old:
        pages_old, pages_new = old[name]["pages"], new[name]["pages"]
        assert pages_old[0] == pages_new[0] and pages_old[1] != pages_new[1], name


# ------------------------------------------------------------------ back issues keep their design

def test_an_issues_own_theme_overrides_the_publications(tmp_path):
    from layout.load.loader import load_issue

    issues = tmp_path / "issues"
    folder = write_small_issue(issues, pages=2)  # its front article spans 5 columns of the tabloid's 6
    (issues / "a4.yaml").write_text("schema: 1\nbase: tabloid\npage: {size: A4}\ngrid: {columns: 4, column_chars: 12}\n"
                                    "masthead: {orientation: horizontal}\n", encoding="utf-8")
    pub = issues / "publication.yaml"
    pub.write_text(pub.read_text(encoding="utf-8").replace("theme: tabloid", "theme: a4.yaml"), encoding="utf-8")
    done = run_layout("check", folder)
    assert done.returncode == 2 and "columns is 5 but the theme's grid has 4" in done.stderr
    yaml = folder / "issue.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("number: 7\n", "number: 7\ntheme: tabloid\n"), encoding="utf-8")
    loaded = load_issue(folder)
    assert loaded.theme.grid.columns == 6
    assert [p.name for p in loaded.theme_files] == ["tabloid.yaml"]


def test_two_git_clones_of_the_tool_write_identical_manifests(tmp_path):
    """Two clones of this commit in different folders (and time zones) build
    the same issue, each with its own code: the same manifest and report."""
    import subprocess
    import sys

    from layout.manifest import TOOL_ROOT

    head = subprocess.run(["git", "-C", str(TOOL_ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    if head.returncode != 0:
        pytest.skip("not a git checkout")
    outputs = []
    for where, tz in ((tmp_path / "a" / "layout", "America/New_York"), (tmp_path / "some" / "other" / "place" / "x", "Asia/Tokyo")):
        subprocess.run(["git", "clone", "-q", str(TOOL_ROOT), str(where)], check=True, capture_output=True)
        folder = write_small_issue(where / "work", pages=2)  # untracked: the clone stays clean
        env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "LAYOUT_FONTS_DIR")} | {"TZ": tz}
        which = subprocess.run([sys.executable, "-c", "import layout; print(layout.__file__)"], cwd=where, env=env,
                               capture_output=True, text=True, check=True)
        assert which.stdout.strip() == str(where / "layout" / "__init__.py")
        done = subprocess.run([sys.executable, "-m", "layout", "build", str(folder), "--out", str(where / "out"), "--no-preview"],
                              cwd=where, env=env, capture_output=True, text=True, check=False, timeout=900)
        assert done.returncode == 0, done.stderr
        outputs.append(where / "out" / "2025-07")
    for name in ("manifest.json", "report.json", "report.txt"):
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name
    tool = json.loads((outputs[0] / "manifest.json").read_text(encoding="utf-8"))["tool"]
    assert tool["commit"] == head.stdout.strip() and tool["dirty"] is False


def test_installed_packages_are_read_once_per_installation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The packages in the manifest are the installation's, read again when a
    distribution is installed (a new metadata folder on the import path)."""
    from importlib import metadata

    from layout import manifest as m

    fresh = {d.metadata["Name"].lower().replace("_", "-"): d.version for d in metadata.distributions() if d.metadata["Name"]}
    m._PACKAGES.clear()
    assert m.installed_packages() == fresh
    m._PACKAGES.clear()
    assert m.installed_packages() == fresh  # from the user's cache folder
    stamp = m._installation()
    info = tmp_path / "newpkg-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: newpkg\nVersion: 1.0\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert m._installation() != stamp
    assert m.installed_packages()["newpkg"] == "1.0"
