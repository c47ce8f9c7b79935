"""What makes rebuilds fast must never change what is built: the photo
store in the user's cache folder (atomic, verified, bounded), the proof's
small photos, the preflight that reuses the build's measurements, and the
build on two cores."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pikepdf

from layout.usercache import Store


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------ the store

def test_store_gives_back_what_was_put_and_misses_what_was_not(tmp_path):
    store = Store(tmp_path / "s", limit=10**6)
    store.put("a", b"photo bytes")
    assert store.get("a") == b"photo bytes"
    assert store.get("b") is None
    assert [p.name for p in (tmp_path / "s").iterdir()] == ["a.entry"]


def test_an_entry_written_by_a_killed_process_is_never_used(tmp_path):
    folder = tmp_path / "s"
    # a writer killed (SIGKILL) after writing the data, before it reached its place
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from layout.usercache import Store\n"
        "os.replace = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"Store(Path({str(folder)!r}), limit=10**9).put('k', b'x' * 1_000_000)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, timeout=120)
    assert proc.returncode == -9
    leftovers = list(folder.iterdir())
    assert leftovers and all(p.name.endswith(".tmp") for p in leftovers)
    store = Store(folder, limit=10**9)
    assert store.get("k") is None
    # a half-written entry in place (a writer without the rename, a damaged disk): detected, removed
    whole = folder / "whole.entry"
    Store(folder, limit=10**9).put("whole", b"y" * 5000)
    blob = whole.read_bytes()
    (folder / "k.entry").write_bytes(blob[: len(blob) // 2])
    assert store.get("k") is None and not (folder / "k.entry").exists()
    flipped = bytearray(blob)
    flipped[-1] ^= 1
    (folder / "k.entry").write_bytes(bytes(flipped))
    assert store.get("k") is None
    assert store.get("whole") == b"y" * 5000
    # the next put of the same key stores it properly
    store.put("k", b"z" * 10)
    assert store.get("k") == b"z" * 10


def test_store_evicts_the_least_recently_used_entries(tmp_path):
    store = Store(tmp_path / "s", limit=3 * 1100)
    for n, key in enumerate("abc"):
        store.put(key, bytes(1000))
        os.utime(tmp_path / "s" / f"{key}.entry", (1000 + n, 1000 + n))
    assert store.get("a") is not None  # a used now: b is the least recently used
    store.put("d", bytes(1000))
    assert store.get("b") is None
    assert all(store.get(k) is not None for k in "acd")


def test_a_cache_folder_that_cannot_be_written_costs_time_only(tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would be")
    store = Store(blocked / "photos", limit=10**6)
    store.put("a", b"data")
    assert store.get("a") is None


def test_a_damaged_stored_photo_is_converted_again_to_the_same_bytes(tmp_path, kit):
    from conftest import write_photo
    from layout.pages.display import Picture
    from layout.render.photos import PhotoPrep

    src = tmp_path / "p.jpg"
    write_photo(src, 900, 600)
    pic = Picture(0, 0, 200, 133, src, (0, 0, 1, 1), "p.jpg")
    theme = kit.theme
    fresh = PhotoPrep(tmp_path / "a", theme.sheet.photo_profile, theme.photos).prepare(pic)
    store = Store(tmp_path / "store", limit=10**8)
    PhotoPrep(tmp_path / "b", theme.sheet.photo_profile, theme.photos, store=store).prepare(pic)
    [entry] = (tmp_path / "store").glob("photo-*.entry")
    entry.write_bytes(entry.read_bytes()[:-100])
    again = PhotoPrep(tmp_path / "c", theme.sheet.photo_profile, theme.photos, store=store).prepare(pic)
    warm = PhotoPrep(tmp_path / "d", theme.sheet.photo_profile, theme.photos, store=store).prepare(pic)
    assert fresh.path.read_bytes() == again.path.read_bytes() == warm.path.read_bytes()
    assert fresh.ink == again.ink == warm.ink and fresh.digest == warm.digest


# ------------------------------------------------------- builds stay the same

def _build(issue: Path, out: Path, cache_home: Path, *args: str) -> dict[str, str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    proc = subprocess.run([sys.executable, "-m", "layout", "build", str(issue), "--out", str(out), *args],
                          env=env, check=False, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    folder = out / issue.name
    return {p.name: _sha(p) for p in sorted(folder.glob("*.pdf")) + sorted((folder / "preview").glob("*.png"))}


def test_cached_uncached_serial_and_parallel_builds_are_byte_identical(small_issue, tmp_path):
    issue = small_issue(pages=4, photo_px=(2400, 1600))
    cache = tmp_path / "cache"
    cold = _build(issue, tmp_path / "cold", cache, "--jobs", "2")
    assert list((cache / "layout" / "photos").glob("*.entry")), "the photo conversions are kept"
    warm = _build(issue, tmp_path / "warm", cache, "--jobs", "2")
    serial = _build(issue, tmp_path / "serial", cache, "--jobs", "1")
    uncached = _build(issue, tmp_path / "uncached", tmp_path / "other-cache", "--no-cache", "--jobs", "1")
    for store in ("photos", "compose", "pagehash", "previews", "fonts", "subsets"):
        assert list((cache / "layout" / store).glob("*.entry")), f"the {store} store is kept"
        assert not (tmp_path / "other-cache" / "layout" / store).exists(), f"--no-cache wrote the {store} store"
    # an edit, rebuilt with every store warm (paragraphs, page hashes, previews read back)
    path = issue / "issue.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("社区", "街道", 1), encoding="utf-8")
    edited = _build(issue, tmp_path / "edited", cache, "--jobs", "2")
    afresh = _build(issue, tmp_path / "afresh", tmp_path / "third-cache", "--no-cache", "--jobs", "2")
    assert len(cold) > 2 and cold == warm == serial == uncached
    assert edited == afresh and edited != cold


def _placed_ppi(path: Path) -> list[float]:
    """Each placed image's resolution (its pixels over its placed width), as the PDF's pages paint it."""
    import math

    from layout.check.pdfread.events import ImagePaint
    from layout.check.pdfread.paint import paint_events

    out = []
    with pikepdf.open(path) as pdf:
        for e in paint_events(pdf):
            if isinstance(e, ImagePaint):
                a, b = e.gs.ctm[0], e.gs.ctm[1]
                out.append(e.width / (math.hypot(a, b) / 72.0))
    return out


def test_the_proof_carries_small_photos_and_the_print_keeps_them_whole(sample):
    proof, printed = _placed_ppi(sample.proof), _placed_ppi(sample.print)
    assert proof and len(proof) == len(printed)
    assert max(proof) <= 200.5
    assert max(printed) > 300  # the sample's photos are sharper than a screen proof needs
    assert all(q <= p + 0.5 for q, p in zip(sorted(proof), sorted(printed), strict=True))
    assert sample.proof.stat().st_size <= 5 * 1024 * 1024


def test_preflight_uses_the_measurements_it_is_given(sample):
    from layout.check.preflight import preflight

    digests = []
    with pikepdf.open(sample.print) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                digests.append(hashlib.sha256(obj.read_raw_bytes()).hexdigest())
    assert digests
    # the build's preflight took its photos' ink from the conversion; one that decodes them agrees
    decoded = preflight(sample.print).to_dict()
    assert sample.result.report.preflight["rules"] == decoded["rules"]
    # a measurement over the limit is believed without decoding: the build's measurements are used
    told = preflight(sample.print, known_ink={digests[0]: 320.0})
    r8 = next(r for r in told.results if r.rule == "R8")
    assert not r8.passed and "320% total ink" in " ".join(r8.details)


# ------------------------------------------------- paragraphs composed once

def test_an_edit_recomposes_only_the_paragraph_it_touched(small_issue, fonts):
    from conftest import PARAGRAPH
    from layout.load.loader import load_issue
    from layout.pages.paginate import paginate
    from layout.text import memo

    issue = small_issue(pages=3)
    memo.clear()  # other tests composed the same paragraphs in this process

    def lay_out() -> tuple[int, list]:
        loaded = load_issue(issue, fonts.keys)
        before = memo.stats["misses"]
        pages = paginate(loaded.issue, loaded.theme, fonts).pages
        return memo.stats["misses"] - before, pages

    first, pages = lay_out()
    again, same = lay_out()
    assert first > 20 and again == 0
    assert [len(p.items) for p in same] == [len(p.items) for p in pages]
    path = issue / "issue.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(PARAGRAPH, "街坊邻居" + PARAGRAPH[4:], 1), encoding="utf-8")
    edited, _ = lay_out()
    assert 1 <= edited <= 3  # the paragraph (and a copyfit retry of it, at most)


def test_paragraphs_composed_in_another_process_come_back_as_the_same_lines(small_issue, fonts, tmp_path, monkeypatch):
    """The composer's memo in the user's cache folder: a new process reads
    the lines an earlier one composed — equal to a fresh composition."""
    from layout.load.loader import load_issue
    from layout.pages.paginate import paginate
    from layout.text import memo

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(memo, "_stores", {})
    issue = small_issue(pages=2)
    memo.clear()
    loaded = load_issue(issue, fonts.keys)
    before = memo.stats["misses"]
    fresh = paginate(loaded.issue, loaded.theme, fonts).pages
    assert memo.stats["misses"] - before > 20
    for kept in memo._stores.values():
        kept.save()  # what the process's exit does
    assert list((tmp_path / "cache" / "layout" / "compose").glob("compose-*.entry"))
    memo._memo.clear()  # a new process: nothing in memory,
    monkeypatch.setattr(memo, "_stores", {})  # the entry read from the folder again
    before = memo.stats["misses"]
    again = paginate(loaded.issue, loaded.theme, fonts).pages
    assert memo.stats["misses"] == before
    assert again == fresh


def test_a_stored_paragraph_of_another_composer_is_never_read(fonts, tmp_path, monkeypatch):
    from layout.text import memo

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    key = memo._store_key(fonts)
    monkeypatch.setattr(memo, "_code_digest", lambda: "another composer")
    assert memo._store_key(fonts) != key
