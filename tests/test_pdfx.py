"""label_pdfx: PDF/X identification written deterministically and atomically."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pdfmakers as pm
from layout.check.preflight import PreflightSettings, preflight, read_xmp
from layout.errors import BuildError
from layout.pdfx import (
    FOGRA39,
    FOGRA39L_PROFILE,
    JAPAN_COLOR_2001_COATED,
    OutputCondition,
    label_pdfx,
    pdf_date,
    read_icc_header,
    xmp_date,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdfx")


@pytest.fixture(scope="module")
def src(folder: Path) -> Path:
    return pm.make_pdf(folder / "src.pdf")


@pytest.fixture(scope="module")
def x4(src: Path, folder: Path) -> Path:
    return pm.labelled(src, folder / "x4.pdf")


@pytest.fixture(scope="module")
def x1a(src: Path, folder: Path) -> Path:
    return pm.labelled(src, folder / "x1a.pdf", standard="PDF/X-1a:2003")


def label(src: Path, dst: Path, **kw: object) -> Path:
    args: dict[str, object] = {"standard": "PDF/X-4", "condition": FOGRA39, "title": pm.TITLE, "created": pm.CREATED}
    args.update(kw)
    label_pdfx(src, dst, **args)  # type: ignore[arg-type]
    return dst


# ---------------------------------------------------------------- determinism


def test_labelling_twice_is_byte_identical(src: Path, x4: Path, tmp_path: Path) -> None:
    again = pm.labelled(src, tmp_path / "again.pdf")
    assert again.read_bytes() == x4.read_bytes()
    # …and so is rendering + labelling from scratch (ReportLab invariant=1)
    src2 = pm.make_pdf(tmp_path / "src.pdf")
    assert src2.read_bytes() == src.read_bytes()
    assert pm.labelled(src2, tmp_path / "again2.pdf").read_bytes() == x4.read_bytes()


def test_no_clock_reaches_the_file(src: Path, tmp_path: Path) -> None:
    a = label(src, tmp_path / "a.pdf").read_bytes()
    b = label(src, tmp_path / "b.pdf", created=pm.CREATED + timedelta(seconds=1)).read_bytes()
    assert a != b  # the date given is the only date
    text = a.decode("latin-1")
    today = datetime.now()
    if today.date() != pm.CREATED.date():
        assert today.strftime("%Y%m%d") not in text and today.strftime("%Y-%m-%d") not in text


def test_ids_are_derived_from_the_content(src: Path, x4: Path, tmp_path: Path) -> None:
    meta = _xmp(x4)
    assert meta["xmpMM:DocumentID"].startswith("uuid:") and meta["xmpMM:InstanceID"].startswith("uuid:")
    other = label(src, tmp_path / "other.pdf", title="另一个标题")
    m2 = _xmp(other)
    assert m2["xmpMM:DocumentID"] == meta["xmpMM:DocumentID"]  # same content
    assert m2["xmpMM:InstanceID"] != meta["xmpMM:InstanceID"]  # another rendition
    with pikepdf.open(x4) as pdf, pikepdf.open(other) as pdf2:
        ident, ident2 = pdf.trailer.ID, pdf2.trailer.ID
        assert len(ident) == 2 and len(bytes(ident[0])) == len(bytes(ident[1])) == 16
        assert bytes(ident[0]) == bytes(ident2[0])  # the document: from the source content
        assert bytes(ident[1]) != bytes(ident2[1])  # this file: from the output content
        first = bytes(ident[0])
    broken = pm.labelled(pm.make_pdf(tmp_path / "rgb.pdf", pm.Broken(rgb_text=True)))
    with pikepdf.open(broken) as pdf3:
        assert bytes(pdf3.trailer.ID[0]) != first


# ---------------------------------------------------------------- what is written


def _xmp(path: Path) -> dict[str, str]:
    with pikepdf.open(path) as pdf:
        return read_xmp(pdf.Root.Metadata.read_bytes())


def test_x4_output_intent_info_and_xmp_agree(x4: Path) -> None:
    with pikepdf.open(x4) as pdf:
        assert pdf.pdf_version == "1.6"
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        oi = intents[0]
        assert oi.S == pikepdf.Name.GTS_PDFX and oi.Type == pikepdf.Name.OutputIntent
        assert str(oi.OutputConditionIdentifier) == "FOGRA39"
        assert str(oi.OutputCondition) == "Coated FOGRA39 (ISO 12647-2:2004)"
        assert str(oi.RegistryName) == "http://www.color.org"
        assert str(oi.Info)
        prof = oi.DestOutputProfile
        assert int(prof.N) == 4
        assert prof.read_bytes() == FOGRA39L_PROFILE.read_bytes()
        head = read_icc_header(prof.read_bytes())
        assert head is not None and (head.device_class, head.colour_space) == ("prtr", "CMYK")

        info = pdf.docinfo
        assert str(info.Title) == pm.TITLE
        assert str(info.Author) == "新泾镇" and str(info.Subject) == "社区报"
        assert str(info.Creator) == "layout"
        assert str(info.Producer).startswith("ReportLab")  # the source's producer is kept
        assert str(info.CreationDate) == str(info.ModDate) == "D:20250601093000+08'00'"
        assert info.Trapped == pikepdf.Name("/False")
        assert str(info.GTS_PDFXVersion) == "PDF/X-4"
        assert "/GTS_PDFXConformance" not in info
        assert str(pdf.Root.Lang) == "zh-CN"

        meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        assert meta["dc:title"] == pm.TITLE
        assert (
            meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == meta["xmp:MetadataDate"] == "2025-06-01T09:30:00+08:00"
        )
        assert meta["xmp:CreatorTool"] == "layout"
        assert meta["pdf:Producer"] == str(info.Producer)
        assert meta["pdf:Trapped"] == "False"
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        # the metadata stream stays uncompressed (findable by non-PDF tools)
        assert "/Filter" not in pdf.Root.Metadata
    raw = _xmp(x4)
    assert raw["dc:creator"] == "新泾镇" and raw["dc:description"] == "社区报"
    assert raw["xmpMM:VersionID"] == "1" and raw["xmpMM:RenditionClass"] == "default"
    text = x4.read_bytes()
    assert b'xml:lang="x-default"' in text and b'xml:lang="zh-CN"' in text


def test_x1a_gets_version_1_4_and_its_keys(x1a: Path) -> None:
    assert x1a.read_bytes().startswith(b"%PDF-1.4")
    with pikepdf.open(x1a) as pdf:
        assert pdf.pdf_version == "1.4"
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1a:2003"
        assert str(pdf.docinfo.GTS_PDFXConformance) == "PDF/X-1a:2003"
        assert int(pdf.Root.OutputIntents[0].DestOutputProfile.N) == 4  # a profile was given: embedded
    meta = _xmp(x1a)
    assert meta["pdfx:GTS_PDFXVersion"] == meta["pdfx:GTS_PDFXConformance"] == "PDF/X-1a:2003"
    assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-1a:2003"
    data = x1a.read_bytes()
    assert b"/ObjStm" not in data and b"/XRef" not in data  # classic xref table, no object streams
    assert preflight(x1a, PreflightSettings(standard="PDF/X-1a:2003")).passed


def test_x1a_by_registered_name_without_profile(src: Path, tmp_path: Path) -> None:
    out = label(src, tmp_path / "jc.pdf", standard="PDF/X-1a:2003", condition=JAPAN_COLOR_2001_COATED)
    with pikepdf.open(out) as pdf:
        oi = pdf.Root.OutputIntents[0]
        assert str(oi.OutputConditionIdentifier) == "JC200103"
        assert "/DestOutputProfile" not in oi


def test_relabelling_replaces_the_intent(x4: Path, tmp_path: Path) -> None:
    out = label(x4, tmp_path / "twice.pdf", standard="PDF/X-1a:2003", condition=JAPAN_COLOR_2001_COATED)
    with pikepdf.open(out) as pdf:
        assert len(pdf.Root.OutputIntents) == 1
        assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier) == "JC200103"
        assert pdf.pdf_version == "1.4"


def test_in_place_labelling(src: Path, tmp_path: Path) -> None:
    f = tmp_path / "inplace.pdf"
    shutil.copy(src, f)
    label(f, f)
    assert preflight(f, PreflightSettings(standard="PDF/X-4")).passed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inplace.pdf"]



def test_every_stream_but_the_metadata_is_compressed(src: Path, tmp_path: Path) -> None:
    """The label compresses what has no filter (the output profile, a plain
    stream of the source) itself; the XMP stays readable text."""
    plain = tmp_path / "plain.pdf"
    with pikepdf.open(src) as pdf:
        pdf.pages[0].Contents = pdf.make_stream(b"0 0 m 10 10 l S")  # no filter
        pdf.save(plain, compress_streams=False)
    out = label(plain, tmp_path / "out.pdf")
    with pikepdf.open(out) as pdf:
        streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]
        unfiltered = [o for o in streams if "/Filter" not in o]
        assert [o.get("/Type") for o in unfiltered] == [pikepdf.Name.Metadata]
        assert pdf.pages[0].Contents.read_bytes() == b"0 0 m 10 10 l S"
        assert pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes() == FOGRA39L_PROFILE.read_bytes()

@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
@pytest.mark.parametrize("name", ["x4", "x1a"])
def test_qpdf_check_passes(name: str, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(name)
    out = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=False, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "No syntax or stream encoding errors" in out.stdout


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_poppler_sees_the_subtype(x4: Path, x1a: Path) -> None:
    assert "PDF subtype:    PDF/X-4" in subprocess.run(["pdfinfo", str(x4)], capture_output=True, check=False, text=True).stdout
    assert "PDF/X-1a:2003" in subprocess.run(["pdfinfo", str(x1a)], capture_output=True, check=False, text=True).stdout


# ---------------------------------------------------------------- refusals, atomicity


def test_encrypted_source_is_refused(tmp_path: Path, src: Path) -> None:
    enc = tmp_path / "enc.pdf"
    with pikepdf.open(src) as pdf:
        pdf.save(enc, encryption=pikepdf.Encryption(owner="o", user="", R=4))
    with pytest.raises(BuildError) as err:
        label(enc, tmp_path / "out.pdf")
    assert "encrypted" in str(err.value)
    assert err.value.diagnostics[0].file.endswith("enc.pdf")
    assert not (tmp_path / "out.pdf").exists()
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(src) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="u", R=4))
    with pytest.raises(BuildError, match="encrypted"):
        label(locked, tmp_path / "out.pdf")


def test_bad_inputs_are_refused(tmp_path: Path, src: Path) -> None:
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_bytes(b"hello")
    with pytest.raises(BuildError, match="not a readable PDF"):
        label(not_pdf, tmp_path / "o.pdf")
    with pytest.raises(BuildError, match="cannot read the PDF"):
        label(tmp_path / "missing.pdf", tmp_path / "o.pdf")
    with pytest.raises(BuildError, match="needs an embedded output profile"):
        label(src, tmp_path / "o.pdf", condition=JAPAN_COLOR_2001_COATED)
    rgb = OutputCondition("sRGB", "sRGB", profile=pm.ICC_DIR / "sRGB.icc")
    with pytest.raises(BuildError, match="CMYK output"):
        label(src, tmp_path / "o.pdf", condition=rgb)
    with pytest.raises(BuildError, match="unknown PDF/X standard"):
        label(src, tmp_path / "o.pdf", standard="PDF/X-3:2002")
    with pytest.raises(ValueError, match="timezone"):
        label(src, tmp_path / "o.pdf", created=datetime(2025, 6, 1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.pdf"]


def test_a_failed_save_leaves_the_old_file_and_no_temp(
    src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dst = tmp_path / "out.pdf"
    dst.write_bytes(b"old")

    def broken_save(self: pikepdf.Pdf, fh: object, **kw: object) -> None:
        fh.write(b"%PDF-1.6 half")  # type: ignore[attr-defined]
        raise OSError("disk full")

    monkeypatch.setattr(pikepdf.Pdf, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        label(src, dst)
    assert dst.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_output_file_mode_follows_umask(src: Path, tmp_path: Path) -> None:
    out = label(src, tmp_path / "m.pdf")
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


# ---------------------------------------------------------------- dates and text


def test_date_forms() -> None:
    cst = datetime(2025, 6, 1, 9, 30, 5, tzinfo=timezone(timedelta(hours=8)))
    assert pdf_date(cst) == "D:20250601093005+08'00'"
    assert xmp_date(cst) == "2025-06-01T09:30:05+08:00"
    ny = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5, minutes=-30)))
    assert pdf_date(ny) == "D:20250102030405-05'30'"
    assert xmp_date(ny) == "2025-01-02T03:04:05-05:30"
    assert pdf_date(datetime(2025, 1, 1, tzinfo=UTC)) == "D:20250101000000+00'00'"


_title_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(_title_chars, min_size=1, max_size=40).filter(lambda t: any(c.isalnum() for c in t)))
def test_any_title_round_trips(src: Path, tmp_path: Path, title: str) -> None:
    """Info and XMP carry the same title (characters XML cannot hold are
    dropped from both), and the preflight finds them in agreement."""
    out = label(src, tmp_path / "t.pdf", title=title)
    with pikepdf.open(out) as pdf:
        info_title = str(pdf.docinfo.Title)
    xml_ok = all(ord(ch) >= 0x20 and ord(ch) not in (0xFFFE, 0xFFFF) for ch in title)
    if xml_ok:
        assert info_title == title
    else:  # line breaks and tabs become spaces, other control characters go
        assert not any(ch in info_title for ch in "\t\n\r")
    assert _xmp(out)["dc:title"].strip() == info_title.strip()
    assert preflight(out).result("R12").passed
