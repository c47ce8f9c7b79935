"""Small readers of pikepdf objects and the geometry of PDF user space."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pikepdf

from layout.facts.units import MM

Matrix = tuple[float, float, float, float, float, float]
BBox = tuple[float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: p' = p·m·n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])


def bbox_of(points: Iterable[tuple[float, float]]) -> BBox | None:
    xs: list[float] = []
    ys: list[float] = []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


def rect_bbox(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> BBox:
    """The bounding box of a rectangle's four corners through ``m`` (the
    arithmetic of :func:`apply`, without building the points)."""
    a, b, c, d, e, f = m
    xs = (x0 * a + y0 * c + e, x1 * a + y0 * c + e, x0 * a + y1 * c + e, x1 * a + y1 * c + e)
    ys = (x0 * b + y0 * d + f, x1 * b + y0 * d + f, x0 * b + y1 * d + f, x1 * b + y1 * d + f)
    return (min(xs), min(ys), max(xs), max(ys))


def intersect(a: BBox | None, b: BBox | None) -> BBox | None:
    if a is None:
        return b
    if b is None:
        return a
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def is_empty(b: BBox | None) -> bool:
    return b is not None and (b[2] < b[0] or b[3] < b[1])


def overlaps(a: BBox, b: BBox, tol: float = 0.0) -> bool:
    """Do the interiors of a and b overlap by more than tol?"""
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def inside(a: BBox, b: BBox, tol: float = 0.01) -> bool:
    return a[0] >= b[0] - tol and a[1] >= b[1] - tol and a[2] <= b[2] + tol and a[3] <= b[3] + tol


def scale_of(m: Matrix) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) or 1.0


def box_of(obj: Any) -> BBox | None:
    try:
        v = [float(x) for x in obj]
    except (TypeError, ValueError):
        return None
    if len(v) != 4:
        return None
    return (min(v[0], v[2]), min(v[1], v[3]), max(v[0], v[2]), max(v[1], v[3]))


def fmt_box(b: BBox) -> str:
    return "[" + " ".join(f"{v:.2f}" for v in b) + "]"


def fmt_mm(v: float) -> str:
    return f"{v / MM:.1f}"




def name_of(obj: Any) -> str | None:
    if isinstance(obj, pikepdf.Name):
        return str(obj)[1:]
    return None


def num(obj: Any, default: float = 0.0) -> float:
    try:
        return float(obj)
    except (TypeError, ValueError):
        return default


def obj_key(obj: Any) -> tuple[int, int] | None:
    """A hashable identity for an indirect PDF object (its object number and
    generation); None for a direct object, which has no stable identity
    (pikepdf makes a new Python wrapper on each access) and is not cached."""
    try:
        if obj.is_indirect:
            return obj.objgen
    except Exception:
        pass
    return None


def text_of(obj: Any) -> str:
    try:
        return str(obj)
    except Exception:
        return repr(obj)


def dget(d: Any, key: str, default: Any = None) -> Any:
    try:
        return d.get(key, default)
    except Exception:
        return default




def stream_bytes(obj: Any, limit: int | None = None) -> bytes:
    try:
        data = obj.read_bytes()
    except Exception:
        return b""
    return data if limit is None else data[:limit]

