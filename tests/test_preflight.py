"""The structural preflight (R1–R14) on ReportLab-made good and broken PDFs,
and on hand-made PDFs for the cases ReportLab cannot produce."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

import pdfmakers as pm
from layout.check.preflight import (
    RULES,
    PreflightReport,
    PreflightSettings,
    parse_pdf_date,
    parse_xmp_date,
    preflight,
    read_xmp,
)
from layout.pdfx import JAPAN_COLOR_2001_COATED

X4 = PreflightSettings(standard="PDF/X-4")

# name → (flags for pdfmakers.Broken, the rules that must fail, nothing else)
BROKEN: dict[str, tuple[dict[str, object], set[str]]] = {
    "rgb_text": ({"rgb_text": True}, {"R6", "R7"}),
    "rgb_image": ({"rgb_image": True}, {"R6"}),
    "helvetica": ({"helvetica": True}, {"R10"}),
    "no_trimbox": ({"no_trimbox": True}, {"R3", "R4"}),
    "seven_pages": ({"pages": 7}, {"R14"}),
    "photo_72ppi": ({"photo_ppi": 72}, {"R9"}),
    "alpha": ({"alpha": True}, {"R11"}),
    "rich_black": ({"rich_black": True}, {"R7"}),
    "no_overprint": ({"no_overprint": True}, {"R7"}),
    "heavy_ink": ({"heavy_ink": True}, {"R8"}),
    "text_near_trim": ({"text_near_trim": True}, {"R4"}),
    "short_bleed": ({"short_bleed": True}, {"R4"}),
    "marks_in_black": ({"marks_in_black": True}, {"R5"}),
    "registration_inside": ({"registration_inside": True}, {"R5", "R8"}),
    "annotation": ({"annotation": True}, {"R13"}),
    "dark_photo": ({"dark_photo": True}, {"R8"}),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("preflight")


@pytest.fixture(scope="module")
def good(folder: Path) -> Path:
    return pm.make_good(folder)


@pytest.fixture(scope="module")
def good_report(good: Path) -> PreflightReport:
    return preflight(good, X4)


def failing(report: PreflightReport) -> set[str]:
    return set(report.failed_rules)


# ---------------------------------------------------------------- the good file


def test_good_file_passes_every_rule(good_report: PreflightReport) -> None:
    assert good_report.passed, good_report.format()
    assert [r.rule for r in good_report.results] == RULES
    assert all(not r.warnings for r in good_report.results), good_report.format()


def test_good_file_report_says_what_was_checked(good_report: PreflightReport) -> None:
    text = good_report.format()
    assert text.splitlines()[0].startswith("R1  PASS  PDF/X identification — PDF/X-4, PDF 1.6")
    assert "R9  PASS" in text and "320 ppi" in text
    assert "registration-colour mark strokes" in text  # crop marks were seen and checked
    assert "0 0 0 1 k and overprinting" in text
    assert text.rstrip().endswith("preflight passed")


def test_report_to_dict_is_json(good_report: PreflightReport) -> None:
    d = good_report.to_dict()
    json.dumps(d, ensure_ascii=False)
    assert d["passed"] is True and d["failed"] == []
    assert [r["rule"] for r in d["rules"]] == RULES
    assert set(d["rules"][0]) == {"rule", "title", "passed", "summary", "details", "warnings"}


def test_accepts_either_standard_when_none_is_required(good: Path) -> None:
    assert preflight(good).passed
    r = preflight(good, PreflightSettings(standard="PDF/X-1a:2003"))
    assert failing(r) == {"R1"}
    assert "PDF/X-1a:2003 is required" in "\n".join(r.result("R1").details)


# ---------------------------------------------------------------- broken files


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_file_fails_the_expected_rules(folder: Path, name: str) -> None:
    flags, expected = BROKEN[name]
    path = pm.make_broken(folder, name, **flags)
    report = preflight(path, X4)
    assert failing(report) == expected, report.format()
    for rule in expected:
        result = report.result(rule)
        assert result.details and all("page" in d or "pages" in d for d in result.details), result


def test_unlabelled_file_fails_identification_only(good: Path) -> None:
    raw = good.with_name("good.pdf")  # ReportLab's output before label_pdfx
    report = preflight(raw, X4)
    assert failing(report) == {"R1", "R2", "R12"}, report.format()
    assert "not identified as PDF/X" in report.result("R1").details[0]


def test_messages_name_the_problem(folder: Path) -> None:
    helv = preflight(folder / "helvetica-x.pdf", X4).result("R10")
    assert any("Helvetica" in d and "initialFontName" in d for d in helv.details)
    low = preflight(folder / "photo_72ppi-x.pdf", X4).result("R9")
    assert any("72 ppi" in d and "40.0×30.0 mm" in d for d in low.details), low.details
    rich = preflight(folder / "rich_black-x.pdf", X4).result("R7")
    assert any("rich black 0.6 0.4 0.4 1 k" in d and "新泾镇" in d for d in rich.details), rich.details
    noop = preflight(folder / "no_overprint-x.pdf", X4).result("R7")
    assert any("does not overprint" in d and "(×4)" in d for d in noop.details), noop.details
    near = preflight(folder / "text_near_trim-x.pdf", X4).result("R4")
    assert any("2.0 mm from the trim edge" in d for d in near.details), near.details
    short = preflight(folder / "short_bleed-x.pdf", X4).result("R4")
    edges = {e for d in short.details for e in ("left", "right", "top", "bottom") if f"on the {e}" in d}
    assert edges == {"left", "right", "top"}, short.details
    dark = preflight(folder / "dark_photo-x.pdf", X4).result("R8")
    assert any("total ink" in d for d in dark.details)


def test_photo_between_warn_and_fail_ppi_is_a_warning(folder: Path) -> None:
    path = pm.make_broken(folder, "photo_200ppi", photo_ppi=200)
    report = preflight(path, X4)
    assert report.passed, report.format()
    assert any("200 ppi (below 300)" in w for w in report.result("R9").warnings)


def test_x1a_labelled_file_passes_as_x1a(folder: Path) -> None:
    src = folder / "good.pdf"
    dst = pm.labelled(src, folder / "good-x1a-jc.pdf", standard="PDF/X-1a:2003", condition=JAPAN_COLOR_2001_COATED)
    report = preflight(dst, PreflightSettings(standard="PDF/X-1a:2003"))
    assert report.passed, report.format()
    assert report.result("R1").summary == "PDF/X-1a:2003, PDF 1.4"
    # the same file is no PDF/X-4: wrong identification and no embedded profile
    assert failing(preflight(dst, X4)) == {"R1", "R2"}


def test_settings_change_the_limits(good: Path) -> None:
    assert failing(preflight(good, PreflightSettings(standard="PDF/X-4", page_multiple=8))) == {"R14"}
    assert failing(preflight(good, PreflightSettings(bleed_mm=5.0))) == {"R4"}
    assert failing(preflight(good, PreflightSettings(text_inset_mm=10.0))) == {"R4"}
    assert failing(preflight(good, PreflightSettings(total_ink_limit=150.0))) == {"R8"}
    r = preflight(good, PreflightSettings(ppi_warn=400, ppi_fail=350))
    assert failing(r) == {"R9"}


def test_unreadable_file_fails_every_rule(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not a pdf")
    report = preflight(bad)
    assert failing(report) == set(RULES)


# ---------------------------------------------------------------- hand-made PDFs


def _page_pdf(content: bytes, resources: dict | None = None, *, boxes: bool = True) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(400, 500))
    if boxes:
        page.obj.TrimBox = pikepdf.Array([50, 50, 350, 450])
        page.obj.BleedBox = pikepdf.Array([41, 41, 359, 459])
    page.obj.Contents = pdf.make_stream(content)
    page.obj.Resources = pikepdf.Dictionary(resources or {})
    return pdf


def _walk(tmp_path: Path, pdf: pikepdf.Pdf, name: str = "t.pdf") -> PreflightReport:
    path = tmp_path / name
    pdf.save(path)
    return preflight(path)


def test_rgb_inside_a_form_xobject(tmp_path: Path) -> None:
    pdf = _page_pdf(b"q 1 0 0 1 100 100 cm /Fm0 Do Q")
    form = pdf.make_stream(
        b"1 0 0 rg 0 0 10 10 re f",
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[0, 0, 10, 10],
        Matrix=[2, 0, 0, 2, 0, 0],
    )
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=form))
    report = _walk(tmp_path, pdf)
    assert "R6" in failing(report)
    assert any("DeviceRGB" in d for d in report.result("R6").details)


@pytest.mark.parametrize(
    "csdef, ops, label",
    [
        (None, b"/DeviceRGB cs 0 0 0 sc", "DeviceRGB"),
        ("icc3", b"/CS0 cs 0 0 0 scn", "ICCBased RGB"),
        ("calrgb", b"/CS0 cs 0 0 0 scn", "CalRGB"),
        ("indexed", b"/CS0 cs 0 scn", "Indexed over DeviceRGB"),
        ("devicen", b"/CS0 cs 1 scn", "alternate DeviceRGB"),
    ],
)
def test_rgb_colour_spaces_are_found(tmp_path: Path, csdef: str | None, ops: bytes, label: str) -> None:
    pdf = _page_pdf(ops + b" 100 100 50 50 re f")
    res = pikepdf.Dictionary()
    if csdef == "icc3":
        icc = pdf.make_stream((pm.ICC_DIR / "sRGB.icc").read_bytes(), N=3)
        res.ColorSpace = pikepdf.Dictionary(CS0=pikepdf.Array([pikepdf.Name.ICCBased, icc]))
    elif csdef == "calrgb":
        res.ColorSpace = pikepdf.Dictionary(
            CS0=pikepdf.Array([pikepdf.Name.CalRGB, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])])
        )
    elif csdef == "indexed":
        res.ColorSpace = pikepdf.Dictionary(
            CS0=pikepdf.Array(
                [pikepdf.Name.Indexed, pikepdf.Name.DeviceRGB, 1, pikepdf.String(b"\x00\x00\x00\xff\xff\xff")]
            )
        )
    elif csdef == "devicen":
        fn = pdf.make_stream(b"{dup dup}", FunctionType=4, Domain=[0, 1], Range=[0, 1, 0, 1, 0, 1])
        res.ColorSpace = pikepdf.Dictionary(
            CS0=pikepdf.Array([pikepdf.Name.DeviceN, [pikepdf.Name("/Spot")], pikepdf.Name.DeviceRGB, fn])
        )
    pdf.pages[0].obj.Resources = res
    report = _walk(tmp_path, pdf)
    assert failing(report) >= {"R6"}, report.format()
    assert any(label in d for d in report.result("R6").details), report.result("R6").details


def test_rgb_shading_inline_image_and_group(tmp_path: Path) -> None:
    pdf = _page_pdf(
        b"q 100 0 0 100 100 100 cm BI /W 2 /H 2 /CS /RGB /BPC 8 ID \x00\x00\x00\xff\xff\xff\x00\x00\x00\xff\xff\xff EI Q"
        b" /Sh0 sh"
    )
    sh = pikepdf.Dictionary(
        ShadingType=2,
        ColorSpace=pikepdf.Name.DeviceRGB,
        Coords=[0, 0, 1, 0],
        Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0], C1=[1, 1, 1], N=1),
    )
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(Shading=pikepdf.Dictionary(Sh0=sh))
    pdf.pages[0].obj.Group = pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceRGB)
    report = _walk(tmp_path, pdf)
    r6 = "\n".join(report.result("R6").details)
    assert "inline image" in r6 and "shading /Sh0" in r6 and "transparency group" in r6
    assert "R11" in failing(report)
    assert any("/Group /S /Transparency" in d for d in report.result("R11").details)
    # the 2×2 inline image placed at 100 pt is far below 150 ppi
    assert "R9" in failing(report)


def test_transparency_in_images_and_gstates(tmp_path: Path) -> None:
    pdf = _page_pdf(b"/GS0 gs /GS1 gs q 50 0 0 50 100 100 cm /Im0 Do Q")
    smask = pdf.make_stream(
        b"\x80" * 4,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=2,
        Height=2,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
    )
    img = pdf.make_stream(
        b"\x00\x00\x00\xff" * 4,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=2,
        Height=2,
        ColorSpace=pikepdf.Name.DeviceCMYK,
        BitsPerComponent=8,
        SMask=smask,
    )
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(
        XObject=pikepdf.Dictionary(Im0=img),
        ExtGState=pikepdf.Dictionary(
            GS0=pikepdf.Dictionary(BM=pikepdf.Name.Multiply),
            GS1=pikepdf.Dictionary(SMask=pikepdf.Dictionary(S=pikepdf.Name.Luminosity, G=smask)),
        ),
    )
    r11 = "\n".join(_walk(tmp_path, pdf).result("R11").details)
    assert "blend mode /Multiply" in r11 and "soft mask (SMask)" in r11 and "has a soft mask" in r11


def test_adobe_cmyk_jpeg_decode_array_is_honoured(tmp_path: Path) -> None:
    """Pillow writes Adobe (inverted) CMYK JPEGs; ReportLab adds /Decode [1 0 …].
    The checker must see the ink a RIP prints, with and without that array."""
    heavy = Image.new("CMYK", (64, 64), (230, 230, 230, 255))  # 355 % ink
    light = Image.new("CMYK", (64, 64), (20, 20, 20, 0))  # 24 % ink
    results = {}
    for name, img in (("heavy", heavy), ("light", light)):
        jpg = tmp_path / f"{name}.jpg"
        img.save(jpg, quality=95)
        data = jpg.read_bytes()
        for decode in (True, False):
            pdf = _page_pdf(b"q 20 0 0 20 100 100 cm /Im0 Do Q")
            extra = {"Decode": [1, 0, 1, 0, 1, 0, 1, 0]} if decode else {}
            im = pdf.make_stream(
                data,
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=64,
                Height=64,
                ColorSpace=pikepdf.Name.DeviceCMYK,
                BitsPerComponent=8,
                Filter=pikepdf.Name.DCTDecode,
                **extra,
            )
            pdf.pages[0].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=im))
            results[name, decode] = "R8" in failing(_walk(tmp_path, pdf, f"{name}{decode}.pdf"))
    # with /Decode the stored (inverted) samples print as written: heavy fails, light passes;
    # without it a RIP prints the inverse: light (≈ 376 %) fails, heavy (≈ 45 %) passes
    assert results == {("heavy", True): True, ("light", True): False, ("heavy", False): False, ("light", False): True}


def test_flate_cmyk_image_ink(tmp_path: Path) -> None:
    pdf = _page_pdf(b"q 20 0 0 20 100 100 cm /Im0 Do Q")
    px = bytes([255, 255, 255, 255]) + bytes([0, 0, 0, 0]) * 3
    im = pdf.make_stream(
        zlib.compress(px),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=2,
        Height=2,
        ColorSpace=pikepdf.Name.DeviceCMYK,
        BitsPerComponent=8,
        Filter=pikepdf.Name.FlateDecode,
    )
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=im))
    r8 = _walk(tmp_path, pdf).result("R8")
    assert not r8.passed and any("400% total ink" in d for d in r8.details)


def test_unembedded_truetype_and_boxes(tmp_path: Path) -> None:
    pdf = _page_pdf(b"BT /F1 12 Tf 100 100 Td (Hi) Tj ET", boxes=False)
    fd = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=pikepdf.Name("/Arial"),
        Flags=32,
        FontBBox=[0, -200, 1000, 800],
        ItalicAngle=0,
        Ascent=800,
        Descent=-200,
        CapHeight=700,
        StemV=80,
    )
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.TrueType,
        BaseFont=pikepdf.Name("/Arial"),
        FirstChar=32,
        LastChar=126,
        Widths=[500] * 95,
        FontDescriptor=fd,
    )
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    pdf.pages[0].obj.BleedBox = pikepdf.Array([0, 0, 400, 500])
    report = _walk(tmp_path, pdf)
    assert any("Arial (TrueType) is not embedded" in d for d in report.result("R10").details)
    assert any("no TrimBox" in d for d in report.result("R3").details)
    assert "no BleedBox" not in "\n".join(report.result("R3").details)


def test_bleed_box_too_small_and_nesting(tmp_path: Path) -> None:
    pdf = _page_pdf(b"")
    pdf.pages[0].obj.BleedBox = pikepdf.Array([45, 41, 359, 459])  # 5 pt ≈ 1.8 mm on the left
    r = _walk(tmp_path, pdf, "a.pdf")
    assert any("left 1.76 mm" in d for d in r.result("R4").details), r.result("R4").details
    pdf = _page_pdf(b"")
    pdf.pages[0].obj.BleedBox = pikepdf.Array([-10, 41, 359, 459])  # outside the MediaBox
    r = _walk(tmp_path, pdf, "b.pdf")
    assert any("not inside MediaBox" in d for d in r.result("R3").details)


def test_javascript_forms_and_encryption(tmp_path: Path) -> None:
    pdf = _page_pdf(b"")
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[])
    r13 = "\n".join(_walk(tmp_path, pdf).result("R13").details)
    assert "JavaScript in /OpenAction" in r13 and "/AcroForm" in r13
    enc = tmp_path / "enc.pdf"
    _page_pdf(b"").save(enc, encryption=pikepdf.Encryption(owner="owner", user="", R=4))
    assert any("encrypted" in d for d in preflight(enc).result("R13").details)
    locked = tmp_path / "locked.pdf"
    _page_pdf(b"").save(locked, encryption=pikepdf.Encryption(owner="owner", user="user", R=4))
    report = preflight(locked)
    assert failing(report) == set(RULES)
    assert "encrypted" in report.result("R13").details[0]


def test_xmp_must_agree_with_info(good: Path, tmp_path: Path) -> None:
    with pikepdf.open(good) as pdf:
        pdf.docinfo.Title = "another title"
        pdf.docinfo.ModDate = "D:20250602093000+08'00'"
        pdf.docinfo.Trapped = pikepdf.String("False")  # a string, not the name /False
        out = tmp_path / "disagree.pdf"
        pdf.save(out)
    r12 = preflight(out).result("R12")
    text = "\n".join(r12.details)
    assert "differs from Info Title" in text
    assert "xmp:ModifyDate" in text
    assert "must be the name /False" in text


def test_dates_compare_instants() -> None:
    a = parse_pdf_date("D:20250601093000+08'00'")
    b = parse_xmp_date("2025-06-01T01:30:00Z")
    assert a == b
    assert parse_pdf_date("D:2025") is not None and parse_pdf_date("garbage") is None
    assert parse_xmp_date("2025-06-01T09:30:00.25+08:00") == a


def test_read_xmp_handles_attribute_form() -> None:
    packet = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" '
        b'xmlns:xmp="http://ns.adobe.com/xap/1.0/" pdfxid:GTS_PDFXVersion="PDF/X-4" xmp:CreateDate="2025-06-01"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    assert read_xmp(packet) == {"pdfxid:GTS_PDFXVersion": "PDF/X-4", "xmp:CreateDate": "2025-06-01"}


def test_missing_glyph_is_a_warning(folder: Path) -> None:
    src = folder / "notdef.pdf"
    font = pm.register_font()
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(
        str(src),
        pagesize=(400, 500),
        invariant=1,
        initialFontName=font,
        trimBox=(50, 50, 350, 450),
        bleedBox=(41, 41, 359, 459),
    )
    c.setFont(font, 12)
    c.drawString(100, 200, "A\U0002a6a5B")  # a CJK Ext-B character the font lacks
    c.showPage()
    c.save()
    r10 = preflight(src).result("R10")
    assert any(".notdef" in w for w in r10.warnings), r10


# ---------------------------------------------------------------- speed


def test_sixteen_dense_a3_pages_pass(folder: Path) -> None:
    """A full newspaper: many font subsets, photos on every page (its speed
    is measured by `make bench`, not here)."""
    path = pm.labelled(pm.make_newspaper(folder / "news.pdf", pages=16))
    report = preflight(path, X4)
    assert report.passed, report.format()
    assert report.result("R10").summary.endswith("fonts")  # many subsets


# ---------------------------------------------------------------- kept page verdicts


@pytest.mark.parametrize("name", ["good", "rich_black", "heavy_ink", "photo_72ppi", "alpha", "annotation"])
def test_kept_page_verdicts_give_the_same_report(folder: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A preflight given the page hashes keeps each clean page's verdict; the
    next one counts those pages in without reading them, and its report is the
    report of a full read, word for word."""
    from layout.check.pdfread import paint
    from layout.check.preflight.pagememo import PageVerdicts
    from layout.manifest import page_hashes

    path = pm.make_good(folder) if name == "good" else pm.make_broken(folder, f"kept-{name}", **BROKEN[name][0])
    hashes = page_hashes(path)
    full = preflight(path, X4)
    first = preflight(path, X4, page_keys=hashes, context=f"test {name}")
    read: list[int] = []
    page = paint._Reader.page

    def counted(self: paint._Reader, pageno: int, p: pikepdf.Page, skip: bool = False):  # type: ignore[no-untyped-def]
        if not skip:
            read.append(pageno)
        return page(self, pageno, p, skip)

    monkeypatch.setattr(paint._Reader, "page", counted)
    again = preflight(path, X4, page_keys=hashes, context=f"test {name}")
    assert first.format() == full.format() == again.format()
    assert first.to_dict() == full.to_dict() == again.to_dict()
    memo = PageVerdicts(hashes, X4, f"test {name}")
    kept = [n for n in range(1, len(hashes) + 1) if memo.known(n) is not None]
    assert sorted(read) == [n for n in range(1, len(hashes) + 1) if n not in kept]
    if name in ("good", "alpha", "annotation"):  # the findings of these are the resources' and the document's
        assert kept == list(range(1, len(hashes) + 1))  # every page's content clean: none read again
    else:
        assert read, "a page whose content has a finding is read every time"


