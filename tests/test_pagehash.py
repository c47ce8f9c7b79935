"""Page hashes read from a PDF's objects (layout/check/pdfread/pagehash.py):
what a page draws, through the font subsets and the objects' numbering."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from layout.check.pdfread.pagehash import page_hashes
from pdfmakers import register_font

MANY = "".join(chr(0x4E00 + i) for i in range(300))  # more characters than one 256-glyph subset holds
LINE = "自家门口这点事"


def _pdf(path: Path, pages: list[list[str]], photo: tuple[int, int, int] | None = None) -> Path:
    font = register_font()
    c = Canvas(str(path), pagesize=(400, 400), invariant=1)
    for texts in pages:
        c.setFont(font, 10)
        for i, text in enumerate(texts):
            c.drawString(20, 380 - 12 * i, text)
        if photo is not None:
            img = path.with_suffix(".png")
            Image.new("RGB", (8, 8), photo).save(img)
            c.drawImage(str(img), 300, 20, 40, 40)
        c.showPage()
    c.save()
    return path


def test_a_page_keeps_its_hash_when_another_page_renumbers_the_subsets(tmp_path):
    a = _pdf(tmp_path / "a.pdf", [["第一版"], [LINE]])
    b = _pdf(tmp_path / "b.pdf", [[MANY[:150], MANY[150:]], [LINE]])
    with pikepdf.open(a) as pa, pikepdf.open(b) as pb:  # the same line, other codes in another subset
        assert pa.pages[1].Contents.read_bytes() != pb.pages[1].Contents.read_bytes()
    ha, hb = page_hashes(a), page_hashes(b)
    assert ha[1] == hb[1]
    assert ha[0] != hb[0]


def test_a_run_split_over_two_subsets_hashes_like_one_run(tmp_path):
    # in b the line's last characters land in the second subset (a Tf between two shows)
    a = _pdf(tmp_path / "a.pdf", [[MANY[:250] + LINE]])
    b = _pdf(tmp_path / "b.pdf", [[MANY[:250] + LINE]])
    with pikepdf.open(b) as pb:
        assert pb.pages[0].Contents.read_bytes().count(b" Tf") >= 2
    assert page_hashes(a) == page_hashes(b)
    c = _pdf(tmp_path / "c.pdf", [[MANY[:250] + LINE[:-1] + "情"]])
    assert page_hashes(a) != page_hashes(c)


def test_what_a_page_draws_changes_its_hash(tmp_path):
    base = page_hashes(_pdf(tmp_path / "a.pdf", [[LINE]], photo=(200, 30, 30)))
    assert base == page_hashes(_pdf(tmp_path / "same.pdf", [[LINE]], photo=(200, 30, 30)))
    assert base != page_hashes(_pdf(tmp_path / "photo.pdf", [[LINE]], photo=(30, 200, 30)))
    assert base != page_hashes(_pdf(tmp_path / "text.pdf", [[LINE + "。"]], photo=(200, 30, 30)))


def test_object_numbers_do_not_count(tmp_path):
    a = _pdf(tmp_path / "a.pdf", [[LINE], ["第二版"]], photo=(10, 20, 30))
    with pikepdf.open(a) as pdf:  # rewritten by qpdf: every object renumbered, streams in object streams
        pdf.save(tmp_path / "b.pdf", object_stream_mode=pikepdf.ObjectStreamMode.generate, fix_metadata_version=False)
    with pikepdf.open(tmp_path / "b.pdf") as pdf:
        pages = pdf.pages[:]
        reordered = pikepdf.new()
        for page in reversed(pages):
            reordered.pages.append(page)
        reordered.save(tmp_path / "c.pdf")
    assert page_hashes(a) == page_hashes(tmp_path / "b.pdf")
    assert page_hashes(tmp_path / "c.pdf") == list(reversed(page_hashes(a)))


def test_a_page_read_before_is_hashed_again_when_its_codes_mean_other_characters(tmp_path):
    """The same content stream bytes in another file whose subset gives the
    codes other characters: the process's memo of pages must not answer."""
    a = _pdf(tmp_path / "a.pdf", [["甲"], ["乙甲"]])
    b = _pdf(tmp_path / "b.pdf", [["丙"], ["丁丙"]])
    with pikepdf.open(a) as pa, pikepdf.open(b) as pb:
        assert pa.pages[1].Contents.read_bytes() == pb.pages[1].Contents.read_bytes()
    first = page_hashes(a)
    assert page_hashes(a) == first  # from the memo
    second = page_hashes(b)
    assert second[1] != first[1] and second[0] != first[0]
    import layout.check.pdfread.pagehash as module

    module._MEMO.clear()
    assert page_hashes(b) == second and page_hashes(a) == first


def test_the_memo_kept_between_processes_gives_the_hashes_of_a_fresh_reading(tmp_path):
    import json
    import os
    import subprocess
    import sys

    a = _pdf(tmp_path / "a.pdf", [["甲"], ["乙甲"]])
    b = _pdf(tmp_path / "b.pdf", [["丙"], ["丁丙"]])  # page 2: a's bytes, other characters
    code = ("import json, sys\nfrom pathlib import Path\nfrom layout.check.pdfread.pagehash import page_hashes\n"
            "print(json.dumps([page_hashes(Path(p)) for p in sys.argv[1:]]))")

    def run(cache: str, *pdfs: Path) -> list[list[str]]:
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / cache)}
        done = subprocess.run([sys.executable, "-c", code, *map(str, pdfs)], env=env, capture_output=True, text=True,
                              check=True)
        return json.loads(done.stdout)

    fresh_a, fresh_b = run("empty-1", a)[0], run("empty-2", b)[0]
    assert run("kept", a) == [fresh_a]
    assert list((tmp_path / "kept" / "layout" / "pagehash").glob("pages-*.entry"))
    assert run("kept", b, a) == [fresh_b, fresh_a]  # b's page 2 found by its bytes, then refused


def test_hashes_not_kept_yet_are_written_by_the_next_flush(tmp_path, monkeypatch):
    """``keep=False`` (the proof's hashes while someone waits for the proof):
    the pages hashed afresh reach the cache folder with the next flush."""
    from layout.check.pdfread import pagehash

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(pagehash, "_loaded", [])
    pagehash._MEMO.clear()
    pagehash._added.clear()
    a = _pdf(tmp_path / "a.pdf", [["甲乙"], ["丙"]])
    hashes = page_hashes(a, keep=False)
    assert len(hashes) == 2 and not pagehash._read_store()
    pagehash.flush()
    assert len(pagehash._read_store()) == 2  # each page's drawing, by its content stream
