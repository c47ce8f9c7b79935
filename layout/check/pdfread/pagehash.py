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
import marshal
import re
import struct
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
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
_READ_OPS = _TEXT_STATE | _USES_TEXT_STATE | set(_RESOURCE_OPS) | {"q", "Q", "scn", "SCN", "BDC", "DP"}
"""The operators whose operands the hash reads; the others (paths, colours,
matrices, text positioning, inline images …) are written as qpdf unparses
them, a run of them at a time."""
_NAMED_PROPERTIES = re.compile(rb"^\s*/\S+\s+/")  # BDC/DP whose properties are a resource name
_HEX_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_HEX_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def page_hashes(pdf_path: Path, *, keep: bool = True) -> list[str]:
    """SHA-256 of what each page of the PDF at ``pdf_path`` draws (see the
    module docstring).  ``keep=False``: the pages hashed afresh are written
    to the user's cache folder by the next :func:`flush`, not now (someone
    waits for the hashes)."""
    with pikepdf.open(pdf_path) as pdf:
        hasher = PageHasher()
        hashes = [hasher.page(page) for page in pdf.pages]
    if keep:
        flush()
    return hashes


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
        self._table: dict[int, str] | None = None
        self._two: _Characters | None = None

    def codes(self, data: bytes) -> Iterable[int]:
        if self.two_byte:  # two bytes a code, big-endian (an odd last byte is no code)
            return struct.unpack(f">{len(data) >> 1}H", data[: len(data) & ~1])
        return data

    def text(self, data: bytes, codes: Iterable[int] | None = None) -> str:
        """The characters ``data`` shows (``codes``: its :meth:`codes`, if
        the caller has them); a code without a character as ``\\hex;``."""
        if not self.two_byte:  # a byte a code: one translation table, applied by str.translate
            if self._table is None:
                chars = self.chars or {}
                self._table = {c: chars.get(c, f"\\{c:x};") for c in range(256)}
            return data.decode("latin-1").translate(self._table)
        if self._two is None:
            self._two = _Characters(self.chars or {})
        return "".join(map(self._two.__getitem__, self.codes(data) if codes is None else codes))


class _Characters(dict):
    """Code → characters, a code without any as ``\\hex;`` (kept once asked)."""

    def __missing__(self, code: int) -> str:
        text = self[code] = f"\\{code:x};"
        return text


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


@dataclass
class Plain:
    """A page's content stream as the hash read it, in plain values: each
    instruction's operator (``ops``, in order), and by an instruction's index
    the operands of its ``Tf`` (the font's resource name, the size as a
    float) and of its ``TJ`` (the array as a list of the strings' bytes and
    the numbers as floats)."""

    ops: list[str] = field(default_factory=list)
    operands: dict[int, list[Any]] = field(default_factory=dict)


@dataclass
class _Used:
    """What a content stream read of its resources: per font name the face
    (its stable name, two-byte codes, and the characters of the codes shown:
    None where the codes stand for themselves) and per resource name its
    digest."""

    fonts: dict[str, tuple[str | None, bool, dict[int, str | None] | None]] = field(default_factory=dict)
    codes: dict[str, set[int]] = field(default_factory=dict)
    resources: dict[tuple[str, str], str] = field(default_factory=dict)


MEMO_PAGES = 1024
"""Pages whose drawing is kept, in this process and in the user's cache
folder (Store ``pagehash``: a rebuild, ``layout watch``, ``verify`` hash the
same pages again), by their content streams' bytes."""
_MEMO: OrderedDict[str, tuple[str, _Used]] = OrderedDict()
_added: list[str] = []  # the pages hashed afresh since the memo was last written
_loaded: list[bool] = []


def _store_name() -> str:
    """The memo's entry: this hasher's code and pikepdf's version in its name."""
    code = hashlib.sha256(Path(__file__).read_bytes() + pikepdf.__version__.encode()).hexdigest()[:32]
    return f"pages-{code}"


def _kept() -> OrderedDict[str, tuple[str, _Used]]:
    """The memo, read from the user's cache folder on first use."""
    from ...usercache import Store

    if not _loaded and Store.user("pagehash") is not None:
        _loaded.append(True)
        for key, value in _read_store().items():
            _MEMO.setdefault(key, value)
    return _MEMO


def _read_store() -> dict[str, tuple[str, _Used]]:
    from ...usercache import Store

    store = Store.user("pagehash")
    blob = store.get(_store_name()) if store is not None else None
    if blob is None:
        return {}
    try:
        data = marshal.loads(blob)
        return {key: (digest, _Used(fonts, {}, resources)) for key, (digest, fonts, resources) in data.items()}
    except (EOFError, ValueError, TypeError, AttributeError):
        return {}


