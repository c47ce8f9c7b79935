"""The theme resolved once: :class:`~layout.load.schema.ThemeIn` (as
written) → :class:`~layout.model.styles.Theme` (typed, ready values).

Everything about the theme that can be wrong is found here, at load, with
the theme file's line and column: colour names, faces, the grid fitting the
page, the output profile existing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, InputError, os_problem, shown_value
from ..facts.icc import read_icc_header
from ..facts.printing import TOTAL_INK_LIMIT
from ..facts.units import MM
from ..limits import MAX_PROFILE_BYTES
from ..model.formats import ISSUE_FIELDS, PAGE_FIELDS, format_problem
from ..model.grid import Grid
from ..model.roles import ROLES, Loc, Role
from ..model.sheet import DEFAULT_PROFILE, ICC_DIR, OutputIntent, PreflightSpec, Sheet
from ..model.styles import (
    Blocks,
    BodySettings,
    Draft,
    HeadlineSettings,
    HorizontalMasthead,
    Jump,
    Masthead,
    PhotoSettings,
    Qr,
    Rules,
    RunningHead,
    TextStyle,
    Theme,
    Toc,
)
from .paths import MISSING, PathProblem, file_problem, resolve
from .schema import ThemeIn
from .source import Loc as SourceLoc
from .theme import ThemeSource

PAPER_MM = {
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
    "B4": (250.0, 353.0),
    "B5": (176.0, 250.0),
    "8K": (260.0, 368.0),
    "16K": (184.0, 260.0),
}

# colour-name fields that are not a text role's colour
_COLOR_FIELDS: list[Loc] = [
    ("running_head", "rule_color"), ("masthead", "band_color"), ("masthead", "strip_color"),
    ("qr", "ground_color"), ("toc", "heading_band_color"), ("toc", "frame_color"), ("toc", "ground_color"),
    ("rules", "color"), ("table", "rule_color"), ("box", "ground_color"), ("box", "frame_color"), ("draft", "color"),
]


# format strings of the theme and the fields each may use
_FORMAT_FIELDS: list[tuple[Loc, tuple[str, ...]]] = [
    *((("running_head", side), ISSUE_FIELDS) for side in ("left", "center", "right")),
    *((("masthead", key), ISSUE_FIELDS) for key in ("number_format", "serial_format", "date_format")),
    (("toc", "ref_format"), PAGE_FIELDS),
]


def _get(theme: ThemeIn, loc: Loc) -> Any:
    value: Any = theme
    for key in loc:
        value = getattr(value, key)
    return value


def _color_locs() -> list[Loc]:
    return list(dict.fromkeys([r.color for r in ROLES] + _COLOR_FIELDS))


def _face_locs() -> list[Loc]:
    return list(dict.fromkeys(r.font for r in ROLES))


def theme_errors(theme: ThemeIn, source: ThemeSource, font_keys: Iterable[str] | None) -> list[Diagnostic]:
    """Every problem of a schema-valid theme."""
    errors: list[Diagnostic] = []
    for loc in _color_locs():
        name = _get(theme, loc)
        if name not in theme.colors:
            errors.append(source.doc_for(loc).diag(loc, f"colour '{name}' is not defined; define it under 'colors:' or use one of {', '.join(theme.colors)}"))
    for name, cmyk in theme.colors.items():
        if sum(cmyk) > TOTAL_INK_LIMIT:
            errors.append(source.doc_for(("colors", name)).diag(("colors", name), f"colour '{name}' has {sum(cmyk):g}% total ink; the print limit is {TOTAL_INK_LIMIT:g}%"))
    columns = theme.grid.columns
    for loc, what in ((("title", "size_pt_by_columns"), "title size"), (("images", "columns_by_width"), "photo width")):
        if len(_get(theme, loc)) < columns:
            errors.append(source.doc_for(loc).diag(loc, f"give one {what} per column count (1…{columns})"))
    errors.extend(_format_errors(theme, source))
    if theme.masthead.columns >= columns:
        loc = ("masthead", "columns")
        errors.append(source.doc_for(loc).diag(loc, f"the masthead must leave columns for articles: at most {columns - 1}"))
    for loc, allowed in _FORMAT_FIELDS:
        problem = format_problem(_get(theme, loc), allowed)
        if problem is not None:
            errors.append(source.doc_for(loc).diag(loc, f"{loc[-1]} {problem}"))
    if font_keys is not None:
        keys = list(font_keys)
        faces: list[tuple[SourceLoc, str]] = [(loc, _get(theme, loc)) for loc in _face_locs()]
        if theme.body.latin_font is not None:
            faces.append((("body", "latin_font"), theme.body.latin_font))
        faces.extend((("fonts", "fallback", i), key) for i, key in enumerate(theme.fonts.fallback))
        for where, key in faces:
            if key not in keys:
                errors.append(source.doc_for(where).diag(where, f"no font '{key}'; the fonts are {', '.join(keys)}"))
    return errors


def _format_errors(theme: ThemeIn, source: ThemeSource) -> list[Diagnostic]:
    """The draft tag's format names only ``{lines}``."""
    loc = ("draft", "note_format")
    try:
        theme.draft.note_format.format(lines=12)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        return [source.doc_for(loc).diag(loc, f"'{theme.draft.note_format}' is not a format with only {{lines}} in it "
                                              f"({type(exc).__name__}: {exc}); write e.g. '超版 {{lines}} 行'")]
    return []


