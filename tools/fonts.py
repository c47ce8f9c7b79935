"""Build the project's fonts (``make fonts``) from Debian's packaged fonts.

A maintainer's tool, not part of the ``layout`` package: the runtime reads
``fonts/manifest.json`` through :mod:`layout.fonts.faces` only.

ReportLab embeds only TrueType-outline (``glyf``) fonts, and the Noto CJK
fonts that Debian ships are CFF collections (``.ttc``).  This module turns the
Simplified-Chinese face of each into a TrueType font and subsets LXGW WenKai
(already TrueType) the same way, writing the results to ``fonts/``:

* subset to :data:`BLOCKS` (Latin, punctuation, symbols, CJK Unified
  Ideographs, full-width forms);
* no hinting (nor ``gasp``) and no ``GSUB``/``GPOS``/``GDEF``/``BASE``/
  ``VORG``/``vhea``/``vmtx``: ReportLab does no shaping, the project composes
  lines itself;
* every ``name`` record kept, ``.notdef`` keeps its outline, ``post``
  format 3 (no glyph names);
* CFF outlines converted to quadratic ``glyf`` outlines with cu2qu
  (``max_err`` :data:`MAX_ERR` font units, contours reversed to TrueType
  direction), ``maxp`` 1.0, ``sfntVersion`` 0x00010000.

The build is deterministic: ``head.created``/``head.modified`` are the
upstream face's own values, so the same upstream files and the same fontTools
give byte-identical output.  ``fonts/manifest.json`` records the SHA-256 of
every upstream file and every output; archivists rebuilding a back issue rely
on it.

Usage::

    python -m tools.fonts                    # rebuild, verify against the manifest
    python -m tools.fonts --check            # only verify fonts/*.ttf (fast)
    python -m tools.fonts --update-manifest  # accept new outputs deliberately
    python -m tools.fonts --jobs 2           # build on two cores

Exit status: 0 on success, 1 when a check fails or a font cannot be built.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fontTools
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, TTLibError, newTable

from layout.digest import sha256_file
from layout.errors import BuildError, Diagnostic, display_path
from layout.fonts.faces import FONTS_DIR
from layout.fonts.faces import MANIFEST as MANIFEST_NAME

SCHEMA = 1
MAX_ERR = 2.0
REVERSE_DIRECTION = True
SIZE_LIMIT = 90_000_000
"""The whole of ``fonts/`` must stay below this many bytes (90 MB)."""

DROP_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "gasp")
"""Tables removed besides fontTools' defaults and the hinting tables."""


@dataclass(frozen=True)
class Block:
    """A range of code points kept in every font, with a name for the manifest."""

    name: str
    first: int
    last: int

    @property
    def label(self) -> str:
        return f"U+{self.first:04X}-U+{self.last:04X}"

    @property
    def codepoints(self) -> range:
        return range(self.first, self.last + 1)


BLOCKS: tuple[Block, ...] = (
    Block("basic_latin", 0x0020, 0x007E),
    Block("latin1_supplement", 0x00A0, 0x00FF),
    Block("general_punctuation", 0x2000, 0x206F),
    Block("letterlike_number_forms", 0x2100, 0x218F),
    Block("arrows", 0x2190, 0x21FF),
    Block("math_operators", 0x2200, 0x22FF),
    Block("enclosed_alphanumerics", 0x2460, 0x24FF),
    Block("box_drawing", 0x2500, 0x257F),
    Block("geometric_shapes", 0x25A0, 0x25FF),
    Block("misc_symbols", 0x2600, 0x26FF),
    Block("supplemental_punctuation", 0x2E00, 0x2E7F),
    Block("cjk_symbols_punctuation", 0x3000, 0x303F),
    Block("kana", 0x3040, 0x30FF),
    Block("enclosed_cjk", 0x3200, 0x32FF),
    Block("cjk_ext_a", 0x3400, 0x4DBF),
    Block("cjk_unified", 0x4E00, 0x9FFF),
    Block("cjk_compat_forms", 0xFE30, 0xFE4F),
    Block("halfwidth_fullwidth", 0xFF00, 0xFFEF),
)
CJK_UNIFIED = next(b for b in BLOCKS if b.name == "cjk_unified")
CJK_EXT_A = next(b for b in BLOCKS if b.name == "cjk_ext_a")

