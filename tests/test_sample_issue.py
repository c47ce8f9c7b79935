"""The sample issue end to end: what a reader, the print shop and an
archivist would notice if it broke."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml

from conftest import ISSUES
from layout.model.document import TableBlock


def page_texts(pdf_path) -> list[str]:
    """Each page's text in content-stream order (the order a copy gets),
    whitespace removed."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    out = []
    for page in pdf:
        tp = page.get_textpage()
        out.append(re.sub(r"\s+", "", tp.get_text_range()))
        tp.close()
        page.close()
    pdf.close()
    return out


def render(pdf_path, index: int, dpi: int):
    pdf = pdfium.PdfDocument(str(pdf_path))
    image = pdf[index].render(scale=dpi / 72).to_pil()
    pdf.close()
    return image


@pytest.mark.parametrize("which", ["proof", "print"])
def test_qr_code_decodes_to_the_publication_url(sample, which):
    import zxingcpp

    url = yaml.safe_load((ISSUES / "publication.yaml").read_text(encoding="utf-8"))["wechat"]["url"]
    image = render(getattr(sample, which), 0, 300)
    codes = [c for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]
    assert [c.text for c in codes] == [url]


def test_qr_code_is_at_least_20_mm_with_quiet_zone(sample, loaded_sample):
    """Measured on the rendered proof: the symbol found by a decoder plus its
    4-module quiet zone spans at least 20 mm, and that zone is blank."""
    import zxingcpp

    from layout.pages.front import qr_matrix

    dpi = 300
    image = render(sample.proof, 0, dpi).convert("L")
    [code] = [c for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]
    pos = code.position
    left, right = min(pos.top_left.x, pos.bottom_left.x), max(pos.top_right.x, pos.bottom_right.x)
    top, bottom = min(pos.top_left.y, pos.top_right.y), max(pos.bottom_left.y, pos.bottom_right.y)
    theme = loaded_sample.theme
    modules = len(qr_matrix(loaded_sample.issue.publication.wechat.url, theme.qr.error_correction))
    module_px = (right - left) / modules
    quiet = 4 * module_px
    assert (right - left + 2 * quiet) / dpi * 25.4 >= 20
    ring = [image.getpixel((x, y)) for x in range(int(left - quiet) + 1, int(right + quiet))
            for y in (int(top - quiet) + 1, int(top) - 2, int(bottom) + 2, int(bottom + quiet) - 1)]
    ring += [image.getpixel((x, y)) for y in range(int(top - quiet) + 1, int(bottom + quiet))
             for x in (int(left - quiet) + 1, int(left) - 2, int(right) + 2, int(right + quiet) - 1)]
    assert min(ring) > 200, "something is drawn in the quiet zone"


def test_toc_references_point_at_the_page_holding_the_title(sample, loaded_sample):
    texts = page_texts(sample.proof)
    listed = [a for a in loaded_sample.issue.articles if a.toc is not None]
    assert len(listed) == 4
    refs = [int(n) for n in re.findall(r">>>P(\d+)", texts[0])]
    assert len(refs) == len(listed)
    for article, ref in zip(listed, refs, strict=True):
        title = re.sub(r"\s+", "", article.title.value)
        holding = [i + 1 for i, t in enumerate(texts) if title in t and i > 0]
        assert holding == [ref], f"{article.id}: 导读 says P{ref}, title found on {holding}"


def _subsequence(chars: str, text: str, start: int) -> int:
    """Where ``chars`` end as a subsequence of ``text`` from ``start``, or -1."""
    at = start
    for ch in chars:
        at = text.find(ch, at)
        if at < 0:
            return -1
        at += 1
    return at


