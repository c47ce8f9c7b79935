"""Faults during a build (issue 12, classes 2 and 7): a build killed at any
moment leaves the previous output set whole and byte-identical, the next
build cleans up after it; what stands in the way of the outputs is named.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from layout.cli import app
from layout.install import OutputSet, install, owner_tag, sweep, sweep_tmp_files

ISSUE = "2025-07"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder``: its path → SHA-256 (report.json names
    the file the preflight read, in the build's temporary folder: left out)."""
    def digest(p: Path) -> str:
        data = p.read_bytes()
        if p.name == "report.json":
            data = re.sub(rb'"path": "[^"]*"', b'"path": ""', data)
        return hashlib.sha256(data).hexdigest()

    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[Path]:
    return [p for p in out.iterdir() if p.name.startswith(".build-")] + list(out.glob(".cache/photos/*.tmp"))


def build_cmd(issue: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "layout", "build", str(issue), "--out", str(out), "--dpi", "30"]


def dead_owner() -> str:
    """The owner tag of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.2)"])
    tag = owner_tag(proc.pid)
    proc.wait()
    return tag


# ------------------------------------------------------------ kill -9


def _phase_reached(out: Path, phase: str) -> bool:
    temps = [p for p in out.glob(".build-*") if p.is_dir()]
    if phase == "temp folder":
        return bool(temps)
    pattern = {"raw proof": "proof-raw.pdf", "print PDF": "*-print.pdf", "previews": "preview/*.png",
               "manifest": "manifest.json"}[phase]
    return any(list(t.glob(pattern)) for t in temps)


PHASES = ["temp folder", "raw proof", "print PDF", "previews", "manifest"]


def test_a_killed_build_leaves_the_previous_set_whole_and_the_next_build_clean(small_issue, tmp_path):
    issue = small_issue()
    out = tmp_path / "out"
    sets: dict[str, dict[str, str]] = {}
    for epoch, root in (("1700000000", out), ("1800000000", tmp_path / "ref")):  # two sets: every PDF differs (its date)
        env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
        subprocess.run(build_cmd(issue, root), env=env, check=True, capture_output=True)
        sets[epoch] = snapshot(root / ISSUE)
    assert sets["1700000000"] != sets["1800000000"]
    current = "1700000000"
    killed = left_behind = 0
    for phase in PHASES:
        other = "1800000000" if current == "1700000000" else "1700000000"
        proc = subprocess.Popen(build_cmd(issue, out), env=dict(os.environ, SOURCE_DATE_EPOCH=other),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while proc.poll() is None and not _phase_reached(out, phase) and time.monotonic() < deadline:
            time.sleep(0.005)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        left_behind += proc.returncode == -signal.SIGKILL and bool(leftovers(out))
        now = snapshot(out / ISSUE)
        assert now in (sets[current], sets[other]), f"killed at '{phase}': a mixed or partial set"
        if proc.returncode == 0:
            assert now == sets[other]
        current = "1700000000" if now == sets["1700000000"] else "1800000000"
    assert killed >= 3, "the build was killed at several moments"
    assert left_behind, "a killed build leaves its temporary folder (each build removes those before it)"
    code, output = run("build", str(issue), "--out", str(out), "--dpi", "30", env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert code == 0, output
    assert snapshot(out / ISSUE) == sets["1700000000"]
    assert leftovers(out) == []


def test_a_build_running_beside_keeps_its_temporary_folder(tmp_path):
    """Only folders of builds that are gone are removed, not a live build's."""
    out = tmp_path / "out"
    out.mkdir()
    live = out / f".build-{ISSUE}.{owner_tag()}.0a1b2c3d"
    dead = out / f".build-{ISSUE}.{dead_owner()}.0a1b2c3d"
    aside = out / f".build-{ISSUE}.{dead_owner()}.0a1b2c3d.old"  # an old set renamed aside, the new one in, then a kill
    (out / ISSUE).mkdir()
    for folder in (live, dead, aside):
        (folder / "preview").mkdir(parents=True)
        (folder / "x-proof.pdf").write_bytes(b"%PDF-")
    other = out / ".build-notes"  # not a build's name: not layout's to remove
    other.mkdir()
    assert sorted(sweep(out)) == sorted([dead, aside])
    assert live.is_dir() and other.is_dir()


def test_an_old_set_renamed_aside_by_a_killed_build_is_put_back(tmp_path):
    """Where the file system cannot exchange two folders, the old set is
    renamed aside first: a kill before the new set is renamed in leaves no
    set, and the next build puts the old one back."""
    out = tmp_path / "out"
    aside = out / f".build-{ISSUE}.{dead_owner()}.0a1b2c3d.old"
    aside.mkdir(parents=True)
    (aside / "manifest.json").write_text("old")
    assert sweep(out) == []
    assert (out / ISSUE / "manifest.json").read_text() == "old"


def test_a_half_written_photo_of_a_gone_build_is_removed_from_the_cache(tmp_path):
    cache = tmp_path / "photos"
    cache.mkdir()
    gone_pid = dead_owner().split(".")[0]
    stale = cache / f"photo-abc.jpg.{gone_pid}.tmp"
    mine = cache / f"photo-def.jpg.{os.getpid()}.tmp"
    kept = cache / "photo-abc.jpg"
    for f in (stale, mine, kept):
        f.write_bytes(b"x" * 100)
    assert sweep_tmp_files(cache) == [stale]
    assert mine.exists() and kept.exists()