SUPPLEMENTARY: tuple[Block, ...] = (
    Block("cjk_ext_b", 0x20000, 0x2A6DF),
    Block("cjk_ext_c", 0x2A700, 0x2B73F),
    Block("cjk_ext_d", 0x2B740, 0x2B81F),
    Block("cjk_ext_e", 0x2B820, 0x2CEAF),
    Block("cjk_ext_f", 0x2CEB0, 0x2EBEF),
)
"""Ranges only counted in the manifest's coverage (the subset keeps none of
them: the rare-character fallback, shipped whole, covers them)."""


@dataclass(frozen=True)
class FontSpec:
    """One output font and where it comes from."""

    key: str
    file: str
    upstream: Path
    face: str
    """Typographic family of the upstream face (picks the face of a collection)."""
    style: str
    debian_package: str
    genre: str = ""
    """The style of its Han characters: song (Song/Ming), hei or kai.  A
    character a face lacks is taken from a face of the same genre."""
    rare: bool = False
    """The rare-character fallback: it covers the supplementary planes, not
    the BMP, so the manifest lists no missing URO characters for it."""
    verbatim: bool = False
    """Ship the upstream file unmodified (its licence reserves the font name
    for unmodified versions: LXGW WenKai's and Hanazono's Reserved Font Names)."""


NOTO = Path("/usr/share/fonts/opentype/noto")
LXGW = Path("/usr/share/fonts/truetype/lxgw-wenkai")
HANAZONO = Path("/usr/share/fonts/truetype/hanazono")

FONTS: tuple[FontSpec, ...] = (
    FontSpec("serif", "NotoSerifCJKsc-Regular.ttf", NOTO / "NotoSerifCJK-Regular.ttc",
             "Noto Serif CJK SC", "Regular", "fonts-noto-cjk", genre="song"),
    FontSpec("serif-bold", "NotoSerifCJKsc-Bold.ttf", NOTO / "NotoSerifCJK-Bold.ttc",
             "Noto Serif CJK SC", "Bold", "fonts-noto-cjk", genre="song"),
    FontSpec("sans", "NotoSansCJKsc-Regular.ttf", NOTO / "NotoSansCJK-Regular.ttc",
             "Noto Sans CJK SC", "Regular", "fonts-noto-cjk", genre="hei"),
    FontSpec("sans-bold", "NotoSansCJKsc-Bold.ttf", NOTO / "NotoSansCJK-Bold.ttc",
             "Noto Sans CJK SC", "Bold", "fonts-noto-cjk", genre="hei"),
    FontSpec("kai", "LXGWWenKai-Regular.ttf", LXGW / "LXGWWenKai-Regular.ttf",
             "LXGW WenKai", "Regular", "fonts-lxgw-wenkai", genre="kai", verbatim=True),
    # the rare-character fallback: a Ming face with CJK Ext-B to Ext-F
    FontSpec("hanamin", "HanaMinB.ttf", HANAZONO / "HanaMinB.ttf",
             "HanaMinB", "Regular", "fonts-hanazono", genre="song", rare=True, verbatim=True),
)


# --------------------------------------------------------------------------
# Small helpers


def fail(path: Path | str, message: str, severity: str = "error") -> Diagnostic:
    return Diagnostic(display_path(path), message=message, severity=severity)


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def family_and_style(font: TTFont) -> tuple[str, str]:
    """Typographic family and style (name IDs 16/17, else 1/2)."""
    name = font["name"]
    family = name.getDebugName(16) or name.getDebugName(1) or ""
    style = name.getDebugName(17) or name.getDebugName(2) or ""
    return family, style


def all_unicodes() -> list[int]:
    return [cp for block in BLOCKS for cp in block.codepoints]


# --------------------------------------------------------------------------
# Upstream files


