"""The white-hole measure (layout/check/whitespace.py) on synthetic masks,
and on a PDF whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from layout.check.whitespace import grow, holes, measure_pdf


def page(height: int = 100, width: int = 80) -> np.ndarray:
    return np.zeros((height, width), bool)


def test_grow_is_a_square_dilation_clipped_at_the_edges():
    m = page(9, 9)
    m[4, 4] = True
    m[0, 8] = True
    g = grow(m, 2)
    assert g[2:7, 2:7].all() and g.sum() == 25 + 9 - 1  # 5×5 round the centre, 3×3 below-left of the corner, one cell shared
    assert not g[1, 1] and not g[7, 4]
    assert (grow(m, 0) == m).all()


@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 20), st.integers(0, 2**32 - 1), st.floats(0.0, 0.2))
def test_grow_marks_every_cell_within_reach_of_ink(height, width, reach, seed, density):
    """The dilation against its definition: a cell is grown when some ink
    lies within ``reach`` of it along both axes (the square around it)."""
    m = np.random.default_rng(seed).random((height, width)) < density
    want = np.zeros_like(m)
    for y, x in zip(*np.nonzero(m), strict=True):
        want[max(0, y - reach): y + reach + 1, max(0, x - reach): x + reach + 1] = True
    assert (grow(m, reach) == want).all()


def test_text_set_in_lines_closes_up_and_a_missing_quarter_is_a_hole():
    """Lines of type 2 px apart read as a solid block once ink grows by 1 px;
    the lower-right quarter left empty is a quarter of the type area."""
    full, holed = page(), page()
    for y in range(0, 100, 3):
        full[y, :] = True
        holed[y, :] = True
    holed[50:, 40:] = False
    result = holes([full, holed], reach=1, head_band=0.0)
    assert result.pages[0] == 0.0
    assert result.pages[1] == pytest.approx(0.25, abs=0.02)
    assert result.worst == result.pages[1]
    # without growth the gaps between lines are white too
    assert holes([full, holed], reach=0, head_band=0.0).pages[0] > 0.6


def test_the_type_area_is_the_ink_of_all_pages_less_the_running_head():
    """A page inked only in its top half has half its type area white; the
    type area comes from the other page's ink, and the head band at the top
    (4 % of its height) does not count."""
    a, b = page(), page()
    a[10:90, 10:70] = True  # full type area: rows 10–89
    b[10:50, 10:70] = True  # content stops at mid-height
    result = holes([a, b], reach=0)
    top = 10 + int(0.04 * 80)
    assert result.pages[0] == 0.0
    assert result.pages[1] == pytest.approx((90 - 50) / (90 - top), abs=1e-3)
    # a running head alone above the type area is not counted
    b2 = page()
    b2[10:13, 10:70] = True
    assert holes([a, b2], reach=0).pages[1] == pytest.approx(1.0, abs=0.01)


def test_no_pages_and_blank_pages():
    assert holes([], reach=3).pages == ()
    assert holes([page(), page()], reach=3).pages == (1.0, 1.0)


def test_a_pdf_half_filled_on_its_second_page(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "two.pdf"
    c = Canvas(str(pdf), pagesize=A4)
    w, h = A4
    for fill in (1.0, 0.5):
        c.setFillGray(0)
        c.rect(50, 50 + (h - 100) * (1 - fill), w - 100, (h - 100) * fill, stroke=0, fill=1)
        c.showPage()
    c.save()
    result = measure_pdf(pdf)
    assert result.pages[0] == 0.0
    # the lower half is white, less the 12 pt the ink grows into it; the head band is taken off the top
    assert 0.44 < result.pages[1] < 0.52
