"""The renderer (layout/render/): colours, glyph positions, bleed, photos,
on display lists and images made here."""

from __future__ import annotations

from dataclasses import replace as replace_item

import pdfplumber
import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from reportlab.lib.colors import CMYKColor, Color

from conftest import write_photo
from layout.pages.display import Page, Picture, Rect, Rule, TextLine
from layout.pages.photos import effective_ppi
from layout.render.pdf import PROOF, DocInfo, Renderer, enforce_cmyk, print_frame
from layout.render.photos import PhotoPrep, limit_ink, max_ink

INFO = DocInfo("测试", "测试", "测试", "layout test")


def test_cmyk_passes_grey_becomes_k_and_rgb_is_refused():
    cmyk = CMYKColor(0.1, 0.9, 0.8, 0)
    assert enforce_cmyk(cmyk) is cmyk
    grey = enforce_cmyk(Color(0.25, 0.25, 0.25))
    assert (grey.cyan, grey.magenta, grey.yellow) == (0, 0, 0) and grey.black == pytest.approx(0.75)
    with pytest.raises(ValueError, match="non-CMYK"):
        enforce_cmyk(Color(1, 0, 0))


def _page(kit, text: str = "社区新闻，邻里互助。") -> tuple[Page, TextLine]:
    [line] = kit.setter.text(text, kit.theme.style("body"), 200.0, size=9.0)
    item = TextLine(100.0, 200.0, line, kit.theme.style("body").color, "body")
    page = Page(2, [Rect(0.0, 0.0, 120.0, 40.0, fill=kit.theme.masthead.band_color, bleed=True), item])
    return page, item


def _render(kit, pages, path, sheet):
    renderer = Renderer(kit.theme, kit.fonts, _prep(path.parent / "cache", kit))
    renderer.render(pages, path, sheet, INFO)
    return renderer


def _prep(cache, kit=None):
    from conftest import make_kit

    theme = (kit or make_kit()).theme
    return PhotoPrep(cache, theme.sheet.photo_profile, theme.photos)


def test_every_glyph_lands_where_the_composer_put_it(kit, tmp_path):
    page, item = _page(kit)
    path = tmp_path / "proof.pdf"
    _render(kit, [page], path, PROOF)
    with pdfplumber.open(path) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"].strip()]
    glyph_x = [item.x + g.x + i * g.size for g in item.line.glyphs for i in range(len(g.text))]
    assert "".join(c["text"] for c in chars) == item.line.text
    assert [round(c["x0"], 2) for c in chars] == [round(x, 2) for x in glyph_x]


def test_a_pages_lines_share_one_text_object_and_land_where_the_composer_put_them(kit, tmp_path):
    """Lines of one face and size go on in one text object with one Tf and
    one fill colour; a rule between them ends it, a line with a synthetic
    bold is its own in q/Q; every glyph of every line lands where the
    composer put it (pdfplumber, whose reader keeps text state across
    text objects as the PDF says)."""
    from dataclasses import replace

    style = kit.theme.style("body")
    texts = ["社区新闻，邻里互助。", "街道睦邻中心开放。", "志愿服务队成立。"]
    lines = [kit.setter.text(t, style, 200.0, size=9.0)[0] for t in texts]
    bold = replace(lines[2], glyphs=tuple(replace(g, bold=True) for g in lines[2].glyphs))
    items = [TextLine(100.0, 200.0 + 15.0 * i, line, style.color, "body") for i, line in enumerate([*lines[:2], bold])]
    rule = Rule(100.0, 240.0, 300.0, 240.0, style.color, 0.5)
    after = TextLine(100.0, 260.0, lines[0], style.color, "body")
    path = tmp_path / "proof.pdf"
    _render(kit, [Page(2, [*items[:2], items[2], rule, after])], path, PROOF)
    with pikepdf.open(path) as pdf:
        ops = [str(i.operator) for i in pikepdf.parse_content_stream(pdf.pages[0])]
    assert ops.count("BT") == 3  # the two lines, the bold one, the line after the rule
    # the Tf once for the plain lines (text state outlives ET), once in the bold line's q/Q; the fill
    # colour set again after the rule
    assert ops.count("Tf") == 2 and ops.count("k") == 2
    assert ops[ops.index("ET") + 1] == "q" and ops.count("BDC") == ops.count("EMC") == 4  # the bold line after ET
    with pdfplumber.open(path) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"].strip()]
    want = [item.x + g.x + i * g.size for item in [*items, after] for g in item.line.glyphs for i in range(len(g.text))]
    assert [round(c["x0"], 2) for c in chars] == [round(x, 2) for x in want]
    assert "".join(c["text"] for c in chars) == "".join(t for t in texts) + texts[0]


