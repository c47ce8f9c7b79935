"""Text styles → composer settings: the only place that knows how a
:class:`~layout.model.styles.TextStyle` and the theme's body settings map
onto :class:`ParaSpec`."""

from __future__ import annotations

from dataclasses import dataclass

from ..fonts.faces import FontSet
from ..model.document import TextBlock
from ..model.styles import TextStyle, Theme
from ..text.compose import Line, ParaSpec, Run, Style
from ..text.memo import compose


@dataclass(frozen=True)
class Setter:
    theme: Theme
    fonts: FontSet

    def spec(self, measure: float, size: float, *, indent: float = 0.0, justify: bool = True,
             align: str = "left", orphan: int = 2, phrase: bool = False) -> ParaSpec:
        body = self.theme.body
        return ParaSpec(
            measure=measure,
            em=size,
            indent=indent,
            justify=justify,
            align=align,
            open_mark_full=body.open_mark_full,
            han_latin=body.han_latin_space_em,
            orphan_han=orphan,
            fallback=self.theme.fallback,
            phrase=phrase,
            latin=body.latin_face,
        )

    # -- body text
    def paragraph(self, block: TextBlock, measure: float) -> list[Line]:
        regular, bold = self.theme.style("body"), self.theme.style("body_bold")
        runs = [Run(s.text, Style((bold if s.bold else regular).face, regular.size)) for s in block.spans]
        return compose(runs, self.spec(measure, regular.size, indent=self.theme.body.indent_em), self.fonts)

    def subhead(self, block: TextBlock, measure: float) -> list[Line]:
        sub = self.theme.style("subhead")
        runs = [Run(s.text, Style(sub.face, sub.size)) for s in block.spans]
        return compose(runs, self.spec(measure, sub.size, justify=False, align=sub.align, phrase=True), self.fonts)

    # -- single-style text
    def text(self, text: str, style: TextStyle, measure: float, *, size: float | None = None, justify: bool = False,
             align: str | None = None, orphan: int = 2) -> list[Line]:
        """Single-style text in ``style`` (at ``size`` when given: headline
        roles are sized by the article's width).  Unjustified text is display
        text (titles, furniture) and prefers breaks between phrases."""
        size = style.size if size is None else size
        spec = self.spec(measure, size, justify=justify, align=align or style.align, orphan=orphan, phrase=not justify)
        return compose([Run(text, Style(style.face, size))], spec, self.fonts)

    def width(self, text: str, style: TextStyle, size: float | None = None) -> float:
        """Natural width of a single line of text, pt."""
        lines = self.text(text, style, 1e6, size=size, align="left")
        return lines[0].width if lines else 0.0
