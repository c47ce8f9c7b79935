"""The project's fonts at run time: metrics for the composer, ReportLab
registration for the renderer, coverage for the glyph check (F1).

Faces are named by the keys of ``fonts/manifest.json`` (serif, serif-bold,
sans, sans-bold, kai).  Each file's SHA-256 is checked against the manifest
when it is first used, so an issue is never set with glyphs other than the
archived ones.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import weakref
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import overload

from ..digest import sha256_file
from ..errors import BuildError, Diagnostic, display_path

FONTS_DIR = Path(__file__).resolve().parents[2] / "fonts"
MANIFEST = "manifest.json"


def fonts_dir() -> Path:
    return Path(os.environ.get("LAYOUT_FONTS_DIR", FONTS_DIR))


@dataclass
class Face:
    """One font file: advance widths (per mille of the em) and ink extents."""

    key: str
    path: Path
    sha256: str
    family: str
    style: str
    version: str
    genre: str = ""  # song | hei | kai (fonts/manifest.json): the style of its Han characters
    _rl: object | None = field(default=None, repr=False)

    @property
    def bold(self) -> bool:
        return "bold" in self.style.lower()

    @property
    def rl_name(self) -> str:
        """The name the face is registered under in ReportLab (unique per file
        content, so two themes' faces never collide)."""
        return f"L-{self.key}-{self.sha256[:8]}"

    def reportlab(self):  # -> reportlab TTFont
        if self._rl is None:
            from reportlab.pdfbase import pdfmetrics

            from .rlprivate import registered_font

            # (pdfmetrics.getFont on an unknown name goes looking through
            # every Type 1 metrics file on the machine: ask the registry)
            font = registered_font(self.rl_name)
            if font is None:
                font = _read_ttfont(self)
                pdfmetrics.registerFont(font)
            self._rl = font
        return self._rl

    @cached_property
    def widths(self) -> dict[int, int]:
        return self.reportlab().face.charWidths

    def has(self, ch: str) -> bool:
        return ord(ch) in self.widths

    def advance(self, ch: str) -> float:
        """Advance width in em."""
        return self.widths.get(ord(ch), 1000) / 1000.0

    @cached_property
    def _glyf(self) -> tuple[FileBytes, int, list[int], dict[int, int], int]:
        """The file's bytes, where its glyf table starts, the glyphs'
        offsets in it, the cmap and the units per em — as ReportLab read them
        to register the face (no second parse of the file)."""
        rl = self.reportlab().face
        start, _length = rl.get_table_pos("glyf")
        return rl._ttf_data, start, rl.glyphPos, rl.charToGlyph, rl.unitsPerEm

    @cached_property
    def _inks(self) -> dict[str, tuple[float, float]]:
        return {}

    def ink(self, ch: str) -> tuple[float, float]:
        """Horizontal ink extent (xMin, xMax) of ``ch`` in em, from its glyph's
        bounding box (the glyf header); (0, advance) for a blank glyph or a
        character the cmap lacks (U+FFFF: the end marker of a format-4 cmap,
        never a character)."""
        if ch not in self._inks:
            data, start, offsets, cmap, upm = self._glyf
            code = ord(ch)
            gid = cmap.get(code) if code != 0xFFFF else None
            extent = (0.0, self.advance(ch))
            if gid is not None and offsets[gid + 1] > offsets[gid]:
                at = start + offsets[gid]
                contours, x_min, _y_min, x_max, _y_max = struct.unpack(">hhhhh", data[at : at + 10])
                if contours != 0:
                    extent = (x_min / upm, x_max / upm)
            self._inks[ch] = extent
        return self._inks[ch]


def _read_ttfont(face: Face):  # -> reportlab TTFont
    """ReportLab's font of ``face``.  What ReportLab reads from the file (a
    third of a second for the five faces of a build) is kept in the user's
    cache folder (Store ``fonts``, by the file's SHA-256 and ReportLab's and
    Python's versions): a later process builds the same face from it and
    the file's bytes, without parsing the file again."""
    import marshal
    import sys

    from reportlab import Version
    from reportlab.pdfbase.ttfonts import TTFontFace

    from ..usercache import Store
    from .rlprivate import face_from_state, face_state, lighten, tounicode_as_utf16, ttfont_of_face

    tounicode_as_utf16()

    store = Store.user("fonts")
    key = f"reportlab-{Version}-py{sys.version_info[0]}.{sys.version_info[1]}-{face.sha256[:40]}"
    blob = store.get(key) if store is not None else None
    data = FileBytes(face.path)
    ttf = None
    if blob is not None:
        try:
            ttf = face_from_state(marshal.loads(blob), data)
        except (EOFError, ValueError, TypeError, KeyError, AttributeError):
            ttf = None
    if ttf is None:
        ttf = _parse(face.path, data)
        if ttf is None:
            ttf = TTFontFace(str(face.path))
            lighten(ttf, data)
        if store is not None:
            with contextlib.suppress(ValueError):  # a value marshal cannot write: kept in this process only
                store.put(key, marshal.dumps(face_state(ttf)))
    return ttfont_of_face(face.rl_name, str(face.path), ttf)


def _parse(path: Path, data: FileBytes):  # -> reportlab TTFontFace | None
    """ReportLab's parse of the file, its character tables read by
    :mod:`layout.fonts.sfnt` (whole arrays, not a value at a time); None
    where that reader leaves them to ReportLab."""
    from .rlprivate import face_header, header_tables, set_char_info
    from .sfnt import Header, char_info

    ttf = face_header(str(path), data)
    info = char_info(data, Header(*header_tables(ttf)))
    if info is None:
        return None
    set_char_info(ttf, info)
    return ttf


class FileBytes:
    """A font file's bytes, read from the file where they are asked for
    (``os.pread``): indexing and slicing as ``bytes`` do, for ReportLab's
    parser and subsetter and the ink reader, with nothing of the file kept
    in memory.  ReportLab's subsetter takes a copy of the whole glyph table
    for each subset it makes: from a ``bytes`` copy of the file (or a map of
    it) the whole file would stay resident in every process that sets type;
    here each copy is freed when the subset is made.  Font files are
    replaced by a rename (tools/fonts.py), never rewritten in place, so the
    open file stays the one that was verified."""

    def __init__(self, path: Path):
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self._size = os.fstat(self._fd).st_size
        weakref.finalize(self, os.close, self._fd)  # closed with the object, or at exit

    def __len__(self) -> int:
        return self._size

    def _read(self, start: int, n: int) -> bytes:
        chunks: list[bytes] = []
        while n > 0:
            chunk = os.pread(self._fd, n, start)
            if not chunk:
                break
            chunks.append(chunk)
            start += len(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    @overload
    def __getitem__(self, key: int) -> int: ...

    @overload
    def __getitem__(self, key: slice) -> bytes: ...

    def __getitem__(self, key: int | slice) -> int | bytes:
        if isinstance(key, slice):
            start, stop, step = key.indices(self._size)
            if step != 1:
                return self._read(0, self._size)[key]
            return self._read(start, max(0, stop - start))
        i = key + self._size if key < 0 else key
        if not 0 <= i < self._size:
            raise IndexError("font file index out of range")
        return self._read(i, 1)[0]



class FontSet:
    """The faces of ``fonts/`` (or ``$LAYOUT_FONTS_DIR``), loaded lazily."""

    def __init__(self, directory: Path | None = None, verify: bool = True):
        self.dir = directory or fonts_dir()
        path = self.dir / MANIFEST
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BuildError(Diagnostic(display_path(path), None, None, "font manifest not found; run 'make fonts'")) from None
        self.manifest = manifest
        self.verify = verify
        self._faces: dict[str, Face] = {}
        self._entries = {entry["key"]: entry for entry in manifest["fonts"]}

    @property
    def keys(self) -> list[str]:
        return list(self._entries)

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def face(self, key: str) -> Face:
        face = self._faces.get(key)
        if face is None:
            entry = self._entries[key]
            path = self.dir / entry["file"]
            if not path.is_file():
                raise BuildError(Diagnostic(display_path(path), None, None, "font file missing; run 'make fonts'"))
            if self.verify:
                digest = sha256_file(path)
                if digest != entry["sha256"]:
                    raise BuildError(Diagnostic(display_path(path), None, None,
                                                f"font differs from fonts/manifest.json (sha256 {digest[:12]}…, expected {entry['sha256'][:12]}…); run 'make fonts' to rebuild it"))
            face = Face(key, path, entry["sha256"], entry.get("family", key), entry.get("style", ""),
                        entry.get("version", ""), entry.get("genre", ""))
            self._faces[key] = face
        return face

    def genre(self, key: str) -> str:
        return self._entries.get(key, {}).get("genre", "")

    def chain(self, key: str, fallback: tuple[str, ...] | list[str], han: bool = True) -> list[str]:
        """The faces tried for a character of text set in ``key``: the face
        itself, then faces of its genre (the theme's fallbacks first, then
        the others of the manifest, e.g. the rare-character Ming face), then
        the Song faces, then the rest.  For a Han character Kai is tried
        only in Kai text: never Kai inside Song or Hei text."""
        genre = self.genre(key)
        listed = [f for f in fallback if f in self._entries]
        rest = [f for f in self._entries if f not in listed]
        order = [key]
        for group in (
            [f for f in listed + rest if genre and self.genre(f) == genre],
            [f for f in listed + rest if self.genre(f) == "song"],
            listed,
        ):
            order.extend(f for f in group if f not in order)
        if han and genre and genre != "kai":
            order = [f for f in order if self.genre(f) != "kai"]
        return order

    def resolve(self, ch: str, chain: list[str]) -> Face | None:
        """The first face of ``chain`` that has ``ch``."""
        for key in chain:
            face = self.face(key)
            if face.has(ch):
                return face
        return None

    def used(self) -> list[Face]:
        return list(self._faces.values())
