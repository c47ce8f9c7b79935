"""A face written as one composite font (layout/fonts/composite.py): every
character's CID draws the face's own glyph at the composer's width and
reads back as the character; the preflight's check of such a font
(layout/check/pdfread/cidfont.py) finds a width or a glyph map that lies."""

from __future__ import annotations

import io
import struct

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from layout.check.pdfread.cidfont import composite_faults, program_advances, widths_of
from layout.check.pdfread.pagehash import _cmap
from layout.fonts.composite import CompositeFont, to_unicode_cmap, widths_array
from layout.fonts.rlprivate import add_font
from layout.render.text import _program

ALPHABET = "社区新闻邻里互助的是在了和，。“”·（）abcAB12 \u00a0\u3000\u0378𠮷㐆"  # U+0378: no face has it; 𠮷 beyond the BMP


def _pdf(face, chars: str) -> pikepdf.Pdf:
    out = io.BytesIO()
    canvas = Canvas(out)
    font = CompositeFont(face, "/C0", _program(face))
    add_font(canvas._doc, font)
    font.add(chars)
    canvas.showPage()
    canvas.save()
    return pikepdf.open(io.BytesIO(out.getvalue()))


def _glyph(program: bytes, gid: int) -> bytes:
    """A glyph's bytes in a TrueType program (head's loca format)."""
    count = struct.unpack(">H", program[4:6])[0]
    tables = {}
    for n in range(count):
        tag, _s, offset, _length = struct.unpack(">4sLLL", program[12 + 16 * n : 28 + 16 * n])
        tables[tag] = offset
    long = struct.unpack(">h", program[tables[b"head"] + 50 : tables[b"head"] + 52])[0]
    loca = tables[b"loca"]
    if long:
        a, b = struct.unpack(">LL", program[loca + 4 * gid : loca + 4 * gid + 8])
    else:
        a, b = (2 * v for v in struct.unpack(">HH", program[loca + 2 * gid : loca + 2 * gid + 4]))
    return program[tables[b"glyf"] + a : tables[b"glyf"] + b]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=30), st.sampled_from(["serif", "sans-bold", "kai", "hanamin"]))
def test_each_cid_draws_its_characters_glyph_at_its_width_and_reads_as_it(fonts, text, key):
    face = fonts.face(key)
    font = CompositeFont(face, "/C0", _program(face))
    font.add(text)
    with _pdf(face, text) as pdf:
        type0 = pdf.pages[0].Resources.Font.C0
        cid = type0.DescendantFonts[0]
        program = cid.FontDescriptor.FontFile2.read_bytes()
        gids = cid.CIDToGIDMap.read_bytes()
        tounicode = _cmap(type0.ToUnicode.read_bytes())
        widths = widths_of(cid.W)
        assert composite_faults(type0) == []
        rl = face.reportlab().face
        data, start, offsets = rl._ttf_data, rl.get_table_pos("glyf")[0], rl.glyphPos
        for ch in dict.fromkeys(text):
            code = font.code(ch)
            c = int.from_bytes(code, "big")
            if not face.has(ch):
                assert c == 0 and tounicode[0] == "\x00"  # .notdef, as the preflight counts it
                continue
            assert tounicode[c] == ch
            assert widths.get(c, 1000) == pytest.approx(face.widths[ord(ch)], abs=1e-3)
            gid = struct.unpack(">H", gids[2 * c : 2 * c + 2])[0]
            original = rl.charToGlyph[ord(ch)]
            mine = _glyph(program, gid)
            theirs = data[start + offsets[original] : start + offsets[original + 1]]
            if len(theirs) < 2 or struct.unpack(">h", theirs[:2])[0] >= 0:  # a simple glyph: the same bytes
                assert mine.rstrip(b"\0") == bytes(theirs).rstrip(b"\0")
            assert program_advances(program)[gid] == pytest.approx(face.widths[ord(ch)])


