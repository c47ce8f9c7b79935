"""The preflight's content-stream reader on a small hand-made PDF."""

from __future__ import annotations

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from layout.check.pdfread.events import FontUse, PageStart, PathPaint, TextPaint
from layout.check.pdfread.paint import paint_events


def test_reader_yields_each_paint_with_its_state_and_box(tmp_path):
    path = tmp_path / "p.pdf"
    c = Canvas(str(path), pagesize=(200, 300))
    c.saveState()
    c.translate(10, 20)
    c.setFillColorCMYK(0.1, 0.2, 0.3, 0.4)
    c.rect(0, 0, 50, 40, stroke=0, fill=1)
    c.restoreState()
    c.setFont("Helvetica", 12)
    c.drawString(30, 100, "Hi")
    c.showPage()
    c.save()
    with pikepdf.open(path) as pdf:
        seen = []
        for e in paint_events(pdf):
            if isinstance(e, PathPaint):
                seen.append((e, e.bbox, e.gs.fcs.family, e.gs.fc))
            elif isinstance(e, TextPaint):
                seen.append((e, e.bbox, e.font.decode(e.codes), e.gs.fsize))
            else:
                seen.append((e,))
    kinds = [type(s[0]) for s in seen]
    assert kinds[0] is PageStart and seen[0][0].page.media == (0.0, 0.0, 200.0, 300.0)
    assert FontUse in kinds and not next(s[0] for s in seen if isinstance(s[0], FontUse)).embedded
    (path_,) = [s for s in seen if isinstance(s[0], PathPaint)]
    assert path_[1] == pytest.approx((10.0, 20.0, 60.0, 60.0))  # the translation applied
    assert path_[2:] == ("DeviceCMYK", pytest.approx((0.1, 0.2, 0.3, 0.4)))
    (text,) = [s for s in seen if isinstance(s[0], TextPaint)]
    assert text[2:] == ("Hi", 12.0)
    assert text[1][0] == pytest.approx(30.0) and text[1][1] < 100.0 < text[1][3]


def test_a_path_filled_with_a_pattern_is_read_through_the_pattern(tmp_path):
    """A shading pattern used as a path's fill colour is read (and judged:
    an RGB blend inside it fails R6)."""
    from layout.check.pdfread.events import ShadingPaint
    from layout.check.preflight import preflight

    pdf = pikepdf.new()
    shading = pikepdf.Dictionary(
        ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB, Coords=[0, 0, 100, 0],
        Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1),
    )
    pattern = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Pattern, PatternType=2, Shading=shading))
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 200, 200],
        Resources=pikepdf.Dictionary(Pattern=pikepdf.Dictionary(P0=pattern)),
        Contents=pdf.make_stream(b"/Pattern cs /P0 scn 10 10 100 100 re f"),
    )
    pdf.pages.append(pikepdf.Page(page))
    path = tmp_path / "pattern.pdf"
    pdf.save(path)
    with pikepdf.open(path) as doc:
        shadings = [e for e in paint_events(doc) if isinstance(e, ShadingPaint)]
    assert [(e.what, e.cs.label) for e in shadings] == [("shading pattern /P0", "DeviceRGB")]
    r6 = preflight(path).result("R6")
    assert not r6.passed and any("shading pattern /P0 in DeviceRGB" in d for d in r6.details)