def test_a_full_disk_while_a_photo_is_converted_leaves_no_temp_file(tmp_path, monkeypatch):
    from conftest import write_photo
    from layout.load.resolve import builtin_theme
    from layout.model.sheet import DEFAULT_PROFILE
    from layout.render import photos as photos_module
    from layout.render.photos import PhotoPrep

    src = tmp_path / "p.jpg"
    write_photo(src, 300, 200)
    prep = PhotoPrep(tmp_path / "cache", DEFAULT_PROFILE, builtin_theme().photos)

    def half_then_full(self: Path, data: bytes) -> int:
        with open(self, "wb") as fh:
            fh.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(photos_module.Path, "write_bytes", half_then_full)

    class Pic:
        source = src
        crop = (0.0, 0.0, 1.0, 1.0)
        w = 100.0
        h = 66.0

    with pytest.raises(OSError):
        prep.prepare(Pic())  # type: ignore[arg-type]
    assert list((tmp_path / "cache").iterdir()) == []


# ------------------------------------------------------------ installing


def test_install_swaps_the_whole_set(tmp_path):
    target = tmp_path / ISSUE
    target.mkdir()
    (target / "manifest.json").write_text("old")
    (target / "preview").mkdir()
    (target / "preview" / "page-1.png").write_text("old")
    new = tmp_path / ".build-new"
    new.mkdir()
    (new / "manifest.json").write_text("new")
    install(new, target)
    assert snapshot(target) == {"manifest.json": hashlib.sha256(b"new").hexdigest()}, "old previews do not stay beside a new set"
    assert not new.exists()


def test_install_where_folders_cannot_be_exchanged(tmp_path, monkeypatch):
    import layout.install

    monkeypatch.setattr(layout.install, "_exchange", lambda a, b: False)
    target = tmp_path / ISSUE
    for content in ("first", "second"):
        new = tmp_path / f".build-{ISSUE}.{owner_tag()}.0a1b2c3d"
        new.mkdir()
        (new / "manifest.json").write_text(content)
        install(new, target)
        assert snapshot(target) == {"manifest.json": hashlib.sha256(content.encode()).hexdigest()}
        assert sorted(p.name for p in tmp_path.iterdir()) == [ISSUE]


def test_a_failed_build_removes_its_temporary_folder(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(RuntimeError), OutputSet(out, ISSUE) as outset:
        (outset.path / "proof-raw.pdf").write_bytes(b"%PDF-")
        raise RuntimeError("a stage failed")
    assert leftovers(out) == []
    assert not (out / ISSUE).exists()


# ------------------------------------------------ what stands in the way


def test_issue_folder_in_out_that_is_a_file(small_issue, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ISSUE).write_text("mine")
    code, output = run("build", str(small_issue()), "--out", str(out), "--no-preview")
    assert code == 2, output
    assert f"out/{ISSUE}: is a file; layout writes the issue's outputs into a folder of this name" in output
    assert (out / ISSUE).read_text() == "mine"
    assert leftovers(out) == []


def test_photo_cache_that_is_a_file(small_issue, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".cache").write_text("mine")
    code, output = run("build", str(small_issue()), "--out", str(out), "--no-preview")
    assert code == 2, output
    assert "out/.cache: is a file, not a folder; layout needs a folder here for the photo cache" in output
    assert (out / ".cache").read_text() == "mine"


def test_a_folder_layout_did_not_write_is_not_replaced(small_issue, tmp_path):
    out = tmp_path / "out"
    (out / ISSUE).mkdir(parents=True)
    (out / ISSUE / "notes.txt").write_text("mine")
    code, output = run("build", str(small_issue()), "--out", str(out), "--no-preview")
    assert code == 2, output
    assert f"out/{ISSUE}: holds files layout did not write" in output
    assert (out / ISSUE / "notes.txt").read_text() == "mine"


def test_previous_set_with_a_folder_in_a_pdfs_place_and_a_file_in_the_previews_place(small_issue, tmp_path):
    """A set damaged by hand (a folder named like the PDF, a file named
    preview) is replaced whole by the next build."""
    issue = small_issue()
    out = tmp_path / "out"
    target = out / ISSUE
    target.mkdir(parents=True)
    (target / "manifest.json").write_text("{}")
    (target / "测试小报-2025-07-print.pdf").mkdir()
    (target / "preview").write_text("not a folder")
    code, output = run("build", str(issue), "--out", str(out), "--dpi", "30")
    assert code == 0, output
    assert (target / "测试小报-2025-07-print.pdf").is_file()
    assert (target / "preview").is_dir() and list((target / "preview").glob("*.png"))


def test_read_only_issue_folder_in_out(small_issue, tmp_path):
    """OUT writable but its old set read-only inside: the swap replaces the set whole anyway, or
    says why not — never a half-replaced set."""
    issue = small_issue()
    out = tmp_path / "out"
    code, output = run("build", str(issue), "--out", str(out), "--no-preview")
    assert code == 0, output
    before = snapshot(out / ISSUE)
    os.chmod(out, 0o555)
    try:
        code, output = run("build", str(issue), "--out", str(out), "--no-preview")
    finally:
        os.chmod(out, 0o755)
    if os.geteuid() == 0:
        assert code == 0, output  # root writes anyway
    else:
        assert code == 2 and "cannot write the outputs here: permission denied" in output, output
        assert snapshot(out / ISSUE) == before
    assert leftovers(out) == []