def test_print_sheet_adds_bleed_boxes_and_runs_backgrounds_into_the_bleed(kit, tmp_path):
    page, _ = _page(kit)
    sheet = print_frame(kit.theme.sheet)
    path = tmp_path / "print.pdf"
    _render(kit, [page], path, sheet)
    bleed = kit.theme.sheet.bleed
    with pikepdf.open(path) as pdf:
        trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
        box = [float(v) for v in pdf.pages[0].obj.BleedBox]
    assert trim[2] - trim[0] == pytest.approx(kit.grid.width)
    assert [trim[0] - box[0], trim[1] - box[1], box[2] - trim[2], box[3] - trim[3]] == pytest.approx([bleed] * 4, abs=0.001)
    with pdfplumber.open(path) as pdf:
        height = pdf.pages[0].height
        [band] = [r for r in pdf.pages[0].rects if r["non_stroking_color"] and len(r["non_stroking_color"]) == 4]
    # the band touches the trim's left and top edges: it runs past both by the bleed (R4)
    assert band["x0"] == pytest.approx(trim[0] - bleed, abs=0.01)
    assert height - band["top"] == pytest.approx(trim[3] + bleed, abs=0.01)
    assert band["x1"] == pytest.approx(trim[0] + 120.0, abs=0.01)  # its other edges stay where they were


def test_proof_is_the_trim_with_no_boxes(kit, tmp_path):
    page, _ = _page(kit)
    path = tmp_path / "proof.pdf"
    _render(kit, [page], path, PROOF)
    with pikepdf.open(path) as pdf:
        media = [float(v) for v in pdf.pages[0].obj.MediaBox]
        assert media == pytest.approx([0, 0, kit.grid.width, kit.grid.height])
        assert "/TrimBox" not in pdf.pages[0].obj


# ------------------------------------------------------------------ photos


def test_effective_ppi_is_pixels_over_inches_of_the_cropped_part():
    assert effective_ppi((3000, 2000), (0.0, 0.0, 1.0, 1.0), 720.0, 480.0) == pytest.approx(300)
    assert effective_ppi((3000, 2000), (0.0, 0.0, 0.5, 1.0), 720.0, 960.0) == pytest.approx(150)


def test_ink_is_limited_on_colour_plates_and_black_kept():
    im = Image.new("CMYK", (40, 30), (255, 255, 255, 200))
    out = limit_ink(im, 280.0)
    assert max_ink(out) <= 280.0 + 0.5
    assert out.getchannel("K").getextrema() == (200, 200)
    light = Image.new("CMYK", (4, 4), (20, 20, 20, 20))
    assert limit_ink(light, 280.0) is light


def test_photo_is_converted_to_cmyk_once_and_cached(tmp_path):
    src = tmp_path / "p.jpg"
    write_photo(src, 600, 400)
    pic = Picture(0, 0, 144.0, 96.0, src, (0.0, 0.0, 1.0, 1.0), "p.jpg")
    prep = _prep(tmp_path / "cache")
    first = prep.prepare(pic)
    assert first.ppi == pytest.approx(300)
    with Image.open(first.path) as im:
        assert im.mode == "CMYK" and im.format == "JPEG"
        assert max_ink(im) <= 300.0
    again = _prep(tmp_path / "cache").prepare(pic)
    assert again.path == first.path and again.path.stat().st_mtime_ns == first.path.stat().st_mtime_ns


