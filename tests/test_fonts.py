"""The shipped fonts in fonts/ and their manifest (no rebuild: see tools/fonts.py).

Archivists rely on the SHA-256 sums of fonts/manifest.json to know that a back
issue rebuilt years later uses the very glyphs it was printed with.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

from layout.errors import BuildError
from layout.facts.chars import CJK_BLOCKS
from tools import fonts as build

FONTS_DIR = build.FONTS_DIR
KEYS = [spec.key for spec in build.FONTS]
BMP_KEYS = [spec.key for spec in build.FONTS if not spec.rare]  # all but the rare-character fallback
SPECS = {spec.key: spec for spec in build.FONTS}
PUNCTUATION = "“”‘’，。、：；！？（）《》——……·"


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FONTS_DIR / build.MANIFEST_NAME).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def entries(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["key"]: entry for entry in manifest["fonts"]}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_manifest_lists_the_six_fonts(entries: dict[str, dict[str, Any]]) -> None:
    assert sorted(entries) == sorted(KEYS)
    for key, entry in entries.items():
        assert entry["file"] == SPECS[key].file
        assert (FONTS_DIR / entry["file"]).is_file(), entry["file"]


def test_manifest_is_canonical_json(manifest: dict[str, Any]) -> None:
    text = (FONTS_DIR / build.MANIFEST_NAME).read_text(encoding="utf-8")
    assert text == json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert manifest["schema"] == build.SCHEMA
    assert manifest["recipe"]["ranges"] == [block.label for block in build.BLOCKS]
    assert manifest["recipe"]["max_err"] == build.MAX_ERR


@pytest.mark.parametrize("key", KEYS)
def test_sha256_matches_manifest(key: str, entries: dict[str, dict[str, Any]]) -> None:
    path = FONTS_DIR / entries[key]["file"]
    assert path.stat().st_size == entries[key]["size"]
    assert sha256(path) == entries[key]["sha256"]


@pytest.mark.parametrize("key", BMP_KEYS)
def test_cmap_coverage(key: str, entries: dict[str, dict[str, Any]]) -> None:
    entry = entries[key]
    with TTFont(str(FONTS_DIR / entry["file"]), lazy=True) as font:
        cmap = font.getBestCmap()
    missing = {int(cp.removeprefix("U+"), 16) for cp in entry["missing_cjk_unified"]}
    uro = next(b for b in CJK_BLOCKS if b.name == "CJK Unified Ideographs")
    absent = {cp for cp in range(uro.first, uro.last + 1) if cp not in cmap}
    assert absent == missing
    assert entry["coverage"]["cjk_unified"] == f"{uro.last + 1 - uro.first - len(missing)}/{uro.last + 1 - uro.first}"
    if not SPECS[key].verbatim:  # our Noto subsets keep all of Ext-A as of Unicode 3.0; Kai has upstream's 503
        assert all(cp in cmap for cp in range(0x3400, 0x4DB6)), "CJK Ext-A"
    assert all(cp in cmap for cp in range(0x20, 0x7F))
    assert [ch for ch in PUNCTUATION if ord(ch) not in cmap] == []


@pytest.mark.parametrize("key", BMP_KEYS)
def test_truetype_outlines(key: str, entries: dict[str, dict[str, Any]]) -> None:
    verbatim = entries[key]["sha256"] == entries[key]["upstream"]["sha256"]
    with TTFont(str(FONTS_DIR / entries[key]["file"]), lazy=True) as font:
        assert font.sfntVersion == "\x00\x01\x00\x00"
        assert "glyf" in font and "CFF " not in font
        assert font["maxp"].tableVersion == 0x00010000
        if not verbatim:  # our conversions; the kai face ships unmodified (reserved name)
            assert font["post"].formatType == 3.0
            assert not {"GSUB", "GPOS", "vmtx", "fpgm", "prep"} & set(font.keys())
        glyf = font["glyf"]
        assert glyf[font.getBestCmap()[ord("中")]].numberOfContours > 0
        assert glyf[".notdef"].numberOfContours > 0
        assert font["head"].modified != 0


@pytest.mark.parametrize("key", BMP_KEYS)
def test_reportlab_loads(key: str, entries: dict[str, dict[str, Any]]) -> None:
    font = RLTTFont(f"test-{key}", str(FONTS_DIR / entries[key]["file"]))
    assert font.stringWidth("中文", 10) == pytest.approx(20)
    assert font.stringWidth("中文，测试ABC123“引号”——", 10) > 100


def test_kai_ships_unmodified(entries: dict[str, dict[str, Any]]) -> None:
    """LXGW WenKai reserves its name for unmodified fonts: ours is upstream's file."""
    assert entries["kai"]["sha256"] == entries["kai"]["upstream"]["sha256"]


