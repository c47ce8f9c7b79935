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
from ..text.prepare import FORBIDDEN, prepare


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

    # -- lists and tables
    def item(self, block: TextBlock, measure: float) -> tuple[Line | None, list[Line]]:
        """A list item: its mark (number or bullet, set solid) and its text,
        justified at the measure less the marker column, no first-line indent."""
        regular, bold = self.theme.style("body"), self.theme.style("body_bold")
        b = self.theme.blocks
        mark_text = b.bullet if block.ordinal is None else b.number_format.format(n=block.ordinal)
        mark = compose([Run(mark_text, Style(regular.face, regular.size))], self.spec(1e6, regular.size, justify=False), self.fonts)
        runs = [Run(s.text, Style((bold if s.bold else regular).face, regular.size)) for s in block.spans]
        lines = compose(runs, self.spec(measure - b.marker_em * regular.size, regular.size), self.fonts)
        return (mark[0] if mark else None), lines

    def cell(self, block: TextBlock, measure: float, align: str) -> list[Line]:
        """A table cell: set solid and ragged to its column's alignment (a
        narrow cell justified would be spaced out around an unbreakable
        number or time); header cells are bold spans."""
        regular, bold = self.theme.style("body"), self.theme.style("body_bold")
        runs = [Run(s.text, Style((bold if s.bold else regular).face, regular.size)) for s in block.spans]
        return compose(runs, self.spec(measure, regular.size, justify=False, align=align, phrase=True), self.fonts)

    def least_width(self, block: TextBlock) -> float:
        """The widest piece of a cell the composer never breaks (a word, a
        number, a Han character held to its kinsoku neighbours), pt."""
        regular, bold = self.theme.style("body"), self.theme.style("body_bold")
        runs = [Run(s.text, Style((bold if s.bold else regular).face, regular.size)) for s in block.spans]
        it = prepare(runs, self.spec(1e6, regular.size, justify=False), self.fonts)
        widest = run = 0.0
        for k in range(len(it)):
            run = it.width[k] + (run + it.gap[k] if k and it.pen[k] == FORBIDDEN else 0.0)
            widest = max(widest, run)
        return widest

    # -- single-style text
    def text(self, text: str, style: TextStyle, measure: float, *, size: float | None = None, justify: bool = False,
             align: str | None = None, orphan: int = 2, display: bool = True) -> list[Line]:
        """Single-style text in ``style`` (at ``size`` when given: headline
        roles are sized by the article's width).  All of it is display text
        (titles, kickers, subtitles, 导读 entries, captions, running heads …):
        it breaks between phrases, then between words, rather than inside a
        word."""
        size = style.size if size is None else size
        spec = self.spec(measure, size, justify=justify, align=align or style.align, orphan=orphan, phrase=display)
        return compose([Run(text, Style(style.face, size))], spec, self.fonts)

    def width(self, text: str, style: TextStyle, size: float | None = None) -> float:
        """Natural width of a single line of text, pt."""
        lines = self.text(text, style, 1e6, size=size, align="left", display=False)
        return lines[0].width if lines else 0.0
