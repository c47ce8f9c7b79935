"""Read a YAML file into plain Python data plus the position of every node.

PyYAML's composer keeps a mark (line, column) on every node; we construct the
data ourselves from the node tree so that each value, and each mapping key,
can be traced back to ``FILE:LINE:COL`` for error messages.  Duplicate keys,
which PyYAML silently overwrites, are reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic, InputError, display_path, os_problem, shown_value
from ..limits import MAX_FILE_BYTES, MAX_NESTING

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

    @cached_property
    def name(self) -> str:
        """The file as messages name it (asked once per text read: worked out once)."""
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


# characters that are not text: C0 controls but tab and line ends, DEL, the
# C1 controls, the noncharacters (U+FDD0…U+FDEF, U+xFFFE/U+xFFFF) and the
# invisible direction controls, which reorder what is printed around them
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef"
    + "".join(f"\\U{plane:04x}fffe-\\U{plane:04x}ffff" for plane in range(0x11))
    + "]"
)
_MAX_SHOWN = 20  # problems of one kind reported per file; then a count


def not_text_problem(ch: str) -> str:
    """What is wrong with a character :data:`_NOT_TEXT` matches."""
    cp = ord(ch)
    if cp < 0xA0:
        return f"control character U+{cp:04X} in text; remove it"
    if 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069:
        return (f"invisible direction control U+{cp:04X} ({unicodedata.name(ch)}) would reorder the printed text; remove it")
    return f"U+{cp:04X} is not a character (a Unicode noncharacter); remove it"


def text_problems(text: str, name: str, line0: int = 0) -> list[Diagnostic]:
    """A diagnostic for each character of ``text`` that is not text (at most
    :data:`_MAX_SHOWN`, then how many more)."""
    found = list(_NOT_TEXT.finditer(text))
    out: list[Diagnostic] = []
    for m in found[:_MAX_SHOWN]:
        i = m.start()
        line = line0 + text.count("\n", 0, i) + 1
        col = i - (text.rfind("\n", 0, i) + 1) + 1
        out.append(Diagnostic(name, line, col, not_text_problem(m.group())))
    if len(found) > _MAX_SHOWN:
        out.append(Diagnostic(name, None, None, f"{len(found) - _MAX_SHOWN} more characters that are not text; remove them"))
    return out


def read_text(path: Path) -> str:
    """Read a UTF-8 text file; a file in another encoding is an input error
    that points at the first byte that is not UTF-8.  A file over
    :data:`MAX_FILE_BYTES` is refused before it is read, and characters that
    are not text (controls, noncharacters) are errors at their line."""
    name = display_path(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(Diagnostic(name, None, None, "file not found")) from None
    except OSError as exc:
        raise InputError(Diagnostic(name, None, None, f"cannot read file: {os_problem(exc)}")) from None
    except ValueError:  # a NUL in the name
        raise InputError(Diagnostic(name, None, None, "the file name contains a NUL character; remove it")) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(Diagnostic(name, None, None, f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB, the limit "
                                                      "for an input file; split the text or shorten it"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.decode("utf-8", "replace")) - (before.decode("utf-8", "replace").rfind("\n") + 1) + 1
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
    problems = text_problems(text, name)
    if problems:
        raise InputError(problems)
    return text


class _Nesting:
    """A composer that refuses nesting deeper than :data:`MAX_NESTING` (a
    thousand nested lists would overflow Python's stack)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if not self.check_event(yaml.MappingStartEvent, yaml.SequenceStartEvent):  # type: ignore[attr-defined]
            return super().compose_node(parent, index)  # type: ignore[misc]
        if self._depth >= MAX_NESTING:
            raise _TooDeep(self.peek_event().start_mark)  # type: ignore[attr-defined]
        self._depth += 1
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1


class _Builder(_Nesting, yaml.SafeLoader):
    """SafeLoader used for its scalar resolution and construction, and as
    the composer (nesting bounded)."""


_SLOW = object()
_NOT_FAST = re.compile("[\t\r\x85\u2028\u2029\ufeff]")


def _fast_node(text: str) -> Any:
    """The node tree of ``text`` as :class:`_Builder` composes it, from
    libyaml's parser (a tenth of the time of PyYAML's own), or ``_SLOW``
    where PyYAML's own parser must read the file: libyaml is not there, the
    file is not valid YAML (the message is PyYAML's), or it has what the
    two parsers place or judge differently (found by running both over
    thousands of mutated issue files): a tab or a byte-order mark inside
    the text (PyYAML refuses some that libyaml takes), a line break other
    than LF, or an empty plain value (placed a column apart)."""
    if _CBuilder is None or _NOT_FAST.search(text):
        return _SLOW
    loader = _CBuilder(text)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, _TooDeep):
        return _SLOW
    finally:
        loader.dispose()
    return _SLOW if loader.empty_plain else node


def _c_builder() -> Any:
    """:class:`_Builder`'s composer on libyaml's events (None without libyaml)."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return None

    class CBuilder(_Nesting, yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor,
                   yaml.resolver.Resolver):
        """:class:`_Builder`'s composer (its nesting bound), constructor and
        resolver on libyaml's events; styles as PyYAML gives them."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self.empty_plain = False

        def compose_scalar_node(self, anchor: Any) -> Any:
            node = super().compose_scalar_node(anchor)
            if node.style == "":  # libyaml's plain style; PyYAML's is None
                node.style = None
                if node.value == "":
                    self.empty_plain = True
            return node

    return CBuilder


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark):
        super().__init__(mark)
        self.mark = mark


_CBuilder = _c_builder()


def _shown(value: str, limit: int = 40) -> str:
    return shown_value(value, limit)


def load_yaml(path: Path) -> SourceDoc:
    text = read_text(path)
    doc = SourceDoc(path=path, data=None, lines=text.splitlines())
    try:
        node = _fast_node(text)
        if node is _SLOW:
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
    except _TooDeep as exc:
        raise InputError(Diagnostic(doc.name, exc.mark.line + 1, exc.mark.column + 1,
                                    f"lists and mappings nested more than {MAX_NESTING} deep; an issue needs a few levels, "
                                    "check the brackets and indentation here")) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (read_text refuses them first)
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        raise InputError(Diagnostic(doc.name, line, col, f"character U+{exc.character if isinstance(exc.character, int) else ord(exc.character):04X} "
                                                         "is not allowed in YAML; remove it")) from None
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
            Diagnostic(doc.name, pos.line, pos.col, f"duplicate key '{_shown(str(loc[-1]))}': each key may appear once here")
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
        value = builder.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError, yaml.constructor.ConstructorError) as exc:
        if node.tag.endswith(":int"):  # over Python's 4,300 digits
            message = f"the number '{_shown(node.value)}' has {len(node.value)} digits; write a number of a few digits"
        else:
            what = "date" if node.tag.endswith(":timestamp") else "value"
            message = f"'{_shown(node.value)}' is not a valid {what}: {_shown(str(exc), 120)}"
        errors.append(Diagnostic(doc.name, node.start_mark.line + 1, node.start_mark.column + 1, message))
        return node.value
    if isinstance(value, str):
        # a literal one was refused with the file; this one was written as an escape ("\0", "\u202e")
        bad = _NOT_TEXT.search(value)
        if bad is not None:
            errors.append(Diagnostic(doc.name, node.start_mark.line + 1, node.start_mark.column + 1,
                                     f"{not_text_problem(bad.group())} (it is written as an escape in this text)"))
    return value
