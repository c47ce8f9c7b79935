"""Read a YAML file into plain Python data plus the position of every node.

PyYAML's composer keeps a mark (line, column) on every node; we construct the
data ourselves from the node tree so that each value, and each mapping key,
can be traced back to ``FILE:LINE:COL`` for error messages.  Duplicate keys,
which PyYAML silently overwrites, are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic, InputError, display_path

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Pos:
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class SourceDoc:
    path: Path
    data: Any
    values: dict[Loc, Pos] = field(default_factory=dict)  # position of each value
    keys: dict[Loc, Pos] = field(default_factory=dict)  # position of each mapping key
    styles: dict[Loc, str | None] = field(default_factory=dict)  # scalar style ('|', '>', '"', "'", None)
    duplicates: list[tuple[Loc, Pos]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the file's lines, for block scalars
    blocks: dict[Loc, tuple[int, int]] = field(default_factory=dict)  # block scalar: (first, end) 0-based lines
    errors: list[Diagnostic] = field(default_factory=list)  # bad values (dates, keys): reported with the rest

    @property
    def name(self) -> str:
        return display_path(self.path)

    def pos(self, loc: Loc, *, key: bool = False) -> Pos:
        """Best position for ``loc``: the key (if asked and known), else the
        value, else the nearest enclosing node."""
        loc = tuple(loc)
        while True:
            if key and loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            if not loc:
                return Pos(1, 1)
            loc = loc[:-1]

    def block_text(self, loc: Loc) -> tuple[str, int, int] | None:
        """Raw content of a block scalar (``|`` or ``>``), dedented, with the
        0-based line and column where it starts in the file; None for other
        scalars.  Bodies are read raw so that Markdown, not YAML folding,
        decides how lines join (a folded ``>`` would put spaces into Chinese)."""
        span = self.blocks.get(tuple(loc))
        if span is None:
            return None
        first, end = span
        raw = self.lines[first:end]
        indents = [len(l) - len(l.lstrip(" ")) for l in raw if l.strip()]
        indent = min(indents) if indents else 0
        return "\n".join(l[indent:] for l in raw).rstrip("\n") + "\n", first, indent

    def diag(self, loc: Loc, message: str, *, key: bool = False, severity: str = "error") -> Diagnostic:
        p = self.pos(loc, key=key)
        return Diagnostic(self.name, p.line, p.col, message, severity)


def read_text(path: Path) -> str:
    """Read a UTF-8 text file; a file in another encoding is an input error
    that points at the first byte that is not UTF-8."""
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(Diagnostic(name, None, None, "file not found")) from None
    except OSError as exc:
        raise InputError(Diagnostic(name, None, None, f"cannot read file: {exc.strerror}")) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = " (it looks like GBK/GB18030)"
        except UnicodeDecodeError:
            pass
        raise InputError(
            Diagnostic(
                name,
                line,
                col,
                f"byte 0x{raw[exc.start]:02X} is not UTF-8{hint}; save the file as UTF-8",
            )
        ) from None
    for i, ch in enumerate(text):
        if ch == "\x00" or (ord(ch) < 0x20 and ch not in "\t\n\r"):
            line = text.count("\n", 0, i) + 1
            col = i - (text.rfind("\n", 0, i) + 1) + 1
            raise InputError(
                Diagnostic(name, line, col, f"control character U+{ord(ch):04X} in text; remove it")
            )
    return text


class _Builder(yaml.SafeLoader):
    """SafeLoader used only for its scalar resolution and construction."""


def load_yaml(path: Path) -> SourceDoc:
    text = read_text(path)
    doc = SourceDoc(path=path, data=None, lines=text.splitlines())
    try:
        loader = _Builder(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "syntax error"
        if exc.context and exc.context != problem:
            problem = f"{problem} ({exc.context})"
        raise InputError(
            Diagnostic(
                doc.name,
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
                f"YAML syntax error: {problem}; check the indentation and quoting here",
            )
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry no mark
        raise InputError(Diagnostic(doc.name, None, None, f"YAML error: {exc}")) from None
    if node is None:
        doc.data = None
        return doc
    errors: list[Diagnostic] = []
    builder = _Builder("")
    doc.data = _construct(node, (), doc, builder, errors)
    for loc, pos in doc.duplicates:
        errors.append(
            Diagnostic(doc.name, pos.line, pos.col, f"duplicate key '{loc[-1]}': each key may appear once here")
        )
    doc.errors = errors
    return doc


def _construct(node: yaml.Node, loc: Loc, doc: SourceDoc, builder: _Builder, errors: list[Diagnostic],
               seen: set[int] | None = None) -> Any:
    if seen is None:
        seen = set()
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        # an alias (*name) hands back the same node: refuse it rather than
        # expand it (a few nested aliases would make a file of billions of values)
        if id(node) in seen:
            errors.append(Diagnostic(doc.name, node.start_mark.line + 1, node.start_mark.column + 1,
                                     "YAML anchors and aliases (&name, *name) are not supported; write the value out"))
            return None
        seen.add(id(node))
    doc.values[loc] = Pos(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                errors.append(
                    Diagnostic(doc.name, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                               "YAML merge keys ('<<') are not supported; write the keys out")
                )
                continue
            key = _construct_scalar(key_node, doc, builder, errors) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                errors.append(
                    Diagnostic(doc.name, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                               "a key must be a plain word")
                )
                continue
            key = str(key)
            child = loc + (key,)
            kpos = Pos(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                doc.duplicates.append((child, kpos))
                continue
            doc.keys[child] = kpos
            out[key] = _construct(value_node, child, doc, builder, errors, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, loc + (i,), doc, builder, errors, seen) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)  # the composer resolves aliases: a node is a mapping, a sequence or a scalar
    doc.styles[loc] = node.style
    if node.style in ("|", ">"):
        # the content of a block scalar starts on the line after the indicator
        first, end = node.start_mark.line + 1, node.end_mark.line
        if node.end_mark.column > 0:
            end += 1
        doc.blocks[loc] = (first, end)
        doc.values[loc] = Pos(first + 1, 1)
    return _construct_scalar(node, doc, builder, errors)


def _construct_scalar(node: yaml.ScalarNode, doc: SourceDoc, builder: _Builder, errors: list[Diagnostic]) -> Any:
    try:
        return builder.construct_object(node, deep=True)
    except (ValueError, TypeError, yaml.constructor.ConstructorError) as exc:
        what = "date" if node.tag.endswith(":timestamp") else "value"
        errors.append(
            Diagnostic(doc.name, node.start_mark.line + 1, node.start_mark.column + 1,
                       f"'{node.value}' is not a valid {what}: {exc}")
        )
        return node.value
