"""The print file as the shop receives it: PDF/X-4, boxes and bleed, K-only
black text on the plates, page count, photo resolution, theme switches."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pdfplumber
import pikepdf
import pytest
from PIL import Image

from conftest import run_layout
from layout.facts.units import MM


def test_boxes_and_bleed_on_every_page(sample):
    with pikepdf.open(sample.print) as pdf:
        assert pdf.pdf_version == "1.6"
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            media = [float(v) for v in page.obj.MediaBox]
            assert trim[2] - trim[0] == pytest.approx(297 * MM, abs=0.01)
            assert trim[3] - trim[1] == pytest.approx(420 * MM, abs=0.01)
            for i in (0, 1):
                assert trim[i] - bleed[i] == pytest.approx(3 * MM, abs=0.01)
                assert bleed[i] >= media[i]
            for i in (2, 3):
                assert bleed[i] - trim[i] == pytest.approx(3 * MM, abs=0.01)
                assert bleed[i] <= media[i]


def test_proof_is_trim_size_without_marks(sample):
    with pikepdf.open(sample.proof) as pdf:
        for page in pdf.pages:
            media = [float(v) for v in page.obj.MediaBox]
            assert media[2] - media[0] == pytest.approx(297 * MM, abs=0.01)
            assert "/TrimBox" not in page.obj


def test_masthead_band_runs_into_the_bleed(sample):
    """R4: a background touching the trim runs 3 mm past it (rendered check)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(sample.print))
    dpi = 72
    image = pdf[0].render(scale=dpi / 72).to_pil().convert("RGB")
    pdf.close()
    with pikepdf.open(sample.print) as p:
        trim = [float(v) for v in p.pages[0].obj.TrimBox]
        media = [float(v) for v in p.pages[0].obj.MediaBox]
    scale = dpi / 72
    # a point 1.5 mm above the trim's top edge, inside the band's x range
    y_pt = media[3] - (trim[3] + 1.5 * MM)
    band_x = trim[0] + 12 * MM + 20  # inside margin + a little: the band's left part
    r, g, b = image.getpixel((int(band_x * scale), int(y_pt * scale)))
    assert r > 150 and g < 80 and b < 80, (r, g, b)  # newsletter red in the bleed


@pytest.mark.skipif(shutil.which("gs") is None, reason="ghostscript not installed")
def test_body_text_is_black_plate_only(sample, tmp_path):
    """R7 via Ghostscript separations of page 2: no cyan, magenta or yellow ink
    inside any body glyph's box; the black plate carries the text."""
    dpi = 150
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", f"-r{dpi}",
                    "-dFirstPage=2", "-dLastPage=2", "-dOverprint=/simulate",
                    f"-sOutputFile={tmp_path}/p%d.tif", str(sample.print)], check=True)
    plates = {}
    for name in ("Cyan", "Magenta", "Yellow", "Black"):
        path = next(tmp_path.glob(f"p1({name}).tif"))
        plates[name] = 255 - np.asarray(Image.open(path).convert("L"), dtype=np.int16)  # ink 0..255
    with pdfplumber.open(sample.print) as pdf:
        page = pdf.pages[1]
        chars = [c for c in page.chars if abs(c["size"] - 9.0) < 0.01 and c["text"].strip()]
    assert len(chars) > 1000
    k = dpi / 72
    black_total = 0
    for c in chars:
        x0, x1 = int(c["x0"] * k) + 1, int(c["x1"] * k) - 1
        top, bottom = int(c["top"] * k) + 1, int(c["bottom"] * k) - 1
        for name in ("Cyan", "Magenta", "Yellow"):
            box = plates[name][top:bottom, x0:x1]
            assert box.max(initial=0) == 0, f"{name} ink under {c['text']!r} at {c['x0']:.1f},{c['top']:.1f}"
        black_total += int(plates["Black"][top:bottom, x0:x1].sum())
    assert black_total > 0


def _built(folder: Path, out: Path) -> tuple[Path, Path]:
    found = out / folder.name
    return next(found.glob("*-print.pdf")), next(found.glob("*-proof.pdf"))


def test_six_pages_get_two_blank_pages_and_a_warning(small_issue, tmp_path):
    folder = small_issue(pages=6)
    proc = run_layout("build", folder, "--out", tmp_path / "out", "--no-preview")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"warning: the issue has 6 pages; the print file gets blank pages 7–8", proc.stderr), proc.stderr
    printed, proof = _built(folder, tmp_path / "out")
    with pikepdf.open(printed) as p, pikepdf.open(proof) as q:
        assert len(p.pages) == 8
        assert len(q.pages) == 6


def test_photo_too_small_for_its_columns_is_set_narrower_with_a_warning(small_issue, tmp_path):
    folder = small_issue(photo_px=(300, 200))  # under 150 ppi at 2 columns, not at 1
    proc = run_layout("build", folder, "--out", tmp_path / "out", "--no-preview")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"issue\.yaml:\d+:\d+: warning: photo 'images/photo\.jpg' is too small for a wider frame at 150 ppi; "
                     r"set 1 column\(s\) wide", proc.stderr), proc.stderr


def test_photo_below_150_ppi_fails_naming_it(small_issue, tmp_path):
    folder = small_issue(photo_px=(120, 80))  # under 150 ppi even in one column
    out = tmp_path / "out"
    proc = run_layout("build", folder, "--out", out, "--no-preview")
    assert proc.returncode == 1, proc.stderr
    assert re.search(r"issue\.yaml:\d+:\d+: photo 'images/photo\.jpg' is \d+ ppi", proc.stderr), proc.stderr
    assert not list(out.rglob("*.pdf"))


def test_photo_below_300_ppi_warns(small_issue, tmp_path):
    folder = small_issue(photo_px=(900, 600))
    proc = run_layout("build", folder, "--out", tmp_path / "out", "--no-preview")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"warning: photo 'images/photo\.jpg' is \d+ ppi .*300 ppi is wanted", proc.stderr), proc.stderr


def test_theme_can_ask_for_pdfx1a_with_a_registered_condition(small_issue, tmp_path):
    folder = small_issue(theme_text="schema: 1\nprint:\n  standard: PDF/X-1a:2003\n  output_condition:\n"
                                    "    identifier: JC200103\n    condition: Japan Color 2001 Coated\n    profile: null\n")
    proc = run_layout("build", folder, "--out", tmp_path / "out", "--no-preview")
    assert proc.returncode == 0, proc.stderr
    printed, _ = _built(folder, tmp_path / "out")
    with pikepdf.open(printed) as pdf:
        assert pdf.pdf_version == "1.4"
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1a:2003"
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1 and str(intents[0].OutputConditionIdentifier) == "JC200103"
        assert "/DestOutputProfile" not in intents[0]  # a registered condition, no profile embedded


def test_crop_marks_can_be_switched_off(small_issue, tmp_path):
    folder = small_issue(theme_text="schema: 1\nprint:\n  crop_marks: false\n")
    proc = run_layout("build", folder, "--out", tmp_path / "out", "--no-preview")
    assert proc.returncode == 0, proc.stderr
    printed, _ = _built(folder, tmp_path / "out")
    with pikepdf.open(printed) as pdf:
        page = pdf.pages[0]
        media = [float(v) for v in page.obj.MediaBox]
        bleed = [float(v) for v in page.obj.BleedBox]
        assert media == pytest.approx(bleed)  # no room for marks: the page is the bleed box
        content = b"".join(c.read_bytes() for c in ([page.obj.Contents] if isinstance(page.obj.Contents, pikepdf.Stream) else page.obj.Contents))
        assert b"/All" not in content and b"SCN" not in content