def test_every_body_character_is_in_the_text_in_order(sample, loaded_sample):
    """Paragraphs, subheads and list items in order, each whole (a list's
    marks stand between items); a table's cells each in order after them."""
    texts = page_texts(sample.proof)
    for article in loaded_sample.issue.articles:
        page = texts[sample.result.report["articles"][article.id]["page"] - 1]
        cursor = 0
        for block in article.body:
            if isinstance(block, TableBlock):
                ends = [_subsequence(re.sub(r"\s+", "", c.text), page, cursor) for c in block.cells]
                assert min(ends) >= 0, f"{article.id}: a table cell not found on its page"
                continue  # its cells' lines interleave row by row: what follows is searched from the table on
            text = re.sub(r"\s+", "", block.text)
            at = page.find(text, cursor)
            assert at >= 0, f"{article.id}: body text not found in order on its page: {text[:20]}"
            cursor = at + len(text)


def test_front_page_has_the_source_furniture(sample):
    first = page_texts(sample.proof)[0]
    for text in ("自家门口这点事", "新泾镇党委、政府联合出版", "扫描二维码", "关注“上海社区发布”", "官方微信公众号", "导读"):
        assert text in first


@pytest.mark.parametrize("which", ["proof", "print"])
def test_every_font_is_embedded(sample, which):
    with pikepdf.open(getattr(sample, which)) as pdf:
        fonts = {}
        for page in pdf.pages:
            for font in page.resources.get("/Font", {}).values():
                fonts[str(font.get("/BaseFont"))] = font
        assert fonts
        for base, font in fonts.items():
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font.DescendantFonts[0].get("/FontDescriptor")
            assert desc is not None, base
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{base} is not embedded"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("which", ["proof", "print"])
def test_pdffonts_reports_every_font_embedded(sample, which):
    out = subprocess.run(["pdffonts", str(getattr(sample, which))], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        # columns: name type encoding emb sub uni object ID
        emb = row.split()[-5]
        assert emb == "yes", row


def test_two_builds_are_byte_identical(small_issue, tmp_path):
    """Same inputs, other output and cache folders: the same bytes (a small
    issue with a photo, a QR code and a 导读 box, not a second A3 sample)."""
    from conftest import _build

    folder = small_issue()
    one, two = _build(folder, tmp_path / "one"), _build(folder, tmp_path / "two")
    for name in (one.proof.name, one.print.name, "manifest.json"):
        a = hashlib.sha256((one.out_dir / name).read_bytes()).hexdigest()
        b = hashlib.sha256((two.out_dir / name).read_bytes()).hexdigest()
        assert a == b, name


def test_print_file_has_eight_pages_and_proof_matches(sample):
    with pikepdf.open(sample.print) as p, pikepdf.open(sample.proof) as q:
        assert len(p.pages) == 8
        assert len(q.pages) == 8


def test_manifest_records_inputs_fonts_and_outputs(sample):
    import json

    manifest = json.loads((sample.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert "2025-06/issue.yaml" in manifest["inputs"]
    assert "publication.yaml" in manifest["inputs"]
    assert set(manifest["fonts"]["files"]) >= {"serif", "sans-bold", "kai"}
    assert {entry["kind"] for entry in manifest["outputs"].values()} == {"proof", "print"}
    for name, entry in manifest["outputs"].items():
        assert hashlib.sha256((sample.out_dir / name).read_bytes()).hexdigest() == entry["sha256"]
        assert len(entry["pages"]) == 8


@pytest.mark.parametrize("which", ["proof", "print"])
def test_typography_audit_of_the_sample_passes(sample, which):
    """The clreq audit, from the PDF's own character boxes: no K1/K2/K3/O1
    violation, no ragged non-final line, compressed punctuation pairs,
    Han–Latin gaps in range (layout check --typography)."""
    from layout.check.typography import audit_pdf

    report = audit_pdf(getattr(sample, which))
    assert report.passed, report.format()
    for rule in ("K1", "K2", "K3", "O1", "J1", "P2", "S1", "I1", "L1"):
        assert report.checked.get(rule, 0) > 0, f"{rule} examined nothing"