def resolve_theme(theme: ThemeIn, source: ThemeSource, font_keys: Iterable[str] | None = None) -> Theme:
    """The typed theme, or an :class:`InputError` with every problem."""
    errors = theme_errors(theme, source, font_keys)
    grid = sheet = None
    try:
        grid = make_grid(theme, source)
    except InputError as exc:
        errors.extend(exc.diagnostics)
    try:
        sheet = make_sheet(theme, source)
    except InputError as exc:
        errors.extend(exc.diagnostics)
    if errors or grid is None or sheet is None:
        raise InputError(errors)
    return Theme(
        text=_styles(theme),
        colors={name: tuple(cmyk) for name, cmyk in theme.colors.items()},  # type: ignore[misc]
        fallback=tuple(theme.fonts.fallback),
        grid=grid,
        sheet=sheet,
        body=BodySettings(
            indent_em=theme.body.indent_em,
            open_mark_full=theme.body.open_mark_at_line_start == "full",
            han_latin_space_em=theme.body.han_latin_space_em,
            latin_face=theme.body.latin_font,
            normalise_punctuation=theme.body.normalise_punctuation,
        ),
        headline=HeadlineSettings(theme.headline_space_lines, theme.headline_max_extra_lines, theme.subhead.space_before_lines,
                                  theme.justify_space_lines, theme.headline_beside_text, theme.headline_beside_min_lines),
        photos=PhotoSettings(
            min_lines=theme.images.min_lines,
            max_crop=theme.images.max_crop,
            max_height_share=theme.images.max_height_share,
            portrait_columns=theme.images.portrait_columns,
            panorama_ratio=theme.images.panorama_ratio,
            columns_by_width=tuple(theme.images.columns_by_width),
            credit_prefix=theme.caption.credit_prefix,
            ppi_warn=theme.images.ppi_warn,
            ppi_fail=theme.images.ppi_fail,
            ink_target=theme.images.ink_target_pct,
            max_ppi=theme.images.max_ppi,
            jpeg_quality=theme.images.jpeg_quality,
            proof_max_ppi=theme.images.proof_max_ppi,
        ),
        jump=Jump(theme.jump.to_format, theme.jump.from_format, theme.jump.min_lines, theme.jump.search_pages),
        running_head=RunningHead(
            left=theme.running_head.left,
            center=theme.running_head.center,
            right=theme.running_head.right,
            mirror=theme.running_head.mirror,
            rule_color=theme.running_head.rule_color,
            rule_pt=theme.running_head.rule_pt,
            rule_above_lines=theme.running_head.rule_above_lines,
            baseline_above_rule_em=theme.running_head.baseline_above_rule_em,
        ),
        masthead=_masthead(theme),
        qr=Qr(theme.qr.size_mm, theme.qr.quiet_zone_modules, theme.qr.error_correction, theme.qr.color, theme.qr.ground_color),
        toc=Toc(
            heading=theme.toc.heading,
            heading_band_color=theme.toc.heading_band_color,
            ref_format=theme.toc.ref_format,
            frame_color=theme.toc.frame_color,
            frame_pt=theme.toc.frame_pt,
            ground_color=theme.toc.ground_color,
            padding_em=theme.toc.padding_em,
            heading_lines=theme.toc.heading_lines,
            entry_rule_pt=theme.toc.entry_rule_pt,
            columns=theme.toc.columns,
        ),
        rules=Rules(theme.rules.article_pt, theme.rules.color, theme.grid.module_space_lines, theme.grid.column_rules,
                    theme.rules.column_rule_min_lines, theme.grid.empty_warn_lines),
        blocks=Blocks(theme.list.marker_em, theme.list.marker_gap_em, theme.list.bullet, theme.list.number_format,
                      theme.table.rule_color, theme.table.thick_pt, theme.table.thin_pt, theme.table.cell_gap_em,
                      theme.table.space_lines, theme.box.ground_color, theme.box.frame_color, theme.box.frame_pt,
                      theme.box.padding_em),
        draft=Draft(theme.draft.color, theme.draft.frame_pt, theme.draft.note_format, theme.draft.padding_pt),
    )