def test_codes_are_the_order_given_two_bytes_each(fonts):
    face = fonts.face("serif")
    font = CompositeFont(face, "/C0", _program(face))
    font.add("社区社")
    assert font.encode("区社\u0378") == b"\x00\x02\x00\x01\x00\x00"
    assert font.chars == ["社", "区"] and font.notdef


def test_widths_array_lists_runs_away_from_the_default():
    assert widths_array([1000, 500, 500, 1000, 250]) == "[2 [500 500]\n5 [250]]"
    assert widths_array([1000, 1000]) == "[]"


def test_to_unicode_writes_a_character_beyond_the_bmp_as_its_surrogates():
    cmap = to_unicode_cmap("中𠮷", notdef=False)
    assert b"<0002> <D842DFB7>" in cmap and _cmap(cmap) == {1: "中", 2: "𠮷"}


def test_the_same_characters_write_the_same_bytes(fonts):
    face = fonts.face("sans")
    one, two = io.BytesIO(), io.BytesIO()
    for out in (one, two):
        canvas = Canvas(out, invariant=1)
        font = CompositeFont(face, "/C0", _program(face))
        add_font(canvas._doc, font)
        font.add("邻里互助abc")
        canvas.showPage()
        canvas.save()
    assert one.getvalue() == two.getvalue()


def test_a_character_after_the_fonts_are_written_is_refused(fonts):
    face = fonts.face("serif")
    with _pdf(face, "社区"):
        pass
    font = CompositeFont(face, "/C0", _program(face))
    font.add("社")
    font.addObjects(Canvas(io.BytesIO())._doc)
    assert font.code("社") == b"\x00\x01"
    with pytest.raises(RuntimeError):
        font.code("区")


def test_a_width_that_is_not_the_programs_and_a_cid_past_its_glyphs_are_faults(fonts):
    face = fonts.face("serif")
    with _pdf(face, "社区ab") as pdf:
        type0 = pdf.pages[0].Resources.Font.C0
        cid = type0.DescendantFonts[0]
        assert composite_faults(type0) == []
        cid.W = pikepdf.Array([3, pikepdf.Array([700]), 4, pikepdf.Array([556])])  # 'a' at 700, not its 500-odd
        faults = composite_faults(type0)
        assert len(faults) == 1 and "width(s) differ" in faults[0] and "CID 3 700" in faults[0]
        del cid["/W"]
        gids = bytearray(cid.CIDToGIDMap.read_bytes())
        gids[2:4] = b"\xff\xf0"
        cid.CIDToGIDMap.write(bytes(gids))
        faults = composite_faults(type0)
        assert any("map past the program" in f for f in faults)  # CID 1
        assert any("width(s) differ" in f for f in faults)  # 'a' and 'b' at DW 1000
        cid.FontDescriptor.FontName = pikepdf.Name("/OTHER")
        assert any("descriptor names OTHER" in f for f in composite_faults(type0))


def test_the_preflight_fails_r10_on_a_lying_width(fonts, tmp_path):
    from layout.check.preflight import preflight

    face = fonts.face("serif")
    face.reportlab()
    out = io.BytesIO()
    canvas = Canvas(out, initialFontName=face.rl_name)  # (no Helvetica)
    font = CompositeFont(face, "/C0", _program(face))
    add_font(canvas._doc, font)
    canvas._code.append(f"BT /C0 9 Tf 10 10 Td <{font.encode('社a').hex()}> Tj ET")
    canvas.showPage()
    canvas.save()
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(out.getvalue())
    with pikepdf.open(good) as pdf:
        pdf.pages[0].Resources.Font.C0.DescendantFonts[0].W = pikepdf.Array([2, pikepdf.Array([900])])
        pdf.save(bad)
    assert preflight(good).result("R10").passed
    r10 = preflight(bad).result("R10")
    assert not r10.passed and any("width(s) differ" in d for d in r10.details)
