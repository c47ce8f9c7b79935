"""F1: every character of the issue is checked against the font that will
draw it (its role's face, then the theme's fallbacks) before layout.  A
character no face has stops the build with its code point and place."""

from __future__ import annotations

from ..document import Issue, Origin
from ..errors import Diagnostic, InputError
from ..fonts.faces import FontSet
from ..load.theme import Theme
from ..pages.front import fill_format


def _missing(text: str, origin: Origin | None, chain: list[str], fonts: FontSet, file: str,
             seen: set[tuple[str, int, int, str]], out: list[Diagnostic]) -> None:
    primary = fonts.face(chain[0])
    han_chain: list[str] | None = None
    for i, ch in enumerate(text):
        if ch in " \t\n\u00a0" or primary.has(ch):
            continue
        ideograph = _is_ideograph(ch)
        if ideograph and han_chain is None:
            # the chain the composer uses for a Han character (no Kai in Song or Hei text)
            han_chain = fonts.chain(chain[0], chain[1:], han=True)
        face = fonts.resolve(ch, han_chain if ideograph and han_chain else chain)
        if face is not None:
            if ideograph:
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
    fb = list(theme.fonts.fallback)

    def chain(face: str) -> list[str]:
        return fonts.chain(face, fb, han=False)

    out: list[Diagnostic] = []
    seen: set[tuple[str, int, int, str]] = set()
    file = str(issue.path)
    pub = issue.publication
    m = theme.masthead
    _missing(pub.title.value, pub.title.origin, chain(m.title_font), fonts, file, seen, out)
    _missing(pub.title.value, pub.title.origin, chain(theme.running_head.font), fonts, file, seen, out)
    _missing(pub.publisher.value, pub.publisher.origin, chain(m.publisher_font), fonts, file, seen, out)
    if pub.wechat:
        for line in pub.wechat.lines:
            _missing(line.value, line.origin, chain(theme.qr.caption_font), fonts, file, seen, out)
    for fmt in (m.number_format, m.serial_format, m.date_format):
        _missing(fill_format(fmt, issue), None, chain(m.info_font), fonts, file, seen, out)
    for fmt in (theme.running_head.left, theme.running_head.center, theme.running_head.right):
        _missing(fill_format(fmt, issue, 8), None, chain(theme.running_head.font), fonts, file, seen, out)
    _missing(theme.toc.heading, None, chain(theme.toc.heading_font), fonts, file, seen, out)
    for a in issue.articles:
        _missing(a.title.value, a.title.origin, chain(theme.title.font), fonts, file, seen, out)
        for text, face in ((a.kicker, theme.kicker.font), (a.subtitle, theme.subtitle.font),
                           (a.byline, theme.byline.font), (a.toc, theme.toc.entry_font)):
            if text is not None:
                _missing(text.value, text.origin, chain(face), fonts, file, seen, out)
        for block in a.body:
            if block.kind == "subhead":
                _missing(block.text, block.origin, chain(theme.subhead.font), fonts, file, seen, out)
                continue
            offset = 0
            for span in block.spans:
                face = theme.body.bold_font if span.bold else theme.body.font
                _missing(span.text, _Shifted(block.origin, offset), chain(face), fonts, file, seen, out)  # type: ignore[arg-type]
                offset += len(span.text)
        for img in a.images:
            for text in (img.caption, img.credit):
                if text is not None:
                    _missing(text.value, text.origin, chain(theme.caption.font), fonts, file, seen, out)
    out.sort(key=lambda d: (d.file, d.line or 0, d.col or 0))
    errors = [d for d in out if d.severity == "error"]
    if errors:
        raise InputError(errors)
    return [d for d in out if d.severity != "error"]


def _is_ideograph(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0x20000 <= o <= 0x3FFFF or 0xF900 <= o <= 0xFAFF


class _Shifted:
    """An origin seen from ``offset`` characters into the text."""

    def __init__(self, origin: Origin, offset: int):
        self.origin = origin
        self.offset = offset
        self.file = origin.file

    def locate(self, i: int) -> tuple[int, int]:
        return self.origin.locate(i + self.offset)
