"""F1: every character of the issue is checked against the font that will
draw it (its role's face, then the theme's fallbacks) before layout.  A
character no face has stops the build with its code point and place
(FILE:LINE:COL).  The texts and faces come from the roles table
(:data:`layout.model.roles.ROLES`), so a new kind of text is checked as
soon as it has a row there."""

from __future__ import annotations

from dataclasses import replace

from ..errors import Diagnostic, InputError
from ..facts.chars import is_han
from ..fonts.faces import FontSet
from ..model.document import Issue, Origin
from ..model.roles import ROLES
from ..model.styles import Theme


def _missing(text: str, origin: Origin | None, style_chain: tuple[str, ...], fonts: FontSet, file: str,
             seen: set[tuple[str, int, int, str]], out: list[Diagnostic]) -> None:
    # the chains the composer uses (text/prepare.py): a Han character never
    # comes from Kai inside Song or Hei text
    face_key, fallback = style_chain[0], style_chain[1:]
    chain = fonts.chain(face_key, fallback, han=False)
    han_chain = fonts.chain(face_key, fallback, han=True)
    primary = fonts.face(face_key)
    for i, ch in enumerate(text):
        if ch in " \t\n\u00a0" or primary.has(ch):
            continue
        han = is_han(ch)
        face = fonts.resolve(ch, han_chain if han else chain)
        if face is not None:
            if han:
                # a Han character from another face changes the style of the text: say so
                line, col = origin.locate(i) if origin else (None, None)
                key = (origin.file if origin else file, line or 0, col or 0, ch)
                if key not in seen:
                    seen.add(key)
                    bold = " with a synthetic bold" if primary.bold and not face.bold else ""
                    out.append(Diagnostic(key[0], line, col,
                                          f"character {ch} (U+{ord(ch):04X}) is not in {primary.family} {primary.style} ({chain[0]}); "
                                          f"set in {face.family} {face.style} ({face.key}){bold}", "warning"))
            continue
        line, col = origin.locate(i) if origin else (None, None)
        key = (origin.file if origin else file, line or 0, col or 0, ch)
        if key in seen:
            continue
        seen.add(key)
        others = ", ".join(chain[1:])
        also = f" nor its fallbacks ({others})" if others else ""
        out.append(Diagnostic(key[0], line, col,
                              f"character {ch} (U+{ord(ch):04X}) is not in font {primary.family} ({chain[0]}){also}; "
                              f"replace it, or add a font that has it to the theme"))


def check_coverage(issue: Issue, theme: Theme, fonts: FontSet) -> list[Diagnostic]:
    """Errors for characters no face has (raised); warnings for Han characters
    a role's face lacks but a fallback face has (returned)."""
    out: list[Diagnostic] = []
    seen: set[tuple[str, int, int, str]] = set()
    file = str(issue.path)
    for role in ROLES:
        chain = theme.style(role.name).chain
        for text, origin in role.texts(issue, theme):
            _missing(text, origin, chain, fonts, file, seen, out)
    out.sort(key=lambda d: (d.file, d.line or 0, d.col or 0))
    errors = [d for d in out if d.severity == "error"]
    if errors:
        raise InputError(errors)
    return _once_per_character([d for d in out if d.severity != "error"])


def _once_per_character(warnings: list[Diagnostic]) -> list[Diagnostic]:
    """One warning per character, face and file: at its first place, naming
    the lines of the others (a rare name in every paragraph is one warning)."""
    groups: dict[tuple[str, str], list[Diagnostic]] = {}
    for d in warnings:
        groups.setdefault((d.file, d.message), []).append(d)
    out = []
    for same in groups.values():
        first, rest = same[0], same[1:]
        if rest:
            lines = sorted({d.line for d in rest if d.line is not None} - {first.line})
            shown = ", ".join(map(str, lines[:8])) + (f" and {len(lines) - 8} more" if len(lines) > 8 else "")
            where = f"; also on line(s) {shown}" if lines else f"; {len(rest) + 1} times on this line"
            first = replace(first, message=first.message + where)
        out.append(first)
    return out


