"""Archive-grade PDFs, on the sample build: text extracts as written, XMP
with the issue's identity, a bookmark per article, page labels — in both
files; the print file still passes R1–R14."""

from __future__ import annotations

import shutil
import subprocess

import pikepdf
import pytest

PRISM = "{http://prismstandard.org/namespaces/basic/3.0/}"

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _raw_text(pdf, page: int) -> str:
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, check=True, text=True)
    return done.stdout


@needs_pdftotext
@pytest.mark.parametrize("which", ["proof", "print"])
def test_pdftotext_gives_each_paragraph_as_written(sample, loaded_sample, which):
    """Every paragraph and subhead on pages 1 and 3, after joining the
    extracted lines: no space the source does not have ("2025年6月", "同Xin"),
    U+3000 in the subheads kept."""
    pdf = getattr(sample, which)
    checked = 0
    for page in (1, 3):
        joined = _raw_text(pdf, page).replace("\n", "")
        for article in loaded_sample.issue.articles:
            if article.page != page:
                continue
            for block in article.body:
                assert block.text in joined, f"p{page} {article.id}: {block.text[:40]}…"
                checked += 1
    assert checked > 30
    first = _raw_text(pdf, 1).replace("\n", "")
    assert "同Xin共享客厅" in first
    assert "\u3000" in first and "2025 年" not in first


@pytest.mark.parametrize("which", ["proof", "print"])
def test_xmp_carries_the_issues_identity(sample, which):
    with pikepdf.open(getattr(sample, which)) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "自家门口这点事 2025年第6期"
        assert meta["dc:publisher"] == {"新泾镇党委、政府 联合出版"}
        assert meta["dc:language"] == {"zh-CN"}
        assert meta["dc:date"] == ["2025-06-20T00:00:00+08:00"]
        assert meta[PRISM + "publicationName"] == "自家门口这点事"
        assert meta[PRISM + "number"] == "6"
        assert meta[PRISM + "issueIdentifier"] == "118"
        assert meta[PRISM + "coverDate"] == "2025-06-20"
        assert meta["xmp:CreateDate"] == "2025-06-20T00:00:00+08:00"
        assert str(pdf.Root.Lang) == "zh-CN"
        assert ("pdfxid:GTS_PDFXVersion" in meta) == (which == "print")


@pytest.mark.parametrize("which", ["proof", "print"])
def test_one_bookmark_per_article_at_its_page_and_page_labels(sample, loaded_sample, which):
    with pikepdf.open(getattr(sample, which)) as pdf:
        with pdf.open_outline() as outline:
            marks = [(item.title, pdf.pages.index(pikepdf.Page(item.destination[0]))) for item in outline.root]
        labels = [str(entry.P) for entry in list(pdf.Root.PageLabels.Nums)[1::2]]
    assert sorted(marks) == sorted((a.title.value, a.page - 1) for a in loaded_sample.issue.articles)
    assert marks[0] == ("区委副书记、区长刘平到新泾镇开展调研", 0)
    assert labels == [f"第{n}版" for n in range(1, 9)]
