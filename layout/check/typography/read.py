"""Reading: the characters of a PDF page, from pdfplumber's character boxes."""

from __future__ import annotations

from typing import Any

from .model import Char


def colour_of(c: dict) -> tuple:
    """The fill colour as RGB rounded to 0.01, so that one black written as
    ``0 g``, ``0 0 0 rg`` or ``0 0 0 1 k`` compares equal."""
    v = c.get("non_stroking_color")
    if v is None:
        return (0.0, 0.0, 0.0)
    if isinstance(v, (int, float)):
        v = (v,)
    try:
        v = tuple(float(x) for x in v)
    except (TypeError, ValueError):
        return (str(v),)
    if len(v) == 1:
        rgb = (v[0],) * 3
    elif len(v) == 3:
        rgb = v
    elif len(v) == 4:
        k = v[3]
        rgb = tuple((1 - x) * (1 - k) for x in v[:3])
    else:
        return tuple(round(x, 2) for x in v)
    return tuple(round(x, 2) + 0.0 for x in rgb)


def chars_of(page: Any) -> list[Char]:
    """The page's characters, less those of ``/Artifact`` marked content:
    marks that are no part of the content (a draft proof's tags)."""
    out = []
    for c in page.chars:
        if c.get("tag") == "Artifact":
            continue
        t = c.get("text") or ""
        if not t or (t.isspace() and t != "\u3000"):
            continue
        if not c.get("upright", True):
            continue
        m = c.get("matrix")
        if m is not None:
            if abs(m[1]) > 1e-6 or abs(m[2]) > 1e-6:
                continue  # rotated or skewed text
            base = c["bottom"] + c["y0"] - m[5]
        else:
            base = c["bottom"] - 0.12 * c["size"]
        out.append(
            Char(
                t=t if len(t) == 1 else t[0],
                x0=float(c["x0"]),
                x1=float(c["x1"]),
                base=float(base),
                size=round(float(c["size"]), 3),
                font=str(c.get("fontname", "")).split("+", 1)[-1],
                color=colour_of(c),
            )
        )
    return out
