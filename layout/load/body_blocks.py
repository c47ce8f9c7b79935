"""Lists and tables of an article body (markdown-it tokens → model blocks).

A list is one level of ``1. `` (numbered) or ``- `` (bulleted) items, each a
single paragraph; a list inside an item is refused.  A table is a GFM pipe
table: a header row, a delimiter row (``:`` gives the alignment), body rows;
header cells are bold.  Every cell and item is inline Markdown like a
paragraph (``**bold**`` only), parsed by :mod:`.body`'s inline reader.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.token import Token

from ..errors import Diagnostic
from ..model.document import Align, Origin, Span, TableBlock, TextBlock

# (kind, inline token) → the block with its characters' positions
Inline = Callable[[str, Token], TextBlock]
Diag = Callable[[int, int, str], Diagnostic]  # (0-based body line, 0-based col, message)

_NESTED = ("bullet_list_open", "ordered_list_open", "blockquote_open", "fence", "code_block", "table_open", "heading_open", "html_block", "hr")


def block_end(tokens: list[Token], i: int) -> int:
    """Index after the block opened at ``tokens[i]``."""
    depth = 0
    while i < len(tokens):
        depth += tokens[i].nesting
        i += 1
        if depth == 0:
            break
    return i


def parse_list(tokens: list[Token], i: int, inline: Inline, diag: Diag, errors: list[Diagnostic]) -> tuple[list[TextBlock], int]:
    """The items of the list opened at ``tokens[i]``; returns them and the index after the list."""
    opener = tokens[i]
    end = block_end(tokens, i)
    ordered = opener.type == "ordered_list_open"
    start = opener.attrs.get("start", 1)
    number: int | None = int(start if start is not None else 1) if ordered else None
    items: list[TextBlock] = []
    j = i + 1
    while j < end - 1:
        tok = tokens[j]
        if tok.type != "list_item_open":
            j += 1
            continue
        item_end = block_end(tokens, j)
        line = tok.map[0] if tok.map else 0
        paras = 0
        k = j + 1
        while k < item_end - 1:
            t = tokens[k]
            if t.type == "paragraph_open":
                paras += 1
                if paras == 1:
                    block = inline("item", tokens[k + 1])
                    if block.spans:
                        items.append(TextBlock("item", block.spans, block.origin, number))
                k = block_end(tokens, k)
                continue
            if t.type in _NESTED:
                at = t.map[0] if t.map else line
                what = "a list inside a list item" if t.type.endswith("list_open") else "a block inside a list item"
                errors.append(diag(at, 0, f"{what} is not supported: lists have one level; write the items as one list"))
                k = block_end(tokens, k)
                continue
            k += 1
        if paras > 1:
            errors.append(diag(line, 0, "a list item holds one paragraph; end the list and write a paragraph"))
        number = None if number is None else number + 1
        j = item_end
    return items, end


def _align(tok: Token) -> Align:
    style = str(tok.attrs.get("style", ""))
    if "center" in style:
        return "center"
    if "right" in style:
        return "right"
    return "left"


def parse_table(tokens: list[Token], i: int, inline: Inline, file: str, diag: Diag,
                errors: list[Diagnostic]) -> tuple[TableBlock | None, int]:
    """The table opened at ``tokens[i]`` and the index after it."""
    end = block_end(tokens, i)
    where = tokens[i].map
    line0 = where[0] if where else 0
    header: list[TextBlock] = []
    rows: list[list[TextBlock]] = []
    align: list[Align] = []
    in_head = False
    for j in range(i + 1, end):
        tok = tokens[j]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open" and not in_head:
            rows.append([])
        elif tok.type in ("th_open", "td_open"):
            cell = inline("cell", tokens[j + 1])
            if tok.type == "th_open":
                align.append(_align(tok))
                cell = TextBlock("cell", tuple(Span(s.text, True) for s in cell.spans), cell.origin)
                header.append(cell)
            else:
                rows[-1].append(cell)
    if not rows:
        errors.append(diag(line0, 0, "a table needs at least one row under its header"))
        return None, end
    cols = len(header)
    fixed = tuple(tuple(row[:cols]) + tuple(TextBlock("cell", (), row[0].origin) for _ in range(cols - len(row)))
                  for row in rows)
    d = diag(line0, 0, "")
    return TableBlock(tuple(header), fixed, tuple(align), Origin.at(file, d.line or 1, d.col or 1)), end