def debian_version(package: str) -> str:
    """The installed version of a Debian package, as dpkg-query reports it."""
    try:
        proc = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package],
            capture_output=True, text=True, check=False,
        )
    except FileNotFoundError:
        raise BuildError(fail(package, "dpkg-query not found: the fonts are built from "
                                       "Debian packages, build on Debian")) from None
    if proc.returncode != 0 or not proc.stdout.strip():
        raise BuildError(fail(package, f"Debian package {package} is not installed: "
                                       f"install it (apt-get install {package})"))
    return proc.stdout.strip()


def missing_upstream(spec: FontSpec) -> Diagnostic | None:
    if spec.upstream.is_file():
        return None
    return fail(spec.upstream, f"upstream font for '{spec.key}' not found: install Debian "
                               f"package {spec.debian_package} "
                               f"(apt-get install {spec.debian_package})")


def is_collection(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"ttcf"


def face_index(spec: FontSpec) -> int | None:
    """Index of the face named ``spec.face`` in a collection; ``None`` for a plain font.

    Raises :class:`BuildError` when the file has no such face or the face
    has another style than expected.
    """
    try:
        collection_file = is_collection(spec.upstream)
        if collection_file:
            collection = TTCollection(str(spec.upstream), lazy=True)
            faces = [family_and_style(f) for f in collection.fonts]
            collection.close()
        else:
            with TTFont(str(spec.upstream), lazy=True) as font:
                faces = [family_and_style(font)]
    except (TTLibError, OSError) as exc:
        raise BuildError(fail(spec.upstream, f"cannot read font: {exc}")) from None
    hits = [i for i, (family, _) in enumerate(faces) if family == spec.face]
    if len(hits) != 1:
        found = ", ".join(sorted({family for family, _ in faces}))
        what = "no face" if not hits else f"{len(hits)} faces"
        raise BuildError(fail(spec.upstream, f"{what} named '{spec.face}' (found: {found})"))
    style = faces[hits[0]][1]
    if style != spec.style:
        raise BuildError(fail(spec.upstream, f"face '{spec.face}' has style '{style}', "
                                             f"expected '{spec.style}'"))
    return hits[0] if collection_file else None


@dataclass(frozen=True)
class Upstream:
    """What the manifest records about an upstream file."""

    spec: FontSpec
    index: int | None
    sha256: str
    debian_version: str
    version: str

    def record(self) -> dict[str, str]:
        return {
            "debian_package": self.spec.debian_package,
            "debian_version": self.debian_version,
            "path": str(self.spec.upstream),
            "face": self.spec.face,
            "sha256": self.sha256,
            "version": self.version,
        }


def inspect_upstream(spec: FontSpec) -> Upstream:
    index = face_index(spec)
    with TTFont(str(spec.upstream), fontNumber=-1 if index is None else index, lazy=True) as font:
        version = font["name"].getDebugName(5) or ""
    return Upstream(spec, index, sha256_file(spec.upstream),
                    debian_version(spec.debian_package), version)


def inspect_upstreams(specs: Sequence[FontSpec]) -> list[Upstream]:
    missing = [d for d in map(missing_upstream, specs) if d is not None]
    if missing:
        raise BuildError(missing)
    return [inspect_upstream(spec) for spec in specs]


# --------------------------------------------------------------------------
# The recipe


def subset_options() -> subset.Options:
    options = subset.Options()
    options.drop_tables = sorted(set(options.drop_tables) | set(DROP_TABLES))
    options.hinting = False
    options.layout_closure = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_glyph = True
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False
    return options


def quadratic_glyphs(font: TTFont) -> dict[str, Any]:
    """Every glyph of a CFF font drawn as a quadratic TrueType glyph."""
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in font.getGlyphOrder():
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=REVERSE_DIRECTION))
        glyphs[name] = pen.glyph()
    return glyphs


def cff_to_glyf(font: TTFont) -> None:
    """Replace the CFF outlines of ``font`` with TrueType ones, in place."""
    order = font.getGlyphOrder()
    glyphs = quadratic_glyphs(font)  # before adding glyf: the glyph set reads CFF
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    hmtx = font["hmtx"]
    for name in order:
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        if glyph.numberOfContours:
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    font["maxp"] = maxp_v1(font["maxp"].numGlyphs)
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def maxp_v1(num_glyphs: int) -> Any:
    """A version 1.0 ``maxp``; the glyph statistics are recomputed on save."""
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = num_glyphs
    for field in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
                  "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    return maxp


