"""Dates and XMP: reading a PDF's Info dates and its XMP packet (R12)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfx": "http://ns.adobe.com/pdfx/1.3/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*([Zz+\-])?\s*(\d{2})?'?\s*(\d{2})?'?")


def parse_pdf_date(s: str) -> datetime | None:
    """A PDF date string as a datetime (aware when it carries an offset)."""
    m = _PDF_DATE.match(s.strip())
    if not m:
        return None
    y, mo, d, hh, mi, ss, sign, oh, om = m.groups()
    try:
        dt = datetime(int(y), int(mo or 1), int(d or 1), int(hh or 0), int(mi or 0), int(ss or 0))
    except ValueError:
        return None
    if sign in ("Z", "z"):
        return dt.replace(tzinfo=UTC)
    if sign in ("+", "-"):
        off = timedelta(hours=int(oh or 0), minutes=int(om or 0))
        return dt.replace(tzinfo=timezone(off if sign == "+" else -off))
    return dt


def parse_xmp_date(s: str) -> datetime | None:
    s = s.strip()
    m = re.match(
        r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+\-]\d{2}:\d{2})?)?)?)?$", s
    )
    if not m:
        return None
    y, mo, d, hh, mi, ss, tz = m.groups()
    try:
        dt = datetime(int(y), int(mo or 1), int(d or 1), int(hh or 0), int(mi or 0), int(ss or 0))
    except ValueError:
        return None
    if tz == "Z":
        return dt.replace(tzinfo=UTC)
    if tz:
        sign = 1 if tz[0] == "+" else -1
        off = timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
        return dt.replace(tzinfo=timezone(sign * off))
    return dt


def same_instant(a: datetime, b: datetime) -> bool:
    if (a.tzinfo is None) != (b.tzinfo is None):
        return a.replace(tzinfo=None) == b.replace(tzinfo=None)
    return a == b


def read_xmp(data: bytes) -> dict[str, str]:
    """Simple properties of an XMP packet as {"prefix:Name": value}.

    Handles properties written as elements or as attributes of
    rdf:Description, and language alternatives (x-default, else the first).
    """
    out: dict[str, str] = {}
    try:
        root = ET.fromstring(data.strip().strip(b"\x00"))
    except ET.ParseError:
        start = data.find(b"<x:xmpmeta")
        if start < 0:
            start = data.find(b"<rdf:RDF")
        end_tag = b"</x:xmpmeta>" if data.find(b"</x:xmpmeta>") >= 0 else b"</rdf:RDF>"
        end = data.find(end_tag)
        if start < 0 or end < 0:
            raise
        root = ET.fromstring(data[start : end + len(end_tag)])
    prefixes = {v: k for k, v in NS.items()}

    def short(tag: str) -> str | None:
        if not tag.startswith("{"):
            return None
        ns, local = tag[1:].split("}", 1)
        p = prefixes.get(ns)
        return f"{p}:{local}" if p else f"{{{ns}}}{local}"

    for desc in root.iter(f"{{{NS['rdf']}}}Description"):
        for attr, val in desc.attrib.items():
            k = short(attr)
            if k and not k.startswith("rdf:"):
                out.setdefault(k, val)
        for child in desc:
            k = short(child.tag)
            if not k:
                continue
            lis = list(child.iter(f"{{{NS['rdf']}}}li"))
            if lis:
                chosen = next((li for li in lis if li.get(XML_LANG) == "x-default"), lis[0])
                out.setdefault(k, (chosen.text or "").strip())
            else:
                out.setdefault(k, (child.text or "").strip())
    return out