def test_the_rare_character_fallback_ships_unmodified(entries: dict[str, dict[str, Any]]) -> None:
    """HanaMinB (Hanazono, a Ming face of CJK Ext-B to Ext-F) reserves its name too."""
    entry = entries["hanamin"]
    assert entry["sha256"] == entry["upstream"]["sha256"] and entry["rare_fallback"] is True
    assert entry["genre"] == "song"
    assert entry["coverage"]["cjk_ext_b"].split("/")[0] == "42711"
    with TTFont(str(FONTS_DIR / entry["file"]), lazy=True) as font:
        assert "glyf" in font and ord("𫖯") in font.getBestCmap()


def test_total_size_below_limit() -> None:
    assert build.check_size(FONTS_DIR) == []


def test_size_check_counts_the_fonts_about_to_be_replaced(tmp_path: Path) -> None:
    """A rebuild that would push fonts/ past the limit is refused before any
    file is replaced, naming the total and the limit."""
    (tmp_path / "small.ttf").write_bytes(b"\0" * 1000)
    assert build.check_size(tmp_path) == []
    [problem] = build.check_size(tmp_path, {"small.ttf": build.SIZE_LIMIT})
    assert "in total, the limit is" in str(problem)


def test_licence_and_readme_ship_with_the_fonts() -> None:
    ofl = (FONTS_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in ofl
    assert "Adobe" in ofl and "LXGW" in ofl
    assert "make fonts" in (FONTS_DIR / "README.md").read_text(encoding="utf-8")
    hanazono = (FONTS_DIR / "HanaMin-LICENSE.txt").read_text(encoding="utf-8")
    assert "Hanazono Font License" in hanazono and "SIL OPEN FONT LICENSE Version 1.1" in hanazono


def test_check_command_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["--check"]) == 0
    assert capsys.readouterr().out.count("ok  ") == len(KEYS)