def no_glyph_names(font: TTFont) -> None:
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}


def build_font(upstream: Path, index: int | None, out: Path, verbatim: bool = False) -> None:
    """Build one font from ``upstream`` (face ``index`` of a collection) to ``out``;
    a ``verbatim`` font is copied byte for byte."""
    if verbatim:
        shutil.copyfile(upstream, out)
        return
    font = TTFont(str(upstream), fontNumber=-1 if index is None else index,
                  recalcBBoxes=True, recalcTimestamp=False)
    head = font["head"]
    created, modified = head.created, head.modified
    subsetter = subset.Subsetter(subset_options())
    subsetter.populate(unicodes=all_unicodes())
    subsetter.subset(font)
    if "CFF " in font:
        cff_to_glyf(font)
    no_glyph_names(font)
    head.created, head.modified = created, modified
    font.save(str(out), reorderTables=True)
    font.close()


# --------------------------------------------------------------------------
# Manifest


def recipe() -> dict[str, Any]:
    return {
        "fonttools": fontTools.version,
        "max_err": MAX_ERR,
        "reverse_direction": REVERSE_DIRECTION,
        "drop_tables": sorted(DROP_TABLES),
        "ranges": [block.label for block in BLOCKS],
    }


def coverage(cmap: dict[int, str]) -> tuple[dict[str, str], list[str]]:
    """Covered/total code points per block, and the CJK Unified ideographs missing."""
    counts = {
        block.name: f"{sum(cp in cmap for cp in block.codepoints)}/{len(block.codepoints)}"
        for block in (*BLOCKS, *SUPPLEMENTARY)
    }
    missing = [f"U+{cp:04X}" for cp in CJK_UNIFIED.codepoints if cp not in cmap]
    return counts, missing


def font_record(spec: FontSpec, path: Path, upstream: Upstream) -> dict[str, Any]:
    """The manifest entry of a built font."""
    with TTFont(str(path), lazy=True) as font:
        family, style = family_and_style(font)
        cmap = font.getBestCmap()
        counts, missing = coverage(cmap)
        record = {
            "key": spec.key,
            "file": spec.file,
            "sha256": sha256_file(path),
            "size": path.stat().st_size,
            "family": family,
            "style": style,
            "genre": spec.genre,
            "version": font["name"].getDebugName(5) or "",
            "upstream": upstream.record(),
            "glyphs": font["maxp"].numGlyphs,
            "coverage": counts,
            "missing_cjk_unified": missing,
        }
        if spec.rare:
            del record["missing_cjk_unified"]
            record["rare_fallback"] = True
        return record


def manifest_text(records: Iterable[dict[str, Any]]) -> str:
    data = {"schema": SCHEMA, "recipe": recipe(), "fonts": list(records)}
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def read_manifest(fonts_dir: Path) -> dict[str, Any] | None:
    path = fonts_dir / MANIFEST_NAME
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildError(fail(path, f"cannot read the manifest: {exc}")) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(
            data.get("fonts"), list):
        raise BuildError(fail(path, f"not a schema {SCHEMA} font manifest"))
    return data


