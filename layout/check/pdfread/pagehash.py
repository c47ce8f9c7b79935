"""A hash of what each page of a PDF draws, read from its objects (no raster).

:func:`page_hashes` digests a page's boxes, its content stream as parsed by
:func:`pikepdf.parse_content_stream` and everything the stream uses (images,
forms, graphics states, colour spaces, patterns, shadings), each by content.
Two things that change when *another* page changes are read through, so a
page whose drawing is the same keeps its hash:

* the font subsets: a font is named by its base font without the subset tag
  (``AAAAAB+NotoSerifCJKsc-Regular`` → ``NotoSerifCJKsc-Regular``), and the
  bytes a text operator shows by the characters its ``/ToUnicode`` map gives
  them; a run split over two subsets (``[(ab)] TJ /F1+1 9 Tf [(c)] TJ``) reads
  like the same run in one (``[(abc)] TJ``): the text state (``Tf``, ``TL``,
  ``Tc``, ``Tw``, ``Tz``, ``Ts``, ``Tr``) counts where a show (or ``T*``)
  uses it, and only what differs from the state the last show used; the
  shows in a row are one stream of glyphs and adjustments;
* object numbers and resource names: a resource is its content's digest.

A stream is its dictionary and its data, however it is compressed; a JPEG
(a filter pikepdf does not decode) is its stored bytes: never decoded.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf

_PLAIN = (int, Decimal)

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_SKIP_KEYS = frozenset({"/Parent", "/P", "/StructParent", "/StructParents"})
_STREAM_SKIP_KEYS = _SKIP_KEYS | {"/Length", "/Filter", "/DecodeParms"}
_PAGE_SKIP_KEYS = _SKIP_KEYS | {"/Contents", "/Resources", "/Annots"}  # read through, below
_RESOURCE_OPS = {"Do": "/XObject", "gs": "/ExtGState", "sh": "/Shading", "cs": "/ColorSpace", "CS": "/ColorSpace"}
_SHOW_OPS = frozenset({"Tj", "TJ", "'", '"'})
_TEXT_STATE = frozenset({"Tf", "TL", "Tc", "Tw", "Tz", "Ts", "Tr"})
_USES_TEXT_STATE = _SHOW_OPS | {"T*"}  # a line move by TL too
_HEX_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_HEX_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def page_hashes(pdf_path: Path) -> list[str]:
    """SHA-256 of what each page of the PDF at ``pdf_path`` draws (see the
    module docstring)."""
    with pikepdf.open(pdf_path) as pdf:
        hasher = _PageHasher()
        return [hasher.page(page) for page in pdf.pages]


class _Font:
    """A font as the hash sees it: a stable name and its codes' characters."""

    def __init__(self, font: Any, canon: Any) -> None:
        base = str(font.get("/BaseFont", "")) if isinstance(font, pikepdf.Dictionary) else ""
        subtype = str(font.get("/Subtype", "")) if isinstance(font, pikepdf.Dictionary) else ""
        self.two_byte = subtype == "/Type0"
        self.chars: dict[int, str] | None = None
        to_unicode = font.get("/ToUnicode") if isinstance(font, pikepdf.Dictionary) else None
        if isinstance(to_unicode, pikepdf.Stream):
            try:
                self.chars = _cmap(to_unicode.read_bytes())
            except Exception:  # an unreadable map: the codes themselves, with the font's encoding below
                self.chars = None
        name = f"{subtype} {_SUBSET_TAG.sub('', base.lstrip('/'))}"
        if self.chars is None:  # the codes stand for themselves: their meaning is the encoding
            encoding = font.get("/Encoding") if isinstance(font, pikepdf.Dictionary) else None
            name += " " + canon(encoding)
        self.name = name

    def text(self, data: bytes) -> str:
        if self.two_byte:
            codes = [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
        else:
            codes = list(data)
        if self.chars is None:
            return "".join(f"\\{c:x};" for c in codes)
        chars = self.chars
        return "".join(chars.get(c, f"\\{c:x};") for c in codes)


def _cmap(data: bytes) -> dict[int, str]:
    """Code → characters of a ToUnicode CMap (``bfchar`` and ``bfrange``)."""
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for src, dst in _HEX_PAIR.findall(block):
            out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for lo, hi, dst in _HEX_RANGE.findall(block):
            start = int(dst, 16)
            width = len(dst) // 2
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = (start + i).to_bytes(width, "big").decode("utf-16-be", "replace")
    return out


class _PageHasher:
    """Digests shared by the pages of one file (a resource is read once)."""

    def __init__(self) -> None:
        self.digests: dict[tuple[int, int], str] = {}
        self.fonts: dict[tuple[int, int], _Font] = {}

    # ------------------------------------------------------------ objects

    def canon(self, obj: Any, depth: int = 0) -> str:
        """A stable text for ``obj``: references followed (each indirect
        object once, by its digest), streams by their stored bytes."""
        if depth > 40:
            return "…"
        key = obj.objgen if isinstance(obj, pikepdf.Object) and obj.is_indirect else None
        if key is not None and key in self.digests:
            return self.digests[key]
        if key is not None:
            self.digests[key] = "@cycle"
        text = self._canon(obj, depth)
        if key is not None:
            text = "#" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            self.digests[key] = text
        return text

    def _canon(self, obj: Any, depth: int) -> str:
        if isinstance(obj, pikepdf.Stream):
            try:  # by its data, however it is compressed (Flate, ASCII85 …)
                body = "data " + hashlib.sha256(obj.read_bytes()).hexdigest()
                skip = _STREAM_SKIP_KEYS
            except pikepdf.PdfError:  # a JPEG (or JPEG 2000, JBIG2): its stored bytes, never decoded
                body = "stored " + hashlib.sha256(obj.read_raw_bytes()).hexdigest()
                skip = _SKIP_KEYS | {"/Length"}
            return f"stream{self._dict(obj, depth, skip)}{body}"
        if isinstance(obj, pikepdf.Dictionary):
            return self._dict(obj, depth)
        if isinstance(obj, pikepdf.Array):
            return "[" + " ".join(self.canon(v, depth + 1) for v in obj) + "]"
        if isinstance(obj, pikepdf.String):
            return "(" + bytes(obj).hex() + ")"
        return str(obj)

    def _dict(self, obj: Any, depth: int, skip: frozenset[str] = _SKIP_KEYS) -> str:
        items = sorted((str(k), v) for k, v in obj.items() if str(k) not in skip)
        return "<<" + " ".join(f"{k} {self.canon(v, depth + 1)}" for k, v in items) + ">>"

    def font(self, obj: Any) -> _Font:
        key = obj.objgen if isinstance(obj, pikepdf.Object) and obj.is_indirect else None
        if key is not None and key in self.fonts:
            return self.fonts[key]
        font = _Font(obj, self.canon)
        if key is not None:
            self.fonts[key] = font
        return font

    # ------------------------------------------------------------ pages

    def page(self, page: pikepdf.Page) -> str:
        digest = hashlib.sha256()
        pobj = page.obj
        digest.update(self._dict(pobj, 0, _PAGE_SKIP_KEYS).encode("utf-8", "surrogatepass"))
        resources = pobj.get("/Resources")
        if "/Contents" in pobj:
            digest.update(self.content(pikepdf.parse_content_stream(page), resources).encode("utf-8", "surrogatepass"))
        annots = pobj.get("/Annots")
        if isinstance(annots, pikepdf.Array):
            for annot in annots:
                digest.update(("annot " + self.canon(annot)).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def content(self, instructions: Any, resources: Any) -> str:
        """The drawing of one content stream, as text (see the module docstring)."""
        out: list[str] = []
        fonts = _sub(resources, "/Font")
        state: dict[str, str] = {}  # the text state as last set (Tf: face and size; TL, Tc, Tw, Tz, Ts, Tr)
        shown: dict[str, str] = {}  # the text state as last written out
        stack: list[tuple[dict[str, str], _Font | None]] = []
        face: _Font | None = None
        named: dict[str, _Font | None] = {}  # this stream's font names
        string = pikepdf.String
        for operands, operator in instructions:
            op = str(operator)
            if op in _TEXT_STATE:
                if op == "Tf" and len(operands) == 2:
                    name = str(operands[0])
                    if name not in named:
                        named[name] = self.font(fonts.get(name)) if fonts is not None and name in fonts else None
                    face = named[name]
                    state["Tf"] = f"{face.name if face else name} {float(operands[1])!r}"
                else:
                    state[op] = " ".join(repr(float(o)) if type(o) in _PLAIN else str(o) for o in operands)
                continue
            if op in _USES_TEXT_STATE and state != shown:
                out.extend(f"\n{v} {k}\n" for k, v in sorted(state.items()) if shown.get(k) != v)
                shown = dict(state)
            if op in _SHOW_OPS:
                if op == "TJ":
                    items = operands[0] if operands else ()
                else:
                    if op != "Tj":
                        out.append(f"\n{' '.join(self._operand(o, None) for o in operands[:-1])} {op}\n")
                    items = operands[-1:]
                for item in items:
                    if isinstance(item, string):
                        out.append(face.text(bytes(item)) if face else bytes(item).hex())
                    else:
                        out.append(f"\x1f{float(item)!r}\x1f")
                continue
            if op == "q":
                stack.append((dict(state), face))
            elif op == "Q" and stack:
                state, face = stack.pop()
            kind = _RESOURCE_OPS.get(op)
            if kind is None and op in ("scn", "SCN", "BDC", "DP"):
                kind = "/Pattern" if op in ("scn", "SCN") else "/Properties"
            if kind is None:
                out.append("\n" + " ".join([str(o) if type(o) in _PLAIN else self._operand(o, None) for o in operands])
                           + " " + op)
                continue
            table = _sub(resources, kind)
            last = len(operands) - 1
            args = [self._operand(o, table if (i == last if kind == "/Pattern" else kind != "/Properties" or i == 1)
                                  else None) for i, o in enumerate(operands)]
            out.append(f"\n{' '.join(args)} {op}")
        return "".join(out)

    def _operand(self, o: Any, table: Any) -> str:
        if isinstance(o, pikepdf.Name) and table is not None:
            target = table.get(str(o))
            if target is not None:
                if isinstance(target, pikepdf.Stream) and target.get("/Subtype") == "/Form":
                    return self.form(target)
                return self.canon(target)
        if isinstance(o, pikepdf.PdfInlineImage):
            return "inline:" + hashlib.sha256(o.unparse()).hexdigest()
        return self.canon(o)

    def form(self, form: Any) -> str:
        """A Form XObject by what it draws (its fonts read as on a page)."""
        key = form.objgen if form.is_indirect else None
        if key is not None and key in self.digests:
            return self.digests[key]
        if key is not None:
            self.digests[key] = "@cycle"
        head = "<<" + " ".join(f"{k} {self.canon(v, 1)}" for k, v in sorted((str(k), v) for k, v in form.items())
                               if k not in ("/Resources", "/Length", "/Filter", "/DecodeParms")) + ">>"
        try:
            body = self.content(pikepdf.parse_content_stream(form), form.get("/Resources"))
        except Exception:  # not a parsable stream: its bytes
            body = hashlib.sha256(form.read_raw_bytes()).hexdigest()
        text = "form#" + hashlib.sha256((head + body).encode("utf-8", "surrogatepass")).hexdigest()
        if key is not None:
            self.digests[key] = text
        return text


def _sub(resources: Any, kind: str | None) -> Any:
    if kind is None or not isinstance(resources, pikepdf.Dictionary):
        return None
    table = resources.get(kind)
    return table if isinstance(table, pikepdf.Dictionary) else None