def flush() -> None:
    """Write the pages hashed afresh into the memo kept in the cache folder
    (merged with what another process wrote meanwhile)."""
    from ...usercache import Store

    if not _added:
        return
    store = Store.user("pagehash")
    if store is None:
        return
    merged = _read_store()
    for key in _added:
        if key in _MEMO:
            merged.pop(key, None)
            merged[key] = _MEMO[key]
    _added.clear()
    items = list(merged.items())[-MEMO_PAGES:]
    store.put(_store_name(), marshal.dumps({k: (d, u.fonts, u.resources) for k, (d, u) in items}))


class PageHasher:
    """Digests shared by the pages of one file (a resource is read once).
    After :meth:`page`, ``parsed`` holds the page's content stream as
    :func:`pikepdf.parse_content_stream` gave it, when the hash parsed it
    (None when the memo knew the stream), and ``plain`` what the hash read
    of it as plain values (:class:`Plain`).  The preflight reads the same
    instructions instead of parsing them again, and those values instead of
    asking pikepdf for them again."""

    def __init__(self) -> None:
        self.digests: dict[tuple[int, int], str] = {}
        self.fonts: dict[tuple[int, int], _Font] = {}
        self.parsed: Any = None
        self.plain: Plain | None = None

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
                if _stored_only(obj.get("/Filter")):
                    raise pikepdf.PdfError("not decoded")  # what read_bytes would raise, after copying the data
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
        self.parsed = self.plain = None
        digest = hashlib.sha256()
        pobj = page.obj
        digest.update(self._dict(pobj, 0, _PAGE_SKIP_KEYS).encode("utf-8", "surrogatepass"))
        resources = pobj.get("/Resources")
        if "/Contents" in pobj:
            digest.update(b"content " + self._page_content(page, resources).encode())
        annots = pobj.get("/Annots")
        if isinstance(annots, pikepdf.Array):
            for annot in annots:
                digest.update(("annot " + self.canon(annot)).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _page_content(self, page: pikepdf.Page, resources: Any) -> str:
        """The SHA-256 of :meth:`content` of a page; from the memo (this
        process's, or the one kept in the user's cache folder) when the same
        stream was read before and everything it used reads the same."""
        contents: Any = page.obj.get("/Contents")
        try:
            streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
            key = hashlib.sha256(b"\n".join(s.read_bytes() for s in streams)).hexdigest()[:40]
        except Exception:  # not streams, or undecodable: parsed below, or failing there
            key = None
        memo = _kept()
        found = memo.get(key) if key is not None else None
        if key is not None and found is not None and self._same(found[1], resources):
            memo.move_to_end(key)
            return found[0]
        used = _Used()
        self.parsed, self.plain = pikepdf.parse_content_stream(page), Plain()
        text = self.content(self.parsed, resources, used, self.plain)
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if key is not None:
            memo[key] = (digest, used)
            _added.append(key)
            if len(memo) > MEMO_PAGES:
                memo.popitem(last=False)
        return digest

    def _same(self, used: _Used, resources: Any) -> bool:
        """Whether ``resources`` give the names ``used`` recorded the same meaning."""
        fonts = _sub(resources, "/Font")
        for name, (face_name, two_byte, chars) in used.fonts.items():
            face = self.font(fonts.get(name)) if fonts is not None and name in fonts else None
            if face is None or face_name is None:
                if face is not None or face_name is not None:
                    return False
                continue
            if face.name != face_name or face.two_byte != two_byte or (face.chars is None) != (chars is None):
                return False
            if chars is not None and face.chars is not None:
                now = face.chars
                if any(now.get(c) != ch for c, ch in chars.items()):
                    return False
        return all(self._operand(pikepdf.Name(name), _sub(resources, kind)) == text
                   for (kind, name), text in used.resources.items())

    def content(self, instructions: Any, resources: Any, used: _Used | None = None,
                plain: Plain | None = None) -> str:
        """The drawing of one content stream, as text (see the module
        docstring); ``used`` records what of ``resources`` it read, ``plain``
        what it read of the instructions (:class:`Plain`)."""
        out: list[str] = []
        font_name = ""  # the resource name of ``face``
        codes: set[int] = set()  # the codes shown in it
        fonts = _sub(resources, "/Font")
        state: dict[str, str] = {}  # the text state as last set (Tf: face and size; TL, Tc, Tw, Tz, Ts, Tr)
        shown: dict[str, str] = {}  # the text state as last written out
        stack: list[tuple[dict[str, str], _Font | None, str]] = []
        face: _Font | None = None
        named: dict[str, _Font | None] = {}  # this stream's font names
        string = pikepdf.String
        unparse = pikepdf.unparse_content_stream
        run = 0  # where the operators written as qpdf unparses them begin (see below)
        for at, ins in enumerate(instructions):
            op = str(ins.operator)
            if plain is not None:
                plain.ops.append(op)
            if op not in _READ_OPS or (op in ("BDC", "DP") and not _NAMED_PROPERTIES.match(unparse([ins]))):
                continue  # an operator whose operands name nothing: written with its neighbours, below
            if run < at:  # the operators before this one, as one text (their operands never made Python objects)
                out.append("\n" + unparse(instructions[run:at]).decode("latin-1"))
            run = at + 1
            operands = ins.operands
            if op in _TEXT_STATE:
                if op == "Tf" and len(operands) == 2:
                    name = str(operands[0])
                    if name not in named:
                        named[name] = self.font(fonts.get(name)) if fonts is not None and name in fonts else None
                    face, font_name = named[name], name
                    if used is not None:
                        codes = used.codes.setdefault(name, set())
                        if name not in used.fonts:
                            used.fonts[name] = (face.name, face.two_byte, None) if face else (None, False, None)
                    size = float(operands[1])
                    state["Tf"] = f"{face.name if face else name} {size!r}"
                    if plain is not None:
                        plain.operands[at] = [name, size]
                else:
                    state[op] = " ".join(repr(float(o)) if type(o) in _PLAIN else str(o) for o in operands)
                continue
            if op in _USES_TEXT_STATE and state != shown:
                out.extend(f"\n{v} {k}\n" for k, v in sorted(state.items()) if shown.get(k) != v)
                shown = dict(state)
            if op in _SHOW_OPS:
                shown_items: list[bytes | float] | None = None
                if op == "TJ":
                    items = operands[0] if operands else ()
                    if plain is not None and len(operands) == 1 and isinstance(items, pikepdf.Array):
                        shown_items = []
                        plain.operands[at] = [shown_items]
                else:
                    if op != "Tj":
                        out.append(f"\n{' '.join(self._operand(o, None) for o in operands[:-1])} {op}\n")
                    items = operands[-1:]
                for item in items:
                    if isinstance(item, string):
                        data = bytes(item)
                        if shown_items is not None:
                            shown_items.append(data)
                        if face:
                            item_codes = face.codes(data)
                            out.append(face.text(data, item_codes))
                            codes.update(item_codes)
                        else:
                            out.append(data.hex())
                    else:
                        value = float(item)
                        if shown_items is not None:
                            shown_items.append(value)
                        out.append(f"\x1f{value!r}\x1f")
                continue
            if op == "q":
                stack.append((dict(state), face, font_name))
            elif op == "Q" and stack:
                state, face, font_name = stack.pop()
                if used is not None and font_name:
                    codes = used.codes.setdefault(font_name, set())
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
            if used is not None:
                for i, o in enumerate(operands):
                    if isinstance(o, pikepdf.Name) and (i == last if kind == "/Pattern" else kind != "/Properties" or i == 1):
                        used.resources[(kind, str(o))] = args[i]
            out.append(f"\n{' '.join(args)} {op}")
        if run < len(instructions):
            out.append("\n" + unparse(instructions[run:]).decode("latin-1"))
        if used is not None:
            for name, shown_codes in used.codes.items():
                face_name, two_byte, _ = used.fonts[name]
                face_obj = named.get(name)
                chars = face_obj.chars if face_name is not None and face_obj is not None else None
                if chars is not None:
                    used.fonts[name] = (face_name, two_byte, {c: chars.get(c) for c in shown_codes})
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


_NOT_DECODED = frozenset({"/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/DCT", "/CCF"})
"""Filters ``read_bytes`` (qpdf's generalized decoding) never decodes."""


def _stored_only(filters: Any) -> bool:
    """Whether a stream with ``filters`` is read as its stored bytes."""
    if isinstance(filters, pikepdf.Name):
        return str(filters) in _NOT_DECODED
    if isinstance(filters, pikepdf.Array):
        return any(isinstance(f, pikepdf.Name) and str(f) in _NOT_DECODED for f in filters)
    return False


def _sub(resources: Any, kind: str | None) -> Any:
    if kind is None or not isinstance(resources, pikepdf.Dictionary):
        return None
    table = resources.get(kind)
    return table if isinstance(table, pikepdf.Dictionary) else None