def recorded(manifest: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The manifest's font entries by file name."""
    if manifest is None:
        return {}
    return {entry["file"]: entry for entry in manifest["fonts"] if "file" in entry}


def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# --------------------------------------------------------------------------
# Checks


def upstream_mismatches(upstreams: Sequence[Upstream],
                        manifest: dict[str, Any] | None) -> list[Diagnostic]:
    """Upstream files whose SHA-256 differs from the one the manifest recorded."""
    entries = recorded(manifest)
    problems = []
    for up in upstreams:
        old = entries.get(up.spec.file, {}).get("upstream", {})
        if old.get("sha256") and old["sha256"] != up.sha256:
            problems.append(fail(up.spec.upstream, (
                f"SHA-256 {up.sha256} differs from {old['sha256']} recorded in the manifest "
                f"(built from {old.get('debian_package', up.spec.debian_package)} "
                f"{old.get('debian_version', '?')}; installed: {up.debian_version}): "
                f"the glyphs of {up.spec.file} would differ from the archived issues")))
    return problems


def recipe_note(manifest: dict[str, Any] | None) -> str:
    """Why outputs may differ: the recorded recipe against this one."""
    if manifest is None:
        return ""
    old, new = manifest.get("recipe", {}), recipe()
    changed = [f"{k}: {old.get(k)!r} -> {new[k]!r}" for k in new if old.get(k) != new[k]]
    return ("; recipe changed since the manifest was written (" + "; ".join(changed) + ")"
            if changed else "")


def check_size(fonts_dir: Path, replaced: dict[str, int] | None = None) -> list[Diagnostic]:
    """The size of ``fonts_dir`` (with files about to be replaced counted at their new size)."""
    replaced = replaced or {}
    sizes = {p.name: p.stat().st_size for p in fonts_dir.iterdir()
             if p.is_file() and not p.name.endswith(".tmp")}
    sizes.update(replaced)
    total = sum(sizes.values())
    if total >= SIZE_LIMIT:
        return [fail(fonts_dir, f"{megabytes(total)} in total, the limit is "
                                f"{megabytes(SIZE_LIMIT)}")]
    return []


def check(fonts_dir: Path) -> int:
    """Verify ``fonts_dir/*.ttf`` against the manifest without building."""
    manifest = read_manifest(fonts_dir)
    if manifest is None:
        raise BuildError(fail(fonts_dir / MANIFEST_NAME,
                              "no manifest: build the fonts first (make fonts)"))
    entries = recorded(manifest)
    problems: list[Diagnostic] = []
    for name, entry in entries.items():
        path = fonts_dir / name
        if not path.is_file():
            problems.append(fail(path, "missing: rebuild it with make fonts"))
            continue
        digest = sha256_file(path)
        if digest != entry.get("sha256"):
            problems.append(fail(path, f"SHA-256 {digest} differs from {entry.get('sha256')} "
                                       f"recorded in the manifest"))
        else:
            print(f"ok  {name}  {digest}")
    for path in sorted(fonts_dir.glob("*.ttf")):
        if path.name not in entries:
            problems.append(fail(path, "not listed in the manifest"))
    problems += check_size(fonts_dir)
    if problems:
        raise BuildError(problems)
    return 0


# --------------------------------------------------------------------------
# Building


@dataclass(frozen=True)
class Built:
    upstream: Upstream
    tmp: Path
    seconds: float


def build_job(upstream_path: str, index: int | None, tmp: str, verbatim: bool = False) -> float:
    """Worker entry point: build one font to ``tmp``; returns the seconds taken."""
    start = time.perf_counter()
    build_font(Path(upstream_path), index, Path(tmp), verbatim)
    return time.perf_counter() - start


def temp_path(fonts_dir: Path, spec: FontSpec) -> Path:
    return fonts_dir / f".{spec.file}.{os.getpid()}.tmp"


def build_all(upstreams: Sequence[Upstream], fonts_dir: Path, jobs: int) -> list[Built]:
    """Build every font to a temporary file in ``fonts_dir``, ``jobs`` at a time."""
    # Largest upstream first, so that two workers finish at about the same time.
    order = sorted(upstreams, key=lambda up: -up.spec.upstream.stat().st_size)
    tmps = {up.spec.key: temp_path(fonts_dir, up.spec) for up in upstreams}
    args = [(str(up.spec.upstream), up.index, str(tmps[up.spec.key]), up.spec.verbatim) for up in order]
    if jobs <= 1:
        seconds = [build_job(*a) for a in args]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(build_job, *a) for a in args]
            seconds = [f.result() for f in futures]
    by_key = {up.spec.key: Built(up, tmps[up.spec.key], s)
              for up, s in zip(order, seconds, strict=True)}
    return [by_key[up.spec.key] for up in upstreams]


def output_mismatches(records: Sequence[dict[str, Any]],
                      manifest: dict[str, Any] | None) -> list[str]:
    entries = recorded(manifest)
    return [r["file"] for r in records
            if r["sha256"] != entries.get(r["file"], {}).get("sha256")]


