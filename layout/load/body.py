"""Article bodies: the Markdown subset of the issue format → text blocks.

Allowed: paragraphs (blank-line separated; a single line break joins the
lines with no space), ``## subheads``, ``**bold**``, one-level lists and
GFM pipe tables (:mod:`.body_blocks`).  Everything else (nested lists,
quotes, code, HTML, links, link reference definitions, HTML entities such as
``&amp;``, images, other headings, emphasis) is an error naming the file and
line, never silently dropped or decoded.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import partial

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_block.reference import reference as _reference
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_inline.emphasis import tokenize as _emphasis
from markdown_it.rules_inline.entity import entity as _entity
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markdown_it.token import Token

from ..errors import Diagnostic
from ..facts.chars import is_cjk, is_cjk_cell
from ..model.document import Block, Origin, Span, TextBlock
from .body_blocks import block_end, parse_list, parse_table


def _reference_seen(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's link reference definition rule, noting where each
    definition was (it leaves no token: the definition would vanish)."""
    if not _reference(state, start, end, silent):
        return False
    if not silent:
        state.env.setdefault("reference_lines", []).append(start)
    return True


def _entity_kept(state: StateInline, silent: bool) -> bool:
    """markdown-it's entity rule, leaving an ``entity`` token instead of the
    decoded character (so ``&#x202E;`` cannot slip an invisible control in)."""
    n = len(state.tokens)
    if not _entity(state, silent):
        return False
    if not silent and len(state.tokens) > n:
        state.tokens[-1].type = "entity"
    return True


def _cjk_scan_delims(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    """markdown-it's scan of a run of ``*``, fitted to Chinese text.
    CommonMark's flanking rule was made for Latin text, where words stand
    between spaces: ``**`` cannot close between a punctuation mark and a
    letter, so the usual ``**注意：**请按时`` would bold the wrong stretch or
    print its asterisks.  Here a Chinese punctuation mark counts as a letter,
    and Chinese text (a Han character, kana or a CJK mark) beside the run as
    the space a Latin text would have there."""
    scanned = StateInline.scanDelims(state, start, can_split_word)
    last = state.src[start - 1] if start > 0 else " "
    end = start + scanned.length
    nxt = state.src[end] if end < state.posMax else " "
    last_cjk, next_cjk = is_cjk_cell(last) or is_cjk(last), is_cjk_cell(nxt) or is_cjk(nxt)
    if not (last_cjk or next_cjk):
        return scanned
    last_punct = not last_cjk and (isMdAsciiPunct(ord(last)) or isPunctChar(last))
    next_punct = not next_cjk and (isMdAsciiPunct(ord(nxt)) or isPunctChar(nxt))
    last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(nxt))
    left = not next_space and (not next_punct or last_space or last_punct or last_cjk)
    right = not last_space and (not last_punct or next_space or next_punct or next_cjk)
    return Scanned(left and (can_split_word or not right or last_punct), right and (can_split_word or not left or next_punct),
                   scanned.length)