def test_kept_verdicts_are_per_settings_and_context(good: Path) -> None:
    from layout.check.preflight.pagememo import PageVerdicts
    from layout.manifest import page_hashes

    hashes = page_hashes(good)
    preflight(good, X4, page_keys=hashes, context="per settings")
    assert PageVerdicts(hashes, X4, "per settings").known(1) is not None
    assert PageVerdicts(hashes, X4, "another font set").known(1) is None
    assert PageVerdicts(hashes, PreflightSettings(standard="PDF/X-4", ppi_fail=200), "per settings").known(1) is None


def test_no_verdict_kept_or_used_without_the_cache(good: Path) -> None:
    from layout.check.preflight.pagememo import PageVerdicts
    from layout.manifest import page_hashes
    from layout.usercache import stores_off

    hashes = page_hashes(good)
    preflight(good, X4, page_keys=hashes, context="no cache")
    with stores_off():
        assert PageVerdicts(hashes, X4, "no cache").known(1) is None


@pytest.mark.parametrize("name", ["good", "rgb_text"])
def test_a_preflight_hashing_its_pages_gives_their_hashes_and_the_same_report(folder: Path, name: str) -> None:
    """``hash_pages``: the page hashes found in the preflight's own pass are
    the ones :func:`page_hashes` gives, and the report is the same word for
    word, at the first read and when the verdicts are kept."""
    from layout.check.pdfread import pagehash
    from layout.manifest import page_hashes

    path = pm.make_good(folder) if name == "good" else pm.make_broken(folder, f"hashed-{name}", **BROKEN[name][0])
    full = preflight(path, X4)
    pagehash._MEMO.clear()  # the hashes found afresh, each page parsed once for both
    first = preflight(path, X4, context=f"hashed {name}", hash_pages=True)
    again = preflight(path, X4, context=f"hashed {name}", hash_pages=True)
    assert first.page_hashes == again.page_hashes == page_hashes(path) and first.page_hashes
    assert first.format() == full.format() == again.format()
    assert first.to_dict() == full.to_dict() == again.to_dict()
