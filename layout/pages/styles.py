"""Theme roles → composer settings: which face, size and rules each kind of
text is set with.  The only place that knows how the theme's text roles map
onto :class:`ParaSpec`."""

from __future__ import annotations

from dataclasses import dataclass

from ..document import TextBlock
from ..fonts.faces import FontSet
from ..load.theme import Theme
from ..text.compose import Line, ParaSpec, Run, Style, compose


@dataclass(frozen=True)
class Setter:
    theme: Theme
    fonts: FontSet

    @property
    def fallback(self) -> tuple[str, ...]:
        return tuple(self.theme.fonts.fallback)

    def spec(self, measure: float, size: float, *, indent: float = 0.0, justify: bool = True,
             align: str = "left", orphan: int = 2, phrase: bool = False) -> ParaSpec:
        body = self.theme.body
        return ParaSpec(
            measure=measure,
            em=size,
            indent=indent,
            justify=justify,
            align=align,
            open_mark_full=body.open_mark_at_line_start == "full",
            han_latin=body.han_latin_space_em,
            orphan_han=orphan,
            fallback=self.fallback,
            phrase=phrase,
            latin=body.latin_font,
        )

    # -- body text
    def paragraph(self, block: TextBlock, measure: float) -> list[Line]:
        body = self.theme.body
        runs = [Run(s.text, Style(body.bold_font if s.bold else body.font, body.size_pt)) for s in block.spans]
        return compose(runs, self.spec(measure, body.size_pt, indent=body.indent_em), self.fonts)

    def subhead(self, block: TextBlock, measure: float) -> list[Line]:
        sub = self.theme.subhead
        runs = [Run(s.text, Style(sub.font, sub.size_pt)) for s in block.spans]
        return compose(runs, self.spec(measure, sub.size_pt, justify=False, align=sub.align, phrase=True), self.fonts)

    # -- single-style text
    def text(self, text: str, face: str, size: float, measure: float, *, justify: bool = False,
             align: str = "left", orphan: int = 2, display: bool = True) -> list[Line]:
        """Single-style text.  All of it is display text (titles, kickers,
        subtitles, 导读 entries, captions, running heads …): it breaks between
        phrases, then between words, rather than inside a word."""
        spec = self.spec(measure, size, justify=justify, align=align, orphan=orphan, phrase=display)
        return compose([Run(text, Style(face, size))], spec, self.fonts)

    def width(self, text: str, face: str, size: float) -> float:
        """Natural width of a single line of text, pt."""
        lines = self.text(text, face, size, 1e6, display=False)
        return lines[0].width if lines else 0.0