def _emphasis_cjk(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis rule, its delimiters scanned by :func:`_cjk_scan_delims`."""
    state.scanDelims = partial(_cjk_scan_delims, state)  # type: ignore[method-assign]
    return _emphasis(state, silent)


_md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_md.block.ruler.at("reference", _reference_seen)
_md.inline.ruler.at("entity", _entity_kept)
_md.inline.ruler.at("emphasis", _emphasis_cjk)

_BLOCK_NAMES = {
    "blockquote_open": "a block quote ('>')",
    "code_block": "an indented code block (a line indented by 4 or more spaces)",
    "fence": "a fenced code block",
    "html_block": "HTML",
    "hr": "a horizontal rule ('---')",
}
_INLINE_NAMES = {
    "em_open": "*emphasis* (only **bold** is supported)",
    "link_open": "a link",
    "image": "an image (use the article's images: list)",
    "code_inline": "`code`",
    "html_inline": "HTML",
    "s_open": "strikethrough",
}
_LEADING_SPACES = " \t\u3000"


@dataclass(frozen=True)
class BodySource:
    """Markdown text and where its first character sits in a file."""

    text: str
    file: str
    line0: int  # 0-based file line of the text's first line
    col0: int  # 0-based column added to every line (indentation of a YAML block)


KEEP_BODIES = 2_000
"""Bodies parsed kept in the process (``layout watch``: an edit parses only the body it touched)."""
_parsed: OrderedDict[BodySource, tuple[tuple[Block, ...], tuple[Diagnostic, ...]]] = OrderedDict()


def parse_body(src: BodySource, errors: list[Diagnostic]) -> tuple[Block, ...]:
    """The body's blocks, its problems appended to ``errors`` (a pure
    function of ``src``: a body parsed before in the process is not parsed again)."""
    found = _parsed.get(src)
    if found is None:
        mine: list[Diagnostic] = []
        found = _parsed[src] = (_parse_body(src, mine), tuple(mine))
        if len(_parsed) > KEEP_BODIES:
            _parsed.popitem(last=False)
    else:
        _parsed.move_to_end(src)
    errors.extend(found[1])
    return found[0]


def _parse_body(src: BodySource, errors: list[Diagnostic]) -> tuple[Block, ...]:
    lines = src.text.split("\n")
    env: dict = {}
    tokens = _md.parse(src.text, env)
    for line in env.get("reference_lines", []):
        errors.append(_diag(src, line, 0, "a link reference definition ('[name]: address') is not supported in a body; "
                                          "write the address as plain text, without the brackets"))
    blocks: list[Block] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type in ("bullet_list_open", "ordered_list_open", "table_open"):
            i = _parse_block(tokens, i, src, lines, blocks, errors)
            continue
        if tok.type == "paragraph_open":
            first, end = tok.map if tok.map else (0, 0)
            rows = [ln.strip() for ln in lines[first:end]]
            if len(rows) >= 2 and all(len(r) > 1 and r.startswith("|") and r.endswith("|") for r in rows):
                cells = rows[0].count("|") - 1
                errors.append(_diag(src, first, 0, "these lines look like a table but it has no rule under its header row; "
                                                       f"put '|{'---|' * cells}' on the line after the header (or write the text without '|')"))
            blocks.append(_inline_block("para", tokens[i + 1], src, lines, errors))
            i += 3
            continue
        if tok.type == "heading_open":
            line = tok.map[0] if tok.map else 0
            if tok.tag != "h2" or tok.markup != "##":
                what = f"heading '{tok.markup} '" if tok.markup.startswith("#") else "an underlined heading"
                errors.append(_diag(src, line, 0, f"{what} is not supported in a body; use '## ' for a subhead"))
            else:
                blocks.append(_inline_block("subhead", tokens[i + 1], src, lines, errors))
            i += 3
            continue
        name = _BLOCK_NAMES.get(tok.type)
        if name is not None:
            line = tok.map[0] if tok.map else 0
            errors.append(_diag(src, line, 0, f"{name} is not supported in a body; write plain paragraphs"))
            i = _skip_block(tokens, i)
            continue
        i += 1
    return tuple(b for b in blocks if not isinstance(b, TextBlock) or b.spans)


def _parse_block(tokens: list[Token], i: int, src: BodySource, lines: list[str], blocks: list[Block],
                 errors: list[Diagnostic]) -> int:
    """A list or a table at ``tokens[i]``: its blocks appended, the index after it returned."""
    def inline(kind: str, tok: Token) -> TextBlock:
        return _inline_block(kind, tok, src, lines, errors)

    def diag(line: int, col: int, message: str) -> Diagnostic:
        return _diag(src, line, col, message)

    if tokens[i].type == "table_open":
        table, end = parse_table(tokens, i, inline, src.file, diag, errors)
        if table is not None:
            blocks.append(table)
        return end
    items, end = parse_list(tokens, i, inline, diag, errors)
    blocks.extend(items)
    return end


def _skip_block(tokens: list[Token], i: int) -> int:
    return block_end(tokens, i) if tokens[i].nesting == 1 else i + 1


def _diag(src: BodySource, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(src.file, src.line0 + line + 1, src.col0 + col + 1, message)


def _inline_block(kind: str, inline: Token, src: BodySource, lines: list[str], errors: list[Diagnostic]) -> TextBlock:
    """Turn an inline token into spans, tracking each character's position."""
    first = inline.map[0] if inline.map else 0
    content = inline.content
    # map offsets in `content` to (line, col) in the source: markdown-it joins
    # the block's lines with '\n' after stripping their leading whitespace.
    content_pos: list[tuple[int, int]] = []
    for k, cline in enumerate(content.split("\n")):
        src_line = lines[first + k] if first + k < len(lines) else cline
        indent = src_line.find(cline) if cline else 0
        indent = max(indent, 0)
        for j in range(len(cline) + 1):  # +1: the '\n'
            content_pos.append((src.line0 + first + k + 1, src.col0 + indent + j + 1))
    spans: list[Span] = []
    positions: list[tuple[int, int]] = []
    bold = 0
    cursor = 0
    for child in inline.children or []:
        if child.type == "text":
            piece = child.content
            at = content.find(piece, cursor)
            if at < 0:
                at = min(cursor, max(len(content_pos) - 1, 0))
            else:
                cursor = at + len(piece)
            if not spans and not positions:
                stripped = piece.lstrip(_LEADING_SPACES)
                at += len(piece) - len(stripped)
                piece = stripped
            if piece:
                _append(spans, piece, bold > 0)
                for j in range(len(piece)):
                    positions.append(content_pos[min(at + j, len(content_pos) - 1)])
        elif child.type in ("softbreak", "hardbreak"):
            cursor = content.find("\n", cursor) + 1 if "\n" in content[cursor:] else cursor
        elif child.type == "strong_open":
            bold += 1
            cursor += len(child.markup)
        elif child.type == "strong_close":
            bold -= 1
            cursor += len(child.markup)
        elif child.type.endswith("_close"):
            continue  # its opener was reported
        else:
            name = _INLINE_NAMES.get(child.type, f"'{child.type}'")
            at = content.find(child.markup, cursor) if child.markup else cursor
            line, col = content_pos[min(max(at, 0), len(content_pos) - 1)] if content_pos else (src.line0 + 1, 1)
            if child.type == "entity":
                message = f"the HTML entity '{child.markup}' is not supported in a body; type the character itself"
            else:
                message = f"{name} is not supported in a body; write plain text"
            errors.append(Diagnostic(src.file, line, col, message))
    # trailing spaces of the block are not text
    while spans and spans[-1].text.rstrip(_LEADING_SPACES) != spans[-1].text:
        last = spans[-1]
        trimmed = last.text.rstrip(_LEADING_SPACES)
        del positions[len(positions) - (len(last.text) - len(trimmed)):]
        if trimmed:
            spans[-1] = Span(trimmed, last.bold)
        else:
            spans.pop()
    return TextBlock(kind, tuple(spans), Origin.from_positions(src.file, positions))  # type: ignore[arg-type]


def _append(spans: list[Span], text: str, bold: bool) -> None:
    if spans and spans[-1].bold == bold:
        spans[-1] = Span(spans[-1].text + text, bold)
    else:
        spans.append(Span(text, bold))