def test_greyscale_photo_prints_on_the_black_plate_only(tmp_path):
    src = tmp_path / "g.png"
    Image.linear_gradient("L").resize((300, 200)).save(src)
    pic = Picture(0, 0, 72.0, 48.0, src, (0.0, 0.0, 1.0, 1.0), "g.png")
    prepared = _prep(tmp_path / "cache").prepare(pic)
    with Image.open(prepared.path) as im:
        c, m, y, k = (im.getchannel(n).getextrema() for n in "CMYK")
    assert max(c[1], m[1], y[1]) <= 2  # JPEG noise at most
    assert k[1] > 200


@given(st.one_of(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e7, max_value=1e7),
                 st.integers(min_value=-10**6, max_value=10**6),
                 st.sampled_from([0.0, -0.0, 1e-7, -1e-7, 1.0000001, 0.5, 9.9999999, 10.0, 999999.5, 0.0000005])))
def test_fp_str_writes_reportlabs_text(v):
    from reportlab.lib.rl_accel import _py_fp_str

    from layout.render.text import fp_str

    assert fp_str(v) == _py_fp_str(v)


@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=1, max_value=6))
def test_ink_limit_matches_the_whole_band_computation(seed, planes_high):
    """limit_ink computes only the pixels over the limit: the same pixels as
    the float32 computation over whole bands it replaced."""
    import numpy as np

    rng = np.random.default_rng(seed)
    a = rng.integers(0, 256, (37, 53, 4), dtype=np.uint8)
    a[..., :planes_high % 4] //= 2
    limit = float(rng.integers(100, 400))
    cap = limit * 255.0 / 100.0
    band = a.astype(np.float32)
    over = band.sum(axis=2) > cap
    cmy = band[..., :3]
    cmy_sum = cmy.sum(axis=2)
    factor = np.where(over & (cmy_sum > 0), np.maximum(cap - band[..., 3], 0.0) / np.maximum(cmy_sum, 1e-6), 1.0)
    band[..., :3] = np.floor(cmy * factor[..., None])
    want = band.astype(np.uint8)
    got = np.asarray(limit_ink(Image.fromarray(a, "CMYK"), limit))
    assert (got == want).all()
    assert max_ink(Image.fromarray(a, "CMYK")) == float(a.sum(axis=2, dtype=np.uint16).max()) * 100.0 / 255.0


@given(st.integers(min_value=1, max_value=40), st.integers(min_value=1, max_value=300), st.integers(0, 2**32 - 1))
def test_preview_png_decodes_to_the_pixels_it_was_given(width, height, seed):  # (rows deflated in bands of 128)
    import io

    import numpy as np

    from layout.render.preview import png

    rgb = np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)
    rgb[: height // 2] = 255  # a white band, as on a page
    with Image.open(io.BytesIO(png(rgb))) as im:
        assert im.format == "PNG" and im.mode == "RGB" and im.size == (width, height)
        assert (np.asarray(im) == rgb).all()


def test_previews_show_the_pdf_as_pdfium_renders_it(kit, tmp_path):
    import numpy as np
    import pypdfium2 as pdfium

    from layout.render.preview import render_previews

    page, _item = _page(kit)
    pdf = tmp_path / "proof.pdf"
    _render(kit, [page], pdf, PROOF)
    [shown], [made] = render_previews(pdf, tmp_path / "preview", 40, then=lambda page: page.get_size())
    doc = pdfium.PdfDocument(str(pdf))
    want = np.asarray(doc[0].render(scale=40 / 72.0).to_pil().convert("RGB"))
    doc_size = doc[0].get_size()
    doc.close()
    with Image.open(shown) as im:
        assert (np.asarray(im) == want).all() and (want < 128).any()
    assert made == doc_size


def test_a_page_drawn_as_before_is_shown_again_unrendered(kit, tmp_path):
    from layout.manifest import page_hashes
    from layout.render.preview import render_previews

    page, _item = _page(kit)
    other, _ = _page(kit, "邻里互助，社区新闻。")
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    _render(kit, [page, other], a, PROOF)
    _render(kit, [page, Page(3, [])], b, PROOF)
    calls: list[int] = []

    def count(pdf_page):
        calls.append(1)
        return len(calls)

    first, made = render_previews(a, tmp_path / "pa", 30, then=count, hashes=page_hashes(a))
    again, remade = render_previews(b, tmp_path / "pb", 30, then=count, hashes=page_hashes(b))
    assert made == [1, 2] and remade == [1, 3]  # page 1 drawn as before: its PNG and result again
    assert first[0].read_bytes() == again[0].read_bytes() and first[1].read_bytes() != again[1].read_bytes()


def test_previews_kept_in_the_cache_folder_come_back_unrendered(kit, tmp_path, monkeypatch):
    import numpy as np
    import pypdfium2 as pdfium

    from layout.check.whitespace import page_mask
    from layout.manifest import page_hashes
    from layout.render import preview

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    page, _item = _page(kit)
    pdf = tmp_path / "proof.pdf"
    _render(kit, [page, Page(3, [])], pdf, PROOF)
    hashes = page_hashes(pdf)
    monkeypatch.setattr(preview, "_pages", preview.OrderedDict())
    shown, masks = preview.render_previews(pdf, tmp_path / "a", 30, then=page_mask, hashes=hashes)
    assert list((tmp_path / "cache" / "layout" / "previews").glob("page-*.entry"))
    monkeypatch.setattr(preview, "_pages", preview.OrderedDict())  # a new process
    monkeypatch.setattr(pdfium.PdfPage, "render", lambda *a, **k: pytest.fail("rendered again"))
    again, remasks = preview.render_previews(pdf, tmp_path / "b", 30, then=page_mask, hashes=hashes)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in shown]
    assert all(np.array_equal(a, b) and a.dtype == b.dtype for a, b in zip(masks, remasks, strict=True))