def test_check_reports_a_modified_font(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    for path in FONTS_DIR.iterdir():
        shutil.copy(path, tmp_path / path.name)
    victim = tmp_path / SPECS["kai"].file
    with victim.open("ab") as fh:
        fh.write(b"\0")
    assert build.main(["--check", "--fonts-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert SPECS["kai"].file in err and "differs" in err
    assert SPECS["serif"].file not in err


def test_upstream_mismatch_names_file_hashes_and_version() -> None:
    spec = SPECS["sans"]
    upstream = build.Upstream(spec, 2, "a" * 64, "1:20990101-1", "Version 9")
    manifest = {"fonts": [{"file": spec.file, "upstream": {
        "sha256": "b" * 64, "debian_package": "fonts-noto-cjk",
        "debian_version": "1:20220127+repack1-1"}}]}
    [problem] = build.upstream_mismatches([upstream], manifest)
    text = str(problem)
    assert str(spec.upstream) in text
    assert "a" * 64 in text and "b" * 64 in text and "1:20220127+repack1-1" in text


def test_missing_upstream_says_which_package_to_install(tmp_path: Path) -> None:
    spec = build.FontSpec("serif", "x.ttf", tmp_path / "NotoSerifCJK-Regular.ttc",
                          "Noto Serif CJK SC", "Regular", "fonts-noto-cjk")
    with pytest.raises(BuildError) as info:
        build.inspect_upstreams([spec])
    assert "apt-get install fonts-noto-cjk" in str(info.value)


@pytest.mark.skipif(not SPECS["serif"].upstream.is_file(), reason="fonts-noto-cjk not installed")
def test_face_is_selected_by_name() -> None:
    spec = SPECS["serif"]
    assert build.face_index(spec) == 2
    wrong = build.FontSpec(spec.key, spec.file, spec.upstream, "Noto Serif CJK XX",
                           "Regular", spec.debian_package)
    with pytest.raises(BuildError, match="no face named 'Noto Serif CJK XX'"):
        build.face_index(wrong)


@pytest.mark.parametrize("key", ["serif", "kai"])
def test_ink_from_the_glyf_header_matches_the_outlines(key: str) -> None:
    """Face.ink reads a glyph's box from the bytes ReportLab already holds;
    it is the box fontTools computes from the outlines (every 97th
    character of the face, a few blanks and a character it lacks)."""
    from layout.fonts.faces import FontSet

    face = FontSet().face(key)
    ft = TTFont(str(face.path), lazy=True)
    cmap, glyf, upm = ft.getBestCmap(), ft["glyf"], ft["head"].unitsPerEm
    chars = [chr(c) for c in sorted(cmap)[::97]] + [" ", "\u3000", "\uffff"]
    for ch in chars:
        name = cmap.get(ord(ch))
        want = (0.0, face.advance(ch))
        if name is not None and glyf[name].numberOfContours != 0:
            glyph = glyf[name]
            glyph.recalcBounds(glyf)
            want = (glyph.xMin / upm, glyph.xMax / upm)
        assert face.ink(ch) == want, hex(ord(ch))


def test_a_face_read_from_the_cache_folder_is_the_face_reportlab_parses(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    from layout.fonts.faces import FontSet, _read_ttfont
    from layout.fonts.rlprivate import face_from_state, face_state

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    face = FontSet().face("kai")
    parsed = RLTTFont(face.rl_name, str(face.path)).face
    first = _read_ttfont(face)  # parses, and keeps what it read
    assert list((tmp_path / "layout" / "fonts").glob("reportlab-*.entry"))
    again = _read_ttfont(face)  # from the cache folder
    restored = face_from_state(marshal.loads(marshal.dumps(face_state(parsed))), face.path.read_bytes())
    # the same face but for the glyph → characters map, which only ReportLab's HarfBuzz shaping reads;
    # the file's bytes are a map of the file
    left_out = {"glyphToChar"}
    for font in (first.face, again.face, restored):
        assert set(vars(font)) == set(vars(parsed)) - left_out
        for key, value in vars(parsed).items():
            if key in left_out:
                continue
            if key == "_ttf_data":
                assert font._ttf_data[:] == value
            elif key == "_pdfScale":
                assert [font._pdfScale(x) for x in (0, 1, 123.5, -880)] == [value(x) for x in (0, 1, 123.5, -880)]
            else:
                assert getattr(font, key) == value and type(getattr(font, key)) is type(value), key
    assert again.fontName == face.rl_name and again.face.charWidths == parsed.charWidths


@settings(max_examples=50, deadline=None)
@given(start=st.integers(-40, 40), stop=st.one_of(st.none(), st.integers(-40, 40)), step=st.sampled_from([None, 1, 2, -1]),
       index=st.integers(-35, 34))
def test_a_font_files_bytes_read_where_asked_are_its_bytes(tmp_path_factory, start, stop, step, index) -> None:
    from layout.fonts.faces import FileBytes

    path = tmp_path_factory.mktemp("file") / "f.bin"
    data = bytes(range(7, 7 + 30))
    path.write_bytes(data)
    read = FileBytes(path)
    assert len(read) == len(data)
    assert read[start:stop:step] == data[start:stop:step]
    if -len(data) <= index < len(data):
        assert read[index] == data[index]
    else:
        with pytest.raises(IndexError):
            read[index]


# ------------------------------------------------------------------ the character tables read as arrays

def _same_face(fast: Any, parsed: Any) -> None:
    """Every attribute ReportLab's parse sets, the same value and type, its dictionaries in the same order."""
    from layout.fonts.rlprivate import face_state

    got, want = face_state(fast), face_state(parsed)
    assert got["names"] == want["names"]
    assert set(got["attributes"]) == set(want["attributes"])
    for key, value in want["attributes"].items():
        assert got["attributes"][key] == value and type(got["attributes"][key]) is type(value), key
    for key in ("charToGlyph", "charWidths"):
        assert list(got["attributes"][key].items()) == list(want["attributes"][key].items()), key
    for key in ("hmetrics", "glyphPos"):
        assert [type(x) for x in got["attributes"][key][:3]] == [type(x) for x in want["attributes"][key][:3]]


@pytest.mark.parametrize("key", KEYS)
def test_the_character_tables_read_as_arrays_are_reportlabs(key: str) -> None:
    from reportlab.pdfbase.ttfonts import TTFontFace

    from layout.fonts.faces import FileBytes, FontSet, _parse

    path = FontSet().face(key).path
    fast = _parse(path, FileBytes(path))
    assert fast is not None  # formats 4 and 12: read here
    _same_face(fast, TTFontFace(str(path)))


def _tiny_font(path: Path, cmap: dict[int, int], glyphs: int, upm: int, advances: list[int], fmt12: bool) -> None:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    names = [".notdef"] + [f"g{i}" for i in range(1, glyphs)]
    fb = FontBuilder(upm, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((10, 0))
    pen.lineTo((10, 10))
    pen.closePath()
    fb.setupGlyf({n: pen.glyph() for n in names})
    fb.setupHorizontalMetrics({n: (advances[i % len(advances)], i % 7) for i, n in enumerate(names)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Tiny", "styleName": "Regular", "psName": "Tiny-Regular"})
    fb.setupOS2()
    fb.setupPost()
    sub = CmapSubtable.newSubtable(12 if fmt12 else 4)
    sub.platformID, sub.platEncID, sub.language = 3, 10 if fmt12 else 1, 0
    sub.cmap = {code: names[gid] for code, gid in cmap.items()}
    fb.font["cmap"].tables = [sub]
    fb.save(str(path))


@settings(max_examples=30, deadline=None)
@given(data=st.data(), glyphs=st.integers(2, 40), upm=st.sampled_from([1000, 1024, 2048]), fmt12=st.booleans())
def test_a_fonts_character_tables_read_as_arrays_are_reportlabs(tmp_path_factory, data, glyphs, upm, fmt12) -> None:
    """Any cmap (runs of codes, gaps, codes above the BMP in format 12, the space or the
    no-break space alone), any advances, any units per em."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    from layout.fonts.faces import FileBytes, _parse

    top = 0x2FFFF if fmt12 else 0xFFFD
    codes = data.draw(st.lists(st.one_of(st.integers(0x20, 0x7F), st.sampled_from([0x20, 0xA0]), st.integers(1, top)),
                               min_size=1, max_size=60, unique=True))
    cmap = {c: data.draw(st.integers(0, glyphs - 1)) for c in codes}
    advances = data.draw(st.lists(st.integers(0, 3000), min_size=1, max_size=5))
    path = tmp_path_factory.mktemp("font") / "tiny.ttf"
    _tiny_font(path, cmap, glyphs, upm, advances, fmt12)
    fast = _parse(path, FileBytes(path))
    assert fast is not None
    _same_face(fast, TTFontFace(str(path)))


def test_a_cmap_format_the_array_reader_does_not_know_is_left_to_reportlab(tmp_path: Path) -> None:
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    from layout.fonts.faces import FileBytes, _parse

    path = tmp_path / "tiny.ttf"
    _tiny_font(path, {0x41: 1}, 3, 1000, [500], False)
    font = TTFont(str(path))
    six = CmapSubtable.newSubtable(6)  # a trimmed table: ReportLab reads it, the array reader does not
    six.platformID, six.platEncID, six.language, six.cmap = 3, 1, 0, {0x41: "g1"}
    font["cmap"].tables = [six]
    font.save(str(path))
    assert _parse(path, FileBytes(path)) is None