def build(fonts_dir: Path, jobs: int, update_manifest: bool) -> int:
    """Rebuild every font; verify (or, on first build / when asked, write) the manifest."""
    fonts_dir.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(fonts_dir)
    upstreams = inspect_upstreams(FONTS)
    changed_upstream = upstream_mismatches(upstreams, manifest)
    if changed_upstream and not update_manifest:
        raise BuildError([*changed_upstream, fail(
            fonts_dir / MANIFEST_NAME,
            "to accept the new upstream files deliberately (new fonts for future "
            "issues), rerun with --update-manifest", "note")])
    for problem in changed_upstream:
        note(f"warning (accepted by --update-manifest): {problem}")
    start = time.perf_counter()
    built: list[Built] = []
    try:
        built = build_all(upstreams, fonts_dir, jobs)
        for b in built:
            note(f"built {b.upstream.spec.file} in {b.seconds:.1f} s")
        records = [font_record(b.upstream.spec, b.tmp, b.upstream) for b in built]
        return settle(fonts_dir, manifest, built, records, update_manifest,
                      time.perf_counter() - start)
    finally:
        for b in built:
            b.tmp.unlink(missing_ok=True)
        for up in upstreams:
            temp_path(fonts_dir, up.spec).unlink(missing_ok=True)


def install(tmp: Path, target: Path, digest: str) -> None:
    """Move ``tmp`` to ``target``, unless ``target`` already has these bytes (keeps its mtime)."""
    if target.is_file() and sha256_file(target) == digest:
        tmp.unlink()
    else:
        os.replace(tmp, target)


def settle(fonts_dir: Path, manifest: dict[str, Any] | None, built: Sequence[Built],
           records: Sequence[dict[str, Any]], update_manifest: bool, seconds: float) -> int:
    """Move the built fonts into place, or report how they differ from the manifest."""
    write_manifest = manifest is None or update_manifest
    differing = [] if write_manifest else output_mismatches(records, manifest)
    size_problems = check_size(fonts_dir, {r["file"]: r["size"] for r in records})
    if size_problems:
        raise BuildError(size_problems)
    for b, record in zip(built, records, strict=True):
        if record["file"] not in differing:
            install(b.tmp, fonts_dir / record["file"], record["sha256"])
    for record in records:
        print(f"{record['sha256']}  {record['file']}  {megabytes(record['size'])}  "
              f"{record['glyphs']} glyphs  CJK {record['coverage'][CJK_UNIFIED.name]}")
    if write_manifest:
        write_atomically(fonts_dir / MANIFEST_NAME, manifest_text(records))
        note(f"wrote {display_path(fonts_dir / MANIFEST_NAME)} ({seconds:.0f} s)")
        return 0
    if differing:
        entries = recorded(manifest)
        new = {r["file"]: r["sha256"] for r in records}
        raise BuildError([fail(fonts_dir / name, (
            f"rebuilt font has SHA-256 {new[name]}, the manifest records "
            f"{entries.get(name, {}).get('sha256')}; the committed file was left as it "
            f"was{recipe_note(manifest)}. Rerun with --update-manifest to accept the new "
            f"build deliberately")) for name in differing])
    note(f"all {len(records)} fonts match {display_path(fonts_dir / MANIFEST_NAME)} "
         f"({seconds:.0f} s)")
    return 0


# --------------------------------------------------------------------------
# Command line


def default_jobs() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, len(FONTS)))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tools.fonts",
        description="Build the project's TrueType fonts into fonts/ and verify them "
                    "against fonts/manifest.json.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="do not build; verify fonts/*.ttf against the manifest")
    mode.add_argument("--update-manifest", action="store_true",
                      help="accept new upstream files and new outputs, rewriting the manifest")
    parser.add_argument("--jobs", "-j", type=int, default=default_jobs(), metavar="N",
                        help="build N fonts at a time (default: %(default)s)")
    parser.add_argument("--fonts-dir", type=Path, default=FONTS_DIR, metavar="DIR",
                        help="where the fonts and manifest.json live (default: fonts/ of "
                             "the repository)")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.check:
            return check(args.fonts_dir)
        return build(args.fonts_dir, args.jobs, args.update_manifest)
    except BuildError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