def test_lines_drawn_again_write_the_bytes_a_fresh_drawing_writes(kit, tmp_path, monkeypatch):
    """The operators of a line kept from an earlier drawing in the process
    are used only where the new document's subsets give its characters the
    same codes: a page drawn after another with new characters comes out as
    a fresh process draws it."""
    from layout.render import text

    page, item = _page(kit)
    other, _ = _page(kit, "街道睦邻中心，志愿服务。")
    moved = Page(4, [replace_item(item, x=item.x + 30.0, baseline=item.baseline + 12.0)])
    _render(kit, [page], tmp_path / "a.pdf", PROOF)
    again = [(tmp_path / "b.pdf", [other, page, moved]), (tmp_path / "c.pdf", [page, moved, other])]
    for path, pages in again:
        _render(kit, pages, path, PROOF)
    monkeypatch.setattr(text, "_lines", text.OrderedDict())  # a fresh process
    for path, pages in again:
        fresh = path.with_name("fresh-" + path.name)
        monkeypatch.setattr(text, "_lines", text.OrderedDict())
        _render(kit, pages, fresh, PROOF)
        assert fresh.read_bytes() == path.read_bytes(), path.name


def test_lines_of_a_document_coded_alike_are_not_worked_out_again(kit, tmp_path, monkeypatch):
    """A document whose characters get the codes an earlier one gave them
    (the same characters, as often: ``layout watch`` after an edit within a
    paragraph, the print file after the proof) draws a line drawn before
    without working its operators out again, and writes the bytes a fresh
    process writes; a document with another character works them out."""
    from layout.render import text

    page, item = _page(kit)
    moved = Page(3, [replace_item(item, x=item.x + 30.0)])
    _render(kit, [page, moved], tmp_path / "a.pdf", PROOF)
    worked: list[str] = []
    operators = text._operators
    monkeypatch.setattr(text, "_operators", lambda doc, fonts, line: worked.append(line.text) or operators(doc, fonts, line))
    _render(kit, [page, moved], tmp_path / "b.pdf", PROOF)
    assert not worked
    other, _ = _page(kit, "社区新闻，邻里互助。街道。")
    _render(kit, [page, other], tmp_path / "c.pdf", PROOF)
    assert item.line.text in worked  # another coding: the line worked out again
    monkeypatch.setattr(text, "_lines", text.OrderedDict())  # a fresh process
    monkeypatch.setattr(text, "_operators", operators)
    _render(kit, [page, moved], tmp_path / "fresh-b.pdf", PROOF)
    _render(kit, [page, other], tmp_path / "fresh-c.pdf", PROOF)
    for name in ("b.pdf", "c.pdf"):
        assert (tmp_path / name).read_bytes() == (tmp_path / f"fresh-{name}").read_bytes()