def _styles(theme: ThemeIn) -> dict[str, TextStyle]:
    fallback = tuple(theme.fonts.fallback)
    out: dict[str, TextStyle] = {}
    by_name = {r.name: r for r in ROLES}

    def sizes(role: Role) -> tuple[float, tuple[float, ...]]:
        if role.scales is not None:
            assert role.ratio is not None and role.step is not None
            ratio, step = _get(theme, role.ratio), _get(theme, role.step)
            _, base = sizes(by_name[role.scales])
            scaled = tuple(round(s * ratio / step) * step for s in base)
            return scaled[0], scaled
        assert role.size is not None
        value = _get(theme, role.size)
        if role.sizes_by_columns:
            return value[0], tuple(value)
        return value, ()

    for role in ROLES:
        size, by_columns = sizes(role)
        color = _get(theme, role.color)
        out[role.name] = TextStyle(
            role=role.name,
            face=_get(theme, role.font),
            fallback=fallback,
            size=size,
            color=color,
            cmyk=tuple(theme.colors[color]),  # type: ignore[arg-type]
            align=_get(theme, role.align) if role.align else "left",
            leading=_get(theme, role.leading) if role.leading else None,
            sizes=by_columns,
        )
    return out


def _masthead(theme: ThemeIn) -> Masthead:
    m = theme.masthead
    h = m.horizontal
    return Masthead(
        orientation=m.orientation,
        columns=m.columns,
        band_color=m.band_color,
        strip_color=m.strip_color,
        bleed=m.bleed,
        band_span=m.band_span,
        strip_articles=m.strip_articles,
        strip_open=m.strip_open,
        number_format=m.number_format,
        serial_format=m.serial_format,
        date_format=m.date_format,
        band_width_em=m.band_width_em,
        band_max_share=m.band_max_share,
        stack_below_em=m.stack_below_em,
        band_gap_em=m.band_gap_em,
        stacked_gap_lines=m.stacked_gap_lines,
        rule_pt=m.rule_pt,
        rule_space_lines=m.rule_space_lines,
        qr_gap_lines=m.qr_gap_lines,
        qr_gap_lines_stacked=m.qr_gap_lines_stacked,
        horizontal=HorizontalMasthead(**h.model_dump()),
    )


