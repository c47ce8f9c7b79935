"""Rare characters in the right style (issue 9, item 7): every face covers
CJK Ext-A besides the URO; a character a face still lacks comes from a face
of the same style (a Ming face for Song text, with a synthetic bold in bold
text), never from Kai inside Song or Hei text; the warning says where and
which face."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from layout.fonts.faces import FontSet
from layout.text.compose import ParaSpec, Run, Style, compose

EM = 10.0
FALLBACK = ("serif", "sans", "kai", "hanamin")
RARE_C = "𫖯"  # U+2B5AF, CJK Ext-C (a given name)
RARE_A = "䶮"  # U+4DAE, CJK Ext-A (a given name)


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return FontSet()


def write_issue(root: Path, issue_yaml: str) -> Path:
    """``root``/publication.yaml (tabloid) and the issue folder ``root``/2025-06 holding ``issue_yaml``."""
    (root / "publication.yaml").write_text(
        "schema: 1\ntitle: 自家门口这点事\npublisher: 新泾镇党委、政府 联合出版\ntheme: tabloid\n", encoding="utf-8")
    folder = root / "2025-06"
    folder.mkdir()
    (folder / "issue.yaml").write_text(textwrap.dedent(issue_yaml), encoding="utf-8")
    return folder


def glyph_of(fonts, text, face, ch):
    spec = ParaSpec(measure=30 * EM, em=EM, justify=False, fallback=FALLBACK)
    lines = compose([Run(text, Style(face, EM))], spec, fonts)
    return next(g for line in lines for g in line.glyphs if ch in g.text)


def test_every_noto_face_covers_ext_a(fonts):
    for key in ("serif", "serif-bold", "sans", "sans-bold"):
        face = fonts.face(key)
        missing = [hex(c) for c in range(0x3400, 0x4DB6) if not face.has(chr(c))]
        assert not missing, f"{key} lacks {len(missing)} Ext-A characters"


def test_the_ming_fallback_covers_ext_b_to_f(fonts):
    face = fonts.face("hanamin")
    assert fonts.genre("hanamin") == "song"
    for first, last in ((0x20000, 0x2A6D6), (0x2A700, 0x2B734), (0x2B740, 0x2B81D), (0x2B820, 0x2CEA1), (0x2CEB0, 0x2EBE0)):
        covered = sum(face.has(chr(c)) for c in range(first, last + 1))
        assert covered >= 0.99 * (last - first + 1), f"U+{first:X}: {covered}/{last - first + 1}"


def test_a_rare_character_in_body_text_is_song(fonts):
    g = glyph_of(fonts, f"社区居民王{RARE_C}同学", "serif", RARE_C)
    assert g.face.key == "hanamin" and g.face.genre == "song"
    assert not g.bold


def test_a_rare_character_in_bold_song_text_gets_a_synthetic_bold(fonts):
    g = glyph_of(fonts, f"王{RARE_C}获奖", "serif-bold", RARE_C)
    assert g.face.key == "hanamin" and g.bold
    assert not glyph_of(fonts, f"王{RARE_C}获奖", "serif-bold", "获").bold


def test_an_ext_a_character_in_a_bold_headline_is_from_its_own_face(fonts):
    g = glyph_of(fonts, f"刘{RARE_A}当选社区优秀志愿者", "sans-bold", RARE_A)
    assert g.face.key == "sans-bold" and not g.bold


def test_never_kai_inside_song_or_hei_text(fonts):
    for role in ("serif", "serif-bold", "sans", "sans-bold"):
        chain = fonts.chain(role, FALLBACK, han=True)
        assert "kai" not in chain, (role, chain)
        g = glyph_of(fonts, f"王{RARE_C}", role, RARE_C)
        assert g.face.genre != "kai"
    # a Hei text's rare character comes from the Ming face (no Hei face has it), emboldened in bold
    assert glyph_of(fonts, f"王{RARE_C}", "sans-bold", RARE_C).bold


def test_kai_text_falls_back_to_song_for_ext_a(fonts):
    rare = "㐆"  # U+3406, Ext-A: not in LXGW WenKai
    assert not fonts.face("kai").has(rare)
    g = glyph_of(fonts, f"刘{rare}", "kai", rare)
    assert g.face.key == "serif"


def test_a_synthetic_bold_is_filled_and_stroked(fonts):
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfgen.canvas import Canvas

    from layout.render.text import SYNTHETIC_BOLD, line_operators

    spec = ParaSpec(measure=30 * EM, em=EM, justify=False, fallback=FALLBACK)
    [line] = compose([Run(f"王{RARE_C}获奖", Style("serif-bold", EM))], spec, fonts)
    canvas = Canvas("/dev/null")
    ops = line_operators(canvas, 0, 0, line).split("\n")
    assert ops[0] == "q" and ops[-1] == "Q"  # the stroke width stays inside the line
    bold = f"{fp_str(EM * SYNTHETIC_BOLD)} w 2 Tr"  # stroke width size/30, fill and stroke
    assert bold in ops and ops.index(bold) < ops.index("0 Tr")


def test_the_warning_names_character_place_and_face(tmp_path: Path, fonts):
    from layout.load.loader import load_issue
    from layout.text.coverage import check_coverage

    folder = write_issue(tmp_path, f"""\
        schema: 1
        number: 6
        date: 2025-06-20
        articles:
          - id: a1
            page: 1
            title: 刘{RARE_A}当选优秀志愿者
            body: |
              社区居民王{RARE_C}同学获奖。
        """)
    loaded = load_issue(folder)
    warnings = [str(w) for w in check_coverage(loaded.issue, loaded.theme, fonts)]
    body = [w for w in warnings if RARE_C in w]
    assert len(body) == 1
    assert ":9:12:" in body[0]  # 社 at column 7 and "HanaMinB" in body[0] and "U+2B5AF" in body[0]
    assert not any(RARE_A in w for w in warnings)  # the headline face has it


def test_a_rare_name_in_every_paragraph_is_one_warning_naming_its_lines(tmp_path: Path, fonts):
    from layout.load.loader import load_issue
    from layout.text.coverage import check_coverage

    folder = write_issue(tmp_path, f"""\
        schema: 1
        number: 6
        date: 2025-06-20
        articles:
          - id: a1
            page: 1
            title: 优秀志愿者
            body: |
              社区居民王{RARE_C}同学获奖。

              王{RARE_C}说，王{RARE_C}一家都是志愿者。

              大家都认识王{RARE_C}。
        """)
    loaded = load_issue(folder)
    warnings = [str(w) for w in check_coverage(loaded.issue, loaded.theme, fonts)]
    assert len(warnings) == 1, warnings
    assert ":9:12:" in warnings[0] and warnings[0].endswith("also on line(s) 11, 13"), warnings


def test_the_manifest_records_genres_and_the_licence_is_shipped():
    root = Path(__file__).resolve().parents[1] / "fonts"
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    genres = {e["key"]: e["genre"] for e in manifest["fonts"]}
    assert genres == {"serif": "song", "serif-bold": "song", "sans": "hei", "sans-bold": "hei",
                      "kai": "kai", "hanamin": "song"}
    assert "Hanazono Font License" in (root / "HanaMin-LICENSE.txt").read_text(encoding="utf-8")


def test_a_rare_character_beyond_the_bmp_reads_back_and_its_line_is_body_text(tmp_path: Path):
    """The PDF's text of 𫖯 is 𫖯 (its ToUnicode entry is UTF-16, not the code
    point in hex, which a reader took for U+2B5A ⭚ and a stray digit), and its
    line, set partly from the Ming fallback, is read as body text: the
    paragraph runs on through it (no I1 after it)."""
    import pdfplumber

    from tests.conftest import run_layout

    folder = write_issue(tmp_path, f"""\
        schema: 1
        number: 6
        date: 2025-06-20
        pages: 1
        articles:
          - id: a1
            page: 1
            title: 社区表彰优秀志愿者
            columns: 1
            body: |
              他说：“这件事很重要。”居民王{RARE_C}、陈堃和吉𠮷祥等人也参与了活动，大家觉得很有意思，纷纷拍照留念，这是第一次见到这么多的生僻字。
        """)
    done = run_layout("build", folder, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    proof = next((tmp_path / "out" / "2025-06").glob("*-proof.pdf"))
    with pdfplumber.open(str(proof)) as pdf:
        text = "".join(c["text"] for c in pdf.pages[0].chars)
    assert RARE_C in text and "𠮷" in text
    audit = run_layout("check", "--typography", proof)
    assert audit.returncode == 0, audit.stdout


def test_the_tounicode_map_is_reportlabs_for_the_bmp_and_utf16_beyond():
    from reportlab.pdfbase import ttfonts

    from layout.fonts.rlprivate import _to_unicode_cmap

    makeToUnicodeCMap = getattr(ttfonts, "_layout_made_tounicode", ttfonts.makeToUnicodeCMap)  # ReportLab's own

    bmp = [0, 0x41, 0x3002, 0x4E00, 0x9FA5, 0xFF0C]
    assert _to_unicode_cmap("AAAAAA+F", bmp) == makeToUnicodeCMap("AAAAAA+F", bmp)
    assert "<01> <D842DFB7>" in _to_unicode_cmap("AAAAAA+F", [0x41, 0x20BB7]).splitlines()