def test_an_edit_with_the_issues_own_characters_leaves_later_pages_bytes_alone(kit, tmp_path):
    """Characters get their codes in code point order before anything is
    drawn: page 1 using the issue's characters in another order leaves page
    2's content stream byte for byte as it was (first-use order would
    renumber them), while a character the issue did not have may move it."""
    def page(number: int, text: str) -> Page:
        [line] = kit.setter.text(text, kit.theme.style("body"), 300.0, size=9.0)
        return Page(number, [TextLine(100.0, 200.0, line, kit.theme.style("body").color, "body")])

    def streams(first: str) -> list[bytes]:
        path = tmp_path / f"{len(list(tmp_path.iterdir()))}.pdf"
        _render(kit, [page(1, first), page(2, "新闻互助，社区邻里。")], path, PROOF)
        with pikepdf.open(path) as pdf:
            return [p.obj.Contents.read_bytes() for p in pdf.pages]

    before = streams("社区新闻，邻里互助。")
    after = streams("邻里互助，社区新闻。")
    assert before[0] != after[0] and before[1] == after[1]


def test_a_subset_is_made_once_per_process_and_is_reportlabs_program(kit, tmp_path, monkeypatch):
    """Rendering the same pages twice makes each font subset once, and the
    two files are the same bytes (a subset's program depends on its
    characters alone)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from layout.render import text

    made: list[tuple[int, ...]] = []
    original = TTFontFile.makeSubset

    def counted(self, subset):  # type: ignore[no-untyped-def]
        made.append(tuple(subset))
        return original(self, subset)

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # no subset stored by another test
    monkeypatch.setattr(TTFontFile, "makeSubset", counted)
    monkeypatch.setattr(text, "_made", type(text._made)())
    page, _ = _page(kit, "社区新闻，邻里互助。一次子集。")
    _render(kit, [page], tmp_path / "a.pdf", PROOF)
    first = list(made)
    _render(kit, [page], tmp_path / "b.pdf", PROOF)
    assert first and made == first  # no subset made again
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_subsets_kept_in_the_cache_folder_come_back_unmade_as_the_same_bytes(kit, tmp_path, monkeypatch):
    """A fresh process (nothing kept in memory) finds the subsets an
    earlier build kept in the user's cache folder, programs and their
    compressed form: none is made or compressed again, and the file is the
    bytes a build without the cache writes."""
    import zlib

    from reportlab.pdfbase.ttfonts import TTFontFile

    from layout.render import text
    from layout.usercache import stores_off

    def fresh_process() -> None:
        monkeypatch.setattr(text, "_made", type(text._made)())
        monkeypatch.setattr(text, "_deflated", type(text._deflated)())

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    page, _ = _page(kit, "邻里互助，社区新闻。子集存于缓存。")
    fresh_process()
    with stores_off():
        _render(kit, [page], tmp_path / "uncached.pdf", PROOF)
    fresh_process()
    _render(kit, [page], tmp_path / "a.pdf", PROOF)
    assert list((tmp_path / "cache" / "layout" / "subsets").glob("*.entry"))
    fresh_process()
    made: list[int] = []
    original = TTFontFile.makeSubset
    monkeypatch.setattr(TTFontFile, "makeSubset", lambda self, subset: made.append(1) or original(self, subset))
    packed: list[bytes] = []
    compress = zlib.compress
    monkeypatch.setattr(zlib, "compress", lambda data, *a: packed.append(bytes(data)) or compress(data, *a))
    _render(kit, [page], tmp_path / "b.pdf", PROOF)
    monkeypatch.undo()
    assert not made and packed  # the page's contents compressed, no font program (a TrueType file's header)
    assert not [data for data in packed if data[:4] == b"\x00\x01\x00\x00"]
    assert (tmp_path / "b.pdf").read_bytes() == (tmp_path / "a.pdf").read_bytes() == (tmp_path / "uncached.pdf").read_bytes()