def make_grid(theme: ThemeIn, source: ThemeSource) -> Grid:
    page = theme.page
    if page.width_mm and page.height_mm:
        w_mm, h_mm = page.width_mm, page.height_mm
    else:
        w_mm, h_mm = PAPER_MM[page.size or "A3"]
    width, height = w_mm * MM, h_mm * MM
    em = theme.body.size_pt
    pitch = em * theme.body.line_pitch_em
    col_w = theme.grid.column_chars * em
    gutter = theme.grid.gutter_chars * em
    columns = theme.grid.columns
    grid_w = columns * col_w + (columns - 1) * gutter
    inside, outside = page.margin_inside_mm * MM, page.margin_outside_mm * MM
    room = width - inside - outside
    if grid_w > room + 0.01:
        loc = ("grid", "column_chars")
        raise InputError(source.doc_for(loc).diag(
            loc,
            f"the grid ({columns} columns × {theme.grid.column_chars} characters at {em:g} pt, gutters "
            f"{theme.grid.gutter_chars:g}) is {grid_w / MM:.1f} mm wide but the margins leave {room / MM:.1f} mm; "
            f"use fewer or narrower columns, or a smaller body size",
        ))
    spare = (room - grid_w) / 2
    # odd pages are right-hand pages: the inside margin is on the left
    left_odd = inside + spare
    left_even = outside + spare
    top = page.margin_top_mm * MM
    usable = height - top - page.margin_bottom_mm * MM
    lines = int(usable // pitch)
    if lines < 10:
        loc = ("page", "margin_top_mm")
        raise InputError(source.doc_for(loc).diag(loc, f"the page leaves room for only {lines} body lines; reduce the margins or the line pitch"))
    return Grid(width, height, em, pitch, columns, col_w, gutter, top, lines, left_odd, left_even, theme.grid.column_chars)


def find_profile(theme: ThemeIn, source: ThemeSource) -> Path | None:
    """The ICC output profile the theme names: built in (``layout/data/icc``)
    or a path beside the theme file that names it.  None when it names none."""
    name = theme.print.output_condition.profile
    if name is None:
        return None
    builtin = ICC_DIR / name
    if builtin.is_file():
        return builtin
    loc = ("print", "output_condition", "profile")
    doc = source.doc_for(loc)
    try:
        path = resolve(doc.path.parent / name)
    except PathProblem as exc:
        raise InputError(doc.diag(loc, f"output profile '{shown_value(name)}': {exc}")) from None
    problem = file_problem(path)
    if problem == MISSING:
        raise InputError(doc.diag(loc, f"output profile '{shown_value(name)}' not found (neither built in nor beside the theme)"))
    if problem is not None:
        raise InputError(doc.diag(loc, f"output profile '{shown_value(name)}': {problem}"))
    problem = profile_problem(path)
    if problem is not None:
        raise InputError(doc.diag(loc, f"output profile '{shown_value(name)}' {problem}"))
    return path


def profile_problem(path: Path) -> str | None:
    """What makes the file at ``path`` unfit as a CMYK output profile, or None."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_PROFILE_BYTES + 1)
    except OSError as exc:
        return f"cannot be read: {os_problem(exc)}"
    if not data:
        return "is an empty file; give an ICC profile of the printing condition (e.g. ISOcoated_v2_eci.icc)"
    if len(data) > MAX_PROFILE_BYTES:
        return f"is larger than {MAX_PROFILE_BYTES // 1_000_000} MB; an ICC output profile is a few MB at most"
    header = read_icc_header(data)
    if header is None or not header.signature_ok or header.size > len(data) or header.size < 128:
        return "is not an ICC profile (no valid ICC header); give the .icc file of the printing condition"
    if header.colour_space != "CMYK":
        return f"has the colour space {header.colour_space}; the print output needs a CMYK profile (e.g. ISOcoated_v2_eci.icc)"
    try:
        from PIL import ImageCms

        ImageCms.getOpenProfile(str(path))
    except (OSError, ImageCms.PyCMSError) as exc:
        return f"cannot be opened as an ICC profile ({shown_value(exc, 80)}); give a working .icc file"
    return None


def make_sheet(theme: ThemeIn, source: ThemeSource) -> Sheet:
    p = theme.print
    oc = p.output_condition
    profile = find_profile(theme, source)
    return Sheet(
        bleed_mm=p.bleed_mm,
        crop_marks=p.crop_marks,
        mark_offset_mm=p.mark_offset_mm,
        mark_length_mm=p.mark_length_mm,
        mark_pt=p.mark_pt,
        mark_slug_mm=p.mark_slug_mm,
        standard=p.standard,
        output=OutputIntent(oc.identifier, oc.condition, oc.registry, profile),
        photo_profile=profile or DEFAULT_PROFILE,
        page_multiple=p.page_multiple,
        page_label=p.page_label,
        blank_page_label=p.blank_page_label,
        preflight=PreflightSpec(p.standard, p.bleed_mm, theme.images.ppi_warn, theme.images.ppi_fail, p.page_multiple),
    )


def builtin_theme(name: str = "tabloid", font_keys: Iterable[str] | None = None) -> Theme:
    """A built-in theme, resolved (for tools and tests that need a theme
    without an issue)."""
    from .theme import THEME_DIR, load_theme

    theme, source = load_theme(name, THEME_DIR, Diagnostic(f"theme '{name}'", None, None, ""))
    return resolve_theme(theme, source, font_keys)
